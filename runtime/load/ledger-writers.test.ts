// A define that writes the ledger runs on every claim, even when the only thing reading it
// sits behind a condition that did not hold.
import { describe, expect, it } from "vitest";
import { loadRuleSet } from "../index.ts";
import { ledgerWritingDefines } from "./ledger-writers.ts";
import { xpcc } from "../tests/fixtures.ts";

describe("ledger-writing defines", () => {
  it("finds the defines that write the ledger, directly or through another define", () => {
    const a = xpcc({ ir: { defines: [
      { name: "比例合计", type: "Rate", expr: { k: "lit", v: "0.7", t: "Rate" } },
      { name: "年度累计", type: "Money", expr: { k: "cumulative", v: { k: "input", name: "自付" }, ledger: "年度自付" } },
      { name: "翻倍", type: "Money", expr: { k: "arith", op: "*", a: { k: "def", name: "年度累计" }, b: { k: "lit", v: "2", t: "Number" } } },
    ] } });
    expect(ledgerWritingDefines(a.ir)).toEqual(["年度累计", "翻倍"]);
  });

  // The alert reads 年度累计 only for 第三类 (`类别 == 第三类 and 年度累计 > 2000`); a 第一类
  // person's annual out-of-pocket total must still grow: 5000 + 7000 = 12000.
  it("keeps the annual total of a person whose category short-circuits the alert", () => {
    const rs = loadRuleSet(xpcc());
    const first = rs.evaluate({ 类别: "第一类", 自付: "5000" }, undefined, { date: "2022-08-01" });
    expect(first.ok && first.ledger.values["年度自付"]).toBe("5000.00");
    const second = rs.evaluate({ 类别: "第一类", 自付: "7000" }, first.ok ? first.ledger : undefined, { date: "2022-09-01" });
    expect(second.ok && second.ledger.values["年度自付"]).toBe("12000.00");
    expect(second.ok && second.alerts).toEqual([]);
  });
});
