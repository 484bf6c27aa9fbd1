// Running a decision log again (`bylaw replay`): each record is settled once more by the
// artifact that decided it (found by its integrity hash among the rule sets given) on the
// input, ledger and date it recorded, and what comes out is compared with what it answered.
import { canonicalJson, type RuleSet } from "../runtime/index.ts";
import { inputHashOf, type DecisionRecord } from "./decision-log.ts";

export type Replayed =
  | { kind: "same" }
  /** the record is not a decision record, or its input no longer matches its hash */
  | { kind: "unreadable"; detail: string }
  | { kind: "no-artifact"; artifact: string }
  /** the artifact answers differently now: each differing part, recorded → now */
  | { kind: "differs"; parts: { what: string; recorded: string; now: string }[] };

const shown = (v: unknown) => (v === undefined ? "—" : typeof v === "string" ? v : canonicalJson(v));

export function replayRecord(text: string, byHash: ReadonlyMap<string, RuleSet>): Replayed {
  let rec: DecisionRecord;
  try {
    rec = JSON.parse(text);
  } catch (e) {
    return { kind: "unreadable", detail: (e as Error).message };
  }
  if (typeof rec !== "object" || rec === null || typeof rec.artifact !== "string" || typeof rec.date !== "string" || typeof rec.outputs !== "object") {
    return { kind: "unreadable", detail: "not a decision record" };
  }
  if (inputHashOf(rec.input, rec.ledger, rec.date) !== rec.inputHash) return { kind: "unreadable", detail: "the input, ledger or date does not match the record's inputHash" };
  const rs = byHash.get(rec.artifact);
  if (rs === undefined) return { kind: "no-artifact", artifact: rec.artifact };
  // the fields the ledger held were accepted when the claim was settled (another version's)
  const r = rs.evaluate(rec.input, rec.ledger, { date: rec.date, ledgerFields: new Set(Object.keys(rec.ledger?.values ?? {})) });
  if (!r.ok) return { kind: "differs", parts: [{ what: "result", recorded: "settled", now: r.errors.map((e) => e.code).join(", ") }] };
  const parts: { what: string; recorded: string; now: string }[] = [];
  for (const name of new Set([...Object.keys(rec.outputs), ...Object.keys(r.outputs)])) {
    const [was, is] = [rec.outputs[name], r.outputs[name]];
    if (canonicalJson(was ?? null) !== canonicalJson(is ?? null)) parts.push({ what: name, recorded: shown(was), now: shown(is) });
  }
  const compare = (what: string, was: unknown, is: unknown) => {
    if (canonicalJson(was) !== canonicalJson(is)) parts.push({ what, recorded: shown(was), now: shown(is) });
  };
  compare("alerts", rec.alerts, r.alerts);
  compare("ledger", rec.ledgerAfter, { year: r.ledger.year, values: r.ledger.values });
  return parts.length === 0 ? { kind: "same" } : { kind: "differs", parts };
}
