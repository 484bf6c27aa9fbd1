// Entry point: text → AST + every syntax error found in one pass. Never throws.
import type { CstNode, IToken } from "chevrotain";
import type { Comment, Decl, Header, Policy, Span } from "./ast.ts";
import { AstBuilder } from "./build-ast.ts";
import { tokenSpan } from "./cst.ts";
import { lex } from "./lexer.ts";
import { parser } from "./parser.ts";
import { STRAY_USING, SyntaxCodes, syntaxError, type SyntaxError } from "./syntax-error.ts";
import { Colon, Equals, Identifier, kw } from "./tokens.ts";
import { suggest } from "./suggest.ts";
import { limitNesting } from "./limit-nesting.ts";
import { found, recognitionError } from "./recognition-error.ts";

export interface ParseResult {
  ast: Policy;
  errors: SyntaxError[];
}

/** Tokens that can start a header or a declaration: where parsing resumes after junk. */
const DECL_WORDS = ["policy", "override", "import", "enum", "input", "ledger", "param", "table", "bands",
  "classify", "define", "output", "alert", "pipeline", "test", "acknowledge"];
const DECL_STARTERS = new Set(DECL_WORDS.map((w) => kw[w]!));

export function parse(text: string): ParseResult {
  // Chevrotain uses exceptions for recovery; their stack traces are never read and cost
  // more than the parse itself on text with many errors.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parseText(text);
  } catch {
    // Only a stack overflow can get here (text nested beyond what limitNesting catches).
    return {
      ast: { kind: "policy", span: { start: 0, end: text.length }, decls: [], comments: [] },
      errors: [syntaxError(SyntaxCodes.unexpectedToken, { start: 0, end: 0 }, { found: "", expected: "a simpler file" })],
    };
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

function parseText(text: string): ParseResult {
  const lexed = lex(text);
  const errors: SyntaxError[] = [...lexed.errors];
  const builder = new AstBuilder();
  const headers: Header[] = [];
  const decls: Decl[] = [];
  const tokens = limitNesting(lexed.tokens, errors);

  // Chevrotain stops at a token that cannot start a declaration ("not all input parsed").
  // Report it, skip to the next declaration keyword, and parse the rest as well.
  const unparsedNames: string[] = [];
  const take = (stretch: Stretch): void => {
    errors.push(...stretch.errors);
    const built = builder.file(stretch.cst);
    headers.push(...built.headers);
    decls.push(...built.decls);
    if (stretch.stop) errors.push(junkError(stretch.stop));
  };
  let from = 0;
  while (from < tokens.length) {
    const stretch = parseStretch(tokens, from, text);
    if (stretch) {
      take(stretch);
      if (!stretch.stop) break;
      const junk = indexOfToken(tokens, stretch.stop);
      from = nextDeclStart(tokens, junk + 1);
      unparsedNames.push(...namesDeclaredIn(tokens.slice(junk, from)));
      continue;
    }
    // The parser ran out of stack (e.g. thousands of nested `if … else if`): parse that
    // one declaration alone so the rest of the file is still checked; never throw.
    const end = nextDeclStart(tokens, from + 1);
    const alone = parseStretch(tokens.slice(from, end), 0, text);
    if (alone) take(alone);
    else {
      errors.push(syntaxError(SyntaxCodes.unexpectedToken, tokenSpan(tokens[from]!), {
        found: found(tokens[from]!),
        expected: "a simpler declaration",
      }));
    }
    from = end;
  }
  errors.push(...builder.errors);
  errors.push(...headerErrors(headers, decls));

  const ast: Policy = {
    kind: "policy",
    span: { start: 0, end: text.length },
    header: headers[0],
    decls,
    comments: lexed.comments.map((c) => comment(c, text)),
    unparsedNames,
    longestChain: builder.longestChain,
  };
  return { ast, errors: dedupe(errors).sort((a, b) => a.span.start - b.span.start) };
}

interface Stretch {
  cst: CstNode;
  errors: SyntaxError[];
  /** the token the parse stopped at, before the end */
  stop?: IToken;
}

/** One run of the parser from `from`; undefined when it threw (stack overflow). */
function parseStretch(tokens: IToken[], from: number, text: string): Stretch | undefined {
  let cst: CstNode;
  try {
    cst = parser.parseFrom(tokens, from, text);
  } catch {
    return undefined;
  }
  const errors: SyntaxError[] = [];
  let stop: IToken | undefined;
  for (const e of parser.errors) {
    if (e.name === "NotAllInputParsedException") stop = e.token;
    else errors.push(recognitionError(e, text));
  }
  return { cst, errors, stop };
}

/** "unexpected …; expected a declaration", with the declaration keyword a misspelt one is closest to. */
function junkError(token: IToken): SyntaxError {
  const keyword = token.tokenType === Identifier ? suggest(token.image, DECL_WORDS) : "";
  // `at most C using F` ends the expression at `using`: its `per year` was left out
  const args: Record<string, string> = { found: found(token), expected: token.image === "using" ? STRAY_USING : "a declaration" };
  if (keyword !== "") args.suggestion = keyword;
  return syntaxError(SyntaxCodes.unexpectedToken, tokenSpan(token), args);
}

/** Names skipped junk seems to declare (`ouput 救助金: …` declares 救助金): the name after a
 *  misspelt keyword, and any name right before `:` or `=`. Unknown-name errors for them would
 *  only repeat the syntax error. */
function namesDeclaredIn(junk: IToken[]): string[] {
  const out: string[] = [];
  junk.forEach((t, i) => {
    if (t.tokenType !== Identifier) return;
    const next = junk[i + 1]?.tokenType;
    if (next === Colon || next === Equals || (i === 1 && junk[0]!.tokenType === Identifier)) out.push(t.image);
  });
  return out;
}

function indexOfToken(tokens: IToken[], token: IToken): number {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const offset = tokens[mid]!.startOffset;
    if (offset === token.startOffset) return mid;
    if (offset < token.startOffset) lo = mid + 1;
    else hi = mid - 1;
  }
  return tokens.length;
}

function nextDeclStart(tokens: IToken[], from: number): number {
  let i = from;
  while (i < tokens.length && !DECL_STARTERS.has(tokens[i]!.tokenType)) i++;
  return i;
}

function headerErrors(headers: Header[], decls: Decl[]): SyntaxError[] {
  const errors: SyntaxError[] = [];
  const first = headers[0];
  if (!first) {
    errors.push(syntaxError(SyntaxCodes.header, { start: 0, end: 0 }, { problem: "missing" }));
    return errors;
  }
  const firstDecl = decls.reduce<number>((min, d) => Math.min(min, d.span.start), Number.POSITIVE_INFINITY);
  if (firstDecl < first.span.start) {
    errors.push(syntaxError(SyntaxCodes.header, headerKeywordSpan(first), { problem: "not first" }));
  }
  for (const extra of headers.slice(1)) {
    errors.push(syntaxError(SyntaxCodes.header, headerKeywordSpan(extra), { problem: "duplicate" }));
  }
  return errors;
}

function headerKeywordSpan(h: Header): Span {
  return { start: h.span.start, end: h.span.start + "policy".length };
}

/** A comment is "own line" when only whitespace precedes it on its line. */
function comment(t: IToken, text: string): Comment {
  let i = t.startOffset - 1;
  while (i >= 0 && (text[i] === " " || text[i] === "\t" || text[i] === "\u3000")) i--;
  const ownLine = i < 0 || text[i] === "\n" || text[i] === "\r";
  return { text: t.image, span: tokenSpan(t), ownLine };
}

function dedupe(errors: SyntaxError[]): SyntaxError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.code}:${e.span.start}:${e.span.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
