// Chevrotain's recognition exceptions → BL1001 values with a useful span.
import type { IRecognitionException, IToken } from "chevrotain";
import type { Span } from "./ast.ts";
import { tokenSpan } from "./cst.ts";
import { SyntaxCodes, syntaxError, type SyntaxError } from "./syntax-error.ts";

export function found(token: IToken): string {
  return token.tokenType.name === "EOF" || !(token.startOffset >= 0) ? "end of file" : `\`${token.image}\``;
}

function hasNewline(text: string, from: number, to: number): boolean {
  const newline = text.indexOf("\n", from);
  return newline !== -1 && newline < to;
}

/** A Chevrotain exception → BL1001. When the token found is on a later line (or is the
 *  end), what is missing is pointed at where it was expected: right after the previous
 *  token (an empty span), not at the next line's first token. */
export function recognitionError(e: IRecognitionException, text: string): SyntaxError {
  const token = e.token;
  const previous = (e as IRecognitionException & { previousToken?: IToken }).previousToken;
  const atEnd = token.tokenType.name === "EOF" || !(token.startOffset >= 0);
  const prevEnd = previous && previous.startOffset >= 0 ? previous.startOffset + previous.image.length : undefined;
  let span: Span;
  if (atEnd) {
    const at = prevEnd ?? text.length;
    span = { start: at, end: at };
  } else if (prevEnd !== undefined && hasNewline(text, prevEnd, token.startOffset)) {
    span = { start: prevEnd, end: prevEnd };
  } else {
    span = tokenSpan(token);
  }
  // a keyword where a name goes (`policy test.x`, `define year`): say it is reserved
  if (e.message === "a name" && !atEnd && token.tokenType.name.startsWith("Kw_")) return syntaxError(SyntaxCodes.reservedName, span, { word: token.image });
  return syntaxError(SyntaxCodes.unexpectedToken, span, { found: found(token), expected: e.message });
}
