// One thread of bench/parallel.ts: loads the policy itself, keeps its share of the claims in
// its own memory (as a settlement service would), and settles them for as long as it is asked,
// exactly as the one-thread bylaw contender does.
import { parentPort, workerData } from "node:worker_threads";
import { bylawContender, loadPolicy } from "./bylaw-contender.ts";
import type { Claim } from "./cases.ts";
import { syncRunner } from "./measure.ts";

const { policy, claims } = workerData as { policy: string; claims: Claim[] };
const bylaw = bylawContender(loadPolicy(policy));
const prepared = claims.map((c) => bylaw.prepare(c));
const runner = syncRunner("bylaw", (i) => bylaw.call(prepared[i % prepared.length]!));
parentPort!.on("message", (ms: number) => {
  void runner.run(ms).then((r) => parentPort!.postMessage(r));
});
parentPort!.postMessage("ready");
