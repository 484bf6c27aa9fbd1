// Grid decision tables end to end: each kind of row (`_`, `a | b`, an interval) looked up by
// the decimal.js evaluator, the fast path and the reference interpreter, with figures worked
// out by hand from the table; a constant lookup folded by the compiler; the formatter's fixed
// point; bad artifacts refused at load with a code.
import { describe, expect, it } from "vitest";
import { compileText, errors } from "./helpers.ts";
import { format } from "../../grammar/index.ts";
import { integrityOf, loadRuleSet, tryLoadRuleSet } from "../../runtime/index.ts";
import { loadFastPath } from "../../runtime/rule-set.ts";
import { ReferenceInterpreter } from "../../tests/reference-interpreter.ts";
import type { Artifact } from "../../runtime/ir/artifact.ts";
import { Declined } from "../../runtime/result.ts";
import { rateGrid } from "../../tests/support/grid-example.ts";

const POLICY = `
enum 救助对象 { 五保  低保  优抚  其他 }
enum 医院级别 { 乡镇级  县级以上 }
input {
  对象: 救助对象
  级别: 医院级别
  自付: Money
  年龄: Int = 0
}
table 年龄档: (医院级别, Int) -> Rate {
  _, [0, 18]: 10%
}
output 年龄比例: Rate = 年龄档[级别, 年龄]
${rateGrid(" §(1)")}
define 比例: Rate = 救助比例[对象, 级别, 自付]
define 五保比例: Rate = 救助比例[五保, 县级以上, 1元]
output 救助金: Money = 自付 * 比例
`;

function artifact(): Artifact {
  const r = compileText(POLICY);
  expect(errors(r)).toEqual([]);
  return r.artifact!;
}

// [对象, 级别, 自付] → 救助金, each from the row the document's grid gives
const CASES: [string, string, string, string][] = [
  ["五保", "县级以上", "30000", "30000.00"], // row 1: `_` on two keys, 100%
  ["低保", "乡镇级", "10000", "5000.00"], // row 2: [0, 1万] holds its upper end, 50%
  ["优抚", "乡镇级", "10000.01", "7000.01"], // row 3: (1万, ∞) from just above, 70% (7000.007 → 7000.01)
  ["优抚", "县级以上", "0", "0.00"], // row 4: the lower end, 40%
  ["低保", "县级以上", "11000", "4950.00"], // row 5: 45% of the whole 11 000
  ["其他", "乡镇级", "50000", "0.00"], // row 6: 0%
];

describe("grid tables", () => {
  it("each kind of row, on every evaluator", () => {
    const a = artifact();
    const exact = loadRuleSet(a, { evaluator: "exact" }), fast = loadFastPath(a)!, ref = new ReferenceInterpreter(a);
    for (const [对象, 级别, 自付, want] of CASES) {
      const input = { 对象, 级别, 自付 };
      const r = exact.evaluate(input);
      expect(r.ok && r.outputs["救助金"], `${对象} ${级别} ${自付}`).toBe(want);
      const f = fast.evaluate(input);
      expect(f).not.toBeInstanceOf(Declined);
      expect(!(f instanceof Declined) && f.ok && f.outputs["救助金"]).toBe(want);
      const x = ref.run(input, undefined, "2022-01-01");
      expect(x.ok && x.outputs["救助金"]).toBe(want);
    }
  });

  it("an amount below every row is BR3001 at run time", () => {
    const r = loadRuleSet(artifact(), { evaluator: "exact" }).evaluate({ 对象: "低保", 级别: "乡镇级", 自付: "1", 年龄: 19 });
    expect(!r.ok && r.errors.map((e) => e.code)).toEqual(["BR3001"]);
  });

  it("the trace names the row hit, its cell and the keys", () => {
    const r = loadRuleSet(artifact(), { evaluator: "exact" }).evaluate({ 对象: "优抚", 级别: "县级以上", 自付: "20000" }, undefined, { trace: true });
    const steps = JSON.stringify(r.ok && r.trace);
    expect(steps).toContain('"op":"lookup"');
    expect(steps).toContain('"row":"5"');
    expect(steps).toContain('"cell":"低保|优抚, 县级以上, (10000, ∞)"');
    expect(steps).toContain('"keys":"优抚, 县级以上, 20000"');
  });

  it("a lookup with constant keys folds to its row's value, by the runtime's matching", () => {
    const r = compileText(POLICY + "param 参考: Rate = 救助比例[低保, 乡镇级, 2万元]\nparam 下限: Rate = 救助比例[其他, 乡镇级, 0元]");
    expect(errors(r)).toEqual([]);
    const value = (n: string) => r.artifact!.ir.params.find((p) => p.name === n)!.value;
    expect(value("参考")).toBe("0.7");
    expect(value("下限")).toBe("0");
  });

  it("fmt writes grids canonically and is idempotent", () => {
    const messy = POLICY.replace("五保, _, _: 100%", "五保,_ ,_ :100%").replace("低保 | 优抚, 乡镇级, [0元, 1万元]: 50%", "低保|优抚 ,乡镇级,[0元,1万元] : 50%");
    const once = format(`policy t.case "测试" {\n  region "r"\n  effective 2022-01-01\n  source "s"\n}\n${messy}`).text!;
    expect(once).toContain("  五保, _, _: 100%\n  低保 | 优抚, 乡镇级, [0元, 1万元]: 50%\n");
    expect(once).toContain("table 救助比例: (救助对象, 医院级别, Money) -> Rate");
    expect(once).toContain("救助比例[对象, 级别, 自付]");
    expect(format(once).text).toBe(once);
  });

  it("an artifact with a bad grid is refused at load with a code", () => {
    const grid = (a: Artifact) => a.ir.grids!.find((g) => g.name === "救助比例")!;
    const bad = (edit: (a: Artifact) => void): string | undefined => {
      const a = structuredClone(artifact());
      edit(a);
      a.integrity = integrityOf(a);
      const r = tryLoadRuleSet(a);
      return r.ok ? undefined : r.error.code;
    };
    expect(bad((a) => (grid(a).rows[1]!.keys[0] = { members: ["不存在"] }))).toMatch(/^BR1/);
    expect(bad((a) => grid(a).rows[0]!.keys.pop())).toMatch(/^BR1/);
    expect(bad((a) => (grid(a).rows[1]!.keys[2] = { members: ["低保"] }))).toMatch(/^BR1/);
    expect(bad((a) => (grid(a).rows[0]!.keys[0] = { any: false } as never))).toMatch(/^BR1/);
  });
});
