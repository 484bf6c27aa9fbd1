// Interval arithmetic shared by range tables, bands and classifications, and the rows of a
// bands declaration after derivation (`base.分段 + 5pp`).
import type { BandMode, BandsDecl, Expr, Interval, Span } from "../grammar/ast.ts";
import { isPerClaimRate, perMember, type PerMember } from "./band-rates.ts";
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

/** Some point lies between `prev` and `cur` (which do not overlap); for whole-number keys
 *  (`whole`), some whole number: `[0, 17]` and `[18, 59]` of an Int key leave nothing out. */
export function gapBetween(prev: IntervalValue, cur: IntervalValue, whole = false): boolean {
  if (prev.hi === null || cur.lo === null) return false;
  const c = prev.hi.cmp(cur.lo);
  const gap = c < 0 || (c === 0 && !prev.hiIncl && !cur.loIncl);
  return gap && (!whole || holdsWhole({ lo: prev.hi, loIncl: !prev.hiIncl, hi: cur.lo, hiIncl: !cur.loIncl }));
}

/** The interval holds a whole number (a cell an Int key can fall in). */
export function holdsWhole(iv: IntervalValue): boolean {
  if (iv.lo === null || iv.hi === null) return true;
  const first = firstWhole(iv.lo, iv.loIncl);
  const c = first.cmp(iv.hi);
  return c < 0 || (c === 0 && iv.hiIncl);
}

/** The one whole number a bounded interval holds, if it holds exactly one: `(16, 18)` → 17. */
export function onlyWhole(iv: IntervalValue): Dec | undefined {
  if (iv.lo === null || iv.hi === null) return undefined;
  const first = firstWhole(iv.lo, iv.loIncl);
  const last = iv.hiIncl && iv.hi.isInteger() ? iv.hi : iv.hi.ceil().minus(1);
  return first.eq(last) ? first : undefined;
}

const firstWhole = (lo: Dec, incl: boolean): Dec => (incl && lo.isInteger() ? lo : lo.floor().plus(1));

export function isEmpty(iv: IntervalValue): boolean {
  if (iv.lo === null || iv.hi === null) return false;
  const c = iv.lo.cmp(iv.hi);
  return c > 0 || (c === 0 && !(iv.loIncl && iv.hiIncl));
}

export interface BandRowValue {
  /** the written interval; its bounds are constants or edges read per claim (band-edges.ts) */
  range: Interval;
  /** the interval when its bounds are constants */
  iv?: IntervalValue;
  /** the bands entity that wrote the row (the base, for derived bands) */
  owner: Entity;
  /** fraction; undefined for a declared gap or a rate read per claim */
  rate?: Dec;
  /** a rate read per claim (band-rates.ts), when it is not a constant */
  rateExpr?: Expr;
  /** a rate that reads one enum (`60% + 倾斜提高[类别]`): its value per member */
  members?: PerMember;
  /** a declared gap: no rate */
  gap: boolean;
  span: Span;
  /** the written interval, for messages */
  text: string;
}

/** The bands entity derived bands (`base.X + 5pp`) are computed from. */
export function bandsBase(c: Compilation, n: BandsDecl): Entity | undefined {
  const from = unparen(n.derived?.from);
  const base = from?.kind === "ref" ? c.res.get(from)?.[0] : undefined;
  return base?.kind === "bands" ? base : undefined;
}

/** The mode of a bands entity; derived bands (`base.X + 5pp`) keep their base's. */
export function bandMode(c: Compilation, e: Entity, depth = 0): BandMode | undefined {
  const n = declOf(e) as BandsDecl | undefined;
  if (!n || n.kind !== "bands" || depth > 20) return undefined;
  if (!n.derived) return n.mode;
  const base = bandsBase(c, n);
  return base ? bandMode(c, base, depth + 1) : undefined;
}

/** Rows of a bands entity; derived bands are computed from their base. Rows whose rate is
 *  neither a constant nor read per claim are skipped (reported by check-bands). */
export function bandRows(c: Compilation, folder: Folder, e: Entity, depth = 0): BandRowValue[] {
  const n = declOf(e) as BandsDecl | undefined;
  if (!n || n.kind !== "bands" || depth > 20) return [];
  if (n.derived) {
    const base = bandsBase(c, n);
    if (!base) return [];
    const pp = folder.decimal(n.derived.add, e.file.path);
    const add = pp ? pp.div(HUNDRED) : ZERO;
    // points that depend on the claim's category (特困人员各段提高5个百分点): per member, on constant rates
    const addOf = pp === undefined ? perMember(c, folder, n.derived.add) : undefined;
    // (on a rate read per claim they cannot be added: check-bands refuses that, BL4031)
    return bandRows(c, folder, base, depth + 1).map((r) => {
      const span = n.derived!.span;
      if (addOf !== undefined) {
        const values = r.rate === undefined ? undefined : addOf.values.map(({ member, value }) => ({ member, value: r.rate!.plus(value.div(HUNDRED)) }));
        return { ...r, rate: undefined, members: values && { ...addOf, values }, span };
      }
      const members = r.members && { ...r.members, values: r.members.values.map(({ member, value }) => ({ member, value: value.plus(add) })) };
      return { ...r, rate: r.rate?.plus(add), members, span };
    });
  }
  const out: BandRowValue[] = [];
  for (const row of n.rows) {
    if (!row.range) continue;
    const iv = folder.interval(row.range, e.file.path);
    const rate = row.gap ? undefined : folder.decimal(row.rate, e.file.path);
    const rateExpr = !row.gap && !rate && isPerClaimRate(c, row.rate, folder) ? row.rate : undefined;
    const members = !row.gap && !rate && !rateExpr ? perMember(c, folder, row.rate) : undefined;
    if (!row.gap && !rate && !rateExpr && !members) continue;
    out.push({ range: row.range, iv, owner: e, rate, rateExpr, members, gap: row.gap, span: row.span, text: e.file.text.slice(row.range.span.start, row.range.span.end) });
  }
  return out;
}
