// Reading a claim's input against the artifact's schema: every error at once, or the input
// slots the evaluator uses. Own keys only (`__proto__` and `constructor` are ordinary unknown
// fields here), nothing is written to the caller's object.
import type { TypeName } from "../ir/artifact.ts";
import type { Checked } from "../load/check-ir.ts";
import { constant, type RtValue } from "../ir/values.ts";
import { inputError, quote, type ErrorCode, type InputError } from "../errors.ts";
import { isValidDate } from "../ir/dates.ts";
import { parseAmount, type AmountRules } from "../ir/money.ts";
import { enumOf, kindOf, type EnumTable } from "../ir/types.ts";
import { MAX_TEXT } from "../ir/limits.ts";
import { ONE } from "../ir/decimal.ts";
import type { Declined } from "../result.ts";

/** More errors than this are summarised in one last entry. */
export const MAX_ERRORS = 100;

export const AMOUNT_RULES: Readonly<Record<string, AmountRules>> = {
  Money: { fen: true, integral: false, negative: false },
  Limit: { fen: true, integral: false, negative: false },
  Rate: { fen: false, integral: false, negative: false },
  Points: { fen: false, integral: false, negative: true },
  Number: { fen: false, integral: false, negative: true },
  // an Int input counts (days, stays, babies) or measures (an age, years insured): never below
  // zero; −3 days would pay −3 days' allowance
  Int: { fen: false, integral: true, negative: false },
};

/** What a field of each type expects, in a refused value's message (the SQL engine's reader words it alike). */
export const EXPECTED: Record<string, [string, string]> = {
  Money: ["an amount such as \"12000.50\"", "金额，如 \"12000.50\""],
  Limit: ["an amount or null (unlimited)", "金额或 null（不设上限）"],
  Rate: ["a fraction such as \"0.7\"", "比例小数，如 \"0.7\""],
  Points: ["a number of percentage points", "百分点数"],
  Number: ["a number", "数值"],
  Int: ["a whole number", "整数"],
  Bool: ["true or false", "true 或 false"],
  Date: ["a date \"YYYY-MM-DD\"", "日期 \"YYYY-MM-DD\""],
  Text: ["text", "文本"],
  Duration: ["a whole number of months", "整月数"],
  enum: ["one of the listed names", "所列名称之一"],
  set: ["a list of names", "名称列表"],
};

export function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "string") return `"${quote(v, 30)}"`;
  if (typeof v === "object") return "an object";
  return quote(v, 30);
}

/** A refused value; readers return the value itself when it is fine (no wrapper to allocate). */
export class Bad {
  readonly code: ErrorCode;
  readonly args: Record<string, string> | undefined;
  constructor(code: ErrorCode, args?: Record<string, string>) {
    this.code = code;
    this.args = args;
  }
}

type Reader = (v: unknown) => RtValue | Bad;

export interface FieldReader {
  name: string;
  index: number;
  label: string;
  type: TypeName;
  /** the default's run-time value, when the field is optional */
  fallback: RtValue | undefined;
  read: Reader;
}

function readerFor(type: TypeName, enums: Map<string, EnumTable>): Reader {
  const kind = kindOf(type);
  const wrong = new Bad("BR2004");
  const tooLong = new Bad("BR2009", { max: String(MAX_TEXT) });
  const badDate = new Bad("BR2011");
  const notWhole = new Bad("BR2010");
  switch (kind) {
    case "num":
    case "limit": {
      const rules = AMOUNT_RULES[type]!;
      // a Rate is a fraction: 85 for 85 % would pay 85 times over
      const aboveOne = type === "Rate" ? new Bad("BR2016") : undefined;
      const percent = new Bad("BR2017");
      return (v) => {
        if (v === null && kind === "limit") return null;
        if (typeof v === "string" && v.length > MAX_TEXT) return tooLong;
        if (aboveOne !== undefined && typeof v === "string" && v.endsWith("%")) return percent;
        const r = parseAmount(v, rules);
        if (typeof r === "string") return new Bad(r);
        return aboveOne !== undefined && r.gt(ONE) ? aboveOne : r;
      };
    }
    case "bool":
      return (v) => (typeof v === "boolean" ? v : wrong);
    case "date":
      return (v) => (typeof v !== "string" ? wrong : v.length > MAX_TEXT ? tooLong : isValidDate(v) ? v : badDate);
    case "text":
      return (v) => (typeof v !== "string" ? wrong : v.length > MAX_TEXT ? tooLong : v);
    case "duration":
      return (v) => (typeof v !== "number" ? wrong : Number.isSafeInteger(v) ? v : notWhole);
    case "enum":
    case "set": {
      const en = enums.get(enumOf(type)!)!;
      const notMember = new Bad("BR2012", { members: en.members.slice(0, 20).join("、") + (en.members.length > 20 ? "…" : "") });
      const member = (v: unknown): string | Bad =>
        typeof v !== "string" ? wrong : v.length > MAX_TEXT ? tooLong : en.index.has(v) ? v : notMember;
      if (kind === "enum") return member;
      return (v) => {
        if (!Array.isArray(v) || v.length > en.members.length * 2 + 10) return wrong;
        const seen = new Set<string>();
        for (const m of v) {
          const r = member(m);
          if (r instanceof Bad) return new Bad(r.code, { ...r.args, value: quote(m) });
          if (seen.has(r)) return new Bad("BR2013", { value: quote(m) });
          seen.add(r);
        }
        return [...seen];
      };
    }
  }
}

/** Collects errors up to MAX_ERRORS, then counts the rest. */
export class ErrorList {
  readonly errors: InputError[] = [];
  private dropped = 0;
  push(e: InputError): void {
    if (this.errors.length < MAX_ERRORS) this.errors.push(e);
    else this.dropped++;
  }
  get empty(): boolean {
    return this.errors.length === 0;
  }
  done(): InputError[] {
    if (this.dropped > 0) this.errors.push(inputError("BR2099", "", { count: this.dropped }));
    return this.errors;
  }
}

export class InputReader {
  /** shared with the fast path (fast-path.ts), which reads the same fields its own way */
  readonly fields: readonly FieldReader[];
  private readonly byName: Map<string, FieldReader>;

  constructor(ck: Checked) {
    this.fields = [...ck.inputs.values()].map(({ index, def }) => ({
      name: def.name,
      index,
      label: def.label ?? def.name,
      type: def.type,
      fallback: def.default === undefined ? undefined : constant(def.default, def.type),
      read: readerFor(def.type, ck.enums),
    }));
    this.byName = new Map(this.fields.map((f) => [f.name, f]));
  }

  /** The input slots, or undefined after adding every problem to `errors`. Slots another
   *  evaluator already read (`read`) are taken as they are, and its pending value is not
   *  taken from the input again. */
  read(input: unknown, errors: ErrorList, read?: Declined): RtValue[] | undefined {
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
      errors.push(inputError("BR2001", "", {}));
      return undefined;
    }
    const obj = input as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      if (!this.byName.has(key)) errors.push(inputError("BR2003", key, {}));
    }
    const slots: RtValue[] = new Array(this.fields.length);
    const pre = read?.input, pending = read?.pending;
    for (const f of this.fields) {
      const done = pre?.[f.index];
      if (done !== undefined) {
        slots[f.index] = done;
        continue;
      }
      const v = pending?.slot === f.index ? pending.value : Object.hasOwn(obj, f.name) ? obj[f.name] : undefined;
      if (v === undefined) {
        if (f.fallback === undefined) errors.push(inputError("BR2002", f.name, { label: f.label }));
        else slots[f.index] = f.fallback;
        continue;
      }
      const r = f.read(v);
      if (!(r instanceof Bad)) {
        slots[f.index] = r;
        continue;
      }
      const [en, zh] = EXPECTED[f.type] ?? EXPECTED[kindOf(f.type)]!;
      errors.push(inputError(r.code, f.name, {
        value: quote(v), expected: en, expectedZh: zh, found: describe(v), ...r.args,
      }));
    }
    return errors.empty ? slots : undefined;
  }
}
