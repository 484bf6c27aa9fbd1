// The fast path's compiler: the same checked IR as compile-ir.ts, turned into closures over
// exact fixed-point integers (fixed.ts) instead of Decimals. Every number-like node gets a
// static scale here, at load time: Money inputs and ledger fields 2 (fen), constants as many
// decimals as they have, + − min max compare at the larger scale of their operands, × at the
// sum. Evaluation order, memoisation and ledger writes follow compile-ir.ts exactly, so each
// node computes the very value the decimal.js path computes (both are exact below 2^53).
// Anything the integers cannot hold throws (OVERFLOW, or an EvalFailure) and the evaluator
// settles the claim again on the decimal.js path, which also words every error. Not traced.
import type { BandsDef, Expr, Interval, TableDef, TypeName, Value } from "./ir.ts";
import type { Checked } from "./check-ir.ts";
import { highestKey, signTest } from "./compile-ir.ts";
import { addMonths } from "./dates.ts";
import { enumOf, kindOf } from "./types.ts";
import { decimalsOf, divExact, divRound, MAX_SCALE, OVERFLOW, parseFixed, POW10, rescale, roundTo, safe } from "./fixed.ts";

/** A run-time value: number-like values are integers at their node's scale; null is unlimited. */
export type FV = number | null | boolean | string | string[];

export interface FCtx {
  /** inputs by slot, numbers at the scale of inputScale(type) */
  in: FV[];
  /** ledger fields by slot, in fen */
  led: number[];
  defs: (FV | undefined)[];
  /** what the earlier layers left, at the pipeline's scale */
  rem: number;
}

export type FFn<T = FV> = (c: FCtx) => T;

/** A compiled node: its closure, and for number-like nodes the scale of the integers it gives. */
export interface Node {
  f: FFn;
  s: number;
  /** the value, when known at load time (literals, params) */
  k?: FV;
}

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

/** A constant from the artifact as the fast path holds it, and its scale. */
function constNode(v: Value, t: TypeName): Node {
  const kind = kindOf(t);
  if ((kind === "num" || kind === "limit") && v !== null) {
    const s = checkScale(decimalsOf(v as string)), k = fixedConst(v as string, s);
    return { f: () => k, s, k };
  }
  const k: FV = kind === "set" ? [...(v as string[])] : (v as FV);
  return { f: () => k, s: 0, k };
}

/** Adds a claim's amount (at scale s) to a ledger slot, to the fen; a negative one leaves the fast path. */
function addToLedger(c: FCtx, slot: number, amount: number, s: number): number {
  if (amount < 0) throw OVERFLOW;
  const after = safe(c.led[slot]! + (s > 2 ? roundTo(amount, s, 2) : rescale(amount, s, 2)));
  c.led[slot] = after;
  return after;
}

/** An interval with integer bounds at one scale. */
interface FRange {
  lo: number | null;
  hi: number | null;
  loIncl: boolean;
  hiIncl: boolean;
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

function has(r: FRange, x: number): boolean {
  if (r.lo !== null && (r.loIncl ? x < r.lo : x <= r.lo)) return false;
  return r.hi === null || (r.hiIncl ? x <= r.hi : x < r.hi);
}

interface FBand {
  lo: number;
  hi: number | null;
  rate: number;
}

/** Σ rate × (part of x in the band), as compile-ir.ts's marginal; rows in order. */
function marginal(bands: FBand[], x: number): number {
  let sum = 0;
  for (const b of bands) {
    if (x <= b.lo) break;
    const top = b.hi === null || x < b.hi ? x : b.hi;
    sum = safe(sum + safe(safe(top - b.lo) * b.rate));
  }
  return sum;
}

export class FixedCompiler {
  private readonly ck: Checked;
  private readonly defNodes: Node[] = [];
  /** the scale of `remaining` while a pipeline's layers are compiled; −1 elsewhere */
  private remScale = -1;

  constructor(checked: Checked) {
    this.ck = checked;
  }

  compileDefines(): number {
    for (const d of this.ck.artifact.ir.defines) this.defNodes.push(this.expr(d.expr));
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

  private typeOf(e: Expr): TypeName {
    return this.ck.types.get(e)!;
  }

  private ledgerSlot(name: string): number {
    return this.ck.ledger.get(name)!.index;
  }

  /** n's value at scale s ≥ n.s (nulls pass through). */
  at(n: Node, s: number): FFn<number> {
    if (s === n.s) return n.f as FFn<number>;
    if (n.k !== undefined) {
      if (n.k === null) return n.f as FFn<number>;
      const v = constAt(n.k as number, n.s, s);
      return () => v;
    }
    const f = n.f as FFn<number | null>, m = POW10[checkScale(s) - n.s]!;
    return (c) => {
      const v = f(c);
      return v === null ? (v as unknown as number) : safe(v * m);
    };
  }

  expr(e: Expr): Node {
    switch (e.k) {
      case "lit":
        return constNode(e.v, this.typeOf(e));
      case "input": {
        const slot = this.ck.inputs.get(e.name)!, i = slot.index, type = slot.def.type, kind = kindOf(type);
        return { f: (c) => c.in[i]!, s: kind === "num" || kind === "limit" ? inputScale(type) : 0 };
      }
      case "param": {
        const p = this.ck.params.get(e.name)!;
        return constNode(p.value, p.type);
      }
      case "def":
        return this.define(e.name);
      case "remaining": {
        if (this.remScale < 0) throw new NotFast("remaining outside a layer");
        return { f: (c) => c.rem, s: this.remScale };
      }
      case "arith": {
        const ta = this.typeOf(e.a), tb = this.typeOf(e.b);
        if (ta === "Date" || tb === "Date") {
          const a = this.expr(e.a).f, b = this.expr(e.b).f, sign = e.op === "-" ? -1 : 1, dateLeft = ta === "Date";
          return this.moveDate((c) => {
            const x = a(c), y = b(c);
            return [(dateLeft ? x : y) as string, sign * ((dateLeft ? y : x) as number)];
          });
        }
        return this.arith(e.op, this.expr(e.a), this.expr(e.b), ta, tb);
      }
      case "neg": {
        const a = this.expr(e.a), f = a.f as FFn<number>;
        return { f: (c) => -f(c), s: a.s };
      }
      case "cmp":
        return this.cmp(e.op, this.expr(e.a), this.expr(e.b), this.typeOf(e.a), this.typeOf(e.b));
      case "and": {
        const a = this.expr(e.a).f, b = this.expr(e.b).f;
        return { f: (c) => (a(c) as boolean) && (b(c) as boolean), s: 0 };
      }
      case "or": {
        const a = this.expr(e.a).f, b = this.expr(e.b).f;
        return { f: (c) => (a(c) as boolean) || (b(c) as boolean), s: 0 };
      }
      case "not": {
        const a = this.expr(e.a).f;
        return { f: (c) => !(a(c) as boolean), s: 0 };
      }
      case "in": {
        const a = this.expr(e.a).f, set = this.expr(e.set).f;
        return { f: (c) => (set(c) as string[]).includes(a(c) as string), s: 0 };
      }
      case "if": {
        const cond = this.expr(e.c).f as FFn<boolean>, a = this.expr(e.a), b = this.expr(e.b);
        const kind = kindOf(this.typeOf(e)), numeric = kind === "num" || kind === "limit";
        const s = numeric ? Math.max(a.s, b.s) : 0, fa = numeric ? this.at(a, s) : a.f, fb = numeric ? this.at(b, s) : b.f;
        return { f: (c) => (cond(c) ? fa(c) : fb(c)), s };
      }
      case "above":
        return this.above(this.expr(e.v), this.expr(e.th), e.ledger);
      case "cap":
        return this.cap(e);
      case "atLeast": {
        const v = this.expr(e.v), floor = this.expr(e.floor), s = Math.max(v.s, floor.s);
        const fv = this.at(v, s), ff = this.at(floor, s);
        return {
          f: (c) => {
            const x = fv(c), f = ff(c);
            return x >= f ? x : f;
          },
          s,
        };
      }
      case "bands":
        return this.bands(this.ck.bands.get(e.name)!, this.expr(e.v), e.ledger);
      case "classify": {
        const def = this.ck.classifications.get(e.name)!, v = this.expr(e.v);
        const s = checkScale(Math.max(v.s, ...def.rows.map((r) => intervalDecimals(r.range))));
        const rows = def.rows.map((r) => ({ range: fixedRange(r.range, s), member: r.member }));
        const fv = this.at(v, s), otherwise = def.otherwise;
        return {
          f: (c) => {
            const x = fv(c);
            for (const r of rows) if (has(r.range, x)) return r.member;
            return otherwise;
          },
          s: 0,
        };
      }
      case "cumulative": {
        const v = this.expr(e.v), s = Math.max(v.s, 2), fv = this.at(v, s), slot = this.ledgerSlot(e.ledger);
        return {
          f: (c) => {
            const x = fv(c);
            const r = safe(rescale(c.led[slot]!, 2, s) + x);
            addToLedger(c, slot, x, s);
            return r;
          },
          s,
        };
      }
      case "highest": {
        const def = this.ck.tables.get(e.table)!, set = this.expr(e.set).f as FFn<string[]>;
        const map = new Map(def.rows.map((r) => [r.key!, r.value as string]));
        const order = this.ck.enums.get(enumOf(def.valueType)!)!.index, name = def.name;
        return { f: (c) => map.get(highestKey(map, order, name, set(c)))!, s: 0 };
      }
      case "index":
        return this.index(this.ck.tables.get(e.table)!, this.expr(e.key));
      case "call":
        return this.call(e.fn, e.args.map((a) => this.expr(a)));
      case "dateAdd": {
        const a = this.expr(e.a).f, months = e.months;
        return this.moveDate((c) => [a(c) as string, months]);
      }
    }
  }

  /** The memoised closure of a define, for the evaluator's ledger-writing defines. */
  define(name: string): Node {
    const j = this.ck.defines.get(name)!.index;
    const n = this.defNodes[j]!, f = n.f;
    return {
      f: (c) => {
        let v = c.defs[j];
        if (v === undefined) {
          v = f(c);
          c.defs[j] = v;
        }
        return v;
      },
      s: n.s,
    };
  }

  private moveDate(parts: (c: FCtx) => [string, number]): Node {
    return {
      f: (c) => {
        const [d, months] = parts(c);
        const r = addMonths(d, months);
        if (r === null) throw OVERFLOW;
        return r;
      },
      s: 0,
    };
  }

  private arith(op: string, a: Node, b: Node, ta: TypeName, tb: TypeName): Node {
    if (op === "*") {
      const fa = a.f as FFn<number>, fb = b.f as FFn<number>;
      return { f: (c) => safe(fa(c) * fb(c)), s: checkScale(a.s + b.s) };
    }
    if (op === "/") {
      // x / y at scale a.s + DIV_EXTRA: (X · 10^(DIV_EXTRA + b.s)) / Y, which must divide exactly.
      const fa = a.f as FFn<number>, fb = b.f as FFn<number>, m = POW10[checkScale(DIV_EXTRA + b.s)]!;
      return {
        f: (c) => {
          const x = fa(c), y = fb(c);
          if (y === 0) throw OVERFLOW; // the decimal.js path reports BR3002
          return divExact(safe(x * m), y);
        },
        s: checkScale(a.s + DIV_EXTRA),
      };
    }
    // Points (5pp = "5") added to a Rate count /100: the same integer two places further right.
    const sa = a.s + (ta === "Points" && tb === "Rate" ? 2 : 0), sb = b.s + (tb === "Points" && ta === "Rate" ? 2 : 0);
    const s = checkScale(Math.max(sa, sb));
    const fa = this.at({ ...a, s: sa }, s), fb = this.at({ ...b, s: sb }, s);
    return op === "+" ? { f: (c) => safe(fa(c) + fb(c)), s } : { f: (c) => safe(fa(c) - fb(c)), s };
  }

  private cmp(op: string, a: Node, b: Node, ta: TypeName, tb: TypeName): Node {
    const sign = signTest(op);
    const ka = kindOf(ta), kb = kindOf(tb);
    const numeric = (ka === "num" || ka === "limit") && (kb === "num" || kb === "limit");
    if (!numeric) {
      const fa = a.f, fb = b.f;
      return {
        f: (c) => {
          const x = fa(c) as string | number, y = fb(c) as string | number;
          return sign(x === y ? 0 : x < y ? -1 : 1);
        },
        s: 0,
      };
    }
    const s = Math.max(a.s, b.s), fa = this.at(a, s) as FFn<number | null>, fb = this.at(b, s) as FFn<number | null>;
    // null is unlimited: greater than every amount, equal to itself
    return {
      f: (c) => {
        const x = fa(c), y = fb(c);
        return sign(x === null ? (y === null ? 0 : 1) : y === null ? -1 : x === y ? 0 : x < y ? -1 : 1);
      },
      s: 0,
    };
  }

  private above(v: Node, th: Node, ledger: string | undefined): Node {
    if (ledger === undefined) {
      const s = Math.max(v.s, th.s), fv = this.at(v, s), ft = this.at(th, s);
      return {
        f: (c) => {
          const d = safe(fv(c) - ft(c));
          return d >= 0 ? d : 0;
        },
        s,
      };
    }
    const slot = this.ledgerSlot(ledger);
    const st = Math.max(th.s, 2), s = Math.max(v.s, st);
    const fv = this.at(v, s), ft = this.at(th, st);
    return {
      f: (c) => {
        const x = fv(c), t = ft(c), before = rescale(c.led[slot]!, 2, st);
        const l = safe(t - before), left = rescale(l >= 0 ? l : 0, st, s);
        const d = safe(x - left), r = d >= 0 ? d : 0;
        addToLedger(c, slot, x <= left ? x : left, s);
        return r;
      },
      s,
    };
  }

  private cap(e: Extract<Expr, { k: "cap" }>): Node {
    const v = this.expr(e.v);
    const nodes = e.limits.map((l) => this.expr(l.lim));
    const slots = e.limits.map((l) => (l.ledger === undefined ? -1 : this.ledgerSlot(l.ledger)));
    const s = Math.max(v.s, ...nodes.map((n) => n.s), slots.some((x) => x >= 0) ? 2 : 0);
    const fv = this.at(v, s), lims = nodes.map((n) => this.at(n, s) as FFn<number | null>), n = lims.length;
    // a sub-cap (`when`) neither caps nor records when its condition fails
    const conds = e.limits.map((l) => (l.when === undefined ? null : (this.expr(l.when).f as FFn<boolean>)));
    const applies: boolean[] = new Array(n);
    return {
      f: (c) => {
        let r = fv(c);
        for (let i = 0; i < n; i++) applies[i] = conds[i] === null || conds[i]!(c);
        for (let i = 0; i < n; i++) {
          if (!applies[i]) continue;
          const cap = lims[i]!(c);
          if (cap === null) continue;
          const slot = slots[i]!;
          let room = cap;
          if (slot >= 0) {
            room = safe(cap - rescale(c.led[slot]!, 2, s));
            if (room < 0) room = 0;
          }
          if (room < r) r = room;
        }
        for (let i = 0; i < n; i++) if (applies[i] && slots[i]! >= 0) addToLedger(c, slots[i]!, r, s);
        return r;
      },
      s,
    };
  }

  private bands(def: BandsDef, v: Node, ledger: string | undefined): Node {
    const slot = ledger === undefined ? -1 : this.ledgerSlot(ledger);
    const sb = checkScale(Math.max(v.s, slot >= 0 ? 2 : 0, ...def.rows.map(intervalDecimals)));
    const sr = checkScale(Math.max(0, ...def.rows.map((r) => decimalsOf(r.rate))));
    const rows: FBand[] = def.rows.map((r) => ({
      lo: fixedConst(r.lo!, sb), hi: r.hi === null ? null : fixedConst(r.hi, sb), rate: fixedConst(r.rate, sr),
    }));
    const fv = this.at(v, sb), s = checkScale(sb + sr);
    if (slot < 0) return { f: (c) => marginal(rows, fv(c)), s };
    return {
      f: (c) => {
        const x = fv(c), before = rescale(c.led[slot]!, 2, sb);
        const r = safe(marginal(rows, safe(before + x)) - marginal(rows, before));
        addToLedger(c, slot, x, sb);
        return r;
      },
      s,
    };
  }

  private index(def: TableDef, key: Node): Node {
    const vt = def.valueType;
    const cells = def.rows.map((r) => constNode(r.value, vt));
    const s = Math.max(0, ...cells.map((n) => n.s));
    // every cell at the table's one scale, so the lookup's result has a static scale
    const values: FV[] = cells.map((n) => (typeof n.k === "number" ? constAt(n.k, n.s, s) : n.k!));
    if (kindOf(def.keyType) === "enum") {
      const map = new Map<string, FV>(def.rows.map((r, i) => [r.key!, values[i]!]));
      const fk = key.f;
      return {
        f: (c) => {
          const v = map.get(fk(c) as string);
          if (v === undefined) throw OVERFLOW; // the decimal.js path reports BR3001
          return v;
        },
        s,
      };
    }
    const ks = checkScale(Math.max(key.s, ...def.rows.map((r) => intervalDecimals(r.range!))));
    const rows = def.rows.map((r, i) => ({ range: fixedRange(r.range!, ks), value: values[i]! }));
    const fk = this.at(key, ks);
    return {
      f: (c) => {
        const k = fk(c);
        for (const r of rows) if (has(r.range, k)) return r.value;
        throw OVERFLOW; // the decimal.js path reports BR3001
      },
      s,
    };
  }

  private call(fn: string, args: Node[]): Node {
    if (fn === "round") {
      const x = args[0]!;
      if (args.length === 1) {
        if (x.s <= 2) return x;
        const fx = x.f as FFn<number>, sx = x.s;
        return { f: (c) => roundTo(fx(c), sx, 2), s: 2 };
      }
      // x / unit rounded half-up to a whole number, times unit: exact on integers at one scale.
      // decimal.js divides to 40 digits first; below 2^53 that never moves a tie (see fixed.ts tests).
      const s = Math.max(x.s, args[1]!.s), fx = this.at(x, s), fu = this.at(args[1]!, s);
      return {
        f: (c) => {
          const a = fx(c), u = fu(c);
          if (u <= 0) throw OVERFLOW; // the decimal.js path reports BR3005
          return safe(divRound(a, u) * u);
        },
        s,
      };
    }
    const isMin = fn === "min";
    const s = Math.max(...args.map((a) => a.s)), fs = args.map((a) => this.at(a, s) as FFn<number | null>), n = fs.length;
    const xs: (number | null)[] = new Array(n);
    return {
      f: (c) => {
        // every argument is evaluated, as on the decimal.js path (one may write a ledger)
        for (let i = 0; i < n; i++) xs[i] = fs[i]!(c);
        // null is unlimited: min ignores it, max returns it
        let r: number | null = null;
        for (let i = 0; i < n; i++) {
          const x = xs[i] as number | null;
          if (x === null) {
            if (!isMin) return null;
            continue;
          }
          if (r === null || (isMin ? x < r : x > r)) r = x;
        }
        return r;
      },
      s,
    };
  }
}
