// Running a year of claims through the runtime's evaluators and through the reference
// interpreter, and saying how they differ (an empty list when they agree).
import { Decimal } from "decimal.js";
import { renderRuntimeError, type EvalResult, type RuleSet } from "../../runtime/index.ts";
import { Declined, type ClaimEvaluator } from "../../runtime/result.ts";
import type { Value } from "../../runtime/ir/artifact.ts";
import type { ReferenceInterpreter, RefResult } from "../reference-interpreter.ts";
import type { LedgerIn, Year } from "./inputs.ts";

const NUM = /^-?\d+(\.\d+)?$/;

/** Two reported values are the same: amounts by value ("12.50" = "12.5"), the rest exactly. */
export function sameValue(x: Value | undefined, y: Value | undefined): boolean {
  if (typeof x === "string" && typeof y === "string" && NUM.test(x) && NUM.test(y)) return new Decimal(x).eq(y);
  return JSON.stringify(x) === JSON.stringify(y);
}

export function sameLedger(x: LedgerIn, y: LedgerIn): boolean {
  const keys = new Set([...Object.keys(x.values), ...Object.keys(y.values)]);
  return x.year === y.year && [...keys].every((k) => sameValue(x.values[k], y.values[k]));
}

/** Differences between the runtime's answer and the reference's for one claim. */
export function diffClaim(rt: EvalResult, ref: RefResult): string[] {
  if (!rt.ok || !ref.ok) {
    const rtCodes = rt.ok ? "ok" : rt.errors.map((e) => e.code).join(",");
    const refCode = ref.ok ? "ok" : ref.code;
    return rtCodes === refCode ? [] : [`runtime ${rtCodes} (${rt.ok ? "" : renderRuntimeError(rt.errors[0]!, "en")}) ≠ reference ${refCode} (${ref.ok ? "" : ref.detail})`];
  }
  const out: string[] = [];
  const names = new Set([...Object.keys(rt.outputs), ...Object.keys(ref.outputs)]);
  for (const n of names) {
    if (!sameValue(rt.outputs[n], ref.outputs[n])) out.push(`output ${n}: runtime ${JSON.stringify(rt.outputs[n])} ≠ reference ${JSON.stringify(ref.outputs[n])}`);
  }
  const rtAlerts = rt.alerts.map((a) => a.name).join(",");
  if (rtAlerts !== ref.alerts.join(",")) out.push(`alerts: runtime [${rtAlerts}] ≠ reference [${ref.alerts.join(",")}]`);
  if (!sameLedger(rt.ledger, ref.ledger)) out.push(`ledger: runtime ${JSON.stringify(rt.ledger)} ≠ reference ${JSON.stringify(ref.ledger)}`);
  return out;
}

/** What is compared with the reference: a rule set, or an evaluator on its own (which may decline). */
export type Subject = Pick<RuleSet, "evaluate"> | ClaimEvaluator;

export interface YearRun {
  /** the first disagreement, if any */
  diff: string | undefined;
  /** claims each subject settled (agreeing), and claims it declined */
  settled: number[];
  declined: number[];
}

/** Runs the claims in order through the reference and every subject, each carrying its own
 *  ledger. A claim a subject declines is not compared: its ledger goes on from the reference's. */
export function diffYear(subjects: readonly Subject[], ref: ReferenceInterpreter, year: Year): YearRun {
  const run: YearRun = { diff: undefined, settled: subjects.map(() => 0), declined: subjects.map(() => 0) };
  const ledgers = subjects.map(() => year.ledger);
  let refLedger = year.ledger;
  for (const [i, claim] of year.claims.entries()) {
    const b = ref.run(claim.input, refLedger, claim.date);
    for (const [j, subject] of subjects.entries()) {
      const a: EvalResult | Declined = subject.evaluate(claim.input, ledgers[j], { date: claim.date });
      if (a instanceof Declined) {
        run.declined[j]!++;
        if (b.ok) ledgers[j] = b.ledger;
        continue;
      }
      const d = diffClaim(a, b);
      if (d.length > 0) {
        run.diff = `evaluator ${j + 1}, claim ${i + 1} of ${year.claims.length}: ${d.join("; ")}`;
        return run;
      }
      if (a.ok) {
        run.settled[j]!++;
        ledgers[j] = a.ledger;
      }
    }
    if (!b.ok) return run; // all refused alike: the year stops here
    refLedger = b.ledger;
  }
  return run;
}
