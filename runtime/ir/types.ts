// Type names of the IR and what the runtime holds for each at run time:
//   number-like (Money, Rate, Points, Number, Int) → Decimal; Limit → Decimal | null (unlimited);
//   Bool → boolean; Date → "YYYY-MM-DD"; Text → string; Duration → whole months (JS integer);
//   enum:X → the member's name; set:X → array of member names.
import type { TypeName, Value } from "./artifact.ts";
import { isValidDate } from "./dates.ts";
import { isArtifactDecimal } from "./money.ts";

export const NUMERIC_TYPES = new Set(["Money", "Rate", "Points", "Number", "Int"]);
const PRIMITIVE_TYPES = new Set([...NUMERIC_TYPES, "Limit", "Bool", "Date", "Text", "Duration"]);

export type Kind = "num" | "limit" | "bool" | "date" | "text" | "duration" | "enum" | "set";

export function kindOf(t: TypeName): Kind {
  if (NUMERIC_TYPES.has(t)) return "num";
  switch (t) {
    case "Limit": return "limit";
    case "Bool": return "bool";
    case "Date": return "date";
    case "Text": return "text";
    case "Duration": return "duration";
  }
  return t.startsWith("set:") ? "set" : "enum";
}

/** The enum named by `enum:X` or `set:X`, else undefined. */
export function enumOf(t: TypeName): string | undefined {
  if (t.startsWith("enum:")) return t.slice(5);
  if (t.startsWith("set:")) return t.slice(4);
  return undefined;
}

/** A number-like value can stand where a Limit is expected, never the other way round. */
export function isNumericLike(t: TypeName): boolean {
  return NUMERIC_TYPES.has(t) || t === "Limit";
}

export interface EnumTable {
  /** member names in declared order (most favourable first) */
  members: string[];
  index: Map<string, number>;
}

export function isKnownType(t: TypeName, enums: ReadonlyMap<string, EnumTable>): boolean {
  if (PRIMITIVE_TYPES.has(t)) return true;
  const e = enumOf(t);
  return e !== undefined && enums.has(e);
}

/** Whether a JSON value from the artifact (param, table cell, default, literal) fits type `t`. */
export function valueFits(t: TypeName, v: Value, enums: ReadonlyMap<string, EnumTable>): boolean {
  switch (kindOf(t)) {
    case "num":
      return isArtifactDecimal(v) && (t !== "Int" || !v.includes(".") || /\.0+$/.test(v));
    case "limit":
      return v === null || isArtifactDecimal(v);
    case "bool":
      return typeof v === "boolean";
    case "date":
      return isValidDate(v);
    case "text":
      return typeof v === "string";
    case "duration":
      return typeof v === "number" && Number.isSafeInteger(v);
    case "enum":
      return typeof v === "string" && enums.get(enumOf(t)!)!.index.has(v);
    case "set": {
      if (!Array.isArray(v)) return false;
      const idx = enums.get(enumOf(t)!)!.index;
      return v.every((m) => typeof m === "string" && idx.has(m)) && new Set(v).size === v.length;
    }
  }
}
