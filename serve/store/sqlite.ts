// The embedded store: SQLite in one file, through node:sqlite (Node 22.5 and later; imported
// only when a SQLite store is opened, so the stateless paths still run on Node 20).
//
// node:sqlite is synchronous: a claim's whole transaction (read, evaluate, write, commit)
// runs without yielding to the event loop, so the claims one server settles are serialised
// by construction, one person's and everyone's; the event loop stays free between claims,
// and a claim takes tens of microseconds. BEGIN IMMEDIATE takes the write lock up front, so
// a second process on the same file waits (busy_timeout) instead of failing mid-transaction.
//
// journal_mode=WAL with synchronous=NORMAL by default: a commit is in the WAL, in the
// operating system's hands, before the claim is answered, so killing the server (kill -9)
// loses no acknowledged claim; only a power cut or an OS crash may lose the last commits
// (never half of one: the database stays consistent). FULL adds an fsync per commit, which
// on this machine's disk caps settling near 1 000 claims/s instead of tens of thousands;
// `sqlite:PATH?synchronous=full` chooses it where a power cut must not lose an answer.
// Checkpoints run on a thread of their own (sqlite-checkpoint.ts), not inside a claim's commit.
import type { DatabaseSync, StatementSync } from "node:sqlite";
import { Worker } from "node:worker_threads";
import type { Ledger } from "../../runtime/index.ts";
import { StoreUnavailable, type Outcome, type Settlement, type Store } from "./store.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS ledgers (
  policy TEXT NOT NULL, person TEXT NOT NULL, year INTEGER NOT NULL,
  ledger_values TEXT NOT NULL,
  PRIMARY KEY (policy, person, year)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS decisions (
  policy TEXT NOT NULL, claim TEXT NOT NULL,
  person TEXT NOT NULL, claim_date TEXT NOT NULL, fingerprint TEXT NOT NULL,
  result TEXT NOT NULL, settled_at TEXT NOT NULL,
  PRIMARY KEY (policy, claim)
) WITHOUT ROWID;
`;

export type Synchronous = "normal" | "full";

/** node:sqlite, or a clear refusal on a Node without it. */
async function sqlite(): Promise<typeof import("node:sqlite")> {
  try {
    return await import("node:sqlite");
  } catch {
    throw new StoreUnavailable(`the SQLite store needs node:sqlite (Node 22.5 or later; this is ${process.version}): run on a newer Node or use --db postgresql://…`);
  }
}

/** The checkpointer's module sits beside this one with its extension: .ts in the sources,
 *  .js in the installed package (`npm run pack` builds it as an entry of its own). */
const CHECKPOINTER = new URL(`./sqlite-checkpoint${import.meta.url.slice(import.meta.url.lastIndexOf("."))}`, import.meta.url);

export async function openSqliteStore(path: string, synchronous: Synchronous = "normal"): Promise<Store> {
  const { DatabaseSync } = await sqlite();
  const store = new SqliteStore(new DatabaseSync(path), synchronous);
  // an in-memory database has no log to checkpoint
  if (path !== ":memory:") {
    const worker = new Worker(CHECKPOINTER, { workerData: { path } });
    // not events.once: that rejects on an "error", which the listener below reports
    store.checkpointer = { worker, exited: new Promise((done) => worker.once("exit", done)) };
    worker.unref();
    // without it the log only grows, but every commit is still whole: say so and go on
    worker.on("error", (e) => process.stderr.write(`bylaw serve: the SQLite checkpointer stopped: ${e.message}\n`));
  }
  return store;
}

class SqliteStore implements Store {
  private readonly db: DatabaseSync;
  private readonly decision: StatementSync;
  private readonly readLedger: StatementSync;
  private readonly writeLedger: StatementSync;
  private readonly record: StatementSync;
  checkpointer: { worker: Worker; exited: Promise<unknown> } | undefined;

  constructor(db: DatabaseSync, synchronous: Synchronous) {
    this.db = db;
    db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${synchronous === "full" ? "FULL" : "NORMAL"}; PRAGMA busy_timeout = 10000; PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = 67108864;`);
    db.exec(SCHEMA);
    this.decision = db.prepare("SELECT fingerprint, result FROM decisions WHERE policy = ? AND claim = ?");
    this.readLedger = db.prepare("SELECT ledger_values FROM ledgers WHERE policy = ? AND person = ? AND year = ?");
    this.writeLedger = db.prepare(
      "INSERT INTO ledgers (policy, person, year, ledger_values) VALUES (?, ?, ?, ?) ON CONFLICT (policy, person, year) DO UPDATE SET ledger_values = excluded.ledger_values",
    );
    this.record = db.prepare("INSERT INTO decisions (policy, claim, person, claim_date, fingerprint, result, settled_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  }

  async settle(s: Settlement): Promise<Outcome> {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const outcome = this.settleIn(s);
      this.db.exec(outcome.kind === "settled" ? "COMMIT" : "ROLLBACK");
      return outcome;
    } catch (e) {
      try {
        this.db.exec("ROLLBACK");
      } catch {
        // the failing statement (a COMMIT) already ended the transaction
      }
      throw e;
    }
  }

  private settleIn(s: Settlement): Outcome {
    const { policy, claim, year } = s;
    const prior = this.decision.get(policy, claim.claim) as { fingerprint: string; result: string } | undefined;
    if (prior !== undefined) return prior.fingerprint === s.fingerprint ? { kind: "replayed", result: JSON.parse(prior.result) } : { kind: "conflict" };
    const row = this.readLedger.get(policy, claim.person, year) as { ledger_values: string } | undefined;
    const result = s.evaluate(row === undefined ? undefined : { year, values: JSON.parse(row.ledger_values) });
    if (!result.ok) return { kind: "refused", result };
    this.writeLedger.run(policy, claim.person, year, JSON.stringify(result.ledger.values));
    this.record.run(policy, claim.claim, claim.person, claim.date, s.fingerprint, JSON.stringify(result), new Date().toISOString());
    return { kind: "settled", result };
  }

  async recorded(policy: string, claim: string): Promise<string | undefined> {
    return (this.decision.get(policy, claim) as { fingerprint: string } | undefined)?.fingerprint;
  }

  async ledger(policy: string, person: string, year: number): Promise<Ledger | undefined> {
    const row = this.readLedger.get(policy, person, year) as { ledger_values: string } | undefined;
    return row === undefined ? undefined : { year, values: JSON.parse(row.ledger_values) };
  }

  async close(): Promise<void> {
    if (this.checkpointer) {
      const { worker, exited } = this.checkpointer;
      worker.ref(); // waited for now: the process must not end before it does
      worker.postMessage("stop");
      await exited;
    }
    // the last connection to close checkpoints what is left and removes the log
    this.db.close();
  }
}
