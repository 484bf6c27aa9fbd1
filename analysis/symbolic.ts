// The IR run symbolically: every input fixed but one amount x, each value a piecewise function
// of x (pl.ts). It follows the decimal.js evaluator (runtime/eval/compile-ir.ts, evaluate.ts)
// node by node, in the same order, ledger writes included, so its cuts are every point where
// a figure can change formula. It does not decide figures: fen rounding is left out (a line
// stands for its rounded values) and the runtime is asked for the values (analyze.ts).
import type { BandEdge, BandRate, BandsDef, Expr, GridDef, TableDef, TypeName } from "../runtime/ir/artifact.ts";
import type { Checked } from "../runtime/load/check-ir.ts";
import { D, HUNDRED, ZERO, type Dec } from "../runtime/ir/decimal.ts";
import { unreachable } from "../runtime/ir/nodes.ts";
import { EvalFailure } from "../runtime/errors.ts";
import {
  applyBands, arithType, compare, round, findRow, gridMatchers, gridRow, highestAmountKey, highestKey, holds, inRange, moveDate, pointsScale, type DecBand,
} from "../runtime/ir/ops.ts";
import { constant, type RtValue } from "../runtime/ir/values.ts";
import { entryInForce } from "../runtime/ir/dates.ts";
import { enumOf, kindOf } from "../runtime/ir/types.ts";
import { decRange } from "../runtime/eval/compile-ir.ts";
import {
  at, combine, composeOn, constPW, crossing, identity, inside, isLine, line, map, numPW, single, snap, splitPiece, union,
  type Cut, type Line, type Origin, type PW, type Tags, type Val, type BreakKind,
} from "./pl.ts";

/** A row that can be unreachable: a band, a range-keyed table row, a classification's tier or
 *  otherwise, a grid row. Its tag is `row:<declaration>:<index>`. */
export const rowTag = (decl: string, i: number | "otherwise") => `row:${decl}:${i}`;

/** One limit of one cap node; its tag is `cap:<id>`. */
export interface CapInfo {
  id: string;
  origin: Origin;
  /** the declaration (output, layer or define) the cap is written in */
  within: string;
  /** whether the limit was ever an amount (not unlimited) and applied */
  limited: boolean;
  /** kept on a yearly ledger: claims add up to it, so one claim not reaching it says nothing */
  yearly: boolean;
}

/** A deductible at or above the most its amount can be. */
export interface DeadDeductible {
  origin: Origin;
  within: string;
  threshold: Dec;
  most: Dec;
  /** the caps that bound the amount: not reported again as caps that never bind */
  caps: string[];
}

export interface SymbolicResult {
  /** every output, layer and share, by name */
  values: Map<string, PW>;
  /** tags read by alerts */
  alertTags: Tags[];
  /** why the result is not exactly piecewise linear, when it is not */
  nonlinear: string[];
  /** the coarsest unit anything is rounded to (精确到元: 1), 0 when nothing is: a step of the
   *  figure no larger than it is rounding, not a cliff */
  roundStep: Dec;
  dead: DeadDeductible[];
  /** deductibles (`name:within`) some amount passes in this run */
  alive: string[];
}

type Decl = { name: string; sections?: string[] };

function toVal(v: RtValue): Val {
  return D.isDecimal(v) ? line(ZERO, v as Dec) : (v as Val);
}

function fromVal(v: Val): RtValue {
  return isLine(v) ? v.b : (v as RtValue);
}

const isConstLine = (v: Val): boolean => isLine(v) && v.a.isZero();

/** The most a function reaches on [0, ∞): null when it grows without bound. */
export function supremum(p: PW): Dec | null {
  let most: Dec | undefined;
  for (let i = 0; i < p.vals.length; i++) {
    const v = p.vals[i]!;
    if (!isLine(v)) continue;
    const lo = i === 0 ? ZERO : p.cuts[i - 1]!.x, hi = i === p.cuts.length ? null : p.cuts[i]!.x;
    if (hi === null && v.a.isPositive() && !v.a.isZero()) return null;
    for (const x of hi === null ? [lo] : [lo, hi]) {
      const y = at(v, x);
      if (most === undefined || y.gt(most)) most = y;
    }
  }
  return most ?? ZERO;
}

const isZeroFn = (p: PW) => p.vals.every((v) => isLine(v) && v.a.isZero() && v.b.isZero());

/** Pieces' candidates for a min or max: each a line with its tags, the cut origin where it
 *  takes over, and a tag it adds when chosen (a cap's). */
interface Cand {
  v: Line;
  tags: Tags;
  origin: Origin;
  tag?: string;
}

function extremeOn(cands: Cand[], lo: Dec, hi: Dec | null, min: boolean, extra: Tags = new Set()) {
  const points: Cut[] = [];
  for (let i = 0; i < cands.length; i++) {
    for (let j = i + 1; j < cands.length; j++) {
      const x = crossing(cands[i]!.v, cands[j]!.v, lo, hi);
      if (x !== undefined) points.push({ x, origin: cands[j]!.origin });
    }
  }
  return splitPiece(lo, hi, points, (a, b) => {
    const p = inside(a, b);
    let best = cands[0]!;
    for (const c of cands.slice(1)) {
      const d = at(c.v, p).cmp(at(best.v, p));
      if (min ? d < 0 : d > 0) best = c;
    }
    const tags = best.tag === undefined ? union(best.tags, extra) : union(best.tags, extra, new Set([best.tag]));
    return [best.v, tags];
  });
}

export class Symbolic {
  private readonly ck: Checked;
  private readonly over: string;
  private readonly fixed: ReadonlyMap<string, RtValue>;
  private readonly date: string;
  private led = new Map<string, PW>();
  private defs = new Map<string, PW>();
  private rem: PW = numPW(ZERO);
  /** the results so far: what outputs and pipelines came to, in the evaluator's order */
  private readonly values = new Map<string, PW>();
  private decl: Decl = { name: "" };
  private readonly nonlinear: string[] = [];
  private roundStep: Dec = ZERO;
  private readonly dead: DeadDeductible[] = [];
  /** deductibles that let some amount through here (`name:within`): one dead for another
   *  combination only (天数 = 1: 60元 × 1 never passes 500元) is no finding */
  private readonly alive: string[] = [];
  /** every cap limit met, by tag */
  readonly caps = new Map<string, CapInfo>();
  private readonly capIds: Map<Expr, number>;

  /** `capIds` numbers cap nodes across runs on the same artifact, so their tags agree. */
  constructor(ck: Checked, over: string, fixed: ReadonlyMap<string, RtValue>, ledger: ReadonlyMap<string, Dec>, date: string, capIds: Map<Expr, number>) {
    this.ck = ck;
    this.over = over;
    this.fixed = fixed;
    this.date = date;
    this.capIds = capIds;
    for (const name of ck.ledger.keys()) this.led.set(name, numPW(ledger.get(name) ?? ZERO));
  }

  /** Runs outputs, pipelines and alerts in the evaluator's order. */
  run(): SymbolicResult {
    const ir = this.ck.artifact.ir;
    const values = this.values;
    for (const step of this.ck.order) {
      if ("output" in step) {
        const o = ir.outputs[step.output]!;
        values.set(o.name, this.within(o, () => this.expr(o.expr)));
        continue;
      }
      const p = ir.pipelines[step.pipeline]!;
      const start = this.within({ name: p.leaves.name, sections: p.sections }, () => this.expr(p.on));
      let left = start;
      for (const l of p.layers) {
        this.rem = left;
        const x = this.within(l, () => this.expr(l.expr));
        const origin: Origin = { kind: "cap", name: l.name, sections: l.sections };
        // the evaluator pays x clamped to [0, what is left]
        const paid = combine([x, left], ([v, w], [tv, tw], lo, hi) =>
          extremeOn([{ v: v as Line, tags: tv!, origin }, { v: w as Line, tags: tw!, origin }], lo, hi, true));
        const clamped = combine([paid], ([v], [t], lo, hi) =>
          extremeOn([{ v: v as Line, tags: t!, origin }, { v: line(ZERO, ZERO), tags: new Set(), origin }], lo, hi, false));
        values.set(l.name, clamped);
        left = this.arith("-", left, clamped, "Money", "Money");
      }
      values.set(p.leaves.name, left);
    }
    const alertTags = ir.alerts.map((a) => this.within({ name: a.name, sections: a.sections }, () => this.expr(a.when)).tags).flat() as Tags[];
    return { values, alertTags, nonlinear: this.nonlinear, roundStep: this.roundStep, dead: this.dead, alive: this.alive };
  }

  private within<T>(d: Decl, f: () => T): T {
    const saved = this.decl;
    this.decl = { name: d.name, sections: d.sections };
    try {
      return f();
    } finally {
      this.decl = saved;
    }
  }

  private typeOf(e: Expr): TypeName {
    return this.ck.types.get(e)!;
  }

  /** The declaration an expression names (a param, a table), else the one being evaluated. */
  private origin(kind: BreakKind, e?: Expr): Origin {
    const named = (name: string, d?: { sections?: string[] }): Origin =>
      d?.sections === undefined ? { kind, name } : { kind, name, sections: d.sections };
    if (e !== undefined) {
      switch (e.k) {
        case "param": return named(e.name, this.ck.params.get(e.name));
        case "index":
        case "highest": return named(e.table, this.ck.tables.get(e.table));
        case "lookup": return named(e.grid, this.ck.grids.get(e.grid));
        case "def": return named(e.name, this.ck.defines.get(e.name)?.def);
        case "input": return named(e.name, this.ck.inputs.get(e.name)?.def);
        case "call":
        case "arith":
          // `a × 比例` and the like: name the declaration of the first named operand
          for (const x of e.k === "call" ? e.args : [e.a, e.b]) {
            const o = this.origin(kind, x);
            if (o.name !== this.decl.name) return o;
          }
      }
    }
    return named(this.decl.name, this.decl);
  }

  private flagNonlinear(why: string): void {
    const s = `${this.decl.name}: ${why}`;
    if (!this.nonlinear.includes(s)) this.nonlinear.push(s);
  }

  expr(e: Expr): PW {
    switch (e.k) {
      case "lit":
        return constPW(toVal(constant(e.v, this.typeOf(e))));
      case "input": {
        if (e.name === this.over) return identity();
        return constPW(toVal(this.fixed.get(e.name)!));
      }
      case "param": {
        const p = this.ck.params.get(e.name)!;
        if (p.values === undefined) return constPW(toVal(constant(p.value!, p.type)));
        const i = Math.max(0, entryInForce(p.values, this.date));
        return constPW(toVal(constant(p.values[i]!.value, p.type)));
      }
      case "def":
        return this.define(e.name);
      case "remaining":
        return this.rem;
      case "layer":
        return this.values.get(e.name)!;
      case "balance": {
        // in an alert: a define writing the field runs first (memoised), then the ledger holds it
        const writer = this.ck.writers.get(e.name);
        if (writer !== undefined) this.expr({ k: "def", name: writer });
        return this.led.get(e.name)!;
      }
      case "claimDate":
        return constPW(toVal(this.date));
      case "arith": {
        const ta = this.typeOf(e.a), tb = this.typeOf(e.b);
        if (ta === "Date" || tb === "Date") return this.moveDates(e.op, this.expr(e.a), this.expr(e.b), ta === "Date");
        return this.arith(e.op, this.expr(e.a), this.expr(e.b), ta, tb);
      }
      case "sum": {
        let f = this.expr(e.xs[0]!), t = this.typeOf(e.xs[0]!);
        e.ops.forEach((op, i) => {
          const x = e.xs[i + 1]!;
          const tx = this.typeOf(x);
          f = this.arith(op, f, this.expr(x), t, tx);
          t = arithType(op, t, tx) as TypeName;
        });
        return f;
      }
      case "neg":
        return map([this.expr(e.a)], ([v], [t]) => [line((v as Line).a.neg(), (v as Line).b.neg()), t!]);
      case "cmp":
        return this.cmp(e);
      case "and":
      case "or": {
        const decides = e.k === "or";
        // like the evaluator, an operand is read only where the ones before it did not decide
        const xs: PW[] = [];
        for (const x of e.xs) {
          if (xs.length > 0 && xs[xs.length - 1]!.vals.every((v) => v === decides)) break;
          xs.push(this.expr(x));
        }
        return map(xs, (vs, ts) => {
          // the operands up to the first that decides are read
          let n = vs.length, v = !decides;
          for (let i = 0; i < vs.length; i++) if (vs[i] === decides) { n = i + 1; v = decides; break; }
          return [v, union(...ts.slice(0, n))];
        });
      }
      case "not":
        return map([this.expr(e.a)], ([v], [t]) => [!v, t!]);
      case "in":
        return map([this.expr(e.a), this.expr(e.set)], ([a, s], ts) => [(s as string[]).includes(a as string), union(...ts)]);
      case "if":
        return this.ifThen(e);
      case "above":
        return this.above(e);
      case "cap":
        return this.cap(e);
      case "atLeast": {
        const origin = this.origin("threshold", e.floor);
        return combine([this.expr(e.v), this.expr(e.floor)], ([v, f], [tv, tf], lo, hi) =>
          extremeOn([{ v: v as Line, tags: tv!, origin }, { v: f as Line, tags: tf!, origin }], lo, hi, false));
      }
      case "bands":
        return this.bands(this.ck.bands.get(e.name)!, this.expr(e.v), e.ledger);
      case "classify": {
        const def = this.ck.classifications.get(e.name)!;
        const rows = def.rows.map((r, i) => ({ range: decRange(r.range), member: r.member, i }));
        const origin: Origin = { kind: "threshold", name: def.name, ...(def.sections ? { sections: def.sections } : {}) };
        return this.rangeLookup(this.expr(e.v), rows.map((r) => r.range), origin, (y) => {
          const hit = findRow(rows, y);
          return hit === undefined ? [def.otherwise, new Set([rowTag(def.name, "otherwise")])] : [hit.member, new Set([rowTag(def.name, hit.i)])];
        });
      }
      case "cumulative": {
        const v = this.expr(e.v), before = this.led.get(e.ledger)!;
        const r = this.arith("+", before, v, "Money", "Money");
        this.led.set(e.ledger, r);
        return r;
      }
      case "highest": {
        const def = this.ck.tables.get(e.table)!;
        const valueEnum = enumOf(def.valueType);
        if (valueEnum === undefined) {
          // an amount table: the greatest amount of the set's members
          const amounts = new Map(def.rows.map((r) => [r.key!, constant(r.value, def.valueType) as Dec | null]));
          return map([this.expr(e.set)], ([s], [t]) => [toVal(amounts.get(highestAmountKey(amounts, def.name, s as string[]))!), t!]);
        }
        const m = new Map(def.rows.map((r) => [r.key!, r.value as string]));
        const order = this.ck.enums.get(valueEnum)!.index;
        return map([this.expr(e.set)], ([s], [t]) => [m.get(highestKey(m, order, def.name, s as string[]))!, t!]);
      }
      case "index":
        return this.index(this.ck.tables.get(e.table)!, this.expr(e.key));
      case "lookup":
        return this.lookup(this.ck.grids.get(e.grid)!, e.keys.map((k) => this.expr(k)));
      case "call":
        return this.call(e);
      case "dateAdd":
        return map([this.expr(e.a)], ([d], [t]) => [moveDate(d as string, e.months), t!]);
      default:
        return unreachable(e);
    }
  }

  private define(name: string): PW {
    const memo = this.defs.get(name);
    if (memo !== undefined) return memo;
    const def = this.ck.defines.get(name)!.def;
    const v = this.within(def, () => this.expr(def.expr));
    this.defs.set(name, v);
    return v;
  }

  arith(op: string, a: PW, b: PW, ta: TypeName, tb: TypeName): PW {
    const scaled = pointsScale(op, ta, tb);
    return map([a, b], ([x, y], [tx, ty]) => {
      let l = x as Line, m = y as Line;
      if (scaled === "left") l = line(l.a.div(HUNDRED), l.b.div(HUNDRED));
      if (scaled === "right") m = line(m.a.div(HUNDRED), m.b.div(HUNDRED));
      switch (op) {
        case "+": return [line(l.a.plus(m.a), l.b.plus(m.b)), union(tx!, ty!)];
        case "-": return [line(l.a.minus(m.a), l.b.minus(m.b)), union(tx!, ty!)];
        case "*": {
          // times a constant zero the other side no longer matters
          if (isConstLine(l) && l.b.isZero()) return [line(ZERO, ZERO), tx!];
          if (isConstLine(m) && m.b.isZero()) return [line(ZERO, ZERO), ty!];
          if (isConstLine(l)) return [line(m.a.times(l.b), m.b.times(l.b)), union(tx!, ty!)];
          if (!isConstLine(m)) this.flagNonlinear("an amount times an amount");
          return [line(l.a.times(m.b), l.b.times(m.b)), union(tx!, ty!)];
        }
        default:
          if (!isConstLine(m)) {
            this.flagNonlinear("division by an amount");
            return [line(ZERO, ZERO), union(tx!, ty!)];
          }
          if (m.b.isZero()) return [line(ZERO, ZERO), union(tx!, ty!)]; // the runtime fails (BR3002)
          return [line(l.a.div(m.b), l.b.div(m.b)), union(tx!, ty!)];
      }
    });
  }

  private moveDates(op: string, a: PW, b: PW, dateLeft: boolean): PW {
    const sign = op === "-" ? -1 : 1;
    return map([a, b], ([x, y], ts) => {
      const d = (dateLeft ? x : y) as string, months = sign * ((dateLeft ? y : x) as number);
      return [moveDate(d, months), union(...ts)];
    });
  }

  private cmp(e: Extract<Expr, { k: "cmp" }>): PW {
    const a = this.expr(e.a), b = this.expr(e.b);
    const origin = this.origin("threshold", e.b.k === "input" ? e.a : e.b);
    return combine([a, b], ([x, y], ts, lo, hi) => {
      const tags = union(...ts);
      if (!isLine(x) || !isLine(y)) return single(holds(e.op, compare(fromVal(x!), fromVal(y!))), tags);
      const c = crossing(x, y, lo, hi);
      const point = e.op === "==" || e.op === "!=";
      return splitPiece(lo, hi, c === undefined ? [] : [{ x: c, origin, ...(point ? { keep: true as const } : {}) }], (p, q) => {
        const m = inside(p, q);
        return [holds(e.op, at(x, m).cmp(at(y, m))), tags];
      });
    });
  }

  private ifThen(e: Extract<Expr, { k: "if" }>): PW {
    const c = this.expr(e.c);
    // a branch never taken is not run (it may fail, as `highest` of an empty set does)
    if (c.vals.every((v) => v === true)) return map([c, this.expr(e.a)], ([, x], ts) => [x!, union(...ts)]);
    if (c.vals.every((v) => v === false)) return map([c, this.expr(e.b)], ([, y], ts) => [y!, union(...ts)]);
    // each branch writes the ledger only where it is taken
    const saved = new Map(this.led);
    const a = this.expr(e.a);
    const ledA = this.led;
    this.led = new Map(saved);
    const b = this.expr(e.b);
    const ledB = this.led;
    this.led = new Map();
    for (const [name, before] of saved) {
      const la = ledA.get(name)!, lb = ledB.get(name)!;
      this.led.set(name, la === before && lb === before ? before : map([c, la, lb], ([t, x, y], ts) => [t ? x! : y!, union(...ts)]));
    }
    return map([c, a, b], ([t, x, y], [tc, tx, ty]) => [t ? x! : y!, union(tc!, t ? tx! : ty!)]);
  }

  private above(e: Extract<Expr, { k: "above" }>): PW {
    const v = this.expr(e.v), th = this.notNegative(this.expr(e.th));
    const origin = this.origin("deductible", e.th);
    const zero = numPW(ZERO);
    let left = th;
    if (e.ledger !== undefined) {
      // what the threshold still leaves this year: max(th − used, 0)
      left = this.max(this.arith("-", th, this.led.get(e.ledger)!, "Money", "Money"), zero, origin);
    }
    const r = this.max(this.arith("-", v, left, "Money", "Money"), zero, origin);
    if (e.ledger !== undefined) {
      this.led.set(e.ledger, this.arith("+", this.led.get(e.ledger)!, this.min(v, left, origin), "Money", "Money"));
    }
    const most = supremum(v);
    if (isZeroFn(r) && !isZeroFn(v) && most !== null && th.cuts.length === 0 && isConstLine(th.vals[0]!)) {
      const caps = [...union(...v.tags)].filter((t) => t.startsWith("cap:"));
      this.dead.push({ origin, within: this.decl.name, threshold: (th.vals[0] as Line).b, most, caps });
    } else if (!isZeroFn(r)) {
      this.alive.push(`${origin.name}:${this.decl.name}`);
    }
    return r;
  }

  /** A deductible or cap below 0 the runtime refuses (BR3008): so is this combination, when it
   *  does not depend on the amount (one that does is below 0 only past the amounts it reads). */
  private notNegative(p: PW): PW {
    for (const x of p.vals) if (p.cuts.length === 0 && isLine(x) && isConstLine(x) && x.b.isNegative() && !x.b.isZero()) throw new EvalFailure("BR3008", { value: x.b.toString(), field: this.decl.name });
    return p;
  }

  private max(a: PW, b: PW, origin: Origin): PW {
    return combine([a, b], ([x, y], [tx, ty], lo, hi) =>
      extremeOn([{ v: x as Line, tags: tx!, origin }, { v: y as Line, tags: ty!, origin }], lo, hi, false));
  }

  private min(a: PW, b: PW, origin: Origin): PW {
    return combine([a, b], ([x, y], [tx, ty], lo, hi) =>
      extremeOn([{ v: x as Line, tags: tx!, origin }, { v: y as Line, tags: ty!, origin }], lo, hi, true));
  }

  private cap(e: Extract<Expr, { k: "cap" }>): PW {
    const v = this.expr(e.v);
    let id = this.capIds.get(e);
    if (id === undefined) this.capIds.set(e, (id = this.capIds.size));
    const zero = numPW(ZERO);
    const limits = e.limits.map((l, i) => {
      const when = l.when === undefined ? constPW(true) : this.expr(l.when);
      const lim = l.left === true ? this.expr(l.lim) : this.notNegative(this.expr(l.lim));
      const origin = this.origin("cap", l.lim);
      // the pipeline's own limit (a layer pays at most what is left) is no cap of the document's:
      // it computes, but is not checked for binding
      const tag = l.left === true ? undefined : `cap:${id}:${i}`;
      if (tag !== undefined) {
        const info = this.caps.get(tag) ?? { id: tag, origin, within: this.decl.name, limited: false, yearly: l.ledger !== undefined };
        this.caps.set(tag, info);
        if (lim.vals.some((x) => x !== null) && when.vals.some((x) => x === true)) info.limited = true;
      }
      // null stays unlimited; on a ledger, what is left this year: max(lim − used, 0)
      const room = l.ledger === undefined ? lim
        : combine([lim, this.led.get(l.ledger)!, zero], ([m, u], [tm, tu], lo, hi) =>
          m === null ? single(null, tm!) : extremeOn([
            { v: line((m as Line).a.minus((u as Line).a), (m as Line).b.minus((u as Line).b)), tags: union(tm!, tu!), origin },
            { v: line(ZERO, ZERO), tags: new Set(), origin },
          ], lo, hi, false));
      return { when, room, origin, tag, ledger: l.ledger };
    });
    const n = limits.length;
    const r = combine([v, ...limits.map((l) => l.when), ...limits.map((l) => l.room)], (vals, tags, lo, hi) => {
      const cands: Cand[] = [{ v: vals[0] as Line, tags: tags[0]!, origin: limits[0]?.origin ?? this.origin("cap") }];
      const whenTags: Tags[] = [];
      for (let i = 0; i < n; i++) {
        whenTags.push(tags[1 + i]!);
        const room = vals[1 + n + i];
        if (vals[1 + i] !== true || room === null) continue;
        cands.push({ v: room as Line, tags: tags[1 + n + i]!, origin: limits[i]!.origin, tag: limits[i]!.tag });
      }
      return extremeOn(cands, lo, hi, true, union(...whenTags));
    });
    for (const l of limits) {
      if (l.ledger === undefined) continue;
      const before = this.led.get(l.ledger)!;
      this.led.set(l.ledger, map([l.when, before, r], ([w, u, x], ts) =>
        [w ? line((u as Line).a.plus((x as Line).a), (u as Line).b.plus((x as Line).b)) : u!, union(...ts)]));
    }
    return r;
  }

  private bandRows(def: BandsDef): { rows: DecBand[]; tags: Tags } | undefined {
    let tags: Tags = new Set();
    const rows: DecBand[] = [];
    // a rate or an edge read per claim is a constant for one combination of the other inputs
    const perClaim = (x: BandRate | BandEdge, what: string): Dec => {
      if (typeof x === "string") return new D(x);
      const p = this.expr(x);
      if (p.cuts.length > 0 || !isConstLine(p.vals[0]!)) this.flagNonlinear(`${what} of ${def.name} that depends on the amount`);
      tags = union(tags, p.tags[0]!);
      return (p.vals[0] as Line).b;
    };
    for (const r of def.rows) {
      const rate = perClaim(r.rate, "a rate");
      const lo = perClaim(r.lo!, "an edge"), hi = r.hi === null ? null : perClaim(r.hi, "an edge");
      rows.push({ lo, loIncl: r.loIncl, hi, hiIncl: r.hiIncl, rate });
    }
    return { rows, tags };
  }

  private bands(def: BandsDef, v: PW, ledger: string | undefined): PW {
    const { rows, tags: rateTags } = this.bandRows(def)!;
    const origin: Origin = { kind: "band edge", name: def.name, ...(def.sections ? { sections: def.sections } : {}) };
    const edges = rows.flatMap((b) => (b.hi === null ? [b.lo] : [b.lo, b.hi]));
    const reached = (y: Dec): Tags => {
      const out = new Set<string>();
      rows.forEach((b, i) => {
        if (def.mode === "whole" ? inRange(b, y) : y.gt(b.lo)) out.add(rowTag(def.name, i));
      });
      return union(out, rateTags);
    };
    const through = (amount: PW) => combine([amount], ([l], [t], lo, hi) =>
      composeOn(l as Line, lo, hi, edges.map((x) => ({ at: x, origin })), (y) => [applyBands(def.mode, rows, y), union(t!, reached(y))]));
    if (ledger === undefined) return through(v);
    const before = this.led.get(ledger)!;
    const after = this.arith("+", before, v, "Money", "Money");
    this.led.set(ledger, after);
    return this.arith("-", through(after), through(before), "Money", "Money");
  }

  /** A function of an amount that is constant on each of `ranges`' pieces, composed with `v`. */
  private rangeLookup(v: PW, ranges: { lo: Dec | null; hi: Dec | null }[], origin: Origin, g: (y: Dec) => [Val | Dec, Tags]): PW {
    const edges = ranges.flatMap((r) => [r.lo, r.hi]).filter((x): x is Dec => x !== null).map((x) => ({ at: x, origin }));
    return combine([v], ([l], [t], lo, hi) => {
      const sub = composeOn(l as Line, lo, hi, edges, (y) => {
        const [val, tags] = g(y);
        return [val, union(t!, tags)];
      });
      sub.vals = sub.vals.map((x) => (D.isDecimal(x) ? line(ZERO, x as unknown as Dec) : x));
      return sub;
    });
  }

  private index(def: TableDef, key: PW): PW {
    const vt = def.valueType;
    if (kindOf(def.keyType) === "enum") {
      const m = new Map(def.rows.map((r) => [r.key!, toVal(constant(r.value, vt))]));
      return map([key], ([k], [t]) => [m.get(k as string)!, t!]);
    }
    const rows = def.rows.map((r, i) => ({ range: decRange(r.range!), value: constant(r.value, vt), i }));
    const origin: Origin = { kind: "table row", name: def.name, ...(def.sections ? { sections: def.sections } : {}) };
    return this.rangeLookup(key, rows.map((r) => r.range), origin, (y) => {
      const r = findRow(rows, y);
      // the runtime refuses such a claim: this combination has no function (analyze.ts says so)
      if (r === undefined) throw new EvalFailure("BR3001", { table: def.name, key: y.toString() });
      return [D.isDecimal(r.value) ? (r.value as Dec) : (r.value as Val), new Set([rowTag(def.name, r.i)])];
    });
  }

  private lookup(def: GridDef, keys: PW[]): PW {
    const vt = def.valueType;
    const rows = def.rows.map((r, i) => ({ i, keys: gridMatchers(r.keys, (iv) => decRange(iv)), value: toVal(constant(r.value, vt)) }));
    const origin: Origin = { kind: "table row", name: def.name, ...(def.sections ? { sections: def.sections } : {}) };
    return combine(keys, (vals, tags, lo, hi) => {
      const points: Cut[] = [];
      vals.forEach((v, j) => {
        if (!isLine(v) || v.a.isZero()) return;
        for (const r of rows) {
          const m = r.keys[j]!;
          if (!("range" in m)) continue;
          for (const edge of [m.range.lo, m.range.hi]) if (edge !== null) points.push({ x: snap(edge.minus(v.b).div(v.a)), origin });
        }
      });
      return splitPiece(lo, hi, points, (p, q) => {
        const m = inside(p, q);
        const ks = vals.map((v) => (isLine(v) ? at(v, m) : (v as string)));
        const r = gridRow(rows, ks, inRange);
        if (r === undefined) throw new EvalFailure("BR3001", { table: def.name, key: ks.map(String).join(", ") });
        return [r.value, union(...tags, new Set([rowTag(def.name, r.i)]))];
      });
    });
  }

  private call(e: Extract<Expr, { k: "call" }>): PW {
    const args = e.args.map((a) => this.expr(a));
    if (e.fn === "count") return map([args[0]!], ([s], [t]) => [toVal(new D((s as string[]).length)), t!]);
    if (e.fn === "round") {
      // to the fen: the line stands for its rounded values; to another unit, a staircase
      if (args.length > 1 && args[0]!.vals.some((v) => isLine(v) && !v.a.isZero())) this.flagNonlinear("rounding to a unit coarser than the fen");
      for (const v of args[1]?.vals ?? []) if (isLine(v) && v.a.isZero() && v.b.gt(this.roundStep)) this.roundStep = v.b;
      // a figure fixed on the claim (起付标准 = round(人均可支配收入 × 5%, 1元), by date or by an
      // input) is rounded as the runtime rounds it: its breakpoint is at 1562, not 1561.70
      return map(args, ([x, unit], tags) => {
        const fixed = isConstLine(x!) && (unit === undefined || (isConstLine(unit) && (unit as Line).b.isPositive()));
        return [fixed ? line(ZERO, round((x as Line).b, unit === undefined ? undefined : (unit as Line).b)) : x!, union(...tags)];
      });
    }
    const min = e.fn === "min";
    const origin = this.origin(min ? "cap" : "threshold", e);
    return combine(args, (vals, tags, lo, hi) => {
      if (vals.some((v) => v === null)) {
        if (!min) return single(null, union(...tags));
        const rest = vals.map((v, i) => [v, tags[i]!] as const).filter(([v]) => v !== null);
        if (rest.length === 0) return single(null, union(...tags));
        return extremeOn(rest.map(([v, t]) => ({ v: v as Line, tags: t, origin })), lo, hi, true);
      }
      return extremeOn(vals.map((v, i) => ({ v: v as Line, tags: tags[i]!, origin })), lo, hi, min);
    });
  }
}

