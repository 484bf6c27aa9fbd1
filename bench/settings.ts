// How big each section is: the full run for BENCHMARKS.md, or BENCH_QUICK=1 for a fast smoke run.
export interface Settings {
  quick: boolean;
  /** claims per evaluation section, all checked equal before timing */
  claims: number;
  rounds: number;
  roundMs: number;
  /** calls per step in the batched (Promise.all) ZEN measurement */
  zenBatch: number;
  compileRuns: number;
  batchRows: number;
  batchGoalSeconds: number;
}

export function settings(env: Record<string, string | undefined> = process.env): Settings {
  const quick = env["BENCH_QUICK"] === "1";
  return {
    quick,
    claims: quick ? 2_000 : 10_000,
    rounds: quick ? 3 : 7,
    roundMs: quick ? 150 : 300,
    zenBatch: 100,
    compileRuns: quick ? 3 : 7,
    batchRows: quick ? 100_000 : 1_000_000,
    batchGoalSeconds: 5,
  };
}
