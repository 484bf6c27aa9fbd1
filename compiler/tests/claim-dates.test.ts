// A test's claims on dates of their own (`claim { date … }`): a dated param's value on each
// claim's day, and a later year's claim starting that year's ledger afresh, as a batch does.
import { describe, expect, it } from "vitest";
import { format } from "../../grammar/index.ts";
import { loadRuleSet, renderTraceText, runTests } from "../../runtime/index.ts";
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

describe("`claim date` in an expression", () => {
  // 认定之日起发生的费用纳入救助；因病新认定的，认定前6个月的费用也纳入 — 70 % of what falls in the window
  const POLICY = `
input {
  认定日期: Date "救助对象认定日期"
  因病新认定: Bool "因病新认定" = false
  自付: Money "个人自付"
}
define 起算日: Date "可纳入救助的费用起始日期" §一 = if 因病新认定 then 认定日期 - 6个月 else 认定日期
output 救助金: Money "救助金" §一 = if claim date >= 起算日 then 自付 * 70% else 0元
test "认定当日起救助 §一" {
  given 认定日期 = 2024-05-01, 自付 = 1000元
  claim { date 2024-04-30  expect 救助金 = 0元 }
  claim { date 2024-05-01  expect 救助金 = 700元 }
}
test "因病新认定：认定前6个月起救助 §一" {
  given 认定日期 = 2024-08-01, 因病新认定 = true, 自付 = 1000元
  claim { date 2024-01-31  expect 救助金 = 0元 }
  claim { date 2024-02-01  expect 救助金 = 700元 }
}
`;

  it("reads the date of the claim being settled: the day before the window pays 0, its first day 700", () => {
    const r = compileText(POLICY);
    expect(errors(r)).toEqual([]);
    expect(runTests(loadRuleSet(r.artifact!)).map((t) => [t.name, t.passed])).toEqual([["认定当日起救助 §一", true], ["因病新认定：认定前6个月起救助 §一", true]]);
    expect(r.artifact!.ir.outputs[0]!.expr).toMatchObject({ k: "if", c: { k: "cmp", a: { k: "claimDate", t: "Date" } } });
  });

  it("the trace shows the date read, in either language; the formatter keeps `claim date`", () => {
    const rs = loadRuleSet(compileText(POLICY).artifact!);
    const out = rs.evaluate({ 认定日期: "2024-05-01", 自付: "1000" }, undefined, { date: "2024-06-03", trace: true });
    if (!out.ok) throw new Error("failed");
    expect(renderTraceText(out.trace!, "en")).toContain("claim date = 2024-06-03");
    expect(renderTraceText(out.trace!, "zh")).toContain("就医日期 = 2024-06-03");
    // six months back reads as a subtraction, not `+ -6`
    const back = rs.evaluate({ 认定日期: "2024-05-01", 因病新认定: true, 自付: "1000" }, undefined, { date: "2024-06-03", trace: true });
    if (!back.ok) throw new Error("failed");
    expect(renderTraceText(back.trace!, "zh")).toContain("2024-05-01 − 6个月 = 2023-11-01");
    expect(renderTraceText(back.trace!, "en")).toContain("2024-05-01 − 6 months = 2023-11-01");
    expect(format(HEADER + POLICY).text).toContain("if claim date >= 起算日 then 自付 * 70% else 0元");
  });

  it("is a Date: money cannot be added to it (BL3018)", () => {
    expect(errors(compileText(`input { 自付: Money "自付" }\noutput x: Money = if claim date + 1元 > 2024-01-01 then 自付 else 0元\n`))).toContain("BL3018");
  });
});

describe("a policy in force for one day", () => {
  it("ends on its effective date: it compiles, and a claim on that day settles (the runtime reads ends as a day in force)", () => {
    const r = compileText(`policy t.oneday "一日" {\n  region "测试地区"\n  effective 2024-03-01\n  ends 2024-03-01\n  source "t.txt"\n}\ninput { 自付: Money "自付" }\noutput y: Money "y" = 自付 * 50%\ntest "当日" {\n  date 2024-03-01\n  given 自付 = 10元\n  expect y = 5元\n}\n`);
    expect(errors(r)).toEqual([]);
    expect(runTests(loadRuleSet(r.artifact!)).map((t) => t.passed)).toEqual([true]);
    expect(loadRuleSet(r.artifact!).evaluate({ 自付: "10" }, undefined, { date: "2024-03-02" })).toMatchObject({ ok: false, errors: [{ code: "BR2024" }] });
  });
});
