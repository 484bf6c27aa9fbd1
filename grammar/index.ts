// The grammar package: parse policy text into the AST, format it, and the token lists
// the editor needs for highlighting.
export { parse, type ParseResult } from "./parse.ts";
export { format, type FormatResult } from "./format.ts";
export { lex, type LexResult } from "./lexer.ts";
export { SyntaxCodes, type SyntaxError } from "./syntax-error.ts";
export { KEYWORDS, TYPE_KEYWORDS, OPERATORS, LITERAL_PATTERNS } from "./tokens.ts";
export type * from "./ast.ts";
