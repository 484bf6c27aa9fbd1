// extends/override: a derived policy compiles to a self-contained artifact; mistakes in the
// chain (missing parent, cycles, overriding what the parent lacks) have their own codes.
import { describe, expect, it } from "vitest";
import { compile } from "../index.ts";
import { codes, compileText, errors } from "./helpers.ts";

const header = (id: string, ext = "") => `policy t.${id} "测试"${ext} {
  region "测试地区"
  effective 2022-01-01
  source "test.txt"
}
`;

const parent = header("parent") + `
input { 自付: Money "个人自付" }
ledger per year { 年度累计: Money "年度累计"  已补偿: Money "已补偿" }
param 起付标准: Money = 1.6万元 "起付标准"
param 职工起付线: Money = 1.1万元
param 年度限额: Limit = 40万元 "年度限额"
bands 分段 "分段补偿" marginal {
  [0元, 10万元): 60%
  [10万元, ∞): 65%
}
output 大病保险: Money = 分段 on (自付 above 起付标准) per year using 年度累计 at most 年度限额 per year using 已补偿
output 职工: Money = 职工起付线
test "父政策的测试不继承" {
  given 自付 = 1元
  expect 大病保险 = 0元
}
`;

const child = header("child", ' extends "parent.bylaw"') + `
override param 起付标准 = base.起付标准 * 50%
override param 职工起付线 = 60% * base.职工起付线
override param 年度限额 = unlimited
override bands 分段 = base.分段 + 5pp
test "子政策" {
  given 自付 = 18000元
  expect 大病保险 = 6500元
}
`;

describe("extends", () => {
  it("finds the parent of a policy named by an absolute path (as editors name files)", () => {
    const child = header("child", ' extends "parent.bylaw"') + "output 加倍: Money = 大病保险 * 2\n";
    const files = new Map([["/work/p/parent.bylaw", parent], ["/work/p/child.bylaw", child]]);
    const r = compile("/work/p/child.bylaw", child, { readFile: (p) => files.get(p) });
    expect(errors(r)).toEqual([]);
    expect(r.symbols.find((s) => s.name === "大病保险")?.file).toBe("/work/p/parent.bylaw");
  });

  it("compiles a derived policy to a self-contained artifact", () => {
    const r = compileText(child, { "parent.bylaw": parent });
    expect(r.diagnostics).toEqual([]);
    const a = r.artifact!;
    expect(a.policy.extends).toEqual(["t.parent"]);
    expect(a.sources.map((s) => s.path)).toEqual(["main.bylaw", "parent.bylaw"]);
    const params = Object.fromEntries(a.ir.params.map((p) => [p.name, p.value]));
    // base.X resolved away: 16000 × 50% and 60% × 11000, exactly
    expect(params).toEqual({ 起付标准: "8000", 职工起付线: "6600", 年度限额: null });
    expect(a.ir.bands).toHaveLength(1);
    expect(a.ir.bands[0]!.rows.map((b) => b.rate)).toEqual(["0.65", "0.7"]);
    // the inherited output is there, the parent's test is not
    expect(a.ir.outputs.map((o) => o.name)).toEqual(["大病保险", "职工"]);
    expect(a.tests.map((t) => t.name)).toEqual(["子政策"]);
    expect(JSON.stringify(a.ir)).not.toContain("base.");
  });

  it("reports an override of something the parent lacks", () => {
    const r = compileText(child + "override param 不存在 = 1元\n", { "parent.bylaw": parent });
    expect(errors(r)).toEqual(["BL7003"]);
  });

  it("reports a cycle", () => {
    const a = header("a", ' extends "b.bylaw"') + 'input { 自付: Money "自付" }\noutput 甲 = 自付\n';
    const b = header("b", ' extends "main.bylaw"');
    expect(errors(compileText(a, { "b.bylaw": b }))).toContain("BL7002");
  });

  it("reports a missing parent file", () => {
    expect(codes(compileText(child))).toContain("BL7001");
  });
});

describe("a define the parent's bands read, overridden", () => {
  it("is used (no BL6001) when the child's bands are the parent's raised: their edges read it", () => {
    const base = header("dabing") + `
input { 自付: Money "自付" }
define 起付线: Money "起付线" = 1.8万元 * 100%
bands 分段 "分段" marginal {
  [起付线, 10万元]: 60%
  (10万元, ∞): 70%
}
output 大病保险: Money = 分段 on 自付
`;
    const r = compileText(header("poor", ' extends "base.bylaw"') + `
override define 起付线: Money "起付线降低50%" = base.起付线 * 50%
override bands 分段 = base.分段 + 5pp
test "起付线9000元，各段提高5个百分点" { given 自付 = 10万元  expect 大病保险 = 59150元 }
`, { "base.bylaw": base });
    // (100000 − 9000) × 65 % = 59150
    expect(codes(r)).toEqual([]);
  });

  it("checks the rows a child's `base.分段 + 5pp` takes from its parent, with the child's overrides", () => {
    const base = (rows: string) => header("base") + `
input { 自付: Money "自付" }
param 甲: Money = 2万元 "第一段上限"
bands 分段 "分段" marginal {
${rows}
}
output 大病保险: Money = 分段 on 自付
`;
    const derived = (extra = "") => header("poor", ' extends "base.bylaw"') + `${extra}\noverride bands 分段 = base.分段 + 5pp\n`;
    // the parent's rows overlap: an error in the parent's file, and no artifact that would not load
    const overlapping = compileText(derived(), { "base.bylaw": base("  [0元, 10万元): 60%\n  [甲, ∞): 70%") });
    expect(codes(overlapping)).toContain("BL4004");
    expect(overlapping.diagnostics.find((d) => d.code === "BL4004")?.file).toBe("base.bylaw");
    expect(overlapping.artifact).toBeUndefined();
    // in order in the parent, out of order once the child raises 甲 past the next edge
    const rows = "  [0元, 甲): 60%\n  [甲, 5万元): 65%\n  [5万元, ∞): 70%";
    expect(codes(compileText(derived(), { "base.bylaw": base(rows) }))).toEqual([]);
    const raised = compileText(derived('override param 甲 = 6万元 "第一段上限"'), { "base.bylaw": base(rows) });
    // [6万元, 5万元) is empty and [5万元, ∞) overlaps [0元, 6万元)
    expect(codes(raised)).toEqual(["BL4004", "BL4019"]);
    expect(raised.artifact).toBeUndefined();
  });

  // An overridden declaration the child still reads as `base.X` is part of the program: it is
  // checked as in its own file (each of these compiled clean and failed to load or mis-paid).
  it.each([
    ["a range table's overlapping rows (age 15 paid the first row's 70%)", "BL4013",
      `input { 年龄: Int "年龄"  自付: Money "自付" }
table 比例: Int -> Rate "比例" {
  [0, 20]: 70%
  [10, ∞): 60%
}
output 救助金: Money "救助金" = 自付 * 比例[年龄]`,
      `override table 比例: Int -> Rate "比例" { [0, ∞): 50% }
override output 救助金: Money "救助金" = 自付 * base.比例[年龄]`],
    ["an enum table's 150% and its missing member (paid 105.00 of 100.00)", "BL4001 BL4008",
      `enum 类别 "类别" {
  甲 "甲"
  乙 "乙"
}
input { 类: 类别 "类别"  自付: Money "自付" }
table 比例: 类别 -> Rate "比例" { 甲: 150% }
output 救助金: Money "救助金" = 自付 * 比例[类]`,
      `override table 比例: 类别 -> Rate "比例" { 甲: 50%  乙: 50% }
override output 救助金: Money "救助金" = 自付 * base.比例[类]`],
    ["a dated param's dates going backwards (BR1040 at load)", "BL4044 BL4045",
      `input { 自付: Money "自付" }
param 起付线: Money "起付线" {
  2022-06-01: 2000元
  2022-03-01: 1000元
}
output 救助金: Money "救助金" = 自付 above 起付线`,
      `override param 起付线: Money = base.起付线 * 50% "起付线减半"`],
    ["bands read as `base.分段 on x` (BR1018 at load)", "BL4004",
      `input { 自付: Money "自付" }
bands 分段 "分段" marginal {
  [0元, 10万元): 60%
  [5万元, ∞): 70%
}
output 大病保险: Money "大病保险" = 分段 on 自付`,
      `override bands 分段 "分段" marginal { [0元, ∞): 50% }
override output 大病保险: Money "大病保险" = base.分段 on 自付`],
    ["a classification's overlapping rows (7000元 silently 低)", "BL4004",
      `enum 档次 "档次" {
  低 "低"
  高 "高"
}
input { 自付: Money "自付" }
classify 档: 档次 "档" {
  [0元, 1万元]: 低
  [5千元, ∞): 高
  else 低
}
output 档位: 档次 "档位" = 档 on 自付`,
      `override classify 档: 档次 "档" {
  [0元, ∞): 低
  else 低
}
override output 档位: 档次 "档位" = base.档 on 自付`],
  ])("a parent's %s", (_what, expected, parentBody, childBody) => {
    const r = compileText(header("kid", ' extends "base.bylaw"') + childBody + "\n", { "base.bylaw": header("base") + parentBody + "\n" });
    expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.file}`).sort()).toEqual(expected.split(" ").map((code) => `${code} base.bylaw`));
    expect(r.artifact).toBeUndefined();
  });

  it("a parent's define the child reads as `base.X` is one more writer of its ledger field (BR1022 at load)", () => {
    const parent = header("base") + `
input { 自付: Money "自付" }
ledger per year { 累计自付: Money "累计自付" }
define 年度累计: Money "年度累计" = cumulative 自付 per year using 累计自付
output 累计额: Money "累计额" = 年度累计
`;
    const kid = header("kid", ' extends "base.bylaw"') + `
override define 年度累计: Money "年度累计" = base.年度累计 + (自付 above 1000元 per year using 累计自付)
`;
    const r = compileText(kid, { "base.bylaw": parent });
    expect(codes(r)).toEqual(["BL2005"]);
    expect(r.artifact).toBeUndefined();
  });
});
