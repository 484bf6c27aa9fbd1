// Timing helpers for `npm run bench`. Every figure is a median of several rounds measured
// in the same process, contenders interleaved round by round, so ratios compare like with
// like on the machine at hand even when other work shares it.

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

// A full collection before each timed round, so garbage one contender left behind (the
// engines allocate a lot) is not collected on the next one's clock. `npm run bench` runs
// plain `node`, so the gc function is enabled from here rather than by --expose-gc.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

export interface Rate {
  name: string;
  opsPerSec: number;
}

function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Something to time: `run(ms)` keeps calling it for about `ms` and says how many calls it made. */
export interface Runner {
  name: string;
  run(ms: number): Promise<{ calls: number; ms: number }>;
}

/** A synchronous `fn(i)`, called in chunks of 100 between clock reads. */
export function syncRunner(name: string, fn: (i: number) => unknown): Runner {
  let i = 0;
  let sink: unknown;
  return {
    name,
    async run(ms) {
      let calls = 0;
      const start = now();
      let elapsed = 0;
      do {
        for (let k = 0; k < 100; k++) sink = fn(i++);
        calls += 100;
        elapsed = now() - start;
      } while (elapsed < ms);
      if (sink === Symbol.for("never")) console.log(sink);
      return { calls, ms: elapsed };
    },
  };
}

/** An asynchronous `fn(i)`: awaited one by one, or `batch` calls at a time under Promise.all. */
export function asyncRunner(name: string, fn: (i: number) => Promise<unknown>, batch = 1): Runner {
  let i = 0;
  const step = batch === 1 ? () => fn(i++) : () => Promise.all(Array.from({ length: batch }, () => fn(i++)));
  return {
    name,
    async run(ms) {
      let calls = 0;
      const start = now();
      let elapsed = 0;
      do {
        await step();
        calls += batch;
        elapsed = now() - start;
      } while (elapsed < ms);
      return { calls, ms: elapsed };
    },
  };
}

export interface Interleaved {
  /** per runner, the median operations per second over the rounds */
  rates: Rate[];
  /** per runner, the median over the rounds of (first runner's rate ÷ this runner's rate) */
  ratios: number[];
  /** per runner, the median CPU time over wall time of its rounds: how many cores it kept busy
   *  (process-wide, so the engines' native threads and our worker threads count) */
  cores: number[];
  /** the median over the rounds of (runner a's rate ÷ runner b's rate) */
  ratio(a: number, b: number): number;
}

/** CPU time (user + system, all threads) of this process so far, in ms. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Times the runners round-robin: every round runs each of them for `roundMs` (the order
 *  rotating), so a slow spell on a shared machine hits all of them alike. Ratios to the
 *  first runner are taken within each round, then the median across rounds. */
export async function interleave(runners: Runner[], opts: { rounds?: number; roundMs?: number } = {}): Promise<Interleaved> {
  const rounds = opts.rounds ?? 5;
  const roundMs = opts.roundMs ?? 400;
  // Warm-up lets the JIT settle before anything is counted.
  for (const r of runners) await r.run(roundMs);
  const perRound: number[][] = runners.map(() => []);
  const coresPerRound: number[][] = runners.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < runners.length; k++) {
      const j = (k + round) % runners.length;
      gc();
      const cpu = cpuMs();
      const { calls, ms } = await runners[j]!.run(roundMs);
      coresPerRound[j]!.push((cpuMs() - cpu) / ms);
      perRound[j]!.push((calls / ms) * 1000);
    }
  }
  const ratio = (a: number, b: number): number => median(perRound[a]!.map((x, round) => x / perRound[b]![round]!));
  return {
    rates: runners.map((r, j) => ({ name: r.name, opsPerSec: median(perRound[j]!) })),
    ratios: runners.map((_, j) => ratio(0, j)),
    cores: coresPerRound.map(median),
    ratio,
  };
}

/** Median wall time in milliseconds of `runs` calls. */
export function timeMs(fn: () => unknown, runs = 7): number {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = now();
    fn();
    times.push(now() - start);
  }
  return median(times);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function fmtRate(r: number): string {
  return r >= 1e6 ? `${(r / 1e6).toFixed(2)} M/s` : r >= 1e3 ? `${(r / 1e3).toFixed(1)} k/s` : `${r.toFixed(1)} /s`;
}

export function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => [...r[c]].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c] + (cell.length - [...cell].length))).join("  ")).join("\n");
}
