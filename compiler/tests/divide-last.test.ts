// A product of a quotient divides last (compiler/divide-last.ts): 日均费用 × 31 is exact when
// the document's figures are, on every evaluator, and a constant folds to the same value.
import { describe, expect, it } from "vitest";
import { loadRuleSet, runTests } from "../../runtime/index.ts";
import type { Expr } from "../../runtime/ir/artifact.ts";
import { artifactOf, compileText, errors } from "./helpers.ts";
import { DAILY_AVERAGE } from "../../tests/support/daily-average-policy.ts";

const HEAD = `policy t.div "测试" {\n  region "测试"\n  effective 2025-01-01\n}\ninput {\n  费用: Money "费用"\n  天数: Int "天数"\n  比例: Rate "比例"\n}\n`;

/** The IR of the first output's expression, as `(a op b)` text. */
function shape(body: string): string {
  const show = (e: Expr): string =>
    e.k === "arith" ? `(${show(e.a)} ${e.op} ${show(e.b)})` : e.k === "input" ? e.name : e.k === "lit" ? String(e.v) : e.k;
  return show(compileText(HEAD + body).artifact!.ir.outputs[0]!.expr);
}

describe("a product of a quotient divides last", () => {
  it("费用 ÷ 天数 × 31 (either side, nested, in parentheses) is written (费用 × 31) ÷ 天数", () => {
    expect(shape("output x: Money = 费用 / 天数 * 31")).toBe("((费用 * 31) / 天数)");
    expect(shape("output x: Money = 31 * (费用 / 天数)")).toBe("((31 * 费用) / 天数)");
    expect(shape("output x: Money = 费用 / 天数 * 31 * 比例")).toBe("(((费用 * 31) * 比例) / 天数)");
    expect(shape("output x: Money = 费用 / 天数 / 2 * 31")).toBe("(((费用 * 31) / 天数) / 2)");
    // dividing by a quotient of a constant: 费用 ÷ (天数 ÷ 31) is (费用 × 31) ÷ 天数; by a claim's, as written
    expect(shape("output x: Money = 费用 / (天数 / 31)")).toBe("((费用 * 31) / 天数)");
    // (31 ÷ 天数 fails at 天数 = 0, and (费用 × 天数) ÷ 31 would not)
    expect(shape("output x: Money = 费用 / (31 / 天数)")).toBe("(费用 / (31 / 天数))");
    // no Money × Money for the dividend: a share of a total stays as written
    expect(shape("output x: Money = 费用 / (费用 + 1元) * 费用")).toBe("((费用 / (费用 + 1)) * 费用)");
  });

  it("the policy's figures, worked by hand, hold on both evaluators, and with the quotient in parentheses", () => {
    const artifact = artifactOf(DAILY_AVERAGE);
    for (const evaluator of ["exact", "auto"] as const) {
      expect(runTests(loadRuleSet(artifact, { evaluator })).map((t) => [t.passed, t.failures]), evaluator).toEqual([[true, []]]);
    }
    // divided first, 143.3227…(40 digits) × 31 would be 4443.00499…, which rounds to 4443.00
    const first = compileText(HEAD + "output x: Money = (费用 / 天数) * 31\n").artifact!;
    const r = loadRuleSet(first).evaluate({ 费用: "8886.01", 天数: 62, 比例: "1" }, undefined, { date: "2025-01-01" });
    expect(r.ok && r.outputs.x).toBe("4443.01");
  });

  it("a constant folds as the runtime computes it: 8886.01元 ÷ 62 × 31 = 4443.005 → 4443.01", () => {
    const a = compileText(HEAD + "param 纳入: Money = 8886.01元 / 62 * 31\noutput x: Money = 纳入\n").artifact!;
    expect(a.ir.params[0]!.value).toBe("4443.005");
    const r = loadRuleSet(a).evaluate({ 费用: "1", 天数: 1, 比例: "1" }, undefined, { date: "2025-01-01" });
    expect(r.ok && r.outputs.x).toBe("4443.01");
  });

  it("a test expects a define's amount as it holds it (4443.005元), an output's only to the fen (BL1004)", () => {
    const test = (name: string, v: string) => `define d: Money = 费用 / 天数 * 31\noutput o: Money = d\ntest "t" {\n  given 费用 = 8886.01元, 天数 = 62, 比例 = 1%\n  expect ${name} = ${v}\n}\n`;
    expect(errors(compileText(HEAD + test("d", "4443.005元")))).toEqual([]);
    expect(errors(compileText(HEAD + test("o", "4443.005元")))).toEqual(["BL1004"]);
  });
});
