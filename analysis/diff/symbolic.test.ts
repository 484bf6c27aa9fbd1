// The symbolic diff of hand-made version pairs (tests/fixtures.ts: deductible 1000 carried in
// the ledger, 低保 60 %, 特困 80 %), each region's ends and formulas worked out by hand.
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";
import type { Artifact } from "../../runtime/ir/artifact.ts";
import { symbolicDiff } from "./symbolic.ts";
import { artifactOf, type Version } from "./tests/fixtures.ts";

const diff = (a: Version, b: Version) => symbolicDiff(artifactOf(a) as Artifact, artifactOf(b) as Artifact);
const f = (slope: string, intercept: string) => ({ slope, intercept });

describe("symbolic diff", () => {
  it("a deductible raised 1000 → 1500: nothing between them now, and the deductible's difference times the ratio above", () => {
    const d = diff({}, { deductible: "1500元" });
    expect(d.over).toBe("自付");
    expect(d.changed).toEqual([
      {
        output: "救助金", over: "自付", inputs: [{ 类别: "低保" }], points: [],
        regions: [
          { from: "1000", to: "1500", old: f("0.6", "-600"), new: f("0", "0"), change: f("-0.6", "600") },
          { from: "1500", to: null, old: f("0.6", "-600"), new: f("0.6", "-900"), change: f("0", "-300") },
        ],
      },
      {
        output: "救助金", over: "自付", inputs: [{ 类别: "特困" }], points: [],
        regions: [
          { from: "1000", to: "1500", old: f("0.8", "-800"), new: f("0", "0"), change: f("-0.8", "800") },
          { from: "1500", to: null, old: f("0.8", "-800"), new: f("0.8", "-1200"), change: f("0", "-400") },
        ],
      },
    ]);
    expect(d.unchanged).toBe(0);
  });

  it("a ratio raised and a cap added: the cap binds where the new line reaches 5000", () => {
    const d = diff({}, { ratio: "70%", cap: "5000元" });
    // 低保: 0.7 × x − 700 = 5000 at x = 8142.857142…; 特困 (80 % unchanged): 0.8 × x − 800 = 5000 at 7250
    const [low, poor] = d.changed;
    expect(low!.inputs).toEqual([{ 类别: "低保" }]);
    expect(low!.regions.map((r) => [r.from.slice(0, 9), r.to?.slice(0, 9) ?? null, r.change])).toEqual([
      ["1000", "8142.8571", f("0.1", "-100")],
      ["8142.8571", null, f("-0.6", "5600")],
    ]);
    expect(poor!.regions).toEqual([{ from: "7250", to: null, old: f("0.8", "-800"), new: f("0", "5000"), change: f("-0.8", "5800") }]);
  });

  it("a dated deductible's later value changed: no change on the effective date, the change from that date on", () => {
    const d = diff({ dated: [["2024-01-01", "1000元"], ["2025-07-01", "1200元"]] }, { dated: [["2024-01-01", "1000元"], ["2025-07-01", "1500元"]] });
    expect(d.changed).toEqual([]);
    // from 2025-07-01: old deductible 1200, new 1500; 低保 60 %: 0.6 × x − 720 against 0.6 × x − 900
    expect(d.later.map((l) => [l.from, l.changed.map((c) => [c.inputs, c.regions.map((r) => [r.from, r.to, r.change])])])).toEqual([
      ["2025-07-01", [
        [[{ 类别: "低保" }], [["1200", "1500", f("-0.6", "720")], ["1500", null, f("0", "-180")]]],
        [[{ 类别: "特困" }], [["1200", "1500", f("-0.8", "960")], ["1500", null, f("0", "-240")]]],
      ]],
    ]);
  });

  it("a figure that changes mid-year in one version only is a change from that date; the same schedule in both is none", () => {
    // old: 1000 all along; new: 1000, then 800 from 2025-01-01 → 低保 pays 0.6 × 200 = 120 more above 1000
    const d = diff({}, { dated: [["2024-01-01", "1000元"], ["2025-01-01", "800元"]] });
    expect(d.changed).toEqual([]);
    expect(d.later).toHaveLength(1);
    expect(d.later[0]!.from).toBe("2025-01-01");
    expect(d.later[0]!.changed[0]!.regions.map((r) => [r.from, r.to, r.change])).toEqual([["800", "1000", f("0.6", "-480")], ["1000", null, f("0", "120")]]);
    const same: [string, string][] = [["2024-01-01", "1000元"], ["2025-01-01", "800元"]];
    expect(diff({ dated: same }, { dated: same }).later).toEqual([]);
  });

  it("the same version twice: no change", () => {
    const d = diff({ cap: "5000元" }, { cap: "5000元" });
    expect(d.changed).toEqual([]);
    expect(d.unchanged).toBe(2); // 低保 and 特困
  });

  it("results only one version has are named; a result both have with the same formulas is unchanged", () => {
    const d = diff({}, { pipeline: true });
    expect(d.onlyNew).toEqual(["个人负担"]);
    expect(d.onlyOld).toEqual([]);
    expect(d.changed).toEqual([]);
  });

  it("a threshold that stops including its bound: only the figure at the bound differs", () => {
    const src = (op: string) => `policy t.point "门槛" {
  region "测试市"
  effective 2024-01-01
  source "t.txt" §一
}
input "结算" §一 {
  自付: Money "自付"
}
output 补助: Money "补助" §一 = if 自付 ${op} 1000元 then 100元 else 0元
`;
    const art = (op: string) => compile("p.bylaw", src(op), { readFile: () => undefined }).artifact!;
    const d = symbolicDiff(art(">="), art(">"));
    expect(d.changed).toEqual([{ output: "补助", over: "自付", inputs: [{}], regions: [], points: [{ at: "1000.00", old: "100.00", new: "0.00" }] }]);
  });
});

describe("a result over an amount of its own (特药 over 特药费用 beside 大病 over 自付)", () => {
  const version = (rate: string) => {
    const r = compile("t.bylaw", `policy t.two "测试" {
  region "测试地区"
  effective 2025-01-01
  source "test.txt"
}
input {
  自付: Money "自付"
  特药费用: Money "特药费用" = 0元
}
ledger per year { 特药已付: Money "特药已付" }
output 大病: Money "大病" = 自付 above 1万元 * 60%
output 特药: Money "特药" = 特药费用 * ${rate} at most 20万元 per year using 特药已付
`, { readFile: () => undefined });
    return r.artifact as Artifact;
  };

  it("is compared over its own amount, not called a result only the old version has", () => {
    const d = symbolicDiff(version("70%"), version("75%"));
    expect([d.onlyOld, d.onlyNew]).toEqual([[], []]);
    // 0.75 × x reaches the cap at 266666.67, 0.7 × x at 285714.29
    expect(d.changed.map((c) => [c.output, c.over, c.regions.map((r) => [r.from.slice(0, 9), r.to?.slice(0, 9) ?? null, r.change])])).toEqual([
      ["特药", "特药费用", [["0", "266666.66", f("0.05", "0")], ["266666.66", "285714.28", f("-0.7", "200000")]]],
    ]);
    expect(d.unchanged).toBe(1); // 大病
  });
});

describe("a limit that grows with the number of diseases (多病种, count of a set)", () => {
  const version = (step: string) => compile("t.bylaw", `policy t.sets "多病种" {
  region "测试地区"
  effective 2024-01-01
  source "test.txt"
}
enum 病 "病种" { 甲 "甲"  乙 "乙" }
input { 病种: set of 病 "病种"  费用: Money "费用" }
table 限额: 病 -> Money { 甲: 1000元  乙: 500元 }
output 支付: Money = 费用 at most (highest 限额 over 病种) + (count(病种) - 1) * ${step}
`, { readFile: () => undefined }).artifact as Artifact;

  it("is compared with two diseases too: 300元 → 400元 a further disease shows for [甲, 乙]", () => {
    const d = symbolicDiff(version("300元"), version("400元"));
    // [甲, 乙]: cap 1000 + 300 = 1300 before, 1400 now
    expect(d.changed.map((c) => [c.inputs, c.regions.map((r) => [r.from, r.to, r.change])])).toEqual([
      [[{ 病种: ["甲", "乙"] }], [["1300", "1400", f("1", "-1300")], ["1400", null, f("0", "100")]]],
    ]);
  });
});


describe("pieces found through a division (where a cap binds)", () => {
  const version = (ratio: string) => compile("t.bylaw", `policy t.noise "比例提高" {
  region "测试地区"
  effective 2024-01-01
  source "test.txt"
}
input { 自付: Money "自付" }
ledger per year { 倾斜累计: Money "倾斜累计" }
bands 倾斜分段 "倾斜" marginal {
  (1万元, 3万元]: 50%
  (3万元, ∞): 60%
}
pipeline 结算 "结算" on 自付 {
  layer 医疗救助 "医疗救助" = (remaining above 1000元) * ${ratio} at most 5万元
  layer 倾斜救助 "倾斜救助" = 倾斜分段 on remaining per year using 倾斜累计
  leaves 个人负担 "个人负担"
}
`, { readFile: () => undefined }).artifact as Artifact;

  it("are no change where both versions pay the same: 0.5 × 自付 − 30000 from 77923.08 on, whichever way it was reached", () => {
    // 65 %: 医疗救助 binds 5万 at 1000 + 50000 / 0.65 = 77923.08; 70 % binds at 72428.57. Past
    // 77923.08 both leave remaining − 50000 to 倾斜救助: the same formula, 40 digits or not.
    const d = symbolicDiff(version("65%"), version("70%"));
    const tilted = d.changed.find((c) => c.output === "倾斜救助")!;
    expect(tilted.regions.at(-1)!.to!.slice(0, 8)).toBe("77923.07");
    expect(tilted.regions.map((r) => r.old.slope)).toEqual(["0.175", "0.175", "0.175"]);
  });
});
