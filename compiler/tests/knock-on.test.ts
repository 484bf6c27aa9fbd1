// A mistyped keyword is one error, not one per use of what it declared (issue "The editor
// policy staff trust": `ouput` gave 27 errors on the XPCC assistance policy).
import { describe, expect, it } from "vitest";
import { compile, renderDiagnostics } from "../index.ts";
import { readSeed, seedHost } from "../../tests/support/seeds.ts";
import { compileText } from "./helpers.ts";

const PATH = "policies/000-xpcc/assistance.bylaw";

describe("knock-on errors after a syntax error", () => {
  it("`ouput 救助金` on the XPCC assistance policy: one BL1001 suggesting `output`, no unknown 救助金", () => {
    const text = readSeed(PATH).replace("\noutput 救助金", "\nouput 救助金");
    const r = compile(PATH, text, seedHost(new Map([[PATH, text]])));
    expect(r.diagnostics.map((d) => d.code)).toEqual(["BL1001"]);
    const rendered = renderDiagnostics(r.diagnostics, new Map([[PATH, text]]), "en");
    expect(rendered).toContain("unexpected `ouput`; expected a declaration; did you mean `output`?");
  });

  it("a name the skipped text does not declare is still unknown", () => {
    const text = readSeed(PATH).replace("\noutput 救助金", "\nouput 救助金") + "\noutput 另一个: Money = 没有这个\n";
    const r = compile(PATH, text, seedHost(new Map([[PATH, text]])));
    expect(r.diagnostics.map((d) => d.code).sort()).toEqual(["BL1001", "BL2001"]);
  });
});

describe("one mistake, one error, with the fix", () => {
  it("a misspelt table in a band rate is BL2006 with its did-you-mean, not also BL4031", () => {
    const r = compileText(`enum 类别 { 普通  特困 }\ninput { 类别: 类别  自付: Money }\ntable 第一段比例: 类别 -> Rate { 普通: 50%  特困: 55% }\n` +
      `bands 分段 marginal { [0元, ∞): 第一段比列[类别] }\noutput y: Money = 分段 on 自付\n`);
    expect(r.diagnostics.map((d) => [d.code, d.args.suggestion])).toEqual([["BL2006", "第一段比例"]]);
  });

  it("a table of points missing a row is BL4001 alone, not also BL4031 on the band rate reading it", () => {
    const r = compileText(`enum 类别 { 特困  普通 }\ninput { 类别: 类别  自付: Money }\ntable 提高: 类别 -> Points { 特困: 5pp }\n` +
      `bands 分段 marginal { [0元, ∞): 60% + 提高[类别] }\noutput y: Money = 分段 on 自付\n`);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["BL4001"]);
  });

  it("a member shortened as people say it (`低保` for `低保对象`) is suggested", () => {
    const r = compileText(`enum 类别 { 低保对象  特困人员 }\ninput { 类别: 类别  自付: Money }\noutput y: Money = if 类别 == 类别.低保 then 自付 else 0元\n`);
    expect(r.diagnostics.map((d) => [d.code, d.args.suggestion])).toEqual([["BL2003", "低保对象"]]);
  });
});
