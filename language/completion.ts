// What to offer at the cursor, decided from the text just before it and the compiler's
// symbols: inside a table keyed by an enum, its members not yet given a row; in a grid row,
// the members of the key at the cursor; after `*`, `+`, `above`, `at most`… names of numbers
// (no enums, no members, no Bool); enum members after `类别 ==` / `类别.` / `table[`; ledger
// fields after `using`; types where a type is written; input fields in `given`; tables after
// `highest`; elsewhere keywords
// and every name in scope. Pure: the playground (Monaco) and `bylaw lsp` only convert it.
import type { Lang, SymbolInfo } from "../compiler/index.ts";
import { KEYWORDS, TYPE_KEYWORDS } from "../grammar/tokens.ts";
import type { Analysis } from "./analysis.ts";
import { symbolMarkdown } from "./hover.ts";
import { offsetAt, type Position } from "./positions.ts";
import { bareName, enumOfType, membersByEnum } from "./symbols.ts";

export type CandidateKind = "keyword" | SymbolInfo["kind"];

export interface Candidate {
  label: string;
  kind: CandidateKind;
  /** the type, as the compiler renders it */
  detail?: string;
  symbol?: SymbolInfo;
  /** candidates most likely wanted sort first */
  rank: number;
}

const NAME = String.raw`[\p{L}_][\p{L}\p{N}_]*`;
const PARTIAL = String.raw`[\p{L}\p{N}_]*`;
const QUALIFIED = new RegExp(String.raw`(${NAME})\.${PARTIAL}$`, "u");
const COMPARED = new RegExp(String.raw`(${NAME})\s*(?:==|!=|=)\s*${PARTIAL}$`, "u");
const INDEXED = new RegExp(String.raw`(${NAME})\s*\[\s*${PARTIAL}$`, "u");
const IN_SET = new RegExp(String.raw`(${NAME})\s*=\s*\[[^\]]*?${PARTIAL}$`, "u");
const AFTER_USING = new RegExp(String.raw`\busing\s+${PARTIAL}$`, "u");
const AFTER_HIGHEST = new RegExp(String.raw`\bhighest\s+${PARTIAL}$`, "u");
const AFTER_PER = new RegExp(String.raw`\bper\s+${PARTIAL}$`, "u");
/** After an operator whose operand is a number: `*`, `+`, `-`, `/`, `above`, `at most`, `at least`. */
const AFTER_ARITHMETIC = new RegExp(String.raw`(?:[*+/]|(?<![-\d])-|\babove|\bmost|\bleast)\s*${PARTIAL}$`, "u");
const LINE_START_NAME = new RegExp(String.raw`^\s*${PARTIAL}$`, "u");
/** Where a type is written: `自付: ` in an input, `param X: `, a grid's `(K1, `, after `->` or `set of`. */
const TYPE_POSITION = new RegExp(
  String.raw`(?:^\s*(?:(?:override\s+)?(?:param|define|output|table|classify)\s+)?${NAME}\s*:\s*(?:\(\s*(?:${NAME}\s*,\s*)*)?|->\s*|\bof\s+)${PARTIAL}$`,
  "u",
);
/** Inside a grid table's body: its key types, and the text since the body opened. */
const IN_GRID = new RegExp(String.raw`\btable\s+${NAME}\s*:\s*\(([^)]*)\)[^{}]*\{[^{}]*$`, "u");
/** Inside any table's or classification's body: its name, and the rows written so far. */
const IN_BODY = new RegExp(String.raw`\b(table|classify)\s+(${NAME})[^{}\n]*\{([^{}]*)$`, "u");
const IN_GIVEN = new RegExp(String.raw`\b(given|expect|ledger)\b(?:[^{}\n]*,)?\s*${PARTIAL}$`, "u");
/** The text before the cursor a context can depend on (a table's body, at most). */
const LOOK_BEHIND = 8000;

/** Declarations worth offering as plain names in expressions. */
const VALUE_KINDS = new Set<SymbolInfo["kind"]>([
  "input", "param", "table", "bands", "classify", "define", "output", "ledger", "enum", "pipeline", "layer",
]);
const NUMBER_TYPES = new Set(["Money", "Rate", "Points", "Number", "Int", "Limit"]);
/** Keywords that start an operand of arithmetic. */
const OPERAND_KEYWORDS = ["if", "base", "cumulative", "highest", "remaining", "unlimited"];

/** A name that stands for a number: of a numeric type, a table of numbers, bands. */
function isNumeric(s: SymbolInfo): boolean {
  if (s.kind === "bands") return true;
  if (!VALUE_KINDS.has(s.kind) || s.kind === "enum" || s.kind === "classify") return false;
  return NUMBER_TYPES.has(s.type.split("->").at(-1)!.trim());
}

function fromSymbols(symbols: readonly SymbolInfo[], rank: number): Candidate[] {
  return symbols.map((s) => ({ label: s.name, kind: s.kind, detail: s.type, symbol: s, rank }));
}

function memberCandidates(members: readonly SymbolInfo[], rank: number): Candidate[] {
  return members.map((s) => ({ label: bareName(s.name), kind: "member", detail: s.type, symbol: s, rank }));
}

const keywordCandidates = (words: readonly string[], rank: number): Candidate[] =>
  words.map((k): Candidate => ({ label: k, kind: "keyword", rank }));

/**
 * Candidates for a cursor preceded by `before` (the text of the file up to the cursor; only
 * its last line matters for most contexts, a table's body for rows).
 */
export function completionCandidates(
  before: string,
  symbols: readonly SymbolInfo[],
  keywords: readonly string[] = KEYWORDS,
): Candidate[] {
  const line = before.slice(before.lastIndexOf("\n") + 1);
  const members = membersByEnum(symbols);
  const enums = new Set(members.keys());
  const byName = new Map(symbols.filter((s) => s.kind !== "member" && s.kind !== "test").map((s) => [s.name, s]));
  const enumOfName = (name: string): string | undefined => {
    if (enums.has(name)) return name;
    const s = byName.get(name);
    return s ? enumOfType(s.type, enums) : undefined;
  };
  const values = () => [...byName.values()].filter((s) => VALUE_KINDS.has(s.kind));
  const numbers = (): Candidate[] => [
    ...fromSymbols(values().filter(isNumeric), 0),
    ...keywordCandidates(OPERAND_KEYWORDS.filter((k) => keywords.includes(k)), 1),
  ];

  // `类别.` → that enum's members; `大病.` / `base.` → names from an import or the parent.
  const qualified = QUALIFIED.exec(line);
  if (qualified) {
    const q = qualified[1]!;
    if (enums.has(q)) return memberCandidates(members.get(q)!, 0);
    const prefix = `${q}.`;
    const imported = symbols.filter((s) => s.name.startsWith(prefix) && s.kind !== "member" && s.kind !== "test");
    if (imported.length > 0) {
      return imported.map((s) => ({ label: s.name.slice(prefix.length), kind: s.kind, detail: s.type, symbol: s, rank: 0 }));
    }
    if (q === "base") return fromSymbols(values(), 0);
    return [];
  }

  // In a grid row's keys (before its `:`): the members of the key at the cursor, and `_`.
  const grid = IN_GRID.exec(before);
  if (grid && !line.includes(":")) {
    const keyIndex = (line.replace(/[[(][^\])]*[\])]/gu, "").match(/,/gu) ?? []).length;
    const keyEnum = enumOfName(grid[1]!.split(",")[keyIndex]?.trim() ?? "");
    const any: Candidate = { label: "_", kind: "keyword", rank: 1 };
    return keyEnum ? [...memberCandidates(members.get(keyEnum)!, 0), any] : [any];
  }

  // In a one-key table's or a classification's body.
  const body = IN_BODY.exec(before);
  const decl = body && byName.get(body[2]!);
  if (body && decl && !grid) {
    const [key, value] = decl.type.split("->").map((t) => t.trim().replace(/^classify$/, ""));
    const valueEnum = enumOfType(value ?? "", enums);
    if (line.includes(":") || /^\s*else\s+\S*$/u.test(line)) {
      // a row's value: the result enum's members, or names of numbers
      if (valueEnum) return memberCandidates(members.get(valueEnum)!, 0);
      if (NUMBER_TYPES.has(value ?? "")) return numbers();
    } else if (LINE_START_NAME.test(line)) {
      // a row's key: the key enum's members that have no row yet
      const keyEnum = enumOfType(key ?? "", enums);
      if (body[1] === "table" && keyEnum) {
        const written = new Set([...body[3]!.matchAll(new RegExp(String.raw`^\s*(${NAME})\s*:`, "gmu"))].map((m) => m[1]!));
        return memberCandidates(members.get(keyEnum)!.filter((m) => !written.has(bareName(m.name))), 0);
      }
      if (body[1] === "classify") return keywordCandidates(["else"], 0);
    }
  }

  // a type: the built-in ones and the enums (after `set of`, only enums)
  if (TYPE_POSITION.test(line)) {
    const enumTypes = fromSymbols(symbols.filter((s) => s.kind === "enum"), 0);
    if (/\bof\s+\S*$/u.test(line)) return enumTypes;
    return [...keywordCandidates(TYPE_KEYWORDS, 0), ...enumTypes, ...keywordCandidates(["set"], 1)];
  }

  if (AFTER_USING.test(line)) return fromSymbols(symbols.filter((s) => s.kind === "ledger"), 0);
  if (AFTER_HIGHEST.test(line)) return fromSymbols(symbols.filter((s) => s.kind === "table"), 0);
  // `per year using F` (a yearly ledger) or `per claim` (单次, no ledger)
  if (AFTER_PER.test(line)) return keywordCandidates(["year", "claim"], 0);

  const general = (): Candidate[] => [
    ...fromSymbols(values(), 1),
    ...[...members.values()].flatMap((m) => memberCandidates(m, 2)),
    ...keywordCandidates(keywords, 3),
  ];

  // After `类别 == ` or `given 类别 = ` or `[第一类, ` in a set: the members of that enum first.
  const target = (COMPARED.exec(line) ?? INDEXED.exec(line) ?? IN_SET.exec(line))?.[1];
  const targetEnum = target ? enumOfName(target) : undefined;
  if (targetEnum) {
    // A table's key: only its members make sense.
    if (INDEXED.test(line)) return memberCandidates(members.get(targetEnum)!, 0);
    return [...memberCandidates(members.get(targetEnum)!, 0), ...general()];
  }

  // An operand of arithmetic, a threshold or a cap: a number.
  if (AFTER_ARITHMETIC.test(line)) return numbers();

  // In `given a = 1, ` / `expect 救助金 = …, ` the field names come first.
  const given = IN_GIVEN.exec(line);
  if (given && !COMPARED.test(line)) {
    const kinds: SymbolInfo["kind"][] =
      given[1] === "given" ? ["input"] : given[1] === "ledger" ? ["ledger"] : ["output", "layer", "alert"];
    return [...fromSymbols(symbols.filter((s) => kinds.includes(s.kind)), 0), ...general()];
  }

  // At the start of a line: declarations and keywords are equally likely.
  if (LINE_START_NAME.test(line)) {
    return [...keywordCandidates(keywords, 1), ...general().filter((c) => c.kind !== "keyword")];
  }
  return general();
}

/** How editors show each kind of candidate: the name of its icon in both LSP's and Monaco's
 *  CompletionItemKind (the same names, different numbers). */
export const ITEM_KIND = {
  keyword: "Keyword",
  input: "Field",
  param: "Constant",
  table: "Struct",
  bands: "Struct",
  classify: "Struct",
  define: "Variable",
  output: "Function",
  alert: "Event",
  enum: "Enum",
  member: "EnumMember",
  ledger: "Property",
  pipeline: "Module",
  layer: "Method",
  test: "Text",
} as const satisfies Record<CandidateKind, string>;

export interface CompletionItem {
  label: string;
  kind: CandidateKind;
  /** the type, as the compiler renders it */
  detail?: string;
  /** the declaration's label (`"医疗救助金"`), shown beside the name */
  description?: string;
  /** markdown: the hover of the declaration */
  documentation?: string;
  /** sorts the likeliest first */
  sortText: string;
}

export interface CompletionOptions {
  lang: Lang;
  /** a space typed: only offer where the context is specific (after `==`, `using`, in a table…) */
  specificOnly?: boolean;
}

/**
 * The completion items at `pos` of `text`. The analysis may be of an older text (typing runs
 * ahead of the compiler): only its symbols are used.
 */
export function completions(analysis: Analysis | undefined, text: string, pos: Position, options: CompletionOptions): CompletionItem[] {
  const offset = offsetAt(text, pos);
  const before = text.slice(Math.max(0, offset - LOOK_BEHIND), offset);
  let candidates = completionCandidates(before, analysis?.symbols ?? []);
  if (options.specificOnly) candidates = candidates.filter((c) => c.rank === 0);
  const seen = new Set<string>();
  const items: CompletionItem[] = [];
  for (const c of candidates) {
    if (seen.has(c.label)) continue;
    seen.add(c.label);
    items.push({
      label: c.label,
      kind: c.kind,
      ...(c.detail ? { detail: c.detail } : {}),
      ...(c.symbol?.label ? { description: c.symbol.label } : {}),
      ...(c.symbol && analysis ? { documentation: symbolMarkdown(c.symbol, analysis.path, options.lang) } : {}),
      sortText: `${c.rank}${String(items.length).padStart(4, "0")}`,
    });
  }
  return items;
}
