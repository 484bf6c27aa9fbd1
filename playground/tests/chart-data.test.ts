import { describe, expect, it } from "vitest";
import type { Artifact, Program } from "../../runtime/ir/artifact.ts";
import { D } from "../../runtime/ir/decimal.ts";
import {
  bandsOf, chartMarks, moneyFigures, niceCeiling, niceTicks, rangeReachingCap, sampleAmounts, sensibleMax, type ChartPoint,
} from "../src/chart-data.ts";

function artifactWith(ir: Partial<Program>): Artifact {
  const program: Program = {
    params: [], tables: [], bands: [], classifications: [], defines: [], outputs: [], alerts: [], pipelines: [], ...ir,
  };
  return { ir: program } as unknown as Artifact;
}

describe("曲线取点 chart sampling", () => {
  it("samples 201 amounts from 0 to max, exact to the fen", () => {
    const xs = sampleAmounts("30000");
    expect(xs).toHaveLength(201);
    expect(xs[0]).toBe("0.00");
    expect(xs[1]).toBe("150.00");
    expect(xs[200]).toBe("30000.00");
    // 1/3 of a fen boundary: rounded half-up, not float-truncated.
    expect(sampleAmounts("1", 3)).toEqual(["0.00", "0.33", "0.67", "1.00"]);
  });

  it("rounds the axis up to a nice number", () => {
    expect(niceCeiling("12500")).toBe("20000");
    expect(niceCeiling("10000")).toBe("10000");
    expect(niceCeiling("375000")).toBe("500000");
    expect(niceCeiling("210000")).toBe("250000");
  });

  it("goes a quarter beyond the largest money figure of the rules", () => {
    // Dongying residents' bands: the last finite edge is 300 000 → 375 000 → 500 000.
    const a = artifactWith({
      bands: [{
        name: "分段", mode: "marginal",
        rows: [
          { lo: "16000", loIncl: true, hi: "100000", hiIncl: false, rate: "0.6" },
          { lo: "300000", loIncl: true, hi: null, hiIncl: false, rate: "0.75" },
        ],
      }],
      params: [{ name: "限额", type: "Money", value: "400000" }, { name: "比例", type: "Rate", value: "0.7" }],
      outputs: [{
        name: "x", type: "Money",
        expr: { k: "cap", v: { k: "input", name: "自付" }, limits: [{ lim: { k: "lit", t: "Money", v: "15000" } }] },
      }],
    });
    expect(moneyFigures(a).sort()).toEqual(["100000", "15000", "16000", "300000", "400000"]);
    expect(sensibleMax(a)).toBe("500000");
    expect(sensibleMax(artifactWith({}))).toBe("10000");
  });
});

describe("曲线说明 the chart names the bands' modes", () => {
  it("finds the bands an output applies through its defines, with their modes", () => {
    const bands = (name: string, mode: "marginal" | "whole") => ({ name, mode, label: `${name}标签`, rows: [] });
    const a = artifactWith({
      bands: [bands("甲", "whole"), bands("乙", "marginal")],
      defines: [{ name: "中间", type: "Money", expr: { k: "bands", name: "甲", v: { k: "input", name: "自付" } } }],
      outputs: [
        { name: "付", type: "Money", expr: { k: "def", name: "中间" } },
        { name: "另付", type: "Money", expr: { k: "bands", name: "乙", v: { k: "input", name: "自付" } } },
      ],
    });
    expect(bandsOf(a, "付")).toEqual([{ name: "甲", label: "甲标签", mode: "whole" }]);
    expect(bandsOf(a, "另付")).toEqual([{ name: "乙", label: "乙标签", mode: "marginal" }]);
  });
});

/** A curve computed the way the runtime would: nothing to 2000, 70 % after, capped at 30 000, to the fen. */
function xpccCategory3(max: string): ChartPoint[] {
  return sampleAmounts(max).map((x) => {
    const paid = D.min(D.max(new D(x).minus(2000), 0).times("0.7"), 30000).toDecimalPlaces(2).toFixed(2);
    return { x, paid, kept: new D(x).minus(paid).toFixed(2) };
  });
}

describe("曲线标注 chart marks and ticks", () => {
  it("ticks fall on round steps", () => {
    expect(niceTicks("67100")).toEqual(["0", "20000", "40000", "60000", "80000"]);
    expect(niceTicks("50000")).toEqual(["0", "10000", "20000", "30000", "40000", "50000"]);
    expect(niceTicks("12000")).toEqual(["0", "2500", "5000", "7500", "10000", "12500"]);
  });

  it("marks the deductible on the rules' figure and the cap where payment stops, with its level", () => {
    const marks = chartMarks(xpccCategory3("100000"), ["2000", "30000"]);
    expect(marks).toEqual([
      { kind: "deductible", x: "2000" },
      // 2000 + 30000 / 70% = 44857.14…: not a figure of the rules, so where the lines meet.
      { kind: "cap", x: "44857.14", paid: "30000.00" },
    ]);
  });

  it("marks a change of rate as a band edge, and nothing on a straight line", () => {
    const points = sampleAmounts("20000").map((x) => {
      const v = new D(x);
      const paid = (v.lte(10000) ? v.times("0.5") : v.minus(10000).times("0.8").plus(5000)).toDecimalPlaces(2).toFixed(2);
      return { x, paid, kept: v.minus(paid).toFixed(2) };
    });
    expect(chartMarks(points, ["10000"])).toEqual([{ kind: "edge", x: "10000" }]);
    const straight = sampleAmounts("333").map((x) => {
      const paid = new D(x).times("0.37").toDecimalPlaces(2).toFixed(2);
      return { x, paid, kept: new D(x).minus(paid).toFixed(2) };
    });
    expect(chartMarks(straight, [])).toEqual([]);
  });

  it("widens the default range until the cap is reached", () => {
    expect(rangeReachingCap("40000", xpccCategory3).max).toBe("100000");
    expect(rangeReachingCap("100000", xpccCategory3).max).toBe("100000");
    // No cap anywhere: the range stays.
    const uncapped = (max: string) => sampleAmounts(max).map((x) => ({ x, paid: x, kept: "0.00" }));
    expect(rangeReachingCap("10000", uncapped).max).toBe("10000");
  });
});
