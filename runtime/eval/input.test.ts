import { describe, expect, it } from "vitest";
import { loadRuleSet, renderRuntimeError, type Ledger } from "../index.ts";
import { build, input, xpcc } from "../tests/fixtures.ts";

const rs = loadRuleSet(xpcc());
const ledger: Ledger = { year: 2022, values: { 起付已用: "1000.00", 已救助: "0.00" } };
const snapshot = structuredClone(ledger);

function errors(inp: unknown, l: unknown = ledger) {
  const r = rs.evaluate(inp, l as Ledger);
  expect(ledger).toEqual(snapshot);
  if (r.ok) throw new Error("accepted: " + JSON.stringify(inp));
  return r.errors.map((e) => [e.field, e.code]);
}

describe("claim input", () => {
  it("reports every error at once", () => {
    expect(errors({ 类别: "第五类", 南疆: "否", 自付: "-5", 多余: 1 })).toEqual([
      ["多余", "BR2003"], ["类别", "BR2012"], ["南疆", "BR2004"], ["自付", "BR2007"],
    ]);
    expect(errors({})).toEqual([["类别", "BR2002"], ["自付", "BR2002"]]);
  });

  it.each([
    [Number.NaN, "BR2008"], [Number.POSITIVE_INFINITY, "BR2008"], [1e400, "BR2008"], ["1e400", "BR2005"],
    ["0.001", "BR2006"], [0.001, "BR2006"],
    // a JSON number past 15 digits is not what was written: 0.30000000000000004, 99999999999999.98
    [0.1 + 0.2, "BR2018"], [99999999999999.99, "BR2018"], [12345678901234567, "BR2018"], ["-0.01", "BR2007"], [-3, "BR2007"],
    ["12,000", "BR2005"], [" 12000", "BR2005"], ["", "BR2005"], ["１２０００", "BR2005"], ["0x10", "BR2005"],
    [1e21, "BR2014"], ["9999999999999999", "BR2014"], [true, "BR2004"], [null, "BR2004"], [[12000], "BR2004"],
    [{ toString: () => "12000" }, "BR2004"], ["1".repeat(10_000_001), "BR2009"],
  ])("refuses money %j (%s)", (value, code) => {
    expect(errors({ 类别: "第三类", 自付: value })).toEqual([["自付", code]]);
  });

  it("says how an amount is written when it is not one (a thousands separator)", () => {
    const r = rs.evaluate({ 类别: "第三类", 自付: "12,000" });
    expect(!r.ok && renderRuntimeError(r.errors[0]!, "en")).toBe("`自付`: `12,000` is not a valid amount (digits with at most one point and no separators, as 12000.50)");
    expect(!r.ok && renderRuntimeError(r.errors[0]!, "zh")).toContain("不加千分位");
  });

  it.each([["12000", "7000.00"], ["12000.50", "7000.35"], ["12000.5", "7000.35"], [12000.5, "7000.35"], ["-0", "0.00"], ["012000", "7000.00"]])(
    "accepts money %j", (value, expected) => {
      const r = rs.evaluate({ 类别: "第三类", 自付: value });
      // no ledger given: (x − 2000) × 70 %, half-up to the fen; -0 counts as 0
      expect(r.ok && r.outputs.救助金).toBe(expected);
    },
  );

  it("treats __proto__ and constructor as unknown fields, and never touches prototypes", () => {
    const hostile = JSON.parse('{"类别":"第三类","自付":"12000","__proto__":{"polluted":true},"constructor":1}');
    expect(errors(hostile)).toEqual([["__proto__", "BR2003"], ["constructor", "BR2003"]]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses a 10 MB string anywhere without echoing it", () => {
    const huge = "第".repeat(10 * 1024 * 1024);
    const r = rs.evaluate({ 类别: huge, 自付: "1" });
    expect(!r.ok && r.errors[0]!.code).toBe("BR2009");
    expect(!r.ok && renderRuntimeError(r.errors[0]!, "en").length).toBeLessThan(300);
  });

  it("refuses inputs that are not objects", () => {
    for (const x of [null, 5, "x", [1]]) expect(errors(x)).toEqual([["", "BR2001"]]);
  });

  it("checks the ledger too, together with the input", () => {
    expect(errors({ 类别: "第三类" }, { year: 2022, values: { 起付已用: "-1", 已救助: "1e3" } })).toEqual([
      ["自付", "BR2002"], ["ledger.values.起付已用", "BR2007"], ["ledger.values.已救助", "BR2005"],
    ]);
    expect(errors({ 类别: "第三类", 自付: "1" }, { year: "2022", values: {} })).toEqual([["ledger", "BR2020"]]);
    expect(errors({ 类别: "第三类", 自付: "1" }, [])).toEqual([["ledger", "BR2020"]]);
  });

  it("refuses a bad claim date", () => {
    const r = rs.evaluate({ 类别: "第三类", 自付: "1" }, undefined, { date: "2023-02-29" });
    expect(!r.ok && r.errors.map((e) => e.code)).toEqual(["BR2011"]);
  });

  it("keeps ledger fields of another version as they were", () => {
    const ledger = { year: 2022, values: { 旧字段: "5", __proto__x: "1", 旧金额: "2.5" } };
    const kept = { 起付已用: "2000.00", 已救助: "7000.00", 年度自付: "12000.00", 旧字段: "5", __proto__x: "1", 旧金额: "2.50" };
    // another version's fields, as a rule book names them, or a ledger stamped by another version
    const r = rs.evaluate({ 类别: "第三类", 自付: "12000" }, ledger, { ledgerFields: new Set(["旧字段", "__proto__x", "旧金额"]) });
    expect(r.ok && r.ledger.values).toEqual(kept);
    const stamped = rs.evaluate({ 类别: "第三类", 自付: "12000" }, { ...ledger, policy: { id: rs.meta.id, effective: "2020-01-01" } });
    expect(stamped.ok && stamped.ledger.values).toEqual(kept);
  });

  it("refuses a ledger field no version declares (已救助额 for 已救助): its amount would silently not count", () => {
    const r = rs.evaluate({ 类别: "第三类", 自付: "12000" }, { year: 2022, values: { 已救助额: "60000" } });
    expect(r).toMatchObject({ ok: false, errors: [{ code: "BR2028", field: "ledger.values.已救助额" }] });
    if (!r.ok) expect(renderRuntimeError(r.errors[0]!, "en")).toContain("its fields: `起付已用`, `已救助`, `年度自付`");
    // a ledger bylaw wrote is stamped: its fields are some version's, kept (a later version
    // may have dropped one); a field named by no other version of a rule book is refused
    const own = rs.evaluate({ 类别: "第三类", 自付: "12000" }, { year: 2022, values: { 已救助额: "1" }, policy: { id: rs.meta.id, effective: rs.meta.effective } } as never);
    expect(own.ok && own.ledger.values.已救助额).toBe("1");
    const other = rs.evaluate({ 类别: "第三类", 自付: "12000" }, { year: 2022, values: { 已救助额: "1" } }, { ledgerFields: new Set(["旧字段"]) });
    expect(other).toMatchObject({ ok: false, errors: [{ code: "BR2028" }] });
  });

  it("gives every message in English and Chinese", () => {
    const r = rs.evaluate({ 类别: "第三类", 自付: "0.001" });
    expect(r).toMatchObject({ ok: false, errors: [{ code: "BR2006", field: "自付" }] });
    if (!r.ok) {
      expect(renderRuntimeError(r.errors[0]!, "en")).toContain("more than 2 decimals");
      expect(renderRuntimeError(r.errors[0]!, "zh")).toContain("超过 2 位小数");
    }
  });
});

describe("typed fields", () => {
  const rs2 = loadRuleSet(build({
    enums: [{ name: "身份", members: [{ name: "低保" }, { name: "特困" }] }],
    fields: [
      { name: "年龄", type: "Int", optional: false },
      { name: "比例", type: "Rate", optional: false },
      { name: "日期", type: "Date", optional: false },
      { name: "身份", type: "set:身份", optional: false },
      { name: "备注", type: "Text", optional: true, default: "" },
    ],
    ir: { outputs: [{ name: "年龄", type: "Int", expr: input("年龄") }] },
  }));
  const check = (inp: Record<string, unknown>) => {
    const r = rs2.evaluate({ 年龄: 5, 比例: "0.7", 日期: "2024-02-29", 身份: ["低保"], ...inp });
    return r.ok ? "ok" : r.errors.map((e) => `${e.field}:${e.code}`).join(" ");
  };

  it("checks Int, Rate, Date, sets and text", () => {
    expect(check({})).toBe("ok");
    expect(check({ 年龄: 5.5 })).toBe("年龄:BR2010");
    expect(check({ 年龄: "18" })).toBe("ok");
    expect(check({ 比例: "-0.1" })).toBe("比例:BR2007");
    expect(check({ 日期: "2023-02-29" })).toBe("日期:BR2011");
    expect(check({ 日期: 20240229 })).toBe("日期:BR2004");
    expect(check({ 身份: ["低保", "低保"] })).toBe("身份:BR2013");
    expect(check({ 身份: ["低保", "富人"] })).toBe("身份:BR2012");
    expect(check({ 身份: "低保" })).toBe("身份:BR2004");
    expect(check({ 备注: "x".repeat(10_001) })).toBe("备注:BR2009");
  });
});
