// A run on a PostgreSQL server for `bylaw batch --engine postgres`: one connection, one
// transaction. Tables are loaded with COPY (pg-copy.ts), the settling statements run, and the
// results are read through a cursor a slice at a time, so neither side holds them all. The
// transaction is rolled back at the end, whatever happened: every temporary table, function
// or aggregate the run made is gone with it, and nothing on the server is changed.
import pg from "pg";
import { copyFrom } from "./pg-copy.ts";
import { EngineError, redactUrl, stepError, type Step } from "./engine-errors.ts";

/** Rows fetched from a cursor at a time. */
export const FETCH = 10_000;

export interface PgLoad {
  step: Step;
  /** a `COPY table (columns) FROM STDIN` statement */
  copy: string;
  /** the rows in COPY's text format (copyLine), in chunks */
  lines: AsyncIterable<string>;
}

export interface PgRead {
  step: Step;
  sql: string;
  /** each slice of rows, every value as the server's text (NULL as null) */
  rows(rows: (string | null)[][]): Promise<void> | void;
}

export interface PgRun {
  /** told when each step starts (for progress) */
  onStep?: (step: Step) => void;
  /** statements before the loads (temporary tables, functions) */
  prepare: string[];
  loads: PgLoad[];
  /** statements after the loads (the settling itself) */
  settle: string[];
  reads: PgRead[];
}

/** Every value as the server writes it: no number, date or JSON is converted on the way. */
const AS_TEXT = { getTypeParser: () => (value: string) => value };

/** Checks a --db value: a postgres:// or postgresql:// URL (BE1001). */
export function checkDbUrl(url: string): void {
  let u: URL | undefined;
  try {
    u = new URL(url);
  } catch {
    u = undefined;
  }
  if (u === undefined || (u.protocol !== "postgresql:" && u.protocol !== "postgres:") || u.hostname === "") {
    throw new EngineError("BE1001", { url: redactUrl(url) });
  }
}

/** Connects, turning what the server or the network says into BE1003–BE1005. */
export async function connect(url: string): Promise<pg.Client> {
  checkDbUrl(url);
  const u = new URL(url);
  const server = `${u.hostname}:${u.port || "5432"}`;
  const client = new pg.Client({ connectionString: url, types: AS_TEXT, connectionTimeoutMillis: 30_000 });
  // an error after a failed connect (the socket closing) must not crash the process
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => {});
    const err = e as Error & { code?: string };
    if (err instanceof pg.DatabaseError && err.code === "3D000") {
      throw new EngineError("BE1005", { server, database: decodeURIComponent(u.pathname.slice(1)) || "(default)" });
    }
    if (err instanceof pg.DatabaseError && err.code?.startsWith("28")) throw new EngineError("BE1004", { server, detail: err.message });
    throw new EngineError("BE1003", { server, detail: err.message || err.code || String(e) });
  }
  return client;
}

/** Errors the caller's own code threw (reading the claims, writing the results): passed on as they are. */
const callers = new WeakSet<object>();

async function ownErrors<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (typeof e === "object" && e !== null) callers.add(e);
    throw e;
  }
}

async function* tagged(lines: AsyncIterable<string>): AsyncIterable<string> {
  const it = lines[Symbol.asyncIterator]();
  for (;;) {
    const next = await ownErrors(() => it.next());
    if (next.done) return;
    yield next.value;
  }
}

/** Runs a step; what the server or the connection raised becomes a BE2001/BE2002 naming it. */
async function step<T>(name: Step, run: () => Promise<T>, onStep?: (step: Step) => void): Promise<T> {
  onStep?.(name);
  try {
    return await run();
  } catch (e) {
    if (typeof e === "object" && e !== null && callers.has(e)) throw e;
    throw stepError(e, name);
  }
}

/** Reads a query's rows through a cursor, FETCH rows at a time. */
async function readCursor(client: pg.Client, read: PgRead): Promise<void> {
  await client.query(`DECLARE bylaw_read NO SCROLL CURSOR FOR ${read.sql}`);
  for (;;) {
    const r = await client.query<(string | null)[]>({ text: `FETCH FORWARD ${FETCH} FROM bylaw_read`, rowMode: "array" });
    if (r.rows.length > 0) await ownErrors(() => read.rows(r.rows));
    if (r.rows.length < FETCH) break;
  }
  await client.query("CLOSE bylaw_read");
}

/** Runs `run` on the server at `url` in one transaction, rolled back at the end. */
export async function runOnPostgres(url: string, run: PgRun): Promise<void> {
  const client = await connect(url);
  try {
    await step("prepare", async () => {
      await client.query("BEGIN");
      // the generated expressions are wide: compiling them costs more than it saves
      await client.query("SET LOCAL jit = off");
      for (const sql of run.prepare) await client.query(sql);
    }, run.onStep);
    for (const load of run.loads) await step(load.step, () => copyFrom(client, load.copy, tagged(load.lines)), run.onStep);
    await step("settle", async () => {
      for (const sql of run.settle) await client.query(sql);
    }, run.onStep);
    for (const read of run.reads) await step(read.step, () => readCursor(client, read), run.onStep);
  } finally {
    // nothing to keep: the rollback drops the run's tables (a failed statement has rolled back already)
    await client.query("ROLLBACK").catch(() => {});
    await client.end().catch(() => {});
  }
}
