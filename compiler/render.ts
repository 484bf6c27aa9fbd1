// Renders diagnostics as text, like cel-go and tsc:
//   file:line:col: error BL3002: message
//     12 | output x = a * b
//        |            ^^^^^
// Line and column are 1-based (columns count code points: grammar/position.ts); the caret
// line accounts for wide (CJK) characters taking two terminal columns.
import type { Span } from "../grammar/ast.ts";
import { lineCol } from "../grammar/position.ts";
import { helpText, message, noteText, type Diagnostic, type Lang } from "./diagnostics.ts";

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Terminal width of a string: wide characters count 2. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += isWide(ch.codePointAt(0)!) ? 2 : 1;
  return w;
}

function excerpt(text: string, span: Span): string[] {
  const start = Math.max(0, Math.min(span.start, text.length));
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  let lineEnd = text.indexOf("\n", start);
  if (lineEnd < 0) lineEnd = text.length;
  const lineText = text.slice(lineStart, lineEnd).replace(/\r$/, "");
  const { line } = lineCol(text, start);
  const gutter = String(line);
  const pad = " ".repeat(gutter.length);
  const before = displayWidth(text.slice(lineStart, start).replace(/\t/g, " "));
  const spanEnd = Math.min(Math.max(span.end, start), lineStart + lineText.length);
  const width = Math.max(1, displayWidth(text.slice(start, spanEnd)));
  return [`  ${gutter} | ${lineText}`, `  ${pad} | ${" ".repeat(before)}${"^".repeat(width)}`];
}

function location(file: string, text: string | undefined, span: Span): string {
  if (text === undefined) return file;
  const { line, col } = lineCol(text, span.start);
  return `${file}:${line}:${col}`;
}

export function renderDiagnostic(d: Diagnostic, sources: Map<string, string>, lang: Lang): string {
  const text = sources.get(d.file);
  const severity = lang === "zh" ? (d.severity === "error" ? "错误" : "警告") : d.severity;
  const out = [`${location(d.file, text, d.span)}: ${severity} ${d.code}: ${message(d, lang)}`];
  if (text !== undefined) out.push(...excerpt(text, d.span));
  const help = helpText(d.code, lang, d.args);
  if (help) out.push(`  ${lang === "zh" ? "提示" : "help"}: ${help}`);
  for (const r of d.related ?? []) {
    const rt = sources.get(r.file);
    out.push(`  ${location(r.file, rt, r.span)}: ${lang === "zh" ? "说明" : "note"}: ${noteText(r.args, lang)}`);
    if (rt !== undefined) out.push(...excerpt(rt, r.span).map((l) => "  " + l));
  }
  return out.join("\n");
}

export function renderDiagnostics(diags: Diagnostic[], sources: Map<string, string>, lang: Lang): string {
  return diags.map((d) => renderDiagnostic(d, sources, lang)).join("\n\n") + (diags.length ? "\n" : "");
}
