// Syntax errors are values: a code, arguments for the message, and a 0-based,
// end-exclusive source span. The compiler owns the message texts (English and Chinese).
import type { Span } from "./ast.ts";

export interface SyntaxError {
  code: string;
  span: Span;
  args: Record<string, string>;
}

export const SyntaxCodes = {
  /** unexpected token: args { found, expected } */
  unexpectedToken: "BL1001",
  /** unknown character: args { char } */
  unknownCharacter: "BL1002",
  /** unterminated string or comment: args { what } */
  unterminated: "BL1003",
  /** money literal with more than 2 decimals after scaling: args { text } */
  moneyPrecision: "BL1004",
  /** policy header missing, repeated or not first: args { problem } */
  header: "BL1005",
  /** invalid date: args { text } */
  invalidDate: "BL1006",
  /** `override` on a kind that cannot be overridden: args { kind } */
  overrideKind: "BL1007",
  /** a reserved word where a name is written: args { word } */
  reservedName: "BL1009",
  /** `6万` / `5千` without 元: args { text, fix } */
  moneyUnit: "BL1010",
  countInWan: "BL1011",
} as const;

/** What a left-over `when` or `per` needed before it (`expected` of BL1001; the compiler words them in either language). */
export const STRAY_WHEN = "`at most …` before `when` (a sub-cap's condition)";
export const STRAY_PER = "`above`, `at most` or `on` before `per …`";
export const STRAY_USING = "`per year` before `using` (`at most 15万元 per year using 已支付`)";
export const INPUT_BLOCK = "`{`: inputs are declared in a block, `input { 年龄: Int  自付: Money }`";
export const LEDGER_BRACE = "`{`: ledger fields are declared in a block, `ledger per year { 已支付: Money }`";
export const LEDGER_BLOCK = "`per year {`: ledger fields are declared in a block, `ledger per year { 已支付: Money }`";
export const STRAY_PER_PARENS = "a threshold or limit in parentheses: `above` and `at most` bind tighter than `* / + -`, so write `x above (a * b) per year`";

export function syntaxError(code: string, span: Span, args: Record<string, string> = {}): SyntaxError {
  return { code, span, args };
}
