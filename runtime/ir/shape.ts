// Small JSON shape checks that name the path of what is wrong (`ir.tables[2].rows[0].value`).
// Each check throws an ArtifactError; the loader turns the first one into its answer.
import { ArtifactError, quote } from "../errors.ts";
import { isValidDate } from "./dates.ts";
import { isArtifactDecimal } from "./money.ts";

export type Json = Record<string, unknown>;

const DESCRIPTIONS: Record<string, [string, string]> = {
  object: ["an object", "对象"],
  array: ["an array", "数组"],
  string: ["a string", "字符串"],
  boolean: ["true or false", "布尔值"],
  integer: ["a whole number", "整数"],
  decimal: ["a decimal string such as \"12000.5\"", "十进制数字符串，如 \"12000.5\""],
  "decimal or null": ["a decimal string or null", "十进制数字符串或 null"],
  date: ["a date \"YYYY-MM-DD\"", "日期 \"YYYY-MM-DD\""],
  span: ["a source span [file, start, end]", "源码位置 [文件, 起, 止]"],
  value: ["a value (string, number, boolean, null or list of strings)", "值（字符串、数字、布尔、null 或字符串数组）"],
  "sha256": ["\"sha256:\" followed by 64 hex digits", "\"sha256:\" 加 64 位十六进制数"],
};

export function fail(path: string, what: keyof typeof DESCRIPTIONS | string): never {
  const [en, zh] = DESCRIPTIONS[what] ?? [what, what];
  throw new ArtifactError("BR1012", { expected: en, expectedZh: zh }, path);
}

export function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** An object with exactly the required keys and some of the optional ones. */
export function obj(v: unknown, path: string, required: readonly string[], optional: readonly string[] = []): Json {
  if (!isObject(v)) fail(path, "object");
  for (const key of required) {
    if (!Object.hasOwn(v, key) || v[key] === undefined) {
      throw new ArtifactError("BR1010", { field: key }, path);
    }
  }
  for (const key of Object.keys(v)) {
    if (!required.includes(key) && !optional.includes(key)) {
      throw new ArtifactError("BR1011", { field: quote(key) }, path);
    }
  }
  return v;
}

/** The value of an optional key, or undefined when absent. */
export function opt(o: Json, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

export function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) fail(path, "array");
  return v;
}

export function str(v: unknown, path: string): string {
  if (typeof v !== "string") fail(path, "string");
  return v;
}

export function bool(v: unknown, path: string): boolean {
  if (typeof v !== "boolean") fail(path, "boolean");
  return v;
}

export function int(v: unknown, path: string): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v)) fail(path, "integer");
  return v;
}

export function decimal(v: unknown, path: string): string {
  if (!isArtifactDecimal(v)) fail(path, "decimal");
  return v;
}

export function decimalOrNull(v: unknown, path: string): string | null {
  if (v === null) return null;
  if (!isArtifactDecimal(v)) fail(path, "decimal or null");
  return v;
}

export function date(v: unknown, path: string): string {
  if (!isValidDate(v)) fail(path, "date");
  return v;
}

export function span(v: unknown, path: string): void {
  if (!Array.isArray(v) || v.length !== 3 || !v.every((n) => Number.isSafeInteger(n) && n >= 0)) fail(path, "span");
}

/** A JSON Value as ir.ts encodes it; whether it fits its type is checked later, knowing the enums. */
export function value(v: unknown, path: string): void {
  if (v === null || typeof v === "string" || typeof v === "boolean") return;
  if (typeof v === "number" && Number.isFinite(v)) return;
  if (Array.isArray(v) && v.every((m) => typeof m === "string")) return;
  fail(path, "value");
}

export function sha256Ref(v: unknown, path: string): string {
  if (typeof v !== "string" || !/^sha256:[0-9a-f]{64}$/.test(v)) fail(path, "sha256");
  return v;
}

/** label, sections and span: the documentation every declaration may carry. */
export const DOC_KEYS = ["label", "sections", "span"] as const;

export function doc(o: Json, path: string): void {
  if (Object.hasOwn(o, "label")) str(o.label, `${path}.label`);
  if (Object.hasOwn(o, "sections")) {
    if (!Array.isArray(o.sections) || o.sections.length === 0) fail(`${path}.sections`, "a non-empty array");
    o.sections.forEach((s, i) => str(s, `${path}.sections[${i}]`));
  }
  if (Object.hasOwn(o, "span")) span(o.span, `${path}.span`);
}

/** Sets an own data property; unlike `o[key] = v`, a key named `__proto__` stays plain data. */
export function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}
