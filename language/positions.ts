// Offsets ↔ LSP positions, the one place the language service converts them. Spans are
// 0-based, end-exclusive UTF-16 offsets; LSP (and so the service's API) counts 0-based lines
// and characters in UTF-16 code units, like the offsets themselves.
import type { Span } from "../grammar/ast.ts";
import { utf16LineCol } from "../grammar/position.ts";

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** The position of `offset` in `text` (clamped to the text). */
export function positionAt(text: string, offset: number): Position {
  const { line, col } = utf16LineCol(text, offset);
  return { line: line - 1, character: col - 1 };
}

/** The offset of `pos` in `text`: a character past its line's end stops at the line's end. */
export function offsetAt(text: string, pos: Position): number {
  let start = 0;
  for (let line = 0; line < pos.line; line++) {
    const nl = text.indexOf("\n", start);
    if (nl < 0) return text.length;
    start = nl + 1;
  }
  const nl = text.indexOf("\n", start);
  const end = nl < 0 ? text.length : nl;
  return Math.min(start + Math.max(0, pos.character), end);
}

/** The range of a span of `text` (an end before the start is moved to it). */
export function rangeOf(text: string, span: Span): Range {
  return { start: positionAt(text, span.start), end: positionAt(text, Math.max(span.end, span.start)) };
}
