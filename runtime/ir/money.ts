// Reading and writing exact amounts. Input arrives as decimal strings or JS numbers; a JS
// number is accepted only when its shortest decimal form is exact for the field (0.1 + 0.2 is
// refused as money because it prints as 0.30000000000000004).
import { D, ZERO, type Dec } from "./decimal.ts";
import type { ErrorCode } from "../errors.ts";

/** Decimal strings inside artifacts: optional minus, digits, optional fraction; no exponent. */
const ARTIFACT_DECIMAL = /^-?\d+(\.\d+)?$/;
/** Longer numeric strings are refused before any parsing work. */
const MAX_NUMERIC_CHARS = 64;
/** Integer digits allowed in an amount: 10^15 yuan is far beyond any claim and keeps sums exact. */
const MAX_INTEGER_DIGITS = 15;

export function isArtifactDecimal(s: unknown): s is string {
  return typeof s === "string" && s.length <= MAX_NUMERIC_CHARS * 2 && ARTIFACT_DECIMAL.test(s);
}

export interface AmountRules {
  /** at most 2 decimals (money) */
  fen: boolean;
  /** whole numbers only (Int) */
  integral: boolean;
  /** negative values allowed */
  negative: boolean;
}

export const MONEY_RULES: AmountRules = { fen: true, integral: false, negative: false };
/** A count a ledger keeps (年度住院次数): a whole number, never negative. */
export const COUNT_RULES: AmountRules = { fen: false, integral: true, negative: false };

/** Parses a decimal string or JS number under `rules`: the value, or the error's code.
 *  Never throws; scans the text by hand, as this runs for every amount of every claim. */
export function parseAmount(v: unknown, rules: AmountRules): Dec | ErrorCode {
  let text: string;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return "BR2008";
    if (!keptExactly(v)) return "BR2018";
    text = String(v);
    if (text.includes("e")) {
      // 1e21 and up, or below 1e-6: too large, or too many decimals for money/Int.
      if (Math.abs(v) >= 1) return "BR2014";
      if (rules.fen) return "BR2006";
      if (rules.integral) return "BR2010";
      return accept(new D(v), rules);
    }
  } else if (typeof v === "string") {
    text = v;
  } else {
    return "BR2004";
  }
  const n = text.length;
  if (n === 0 || n > MAX_NUMERIC_CHARS) return "BR2005";
  let i = text.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  const intStart = i;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  const intEnd = i;
  if (intEnd === intStart) return "BR2005";
  let fracStart = n;
  if (i < n) {
    if (text.charCodeAt(i) !== 46 /* . */) return "BR2005";
    fracStart = ++i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    if (i === fracStart || i !== n) return "BR2005";
  }
  let lead = intStart;
  while (lead < intEnd - 1 && text.charCodeAt(lead) === 48 /* 0 */) lead++;
  if (intEnd - lead > MAX_INTEGER_DIGITS) return "BR2014";
  let trail = n;
  while (trail > fracStart && text.charCodeAt(trail - 1) === 48) trail--;
  const decimals = trail - fracStart;
  if (rules.integral && decimals > 0) return "BR2010";
  if (rules.fen && decimals > 2) return "BR2006";
  return accept(new D(text), rules);
}

/**
 * A JSON number is a double: 99999999999999.99 arrives as 99999999999999.98. Any number of up
 * to 15 significant digits, and any safe integer, comes through as written; past that, what was
 * written is not known, so it is refused (BR2018: write it as a string).
 */
export function keptExactly(v: number): boolean {
  if (Number.isSafeInteger(v)) return true;
  const digits = String(v).replace(/e.*$/, "").replace(/[-.]/g, "").replace(/^0+/, "");
  return digits.length <= 15;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function accept(value: Dec, rules: AmountRules): Dec | ErrorCode {
  if (value.isZero()) return ZERO; // "-0" is 0
  if (value.isNegative() && !rules.negative) return "BR2007";
  return value;
}

/** Half-up to the fen. */
export function roundFen(x: Dec): Dec {
  return x.decimalPlaces() <= 2 ? x : x.toDecimalPlaces(2);
}

/** Money as written in outputs and ledgers: rounded half-up (D's rounding mode), exactly two
 *  decimals, never "-0.00". */
export function formatMoney(x: Dec): string {
  const s = x.toFixed(2);
  return s === "-0.00" ? "0.00" : s;
}

/** Any other decimal: plain notation, no exponent, no trailing zeros. */
export function formatDecimal(x: Dec): string {
  return x.isZero() ? "0" : x.toFixed();
}
