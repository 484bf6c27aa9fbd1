// The language service's positions (LSP's: 0-based lines and characters in UTF-16 code units)
// ↔ Monaco's (1-based lines and columns, also in UTF-16 code units): the one place the
// playground converts them. No Monaco at run time here, so it is tested without a browser.
import type { Span } from "../../grammar/ast.ts";
import { rangeOf as serviceRange, type Position, type Range } from "../../language/positions.ts";
import type * as monaco from "./monaco.ts";

export function toMonacoRange(r: Range): monaco.IRange {
  return { startLineNumber: r.start.line + 1, startColumn: r.start.character + 1, endLineNumber: r.end.line + 1, endColumn: r.end.character + 1 };
}

export function fromMonacoPosition(p: monaco.IPosition): Position {
  return { line: p.lineNumber - 1, character: p.column - 1 };
}

export function fromMonacoRange(r: monaco.IRange): Range {
  return { start: { line: r.startLineNumber - 1, character: r.startColumn - 1 }, end: { line: r.endLineNumber - 1, character: r.endColumn - 1 } };
}

/** Monaco's range of a span of `text` (out-of-range offsets clamped, an end before the start moved to it). */
export function rangeOf(text: string, span: Span): monaco.IRange {
  return toMonacoRange(serviceRange(text, span));
}
