// `npm run bench`: every benchmark in one run, each section a small table with its ratios
// and goals. BENCH_QUICK=1 shrinks every section for a smoke run; BENCH_PROFILE=1 also
// profiles the batch run. A policy that does not compile is reported and its section
// skipped; contenders that disagree on any claim stop the run with exit code 1.
import { cpus, totalmem } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Disagreement } from "./agree.ts";
import { batchSection, BATCH_POLICY } from "./batch-section.ts";
import { analyzeSection } from "./analyze-section.ts";
import { scaleSection } from "./scale-section.ts";
import { loadPolicy, PolicyError } from "./bylaw-contender.ts";
import { dongyingClaims, xpccClaims } from "./cases.ts";
import { compileSection } from "./compile-section.ts";
import { diffSection } from "./diff-section.ts";
import { dongyingHand } from "./dongying-hand.ts";
import { dongyingJre } from "./dongying-jre.ts";
import { dongyingZen } from "./dongying-zen.ts";
import { evalSection, type EvalSubject } from "./eval-section.ts";
import { serveSection } from "./serve-section.ts";
import { settings } from "./settings.ts";
import { xpccHand } from "./xpcc-hand.ts";
import { prepareCore, xpccCorePayment } from "./xpcc-core.ts";
import { xpccJre } from "./xpcc-jre.ts";
import { xpccZen } from "./xpcc-zen.ts";

export const XPCC_POLICY = "policies/000-xpcc/assistance.bylaw";
export const DONGYING_POLICY = "policies/001-dongying/critical-illness.bylaw";

export function xpccSubject(claims: number): EvalSubject {
  const core = { name: "hand-written decimal.js, bare arithmetic (bench/xpcc-core.ts)", output: "救助金", prepare: prepareCore, pay: xpccCorePayment };
  return { title: "XPCC assistance", policy: XPCC_POLICY, claims: xpccClaims(claims, 20220607), hand: xpccHand, jre: xpccJre, zen: xpccZen, core };
}

export function dongyingSubject(claims: number): EvalSubject {
  return { title: "Dongying critical-illness bands", policy: DONGYING_POLICY, claims: dongyingClaims(claims, 20201030), hand: dongyingHand, jre: dongyingJre, zen: dongyingZen };
}

function heading(n: number, title: string): void {
  console.log(`\n== ${n}. ${title} ==`);
}

async function main(): Promise<number> {
  process.chdir(resolve(dirname(fileURLToPath(import.meta.url)), ".."));
  const s = settings();
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  console.log(`bylaw benchmarks${s.quick ? " (BENCH_QUICK=1: reduced sizes)" : ""}`);
  console.log(`Node ${process.version}, ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`);
  let failed = false;

  heading(1, "Compile");
  failed = !compileSection(s).ok || failed;

  const sections: [string, string, () => EvalSubject][] = [
    ["Evaluate: XPCC assistance", XPCC_POLICY, () => xpccSubject(s.claims)],
    ["Evaluate: Dongying critical-illness bands", DONGYING_POLICY, () => dongyingSubject(s.claims)],
  ];
  for (const [i, [title, policy, subject]] of sections.entries()) {
    heading(i + 2, `${title} (${policy})`);
    try {
      await evalSection(loadPolicy(policy), subject(), s);
    } catch (e) {
      if (e instanceof PolicyError) {
        console.log(`SKIPPED: ${e.message}`);
        failed = true;
      } else if (e instanceof Disagreement) {
        console.error(`\nFAILED: the contenders do not agree, so nothing was timed.\n${e.message}`);
        return 1;
      } else throw e;
    }
  }

  heading(4, `Batch throughput: bylaw batch ${BATCH_POLICY}`);
  const batch = await batchSection(s, process.env["BENCH_PROFILE"] === "1");
  failed = batch === undefined || failed;

  heading(5, "Soundness analysis: bylaw analyze on every seed policy (goal: each under 2 s)");
  failed = !analyzeSection() || failed;

  heading(6, "What a new version changes: bylaw diff against two batch runs");
  failed = (await diffSection(s)) === undefined || failed;

  heading(7, `Decision service: bylaw serve ${"policies/000-xpcc"}, keep-alive clients`);
  failed = (await serveSection(s)) === undefined || failed;

  heading(8, "Scale: JS, DuckDB and PostgreSQL batches with ledgers (XPCC)");
  try {
    failed = !(await scaleSection(s)) || failed;
  } catch (e) {
    console.log(`FAILED: ${(e as Error).message}`);
    failed = true;
  }

  console.log(failed ? "\nSome sections were skipped or failed (see above)." : "\nAll sections ran.");
  return failed ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
