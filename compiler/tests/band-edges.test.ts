// Band edges read per claim: from a table keyed by the claim's hospital level
// (`[0元, 界线[级别]]`) or from a dated param (`(预警线, ∞)` with 预警线 = 上年度人均可支配收入 × 50%).
// The compiler checks the rows in every case the edges can take; both evaluators, the fast path
// alone and the reference interpreter pay the same; a damaged artifact is refused per claim.
import { describe, expect, it } from "vitest";
import { loadRuleSet, renderTraceText, type EvalResult } from "../../runtime/index.ts";
import { loadFastPath } from "../../runtime/rule-set.ts";
import { Declined } from "../../runtime/result.ts";
import { seal } from "../../runtime/tests/fixtures.ts";
import { ReferenceInterpreter } from "../../tests/reference-interpreter.ts";
import { artifactOf, codes, compileText } from "./helpers.ts";

const HEADER = `policy t.edges "分段边界" {
  region "测试地区"
  effective 2021-01-01
  source "test.txt"
}
`;

const POLICY = HEADER + `
enum 医院级别 "医院级别" { 乡镇级 "乡镇级医院"  县级以上 "县级及以上医院" }
input "结算信息" {
  自付: Money "政策范围内个人自付"
  级别: 医院级别 "就诊医院级别"
}
ledger per year "年度台账" { 累计自付: Money "年度累计自付" }
table 分档线: (医院级别) -> Money "第一档上限" §(1) {
  乡镇级: 1万元
  县级以上: 2万元
}
param 人均可支配收入: Money "上年度人均可支配收入" §四(一) {
  2021-01-01: 30000元
  2022-01-01: 40000元
}
define 预警线: Money "预警线" §四(一) = 人均可支配收入 * 50%
bands 救助档 "按级别分档救助" §(1) marginal {
  [0元, 分档线[级别]]: 50%
  (分档线[级别], ∞): 70%
}
bands 预警档 "预警线上下全额" §四(一) whole {
  [0元, 预警线]: 40%
  (预警线, ∞): 45%
}
output 救助: Money "救助金" §(1) = 救助档 on 自付
output 全额救助: Money "全额救助" §四(一) = 预警档 on 自付
output 年度救助: Money "年度救助" §(1) = 救助档 on 自付 per year using 累计自付
`;

const outputsOf = (r: EvalResult | Declined) => {
  if (r instanceof Declined || !r.ok) throw new Error(`not settled: ${JSON.stringify(r)}`);
  return r.outputs;
};

describe("band edges read per claim", () => {
  const artifact = artifactOf(POLICY);
  const subjects = () => [loadRuleSet(artifact), loadRuleSet(artifact, { evaluator: "exact" }), loadFastPath(artifact)!];

  // 21 000 元: 乡镇级 edge 1万: 10000 × 50% + 11000 × 70% = 12700; 县级以上 edge 2万: 20000 × 50% + 1000 × 70% = 10700.
  // Whole bands: in 2021 the line is 15000 → 21000 × 45% = 9450 and 16000 × 45% = 7200; in 2022
  // it is 20000 → 16000 × 40% = 6400.
  it.each([
    ["乡镇级", "2021-06-30", { 救助: "12700.00", 全额救助: "9450.00", 年度救助: "12700.00" }, "21000"],
    ["县级以上", "2021-06-30", { 救助: "10700.00", 全额救助: "9450.00", 年度救助: "10700.00" }, "21000"],
    ["县级以上", "2021-12-31", { 救助: "8000.00", 全额救助: "7200.00", 年度救助: "8000.00" }, "16000"],
    ["县级以上", "2022-01-01", { 救助: "8000.00", 全额救助: "6400.00", 年度救助: "8000.00" }, "16000"],
  ])("%s on %s: assembled, decimal.js alone, the fast path alone and the reference agree", (级别, date, want, 自付) => {
    const claim = { 自付, 级别 };
    for (const subject of subjects()) expect(outputsOf(subject.evaluate(claim, undefined, { date }))).toMatchObject(want);
    const ref = new ReferenceInterpreter(artifact).run(claim, undefined, date);
    expect(ref.ok && ref.outputs).toMatchObject(want);
  });

  it("on a ledger the edge of the claim's level splits the year: 15 000 then 10 000 at 县级以上 pay 7500, then 5000 × 50% + 5000 × 70% = 6000", () => {
    for (const subject of subjects()) {
      const first = subject.evaluate({ 自付: "15000", 级别: "县级以上" }, undefined, { date: "2022-03-01" });
      if (first instanceof Declined || !first.ok) throw new Error("refused");
      expect(first.outputs.年度救助).toBe("7500.00");
      const second = subject.evaluate({ 自付: "10000", 级别: "县级以上" }, first.ledger, { date: "2022-04-01" });
      expect(outputsOf(second).年度救助).toBe("6000.00");
    }
  });

  it("the trace shows the edges this claim read", () => {
    const r = loadRuleSet(artifact).evaluate({ 自付: "16000", 级别: "县级以上" }, undefined, { date: "2022-01-01", trace: true });
    if (!r.ok) throw new Error("refused");
    const en = renderTraceText(r.trace!, "en");
    expect(en).toContain("band [0, 20000]: ¥16000 × 50% = ¥8000");
    expect(en).toContain("上年度人均可支配收入 (人均可支配收入) = ¥40000, in force from 2022-01-01");
  });

  it("lowers constant edges as numbers and the others as expressions", () => {
    const rows = artifact.ir.bands.find((b) => b.name === "救助档")!.rows;
    expect(rows[0]!.lo).toBe("0");
    expect(typeof rows[0]!.hi).toBe("object");
    expect(rows[1]!.hi).toBeNull();
  });
});

describe("checks in every case the edges can take", () => {
  it("rows out of order for one member are named with that member (BL4004)", () => {
    const text = POLICY.replace("县级以上: 2万元", "县级以上: 3万元").replace("(分档线[级别], ∞): 70%", "(分档线[级别], 2.5万元]: 60%\n  (2.5万元, ∞): 70%");
    const r = compileText(text);
    const found = r.diagnostics.map((d) => [d.code, Object.values(d.args).join(" | ")]);
    expect(found).toEqual([
      ["BL4019", "(分档线[级别], 2.5万元] (级别 = 县级以上)"],
      ["BL4004", "救助档 (级别 = 县级以上) | (2.5万元, ∞) | [0元, 分档线[级别]]"],
    ]);
  });

  it("a dated value that puts an edge below zero is named with its date (BL4007)", () => {
    const text = POLICY.replace("define 预警线: Money \"预警线\" §四(一) = 人均可支配收入 * 50%", "define 预警线: Money \"预警线\" §四(一) = 人均可支配收入 - 35000元");
    const r = compileText(text);
    // in 2021 the line is 30000 − 35000: the first row [0, −5000] ends below 0 and is empty, the second starts below 0
    expect(r.diagnostics.map((d) => [d.code, d.args.value ?? d.args.text])).toEqual([
      ["BL4007", "-5000 (人均可支配收入 = 30000元 (2021-01-01))"],
      ["BL4019", "[0元, 预警线] (人均可支配收入 = 30000元 (2021-01-01))"],
      ["BL4007", "-5000 (人均可支配收入 = 30000元 (2021-01-01))"],
    ]);
  });

  it("an edge read from the claim's amount, or from bands, is refused (BL4032)", () => {
    const fromAmount = POLICY.replace("[0元, 预警线]: 40%\n  (预警线, ∞): 45%", "[0元, 自付]: 40%\n  (自付, ∞): 45%");
    expect(codes(compileText(fromAmount))).toEqual(["BL4032", "BL4032"]);
    const fromBands = POLICY.replace("= 人均可支配收入 * 50%", "= 救助档 on 人均可支配收入");
    expect(codes(compileText(fromBands))).toEqual(["BL4032", "BL4032"]);
  });
});

describe("the loader and the runtime hold a damaged artifact to the same", () => {
  it("edges that are out of order on a claim are refused on that claim, not paid (BR3007)", () => {
    const a = structuredClone(artifactOf(POLICY));
    const rows = a.ir.bands.find((b) => b.name === "救助档")!.rows;
    rows[1]!.hi = "15000"; // (分档线[级别], 15000元): empty at 县级以上, whose edge is 20000
    rows.push({ lo: "15000", loIncl: true, hi: null, hiIncl: false, rate: "0.7" });
    const ruleSet = loadRuleSet(seal(a));
    // 乡镇级 (edge 10000) is still in order: 10000 × 50% + 5000 × 70% + 6000 × 70% = 12700
    expect(outputsOf(ruleSet.evaluate({ 自付: "21000", 级别: "乡镇级" })).救助).toBe("12700.00");
    for (const subject of [ruleSet, loadRuleSet(seal(a), { evaluator: "exact" })]) {
      const r = subject.evaluate({ 自付: "21000", 级别: "县级以上" });
      expect(!r.ok && r.errors.map((e) => [e.code, e.args])).toEqual([["BR3007", { bands: "救助档", row: "(20000, 15000)" }]]);
    }
  });

  it("an edge that applies bands is refused at load", () => {
    const a = structuredClone(artifactOf(POLICY));
    const row = a.ir.bands.find((b) => b.name === "预警档")!.rows[0]!;
    row.hi = { k: "bands", name: "救助档", v: { k: "input", name: "自付", t: "Money" }, t: "Money" };
    expect(() => loadRuleSet(seal(a))).toThrow(/ir\.bands\[\d\]\.rows\[0\]\.hi/);
  });
});

describe("an edge read through `highest … over` a set of identities (多重身份就高)", () => {
  const text = (low: string) => HEADER + `
enum 身份 "身份" {
  特困 "特困人员"
  低保 "低保对象"
}
enum 档 "档次" {
  高 "高档"
  低 "低档"
}
input {
  身份: set of 身份 "身份"
  自付: Money "个人自付"
}
table 映射: 身份 -> 档 "身份档次" {
  特困: 高
  低保: 低
}
table 起付线: 档 -> Money "起付线" {
  高: 9000元
  低: ${low}
}
define 档次: 档 "认定档次" = highest 映射 over 身份
bands 分段 "分段" marginal {
  [起付线[档次], 10万元]: 60%
  (10万元, ∞): 70%
}
output 大病保险: Money "大病保险" = 分段 on 自付
`;

  it("is checked for every non-empty set of identities, and settles by the one that ranks first", () => {
    const r = compileText(text("18000元"));
    expect(codes(r)).toEqual([]);
    const rs = loadRuleSet(r.artifact!);
    const pay = (身份: string[]) => outputsOf(rs.evaluate({ 身份, 自付: "100000" }, undefined, { date: "2024-03-01" })).大病保险;
    // (100000 − 9000) × 60 % = 54600 for anyone 特困; (100000 − 18000) × 60 % = 49200 for 低保 alone
    expect([pay(["低保", "特困"]), pay(["特困"]), pay(["低保"])]).toEqual(["54600.00", "54600.00", "49200.00"]);
    // an edge out of order for one set is named by it
    const bad = compileText(text("18万元"));
    expect(codes(bad)).toEqual(["BL4019"]);
    expect(bad.diagnostics[0]!.args.text).toContain("身份 = [低保]");
  });
});
