import { Decimal } from "decimal.js";
import { loadRuleSet } from "/work/main/runtime/index.ts";
import { xpcc } from "/work/main/runtime/tests/fixtures.ts";
const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
const TH: Record<string, Decimal> = { 第一类: new D(0), 第二类: new D(0), 第三类: new D(2000), 第四类: new D(6000) };
const RT: Record<string, Decimal> = { 第一类: new D("0.9"), 第二类: new D("0.8"), 第三类: new D("0.7"), 第四类: new D("0.6") };
const CAP: Record<string, Decimal> = { 第一类: new D(50000), 第二类: new D(40000), 第三类: new D(30000), 第四类: new D(30000) };
const P5 = new D("0.05"), Z = new D(0);
function hand(input: any, ledger: any) {
  const cat = input.类别; const x = new D(input.自付); const south = input.南疆 === true;
  const used = new D(ledger.values.起付已用 ?? "0"), paid = new D(ledger.values.已救助 ?? "0"), cum = new D(ledger.values.年度自付 ?? "0");
  const left = D.max(TH[cat]!.minus(used), Z);
  const above = D.max(x.minus(left), Z);
  const r = RT[cat]!.plus(south && cat !== "第一类" ? P5 : Z);
  const v = above.times(r);
  const room = D.max(CAP[cat]!.minus(paid), Z);
  const res = D.min(v, room);
  const total = cum.plus(x);
  const alert = cat === "第三类" && total.gt(2000); const cumOut = cat === "第三类" ? total : cum;
  return { outputs: { 救助金: res.toDecimalPlaces(2).toFixed(2) }, alerts: alert ? ["因病返贫预警"] : [],
    ledger: { year: 2022, values: { 起付已用: used.plus(D.min(x, left)).toFixed(2), 已救助: paid.plus(res.toDecimalPlaces(2)).toFixed(2), 年度自付: cumOut.toFixed(2) } } };
}
const rs = loadRuleSet(xpcc());
const cats = ["第一类", "第二类", "第三类", "第四类"];
const inputs = Array.from({ length: 1000 }, (_, i) => ({ 类别: cats[i % 4], 南疆: i % 3 === 0, 自付: String(1000 + (i * 7919) % 50000) + ".5" }));
const ledger = { year: 2022, values: { 起付已用: "500.00", 已救助: "1000.00", 年度自付: "3000.00" } };
function time(name: string, f: (i: any) => unknown) {
  const N = 300_000; let s = 0;
  for (let i = 0; i < 20000; i++) f(inputs[i % 1000]);
  const t0 = performance.now();
  for (let i = 0; i < N; i++) { const r: any = f(inputs[i % 1000]); s += r ? 1 : 0; }
  const dt = performance.now() - t0;
  console.log(name, Math.round(N / dt * 1000), "eval/s");
  return N / dt;
}
for (let k = 0; k < 3; k++) {
const a = time("hand", (i) => hand(i, ledger));
const b = time("runtime", (i) => rs.evaluate(i, ledger));
const c = time("runtime+trace", (i) => rs.evaluate(i, ledger, { trace: true }));
console.log("ratio", (b / a).toFixed(2), "trace ratio", (c/a).toFixed(2));
}
// sanity: same answers
for (const i of inputs.slice(0, 50)) { const r: any = rs.evaluate(i, ledger); const h = hand(i, ledger); if (JSON.stringify(r.outputs) !== JSON.stringify(h.outputs) || JSON.stringify(r.ledger) !== JSON.stringify(h.ledger)) console.log("DIFF", i, r, h); }
