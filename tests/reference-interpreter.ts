// A reference interpreter of the rule-set IR, written from grammar/README.md ("The domain's
// operators", "Pipelines") and runtime/ir/artifact.ts alone, sharing no code with runtime/: a plain
// tree walk over the JSON, with decimal.js for every amount. Slow and obvious on purpose; the
// differential test holds the compiled evaluator to it. Assumes valid input (it is fed
// generated claims only) and an artifact that compiled cleanly.
import { Decimal } from "decimal.js";
import type { Artifact, Expr, GridDef, Interval, NamedExpr, TableDef, TypeName, Value } from "../runtime/ir/artifact.ts";

/** Our own settings, more digits than the runtime keeps, so a precision shortcut there shows. */
const R = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -1000, toExpPos: 1000 });
type Dec = InstanceType<typeof R>;
const ZERO = new R(0);

/** Percentage points keep their unit at run time: `5pp` added to a Rate adds 0.05. */
class Points {
  readonly v: Dec;
  constructor(v: Dec) {
    this.v = v;
  }
}

/** A run-time value: Decimal, null (unlimited), Points, boolean, string (date, text, enum
 *  member), string[] (set), number (a duration in whole months). */
type V = Dec | null | Points | boolean | string | string[] | number;

export type RefResult =
  | { ok: true; outputs: Record<string, Value>; alerts: string[]; ledger: { year: number; values: Record<string, string> } }
  | { ok: false; code: string; detail: string };

/** A rule the claim cannot go through (the runtime's BR3xxx family). */
class Refusal {
  readonly code: string;
  readonly detail: string;
  constructor(code: string, detail: string) {
    this.code = code;
    this.detail = detail;
  }
}

const NUMERIC = new Set(["Money", "Rate", "Number", "Int"]);

/** A JSON value of the artifact as a run-time value of type `t`. */
function fromJson(v: Value, t: TypeName): V {
  if (t === "Points") return new Points(new R(v as string));
  if (NUMERIC.has(t)) return new R(v as string);
  if (t === "Limit") return v === null ? null : new R(v as string);
  if (Array.isArray(v)) return [...v];
  return v as V;
}

function roundFen(x: Dec): Dec {
  return x.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** An interval with its bounds decoded once (the artifact's strings stay untouched). */
interface Range {
  lo: Dec | null;
  loIncl: boolean;
  hi: Dec | null;
  hiIncl: boolean;
}

interface Band extends Range {
  lo: Dec;
  rate: Dec;
}

/** A bands declaration: its mode, and each row with its constant edges and rate or the expressions giving them. */
interface BandsOf {
  whole: boolean;
  rows: { lo: Dec | Expr; loIncl: boolean; hi: Dec | null | Expr; hiIncl: boolean; rate: Dec | Expr }[];
}

const readEdge = (v: string | Expr | null): Dec | null | Expr => (v === null ? null : typeof v === "string" ? new R(v) : v);

/** Each row ends where it starts or later, and starts where the row before it ends or later. */
function ordered(rows: readonly Band[]): boolean {
  return rows.every((b, i) => {
    const empty = b.hi !== null && (b.hi.lt(b.lo) || (b.hi.eq(b.lo) && !(b.loIncl && b.hiIncl)));
    const prev = rows[i - 1];
    const clash = prev !== undefined && (prev.hi === null || prev.hi.gt(b.lo) || (prev.hi.eq(b.lo) && prev.hiIncl && b.loIncl));
    return !empty && !clash;
  });
}

function range(r: Interval): Range {
  return { lo: r.lo === null ? null : new R(r.lo), loIncl: r.loIncl, hi: r.hi === null ? null : new R(r.hi), hiIncl: r.hiIncl };
}

function inRange(x: Dec, r: Range): boolean {
  if (r.lo !== null) {
    const c = x.cmp(r.lo);
    if (c < 0 || (c === 0 && !r.loIncl)) return false;
  }
  if (r.hi !== null) {
    const c = x.cmp(r.hi);
    if (c > 0 || (c === 0 && !r.hiIncl)) return false;
  }
  return true;
}

/** Σ rate × (the part of x lying in the band): the slice of [lo, hi) below x. */
function marginal(rows: readonly Band[], x: Dec): Dec {
  let sum = ZERO;
  for (const b of rows) {
    const top = b.hi === null || x.lt(b.hi) ? x : b.hi;
    if (top.gt(b.lo)) sum = sum.plus(top.minus(b.lo).times(b.rate));
  }
  return sum;
}

/** The whole of x at the rate of the row whose interval holds x; 0 when none does. */
function whole(rows: readonly Band[], x: Dec): Dec {
  const holding = rows.filter((b) => inRange(x, b));
  return holding.length === 0 ? ZERO : x.times(holding[0]!.rate);
}

function daysIn(y: number, m: number): number {
  return [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

/** Calendar months later; a day past the new month's end becomes its last day. */
function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12), nm = (index % 12) + 1;
  if (ny < 1 || ny > 9999) throw new Refusal("BR3006", `${date} + ${months}`);
  const nd = Math.min(d, daysIn(ny, nm));
  return `${String(ny).padStart(4, "0")}-${String(nm).padStart(2, "0")}-${String(nd).padStart(2, "0")}`;
}

/** null is unlimited: above every amount. */
function cmpNum(a: Dec | null, b: Dec | null): number {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  return a.cmp(b);
}

function asDec(v: V): Dec {
  return v instanceof Points ? v.v : (v as Dec);
}

interface Claim {
  input: Map<string, V>;
  ledger: Map<string, Dec>;
  defs: Map<string, V>;
  remaining: Dec | undefined;
  /** each pipeline's results once run, and those running (a pipeline reading its own is an error) */
  pipes: Map<string, Map<string, Dec>>;
  running: Set<string>;
  date: string;
}

/** A grid key match as a predicate: any value, a member of the list, or an amount in the interval. */
function accepts(m: GridDef["rows"][number]["keys"][number]): (k: V) => boolean {
  if ("any" in m) return () => true;
  if ("members" in m) return (k) => m.members.includes(k as string);
  const r = range(m.range);
  return (k) => inRange(asDec(k), r);
}

export class ReferenceInterpreter {
  private readonly a: Artifact;
  private readonly defines = new Map<string, NamedExpr>();
  /** each param's values with the date each is in force from ("" for an undated one) */
  private readonly params = new Map<string, { from: string; v: V }[]>();
  private readonly tables = new Map<string, { def: TableDef; rows: { key?: string; range?: Range; value: V }[] }>();
  /** a grid row's keys as predicates on a key's value */
  private readonly grids = new Map<string, { rows: { accepts: ((k: V) => boolean)[]; value: V }[] }>();
  private readonly bands = new Map<string, BandsOf>();
  private readonly classes = new Map<string, { rows: { range: Range; member: string }[]; otherwise: string }>();
  /** literals decoded once per node */
  private readonly lits = new WeakMap<Expr, V>();
  private readonly enumOrder = new Map<string, string[]>();
  private readonly ledgerWriters: string[] = [];

  constructor(artifact: Artifact) {
    this.a = artifact;
    for (const d of artifact.ir.defines) this.defines.set(d.name, d);
    for (const p of artifact.ir.params) {
      const dated = p.values ?? [{ from: "", value: p.value! }];
      this.params.set(p.name, dated.map((d) => ({ from: d.from, v: fromJson(d.value, p.type) })));
    }
    for (const t of artifact.ir.tables) {
      this.tables.set(t.name, {
        def: t,
        rows: t.rows.map((r) => ({ key: r.key, range: r.range === undefined ? undefined : range(r.range), value: fromJson(r.value, t.valueType) })),
      });
    }
    for (const g of artifact.ir.grids ?? []) this.grids.set(g.name, { rows: g.rows.map((r) => ({ accepts: r.keys.map(accepts), value: fromJson(r.value, g.valueType) })) });
    for (const b of artifact.ir.bands) {
      this.bands.set(b.name, {
        whole: b.mode === "whole",
        rows: b.rows.map((r) => ({ lo: readEdge(r.lo)!, loIncl: r.loIncl, hi: readEdge(r.hi), hiIncl: r.hiIncl, rate: typeof r.rate === "string" ? new R(r.rate) : r.rate })),
      });
    }
    for (const c of artifact.ir.classifications) {
      this.classes.set(c.name, { rows: c.rows.map((r) => ({ range: range(r.range), member: r.member })), otherwise: c.otherwise });
    }
    for (const e of artifact.schema.enums) this.enumOrder.set(e.name, e.members.map((m) => m.name));
    for (const d of artifact.ir.defines) if (this.writesLedger(d.expr)) this.ledgerWriters.push(d.name);
  }

  /** Whether evaluating `e` can write a ledger field (itself or through a define it reads). */
  private writesLedger(e: Expr): boolean {
    if (e.k === "def") return this.ledgerWriters.includes(e.name);
    if (e.k === "cumulative") return true;
    if ((e.k === "above" || e.k === "bands") && e.ledger !== undefined) return true;
    if (e.k === "cap" && e.limits.some((l) => l.ledger !== undefined)) return true;
    return Object.values(e).some((v) => {
      const kids = Array.isArray(v) ? v : [v];
      return kids.some((k) => k !== null && typeof k === "object" && (("k" in k && this.writesLedger(k as Expr)) || ("lim" in k && this.writesLedger((k as { lim: Expr }).lim))));
    });
  }

  /** Settles one claim: outputs, alerts (names, declared order) and the new ledger. */
  run(input: Record<string, Value>, ledger: { year: number; values: Record<string, string> } | undefined, date: string): RefResult {
    const year = Number(date.slice(0, 4));
    const c: Claim = { input: new Map(), ledger: new Map(), defs: new Map(), remaining: undefined, pipes: new Map(), running: new Set(), date };
    for (const f of this.a.schema.fields) {
      const given = Object.hasOwn(input, f.name) ? input[f.name] : undefined;
      c.input.set(f.name, fromJson(given === undefined ? f.default! : given, f.type));
    }
    // A ledger from an earlier medical year carries nothing over.
    const carried = ledger !== undefined && ledger.year === year ? ledger.values : {};
    for (const f of this.a.ledger.fields) c.ledger.set(f.name, new R(carried[f.name] ?? "0"));

    const outputs: Record<string, Value> = {};
    const alerts: string[] = [];
    try {
      for (const o of this.a.ir.outputs) outputs[o.name] = this.finish(this.eval(o.expr, c), o.type);
      for (const p of this.a.ir.pipelines) for (const [name, paid] of this.pipeline(p, c)) outputs[name] = paid.toFixed(2);
      for (const al of this.a.ir.alerts) if (this.eval(al.when, c) === true) alerts.push(al.name);
      // a define that writes the ledger runs on every claim, read or not
      for (const d of this.ledgerWriters) this.eval({ k: "def", name: d }, c);
    } catch (e) {
      if (e instanceof Refusal) return { ok: false, code: e.code, detail: e.detail };
      throw e;
    }
    const values: Record<string, string> = {};
    for (const [k, v] of c.ledger) values[k] = v.toFixed(2);
    return { ok: true, outputs, alerts, ledger: { year, values } };
  }

  /** How an output's value is reported: Money to the fen, half-up. */
  private finish(v: V, type: TypeName): Value {
    if (type === "Money") return roundFen(v as Dec).toFixed(2);
    if (v instanceof Points) return v.v.toFixed();
    if (v instanceof R) return v.toFixed();
    if (Array.isArray(v)) return [...v];
    return v as Value;
  }

  /** A pipeline's layers and leaves, run the first time anything asks for them (an output,
   *  or a rule reading its results). */
  private pipeline(p: Artifact["ir"]["pipelines"][number], c: Claim): Map<string, Dec> {
    let paid = c.pipes.get(p.name);
    if (paid !== undefined) return paid;
    if (c.running.has(p.name)) throw new Error(`pipeline ${p.name} reads its own results`);
    c.running.add(p.name);
    const outer = c.remaining;
    paid = new Map();
    let left = this.eval(p.on, c) as Dec;
    for (const layer of p.layers) {
      c.remaining = left;
      const x = this.eval(layer.expr, c) as Dec;
      // clamped to [0, what is left], then to the fen (every layer is a Money output)
      const pays = roundFen(R.max(ZERO, R.min(x, left)) as Dec);
      left = left.minus(pays);
      paid.set(layer.name, pays);
    }
    c.remaining = outer;
    paid.set(p.leaves.name, roundFen(left));
    c.pipes.set(p.name, paid);
    return paid;
  }

  private addToLedger(c: Claim, field: string, amount: Dec): void {
    if (amount.isNegative() && !amount.isZero()) throw new Refusal("BR3003", `${field} += ${amount.toFixed()}`);
    c.ledger.set(field, c.ledger.get(field)!.plus(amount));
  }

  private eval(e: Expr, c: Claim): V {
    switch (e.k) {
      case "lit": {
        let v = this.lits.get(e);
        if (v === undefined) this.lits.set(e, (v = fromJson(e.v, e.t!)));
        return v;
      }
      case "input":
        return c.input.get(e.name)!;
      case "param": {
        // the latest value whose date is not after the claim's
        const inForce = this.params.get(e.name)!.filter((d) => d.from <= c.date);
        if (inForce.length === 0) throw new Refusal("BR3999", `${e.name} on ${c.date}`);
        return inForce[inForce.length - 1]!.v;
      }
      case "def": {
        // evaluated once per claim, when first needed
        if (!c.defs.has(e.name)) c.defs.set(e.name, this.eval(this.defines.get(e.name)!.expr, c));
        return c.defs.get(e.name)!;
      }
      case "remaining":
        return c.remaining!;
      case "balance": {
        // "an alert reads a ledger field's value after the claim": the define writing it runs first
        const writer = this.a.ir.defines.find((d) => JSON.stringify(d.expr).includes(`"ledger":${JSON.stringify(e.name)}`));
        if (writer !== undefined) this.eval({ k: "def", name: writer.name }, c);
        return c.ledger.get(e.name)!;
      }
      case "layer": {
        const p = this.a.ir.pipelines.find((x) => x.leaves.name === e.name || x.layers.some((l) => l.name === e.name))!;
        return this.pipeline(p, c).get(e.name)!;
      }
      case "claimDate":
        return c.date;
      case "arith":
        return this.arith(e.op, this.eval(e.a, c), this.eval(e.b, c));
      case "sum": {
        let acc = this.eval(e.xs[0]!, c);
        for (let i = 1; i < e.xs.length; i++) acc = this.arith(e.ops[i - 1]!, acc, this.eval(e.xs[i]!, c));
        return acc;
      }
      case "neg": {
        const x = this.eval(e.a, c);
        return x instanceof Points ? new Points(x.v.neg()) : (x as Dec).neg();
      }
      case "cmp": {
        const x = this.eval(e.a, c), y = this.eval(e.b, c);
        let s: number;
        if ((x === null || x instanceof R || x instanceof Points) && (y === null || y instanceof R || y instanceof Points)) {
          s = cmpNum(x === null ? null : asDec(x), y === null ? null : asDec(y));
        } else {
          s = x === y ? 0 : (x as string) < (y as string) ? -1 : 1;
        }
        return { "==": s === 0, "!=": s !== 0, "<": s < 0, "<=": s <= 0, ">": s > 0, ">=": s >= 0 }[e.op];
      }
      case "and":
        return e.xs.every((x) => this.eval(x, c) === true);
      case "or":
        return e.xs.some((x) => this.eval(x, c) === true);
      case "not":
        return this.eval(e.a, c) !== true;
      case "in":
        return (this.eval(e.set, c) as string[]).includes(this.eval(e.a, c) as string);
      case "if":
        return this.eval(e.c, c) === true ? this.eval(e.a, c) : this.eval(e.b, c);
      case "above": {
        const x = this.eval(e.v, c) as Dec, t = this.eval(e.th, c) as Dec;
        if (t.isNegative() && !t.isZero()) throw new Refusal("BR3008", `threshold ${t.toFixed()}`);
        if (e.ledger === undefined) return R.max(x.minus(t), ZERO) as Dec;
        const used = c.ledger.get(e.ledger)!;
        const rest = R.max(t.minus(used), ZERO) as Dec;
        this.addToLedger(c, e.ledger, R.min(x, rest) as Dec);
        return R.max(x.minus(rest), ZERO) as Dec;
      }
      case "cap": {
        // one cap: min(x, every room); each ledger field gets the same result, to the fen.
        // A limit with `when` (a sub-cap) neither caps nor records when its condition fails.
        const x = this.eval(e.v, c) as Dec;
        let r = x;
        const applies = e.limits.map((l) => l.when === undefined || this.eval(l.when, c) === true);
        for (const [i, l] of e.limits.entries()) {
          if (!applies[i]) continue;
          const cap = this.eval(l.lim, c) as Dec | null;
          if (cap === null) continue;
          if (cap.isNegative() && !cap.isZero() && l.left !== true) throw new Refusal("BR3008", `cap ${cap.toFixed()}`);
          const room = l.ledger === undefined ? cap : (R.max(cap.minus(c.ledger.get(l.ledger)!), ZERO) as Dec);
          if (room.lt(r)) r = room;
        }
        for (const [i, l] of e.limits.entries()) if (applies[i] && l.ledger !== undefined) this.addToLedger(c, l.ledger, roundFen(r));
        return r;
      }
      case "atLeast":
        return R.max(this.eval(e.v, c) as Dec, this.eval(e.floor, c) as Dec) as Dec;
      case "bands": {
        const def = this.bands.get(e.name)!, x = this.eval(e.v, c) as Dec;
        const read = (v: Dec | Expr) => ("k" in v ? this.eval(v, c) as Dec : v);
        const b: Band[] = def.rows.map((r) => ({ ...r, lo: read(r.lo), hi: r.hi === null ? null : read(r.hi), rate: read(r.rate) }));
        if (!ordered(b)) throw new Refusal("BR3007", e.name);
        const pay = (y: Dec) => (def.whole ? whole(b, y) : marginal(b, y));
        if (e.ledger === undefined) return pay(x);
        const before = c.ledger.get(e.ledger)!;
        this.addToLedger(c, e.ledger, x);
        return pay(before.plus(x)).minus(pay(before));
      }
      case "classify": {
        const cl = this.classes.get(e.name)!, x = this.eval(e.v, c) as Dec;
        return cl.rows.find((r) => inRange(x, r.range))?.member ?? cl.otherwise;
      }
      case "cumulative": {
        const x = this.eval(e.v, c) as Dec, before = c.ledger.get(e.ledger)!;
        this.addToLedger(c, e.ledger, x);
        return before.plus(x);
      }
      case "highest": {
        const t = this.tables.get(e.table)!, set = this.eval(e.set, c) as string[];
        if (set.length === 0) throw new Refusal("BR3004", e.table);
        const mapped = set.map((m) => {
          const row = t.rows.find((r) => r.key === m);
          if (row === undefined) throw new Refusal("BR3001", `${e.table}[${m}]`);
          return row.value;
        });
        if (!t.def.valueType.startsWith("enum:")) {
          // an amount table: the greatest amount; unlimited (null) above all
          return mapped.reduce((best, x) => (best === null || x === null ? null : (x as Dec).gt(best as Dec) ? x : best));
        }
        const order = this.enumOrder.get(t.def.valueType.slice("enum:".length))!;
        return (mapped as string[]).reduce((best, m) => (order.indexOf(m) < order.indexOf(best) ? m : best));
      }
      case "index": {
        const t = this.tables.get(e.table)!, key = this.eval(e.key, c);
        const row = typeof key === "string"
          ? t.rows.find((r) => r.key === key)
          : t.rows.find((r) => r.range !== undefined && inRange(asDec(key), r.range));
        if (row === undefined) throw new Refusal("BR3001", `${e.table}[${String(key)}]`);
        return row.value;
      }
      case "lookup": {
        const keys = e.keys.map((k) => this.eval(k, c));
        const row = this.grids.get(e.grid)!.rows.find((r) => r.accepts.every((ok, j) => ok(keys[j]!)));
        if (row === undefined) throw new Refusal("BR3001", `${e.grid}[${keys.map(String).join(", ")}]`);
        return row.value;
      }
      case "call":
        return this.call(e.fn, e.args.map((x) => this.eval(x, c)));
      case "dateAdd":
        return addMonths(this.eval(e.a, c) as string, e.months);
    }
  }

  private arith(op: string, x: V, y: V): V {
    // Date ± Duration (either order for +)
    if (typeof x === "string" && typeof y === "number") return addMonths(x, op === "-" ? -y : y);
    if (typeof x === "number" && typeof y === "string") return addMonths(y, x);
    if (typeof x === "number" && typeof y === "number") return op === "-" ? x - y : x + y;
    const px = x instanceof Points, py = y instanceof Points;
    if (op === "+" || op === "-") {
      const sign = op === "+" ? 1 : -1;
      if (px && py) return new Points(x.v.plus((y as Points).v.times(sign)));
      // a Rate and points: the points count as hundredths
      if (px) return x.v.div(100).plus((y as Dec).times(sign));
      if (py) return (x as Dec).plus(y.v.div(100).times(sign));
      return (x as Dec).plus((y as Dec).times(sign));
    }
    const a = asDec(x), b = asDec(y);
    let r: Dec;
    if (op === "*") r = a.times(b);
    else {
      if (b.isZero()) throw new Refusal("BR3002", "division by zero");
      // "a quotient is carried to 20 decimal places, half-up" (grammar/README.md)
      r = a.div(b).toDecimalPlaces(20, Decimal.ROUND_HALF_UP);
    }
    return px || py ? new Points(r) : r;
  }

  private call(fn: "min" | "max" | "round" | "count", xs: V[]): V {
    if (fn === "count") return new Decimal((xs[0] as string[]).length);
    if (fn === "round") {
      const x = asDec(xs[0]!);
      if (xs.length === 1) return roundFen(x);
      const unit = asDec(xs[1]!);
      if (!unit.gt(0)) throw new Refusal("BR3005", unit.toFixed());
      return x.div(unit).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).times(unit);
    }
    // unlimited (null): ignored by min, the answer of max
    const nums = xs.map((v) => (v === null ? null : asDec(v)));
    if (fn === "max" && nums.includes(null)) return null;
    const finite = nums.filter((v): v is Dec => v !== null);
    if (finite.length === 0) return null;
    return fn === "min" ? (R.min(...finite) as Dec) : (R.max(...finite) as Dec);
  }
}
