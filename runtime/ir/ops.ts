// The meaning of each operator, declared once. The decimal.js evaluator (eval/compile-ir.ts) and
// the compiler's constant folding (compiler/fold.ts) call these on Decimals, so folding is
// evaluation of constants; the fixed-point path (fast/) follows the same tables on integers
// (arithType, pointsScale) and is checked against this path claim by claim. A rule that
// cannot be applied throws EvalFailure with its code: the evaluator reports it for the
// claim, the compiler as a diagnostic at the constant.
import type { BandEdge, BandMode, BandRow, Expr, Interval, KeyMatch, TypeName } from "./artifact.ts";
import { D, HUNDRED, ZERO, type Dec } from "./decimal.ts";
import { addMonths } from "./dates.ts";
import { EvalFailure, type ErrorCode } from "../errors.ts";
import { formatDecimal, roundFen } from "./money.ts";

export function fail(code: ErrorCode, args: Record<string, string> = {}): never {
  throw new EvalFailure(code, args);
}

// ── types and units ──

/** Why an arithmetic has no result type: the compiler names each in its own words. */
export type ArithProblem =
  | { problem: "money-rate" } // Money ± Rate: a rate is not an amount
  | { problem: "money-squared" } // Money × Money
  | { problem: "points"; side: "left" | "right" } // Points with anything but Rate/Points/numbers
  | { problem: "limit" } // arithmetic on unlimited
  | { problem: "mismatch" };

const isCount = (t: TypeName) => t === "Number" || t === "Int";

/** The result type of `l op r` (grammar/README.md "Types and units"), or why there is none. */
export function arithType(op: string, l: TypeName, r: TypeName): TypeName | ArithProblem {
  if (l === "Limit" || r === "Limit") return { problem: "limit" };
  const pair = (a: TypeName, b: TypeName) => (l === a && r === b) || (l === b && r === a);
  const points = (): ArithProblem => ({ problem: "points", side: l === "Points" ? "left" : "right" });
  const counts = () => (l === "Int" && r === "Int" ? "Int" : "Number");
  if (op === "+" || op === "-") {
    if (l === "Money" && r === "Money") return "Money";
    if (pair("Money", "Rate")) return { problem: "money-rate" };
    if (l === "Rate" && (r === "Rate" || r === "Points")) return "Rate";
    if (op === "+" && l === "Points" && r === "Rate") return "Rate";
    if (l === "Points" && r === "Points") return "Points";
    if (l === "Points" || r === "Points") return points();
    if (isCount(l) && isCount(r)) return counts();
    if (l === "Date" && r === "Duration") return "Date";
    if (op === "+" && l === "Duration" && r === "Date") return "Date";
    return { problem: "mismatch" };
  }
  if (op === "*") {
    if (l === "Money" && r === "Money") return { problem: "money-squared" };
    if (pair("Money", "Rate") || (l === "Money" && isCount(r)) || (isCount(l) && r === "Money")) return "Money";
    if (pair("Rate", "Rate") || (l === "Rate" && isCount(r)) || (isCount(l) && r === "Rate")) return "Rate";
    if ((l === "Points" && isCount(r)) || (isCount(l) && r === "Points")) return "Points";
    if (l === "Points" || r === "Points") return points();
    if (isCount(l) && isCount(r)) return counts();
    return { problem: "mismatch" };
  }
  if (op === "/") {
    if (l === "Money" && isCount(r)) return "Money";
    if (l === "Money" && r === "Money") return "Number";
    if (l === "Rate" && isCount(r)) return "Rate";
    if (l === "Rate" && r === "Rate") return "Number";
    if (l === "Points" && isCount(r)) return "Points";
    if (l === "Points" || r === "Points") return points();
    if (isCount(l) && isCount(r)) return "Number";
  }
  return { problem: "mismatch" };
}

/** Points are held as points (5pp = "5"): beside a Rate, a fraction, they count /100. Which
 *  operand of `+`/`−` to divide by 100: the fast path shifts that one two places instead. */
export function pointsScale(op: string, l: TypeName, r: TypeName): "left" | "right" | undefined {
  if (op !== "+" && op !== "-") return undefined;
  if (l === "Points" && r === "Rate") return "left";
  if (r === "Points" && l === "Rate") return "right";
  return undefined;
}

// ── numbers ──

/** The decimal places a quotient is carried to, half-up, on every engine (SQL's exact DECIMAL
 *  holds it so): 100 ÷ 7 is 14.28571428571428571429 wherever it is computed. A quotient multiplied
 *  back is divided last (compiler/divide-last.ts), so those places are rounded once, at the end. */
export const QUOTIENT_PLACES = 20;

/** `x op y` on amounts of types l and r. Division by zero fails with BR3002. */
export function arith(op: string, x: Dec, y: Dec, l: TypeName, r: TypeName): Dec {
  const scaled = pointsScale(op, l, r);
  if (scaled === "left") x = x.div(HUNDRED);
  else if (scaled === "right") y = y.div(HUNDRED);
  switch (op) {
    case "+": return x.plus(y);
    case "-": return x.minus(y);
    case "*": return x.times(y);
    default:
      if (y.isZero()) fail("BR3002");
      return x.div(y).toDecimalPlaces(QUOTIENT_PLACES, D.ROUND_HALF_UP);
  }
}

/** Half-up to a multiple of `unit` (the fen without one); a unit of 0 or less fails with BR3005. */
export function round(x: Dec, unit?: Dec): Dec {
  if (unit === undefined) return roundFen(x);
  if (!unit.isPositive() || unit.isZero()) fail("BR3005", { value: formatDecimal(unit) });
  return x.div(unit).toDecimalPlaces(0, D.ROUND_HALF_UP).times(unit);
}

export function minOf(a: Dec, b: Dec): Dec {
  return a.lte(b) ? a : b;
}

export function maxOf(a: Dec, b: Dec): Dec {
  return a.gte(b) ? a : b;
}

/** min/max over amounts where null is unlimited: min ignores it, max returns it. */
export function extreme(fn: "min" | "max", xs: readonly (Dec | null)[]): Dec | null {
  let r: Dec | null = null;
  for (const x of xs) {
    if (x === null) {
      if (fn === "max") return null;
      continue;
    }
    if (r === null || (fn === "min" ? x.lt(r) : x.gt(r))) r = x;
  }
  return r;
}

/** A deductible or cap computed per claim (`5000元 - 1000元 * 年数`) is 0 or more (BR3008): a
 *  negative one would pay more than the claim, or cap it below nothing. */
export function limitValue(v: Dec): Dec {
  if (v.isNegative() && !v.isZero()) fail("BR3008", { value: formatDecimal(v) });
  return v;
}

/** `x above t`: the part of x over the threshold. */
export function above(x: Dec, threshold: Dec): Dec {
  return maxOf(x.minus(limitValue(threshold)), ZERO);
}

/** What a threshold or cap still leaves this year after `used`. */
export function room(limit: Dec, used: Dec): Dec {
  return maxOf(limitValue(limit).minus(used), ZERO);
}

// ── comparison ──

/** Sign of a − b for values of one kind: amounts (null is unlimited, above every amount),
 *  dates (valid "YYYY-MM-DD": string order is calendar order), durations, members, text, Bool. */
export function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === "object") return (a as Dec).cmp(b as Dec);
  return (a as string | number) < (b as string | number) ? -1 : 1;
}

export function holds(op: string, sign: number): boolean {
  switch (op) {
    case "==": return sign === 0;
    case "!=": return sign !== 0;
    case "<": return sign < 0;
    case "<=": return sign <= 0;
    case ">": return sign > 0;
    default: return sign >= 0;
  }
}

// ── dates ──

/** Calendar months later (earlier when negative), the day clamped to the month's end; a year
 *  outside 0001–9999 fails with BR3006. */
export function moveDate(date: string, months: number): string {
  const r = addMonths(date, months);
  if (r === null) fail("BR3006", { value: `${date} ${months < 0 ? "-" : "+"} ${Math.abs(months)}` });
  return r;
}

// ── intervals, bands, classifications ──

/** An interval with Decimal bounds (null: unbounded). */
export interface DecRange {
  lo: Dec | null;
  loIncl: boolean;
  hi: Dec | null;
  hiIncl: boolean;
}

export function inRange(r: DecRange, x: Dec): boolean {
  if (r.lo !== null && (r.loIncl ? x.lt(r.lo) : x.lte(r.lo))) return false;
  return r.hi === null || (r.hiIncl ? x.lte(r.hi) : x.lt(r.hi));
}

export function showRange(r: DecRange): string {
  // a one-value row (`5:` in an Int-keyed table) reads as written
  if (r.lo !== null && r.hi !== null && r.loIncl && r.hiIncl && r.lo.eq(r.hi)) return formatDecimal(r.lo);
  const lo = r.lo === null ? "-∞" : formatDecimal(r.lo), hi = r.hi === null ? "∞" : formatDecimal(r.hi);
  return `${r.loIncl ? "[" : "("}${lo}, ${hi}${r.hiIncl ? "]" : ")"}`;
}

/** A band row as written: an edge read per claim is shown by what it reads (`病种限额[级别]`). */
export function showBandRow(r: BandRow): string {
  const edge = (x: BandEdge | null, open: string): string =>
    x === null ? open : typeof x === "string" ? formatDecimal(new D(x)) : readsText(x);
  return `${r.loIncl ? "[" : "("}${edge(r.lo, "-∞")}, ${edge(r.hi, "∞")}${r.hiIncl ? "]" : ")"}`;
}

function readsText(x: Expr): string {
  if (x.k === "param" || x.k === "input") return x.name;
  if (x.k === "index") return `${x.table}[${readsText(x.key)}]`;
  return "…";
}

export interface DecBand extends DecRange {
  lo: Dec;
  rate: Dec;
}

/** Marginal bands (超额累进): Σ rate × (the part of x in the band); rows in order. */
export function marginal(bands: readonly DecBand[], x: Dec): Dec {
  let sum = ZERO;
  for (const b of bands) {
    if (x.lte(b.lo)) break;
    const top = b.hi === null || x.lt(b.hi) ? x : b.hi;
    sum = sum.plus(top.minus(b.lo).times(b.rate));
  }
  return sum;
}

/** The band holding x (its interval contains x), or undefined: x is in a gap or in no band. */
export function bandHolding(bands: readonly DecBand[], x: Dec): DecBand | undefined {
  for (const b of bands) if (inRange(b, x)) return b;
  return undefined;
}

/** Whole bands (全额累进): all of x at the rate of the band holding it; nothing outside every band. */
export function whole(bands: readonly DecBand[], x: Dec): Dec {
  const b = bandHolding(bands, x);
  return b === undefined ? ZERO : x.times(b.rate);
}

/** Rows in order without overlap, each non-empty: what the compiler proves of constant edges,
 *  checked per claim where edges are read from the claim. */
export function bandsInOrder(bands: readonly DecBand[]): boolean {
  let prev: DecBand | undefined;
  for (const b of bands) {
    if (b.hi !== null && (b.hi.lt(b.lo) || (b.hi.eq(b.lo) && !(b.loIncl && b.hiIncl)))) return false;
    if (prev && (prev.hi === null || prev.hi.gt(b.lo) || (prev.hi.eq(b.lo) && prev.hiIncl && b.loIncl))) return false;
    prev = b;
  }
  return true;
}

/** What bands of either mode pay on x. */
export function applyBands(mode: BandMode, bands: readonly DecBand[], x: Dec): Dec {
  return mode === "whole" ? whole(bands, x) : marginal(bands, x);
}

/** The slice of [from, to] falling in each band, with what it pays (for traces). */
export function bandSlices(bands: readonly DecBand[], from: Dec, to: Dec): { band: DecBand; base: Dec }[] {
  const out: { band: DecBand; base: Dec }[] = [];
  for (const b of bands) {
    const lo = maxOf(from, b.lo);
    const hi = b.hi === null ? to : minOf(to, b.hi);
    if (hi.gt(lo)) out.push({ band: b, base: hi.minus(lo) });
  }
  return out;
}

/** The first row holding x, or undefined. */
export function findRow<R extends { range: DecRange }>(rows: readonly R[], x: Dec): R | undefined {
  for (const r of rows) if (inRange(r.range, x)) return r;
  return undefined;
}

// ── tables ──

/** A grid row's key, its interval decoded once: Decimals here, integers on the fast path. */
export type GridMatch<R> = { any: true } | { members: ReadonlySet<string> } | { range: R };

/** A row's keys decoded; `range` gets each interval with its key's position. */
export function gridMatchers<R>(keys: readonly KeyMatch[], range: (iv: Interval, key: number) => R): GridMatch<R>[] {
  return keys.map((m, j) => ("any" in m ? { any: true } : "members" in m ? { members: new Set(m.members) } : { range: range(m.range, j) }));
}

/** The first row of a grid whose every key matches (an enum key is a member's name, an amount
 *  key a number in `has`'s encoding), or undefined. The compiler makes the match unique. */
export function gridRow<R, N, Row extends { keys: readonly GridMatch<R>[] }>(
  rows: readonly Row[], keys: readonly (string | N)[], has: (r: R, x: N) => boolean,
): Row | undefined {
  for (const row of rows) {
    let all = true;
    for (let j = 0; j < keys.length && all; j++) {
      const m = row.keys[j]!, k = keys[j]!;
      all = "any" in m || ("members" in m ? m.members.has(k as string) : has(m.range, k as N));
    }
    if (all) return row;
  }
  return undefined;
}

/** A grid row's keys as a trace shows them: `低保|优抚, _, (10000, ∞)`. */
export function showGridKeys<R>(keys: readonly GridMatch<R>[], range: (r: R) => string): string {
  return keys.map((m) => ("any" in m ? "_" : "members" in m ? [...m.members].join("|") : range(m.range))).join(", ");
}

/** The member of `members` whose amount in the table is the greatest (unlimited above any
 *  amount; the first such member on a tie): 多病种就高 of a table of limits. An empty set fails
 *  with BR3004, a member without a row with BR3001. */
export function highestAmountKey(map: ReadonlyMap<string, Dec | null>, table: string, members: readonly string[]): string {
  if (members.length === 0) fail("BR3004", { table, example: map.keys().next().value ?? "" });
  let best: Dec | null | undefined, from = "";
  for (const m of members) {
    const v = map.get(m);
    if (v === undefined) fail("BR3001", { table, key: m });
    if (best === null) continue;
    if (best === undefined || v === null || v.gt(best)) {
      best = v;
      from = m;
    }
  }
  return from;
}

/** The member of `members` whose table value ranks first in its enum (就高不就低). An empty set
 *  fails with BR3004, a member without a row with BR3001. */
export function highestKey(map: ReadonlyMap<string, string>, order: ReadonlyMap<string, number>, table: string, members: readonly string[]): string {
  if (members.length === 0) fail("BR3004", { table, example: map.keys().next().value ?? "" });
  let bestRank = Infinity, from = "";
  for (const m of members) {
    const v = map.get(m);
    if (v === undefined) fail("BR3001", { table, key: m });
    const rank = order.get(v)!;
    if (rank < bestRank) {
      bestRank = rank;
      from = m;
    }
  }
  return from;
}
