// `--log FILE`: every decision the server makes, one JSON line each, appended: which artifact
// decided it (its integrity hash), what it was asked (the input, the ledger it read and the
// date, and their hash, so an altered record shows), what it answered (outputs, alerts, the
// ledger it wrote) and when. `bylaw replay` (cli/commands/replay.ts) runs them again.
import { createWriteStream, type WriteStream } from "node:fs";
import { canonicalJson, sha256Hex, type EvalResult, type Ledger, type RuleSet } from "../runtime/index.ts";

export interface DecisionRecord {
  time: string;
  policy: string;
  /** the integrity hash of the artifact that decided */
  artifact: string;
  /** sha256 of the canonical JSON of {input, ledger, date} */
  inputHash: string;
  date: string;
  input: unknown;
  /** the ledger the claim was settled on; absent when there was none */
  ledger?: Ledger;
  outputs: Record<string, unknown>;
  alerts: { name: string }[];
  /** the ledger the decision wrote */
  ledgerAfter: Ledger;
  /** for settled claims: whose and which */
  person?: string;
  claim?: string;
}

export const inputHashOf = (input: unknown, ledger: Ledger | undefined, date: string): string =>
  sha256Hex(canonicalJson({ input, ledger: ledger ?? null, date }));

/** The record of one decision. */
export function decisionRecord(rs: RuleSet, asked: { input: unknown; ledger?: Ledger; date: string; person?: string; claim?: string }, r: EvalResult & { ok: true }): DecisionRecord {
  const { input, ledger, date, person, claim } = asked;
  return {
    time: new Date().toISOString(),
    policy: rs.meta.id,
    artifact: rs.artifact.integrity,
    inputHash: inputHashOf(input, ledger, date),
    date,
    input,
    ...(ledger === undefined || ledger === null ? {} : { ledger }),
    outputs: r.outputs,
    alerts: r.alerts,
    ledgerAfter: { year: r.ledger.year, values: r.ledger.values },
    ...(person === undefined ? {} : { person, claim }),
  };
}

export class DecisionLog {
  private readonly out: WriteStream;

  constructor(file: string) {
    this.out = createWriteStream(file, { flags: "a" });
  }

  write(record: DecisionRecord): void {
    this.out.write(JSON.stringify(record) + "\n");
  }

  /** Flushes what is written and closes the file. */
  close(): Promise<void> {
    return new Promise((done) => this.out.end(done));
  }
}
