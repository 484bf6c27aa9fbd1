// What settling a claim answers, and the one interface both evaluators stand behind: the
// decimal.js evaluator (eval/evaluate.ts) and the fixed-point fast path (fast/fast-path.ts).
// settle.ts puts them together; neither imports the other.
import type { Value } from "./ir/artifact.ts";
import type { RtValue } from "./ir/values.ts";
import type { InputError } from "./errors.ts";
import type { Ledger, LedgerState } from "./eval/ledger.ts";
import type { Trace } from "./eval/trace.ts";

export interface EvalOptions {
  /** the claim's date, "YYYY-MM-DD"; default: the policy's effective date */
  date?: string;
  /** record an explanation of every output */
  trace?: boolean;
  /** defines whose values to report in the result's `defines` (tests check them); only the
   *  decimal.js evaluator reports them, so a claim asking is not settled by the fast path */
  defines?: readonly string[];
  /** ledger fields other versions of the policy declare (a rule book's): a plain ledger may
   *  hold them, kept as they are; any other field it does not declare is an error (BR2028) */
  ledgerFields?: ReadonlySet<string>;
}

export interface AlertHit {
  name: string;
  label?: string;
  sections?: string[];
}

export type EvalResult =
  | { ok: true; outputs: Record<string, Value>; alerts: AlertHit[]; ledger: Ledger; trace?: Trace; defines?: Record<string, Value> }
  | { ok: false; errors: InputError[] };

/**
 * A claim an evaluator leaves to the next one, with what it has already read of it, so the
 * next one reads nothing twice: the input slots read (already checked, as the decimal.js
 * evaluator holds them), and the ledger when it was read whole. Only the fast path declines.
 */
export class Declined {
  /** Declined before anything was read (a traced claim, a date not in force). */
  static readonly UNREAD = new Declined([], false, undefined, undefined);

  /** input values by slot; undefined where not read */
  readonly input: readonly (RtValue | undefined)[];
  /** true when the whole input was read and found good: `input` is then complete */
  readonly inputDone: boolean;
  /** the ledger as read (a fresh state: evaluation writes it), or undefined to read it again */
  readonly ledger: LedgerState | undefined;
  /** the one input field whose value was taken but not read: its slot and the value */
  readonly pending: { slot: number; value: unknown } | undefined;

  constructor(input: readonly (RtValue | undefined)[], inputDone: boolean, ledger: LedgerState | undefined, pending: { slot: number; value: unknown } | undefined) {
    this.input = input;
    this.inputDone = inputDone;
    this.ledger = ledger;
    this.pending = pending;
  }
}

/** One way of settling claims. An evaluator that declines a claim answers Declined; one that
 *  settles every claim (decimal.js) answers EvalResult only, and accepts what another read. */
export interface ClaimEvaluator<R extends EvalResult | Declined = EvalResult | Declined> {
  evaluate(input: unknown, ledger?: unknown, options?: EvalOptions, read?: Declined): R;
}
