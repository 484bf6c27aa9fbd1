// The embedded store: SQLite in one file, through node:sqlite (Node 22.5 and later; imported
// only when a SQLite store is opened, so the stateless paths still run on Node 20).
//
// node:sqlite is synchronous: a claim's reads, evaluation and writes run without yielding to
// the event loop, so the claims one server settles are serialised by construction, one
// person's and everyone's, and each reads the ledger the one before it wrote.
//
// Group commit: the claims that reach the store in one turn of the event loop share one
// transaction. The first opens it (BEGIN IMMEDIATE: the write lock up front, so a second
// process on the same file waits, busy_timeout, instead of failing mid-transaction); each
// claim runs inside a savepoint of its own, released when it settles and rolled back when it
// is refused or fails, so no claim sees or leaves half of another; the transaction commits
// once the turn's input is handled (setImmediate), and only then is any of its claims
// answered. "Answered means committed" holds as before, and a crash before the commit loses
// only claims nobody was told about. What it saves is the commit itself, which in a profile
// of the server under a settle load was three fifths of the store's time (BEGIN and COMMIT:
// the WAL's page writes and its locks, per claim); under 32 clients a turn holds several
// claims. A failed commit fails every claim of its transaction, none of them acknowledged.
//
// journal_mode=WAL with synchronous=NORMAL by default: a commit is in the WAL, in the
// operating system's hands, before the claim is answered, so killing the server (kill -9)
// loses no acknowledged claim; only a power cut or an OS crash may lose the last commits
// (never half of one: the database stays consistent). FULL adds an fsync per commit (per
// group of claims, so a busy server pays it once for several);
// `sqlite:PATH?synchronous=full` chooses it where a power cut must not lose an answer.
// Checkpoints run on a thread of their own (sqlite-checkpoint.ts), not inside a commit.
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
  readonly settlesInCallOrder = true;
  private readonly db: DatabaseSync;
  private readonly decision: StatementSync;
  private readonly readLedger: StatementSync;
  private readonly writeLedger: StatementSync;
  private readonly record: StatementSync;
  private readonly tx: Record<"begin" | "commit" | "rollback" | "savepoint" | "release" | "undo", StatementSync>;
  /** the transaction open in this turn of the event loop: settled when it commits */
  private open: Promise<void> | undefined;
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
    this.tx = {
      begin: db.prepare("BEGIN IMMEDIATE"), commit: db.prepare("COMMIT"), rollback: db.prepare("ROLLBACK"),
      savepoint: db.prepare("SAVEPOINT claim"), release: db.prepare("RELEASE claim"), undo: db.prepare("ROLLBACK TO claim"),
    };
  }

  async settle(s: Settlement): Promise<Outcome> {
    const committed = this.open ?? this.begin();
    this.tx.savepoint.run();
    let outcome: Outcome;
    try {
      outcome = this.settleIn(s);
    } catch (e) {
      this.tx.undo.run();
      this.tx.release.run();
      throw e;
    }
    if (outcome.kind !== "settled") this.tx.undo.run();
    this.tx.release.run();
    // a replayed or conflicting record may be this very transaction's: nothing is answered before it commits
    await committed;
    return outcome;
  }

  /** Opens the turn's transaction, to be committed once the turn's claims are in. An error that
   *  ends the whole transaction (SQLite rolls back on a full disk, say) makes its COMMIT fail,
   *  so none of its claims is answered as settled. */
  private begin(): Promise<void> {
    this.tx.begin.run();
    const committed = new Promise<void>((done, fail) =>
      setImmediate(() => {
        this.open = undefined;
        try {
          this.tx.commit.run();
          done();
        } catch (e) {
          try {
            this.tx.rollback.run();
          } catch {
            // the failed COMMIT already ended the transaction
          }
          fail(e);
        }
      }));
    // every claim of it awaits it; should none be left to (each failed on its own), its failure is not unhandled
    committed.catch(() => {});
    this.open = committed;
    return committed;
  }

  /** Waits until no transaction is open, so that reads see only what is committed. */
  private async settledWrites(): Promise<void> {
    while (this.open) await this.open.catch(() => {});
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
    await this.settledWrites();
    return (this.decision.get(policy, claim) as { fingerprint: string } | undefined)?.fingerprint;
  }

  async ledger(policy: string, person: string, year: number): Promise<Ledger | undefined> {
    await this.settledWrites();
    const row = this.readLedger.get(policy, person, year) as { ledger_values: string } | undefined;
    return row === undefined ? undefined : { year, values: JSON.parse(row.ledger_values) };
  }

  async close(): Promise<void> {
    await this.settledWrites();
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
