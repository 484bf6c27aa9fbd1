// Interval arithmetic shared by range tables, bands and classifications, and the rows of a
// bands declaration after derivation (`base.分段 + 5pp`).
import type { BandsDecl, Span } from "../grammar/ast.ts";
import { HUNDRED, ZERO, type Dec } from "../runtime/ir/decimal.ts";
import type { Folder, IntervalValue } from "./fold.ts";
import { declOf, type Compilation, type Entity } from "./symbols.ts";
import { unparen } from "./walk.ts";


/** a starts strictly before b (−∞ first; `[x` before `(x`). */
export function startsBefore(a: IntervalValue, b: IntervalValue): boolean {
  if (a.lo === null) return b.lo !== null;
  if (b.lo === null) return false;
  const c = a.lo.cmp(b.lo);
  return c < 0 || (c === 0 && a.loIncl && !b.loIncl);
}

/** `prev` (starting no later than `cur`) shares a point with `cur`. */
export function overlaps(prev: IntervalValue, cur: IntervalValue): boolean {
  if (prev.hi === null || cur.lo === null) return true;
  const c = prev.hi.cmp(cur.lo);
  return c > 0 || (c === 0 && prev.hiIncl && cur.loIncl);
}

/** Some point lies between `prev` and `cur` (which do not overlap). */
export function gapBetween(prev: IntervalValue, cur: IntervalValue): boolean {
  if (prev.hi === null || cur.lo === null) return false;
  const c = prev.hi.cmp(cur.lo);
  return c < 0 || (c === 0 && !prev.hiIncl && !cur.loIncl);
}

export function isEmpty(iv: IntervalValue): boolean {
  if (iv.lo === null || iv.hi === null) return false;
  const c = iv.lo.cmp(iv.hi);
  return c > 0 || (c === 0 && !(iv.loIncl && iv.hiIncl));
}

export interface BandRowValue {
  iv: IntervalValue;
  /** fraction; undefined for a declared gap */
  rate?: Dec;
  span: Span;
  /** the written interval, for messages */
  text: string;
}

/** Rows of a bands entity with constant bounds and rates; derived bands are computed from
 *  their base. Rows whose values are not constant are skipped (reported by check-bands). */
export function bandRows(c: Compilation, folder: Folder, e: Entity, depth = 0): BandRowValue[] {
  const n = declOf(e) as BandsDecl | undefined;
  if (!n || n.kind !== "bands" || depth > 20) return [];
  if (n.derived) {
    const from = unparen(n.derived.from);
    const base = from?.kind === "ref" ? c.res.get(from)?.[0] : undefined;
    if (!base || base.kind !== "bands") return [];
    const pp = folder.decimal(n.derived.add, e.file.path);
    const add = pp ? pp.div(HUNDRED) : ZERO;
    return bandRows(c, folder, base, depth + 1).map((r) => ({ ...r, rate: r.rate?.plus(add), span: n.derived!.span }));
  }
  const out: BandRowValue[] = [];
  for (const row of n.rows) {
    if (!row.range) continue;
    const iv = folder.interval(row.range, e.file.path);
    if (!iv) continue;
    const rate = row.gap ? undefined : folder.decimal(row.rate, e.file.path);
    if (!row.gap && !rate) continue;
    out.push({ iv, rate, span: row.span, text: e.file.text.slice(row.range.span.start, row.range.span.end) });
  }
  return out;
}
