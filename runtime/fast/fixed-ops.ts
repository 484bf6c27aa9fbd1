// What the fast path's generated code calls: the meaning of the IR nodes that need more than
// an operator, on exact fixed-point integers (fixed.ts). compile-fixed.ts writes each call with
// its operands in the order compile-ir.ts evaluates them; these functions only combine the
// values, read and write the ledger, and throw OVERFLOW where the claim must go to decimal.js.
import { gridRow, highestKey, type GridMatch } from "../ir/ops.ts";
import { addMonths } from "../ir/dates.ts";
import { divExact, divRound, formatFixedMoney, OVERFLOW, rescale, roundTo, safe } from "./fixed.ts";

/** A run-time value: number-like values are integers at their node's scale; null is unlimited. */
export type FV = number | null | boolean | string | string[];

/** What generated code works on for one claim. */
interface FCtx {
  /** inputs by slot, numbers at the scale of inputScale(type) */
  in: FV[];
  /** ledger fields by slot, in fen */
  led: number[];
  defs: (FV | undefined)[];
  /** what the earlier layers left, at the pipeline's scale */
  rem: number;
  /** what each pipeline's layers and leaves came to, in fen, by slot (Checked.results), once it ran */
  paid: number[];
  /** the claim's date, "YYYY-MM-DD" */
  date: string;
}

/** An interval with integer bounds at one scale. */
export interface FRange {
  lo: number | null;
  hi: number | null;
  loIncl: boolean;
  hiIncl: boolean;
}

export interface FBand extends FRange {
  lo: number;
  rate: number;
}

/** Adds a claim's amount (at scale s) to a ledger slot, to the fen; a negative one leaves the fast path. */
function addToLedger(c: FCtx, slot: number, amount: number, s: number): number {
  if (amount < 0) throw OVERFLOW;
  const after = safe(c.led[slot]! + (s > 2 ? roundTo(amount, s, 2) : rescale(amount, s, 2)));
  c.led[slot] = after;
  return after;
}

function has(r: FRange, x: number): boolean {
  if (r.lo !== null && (r.loIncl ? x < r.lo : x <= r.lo)) return false;
  return r.hi === null || (r.hiIncl ? x <= r.hi : x < r.hi);
}

/** Σ rate × (part of x in the band), as compile-ir.ts's marginal; rows in order. */
function marginal(bands: readonly FBand[], x: number): number {
  let sum = 0;
  for (const b of bands) {
    if (x <= b.lo) break;
    const top = b.hi === null || x < b.hi ? x : b.hi;
    sum = safe(sum + safe(safe(top - b.lo) * b.rate));
  }
  return sum;
}

/** All of x at the rate of the band holding it, as ops.ts's whole; nothing outside every band. */
function whole(bands: readonly FBand[], x: number): number {
  for (const b of bands) if (has(b, x)) return safe(x * b.rate);
  return 0;
}

/** As ops.ts's bandsInOrder. */
function inOrder(bands: readonly FBand[]): boolean {
  let prev: FBand | undefined;
  for (const b of bands) {
    if (b.hi !== null && (b.hi < b.lo || (b.hi === b.lo && !(b.loIncl && b.hiIncl)))) return false;
    if (prev && (prev.hi === null || prev.hi > b.lo || (prev.hi === b.lo && prev.hiIncl && b.loIncl))) return false;
    prev = b;
  }
  return true;
}

/** What bands of either mode pay on x. */
function applyBands(isWhole: boolean, bands: readonly FBand[], x: number): number {
  return isWhole ? whole(bands, x) : marginal(bands, x);
}

/** The date `months` calendar months after d (before, when negative). */
function moveDate(d: string, months: number): string {
  const r = addMonths(d, months);
  if (r === null) throw OVERFLOW;
  return r;
}

export const ops = {
  addToLedger,

  /** Bands on x; x comes first so that generated code evaluates it before any per-claim rate. */
  bands(isWhole: boolean, x: number, rows: readonly FBand[]): number {
    return applyBands(isWhole, rows, x);
  },

  /** Constant rows with the rates read from this claim (null: the row's constant rate). */
  withRates(rows: readonly FBand[], rates: readonly (number | null)[]): FBand[] {
    return rows.map((b, i) => (rates[i] === null ? b : { ...b, rate: rates[i]! }));
  },
  /** Edges read per claim (null: the written constant), which must leave the rows in order. */
  withEdges(rows: readonly FBand[], los: readonly (number | null)[], his: readonly (number | null)[]): FBand[] {
    const out = rows.map((b, i) => ({ ...b, lo: los[i] ?? b.lo, hi: his[i] ?? b.hi }));
    if (!inOrder(out)) throw OVERFLOW; // the decimal.js path reports BR3007
    return out;
  },
  safe,
  roundTo,

  /** v at a larger scale (× m); null (unlimited) passes through. */
  scaleUp(v: number | null, m: number): number | null {
    return v === null ? v : safe(v * m);
  },

  /** x / y at the planned scale: (x · m) / y, which must divide exactly. */
  div(x: number, y: number, m: number): number {
    if (y === 0) throw OVERFLOW; // the decimal.js path reports BR3002
    return divExact(safe(x * m), y);
  },

  /** −1, 0 or 1 for two amounts; null is unlimited: greater than every amount, equal to itself. */
  compareAmounts(x: number | null, y: number | null): number {
    if (x === null) return y === null ? 0 : 1;
    if (y === null) return -1;
    return x === y ? 0 : x < y ? -1 : 1;
  },

  /** −1, 0 or 1 for two values of any other type (enum members, dates, flags), as compile-ir.ts. */
  compareValues(x: FV, y: FV): number {
    return x === y ? 0 : (x as string) < (y as string) ? -1 : 1;
  },

  moveDate,

  /** date ± months or months + date, both operands already evaluated in order. */
  dateArith(x: FV, y: FV, dateLeft: boolean, sign: number): string {
    return moveDate((dateLeft ? x : y) as string, sign * ((dateLeft ? y : x) as number));
  },

  /** `v above th`: what exceeds the threshold, never below zero. */
  above(x: number, t: number): number {
    if (t < 0) throw OVERFLOW; // the decimal.js path reports BR3008
    const d = safe(x - t);
    return d >= 0 ? d : 0;
  },

  /** `v above th per year using F`: what exceeds the threshold left this year (at st, the
   *  threshold's scale, ≥ fen); the part under it is recorded to the ledger. */
  aboveUsing(c: FCtx, slot: number, x: number, t: number, st: number, s: number): number {
    if (t < 0) throw OVERFLOW; // the decimal.js path reports BR3008
    const before = rescale(c.led[slot]!, 2, st);
    const l = safe(t - before), left = rescale(l >= 0 ? l : 0, st, s);
    const d = safe(x - left), r = d >= 0 ? d : 0;
    addToLedger(c, slot, x <= left ? x : left, s);
    return r;
  },

  /** r capped at the room left under `cap` (null: unlimited) this year (slot ≥ 0) or per claim. */
  capAt(c: FCtx, r: number, cap: number | null, slot: number, s: number): number {
    if (cap === null) return r;
    if (cap < 0) throw OVERFLOW; // the decimal.js path reports BR3008
    let room = cap;
    if (slot >= 0) {
      room = safe(cap - rescale(c.led[slot]!, 2, s));
      if (room < 0) room = 0;
    }
    return room < r ? room : r;
  },

  atLeast(x: number, floor: number): number {
    return x >= floor ? x : floor;
  },

  /** Bands on this year's running total: f(before + x) − f(before); x is recorded. */
  bandsUsing(c: FCtx, isWhole: boolean, slot: number, x: number, rows: readonly FBand[], sb: number): number {
    const before = rescale(c.led[slot]!, 2, sb);
    const r = safe(applyBands(isWhole, rows, safe(before + x)) - applyBands(isWhole, rows, before));
    addToLedger(c, slot, x, sb);
    return r;
  },

  classify(rows: readonly { range: FRange; member: string }[], x: number, otherwise: string | null): string | null {
    for (const r of rows) if (has(r.range, x)) return r.member;
    return otherwise;
  },

  /** This year's total with x, which is recorded. */
  cumulative(c: FCtx, slot: number, x: number, s: number): number {
    const r = safe(rescale(c.led[slot]!, 2, s) + x);
    addToLedger(c, slot, x, s);
    return r;
  },

  /** 就高不就低: the table value of the member that ranks first. */
  highest(map: ReadonlyMap<string, string>, order: ReadonlyMap<string, number>, table: string, members: string[]): string {
    return map.get(highestKey(map, order, table, members))!;
  },

  /** 多病种就高: the greatest amount among the members' (one scale; null, unlimited, above all).
   *  An empty set or a member without a row declines: the decimal.js path reports it. */
  highestAmount(map: ReadonlyMap<string, number | null>, members: string[]): number | null {
    if (members.length === 0) throw OVERFLOW;
    let best: number | null | undefined;
    for (const m of members) {
      const v = map.get(m);
      if (v === undefined) throw OVERFLOW;
      if (best === null) continue;
      if (best === undefined || v === null || v > best) best = v;
    }
    return best!;
  },

  indexEnum(map: ReadonlyMap<string, FV>, key: string): FV {
    const v = map.get(key);
    if (v === undefined) throw OVERFLOW; // the decimal.js path reports BR3001
    return v;
  },

  indexRange(rows: readonly { range: FRange; value: FV }[], key: number): FV {
    for (const r of rows) if (has(r.range, key)) return r.value;
    throw OVERFLOW; // the decimal.js path reports BR3001
  },

  lookup(rows: readonly { keys: GridMatch<FRange>[]; value: FV }[], keys: (string | number)[]): FV {
    const r = gridRow(rows, keys, has);
    if (r === undefined) throw OVERFLOW; // the decimal.js path reports BR3001
    return r.value;
  },

  /** round(x, unit): x / unit rounded half-up to a whole number, times unit, at one scale.
   *  decimal.js divides to 40 digits first; below 2^53 that never moves a tie (see fixed.ts tests). */
  roundUnit(x: number, unit: number): number {
    if (unit <= 0) throw OVERFLOW; // the decimal.js path reports BR3005
    return safe(divRound(x, unit) * unit);
  },

  /** One layer of a pipeline: pays x (at scale `at`) clamped to [0, left], to the fen; writes
   *  the payment to `out` and to the claim's slot, and answers what is left for the next layer (at `scale`). */
  layer(c: FCtx, slot: number, out: string[], left: number, x: number, scale: number, at: number): number {
    const rest = rescale(left, scale, at);
    const paid = roundTo(x < rest ? (x < 0 ? 0 : x) : rest < 0 ? 0 : rest, at, 2);
    c.paid[slot] = paid;
    out.push(formatFixedMoney(paid, 2));
    return safe(left - rescale(paid, 2, scale));
  },

  formatFixedMoney,

  /** What a pipeline leaves to the patient (at `scale`), to the fen: stored in the claim's slot and written as money. */
  leaves(c: FCtx, slot: number, left: number, scale: number): string {
    c.paid[slot] = roundTo(left, scale, 2);
    return formatFixedMoney(left, scale);
  },

  /** min of two arguments, both already evaluated; null is unlimited, so it is ignored. */
  min(x: number | null, y: number | null): number | null {
    return x === null ? y : y === null || x <= y ? x : y;
  },

  /** max of two arguments, both already evaluated; null is unlimited, so it wins. */
  max(x: number | null, y: number | null): number | null {
    return x === null || y === null ? null : x >= y ? x : y;
  },
};
