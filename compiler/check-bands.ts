// Stage "check bands": bands have a mode (`marginal` or `whole`), are in order, do not overlap, leave no undeclared gap,
// have non-negative bounds and rates within 0–100 % (also after `base.X + 5pp`).
// Classifications: the same order rules, members of the result enum, an `else` member.
import type { BandsDecl, ClassifyDecl, Expr, Interval, Span } from "../grammar/ast.ts";
import type { Code } from "./diagnostic-codes.ts";
import type { Related } from "./diagnostics.ts";
import { edgeCases } from "./band-edges.ts";
import { ONE, type Dec } from "../runtime/ir/decimal.ts";
import { showValue, type Folder, type IntervalValue } from "./fold.ts";
import { isPerClaimRate, perMember } from "./band-rates.ts";
import { walk } from "./walk.ts";
import { bandRows, gapBetween, isEmpty, overlaps, startsBefore } from "./intervals.ts";
import { canon, declOf, inProgram, type Compilation, type Entity } from "./symbols.ts";
import { suggest } from "../grammar/suggest.ts";
import { enumName, isEnum } from "./types.ts";


export function checkBands(c: Compilation, folder: Folder): void {
  for (const e of c.entities) {
    if (!inProgram(c, e)) continue;
    const n = declOf(e);
    if (n?.kind === "bands") checkMarginal(c, folder, e);
    if (n?.kind === "classify") checkClassify(c, folder, e, n);
  }
}

interface Row {
  iv: IntervalValue;
  text: string;
  span: Span;
}

/** Reports one problem of a bands or classification; `name` is the declaration's name, with the
 *  case it holds in when its edges are read per claim (band-edges.ts). */
interface Reporter {
  name: string;
  /** the case, for the messages that name a row rather than the declaration */
  label?: string;
  report(code: Code, span: Span, args: Record<string, string>, related?: Related[]): void;
}

function reporter(c: Compilation, e: Entity, label?: string, once = new Set<string>()): Reporter {
  const file = e.file.path;
  return {
    name: label ? `${e.local} (${label})` : e.local,
    label,
    report(code, span, args, related) {
      // every case of per-claim edges repeats the rows' problems that hold in all of them
      const key = `${code}:${span.start}`;
      if (once.has(key)) return;
      once.add(key);
      c.sink.report(code, file, span, args, related);
    },
  };
}

/** Order and overlap (both kinds of bands); gaps only matter for marginal bands. */
function checkOrder(r: Reporter, file: string, rows: Row[], gaps: boolean): void {
  let prev: Row | undefined;
  for (const row of rows) {
    if (prev) {
      const related = [{ span: prev.span, file, args: { note: "previousRow" } }];
      if (startsBefore(row.iv, prev.iv)) r.report("BL4003", row.span, { name: r.name, row: row.text, previous: prev.text }, related);
      else if (overlaps(prev.iv, row.iv)) r.report("BL4004", row.span, { name: r.name, row: row.text, previous: prev.text }, related);
      else if (gaps && gapBetween(prev.iv, row.iv)) r.report("BL4005", row.span, { name: r.name, from: `${prev.iv.hi}元`, to: `${row.iv.lo}元` });
    }
    prev = row;
  }
}

/** Constant, non-empty, non-negative intervals of the written rows. */
function intervals(r: Reporter, folder: Folder, e: Entity, ranges: { range?: Interval }[], bands = false): Row[] {
  const out: Row[] = [];
  const file = e.file.path;
  for (const { range } of ranges) {
    if (!range) continue;
    const text = e.file.text.slice(range.span.start, range.span.end);
    const iv = folder.interval(range, file);
    if (!iv) {
      r.report(bands ? "BL4032" : "BL4018", range.span, { what: "interval bound" });
      continue;
    }
    const negative = [iv.lo, iv.hi].find((b) => b?.isNegative());
    if (negative) r.report("BL4007", range.span, { value: r.label ? `${negative} (${r.label})` : negative.toString() });
    if (isEmpty(iv)) {
      r.report("BL4019", range.span, { text: r.label ? `${text} (${r.label})` : text });
      continue;
    }
    out.push({ iv, text, span: range.span });
  }
  return out;
}

/** The checks of bands rows in every case of their per-claim edges (band-edges.ts), or, when
 *  all edges are constants or an edge is of no permitted form, once (BL4018 names the latter). */
function checkRows(c: Compilation, folder: Folder, e: Entity, rows: BandsDecl["rows"]): void {
  const perClaim = rows.flatMap(({ range }) => (range ? [range.low, range.highInfinite ? undefined : range.high] : []))
    .filter((x): x is Expr => x !== undefined && !folder.decimal(x));
  const cases = perClaim.length > 0 ? edgeCases(c, folder, perClaim) : undefined;
  const once = new Set<string>();
  for (const k of cases ?? [{ label: undefined, folder }]) {
    const r = reporter(c, e, k.label, once);
    checkOrder(r, e.file.path, intervals(r, k.folder, e, rows, true), true);
  }
}

function checkMarginal(c: Compilation, folder: Folder, e: Entity): void {
  const n = declOf(e);
  if (n?.kind !== "bands") return;
  const file = e.file.path;
  const rateOk = (r: Dec) => !r.isNegative() && r.lte(ONE);
  if (n.derived) {
    // The base was checked where it was declared; only the raised rates can go wrong here.
    const rows = bandRows(c, folder, e);
    const perClaimAdd = n.derived.add !== undefined && !folder.value(n.derived.add, file) && perMember(c, folder, n.derived.add) !== undefined;
    if (rows.some((r) => r.rateExpr || (perClaimAdd && !r.gap && r.rate === undefined && r.members === undefined))) c.sink.report("BL4031", file, n.derived.span);
    // a category's rate is named with its category (特困人员's 105%)
    const bad = rows.flatMap((r) => [...(r.rate ? [{ value: r.rate, member: "" }] : []), ...(r.members?.values ?? [])]).find((v) => !rateOk(v.value));
    if (bad) c.sink.report("BL4006", file, n.derived.add?.span ?? n.derived.span, { rate: showValue({ k: "dec", v: bad.value }, "Rate") + (bad.member ? ` (${bad.member})` : "") });
    if (n.derived.add && !folder.value(n.derived.add, file) && !perClaimAdd) c.sink.report("BL4018", file, n.derived.add.span, { what: "band rate" });
    return;
  }
  // the two modes pay different money on the same rows: the document's sentence decides
  if (!n.mode) c.sink.report("BL4030", file, e.nameSpan ?? n.span, { name: e.local });
  for (const row of n.rows) {
    if (row.gap || !row.rate) continue;
    const v = folder.decimal(row.rate, file);
    if (v) {
      if (!rateOk(v)) c.sink.report("BL4006", file, row.rate.span, { rate: showValue({ k: "dec", v }, "Rate") });
      continue;
    }
    // one value per member of the enum it reads: each is a rate the bands pay
    const members = isPerClaimRate(c, row.rate, folder) ? undefined : perMember(c, folder, row.rate);
    const bad = members?.values.find((m) => !rateOk(m.value));
    if (bad) c.sink.report("BL4006", file, row.rate.span, { rate: `${showValue({ k: "dec", v: bad.value }, "Rate")} (${bad.member})` });
    // read per claim (band-rates.ts): the values it can take are checked where they are written
    // (a name that resolves to nothing is already an error of its own: BL2006)
    if (!members && !isPerClaimRate(c, row.rate, folder) && !readsUnknown(c, row.rate)) c.sink.report("BL4031", file, row.rate.span);
  }
  checkRows(c, folder, e, n.rows);
}

/** Whether `x` names something that resolved to nothing, or a table with errors of its own
 *  (a row missing, BL4001): those are reported there, not as this rate's form. */
function readsUnknown(c: Compilation, x: Expr): boolean {
  let unknown = false;
  walk(x, (y) => {
    if ((y.kind === "ref" && !c.res.has(y)) || (y.kind === "index" && !c.res.has(y.table))) unknown = true;
    const table = y.kind === "index" ? c.res.get(y.table)?.[0] : undefined;
    const decl = table && declOf(table);
    if (table && decl && c.sink.list.some((d) => d.severity === "error" && d.file === table.file.path && d.span.start >= decl.span.start && d.span.end <= decl.span.end)) unknown = true;
  });
  return unknown;
}

function checkClassify(c: Compilation, folder: Folder, e: Entity, n: ClassifyDecl): void {
  const file = e.file.path;
  const r = reporter(c, e);
  checkOrder(r, file, intervals(r, folder, e, n.rows), false);
  const result = e.type;
  if (!isEnum(result)) return;
  const members = c.entities.filter((m) => m.kind === "member" && !m.canonical && m.owner && `enum:${canon(m.owner).irName}` === result).map((m) => m.local);
  const check = (name: { text: string; span: Span } | undefined) => {
    if (name && !members.includes(name.text)) c.sink.report("BL4016", file, name.span, { member: name.text, enum: enumName(result), name: e.local, suggestion: suggest(name.text, members) });
  };
  for (const row of n.rows) check(row.member);
  if (n.otherwise) check(n.otherwise);
  else if (e.nameSpan) c.sink.report("BL4021", file, e.nameSpan, { name: e.local });
}
