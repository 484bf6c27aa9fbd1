// What both evaluators read a claim with and write its result with, made once per rule set by
// the assembler (settle.ts) and shared: one LedgerIO, so a ledger held by either path is the
// other's own (HeldLedger), and one object per alert, so both paths' results hold the same.
import type { Checked } from "../load/check-ir.ts";
import type { AlertHit } from "../result.ts";
import { ClaimDates } from "./claim-date.ts";
import { LedgerIO } from "./ledger.ts";
import { InputReader } from "./validate-input.ts";

export interface ClaimReading {
  readonly inputs: InputReader;
  readonly ledger: LedgerIO;
  readonly dates: ClaimDates;
  /** by alert, in IR order */
  readonly hits: readonly AlertHit[];
}

export function claimReading(ck: Checked): ClaimReading {
  const hits = ck.artifact.ir.alerts.map((a) => {
    const hit: AlertHit = { name: a.name };
    if (a.label !== undefined) hit.label = a.label;
    if (a.sections !== undefined) hit.sections = a.sections;
    return hit;
  });
  return { inputs: new InputReader(ck), ledger: new LedgerIO(ck), dates: new ClaimDates(ck.artifact.policy), hits };
}
