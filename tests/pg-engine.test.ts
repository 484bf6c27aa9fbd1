// The PostgreSQL plumbing of `bylaw batch --engine postgres` on a throwaway cluster: COPY with
// pg alone carries every character through, a cursor reads results a slice at a time, the run
// leaves nothing behind on the server, and every failure is a coded error naming its step.
import { createServer, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyLine } from "../cli/pg-copy.ts";
import { connect, FETCH, runOnPostgres, type PgRun } from "../cli/pg-engine.ts";
import { EngineError, renderEngineError } from "../cli/engine-errors.ts";
import { POSTGRES_SKIP_REASON, runPostgresTests, startCluster, type Cluster } from "./support/postgres.ts";

if (!runPostgresTests) console.warn(`[postgres] tests skipped: ${POSTGRES_SKIP_REASON}`);

async function* chunks(lines: string[], size = 1000): AsyncIterable<string> {
  for (let i = 0; i < lines.length; i += size) yield lines.slice(i, i + size).join("");
}

const TABLE = "CREATE TEMP TABLE t (seq bigint, person text, amount numeric(20,2))";

function simpleRun(lines: AsyncIterable<string>, got: (string | null)[][], extra: Partial<PgRun> = {}): PgRun {
  return {
    prepare: [TABLE],
    loads: [{ step: "load", copy: "COPY t (seq, person, amount) FROM STDIN", lines }],
    settle: [],
    reads: [{ step: "results", sql: "SELECT seq, person, amount FROM t ORDER BY seq", rows: (rows) => void got.push(...rows) }],
    ...extra,
  };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof EngineError) return `${e.code} ${renderEngineError(e, "en")} | ${renderEngineError(e, "zh")}`;
    throw e;
  }
  throw new Error("expected an EngineError");
}

describe.runIf(runPostgresTests)("bylaw batch on PostgreSQL: the plumbing", () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster();
  }, 120_000);
  afterAll(() => cluster?.stop());

  it("COPY carries tabs, backslashes, line breaks, NULL and 中文 exactly; a cursor reads them back in order across slices", async () => {
    const people = ["张三", "tab\there", "back\\slash", "line\nbreak\r\nend", "\\N", "", null];
    const n = FETCH * 2 + 7; // three slices, the last one short
    const lines = Array.from({ length: n }, (_, i) => copyLine([i, people[i % people.length], i % 3 === 0 ? null : `${i}.0${i % 10}`]));
    const got: (string | null)[][] = [];
    await runOnPostgres(cluster.url, simpleRun(chunks(lines), got));
    expect(got).toHaveLength(n);
    expect(got.slice(0, 7)).toEqual([
      ["0", "张三", null], ["1", "tab\there", "1.01"], ["2", "back\\slash", "2.02"], ["3", "line\nbreak\r\nend", null],
      ["4", "\\N", "4.04"], ["5", "", "5.05"], ["6", null, null],
    ]);
    expect(got[n - 1]).toEqual([String(n - 1), people[(n - 1) % people.length], `${n - 1}.0${(n - 1) % 10}`]);
  });

  it("leaves nothing behind: the run's tables and functions are rolled back", async () => {
    const got: (string | null)[][] = [];
    const run = simpleRun(chunks([copyLine([1, "甲", "1.00"])]), got, {
      // even tables and functions made outside pg_temp go with the rollback
      prepare: [TABLE.replace("TEMP TABLE", "TABLE"), "CREATE FUNCTION bylaw_probe() RETURNS int LANGUAGE sql AS 'SELECT 1'"],
      settle: ["CREATE TABLE bylaw_kept AS SELECT * FROM t"],
    });
    await runOnPostgres(cluster.url, run);
    expect(got).toEqual([["1", "甲", "1.00"]]);
    const client = await connect(cluster.url);
    try {
      const { rows } = await client.query("SELECT count(*) AS n FROM pg_class WHERE relname IN ('t', 'bylaw_kept') UNION ALL SELECT count(*) FROM pg_proc WHERE proname = 'bylaw_probe'");
      expect(rows).toEqual([{ n: "0" }, { n: "0" }]);
    } finally {
      await client.end();
    }
  });

  it("a failing source aborts the COPY with its own error; the server's refusal is BE2001 naming the step and SQLSTATE", async () => {
    const boom = new Error("the claims file went away");
    async function* failing(): AsyncIterable<string> {
      yield copyLine([1, "甲", "1.00"]);
      throw boom;
    }
    await expect(runOnPostgres(cluster.url, simpleRun(failing(), []))).rejects.toBe(boom);
    expect(await codeOf(runOnPostgres(cluster.url, simpleRun(chunks([copyLine([1, "甲", "1.00"]), copyLine(["two", "乙", "2.00"])]), []))))
      .toMatch(/^BE2001 PostgreSQL failed while loading the claims: .*invalid input syntax for type bigint.* \(SQLSTATE 22P02\) \| PostgreSQL 在载入就医记录时出错：.*（SQLSTATE 22P02）$/);
    expect(await codeOf(runOnPostgres(cluster.url, simpleRun(chunks([]), [], { settle: ["SELECT 1/0"] }))))
      .toMatch(/^BE2001 PostgreSQL failed while settling: division by zero \(SQLSTATE 22012\)/);
  });

  it("a connection the server drops mid-run is BE2002 naming the step", async () => {
    expect(await codeOf(runOnPostgres(cluster.url, simpleRun(chunks([]), [], { settle: ["SELECT pg_terminate_backend(pg_backend_pid())"] }))))
      .toMatch(/^BE2002 the connection to PostgreSQL was lost while settling: .+ \| 结算时与 PostgreSQL 的连接中断：/);
  });

  it("an error writing the results is passed on as it is, not taken for the server's", async () => {
    const full = new Error("ENOSPC: no space left on device");
    const run = simpleRun(chunks([copyLine([1, "甲", "1.00"])]), []);
    run.reads[0]!.rows = () => Promise.reject(full);
    await expect(runOnPostgres(cluster.url, run)).rejects.toBe(full);
  });

  it("connection problems are coded: a bad --db, no server, a refused login, no such database (password never shown)", async () => {
    const port = cluster.port;
    expect(await codeOf(connect("mysql://x@127.0.0.1/db"))).toBe(
      "BE1001 --db mysql://x@127.0.0.1/db: not a PostgreSQL connection string (postgresql://user@host:port/database) | --db mysql://x@127.0.0.1/db：不是 PostgreSQL 连接串（postgresql://用户@主机:端口/数据库）");
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    expect(await codeOf(connect(`postgresql://postgres:secret@127.0.0.1:${closed}/postgres`))).toMatch(new RegExp(`^BE1003 cannot reach the PostgreSQL server at 127.0.0.1:${closed}: .*ECONNREFUSED`));
    const refused = await codeOf(connect(`postgresql://nobody:hunter2@127.0.0.1:${port}/postgres`));
    expect(refused).toMatch(new RegExp(`^BE1004 the PostgreSQL server at 127.0.0.1:${port} refused the login: role "nobody" does not exist`));
    expect(refused).not.toContain("hunter2");
    expect(await codeOf(connect(`postgresql://postgres@127.0.0.1:${port}/no_such_db`))).toBe(
      `BE1005 the PostgreSQL server at 127.0.0.1:${port} has no database no_such_db | PostgreSQL 服务器 127.0.0.1:${port} 上没有数据库 no_such_db`);
    const ok = await connect(cluster.url);
    expect((await ok.query("SELECT 1::int AS one, DATE '2024-01-02' AS d")).rows).toEqual([{ one: "1", d: "2024-01-02" }]); // values as text
    await ok.end();
  });
});
