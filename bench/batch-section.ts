// Section 4: `bylaw batch` end to end on a generated claims file, as a user runs it: a fresh
// Node process that compiles the policy, streams the CSV, settles every row carrying each
// person's ledger and writes every result row (to /dev/null). Wall time, rows/s and the
// child's peak memory (reported by bench/rss-probe.ts). BENCH_PROFILE=1 also records a CPU
// profile of the child and prints where its time goes.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { summarize } from "./profile-summary.ts";
import { table } from "./measure.ts";
import type { Settings } from "./settings.ts";

export const BATCH_POLICY = "policies/000-xpcc/assistance.bylaw";
export const OUT = "bench/out";
const SEED = 42;

export interface Run {
  code: number | null;
  stderr: string;
  seconds: number;
}

/** Runs node with `args`, timing it; standard output is thrown away unless `keep`. */
export function run(args: string[], keep = false): Promise<Run & { stdout: string }> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: ["ignore", keep ? "pipe" : "ignore", "pipe"] });
    let stderr = "", stdout = "";
    child.stderr!.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    child.stdout?.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stderr, stdout, seconds: (performance.now() - started) / 1000 }));
  });
}

/** The opening ledger file beside a claims file generated with ledgers. */
export const ledgersOf = (claims: string): string => claims.replace(/\.csv$/, ".ledgers.jsonl");

/** The claims file for `rows` rows, `perPerson` claims a person (and with `ledgers`, an opening
 *  ledger per person beside it: ledgersOf), generated once by scripts/gen-claims.ts and then reused. */
export async function claimsFile(rows: number, ledgers = false, perPerson = 10): Promise<string> {
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, `claims-${rows}-seed${SEED}${perPerson === 10 ? "" : `-x${perPerson}`}${ledgers ? "-ledgers" : ""}.csv`);
  if (existsSync(file)) return file;
  const partial = file.replace(/\.csv$/, ".partial.csv");
  const people = Math.max(1, Math.round(rows / perPerson));
  const extra = ledgers ? ["--ledgers", ledgersOf(file)] : [];
  const r = await run(["scripts/gen-claims.ts", "--rows", String(rows), "--people", String(people), "--seed", String(SEED), "--out", partial, ...extra]);
  if (r.code !== 0) throw new Error(`scripts/gen-claims.ts failed: ${r.stderr.trim()}`);
  renameSync(partial, file);
  console.log(`generated ${file} (${rows} claims, ${people} people${ledgers ? ", an opening ledger each" : ""}, ${r.seconds.toFixed(1)} s)`);
  return file;
}

export interface BatchFigures {
  rows: number;
  seconds: number;
  rowsPerSec: number;
  maxRssMb: number;
}

export async function batchSection(s: Settings, profile: boolean): Promise<BatchFigures | undefined> {
  const file = await claimsFile(s.batchRows);
  const profDir = join(OUT, "prof");
  if (profile) {
    rmSync(profDir, { recursive: true, force: true });
    mkdirSync(profDir, { recursive: true });
  }
  const probe = pathToFileURL(resolve("bench/rss-probe.ts")).href;
  const args = [
    "--import", probe,
    ...(profile ? ["--cpu-prof", "--cpu-prof-dir", profDir] : []),
    "bin/bylaw.js", "batch", BATCH_POLICY, file, "-o", "/dev/null", "--no-progress", "--lang", "en",
  ];
  console.log(`node ${args.slice(2).join(" ")}`);
  const r = await run(args);
  const summary = /(\d+) rows: (\d+) settled, (\d+) errors/.exec(r.stderr);
  const rss = /bench-max-rss-kb (\d+)/.exec(r.stderr);
  if (r.code !== 0 || !summary) {
    console.log(`bylaw batch failed (exit ${r.code}):\n${r.stderr.trim()}\nskipped`);
    return undefined;
  }
  const rows = Number(summary[1]);
  if (rows !== s.batchRows || summary[3] !== "0") {
    throw new Error(`bylaw batch settled ${summary[2]} of ${summary[1]} rows with ${summary[3]} errors; expected ${s.batchRows} rows and none`);
  }
  const figures = { rows, seconds: r.seconds, rowsPerSec: rows / r.seconds, maxRssMb: rss ? Number(rss[1]) / 1024 : NaN };
  const projected = (1_000_000 / figures.rowsPerSec);
  const met = projected < s.batchGoalSeconds;
  console.log(table([
    ["rows", "wall s", "rows/s", "peak RSS", `1 000 000 rows (goal < ${s.batchGoalSeconds} s)`],
    [
      String(rows), figures.seconds.toFixed(2), Math.round(figures.rowsPerSec).toLocaleString("en"), `${figures.maxRssMb.toFixed(0)} MB`,
      `${rows === 1_000_000 ? "" : "projected "}${projected.toFixed(1)} s: ${met ? "met" : "NOT met"}`,
    ],
  ]));
  if (profile) {
    const prof = readdirSync(profDir).find((f) => f.endsWith(".cpuprofile"));
    if (prof) console.log(`\n${summarize(JSON.parse(readFileSync(join(profDir, prof), "utf8")))}`);
  }
  return figures;
}
