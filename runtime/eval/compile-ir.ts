// Phase 3 of loading: turn the checked IR into closures, once. Constants become Decimals
// here; inputs, ledger fields and defines become array slots. Nothing from the artifact is
// ever turned into code: the closures are this file's own (the fast path's generated code,
// fast-settle.ts, holds names only as string literals).
import type { BandEdge, BandMode, BandRate, BandsDef, ClassifyDef, DatedValue, Expr, GridDef, Interval, TableDef, TypeName } from "../ir/artifact.ts";
import { ledgerType } from "../ir/artifact.ts";
import { entryInForce } from "../ir/dates.ts";
import type { Checked } from "../load/check-ir.ts";
import { D, ZERO, type Dec } from "../ir/decimal.ts";
import { enumOf, kindOf } from "../ir/types.ts";
import { formatDecimal, roundFen } from "../ir/money.ts";
import { unreachable } from "../ir/nodes.ts";
import {
  above, applyBands, arith, bandsInOrder, arithType, bandHolding, bandSlices, compare, extreme, fail, findRow, gridMatchers, gridRow, highestAmountKey, highestKey,
  holds, inRange, limitValue, maxOf, minOf, moveDate, room, round, showGridKeys, showRange, type DecBand, type DecRange,
} from "../ir/ops.ts";
import type { StepDoc, Tracer } from "./trace.ts";
import { constant, type RtValue } from "../ir/values.ts";

/** One claim's evaluation state. */
export interface Ctx {
  /** input values by slot */
  in: RtValue[];
  /** ledger fields by slot, updated as operators write them */
  led: Dec[];
  /** memoised defines by slot; undefined until evaluated */
  defs: (RtValue | undefined)[];
  /** what the layers before this one left to the patient */
  rem: Dec;
  /** what each pipeline's layers and leaves came to, by slot (Checked.results), once it ran */
  paid: (Dec | undefined)[];
  /** the claim's date: a dated param takes the value in force on it */
  date: string;
  /** the output, layer or alert being evaluated, for error messages */
  at: string;
  tr: Tracer | null;
}

export type Fn<T = RtValue> = (c: Ctx) => T;

/** Shows a run-time value in a trace. */
export function show(v: RtValue | undefined): string {
  if (v === null || v === undefined) return "unlimited";
  if (typeof v === "object") return Array.isArray(v) ? v.join(",") : formatDecimal(v);
  return String(v);
}

/** An interval from the artifact with Decimal bounds. */
export function decRange(r: Interval): DecRange {
  return { lo: r.lo === null ? null : new D(r.lo), loIncl: r.loIncl, hi: r.hi === null ? null : new D(r.hi), hiIncl: r.hiIncl };
}

/** Adds a claim's amount to a ledger slot, to the fen; a negative amount is refused. */
/** What a bands step shows below it. Marginal: the slice of [from, to] in each band.
 *  Whole: the band holding `to`, all of `to` at its rate, and (on a ledger) the band holding
 *  `from`, what the year's earlier claims already came to (`earlier`), which is subtracted. */
function bandSteps(mode: BandMode, rows: readonly DecBand[], from: Dec, to: Dec): Record<string, string>[] {
  // `row`: the written row, whose edges may have been read from the claim (coverage counts it)
  const step = (band: DecBand, base: Dec): Record<string, string> =>
    ({ band: showRange(band), row: String(rows.indexOf(band)), amount: show(base), rate: show(band.rate), paid: show(base.times(band.rate)) });
  if (mode === "marginal") return bandSlices(rows, from, to).map(({ band, base }) => step(band, base));
  const out: Record<string, string>[] = [];
  const last = bandHolding(rows, to);
  if (last !== undefined) out.push(step(last, to));
  const first = from.isZero() ? undefined : bandHolding(rows, from);
  if (first !== undefined) out.push({ ...step(first, from), earlier: "true" });
  return out;
}

function addToLedger(c: Ctx, slot: number, name: string, amount: Dec): Dec {
  if (amount.isNegative() && !amount.isZero()) fail("BR3003", { value: formatDecimal(amount), ledger: name });
  const after = c.led[slot]!.plus(roundFen(amount));
  c.led[slot] = after;
  return after;
}

export class IrCompiler {
  private readonly ck: Checked;
  private readonly defFns: Fn[] = [];
  private readonly bandCache = new Map<string, DecBand[]>();

  constructor(checked: Checked) {
    this.ck = checked;
  }

  /** Compiles the defines in order (each may use only earlier ones), then returns the compiler. */
  compileDefines(): Fn[] {
    for (const d of this.ck.artifact.ir.defines) this.defFns.push(this.expr(d.expr));
    return this.defFns;
  }

  /** The memoised function of a define, for callers that must make sure it ran. */
  defineFn(name: string): Fn {
    return this.define(name);
  }

  private typeOf(e: Expr): TypeName {
    return this.ck.types.get(e)!;
  }

  private ledgerSlot(name: string): number {
    return this.ck.ledger.get(name)!.index;
  }

  /** The ledger field's name (and label, when it has one) for a step's values. */
  private ledgerValues(name: string): Record<string, string> {
    const label = this.ck.ledger.get(name)!.def.label;
    return label === undefined ? { ledger: name } : { ledger: name, ledgerLabel: label };
  }

  /** A dated param: the entry in force on the claim's date, which the trace names. */
  private datedParam(values: DatedValue[], name: string, type: TypeName, doc: StepDoc): Fn {
    const entries = values.map((d) => ({ from: d.from, v: constant(d.value, type) }));
    return (c) => {
      const i = entryInForce(entries, c.date);
      // the loader refuses entries that start after the effective date (check-ir.ts)
      if (i < 0) fail("BR3999", { detail: `no value of ${name} in force on ${c.date}` });
      const { from, v } = entries[i]!;
      if (c.tr !== null) c.tr.add("param", doc, { name, value: show(v), type, from });
      return v;
    };
  }

  /** Compiles an expression to a closure. */
  expr(e: Expr): Fn {
    const s: StepDoc | undefined = e.s === undefined ? undefined : { span: e.s };
    switch (e.k) {
      case "lit": {
        const v = constant(e.v, this.typeOf(e));
        return () => v;
      }
      case "input": {
        const slot = this.ck.inputs.get(e.name)!;
        const i = slot.index, name = e.name, type = slot.def.type;
        const doc: StepDoc = { label: slot.def.label, sections: slot.def.sections, span: e.s ?? slot.def.span };
        return (c) => {
          const v = c.in[i]!;
          if (c.tr !== null) c.tr.add("input", doc, { name, value: show(v), type });
          return v;
        };
      }
      case "param": {
        const p = this.ck.params.get(e.name)!;
        const name = e.name, type = p.type;
        const doc: StepDoc = { label: p.label, sections: p.sections, span: p.span };
        if (p.values !== undefined) return this.datedParam(p.values, name, type, doc);
        const v = constant(p.value!, type);
        return (c) => {
          if (c.tr !== null) c.tr.add("param", doc, { name, value: show(v), type });
          return v;
        };
      }
      case "def":
        return this.define(e.name);
      case "remaining":
        return (c) => {
          if (c.tr !== null) c.tr.add("remaining", s, { value: show(c.rem), type: "Money" });
          return c.rem;
        };
      case "layer": {
        const i = this.ck.results.get(e.name)!, name = e.name, info = this.ck.outputs.get(name)!;
        const doc: StepDoc = { label: info.label, sections: info.sections, span: e.s };
        return (c) => {
          const v = c.paid[i];
          // the order (load/result-order.ts) runs the pipeline first
          if (v === undefined) fail("BR3999", { detail: `${name} read before its pipeline ran` });
          if (c.tr !== null) c.tr.add("result", doc, { name, value: show(v), type: "Money" });
          return v;
        };
      }
      case "balance": {
        const i = this.ledgerSlot(e.name), name = e.name, def = this.ck.ledger.get(name)!.def;
        const doc: StepDoc = { label: def.label, sections: def.sections, span: e.s };
        const type = ledgerType(def);
        // alerts run after the outputs and pipelines; a define that writes the field runs now
        const writer = this.ck.writers.get(name), wrote = writer === undefined ? undefined : this.define(writer);
        return (c) => {
          if (wrote !== undefined) wrote(c);
          const v = c.led[i]!;
          if (c.tr !== null) c.tr.add("balance", doc, { name, value: show(v), type });
          return v;
        };
      }
      case "claimDate":
        return (c) => {
          if (c.tr !== null) c.tr.add("claimDate", s, { value: c.date });
          return c.date;
        };
      case "arith": {
        const ta = this.typeOf(e.a), tb = this.typeOf(e.b);
        if (ta === "Date" || tb === "Date") return this.moveDate(e.op, this.expr(e.a), this.expr(e.b), ta === "Date", s);
        return this.arith(e.op, this.num(e.a), this.num(e.b), s, ta, tb, this.typeOf(e));
      }
      case "sum": {
        // a left fold of `arith`, step by step as the nested form would run and trace
        let f = this.num(e.xs[0]!), t = this.typeOf(e.xs[0]!);
        e.ops.forEach((op, i) => {
          const x = e.xs[i + 1]!, tx = this.typeOf(x), tr = arithType(op, t, tx) as TypeName;
          f = this.arith(op, f, this.num(x), s, t, tx, tr);
          t = tr;
        });
        return f;
      }
      case "neg": {
        const a = this.num(e.a);
        return (c) => a(c).neg();
      }
      case "cmp":
        return this.cmp(e.op, this.expr(e.a), this.expr(e.b), this.typeOf(e.a), this.typeOf(e.b), s);
      case "and":
      case "or": {
        // stops at the first operand that decides: false for `and`, true for `or`
        const xs = e.xs.map((x) => this.bool(x)), decides = e.k === "or";
        return (c) => {
          for (const x of xs) if (x(c) === decides) return decides;
          return !decides;
        };
      }
      case "not": {
        const a = this.bool(e.a);
        return (c) => !a(c);
      }
      case "in": {
        const a = this.expr(e.a) as Fn<string>, set = this.expr(e.set) as Fn<string[]>;
        return (c) => {
          if (c.tr === null) return set(c).includes(a(c));
          // which member was looked for in which set: a condition of several shows the one that failed
          c.tr.open();
          const m = a(c), xs = set(c), r = xs.includes(m);
          c.tr.close("in", s, { member: m, set: show(xs), result: String(r) });
          return r;
        };
      }
      case "if":
        return this.ifThen(this.bool(e.c), this.expr(e.a), this.expr(e.b), s, this.typeOf(e));
      case "above":
        return this.above(this.num(e.v), this.num(e.th), e.ledger, s, e.perClaim === true);
      case "cap":
        return this.cap(e, s);
      case "atLeast": {
        const v = this.num(e.v), floor = this.num(e.floor);
        return (c) => {
          if (c.tr === null) return maxOf(v(c), floor(c));
          c.tr.open();
          const x = v(c), f = floor(c), r = maxOf(x, f);
          c.tr.close("atLeast", s, { amount: show(x), floor: show(f), result: show(r) });
          return r;
        };
      }
      case "bands":
        return this.bands(this.ck.bands.get(e.name)!, this.num(e.v), e.ledger, s);
      case "classify":
        return this.classify(this.ck.classifications.get(e.name)!, this.num(e.v), s);
      case "cumulative": {
        const v = this.num(e.v), slot = this.ledgerSlot(e.ledger), name = e.ledger, lv = this.ledgerValues(name);
        const type = ledgerType(this.ck.ledger.get(name)!.def);
        return (c) => {
          if (c.tr === null) {
            const x = v(c);
            const r = c.led[slot]!.plus(x);
            addToLedger(c, slot, name, x);
            return r;
          }
          c.tr.open();
          const x = v(c), before = c.led[slot]!, r = before.plus(x);
          const after = addToLedger(c, slot, name, x);
          c.tr.close("cumulative", s, { ...lv, amount: show(x), before: show(before), after: show(after), result: show(r), type });
          return r;
        };
      }
      case "highest":
        return this.highest(this.ck.tables.get(e.table)!, this.expr(e.set) as Fn<string[]>, s);
      case "index":
        return this.index(this.ck.tables.get(e.table)!, this.expr(e.key), s);
      case "lookup":
        return this.lookup(this.ck.grids.get(e.grid)!, e.keys.map((k) => this.expr(k)), s);
      case "call":
        return this.call(e.fn, e.args.map((a) => this.expr(a)), s, [this.typeOf(e), ...e.args.map((a) => this.typeOf(a))]);
      case "dateAdd": {
        const months = e.months;
        return this.moveDate("+", this.expr(e.a), () => months, true, s);
      }
      default:
        return unreachable(e);
    }
  }

  num(e: Expr): Fn<Dec> {
    return this.expr(e) as Fn<Dec>;
  }

  bool(e: Expr): Fn<boolean> {
    return this.expr(e) as Fn<boolean>;
  }

  private define(name: string): Fn {
    const slot = this.ck.defines.get(name)!;
    const j = slot.index, def = slot.def, type = def.type;
    const f = this.defFns[j]!;
    const doc: StepDoc = { label: def.label, sections: def.sections, span: def.span };
    return (c) => {
      let v = c.defs[j];
      if (v !== undefined) {
        if (c.tr !== null) c.tr.add("define", doc, { name, value: show(v), type, memo: "true" });
        return v;
      }
      if (c.tr === null) {
        v = f(c);
      } else {
        c.tr.open();
        v = f(c);
        c.tr.close("define", doc, { name, value: show(v), type });
      }
      c.defs[j] = v;
      return v;
    };
  }

  private arith(op: string, a: Fn<Dec>, b: Fn<Dec>, s: StepDoc | undefined, aType: string, bType: string, type: string): Fn<Dec> {
    return (c) => {
      if (c.tr === null) return arith(op, a(c), b(c), aType, bType);
      c.tr.open();
      const x = a(c), y = b(c), r = arith(op, x, y, aType, bType);
      c.tr.close("arith", s, { op, a: show(x), b: show(y), result: show(r), aType, bType, type });
      return r;
    };
  }

  /** Date ± Duration: calendar months, the day clamped to the month's end. */
  private moveDate(op: string, a: Fn, b: Fn, dateLeft: boolean, s: StepDoc | undefined): Fn<string> {
    const sign = op === "-" ? -1 : 1;
    return (c) => {
      const x = a(c), y = b(c);
      const d = (dateLeft ? x : y) as string, months = sign * ((dateLeft ? y : x) as number);
      const r = moveDate(d, months);
      if (c.tr !== null) c.tr.add("dateAdd", s, { date: d, months: String(months), result: r });
      return r;
    };
  }

  private cmp(op: string, a: Fn, b: Fn, aType: string, bType: string, s: StepDoc | undefined): Fn<boolean> {
    return (c) => {
      if (c.tr === null) return holds(op, compare(a(c), b(c)));
      c.tr.open();
      const x = a(c), y = b(c), r = holds(op, compare(x, y));
      c.tr.close("cmp", s, { op, a: show(x), b: show(y), result: String(r), aType, bType });
      return r;
    };
  }

  private ifThen(cond: Fn<boolean>, a: Fn, b: Fn, s: StepDoc | undefined, type: string): Fn {
    return (c) => {
      if (c.tr === null) return cond(c) ? a(c) : b(c);
      c.tr.open();
      const t = cond(c);
      const v = t ? a(c) : b(c);
      c.tr.close("if", s, { condition: String(t), branch: t ? "then" : "else", value: show(v), type });
      return v;
    };
  }

  private above(v: Fn<Dec>, th: Fn<Dec>, ledger: string | undefined, s: StepDoc | undefined, perClaim: boolean): Fn<Dec> {
    if (ledger === undefined) {
      const said: Record<string, string> = perClaim ? { perClaim: "true" } : {};
      return (c) => {
        if (c.tr === null) return above(v(c), th(c));
        c.tr.open();
        const x = v(c), t = th(c), r = above(x, t);
        c.tr.close("above", s, { ...said, amount: show(x), threshold: show(t), result: show(r) });
        return r;
      };
    }
    const slot = this.ledgerSlot(ledger), name = ledger, lv = this.ledgerValues(name);
    return (c) => {
      const tr = c.tr;
      if (tr !== null) tr.open();
      const x = v(c), t = th(c), before = c.led[slot]!;
      const left = room(t, before);
      const r = above(x, left);
      const after = addToLedger(c, slot, name, minOf(x, left));
      if (tr !== null) {
        tr.close("above", s, {
          ...lv, amount: show(x), threshold: show(t), before: show(before), left: show(left),
          after: show(after), result: show(r),
        });
      }
      return r;
    };
  }

  private cap(e: Extract<Expr, { k: "cap" }>, s: StepDoc | undefined): Fn<Dec> {
    const v = this.num(e.v);
    const limits = e.limits.map((l) => ({
      lim: this.expr(l.lim) as Fn<Dec | null>,
      // a sub-cap (`when`) neither caps nor records when its condition fails
      when: l.when === undefined ? null : this.bool(l.when),
      slot: l.ledger === undefined ? -1 : this.ledgerSlot(l.ledger),
      name: l.ledger,
      lv: l.ledger === undefined ? undefined : this.ledgerValues(l.ledger),
      said: (l.perClaim === true ? { perClaim: "true" } : l.left === true ? { left: "true" } : {}) as Record<string, string>,
      // the pipeline's own limit is what the layers before left (below 0 only on a negative
      // amount, which the ledger refuses as BR3003): no deductible or cap of the document's
      checked: l.left === true ? (x: Dec) => x : limitValue,
    }));
    const n = limits.length;
    const applies: boolean[] = new Array(n);
    const fast: Fn<Dec> = (c) => {
      const x = v(c);
      let r = x;
      for (let i = 0; i < n; i++) applies[i] = limits[i]!.when === null || limits[i]!.when!(c);
      for (let i = 0; i < n; i++) {
        const l = limits[i]!;
        if (!applies[i]) continue;
        const cap = l.lim(c);
        if (cap === null) continue;
        const left = l.slot < 0 ? l.checked(cap) : room(cap, c.led[l.slot]!);
        if (left.lt(r)) r = left;
      }
      for (let i = 0; i < n; i++) {
        const l = limits[i]!;
        if (applies[i] && l.slot >= 0) addToLedger(c, l.slot, l.name!, r);
      }
      return r;
    };
    return (c) => {
      const tr = c.tr;
      if (tr === null) return fast(c);
      tr.open();
      const x = v(c);
      let r = x;
      // rooms[i]: what limit i still allows this year (null: no limit)
      const rooms: (Dec | null)[] = new Array(n);
      const limitValues: (Dec | null)[] = new Array(n);
      const limitSteps: ReturnType<Tracer["collect"]>[] = [];
      for (let i = 0; i < n; i++) applies[i] = limits[i]!.when === null || limits[i]!.when!(c);
      for (let i = 0; i < n; i++) {
        const l = limits[i]!;
        if (!applies[i]) {
          rooms[i] = null;
          limitValues[i] = null;
          limitSteps.push([]);
          continue;
        }
        if (tr !== null) tr.open();
        const cap = l.lim(c);
        if (tr !== null) limitSteps.push(tr.collect());
        limitValues[i] = cap;
        const left = cap === null ? null : l.slot < 0 ? l.checked(cap) : room(cap, c.led[l.slot]!);
        rooms[i] = left;
        if (left !== null && left.lt(r)) r = left;
      }
      for (let i = 0; i < n; i++) {
        const l = limits[i]!;
        if (!applies[i]) {
          if (tr !== null) tr.add("limit", undefined, { applies: "false", ...(l.lv ?? {}) });
          continue;
        }
        const before = l.slot < 0 ? null : c.led[l.slot]!;
        const after = l.slot < 0 ? null : addToLedger(c, l.slot, l.name!, r);
        if (tr !== null) {
          const left = rooms[i]!;
          const values: Record<string, string> = {
            ...l.said, limit: show(limitValues[i]!), room: show(left), bites: String(left !== null && left.lt(x)),
          };
          if (before !== null) Object.assign(values, l.lv, { before: show(before), after: show(after!) });
          tr.add("limit", undefined, values, limitSteps[i]);
        }
      }
      if (tr !== null) tr.close("cap", s, { amount: show(x), result: show(r), capped: String(r.lt(x)) });
      return r;
    };
  }

  private bandsOf(def: BandsDef): DecBand[] {
    let rows = this.bandCache.get(def.name);
    if (rows === undefined) {
      // a rate or an edge that depends on the claim is filled in per claim (bands below)
      rows = def.rows.map((r) => ({
        lo: typeof r.lo === "string" ? new D(r.lo) : ZERO, loIncl: r.loIncl,
        hi: typeof r.hi === "string" ? new D(r.hi) : r.hi === null ? null : ZERO, hiIncl: r.hiIncl,
        rate: typeof r.rate === "string" ? new D(r.rate) : ZERO,
      }));
      this.bandCache.set(def.name, rows);
    }
    return rows;
  }

  private bands(def: BandsDef, v: Fn<Dec>, ledger: string | undefined, s: StepDoc | undefined): Fn<Dec> {
    const fixed = this.bandsOf(def);
    const perClaim = (x: BandRate | BandEdge | null) => (x === null || typeof x === "string" ? undefined : this.num(x));
    const rates = def.rows.map((r) => perClaim(r.rate));
    const los = def.rows.map((r) => perClaim(r.lo)), his = def.rows.map((r) => perClaim(r.hi));
    const edges = los.some((f) => f !== undefined) || his.some((f) => f !== undefined);
    const claimRows = edges || rates.some((f) => f !== undefined);
    const slot = ledger === undefined ? -1 : this.ledgerSlot(ledger);
    const lv = ledger === undefined ? undefined : this.ledgerValues(ledger);
    const doc: StepDoc = { label: def.label, sections: def.sections, span: s?.span ?? def.span };
    const name = def.name, mode = def.mode;
    return (c) => {
      const tr = c.tr;
      if (tr !== null) tr.open();
      const x = v(c);
      // rates and edges read from the claim (a param, a table by the claim's hospital level), in row order
      const rows = claimRows
        ? fixed.map((b, i) => ({ ...b, lo: los[i]?.(c) ?? b.lo, hi: his[i] ? his[i]!(c) : b.hi, rate: rates[i]?.(c) ?? b.rate }))
        : fixed;
      if (edges) {
        const bad = rows.find((_, i) => !bandsInOrder(rows.slice(0, i + 1)));
        if (bad) fail("BR3007", { bands: name, row: showRange(bad) });
      }
      let r: Dec, before = ZERO;
      if (slot < 0) {
        r = applyBands(mode, rows, x);
      } else {
        before = c.led[slot]!;
        r = applyBands(mode, rows, before.plus(x)).minus(applyBands(mode, rows, before));
        addToLedger(c, slot, ledger!, x);
      }
      if (tr !== null) {
        for (const step of bandSteps(mode, rows, before, before.plus(x))) tr.add("band", undefined, step);
        const values: Record<string, string> = { name, mode, amount: show(x), result: show(r) };
        if (slot >= 0) Object.assign(values, lv, { before: show(before), after: show(c.led[slot]!) });
        tr.close("bands", doc, values);
      }
      return r;
    };
  }

  private classify(def: ClassifyDef, v: Fn<Dec>, s: StepDoc | undefined): Fn<string> {
    const rows = def.rows.map((r) => ({ range: decRange(r.range), member: r.member }));
    const otherwise = def.otherwise, name = def.name;
    const doc: StepDoc = { label: def.label, sections: def.sections, span: s?.span ?? def.span };
    return (c) => {
      const tr = c.tr;
      if (tr !== null) tr.open();
      const x = v(c);
      const hit = findRow(rows, x);
      const member = hit === undefined ? otherwise : hit.member, row = hit === undefined ? "otherwise" : showRange(hit.range);
      if (tr !== null) tr.close("classify", doc, { name, amount: show(x), row, member });
      return member;
    };
  }

  private index(def: TableDef, key: Fn, s: StepDoc | undefined): Fn {
    const vt = def.valueType, name = def.name;
    const doc: StepDoc = { label: def.label, sections: def.sections, span: s?.span ?? def.span };
    if (kindOf(def.keyType) === "enum") {
      const map = new Map<string, RtValue>(def.rows.map((r) => [r.key!, constant(r.value, vt)]));
      return (c) => {
        const tr = c.tr;
        if (tr !== null) tr.open();
        const k = key(c) as string;
        const v = map.get(k);
        if (v === undefined) fail("BR3001", { table: name, key: k });
        if (tr !== null) tr.close("index", doc, { table: name, key: k, value: show(v), type: vt });
        return v;
      };
    }
    const rows = def.rows.map((r) => ({ range: decRange(r.range!), value: constant(r.value, vt) }));
    return (c) => {
      const tr = c.tr;
      if (tr !== null) tr.open();
      const k = key(c) as Dec;
      const r = findRow(rows, k);
      if (r === undefined) fail("BR3001", { table: name, key: show(k) });
      if (tr !== null) tr.close("index", doc, { table: name, key: show(k), row: showRange(r.range), value: show(r.value), type: vt });
      return r.value;
    };
  }

  private lookup(def: GridDef, keys: Fn[], s: StepDoc | undefined): Fn {
    const vt = def.valueType, name = def.name;
    const doc: StepDoc = { label: def.label, sections: def.sections, span: s?.span ?? def.span };
    const rows = def.rows.map((r, i) => ({ n: i + 1, keys: gridMatchers(r.keys, (iv) => decRange(iv)), value: constant(r.value, vt) }));
    return (c) => {
      const tr = c.tr;
      if (tr !== null) tr.open();
      const ks = keys.map((k) => k(c) as string | Dec);
      const r = gridRow(rows, ks, inRange);
      if (r === undefined) fail("BR3001", { table: name, key: ks.map((k) => show(k)).join(", ") });
      if (tr !== null) {
        tr.close("lookup", doc, { table: name, keys: ks.map((k) => show(k)).join(", "), row: String(r.n), cell: showGridKeys(r.keys, showRange), value: show(r.value), type: vt });
      }
      return r.value;
    };
  }

  /** The value of the member that ranks first: by its enum's order for an enum table, the
   *  greatest amount for an amount table. */
  private highest(def: TableDef, set: Fn<string[]>, s: StepDoc | undefined): Fn {
    const name = def.name, vt = def.valueType;
    const doc: StepDoc = { label: def.label, sections: def.sections, span: s?.span ?? def.span };
    const enumValued = kindOf(vt) === "enum";
    const map = new Map(def.rows.map((r) => [r.key!, constant(r.value, vt)]));
    const order = enumValued ? this.ck.enums.get(enumOf(vt)!)!.index : undefined;
    const pick = (members: readonly string[]) => order !== undefined
      ? highestKey(map as Map<string, string>, order, name, members)
      : highestAmountKey(map as Map<string, Dec | null>, name, members);
    return (c) => {
      const tr = c.tr;
      if (tr !== null) tr.open();
      const members = set(c);
      const from = pick(members), best = map.get(from)!;
      if (tr !== null) tr.close("highest", doc, { table: name, members: members.join(","), from, result: show(best) });
      return best;
    };
  }

  /** `types`: the result's, then each argument's (the trace writes amounts with their unit) */
  private call(fn: string, args: Fn[], s: StepDoc | undefined, types: TypeName[]): Fn {
    const [type, ...argTypes] = types;
    const typed: Record<string, string> = fn === "count" ? {} : { type: type!, argTypes: argTypes.join("|") };
    const apply: (xs: RtValue[]) => RtValue = fn === "round"
      ? (xs) => round(xs[0] as Dec, xs[1] as Dec | undefined)
      : fn === "count" ? (xs) => new D((xs[0] as string[]).length)
      : (xs) => extreme(fn as "min" | "max", xs as (Dec | null)[]);
    return (c) => {
      const tr = c.tr;
      if (tr !== null) tr.open();
      const xs = args.map((a) => a(c));
      const r = apply(xs);
      if (tr !== null) tr.close("call", s, { fn, args: xs.map(show).join(", "), result: show(r), ...typed });
      return r;
    };
  }
}
