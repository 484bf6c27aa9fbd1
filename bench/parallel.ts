// bylaw on every core, for the like-for-like comparison with ZEN's batched calls, whose native
// engine settles on a thread pool (the CPU column of `npm run bench` shows it using more than
// one core). Each worker thread loads the policy and holds its share of the claims; a round
// asks all of them to settle for the same time and counts their claims together.
import { once } from "node:events";
import { cpus } from "node:os";
import { Worker } from "node:worker_threads";
import type { Claim } from "./cases.ts";
import type { Runner } from "./measure.ts";

export interface ParallelRunner extends Runner {
  close(): Promise<void>;
}

function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export async function parallelRunner(policy: string, claims: readonly Claim[], threads = cpus().length): Promise<ParallelRunner> {
  const share = Math.ceil(claims.length / threads);
  const workers = Array.from({ length: threads }, (_, k) => new Worker(new URL("./parallel-worker.ts", import.meta.url), {
    workerData: { policy, claims: claims.slice(k * share, (k + 1) * share) },
  }));
  await Promise.all(workers.map((w) => once(w, "message"))); // "ready": the policy is loaded
  return {
    name: `bylaw, ${threads} worker threads`,
    async run(ms) {
      const start = now();
      const done = await Promise.all(workers.map((w) => {
        w.postMessage(ms);
        return once(w, "message") as Promise<[{ calls: number }]>;
      }));
      return { calls: done.reduce((n, [r]) => n + r.calls, 0), ms: now() - start };
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
