// Exact fixed-point arithmetic on JS integers, for the fast evaluation path (compile-fixed.ts).
// A value is an integer n standing for n / 10^scale, the scale fixed per IR node at load time.
// Why it is exact: every operand is a safe integer (|n| < 2^53), so +, −, × and exact ÷ of
// two of them produce the true result whenever that result is itself below 2^53; when it
// is not, IEEE rounding is monotonic, so the computed result is ≥ 2^53 in magnitude too and
// `safe` sees it. Every result goes through `safe`; anything out of range throws OVERFLOW and
// the caller settles the whole claim again on the decimal.js path.

import { keptExactly } from "../ir/money.ts";

/** Thrown when a value would leave the safe integers or a quotient is not exact. */
export const OVERFLOW: unique symbol = Symbol("fixed-point overflow");

const MAX = Number.MAX_SAFE_INTEGER;

/** Powers of ten that are exact doubles and safe integers: 10^0 … 10^15. */
export const POW10: readonly number[] = Array.from({ length: 16 }, (_, k) => 10 ** k);
/** The largest scale a node may have: 10^15 is the last safe power of ten. */
export const MAX_SCALE = 15;

export function safe(x: number): number {
  if (x > MAX || x < -MAX) throw OVERFLOW;
  return x;
}

/** x from scale `from` to the larger scale `to`. */
export function rescale(x: number, from: number, to: number): number {
  return from === to ? x : safe(x * POW10[to - from]!);
}

/** x / y exactly (y ≠ 0), or OVERFLOW when the quotient is not an integer. `%` on doubles is exact. */
export function divExact(x: number, y: number): number {
  if (x % y !== 0) throw OVERFLOW;
  return x / y;
}

/** x at scale `from` rounded half-up (ties away from zero, as decimal.js ROUND_HALF_UP) to scale `to` ≤ from. */
export function roundTo(x: number, from: number, to: number): number {
  if (from <= to) return x;
  const p = POW10[from - to]!;
  const a = x < 0 ? -x : x;
  const r = a % p;
  const q = (a - r) / p + (r * 2 >= p ? 1 : 0);
  return x < 0 ? -q : q;
}

/** The integer n / d rounded half-up (ties away from zero); d > 0. n / d's remainder is exact. */
export function divRound(n: number, d: number): number {
  const a = n < 0 ? -n : n;
  const r = a % d;
  const q = (a - r) / d + (r * 2 >= d ? 1 : 0);
  return n < 0 ? -q : q;
}

/** Decimals of a plain decimal string once trailing zeros are gone ("1.50" → 1, "300" → 0). */
export function decimalsOf(s: string): number {
  const dot = s.indexOf(".");
  if (dot < 0) return 0;
  let end = s.length;
  while (end > dot + 1 && s.charCodeAt(end - 1) === 48) end--;
  return end - dot - 1;
}

/** Significant digits a parsed value may have: 10^15 − 1 < 2^53, so digit-by-digit building is exact. */
const MAX_DIGITS = 15;

/**
 * A plain decimal string (optional "-", digits, optional "." and digits) as an integer at
 * `scale`, or undefined when the text is anything else, has more decimals than `scale` or
 * more than 15 digits at that scale. Undefined means "not for the fast path", never "wrong":
 * the decimal.js path then decides.
 */
export function parseFixed(text: string, scale: number): number | undefined {
  const n = text.length;
  if (n === 0 || n > 64) return undefined;
  let i = text.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  const neg = i === 1;
  let v = 0, digits = 0;
  const intStart = i;
  for (; i < n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
    if (v !== 0) digits++;
  }
  if (i === intStart) return undefined;
  let decimals = 0;
  if (i < n) {
    if (text.charCodeAt(i) !== 46 /* . */) return undefined;
    const fracStart = ++i;
    let end = n;
    while (end > fracStart && text.charCodeAt(end - 1) === 48) end--;
    for (; i < n; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return undefined;
      if (i < end) {
        v = v * 10 + d;
        if (v !== 0) digits++;
        decimals++;
      }
    }
    if (n === fracStart) return undefined;
  }
  if (decimals > scale || digits + scale - decimals > MAX_DIGITS) return undefined;
  v *= POW10[scale - decimals]!;
  return neg ? 0 - v : v; // "-0" is 0
}

/** A JS number or decimal string as an integer at `scale`, or undefined (see parseFixed). */
export function readFixed(v: unknown, scale: number): number | undefined {
  if (typeof v === "string") return parseFixed(v, scale);
  if (typeof v !== "number") return undefined;
  // Whole numbers need no text; anything else is read the way parseAmount reads it, from String(v).
  if (Number.isSafeInteger(v) && v < POW10[MAX_DIGITS - scale]! && v > -POW10[MAX_DIGITS - scale]!) return v * POW10[scale]! + 0;
  return Number.isFinite(v) && keptExactly(v) ? parseFixed(String(v), scale) : undefined;
}

/** The digits of |x| with a decimal point `scale` places from the right ("5", 2 → "0.05"). */
function pointed(x: number, scale: number): string {
  const digits = String(x < 0 ? -x : x);
  if (scale === 0) return digits;
  const padded = digits.length > scale ? digits : digits.padStart(scale + 1, "0");
  const cut = padded.length - scale;
  return `${padded.slice(0, cut)}.${padded.slice(cut)}`;
}

// Every result writes money, and converting a number to text costs more than the rest of
// writing it: yuan below 10^9 are put together from three-digit groups looked up in tables.
/** ".00" … ".99" */
const CENTS: readonly string[] = Array.from({ length: 100 }, (_, c) => (c < 10 ? ".0" : ".") + c);
/** "0" … "999": a leading group */
const GROUP: readonly string[] = Array.from({ length: 1000 }, (_, g) => String(g));
/** "000" … "999": a group after the first */
const GROUP3: readonly string[] = GROUP.map((g) => g.padStart(3, "0"));

/** The text when it is non-negative money exactly as formatFixedMoney writes it ("2000.00"),
 *  else undefined; `text` must already have been read by readFixed. */
export function canonicalMoney(text: unknown): string | undefined {
  if (typeof text !== "string") return undefined;
  const n = text.length, first = text.charCodeAt(0);
  return n >= 4 && text.charCodeAt(n - 3) === 46 /* . */ && first !== 45 /* - */ && (first !== 48 /* 0 */ || n === 4) ? text : undefined;
}

/** Whole yuan ≥ 0 as digits. */
function yuanText(y: number): string {
  if (y < 1000) return GROUP[y]!;
  const lo = y % 1000, hi = (y - lo) / 1000;
  if (hi < 1000) return GROUP[hi]! + GROUP3[lo]!;
  const mid = hi % 1000, top = (hi - mid) / 1000;
  return top < 1000 ? GROUP[top]! + GROUP3[mid]! + GROUP3[lo]! : String(y);
}

// Results repeat amounts (zero, caps, deductibles): the last text made for each of 512 slots,
// keyed by the fen, spares building the same string again. Measured +2–3 % on XPCC (bench/ab.ts).
const MEMO_FEN = new Float64Array(512).fill(NaN);
const MEMO_TEXT: string[] = new Array<string>(512).fill("");

/** Money as formatMoney writes it: half-up to the fen, two decimals, never "-0.00". */
export function formatFixedMoney(x: number, scale: number): string {
  const fen = scale === 2 ? x : scale > 2 ? roundTo(x, scale, 2) : rescale(x, scale, 2);
  const slot = fen & 511;
  if (MEMO_FEN[slot] === fen) return MEMO_TEXT[slot]!;
  const a = fen < 0 ? -fen : fen, cents = a % 100;
  const text = yuanText((a - cents) / 100) + CENTS[cents]!;
  const out = fen < 0 ? "-" + text : text;
  MEMO_FEN[slot] = fen;
  MEMO_TEXT[slot] = out;
  return out;
}

/** Any other number as formatDecimal writes it: plain, no trailing zeros, "0" for zero. */
export function formatFixedDecimal(x: number, scale: number): string {
  if (x === 0) return "0";
  let text = pointed(x, scale);
  if (scale > 0) {
    let end = text.length;
    while (text.charCodeAt(end - 1) === 48) end--;
    if (text.charCodeAt(end - 1) === 46) end--;
    text = text.slice(0, end);
  }
  return x < 0 ? `-${text}` : text;
}
