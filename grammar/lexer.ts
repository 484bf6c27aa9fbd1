// Text → tokens and comments, with lexical errors as BL1002 / BL1003 values.
import { Lexer, type IToken } from "chevrotain";
import { allTokens, MoneyLit } from "./tokens.ts";
import { SyntaxCodes, syntaxError, type SyntaxError } from "./syntax-error.ts";
import { moneyValue } from "./literals.ts";

const lexer = new Lexer(allTokens, {
  ensureOptimizations: true,
  positionTracking: "full",
  // Our own messages are built from the error offsets below.
  errorMessageProvider: {
    buildUnexpectedCharactersMessage: () => "",
    buildUnableToPopLexerModeMessage: () => "",
  },
});

export interface LexResult {
  tokens: IToken[];
  comments: IToken[];
  errors: SyntaxError[];
}

export function lex(text: string): LexResult {
  const result = lexer.tokenize(text);
  const errors: SyntaxError[] = [];
  for (const e of result.errors) {
    // Chevrotain reports a run of unknown characters as one error; name its first one.
    const start = e.offset;
    const char = String.fromCodePoint(text.codePointAt(start) ?? 0xfffd);
    // `70 %`: a rate is written without a space
    const spaced = (char === "%" || char === "％") && /\d\s+$/.test(text.slice(Math.max(0, start - 8), start));
    errors.push(syntaxError(SyntaxCodes.unknownCharacter, { start, end: start + e.length }, spaced ? { char, fix: `${/(\d+(?:\.\d+)?)\s+$/.exec(text.slice(Math.max(0, start - 24), start))![1]}%` } : { char }));
  }
  for (const t of result.groups["unterminated"] ?? []) {
    const what = t.image.startsWith('"') ? "string" : "comment";
    errors.push(syntaxError(SyntaxCodes.unterminated, { start: t.startOffset, end: t.startOffset + t.image.length }, { what }));
  }
  // `suggestion` makes the editors' quick fix write the 元
  for (const t of result.tokens) {
    const last = t.image.charCodeAt(t.image.length - 1);
    if (t.tokenType === MoneyLit && (last === 0x4e07 /* 万 */ || last === 0x5343 /* 千 */ || last === 0x4ebf /* 亿 */)) {
      const end = t.startOffset + t.image.length;
      // `32.6万人`: a count of people (人, 人次, 户), not yuan missing its 元
      const unit = /^(?:人次|[\u4e00-\u9fff])/.exec(text.slice(end, end + 2))?.[0];
      if (unit !== undefined && unit !== "元") {
        errors.push(syntaxError(SyntaxCodes.countInWan, { start: t.startOffset, end: end + unit.length }, { text: t.image, unit, count: moneyValue(t.image).value }));
      } else {
        errors.push(syntaxError(SyntaxCodes.moneyUnit, { start: t.startOffset, end }, { text: t.image, fix: `${t.image}元`, suggestion: `${t.image}元` }));
      }
    }
  }
  return { tokens: result.tokens, comments: result.groups["comments"] ?? [], errors };
}
