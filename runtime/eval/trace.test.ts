import { describe, expect, it } from "vitest";
import { loadRuleSet, renderTraceText } from "../index.ts";
import { build, dongying, input, lit, money, xpcc } from "../tests/fixtures.ts";

describe("traces", () => {
  const rs = loadRuleSet(xpcc());

  it("are only recorded when asked for", () => {
    const r = rs.evaluate({ 类别: "第三类", 自付: "12000" });
    expect(r.ok && r.trace).toBeUndefined();
  });

  it("explain the category-3 claim: deductible 2000, ratio 70 %, result 7000.00", () => {
    const r = rs.evaluate({ 类别: "第三类", 自付: "12000" }, undefined, { trace: true });
    if (!r.ok) throw new Error("failed");
    const text = renderTraceText(r.trace!);
    expect(text).toContain("医疗救助金 = 7000.00元 §二(四)2");
    expect(text).toContain("起付标准 第三类: 2000元 §二(四)1");
    expect(text).toContain("起付已用 本年 0元 → 2000元");
    expect(text).toContain("救助比例 第三类: 70%");
    expect(text).toContain("10000元 × 70% = 7000元");
    expect(text).toContain("限额 30000元，剩余额度 30000元");
    expect(text).toContain("预警 纳入因病返贫预警监测: 触发 §四(一)");
    const en = renderTraceText(r.trace!, "en");
    expect(en).toContain("deductible ¥2000");
    expect(en).toContain("¥10000 × 70% = ¥7000");
  });

  it("record the cap biting, with the ledger before and after", () => {
    const r = rs.evaluate({ 类别: "第三类", 自付: "12000" }, { year: 2022, values: { 起付已用: "2000", 已救助: "29000" } }, { trace: true });
    if (!r.ok) throw new Error("failed");
    const cap = r.trace!.outputs[0]!.steps[0]!;
    expect(cap).toMatchObject({ op: "cap", values: { amount: "8400", result: "1000", capped: "true" } });
    const limit = cap.children!.find((s) => s.op === "limit")!;
    expect(limit.values).toMatchObject({ limit: "30000", room: "1000", before: "29000", after: "30000", bites: "true" });
    expect(renderTraceText(r.trace!)).toContain("封顶后 = 1000元（受限额限制，原为 8400元）");
  });

  it("record each band's slice on top of the year so far", () => {
    const rd = loadRuleSet(dongying());
    const r = rd.evaluate({ 自付: "100000" }, { year: 2020, values: { 大病累计: "150000" } }, { trace: true });
    if (!r.ok) throw new Error("failed");
    const bands = r.trace!.outputs[0]!.steps[0]!;
    expect(bands.values).toMatchObject({ before: "150000", after: "250000", result: "67500" });
    expect(bands.children!.filter((s) => s.op === "band").map((s) => [s.values.band, s.values.amount, s.values.paid])).toEqual([
      ["[100000, 200000)", "50000", "32500"],
      ["[200000, 300000)", "50000", "35000"],
    ]);
    expect(renderTraceText(r.trace!)).toContain("[100000, 200000) 段：50000元 × 65% = 32500元");
  });

  it("is versioned JSON that survives a round trip", () => {
    const r = rs.evaluate({ 类别: "第二类", 南疆: true, 自付: "500" }, undefined, { trace: true });
    if (!r.ok) throw new Error("failed");
    expect(r.trace!.version).toBe(2);
    expect(JSON.parse(JSON.stringify(r.trace))).toEqual(r.trace);
    expect(renderTraceText(r.trace!)).toContain("条件成立，取 5个百分点");
  });
});

describe("a membership test (`高血压 in 两病`)", () => {
  const rs = loadRuleSet(build({
    enums: [{ name: "病种", members: [{ name: "高血压" }, { name: "糖尿病" }] }],
    fields: [{ name: "两病", type: "set:病种", optional: false }],
    ir: {
      outputs: [{
        name: "限额", type: "Money",
        expr: { k: "if", c: { k: "and", xs: [{ k: "in", a: lit("高血压", "enum:病种"), set: input("两病") }, { k: "in", a: lit("糖尿病", "enum:病种"), set: input("两病") }] }, a: money("600"), b: money("300") },
      }],
    },
  }));

  it("shows the member looked for, the set, and whether it holds: the one that failed is seen", () => {
    const r = rs.evaluate({ 两病: ["高血压"] }, undefined, { trace: true });
    if (!r.ok) throw new Error("failed");
    expect(r.outputs.限额).toBe("300.00");
    const text = renderTraceText(r.trace!, "zh");
    expect(text).toContain("高血压 属于（高血压）");
    expect(text).toContain("糖尿病 不属于（高血压）");
    expect(renderTraceText(r.trace!, "en")).toContain("糖尿病 is not in (高血压)");
  });
});

describe("a negative amount", () => {
  it("has its sign before the currency: −¥300, −300元", () => {
    const amount = (name: string) => ({ ...input(name), t: "Money" as const });
    const rs = loadRuleSet(build({
      fields: [{ name: "a", type: "Money", optional: false }, { name: "b", type: "Money", optional: false }],
      ir: { outputs: [{ name: "差额", type: "Money", expr: { k: "arith", op: "-", a: amount("a"), b: amount("b"), t: "Money" } }] },
    }));
    const r = rs.evaluate({ a: "200", b: "500" }, undefined, { trace: true });
    if (!r.ok) throw new Error("failed");
    expect(r.outputs.差额).toBe("-300.00");
    expect(renderTraceText(r.trace!, "en")).toContain("¥200 − ¥500 = −¥300");
    expect(renderTraceText(r.trace!, "zh")).toContain("= −300元");
  });
});
