// Spans → Monaco ranges, the one place the playground hands positions to Monaco. Spans are
// 0-based, end-exclusive UTF-16 offsets; Monaco wants 1-based lines and columns counted in
// UTF-16 code units, not the code points people are shown (grammar/position.ts: lineCol).
// No Monaco at run time here, so the conversion is tested without a browser.
import type { Span } from "../../grammar/ast.ts";
import { utf16LineCol } from "../../grammar/position.ts";
import type * as monaco from "./monaco.ts";

/** Monaco's range of a span of `text` (out-of-range offsets clamped, an end before the start moved to it). */
export function rangeOf(text: string, span: Span): monaco.IRange {
  const start = utf16LineCol(text, span.start);
  const end = utf16LineCol(text, Math.max(span.end, span.start));
  return { startLineNumber: start.line, startColumn: start.col, endLineNumber: end.line, endColumn: end.col };
}
