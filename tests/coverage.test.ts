// Test coverage counted from the traces of a policy's own tests: which branches, rows, bands,
// caps and alerts they reach, and what they leave untested (hand-derived for a small policy).
import { describe, expect, it } from "vitest";
import { compile } from "../compiler/index.ts";
import { Coverage, loadRuleSet, renderTraceText, runTests } from "../runtime/index.ts";
import { coveragePolicy } from "./support/coverage-policy.ts";



function coverage(tests: string): Coverage {
  const r = compile("t.bylaw", coveragePolicy(tests), { readFile: () => undefined });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const rs = loadRuleSet(r.artifact);
  const cov = new Coverage(rs.artifact);
  const results = runTests(rs, "en", (t) => cov.hit(t));
  expect(results.every((t) => t.passed)).toBe(true);
  return cov;
}

describe("test coverage", () => {
  it("two tests: 甲 3000 (then branch, cap not bound) and 乙 20000 (else branch, 乙's row, cap bound)", () => {
    const cov = coverage(`
test "甲" {
  given 类别 = 甲, 自付 = 3000元
  expect 救助 = 3000元, 补偿 = 1500元
}
test "乙" {
  given 类别 = 乙, 自付 = 20000元
  expect 救助 = 5000元, 补偿 = 11000元
}
`);
    // 20000: [0, 1万) at 50 % = 5000, [1万, 2万) at 60 % = 6000 → 11000; 2万 is not > 2万
    expect(cov.summary()).toEqual([
      { kind: "branch", covered: 2, total: 2 },
      { kind: "row", covered: 1, total: 3 }, // 起付[甲] is never looked up: the then branch skips it
      { kind: "band", covered: 2, total: 2 },
      { kind: "cap", covered: 2, total: 2 },
      { kind: "alert", covered: 1, total: 2 },
    ]);
    expect(cov.uncovered().map((i) => [i.kind, i.what, i.section])).toEqual([
      ["row", "起付[甲]", "§一"],
      ["row", "起付[丙]", "§一"],
      ["alert", "大额: raised", "§五"],
    ]);
  });

  it("one test reaches less: the else branch, the upper band, the bound cap and the alert stay untested", () => {
    const cov = coverage(`
test "甲" {
  given 类别 = 甲, 自付 = 3000元
  expect 救助 = 3000元, 补偿 = 1500元, no alert 大额
}
`);
    expect(cov.uncovered().map((i) => i.what)).toEqual([
      "起付[甲]", "起付[乙]", "起付[丙]", "分段 [10000, ∞)", "at most: bound", "if … else", "大额: raised",
    ]);
    expect(cov.items.find((i) => i.what === "if … then")!.hits).toBe(1);
  });

  it("a grid table's rows are covered one by one", () => {
    const r = compile("g.bylaw", `policy t.grid "网格" {
  region "测试地区"
  effective 2022-01-01
  source "t.txt"
}
enum 对象 "救助对象" {
  低保 "低保"
  其他 "其他"
}
input {
  对象: 对象 "对象"
  自付: Money "自付"
}
table 比例: (对象, Money) -> Rate "救助比例" §一 {
  低保, [0元, 1万元]: 50%
  低保, (1万元, ∞): 70%
  其他, _: 0%
}
output 救助: Money "救助" §二 = 自付 * 比例[对象, 自付]
test "低保 12000" {
  given 对象 = 低保, 自付 = 12000元
  expect 救助 = 8400元
}
`, { readFile: () => undefined });
    const rs = loadRuleSet(r.artifact);
    const cov = new Coverage(rs.artifact);
    runTests(rs, "en", (t) => cov.hit(t));
    // 12000 is in (1万元, ∞): row 2 only
    expect(cov.uncovered().map((i) => i.what)).toEqual(["比例[低保, [0, 10000]]", "比例[其他, _]"]);
  });

  it("an unlimited limit, written or a param, has no bound outcome to cover; a dated one with a value does", () => {
    const r = compile("u.bylaw", `policy t.no_cap "不设封顶线" {
  region "测试地区"
  effective 2022-01-01
  source "t.txt"
}
input {
  自付: Money "自付"
}
param 封顶: Limit = unlimited "不设封顶线" §一
param 分年封顶: Limit "封顶线" §二 {
  2022-01-01: unlimited
  2023-01-01: 5万元
}
output 甲: Money "甲" §一 = 自付 at most unlimited
output 乙: Money "乙" §一 = 自付 at most 封顶
output 丙: Money "丙" §二 = 自付 at most 分年封顶
`, { readFile: () => undefined });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const cov = new Coverage(loadRuleSet(r.artifact).artifact);
    // 甲 and 乙 can only be not bound; 丙 binds from 2023 on
    expect(cov.items.filter((i) => i.kind === "cap").map((i) => `${i.what} ${i.section}`)).toEqual([
      "at most: not bound §一", "at most: not bound §一", "at most: bound §二", "at most: not bound §二",
    ]);
  });
});

/** A policy header and the start of an input block (住院, 费用), for the cases below to go on. */
const stayPolicy = (id: string) => `policy ${id} "测试" {
  region "测试地区"
  effective 2022-01-01
  source "test.txt"
}
input {
  住院: Bool "是否住院"
  费用: Money "费用"`;

describe("a define that writes the ledger and that nothing read on a claim", () => {
  const POLICY = `${stayPolicy("t.cov")}
}
ledger per year { 次数: Int "年度次数" }
define 第几次: Int "第几次" = cumulative (if 住院 then 1 else 2) per year using 次数
output x: Money = if 住院 then 费用 * 50% else 费用
test "先住院，后门诊" {
  claim { given 住院 = true, 费用 = 100元  expect x = 50元 }
  claim { given 住院 = false, 费用 = 100元  expect x = 100元, 次数 = 3 }
}
`;
  const rs = loadRuleSet(compile("t.bylaw", POLICY, { readFile: () => undefined }).artifact!);

  it("runs on every claim, and its steps are in the trace and count for coverage", () => {
    const cov = new Coverage(rs.artifact);
    expect(runTests(rs, "en", (t) => cov.hit(t)).map((t) => t.passed)).toEqual([true]);
    // both arms of 第几次's `if` ran, though no output read 第几次
    expect(cov.uncovered()).toEqual([]);
    const r = rs.evaluate({ 住院: false, 费用: "100" }, { year: 2022, values: { 次数: "1" } }, { trace: true, date: "2022-02-01" });
    if (!r.ok) throw new Error("failed");
    expect(r.trace!.ledger?.length).toBe(1);
    // read by the output already, a ledger-writing define is no step of its own there
    const read = loadRuleSet(compile("t.bylaw", POLICY.replace("if 住院 then 费用 * 50% else 费用", "if 第几次 > 1 then 费用 * 50% else 费用"), { readFile: () => undefined }).artifact!)
      .evaluate({ 住院: false, 费用: "100" }, undefined, { trace: true, date: "2022-02-01" });
    expect(read.ok && read.trace!.ledger).toBeUndefined();
    const text = renderTraceText(r.trace!, "zh");
    expect(text).toContain("台账（每次就医都累计）");
    expect(text).toContain("年度次数本年累计 = 1 + 2 = 3");
  });
});

describe("a define read only as a pipeline's amount (`on`)", () => {
  it("has its branches counted, and the leaves' step explains it", () => {
    const rs = loadRuleSet(compile("t.bylaw", `${stayPolicy("t.pipe")}
  床位费: Money "床位费" = 0元
}
define 合计: Money "合规费用合计" = if 住院 then 费用 + 床位费 else 费用
pipeline 结算 on 合计 {
  layer 统筹 = remaining * 80%
  leaves 个人
}
test "住院" { given 住院 = true, 费用 = 100元, 床位费 = 50元  expect 统筹 = 120元, 个人 = 30元 }
test "门诊" { given 住院 = false, 费用 = 100元  expect 统筹 = 80元, 个人 = 20元 }
`, { readFile: () => undefined }).artifact!);
    const cov = new Coverage(rs.artifact);
    expect(runTests(rs, "en", (t) => cov.hit(t)).map((t) => t.passed)).toEqual([true, true]);
    expect(cov.uncovered()).toEqual([]);
    const r = rs.evaluate({ 住院: true, 费用: "100", 床位费: "50" }, undefined, { trace: true, date: "2022-02-01" });
    if (!r.ok) throw new Error("failed");
    expect(renderTraceText(r.trace!, "zh")).toMatch(/个人[^\n]*\n\s+合规费用合计（合计） = 150元/);
  });
});
