// Calendar dates as "YYYY-MM-DD" strings. Kept as strings at run time: that order is the
// calendar order, so comparisons are string comparisons.

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The number written by the ASCII digits s[from, to), or −1 if any is not one. */
function digitsAt(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Exactly "YYYY-MM-DD" naming a real day of years 0001–9999. Read by character, not by a
 *  regular expression: every claim checks its date. */
export function isValidDate(s: unknown): s is string {
  if (typeof s !== "string" || s.length !== 10 || s.charCodeAt(4) !== 45 /* - */ || s.charCodeAt(7) !== 45) return false;
  const y = digitsAt(s, 0, 4), mo = digitsAt(s, 5, 7), d = digitsAt(s, 8, 10);
  return y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** The year of a valid date. */
export function yearOf(date: string): number {
  return digitsAt(date, 0, 4);
}

/** Calendar months later (or earlier when negative), the day clamped to the month's end
 *  (2024-01-31 + 1个月 = 2024-02-29). Null when the year leaves 0001–9999. */
export function addMonths(date: string, months: number): string | null {
  const y = Number(date.slice(0, 4)), mo = Number(date.slice(5, 7)), d = Number(date.slice(8, 10));
  const total = y * 12 + (mo - 1) + months;
  const ny = Math.floor(total / 12), nm = total - ny * 12 + 1;
  if (ny < 1 || ny > 9999) return null;
  const nd = Math.min(d, daysInMonth(ny, nm));
  return `${String(ny).padStart(4, "0")}-${String(nm).padStart(2, "0")}-${String(nd).padStart(2, "0")}`;
}

/** Which of a dated param's entries is in force on `date`: the index of the last `from` on or
 *  before it (dates compare as strings), −1 before the first. */
export function entryInForce(entries: readonly { from: string }[], date: string): number {
  let i = entries.length - 1;
  while (i >= 0 && entries[i]!.from > date) i--;
  return i;
}
