// Where `bylaw serve` keeps what it settles: each person's ledgers (per policy and medical
// year) and a decision record per claim, so a retried claim is answered from the record and
// never counted twice. Two stores stand behind this one interface: SQLite in a file
// (sqlite.ts, the embedded default) and PostgreSQL (postgres.ts).
import type { EvalResult, Ledger } from "../../runtime/index.ts";

/** A claim the server settles: whose, which (the idempotency key), when, and its input. */
export interface Claim {
  person: string;
  claim: string;
  date: string;
  input: unknown;
}

/** Everything a store needs to settle a claim, read and checked before it is called. */
export interface Settlement {
  policy: string;
  claim: Claim;
  /** the medical year whose ledger the claim reads and writes */
  year: number;
  /** hash of the claim's person, date and input: a retry must carry the same */
  fingerprint: string;
  /** Evaluates the claim on the person's ledger as the transaction read it (undefined: none yet).
   *  Runs inside the transaction, so it must not wait on anything. */
  evaluate(ledger: Ledger | undefined): EvalResult;
}

export type Outcome =
  /** settled now: the new ledger and the decision are committed */
  | { kind: "settled"; result: EvalResult & { ok: true } }
  /** settled before under the same claim id with the same request: the stored result */
  | { kind: "replayed"; result: EvalResult & { ok: true } }
  /** the claim id was used before with another request: nothing written */
  | { kind: "conflict" }
  /** the claim's input was refused: nothing written */
  | { kind: "refused"; result: EvalResult & { ok: false } };

/** A store this Node cannot open at all (node:sqlite before Node 22.5, no `pg` installed). */
export class StoreUnavailable extends Error {}

export interface Store {
  /** Claims settled ahead of their answers (a batch's lines) are settled in call order: true
   *  when settle() reads and writes before it first yields (SQLite), so a caller may start the
   *  next claim before the last is answered and they still meet each other's ledgers in turn. */
  readonly settlesInCallOrder?: boolean;
  /** Settles one claim in one transaction: reads the person's ledger of the year, evaluates,
   *  writes the new ledger and the decision record, or writes nothing. Claims of one person
   *  are serialised; a claim id already recorded is answered from its record. */
  settle(s: Settlement): Promise<Outcome>;
  /** The fingerprint recorded under a claim id, or undefined when the id is not used yet. */
  recorded(policy: string, claim: string): Promise<string | undefined>;
  /** The person's ledger of `year` under `policy`, or undefined when they have none. */
  ledger(policy: string, person: string, year: number): Promise<Ledger | undefined>;
  close(): Promise<void>;
}

