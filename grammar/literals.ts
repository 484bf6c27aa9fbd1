// Literal text → exact decimal strings, by string manipulation only (no JavaScript number
// arithmetic touches a value): `1.6万元` → "16000", `62.5%` → "0.625".

/** Canonical form of an unsigned decimal: no leading/trailing zeros, no lone point. */
export function normalizeDecimal(text: string): string {
  let [int = "", frac = ""] = text.split(".");
  int = int.replace(/^0+/, "") || "0";
  frac = frac.replace(/0+$/, "");
  return frac ? `${int}.${frac}` : int;
}

/** Multiplies an unsigned decimal by 10^places (places may be negative). */
export function shiftDecimal(text: string, places: number): string {
  const [int = "", frac = ""] = text.split(".");
  let digits = int + frac;
  let point = int.length + places;
  if (point < 0) {
    digits = "0".repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits += "0".repeat(point - digits.length);
  return normalizeDecimal(`${digits.slice(0, point)}.${digits.slice(point)}`);
}

export function fractionDigits(decimal: string): number {
  const point = decimal.indexOf(".");
  return point < 0 ? 0 : decimal.length - point - 1;
}

/** `2000元` / `1.6万元` / `5千元` / `1.26亿元` → yuan. `precise` is false beyond 2 decimals
 *  (BL1004). `6万` without 元 (BL1010) is read as 6万元, so nothing else fails for it. */
export function moneyValue(image: string): { value: string; precise: boolean } {
  const places = image.includes("亿") ? 8 : image.includes("万") ? 4 : image.includes("千") ? 3 : 0;
  const digits = image.replace(/[亿万千]?元?$/, "");
  const value = shiftDecimal(digits, places);
  return { value, precise: fractionDigits(value) <= 2 };
}

/** `70%` → "0.7". */
export function rateValue(image: string): string {
  return shiftDecimal(image.slice(0, -1), -2);
}

/** `5pp` or `5个百分点` (as documents write it) → "5". */
export function pointsValue(image: string): string {
  return normalizeDecimal(image.replace(/(pp|个百分点)$/, ""));
}

/** `6个月` → 6 (a month count, not money: a plain integer is fine). */
export function durationMonths(image: string): number {
  return Number.parseInt(image, 10);
}

/** A real calendar date `YYYY-MM-DD` (2022-02-30 is not). */
export function isValidDate(image: string): boolean {
  const [y, m, d] = image.split("-").map((part) => Number.parseInt(part, 10)) as [number, number, number];
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= days;
}

/** Decodes `\"` and `\\`; any other backslash pair is kept as written. */
export function stringValue(image: string): string {
  return image.slice(1, -1).replace(/\\(["\\])/g, "$1");
}
