// Constant folding with decimal.js (a clone: our settings never leak into an embedding
// program). Used by the value checks (ratios, bounds, bands), by the lints (conditions that
// can never hold) and by lowering (params, table rows and test values become IR values).
// Money is never a JavaScript number here.
import { Decimal } from "decimal.js";
import type { Expr, Span } from "../grammar/ast.ts";
import type { Value } from "../runtime/ir/artifact.ts";
import { canon, declOf, type Compilation, type Entity } from "./symbols.ts";
import { isEnum, UNKNOWN, type Type } from "./types.ts";

export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -9e15, toExpPos: 9e15 });
export type Dec = Decimal;
const ZERO = new Dec(0);
const HUNDRED = new Dec(100);
const FEN = new Dec("0.01");

export type CValue =
  | { k: "dec"; v: Dec }
  | { k: "bool"; v: boolean }
  /** Date "YYYY-MM-DD", Text, or an enum member's name */
  | { k: "str"; v: string }
  | { k: "set"; v: string[] }
  | { k: "unlimited" }
  | { k: "months"; v: number };

export const dec = (v: Dec): CValue => ({ k: "dec", v });

export class Folder {
  private readonly memo = new Map<Expr, CValue | undefined>();
  private readonly busy = new Set<Entity>();
  private readonly reportedZero = new Set<Expr>();
  private readonly c: Compilation;

  constructor(c: Compilation) {
    this.c = c;
  }

  typeOf(x: Expr): Type {
    return this.c.types.get(x) ?? UNKNOWN;
  }

  /** The constant value of `x`, or undefined when it depends on the claim. `file` receives BL4020. */
  value(x: Expr | undefined, file?: string): CValue | undefined {
    if (!x) return undefined;
    if (this.memo.has(x)) return this.memo.get(x);
    const v = this.compute(x, file);
    this.memo.set(x, v);
    return v;
  }

  decimal(x: Expr | undefined, file?: string): Dec | undefined {
    const v = this.value(x, file);
    return v?.k === "dec" ? v.v : undefined;
  }

  /** A param's (or constant define's) value. */
  entityValue(e: Entity): CValue | undefined {
    const n = declOf(e);
    if (n?.kind !== "param" && n?.kind !== "define") return undefined;
    if (this.busy.has(e)) return undefined;
    this.busy.add(e);
    const v = this.value(n.value, e.file.path);
    this.busy.delete(e);
    return v;
  }

  private compute(x: Expr, file?: string): CValue | undefined {
    switch (x.kind) {
      case "number":
      case "money":
      case "rate":
      case "points":
        return dec(new Dec(x.value));
      case "date":
      case "string":
        return { k: "str", v: x.value };
      case "duration":
        return { k: "months", v: x.months };
      case "bool":
        return { k: "bool", v: x.value };
      case "unlimited":
        return { k: "unlimited" };
      case "paren":
        return this.value(x.inner, file);
      case "ref": {
        const e = this.c.res.get(x);
        if (!e || e.length !== 1) return undefined;
        const target = e[0]!;
        if (target.kind === "member") return { k: "str", v: canon(target).local };
        if (target.kind === "param" || target.kind === "define") return this.entityValue(target);
        return undefined;
      }
      case "set": {
        const items: string[] = [];
        for (const i of x.items) {
          const v = this.value(i, file);
          if (v?.k !== "str") return undefined;
          items.push(v.v);
        }
        return { k: "set", v: items };
      }
      case "neg": {
        const v = this.decimal(x.operand, file);
        return v ? dec(v.neg()) : undefined;
      }
      case "binary":
        return this.binary(x, file);
      case "compare": {
        const a = this.value(x.left, file);
        const b = this.value(x.right, file);
        if (!a || !b) return undefined;
        const c = compareValues(a, b);
        if (c === undefined) return undefined;
        const holds = { "==": c === 0, "!=": c !== 0, "<": c < 0, "<=": c <= 0, ">": c > 0, ">=": c >= 0 }[x.op];
        return { k: "bool", v: holds };
      }
      case "logical": {
        const a = this.value(x.left, file);
        const b = this.value(x.right, file);
        // Short-circuit constants: `false and x` is false even when x depends on the claim.
        if (x.op === "and" && ((a?.k === "bool" && !a.v) || (b?.k === "bool" && !b.v))) return { k: "bool", v: false };
        if (x.op === "or" && ((a?.k === "bool" && a.v) || (b?.k === "bool" && b.v))) return { k: "bool", v: true };
        if (a?.k === "bool" && b?.k === "bool") return { k: "bool", v: x.op === "and" ? a.v && b.v : a.v || b.v };
        return undefined;
      }
      case "not": {
        const v = this.value(x.operand, file);
        return v?.k === "bool" ? { k: "bool", v: !v.v } : undefined;
      }
      case "in": {
        const a = this.value(x.item, file);
        const s = this.value(x.set, file);
        return a?.k === "str" && s?.k === "set" ? { k: "bool", v: s.v.includes(a.v) } : undefined;
      }
      case "if": {
        const c = this.value(x.cond, file);
        if (c?.k !== "bool") return undefined;
        return this.value(c.v ? x.then : x.else, file);
      }
      case "above": {
        if (x.ledger) return undefined;
        const v = this.decimal(x.value, file);
        const t = this.decimal(x.threshold, file);
        return v && t ? dec(Dec.max(v.minus(t), ZERO)) : undefined;
      }
      case "cap": {
        let v = this.decimal(x.value, file);
        if (!v) return undefined;
        for (const l of x.limits) {
          if (l.ledger || l.when) return undefined;
          const lim = this.value(l.limit, file);
          if (lim?.k === "unlimited") continue;
          if (lim?.k !== "dec") return undefined;
          v = Dec.min(v, lim.v);
        }
        return dec(v);
      }
      case "atLeast": {
        const v = this.decimal(x.value, file);
        const f = this.decimal(x.floor, file);
        return v && f ? dec(Dec.max(v, f)) : undefined;
      }
      case "call": {
        const args = x.args.map((a) => this.decimal(a, file));
        if (args.some((a) => !a) || args.length === 0) return undefined;
        const ds = args as Dec[];
        if (x.callee.text === "min") return dec(Dec.min(...ds));
        if (x.callee.text === "max") return dec(Dec.max(...ds));
        if (x.callee.text === "round") return dec(roundTo(ds[0]!, ds[1] ?? FEN));
        return undefined;
      }
      case "index":
        return this.index(x, file);
      default:
        return undefined;
    }
  }

  private binary(x: Extract<Expr, { kind: "binary" }>, file?: string): CValue | undefined {
    const a = this.value(x.left, file);
    const b = this.value(x.right, file);
    if (!a || !b || !x.left || !x.right) return undefined;
    if (a.k === "str" && b.k === "months") return x.op === "+" || x.op === "-" ? { k: "str", v: addMonths(a.v, x.op === "+" ? b.v : -b.v) } : undefined;
    if (a.k === "months" && b.k === "str" && x.op === "+") return { k: "str", v: addMonths(b.v, a.v) };
    if (a.k !== "dec" || b.k !== "dec") return undefined;
    const ta = this.typeOf(x.left);
    const tb = this.typeOf(x.right);
    // Points are stored as points (5pp = "5"); added to a Rate (a fraction) they count /100.
    const av = ta === "Points" && tb === "Rate" ? a.v.div(HUNDRED) : a.v;
    const bv = tb === "Points" && ta === "Rate" ? b.v.div(HUNDRED) : b.v;
    switch (x.op) {
      case "+":
        return dec(av.plus(bv));
      case "-":
        return dec(av.minus(bv));
      case "*":
        return dec(av.times(bv));
      case "/":
        if (bv.isZero()) {
          if (file && !this.reportedZero.has(x)) {
            this.reportedZero.add(x);
            this.c.sink.report("BL4020", file, x.span);
          }
          return undefined;
        }
        return dec(av.div(bv));
    }
  }

  private index(x: Extract<Expr, { kind: "index" }>, file?: string): CValue | undefined {
    const t = this.c.res.get(x.table)?.[0];
    const key = this.value(x.key, file);
    const n = t && declOf(t);
    if (!t || !key || n?.kind !== "table") return undefined;
    for (const row of n.rows) {
      if (row.key && key.k === "str" && row.key.text === key.v) return this.value(row.value, t.file.path);
      if (row.range && key.k === "dec") {
        const iv = this.interval(row.range, t.file.path);
        if (iv && contains(iv, key.v)) return this.value(row.value, t.file.path);
      }
    }
    return undefined;
  }

  /** An interval with constant bounds (∞ / missing low = unbounded). */
  interval(iv: { lowInclusive: boolean; low?: Expr; high?: Expr; highInfinite: boolean; highInclusive: boolean; span: Span }, file?: string): IntervalValue | undefined {
    const lo = iv.low ? this.decimal(iv.low, file) : null;
    const hi = iv.highInfinite ? null : iv.high ? this.decimal(iv.high, file) : undefined;
    if (lo === undefined || hi === undefined) return undefined;
    return { lo, loIncl: iv.lowInclusive, hi, hiIncl: iv.highInclusive && hi !== null };
  }
}

export interface IntervalValue {
  lo: Dec | null;
  loIncl: boolean;
  hi: Dec | null;
  hiIncl: boolean;
}

export function contains(iv: IntervalValue, v: Dec): boolean {
  const aboveLo = iv.lo === null || (iv.loIncl ? v.gte(iv.lo) : v.gt(iv.lo));
  const belowHi = iv.hi === null || (iv.hiIncl ? v.lte(iv.hi) : v.lt(iv.hi));
  return aboveLo && belowHi;
}

/** Half-up to a multiple of `unit` (the fen by default). */
export function roundTo(v: Dec, unit: Dec): Dec {
  if (unit.isZero()) return v;
  return v.div(unit).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).times(unit);
}

function compareValues(a: CValue, b: CValue): number | undefined {
  if (a.k === "dec" && b.k === "dec") return a.v.cmp(b.v);
  if (a.k === "str" && b.k === "str") return a.v === b.v ? 0 : a.v < b.v ? -1 : 1;
  if (a.k === "bool" && b.k === "bool") return a.v === b.v ? 0 : 1;
  return undefined;
}

/** Calendar month arithmetic on "YYYY-MM-DD" (day clamped to the month's length). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map((p) => parseInt(p, 10)) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${String(ny).padStart(4, "0")}-${String(nm).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

/** A constant in the artifact's JSON encoding (runtime/ir/artifact.ts). */
export function toValue(v: CValue, type: Type): Value {
  switch (v.k) {
    case "dec":
      return plain(v.v);
    case "bool":
      return v.v;
    case "str":
      return v.v;
    case "set":
      return v.v;
    case "unlimited":
      return null;
    case "months":
      return type === "Duration" ? v.v : null;
  }
}

/** Decimal string without exponent or trailing zeros ("16000", "0.7"). */
export function plain(v: Dec): string {
  return v.toString();
}

/** How a constant is shown to people: "2000元", "70%", "5pp", "3". */
export function showValue(v: CValue, type: Type): string {
  switch (v.k) {
    case "dec":
      if (type === "Money" || type === "Limit") return `${plain(v.v)}元`;
      if (type === "Rate") return `${plain(v.v.times(HUNDRED))}%`;
      if (type === "Points") return `${plain(v.v)}pp`;
      return plain(v.v);
    case "bool":
      return String(v.v);
    case "str":
      return isEnum(type) || type === "Date" ? v.v : JSON.stringify(v.v);
    case "set":
      return `[${v.v.join(", ")}]`;
    case "unlimited":
      return "unlimited";
    case "months":
      return `${v.v}个月`;
  }
}
