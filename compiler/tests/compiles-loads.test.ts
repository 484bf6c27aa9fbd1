// What compiles clean loads and runs: each constant the runtime would refuse is a compile
// error with its own code, folding computes what the runtime computes, and long chains stay
// flat (issue "One IR, one meaning", reproductions 1–3).
import { describe, expect, it } from "vitest";
import { loadRuleSet } from "../../runtime/index.ts";
import { MAX_DEPTH } from "../../runtime/ir/limits.ts";
import { codes, compileText, errors, HEADER } from "./helpers.ts";

const base = `
input {
  自付: Money "个人自付"
  日期: Date "入院日期"
  甲: Bool "条件"
}
`;

/** Compiles, loads and settles one claim; the outputs, or the compile's error codes. */
function run(text: string, input: Record<string, unknown> = { 自付: "100.56", 日期: "2022-03-31", 甲: false }) {
  const r = compileText(base + text);
  // unused inputs (BL6002) are beside the point here
  const found = codes(r).filter((c) => c !== "BL6002");
  if (!r.artifact) return { codes: found };
  const result = loadRuleSet(JSON.parse(JSON.stringify(r.artifact))).evaluate(input, undefined, { date: "2022-06-01" });
  return { codes: found, result };
}

describe("constants the runtime would refuse are compile errors", () => {
  it("a date moved past year 9999 (BL4022), and no false 'never holds' warning", () => {
    const r = run(`define 远日: Date = 2022-01-01 + 99999个月\noutput 晚: Bool = 日期 < 远日`);
    expect(r.codes).toEqual(["BL4022"]);
  });

  it("a date moved within range folds as the runtime moves it (month end clamped)", () => {
    const r = run(`define 月末: Date = 2024-01-31 + 1个月\noutput 早: Bool = 日期 < 月末\noutput 日: Date = 月末`);
    expect(r.codes).toEqual([]);
    expect(r.result).toMatchObject({ ok: true, outputs: { 早: true, 日: "2024-02-29" } });
  });

  it("a rounding unit of 0, folded or not (BL4023)", () => {
    expect(run(`output 变量: Money = round(自付, 0元)`).codes).toEqual(["BL4023"]);
    expect(run(`output 常量: Money = round(100.56元, 0元)`).codes).toEqual(["BL4023"]);
    expect(run(`output 负: Money = round(自付, -10元)`).codes).toContain("BL4023");
  });

  it("a rounding unit that is not a constant (BL4018)", () => {
    expect(errors(compileText(base + `output 变量: Money = round(自付, 自付)`))).toEqual(["BL4018"]);
  });

  it("a positive rounding unit rounds half-up to its multiple, folded or not", () => {
    const r = run(`output 十元: Money = round(自付, 10元)\noutput 常量: Money = round(105元, 10元)`, { 自付: "104.99", 日期: "2022-03-31", 甲: false });
    expect(r.codes).toEqual([]);
    expect(r.result).toMatchObject({ ok: true, outputs: { 十元: "100.00", 常量: "110.00" } });
  });

  it("a policy header without an effective date (BL4024)", () => {
    const header = HEADER.replace("  effective 2022-01-01\n", "");
    expect(errors(compileText(header + base + "output 付: Money = 自付"))).toEqual(["BL4024"]);
  });

  it("an enum with no members (BL4025)", () => {
    expect(errors(compileText(base + "enum 空 \"空枚举\" {\n}\noutput 付: Money = 自付"))).toEqual(["BL4025"]);
  });

  it("division of constants by zero (BL4020)", () => {
    expect(errors(compileText(base + "output 付: Money = 自付 * (1 / 0)"))).toEqual(["BL4020"]);
  });
});

describe("long chains stay flat", () => {
  const terms = (n: number, op: string, term: (i: number) => string) => Array.from({ length: n }, (_, i) => term(i)).join(` ${op} `);

  it("a 250-term sum compiles to one flat node, loads and adds up", () => {
    // 自付 + 1元 + 2元 + … : the constants do not fold away past the input
    const r = run(`output 合计: Money = ${terms(250, "+", (i) => (i === 0 ? "自付" : "1元"))}`, { 自付: "0.56", 日期: "2022-03-31", 甲: false });
    expect(r.codes).toEqual([]);
    expect(r.result).toMatchObject({ ok: true, outputs: { 合计: "249.56" } });
  });

  it("a chain of + and − keeps its order: 自付 − 1元 + 2元 − 3元 … ", () => {
    const r = run(`output 合计: Money = ${terms(300, "+", (i) => (i === 0 ? "自付" : i % 2 ? "1元" : "0.5元"))} - 自付 - 10元 + 自付`, { 自付: "1000", 日期: "2022-03-31", 甲: false });
    // 150 × 1元 + 149 × 0.5元 = 224.5; then − 自付 − 10 + 自付
    expect(r.result).toMatchObject({ ok: true, outputs: { 合计: "1214.50" } });
  });

  it("a 300-way `or` compiles, loads and decides", () => {
    const cond = terms(300, "or", (i) => (i === 299 ? "甲" : `自付 > ${100000 + i}元`));
    const yes = run(`output 中: Bool = ${cond}`, { 自付: "1", 日期: "2022-03-31", 甲: true });
    expect(yes.codes).toEqual([]);
    expect(yes.result).toMatchObject({ ok: true, outputs: { 中: true } });
    const no = run(`output 中: Bool = ${cond}`, { 自付: "1", 日期: "2022-03-31", 甲: false });
    expect(no.result).toMatchObject({ ok: true, outputs: { 中: false } });
  });

  it("a product nested past the runtime's depth is a compile error at the expression (BL4026)", () => {
    const r = compileText(base + `output 积: Money = ${terms(MAX_DEPTH + 5, "*", (i) => (i === 0 ? "自付" : "1"))}`);
    expect(errors(r)).toEqual(["BL4026"]);
    expect(r.artifact).toBeUndefined();
  });
});
