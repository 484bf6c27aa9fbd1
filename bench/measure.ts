// Timing helpers for `npm run bench`. Every figure is a median of several rounds measured
// in the same process, so ratios compare like with like on the machine at hand.

export interface Rate {
  name: string;
  opsPerSec: number;
}

function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Runs `fn(i)` in rounds of about `roundMs` and returns the median operations per second. */
export function measureSync(name: string, fn: (i: number) => unknown, opts: { rounds?: number; roundMs?: number } = {}): Rate {
  const rounds = opts.rounds ?? 5;
  const roundMs = opts.roundMs ?? 400;
  let sink: unknown;
  // Warm-up lets the JIT settle before anything is counted.
  const warmEnd = now() + roundMs;
  let i = 0;
  while (now() < warmEnd) for (let k = 0; k < 100; k++) sink = fn(i++);
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const start = now();
    let elapsed = 0;
    do {
      for (let k = 0; k < 100; k++) sink = fn(i++);
      n += 100;
      elapsed = now() - start;
    } while (elapsed < roundMs);
    rates.push((n / elapsed) * 1000);
  }
  if (sink === Symbol.for("never")) console.log(sink);
  return { name, opsPerSec: median(rates) };
}

/** The same for an async function, `batch` calls awaited together per step. */
export async function measureAsync(name: string, fn: (i: number) => Promise<unknown>, opts: { rounds?: number; roundMs?: number; batch?: number } = {}): Promise<Rate> {
  const rounds = opts.rounds ?? 5;
  const roundMs = opts.roundMs ?? 400;
  const batch = opts.batch ?? 1;
  let i = 0;
  const step = async () => {
    if (batch === 1) await fn(i++);
    else await Promise.all(Array.from({ length: batch }, () => fn(i++)));
  };
  const warmEnd = now() + roundMs;
  while (now() < warmEnd) await step();
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const start = now();
    let elapsed = 0;
    do {
      await step();
      n += batch;
      elapsed = now() - start;
    } while (elapsed < roundMs);
    rates.push((n / elapsed) * 1000);
  }
  return { name, opsPerSec: median(rates) };
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
