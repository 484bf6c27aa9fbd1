import { loadPolicy } from "./bylaw-contender.ts";
import { xpccSubject, dongyingSubject, XPCC_POLICY, DONGYING_POLICY } from "./run.ts";
const which = process.argv[2] ?? "x";
const rs = loadPolicy(which === "x" ? XPCC_POLICY : DONGYING_POLICY);
const claims = (which === "x" ? xpccSubject(10000) : dongyingSubject(10000)).claims;
let n = 0; const t0 = performance.now(); let sink;
while (performance.now() - t0 < Number(process.argv[3] ?? 4000)) { for (let k = 0; k < 1000; k++) { const c = claims[n++ % claims.length]; sink = rs.evaluate(c.input, c.ledger, { date: c.date }); } }
console.log(which, (n / (performance.now() - t0) * 1000).toFixed(0), "evals/s");
