// Section 5: `bylaw diff` against two `bylaw batch` runs, on the batch section's claims file,
// in the same run: per round, batch under the old version, batch under the new, then diff of
// the two (each a fresh Node process, as a user runs them). The new version is XPCC with
// 第三类's deductible raised from 2000 to 3000 (§二(四)). Goal (issue 15): the diff takes
// under 2× the time of the two batch runs. The diff's totals are checked against the batches'.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BATCH_POLICY, claimsFile, OUT, run } from "./batch-section.ts";
import { table } from "./measure.ts";
import type { Settings } from "./settings.ts";

const GOAL = 2;

export interface DiffFigures {
  rows: number;
  /** per round: seconds of batch old, batch new, diff */
  rounds: [number, number, number][];
  ratio: number;
}

/** The new version: the XPCC folder copied, one deductible changed. */
function newVersion(): string {
  const dir = join(OUT, "xpcc-new");
  mkdirSync(dir, { recursive: true });
  cpSync("policies/000-xpcc", dir, { recursive: true });
  const file = join(dir, "assistance.bylaw");
  const text = readFileSync(file, "utf8");
  if (!text.includes("  第三类: 2000元")) throw new Error(`${BATCH_POLICY} no longer has 第三类's deductible of 2000元: update bench/diff-section.ts`);
  writeFileSync(file, text.replace("  第三类: 2000元", "  第三类: 3000元"));
  return file;
}

/** The `total NAME = AMOUNT` lines of a batch summary. */
function batchTotals(stderr: string): Map<string, string> {
  return new Map([...stderr.matchAll(/^ {2}total (\S+) = (\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
}

export async function diffSection(s: Settings): Promise<DiffFigures | undefined> {
  const file = await claimsFile(s.batchRows);
  const next = newVersion();
  const common = ["--no-progress", "--lang", "en"];
  const batch = (policy: string) => run(["bin/bylaw.js", "batch", policy, file, "-o", "/dev/null", ...common]);
  console.log(`node bin/bylaw.js diff ${BATCH_POLICY} ${next} ${file} --format json, against two batch runs`);
  const rounds: [number, number, number][] = [];
  for (let round = 0; round < (s.quick ? 1 : 2); round++) {
    const a = await batch(BATCH_POLICY), b = await batch(next);
    const d = await run(["bin/bylaw.js", "diff", BATCH_POLICY, next, file, "--format", "json", ...common], true);
    if (a.code !== 0 || b.code !== 0 || d.code !== 0) {
      console.log(`a run failed (batch ${a.code}, ${b.code}; diff ${d.code}):\n${[a, b, d].map((r) => r.stderr.trim()).join("\n")}\nskipped`);
      return undefined;
    }
    const report = JSON.parse(d.stdout) as { rows: { compared: number }; totals: { output: string; old: string; new: string }[] };
    const [oldTotals, newTotals] = [batchTotals(a.stderr), batchTotals(b.stderr)];
    if (report.rows.compared !== s.batchRows || report.totals.some((t) => oldTotals.get(t.output) !== t.old || newTotals.get(t.output) !== t.new)) {
      throw new Error(`bylaw diff disagrees with the batch runs: ${JSON.stringify(report.totals)} against ${JSON.stringify([...oldTotals])} / ${JSON.stringify([...newTotals])}`);
    }
    rounds.push([a.seconds, b.seconds, d.seconds]);
  }
  const sum = (k: number) => rounds.reduce((t, r) => t + r[k]!, 0);
  const ratio = sum(2) / (sum(0) + sum(1));
  console.log(table([
    ["round", "batch old s", "batch new s", "diff s", "diff ÷ (old + new)"],
    ...rounds.map((r, i) => [String(i + 1), r[0].toFixed(2), r[1].toFixed(2), r[2].toFixed(2), (r[2] / (r[0] + r[1])).toFixed(2)]),
    ["all", sum(0).toFixed(2), sum(1).toFixed(2), sum(2).toFixed(2), `${ratio.toFixed(2)} (goal < ${GOAL}: ${ratio < GOAL ? "met" : "NOT met"})`],
  ]));
  return { rows: s.batchRows, rounds, ratio };
}
