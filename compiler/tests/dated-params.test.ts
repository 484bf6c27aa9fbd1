// Parameters with dated values: `param X: Money { 2021-01-01: 30000元  2022-01-01: 40000元 }`.
// On a claim's date the latest entry from that date or before applies. Checked end to end:
// the compiler (checks, folding, overrides, formatting), both evaluators and the fast path
// alone, the reference interpreter, traces, and the RuleBook's version switch.
import { describe, expect, it } from "vitest";
import { format } from "../../grammar/index.ts";
import {
  loadRuleSet, renderTraceText, RuleBook, runTests, tryLoadRuleSet, type EvalResult,
} from "../../runtime/index.ts";
import { Coverage } from "../../runtime/coverage.ts";
import { loadFastPath } from "../../runtime/rule-set.ts";
import { Declined } from "../../runtime/result.ts";
import { seal } from "../../runtime/tests/fixtures.ts";
import { ReferenceInterpreter } from "../../tests/reference-interpreter.ts";
import { artifactOf, codes, compileText } from "./helpers.ts";

const HEADER = (effective: string, id = "t.dated") => `policy ${id} "测试" {
  region "测试地区"
  effective ${effective}
  source "test.txt"
}
`;

// 因病致贫预警 of XPCC §四(一) in small: the line is 50% of last year's disposable income,
// a figure the statistics bureau publishes each year.
const POLICY = HEADER("2021-01-01") + `
input { 累计自付: Money "年度累计个人负担" }
param 人均可支配收入: Money "上年度人均可支配收入" §四(一) {
  2021-01-01: 30000元
  2022-01-01: 40000元
}
param 预警比例: Rate "预警线比例" §四(一) = 50%
define 预警线: Money "因病致贫预警线" §四(一) = 人均可支配收入 * 预警比例
output 超出预警线: Money "超出预警线部分" §四(一) = 累计自付 above 预警线
alert 因病致贫预警 "因病致贫预警" §四(一) when 累计自付 > 预警线
`;

const settled = (r: EvalResult | Declined) => {
  if (r instanceof Declined || !r.ok) throw new Error(`not settled: ${JSON.stringify(r)}`);
  return { outputs: r.outputs, alerts: r.alerts.map((a) => a.name) };
};

describe("a dated param across a year boundary", () => {
  const artifact = artifactOf(POLICY);
  const claim = { 累计自付: "18000" };
  // 2021-12-31: 30000 in force, line 15000: 18000 − 15000 = 3000 above it, alert.
  // 2022-01-01: 40000 in force, line 20000: nothing above it, no alert.
  const expected = {
    "2021-12-31": { outputs: { 超出预警线: "3000.00" }, alerts: ["因病致贫预警"] },
    "2022-01-01": { outputs: { 超出预警线: "0.00" }, alerts: [] },
    "2023-06-30": { outputs: { 超出预警线: "0.00" }, alerts: [] },
  };

  it("writes the schedule into the IR", () => {
    expect(artifact.ir.params.find((p) => p.name === "人均可支配收入")).toMatchObject({
      values: [{ from: "2021-01-01", value: "30000" }, { from: "2022-01-01", value: "40000" }],
    });
  });

  it.each(Object.entries(expected))("on %s, assembled, decimal.js alone, the fast path alone and the reference agree", (date, want) => {
    const fast = loadFastPath(artifact)!;
    expect(fast).toBeDefined();
    for (const subject of [loadRuleSet(artifact), loadRuleSet(artifact, { evaluator: "exact" }), fast]) {
      expect(settled(subject.evaluate(claim, undefined, { date }))).toEqual(want);
    }
    const ref = new ReferenceInterpreter(artifact).run(claim, undefined, date);
    expect(ref.ok && { outputs: ref.outputs, alerts: ref.alerts }).toEqual(want);
  });

  it("the fast path, met with dates in turn that share its memo's slot (same last digit of the year, month and day), keeps each date's value and year", () => {
    const fast = loadFastPath(artifact)!;
    // 2021-06-01 and 2031-06-01 fall in one slot: 30000 then 40000 in force; 2022-06-01 another
    const want = { "2021-06-01": "3000.00", "2031-06-01": "0.00", "2022-06-01": "0.00" };
    for (let round = 0; round < 3; round++) {
      for (const [date, above] of Object.entries(want)) {
        expect(settled(fast.evaluate(claim, undefined, { date })).outputs).toEqual({ 超出预警线: above });
      }
    }
    // the year each claim settles in is its own: a ledger of 2021 carries into 2021, not into 2031
    const ledgered = loadFastPath(artifactOf(POLICY.replace("input {", `ledger per year "台账" {\n  已付: Money "已付"\n}\ninput {`)
      + `output 本年累计: Money "本年累计" = cumulative 累计自付 per year using 已付\n`))!;
    expect(ledgered).toBeDefined();
    const ledger = { year: 2021, values: { 已付: "100.00" } };
    for (let round = 0; round < 2; round++) {
      for (const [date, total] of [["2021-06-01", "18100.00"], ["2031-06-01", "18000.00"]]) {
        expect(settled(ledgered.evaluate(claim, ledger, { date: date! })).outputs.本年累计).toBe(total);
      }
    }
  });

  it("the trace says which value applied and from when", () => {
    const r = loadRuleSet(artifact).evaluate(claim, undefined, { date: "2022-01-01", trace: true });
    if (!r.ok) throw new Error("refused");
    const en = renderTraceText(r.trace!, "en");
    expect(en).toContain("= ¥40000, in force from 2022-01-01");
    expect(en).not.toContain("30000");
    expect(renderTraceText(r.trace!, "zh")).toContain("= 40000元（2022-01-01 起适用）");
    const before = loadRuleSet(artifact).evaluate(claim, undefined, { date: "2021-12-31", trace: true });
    expect(before.ok && renderTraceText(before.trace!, "en")).toContain("= ¥30000, in force from 2021-01-01");
  });

  it("coverage counts each value a test reached: tested only in 2021, the 2022 value is listed untested", () => {
    const only2021 = `test "2021" {\n  date 2021-06-01\n  given 累计自付 = 16000元\n  expect 超出预警线 = 1000元\n}\n`;
    const cov = new Coverage(artifactOf(POLICY + only2021));
    runTests(loadRuleSet(artifactOf(POLICY + only2021)), "en", (t) => cov.hit(t));
    expect(cov.summary().find((k) => k.kind === "dated")).toEqual({ kind: "dated", covered: 1, total: 2 });
    expect(cov.uncovered().filter((i) => i.kind === "dated").map((i) => [i.what, i.section])).toEqual([["人均可支配收入 from 2022-01-01", "§四(一)"]]);
  });

  it("is not a constant: a condition on it is not linted as always or never holding", () => {
    const text = POLICY + `alert 高收入 "高收入" §四(一) when 人均可支配收入 > 35000元\n`;
    expect(codes(compileText(text))).toEqual([]);
    // the same condition on an undated param is constant (BL6006 here: 40000 > 35000)
    const undated = text.replace(/\{\n  2021-01-01: 30000元\n  2022-01-01: 40000元\n\}/, "= 40000元");
    expect(codes(compileText(undated))).toEqual(["BL6006"]);
  });
});

describe("checks", () => {
  it("a claim before the first value cannot be in force: the first value must be by the effective date", () => {
    const late = POLICY.replace("2021-01-01: 30000元", "2021-02-01: 30000元");
    expect(codes(compileText(late))).toEqual(["BL4045"]);
    // and the loader holds an artifact to the same
    const a = structuredClone(artifactOf(POLICY));
    a.ir.params[0]!.values![0]!.from = "2021-02-01";
    const r = tryLoadRuleSet(seal(a));
    expect(!r.ok && [r.error.code, "path" in r.error && r.error.path]).toEqual(["BR1040", "ir.params[0].values[0].from"]);
  });

  it("the loader refuses dates that do not go forward and a param with both forms", () => {
    const a = structuredClone(artifactOf(POLICY));
    a.ir.params[0]!.values![1]!.from = "2021-01-01";
    const r = tryLoadRuleSet(seal(a));
    expect(!r.ok && r.error.code).toBe("BR1040");
    const b = structuredClone(artifactOf(POLICY));
    b.ir.params[0]!.value = "1";
    const s = tryLoadRuleSet(seal(b));
    expect(!s.ok && s.error.code).toBe("BR1012");
  });

  it("a dated param's values may be of any type, each checked against it", () => {
    const text = HEADER("2022-01-01") + `
input { 自付: Money "自付" }
param 比例: Rate "比例" { 2022-01-01: 50%, 2023-01-01: 60% }
output 救助金: Money "救助金" = 自付 * 比例
`;
    const a = artifactOf(text);
    expect(settled(loadRuleSet(a).evaluate({ 自付: "1000" }, undefined, { date: "2023-01-01" })).outputs).toEqual({ 救助金: "600.00" });
    expect(codes(compileText(text.replace("60%", "600元")))).toEqual(["BL3006"]);
  });
});

describe("overrides", () => {
  const PARENT = HEADER("2021-01-01", "t.parent") + `
input { 自付: Money "自付" }
param 线: Money "线" = 1000元 at least 500元
output 超出: Money "超出" = 自付 above 线
`;
  const child = (body: string) => compileText(HEADER("2021-01-01") .replace(" {", ` extends "parent.bylaw" {`) + body, { "parent.bylaw": PARENT });

  it("an override can replace a value by a schedule, bounds inherited", () => {
    const r = child(`override param 线: Money "线" {\n  2021-01-01: 800元\n  2022-01-01: 1200元\n}\n`);
    expect(codes(r)).toEqual([]);
    const rs = loadRuleSet(r.artifact!);
    expect(settled(rs.evaluate({ 自付: "2000" }, undefined, { date: "2021-12-31" })).outputs).toEqual({ 超出: "1200.00" });
    expect(settled(rs.evaluate({ 自付: "2000" }, undefined, { date: "2022-01-01" })).outputs).toEqual({ 超出: "800.00" });
    // the parent's `at least 500元` binds every value of the schedule
    expect(codes(child(`override param 线: Money "线" {\n  2021-01-01: 800元\n  2022-01-01: 400元\n}\n`))).toEqual(["BL4011"]);
  });

  it("an override can replace one schedule by another, and `base.X` reads the parent's", () => {
    const parent = PARENT.replace(`= 1000元 at least 500元`, `{\n  2021-01-01: 1000元\n  2022-01-01: 1500元\n}`) + `output 旧线超出: Money "按原标准超出" = 0元\n`;
    const text = HEADER("2021-01-01").replace(" {", ` extends "parent.bylaw" {`) + `
override param 线: Money "线" {
  2021-01-01: 600元
}
override output 旧线超出: Money "按原标准超出" = 自付 above base.线
`;
    const r = compileText(text, { "parent.bylaw": parent });
    expect(codes(r)).toEqual([]);
    for (const [date, want] of [["2021-06-01", { 超出: "1400.00", 旧线超出: "1000.00" }], ["2022-06-01", { 超出: "1400.00", 旧线超出: "500.00" }]] as const) {
      for (const rs of [loadRuleSet(r.artifact!), loadRuleSet(r.artifact!, { evaluator: "exact" })]) {
        expect(settled(rs.evaluate({ 自付: "2000" }, undefined, { date })).outputs).toEqual(want);
      }
      const ref = new ReferenceInterpreter(r.artifact!).run({ 自付: "2000" }, undefined, date);
      expect(ref.ok && ref.outputs).toEqual(want);
    }
  });
});

describe("a param written from dated params (起付线为上年度人均可支配收入的50%)", () => {
  // 大病保险 in small: 起付线 = income × 50%, 18000元 then 19000元 from 2025-07-01; the first band
  // starts at it; a child policy halves it for 特困人员 (起付线降低50%)
  const BASE = HEADER("2025-01-01", "t.dabing") + `
input { 自付: Money "合规自付" }
ledger per year { 累计: Money "年度累计合规自付" }
param 人均收入: Money "上年度居民人均可支配收入" §一 {
  2025-01-01: 3.6万元
  2025-07-01: 3.8万元
}
param 起付线: Money "大病保险起付线" §一 = 人均收入 * 50% at least 5000元
bands 分段 "分段报销" §二 marginal {
  [起付线, 10万元]: 60%
  (10万元, ∞): 70%
}
output 大病保险: Money "大病保险" §二 = 分段 on 自付 per year using 累计
`;
  const claims = (rs: ReturnType<typeof loadRuleSet>) => {
    const first = settled(rs.evaluate({ 自付: "28000" }, undefined, { date: "2025-03-01" }));
    const r = rs.evaluate({ 自付: "10000" }, { year: 2025, values: { 累计: "28000" } }, { date: "2025-08-01" });
    return [first.outputs.大病保险, settled(r).outputs.大病保险];
  };

  it("is dated itself: its value on each date they change, in the IR, the bands and the bounds", () => {
    const r = compileText(BASE);
    expect(codes(r)).toEqual([]);
    expect(r.artifact!.ir.params.find((p) => p.name === "起付线")!.values).toEqual([{ from: "2025-01-01", value: "18000" }, { from: "2025-07-01", value: "19000" }]);
    // (28000 − 18000) × 60 % = 6000; then f(38000) − f(28000) with the edge at 19000: 11400 − 5400 = 6000
    for (const rs of [loadRuleSet(r.artifact!), loadRuleSet(r.artifact!, { evaluator: "exact" })]) expect(claims(rs)).toEqual(["6000.00", "6000.00"]);
    // the bound holds for each value: 18000元 and 19000元 are both below 2万元
    expect(codes(compileText(BASE.replace("at least 5000元", "at least 2万元")))).toEqual(["BL4011", "BL4011"]);
    expect(codes(compileText(BASE.replace("at least 5000元", "at most 18500元")))).toEqual(["BL4012"]);
  });

  it("a child halves it with `base.起付线 * 50%`, still dated", () => {
    const r = compileText(HEADER("2025-01-01").replace(" {", ` extends "base.bylaw" {`) + `override param 起付线: Money "特困人员起付线降低50%" §三 = base.起付线 * 50%
`, { "base.bylaw": BASE });
    expect(codes(r)).toEqual([]);
    // (28000 − 9000) × 60 % = 11400; then (38000 − 9500) × 60 % − (28000 − 9500) × 60 % = 6000
    expect(claims(loadRuleSet(r.artifact!))).toEqual(["11400.00", "6000.00"]);
  });
});

describe("a dated param and the RuleBook's versions compose", () => {
  // v1 (2021-01-01 … 2022-12-31) has the dated figure; v2 (from 2023-01-01) lowers the ratio to 40 %.
  const v1 = loadRuleSet(artifactOf(POLICY.replace("effective 2021-01-01", "effective 2021-01-01\n  ends 2022-12-31")));
  const v2 = loadRuleSet(artifactOf(HEADER("2023-01-01") + POLICY.slice(HEADER("2021-01-01").length)
    .replace("2021-01-01: 30000元\n  2022-01-01: 40000元", "2023-01-01: 45000元").replace("= 50%", "= 40%")));
  const book = new RuleBook([v1, v2]);
  const claim = { 累计自付: "18500" };

  it.each([
    ["2021-12-31", "3500.00"], // v1, 30000 × 50% = 15000
    ["2022-01-01", "0.00"], // v1, 40000 × 50% = 20000
    ["2022-12-31", "0.00"],
    ["2023-01-01", "500.00"], // v2, 45000 × 40% = 18000
  ])("on %s", (date, above) => {
    expect(settled(book.evaluate(claim, undefined, { date })).outputs).toEqual({ 超出预警线: above });
  });
});

describe("the formatter", () => {
  it("writes the dated form canonically, bounds after the brace, and is idempotent", () => {
    const messy = HEADER("2021-01-01") + `param 线 : Money "线"   §一 {2021-01-01 : 30000元, 2022-01-01:4万元} at most 10万元\n`;
    const once = format(messy).text!;
    expect(once).toContain(`param 线: Money "线" §一 {\n  2021-01-01: 30000元\n  2022-01-01: 4万元\n} at most 10万元\n`);
    expect(format(once).text).toBe(once);
  });
});

describe("a table whose values follow a dated param (低保对象: 普通起付线 * 50%)", () => {
  const TABLE = `enum 类别 { 低保对象  普通居民 }\ninput { 类别: 类别  自付: Money }\nparam 普通起付线: Money {\n  2022-01-01: 15000元\n  2022-07-01: 12000元\n}\n`;

  it("is one table a period, read by the claim's date, and pays as the shares of the param would", () => {
    const a = artifactOf(TABLE + `table 起付线: 类别 -> Money { 低保对象: 普通起付线 * 50%  普通居民: 普通起付线 }\noutput y: Money = 自付 above 起付线[类别]\n`);
    expect(a.ir.tables.map((t) => [t.name, t.rows.map((r) => r.value)])).toEqual([["起付线", ["7500", "15000"]], ["起付线·2022-07-01", ["6000", "12000"]]]);
    const rs = loadRuleSet(a);
    const pay = (类别: string, date: string) => (rs.evaluate({ 类别, 自付: "20000" }, undefined, { date }) as { outputs: Record<string, string> }).outputs.y;
    // 20000 above 7500, above 6000 from 2022-07-01; 普通居民 above 12000
    expect([pay("低保对象", "2022-03-01"), pay("低保对象", "2022-08-01"), pay("普通居民", "2022-08-01")]).toEqual(["12500.00", "14000.00", "8000.00"]);
  });

  it("as a band's rate it is refused at compile time (BL4031), never at load; an unknown name in a cell is BL2001 alone", () => {
    const rated = compileText(`enum 类别 { 低保对象  普通居民 }\ninput { 类别: 类别  自付: Money }\nparam 提高: Rate {\n  2022-01-01: 60%\n  2022-07-01: 65%\n}\n` +
      `table 比例: 类别 -> Rate { 低保对象: 提高  普通居民: 50% }\nbands 分段 marginal {\n  [0元, 1万元]: 比例[类别]\n  (1万元, ∞): 70%\n}\noutput y: Money = 分段 on 自付\n`);
    expect(rated.diagnostics.map((d) => [d.code, d.args.dated])).toEqual([["BL4031", "提高"]]);
    expect(compileText(TABLE + `table 起付线: 类别 -> Money { 低保对象: 未声明  普通居民: 普通起付线 }\noutput y: Money = 自付 above 起付线[类别]\n`).diagnostics.map((d) => d.code)).toEqual(["BL2001"]);
  });
});
