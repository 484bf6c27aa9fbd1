// Diagnostics are values. Every stage reports through a Sink; nothing throws on bad text.
import type { Span } from "../grammar/ast.ts";
import { CODES, KIND_WORDS, NOUNS, NOTES, type Code, type Severity } from "./diagnostic-codes.ts";

export type Lang = "en" | "zh";

export interface Related {
  span: Span;
  file: string;
  args?: Record<string, string>;
}

export interface Diagnostic {
  code: string;
  severity: Severity;
  args: Record<string, string>;
  span: Span;
  file: string;
  related?: Related[];
}

/** Stop reporting after this many errors (OPA does the same): later ones are mostly noise. */
export const ERROR_LIMIT = 100;

/** "unknown name" in its forms: for a name only unparsable text declares, a knock-on error. */
const UNKNOWN_NAME: ReadonlySet<string> = new Set(["BL2001", "BL5002", "BL5003", "BL5004", "BL5005"]);

export class Sink {
  readonly list: Diagnostic[] = [];
  errors = 0;
  /** true once ERROR_LIMIT errors were reported; the pipeline stops at the next stage. */
  full = false;
  /** names that text the parser skipped seems to declare (Policy.unparsedNames) */
  readonly unparsed = new Set<string>();

  report(code: Code, file: string, span: Span, args: Record<string, string> = {}, related?: Related[]): void {
    if (this.full) return;
    // the syntax error that skipped the declaration was reported; "unknown" would only repeat it
    if (UNKNOWN_NAME.has(code) && args.name !== undefined && this.unparsed.has(args.name)) return;
    const severity = CODES[code].severity;
    const d: Diagnostic = { code, severity, args, span, file };
    if (related && related.length > 0) d.related = related;
    this.list.push(d);
    if (severity === "error" && ++this.errors >= ERROR_LIMIT) {
      this.full = true;
      this.list.push({ code: "BL0001", severity: "error", args: { limit: String(ERROR_LIMIT) }, span, file });
    }
  }

  /** Adds an already-built diagnostic (syntax errors from the grammar). */
  add(d: Diagnostic): void {
    if (this.full) return;
    this.report(d.code as Code, d.file, d.span, d.args, d.related);
  }

  get hasErrors(): boolean {
    return this.errors > 0;
  }
}

function lookup(code: string): (typeof CODES)[Code] | undefined {
  return Object.prototype.hasOwnProperty.call(CODES, code) ? CODES[code as Code] : undefined;
}

const WORD_KEYS = new Set(["kind", "expected", "parentKind", "what", "problem", "found", "needs"]);

/** Argument values that are words of ours (kinds, nouns) are shown in the reader's language. */
function localizeArg(key: string, value: string, lang: Lang): string {
  const table = key === "noun" ? NOUNS : WORD_KEYS.has(key) ? KIND_WORDS : undefined;
  return table?.[value]?.[lang] ?? value;
}

/** Fills `{arg}` placeholders; a `[[…]]` segment survives only if all its args are non-empty. */
export function fill(template: string, args: Record<string, string>, lang: Lang): string {
  const sub = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: string) => localizeArg(k, args[k] ?? "", lang));
  return sub(
    template.replace(/\[\[(.*?)\]\]/g, (_, inner: string) => {
      const keys = [...inner.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      return keys.every((k) => (args[k] ?? "") !== "") ? inner : "";
    }),
  );
}

export function message(d: Pick<Diagnostic, "code" | "args">, lang: Lang): string {
  const info = lookup(d.code);
  if (!info) return `${d.code} ${JSON.stringify(d.args)}`;
  return fill(info[lang], d.args, lang);
}

/** The help line of `code`, filled with `args`; none when every part of it needs an absent arg. */
export function helpText(code: string, lang: Lang, args: Record<string, string> = {}): string | undefined {
  const info = lookup(code) as { help?: { en: string; zh: string } } | undefined;
  const help = info?.help?.[lang];
  return help === undefined ? undefined : fill(help, args, lang) || undefined;
}

export function noteText(args: Record<string, string> | undefined, lang: Lang): string {
  const note = args?.note;
  return (note && NOTES[note]?.[lang]) || (lang === "zh" ? "相关位置" : "related location");
}
