// Settling a claim on exact fixed-point integers (compile-fixed.ts, fixed.ts) instead of
// decimal.js. It handles only the ordinary case: valid input and ledger, every value and
// every intermediate within the safe integers, no error. For anything else it answers
// Declined, handing over what it has read, and the decimal.js evaluator (eval/evaluate.ts),
// whose meaning is the contract and which words every error, settles the claim: settle.ts
// assembles the two. Same outputs, alerts and ledger, to the character.
// This file plans the rule set's pieces; fast-settle.ts generates the settle function from them.
import type { TypeName, Value } from "../ir/artifact.ts";
import { ledgerType } from "../ir/artifact.ts";
import type { Checked } from "../load/check-ir.ts";
import { FixedCompiler, inputScale, NotFast, type DatedEntries } from "./compile-fixed.ts";
import type { FV } from "./fixed-ops.ts";
import { formatFixedDecimal, formatFixedMoney, parseFixed, POW10, readFixed } from "./fixed.ts";
import type { HeldLedger, LedgerState } from "../eval/ledger.ts";
import { ledgerWritingDefines } from "../load/ledger-writers.ts";
import { enumOf, kindOf } from "../ir/types.ts";
import { entryInForce, yearOf } from "../ir/dates.ts";
import { D, ZERO, type Dec } from "../ir/decimal.ts";
import type { RtValue } from "../ir/values.ts";
import { AMOUNT_RULES, Bad, type FieldReader } from "../eval/validate-input.ts";
import type { ClaimDates } from "../eval/claim-date.ts";
import type { ClaimReading } from "../eval/reading.ts";
import { Declined, type ClaimEvaluator, type EvalOptions, type EvalResult } from "../result.ts";
import { generateSettle, type Settle, type SettlePlan } from "./fast-settle.ts";

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

/** A set input, read without the decimal.js path's Set: its members checked in place (a short
 *  list, so pairwise for duplicates) and copied, so the caller's array is read once. */
function readSet(v: unknown, members: ReadonlyMap<string, number>): string[] | undefined {
  if (!Array.isArray(v) || v.length > 8) return undefined; // longer lists: the general reader
  const n = v.length;
  if (n === 1) { // most people have one identity: no loops, a packed array
    const m: unknown = v[0];
    return typeof m === "string" && members.has(m) ? [m] : undefined;
  }
  const out: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const m: unknown = v[i];
    if (typeof m !== "string" || !members.has(m)) return undefined;
    for (let j = 0; j < i; j++) if (out[j] === m) return undefined;
    out[i] = m;
  }
  return out;
}

/** A field's value as the fast path holds it, or undefined when anything is unusual. */
function fieldReader(ck: Checked, f: FieldReader): (v: unknown) => FV | undefined {
  const kind = kindOf(f.type);
  const general = (v: unknown): FV | undefined => {
    const x = f.read(v);
    return x instanceof Bad ? undefined : (x as FV);
  };
  if (kind === "set") {
    const members = ck.enums.get(enumOf(f.type)!)!.index;
    return (v) => readSet(v, members) ?? general(v);
  }
  if (kind !== "num" && kind !== "limit") return general;
  const scale = inputScale(f.type), negative = AMOUNT_RULES[f.type]?.negative ?? false, limit = kind === "limit";
  // a Rate above 1 is refused by the decimal.js path (BR2016)
  const most = f.type === "Rate" ? POW10[scale]! : Infinity;
  return (v) => {
    if (v === null) return limit ? null : undefined;
    const x = readFixed(v, scale);
    return x === undefined || (x < 0 && !negative) || x > most ? undefined : x;
  };
}

/** An integer at scale s as a Decimal, for the hand-over of a declined claim. */
function decimalOf(x: number, s: number): Dec {
  return x === 0 ? ZERO : new D(x).div(POW10[s]!);
}

/** A field's value as the decimal.js evaluator holds it, from the fast path's. */
function exactValue(f: FieldReader): (v: FV) => RtValue {
  const kind = kindOf(f.type);
  if (kind !== "num" && kind !== "limit") return (v) => v as RtValue;
  const scale = inputScale(f.type);
  return (v) => (v === null ? null : decimalOf(v as number, scale));
}

/** What the fast path read of a claim it declines, as the decimal.js evaluator holds it.
 *  `led`/`texts`: the ledger's slots in fen and canonical texts as read (undefined when not
 *  read whole, or held: the held ledger is handed on as it is). */
function decliner(toExact: readonly ((v: FV) => RtValue)[]): SettlePlan["decline"] {
  return (ins, done, at, value, led, texts, extra) => {
    const input = ins.map((v, i) => (v === undefined ? undefined : toExact[i]!(v)));
    let ledger: LedgerState | undefined;
    if (led !== undefined) {
      const slots = led.map((f) => (f === undefined ? ZERO : decimalOf(f, 2)));
      ledger = { slots, texts: texts!, read: slots.slice(), extra: extra! };
    }
    return new Declined(input, done, ledger, at < 0 ? undefined : { slot: at, value });
  };
}

/** A field's default as the fast path holds it; undefined when required or off the plan. */
function fieldFallback(ck: Checked, f: FieldReader): FV | undefined {
  const kind = kindOf(f.type);
  const raw = ck.inputs.get(f.name)!.def.default;
  // a default off the plan (more decimals than the scale): claims that leave it out decline
  if ((kind === "num" || kind === "limit") && raw !== undefined && raw !== null) return parseFixed(raw as string, inputScale(f.type));
  return f.fallback as FV | undefined;
}

/** A held ledger in fen by slot (a copy: evaluation writes it), or undefined when the
 *  decimal.js path must read it (a later year, a Decimal beyond the safe integers). */
function readHeld(size: number): (held: HeldLedger, claimYear: number) => number[] | undefined {
  return (held, claimYear) => {
    if (held.year > claimYear) return undefined;
    if (held.year < claimYear) return new Array<number>(size).fill(0);
    if (held.fen !== undefined) return held.fen.slice();
    const slots: number[] = [];
    for (const d of held.slots) {
      const fen = d.times(100);
      if (!fen.isInteger() || fen.isNegative() || fen.toNumber() > Number.MAX_SAFE_INTEGER) return undefined;
      slots.push(fen.toNumber());
    }
    return slots;
  };
}

const NO_DATED: FV[] = [];

/** The dated params' values in force on a date, as the settle function reads them (`c.dp`);
 *  undefined before the first entry of one (the loader refuses such a rule set: the decimal.js
 *  path words it). The dates where some entry starts cut time into spans; each span's values
 *  are picked once, here, so a claim costs a few string comparisons and no allocation. */
function datedPicker(dated: DatedEntries[]): (date: string) => FV[] | undefined {
  // most rule sets have none: nothing to pick
  if (dated.length === 0) return () => NO_DATED;
  const starts = [...new Set(dated.flatMap((entries) => entries.map((e) => e.from)))].sort();
  const spans = starts.map((from) => {
    const at = dated.map((entries) => entryInForce(entries, from));
    return at.includes(-1) ? undefined : at.map((i, j) => dated[j]![i]!.v);
  });
  return (date) => {
    let i = starts.length - 1;
    while (i >= 0 && starts[i]! > date) i--;
    return i < 0 ? undefined : spans[i];
  };
}

/** The rule set's plan for the fast path, and its dated params' entries; throws NotFast when
 *  some part cannot be planned. */
function plan(ck: Checked, reading: ClaimReading): { settle: SettlePlan; dated: DatedEntries[] } {
  const ir = ck.artifact.ir;
  const fields = [...reading.inputs.fields].sort((a, b) => a.index - b.index);
  const compiler = new FixedCompiler(ck);
  const nDefs = compiler.compileDefines();
  const ledger = [...ck.ledger.keys()];
  const outputs = ir.outputs.map((o) => {
    const n = compiler.expr(o.expr);
    return { name: o.name, code: n.code, finish: finisher(ck.outputs.get(o.name)!.type, n.s) };
  });
  const settle: SettlePlan = {
    fields: fields.map((f) => ({ name: f.name, read: fieldReader(ck, f), fallback: fieldFallback(ck, f) })),
    ledger,
    counts: [...ck.ledger.values()].map((f) => ledgerType(f.def) === "Int"),
    nDefs,
    outputs,
    pipelines: ir.pipelines.map((p) => ({ names: [...p.layers.map((l) => l.name), p.leaves.name], code: compiler.pipeline(p).code })),
    order: ck.order,
    nResults: ck.results.size,
    // the very AlertHit objects of the decimal.js path, so results are alike to the object
    alerts: ir.alerts.map((a, i) => ({ hit: reading.hits[i]!, code: compiler.expr(a.when).code })),
    ledgerDefines: ledgerWritingDefines(ir).map((name) => compiler.define(name).code),
    functions: compiler.functions,
    consts: compiler.consts,
    io: reading.ledger,
    readHeld: readHeld(ledger.length),
    decline: decliner(fields.map(exactValue)),
  };
  return { settle, dated: compiler.dated };
}

const DATE_SLOTS = 512;

/** The fixed-point path of a rule set: settles ordinary untraced claims, declines the rest. */
export class FastPath implements ClaimEvaluator {
  private readonly settle: Settle;
  private readonly dates: ClaimDates;
  private readonly dated: (date: string) => FV[] | undefined;
  // Dates in force met lately, each with its year and dated values, by a hash of the text:
  // claims repeat dates, and checking one and picking its values was a tenth of a claim's time.
  private readonly seenDate: (string | undefined)[] = new Array<string | undefined>(DATE_SLOTS).fill(undefined);
  private readonly seenYear = new Int32Array(DATE_SLOTS);
  private readonly seenDated: FV[][] = new Array<FV[]>(DATE_SLOTS).fill(NO_DATED);

  private constructor(settle: Settle, dates: ClaimDates, dated: DatedEntries[]) {
    this.settle = settle;
    this.dates = dates;
    this.dated = datedPicker(dated);
  }

  /** The rule set's fast path, or undefined when it must always use decimal.js: some part
   *  cannot be planned, or generated code is refused (CSP). */
  static of(ck: Checked, reading: ClaimReading): FastPath | undefined {
    let settle: Settle | undefined, dated: DatedEntries[];
    try {
      const p = plan(ck, reading);
      settle = generateSettle(p.settle);
      dated = p.dated;
    } catch (e) {
      if (e instanceof NotFast) return undefined;
      throw e;
    }
    return settle === undefined ? undefined : new FastPath(settle, reading.dates, dated);
  }

  /** A traced claim, or one on a date not in force, is declined unread. A held ledger in (a
   *  batch) gives a held ledger in fen out. */
  evaluate(input: unknown, ledger?: unknown, options?: EvalOptions): EvalResult | Declined {
    if (options !== undefined && (options.trace === true || options.defines !== undefined)) return Declined.UNREAD;
    const date = this.dates.of(options);
    if (typeof date !== "string" || date.length !== 10) return Declined.UNREAD; // never valid: decimal.js words it
    // year's last digit, month and day: the dates of a few years spread over the slots
    const slot = (date.charCodeAt(3) * 372 + date.charCodeAt(5) * 310 + date.charCodeAt(6) * 31 + date.charCodeAt(8) * 10 + date.charCodeAt(9)) % DATE_SLOTS;
    if (this.seenDate[slot] === date) return this.settle(input, ledger, this.seenYear[slot]!, this.seenDated[slot]!, date, options?.ledgerFields);
    const dated = this.dates.inForce(date) ? this.dated(date) : undefined;
    if (dated === undefined) return Declined.UNREAD;
    const year = yearOf(date);
    this.seenDate[slot] = date;
    this.seenYear[slot] = year;
    this.seenDated[slot] = dated;
    return this.settle(input, ledger, year, dated, date, options?.ledgerFields);
  }
}
