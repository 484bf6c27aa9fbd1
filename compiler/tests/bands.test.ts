// Marginal bands: each kind of mistake has its own code; a correct table compiles exactly.
import { describe, expect, it } from "vitest";
import { compileText, errors } from "./helpers.ts";

const bands = (rows: string) => `
input { 自付: Money "自付" }
bands 分段 marginal {
${rows}
}
output 补偿: Money = 分段 on 自付
`;

describe("bands", () => {
  it.each([
    ["out of order", "[10万元, 20万元): 65%\n[1.6万元, 10万元): 60%", "BL4003"],
    ["overlapping", "[1.6万元, 10万元]: 60%\n[10万元, 20万元): 65%", "BL4004"],
    ["undeclared gap", "[1.6万元, 10万元): 60%\n[11万元, 20万元): 65%", "BL4005"],
    ["rate above 100 %", "[1.6万元, 10万元): 60%\n[10万元, ∞): 101%", "BL4006"],
    ["negative bound", "[-1元, 10万元): 60%\n[10万元, ∞): 65%", "BL4007"],
  ])("%s", (_, rows, code) => {
    expect(errors(compileText(bands(rows)))).toEqual([code]);
  });

  it("accepts a declared gap", () => {
    expect(errors(compileText(bands("[1.6万元, 10万元): 60%\ngap [10万元, 11万元)\n[11万元, ∞): 65%")))).toEqual([]);
  });

  it("accepts a correct 4-band table (001 §二(二)) and lowers it exactly", () => {
    const r = compileText(bands("[1.6万元, 10万元): 60%\n[10万元, 20万元): 65%\n[20万元, 30万元): 70%\n[30万元, ∞): 75%"));
    expect(r.diagnostics).toEqual([]);
    const rows = r.artifact!.ir.bands[0]!.rows.map(({ lo, hi, loIncl, hiIncl, rate }) => [lo, hi, loIncl, hiIncl, rate]);
    expect(rows).toEqual([
      ["16000", "100000", true, false, "0.6"],
      ["100000", "200000", true, false, "0.65"],
      ["200000", "300000", true, false, "0.7"],
      ["300000", null, true, false, "0.75"],
    ]);
  });
});
