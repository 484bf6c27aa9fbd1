import { loadRuleSet } from "./index.ts";
import { xpcc } from "./tests/fixtures.ts";
const rs = loadRuleSet(xpcc());
const cats = ["第一类", "第二类", "第三类", "第四类"];
const inputs = Array.from({ length: 1000 }, (_, i) => ({ 类别: cats[i % 4], 南疆: i % 3 === 0, 自付: String(1000 + (i * 7919) % 50000) + ".5" }));
const ledger = { year: 2022, values: { 起付已用: "500.00", 已救助: "1000.00", 年度自付: "3000.00" } };
const t0 = performance.now();
for (let i = 0; i < 400000; i++) rs.evaluate(inputs[i % 1000], ledger);
console.log(400000 / (performance.now() - t0) * 1000);
