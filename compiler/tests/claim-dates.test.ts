// A test's claims on dates of their own (`claim { date … }`): a dated param's value on each
// claim's day, and a later year's claim starting that year's ledger afresh, as a batch does.
import { describe, expect, it } from "vitest";
import { format } from "../../grammar/index.ts";
import { loadRuleSet, runTests } from "../../runtime/index.ts";
import { compileText, errors, HEADER } from "./helpers.ts";

// 起付线 = 人均可支配收入 × 5%: 30000元 → 1500元, from 2025-07-01 32000元 → 1600元; 75% above it.
const rules = (tests: string) => `
input { 自付: Money "政策范围内个人自付" }
ledger per year { 起付已用: Money "已用起付线" }
param 人均可支配收入: Money "上年度人均可支配收入" §二 {
  2022-01-01: 30000元
  2025-07-01: 32000元
}
output 救助金: Money "医疗救助金" §二 = 自付 above (人均可支配收入 * 5%) per year using 起付已用 * 75%
${tests}`;

const results = (tests: string) => {
  const r = compileText(rules(tests));
  expect(errors(r)).toEqual([]);
  return runTests(loadRuleSet(r.artifact!), "en");
};

describe("claims on dates of their own", () => {
  it("a dated param changes between two claims of one year; a new year starts the ledger afresh §二", () => {
    const [t] = results(`
test "年中调整与跨年" {
  date 2025-03-01
  claim { given 自付 = 20000元  expect 救助金 = 13875元 }
  claim { date 2025-08-01  given 自付 = 40000元  expect 救助金 = 29925元 }
  claim { given 自付 = 100元  expect 救助金 = 75元 }
  claim { date 2026-01-05  given 自付 = 1000元  expect 救助金 = 0元 }
  claim { date 2026-02-01  given 自付 = 1000元  expect 救助金 = 300元 }
}`);
    // (20000 − 1500) × 75% = 13875; then 100 of 1600 left: (40000 − 100) × 75% = 29925; the third
    // claim is on 2025-08-01 too, deductible used up: 75; 2026: 1000 of 1600, then (1000 − 600) × 75% = 300
    expect(t).toMatchObject({ passed: true, failures: [] });
  });

  it("a claim read on the test's date instead would fail: the figures tell the dates apart", () => {
    const [t] = results(`
test "按测试日期" {
  date 2025-03-01
  claim { given 自付 = 20000元  expect 救助金 = 13875元 }
  claim { given 自付 = 40000元  expect 救助金 = 29925元 }
  claim { date 2025-12-31  given 自付 = 1000元  expect 救助金 = 0元 }
}`);
    // without its own date the second claim is on 2025-03-01: the 1500 deductible is used up → 30000;
    // the third, in 2025 still, reads 1600: 100 of it left → (1000 − 100) × 75% = 675
    expect(t!.failures).toEqual([
      { claim: 1, what: "救助金", expected: "29925", actual: "30000.00" },
      { claim: 2, what: "救助金", expected: "0", actual: "675.00" },
    ]);
  });

  it("keeps each claim's date through the formatter, on the claim's line", () => {
    const text = rules(`test "t" {\n  claim { date 2025-08-01 given 自付 = 1元 expect 救助金 = 0元 }\n}\n`);
    const out = format(HEADER + text).text!;
    expect(out).toContain("  claim { date 2025-08-01  given 自付 = 1元  expect 救助金 = 0元 }");
    expect(compileText(out).artifact!.tests[0]!.claims[0]!.date).toBe("2025-08-01");
  });
});
