// Assembling the evaluators (settle.ts): a claim the fast path declines is read once — its
// input values and ledger values are taken from the caller's objects once, whichever path
// settles it — and an explicit choice of evaluator is kept to.
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadFastPath, loadRuleSet } from "./rule-set.ts";
import { Declined, type EvalResult } from "./result.ts";
import type { Artifact } from "./ir/artifact.ts";
import { build, dongying, input, mul } from "./tests/fixtures.ts";

/** 付 = 自付 × 比例 (a Rate input: the fast path plans 4 decimals for it). */
const rated: Artifact = build({
  fields: [
    { name: "自付", type: "Money", optional: false },
    { name: "比例", type: "Rate", optional: true, default: "0.1235" },
  ],
  ir: { outputs: [{ name: "付", type: "Money", expr: mul(input("自付"), input("比例")) }] },
});

/** `values` behind getters that count how often each is taken. */
function counted(values: Record<string, unknown>): { obj: Record<string, unknown>; reads: Record<string, number> } {
  const obj = {}, reads: Record<string, number> = {};
  for (const [k, v] of Object.entries(values)) {
    reads[k] = 0;
    Object.defineProperty(obj, k, { enumerable: true, get: () => (reads[k]!++, v) });
  }
  return { obj: obj as Record<string, unknown>, reads };
}

/** The claim as decimal.js alone settles it, from plain objects. */
function exact(a: Artifact, inp: unknown, ledger?: unknown): EvalResult {
  return loadRuleSet(a, { evaluator: "exact" }).evaluate(inp, ledger as undefined);
}

describe("a claim the fast path declines is read once", () => {
  it("declined in evaluation (past 2^53): every input value taken once, the same result", () => {
    const plain = { 自付: "99999999999.99", 比例: "0.1235" };
    expect(loadFastPath(rated)!.evaluate(plain)).toBeInstanceOf(Declined);
    const { obj, reads } = counted(plain);
    const r = loadRuleSet(rated).evaluate(obj);
    expect(r).toEqual(exact(rated, plain));
    expect(r.ok && r.outputs["付"]).toBe("12350000000.00");
    expect(reads).toEqual({ 自付: 1, 比例: 1 });
  });

  it("declined in evaluation: every ledger value taken once too", () => {
    // 9000 亿 on a ledger of 9000 亿: the bands' products pass 2^53
    const claim = { 自付: "900000000000" }, values = { 大病累计: "900000000000" };
    expect(loadFastPath(dongying())!.evaluate(claim, { year: 2020, values })).toBeInstanceOf(Declined);
    const { obj, reads } = counted(values);
    const r = loadRuleSet(dongying()).evaluate(claim, { year: 2020, values: obj as Record<string, string> });
    expect(r).toEqual(exact(dongying(), claim, { year: 2020, values }));
    expect(r.ok && r.ledger.values).toEqual({ 大病累计: "1800000000000.00" });
    expect(reads).toEqual({ 大病累计: 1 });
  });

  it("declined while reading (a Rate with 5 decimals): the value it could not hold is handed over, not taken again", () => {
    for (const order of [["比例", "自付"], ["自付", "比例"]]) {
      const plain = { 比例: "0.12345", 自付: "100" };
      const { obj, reads } = counted(Object.fromEntries(order.map((k) => [k, plain[k as keyof typeof plain]])));
      const r = loadRuleSet(rated).evaluate(obj);
      expect(r.ok && r.outputs["付"], order.join()).toBe("12.35"); // 100 × 12.345 % = 12.345 → 12.35
      expect(reads, order.join()).toEqual({ 自付: 1, 比例: 1 });
    }
  });

  it("declined on an error: worded by decimal.js alike, each value taken once", () => {
    for (const bad of [{ 自付: "1", 额外: 1 }, { 比例: "0.1" }, { 自付: "-1", 比例: "2" }, { 自付: "1.234" }]) {
      const { obj, reads } = counted(bad);
      expect(loadRuleSet(rated).evaluate(obj), JSON.stringify(bad)).toEqual(exact(rated, bad));
      for (const k of Object.keys(bad)) expect(reads[k], `${JSON.stringify(bad)}: ${k}`).toBeLessThanOrEqual(1);
    }
  });
});

describe("choosing the evaluator", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("\"exact\" never generates code and settles alike", () => {
    const auto = loadRuleSet(rated).evaluate({ 自付: "333.33" });
    vi.stubGlobal("Function", function generated() {
      throw new Error("no code may be generated");
    });
    expect(() => loadRuleSet(rated)).toThrow();
    const r = loadRuleSet(rated, { evaluator: "exact" }).evaluate({ 自付: "333.33" });
    expect(r).toEqual(auto);
    expect(r.ok && r.outputs["付"]).toBe("41.17"); // 333.33 × 12.35 % = 41.166255
  });

  it("the fast path alone declines, unread, a traced claim and a date out of force", () => {
    const fast = loadFastPath(rated)!;
    expect(fast.evaluate({ 自付: "1" }, undefined, { trace: true })).toBe(Declined.UNREAD);
    expect(fast.evaluate({ 自付: "1" }, undefined, { date: "2021-12-31" })).toBe(Declined.UNREAD);
    expect(fast.evaluate({ 自付: "1" }, undefined, { date: "2022-03-01" })).toMatchObject({ ok: true, outputs: { 付: "0.12" } });
  });
});
