// Run-time values as the decimal.js evaluator holds them (eval/compile-ir.ts). Here, not in
// the evaluator, because input reading (eval/validate-input.ts) and the fast path's hand-over
// of a claim it declines (fast/fast-path.ts) hold them too.
import type { TypeName, Value } from "./artifact.ts";
import { D, type Dec } from "./decimal.ts";
import { kindOf } from "./types.ts";

/** A run-time value: Decimal (number types), null (unlimited), boolean, string (date, text,
 *  enum member), string[] (set), number (duration in months). */
export type RtValue = Dec | null | boolean | string | string[] | number;

/** A constant from the artifact as the evaluator holds it. */
export function constant(v: Value, t: TypeName): RtValue {
  switch (kindOf(t)) {
    case "num":
      return new D(v as string);
    case "limit":
      return v === null ? null : new D(v as string);
    case "set":
      return [...(v as string[])];
    default:
      return v as RtValue;
  }
}
