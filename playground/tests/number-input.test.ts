import { describe, expect, it } from "vitest";
import {
  formatYuan, parseIntText, parseMoneyText, parseRateText, shiftDecimal,
} from "../src/number-input.ts";
import { displayDefault, fieldValue, rateToPercent } from "../src/field-values.ts";

describe("金额输入 money typed into the form", () => {
  it.each([
    ["16000", "16000"],
    ["1.6万", "16000"],
    ["1.6万元", "16000"],
    ["16000元", "16000"],
    ["16,000.50", "16000.5"],
    ["１６０００", "16000"],
    [" 2.5 万 ", "25000"],
    ["0.0001万", "1"],
    ["12345.67", "12345.67"],
    ["0.01", "0.01"],
    ["0", "0"],
    ["007", "7"],
    ["9999999999999999.99", "9999999999999999.99"],
  ])("%s → %s", (raw, value) => {
    expect(parseMoneyText(raw)).toEqual({ ok: true, value });
  });

  it("rejects more than two decimals after 万 scaling, negatives and junk", () => {
    expect(parseMoneyText("1.234")).toEqual({ ok: false, reason: "decimals" });
    expect(parseMoneyText("1.2345678万")).toEqual({ ok: false, reason: "decimals" });
    expect(parseMoneyText("-5")).toEqual({ ok: false, reason: "negative" });
    expect(parseMoneyText("")).toEqual({ ok: false, reason: "empty" });
    for (const junk of ["abc", "1e5", "1..2", "万", "1.6万万", "NaN", "Infinity", "0x10"]) {
      expect(parseMoneyText(junk).ok, junk).toBe(false);
    }
  });

  it("moves the decimal point in the string (no float rounding)", () => {
    // 0.1 + 0.2 style float errors would show here.
    expect(parseMoneyText("0.00003万")).toEqual({ ok: true, value: "0.3" });
    expect(parseMoneyText("0.0000003万")).toEqual({ ok: false, reason: "decimals" });
    expect(parseMoneyText("1.23456万")).toEqual({ ok: true, value: "12345.6" });
    expect(shiftDecimal("", "0", "07", -2)).toBe("0.0007");
    expect(shiftDecimal("-", "0", "", 0)).toBe("0");
  });

  it("rates, whole numbers", () => {
    expect(parseRateText("70%")).toEqual({ ok: true, value: "0.7" });
    expect(parseRateText("62.5%")).toEqual({ ok: true, value: "0.625" });
    expect(parseRateText("0.7")).toEqual({ ok: true, value: "0.7" });
    expect(parseIntText("18岁")).toEqual({ ok: true, value: "18" });
    expect(parseIntText("18.5")).toEqual({ ok: false, reason: "fraction" });
  });

  it("formats yuan for display", () => {
    expect(formatYuan("150400")).toBe("150,400.00");
    expect(formatYuan("7000.5")).toBe("7,000.50");
    expect(formatYuan("0.00")).toBe("0.00");
  });
});

describe("表单字段 form field values by type", () => {
  it("encodes each type as the runtime expects", () => {
    expect(fieldValue("Money", "1.2万元", false)).toEqual({ ok: true, value: "12000" });
    expect(fieldValue("Rate", "75%", false)).toEqual({ ok: true, value: "0.75" });
    expect(fieldValue("Bool", true, false)).toEqual({ ok: true, value: true });
    expect(fieldValue("Bool", undefined, false)).toEqual({ ok: true, value: false });
    expect(fieldValue("set:身份", ["低保对象"], false)).toEqual({ ok: true, value: ["低保对象"] });
    expect(fieldValue("enum:类别", "第三类", false)).toEqual({ ok: true, value: "第三类" });
    expect(fieldValue("Limit", "不限", false)).toEqual({ ok: true, value: null });
    expect(fieldValue("Duration", "6个月", false)).toEqual({ ok: true, value: 6 });
    expect(fieldValue("Date", "2022-08-01", false)).toEqual({ ok: true, value: "2022-08-01" });
  });

  it("omits empty optional fields and flags empty required ones", () => {
    expect(fieldValue("Money", "", true)).toEqual({ ok: true, omitted: true });
    expect(fieldValue("Money", " ", false)).toEqual({ ok: false, problem: "required" });
    expect(fieldValue("enum:类别", "", false)).toEqual({ ok: false, problem: "required" });
    expect(fieldValue("Money", "1.001", false)).toEqual({ ok: false, problem: "badDecimals" });
    expect(fieldValue("Money", "abc", false)).toEqual({ ok: false, problem: "badMoney" });
    expect(fieldValue("Int", "3.5", false)).toEqual({ ok: false, problem: "badInt" });
  });

  it("shows defaults as written", () => {
    expect(rateToPercent("0.7")).toBe("70");
    expect(rateToPercent("0.625")).toBe("62.5");
    expect(rateToPercent("1")).toBe("100");
    expect(rateToPercent("0.05")).toBe("5");
    expect(displayDefault("Rate", "0.75")).toBe("75%");
    expect(displayDefault("Limit", null)).toBe("unlimited");
    expect(displayDefault("Bool", false)).toBe("false");
  });
});
