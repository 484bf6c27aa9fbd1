// `bylaw batch` with several versions of one policy (a rule book): the JS engine (one thread and
// the worker pool), DuckDB (one bucket and two) and PostgreSQL give the same result file, closing
// ledgers and summary byte for byte — claims across a change of deductible, rate and cap on
// 2024-07-01 with opening ledgers and hand-computed figures, a date before the first version
// (BR2025), a second version keeping another ledger field or reading another input, 100 000
// generated claims. A person's claim of the first version after one of the second is BS2004 on
// the SQL engines (the JS batch settles it; the SQL says it cannot); versions of two policies,
// or in force on one day (BR1026), are refused.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchCommand, POOL_MIN_BYTES } from "../cli/commands/batch.ts";
import { compileCommand } from "../cli/commands/compile.ts";
import { POSTGRES_SKIP_REASON, runPostgresTests, startCluster, type Cluster } from "../tests/support/postgres.ts";

const dir = mkdtempSync(join(tmpdir(), "bylaw-rulebook-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function policyFile(name: string, id: string, dates: string, body: string): string {
  const file = join(dir, `${name}.bylaw`);
  writeFileSync(file, `policy ${id} "分段政策" {\n  region "测试"\n  ${dates}\n  source "t.txt"\n}\ninput "i" {\n  x: Money "x"\n}\n${body}`);
  return file;
}

const ledger = `ledger per year "l" {\n  ded: Money "ded"\n  paid: Money "paid"\n}\n`;
const first = policyFile("h1", "t.book", "effective 2024-01-01\n  ends 2024-06-30", `${ledger}output y: Money "y" = x above 500元 per year using ded * 60% at most 1000元 per year using paid\n`);
const second = policyFile("h2", "t.book", "effective 2024-07-01", `${ledger}output y: Money "y" = x above 800元 per year using ded * 80% at most 1500元 per year using paid\n`);
const other = policyFile("h2b", "t.book", "effective 2024-07-01",
  `ledger per year "l" {\n  paid: Money "paid"\n  total: Money "total"\n}\ndefine t: Money "t" = cumulative x per year using total\noutput y: Money "y" = x * 80% at most 1500元 per year using paid\noutput seen: Money "seen" = t\n`);

/** From 2024-07-01, an input the first version does not have (a column of the first version's
 *  claims is an unknown field there), and a yearly limit read from the claim (the ordered fold). */
const counted = policyFile("h2c", "t.book", "effective 2024-07-01",
  `input "j" {\n  k: Int "k" = 0\n}\n${ledger}output y: Money "y" = x * 80% at most (if k > 3 then 1000元 else 1500元) per year using paid\noutput n: Int "n" = k + 1\n`);

const header = "person,date,x\n";
const ledgersIn = join(dir, "opening.jsonl");
writeFileSync(ledgersIn, [
  `{"person":"b","year":2024,"values":{"ded":"200.00","paid":"0.00"}}`,
  `{"person":"e","year":2023,"values":{"ded":"500.00","paid":"42.00"}}`,
  `{"person":"f","year":2024,"values":{"ded":"300.00"}}`,
].join("\n") + "\n");

const lines = (...rows: string[]) => rows.join("\n") + "\n";
/** Cells the first version reads as an unknown field (k), or either refuses; a date no version
 *  covers; a row with no person and one whose date is not a date. */
const READ = lines("a,2024-03-01,700,", "a,2024-03-02,10,5", "a,2024-07-05,1000,5", "a,2024-07-09,900,1", "a,2024-07-10,500,5", "b,2024-08-01,abc,", "b,2024-08-02,12.345,1", "b,2024-08-03,50,1.5", "c,2023-05-01,1,1", ",2024-08-04,1,1", "c,2024-13-01,1,1");
const WITH_K = "person,date,x,k\n";
const SWITCH = lines("a,2024-03-01,700", "b,2024-07-10,1000", "a,2024-06-20,1500", "a,2024-07-05,1000", "c,2023-12-31,100", "a,2024-08-01,100", "f,2024-07-20,1000");
const FIELDS = lines("a,2024-03-01,700", "a,2024-07-05,1000", "f,2024-08-01,50", "g,2024-02-01,600");
const LATE = lines("d,2024-07-02,1000", "d,2024-05-01,1000", "d,2024-07-03,100", "d,2025-02-01,1000");

/** The out-of-order claims' result rows: BS2004, then BS2005 for the rest of that year; 2025 is another year. */
function expectLate(out: string): void {
  const rows = out.split("\n").slice(1, -1);
  expect(rows[0]).toBe("1,d,2024-07-02,true,160.00,,");
  expect(rows[1]).toMatch(/^2,d,2024-05-01,false,,,date: BS2004 claims of one person's year must come in date order across versions: this claim falls under the version from 2024-01-01 after a claim under the version from 2024-07-01/);
  expect(rows[2]).toMatch(/^3,d,2024-07-03,false,,,date: BS2005 /);
  expect(rows[3]).toBe("4,d,2025-02-01,true,160.00,,");
}

/** 100 000 claims in date order (so the SQL plan is exact): 5 000 people, amounts up to 2 000.00, the first 1 000 before the first version. */
function generated(): string {
  let seed = 7;
  const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const rows: string[] = [];
  for (let day = 0; day < 400; day++) {
    const date = new Date(Date.UTC(2023, 11, 28) + day * 86_400_000).toISOString().slice(0, 10);
    for (let k = 0; k < 250; k++) rows.push(`p${next(5000)},${date},${next(200_000) / 100}`);
  }
  return lines(...rows);
}

type Engine = "js" | "duckdb" | "postgres";
let db: string | undefined;

async function run(name: string, versions: string[], csv: string, engine: Engine, bucket?: number, workers = 1, head = header) {
  const claims = join(dir, `${name}.csv`);
  writeFileSync(claims, head + csv);
  const out = join(dir, `${name}.${engine}.out.csv`), led = join(dir, `${name}.${engine}.closing.jsonl`);
  const summary = join(dir, `${name}.${engine}.summary.json`);
  const code = await batchCommand(versions, claims, { lang: "en", out, progress: false, ledgersIn, ledgersOut: led, summary, engine, ...(engine === "postgres" ? { db } : { workers, bucket }) });
  // the summary's counts and exact totals, without the files' names and digests
  const { rows, settled, errors, people, totals, alerts, errorCodes } = JSON.parse(readFileSync(summary, "utf8")) as Record<string, unknown>;
  return { code, out: readFileSync(out, "utf8"), ledgers: readFileSync(led, "utf8"), summary: { rows, settled, errors, people, totals, alerts, errorCodes } };
}

/** Both runs of the book (versions given to JS in `jsOrder`, to DuckDB in `duckOrder`), after
 *  checking DuckDB writes the same rows, ledgers and summary. */
async function agree(name: string, jsOrder: string[], duckOrder: string[], claims: string) {
  const js = await run(name, jsOrder, claims, "js");
  const duck = await run(name, duckOrder, claims, "duckdb");
  expect(duck.out).toBe(js.out);
  expect(duck.ledgers).toBe(js.ledgers);
  expect(duck.summary).toEqual(js.summary);
  return { js, duck };
}

describe("bylaw batch with a rule book: the JS engine and DuckDB", () => {
  it("settle claims across the switch the same, byte for byte, as worked out by hand", async () => {
    const { js, duck } = await agree("switch", [second, first], [first, second], SWITCH);
    // a query per bucket of people (every version's claims and the closing ledgers bucket by bucket)
    const buckets = await run("switch", [first, second], SWITCH, "duckdb", 2);
    expect([buckets.out, buckets.ledgers]).toEqual([js.out, js.ledgers]);
    expect([js.code, duck.code]).toEqual([3, 3]);
    // a: 700 − 500 = 200 × 60 % = 120; 1500 × 60 % = 900 capped at 880; July: 800 − 500 = 300 left of the
    // deductible, 700 × 80 % = 560 capped at 1500 − 1000 = 500; then nothing. b: 200 of 800 used, 400 × 80 % = 320.
    // f (opening: 300 of the deductible, no `paid`): 500 × 80 % = 400.
    expect(js.out.split("\n").slice(1, -1).map((l) => l.split(",").slice(4, 5).join() || l.split(",").slice(-1)[0])).toEqual([
      "120.00", "320.00", "880.00", "500.00", "date: BR2025 no rule set is in force on 2023-12-31", "0.00", "400.00",
    ]);
    expect(js.ledgers.split("\n").slice(0, -1).map((l) => JSON.parse(l) as object)).toEqual([
      { person: "a", year: 2024, values: { ded: "800.00", paid: "1500.00" }, policy: { id: "t.book", effective: "2024-07-01" } },
      { person: "b", year: 2024, values: { ded: "800.00", paid: "320.00" }, policy: { id: "t.book", effective: "2024-07-01" } },
      { person: "e", year: 2023, values: { ded: "500.00", paid: "42.00" }, policy: { id: "t.book", effective: "2024-07-01" } },
      { person: "f", year: 2024, values: { ded: "800.00", paid: "400.00" }, policy: { id: "t.book", effective: "2024-07-01" } },
    ]);
  });

  it("carry a ledger field the later version does not know, in the JS engine's order", async () => {
    const { js } = await agree("fields", [first, other], [first, other], FIELDS);
    expect(js.ledgers).toContain(`{"person":"a","year":2024,"values":{"paid":"920.00","total":"1000.00","ded":"500.00"}`);
    expect(js.out.split("\n")[0]).toBe("row,person,date,ok,y,seen,alerts,errors");
  });

  it("a claim of the first version after one of the second in a person's year: BS2004 on DuckDB, never a different figure", async () => {
    expectLate((await run("late", [first, second], LATE, "duckdb")).out);
  });

  it("read each row as the version in force on its date reads it: the same error rows as the JS engine", async () => {
    const js = await run("read", [first, counted], READ, "js", undefined, 1, WITH_K);
    expect(js.out.split("\n").slice(1, -1).map((l) => l.match(/B[RS]\d{4}/g)?.join() ?? "ok")).toEqual(["ok", "BR2003", "ok", "ok", "ok", "BR2005", "BR2006", "BR2010", "BR2025", "BR2104", "BR2105"]);
    // a: 120 in the first half; then 800 under a limit of 1000 (k = 5), 580 left of 1500 (k = 1), none of 1000 again
    expect(js.out.split("\n").slice(3, 6).map((l) => l.split(",")[4])).toEqual(["800.00", "580.00", "0.00"]);
    const duck = await run("read", [first, counted], READ, "duckdb", undefined, 1, WITH_K);
    expect(duck.out).toBe(js.out);
    expect(duck.ledgers).toBe(js.ledgers);
    expect(duck.summary).toEqual(js.summary);
  });

  it("settle 100 000 generated claims across the switch the same: one thread, the worker pool and DuckDB", async () => {
    const csv = generated();
    expect(csv.length).toBeGreaterThan(POOL_MIN_BYTES);
    const js = await run("gen", [first, second], csv, "js");
    const pool = await run("gen", [first, second], csv, "js", undefined, 2);
    const duck = await run("gen", [first, second], csv, "duckdb");
    expect(js.summary.rows).toBe(100_000);
    expect(js.summary.errorCodes).toEqual({ BR2025: 1000 });
    for (const other of [pool, duck]) {
      expect(other.out).toBe(js.out);
      expect(other.ledgers).toBe(js.ledgers);
      expect(other.summary).toEqual(js.summary);
    }
  }, 120_000);

  it("refuse versions of two policies, and versions in force on one same day (BR1026)", async () => {
    const stranger = policyFile("s", "t.other", "effective 2024-07-01", `output y: Money "y" = x\n`);
    const overlapping = policyFile("o", "t.book", "effective 2024-06-01", `output y: Money "y" = x\n`);
    const claims = join(dir, "none.csv");
    writeFileSync(claims, header);
    const out = join(dir, "none.out.csv");
    for (const engine of ["js", "duckdb"] as const) {
      await expect(batchCommand([first, stranger], claims, { lang: "en", out, progress: false, engine })).rejects.toThrow(/policy `t\.other` is not .*`t\.book`/);
      await expect(batchCommand([first, overlapping], claims, { lang: "en", out, progress: false, engine })).rejects.toThrow(/BR1026/);
    }
    expect(() => compileCommand([first, overlapping], { lang: "en", target: "sql" })).toThrow(/BR1026/);
    expect(() => compileCommand([first, stranger], { lang: "en", target: "sql" })).toThrow(/policy `t\.other` is not/);
    expect(() => compileCommand([first, second], { lang: "en" })).toThrow(/for --target sql only/);
  });

  it("bylaw compile --target sql writes the rule book's views", () => {
    const out = join(dir, "book.sql");
    expect(compileCommand([second, first], { lang: "en", target: "sql", dialect: "postgres", out })).toBe(0);
    const sql = readFileSync(out, "utf8");
    expect(sql).toMatch(/^-- bylaw: t\.book, a rule book of 2 versions \(2024-01-01, 2024-07-01\), postgres\n/);
    expect(sql.match(/CREATE OR REPLACE TEMP VIEW bylaw_\w+/g)).toEqual(expect.arrayContaining([
      "CREATE OR REPLACE TEMP VIEW bylaw_route", "CREATE OR REPLACE TEMP VIEW bylaw_v0_ledgers", "CREATE OR REPLACE TEMP VIEW bylaw_v1_ledgers",
      "CREATE OR REPLACE TEMP VIEW bylaw_results", "CREATE OR REPLACE TEMP VIEW bylaw_closing",
    ]));
    expect(sql).not.toContain("pg_temp.bylaw_fold_caps");
    // a version that folds: the fold's definitions open the book's SQL, once
    expect(compileCommand([first, counted], { lang: "en", target: "sql", dialect: "postgres", out })).toBe(0);
    const folding = readFileSync(out, "utf8");
    expect(folding.split("CREATE OR REPLACE AGGREGATE pg_temp.bylaw_fold_caps").length).toBe(2);
    expect(folding.indexOf("AGGREGATE pg_temp.bylaw_fold_caps")).toBeLessThan(folding.indexOf("CREATE OR REPLACE TEMP VIEW bylaw_route"));
  });
});

if (!runPostgresTests) console.warn(`[postgres] rule-book tests skipped: ${POSTGRES_SKIP_REASON}`);

describe.runIf(runPostgresTests)("bylaw batch --engine postgres with a rule book", () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster();
    db = cluster.url;
  }, 120_000);
  afterAll(() => cluster?.stop());

  it("gives the JS engine's result file and closing ledgers, byte for byte: across the switch, with another ledger field, cells each version reads, 100 000 generated claims", async () => {
    const cases = [["pg-switch", [first, second], SWITCH, header], ["pg-fields", [first, other], FIELDS, header], ["pg-read", [first, counted], READ, WITH_K], ["pg-gen", [first, second], generated(), header]] as const;
    for (const [name, versions, csv, head] of cases) {
      const js = await run(name, [...versions], csv, "js", undefined, 1, head);
      const pg = await run(name, [...versions], csv, "postgres", undefined, 1, head);
      expect(pg.out).toBe(js.out);
      expect(pg.ledgers).toBe(js.ledgers);
      expect(pg.code).toBe(js.code);
      expect(pg.summary).toEqual(js.summary);
    }
  }, 120_000);

  it("refuses a claim of the first version after one of the second (BS2004, BS2005), as DuckDB does", async () => {
    const pg = await run("pg-late", [first, second], LATE, "postgres");
    expectLate(pg.out);
    expect(pg.out).toBe((await run("pg-late", [first, second], LATE, "duckdb")).out);
  }, 60_000);
});
