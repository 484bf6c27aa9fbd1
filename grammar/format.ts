// `bylaw fmt`: canonical layout. Refuses text with syntax errors. Every comment is kept:
// a comment that starts its line goes on its own line before the next code that followed
// it; a comment after code goes at the end of the line holding that code.
import type { Comment, Policy, Span } from "./ast.ts";
import { DeclPrinter, type Line } from "./format-decl.ts";
import { parse } from "./parse.ts";
import { SyntaxCodes, syntaxError, type SyntaxError } from "./syntax-error.ts";

export interface FormatResult {
  text?: string;
  errors: SyntaxError[];
}

interface Placed extends Line {
  block: number;
  /** the first line of a declaration that is set apart by a blank line */
  blankBefore: boolean;
  before: Comment[];
  after: Comment[];
}

export function format(text: string): FormatResult {
  const { ast, errors } = parse(text);
  if (errors.length > 0) return { errors };
  try {
    return { text: layout(ast, text), errors: [] };
  } catch {
    // Only a stack overflow can get here: refuse rather than throw at the caller.
    return { errors: [syntaxError(SyntaxCodes.unexpectedToken, { start: 0, end: 0 }, { found: "", expected: "a simpler file" })] };
  }
}

function layout(ast: Policy, text: string): string {

  const lines: Placed[] = [];
  const blocks = [...(ast.header ? [ast.header] : []), ...ast.decls].sort((a, b) => a.span.start - b.span.start);
  let previous: { end: number; block: boolean } | undefined;
  const hasCommentIn = (span: Span): boolean =>
    ast.comments.some((c) => c.span.start > span.start && c.span.start < span.end);
  blocks.forEach((node, block) => {
    const printer = new DeclPrinter(text, hasCommentIn);
    if (node.kind === "header") printer.header(node);
    else printer.decl(node);
    // Declarations with a `{ }` body stand apart; others (params, defines, outputs…) stay
    // grouped as written: a blank line between them only where the source had one.
    const isBlock = printer.lines[0]!.text.endsWith("{");
    const grouped = previous !== undefined && !previous.block && !isBlock &&
      !/\n[ \t\u3000]*\r?\n/.test(text.slice(previous.end, node.span.start));
    printer.lines.forEach((l, i) => lines.push({ ...l, block, blankBefore: i === 0 && block > 0 && !grouped, before: [], after: [] }));
    previous = { end: node.span.end, block: isBlock };
  });

  const trailing: Comment[] = [];
  for (const c of ast.comments) {
    const target = c.ownLine ? lines.find((l) => l.src >= c.span.end) : lineBefore(lines, c.span.start);
    if (!target) trailing.push(c);
    else if (c.ownLine) target.before.push(c);
    else target.after.push(c);
  }
  return render(lines, trailing, text);
}

/** The line holding the code closest before `offset`. */
function lineBefore(lines: Placed[], offset: number): Placed | undefined {
  let best: Placed | undefined;
  for (const l of lines) if (l.src < offset && (!best || l.src >= best.src)) best = l;
  return best;
}

/** A blank line after an own-line comment in the source is kept (section headings). */
function blankLineAfter(c: Comment, text: string): boolean {
  const rest = /^[ \t\u3000]*\r?\n[ \t\u3000]*\r?\n/.exec(text.slice(c.span.end, c.span.end + 64));
  return rest !== null;
}

function render(lines: Placed[], trailing: Comment[], text: string): string {
  const out: string[] = [];
  const emit = (indent: number, s: string): void => {
    out.push((" ".repeat(indent) + s).trimEnd());
  };
  const ownLine = (indent: number, c: Comment): void => {
    emit(indent, c.text);
    if (blankLineAfter(c, text)) out.push("");
  };
  for (const l of lines) {
    if (l.blankBefore) out.push("");
    const innerIndent = l.indent + (l.closing ? 2 : 0);
    for (const c of l.before) ownLine(innerIndent, c);
    // Nothing fits after a `//` comment: comments up to the last `//` one that is not
    // final go on their own lines before the code (keeping their order).
    const lastLineComment = l.after.slice(0, -1).findLastIndex((c) => c.text.startsWith("//"));
    for (const c of l.after.slice(0, lastLineComment + 1)) ownLine(l.indent, c);
    const tail = l.after.slice(lastLineComment + 1).map((c) => c.text);
    out.push([" ".repeat(l.indent) + l.text, ...tail].join(" ").trimEnd());
  }
  if (trailing.length && out.length) out.push("");
  for (const c of trailing) ownLine(0, c);
  while (out.length && out.at(-1) === "") out.pop();
  return out.length ? `${out.join("\n")}\n` : "";
}
