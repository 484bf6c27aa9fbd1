// Chevrotain's error-message hook, used to produce the short "expected" list of BL1001
// (`}` or a declaration) instead of Chevrotain's English sentences.
import type { IParserErrorMessageProvider, TokenType } from "chevrotain";

/** Where a rule's alternatives are many, one phrase says it better than a token list. */
const RULE_PHRASES: Record<string, string> = {
  file: "a declaration",
  decl: "a declaration",
  expr: "an expression",
  operand: "an expression",
  primary: "an expression",
  chainOp: "an operator",
  typeRef: "a type",
  headerItem: "`region`, `effective`, `ends`, `source` or `}`",
  testItem: "`given`, `expect`, `date`, `ledger`, `claim` or `}`",
  expectation: "an expected value, `alert` or `no alert`",
};

function label(tokenType: TokenType): string {
  return tokenType.LABEL ?? tokenType.name;
}

/** ["a", "b", "c"] → "a, b or c" */
export function humanList(items: string[]): string {
  const unique = [...new Set(items)];
  if (unique.length <= 1) return unique[0] ?? "something else";
  return `${unique.slice(0, -1).join(", ")} or ${unique.at(-1)}`;
}

function firstTokens(paths: TokenType[][]): string[] {
  return paths.flatMap((path) => (path[0] ? [label(path[0])] : []));
}

export const expectedDescription: IParserErrorMessageProvider = {
  // Expecting the end of input means the top level, where declarations go.
  buildMismatchTokenMessage: ({ expected }) => (expected.name === "EOF" ? "a declaration" : label(expected)),
  buildNotAllInputParsedMessage: () => "a declaration",
  buildNoViableAltMessage: ({ expectedPathsPerAlt, ruleName }) =>
    RULE_PHRASES[ruleName] ?? humanList(expectedPathsPerAlt.flatMap(firstTokens)),
  buildEarlyExitMessage: ({ expectedIterationPaths, ruleName }) =>
    RULE_PHRASES[ruleName] ?? humanList(firstTokens(expectedIterationPaths)),
};
