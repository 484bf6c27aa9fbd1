// Tests check `define`s as well as outputs: `expect 比例 = 70%`.
import { describe, expect, it } from "vitest";
import { loadRuleSet, runTests } from "../../runtime/index.ts";
import { codes, compileText, errors } from "./helpers.ts";

const policy = (expectations: string) => `
enum 类别 { 低保  其他 }
input { 类别: 类别  自付: Money }
define 比例: Rate = if 类别 == 低保 then 70% else 50%
define 未用: Money = 自付 / 8           // read by no output: evaluated only when a test asks
output 救助金: Money = 自付 * 比例
test "低保" {
  given 类别 = 低保, 自付 = 1000元
  expect ${expectations}
}
`;

describe("tests expect defines", () => {
  it("a right expectation passes, a wrong one fails naming the define, with expected and actual", () => {
    const ok = compileText(policy("救助金 = 700元, 比例 = 70%, 未用 = 125元"));
    expect(errors(ok)).toEqual([]);
    const claim = ok.artifact!.tests[0]!.claims[0]!;
    expect(claim.expect).toEqual({ 救助金: "700" });
    expect(claim.defines).toEqual({ 比例: "0.7", 未用: "125" });
    expect(runTests(loadRuleSet(ok.artifact!))[0]).toMatchObject({ passed: true, failures: [] });

    const wrong = compileText(policy("救助金 = 700元, 比例 = 50%"));
    const [result] = runTests(loadRuleSet(wrong.artifact!), "en");
    expect(result!.passed).toBe(false);
    expect(result!.failures).toEqual([{ claim: 0, what: "比例", expected: "0.5", actual: "0.7" }]);
  });

  it("a define a test checks is used: no BL6001; one no test checks still warns", () => {
    expect(codes(compileText(policy("救助金 = 700元, 未用 = 125元")))).not.toContain("BL6001");
    expect(codes(compileText(policy("救助金 = 700元")))).toContain("BL6001");
  });

  it("a test expecting no define leaves the claim's IR as before (older runtimes read it)", () => {
    const r = compileText(policy("救助金 = 700元"));
    expect(r.artifact!.tests[0]!.claims[0]).not.toHaveProperty("defines");
  });

  it("the evaluator reports a define only when asked, and the fast path leaves such a claim to decimal.js", () => {
    const rs = loadRuleSet(compileText(policy("救助金 = 700元")).artifact!);
    const plain = rs.evaluate({ 类别: "其他", 自付: "900" });
    expect(plain.ok && plain.defines).toBeUndefined();
    const asked = rs.evaluate({ 类别: "其他", 自付: "900" }, undefined, { defines: ["比例", "未用"] });
    expect(asked.ok && asked.defines).toEqual({ 比例: "0.5", 未用: "112.5" });
  });

  it("a define's expectation is type-checked like an output's", () => {
    expect(codes(compileText(policy("比例 = 70")))).toEqual(["BL5001"]);
  });
});

describe("a claim's own given", () => {
  it("overrides the test's for that claim only; twice in one list is still BL5009", () => {
    const policy = `input {\n  门诊: Bool "门诊"\n  自付: Money "自付"\n}\noutput x: Money = if 门诊 then 自付 * 50% else 自付 * 80%\n`;
    const r = compileText(policy + `test "一年" {
  given 门诊 = false, 自付 = 100元
  claim { expect x = 80元 }
  claim { given 门诊 = true  expect x = 50元 }
  claim { expect x = 80元 }
}
`);
    expect(errors(r)).toEqual([]);
    expect(runTests(loadRuleSet(r.artifact!)).map((t) => [t.name, t.passed, t.failures])).toEqual([["一年", true, []]]);
    expect(errors(compileText(policy + `test "t" {\n  given 门诊 = false, 自付 = 100元\n  claim { given 门诊 = true, 门诊 = false  expect x = 80元 }\n}\n`))).toEqual(["BL5009"]);
  });
});
