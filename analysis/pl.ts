// Piecewise functions of one amount x ≥ 0: the cuts split [0, ∞) into open pieces, and on each
// piece the value is a line a·x + b (a number) or a constant (a Bool, a member, a set, a date,
// unlimited). The value AT a cut is not tracked: the runtime decides it (analyze.ts probes it).
// Each cut remembers where it comes from (a deductible, a band edge, a cap…), and each piece the
// rows and caps its value depends on (tags), which is how unreachable rows and caps that never
// bind are found.
import { D, ZERO, type Dec } from "../runtime/ir/decimal.ts";

export type BreakKind = "deductible" | "band edge" | "cap" | "threshold" | "table row";

/** Where a breakpoint comes from: the declaration that puts it there. */
export interface Origin {
  kind: BreakKind;
  name: string;
  sections?: string[];
}

export interface Cut {
  x: Dec;
  origin: Origin;
  /** kept even between equal pieces: the value AT it may differ (an `==` comparison) */
  keep?: true;
}

export interface Line {
  a: Dec;
  b: Dec;
}

/** A piece's value: a line for numbers, else the constant value (null: unlimited). */
export type Val = Line | null | boolean | string | string[] | number;

export type Tags = ReadonlySet<string>;

export interface PW {
  /** strictly increasing, all > 0 */
  cuts: Cut[];
  /** cuts.length + 1 values: piece i lies between cuts[i-1] (or 0) and cuts[i] (or ∞) */
  vals: Val[];
  tags: Tags[];
}

const NO_TAGS: Tags = new Set();

export const isLine = (v: Val): v is Line => v !== null && typeof v === "object" && !Array.isArray(v);

export function line(a: Dec, b: Dec): Line {
  return { a: snap(a), b: snap(b) };
}

const NOISE = new D("1e-30");

/**
 * A coefficient or point found through a division that does not end (a cap of 150000 at 90%
 * binds at 166666.66…) comes back from later arithmetic as 73200.00000000000000000000000000000000001
 * rather than 73200: within 10⁻³⁰ of a number of 20 decimals, it is that number. A quotient that
 * truly repeats (1/3) is farther than that from any and stays as it is.
 */
export function snap(x: Dec): Dec {
  const near = x.toDecimalPlaces(20);
  return near.eq(x) || near.minus(x).abs().gte(NOISE) ? x : near;
}

export function at(l: Line, x: Dec): Dec {
  return l.a.times(x).plus(l.b);
}

export function constPW(v: Val, tags: Tags = NO_TAGS): PW {
  return { cuts: [], vals: [v], tags: [tags] };
}

export function numPW(n: Dec, tags: Tags = NO_TAGS): PW {
  return constPW(line(ZERO, n), tags);
}

/** The amount itself: x. */
export function identity(): PW {
  return constPW(line(new D(1), ZERO));
}

export function union(...ts: Tags[]): Tags {
  const nonEmpty = ts.filter((t) => t.size > 0);
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? NO_TAGS;
  const out = new Set<string>();
  for (const t of nonEmpty) for (const x of t) out.add(x);
  return out;
}

/** A point inside the piece (lo, hi) (hi null: unbounded). */
export function inside(lo: Dec, hi: Dec | null): Dec {
  return hi === null ? lo.plus(1) : lo.plus(hi).div(2);
}

/** Two distinct points inside (lo, hi), to fit a line through: halves, so that the
 *  differences stay exact decimals (thirds would round the slope). */
function twoInside(lo: Dec, hi: Dec | null): [Dec, Dec] {
  if (hi === null) return [lo.plus(1), lo.plus(2)];
  const mid = lo.plus(hi).div(2);
  return [mid, mid.plus(hi).div(2)];
}

/** The line through (x1, y1) and (x2, y2). */
function fit(x1: Dec, y1: Dec, x2: Dec, y2: Dec): Line {
  const a = y2.minus(y1).div(x2.minus(x1));
  return line(a, y1.minus(a.times(x1)));
}

/** A sub-result on one piece: extra cuts strictly inside it, and one more value than cuts. */
export interface Sub {
  cuts: Cut[];
  vals: Val[];
  tags: Tags[];
}

export const single = (v: Val, tags: Tags): Sub => ({ cuts: [], vals: [v], tags: [tags] });

/** Combines functions piece by piece on their common refinement; `f` sees each piece's values
 *  and bounds and may split it further (a crossing inside it). */
export function combine(ps: readonly PW[], f: (vals: Val[], tags: Tags[], lo: Dec, hi: Dec | null) => Sub): PW {
  const cuts = mergeCuts(ps.map((p) => p.cuts));
  const idx = ps.map(() => 0);
  const out: PW = { cuts: [], vals: [], tags: [] };
  for (let k = 0; k <= cuts.length; k++) {
    const lo = k === 0 ? ZERO : cuts[k - 1]!.x, hi = k === cuts.length ? null : cuts[k]!.x;
    // advance each input to the piece holding (lo, hi)
    ps.forEach((p, j) => {
      while (idx[j]! < p.cuts.length && p.cuts[idx[j]!]!.x.lte(lo)) idx[j]!++;
    });
    const sub = f(ps.map((p, j) => p.vals[idx[j]!]!), ps.map((p, j) => p.tags[idx[j]!]!), lo, hi);
    if (k > 0) out.cuts.push(cuts[k - 1]!);
    sub.vals.forEach((v, i) => {
      if (i > 0) out.cuts.push(sub.cuts[i - 1]!);
      out.vals.push(v);
      out.tags.push(sub.tags[i]!);
    });
  }
  return simplify(out);
}

export function mergeCuts(lists: readonly Cut[][]): Cut[] {
  const all = lists.flat().sort((p, q) => p.x.cmp(q.x));
  const out: Cut[] = [];
  for (const c of all) if (out.length === 0 || !out[out.length - 1]!.x.eq(c.x)) out.push(c);
  return out;
}

function sameVal(p: Val, q: Val): boolean {
  if (isLine(p) && isLine(q)) return p.a.eq(q.a) && p.b.eq(q.b);
  if (Array.isArray(p) && Array.isArray(q)) return p.length === q.length && p.every((x, i) => x === q[i]);
  return p === q;
}

function sameTags(p: Tags, q: Tags): boolean {
  return p.size === q.size && [...p].every((t) => q.has(t));
}

/** Drops a cut between two pieces with the same value and tags: nothing changes there, unless
 *  the cut is kept (a jump at the cut alone, as `x == 5000元` makes, leaves the pieces equal).
 *  `values`: the same value is enough (what is shown: a cut where only the rule reached
 *  changes — a cap at 5万 with the same rate on both sides — is no breakpoint of the figures). */
export function simplify(p: PW, by: "tags" | "values" = "tags"): PW {
  const out: PW = { cuts: [], vals: [p.vals[0]!], tags: [p.tags[0]!] };
  for (let i = 0; i < p.cuts.length; i++) {
    const v = p.vals[i + 1]!, t = p.tags[i + 1]!;
    const last = out.vals.length - 1;
    if (p.cuts[i]!.keep !== true && sameVal(out.vals[last]!, v) && (by === "values" || sameTags(out.tags[last]!, t))) continue;
    out.cuts.push(p.cuts[i]!);
    out.vals.push(v);
    out.tags.push(t);
  }
  return out;
}

/** Maps each piece's value (no new cuts). */
export function map(ps: readonly PW[], f: (vals: Val[], tags: Tags[]) => [Val, Tags]): PW {
  return combine(ps, (vals, tags) => {
    const [v, t] = f(vals, tags);
    return single(v, t);
  });
}

/** Where `l` crosses `m` strictly inside (lo, hi), if it does. */
export function crossing(l: Line, m: Line, lo: Dec, hi: Dec | null): Dec | undefined {
  if (l.a.eq(m.a)) return undefined;
  const x = snap(m.b.minus(l.b).div(l.a.minus(m.a)));
  return x.gt(lo) && (hi === null || x.lt(hi)) ? x : undefined;
}

/** Splits the piece (lo, hi) at the given points (those strictly inside, sorted, distinct) and
 *  gives each sub-piece's value by `f` at a point inside it, or by fitting a line through two. */
export function splitPiece(
  lo: Dec, hi: Dec | null, points: { x: Dec; origin: Origin }[], value: (lo: Dec, hi: Dec | null) => [Val, Tags],
): Sub {
  const inner = mergeCuts([points.filter((p) => p.x.gt(lo) && (hi === null || p.x.lt(hi)))]);
  const sub: Sub = { cuts: inner, vals: [], tags: [] };
  for (let i = 0; i <= inner.length; i++) {
    const [v, t] = value(i === 0 ? lo : inner[i - 1]!.x, i === inner.length ? hi : inner[i]!.x);
    sub.vals.push(v);
    sub.tags.push(t);
  }
  return sub;
}

/** g ∘ l on (lo, hi), where g is linear between the `edges` of its argument: cuts where l
 *  meets an edge; on each sub-piece g's value (a number: a line fitted through two points;
 *  anything else: its value at one point). */
export function composeOn(
  l: Line, lo: Dec, hi: Dec | null, edges: readonly { at: Dec; origin: Origin }[],
  g: (y: Dec) => [Dec | Val, Tags],
): Sub {
  const points: Cut[] = [];
  if (!l.a.isZero()) for (const e of edges) points.push({ x: snap(e.at.minus(l.b).div(l.a)), origin: e.origin });
  return splitPiece(lo, hi, points, (a, b) => {
    const [x1, x2] = twoInside(a, b);
    const [v1, t1] = g(at(l, x1));
    if (!D.isDecimal(v1)) return [v1 as Val, t1];
    const [v2, t2] = g(at(l, x2));
    return [fit(x1, v1 as Dec, x2, v2 as Dec), union(t1, t2)];
  });
}

/** The piece index holding x (x on a cut belongs to the piece on its right). */
export function pieceAt(p: PW, x: Dec): number {
  let i = 0;
  while (i < p.cuts.length && p.cuts[i]!.x.lte(x)) i++;
  return i;
}
