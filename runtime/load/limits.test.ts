// Names are limited once, at load: the fast path and the decimal.js path then accept exactly
// the same artifacts and the same claims (a member name over the input text limit used to pass
// the fast path's set reader and fail the traced one).
import { describe, expect, it } from "vitest";
import { tryLoadRuleSet } from "../index.ts";
import { build, input } from "../tests/fixtures.ts";
import { MAX_NAME } from "../ir/limits.ts";

/** 有身份 = (身份 set) — an output reading the set input back. */
function named(member: string) {
  return build({
    enums: [{ name: "身份", members: [{ name: member }, { name: "低保" }] }],
    fields: [{ name: "身份集", type: "set:身份", optional: false }],
    ir: { outputs: [{ name: "身份们", type: "set:身份", expr: input("身份集") }] },
  });
}

describe("名称长度在加载时检查一次", () => {
  it("refuses a member name over MAX_NAME at load, with its path", () => {
    const r = tryLoadRuleSet(named("甲".repeat(10_001)));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("BR1029");
      expect(r.error.path).toBe("schema.enums[0].members[0].name");
    }
  });

  it("refuses an over-long input field name too", () => {
    const a = build({ fields: [{ name: "字".repeat(MAX_NAME + 1), type: "Money", optional: false }] });
    const r = tryLoadRuleSet(a);
    expect(r.ok ? "loaded" : r.error.code).toBe("BR1029");
  });

  it("accepts a member name of exactly MAX_NAME, and both paths settle it alike", () => {
    const long = "甲".repeat(MAX_NAME);
    const r = tryLoadRuleSet(named(long));
    if (!r.ok) throw new Error(r.error.message);
    const claim = { 身份集: [long] };
    const fast = r.ruleSet.evaluate(claim, undefined, { date: "2022-03-01" });
    const traced = r.ruleSet.evaluate(claim, undefined, { date: "2022-03-01", trace: true });
    expect(fast.ok && fast.outputs).toEqual({ 身份们: [long] });
    expect(traced.ok && traced.outputs).toEqual({ 身份们: [long] });
  });
});
