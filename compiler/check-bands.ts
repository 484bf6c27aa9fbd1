// Stage "check bands": bands have a mode (`marginal` or `whole`), are in order, do not overlap, leave no undeclared gap,
// have non-negative bounds and rates within 0–100 % (also after `base.X + 5pp`).
// Classifications: the same order rules, members of the result enum, an `else` member.
import type { ClassifyDecl, Span } from "../grammar/ast.ts";
import { ONE, type Dec } from "../runtime/ir/decimal.ts";
import { showValue, type Folder, type IntervalValue } from "./fold.ts";
import { isPerClaimRate } from "./band-rates.ts";
import { bandRows, gapBetween, isEmpty, overlaps, startsBefore } from "./intervals.ts";
import { canon, declOf, type Compilation, type Entity } from "./symbols.ts";
import { suggest } from "../grammar/suggest.ts";
import { enumName, isEnum } from "./types.ts";


export function checkBands(c: Compilation, folder: Folder): void {
  for (const e of c.entities) {
    if (!e.live) continue;
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

/** Order and overlap (both kinds of bands); gaps only matter for marginal bands. */
function checkOrder(c: Compilation, e: Entity, rows: Row[], gaps: boolean): void {
  const file = e.file.path;
  let prev: Row | undefined;
  for (const row of rows) {
    if (prev) {
      const related = [{ span: prev.span, file, args: { note: "previousRow" } }];
      if (startsBefore(row.iv, prev.iv)) c.sink.report("BL4003", file, row.span, { name: e.local, row: row.text, previous: prev.text }, related);
      else if (overlaps(prev.iv, row.iv)) c.sink.report("BL4004", file, row.span, { name: e.local, row: row.text, previous: prev.text }, related);
      else if (gaps && gapBetween(prev.iv, row.iv)) c.sink.report("BL4005", file, row.span, { name: e.local, from: `${prev.iv.hi}元`, to: `${row.iv.lo}元` });
    }
    prev = row;
  }
}

/** Constant, non-empty, non-negative intervals of the written rows. */
function intervals(c: Compilation, folder: Folder, e: Entity, ranges: { range?: ClassifyDecl["rows"][number]["range"] }[]): Row[] {
  const out: Row[] = [];
  const file = e.file.path;
  for (const { range } of ranges) {
    if (!range) continue;
    const text = e.file.text.slice(range.span.start, range.span.end);
    const iv = folder.interval(range, file);
    if (!iv) {
      c.sink.report("BL4018", file, range.span, { what: "interval bound" });
      continue;
    }
    const negative = [iv.lo, iv.hi].find((b) => b?.isNegative());
    if (negative) c.sink.report("BL4007", file, range.span, { value: negative.toString() });
    if (isEmpty(iv)) {
      c.sink.report("BL4019", file, range.span, { text });
      continue;
    }
    out.push({ iv, text, span: range.span });
  }
  return out;
}

function checkMarginal(c: Compilation, folder: Folder, e: Entity): void {
  const n = declOf(e);
  if (n?.kind !== "bands") return;
  const file = e.file.path;
  const rateOk = (r: Dec) => !r.isNegative() && r.lte(ONE);
  if (n.derived) {
    // The base was checked where it was declared; only the raised rates can go wrong here.
    const rows = bandRows(c, folder, e);
    if (rows.some((r) => r.rateExpr)) c.sink.report("BL4031", file, n.derived.span);
    const bad = rows.find((r) => r.rate && !rateOk(r.rate));
    if (bad?.rate) c.sink.report("BL4006", file, n.derived.add?.span ?? n.derived.span, { rate: showValue({ k: "dec", v: bad.rate }, "Rate") });
    if (n.derived.add && !folder.value(n.derived.add, file)) c.sink.report("BL4018", file, n.derived.add.span, { what: "band rate" });
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
    // read per claim (band-rates.ts): the values it can take are checked where they are written
    if (!isPerClaimRate(c, row.rate)) c.sink.report("BL4031", file, row.rate.span);
  }
  checkOrder(c, e, intervals(c, folder, e, n.rows), true);
}

function checkClassify(c: Compilation, folder: Folder, e: Entity, n: ClassifyDecl): void {
  const file = e.file.path;
  checkOrder(c, e, intervals(c, folder, e, n.rows), false);
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
