// The explanation of a settlement: a versioned JSON tree of steps, one per operator that
// decided something (table row, deductible, band slices, cap, branch, ledger before/after).
// Recorded only when asked for; the evaluator checks `ctx.tr !== null` and does nothing else.
import type { SrcSpan, Value } from "../ir/artifact.ts";

/** 2: steps, outputs and alerts cite a list of `sections` (1: one `section`). */
export const TRACE_VERSION = 2;

export interface TraceStep {
  /** input, param, define, index, lookup (a grid row), above, cap, limit, bands, band, classify, cumulative, highest,
   *  if, cmp, in, arith, call, atLeast, dateAdd, remaining, claimDate, layer, leaves, result (a pipeline's
   *  result read after it), balance (a ledger's value after the claim, in an alert) */
  op: string;
  label?: string;
  sections?: string[];
  span?: SrcSpan;
  /** decimals as plain strings; `type` (and `aType`/`bType`) tell how to show them; a dated
   *  param's step has `from`, the date its value is in force from */
  values: Record<string, string>;
  children?: TraceStep[];
}

export interface TraceOutput {
  name: string;
  label?: string;
  sections?: string[];
  type: string;
  value: Value;
  steps: TraceStep[];
}

export interface TraceAlert {
  name: string;
  label?: string;
  sections?: string[];
  hit: boolean;
  steps: TraceStep[];
}

export interface Trace {
  version: typeof TRACE_VERSION;
  policy: { id: string; title: string; region: string; effective: string; integrity: string };
  date: string;
  outputs: TraceOutput[];
  alerts: TraceAlert[];
  /** the defines that write the ledger and that no output or alert read: they run on every
   *  claim (the year-to-date total never falls behind), so their steps are shown too */
  ledger?: TraceStep[];
}

/** Where a step's label, sections and span come from: the declaration or node it explains. */
export interface StepDoc {
  label?: string;
  sections?: string[];
  span?: SrcSpan;
}

export class Tracer {
  private readonly stack: TraceStep[][] = [[]];

  /** Starts collecting the steps of an operator's operands. */
  open(): void {
    this.stack.push([]);
  }

  /** Ends the operator opened last, recording it with its operands' steps as children. */
  close(op: string, doc: StepDoc | undefined, values: Record<string, string>): TraceStep {
    return this.add(op, doc, values, this.stack.pop()!);
  }

  /** Ends an open group without recording a step, handing back its steps. */
  collect(): TraceStep[] {
    return this.stack.pop()!;
  }

  /** Records a step in the group open now. */
  add(op: string, doc: StepDoc | undefined, values: Record<string, string>, children?: TraceStep[]): TraceStep {
    const step: TraceStep = { op, values };
    if (doc !== undefined) {
      if (doc.label !== undefined) step.label = doc.label;
      if (doc.sections !== undefined) step.sections = doc.sections;
      if (doc.span !== undefined) step.span = doc.span;
    }
    if (children !== undefined && children.length > 0) step.children = children;
    this.stack[this.stack.length - 1]!.push(step);
    return step;
  }

  /** The steps recorded at top level since the last call (one output's explanation). */
  take(): TraceStep[] {
    const steps = this.stack[0]!;
    this.stack.length = 1;
    this.stack[0] = [];
    return steps;
  }
}
