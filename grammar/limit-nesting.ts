// Guards the recursive-descent parser: brackets nested deeper than MAX_NESTING, or longer
// runs of prefix operators, are reported and left out of the token stream.
import type { IToken } from "chevrotain";
import { found } from "./recognition-error.ts";
import { SyntaxCodes, syntaxError, type SyntaxError } from "./syntax-error.ts";
import { kw, LBracket, LParen, Minus, RBracket, RParen } from "./tokens.ts";

const PREFIX_OPERATORS = new Set([Minus, kw.not!, kw.cumulative!]);

/** Brackets nested deeper than this, or longer runs of prefix operators (`- - - x`,
 *  `not not x`), are reported and left out: recursive descent and the tree walks after it
 *  would otherwise run out of stack (V8 manages a few hundred levels). */
export const MAX_NESTING = 64;

export function limitNesting(tokens: IToken[], errors: SyntaxError[]): IToken[] {
  let depth = 0;
  let dropFrom = -1;
  let prefixRun = 0;
  let kept: IToken[] | undefined;
  const report = (first: IToken, last: IToken, expected: string): void => {
    const end = last.startOffset + last.image.length;
    errors.push(syntaxError(SyntaxCodes.unexpectedToken, { start: first.startOffset, end }, { found: found(first), expected }));
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const opens = t.tokenType === LParen || t.tokenType === LBracket;
    const closes = t.tokenType === RParen || t.tokenType === RBracket;
    prefixRun = PREFIX_OPERATORS.has(t.tokenType) ? prefixRun + 1 : 0;
    if (prefixRun > MAX_NESTING && dropFrom < 0) {
      // Drop the rest of the run (the first MAX_NESTING operators stay).
      let last = i;
      while (last + 1 < tokens.length && PREFIX_OPERATORS.has(tokens[last + 1]!.tokenType)) last++;
      report(t, tokens[last]!, `at most ${MAX_NESTING} operators in a row`);
      kept ??= tokens.slice(0, i);
      i = last;
      prefixRun = 0;
      continue;
    }
    if (opens) depth++;
    if (opens && depth === MAX_NESTING + 1) {
      dropFrom = i;
      kept ??= tokens.slice(0, i);
    }
    if (dropFrom < 0) kept?.push(t);
    if (closes && depth > 0) {
      if (depth === MAX_NESTING + 1) {
        report(tokens[dropFrom]!, t, `at most ${MAX_NESTING} nested brackets`);
        dropFrom = -1;
      }
      depth--;
    }
  }
  if (dropFrom >= 0) report(tokens[dropFrom]!, tokens.at(-1)!, `at most ${MAX_NESTING} nested brackets`);
  return kept ?? tokens;
}
