// Lookups over the compiler's symbol table for the editor features: which name is under the
// cursor, where it and its uses are, which members an enum has.
import type { SymbolInfo } from "../compiler/index.ts";
import type { Span } from "../grammar/ast.ts";
import type { Analysis, Reference } from "./analysis.ts";

export type SymbolIndex = Pick<Analysis, "symbols" | "references">;
const inFile = (ref: Reference, file: string): boolean => ref.file === undefined || ref.file === file;

const within = (span: Span, offset: number): boolean => span.start <= offset && offset <= span.end;

/** The symbol named at `offset` in `file`: a reference to it, or its own declaring name. */
export function symbolAt(index: SymbolIndex, file: string, offset: number): SymbolInfo | undefined {
  for (const ref of index.references) {
    if (inFile(ref, file) && within(ref.span, offset)) return index.symbols[ref.symbol];
  }
  return index.symbols.find((s) => s.file === file && within(s.span, offset));
}

/** The span of the reference or declaration under `offset` (what a hover highlights). */
export function nameSpanAt(index: SymbolIndex, file: string, offset: number): Span | undefined {
  const ref = index.references.find((r) => inFile(r, file) && within(r.span, offset));
  if (ref) return ref.span;
  return index.symbols.find((s) => s.file === file && within(s.span, offset))?.span;
}

/** The enum a type string is about: "类别", "enum:类别", "set:身份", "set of 身份", "类别 -> Rate". */
export function enumOfType(type: string, enums: ReadonlySet<string>): string | undefined {
  const key = type.split("->")[0]!.trim().replace(/^(enum:|set:|set of\s+)/, "").trim();
  return enums.has(key) ? key : undefined;
}

/** Enum name → its members' symbols, in declaration order. */
export function membersByEnum(symbols: readonly SymbolInfo[]): Map<string, SymbolInfo[]> {
  const enums = new Set(symbols.filter((s) => s.kind === "enum").map((s) => s.name));
  const out = new Map<string, SymbolInfo[]>();
  for (const e of enums) out.set(e, []);
  for (const s of symbols) {
    if (s.kind !== "member") continue;
    const e = enumOfType(s.type, enums) ?? qualifierOf(s.name, enums);
    if (e) out.get(e)!.push(s);
  }
  return out;
}

/** `类别.第三类` names its enum as a qualifier. */
function qualifierOf(name: string, enums: ReadonlySet<string>): string | undefined {
  const dot = name.lastIndexOf(".");
  return dot > 0 && enums.has(name.slice(0, dot)) ? name.slice(0, dot) : undefined;
}

/** A member's name as written bare (`第三类`), whatever qualification the table uses. */
export function bareName(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? name : name.slice(dot + 1);
}

/**
 * The symbols that are one name to the writer: the symbol itself, and the declarations an
 * `override` replaces or overrides it (same name, kind and type, in the parent chain).
 */
export function sameSymbols(index: SymbolIndex, s: SymbolInfo): number[] {
  return index.symbols.flatMap((o, i) => (o.name === s.name && o.kind === s.kind && o.type === s.type ? [i] : []));
}

/** Where the symbols `ids` are written: their declaring names and every reference, by file. */
export function occurrences(index: SymbolIndex, ids: readonly number[], openPath: string): { file: string; span: Span }[] {
  const wanted = new Set(ids);
  const out = ids.map((i) => ({ file: index.symbols[i]!.file, span: index.symbols[i]!.span }));
  for (const r of index.references) if (wanted.has(r.symbol)) out.push({ file: r.file ?? openPath, span: r.span });
  // one place once (a reference may be recorded by two stages), in file order
  const seen = new Set<string>();
  return out
    .filter((o) => {
      const key = `${o.file}:${o.span.start}:${o.span.end}`;
      return !seen.has(key) && seen.add(key);
    })
    .sort((a, b) => a.file.localeCompare(b.file) || a.span.start - b.span.start);
}
