// Calendar dates as "YYYY-MM-DD" strings. Kept as strings at run time: that order is the
// calendar order, so comparisons are string comparisons.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function isValidDate(s: unknown): s is string {
  if (typeof s !== "string") return false;
  const m = DATE.exec(s);
  if (m === null) return false;
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  return y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
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
