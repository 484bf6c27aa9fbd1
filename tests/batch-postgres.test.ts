// `bylaw batch --engine postgres` against the JavaScript engine on a throwaway cluster: for every
// seed policy, its test blocks and generated years of claims (many starting from an opening
// ledger, some from last year's, which is carried through) give the same result file and
// closing ledgers, byte for byte. The one difference allowed is a claim the PostgreSQL plan
// refuses with a BS2xxx error row saying why (a yearly limit that changes within a person's
// year: DuckDB folds those in order, PostgreSQL has no such plan yet) — never a different
// amount. PG_YEARS sets the generated person-years per policy (default 1 000, about 5 000
// claims, a minute in all; PG_YEARS=20000 is the 100 000 claims per policy).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchCommand } from "../cli/commands/batch.ts";
import { CliError } from "../cli/load-policy.ts";
import { claimFiles, generatedPeople, testBlockPeople } from "./support/claim-files.ts";
import { POSTGRES_SKIP_REASON, runPostgresTests, startCluster, type Cluster } from "./support/postgres.ts";
import { RATE_POLICY } from "./support/rate-policy.ts";
import { seeds } from "./support/seeds.ts";

if (!runPostgresTests) console.warn(`[postgres] tests skipped: ${POSTGRES_SKIP_REASON}`);

const YEARS = Number(process.env.PG_YEARS ?? 1000);
/** A result row the SQL plan refuses to settle, naming why. */
const REFUSED_HERE = /^\d+,[^,]*,[^,]*,false,.*: BS2\d{3} /;

describe.runIf(runPostgresTests)("bylaw batch --engine postgres settles as the JS engine does", () => {
  let cluster: Cluster;
  const dir = process.env.PG_KEEP ?? mkdtempSync(join(tmpdir(), "bylaw-pg-batch-"));
  beforeAll(async () => {
    cluster = await startCluster();
  }, 120_000);
  afterAll(() => {
    cluster?.stop();
    if (process.env.PG_KEEP === undefined) rmSync(dir, { recursive: true, force: true });
  });

  it.each(seeds().map((s, i) => [s.file, i] as const))(`%s: test blocks and ${YEARS} generated person-years with ledgers, to the fen`, { timeout: 600_000 }, async (file, i) => {
    const seed = seeds()[i]!;
    const base = join(dir, seed.id);
    const files = claimFiles(seed.artifact, [...testBlockPeople(seed.artifact), ...generatedPeople(seed.artifact, YEARS, 1000 + i)]);
    writeFileSync(`${base}.csv`, files.csv);
    writeFileSync(`${base}.ledgers.jsonl`, files.ledgers);
    const run = (engine: "js" | "postgres") =>
      batchCommand(file, `${base}.csv`, {
        lang: "zh", progress: false, out: `${base}.${engine}.csv`, ledgersIn: `${base}.ledgers.jsonl`, ledgersOut: `${base}.${engine}.closing.jsonl`,
        summary: `${base}.${engine}.summary.json`,
        ...(engine === "postgres" ? { engine, db: cluster.url } : { workers: 1 }),
      });
    const jsCode = await run("js");
    let pgCode: number;
    try {
      pgCode = await run("postgres");
    } catch (e) {
      // a rule set without a set-wise plan is refused by name (BS1xxx), never settled approximately
      if (e instanceof CliError && /BS1\d{3}/.test(e.message)) {
        for (const l of e.message.split("\n")) expect(l).toMatch(new RegExp(`^${seed.id.replace(/\./g, "\\.")}: BS1\\d{3}: \`[^\`]+\``));
        console.warn(`[postgres] ${e.message}`);
        return;
      }
      throw e;
    }
    const js = readFileSync(`${base}.js.csv`, "utf8").split("\n"), pg = readFileSync(`${base}.postgres.csv`, "utf8").split("\n");
    expect(pg).toHaveLength(files.rows + 2);
    expect(pg.length).toBe(js.length);
    const refusedPeople = new Set<string>();
    for (let k = 0; k < js.length; k++) {
      if (pg[k] === js[k]) continue;
      expect(pg[k], `row ${k}: JS wrote ${js[k]}`).toMatch(REFUSED_HERE);
      refusedPeople.add(pg[k]!.split(",")[1]!);
    }
    if (refusedPeople.size === 0) {
      expect(pgCode).toBe(jsCode);
      // the same summary: counts, exact totals, alerts and error codes in the order first met, both files' sha256
      const summary = (engine: string) => {
        const { result: _r, ledgers, ...rest } = JSON.parse(readFileSync(`${base}.${engine}.summary.json`, "utf8"));
        return { ...rest, ledgers: { ...ledgers, out: null } };
      };
      expect(summary("postgres")).toEqual(summary("js"));
      expect(JSON.stringify(summary("postgres"))).toBe(JSON.stringify(summary("js")));
    } else console.warn(`[postgres] ${seed.id}: ${refusedPeople.size} people have claims the PostgreSQL plan refuses (BS2xxx)`);
    // the closing ledgers of everyone else are the JS engine's, byte for byte
    const others = (f: string) => readFileSync(f, "utf8").split("\n").filter((l) => l === "" || !refusedPeople.has(JSON.parse(l).person));
    expect(others(`${base}.postgres.closing.jsonl`)).toEqual(others(`${base}.js.closing.jsonl`));
  });

  it("refuses what it cannot do before touching anything, and a bad opening ledger leaves no file behind", { timeout: 60_000 }, async () => {
    const policy = "policies/000-xpcc/assistance.bylaw";
    const claims = join(dir, "small.csv"), out = join(dir, "small.out.csv"), ledgersIn = join(dir, "small.ledgers.jsonl");
    writeFileSync(claims, "person,date,身份,自付\n甲,2023-03-01,低保对象,1000.00\n");
    const fails = async (opts: Partial<Parameters<typeof batchCommand>[2]>) => {
      try {
        await batchCommand(policy, claims, { lang: "en", progress: false, out, engine: "postgres", db: cluster.url, ...opts });
      } catch (e) {
        expect(e).toBeInstanceOf(CliError);
        return (e as Error).message;
      }
      throw new Error("expected the run to fail");
    };
    expect(await fails({ db: undefined })).toBe("BE1002: --engine postgres needs --db postgresql://…");
    expect(await fails({ workers: 2 })).toBe("BE1006: --workers is for the JavaScript engine; --engine postgres does not take it");
    expect(await fails({ out: join(dir, "small.out.jsonl") })).toBe("BE1007: --engine postgres writes CSV results: name the -o file .csv");
    expect(await fails({ db: "postgresql://:secret@/x" })).toBe("BE1001: --db postgresql://:***@/x: not a PostgreSQL connection string (postgresql://user@host:port/database)");
    writeFileSync(ledgersIn, [
      JSON.stringify({ person: "甲", year: 2023, values: { 已救助: "100.00" } }),
      JSON.stringify({ person: "甲", year: 2023, values: { 已救助: "200.00" } }),
    ].join("\n") + "\n");
    expect(await fails({ ledgersIn, ledgersOut: join(dir, "small.closing.jsonl") })).toBe(`${ledgersIn}: BR2114: line 2: 甲 has a ledger for 2023 on an earlier line`);
    expect(readdirSync(dir).filter((f) => f.startsWith("small.out") || f.startsWith("small.closing"))).toEqual([]);
    // and the same file settles when the ledgers are good
    writeFileSync(ledgersIn, JSON.stringify({ person: "甲", year: 2023, values: { 已救助: "100.00" } }) + "\n");
    expect(await batchCommand(policy, claims, { lang: "en", progress: false, out, engine: "postgres", db: cluster.url, ledgersIn })).toBe(0);
    expect(readFileSync(out, "utf8").split("\n")[1]).toMatch(/^1,甲,2023-03-01,true,第二类,/);
  });

  it("a rate finer than the SQL keeps is the same error row on PostgreSQL as on DuckDB (BS2003), and the rest settles", { timeout: 60_000 }, async () => {
    const policy = join(dir, "rate.bylaw");
    writeFileSync(policy, RATE_POLICY);
    const claims = join(dir, "rate.csv");
    writeFileSync(claims, "person,date,比例,自付\n甲,2023-01-01,0.1234567891,100\n乙,2023-01-01,0.12345678912,100\n丙,2023-01-01,abc,100\n");
    const out = (engine: string) => join(dir, `rate.${engine}.csv`);
    for (const engine of ["duckdb", "postgres"] as const) {
      const code = await batchCommand(policy, claims, { lang: "en", progress: false, out: out(engine), engine, ...(engine === "postgres" ? { db: cluster.url } : {}) });
      expect(code).toBe(3);
    }
    const pg = readFileSync(out("postgres"), "utf8");
    expect(pg).toBe(readFileSync(out("duckdb"), "utf8"));
    expect(pg.split("\n").slice(1, 3)).toEqual([
      "1,甲,2023-01-01,true,12.35,,",
      "2,乙,2023-01-01,false,,,\"比例: BS2003 `比例`: `0.12345678912` has more than 10 decimals, all the SQL engine keeps of a Rate (settle it with the JS engine)\"",
    ]);
  });
});
