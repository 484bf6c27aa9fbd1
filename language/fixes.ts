// Quick fixes for the diagnostics that say what the fix is: a did-you-mean (any diagnostic with
// a `suggestion`), a table without a row for a member or a grid without one for a cell (BL4001,
// BL4041: add the row, its value left for the writer: the service never invents a figure), a name that is not a member of its enum
// (BL2003: add it to the enum, wherever the enum is declared) and a gap between bands (BL4005:
// declare it, `gap [from, to)`, which is what the document means when it pays nothing there),
// and an input or ledger field written without its block (BL1001: put it in one).
import type { Diagnostic, Lang } from "../compiler/index.ts";
import type { BandsDecl, EnumDecl, Interval, Span, TableDecl } from "../grammar/ast.ts";
import { parse } from "../grammar/parse.ts";
import { INPUT_BLOCK, LEDGER_BLOCK, LEDGER_BRACE } from "../grammar/syntax-error.ts";
import { textOf, type Analysis, type ReadText } from "./analysis.ts";
import type { TextEdit, WorkspaceEdit } from "./navigation.ts";
import { offsetAt, positionAt, rangeOf, type Range } from "./positions.ts";
import { bareName } from "./symbols.ts";
import { word } from "./words.ts";

export interface CodeAction {
  title: string;
  /** the diagnostic it fixes */
  diagnostic: Diagnostic;
  edit: WorkspaceEdit;
  /** the fix most likely meant (applied by "fix all" and Ctrl+. Enter) */
  preferred: boolean;
}

interface Context {
  analysis: Analysis;
  read: ReadText;
  lang: Lang;
}

/** The fixes for the analysed file's diagnostics that touch `range`. */
export function codeActions(analysis: Analysis, range: Range, read: ReadText, lang: Lang): CodeAction[] {
  const from = offsetAt(analysis.text, range.start);
  const to = offsetAt(analysis.text, range.end);
  const ctx: Context = { analysis, read, lang };
  return analysis.diagnostics
    .filter((d) => d.file === analysis.path && d.span.start <= to && from <= d.span.end)
    .flatMap((d) => fixesFor(ctx, d));
}

function fixesFor(ctx: Context, d: Diagnostic): CodeAction[] {
  const out: CodeAction[] = [];
  const suggestion = d.args.suggestion;
  if (suggestion && d.span.end > d.span.start) {
    const edit = insertion(ctx.analysis.text, d.span, suggestion);
    out.push({ title: word("fixReplace", ctx.lang, { to: suggestion }), diagnostic: d, edit: { [d.file]: [edit] }, preferred: true });
  }
  const add = FIXES[d.code]?.(ctx, d);
  if (add) out.push({ ...add, diagnostic: d, preferred: !suggestion });
  return out;
}

/** The fixes that add what a diagnostic says is missing, by code. */
const FIXES: Record<string, (ctx: Context, d: Diagnostic) => Omit<CodeAction, "diagnostic" | "preferred"> | undefined> = {
  BL4001: (ctx, d) => addRow(ctx, d),
  BL4041: (ctx, d) => addRow(ctx, d),
  BL2003: (ctx, d) => addMember(ctx, d),
  BL4005: (ctx, d) => declareGap(ctx, d),
  BL1001: (ctx, d) => wrapField(ctx, d),
};

const insertion = (text: string, span: Span, newText: string): TextEdit => ({ range: rangeOf(text, span), newText });

/** The whitespace a line starts with. */
function indentOf(text: string, offset: number): string {
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  return /^[ \t\u3000]*/u.exec(text.slice(start))![0];
}

/** Inserts `item` after the last of a block's items (as a new line, or beside it on a one-line block). */
function appendItem(text: string, decl: { span: Span }, last: Span | undefined, item: string): TextEdit {
  if (!last) {
    const close = text.lastIndexOf("}", decl.span.end);
    const at = close < 0 ? decl.span.end : close;
    return insertion(text, { start: at, end: at }, `${indentOf(text, decl.span.start)}  ${item}\n`);
  }
  const closeLine = positionAt(text, decl.span.end).line;
  const sameLine = positionAt(text, last.end).line === closeLine;
  return insertion(text, { start: last.end, end: last.end }, sameLine ? `  ${item}` : `\n${indentOf(text, last.start)}${item}`);
}

/** A row for what a table lacks: a member (BL4001) or a grid's cell (BL4041), after the row
 *  the diagnostic points at (the grid's nearest), else after the last row. */
function addRow(ctx: Context, d: Diagnostic): Omit<CodeAction, "diagnostic" | "preferred"> | undefined {
  const { text } = ctx.analysis;
  const keys = d.code === "BL4001" ? d.args.member : d.args.cell;
  const table = parse(text).ast.decls.find((x): x is TableDecl =>
    x.kind === "table" && (x.name?.span.start === d.span.start || (x.span.start <= d.span.start && d.span.end <= x.span.end)));
  if (!table || !keys) return undefined;
  const after = table.rows.find((r) => r.span.start === d.span.start) ?? table.rows.at(-1);
  const edit = appendItem(text, table, after?.span, `${keys}: `);
  return { title: word("fixAddRow", ctx.lang, { keys }), edit: { [d.file]: [edit] } };
}

function addMember(ctx: Context, d: Diagnostic): Omit<CodeAction, "diagnostic" | "preferred"> | undefined {
  const member = d.args.member;
  const name = d.args.enum;
  const declared = ctx.analysis.symbols.find((s) => s.kind === "enum" && s.name === name);
  const text = declared && textOf(ctx.analysis, ctx.read, declared.file);
  if (!member || !declared || text === undefined || !/^[\p{L}_][\p{L}\p{N}_]*$/u.test(member)) return undefined;
  const local = bareName(declared.name);
  const decl = parse(text).ast.decls.find((x): x is EnumDecl => x.kind === "enum" && x.name?.text === local && x.name.span.start === declared.span.start);
  if (!decl) return undefined;
  const edit = appendItem(text, decl, decl.members.at(-1)?.span, member);
  return { title: word("fixAddMember", ctx.lang, { member, enum: name! }), edit: { [declared.file]: [edit] } };
}

function declareGap(ctx: Context, d: Diagnostic): Omit<CodeAction, "diagnostic" | "preferred"> | undefined {
  const { text } = ctx.analysis;
  for (const decl of parse(text).ast.decls) {
    if (decl.kind !== "bands") continue;
    const rows = (decl as BandsDecl).rows;
    const i = rows.findIndex((r) => r.range?.span.start === d.span.start);
    const before = rows[i - 1]?.range;
    const after = rows[i]?.range;
    if (i < 1 || !before?.high || !after?.low) continue;
    const gap = `gap ${gapInterval(text, before, after)}`;
    const at = rows[i]!.span.start;
    const edit = insertion(text, { start: at, end: at }, `${gap}\n${indentOf(text, at)}`);
    return { title: word("fixDeclareGap", ctx.lang, { gap }), edit: { [d.file]: [edit] } };
  }
  return undefined;
}

/** `input 年龄: Int` → `input { 年龄: Int }` (and `ledger 已付: Money` → `ledger per year { … }`). */
function wrapField(ctx: Context, d: Diagnostic): Omit<CodeAction, "diagnostic" | "preferred"> | undefined {
  const open = d.args.expected === INPUT_BLOCK || d.args.expected === LEDGER_BRACE ? "{ " : d.args.expected === LEDGER_BLOCK ? "per year { " : undefined;
  const { text } = ctx.analysis;
  const field = parse(text).ast.decls
    .flatMap((x) => (x.kind === "input" || x.kind === "ledger" ? x.fields : []))
    .find((f) => f.name?.span.start === d.span.start);
  if (!open || !field) return undefined;
  const edits = [insertion(text, { start: field.span.start, end: field.span.start }, open), insertion(text, { start: field.span.end, end: field.span.end }, " }")];
  return { title: word("fixBlock", ctx.lang, { open: open.trim() }), edit: { [d.file]: edits } };
}

/** The interval between two rows, its ends as written: `[1万元, 2万元)` after `[0元, 1万元)`. */
function gapInterval(text: string, before: Interval, after: Interval): string {
  const from = text.slice(before.high!.span.start, before.high!.span.end);
  const to = text.slice(after.low!.span.start, after.low!.span.end);
  return `${before.highInclusive ? "(" : "["}${from}, ${to}${after.lowInclusive ? ")" : "]"}`;
}
