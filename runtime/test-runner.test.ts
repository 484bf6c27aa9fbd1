import { describe, expect, it } from "vitest";
import { loadRuleSet, runTests } from "./index.ts";
import { xpcc } from "./tests/fixtures.ts";

describe("runTests", () => {
  const rs = loadRuleSet(xpcc({
    tests: [
      {
        name: "第三类，首次就医 12000元 §二(四)1-2", given: { 类别: "第三类", 南疆: false }, ledger: {},
        claims: [{ given: { 自付: "12000" }, expect: { 救助金: "7000" }, alerts: ["因病返贫预警"], noAlerts: [] }],
      },
      {
        name: "第四类，一年两次就医 §二(四)1", given: { 类别: "第四类" }, date: "2022-08-01", ledger: { 起付已用: "0" },
        claims: [
          { given: { 自付: "4000" }, expect: { 救助金: "0" }, alerts: [], noAlerts: ["因病返贫预警"] },
          { given: { 自付: "5000" }, expect: { 救助金: "1800.00" }, alerts: [], noAlerts: [] },
        ],
      },
      {
        name: "写错的期望", given: { 类别: "第三类" }, ledger: {},
        claims: [{ given: { 自付: "12000" }, expect: { 救助金: "7500" }, alerts: [], noAlerts: ["因病返贫预警"] }],
      },
      {
        name: "输入有误", given: { 类别: "第三类" }, ledger: {},
        claims: [{ given: { 自付: "0.001" }, expect: { 救助金: "0" }, alerts: [], noAlerts: [] }],
      },
    ],
  }));

  it("passes correct tests and explains failures with expected, actual and the trace", () => {
    const results = runTests(rs);
    expect(results.map((r) => r.passed)).toEqual([true, true, false, false]);
    expect(results[2]!.failures).toEqual([
      { claim: 0, what: "救助金", expected: "7500", actual: "7000.00" },
      { claim: 0, what: "预警 因病返贫预警", expected: "不触发", actual: "触发" },
    ]);
    expect(results[2]!.trace).toContain("10000元 × 70% = 7000元");
    expect(results[3]!.failures[0]).toMatchObject({ claim: 0, what: "计算" });
    expect(results[3]!.failures[0]!.actual).toContain("BR2006");
    expect(runTests(rs, "en")[2]!.failures[1]).toEqual({ claim: 0, what: "alert 因病返贫预警", expected: "not raised", actual: "raised" });
  });
});
