// Section 5: the scale path. The same generated XPCC claims, each person starting from an opening
// ledger and every closing ledger written, settled by `bylaw batch` on the JS engine and on
// DuckDB (--engine duckdb) in fresh processes: wall time, rows/s and peak memory (RSS of the
// process, DuckDB's included: it runs inside it). The two result files and closing ledgers must
// be byte-identical, or the run stops. Then PostgreSQL (--engine postgres) on its own, smaller
// file, on a throwaway cluster (or BENCH_PG_URL): the client's RSS only, the server's is not
// counted. Between them, JS against DuckDB on frequent claimants (HEAVY_PER_PERSON claims a
// person), byte-identical too. Sizes: BENCH_SCALE_ROWS (full run 10 000 000, quick 200 000), BENCH_PG_ROWS
// (1 000 000, quick 50 000).
import { createHash } from "node:crypto";
import { createReadStream, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startCluster, hasPostgres, POSTGRES_SKIP_REASON } from "../tests/support/postgres.ts";
import { BATCH_POLICY, claimsFile, ledgersOf, OUT, run } from "./batch-section.ts";
import { table } from "./measure.ts";
import { settings, type Settings } from "./settings.ts";

/** DuckDB's goals (issue 13): at least this many times the JS batch's rows/s, under this RSS. */
export const DUCKDB_SPEEDUP_GOAL = 3;
export const RSS_GOAL_MB = 1024;

export interface ScaleSizes {
  rows: number;
  pgRows: number;
}

/** Frequent claimants: claims a person in the file of heavy users (a chronic patient's weekly
 *  visits and prescriptions), and the file's size (full, quick). */
export const HEAVY_PER_PERSON = 500;
const HEAVY_ROWS = { full: 1_000_000, quick: 100_000 };

export function scaleSizes(s: Settings, env: Record<string, string | undefined> = process.env): ScaleSizes {
  const n = (name: string, full: number, quick: number) => {
    const v = env[name];
    if (v === undefined || v === "") return s.quick ? quick : full;
    if (!/^\d+$/.test(v) || Number(v) < 1) throw new Error(`${name} must be a whole number ≥ 1: ${v}`);
    return Number(v);
  };
  return { rows: n("BENCH_SCALE_ROWS", 10_000_000, 200_000), pgRows: n("BENCH_PG_ROWS", 1_000_000, 50_000) };
}

interface EngineRun {
  engine: string;
  rows: number;
  seconds: number;
  rowsPerSec: number;
  maxRssMb: number;
  results: string;
  closing: string;
}

async function sha256(file: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest("hex");
}

/** One `bylaw batch` run with ledgers in and out; throws unless it settled every row. */
async function settle(engine: string, claims: string, rows: number, extra: string[] = [], name = engine): Promise<EngineRun> {
  const results = join(OUT, `scale-${name}.csv`), closing = join(OUT, `scale-${name}.closing.jsonl`);
  rmSync(results, { force: true });
  rmSync(closing, { force: true });
  const probe = pathToFileURL(resolve("bench/rss-probe.ts")).href;
  const args = ["--import", probe, "bin/bylaw.js", "batch", BATCH_POLICY, claims, "--ledgers-in", ledgersOf(claims), "--ledgers-out", closing,
    "-o", results, "--no-progress", "--lang", "en", "--engine", engine, ...extra];
  console.log(`node ${args.slice(2).join(" ").replace(/postgresql:\/\/\S+/, "postgresql://…")}`);
  const r = await run(args);
  const summary = /(\d+) rows: (\d+) settled, (\d+) errors/.exec(r.stderr);
  const rss = /bench-max-rss-kb (\d+)/.exec(r.stderr);
  if (r.code !== 0 || !summary || Number(summary[1]) !== rows || summary[3] !== "0") {
    throw new Error(`bylaw batch --engine ${engine} failed (exit ${r.code}): ${r.stderr.trim().slice(0, 2000)}`);
  }
  return { engine, rows, seconds: r.seconds, rowsPerSec: rows / r.seconds, maxRssMb: rss ? Number(rss[1]) / 1024 : NaN, results, closing };
}

/** Throws unless two runs wrote byte-identical results and closing ledgers. */
async function same(a: EngineRun, b: EngineRun): Promise<void> {
  for (const [x, y] of [[a.results, b.results], [a.closing, b.closing]] as const) {
    const [hx, hy] = await Promise.all([sha256(x), sha256(y)]);
    if (hx !== hy) throw new Error(`${x} and ${y} differ: the engines do not agree, so the figures mean nothing`);
  }
}

const row = (r: EngineRun, note: string) => [
  r.engine, r.rows.toLocaleString("en"), r.seconds.toFixed(1), Math.round(r.rowsPerSec).toLocaleString("en"), `${r.maxRssMb.toFixed(0)} MB`, note,
];

/** JS against DuckDB on the same claims, then PostgreSQL; false when a goal is missed or a run failed. */
export async function scaleSection(s: Settings): Promise<boolean> {
  const sizes = scaleSizes(s);
  const claims = await claimsFile(sizes.rows, true);
  const js = await settle("js", claims, sizes.rows);
  const duck = await settle("duckdb", claims, sizes.rows);
  await same(js, duck);
  const speedup = duck.rowsPerSec / js.rowsPerSec;
  const met = speedup >= DUCKDB_SPEEDUP_GOAL && duck.maxRssMb < RSS_GOAL_MB;
  const rowsOut: string[][] = [
    ["engine", "claims", "wall s", "rows/s", "peak RSS", "goal"],
    row(js, "results and closing ledgers identical to DuckDB's"),
    row(duck, `${speedup.toFixed(2)}× JS (goal ≥ ${DUCKDB_SPEEDUP_GOAL}×), RSS < ${RSS_GOAL_MB} MB: ${met ? "met" : "NOT met"}`),
  ];
  // frequent claimants: a person's year of hundreds of claims (where a fold over each claim's
  // earlier claims of the year would be quadratic)
  const heavyRows = s.quick ? HEAVY_ROWS.quick : HEAVY_ROWS.full;
  const heavy = await claimsFile(heavyRows, true, HEAVY_PER_PERSON);
  const heavyJs = await settle("js", heavy, heavyRows, [], "heavy-js");
  const heavyDuck = await settle("duckdb", heavy, heavyRows, [], "heavy-duckdb");
  await same(heavyJs, heavyDuck);
  rowsOut.push(row(heavyJs, `${HEAVY_PER_PERSON} claims a person`), row(heavyDuck, `${HEAVY_PER_PERSON} claims a person: ${(heavyDuck.rowsPerSec / heavyJs.rowsPerSec).toFixed(2)}× JS`));
  let pgOk = true;
  const url = process.env["BENCH_PG_URL"];
  if (url === undefined && !hasPostgres) {
    rowsOut.push(["postgres", "", "", "", "", `SKIPPED: ${POSTGRES_SKIP_REASON}`]);
    pgOk = false;
  } else {
    const cluster = url === undefined ? await startCluster() : undefined;
    try {
      const pgClaims = await claimsFile(sizes.pgRows, true);
      const pg = await settle("postgres", pgClaims, sizes.pgRows, ["--db", url ?? cluster!.url]);
      rowsOut.push(row(pg, "client RSS only; a throwaway cluster on this machine"));
      rmSync(pg.results, { force: true });
    } finally {
      cluster?.stop();
    }
  }
  console.log(table(rowsOut));
  for (const r of [js, duck, heavyJs, heavyDuck]) rmSync(r.results, { force: true });
  for (const name of ["js", "duckdb", "postgres", "heavy-js", "heavy-duckdb"]) rmSync(join(OUT, `scale-${name}.closing.jsonl`), { force: true });
  return met && pgOk;
}

// `node bench/scale-section.ts`: this section alone (same settings and environment as npm run bench).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.chdir(resolve(dirname(fileURLToPath(import.meta.url)), ".."));
  process.exitCode = (await scaleSection(settings())) ? 0 : 1;
}
