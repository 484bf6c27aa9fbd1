// Band modes and band rates read per claim, hand-computed, on every evaluator: the decimal.js
// evaluator (traced and untraced), the fixed-point fast path and the reference interpreter.
// The figures are the county standard: "1万元以内(含)的给予40%，1万元以上的给予45%"
// is 全额累进 (whole); the same rows written as 超额累进 (marginal) pay less above the edge.
import { describe, expect, it } from "vitest";
import { compileText } from "../compiler/tests/helpers.ts";
import type { Artifact, Value } from "../runtime/ir/artifact.ts";
import { loadFastPath, loadRuleSet } from "../runtime/rule-set.ts";
import { Declined } from "../runtime/result.ts";
import { renderTraceText } from "../runtime/eval/trace-text.ts";
import { ReferenceInterpreter } from "./reference-interpreter.ts";
import { levelRates } from "./support/level-rates.ts";

function artifactOf(text: string): Artifact {
  const r = compileText(text);
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.artifact!;
}

type Ledger = { year: number; values: Record<string, string> };

/** Each claim in turn on every evaluator, carrying the ledger; the outputs named `out`, which
 *  every evaluator must agree on. */
function settle(a: Artifact, claims: Record<string, Value>[], out: string): string[] {
  const exact = loadRuleSet(a, { evaluator: "exact" }), fast = loadFastPath(a)!, ref = new ReferenceInterpreter(a);
  expect(fast).toBeDefined();
  let ledger: Ledger | undefined;
  return claims.map((claim) => {
    const date = "2022-03-01";
    const e = exact.evaluate(claim, ledger, { date });
    const traced = exact.evaluate(claim, ledger, { date, trace: true });
    const f = fast.evaluate(claim, ledger, { date });
    const r = ref.run(claim, ledger, date);
    if (!e.ok || !traced.ok || !r.ok || f instanceof Declined || !f.ok) throw new Error(`claim refused: ${JSON.stringify([e, r, f])}`);
    expect([traced.outputs[out], f.outputs[out], r.outputs[out]]).toEqual([e.outputs[out], e.outputs[out], e.outputs[out]]);
    expect(f.ledger).toEqual(e.ledger);
    ledger = e.ledger as Ledger;
    return e.outputs[out] as string;
  });
}

const county = (mode: string, ledger = "") => `
input { 自付: Money "个人自付" }
${ledger ? "ledger per year { 累计: Money \"年度累计自付\" }" : ""}
bands 救助 "医疗救助比例" ${mode} {
  [0元, 1万元]: 40%
  (1万元, ∞): 45%
}
output 救助金: Money = 救助 on 自付${ledger}
`;

describe("bands: whole (全额累进) and marginal (超额累进)", () => {
  it("11 000: whole pays 4950 (11 000 × 45 %), marginal 4450 (10 000 × 40 % + 1000 × 45 %)", () => {
    expect(settle(artifactOf(county("whole")), [{ 自付: "11000" }], "救助金")).toEqual(["4950.00"]);
    expect(settle(artifactOf(county("marginal")), [{ 自付: "11000" }], "救助金")).toEqual(["4450.00"]);
  });

  it("the edge itself: 10 000 is in [0元, 1万元] (含), 40 % either way; a fen above it jumps to 45 % when whole", () => {
    expect(settle(artifactOf(county("whole")), [{ 自付: "10000" }, { 自付: "10000.01" }], "救助金")).toEqual(["4000.00", "4500.00"]);
    expect(settle(artifactOf(county("marginal")), [{ 自付: "10000" }, { 自付: "10000.01" }], "救助金")).toEqual(["4000.00", "4000.00"]);
  });

  it("on a yearly ledger: f(累计 + x) − f(累计), so the year pays what its total pays", () => {
    // whole: 6000 → 2400; then the total 11 000 pays 4950, of which 2400 was paid: 2550
    const whole = settle(artifactOf(county("whole", " per year using 累计")), [{ 自付: "6000" }, { 自付: "5000" }], "救助金");
    expect(whole).toEqual(["2400.00", "2550.00"]);
    // marginal: 6000 → 2400; then 4000 × 40 % + 1000 × 45 % = 2050 (4450 in the year)
    const marginal = settle(artifactOf(county("marginal", " per year using 累计")), [{ 自付: "6000" }, { 自付: "5000" }], "救助金");
    expect(marginal).toEqual(["2400.00", "2050.00"]);
  });

  it("the trace names the mode and, on a ledger, what the year's earlier claims came to", () => {
    const a = artifactOf(county("whole", " per year using 累计"));
    const r = loadRuleSet(a).evaluate({ 自付: "5000" }, { year: 2022, values: { 累计: "6000" } }, { date: "2022-03-01", trace: true });
    if (!r.ok) throw new Error("refused");
    const text = renderTraceText(r.trace!, "zh");
    expect(text).toContain("全额累进");
    expect(text).toContain("医疗救助比例 = 2550元（全额累进，本次 5000元，年度累计自付 本年 6000元 → 11000元）");
    expect(text).toContain("(10000, ∞) 段：11000元 × 45% = 4950元");
    expect(text).toContain("减去本年此前累计：[0, 10000] 段：6000元 × 40% = 2400元");
    expect(renderTraceText(r.trace!, "en")).toContain("(whole, this claim");
  });
});

describe("band rates read from a table per hospital level", () => {
  // Two hospital levels, the same edges, one yearly cap shared by both.
  const text = `
${levelRates()}
input {
  级别: 医院级别 "医院级别"
  自付: Money "个人自付"
}
ledger per year { 已救助: Money "年度已救助" }
bands 救助 "医疗救助比例" whole {
  [0元, 1万元]: 低档[级别]
  (1万元, ∞): 高档[级别]
}
output 救助金: Money = 救助 on 自付 at most 8000元 per year using 已救助
`;

  it("each level at its own rates, the cap shared across levels", () => {
    const a = artifactOf(text);
    // the rates stay lookups in the artifact, read per claim
    expect(a.ir.bands[0]!.rows.map((r) => r.rate)).toEqual([
      expect.objectContaining({ k: "index", table: "低档", key: expect.objectContaining({ k: "input", name: "级别" }) }),
      expect.objectContaining({ k: "index", table: "高档", key: expect.objectContaining({ k: "input", name: "级别" }) }),
    ]);
    // 乡镇级 8000 → 8000 × 50 % = 4000; 县级以上 11 000 → 11 000 × 45 % = 4950, capped at 8000 − 4000 = 4000
    expect(settle(a, [{ 级别: "乡镇级", 自付: "8000" }, { 级别: "县级以上", 自付: "11000" }], "救助金")).toEqual(["4000.00", "4000.00"]);
    // 县级以上 10 000 → 4000; 乡镇级 2000 → 2000 × 50 % = 1000
    expect(settle(a, [{ 级别: "县级以上", 自付: "10000" }, { 级别: "乡镇级", 自付: "2000" }], "救助金")).toEqual(["4000.00", "1000.00"]);
  });
});
