// IR expressions as SQL over one claim's row. Numbers are exact DECIMALs whose scale is known
// here (a literal's own, Money 2, a product the sum of its factors' scales) and written as an
// explicit CAST, so no engine ever picks a floating type or rounds on its own; division is
// scaled integer arithmetic, half-up. A ledger operator reads the balance before the claim
// from a window sum over the person's earlier claims of the year (ledgers.ts). Where a rule
// can fail on a claim (no table row, division by zero, a negative amount to a ledger), the
// condition is recorded as an error site with the path that reaches it.
import type { BandEdge, BandRate, BandsDef, Expr, TypeName } from "../runtime/ir/artifact.ts";
import { arithType, pointsScale, QUOTIENT_PLACES } from "../runtime/ir/ops.ts";
import { D } from "../runtime/ir/decimal.ts";
import { enumOf, kindOf } from "../runtime/ir/types.ts";
import { unreachable } from "../runtime/ir/nodes.ts";
import type { Dialect } from "./dialect.ts";
import { v, type V } from "./plan.ts";
import type { Settlement } from "./settlement.ts";

/** Fraction digits an input Rate, Number or Points column holds. */
export const INPUT_SCALE = 10;
/** Fraction digits a quotient is carried to, half-up (exact for any divisor below 10^15 at the fen). */
export const DIV_SCALE = QUOTIENT_PLACES;
/** Whole-yuan digits an amount may have (runtime: MAX_INTEGER_DIGITS). */
const MONEY_DIGITS = 15;
/** The most fraction digits a product may need: beyond it the value would not be exact. */
export const MAX_SCALE = 24;

/** A value in SQL: its text, the columns it reads, and for numbers its scale. */
export interface SqlValue extends V {
  /** fraction digits of a number (or Limit); undefined for any other type */
  scale?: number;
}

/** Where an expression is evaluated: the claim's path to it, and the pipeline's remainder. */
export interface Where {
  /** true when evaluation reaches this expression */
  guard: V;
  rem: SqlValue | undefined;
  /** the output, layer or alert being computed (error messages name it, as the runtime's) */
  at: string;
}

export function scaleOfLiteral(s: string): number {
  const dot = s.indexOf(".");
  return dot < 0 ? 0 : s.length - dot - 1;
}

export function scaleOfType(t: TypeName): number {
  if (t === "Money" || t === "Limit") return 2;
  if (t === "Int") return 0;
  return INPUT_SCALE;
}

export class Translator {
  private readonly st: Settlement;
  private readonly d: Dialect;

  constructor(st: Settlement) {
    this.st = st;
    this.d = st.d;
  }

  typeOf(e: Expr): TypeName {
    return e.t!;
  }

  // ── numbers ──

  dec(x: string, scale: number): string {
    return `CAST(${x} AS ${this.d.decimal(scale)})`;
  }

  num(text: string, scale: number, ...from: V[]): SqlValue {
    return { ...v(this.dec(text, scale), ...from), scale };
  }

  literal(s: string): SqlValue {
    return this.num(s, scaleOfLiteral(s));
  }

  zero(): SqlValue {
    return this.literal("0");
  }

  /** x at a finer scale (no rounding: only ever widens). */
  widen(x: SqlValue, scale: number): SqlValue {
    return x.scale === scale ? x : this.num(x.sql, scale, x);
  }

  /** Half-up to the fen, as the runtime's roundFen. */
  fen(x: SqlValue): SqlValue {
    if (x.scale! <= 2) return this.widen(x, 2);
    return this.num(this.d.round(x.sql, 2), 2, x);
  }

  add(op: "+" | "-", a: SqlValue, b: SqlValue): SqlValue {
    const s = Math.max(a.scale!, b.scale!);
    return this.num(`${a.sql} ${op} ${b.sql}`, s, a, b);
  }

  times(a: SqlValue, b: SqlValue, at: string): SqlValue {
    const s = a.scale! + b.scale!;
    if (s > MAX_SCALE) this.st.refuse("BS1004", { output: at, scale: String(s), max: String(MAX_SCALE) });
    return this.num(`${a.sql} * ${b.sql}`, s, a, b);
  }

  /** a / b half-up to DIV_SCALE decimals, by integer arithmetic on the scaled operands. */
  divide(a: SqlValue, b: SqlValue, w: Where): SqlValue {
    // a/b = (A·10^(sb)) / (B·10^(sa)) with A = a·10^sa, B = b·10^sb; the quotient at DIV_SCALE:
    // q = A·10^(DIV_SCALE + sb − sa) / B. Half-up: (2|N| + |B|) div (2|B|), the sign put back.
    const shift = DIV_SCALE + b.scale! - a.scale!;
    this.st.errorSite(w, v(`${b.sql} = 0`, b), "BR3002", {});
    let n = `(${this.intOf(a)} * ${this.pow10(shift)})`, den = this.intOf(b);
    const widest = this.d.bigIntDigits;
    if (widest !== undefined && MONEY_DIGITS + a.scale! + shift > widest) {
      // A divisor held at many decimals (a quotient, a Number input) mostly ends in zeros: 0.85
      // is 85·10^18 at scale 20. Cancelling k of them keeps A·10^(shift − k) within 38 digits;
      // a row whose division still needs more is an error row, never a failed run.
      const text = this.d.toText(`abs(${den})`);
      const k = `least(${shift}, length(${text}) - length(${this.d.trimZeros(text)}))`;
      // 10^e(k) for each k; a power past 38 digits is no literal of the widest type (its row is an error row)
      const powers = (e: (i: number) => number) => `(CASE ${k} ${Array.from({ length: shift + 1 }, (_, i) => i).filter((i) => e(i) <= widest).map((i) => `WHEN ${i} THEN ${this.pow10(e(i))}`).join(" ")} END)`;
      den = this.d.intDiv(den, powers((i) => i));
      // one digit is kept free: the half-up below doubles the numerator
      const digits = `length(${this.d.toText(`abs(${this.intOf(a)})`)}) + ${shift} - ${k}`;
      this.st.errorSite(w, v(`${b.sql} <> 0 AND ${digits} > ${widest - 1}`, a, b), "BS2006", {});
      n = `(CASE WHEN ${digits} > ${widest - 1} THEN NULL ELSE ${this.intOf(a)} * ${powers((i) => shift - i)} END)`;
    } else if (widest !== undefined) {
      // the bound above holds for amounts of up to MONEY_DIGITS digits; a product of inputs
      // (999999999999.99 × 1000000) can be larger: its row is an error row, never a failed run
      const big = `abs(${a.sql}) >= ${this.pow10(MONEY_DIGITS)}`;
      this.st.errorSite(w, v(`${b.sql} <> 0 AND ${big}`, a, b), "BS2006", {});
      n = `(CASE WHEN ${big} THEN NULL ELSE ${n} END)`;
    }
    const q = `${this.d.intDiv(`2 * abs(${n}) + abs(${den})`, `2 * abs(NULLIF(${den}, 0))`)}`;
    const signed = `(CASE WHEN (${a.sql} < 0) <> (${b.sql} < 0) THEN -1 ELSE 1 END) * ${q}`;
    return this.num(`${this.dec(signed, 0)} * ${this.dec(`0.${"0".repeat(DIV_SCALE - 1)}1`, DIV_SCALE)}`, DIV_SCALE, a, b);
  }

  /** The scaled integer of an exact decimal: x·10^scale. */
  private intOf(x: SqlValue): string {
    return this.d.scaledInt(this.dec(x.sql, x.scale!), x.scale!);
  }

  private pow10(n: number): string {
    return this.d.bigInt(`1${"0".repeat(n)}`);
  }

  least(xs: SqlValue[]): SqlValue {
    if (xs.length === 1) return xs[0]!;
    const s = Math.max(...xs.map((x) => x.scale!));
    return this.num(this.d.least(xs.map((x) => this.widen(x, s).sql)), s, ...xs);
  }

  greatest(xs: SqlValue[]): SqlValue {
    if (xs.length === 1) return xs[0]!;
    const s = Math.max(...xs.map((x) => x.scale!));
    return this.num(this.d.greatest(xs.map((x) => this.widen(x, s).sql)), s, ...xs);
  }

  /** A deductible or cap read per claim, refused below 0 (BR3008) as the runtime refuses it. */
  limitValue(t: SqlValue, w: Where): SqlValue {
    if (!this.st.isConstant(t)) this.st.errorSite(w, v(`${t.sql} < 0`, t), "BR3008", { value: this.st.decimalText(t) });
    return t;
  }

  /** max(x − t, 0): what x leaves above t. */
  above(x: SqlValue, t: SqlValue): SqlValue {
    return this.greatest([this.add("-", x, t), this.zero()]);
  }

  /** CASE WHEN c THEN a ELSE b END on numbers of either scale. */
  choose(c: V, a: SqlValue, b: SqlValue): SqlValue {
    const s = Math.max(a.scale ?? 0, b.scale ?? 0);
    const wa = a.scale === undefined ? a : this.widen(a, s), wb = b.scale === undefined ? b : this.widen(b, s);
    return { ...v(`CASE WHEN ${c.sql} THEN ${wa.sql} ELSE ${wb.sql} END`, c, a, b), scale: a.scale === undefined ? undefined : s };
  }

  and(a: V, b: V): V {
    if (a.sql === "TRUE") return b;
    if (b.sql === "TRUE") return a;
    return v(`(${a.sql} AND ${b.sql})`, a, b);
  }

  // ── expressions ──

  expr(e: Expr, w: Where): SqlValue {
    switch (e.k) {
      case "lit":
        return this.constant(e.v, this.typeOf(e));
      case "input":
        return this.st.input(e.name);
      case "param":
        return this.st.param(e.name);
      case "def":
        return this.st.define(e.name, w);
      case "remaining":
        return w.rem!;
      case "layer":
        return this.st.result(e.name);
      case "balance":
        return this.st.balance(e.name, w);
      case "claimDate":
        return v(this.d.ident("date"));
      case "arith": {
        const ta = this.typeOf(e.a), tb = this.typeOf(e.b);
        if (ta === "Date" || tb === "Date") {
          const date = this.expr(ta === "Date" ? e.a : e.b, w), months = this.expr(ta === "Date" ? e.b : e.a, w);
          const m = e.op === "-" ? v(`-(${months.sql})`, months) : months;
          return v(this.d.addMonths(date.sql, m.sql), date, m);
        }
        return this.arith(e.op, this.expr(e.a, w), this.expr(e.b, w), ta, tb, w);
      }
      case "sum": {
        let acc = this.expr(e.xs[0]!, w), t = this.typeOf(e.xs[0]!);
        e.ops.forEach((op, i) => {
          const x = e.xs[i + 1]!, tx = this.typeOf(x);
          acc = this.arith(op, acc, this.expr(x, w), t, tx, w);
          t = arithType(op, t, tx) as TypeName;
        });
        return acc;
      }
      case "neg": {
        const a = this.expr(e.a, w);
        return this.num(`-(${a.sql})`, a.scale!, a);
      }
      case "cmp":
        return this.cmp(e.op, this.expr(e.a, w), this.expr(e.b, w), this.typeOf(e.a) === "Limit" || this.typeOf(e.b) === "Limit");
      case "and":
      case "or": {
        // later operands are evaluated only when the earlier ones did not decide
        const parts: SqlValue[] = [];
        let g = w.guard;
        for (const x of e.xs) {
          const p = this.expr(x, { ...w, guard: g });
          parts.push(p);
          g = this.and(g, e.k === "and" ? p : v(`NOT ${p.sql}`, p));
        }
        return v(`(${parts.map((p) => p.sql).join(e.k === "and" ? " AND " : " OR ")})`, ...parts);
      }
      case "not": {
        const a = this.expr(e.a, w);
        return v(`(NOT ${a.sql})`, a);
      }
      case "in": {
        const a = this.expr(e.a, w), set = this.expr(e.set, w);
        return v(`(${this.d.bitAnd(set.sql, this.st.bitOf(enumOf(this.typeOf(e.set))!, a).sql)} <> 0)`, a, set);
      }
      case "if": {
        const c = this.expr(e.c, w);
        const a = this.expr(e.a, { ...w, guard: this.and(w.guard, c) });
        const b = this.expr(e.b, { ...w, guard: this.and(w.guard, v(`NOT ${c.sql}`, c)) });
        return this.choose(c, a, b);
      }
      case "above": {
        const x = this.expr(e.v, w), t = this.limitValue(this.expr(e.th, w), w);
        if (e.ledger === undefined) return this.above(x, t);
        return this.st.ledgers.above(e.ledger, x, t, w);
      }
      case "cap":
        return this.st.ledgers.cap(e, w);
      case "atLeast":
        return this.greatest([this.expr(e.v, w), this.expr(e.floor, w)]);
      case "bands": {
        const def = this.st.bandsDef(e.name);
        const x = this.expr(e.v, w);
        if (e.ledger === undefined) return this.bands(def, x, w);
        return this.st.ledgers.bands(e.ledger, def, x, w);
      }
      case "classify":
        return this.classify(e.name, this.expr(e.v, w));
      case "cumulative":
        return this.st.ledgers.cumulative(e.ledger, this.expr(e.v, w), w);
      case "highest":
        return this.highest(e.table, this.expr(e.set, w), w);
      case "index":
        return this.index(e.table, this.expr(e.key, w), w);
      case "lookup":
        return this.lookup(e.grid, e.keys.map((k) => this.expr(k, w)), w);
      case "call":
        return this.call(e.fn, e.args.map((a) => this.expr(a, w)), w);
      case "dateAdd": {
        const date = this.expr(e.a, w);
        return v(this.d.addMonths(date.sql, String(e.months)), date);
      }
      default:
        return unreachable(e);
    }
  }

  /** A constant from the artifact in its SQL form. */
  constant(value: unknown, t: TypeName): SqlValue {
    switch (kindOf(t)) {
      case "num":
        return this.literal(value as string);
      case "limit":
        return value === null ? { ...v(`CAST(NULL AS ${this.d.decimal(2)})`), scale: 2 } : this.literal(value as string);
      case "bool":
        return v(value ? "TRUE" : "FALSE");
      case "date":
        return v(this.d.date(value as string));
      case "duration":
        return v(String(value));
      case "set":
        return v(String(this.st.maskOf(enumOf(t)!, value as string[])));
      default:
        return v(this.d.text(value as string));
    }
  }

  private arith(op: string, a: SqlValue, b: SqlValue, ta: TypeName, tb: TypeName, w: Where): SqlValue {
    const scaled = pointsScale(op, ta, tb);
    if (scaled === "left") a = this.times(a, this.literal("0.01"), w.at);
    else if (scaled === "right") b = this.times(b, this.literal("0.01"), w.at);
    switch (op) {
      case "+":
      case "-":
        return this.add(op, a, b);
      case "*":
        return this.times(a, b, w.at);
      default:
        return this.divide(a, b, w);
    }
  }

  private cmp(op: string, a: SqlValue, b: SqlValue, limit: boolean): SqlValue {
    const sqlOp = op === "==" ? "=" : op === "!=" ? "<>" : op;
    // a Limit is null when unlimited: above every amount
    if (limit) {
      const big = (x: SqlValue) => this.widen(this.literal("1" + "0".repeat(20)), x.scale!).sql;
      const fa = a.scale === undefined ? a : this.num(`COALESCE(${a.sql}, ${big(a)})`, a.scale, a);
      const fb = b.scale === undefined ? b : this.num(`COALESCE(${b.sql}, ${big(b)})`, b.scale, b);
      return v(`(${fa.sql} ${sqlOp} ${fb.sql})`, fa, fb);
    }
    return v(`(${a.sql} ${sqlOp} ${b.sql})`, a, b);
  }

  /** The interval test of x against an artifact interval (a band's edges may be read per claim). */
  inRange(x: SqlValue, r: { lo: string | SqlValue | null; loIncl: boolean; hi: string | SqlValue | null; hiIncl: boolean }): string {
    const parts: string[] = [];
    const bound = (b: string | SqlValue) => (typeof b === "string" ? this.literal(b) : b).sql;
    if (r.lo !== null) parts.push(`${x.sql} ${r.loIncl ? ">=" : ">"} ${bound(r.lo)}`);
    if (r.hi !== null) parts.push(`${x.sql} ${r.hiIncl ? "<=" : "<"} ${bound(r.hi)}`);
    return parts.length === 0 ? "TRUE" : parts.join(" AND ");
  }

  /** What bands pay on x (bands.ts of the runtime: marginal or whole). */
  bands(def: BandsDef, x: SqlValue, w: Where): SqlValue {
    // rates and edges read per claim (a param, a table by the claim's hospital level) are expressions
    const read = (b: BandRate | BandEdge) => (typeof b === "string" ? this.literal(b) : this.expr(b, w));
    const rates = def.rows.map((r) => read(r.rate));
    const edges = def.rows.map((r) => ({ lo: read(r.lo!), loIncl: r.loIncl, hi: r.hi === null ? null : read(r.hi), hiIncl: r.hiIncl }));
    if (def.mode === "whole") {
      // all of x at the rate of the band holding it; nothing outside every band
      const arms = def.rows.map((_, i) => ({ when: this.inRange(x, edges[i]!), then: this.times(x, rates[i]!, w.at) }));
      const s = Math.max(...arms.map((a) => a.then.scale!));
      const cases = arms.map((a) => `WHEN ${a.when} THEN ${this.widen(a.then, s).sql}`).join(" ");
      // the edges read per claim are columns the case reads too
      const read = edges.flatMap((e) => [e.lo, ...(e.hi === null ? [] : [e.hi])]);
      return this.num(`CASE ${cases} ELSE 0 END`, s, x, ...arms.map((a) => a.then), ...read);
    }
    // Σ rate × (min(x, hi) − lo) over the bands x reaches past lo
    const terms = edges.map(({ lo, hi }, i) => {
      const top = hi === null ? x : this.least([x, hi]);
      const slice = this.greatest([this.add("-", top, lo), this.zero()]);
      return this.times(slice, rates[i]!, w.at);
    });
    const s = Math.max(...terms.map((t) => t.scale!));
    return this.num(terms.map((t) => this.widen(t, s).sql).join(" + "), s, ...terms);
  }

  private classify(name: string, x: SqlValue): SqlValue {
    const def = this.st.classifyDef(name);
    const arms = def.rows.map((r) => `WHEN ${this.inRange(x, r.range)} THEN ${this.d.text(r.member)}`).join(" ");
    return v(`CASE ${arms} ELSE ${this.d.text(def.otherwise)} END`, x);
  }

  private index(name: string, key: SqlValue, w: Where): SqlValue {
    const def = this.st.tableDef(name);
    const vt = def.valueType;
    const values = def.rows.map((r) => this.constant(r.value, vt));
    const s = kindOf(vt) === "num" || kindOf(vt) === "limit" ? Math.max(...values.map((x) => x.scale!)) : undefined;
    const val = (x: SqlValue) => (s === undefined ? x.sql : this.widen(x, s).sql);
    const enumKey = kindOf(def.keyType) === "enum";
    const when = def.rows.map((r) => (enumKey ? `${key.sql} = ${this.d.text(r.key!)}` : this.inRange(key, r.range!)));
    const arms = def.rows.map((_, i) => `WHEN ${when[i]} THEN ${val(values[i]!)}`).join(" ");
    const keyText = enumKey ? key : this.st.decimalText(key);
    const covered = enumKey && this.st.enumMembers(enumOf(def.keyType)!).every((m) => def.rows.some((r) => r.key === m));
    if (!covered) this.st.errorSite(w, v(`NOT (${when.join(" OR ")})`, key), "BR3001", { table: v(this.d.text(name)), key: keyText });
    return { ...v(`CASE ${arms} END`, key), scale: s };
  }

  private lookup(name: string, keys: SqlValue[], w: Where): SqlValue {
    const def = this.st.gridDef(name);
    const vt = def.valueType;
    const values = def.rows.map((r) => this.constant(r.value, vt));
    const s = kindOf(vt) === "num" || kindOf(vt) === "limit" ? Math.max(...values.map((x) => x.scale!)) : undefined;
    const when = def.rows.map((r) => {
      const parts = r.keys.map((m, j) => {
        if ("any" in m) return "TRUE";
        if ("members" in m) return `${keys[j]!.sql} IN (${m.members.map((x) => this.d.text(x)).join(", ")})`;
        return this.inRange(keys[j]!, m.range);
      });
      return parts.join(" AND ");
    });
    const arms = def.rows.map((_, i) => `WHEN ${when[i]} THEN ${s === undefined ? values[i]!.sql : this.widen(values[i]!, s).sql}`).join(" ");
    const keyText = this.d.concat(keys.flatMap((k, j) => [...(j > 0 ? [this.d.text(", ")] : []), def.keyTypes[j]!.startsWith("enum:") ? k.sql : this.st.decimalText(k).sql]));
    this.st.errorSite(w, v(`NOT ((${when.join(") OR (")}))`, ...keys), "BR3001", { table: v(this.d.text(name)), key: v(keyText, ...keys) });
    return { ...v(`CASE ${arms} END`, ...keys), scale: s };
  }

  /** The value ranking first in its enum among the table's values for the set's members. */
  /** The value that ranks first among the set's members: first in its enum for an enum table,
   *  the greatest amount (unlimited above all) for an amount table — the first arm whose
   *  members the set holds, the arms in that order. */
  private highest(name: string, set: SqlValue, w: Where): SqlValue {
    const def = this.st.tableDef(name);
    const keyEnum = enumOf(def.keyType)!;
    const members = this.st.enumMembers(keyEnum);
    const missing = members.filter((m) => !def.rows.some((r) => r.key === m));
    this.st.errorSite(w, v(`${set.sql} = 0`, set), "BR3004", { table: v(this.d.text(name)), example: v(this.d.text(def.rows[0]?.key ?? "")) });
    if (missing.length > 0) {
      // the runtime names the first member without a row; the set's order is not kept, so the first declared
      const arms = missing.map((m) => `WHEN ${this.d.bitAnd(set.sql, String(this.st.maskOf(keyEnum, [m])))} <> 0 THEN ${this.d.text(m)}`).join(" ");
      this.st.errorSite(w, v(`${this.d.bitAnd(set.sql, String(this.st.maskOf(keyEnum, missing)))} <> 0`, set), "BR3001", {
        table: v(this.d.text(name)), key: v(`CASE ${arms} END`, set),
      });
    }
    const arm = (from: string[], value: string) => `WHEN ${this.d.bitAnd(set.sql, String(this.st.maskOf(keyEnum, from)))} <> 0 THEN ${value}`;
    const valueEnum = enumOf(def.valueType);
    if (valueEnum !== undefined) {
      const arms = this.st.enumMembers(valueEnum).flatMap((value) => {
        const from = def.rows.filter((r) => r.value === value).map((r) => r.key!);
        return from.length === 0 ? [] : [arm(from, this.d.text(value))];
      });
      return v(`CASE ${arms.join(" ")} END`, set);
    }
    const values = [...new Set(def.rows.map((r) => r.value as string | null))]
      .sort((a, b) => (a === null ? -1 : b === null ? 1 : new D(b).cmp(a)));
    const consts = values.map((x) => this.constant(x, def.valueType));
    const scale = Math.max(...consts.map((x) => x.scale!));
    const arms = values.map((value, i) => arm(def.rows.filter((r) => r.value === value).map((r) => r.key!), this.widen(consts[i]!, scale).sql));
    return { ...v(`CASE ${arms.join(" ")} END`, set), scale };
  }

  private call(fn: string, args: SqlValue[], w: Where): SqlValue {
    if (fn === "count") return this.num(`CAST(${this.d.bitCount(args[0]!.sql)} AS BIGINT)`, 0, args[0]!);
    if (fn === "round") {
      const x = args[0]!;
      if (args.length === 1) return this.fen(x);
      // half-up to a multiple of the unit: round(x / unit) × unit
      const unit = args[1]!;
      this.st.errorSite(w, v(`${unit.sql} <= 0`, unit), "BR3005", { value: this.st.decimalText(unit) });
      const q = this.divide(x, unit, { ...w, guard: v("FALSE") });
      const whole = this.num(this.d.round(q.sql, 0), 0, q);
      return this.times(whole, unit, w.at);
    }
    // min ignores an unlimited (null) argument; max of anything with unlimited is unlimited
    const s = Math.max(...args.map((a) => a.scale!));
    const xs = args.map((a) => this.widen(a, s).sql);
    if (fn === "min") return this.num(this.d.least(xs), s, ...args);
    const anyNull = args.map((a) => `${a.sql} IS NULL`).join(" OR ");
    return this.num(`CASE WHEN ${anyNull} THEN NULL ELSE ${this.d.greatest(xs)} END`, s, ...args);
  }
}
