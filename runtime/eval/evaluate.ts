// Settling one claim: check date, input and ledger (all errors at once), run the compiled
// outputs, pipelines and alerts on a fresh context, and hand back new values, never touching
// the caller's objects. Pure and deterministic: the same (input, ledger, date) gives the same result.
import type { TypeName, Value } from "../ir/artifact.ts";
import type { Checked, OutputInfo } from "../load/check-ir.ts";
import { IrCompiler, type Ctx, type Fn } from "./compile-ir.ts";
import type { RtValue } from "../ir/values.ts";
import { ZERO, type Dec } from "../ir/decimal.ts";
import { EvalFailure, inputError, quote, type InputError } from "../errors.ts";
import { isValidDate, yearOf } from "../ir/dates.ts";
import { HeldLedger, LedgerIO, type Ledger } from "./ledger.ts";
import { formatDecimal, formatMoney, roundFen } from "../ir/money.ts";
import { setOwn } from "../ir/shape.ts";
import { Tracer, TRACE_VERSION, type Trace, type TraceAlert, type TraceOutput } from "./trace.ts";
import { ErrorList, InputReader } from "./validate-input.ts";
import { kindOf } from "../ir/types.ts";
import { ledgerWritingDefines } from "../load/ledger-writers.ts";
import { fastSettle } from "../fast/fast-path.ts";
import type { Settle } from "../fast/fast-settle.ts";

export interface EvalOptions {
  /** the claim's date, "YYYY-MM-DD"; default: the policy's effective date */
  date?: string;
  /** record an explanation of every output */
  trace?: boolean;
}

export interface AlertHit {
  name: string;
  label?: string;
  section?: string;
}

export type EvalResult =
  | { ok: true; outputs: Record<string, Value>; alerts: AlertHit[]; ledger: Ledger; trace?: Trace }
  | { ok: false; errors: InputError[] };

/** How an output's run-time value is written in results. */
function finisher(type: TypeName): (v: RtValue) => Value {
  switch (kindOf(type)) {
    case "num":
      return type === "Money" ? (v) => formatMoney(v as Dec) : (v) => formatDecimal(v as Dec);
    case "limit":
      return (v) => (v === null ? null : formatMoney(v as Dec));
    case "set":
      return (v) => [...(v as string[])];
    default:
      return (v) => v as Value;
  }
}

interface CompiledOutput {
  info: OutputInfo;
  fn: Fn;
  finish: (v: RtValue) => Value;
}

interface CompiledPipeline {
  on: Fn<Dec>;
  layers: CompiledOutput[];
  leaves: OutputInfo;
}

interface CompiledAlert {
  hit: AlertHit;
  fn: Fn<boolean>;
}

interface Outputs {
  values: Record<string, Value>;
  traced: TraceOutput[] | null;
}

/** Stores an output's value and, when tracing, its explanation (the steps recorded since the last one). */
function record(out: Outputs, tr: Tracer | null, info: OutputInfo, value: Value): void {
  setOwn(out.values, info.name, value);
  if (tr !== null) {
    const t: TraceOutput = { name: info.name, type: info.type, value, steps: tr.take() };
    if (info.label !== undefined) t.label = info.label;
    if (info.section !== undefined) t.section = info.section;
    out.traced!.push(t);
  }
}

export class Evaluator {
  private readonly ck: Checked;
  private readonly inputs: InputReader;
  private readonly ledgerIO: LedgerIO;
  private readonly nDefs: number;
  private readonly outputs: CompiledOutput[];
  private readonly pipelines: CompiledPipeline[];
  private readonly alerts: CompiledAlert[];
  /** defines that write the ledger: run on every claim, even when no result read them */
  private readonly ledgerDefines: Fn[];
  /** exact fixed-point settlement of ordinary claims; undefined when the rule set cannot use it */
  private readonly fast: Settle | undefined;

  constructor(ck: Checked) {
    this.ck = ck;
    this.inputs = new InputReader(ck);
    this.ledgerIO = new LedgerIO(ck);
    const ir = ck.artifact.ir;
    const compiler = new IrCompiler(ck);
    this.nDefs = compiler.compileDefines().length;
    this.ledgerDefines = ledgerWritingDefines(ir).map((name) => compiler.defineFn(name));
    const output = (name: string, fn: Fn): CompiledOutput => {
      const info = ck.outputs.get(name)!;
      return { info, fn, finish: finisher(info.type) };
    };
    this.outputs = ir.outputs.map((o) => output(o.name, compiler.expr(o.expr)));
    this.pipelines = ir.pipelines.map((p) => ({
      on: compiler.num(p.on),
      layers: p.layers.map((l) => output(l.name, compiler.expr(l.expr))),
      leaves: ck.outputs.get(p.leaves.name)!,
    }));
    this.alerts = ir.alerts.map((a) => {
      const hit: AlertHit = { name: a.name };
      if (a.label !== undefined) hit.label = a.label;
      if (a.section !== undefined) hit.section = a.section;
      return { hit, fn: compiler.bool(a.when) };
    });
    this.fast = fastSettle(ck, this.inputs, this.alerts, this.ledgerIO);
  }

  /** The last claim date checked, and whether it was valid and in force (a batch's claims often share one). */
  private lastDate: unknown = undefined;
  private lastDateOk = false;

  /** Whether the date is valid and the policy in force then; remembered for the next claim. */
  private inForce(date: unknown): boolean {
    if (date === this.lastDate) return this.lastDateOk;
    const meta = this.ck.artifact.policy;
    this.lastDate = date;
    this.lastDateOk = isValidDate(date) && date >= meta.effective && (meta.ends === undefined || date <= meta.ends);
    return this.lastDateOk;
  }

  private checkDate(date: unknown, errors: ErrorList): void {
    if (this.inForce(date)) return;
    const meta = this.ck.artifact.policy;
    if (!isValidDate(date)) {
      errors.push(inputError("BR2011", "date", { value: quote(date) }));
    } else {
      errors.push(inputError("BR2024", "date", { policy: meta.id, date, from: meta.effective, to: meta.ends ?? "…" }));
    }
  }

  evaluate(input: unknown, ledger?: unknown, options?: EvalOptions): EvalResult {
    const meta = this.ck.artifact.policy;
    // Only a date left out means "the policy's effective date": an explicit null is a bad date
    // (a batch row whose date was lost must not settle silently on another day).
    const date = options === undefined || options.date === undefined ? meta.effective : options.date;
    // Untraced claims try the fixed-point path first; it declines anything out of the ordinary.
    if (this.fast !== undefined && options?.trace !== true && this.inForce(date)) {
      const r = this.fast(input, ledger, yearOf(date as string));
      if (r !== undefined) return r;
    }
    const errors = new ErrorList();
    this.checkDate(date, errors);
    const slots = this.inputs.read(input, errors);
    const year = this.lastDateOk || isValidDate(date) ? yearOf(date) : 0;
    const state = year > 0 ? this.ledgerIO.read(ledger, year, errors) : undefined;
    if (!errors.empty || slots === undefined || state === undefined) return { ok: false, errors: errors.done() };

    const tr = options?.trace === true ? new Tracer() : null;
    const c: Ctx = { in: slots, led: state.slots, defs: new Array(this.nDefs), rem: ZERO, at: "", tr };
    const out: Outputs = { values: {}, traced: tr === null ? null : [] };
    const alerts: AlertHit[] = [];
    const tracedAlerts: TraceAlert[] = [];
    try {
      for (const o of this.outputs) {
        c.at = o.info.name;
        record(out, tr, o.info, o.finish(o.fn(c)));
      }
      for (const p of this.pipelines) this.pipeline(p, c, out);
      for (const a of this.alerts) {
        c.at = a.hit.name;
        const hit = a.fn(c);
        if (hit) alerts.push(a.hit);
        if (tr !== null) tracedAlerts.push({ ...a.hit, hit, steps: tr.take() });
      }
      // Memoised: a define some result already read does not run again.
      for (const d of this.ledgerDefines) d(c);
      if (tr !== null) tr.take();
    } catch (e) {
      const failure = e instanceof EvalFailure ? e : new EvalFailure("BR3999", { detail: e instanceof Error ? e.message : String(e) });
      return { ok: false, errors: [inputError(failure.code, c.at, failure.args)] };
    }
    // a held ledger in (a batch), a held ledger out: no formatting between claims
    const after = ledger instanceof HeldLedger ? this.ledgerIO.hold(year, state) : this.ledgerIO.write(year, state);
    const result: EvalResult = { ok: true, outputs: out.values, alerts, ledger: after };
    if (tr !== null) {
      result.trace = {
        version: TRACE_VERSION,
        policy: { id: meta.id, title: meta.title, region: meta.region, effective: meta.effective, integrity: this.ck.artifact.integrity },
        date,
        outputs: out.traced!,
        alerts: tracedAlerts,
      };
    }
    return result;
  }

  /** Each layer pays what it computes, clamped to [0, what is left], to the fen; the rest passes on. */
  private pipeline(p: CompiledPipeline, c: Ctx, out: Outputs): void {
    const tr = c.tr;
    c.at = p.leaves.name;
    const start = p.on(c);
    if (tr !== null) tr.take(); // the `on` amount is shown by each layer's `remaining`
    let left = start;
    for (const l of p.layers) {
      c.at = l.info.name;
      c.rem = left;
      if (tr !== null) tr.open();
      const x = l.fn(c) as Dec;
      const paid = roundFen(x.lt(left) ? (x.isNegative() ? ZERO : x) : left.isNegative() ? ZERO : left);
      const after = left.minus(paid);
      if (tr !== null) {
        tr.close("layer", { label: l.info.label, section: l.info.section }, {
          name: l.info.name, before: formatDecimal(left), computed: formatDecimal(x), paid: formatDecimal(paid), after: formatDecimal(after),
        });
      }
      left = after;
      record(out, tr, l.info, formatMoney(paid));
    }
    if (tr !== null) {
      tr.add("leaves", { label: p.leaves.label, section: p.leaves.section }, {
        name: p.leaves.name, on: formatDecimal(start), paid: formatDecimal(start.minus(left)), result: formatDecimal(left),
      });
    }
    record(out, tr, p.leaves, formatMoney(left));
  }
}
