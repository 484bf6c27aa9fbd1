// The TextMate grammar VS Code highlights .bylaw files with, generated from the lexer's own
// keyword lists and literal patterns (grammar/tokens.ts), like the playground's Monarch rules:
// the editor and the compiler cannot disagree about what a keyword or an amount is. The
// patterns are written so that Oniguruma (VS Code) and JavaScript (the tests) read them alike.
import { CONSTANT_KEYWORDS, KEYWORDS, LITERAL_PATTERNS, TYPE_KEYWORDS } from "../../grammar/tokens.ts";

export const SCOPE = "source.bylaw";

/** A word of identifier characters is not part of a longer name on either side. */
const NOT_NAME_BEFORE = String.raw`(?<![\p{L}\p{N}_])`;
const NOT_NAME_AFTER = String.raw`(?![\p{L}\p{N}_])`;
const words = (list: readonly string[]) => `${NOT_NAME_BEFORE}(?:${list.join("|")})${NOT_NAME_AFTER}`;

/** Literal kinds in the lexer's priority order (longest forms first), with their scope. */
const LITERALS: [kind: string, scope: string][] = [
  ["section", "entity.name.section.bylaw"],
  ["date", "constant.numeric.date.bylaw"],
  ["money", "constant.numeric.money.bylaw"],
  ["rate", "constant.numeric.rate.bylaw"],
  ["points", "constant.numeric.points.bylaw"],
  ["duration", "constant.numeric.duration.bylaw"],
  ["number", "constant.numeric.bylaw"],
];

export interface Rule {
  name?: string;
  match?: string;
  begin?: string;
  end?: string;
  patterns?: Rule[];
}

export function buildTextMate(): { name: string; scopeName: string; fileTypes: string[]; patterns: Rule[] } {
  const types = new Set(TYPE_KEYWORDS);
  const constants = new Set(CONSTANT_KEYWORDS);
  const plain = KEYWORDS.filter((k) => !types.has(k) && !constants.has(k));
  return {
    name: "bylaw",
    scopeName: SCOPE,
    fileTypes: ["bylaw"],
    patterns: [
      { name: "comment.line.double-slash.bylaw", match: "//.*$" },
      { name: "comment.block.bylaw", begin: String.raw`/\*`, end: String.raw`\*/` },
      { name: "string.quoted.double.bylaw", begin: '"', end: '"', patterns: [{ name: "constant.character.escape.bylaw", match: String.raw`\\.` }] },
      // a number glued to a name is part of the name (`c1`): a literal starts a word
      ...LITERALS.map(([kind, name]): Rule => ({ name, match: NOT_NAME_BEFORE + LITERAL_PATTERNS[kind]!.source })),
      // `无穷` is ∞ (the lexer's InfinityWord); `无穷大` stays a name
      { name: "constant.language.bylaw", match: `∞|${NOT_NAME_BEFORE}无穷${NOT_NAME_AFTER}|${words([...constants])}` },
      { name: "storage.type.bylaw", match: words([...types]) },
      { name: "keyword.other.bylaw", match: words(plain) },
      { name: "variable.other.bylaw", match: LITERAL_PATTERNS.identifier!.source },
      { name: "keyword.operator.bylaw", match: String.raw`->|==|!=|<=|>=|[<>+\-*/=?|]` },
      { name: "punctuation.separator.bylaw", match: "[,:.，：]" },
    ],
  };
}
