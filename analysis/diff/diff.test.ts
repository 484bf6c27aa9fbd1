// Population diffs of hand-made version pairs, every figure computed by hand from
// tests/fixtures.ts's claims (old version: deductible 1000 carried in the ledger, 低保 60 %,
// 特困 80 %): 张三 3000 → 1200 and 2000 → 1200; 李四 800 → 0; 王五 10000 → 7200; 赵六 (低保
// by default) 1200 → 120; 钱七 refused by both (BR2005). Old total 9720.
import { describe, expect, it } from "vitest";
import { BylawError, loadRuleSet, type RuleSet } from "../../runtime/index.ts";
import { compileText } from "../../compiler/tests/helpers.ts";
import { csvSource, jsonlSource } from "../../cli/batch-sources.ts";
import { createPairBatch } from "./population.ts";
import { histogram, mergeParts, type DiffReport } from "./report.ts";
import { planDiff } from "./versions.ts";
import { CLAIMS_CSV, ruleSetOf, type Version } from "./tests/fixtures.ts";

function diff(oldV: Version, newV: Version, claims = CLAIMS_CSV, opts: { gain?: string; top?: number; open?: (b: ReturnType<typeof createPairBatch>["batch"]) => void } = {}): DiffReport {
  const old = ruleSetOf(oldV), next = ruleSetOf(newV);
  return diffOf(old, next, claims, opts);
}

function diffOf(old: RuleSet, next: RuleSet, claims: string, opts: { gain?: string; top?: number; open?: (b: ReturnType<typeof createPairBatch>["batch"]) => void } = {}): DiffReport {
  const plan = planDiff(old, next, opts.gain);
  const pair = createPairBatch(old, next, plan, opts.top ?? 10);
  opts.open?.(pair.batch);
  const source = claims.startsWith("{") ? jsonlSource(pair.batch) : csvSource(pair.batch);
  source.push(claims);
  source.end("");
  return mergeParts([pair.part()], { old: old.meta, new: next.meta }, plan, opts.top ?? 10);
}

const names = (xs: { person: string; change: string }[]) => xs.map((p) => [p.person, p.change]);

describe("population diff: 起付线 raised from 1000 to 1500", () => {
  // 张三 3000 − 1500 = 1500 × 60 % = 900, then 2000 (deductible used) → 1200: 2100, −300.
  // 李四 800 → 0: unchanged. 王五 8500 × 80 % = 6800: −400. 赵六 1200 < 1500 → 0: −120.
  const r = diff({}, { deductible: "1500元" });

  it("counts people who gain, lose and are unchanged", () => {
    expect([r.people, r.gainers, r.losers, r.unchanged]).toEqual([4, 0, 3, 1]);
    expect(r.change).toBe("-820.00");
  });

  it("totals each Money output exactly under both versions, over the rows both settle", () => {
    expect(r.totals).toEqual([{ output: "救助金", old: "9720.00", new: "8900.00", change: "-820.00" }]);
    expect(r.rows).toEqual({ compared: 5, onlyOld: 0, onlyNew: 0, neither: 1 });
    expect(r.errors).toEqual({ old: { BR2005: 1 }, new: { BR2005: 1 } });
  });

  it("lists the largest losses, largest first, with each claim's figures", () => {
    expect(r.largest.gains).toEqual([]);
    expect(names(r.largest.losses)).toEqual([["王五", "-400.00"], ["张三", "-300.00"], ["赵六", "-120.00"]]);
    expect(r.largest.losses[1]).toEqual({
      person: "张三", change: "-300.00", old: "2400.00", new: "2100.00",
      claims: [{ line: 2, date: "2024-03-01", old: "1200.00", new: "900.00" }, { line: 3, date: "2024-05-01", old: "1200.00", new: "1200.00" }],
    });
  });

  it("counts by category, an empty cell counting as the input's default (低保)", () => {
    expect(r.categories).toEqual([
      { field: "类别", value: "低保", people: 2, gainers: 0, losers: 2, unchanged: 0, change: "-420.00" },
      { field: "类别", value: "特困", people: 2, gainers: 0, losers: 1, unchanged: 1, change: "-400.00" },
    ]);
  });
});

describe("population diff: 低保 ratio 60 % → 70 % and a yearly cap of 5000 added", () => {
  // 张三 2000 × 70 % + 2000 × 70 % = 2800: +400. 李四 0. 王五 7200 capped at 5000: −2200.
  // 赵六 200 × 70 % = 140: +20. New total 7940.
  const r = diff({}, { ratio: "70%", cap: "5000元" });

  it("gainers and losers at once", () => {
    expect([r.gainers, r.losers, r.unchanged]).toEqual([2, 1, 1]);
    expect(r.totals[0]).toEqual({ output: "救助金", old: "9720.00", new: "7940.00", change: "-1780.00" });
    expect(names(r.largest.gains)).toEqual([["张三", "400.00"], ["赵六", "20.00"]]);
    expect(names(r.largest.losses)).toEqual([["王五", "-2200.00"]]);
  });

  it("a category can gain overall while another loses", () => {
    expect(r.categories.map((c) => [c.value, c.gainers, c.losers, c.unchanged, c.change])).toEqual([["低保", 2, 0, 0, "420.00"], ["特困", 0, 1, 1, "-2200.00"]]);
  });

  it("bins the change per person in round steps: 500 yuan here (the largest is 2200)", () => {
    expect(r.histogram).toEqual([
      { from: "-2500.00", to: "-2000.00", people: 1 },
      { from: "-2000.00", to: "-1500.00", people: 0 },
      { from: "-1500.00", to: "-1000.00", people: 0 },
      { from: "-1000.00", to: "-500.00", people: 0 },
      { from: "-500.00", to: "0.00", people: 0 },
      { from: "0.00", to: "0.00", people: 1 },
      { from: "0.00", to: "500.00", people: 2 },
    ]);
  });

  it("--top keeps the largest only; ties go by name", () => {
    const t = diff({}, { ratio: "70%" }, "person,date,自付\n乙,2024-01-01,2000\n甲,2024-01-01,2000\n丙,2024-01-01,1500\n", { top: 2 });
    // 乙, 甲: 1000 × 10 % = +100 each (乙 U+4E59 before 甲 U+7532); 丙: 500 × 10 % = +50
    expect(names(t.largest.gains)).toEqual([["乙", "100.00"], ["甲", "100.00"]]);
    expect(t.gainers).toBe(3);
  });
});

describe("population diff: a pipeline, judged by the patient's final share", () => {
  // The same deductible raise as a pipeline: 个人负担 = 自付 − 救助金. Compared 自付: 17000.
  const r = diff({ pipeline: true }, { pipeline: true, deductible: "1500元" });

  it("measures by the share, and a higher share is a loss", () => {
    expect(r.measure).toEqual({ output: "个人负担", kind: "share" });
    expect([r.gainers, r.losers, r.unchanged]).toEqual([0, 3, 1]);
    // 张三's share: (3000 − 1200) + (2000 − 1200) = 2600 → (3000 − 900) + (2000 − 1200) = 2900
    expect(r.largest.losses.find((p) => p.person === "张三")).toMatchObject({ change: "-300.00", old: "2600.00", new: "2900.00" });
    expect(r.totals).toEqual([
      { output: "救助金", old: "9720.00", new: "8900.00", change: "-820.00" },
      { output: "个人负担", old: "7280.00", new: "8100.00", change: "820.00" },
    ]);
  });

  it("--gain can judge by the payment instead", () => {
    const p = diff({ pipeline: true }, { pipeline: true, deductible: "1500元" }, CLAIMS_CSV, { gain: "救助金" });
    expect(p.measure).toEqual({ output: "救助金", kind: "payment" });
    expect(names(p.largest.losses)).toEqual([["王五", "-400.00"], ["张三", "-300.00"], ["赵六", "-120.00"]]);
  });
});

describe("population diff: what is compared", () => {
  it("the same version twice: everyone unchanged, one bin", () => {
    const r = diff({}, {});
    expect([r.people, r.gainers, r.losers, r.unchanged, r.change]).toEqual([4, 0, 0, 4, "0.00"]);
    expect(r.histogram).toEqual([{ from: "0.00", to: "0.00", people: 4 }]);
  });

  it("each version carries its own ledgers, from opening ledgers too", () => {
    // 赵六 opens with 1000 of the deductible used: old (1200 − 0) × 60 % = 720; new (1500):
    // 500 left, (1200 − 500) × 60 % = 420
    const r = diff({}, { deductible: "1500元" }, "person,date,自付\n赵六,2024-04-02,1200\n", {
      open: (b) => expect(b.open("赵六", { year: 2024, values: { 起付已用: "1000.00" } }, 1)).toBeUndefined(),
    });
    expect(r.largest.losses).toMatchObject([{ person: "赵六", old: "720.00", new: "420.00", change: "-300.00" }]);
  });

  it("a row only one version settles is counted apart, not compared", () => {
    // 孤儿 is a member of the new version's 人员类别 only: the old refuses it (BR2012)
    const r = diff({}, { orphans: true }, CLAIMS_CSV + "孙八,2024-06-01,孤儿,3000\n");
    expect(r.rows).toEqual({ compared: 5, onlyOld: 0, onlyNew: 1, neither: 1 });
    expect(r.errors).toEqual({ old: { BR2005: 1, BR2012: 1 }, new: { BR2005: 1 } });
    expect(r.people).toBe(4);
  });

  it("an input only the new version has is not given to the old one", () => {
    const r = diff({}, { inputs: `  南疆: Bool "南疆师市" = false` }, "person,date,南疆,自付\n甲,2024-01-01,是,3000\n");
    expect(r.rows.compared).toBe(1);
    expect(r.unchanged).toBe(1);
  });

  it("JSON Lines read as batch reads them, Bool categories by value", () => {
    const lines = ['{"person":"甲","date":"2024-01-01","类别":"特困","自付":"3000"}', '{"person":"乙","date":"2024-01-01","自付":"3000"}', "not json"].join("\n");
    const r = diff({}, { ratio: "70%" }, lines);
    expect(r.rows).toEqual({ compared: 2, onlyOld: 0, onlyNew: 0, neither: 1 });
    expect(r.errors.old).toEqual({ BR2000: 1 });
    expect(r.categories.map((c) => [c.value, c.gainers, c.unchanged])).toEqual([["低保", 1, 0], ["特困", 0, 1]]);
  });
});

describe("versions that cannot be compared get coded errors", () => {
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(BylawError);
      return (e as BylawError).code;
    }
    throw new Error("not refused");
  };
  const plan = (a: Version, b: Version, gain?: string) => code(() => planDiff(ruleSetOf(a), ruleSetOf(b), gain));

  it("BR1050: an input typed differently", () => {
    expect(plan({ inputs: `  住院: Bool "住院" = true` }, { inputs: `  住院: Text "住院" = "是"` })).toBe("BR1050");
  });
  it("BR1051: an input the old version requires is missing from the new", () => {
    expect(plan({ inputs: `  住院天数: Int "住院天数"` }, {})).toBe("BR1051");
  });
  it("BR1052: an input the new version requires is missing from the old", () => {
    expect(plan({}, { inputs: `  住院天数: Int "住院天数"` })).toBe("BR1052");
  });
  it("BR1053: a gain measure that is not a Money output of both", () => {
    expect(plan({}, {}, "类别")).toBe("BR1053");
    expect(plan({ pipeline: true }, {})).toBe("BR1053"); // 个人负担 is the old version's only
  });
  it("an optional input either side lacks is fine", () => {
    expect(planDiff(ruleSetOf({ inputs: `  南疆: Bool "南疆" = false` }), ruleSetOf({})).onlyOld).toEqual(["南疆"]);
  });
});

describe("histogram", () => {
  it("a change exactly on a bin's edge falls in the bin below it in size", () => {
    // step 1 yuan for a largest change of 10 yuan: 100 fen is in (0, 1], 101 fen in (1, 2]
    expect(histogram([Float64Array.from([100, 101, -1000, 0])])).toEqual([
      { from: "-10.00", to: "-9.00", people: 1 },
      ...Array.from({ length: 9 }, (_, k) => ({ from: `-${9 - k}.00`, to: k === 8 ? "0.00" : `-${8 - k}.00`, people: 0 })),
      { from: "0.00", to: "0.00", people: 1 },
      { from: "0.00", to: "1.00", people: 1 },
      { from: "1.00", to: "2.00", people: 1 },
    ]);
  });
});

describe("population diff: two pipelines, one on what the other left", () => {
  const chained = (rate: string) => loadRuleSet(compileText(`input { 费用: Money "费用" }
ledger per year { 已付: Money "已付"  已倾: Money "已倾" }
pipeline 甲 on 费用 {
  layer 一层 = remaining * 50% at most 1万元 per year using 已付
  leaves 余 "余"
}
pipeline 乙 on 余 {
  layer 二层 = remaining * ${rate} at most 1万元 per year using 已倾
  leaves 最终 "最终"
}`).artifact!);

  it("judges by the last pipeline's share: 二层 50% → 60% on 15000 left is 1500 less to pay", () => {
    // 30000: 一层 10000 (cap), 余 20000; 二层 10000 → 10000 (cap): no change; 10000: 余 5000, 二层 2500 → 3000
    const r = diffOf(chained("50%"), chained("60%"), "person,date,费用\nA,2022-01-01,30000\nB,2022-01-01,10000\n");
    expect(r.measure).toEqual({ output: "最终", kind: "share" });
    expect([r.gainers, r.losers, r.unchanged]).toEqual([1, 0, 1]);
    expect(names(r.largest.gains)).toEqual([["B", "500.00"]]);
  });
});
