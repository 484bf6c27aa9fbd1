// Go to definition, find references and rename, across the files of a program: a name
// declared in a parent or an import is found there, and renamed there too.
import type { Span } from "../grammar/ast.ts";
import { KEYWORDS } from "../grammar/tokens.ts";
import { textOf, type Analysis, type ReadText } from "./analysis.ts";
import { offsetAt, rangeOf, type Position, type Range } from "./positions.ts";
import { bareName, occurrences, sameSymbols, symbolAt } from "./symbols.ts";

export interface Location {
  /** a compiler path */
  file: string;
  range: Range;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

/** Edits by compiler path. */
export type WorkspaceEdit = Record<string, TextEdit[]>;

/** Spans are only valid for the text that was analysed. */
const current = (analysis: Analysis | undefined, text: string): analysis is Analysis => analysis?.text === text;

function locate(analysis: Analysis, read: ReadText, file: string, span: Span): Location | undefined {
  const text = textOf(analysis, read, file);
  return text === undefined ? undefined : { file, range: rangeOf(text, span) };
}

export function definition(analysis: Analysis | undefined, text: string, pos: Position, read: ReadText): Location | undefined {
  if (!current(analysis, text)) return undefined;
  const s = symbolAt(analysis, analysis.path, offsetAt(text, pos));
  return s && locate(analysis, read, s.file, s.span);
}

/** The occurrences of the name at `pos` (declarations included), across files. */
function occurrencesAt(analysis: Analysis, pos: Position) {
  const s = symbolAt(analysis, analysis.path, offsetAt(analysis.text, pos));
  return s && { symbol: s, places: occurrences(analysis, sameSymbols(analysis, s), analysis.path) };
}

export function references(analysis: Analysis | undefined, text: string, pos: Position, read: ReadText): Location[] {
  if (!current(analysis, text)) return [];
  const found = occurrencesAt(analysis, pos);
  return (found?.places ?? []).flatMap((p) => locate(analysis, read, p.file, p.span) ?? []);
}

const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*$/u;
const RESERVED = new Set(KEYWORDS);

/** Whether `name` can be written as a declaration's name. */
export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && !RESERVED.has(name);
}

/** The name at `pos` that rename would change, and its range; none where no name is. */
export function renameTarget(analysis: Analysis | undefined, text: string, pos: Position): { name: string; range: Range } | undefined {
  if (!current(analysis, text)) return undefined;
  const found = occurrencesAt(analysis, pos);
  const offset = offsetAt(text, pos);
  const here = found?.places.find((p) => p.file === analysis.path && p.span.start <= offset && offset <= p.span.end);
  if (!found || !here) return undefined;
  const name = bareName(found.symbol.name);
  return { name, range: rangeOf(text, tail(here.span, name)) };
}

/** A qualified reference (`大病.分段`, `base.X`, `类别.第三类`) changes in its last part only. */
function tail(span: Span, name: string): Span {
  return { start: Math.max(span.start, span.end - name.length), end: span.end };
}

/**
 * Renames the name at `pos` everywhere it is declared or used; undefined when there is no name
 * there or `newName` is not an identifier (a keyword, a space…).
 */
export function rename(analysis: Analysis | undefined, text: string, pos: Position, newName: string, read: ReadText): WorkspaceEdit | undefined {
  if (!current(analysis, text) || !isIdentifier(newName)) return undefined;
  const found = occurrencesAt(analysis, pos);
  if (!found) return undefined;
  const old = bareName(found.symbol.name);
  const edits: WorkspaceEdit = {};
  for (const p of found.places) {
    const fileText = textOf(analysis, read, p.file);
    if (fileText === undefined || !fileText.slice(p.span.start, p.span.end).endsWith(old)) continue;
    (edits[p.file] ??= []).push({ range: rangeOf(fileText, tail(p.span, old)), newText: newName });
  }
  return edits;
}
