// The five seed folders analysed: the symbolic lines agree with the runtime inside every
// piece, the breakpoints are the documents' figures, and the one finding is the one
// policies/README.md explains. (Timing: bench/analyze-section.ts.)
import { describe, expect, it } from "vitest";
import { seeds, seedById } from "../tests/support/seeds.ts";
import { D } from "../runtime/ir/decimal.ts";
import { analyze, representatives } from "./index.ts";

describe("the seed policies", () => {
  it("every one analyses, its functions agreeing with the runtime; the only finding is XPCC's full subsidy of 特困人员", () => {
    const found: string[] = [];
    for (const s of seeds()) {
      const r = analyze(s.artifact);
      expect(r.disagreements, s.file).toEqual([]);
      for (const f of r.findings) found.push(`${s.id} ${f.kind} ${f.output} ${f.at}–${f.to} ${JSON.stringify(f.inputs)}`);
    }
    expect(found).toEqual([`xpcc.subsidy full-coverage 参保资助 0.01–null {"身份":["特困人员"],"年龄":"17"}`]);
  });

  it("XPCC assistance, 第三类: deductible 2000 (§二(四)1), then 70 % up to the 3万 cap at 2000 + 30000 / 70 % = 44857.142857…", () => {
    const r = analyze(seedById("xpcc.assistance").artifact);
    const fn = r.functions.find((f) => f.output === "救助金" && f.inputs.some((c) =>
      JSON.stringify(c["身份"]) === `["低保边缘家庭成员"]` && c["南疆"] === false && c["就诊类型"] === "住院" && c["按规定转诊"] === true))!;
    expect(fn.breakpoints.map((b) => [b.kind, b.name, b.sections, b.fen, b.before, b.value])).toEqual([
      ["deductible", "起付标准", ["§二(四)1"], "2000.00", "0.00", "0.00"],
      ["cap", "年度救助限额", ["§二(四)2"], "44857.15", "30000.00", "30000.00"],
    ]);
    expect(fn.breakpoints[1]!.at.startsWith("44857.142857142857")).toBe(true);
    // the categories that give the same function are grouped: both 第三类 identities, and
    // every combination of the visit's type and 慢特病 that puts the cost in scope
    expect(fn.inputs.map((c) => JSON.stringify(c["身份"]))).toContain(`["监测对象"]`);
    expect(fn.pieces.map((p) => p.slope)).toEqual(["0", "0.7", "0"]);
  });

  it("Liaocheng's settlement: the patient's share bends at the critical-illness bands, the assistance cap and the re-assistance deductible", () => {
    const r = analyze(seedById("liaocheng.settlement").artifact);
    const share = r.functions.find((f) => f.output === "个人负担" && f.inputs.some((c) => c["就诊"] === "住院"))!;
    expect(share.breakpoints.map((b) => `${b.kind} ${b.name} ${b.fen}`)).toEqual([
      "band edge 大病.分段 5500.00", "deductible 再救助起付 37404.77", "cap 救助限额 51010.21", "band edge 大病.分段 100000.00",
      "cap 再救助限额 111414.29", "band edge 大病.分段 300000.00",
    ]);
  });

  it("from a ledger carried in, Dongying's bands start where the year's cost already is", () => {
    const r = analyze(seedById("dongying.ci.resident").artifact, { ledgers: [{ name: "年中", values: { 年度累计: "90000" } }] });
    const fn = r.functions.find((f) => f.ledger === "年中")!;
    expect(fn.breakpoints.map((b) => `${b.kind} ${b.fen} ${b.before}→${b.value}`)).toEqual([
      // 60 % of 10000 to reach 10万; + 65 % of 10万; + 70 % of 10万; then 75 % until 40万 is paid
      "band edge 10000.00 5999.99→6000.00", "band edge 110000.00 70999.99→71000.00", "band edge 210000.00 140999.99→141000.00",
      "cap 555333.34 400000.00→400000.00",
    ]);
  });
});

describe("the breakpoints are complete", () => {
  // Amounts drawn at random (a fixed seed) between and beyond the breakpoints: the runtime's
  // figure is always the line of the piece holding the amount, so no breakpoint is missing.
  it("on every seed policy, 40 random amounts per function settle on their piece's line", () => {
    let state = 20261130;
    const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let checked = 0;
    for (const s of seeds()) {
      const r = analyze(s.artifact);
      const reps = representatives(s.artifact, s.artifact.policy.effective);
      for (const fn of r.functions) {
        if (fn.sampled !== undefined || fn.ledger !== undefined) continue;
        const cuts = fn.breakpoints.map((b) => new D(b.at));
        const far = D.max(cuts[cuts.length - 1] ?? new D(0), new D(10000)).times(2);
        for (let i = 0; i < 40; i++) {
          const x = far.times(random()).toDecimalPlaces(2, D.ROUND_FLOOR);
          if (cuts.some((c) => c.minus(x).abs().lte("0.02"))) continue;
          const piece = fn.pieces.find((p) => new D(p.from).lt(x) && (p.to === null || new D(p.to).gt(x)))!;
          const claim: Record<string, unknown> = Object.fromEntries([...reps].map(([k, v]) => [k, v[0]]));
          Object.assign(claim, fn.inputs[0], { [fn.over]: x.toFixed(2) });
          const got = s.ruleSet.evaluate(claim);
          if (!got.ok) throw new Error(`${s.file}: ${JSON.stringify(got.errors)}`);
          const line = new D(piece.slope).times(x).plus(piece.intercept);
          expect(new D(got.outputs[fn.output] as string).minus(line).abs().lte("0.04"), `${s.file} ${fn.output} at ${x}`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});
