// Tables keyed by an Int (年龄, 连续参保年数): rows cover whole numbers, so `[0, 17]` and
// `[18, 59]` leave nothing out, as "18周岁以下" and "18至59周岁" read. Money keys keep their
// gaps: between 17元 and 18元 lie 17.01元 … 17.99元.
import { describe, expect, it } from "vitest";
import { format } from "../../grammar/index.ts";
import { loadRuleSet } from "../../runtime/index.ts";
import { Coverage } from "../../runtime/coverage.ts";
import { message } from "../diagnostics.ts";
import { HEADER, compileText, errors } from "./helpers.ts";

const YEARS = `
enum 险种 { 居民  职工 }
input {
  年数: Int "连续参保年数"
  年龄: Int "年龄"
  险种: 险种
}
`;

describe("Int-keyed tables", () => {
  it("rows that meet at whole numbers leave no gap, and each whole number finds its row", () => {
    const r = compileText(`${YEARS}
table 降低额: Int -> Money "起付线降低额" {
  [0, 4]: 0元
  [5, 5]: 1000元
  [6, 8]: 2000元
  [9, ∞): 5000元
}
table 年龄比例: (险种, Int) -> Rate "报销比例" {
  _, [0, 17]: 75%
  居民, [18, 59]: 60%
  职工, [18, 59]: 70%
  _, [60, ∞): 80%
}
output 降低: Money = 降低额[年数]
output 比例: Rate = 年龄比例[险种, 年龄]
`);
    expect(errors(r)).toEqual([]);
    const rs = loadRuleSet(r.artifact!);
    const at = (年数: number, 年龄: number, 险种 = "居民") => {
      const out = rs.evaluate({ 年数, 年龄, 险种 });
      return out.ok ? [out.outputs.降低, out.outputs.比例] : out.errors.map((e) => e.code);
    };
    expect(at(4, 17)).toEqual(["0.00", "0.75"]);
    expect(at(5, 18)).toEqual(["1000.00", "0.6"]);
    expect(at(8, 59, "职工")).toEqual(["2000.00", "0.7"]);
    expect(at(9, 60)).toEqual(["5000.00", "0.8"]);
  });

  it("a whole number left out is still a gap, named by the rows around it", () => {
    const one = compileText(`${YEARS}table 降低额: Int -> Money { [0, 4]: 0元  [6, ∞): 1000元 }\noutput 降低: Money = 降低额[年数]\n`);
    expect(errors(one)).toEqual(["BL4015"]);
    expect(message(one.diagnostics[0]!, "en")).toBe("table `降低额` has no row between `4` and `6`: `5` finds none");
    const grid = compileText(`${YEARS}table 比例: (险种, Int) -> Rate { _, [0, 16]: 75%  _, [18, ∞): 60% }\noutput x: Rate = 比例[险种, 年龄]\n`);
    expect(errors(grid)).toEqual(["BL4041", "BL4041"]);
    expect(grid.diagnostics.map((d) => message(d, "en"))).toEqual([
      "table `比例` has no row for (居民, 17)",
      "table `比例` has no row for (职工, 17)",
    ]);
  });

  it("a row keyed by one whole number (`5:`, as 第5次 reads) is the interval [5, 5]", () => {
    const table = `table 补助: Int -> Money "住院补助" {\n  [0, 4]: 0元\n  5: 1000元\n  [6, ∞): 2000元\n}\n`;
    const r = compileText(`${YEARS}${table}output 补助额: Money = 补助[年数]\n`);
    expect(errors(r)).toEqual([]);
    const rs = loadRuleSet(r.artifact!);
    const pay = (年数: number) => (rs.evaluate({ 年数, 年龄: 30, 险种: "居民" }) as { outputs: Record<string, string> }).outputs.补助额;
    expect([pay(4), pay(5), pay(6)]).toEqual(["0.00", "1000.00", "2000.00"]);
    expect(format(`${HEADER}${table}`).text).toContain(table);
    expect(new Coverage(r.artifact!).items.map((i) => i.what)).toContain("补助[5]");
    // the same number twice overlaps; a Money key wants its unit, said once
    const twice = compileText(`${YEARS}table 补助: Int -> Money { 5: 1000元  5: 1000元  [0, 4]: 0元 }\noutput x: Money = 补助[年数]\n`);
    expect(twice.diagnostics.map((d) => message(d, "en"))).toContain("rows `5` and `5` of table `补助` overlap");
    // a number no whole number is, and a whole number left out, are named
    const frac = compileText(`${YEARS}table 补助: Int -> Money { [0, 4]: 0元  1.5: 7元  [5, ∞): 1元 }\noutput x: Money = 补助[年数]\n`);
    expect(frac.diagnostics.map((d) => message(d, "en"))).toEqual(["interval `1.5` is empty: an `Int` key is a whole number"]);
    const gap = compileText(`${YEARS}table 补助: Int -> Money { [0, 3]: 0元  (4, ∞): 1元 }\noutput x: Money = 补助[年数]\n`);
    expect(gap.diagnostics.map((d) => message(d, "en"))).toEqual(["table `补助` has no row between `3` and `4`: `4` finds none"]);
    const money = compileText(`input { 费用: Money }\ntable 档: Money -> Rate { [0元, 5元): 50%  5: 60%  (5元, ∞): 70% }\noutput x: Rate = 档[费用]\n`);
    expect(errors(money)).toEqual(["BL3022"]);
    // one amount with its unit is a row of its own (恰为5000元的)
    const exact = compileText(`input { 费用: Money }\ntable 档: Money -> Rate { [0元, 5000元): 10%  5000元: 20%  (5000元, ∞): 30% }\noutput x: Money = 费用 * 档[费用]\n`);
    expect(errors(exact)).toEqual([]);
    const rs2 = loadRuleSet(exact.artifact!);
    expect(["4999.99", "5000", "5000.01"].map((费用) => (rs2.evaluate({ 费用 }) as { outputs: Record<string, string> }).outputs.x)).toEqual(["500.00", "1000.00", "1500.00"]);
  });

  it("Money keys keep their gaps between whole yuan", () => {
    const r = compileText(`input { 自付: Money }\ntable 档: Money -> Rate { [0元, 17元]: 50%  [18元, ∞): 60% }\noutput x: Rate = 档[自付]\n`);
    expect(errors(r)).toEqual(["BL4015"]);
  });
});
