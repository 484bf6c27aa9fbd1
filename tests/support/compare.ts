// Running a year of claims through the runtime and through the reference interpreter, and
// saying how the two differ (an empty list when they agree).
import { Decimal } from "decimal.js";
import { renderRuntimeError, type RuleSet } from "../../runtime/index.ts";
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
export function diffClaim(rt: ReturnType<RuleSet["evaluate"]>, ref: RefResult): string[] {
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

/** Runs the claims in order, each side carrying its own ledger; the first disagreement, if any. */
export function diffYear(rs: RuleSet, ref: ReferenceInterpreter, year: Year): string | undefined {
  let rtLedger = year.ledger, refLedger = year.ledger;
  for (const [i, claim] of year.claims.entries()) {
    const a = rs.evaluate(claim.input, rtLedger, { date: claim.date });
    const b = ref.run(claim.input, refLedger, claim.date);
    const d = diffClaim(a, b);
    if (d.length > 0) return `claim ${i + 1} of ${year.claims.length}: ${d.join("; ")}`;
    if (!a.ok || !b.ok) return undefined; // both refused: the year stops here on both sides
    rtLedger = a.ledger;
    refLedger = b.ledger;
  }
  return undefined;
}
