// Constant folding is evaluation of constants: every operator is applied by the runtime's own
// meaning of it (runtime/ir/ops.ts) on the runtime's decimal.js configuration, so what the
// compiler folds, the runtime computes the same way. A rule the runtime would refuse on every
// claim (a date out of range, division by zero) is a diagnostic at the constant instead. Used
// by the value checks (ratios, bounds, bands), by the lints (conditions that can never hold)
// and by lowering (params, table rows and test values become IR values). Money is never a
// JavaScript number here.
import type { Expr, Span, TableDecl } from "../grammar/ast.ts";
import type { Value } from "../runtime/ir/artifact.ts";
import { D, HUNDRED, type Dec as Decimal } from "../runtime/ir/decimal.ts";
import * as ops from "../runtime/ir/ops.ts";
import { EvalFailure } from "../runtime/errors.ts";
import type { Code } from "./diagnostic-codes.ts";
import { canon, declOf, membersOf, type Compilation, type Entity } from "./symbols.ts";
import { isEnum, UNKNOWN, type Type } from "./types.ts";
import { dividendType } from "./divide-last.ts";
import { unparen } from "./walk.ts";

export const Dec = D;
export type Dec = Decimal;

/** The runtime's refusals that a constant can meet, as the compiler reports them. */
const REFUSALS: Partial<Record<string, Code>> = { BR3002: "BL4020", BR3006: "BL4022" };

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
  private readonly reported = new Set<Expr>();
  private readonly c: Compilation;
  /** values taken as known: a dated param's value in one period, an enum input's member (band-edges.ts) */
  private readonly assume?: ReadonlyMap<Entity, CValue>;

  constructor(c: Compilation, assume?: ReadonlyMap<Entity, CValue>) {
    this.c = c;
    this.assume = assume;
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

  /** A param's (or constant define's) value. A dated param has none: its value depends on
   *  the claim's date, so what reads it is not a constant either. */
  entityValue(e: Entity): CValue | undefined {
    const n = declOf(e);
    if (n?.kind !== "param" && n?.kind !== "define") return undefined;
    if (n.kind === "param" && n.dated) return undefined;
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
        const assumed = this.assume?.get(target);
        if (assumed) return assumed;
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
        return c === undefined ? undefined : { k: "bool", v: ops.holds(x.op, c) };
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
        return v && t ? dec(ops.above(v, t)) : undefined;
      }
      case "cap": {
        const v = this.decimal(x.value, file);
        if (!v || x.limits.some((l) => l.ledger || l.when)) return undefined;
        const limits = x.limits.map((l) => amount(this.value(l.limit, file)));
        if (limits.includes(undefined)) return undefined;
        const lim = ops.extreme("min", limits as (Dec | null)[]);
        return dec(lim === null ? v : ops.minOf(v, lim));
      }
      case "atLeast": {
        const v = this.decimal(x.value, file);
        const f = this.decimal(x.floor, file);
        return v && f ? dec(ops.maxOf(v, f)) : undefined;
      }
      case "call": {
        const args = x.args.map((a) => amount(this.value(a, file)));
        if (args.includes(undefined) || args.length === 0) return undefined;
        const fn = x.callee.text;
        if (fn === "min" || fn === "max") {
          const r = ops.extreme(fn, args as (Dec | null)[]);
          return r === null ? { k: "unlimited" } : dec(r);
        }
        // a rounding unit the runtime refuses is reported by the value checks (check-values.ts)
        if (fn === "round" && !args.includes(null)) return this.apply(x, undefined, () => dec(ops.round(args[0]!, args[1] ?? undefined)));
        return undefined;
      }
      case "index":
        return this.index(x, file);
      case "highest":
        return this.highest(x, file);
      default:
        return undefined;
    }
  }

  private binary(x: Extract<Expr, { kind: "binary" }>, file?: string): CValue | undefined {
    const a = this.value(x.left, file);
    const b = this.value(x.right, file);
    if (!a || !b || !x.left || !x.right) return undefined;
    if (a.k === "str" && b.k === "months" && (x.op === "+" || x.op === "-")) {
      return this.apply(x, file, () => ({ k: "str", v: ops.moveDate(a.v, x.op === "+" ? b.v : -b.v) }));
    }
    if (a.k === "months" && b.k === "str" && x.op === "+") return this.apply(x, file, () => ({ k: "str", v: ops.moveDate(b.v, a.v) }));
    if (a.k !== "dec" || b.k !== "dec") return undefined;
    if (x.op === "*") return this.product(x, x.left, x.right, file);
    // a ÷ (b ÷ n), n a constant: (a × n) ÷ b, as lowering writes it (divide-last.ts)
    const inner = unparen(x.right);
    if (x.op === "/" && inner?.kind === "binary" && inner.op === "/" && inner.left && inner.right) {
      const n = this.decimal(inner.right), pt = dividendType(this.typeOf(x.left), this.typeOf(inner.left), this.typeOf(inner.right));
      const by = this.decimal(inner.left);
      if (n && !n.isZero() && pt !== undefined && by) {
        return this.apply(x, file, () => dec(ops.arith("/", ops.arith("*", a.v, n, this.typeOf(x.left!), this.typeOf(inner.right!)), by, pt, this.typeOf(inner.left!))));
      }
    }
    const ta = this.typeOf(x.left), tb = this.typeOf(x.right);
    return this.apply(x, file, () => dec(ops.arith(x.op, a.v, b.v, ta, tb)));
  }

  /** `a × b`, a quotient on either side divided last, as lowering writes it (divide-last.ts). */
  private product(x: Expr, a: Expr, b: Expr, file?: string): CValue | undefined {
    const quotient = (y: Expr) => {
      const u = unparen(y);
      return u?.kind === "binary" && u.op === "/" && u.left && u.right ? u : undefined;
    };
    const q = quotient(a) ?? quotient(b);
    const other = q === quotient(a) ? b : a;
    const pt = q && dividendType(this.typeOf(q.left!), this.typeOf(q.right!), this.typeOf(other));
    if (q === undefined || pt === undefined) {
      const va = this.decimal(a), vb = this.decimal(b);
      if (!va || !vb) return undefined;
      return this.apply(x, file, () => dec(ops.arith("*", va, vb, this.typeOf(a), this.typeOf(b))));
    }
    const dividend = q === quotient(a) ? this.product(x, q.left!, other, file) : this.product(x, other, q.left!, file);
    const divisor = this.decimal(q.right);
    if (dividend?.k !== "dec" || !divisor) return undefined;
    return this.apply(x, file, () => dec(ops.arith("/", dividend.v, divisor, pt, this.typeOf(q.right!))));
  }

  /** Applies an operator the runtime's way; what it refuses is reported once (with `file`)
   *  and folds to nothing. */
  private apply(x: Expr, file: string | undefined, run: () => CValue): CValue | undefined {
    try {
      return run();
    } catch (e) {
      if (!(e instanceof EvalFailure)) throw e;
      const code = REFUSALS[e.code];
      if (code && file && !this.reported.has(x)) {
        this.reported.add(x);
        this.c.sink.report(code, file, x.span, { value: String(e.args.value ?? "") });
      }
      return undefined;
    }
  }

  private index(x: Extract<Expr, { kind: "index" }>, file?: string): CValue | undefined {
    const t = this.c.res.get(x.table)?.[0];
    const n = t && declOf(t);
    if (t && n?.kind === "table" && n.keys) return this.lookup(n, t.file.path, [x.key, ...(x.moreKeys ?? [])], file);
    const key = this.value(x.key, file);
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

  /** `highest T over s` of a constant set, as the runtime takes it (就高不就低): of an enum
   *  table the image declared first in its enum, of an amount table the greatest (unlimited
   *  above all); an empty set has none (the runtime refuses it, BR3004). */
  private highest(x: Extract<Expr, { kind: "highest" }>, file?: string): CValue | undefined {
    const t = this.c.res.get(x.table)?.[0];
    const n = t && declOf(t);
    const set = this.value(x.set, file);
    if (!t || n?.kind !== "table" || n.keys || set?.k !== "set" || set.v.length === 0) return undefined;
    const images = set.v.map((m) => {
      const row = n.rows.find((r) => r.key?.text === m);
      return row && this.value(row.value, t.file.path);
    });
    if (images.some((v) => v === undefined)) return undefined;
    const values = images as CValue[];
    if (values.every((v) => v.k === "str")) {
      const order = membersOf(this.c, t.type);
      return values.reduce((best, v) => (order.indexOf((v as { v: string }).v) < order.indexOf((best as { v: string }).v) ? v : best));
    }
    const amounts = values.map(amount);
    if (amounts.includes(undefined)) return undefined;
    const r = ops.extreme("max", amounts as (Dec | null)[]);
    return r === null ? { k: "unlimited" } : dec(r);
  }

  /** A grid lookup with constant keys, matched by the runtime's own gridRow. */
  private lookup(n: TableDecl, tableFile: string, keys: (Expr | undefined)[], file?: string): CValue | undefined {
    const ks = keys.map((k) => this.value(k, file));
    const plain = ks.flatMap((k) => (k?.k === "str" || k?.k === "dec" ? [k.v] : []));
    if (plain.length !== ks.length) return undefined;
    const rows = [];
    for (const row of n.rows) {
      const m: ops.GridMatch<IntervalValue>[] = [];
      for (const cell of row.cells ?? []) {
        if (cell.kind === "any") m.push({ any: true });
        else if (cell.kind === "members") m.push({ members: new Set(cell.members.map((name) => name.text)) });
        else {
          const iv = this.interval(cell.range, tableFile);
          if (!iv) return undefined;
          m.push({ range: iv });
        }
      }
      rows.push({ keys: m, value: row.value });
    }
    const hit = ops.gridRow(rows, plain, ops.inRange);
    return hit ? this.value(hit.value, tableFile) : undefined;
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

/** An amount for min/max/caps: a Decimal, null for unlimited, undefined when not constant. */
function amount(v: CValue | undefined): Dec | null | undefined {
  return v?.k === "dec" ? v.v : v?.k === "unlimited" ? null : undefined;
}

/** Sign of a − b for constants of one kind (the runtime's order), else undefined. */
function compareValues(a: CValue, b: CValue): number | undefined {
  const same = a.k === b.k || (a.k === "dec" && b.k === "unlimited") || (a.k === "unlimited" && b.k === "dec");
  if (!same || a.k === "set") return undefined;
  const raw = (v: CValue) => (v.k === "unlimited" ? null : v.k === "set" ? v.v : v.v);
  return ops.compare(raw(a), raw(b));
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
