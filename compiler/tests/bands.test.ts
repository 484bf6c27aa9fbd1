// Bands: each kind of mistake has its own code; a correct table compiles exactly.
import { describe, expect, it } from "vitest";
import { loadRuleSet, runTests } from "../../runtime/index.ts";
import { Coverage } from "../../runtime/coverage.ts";
import { compileText, errors } from "./helpers.ts";

const bands = (rows: string, mode = "marginal") => `
input { 自付: Money "自付" }
bands 分段 ${mode} {
${rows}
}
output 补偿: Money = 分段 on 自付
`;

describe("bands", () => {
  it.each([
    ["out of order", "[10万元, 20万元): 65%\n[1.6万元, 10万元): 60%", "BL4003"],
    ["overlapping", "[1.6万元, 10万元]: 60%\n[10万元, 20万元): 65%", "BL4004"],
    ["undeclared gap", "[1.6万元, 10万元): 60%\n[11万元, 20万元): 65%", "BL4005"],
    ["rate above 100 %", "[1.6万元, 10万元): 60%\n[10万元, ∞): 101%", "BL4006"],
    ["negative bound", "[-1元, 10万元): 60%\n[10万元, ∞): 65%", "BL4007"],
  ])("%s", (_, rows, code) => {
    expect(errors(compileText(bands(rows)))).toEqual([code]);
  });

  it("accepts a declared gap", () => {
    expect(errors(compileText(bands("[1.6万元, 10万元): 60%\ngap [10万元, 11万元)\n[11万元, ∞): 65%")))).toEqual([]);
  });

  it("accepts a correct 4-band table (001 §二(二)) and lowers it exactly", () => {
    const r = compileText(bands("[1.6万元, 10万元): 60%\n[10万元, 20万元): 65%\n[20万元, 30万元): 70%\n[30万元, ∞): 75%"));
    expect(r.diagnostics).toEqual([]);
    const rows = r.artifact!.ir.bands[0]!.rows.map(({ lo, hi, loIncl, hiIncl, rate }) => [lo, hi, loIncl, hiIncl, rate]);
    expect(rows).toEqual([
      ["16000", "100000", true, false, "0.6"],
      ["100000", "200000", true, false, "0.65"],
      ["200000", "300000", true, false, "0.7"],
      ["300000", null, true, false, "0.75"],
    ]);
  });

  it("a mode is written: without one the same rows would pay 4450 or 4950 on 11 000 (BL4030)", () => {
    expect(errors(compileText(bands("[0元, 1万元]: 40%\n(1万元, ∞): 45%", "")))).toEqual(["BL4030"]);
    for (const mode of ["marginal", "whole"] as const) {
      const r = compileText(bands("[0元, 1万元]: 40%\n(1万元, ∞): 45%", mode));
      expect(r.artifact!.ir.bands[0]!.mode).toBe(mode);
    }
  });

  it("`base.X + 5pp` keeps the parent's mode", () => {
    const parent = `policy t.parent "上级" {\n  region "测试地区"\n  effective 2022-01-01\n  source "test.txt"\n}\n${bands("[0元, 1万元]: 40%\n(1万元, ∞): 45%", "whole")}`;
    const child = `policy t.child "下级" extends "parent.bylaw" {\n  region "测试地区"\n  effective 2022-01-01\n  source "test.txt"\n}\noverride bands 分段 = base.分段 + 5pp\n`;
    const r = compileText(child, { "parent.bylaw": parent });
    expect(r.diagnostics).toEqual([]);
    const b = r.artifact!.ir.bands.find((x) => x.name === "分段")!;
    expect([b.mode, b.rows.map((x) => x.rate)]).toEqual(["whole", ["0.45", "0.5"]]);
  });

  it("a rate from a param folds to its value; a rate from an input is refused (BL4031)", () => {
    const withParam = compileText(bands("[0元, 1万元]: 40%\n(1万元, ∞): 高档").replace("bands 分段", "param 高档: Rate = 45%\nbands 分段"));
    expect(withParam.diagnostics).toEqual([]);
    expect(withParam.artifact!.ir.bands[0]!.rows.map((x) => x.rate)).toEqual(["0.4", "0.45"]);
    const fromInput = bands("[0元, 1万元]: 40%\n(1万元, ∞): 比例").replace(`自付: Money "自付"`, `自付: Money "自付"\n  比例: Rate "比例"`);
    expect(errors(compileText(fromInput))).toEqual(["BL4031"]);
  });

  it("a rate from a table by a define of the claim's inputs (多重身份就高) is read per claim; by a define that writes a ledger, refused (BL4031)", () => {
    const policy = (key: string) => `
enum 身份 "身份" {\n  低保 "低保"\n  边缘 "边缘"\n}
input { 身份: set of 身份 "身份"  自付: Money "自付" }
ledger per year { 累计: Money "累计" }
table 档: 身份 -> 身份 "档" {\n  低保: 低保\n  边缘: 边缘\n}
table 比例: 身份 -> Rate "比例" {\n  低保: 70%\n  边缘: 50%\n}
define 认定: 身份 "认定" = highest 档 over 身份
define 累计后: 身份 "累计后" = if (cumulative 自付 per year using 累计) > 1万元 then 低保 else 边缘
bands 分段 whole {\n  [0元, 1万元]: 比例[${key}]\n  (1万元, ∞): 80%\n}
output 补偿: Money = 分段 on 自付
test "低保、边缘就高按低保：8000 × 70%" {\n  given 身份 = [边缘, 低保], 自付 = 8000元\n  expect 补偿 = 5600元\n}
`;
    const r = compileText(policy("认定"));
    expect(errors(r)).toEqual([]);
    expect(r.artifact!.ir.bands[0]!.rows[0]!.rate).toMatchObject({ k: "index", table: "比例", key: { k: "def", name: "认定" } });
    expect(runTests(loadRuleSet(r.artifact!)).map((t) => t.passed)).toEqual([true]);
    expect(errors(compileText(policy("累计后")))).toEqual(["BL4031"]);
  });
});

describe("bands raised within one policy (特困人员各段报销比例提高5个百分点)", () => {
  it("are bands of their own, chosen per claim; the mode is the base's", () => {
    const r = compileText(`
input {
  特困: Bool "特困人员"
  自付: Money "自付"
}
bands 分段 "大病保险分段" whole {
  [1万元, 10万元]: 60%
  (10万元, ∞): 70%
}
bands 倾斜分段 "各段提高5个百分点" = 分段 + 5pp
output 大病保险: Money = if 特困 then 倾斜分段 on 自付 else 分段 on 自付
`);
    expect(errors(r)).toEqual([]);
    expect(r.artifact!.ir.bands.find((b) => b.name === "倾斜分段")).toMatchObject({ mode: "whole", rows: [{ rate: "0.65" }, { rate: "0.75" }] });
    const rs = loadRuleSet(r.artifact!);
    const pay = (特困: boolean, 自付: string) => {
      const o = rs.evaluate({ 特困, 自付 });
      return o.ok ? o.outputs.大病保险 : o.errors;
    };
    // whole bands: 20000 × 65 % = 13000 for 特困, 20000 × 60 % = 12000 otherwise; 120000 × 75 %
    expect([pay(true, "20000"), pay(false, "20000"), pay(true, "120000")]).toEqual(["13000.00", "12000.00", "90000.00"]);
  });
});

describe("band rates raised by category (特困人员、低保对象各段提高5个百分点，返贫监测对象提高3个百分点)", () => {
  const POLICY = `
enum 人员类别 "人员类别" { 特困人员  低保对象  返贫监测对象  普通居民 }
input { 类别: 人员类别 "人员类别"  自付: Money "自付" }
ledger per year { 累计: Money "年度累计"  倾斜累计: Money "倾斜累计" }
table 提高: 人员类别 -> Points "各段报销比例提高" {
  特困人员: 5个百分点
  低保对象: 5个百分点
  返贫监测对象: 3个百分点
  普通居民: 0pp
}
bands 分段 "大病保险分段" marginal {
  [0元, 5万元]: 60% + 提高[类别]
  (5万元, 10万元]: 65% + 提高[类别]
  (10万元, ∞): 70% + 提高[类别]
}
bands 基础分段 "基础分段" marginal {
  [0元, 5万元]: 60%
  (5万元, 10万元]: 65%
  (10万元, ∞): 70%
}
bands 倾斜分段 "倾斜分段" = 基础分段 + 提高[类别]
output 大病: Money = 分段 on 自付 per year using 累计
output 倾斜: Money = 倾斜分段 on 自付 per year using 倾斜累计
`;

  it("written on each band or added to the bands whole, each category pays its own rates, on a yearly ledger too", () => {
    const r = compileText(POLICY);
    expect(errors(r)).toEqual([]);
    const rs = loadRuleSet(r.artifact!);
    const pay = (类别: string, 自付: string, 累计 = "0") => {
      const o = rs.evaluate({ 类别, 自付 }, { year: 2022, values: { 累计, 倾斜累计: 累计 } }, { date: "2022-06-01" });
      return o.ok ? [o.outputs.大病, o.outputs.倾斜] : o.errors;
    };
    // 特困 120000: 50000 × 65% + 50000 × 70% + 20000 × 75% = 32500 + 35000 + 15000
    expect(pay("特困人员", "120000")).toEqual(["82500.00", "82500.00"]);
    // 返贫 120000: 50000 × 63% + 50000 × 68% + 20000 × 73% = 31500 + 34000 + 14600
    expect(pay("返贫监测对象", "120000")).toEqual(["80100.00", "80100.00"]);
    // 普通, 40000 already this year: 10000 × 60% + 30000 × 65% = 6000 + 19500
    expect(pay("普通居民", "40000", "40000")).toEqual(["25500.00", "25500.00"]);
  });

  it("derived bands keep the base's declared gap: nothing paid there, whatever the category", () => {
    const gapped = POLICY.replace("bands 基础分段 \"基础分段\" marginal {\n  [0元, 5万元]: 60%\n  (5万元, 10万元]: 65%", "bands 基础分段 \"基础分段\" marginal {\n  [0元, 5万元]: 60%\n  gap (5万元, 10万元]");
    const r = compileText(gapped);
    expect(errors(r)).toEqual([]);
    const o = loadRuleSet(r.artifact!).evaluate({ 类别: "特困人员", 自付: "120000" }, undefined, { date: "2022-06-01" });
    // 50000 × 65% + (gap) + 20000 × 75% = 32500 + 15000
    expect(o.ok && o.outputs.倾斜).toBe("47500.00");
  });

  it("checks every category's rate: 98% + 5 points is above 100% (BL4006); points on a rate read per claim are refused (BL4031)", () => {
    const over = compileText(POLICY.replace("[0元, 5万元]: 60% + 提高[类别]", "[0元, 5万元]: 98% + 提高[类别]"));
    expect(errors(over)).toEqual(["BL4006"]);
    expect(over.diagnostics[0]!.args.rate).toBe("103% (特困人员)");
    expect(errors(compileText(POLICY.replace("[0元, 5万元]: 60%\n", "[0元, 5万元]: 60%\n").replace("(10万元, ∞): 70%\n}\nbands 倾斜分段", "(10万元, ∞): 97%\n}\nbands 倾斜分段")))).toEqual(["BL4006"]);
    const onTable = POLICY.replace("table 提高:", "table 基础: 人员类别 -> Rate { 特困人员: 60%  低保对象: 60%  返贫监测对象: 60%  普通居民: 60% }\ntable 提高:")
      .replace("[0元, 5万元]: 60%\n  (5万元, 10万元]: 65%\n  (10万元, ∞): 70%\n}\nbands 倾斜分段", "[0元, 5万元]: 基础[类别]\n  (5万元, 10万元]: 65%\n  (10万元, ∞): 70%\n}\nbands 倾斜分段");
    expect(errors(compileText(onTable))).toEqual(["BL4031"]);
  });

  it("a claim reads its category's rates as a table of the band's (分段·1), and a test reaching them covers them", () => {
    const r = compileText(POLICY);
    const table = r.artifact!.ir.tables.find((t) => t.name === "分段·1")!;
    expect(table).toMatchObject({ label: "大病保险分段 第1段比例", valueType: "Rate", rows: [{ key: "特困人员", value: "0.65" }, { key: "低保对象", value: "0.65" }, { key: "返贫监测对象", value: "0.63" }, { key: "普通居民", value: "0.6" }] });
    // the table of points is folded into those: no claim reads it, so coverage does not ask for it
    const coverage = new Coverage(r.artifact!);
    expect(coverage.items.map((i) => i.what).filter((w) => w.startsWith("提高["))).toEqual([]);
    const rs = loadRuleSet(r.artifact!);
    const traced = rs.evaluate({ 类别: "特困人员", 自付: "100" }, undefined, { date: "2022-06-01", trace: true });
    if (traced.ok) coverage.hit(traced.trace!);
    expect(coverage.uncovered().map((i) => i.what)).not.toContain("分段·1[特困人员]");
    expect(coverage.uncovered().map((i) => i.what)).toContain("分段·1[低保对象]");
    // 100 stays in the first band: the second band's rate was read, but paid nothing
    expect(coverage.uncovered().map((i) => i.what)).toContain("分段·2[特困人员]");
  });
});
