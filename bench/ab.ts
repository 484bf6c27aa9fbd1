// A/B of two runtimes on the same artifact and claims, in one process, in alternating rounds:
//   node bench/ab.ts OTHER_CHECKOUT [xpcc|dongying]
// OTHER_CHECKOUT is another clone of this repository (say, `git worktree add /tmp/old <commit>`).
// The artifact is compiled by the other checkout's compiler (an older runtime reads only its
// own format; this one reads older formats), the claims are this checkout's bench claims.
// Prints each side's median rate and the median of the per-round ratios (this ÷ other).
import { resolve } from "node:path";
import { xpccClaims, dongyingClaims } from "./cases.ts";
import * as here from "../runtime/index.ts";

const other = resolve(process.argv[2] ?? "");
const which = process.argv[3] ?? "xpcc";
if (process.argv[2] === undefined || !["xpcc", "dongying"].includes(which)) {
  process.stderr.write("usage: node bench/ab.ts OTHER_CHECKOUT [xpcc|dongying]\n");
  process.exit(2);
}
const { compile } = await import(`${other}/compiler/index.ts`);
const { readFileSync } = await import("node:fs");
const there = await import(`${other}/runtime/index.ts`);
const path = which === "xpcc" ? "policies/000-xpcc/assistance.bylaw" : "policies/001-dongying/critical-illness.bylaw";
const host = { readFile: (p: string) => { try { return readFileSync(`${other}/${p}`, "utf8"); } catch { return undefined; } } };
const artifact = compile(path, host.readFile(path)!, host).artifact;
if (artifact === undefined) throw new Error(`${other}: ${path} does not compile there`);
const claims = (which === "xpcc" ? xpccClaims : dongyingClaims)(10_000, 20220607).map((c) => ({ ...c, options: { date: c.date } }));
const sides = [["other", there.loadRuleSet(artifact)], ["this", here.loadRuleSet(artifact)]] as const;

/** Claims settled per second by `rs` in about `ms` milliseconds. */
function rate(rs: { evaluate(i: unknown, l?: unknown, o?: unknown): { ok: boolean } }, ms: number): number {
  let n = 0, ok = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    for (let i = 0; i < 1000; i++) {
      const c = claims[(n + i) % claims.length]!;
      if (rs.evaluate(c.input, c.ledger, c.options).ok) ok++;
    }
    n += 1000;
  }
  if (ok < 0) console.log(ok); // keeps the loop's work observable
  return (n / (performance.now() - t0)) * 1000;
}

for (const [, rs] of sides) rate(rs, 500);
const rates: number[][] = [[], []];
for (let round = 0; round < 41; round++) {
  for (let k = 0; k < 2; k++) {
    const j = (k + round) % 2;
    (globalThis as { gc?: () => void }).gc?.();
    rates[j]!.push(rate(sides[j]![1], 120));
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ratio = median(rates[1]!.map((r, i) => r / rates[0]![i]!));
console.log(`${which}: other ${(median(rates[0]!) / 1000).toFixed(0)} k/s, this ${(median(rates[1]!) / 1000).toFixed(0)} k/s, this ÷ other ${ratio.toFixed(3)}`);
