// `bylaw analyze` on every seed policy (goal: each under 2 s): compile once, then time the
// analysis alone, the median of 3 runs.
import { compile } from "../compiler/index.ts";
import { analyze } from "../analysis/index.ts";
import { diskHost } from "./bylaw-contender.ts";
import { policyFiles } from "./compile-section.ts";
import { table, timeMs } from "./measure.ts";

export const ANALYZE_GOAL_MS = 2000;

/** Whether every seed policy analysed within the goal. */
export function analyzeSection(): boolean {
  const rows = [["policy", "functions", "findings", "ms", "goal"]];
  let ok = true;
  for (const path of policyFiles()) {
    const artifact = compile(path, diskHost.readFile(path) ?? "", diskHost).artifact;
    if (artifact === undefined) {
      rows.push([path, "-", "-", "does not compile", "-"]);
      ok = false;
      continue;
    }
    let r = analyze(artifact);
    const ms = timeMs(() => (r = analyze(artifact)), 3);
    const met = ms < ANALYZE_GOAL_MS;
    ok &&= met;
    rows.push([path, String(r.functions.length), String(r.findings.length), ms.toFixed(0), met ? "met" : "MISSED"]);
  }
  console.log(table(rows));
  return ok;
}
