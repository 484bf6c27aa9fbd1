// A pipeline layer pays at most what the layers before it left. When the layer ends in a yearly
// cap, that bound is one more limit of the cap (`left` in the IR), so the cap's ledger records
// what the layer paid — not the formula's figure — and later claims find the room they should.
import { describe, expect, it } from "vitest";
import { loadRuleSet, renderTraceText, runTests } from "../../runtime/index.ts";
import { compileText, errors } from "./helpers.ts";

// 定额补助 300元 a claim, at most 1000元 a year; 个人负担 is what is left.
const POLICY = `
input { 合规费用: Money "合规费用" }
ledger per year { 已补助: Money "年度已补助"  已报销: Money "年度已报销" }
pipeline 结算 "结算" on 合规费用 {
  layer 定额补助 "定额补助" = 300元 at most 1000元 per year using 已补助
  layer 报销 "报销" = round(remaining * 50%, 1元)
  leaves 个人负担 "个人负担"
}
output 另算: Money "另算" = 合规费用 at most 5000元 per year using 已报销
test "一年五次就医" {
  claim { given 合规费用 = 200元  expect 定额补助 = 200元, 个人负担 = 0元 }
  claim { given 合规费用 = 500元  expect 定额补助 = 300元, 报销 = 100元, 个人负担 = 100元 }
  claim { given 合规费用 = 500元  expect 定额补助 = 300元 }
  claim { given 合规费用 = 500元  expect 定额补助 = 200元, 报销 = 150元 }
  claim { given 合规费用 = 500元  expect 定额补助 = 0元, 报销 = 250元 }
}
`;

describe("a layer that ends in a yearly cap records what it pays", () => {
  const r = compileText(POLICY);

  it("the ledger takes 200 of a 300 subsidy on a 200 claim, so the year's 1000 lasts to the fourth claim", () => {
    expect(errors(r)).toEqual([]);
    // 200 of 300 paid → ledger 200; 300 → 500; 300 → 800; 200 of the room left → 1000; then 0.
    // 报销 halves what is left, to the yuan: (500 − 300) × 50% = 100, (500 − 200) × 50% = 150.
    expect(runTests(loadRuleSet(r.artifact!))).toMatchObject([{ passed: true, failures: [] }]);
  });

  it("adds the limit only to a layer ending in a yearly cap, and marks it as the pipeline's", () => {
    const [subsidy, refund] = r.artifact!.ir.pipelines[0]!.layers;
    expect(subsidy!.expr).toMatchObject({ k: "cap", limits: [{ ledger: "已补助" }, { lim: { k: "remaining" }, left: true }] });
    expect(refund!.expr.k).toBe("call");
    // an output's cap outside a pipeline has no such limit
    expect(r.artifact!.ir.outputs.find((o) => o.name === "另算")!.expr).toMatchObject({ k: "cap", limits: [{ ledger: "已报销" }] });
  });

  it("the trace says why the layer paid less than its formula, in either language", () => {
    const out = loadRuleSet(r.artifact!).evaluate({ 合规费用: "200" }, undefined, { trace: true });
    if (!out.ok) throw new Error("failed");
    expect(out.ledger.values["已补助"]).toBe("200.00");
    expect(renderTraceText(out.trace!, "en")).toContain("the layer pays at most the ¥200 still open, this limit applies");
    expect(renderTraceText(out.trace!, "zh")).toContain("本层最多支付尚未支付的 200元，此限额起作用");
  });
});
