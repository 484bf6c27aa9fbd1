// Type representation. Types are the IR's TypeName strings ("Money", "enum:类别",
// "set:身份", …) plus two compiler-only ones: "?" (unknown: an error was already reported,
// so nothing built on it reports again) and "Unlimited" (the `unlimited`/`none` literal).
// The unit rules are grammar/README.md "Types and units", encoded as the table below.
import type { Code } from "./diagnostic-codes.ts";

export type Type = string;

export const UNKNOWN: Type = "?";
export const UNLIMITED: Type = "Unlimited";

export const BUILTIN_TYPES = ["Money", "Rate", "Points", "Number", "Int", "Bool", "Date", "Text", "Duration", "Limit"] as const;

export const enumType = (name: string): Type => `enum:${name}`;
export const setType = (enumName: string): Type => `set:${enumName}`;
export const isEnum = (t: Type) => t.startsWith("enum:");
export const isSet = (t: Type) => t.startsWith("set:");
/** "enum:类别" → "类别"; "set:身份" → "身份" */
export const enumName = (t: Type) => t.slice(t.indexOf(":") + 1);
export const isUnknown = (t: Type) => t === UNKNOWN;
export const isNumber = (t: Type) => t === "Number" || t === "Int";
/** Types whose values are decimals (folded with decimal.js, compared with < >). */
export const isDecimal = (t: Type) => t === "Money" || t === "Rate" || t === "Points" || isNumber(t);

/** How a type is written in the language (for messages and hovers). */
export function display(t: Type): string {
  if (isEnum(t)) return enumName(t);
  if (isSet(t)) return `set of ${enumName(t)}`;
  if (t === UNLIMITED) return "unlimited";
  return t;
}

/** A value of type `from` may stand where `to` is wanted. */
export function assignable(from: Type, to: Type): boolean {
  if (from === to || isUnknown(from) || isUnknown(to)) return true;
  if (from === "Int" && to === "Number") return true;
  if (to === "Limit") return from === "Money" || from === UNLIMITED;
  if (isSet(to) && from === "set:?") return true;
  return false;
}

/** Two operand types that may be compared with each other (Int and Number mix). */
export function comparable(a: Type, b: Type): boolean {
  return a === b || (isNumber(a) && isNumber(b)) || isUnknown(a) || isUnknown(b);
}

export type Problem = { code: Code; args?: Record<string, string>; pointsAt?: "left" | "right" };

/** Result type of `l op r`, or the problem to report. */
export function arithmetic(op: "+" | "-" | "*" | "/", l: Type, r: Type): Type | Problem {
  if (isUnknown(l) || isUnknown(r)) return UNKNOWN;
  const generic: Problem = { code: "BL3018", args: { op, left: display(l), right: display(r) } };
  if (l === "Limit" || r === "Limit" || l === UNLIMITED || r === UNLIMITED) return { code: "BL3020" };
  const pair = (a: Type, b: Type) => (l === a && r === b) || (l === b && r === a);
  if (op === "+" || op === "-") {
    if (l === "Money" && r === "Money") return "Money";
    if (pair("Money", "Rate")) return { code: "BL3001", args: { op } };
    if (l === "Rate" && (r === "Rate" || r === "Points")) return "Rate";
    if (op === "+" && l === "Points" && r === "Rate") return "Rate";
    if (l === "Points" && r === "Points") return "Points";
    if (l === "Points" || r === "Points") return { code: "BL3003", pointsAt: l === "Points" ? "left" : "right" };
    if (isNumber(l) && isNumber(r)) return l === "Int" && r === "Int" ? "Int" : "Number";
    if (l === "Date" && r === "Duration") return "Date";
    if (op === "+" && l === "Duration" && r === "Date") return "Date";
    return generic;
  }
  if (op === "*") {
    if (l === "Money" && r === "Money") return { code: "BL3002" };
    if (pair("Money", "Rate") || (l === "Money" && isNumber(r)) || (isNumber(l) && r === "Money")) return "Money";
    if (pair("Rate", "Rate") || (l === "Rate" && isNumber(r)) || (isNumber(l) && r === "Rate")) return "Rate";
    if ((l === "Points" && isNumber(r)) || (isNumber(l) && r === "Points")) return "Points";
    if (l === "Points" || r === "Points") return { code: "BL3003", pointsAt: l === "Points" ? "left" : "right" };
    if (isNumber(l) && isNumber(r)) return l === "Int" && r === "Int" ? "Int" : "Number";
    return generic;
  }
  // division
  if (l === "Money" && isNumber(r)) return "Money";
  if (l === "Money" && r === "Money") return "Number";
  if (l === "Rate" && isNumber(r)) return "Rate";
  if (l === "Rate" && r === "Rate") return "Number";
  if (l === "Points" && isNumber(r)) return "Points";
  if (l === "Points" || r === "Points") return { code: "BL3003", pointsAt: l === "Points" ? "left" : "right" };
  if (isNumber(l) && isNumber(r)) return "Number";
  return generic;
}

export function isProblem(x: Type | Problem): x is Problem {
  return typeof x !== "string";
}
