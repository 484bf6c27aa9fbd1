// Hand-made policies whose findings are known exactly: the jump to the fen, a range's ends,
// the row or cap named; and a clean policy with none.
import { describe, expect, it } from "vitest";
import { compileText } from "../compiler/tests/helpers.ts";
import type { Artifact } from "../runtime/ir/artifact.ts";
import { analyze, AnalysisTooLarge, describeFinding, type Analysis, type Finding } from "./index.ts";

function artifactOf(body: string): Artifact {
  const r = compileText(`input "就诊" §一 {\n  类别: 类别 "类别"\n  自付: Money "个人自付"\n}\nenum 类别 "类别" §一 {\n  甲 "甲"\n  乙 "乙"\n}\n${body}`);
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.artifact!;
}

const pick = (f: Finding) => ({ kind: f.kind, output: f.output, at: f.at, to: f.to, jump: f.jump, declaration: f.declaration, detail: f.detail });

function findings(body: string, options?: Parameters<typeof analyze>[1]): { all: Analysis; found: ReturnType<typeof pick>[] } {
  const all = analyze(artifactOf(body), options);
  expect(all.disagreements).toEqual([]);
  return { all, found: all.findings.map(pick) };
}

describe("cliff", () => {
  it("全额累进: 10000元 at 40% is 4000, 10000.01 at 45% is 4500.00 — a jump of 500.00 at 10000.01", () => {
    const { all, found } = findings(`bands 档 "全额累进" §二 whole {
  [0元, 1万元]: 40%
  (1万元, ∞): 45%
}
output 救助金: Money "救助金" §二 = 档 on 自付`);
    expect(found).toEqual([{ kind: "cliff", output: "救助金", at: "10000.01", to: undefined, jump: "500.00", declaration: "档", detail: "jump" }]);
    const f = all.findings[0]!;
    expect(f.section).toBe("§二");
    expect(f.example).toEqual({ 类别: "甲", 自付: "10000.01" });
    // the example settles as the finding says
    const fn = all.functions.find((x) => x.output === "救助金")!;
    expect(fn.breakpoints).toEqual([{ at: "10000", fen: "10000.00", kind: "band edge", name: "档", sections: ["§二"], before: "4000.00", value: "4000.00" }]);
    expect(fn.inputs).toEqual([{}]);
  });

  it("an edge read per claim from a table by 类别: the whole band's cliff at 1万 for 甲, at 2万 for 乙", () => {
    const { all, found } = findings(`table 档线: 类别 -> Money "第一档上限" §二 {
  甲: 1万元
  乙: 2万元
}
bands 档 "全额累进" §二 whole {
  [0元, 档线[类别]]: 40%
  (档线[类别], ∞): 45%
}
output 救助金: Money "救助金" §二 = 档 on 自付`);
    // 甲: 10000.01 × 45% = 4500.00 after 4000.00; 乙: 20000.01 × 45% = 9000.00 after 8000.00
    expect(found.map((f) => [f.kind, f.at, f.jump])).toEqual([["cliff", "10000.01", "500.00"], ["cliff", "20000.01", "1000.00"]]);
    expect(all.functions.map((f) => [f.inputs, f.breakpoints.map((b) => b.fen)])).toEqual([[[{ 类别: "甲" }], ["10000.00"]], [[{ 类别: "乙" }], ["20000.00"]]]);
  });

  it("a payment that drops when the cost passes 5000元: jump −1500.00 at 5000.01, only for 乙", () => {
    const { found } = findings(`output 补助: Money "补助" §三 =
  if 类别 == 乙 and 自付 > 5000元 then 1000元 else 自付 * 50%`);
    expect(found).toEqual([{ kind: "cliff", output: "补助", at: "5000.01", to: undefined, jump: "-1500.00", declaration: "补助", detail: "jump" }]);
  });

  it("a payment that is nothing at exactly 5000元: a jump of −2500.00 at that one amount", () => {
    const { found } = findings(`output 补助: Money "补助" §三 = if 自付 == 5000元 then 0元 else 自付 * 50%`);
    expect(found).toEqual([{ kind: "cliff", output: "补助", at: "5000.00", to: undefined, jump: "-2500.00", declaration: "补助", detail: "jump" }]);
  });

  it("a payment that falls as the cost rises: from 5000.00 at 0.01 to 0.01 at 9999.99", () => {
    const { found } = findings(`output 补助: Money "补助" §三 = ((1万元 - 自付) * 50%) at least 0元`);
    expect(found).toEqual([
      { kind: "cliff", output: "补助", at: "0.01", to: "9999.99", jump: "-4999.99", declaration: undefined, detail: "falls" },
      // and (10000 − x) / 2 ≥ x up to 3333.33: it pays more than the cost below that
      { kind: "full-coverage", output: "补助", at: "0.01", to: "3333.33", jump: undefined, declaration: undefined, detail: "pays-more" },
    ]);
  });
});

describe("not piecewise linear", () => {
  it("rounding to 100元 is a staircase: said and sampled; its steps of 100元 are the rounding asked for, no cliff", () => {
    const { all } = findings(`output 补助: Money "补助" §三 = round(自付 * 50%, 100元)`);
    const fn = all.functions.find((f) => f.output === "补助")!;
    expect(fn.sampled).toEqual(["补助: rounding to a unit coarser than the fen"]);
    expect(all.findings).toEqual([]);
    // a step larger than the unit is a cliff: 200元 from 10000.01 on top of the staircase
    const { found } = findings(`output 补助: Money "补助" §三 = round(自付 * 50%, 100元) + (if 自付 > 1万元 then 200元 else 0元)`);
    expect(found.map((f) => [f.kind, f.at, f.jump])).toEqual([["cliff", "10000.01", "200.00"]]);
  });
});

describe("full coverage", () => {
  it("a pipeline whose first layer pays everything up to 5000元: the share is 0 from 0.01 to 5000.00", () => {
    const { all, found } = findings(`pipeline 结算 "结算" §四 on 自付 {
  layer 救助 "救助" §四 = remaining * 100% at most 5000元
  leaves 个人负担 "个人负担"
}`);
    expect(found).toEqual([{ kind: "full-coverage", output: "个人负担", at: "0.01", to: "5000.00", jump: undefined, declaration: undefined, detail: "zero-share" }]);
    expect(all.findings[0]!.severity).toBe("error");
    expect(all.findings[0]!.example).toEqual({ 类别: "甲", 自付: "0.01" });
  });

  it("a payment of the whole cost up to its cap of 1万元 (全报销), for 甲 only", () => {
    const { all, found } = findings(`table 比例: 类别 -> Rate "比例" §五 {
  甲: 100%
  乙: 80%
}
output 救助金: Money "救助金" §五 = 自付 * 比例[类别] at most 1万元`);
    expect(found).toEqual([{ kind: "full-coverage", output: "救助金", at: "0.01", to: "10000.00", jump: undefined, declaration: undefined, detail: "pays-all" }]);
    expect(all.findings[0]!.inputs).toEqual({ 类别: "甲" });
  });

  it("a payment above the cost itself (100% and 100元 more): over-coverage from 0.01 without end", () => {
    const { found } = findings(`output 救助金: Money "救助金" §五 = 自付 * 100% + 100元`);
    expect(found).toEqual([{ kind: "full-coverage", output: "救助金", at: "0.01", to: null, jump: undefined, declaration: undefined, detail: "pays-more" }]);
  });
});

describe("full coverage with another amount on the claim", () => {
  // 费用 swept, 药费 held at 0.01 (an alert reads it): the payment is measured against both
  const policy = (pays: string) => compileText(`input "就诊" §一 {
  费用: Money = 0元 "费用"
  药费: Money = 0元 "药费"
}
define 基数: Money "基数" §一 = 费用 + 药费
output 支付: Money "支付" §一 = ${pays}
alert 有药费 "有药费" §一 when 药费 > 0元`).artifact!;

  it("60% of 费用 + 药费 reaches neither 费用 + 药费 nor, at 0.01 + 0.01, more than 0.01: no finding", () => {
    expect(analyze(policy("基数 * 60%"), { over: "费用" }).findings).toEqual([]);
  });

  it("100% of 费用 + 药费 is full coverage, at 药费 0 and at 药费 0.01 alike", () => {
    const all = analyze(policy("基数 * 100%"), { over: "费用" }).findings.map((f) => [f.kind, f.detail, f.inputs, f.at]);
    expect(all).toEqual([["full-coverage", "pays-all", { 药费: "0" }, "0.01"], ["full-coverage", "pays-all", { 药费: "0.01" }, "0.01"]]);
  });
});

describe("unreachable", () => {
  it("bands above the point where the cap binds (50% × 1万 = 5000) never change a figure", () => {
    const { found } = findings(`bands 分段 "分段" §六 marginal {
  [0元, 1万元): 50%
  [1万元, 2万元): 60%
  [2万元, ∞): 70%
}
output 救助金: Money "救助金" §六 = 分段 on 自付 at most 5000元`);
    expect(found).toEqual([
      { kind: "unreachable", output: "救助金", at: "10000.00", to: undefined, jump: undefined, declaration: "分段", detail: "row" },
      { kind: "unreachable", output: "救助金", at: "20000.00", to: undefined, jump: undefined, declaration: "分段", detail: "row" },
    ]);
  });

  it("a classification tier behind a cap on its amount", () => {
    const { found } = findings(`enum 档次 "档次" §七 {
  低 "低"
  高 "高"
}
classify 分档: 档次 "分档" §七 {
  (2万元, ∞): 高
  else 低
}
table 补助额: 档次 -> Money "补助额" §七 {
  低: 100元
  高: 500元
}
output 补助: Money "补助" §七 = 补助额[分档 on (自付 at most 1万元)]`);
    expect(found).toEqual([{ kind: "unreachable", output: "补助", at: "20000.00", to: undefined, jump: undefined, declaration: "分档", detail: "row" }]);
  });
});

describe("a negative amount", () => {
  it("a deductible written as a subtraction (自付 − 1000元) is −999.99 at 0.01: a warning, with its example", () => {
    const { found } = findings(`output 救助金: Money "救助金" §三 = (自付 - 1000元) * 70%`);
    expect(found).toEqual([{ kind: "negative", output: "救助金", at: "0.01", to: undefined, jump: "-699.99", declaration: undefined, detail: "negative" }]);
  });

  // (a table's rate less points is refused by the compiler, BL4055: here the rate is the claim's)
  it("a rate lowered below zero (8% − 10个百分点 when 未备案) pays −0.01 at 0.50: found there, not hidden by rounding at 0.01", () => {
    const { found } = findings(`input { 未备案: Bool "未备案"  基础比例: Rate "基础比例" = 8% }\noutput 支付: Money "支付" = 自付 * (基础比例 - (if 未备案 then 10个百分点 else 0pp))`);
    expect(found.map((f) => [f.kind, f.at, f.jump])).toEqual([["negative", "0.50", "-0.01"]]);
  });

  it("is no finding with its floor (`自付 above 1000元`), nor on a falling payment that stays at or above zero", () => {
    expect(findings(`output 救助金: Money "救助金" = (自付 above 1000元) * 70%`).found).toEqual([]);
    expect(findings(`output 救助金: Money "救助金" = max(5000元 - 自付, 0元)`).found.filter((f) => f.kind === "negative")).toEqual([]);
  });
});

describe("cap never binds", () => {
  it("a cap above the most its amount can be: 50% of at most 1万 never reaches 8000", () => {
    const { all, found } = findings(`param 限额: Money = 8000元 "限额" §八
output 救助金: Money "救助金" §八 = (自付 at most 1万元) * 50% at most 限额`);
    expect(found).toEqual([{ kind: "cap-never-binds", output: "救助金", at: undefined, to: undefined, jump: undefined, declaration: "限额", detail: "cap" }]);
    expect(all.findings[0]!.section).toBe("§八");
  });

  it("a deductible of 5000元 above the cap of 3000元 on its amount", () => {
    const { found } = findings(`define 合规: Money "合规费用" §九 = 自付 at most 3000元
param 起付线: Money = 5000元 "起付线" §九
output 救助金: Money "救助金" §九 = 合规 above 起付线 * 50%`);
    expect(found).toEqual([{ kind: "cap-never-binds", output: "救助金", at: "5000.00", to: undefined, jump: undefined, declaration: "起付线", detail: "deductible" }]);
  });

  it("is not said of a yearly limit above a per-claim one: 2万 a claim reaches 6万 a year on the third claim", () => {
    const { found } = findings(`ledger per year { 已救助: Money "已救助" }
param 年度限额: Money = 6万元 "年度救助限额" §四
output 救助金: Money "救助金" §四 = 自付 * 80% at most 2万元 per claim at most 年度限额 per year using 已救助`);
    expect(found).toEqual([]);
  });
});

describe("精确到元: a figure rounded to the yuan", () => {
  it("steps by at most 1元 where the rounding flips: no cliff; a real one still is", () => {
    expect(findings(`output 救助金: Money "救助金" §十二 = round(自付 above 1000元 * 70%, 1元)`).found).toEqual([]);
    const { found } = findings(`bands 档 "全额累进" §二 whole {
  [0元, 1万元]: 40%
  (1万元, ∞): 45%
}
output 救助金: Money "救助金" §二 = round(档 on 自付, 1元)`);
    // 10000 pays 4000; 10000.01 pays 4500.0045, 4500 to the yuan
    expect(found.map((f) => [f.kind, f.at, f.jump])).toEqual([["cliff", "10000.01", "500.00"]]);
  });

  it("paying everything to the yuan is full coverage, found at a whole yuan", () => {
    const { found } = findings(`pipeline 结算 §三 on 自付 {
  layer 救助 = round(remaining * 100%, 1元)
  leaves 个人负担
}`);
    expect(found.map((f) => [f.kind, f.detail, f.at])).toEqual([["full-coverage", "zero-share", "1.00"]]);
  });
});

describe("a cap on an amount beside the one analysed", () => {
  it("is not said never to bind: 床位费 was tried at one value only", () => {
    expect(findings(`input "住院" { 床位费: Money "床位费"  天数: Int "住院天数" }
output 支付: Money "支付" §四 = (自付 + (床位费 at most 50元 * 天数)) * 90%`).found).toEqual([]);
  });
});

describe("an output that is the patient's share (amount less a payment)", () => {
  it("is no payment: paying everything below the deductible is normal, not full coverage", () => {
    expect(findings(`output 大病: Money "大病" §五 = 自付 above 1万元 * 60%
output 个人自付: Money "个人自付" §十 = 自付 - 大病`).found).toEqual([]);
  });

  it("is checked for being nothing: a share of 0 up to the cap is full coverage", () => {
    const { found } = findings(`output 救助: Money "救助" §五 = 自付 * 100% at most 5000元
output 个人自付: Money "个人自付" §十 = 自付 - 救助`);
    expect(found.map((f) => [f.kind, f.output, f.detail, f.at, f.to])).toEqual([
      ["full-coverage", "救助", "pays-all", "0.01", "5000.00"], ["full-coverage", "个人自付", "zero-share", "0.01", "5000.00"],
    ]);
  });
});

describe("a count read in arithmetic", () => {
  it("is tried far out too: a cap on what 连续参保年数 lowers the deductible by binds, and is not reported", () => {
    const policy = (cap: string) => `input "参保" { 年数: Int "连续参保年数" }
define 降低额: Money "起付线降低额" §十一 = (max(年数 - 4, 0) * 1000元) at most ${cap}
output 救助金: Money "救助金" §十一 = (自付 above (15000元 - 降低额)) * 60%`;
    expect(findings(policy("5000元")).found).toEqual([]);
    // a cap no count reaches is still one (96 years past the fourth lower it by 96000元 at most),
    // and the deductible lowered below 0 (15000 − 96000) is refused by the runtime (BR3008)
    const far = findings(policy("10万元"));
    expect(far.found.map((f) => [f.kind, f.declaration ?? f.detail])).toEqual([["cap-never-binds", "降低额"]]);
    expect(far.all.refused).toEqual([{ inputs: { 年数: "100" }, code: "BR3008", args: { value: "-81000", field: "救助金" } }]);
  });
});

describe("a clean policy", () => {
  const clean = `ledger per year "台账" §十 {
  起付已用: Money "已用起付线" §十
  已救助: Money "已救助" §十
}
table 比例: 类别 -> Rate "比例" §十 {
  甲: 70%
  乙: 60%
}
output 救助金: Money "救助金" §十 =
  自付 above 1000元 per year using 起付已用 * 比例[类别] at most 2万元 per year using 已救助`;

  it("has no finding, and its functions are exact: deductible 1000, cap at 1000 + 20000/70%", () => {
    const { all, found } = findings(clean);
    expect(found).toEqual([]);
    const fns = all.functions.filter((f) => f.output === "救助金");
    expect(fns.map((f) => f.inputs)).toEqual([[{ 类别: "甲" }], [{ 类别: "乙" }]]);
    expect(fns[0]!.breakpoints.map((b) => [b.kind, b.at, b.fen, b.before, b.value])).toEqual([
      ["deductible", "1000", "1000.00", "0.00", "0.00"],
      ["cap", "29571.42857142857142857142857142857142857", "29571.43", "19999.99", "20000.00"],
    ]);
    expect(fns[0]!.pieces.map((p) => [p.slope, p.intercept])).toEqual([["0", "0"], ["0.7", "-700"], ["0", "20000"]]);
  });

  it("from a ledger with 19999元 paid, the cap binds at 1001.43 (1元 of room at 70%)", () => {
    const { all, found } = findings(clean, { ledgers: [{ name: "年中", values: { 已救助: "19999" } }] });
    expect(found).toEqual([]);
    const fn = all.functions.find((f) => f.ledger === "年中" && f.inputs[0]!["类别"] === "甲")!;
    expect(fn.breakpoints.map((b) => [b.kind, b.fen, b.value])).toEqual([["deductible", "1000.00", "0.00"], ["cap", "1001.43", "1.00"]]);
  });

  it("a band edge behind a layer whose cap binds at a quotient that does not end (150000 / 0.9) is exactly at 73200, slope 0.065", () => {
    const { all } = findings(`bands 分段 "大病分段" marginal {
  [7500元, ∞): 65%
}
pipeline 结算 "结算" on 自付 {
  layer 基本 "基本医保" = remaining above 200元 * 90% at most 15万元
  layer 大病 "大病保险" = 分段 on remaining
  leaves 个人负担 "个人负担"
}`);
    // what 基本 leaves is 0.1 × x + 180 below its cap: 7500 at x = 73200; 大病 = 65% × (0.1x + 180 − 7500)
    const fn = all.functions.find((f) => f.output === "大病")!;
    expect(fn.breakpoints.map((b) => [b.kind, b.at])).toEqual([["band edge", "73200"], ["cap", "166866.6666666666666666666666666666666667"]]);
    expect(fn.pieces.map((p) => [p.slope, p.intercept])).toEqual([["0", "0"], ["0.065", "-4758"], ["0.65", "-102375"]]);
  });

  it("a deductible rounded to the yuan (起付标准 = 31234 × 5% = 1561.70 → 1562, 精确到元) starts at 1562, as the runtime pays", () => {
    const { all, found } = findings(`table 基数: 类别 -> Money { 甲: 31234元  乙: 31234元 }
define 起付标准: Money "起付标准" = round(基数[类别] * 5%, 1元)
output 救助金: Money "救助金" = 自付 above 起付标准 * 60%`);
    expect(found).toEqual([]);
    const fn = all.functions.find((f) => f.output === "救助金")!;
    expect(fn.breakpoints.map((b) => [b.kind, b.fen])).toEqual([["deductible", "1562.00"]]);
    expect(fn.pieces.map((p) => [p.slope, p.intercept])).toEqual([["0", "0"], ["0.6", "-937.2"]]);
  });
});

describe("a policy with too many combinations", () => {
  it("is refused with the count, not run for minutes: 2^17 of 17 Bools", () => {
    const names = Array.from({ length: 17 }, (_, i) => `条件${i + 1}`);
    const text = `input "条件" §一 {\n${names.map((n) => `  ${n}: Bool "${n}"`).join("\n")}\n  自付: Money "自付"\n}
output 补助: Money "补助" §一 = if ${names.join(" and ")} then 自付 * 50% else 0元`;
    const r = compileText(text);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(() => analyze(r.artifact!)).toThrow(AnalysisTooLarge);
    expect(() => analyze(r.artifact!)).toThrow(/131072 combinations of 条件1, 条件2/);
  });
});

describe("dated figures", () => {
  // a deductible of 1000元 until 2025-06-30, none from 2025-07-01, at 100 %: 救助金 pays the
  // whole cost from then on (全报销), which the effective date's figures do not show
  const body = `param 起付线: Money "起付线" §二 {
  2022-01-01: 1000元
  2025-07-01: 0元
}
output 救助金: Money "救助金" §二 = 自付 above 起付线 * 100%`;

  it("a finding that appears only from a later date is reported with that date, in either language", () => {
    const { all, found } = findings(body);
    expect(found).toEqual([{ kind: "full-coverage", output: "救助金", at: "0.01", to: null, jump: undefined, declaration: undefined, detail: "pays-all" }]);
    expect(all.findings[0]!.date).toBe("2025-07-01");
    expect(describeFinding(all.findings[0]!, "en")).toBe("from 2025-07-01: full coverage: 救助金 pays the whole amount for costs 0.01–∞");
    expect(describeFinding(all.findings[0]!, "zh")).toMatch(/^自 2025-07-01 起，全报销/);
  });

  it("on a date given, that date's findings only, without a date mark", () => {
    expect(findings(body, { date: "2024-01-01" }).found).toEqual([]);
    const later = findings(body, { date: "2025-07-01" }).all.findings;
    expect(later.map((f) => [f.detail, f.date])).toEqual([["pays-all", undefined]]);
  });
});

describe("results read from a pipeline", () => {
  it("a second pipeline on the first's leaves, and an output of it, are analysed over the first's amount", () => {
    const r = compileText(`input { 费用: Money "费用" }
ledger per year { 已付: Money "已付" }
pipeline 甲 on 费用 {
  layer 一层 = remaining * 50% at most 1万元 per year using 已付
  leaves 余 "余"
}
pipeline 乙 on 余 {
  layer 二层 = remaining * 50%
  leaves 最终 "最终"
}
output 双倍: Money "双倍" = 余 * 2`);
    const fns = analyze(r.artifact!).functions;
    expect(fns.map((f) => [f.output, f.over])).toEqual([["双倍", "费用"], ["一层", "费用"], ["余", "费用"], ["二层", "费用"], ["最终", "费用"]]);
    // 二层 = 50% of what 一层 left: 0.25 × 费用 up to 20000, then 0.5 × 费用 − 5000
    expect(fns.find((f) => f.output === "二层")!.pieces.map((p) => [p.from, p.slope, p.intercept])).toEqual([["0", "0.25", "0"], ["20000", "0.5", "-5000"]]);
  });
});

describe("a deductible dead for some combinations only", () => {
  it("min(费用, 60元 × 天数) above 500元: never passed at 1 day, passed at 100 days — no finding", () => {
    const r = compileText(`input { 费用: Money "费用"  天数: Int "天数" }
ledger per year { 起付已用: Money "起付已用" }
output 支付: Money "支付" = min(费用, 60元 * 天数) above 500元 per year using 起付已用`);
    expect(analyze(r.artifact!).findings).toEqual([]);
  });
});

describe("an unreachable grid row", () => {
  it("is named by its cells, at its line, with an example claim giving those members", () => {
    const r = compileText(`enum 形式 { 机构  居家 }
enum 级 { 一级  二级 }
input { f: 形式 "形式"  g: 级 "级"  费用: Money "费用" }
table 标准: (形式, 级) -> Money "标准" {
  机构, 一级: 100元
  机构, 二级: 80元
  居家, _: 60元
}
output 支付: Money "支付" = min(费用, if f == 居家 then 50元 else 标准[f, g])`);
    const found = analyze(r.artifact!).findings;
    expect(found.map((f) => [f.kind, f.row, f.example.f, describeFinding(f, "en")])).toEqual([
      ["unreachable", "(居家, _)", "居家", "unreachable: the row (居家, _) of 标准 never changes any figure"],
    ]);
    expect(found[0]!.span![1]).toBe(r.artifact!.ir.grids![0]!.rows[2]!.span![1]);
  });
});

describe("a grid of dated values", () => {
  it("has no unreachable rows on either side of its date: one table a period, only one in force", () => {
    const r = compileText(`enum 类 { 甲  乙 }
enum 诊 { 门诊  住院 }
input { c: 类 "类"  d: 诊 "诊"  费用: Money "费用" }
param 提高: Points "提高" { 2022-01-01: 0pp  2022-07-01: 5pp }
table 比: (类, 诊) -> Rate "比例" {
  甲, 门诊: 70%
  甲, 住院: 80%
  乙, 门诊: 50%
  乙, 住院: 60% + 提高
}
output 支付: Money "支付" = 费用 * 比[c, d]`);
    for (const date of ["2022-01-01", "2022-08-01"]) expect(analyze(r.artifact!, { date }).findings, date).toEqual([]);
  });
});

describe("claims the runtime refuses", () => {
  it("a table without a row for 天数 = 0 (an Int input is 0 or more): that combination is said refused, not a crash", () => {
    const { all } = findings(`input "住院" §三 { 天数: Int "住院天数" }
table 系数: Int -> Rate "系数" §三 { [1, ∞): 50% }
output 付: Money "付" §三 = 自付 * 系数[天数]`);
    expect(all.refused).toEqual([{ inputs: { 天数: "0" }, code: "BR3001", args: { table: "系数", key: "0" } }]);
    // the combinations with a row are analysed: 50% of 自付
    expect(all.functions.map((f) => [f.inputs, f.pieces.map((p) => p.slope)])).toEqual([[[{ 天数: "1" }, { 天数: "2" }], ["0.5"]]]);
  });

  it("a table keyed by the amount itself, from 1000元: refused below it, and no row called unreachable", () => {
    const { all } = findings(`table 系数: Money -> Rate "系数" §三 { [1000元, ∞): 50% }
output 付: Money "付" §三 = 自付 * 系数[自付]`);
    expect(all.refused.map((r) => r.code)).toEqual(["BR3001"]);
    expect(all.findings).toEqual([]);
  });
});

describe("breakpoints are where the figures change", () => {
  it("a cap at 5万 with the same 80% on both sides of it is no breakpoint; the deductible is", () => {
    const { all } = findings(`param 高段起点: Money = 5万元 "高段起点" §三
output 付: Money "付" §三 = ((自付 at most 高段起点) above 500元) * 80% + (自付 above 高段起点) * 80%`);
    const fn = all.functions.find((f) => f.output === "付")!;
    expect(fn.breakpoints.map((b) => b.fen)).toEqual(["500.00"]);
    expect(fn.pieces.map((p) => [p.from, p.slope])).toEqual([["0", "0"], ["500", "0.8"]]);
    // with 60% above it the same cap is one
    const { all: tiered } = findings(`param 高段起点: Money = 5万元 "高段起点" §三
output 付: Money "付" §三 = ((自付 at most 高段起点) above 500元) * 80% + (自付 above 高段起点) * 60%`);
    expect(tiered.functions.find((f) => f.output === "付")!.breakpoints.map((b) => b.fen)).toEqual(["500.00", "50000.00"]);
  });
});
