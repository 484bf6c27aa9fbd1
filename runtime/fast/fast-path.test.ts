// The fixed-point path at its edges: hand-computed figures where it settles the claim itself,
// and where it must decline (2^53, rates with many decimals, held or malformed ledgers), the
// same answer from the decimal.js path. `settle` is called directly to see which path ran.
import { describe, expect, it } from "vitest";
import { loadRuleSet, type EvalResult, type Ledger } from "../index.ts";
import type { Artifact, Expr } from "../ir/artifact.ts";
import { loadFastPath } from "../rule-set.ts";
import { Declined, type ClaimEvaluator } from "../result.ts";
import { HeldLedger } from "../eval/ledger.ts";
import { build, dongying, input, lit, money, mul, xpcc } from "../tests/fixtures.ts";

function fastPathOf(a: Artifact): ClaimEvaluator {
  return loadFastPath(a)!;
}

/** Settles on both paths; returns the public result after checking the decimal.js path agrees. */
function settle(a: Artifact, inp: unknown, ledger?: Ledger, ledgerFields?: ReadonlySet<string>): { r: EvalResult; fast: boolean } {
  const rs = loadRuleSet(a);
  const r = rs.evaluate(inp, ledger, { date: a.policy.effective, ledgerFields });
  const ref = rs.evaluate(inp, ledger, { date: a.policy.effective, trace: true, ledgerFields });
  if (ref.ok) delete ref.trace;
  expect(JSON.stringify(r)).toBe(JSON.stringify(ref));
  return { r, fast: !(fastPathOf(a).evaluate(inp, ledger, { ledgerFields }) instanceof Declined) };
}

function outputsOf(r: EvalResult) {
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.outputs;
}

/** 付 = 自付 × 比例 (a Rate input, default 12.345 %), 差 = 自付 × 0.5 − 10元. */
const rated = build({
  fields: [
    { name: "自付", type: "Money", optional: false },
    { name: "比例", type: "Rate", optional: true, default: "0.1235" },
  ],
  ir: {
    outputs: [
      { name: "付", type: "Money", expr: mul(input("自付"), input("比例")) },
      { name: "差", type: "Money", expr: { k: "arith", op: "-", a: mul(input("自付"), lit("0.5", "Rate")), b: money("10") } },
      { name: "率", type: "Rate", expr: input("比例") },
    ],
  },
});

describe("fixed-point path: figures by hand", () => {
  it("第三类 12000元: (12000 − 2000) × 70% = 7000.00, settled by the fast path", () => {
    const { r, fast } = settle(xpcc(), { 类别: "第三类", 自付: "12000" });
    expect(fast).toBe(true);
    expect(outputsOf(r)).toEqual({ 救助金: "7000.00" });
    expect(r.ok && r.ledger).toEqual({ year: 2022, values: { 起付已用: "2000.00", 已救助: "7000.00", 年度自付: "12000.00" } });
  });

  it("东营 25万元 on a ledger of 5万: bands on 30万 − bands on 5万 = 185400 − 20400 = 165000.00", () => {
    const { r, fast } = settle(dongying(), { 自付: 250000 }, { year: 2020, values: { 大病累计: "50000.00" } });
    expect(fast).toBe(true);
    expect(outputsOf(r)["大病保险"]).toBe("165000.00");
    expect(r.ok && r.ledger.values).toEqual({ 大病累计: "300000.00" });
  });

  it("half-up at x.xx5 exactly: 100 × 12.345% = 12.345 → 12.35; 0.01 × 12.35% = 0.001235 → 0.00", () => {
    const a = settle(rated, { 自付: "100", 比例: "0.12345" });
    expect(a.fast).toBe(false); // 5 decimals: more than a Rate input's planned 4
    expect(outputsOf(a.r)["付"]).toBe("12.35");
    const b = settle(rated, { 自付: "100.01", 比例: "0.1235" });
    expect(b.fast).toBe(true);
    expect(outputsOf(b.r)).toEqual({ 付: "12.35", 差: "40.01", 率: "0.1235" }); // 12.351235 → 12.35; 50.005 − 10 = 40.005 → 40.01
  });

  it("negative intermediates round away from zero: 0.01 × 0.5 − 10 = −9.995 → −10.00", () => {
    const { r, fast } = settle(rated, { 自付: "0.01" });
    expect(fast).toBe(true);
    expect(outputsOf(r)).toEqual({ 付: "0.00", 差: "-10.00", 率: "0.1235" });
  });
});

describe("fixed-point path: declines, and the decimal.js path answers", () => {
  it("a product past 2^53: 99999999999.99 × 12.35% = 12349999999.998765 → 12350000000.00", () => {
    const { r, fast } = settle(rated, { 自付: "99999999999.99" });
    expect(fast).toBe(false);
    expect(outputsOf(r)["付"]).toBe("12350000000.00");
  });

  it("just inside 2^53 it stays fast: 9999999999.99 × 12.35% = 1234999999.998765 → 1235000000.00", () => {
    const { r, fast } = settle(rated, { 自付: "9999999999.99" });
    expect(fast).toBe(true); // 999999999999 × 1235 ≈ 1.2 × 10^15
    expect(outputsOf(r)["付"]).toBe("1235000000.00");
  });

  it("a ledger sum past 2^53 fen: 90000000000000.00 + 1.00 = 90000000000001.00", () => {
    const { r, fast } = settle(dongying(), { 自付: "1" }, { year: 2020, values: { 大病累计: "90000000000000" } });
    expect(fast).toBe(false);
    expect(r.ok && r.ledger.values).toEqual({ 大病累计: "90000000000001.00" });
  });

  it("errors come from the decimal.js path, worded as always", () => {
    for (const bad of [{ 自付: "-1" }, { 自付: "1.234" }, { 自付: 0.1 + 0.2 }, { 自付: "1", 额外: 1 }, {}, null]) {
      const { r, fast } = settle(rated, bad);
      expect(fast).toBe(false);
      expect(r.ok).toBe(false);
    }
    const led = settle(dongying(), { 自付: "1" }, { year: 2020, values: { 大病累计: "1.001" } });
    expect(led.r.ok ? "ok" : led.r.errors[0]!.code).toBe("BR2006");
    const later = settle(dongying(), { 自付: "1" }, { year: 2021, values: {} });
    expect(later.r.ok ? "ok" : later.r.errors[0]!.code).toBe("BR2022");
  });

  it("a ledger of last year carries nothing; another version's ledger fields are kept as written", () => {
    const last = settle(dongying(), { 自付: "20000" }, { year: 2019, values: { 大病累计: "50000" } });
    expect(last.fast).toBe(true);
    expect(outputsOf(last.r)["大病保险"]).toBe("2400.00"); // (20000 − 16000) × 60 %
    const extra = settle(dongying(), { 自付: "20000" }, { year: 2020, values: { 大病累计: "0", 旧字段: "12.5" } }, new Set(["旧字段"]));
    expect(extra.fast).toBe(true);
    expect(extra.r.ok && extra.r.ledger.values).toEqual({ 大病累计: "20000.00", 旧字段: "12.50" });
    // a field no version declares: declined, and refused by the decimal.js path (BR2028)
    const typo = settle(dongying(), { 自付: "20000" }, { year: 2020, values: { 大病累积: "5000" } });
    expect(typo.fast).toBe(false);
    expect(typo.r).toMatchObject({ ok: false, errors: [{ code: "BR2028" }] });
  });

  it("a ledger field the claim leaves unchanged is written as we write money, whatever form it came in", () => {
    // 第一类 has no deductible: 起付已用 stays 500; 100 × 90 % = 90 → 已救助 1 + 90; 年度自付 2.5 + 100
    for (const used of ["500.00", "0500.00", "0500.0", "500", "500.000", 500, "-0.00"]) {
      const { r, fast } = settle(xpcc(), { 类别: "第一类", 自付: "100" }, { year: 2022, values: { 起付已用: used as string, 已救助: "1", 年度自付: "2.5" } });
      expect(fast).toBe(true);
      expect(r.ok && r.ledger.values).toEqual({ 起付已用: used === "-0.00" ? "0.00" : "500.00", 已救助: "91.00", 年度自付: "102.50" });
    }
  });

  it("a batch's held ledger stays in whole fen on the fast path from claim to claim", () => {
    const rs = loadRuleSet(dongying());
    const first = rs.evaluate({ 自付: "20000" }, HeldLedger.EMPTY, { date: "2020-10-01" });
    if (!first.ok || !(first.ledger instanceof HeldLedger)) throw new Error("a held ledger out");
    expect(first.ledger.fen).toEqual([2000000]);
    expect(first.ledger.values).toEqual({ 大病累计: "20000.00" });
    const second = rs.evaluate({ 自付: "80000" }, first.ledger, { date: "2020-11-01" });
    expect(outputsOf(second)["大病保险"]).toBe("48000.00"); // (100000 − 16000) × 60 % − 2400
    expect(second.ok && second.ledger instanceof HeldLedger && second.ledger.fen).toEqual([10000000]);
    // the held ledger itself is unchanged: the same claim from it again gives the same answer
    expect(rs.evaluate({ 自付: "80000" }, first.ledger, { date: "2020-11-01" })).toEqual(second);
    // the decimal.js path (traced) reads the fen ledger alike and holds Decimals
    const traced = rs.evaluate({ 自付: "80000" }, first.ledger, { date: "2020-11-01", trace: true });
    if (!traced.ok || !(traced.ledger instanceof HeldLedger)) throw new Error("a held ledger out");
    expect(traced.outputs).toEqual(second.ok && second.outputs);
    expect([traced.ledger.fen, traced.ledger.values]).toEqual([undefined, { 大病累计: "100000.00" }]);
    // … and the fast path takes the Decimals back into fen: 100000 + 100000 crosses 200000
    // (100000 × 65 % = 65000) — the claim after a traced one stays on the fast path
    const third = rs.evaluate({ 自付: "100000" }, traced.ledger, { date: "2020-12-01" });
    expect(outputsOf(third)["大病保险"]).toBe("65000.00");
    expect(third.ok && third.ledger instanceof HeldLedger && third.ledger.fen).toEqual([20000000]);
    // a new year starts afresh; an earlier date is refused on the decimal.js path
    const newYear = rs.evaluate({ 自付: "20000" }, third.ok ? third.ledger : undefined, { date: "2021-01-05" });
    expect(outputsOf(newYear)["大病保险"]).toBe("2400.00");
    const earlier = rs.evaluate({ 自付: "1" }, newYear.ok ? newYear.ledger : undefined, { date: "2020-12-31" });
    expect(earlier.ok ? "ok" : earlier.errors.map((e) => e.code)).toEqual(["BR2022"]);
    // another rule set's fast path reads a held ledger through its values
    const other = fastPathOf(dongying()).evaluate({ 自付: "1" }, first.ledger, { date: "2020-10-01" });
    expect(!(other instanceof Declined) && other.ok && other.ledger.values).toEqual({ 大病累计: "20001.00" });
  });
});

describe("the claim date in an expression", () => {
  it("is read on the fast path as on the decimal.js path: a window opening 6 months before an input date", () => {
    // y = if claim date >= 从 − 6个月 then x × 70% else 0元
    const window: Expr = { k: "cmp", op: ">=", a: { k: "claimDate", t: "Date" }, b: { k: "dateAdd", a: input("从"), months: -6, t: "Date" } };
    const a = build({
      fields: [{ name: "从", type: "Date", optional: false }, { name: "x", type: "Money", optional: false }],
      ir: { outputs: [{ name: "y", type: "Money", expr: { k: "if", c: window, a: mul(input("x"), lit("0.7", "Rate")), b: money("0"), t: "Money" } }] },
    });
    const rs = loadRuleSet(a), fast = fastPathOf(a);
    // 2024-08-01 − 6 months = 2024-02-01; 2025-03-31 − 6 months = 2024-09-30
    for (const [从, date, want] of [["2024-08-01", "2024-01-31", "0.00"], ["2024-08-01", "2024-02-01", "700.00"], ["2025-03-31", "2024-09-30", "700.00"], ["2025-03-31", "2024-09-29", "0.00"]] as const) {
      const onFast = fast.evaluate({ 从, x: "1000" }, undefined, { date });
      expect(onFast).not.toBeInstanceOf(Declined);
      expect(outputsOf(onFast as EvalResult).y).toBe(want);
      expect(outputsOf(rs.evaluate({ 从, x: "1000" }, undefined, { date, trace: true })).y).toBe(want);
    }
  });
});
