// Run by perf.test.ts in a fresh Node process (`node grammar/tests/timing.ts <lines>`): the
// best CPU time of parsing a generated policy, free of the test runner's own load.
import { parse } from "../parse.ts";
import { generatedPolicy } from "./helpers.ts";

const lines = Number(process.argv[2] ?? "10000");
const text = generatedPolicy(lines);
const errors = parse(text).errors.length; // warm-up
let best = Number.POSITIVE_INFINITY;
for (let i = 0; i < 5; i++) {
  const before = process.cpuUsage();
  parse(text);
  const used = process.cpuUsage(before);
  best = Math.min(best, (used.user + used.system) / 1000);
}
process.stdout.write(JSON.stringify({ lines: text.split("\n").length, errors, bestCpuMs: best }));
