// What to offer at the cursor, decided from the text just before it and the compiler's
// symbols: enum members after `类别 ==` / `类别.` / `table[`, ledger fields after `using`,
// input fields in `given`, tables after `highest`; otherwise keywords and every name in scope.
// Pure (no Monaco): the provider in completion.ts only converts the result.
import type { SymbolInfo } from "../../compiler/index.ts";
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
const LINE_START_NAME = new RegExp(String.raw`^\s*${PARTIAL}$`, "u");
/** Inside a grid table's body: its key types, and the text since the body opened. */
const IN_GRID = new RegExp(String.raw`\btable\s+${NAME}\s*:\s*\(([^)]*)\)[^{}]*\{[^{}]*$`, "u");
const IN_GIVEN = new RegExp(String.raw`\b(given|expect|ledger)\b(?:[^{}\n]*,)?\s*${PARTIAL}$`, "u");

/** Declarations worth offering as plain names in expressions. */
const VALUE_KINDS = new Set<SymbolInfo["kind"]>([
  "input", "param", "table", "bands", "classify", "define", "output", "ledger", "enum", "pipeline", "layer",
]);

function fromSymbols(symbols: readonly SymbolInfo[], rank: number): Candidate[] {
  return symbols.map((s) => ({ label: s.name, kind: s.kind, detail: s.type, symbol: s, rank }));
}

function memberCandidates(members: readonly SymbolInfo[], rank: number): Candidate[] {
  return members.map((s) => ({ label: bareName(s.name), kind: "member", detail: s.type, symbol: s, rank }));
}

/**
 * Candidates for a cursor preceded by `before` (the text of the file up to the cursor;
 * only its last line matters for most contexts).
 */
export function completionCandidates(
  before: string,
  symbols: readonly SymbolInfo[],
  keywords: readonly string[],
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
    if (q === "base") return fromSymbols([...byName.values()].filter((s) => VALUE_KINDS.has(s.kind)), 0);
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

  if (AFTER_USING.test(line)) return fromSymbols(symbols.filter((s) => s.kind === "ledger"), 0);
  if (AFTER_HIGHEST.test(line)) return fromSymbols(symbols.filter((s) => s.kind === "table"), 0);
  // `per year using F` (a yearly ledger) or `per claim` (单次, no ledger)
  if (AFTER_PER.test(line)) return ["year", "claim"].map((k): Candidate => ({ label: k, kind: "keyword", rank: 0 }));

  const general = (): Candidate[] => [
    ...fromSymbols([...byName.values()].filter((s) => VALUE_KINDS.has(s.kind)), 1),
    ...[...members.values()].flatMap((m) => memberCandidates(m, 2)),
    ...keywords.map((k): Candidate => ({ label: k, kind: "keyword", rank: 3 })),
  ];

  // After `类别 == ` or `given 类别 = ` or `[第一类, ` in a set: the members of that enum first.
  const target = (COMPARED.exec(line) ?? INDEXED.exec(line) ?? IN_SET.exec(line))?.[1];
  const targetEnum = target ? enumOfName(target) : undefined;
  if (targetEnum) {
    // A table's key: only its members make sense.
    if (INDEXED.test(line)) return memberCandidates(members.get(targetEnum)!, 0);
    return [...memberCandidates(members.get(targetEnum)!, 0), ...general()];
  }

  // In `given a = 1, ` / `expect 救助金 = …, ` the field names come first.
  const given = IN_GIVEN.exec(line);
  if (given && !COMPARED.test(line)) {
    const kinds: SymbolInfo["kind"][] =
      given[1] === "given" ? ["input"] : given[1] === "ledger" ? ["ledger"] : ["output", "layer", "alert"];
    return [...fromSymbols(symbols.filter((s) => kinds.includes(s.kind)), 0), ...general()];
  }

  // At the start of a line: declarations and keywords are equally likely.
  if (LINE_START_NAME.test(line)) {
    return [...keywords.map((k): Candidate => ({ label: k, kind: "keyword", rank: 1 })), ...general().filter((c) => c.kind !== "keyword")];
  }
  return general();
}
