// Monarch highlighting for bylaw, generated from the lexer's own keyword list and literal
// patterns (grammar/tokens.ts), so the editor and the compiler never disagree about what is
// a keyword or a money amount. Pure data: testable without a browser.
import type { languages } from "monaco-editor/editor/editor.api";
import { CONSTANT_KEYWORDS } from "../../grammar/tokens.ts";

/** What the lexer exports: reserved words, the type names among them, literal regexes. */
export interface LexicalSpec {
  keywords: readonly string[];
  typeKeywords: readonly string[];
  literals: Readonly<Record<string, RegExp>>;
}

/** Keywords that are values, shown like literals. */
const CONSTANTS = new Set(CONSTANT_KEYWORDS);

/** Literal kinds in the lexer's priority order (longest forms first), with their token class. */
const LITERAL_TOKENS: [kind: string, token: string][] = [
  ["date", "number.date"],
  ["money", "number.money"],
  ["rate", "number.rate"],
  ["points", "number.points"],
  ["duration", "number.duration"],
  ["number", "number"],
  ["section", "annotation"],
];

export function buildMonarch(spec: LexicalSpec): languages.IMonarchLanguage {
  const types = new Set(spec.typeKeywords);
  const literalRules: languages.IMonarchLanguageRule[] = LITERAL_TOKENS
    .filter(([kind]) => spec.literals[kind])
    .map(([kind, token]) => [new RegExp(spec.literals[kind]!.source, "u"), token]);
  const identifier = spec.literals.identifier ?? /[\p{L}_][\p{L}\p{N}_]*/u;
  return {
    defaultToken: "",
    unicode: true,
    keywords: spec.keywords.filter((k) => !types.has(k) && !CONSTANTS.has(k)),
    typeKeywords: [...spec.typeKeywords],
    constants: spec.keywords.filter((k) => CONSTANTS.has(k)),
    tokenizer: {
      root: [
        { include: "@whitespace" },
        [/"/, { token: "string.quote", next: "@string" }],
        ...literalRules,
        // `无穷` is ∞ (the lexer's InfinityWord); `无穷大` stays a name
        [/∞|无穷(?![\p{L}\p{N}_])/u, "constant"],
        [new RegExp(identifier.source, "u"), {
          cases: {
            "@typeKeywords": "type",
            "@constants": "constant",
            "@keywords": "keyword",
            "@default": "identifier",
          },
        }],
        [/->|==|!=|<=|>=|[<>+\-*/=?|]/, "operator"],
        [/[{}()[\]]/, "@brackets"],
        // full-width punctuation from a Chinese keyboard reads as its ASCII twin
        [/[,:.，：（）【】]/, "delimiter"],
      ],
      whitespace: [
        [/\s+/, "white"],
        [/\/\/.*$/, "comment"],
        [/\/\*/, { token: "comment", next: "@comment" }],
      ],
      comment: [
        [/[^*/]+/, "comment"],
        [/\*\//, { token: "comment", next: "@pop" }],
        [/[*/]/, "comment"],
      ],
      string: [
        [/[^\\"]+/, "string"],
        [/\\./, "string.escape"],
        [/"/, { token: "string.quote", next: "@pop" }],
      ],
    },
  };
}
