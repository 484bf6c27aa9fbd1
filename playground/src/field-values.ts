// Turning what was typed into the run form into the runtime's JSON input values (see
// runtime/ir/artifact.ts "Value encoding"), one field type at a time. Pure: unit-tested.
import type { Value } from "../../runtime/ir/artifact.ts";
import type { MessageKey } from "./i18n.ts";
import {
  parseIntText, parseMoneyText, parseNumberText, parsePointsText, parseRateText, type ParseResult,
} from "./number-input.ts";

/** What a form control holds: text boxes and selects a string, checkboxes a boolean, sets an array. */
export type RawValue = string | boolean | string[];

export type FieldValue =
  | { ok: true; value: Value }
  | { ok: true; omitted: true }
  | { ok: false; problem: MessageKey };

const OMIT: FieldValue = { ok: true, omitted: true };

function problemOf(r: Extract<ParseResult, { ok: false }>, fallback: MessageKey): MessageKey {
  if (r.reason === "decimals") return "badDecimals";
  if (r.reason === "negative") return "badNegative";
  return fallback;
}

function parsed(r: ParseResult, fallback: MessageKey): FieldValue {
  return r.ok ? { ok: true, value: r.value } : { ok: false, problem: problemOf(r, fallback) };
}

const NUMERIC: Record<string, [(raw: string) => ParseResult, MessageKey]> = {
  Money: [parseMoneyText, "badMoney"],
  Rate: [parseRateText, "badRate"],
  Points: [parsePointsText, "badNumber"],
  Number: [parseNumberText, "badNumber"],
  Int: [parseIntText, "badInt"],
};

const UNLIMITED_WORDS = new Set(["unlimited", "none", "不限", "无", "不封顶", "∞"]);

/**
 * The JSON value for a field of `type` holding `raw`. An empty optional field is omitted
 * (its default applies); an empty required one is a problem.
 */
export function fieldValue(type: string, raw: RawValue | undefined, optional: boolean): FieldValue {
  if (type === "Bool") return { ok: true, value: raw === true };
  if (type.startsWith("set:")) return { ok: true, value: Array.isArray(raw) ? [...raw] : [] };
  const text = typeof raw === "string" ? raw.trim() : "";
  if (text === "") return optional ? OMIT : { ok: false, problem: "required" };
  const numeric = NUMERIC[type];
  if (numeric) return parsed(numeric[0](text), numeric[1]);
  if (type === "Limit") {
    return UNLIMITED_WORDS.has(text.toLowerCase()) ? { ok: true, value: null } : parsed(parseMoneyText(text), "badMoney");
  }
  if (type === "Duration") {
    const r = parseIntText(text.replace(/个月$/, ""));
    return r.ok ? { ok: true, value: Number(r.value) } : { ok: false, problem: "badInt" };
  }
  // Date (from an <input type="date">: already YYYY-MM-DD), Text and enum members (a select).
  return { ok: true, value: text };
}

/** A default value from the schema, as the form shows it ("16000" → "16000", null → "unlimited"). */
export function displayDefault(type: string, value: Value | undefined): string {
  if (value === undefined) return "";
  if (value === null) return "unlimited";
  if (type === "Rate" && typeof value === "string") return `${rateToPercent(value)}%`;
  if (Array.isArray(value)) return value.join("、");
  return String(value);
}

/** "0.7" → "70", "0.625" → "62.5": the decimal point moved in the string, no float. */
export function rateToPercent(fraction: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(fraction);
  if (!m) return fraction;
  const frac = (m[3] ?? "").padEnd(2, "0");
  const int = (m[2]! + frac.slice(0, 2)).replace(/^0+(?=\d)/, "");
  const rest = frac.slice(2).replace(/0+$/, "");
  return `${m[1]}${int}${rest ? `.${rest}` : ""}`;
}
