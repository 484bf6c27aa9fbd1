// `per claim` (单次限额, 每次起付线): a cap or deductible said to hold for each claim on its
// own. The value is the bare form's; the IR keeps the marker so traces can say 单次.
import { describe, expect, it } from "vitest";
import { format } from "../../grammar/index.ts";
import { loadRuleSet, renderTraceText, runTests } from "../../runtime/index.ts";
import { compileText, errors, HEADER } from "./helpers.ts";

const POLICY = `
input { 自付: Money "个人自付" }
ledger per year { 已救助: Money "年度已救助"  已救助2: Money }
output 单次: Money "单次救助" = 自付 above 2千元 per claim * 70% at most 5000元 per claim at most 3万元 per year using 已救助
output 不写: Money = 自付 above 2千元 * 70% at most 5000元 at most 3万元 per year using 已救助2
test "单次限额 §二" {
  ledger 已救助 = 29000元, 已救助2 = 29000元
  claim { given 自付 = 12000元  expect 单次 = 1000元 }
}
`;

describe("per claim", () => {
  const r = compileText(POLICY);

  it("compiles, keeps the marker in the IR, and its test passes", () => {
    expect(errors(r)).toEqual([]);
    const single = r.artifact!.ir.outputs[0]!.expr;
    expect(single).toMatchObject({
      k: "cap",
      limits: [{ lim: { v: "5000" }, perClaim: true }, { lim: { v: "30000" }, ledger: "已救助" }],
      v: { k: "arith", a: { k: "above", th: { v: "2000" }, perClaim: true } },
    });
    const bare = r.artifact!.ir.outputs[1]!.expr as { limits: object[] };
    expect(bare.limits[0]).not.toHaveProperty("perClaim");
    expect(runTests(loadRuleSet(r.artifact!)).map((t) => [t.name, t.passed])).toEqual([["单次限额 §二", true]]);
  });

  it("settles as the bare form does, and the trace says per claim", () => {
    const rs = loadRuleSet(r.artifact!);
    for (const 自付 of ["1000", "9000", "20000"]) {
      const out = rs.evaluate({ 自付 }, undefined, { trace: true });
      if (!out.ok) throw new Error("failed");
      expect(out.outputs["单次"]).toBe(out.outputs["不写"]);
    }
    const out = rs.evaluate({ 自付: "20000" }, undefined, { trace: true });
    if (!out.ok) throw new Error("failed");
    expect(out.outputs["单次"]).toBe("5000.00");
    const zh = renderTraceText(out.trace!, "zh");
    expect(zh).toContain("单次限额 5000元，剩余额度 5000元，此限额起作用");
    expect(zh).toContain("超过每次起付线 2000元 的部分 = 18000元");
    const en = renderTraceText(out.trace!, "en");
    expect(en).toContain("per-claim limit ¥5000");
    expect(en).toContain("part above the per-claim deductible ¥2000");
    // the bare form's trace does not claim 单次
    expect(zh.split("\n").filter((l) => l.includes("单次限额"))).toHaveLength(1);
  });

  it("is written back by the formatter", () => {
    const text = `${HEADER}input { 自付: Money }\noutput x: Money = 自付 above 2000元 per claim at most 5000元 per claim\n`;
    expect(format(text).text).toContain("output x: Money = 自付 above 2000元 per claim at most 5000元 per claim\n");
  });

  it("only after `above` or `at most`: `cumulative … per claim` and `B on x per claim` are syntax errors", () => {
    const cumulative = compileText(`
input { 自付: Money }
ledger per year { 累计: Money }
output x: Money = cumulative 自付 per claim
`);
    expect(errors(cumulative)).toEqual(["BL1001"]);
    expect(cumulative.diagnostics[0]!.args["found"]).toBe("`per claim`");
    const bands = compileText(`
input { 自付: Money }
bands 分段 marginal { [0元, ∞): 50% }
output x: Money = 分段 on 自付 per claim
`);
    expect(errors(bands)).toEqual(["BL1001"]);
  });
});
