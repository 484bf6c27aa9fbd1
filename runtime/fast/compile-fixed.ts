// The fast path's compiler: the same checked IR as compile-ir.ts, written as JavaScript over
// exact fixed-point integers (fixed.ts) instead of Decimals; fast-settle.ts puts the pieces
// into one function per rule set, so V8 compiles a policy's arithmetic as straight-line code.
// Every number-like node gets a static scale here, at load time: Money inputs and ledger
// fields 2 (fen), constants as many decimals as they have, + − min max compare at the larger
// scale of their operands, × at the sum. Evaluation order, memoisation and ledger writes
// follow compile-ir.ts exactly (JS evaluates operands and arguments left to right, as the
// decimal.js closures do), so each node computes the very value the decimal.js path computes
// (both are exact below 2^53). Anything the integers cannot hold throws (OVERFLOW, or an
// EvalFailure) and the evaluator settles the claim again on the decimal.js path, which also
// words every error. Not traced.
//
// What the source can hold: integers we computed, `c.in[i]`-style slots we numbered, calls to
// `ops` (fixed-ops.ts), and `K<n>` for every other constant (strings included), taken from a
// pool rather than written out, so no text of the artifact ever becomes code.
import type { BandEdge, BandRate, BandsDef, DatedValue, Expr, GridDef, Interval, PipelineDef, TableDef, TypeName, Value } from "../ir/artifact.ts";
import type { Checked } from "../load/check-ir.ts";
import { enumOf, kindOf } from "../ir/types.ts";
import { unreachable } from "../ir/nodes.ts";
import { arithType, gridMatchers, pointsScale } from "../ir/ops.ts";
import { decimalsOf, MAX_SCALE, parseFixed, POW10 } from "./fixed.ts";
import type { FBand, FRange, FV } from "./fixed-ops.ts";

/** A compiled node: a JS expression over `c` (the claim's FCtx) giving its value, and for
 *  number-like nodes the scale of the integers it gives. */
export interface Node {
  code: string;
  s: number;
  /** the value, when known at load time (literals, params) */
  k?: FV;
}

/** A dated param's entries, each value as the fast path holds it. */
export type DatedEntries = { from: string; v: FV }[];

/** The load-time refusal: this rule set is settled on the decimal.js path only. */
export class NotFast extends Error {}

/** Decimals an input of a number type may have on the fast path (more: the decimal.js path). */
export function inputScale(type: TypeName): number {
  switch (type) {
    case "Money": case "Limit": return 2;
    case "Int": return 0;
    default: return 4;
  }
}
/** Extra decimals planned for a quotient; an inexact one leaves the fast path. */
const DIV_EXTRA = 4;

function checkScale(s: number): number {
  if (s > MAX_SCALE) throw new NotFast(`scale ${s}`);
  return s;
}

/** A decimal string from the artifact at `scale` (≥ its decimals). */
function fixedConst(v: string, scale: number): number {
  const n = parseFixed(v, scale);
  if (n === undefined) throw new NotFast(`constant ${v}`);
  return n;
}

/** A load-time integer k at scale `from` moved to scale `to` ≥ from. */
function constAt(k: number, from: number, to: number): number {
  const v = k * POW10[checkScale(to) - from]!;
  if (!Number.isSafeInteger(v)) throw new NotFast(`constant ${k} at scale ${to}`);
  return v;
}

/** A safe integer as source text (negative ones parenthesised, so `a - -1` cannot become `a --1`). */
function int(n: number): string {
  if (!Number.isSafeInteger(n)) throw new NotFast(`constant ${n}`);
  return n < 0 ? `(${n})` : String(n);
}

function intervalDecimals(r: Interval): number {
  return Math.max(r.lo === null ? 0 : decimalsOf(r.lo), r.hi === null ? 0 : decimalsOf(r.hi));
}

function fixedRange(r: Interval, s: number): FRange {
  return {
    lo: r.lo === null ? null : fixedConst(r.lo, s), hi: r.hi === null ? null : fixedConst(r.hi, s),
    loIncl: r.loIncl, hiIncl: r.hiIncl,
  };
}

/** The comparison of a −1/0/1 sign with 0 that an operator means. */
const SIGN_TEST: Record<string, string> = { "==": "=== 0", "!=": "!== 0", "<": "< 0", "<=": "<= 0", ">": "> 0", ">=": ">= 0" };

export class FixedCompiler {
  private readonly ck: Checked;
  private readonly defNodes: Node[] = [];
  /** the scale of `remaining` while a pipeline's layers are compiled; −1 elsewhere */
  private remScale = -1;
  /** the dated params the source reads (`c.dp[i]`): each one's entries as the fast path holds them */
  readonly dated: DatedEntries[] = [];
  private readonly datedNames: string[] = [];
  /** constants the source names K0, K1, … */
  readonly consts: unknown[] = [];
  /** function declarations the source needs besides the settle function: defines (D<j>) and
   *  nodes that take statements (N<n>) */
  readonly functions: string[] = [];

  constructor(checked: Checked) {
    this.ck = checked;
  }

  /** Compiles every define (D<j>, memoised per claim in c.defs); returns how many there are. */
  compileDefines(): number {
    this.ck.artifact.ir.defines.forEach((d, j) => {
      const n = this.expr(d.expr);
      this.defNodes.push(n);
      this.functions.push(`function D${j}(c) { let v = c.defs[${j}]; if (v === undefined) { v = ${n.code}; c.defs[${j}] = v; } return v; }`);
    });
    return this.defNodes.length;
  }

  /** Compiles a pipeline's layers with `remaining` at `scale`. */
  withRemaining<T>(scale: number, f: () => T): T {
    this.remScale = scale;
    try {
      return f();
    } finally {
      this.remScale = -1;
    }
  }

  /** A constant from the pool, as the source names it. */
  private konst(v: unknown): string {
    this.consts.push(v);
    return `K${this.consts.length - 1}`;
  }

  /** A function the source declares once: its name, called as `name(c)`. */
  private hoist(body: string): string {
    const name = `N${this.functions.length}`;
    this.functions.push(`function ${name}(c) {\n${body}\n}`);
    return `${name}(c)`;
  }

  private typeOf(e: Expr): TypeName {
    return this.ck.types.get(e)!;
  }

  private ledgerSlot(name: string): number {
    return this.ck.ledger.get(name)!.index;
  }

  /** A dated param: slot `c.dp[i]` holds the entry in force on the claim's date (fast-path.ts
   *  picks it), every entry at the scale of the one with the most decimals. */
  private datedNode(name: string, values: DatedValue[], t: TypeName): Node {
    const kind = kindOf(t), number = kind === "num" || kind === "limit";
    const s = number ? checkScale(Math.max(...values.map((d) => (d.value === null ? 0 : decimalsOf(d.value as string))))) : 0;
    let i = this.datedNames.indexOf(name);
    if (i < 0) {
      i = this.datedNames.push(name) - 1;
      this.dated.push(values.map((d) => ({
        from: d.from,
        v: number ? (d.value === null ? null : fixedConst(d.value as string, s)) : kind === "set" ? [...(d.value as string[])] : (d.value as FV),
      })));
    }
    return { code: `c.dp[${i}]`, s };
  }

  /** A constant from the artifact as the fast path holds it, and its scale. */
  private constNode(v: Value, t: TypeName): Node {
    const kind = kindOf(t);
    if ((kind === "num" || kind === "limit") && v !== null) {
      const s = checkScale(decimalsOf(v as string)), k = fixedConst(v as string, s);
      return { code: int(k), s, k };
    }
    const k: FV = kind === "set" ? [...(v as string[])] : (v as FV);
    const code = k === null ? "null" : typeof k === "boolean" ? String(k) : this.konst(k);
    return { code, s: 0, k };
  }

  /** n's value at scale s ≥ n.s (nulls pass through). */
  at(n: Node, s: number): string {
    if (s === n.s) return n.code;
    if (n.k !== undefined) return n.k === null ? n.code : int(constAt(n.k as number, n.s, s));
    return `ops.scaleUp(${n.code}, ${int(POW10[checkScale(s) - n.s]!)})`;
  }

  expr(e: Expr): Node {
    switch (e.k) {
      case "lit":
        return this.constNode(e.v, this.typeOf(e));
      case "input": {
        const slot = this.ck.inputs.get(e.name)!, kind = kindOf(slot.def.type);
        return { code: `c.in[${slot.index}]`, s: kind === "num" || kind === "limit" ? inputScale(slot.def.type) : 0 };
      }
      case "param": {
        const p = this.ck.params.get(e.name)!;
        return p.values === undefined ? this.constNode(p.value!, p.type) : this.datedNode(e.name, p.values, p.type);
      }
      case "def": {
        const j = this.ck.defines.get(e.name)!.index;
        return { code: `D${j}(c)`, s: this.defNodes[j]!.s };
      }
      case "balance": {
        // in an alert: a define writing the field runs first (memoised); ledgers are held in fen
        const writer = this.ck.writers.get(e.name), slot = this.ledgerSlot(e.name);
        return { code: writer === undefined ? `c.led[${slot}]` : `(${this.define(writer).code}, c.led[${slot}])`, s: 2 };
      }
      case "layer":
        // the order (load/result-order.ts) ran the pipeline first; its results are in fen
        return { code: `c.paid[${this.ck.results.get(e.name)!}]`, s: 2 };
      case "remaining": {
        if (this.remScale < 0) throw new NotFast("remaining outside a layer");
        return { code: "c.rem", s: this.remScale };
      }
      case "claimDate":
        return { code: "c.date", s: 0 };
      case "arith": {
        const ta = this.typeOf(e.a), tb = this.typeOf(e.b);
        if (ta === "Date" || tb === "Date") {
          const a = this.expr(e.a).code, b = this.expr(e.b).code;
          return { code: `ops.dateArith(${a}, ${b}, ${ta === "Date"}, ${e.op === "-" ? -1 : 1})`, s: 0 };
        }
        return this.arith(e.op, this.expr(e.a), this.expr(e.b), ta, tb);
      }
      case "neg": {
        const a = this.expr(e.a);
        return { code: `(-(${a.code}))`, s: a.s };
      }
      case "cmp":
        return this.cmp(e.op, this.expr(e.a), this.expr(e.b), this.typeOf(e.a), this.typeOf(e.b));
      case "sum": {
        // the left fold compile-ir.ts runs, one `arith` step per operator
        let n = this.expr(e.xs[0]!), t = this.typeOf(e.xs[0]!);
        e.ops.forEach((op, i) => {
          const x = e.xs[i + 1]!, tx = this.typeOf(x);
          n = this.arith(op, n, this.expr(x), t, tx);
          t = arithType(op, t, tx) as TypeName;
        });
        return n;
      }
      case "and":
      case "or":
        return { code: `(${e.xs.map((x) => this.expr(x).code).join(e.k === "and" ? " && " : " || ")})`, s: 0 };
      case "not":
        return { code: `(!${this.expr(e.a).code})`, s: 0 };
      case "in": {
        const a = this.expr(e.a).code, set = this.expr(e.set).code;
        return { code: `${set}.includes(${a})`, s: 0 };
      }
      case "if": {
        const cond = this.expr(e.c).code, a = this.expr(e.a), b = this.expr(e.b);
        const kind = kindOf(this.typeOf(e)), numeric = kind === "num" || kind === "limit";
        const s = numeric ? Math.max(a.s, b.s) : 0;
        return { code: `(${cond} ? ${numeric ? this.at(a, s) : a.code} : ${numeric ? this.at(b, s) : b.code})`, s };
      }
      case "above":
        return this.above(this.expr(e.v), this.expr(e.th), e.ledger);
      case "cap":
        return this.cap(e);
      case "atLeast": {
        const v = this.expr(e.v), floor = this.expr(e.floor), s = Math.max(v.s, floor.s);
        return { code: `ops.atLeast(${this.at(v, s)}, ${this.at(floor, s)})`, s };
      }
      case "bands":
        return this.bands(this.ck.bands.get(e.name)!, this.expr(e.v), e.ledger);
      case "classify": {
        const def = this.ck.classifications.get(e.name)!, v = this.expr(e.v);
        const s = checkScale(Math.max(v.s, ...def.rows.map((r) => intervalDecimals(r.range))));
        const rows = def.rows.map((r) => ({ range: fixedRange(r.range, s), member: r.member }));
        return { code: `ops.classify(${this.konst(rows)}, ${this.at(v, s)}, ${this.konst(def.otherwise)})`, s: 0 };
      }
      case "cumulative": {
        const v = this.expr(e.v), s = Math.max(v.s, 2);
        return { code: `ops.cumulative(c, ${this.ledgerSlot(e.ledger)}, ${this.at(v, s)}, ${s})`, s };
      }
      case "highest": {
        const def = this.ck.tables.get(e.table)!, set = this.expr(e.set).code;
        if (kindOf(def.valueType) !== "enum") {
          // the greatest amount of a table (多病种就高), its cells at one scale
          const { values, s } = this.cells(def.rows, def.valueType);
          const amounts = new Map(def.rows.map((r, i) => [r.key!, values[i]!]));
          return { code: `ops.highestAmount(${this.konst(amounts)}, ${set})`, s };
        }
        const map = new Map(def.rows.map((r) => [r.key!, r.value as string]));
        const order = this.ck.enums.get(enumOf(def.valueType)!)!.index;
        return { code: `ops.highest(${this.konst(map)}, ${this.konst(order)}, ${this.konst(def.name)}, ${set})`, s: 0 };
      }
      case "index":
        return this.index(this.ck.tables.get(e.table)!, this.expr(e.key));
      case "lookup":
        return this.lookup(this.ck.grids.get(e.grid)!, e.keys.map((k) => this.expr(k)));
      case "call":
        return this.call(e.fn, e.args.map((a) => this.expr(a)));
      case "dateAdd":
        return { code: `ops.moveDate(${this.expr(e.a).code}, ${int(e.months)})`, s: 0 };
      default:
        return unreachable(e);
    }
  }

  /** A define's value, memoised: for the evaluator's ledger-writing defines. */
  define(name: string): Node {
    return this.expr({ k: "def", name });
  }

  /** A pipeline: each layer pays what it computes, clamped to [0, what is left], to the fen
   *  (as evaluate.ts); the code gives the layers' payments, then what is left, as money text. */
  pipeline(p: PipelineDef): Node {
    const on = this.expr(p.on), scale = Math.max(on.s, 2);
    const slot = (name: string): number => this.ck.results.get(name)!;
    const layers = this.withRemaining(scale, () => p.layers.map((l) => {
      const n = this.expr(l.expr), at = Math.max(n.s, scale);
      return `c.rem = left; left = ops.layer(c, ${slot(l.name)}, out, left, ${this.at(n, at)}, ${scale}, ${at});`;
    }));
    const leaves = `out.push(ops.leaves(c, ${slot(p.leaves.name)}, left, ${scale}));`;
    const body = ["const out = [];", `let left = ${this.at(on, scale)};`, ...layers, leaves, "return out;"];
    return { code: this.hoist(body.join("\n")), s: 0 };
  }

  private arith(op: string, a: Node, b: Node, ta: TypeName, tb: TypeName): Node {
    if (op === "*") return { code: `ops.safe(${a.code} * ${b.code})`, s: checkScale(a.s + b.s) };
    if (op === "/") {
      // x / y at scale a.s + DIV_EXTRA: (X · 10^(DIV_EXTRA + b.s)) / Y, which must divide exactly.
      return { code: `ops.div(${a.code}, ${b.code}, ${int(POW10[checkScale(DIV_EXTRA + b.s)]!)})`, s: checkScale(a.s + DIV_EXTRA) };
    }
    // Points (5pp = "5") added to a Rate count /100: the same integer two places further right.
    const points = pointsScale(op, ta, tb);
    const sa = a.s + (points === "left" ? 2 : 0), sb = b.s + (points === "right" ? 2 : 0);
    const s = checkScale(Math.max(sa, sb));
    return { code: `ops.safe(${this.at({ ...a, s: sa }, s)} ${op === "+" ? "+" : "-"} ${this.at({ ...b, s: sb }, s)})`, s };
  }

  private cmp(op: string, a: Node, b: Node, ta: TypeName, tb: TypeName): Node {
    const test = SIGN_TEST[op] ?? SIGN_TEST[">="]!;
    const ka = kindOf(ta), kb = kindOf(tb);
    if (!((ka === "num" || ka === "limit") && (kb === "num" || kb === "limit"))) {
      // members and flags are equal exactly when they are the same primitive, as compareValues says
      if (op === "==" || op === "!=") return { code: `(${a.code} ${op}= ${b.code})`, s: 0 };
      return { code: `(ops.compareValues(${a.code}, ${b.code}) ${test})`, s: 0 };
    }
    const s = Math.max(a.s, b.s);
    // two amounts (never null, unlike a limit) compare as the integers they are
    if (ka === "num" && kb === "num") return { code: `(${this.at(a, s)} ${op === "==" || op === "!=" ? op + "=" : op} ${this.at(b, s)})`, s: 0 };
    return { code: `(ops.compareAmounts(${this.at(a, s)}, ${this.at(b, s)}) ${test})`, s: 0 };
  }

  private above(v: Node, th: Node, ledger: string | undefined): Node {
    if (ledger === undefined) {
      const s = Math.max(v.s, th.s);
      return { code: `ops.above(${this.at(v, s)}, ${this.at(th, s)})`, s };
    }
    const st = Math.max(th.s, 2), s = Math.max(v.s, st);
    return { code: `ops.aboveUsing(c, ${this.ledgerSlot(ledger)}, ${this.at(v, s)}, ${this.at(th, st)}, ${st}, ${s})`, s };
  }

  private cap(e: Extract<Expr, { k: "cap" }>): Node {
    const v = this.expr(e.v);
    const nodes = e.limits.map((l) => this.expr(l.lim));
    const slots = e.limits.map((l) => (l.ledger === undefined ? -1 : this.ledgerSlot(l.ledger)));
    const s = Math.max(v.s, ...nodes.map((n) => n.s), slots.some((x) => x >= 0) ? 2 : 0);
    // a sub-cap (`when`) neither caps nor records when its condition fails; every condition is
    // evaluated first, then each limit that applies, then the records
    const applies = e.limits.map((l, i) => `const a${i} = ${l.when === undefined ? "true" : this.expr(l.when).code};`);
    const caps = nodes.map((n, i) => `if (a${i}) r = ops.capAt(c, r, ${this.at(n, s)}, ${slots[i]}, ${s});`);
    const records = slots.flatMap((slot, i) => (slot < 0 ? [] : [`if (a${i}) ops.addToLedger(c, ${slot}, r, ${s});`]));
    return { code: this.hoist([`let r = ${this.at(v, s)};`, ...applies, ...caps, ...records, "return r;"].join("\n")), s };
  }

  private bands(def: BandsDef, v: Node, ledger: string | undefined): Node {
    const slot = ledger === undefined ? -1 : this.ledgerSlot(ledger);
    // rates and edges read per claim (a param, a table lookup) have their node's static scale
    const perClaim = (x: BandRate | BandEdge | null) => (x === null || typeof x === "string" ? undefined : this.expr(x));
    const constDecimals = (x: BandEdge | null) => (typeof x === "string" ? decimalsOf(x) : 0);
    const los = def.rows.map((r) => perClaim(r.lo)), his = def.rows.map((r) => perClaim(r.hi));
    const edgeScales = [...los, ...his].map((n) => n?.s ?? 0);
    const sb = checkScale(Math.max(v.s, slot >= 0 ? 2 : 0, ...edgeScales, ...def.rows.map((r) => Math.max(constDecimals(r.lo), constDecimals(r.hi)))));
    const rates = def.rows.map((r) => perClaim(r.rate));
    const sr = checkScale(Math.max(0, ...def.rows.map((r, i) => (typeof r.rate === "string" ? decimalsOf(r.rate) : rates[i]!.s))));
    const edge = (x: BandEdge | null) => (typeof x === "string" ? fixedConst(x, sb) : x === null ? null : 0);
    const rows: FBand[] = def.rows.map((r) => ({
      lo: edge(r.lo) ?? 0, loIncl: r.loIncl, hi: edge(r.hi), hiIncl: r.hiIncl, rate: typeof r.rate === "string" ? fixedConst(r.rate, sr) : 0,
    }));
    const x = this.at(v, sb), s = checkScale(sb + sr), isWhole = def.mode === "whole";
    const list = (nodes: (Node | undefined)[], at: number) => `[${nodes.map((n) => (n === undefined ? "null" : this.at(n, at))).join(", ")}]`;
    let k = this.konst(rows);
    if (rates.some((n) => n !== undefined)) k = `ops.withRates(${k}, ${list(rates, sr)})`;
    if ([...los, ...his].some((n) => n !== undefined)) k = `ops.withEdges(${k}, ${list(los, sb)}, ${list(his, sb)})`;
    // the amount is an argument before the rows: evaluated first, as compile-ir.ts does
    return { code: slot < 0 ? `ops.bands(${isWhole}, ${x}, ${k})` : `ops.bandsUsing(c, ${isWhole}, ${slot}, ${x}, ${k}, ${sb})`, s };
  }

  /** Every cell of a table at the table's one scale, so a lookup's result has a static scale. */
  private cells(rows: readonly { value: Value }[], vt: TypeName): { values: FV[]; s: number } {
    const cells = rows.map((r) => this.constNode(r.value, vt));
    const s = Math.max(0, ...cells.map((n) => n.s));
    return { values: cells.map((n) => (typeof n.k === "number" ? constAt(n.k, n.s, s) : n.k!)), s };
  }

  /** A grid lookup: each amount key at the scale of its column's interval ends. */
  private lookup(def: GridDef, keys: Node[]): Node {
    const { values, s } = this.cells(def.rows, def.valueType);
    const scales = keys.map((k, j) => checkScale(Math.max(k.s, ...def.rows.map((r) => {
      const m = r.keys[j]!;
      return "range" in m ? intervalDecimals(m.range) : 0;
    }))));
    const rows = def.rows.map((r, i) => ({ keys: gridMatchers(r.keys, (iv, j) => fixedRange(iv, scales[j]!)), value: values[i]! }));
    const args = keys.map((k, j) => (kindOf(def.keyTypes[j]!) === "num" ? this.at(k, scales[j]!) : k.code));
    return { code: `ops.lookup(${this.konst(rows)}, [${args.join(", ")}])`, s };
  }

  private index(def: TableDef, key: Node): Node {
    const vt = def.valueType;
    const { values, s } = this.cells(def.rows, vt);
    if (kindOf(def.keyType) === "enum") {
      const map = new Map<string, FV>(def.rows.map((r, i) => [r.key!, values[i]!]));
      return { code: `ops.indexEnum(${this.konst(map)}, ${key.code})`, s };
    }
    const ks = checkScale(Math.max(key.s, ...def.rows.map((r) => intervalDecimals(r.range!))));
    const rows = def.rows.map((r, i) => ({ range: fixedRange(r.range!, ks), value: values[i]! }));
    return { code: `ops.indexRange(${this.konst(rows)}, ${this.at(key, ks)})`, s };
  }

  private call(fn: string, args: Node[]): Node {
    if (fn === "count") return { code: `${args[0]!.code}.length`, s: 0 };
    if (fn === "round") {
      const x = args[0]!;
      if (args.length === 1) return x.s <= 2 ? x : { code: `ops.roundTo(${x.code}, ${x.s}, 2)`, s: 2 };
      const s = Math.max(x.s, args[1]!.s);
      return { code: `ops.roundUnit(${this.at(x, s)}, ${this.at(args[1]!, s)})`, s };
    }
    // every argument is evaluated, in order, before any is compared (one may write a ledger)
    const s = Math.max(...args.map((a) => a.s)), op = fn === "min" ? "ops.min" : "ops.max";
    return { code: args.map((a) => this.at(a, s)).reduce((acc, a) => `${op}(${acc}, ${a})`), s };
  }
}
