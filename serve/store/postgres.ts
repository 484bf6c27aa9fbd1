// The PostgreSQL store (`--db postgresql://…`), through the pg client (imported only when
// this store is opened). The schema is created on first start.
//
// A claim's transaction runs at READ COMMITTED and first locks its person: a row of
// bylaw_people, inserted if new and then taken with SELECT … FOR UPDATE. Claims of one person
// queue on that lock, in any number of server processes, and each reads the ledger the one
// before it committed; different people take different rows and run in parallel. SERIALIZABLE
// would give the same answers by aborting every claim that raced another of its person's:
// under fifty concurrent claims of one person nearly all of them would fail and be retried,
// each retry evaluating again, where the lock simply makes them wait their turn.
//
// The claim id is the decisions table's key: the one race the person lock cannot see (one
// claim id sent for two different people at once) ends in a unique violation for the second
// transaction, which is rolled back and answered from the first's record (a 409).
import type { Pool, PoolClient } from "pg";
import type { Ledger } from "../../runtime/index.ts";
import { StoreUnavailable, type Outcome, type Settlement, type Store } from "./store.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS bylaw_people (
  policy TEXT NOT NULL, person TEXT NOT NULL,
  PRIMARY KEY (policy, person)
);
CREATE TABLE IF NOT EXISTS bylaw_ledgers (
  policy TEXT NOT NULL, person TEXT NOT NULL, year INTEGER NOT NULL,
  ledger_values JSONB NOT NULL,
  PRIMARY KEY (policy, person, year)
);
CREATE TABLE IF NOT EXISTS bylaw_decisions (
  policy TEXT NOT NULL, claim TEXT NOT NULL,
  person TEXT NOT NULL, claim_date DATE NOT NULL, fingerprint TEXT NOT NULL,
  result TEXT NOT NULL, settled_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (policy, claim)
);
`;

/** PostgreSQL's code for a unique violation. */
const UNIQUE_VIOLATION = "23505";

async function pgModule(): Promise<typeof import("pg")> {
  try {
    return (await import("pg")).default as unknown as typeof import("pg");
  } catch {
    throw new StoreUnavailable("the PostgreSQL store needs the `pg` package (npm install pg)");
  }
}

export async function openPostgresStore(url: string): Promise<Store> {
  const pg = await pgModule();
  const pool = new pg.Pool({ connectionString: url, max: 16 });
  // two servers starting at once may both create the tables: one waits for the other's lock
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock(72657)");
    await client.query(SCHEMA);
    await client.query("SELECT pg_advisory_unlock(72657)");
  } finally {
    client.release();
  }
  return new PostgresStore(pool);
}

class PostgresStore implements Store {
  private readonly pool: Pool;

  constructor(pool: Pool) {
    this.pool = pool;
  }

  async settle(s: Settlement): Promise<Outcome> {
    const client = await this.pool.connect();
    try {
      try {
        return await this.transaction(client, s);
      } catch (e) {
        // the claim id taken meanwhile by another person's claim: its record answers
        if ((e as { code?: string }).code !== UNIQUE_VIOLATION) throw e;
        return await this.transaction(client, s);
      }
    } finally {
      client.release();
    }
  }

  private async transaction(client: PoolClient, s: Settlement): Promise<Outcome> {
    const { policy, claim, year } = s;
    await client.query("BEGIN");
    try {
      await client.query("INSERT INTO bylaw_people (policy, person) VALUES ($1, $2) ON CONFLICT DO NOTHING", [policy, claim.person]);
      await client.query("SELECT 1 FROM bylaw_people WHERE policy = $1 AND person = $2 FOR UPDATE", [policy, claim.person]);
      const prior = await client.query<{ fingerprint: string; result: string }>(
        "SELECT fingerprint, result FROM bylaw_decisions WHERE policy = $1 AND claim = $2", [policy, claim.claim]);
      let outcome: Outcome;
      if (prior.rows.length > 0) {
        const { fingerprint, result } = prior.rows[0]!;
        outcome = fingerprint === s.fingerprint ? { kind: "replayed", result: JSON.parse(result) } : { kind: "conflict" };
      } else {
        const row = await client.query<{ ledger_values: Record<string, string> }>(
          "SELECT ledger_values FROM bylaw_ledgers WHERE policy = $1 AND person = $2 AND year = $3", [policy, claim.person, year]);
        const result = s.evaluate(row.rows.length === 0 ? undefined : { year, values: row.rows[0]!.ledger_values });
        if (result.ok) {
          await client.query(
            "INSERT INTO bylaw_ledgers (policy, person, year, ledger_values) VALUES ($1, $2, $3, $4) ON CONFLICT (policy, person, year) DO UPDATE SET ledger_values = excluded.ledger_values",
            [policy, claim.person, year, JSON.stringify(result.ledger.values)]);
          await client.query(
            "INSERT INTO bylaw_decisions (policy, claim, person, claim_date, fingerprint, result) VALUES ($1, $2, $3, $4, $5, $6)",
            [policy, claim.claim, claim.person, claim.date, s.fingerprint, JSON.stringify(result)]);
          outcome = { kind: "settled", result };
        } else outcome = { kind: "refused", result };
      }
      await client.query(outcome.kind === "settled" ? "COMMIT" : "ROLLBACK");
      return outcome;
    } catch (e) {
      await client.query("ROLLBACK");
      throw e;
    }
  }

  async recorded(policy: string, claim: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ fingerprint: string }>("SELECT fingerprint FROM bylaw_decisions WHERE policy = $1 AND claim = $2", [policy, claim]);
    return rows[0]?.fingerprint;
  }

  async ledger(policy: string, person: string, year: number): Promise<Ledger | undefined> {
    const { rows } = await this.pool.query<{ ledger_values: Record<string, string> }>(
      "SELECT ledger_values FROM bylaw_ledgers WHERE policy = $1 AND person = $2 AND year = $3", [policy, person, year]);
    return rows.length === 0 ? undefined : { year, values: rows[0]!.ledger_values };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
