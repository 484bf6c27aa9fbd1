// One thread of bench/parallel.ts: loads the policy itself, keeps its share of the claims in
// its own memory (as a settlement service would), and settles them for as long as it is asked.
import { parentPort, workerData } from "node:worker_threads";
import { loadPolicy } from "./bylaw-contender.ts";
import type { Claim } from "./cases.ts";
import { syncRunner } from "./measure.ts";

const { policy, claims } = workerData as { policy: string; claims: Claim[] };
const ruleSet = loadPolicy(policy);
const runner = syncRunner("bylaw", (i) => {
  const c = claims[i % claims.length]!;
  return ruleSet.evaluate(c.input, c.ledger, { date: c.date });
});
parentPort!.on("message", (ms: number) => {
  void runner.run(ms).then((r) => parentPort!.postMessage(r));
});
parentPort!.postMessage("ready");
