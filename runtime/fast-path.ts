// Settling a claim on exact fixed-point integers (compile-fixed.ts, fixed.ts) instead of
// decimal.js. It handles only the ordinary case: valid input and ledger, every value and
// every intermediate within the safe integers, no error. For anything else `settle` answers
// undefined and the Evaluator settles the claim on the decimal.js path, whose meaning is the
// contract (and which words every error). Same outputs, alerts and ledger, to the character.
import type { TypeName, Value } from "./ir.ts";
import type { Checked } from "./check-ir.ts";
import type { AlertHit, EvalResult } from "./evaluate.ts";
import { FixedCompiler, inputScale, NotFast, type FCtx, type FFn, type FV, type Node } from "./compile-fixed.ts";
import { formatFixedDecimal, formatFixedMoney, parseFixed, readFixed, rescale, roundTo, safe } from "./fixed.ts";
import { HeldLedger, type LedgerIO } from "./ledger.ts";
import { ledgerWritingDefines } from "./ledger-writers.ts";
import { isObject, setOwn } from "./shape.ts";
import { enumOf, kindOf } from "./types.ts";
import { AMOUNT_RULES, Bad, type InputReader } from "./validate-input.ts";

interface FastField {
  name: string;
  index: number;
  /** for number-like fields: the planned scale; −1 for sets; −2 for the rest */
  scale: number;
  negative: boolean;
  limit: boolean;
  /** the default, as the fast path holds it; undefined when the field is required or the default off the plan */
  fallback: FV | undefined;
  read: (v: unknown) => unknown;
  /** a set field's members and their order; undefined for the rest */
  members: ReadonlyMap<string, number> | undefined;
}

/** How an output's integer (at scale s) or other value is written in results. */
function finisher(type: TypeName, s: number): (v: FV) => Value {
  switch (kindOf(type)) {
    case "num":
      return type === "Money" ? (v) => formatFixedMoney(v as number, s) : (v) => formatFixedDecimal(v as number, s);
    case "limit":
      return (v) => (v === null ? null : formatFixedMoney(v as number, s));
    case "set":
      return (v) => [...(v as string[])];
    default:
      return (v) => v as Value;
  }
}

interface FastOutput {
  name: string;
  fn: FFn;
  finish: (v: FV) => Value;
}

interface FastPipeline {
  /** the amount to share, at `scale` */
  on: FFn<number>;
  scale: number;
  /** each layer's computed amount at `at` (≥ scale) */
  layers: { name: string; fn: FFn<number>; at: number }[];
  leaves: string;
}

/** A held ledger's extra fields when it has none: never written to (only a plain ledger's reading adds). */
const NO_EXTRA: [string, string][] = [];

/** A set input, read without the decimal.js path's Set: its members checked in place (a short
 *  list, so pairwise for duplicates) and copied, so the caller's array is read once. */
function readSet(v: unknown, members: ReadonlyMap<string, number>): string[] | undefined {
  if (!Array.isArray(v) || v.length > 8) return undefined; // longer lists: the general reader
  const n = v.length, out: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const m: unknown = v[i];
    if (typeof m !== "string" || !members.has(m)) return undefined;
    for (let j = 0; j < i; j++) if (out[j] === m) return undefined;
    out[i] = m;
  }
  return out;
}

export class FastPath {
  private readonly io: LedgerIO;
  private readonly ledgerNames: string[];
  private readonly ledgerSlot: Map<string, number>;
  private readonly fields: FastField[];
  private readonly fieldOf: Map<string, FastField>;
  private readonly nDefs: number;
  private readonly outputs: FastOutput[];
  private readonly pipelines: FastPipeline[];
  private readonly alerts: { hit: AlertHit; fn: FFn<boolean> }[];
  private readonly ledgerDefines: FFn[];

  /** Compiles the rule set for the fast path; throws NotFast when some part cannot be planned. */
  private constructor(ck: Checked, inputs: InputReader, alerts: readonly { hit: AlertHit }[], io: LedgerIO) {
    const ir = ck.artifact.ir;
    this.io = io;
    this.ledgerNames = [...ck.ledger.keys()];
    this.ledgerSlot = new Map([...ck.ledger].map(([name, s]) => [name, s.index]));
    this.fields = inputs.fields.map((f) => {
      const kind = kindOf(f.type), numeric = kind === "num" || kind === "limit";
      const scale = numeric ? inputScale(f.type) : kind === "set" ? -1 : -2;
      const raw = ck.inputs.get(f.name)!.def.default;
      let fallback: FV | undefined = f.fallback as FV | undefined;
      // a default off the plan (more decimals than the scale): claims that leave it out decline
      if (numeric && raw !== undefined && raw !== null) fallback = parseFixed(raw as string, scale);
      const members = kind === "set" ? ck.enums.get(enumOf(f.type)!)!.index : undefined;
      return { name: f.name, index: f.index, scale, negative: AMOUNT_RULES[f.type]?.negative ?? false, limit: kind === "limit", fallback, read: f.read, members };
    });
    this.fieldOf = new Map(this.fields.map((f) => [f.name, f]));
    const compiler = new FixedCompiler(ck);
    this.nDefs = compiler.compileDefines();
    this.ledgerDefines = ledgerWritingDefines(ir).map((name) => compiler.define(name).f);
    const output = (name: string, n: Node): FastOutput => ({ name, fn: n.f, finish: finisher(ck.outputs.get(name)!.type, n.s) });
    this.outputs = ir.outputs.map((o) => output(o.name, compiler.expr(o.expr)));
    this.pipelines = ir.pipelines.map((p) => {
      const on = compiler.expr(p.on), scale = Math.max(on.s, 2);
      const layers = compiler.withRemaining(scale, () => p.layers.map((l) => {
        const n = compiler.expr(l.expr), at = Math.max(n.s, scale);
        return { name: l.name, fn: compiler.at(n, at), at };
      }));
      return { on: compiler.at(on, scale), scale, layers, leaves: p.leaves.name };
    });
    // the very AlertHit objects of the decimal.js path, so results are alike to the object
    this.alerts = ir.alerts.map((a, i) => ({ hit: alerts[i]!.hit, fn: compiler.expr(a.when).f as FFn<boolean> }));
  }

  /** The fast path for a rule set, or undefined when it must always use decimal.js. */
  static of(ck: Checked, inputs: InputReader, alerts: readonly { hit: AlertHit }[], io: LedgerIO): FastPath | undefined {
    try {
      return new FastPath(ck, inputs, alerts, io);
    } catch (e) {
      if (e instanceof NotFast) return undefined;
      throw e;
    }
  }

  /** The claim settled, or undefined: settle it on the decimal.js path. `year` is the valid claim date's.
   *  A held ledger in (a batch) gives a held ledger in fen out: nothing formatted or parsed between claims. */
  settle(input: unknown, ledger: unknown, year: number): EvalResult | undefined {
    const slots = this.readInput(input);
    if (slots === undefined) return undefined;
    const held = ledger instanceof HeldLedger;
    const led = held ? this.readHeld(ledger, year) : this.readLedger(ledger, year);
    if (led === undefined) return undefined;
    const c: FCtx = { in: slots, led, defs: new Array(this.nDefs), rem: 0 };
    const outputs: Record<string, Value> = {};
    const alerts: AlertHit[] = [];
    try {
      for (const o of this.outputs) setOwn(outputs, o.name, o.finish(o.fn(c)));
      for (const p of this.pipelines) this.pipeline(p, c, outputs);
      for (const a of this.alerts) if (a.fn(c)) alerts.push(a.hit);
      for (const d of this.ledgerDefines) d(c);
    } catch {
      // OVERFLOW, or an EvalFailure the decimal.js path will report in full
      return undefined;
    }
    if (held) return { ok: true, outputs, alerts, ledger: HeldLedger.ofFen(this.io, year, led, this.extra ?? NO_EXTRA) };
    const values: Record<string, string> = {};
    for (let i = 0; i < this.ledgerNames.length; i++) setOwn(values, this.ledgerNames[i]!, formatFixedMoney(led[i]!, 2));
    if (this.extra !== undefined) for (const [key, value] of this.extra) setOwn(values, key, value);
    return { ok: true, outputs, alerts, ledger: { year, values } };
  }

  /** Each layer pays what it computes, clamped to [0, what is left], to the fen (as evaluate.ts). */
  private pipeline(p: FastPipeline, c: FCtx, outputs: Record<string, Value>): void {
    let left = p.on(c);
    for (const l of p.layers) {
      c.rem = left;
      const x = l.fn(c), rest = rescale(left, p.scale, l.at);
      const paid = roundTo(x < rest ? (x < 0 ? 0 : x) : rest < 0 ? 0 : rest, l.at, 2);
      left = safe(left - rescale(paid, 2, p.scale));
      setOwn(outputs, l.name, formatFixedMoney(paid, 2));
    }
    setOwn(outputs, p.leaves, formatFixedMoney(left, p.scale));
  }

  /** The input slots, or undefined when anything is unusual (an error, a value off the plan).
   *  One pass over the keys given, then defaults for the fields left out. */
  private readInput(input: unknown): FV[] | undefined {
    if (typeof input !== "object" || input === null || Array.isArray(input)) return undefined;
    const obj = input as Record<string, unknown>;
    const slots: (FV | undefined)[] = new Array(this.fields.length);
    for (const key of Object.keys(obj)) {
      const f = this.fieldOf.get(key);
      if (f === undefined) return undefined;
      const v = obj[key];
      if (v === undefined) continue; // as if left out
      let r: FV | undefined;
      if (f.scale < 0) {
        r = f.scale === -1 ? readSet(v, f.members!) : undefined;
        if (r === undefined) {
          const x = f.read(v);
          r = x instanceof Bad ? undefined : (x as FV);
        }
      } else if (v === null) r = f.limit ? null : undefined;
      else {
        const x = readFixed(v, f.scale);
        r = x === undefined || (x < 0 && !f.negative) ? undefined : x;
      }
      if (r === undefined) return undefined;
      slots[f.index] = r;
    }
    for (const f of this.fields) {
      if (slots[f.index] !== undefined) continue;
      // a non-enumerable own field is read by the decimal.js path (Object.hasOwn), not left out
      if (f.fallback === undefined || (Object.hasOwn(obj, f.name) && obj[f.name] !== undefined)) return undefined;
      slots[f.index] = f.fallback;
    }
    return slots as FV[];
  }

  /** Fields of the last ledger read that this rule set does not declare: kept as they were. */
  private extra: [string, string][] | undefined;

  /** A held ledger in fen by slot (a copy: evaluation writes it), or undefined when the
   *  decimal.js path must read it (a later year, a Decimal beyond the safe integers). */
  private readHeld(held: HeldLedger, claimYear: number): number[] | undefined {
    if (held.io !== this.io) return this.readLedger(held, claimYear); // another rule set's: through its values
    this.extra = undefined;
    if (held.year > claimYear) return undefined;
    if (held.year < claimYear) return new Array<number>(this.ledgerNames.length).fill(0);
    if (held.extra.length > 0) this.extra = held.extra;
    if (held.fen !== undefined) return held.fen.slice();
    const slots: number[] = [];
    for (const d of held.slots) {
      const fen = d.times(100);
      if (!fen.isInteger() || fen.isNegative() || fen.toNumber() > Number.MAX_SAFE_INTEGER) return undefined;
      slots.push(fen.toNumber());
    }
    return slots;
  }

  /** The ledger in fen by slot, or undefined when anything is unusual (see ledger.ts for the rules). */
  private readLedger(ledger: unknown, claimYear: number): number[] | undefined {
    this.extra = undefined;
    const slots: number[] = new Array(this.ledgerNames.length).fill(0);
    if (ledger === undefined || ledger === null) return slots;
    // another rule set's held ledger is read through its `values`, like a plain one
    if (!isObject(ledger) || (Object.getPrototypeOf(ledger) !== Object.prototype && !(ledger instanceof HeldLedger))) return undefined;
    const year = ledger.year, values = ledger.values;
    if (!Number.isSafeInteger(year) || (year as number) > claimYear || !isObject(values)) return undefined;
    for (const key of Object.keys(values)) {
      const text = values[key];
      const r = readFixed(text, 2);
      if (r === undefined || r < 0) return undefined;
      if (year !== claimYear) continue; // a new medical year: nothing carries over
      const slot = this.ledgerSlot.get(key);
      if (slot !== undefined) slots[slot] = r;
      else (this.extra ??= []).push([key, formatFixedMoney(r, 2)]);
    }
    return slots;
  }
}
