// Parsing what policy staff type into the run form: `1.6万`, `16000`, `1.6万元`,
// `16,000.50`, full-width digits, `70%`. Values become decimal strings by moving the
// decimal point in the digit string (string arithmetic), never through a float.

export type ParseResult = { ok: true; value: string } | { ok: false; reason: ParseFailure };
export type ParseFailure = "empty" | "format" | "decimals" | "negative" | "fraction";

const NUMBER = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Full-width digits/punctuation to ASCII (NFKC), spaces and thousands separators removed. */
function normalise(raw: string): string {
  return raw
    .normalize("NFKC")
    .replace(/\s+/g, "")
    .replace(/(\d),(?=\d{3}(\D|$))/g, "$1");
}

/**
 * `sign`, integer digits and fraction digits → canonical decimal string with the point
 * moved `shift` places to the right (negative: to the left). No leading zeros, no
 * trailing fraction zeros, "-0" → "0".
 */
export function shiftDecimal(sign: string, int: string, frac: string, shift: number): string {
  let digits = int + frac;
  let point = int.length + shift;
  if (point < 0) {
    digits = "0".repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits = digits + "0".repeat(point - digits.length);
  const whole = digits.slice(0, point).replace(/^0+/, "") || "0";
  const fraction = digits.slice(point).replace(/0+$/, "");
  const text = fraction ? `${whole}.${fraction}` : whole;
  return sign === "-" && text !== "0" ? `-${text}` : text;
}

function fractionDigits(value: string): number {
  const dot = value.indexOf(".");
  return dot < 0 ? 0 : value.length - dot - 1;
}

/** Money in yuan: `16000`, `16000.5元`, `1.6万`, `1.6万元`; at most 2 decimals, not negative. */
export function parseMoneyText(raw: string): ParseResult {
  const s = normalise(raw);
  if (s === "") return { ok: false, reason: "empty" };
  const m = /^(-?)(\d+)(?:\.(\d+))?(万)?元?$/.exec(s);
  if (!m) return { ok: false, reason: "format" };
  const value = shiftDecimal(m[1]!, m[2]!, m[3] ?? "", m[4] ? 4 : 0);
  if (value.startsWith("-")) return { ok: false, reason: "negative" };
  if (fractionDigits(value) > 2) return { ok: false, reason: "decimals" };
  return { ok: true, value };
}

/** A rate as a fraction: `70%` → "0.7"; a bare number is read as a fraction (`0.7`). */
export function parseRateText(raw: string): ParseResult {
  const s = normalise(raw);
  if (s === "") return { ok: false, reason: "empty" };
  const m = /^(-?)(\d+)(?:\.(\d+))?(%)?$/.exec(s);
  if (!m) return { ok: false, reason: "format" };
  return { ok: true, value: shiftDecimal(m[1]!, m[2]!, m[3] ?? "", m[4] ? -2 : 0) };
}

/** Percentage points: `5pp` or `5` → "5". */
export function parsePointsText(raw: string): ParseResult {
  return parseNumberText(normalise(raw).replace(/pp$/i, ""));
}

/** A plain decimal number. */
export function parseNumberText(raw: string): ParseResult {
  const s = normalise(raw);
  if (s === "") return { ok: false, reason: "empty" };
  const m = NUMBER.exec(s);
  if (!m) return { ok: false, reason: "format" };
  return { ok: true, value: shiftDecimal(m[1]!, m[2]!, m[3] ?? "", 0) };
}

/** A whole number (`Int`); `18岁` is accepted for ages. */
export function parseIntText(raw: string): ParseResult {
  const r = parseNumberText(normalise(raw).replace(/岁$/, ""));
  if (r.ok && r.value.includes(".")) return { ok: false, reason: "fraction" };
  return r;
}

/** Display a money decimal string in yuan with thousands separators: "150400.5" → "150,400.50". */
export function formatYuan(value: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value);
  if (!m) return value;
  const int = m[2]!.replace(/\B(?=(\d{3})+$)/g, ",");
  const frac = (m[3] ?? "").padEnd(2, "0");
  return `${m[1]}${int}.${frac}`;
}
