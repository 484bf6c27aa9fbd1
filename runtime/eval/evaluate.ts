// The decimal.js evaluator: check date, input and ledger (all errors at once), run the compiled
// outputs, pipelines and alerts on a fresh context, and hand back new values, never touching
// the caller's objects. Pure and deterministic: the same (input, ledger, date) gives the same
// result. It settles every claim, traced or not, and words every error; what another
// evaluator already read of a claim (a Declined) it takes as read.
import type { TypeName, Value } from "../ir/artifact.ts";
import type { Checked, OutputInfo } from "../load/check-ir.ts";
import { IrCompiler, type Ctx, type Fn } from "./compile-ir.ts";
import type { RtValue } from "../ir/values.ts";
import { ZERO, type Dec } from "../ir/decimal.ts";
import { EvalFailure, inputError } from "../errors.ts";
import { isValidDate, yearOf } from "../ir/dates.ts";
import { HeldLedger } from "./ledger.ts";
import { formatDecimal, formatMoney, roundFen } from "../ir/money.ts";
import { setOwn } from "../ir/shape.ts";
import { Tracer, TRACE_VERSION, type TraceAlert, type TraceOutput, type TraceStep } from "./trace.ts";
import { ErrorList } from "./validate-input.ts";
import { kindOf } from "../ir/types.ts";
import { ledgerWritingDefines } from "../load/ledger-writers.ts";
import type { ClaimReading } from "./reading.ts";
import type { AlertHit, ClaimEvaluator, Declined, EvalOptions, EvalResult } from "../result.ts";

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
  /** the slots of the layers' payments, then the leaves' (Ctx.paid) */
  slots: number[];
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
    if (info.sections !== undefined) t.sections = info.sections;
    out.traced!.push(t);
  }
}

export class Evaluator implements ClaimEvaluator<EvalResult> {
  private readonly ck: Checked;
  private readonly reading: ClaimReading;
  private readonly nDefs: number;
  private readonly outputs: CompiledOutput[];
  private readonly pipelines: CompiledPipeline[];
  private readonly alerts: CompiledAlert[];
  /** defines that write the ledger: run on every claim, even when no result read them */
  private readonly ledgerDefines: Fn[];
  private readonly compiler: IrCompiler;
  /** every result's key, in the artifact's order: a claim's results are filled in */
  private readonly slots: Record<string, Value> = {};

  constructor(ck: Checked, reading: ClaimReading) {
    this.ck = ck;
    this.reading = reading;
    const ir = ck.artifact.ir;
    const compiler = new IrCompiler(ck);
    this.compiler = compiler;
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
      slots: [...p.layers, p.leaves].map((l) => ck.results.get(l.name)!),
    }));
    this.alerts = ir.alerts.map((a, i) => ({ hit: reading.hits[i]!, fn: compiler.bool(a.when) }));
    for (const name of [...ir.outputs.map((o) => o.name), ...ir.pipelines.flatMap((p) => [...p.layers.map((l) => l.name), p.leaves.name])]) {
      setOwn(this.slots, name, null);
    }
  }

  evaluate(input: unknown, ledger?: unknown, options?: EvalOptions, read?: Declined): EvalResult {
    const meta = this.ck.artifact.policy;
    const { dates, inputs, ledger: io } = this.reading;
    const date = dates.of(options);
    const errors = new ErrorList();
    dates.check(date, errors);
    const slots = read?.inputDone === true ? (read.input as RtValue[]) : inputs.read(input, errors, read);
    const year = dates.inForce(date) || isValidDate(date) ? yearOf(date) : 0;
    const state = year <= 0 ? undefined : read?.ledger ?? io.read(ledger, year, errors, options?.ledgerFields);
    if (!errors.empty || slots === undefined || state === undefined) return { ok: false, errors: errors.done() };

    const tr = options?.trace === true ? new Tracer() : null;
    const c: Ctx = { in: slots, led: state.slots, defs: new Array(this.nDefs), rem: ZERO, paid: new Array(this.ck.results.size), date: date as string, at: "", tr };
    // results in the artifact's order (outputs, then each pipeline's), whatever order runs them
    const out: Outputs = { values: { ...this.slots }, traced: tr === null ? null : [] };
    const alerts: AlertHit[] = [];
    const tracedAlerts: TraceAlert[] = [];
    let defines: Record<string, Value> | undefined;
    let ledgerSteps: TraceStep[] = [];
    try {
      for (const step of this.ck.order) {
        if ("pipeline" in step) {
          this.pipeline(this.pipelines[step.pipeline]!, c, out);
          continue;
        }
        const o = this.outputs[step.output]!;
        c.at = o.info.name;
        record(out, tr, o.info, o.finish(o.fn(c)));
      }
      for (const a of this.alerts) {
        c.at = a.hit.name;
        const hit = a.fn(c);
        if (hit) alerts.push(a.hit);
        if (tr !== null) tracedAlerts.push({ ...a.hit, hit, steps: tr.take() });
      }
      // Memoised: a define some result already read does not run again.
      for (const d of this.ledgerDefines) d(c);
      // a define a result read already is only a memo here: the results' steps explain it
      if (tr !== null) ledgerSteps = tr.take().filter((s) => s.values.memo !== "true");
      if (options?.defines !== undefined) defines = this.defines(options.defines, c);
      if (tr !== null) tr.take();
    } catch (e) {
      const failure = e instanceof EvalFailure ? e : new EvalFailure("BR3999", { detail: e instanceof Error ? e.message : String(e) });
      return { ok: false, errors: [inputError(failure.code, c.at, failure.args)] };
    }
    // a held ledger in (a batch), a held ledger out: no formatting between claims
    const after = ledger instanceof HeldLedger ? io.hold(year, state) : io.write(year, state);
    const result: EvalResult = { ok: true, outputs: out.values, alerts, ledger: after };
    if (defines !== undefined) result.defines = defines;
    if (tr !== null) {
      result.trace = {
        version: TRACE_VERSION,
        policy: { id: meta.id, title: meta.title, region: meta.region, effective: meta.effective, integrity: this.ck.artifact.integrity },
        date: date as string,
        outputs: out.traced!,
        alerts: tracedAlerts,
      };
      if (ledgerSteps.length > 0) result.trace.ledger = ledgerSteps;
    }
    return result;
  }

  /** The values of the defines asked for (tests check them). Run after the results: a define
   *  no result read is pure (one that writes the ledger ran already), so running it late
   *  changes nothing; one that did run is memoised. */
  private defines(names: readonly string[], c: Ctx): Record<string, Value> {
    const values: Record<string, Value> = {};
    for (const name of names) {
      const slot = this.ck.defines.get(name);
      if (slot === undefined) continue; // the artifact's tests name only defines it has (check-ir)
      c.at = name;
      const v = this.compiler.defineFn(name)(c);
      // exact, as the define holds it: only outputs are rounded to the fen
      setOwn(values, name, kindOf(slot.def.type) === "num" ? formatDecimal(v as Dec) : finisher(slot.def.type)(v));
    }
    return values;
  }

  /** Each layer pays what it computes, clamped to [0, what is left], to the fen; the rest passes on. */
  private pipeline(p: CompiledPipeline, c: Ctx, out: Outputs): void {
    const tr = c.tr;
    c.at = p.leaves.name;
    const start = p.on(c);
    // the `on` amount's own steps explain the leaves (each layer shows it as `remaining`)
    const onSteps = tr === null ? [] : tr.take();
    let left = start;
    for (const [i, l] of p.layers.entries()) {
      c.at = l.info.name;
      c.rem = left;
      if (tr !== null) tr.open();
      const x = l.fn(c) as Dec;
      const paid = roundFen(x.lt(left) ? (x.isNegative() ? ZERO : x) : left.isNegative() ? ZERO : left);
      const after = left.minus(paid);
      if (tr !== null) {
        tr.close("layer", { label: l.info.label, sections: l.info.sections }, {
          name: l.info.name, before: formatDecimal(left), computed: formatDecimal(x), paid: formatDecimal(paid), after: formatDecimal(after),
        });
      }
      left = after;
      c.paid[p.slots[i]!] = paid;
      record(out, tr, l.info, formatMoney(paid));
    }
    if (tr !== null) {
      tr.add("leaves", { label: p.leaves.label, sections: p.leaves.sections }, {
        name: p.leaves.name, on: formatDecimal(start), paid: formatDecimal(start.minus(left)), result: formatDecimal(left),
      }, onSteps);
    }
    c.paid[p.slots.at(-1)!] = roundFen(left); // as recorded: read elsewhere, the leaves are money to the fen
    record(out, tr, p.leaves, formatMoney(left));
  }
}
