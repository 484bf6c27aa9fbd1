// The one place the two evaluators meet. Each stands alone behind ClaimEvaluator (result.ts):
// the decimal.js evaluator (eval/) settles every claim; the fixed-point fast path (fast/)
// settles ordinary untraced ones several times faster and declines the rest, handing over
// what it has read so the decimal.js evaluator reads nothing twice. Both read with one
// ClaimReading (eval/reading.ts), so a ledger either holds is the other's own.
import type { Checked } from "./load/check-ir.ts";
import { Evaluator } from "./eval/evaluate.ts";
import { claimReading } from "./eval/reading.ts";
import { FastPath } from "./fast/fast-path.ts";
import { Declined, type ClaimEvaluator, type EvalOptions, type EvalResult } from "./result.ts";

/** Which evaluator settles claims: "auto" (the default) the fast path where it can and
 *  decimal.js for the rest; "exact" decimal.js alone, as on a page whose Content-Security-Policy
 *  refuses generated code. */
export type EvaluatorChoice = "auto" | "exact";

/** The fast path first; a claim it declines goes to decimal.js with what was read. */
class FastFirst implements ClaimEvaluator<EvalResult> {
  private readonly fast: FastPath;
  private readonly exact: Evaluator;

  constructor(fast: FastPath, exact: Evaluator) {
    this.fast = fast;
    this.exact = exact;
  }

  evaluate(input: unknown, ledger?: unknown, options?: EvalOptions): EvalResult {
    const r = this.fast.evaluate(input, ledger, options);
    return r instanceof Declined ? this.exact.evaluate(input, ledger, options, r) : r;
  }
}

/** The rule set's evaluator as chosen. */
export function assemble(ck: Checked, choice: EvaluatorChoice): ClaimEvaluator<EvalResult> {
  const reading = claimReading(ck);
  const exact = new Evaluator(ck, reading);
  const fast = choice === "exact" ? undefined : FastPath.of(ck, reading);
  return fast === undefined ? exact : new FastFirst(fast, exact);
}

/** The fast path alone, which answers Declined for the claims it leaves to decimal.js;
 *  undefined when the rule set has none (it cannot be planned, or generated code is refused). */
export function fastPathOf(ck: Checked): ClaimEvaluator | undefined {
  return FastPath.of(ck, claimReading(ck));
}
