// Hover: a name's kind, type, label, constant value (or dated values) and the section of the
// document it encodes; a keyword's meaning. Markdown, in the reader's language.
import type { Lang, SymbolInfo } from "../compiler/index.ts";
import type { Analysis } from "./analysis.ts";
import { EDITOR_CONFIG } from "./editor-config.ts";
import { keywordHelp } from "./keyword-help.ts";
import { offsetAt, rangeOf, type Position, type Range } from "./positions.ts";
import { nameSpanAt, symbolAt } from "./symbols.ts";
import { kindWord, word } from "./words.ts";

export interface Hover {
  markdown: string;
  range: Range;
}

const code = (s: string): string => "`" + s.replace(/`/g, "") + "`";

/** A dated param's values, each with the date it is in force from. */
export function datedMarkdown(dated: NonNullable<SymbolInfo["dated"]>, lang: Lang): string {
  const items = dated.map((d) => `- ${word("fromDate", lang, { date: d.from })}: \`${d.value}\``);
  return [`${word("datedValues", lang)}:`, ...items].join("\n");
}

export function symbolMarkdown(s: SymbolInfo, openPath: string, lang: Lang): string {
  const lines = [`**${s.name}** — ${kindWord(s.kind, lang)} · ${code(s.type)}`];
  if (s.label) lines.push(s.label);
  if (s.value !== undefined) lines.push(`${word("value", lang)}: ${code(s.value)}`);
  if (s.dated !== undefined) lines.push(datedMarkdown(s.dated, lang));
  if (s.sections) lines.push(`${word("section", lang)}: ${s.sections.join(" ")}`);
  if (s.file !== openPath) lines.push(`${word("definedIn", lang)} ${code(s.file)}`);
  return lines.join("\n\n");
}

/** What a word is to the editor: the word under a position is explained. */
const WORD = new RegExp(EDITOR_CONFIG.wordPattern.source, "gu");

/** The word of `text` around `offset`, with its span. */
export function wordAt(text: string, offset: number): { word: string; start: number; end: number } | undefined {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const nl = text.indexOf("\n", offset);
  const line = text.slice(lineStart, nl < 0 ? text.length : nl);
  for (const m of line.matchAll(WORD)) {
    const start = lineStart + m.index;
    if (start <= offset && offset <= start + m[0].length) return { word: m[0], start, end: start + m[0].length };
  }
  return undefined;
}

/**
 * The hover at `pos` of the analysed file: a name's declaration (only while the text is the
 * one analysed: spans belong to it), else a keyword's or a scaled amount's explanation.
 */
export function hover(analysis: Analysis | undefined, text: string, pos: Position, lang: Lang): Hover | undefined {
  const offset = offsetAt(text, pos);
  if (analysis && analysis.text === text) {
    const s = symbolAt(analysis, analysis.path, offset);
    const span = nameSpanAt(analysis, analysis.path, offset);
    if (s && span) return { markdown: symbolMarkdown(s, analysis.path, lang), range: rangeOf(text, span) };
  }
  const w = wordAt(text, offset);
  const help = w ? keywordHelp(w.word, lang) : undefined;
  return w && help ? { markdown: help, range: rangeOf(text, w) } : undefined;
}
