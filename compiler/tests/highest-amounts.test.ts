// `highest T over s` on a table of amounts (多病种就高): the greatest amount among the members
// of the set, unlimited above any amount. Figures by hand; the engines' agreement on generated
// claims is in tests/differential.test.ts and sql/engine.test.ts (variant.highest_limits).
import { describe, expect, it } from "vitest";
import { loadRuleSet, renderTraceText, runTests } from "../../runtime/index.ts";
import { compileText, errors } from "./helpers.ts";

/** The diseases, the claim and the ledger both policies below share. */
const DISEASES = `
enum 病种 "慢特病病种" §一 {
  透析 "尿毒症透析"
  糖尿病 "糖尿病"
  高血压 "高血压"
  冠心病 "冠心病"
}
input {
  病种: set of 病种 "所患慢特病（可多选）"
  费用: Money "门诊慢特病合规费用"
}
ledger per year { 已报销: Money "年度已报销" }
`;

const POLICY = `${DISEASES}
table 限额: 病种 -> Limit "病种年度限额" §二 {
  透析: unlimited
  糖尿病: 3000元
  高血压: 2000元
  冠心病: 2500元
}
define 年度限额: Limit "适用年度限额（多病种就高）" §二 = highest 限额 over 病种
output 报销: Money "门诊慢特病报销" §二 = 费用 * 70% at most 年度限额 per year using 已报销
// 高血压 2000 and 糖尿病 3000: the greater, 3000. 4000 × 70% = 2800; then 1000 × 70% = 700 > 200 left.
test "糖尿病和高血压：就高按糖尿病 3000元 §二" {
  given 病种 = [高血压, 糖尿病]
  claim { given 费用 = 4000元  expect 报销 = 2800元 }
  claim { given 费用 = 1000元  expect 报销 = 200元 }
}
// 透析 has no limit: with it, none. 100000 × 70% = 70000.
test "尿毒症透析不设限额，多病种时也不设 §二" {
  given 病种 = [糖尿病, 透析], 费用 = 100000元
  expect 报销 = 70000元
}
`;

describe("highest over a table of amounts", () => {
  const r = compileText(POLICY);

  it("is the greatest limit of the person's diseases, or none when one has none", () => {
    expect(errors(r)).toEqual([]);
    expect(runTests(loadRuleSet(r.artifact!)).map((t) => [t.name, t.passed])).toEqual([
      ["糖尿病和高血压：就高按糖尿病 3000元 §二", true], ["尿毒症透析不设限额，多病种时也不设 §二", true],
    ]);
  });

  it("the trace names the member it took; an empty set is the runtime's BR3004", () => {
    const rs = loadRuleSet(r.artifact!);
    const out = rs.evaluate({ 病种: ["高血压", "糖尿病"], 费用: "100" }, undefined, { trace: true });
    if (!out.ok) throw new Error("failed");
    expect(renderTraceText(out.trace!, "en")).toContain("most favourable of 高血压,糖尿病 → 3000 (from 糖尿病)");
    const empty = rs.evaluate({ 病种: [], 费用: "100" });
    expect(empty.ok ? [] : empty.errors.map((e) => e.code)).toEqual(["BR3004"]);
  });

  it("still refuses a table keyed by an amount (BL3027)", () => {
    expect(errors(compileText(`input { x: Money "x" }\ntable t: Money -> Money "t" {\n  [0元, ∞): 1元\n}\noutput y: Money = highest t over x\n`))).toContain("BL3027");
  });
});

describe("count of a set", () => {
  // 以限额最高的病种为基数，每增加一个病种，年度限额增加1000元
  const policy = (limit: string) => `${DISEASES}
table 限额: 病种 -> Money "病种年度限额" §二 {
  透析: 6万元
  糖尿病: 3000元
  高血压: 2000元
  冠心病: 2500元
}
define 年度限额: Money "年度限额" §二 = ${limit}
output 报销: Money "报销" §二 = 费用 * 70% at most 年度限额 per year using 已报销
// three diseases: 3000 + 2 × 1000 = 5000; 10000 × 70% = 7000 → 5000
test "三个病种：3000 + 2 × 1000元 §二" {
  given 病种 = [高血压, 冠心病, 糖尿病], 费用 = 10000元
  expect 报销 = 5000元, 年度限额 = 5000元
}
// one disease: its own limit
test "一个病种：2000元 §二" {
  given 病种 = [高血压], 费用 = 10000元
  expect 报销 = 2000元
}
`;

  it("is how many members the set holds: the limit grows by 1000元 for each disease past the first", () => {
    const r = compileText(policy("highest 限额 over 病种 + (count(病种) - 1) * 1000元"));
    expect(errors(r)).toEqual([]);
    expect(runTests(loadRuleSet(r.artifact!)).map((t) => t.passed)).toEqual([true, true]);
  });

  it("takes one set (BL3016, BL3017)", () => {
    expect(errors(compileText(policy("highest 限额 over 病种 + (count(病种, 病种) - 1) * 1000元")))).toContain("BL3016");
    expect(errors(compileText(policy("highest 限额 over 病种 + (count(费用) - 1) * 1000元")))).toContain("BL3017");
  });
});
