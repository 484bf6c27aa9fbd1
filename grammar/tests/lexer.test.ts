import { describe, expect, it } from "vitest";
import { lex } from "../lexer.ts";
import { moneyValue, normalizeDecimal, rateValue, shiftDecimal } from "../literals.ts";
import { parse } from "../parse.ts";
import { exprOf, HEADER, parseOk, withoutSpans } from "./helpers.ts";

const kinds = (text: string) => lex(text).tokens.map((t) => t.tokenType.name);

describe("lexer", () => {
  it("金额字面量按万缩放，且精确", () => {
    expect(exprOf("1.6万元")).toEqual({ kind: "money", value: "16000" });
    expect(exprOf("5万元")).toEqual({ kind: "money", value: "50000" });
    expect(exprOf("0.01元")).toEqual({ kind: "money", value: "0.01" });
    expect(exprOf("2000元")).toEqual({ kind: "money", value: "2000" });
    expect(exprOf("1.23456万元")).toEqual({ kind: "money", value: "12345.6" });
    expect(exprOf("0.00001万元")).toEqual({ kind: "money", value: "0.1" });
  });

  it("more than 2 decimals after scaling is BL1004 with the literal's span", () => {
    const text = `${HEADER}define x = 1.234元\n`;
    const { errors } = parse(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe("BL1004");
    expect(text.slice(errors[0]!.span.start, errors[0]!.span.end)).toBe("1.234元");
    expect(errors[0]!.args).toEqual({ text: "1.234元" });
    expect(parse(`${HEADER}define x = 0.0000001万元\n`).errors.map((e) => e.code)).toEqual(["BL1004"]);
  });

  it("rates are fractions and points stay points", () => {
    expect(exprOf("70%")).toEqual({ kind: "rate", value: "0.7" });
    expect(exprOf("62.5%")).toEqual({ kind: "rate", value: "0.625" });
    expect(exprOf("100%")).toEqual({ kind: "rate", value: "1" });
    expect(exprOf("0.5%")).toEqual({ kind: "rate", value: "0.005" });
    expect(exprOf("5pp")).toEqual({ kind: "points", value: "5" });
    expect(exprOf("2.50pp")).toEqual({ kind: "points", value: "2.5" });
  });

  it("numbers, durations, booleans, unlimited", () => {
    expect(exprOf("3")).toEqual({ kind: "number", value: "3" });
    expect(exprOf("1.50")).toEqual({ kind: "number", value: "1.5" });
    expect(exprOf("6个月")).toEqual({ kind: "duration", months: 6 });
    expect(exprOf("true")).toEqual({ kind: "bool", value: true });
    expect(exprOf("none")).toEqual({ kind: "unlimited", word: "none" });
    expect(exprOf("unlimited")).toEqual({ kind: "unlimited", word: "unlimited" });
  });

  it("dates, and BL1006 for impossible ones", () => {
    expect(exprOf("2024-02-29")).toEqual({ kind: "date", value: "2024-02-29" });
    const bad = (d: string) => parse(`${HEADER}define x = ${d}\n`).errors.map((e) => [e.code, e.args["text"]]);
    expect(bad("2022-02-30")).toEqual([["BL1006", "2022-02-30"]]);
    expect(bad("2023-02-29")).toEqual([["BL1006", "2023-02-29"]]);
    expect(bad("1900-02-29")).toEqual([["BL1006", "1900-02-29"]]);
    expect(bad("2022-13-01")).toEqual([["BL1006", "2022-13-01"]]);
    expect(bad("2000-02-29")).toEqual([]);
    // also in the header
    const header = `policy a "t" { effective 2022-04-31 }`;
    expect(parse(header).errors.map((e) => e.code)).toEqual(["BL1006"]);
  });

  it("中文标识符、关键字前缀的标识符、Unicode", () => {
    expect(kinds("起付标准 救助对象类别 c1 _x override_x inf infx in")).toEqual([
      "Identifier", "Identifier", "Identifier", "Identifier", "Identifier", "Kw_inf", "Identifier", "Kw_in",
    ]);
    expect(lex("起付标准").tokens[0]!.image).toBe("起付标准");
    expect(kinds("∞ inf")).toEqual(["InfinitySign", "Kw_inf"]);
  });

  it("section citations, with half- and full-width parentheses", () => {
    const images = lex("§二(四)2 §三（二） §四(一)1-2 {").tokens.map((t) => t.image);
    expect(images).toEqual(["§二(四)2", "§三（二）", "§四(一)1-2", "{"]);
  });

  it("a Chinese keyboard: full-width ，：（）【】｜＝ are read as , : ( ) [ ] | =; strings and comments keep theirs", () => {
    const wide = `${HEADER}table 比例：Int -> Rate "比例（年龄）" {\n  【0，18】：75% // 未成年（含）\n  （18，∞）: 70%\n}\ndefine x = max（1，2）\n`;
    const ascii = `${HEADER}table 比例: Int -> Rate "比例（年龄）" {\n  [0, 18]: 75% // 未成年（含）\n  (18, ∞): 70%\n}\ndefine x = max(1, 2)\n`;
    expect(withoutSpans(parseOk(wide).decls)).toEqual(withoutSpans(parseOk(ascii).decls));
    expect(parseOk(wide).comments.map((c) => c.text)).toEqual(["// 未成年（含）"]);
    expect(kinds("，：（）【】｜＝")).toEqual(["Comma", "Colon", "LParen", "RParen", "LBracket", "RBracket", "Bar", "Equals"]);
    // a citation keeps its full-width brackets, and ends before a full-width comma
    expect(lex("§三（二），").tokens.map((t) => t.image)).toEqual(["§三（二）", "，"]);
  });

  it("千元 scales by a thousand, 亿元 by 10^8; 无穷 is ∞ but 无穷大 is a name", () => {
    expect(exprOf("5千元")).toEqual({ kind: "money", value: "5000" });
    expect(exprOf("1.5千元")).toEqual({ kind: "money", value: "1500" });
    expect(moneyValue("0.00001千元")).toEqual({ value: "0.01", precise: true });
    expect(moneyValue("0.000001千元")).toEqual({ value: "0.001", precise: false });
    // a document's totals: 全年支出1.26亿元
    expect(exprOf("1.26亿元")).toEqual({ kind: "money", value: "126000000" });
    expect(kinds("无穷 无穷大 ∞")).toEqual(["InfinityWord", "Identifier", "InfinitySign"]);
    const t = parseOk(`${HEADER}bands 分段 { [0元, 无穷): 50% }\n`).decls[0]!;
    expect(t.kind === "bands" && t.rows[0]!.range?.highInfinite).toBe(true);
  });

  it("strings decode \\\" and \\\\ only", () => {
    expect(exprOf(String.raw`"a\"b\\c\n"`)).toEqual({ kind: "string", value: 'a"b\\c\\n' });
  });

  it("comments are collected, with ownLine", () => {
    const text = `${HEADER}// own\ndefine x = 1 // trailing\n  /* block\n */ define y = 2\n`;
    const { ast, errors } = parse(text);
    expect(errors).toEqual([]);
    expect(ast.comments.map((c) => [c.text, c.ownLine])).toEqual([
      ["// own", true],
      ["// trailing", false],
      ["/* block\n */", true],
    ]);
    const c = ast.comments[1]!;
    expect(text.slice(c.span.start, c.span.end)).toBe("// trailing");
  });

  it("BL1002 unknown character and BL1003 unterminated string/comment", () => {
    const text = `${HEADER}define x = 1 # 2\n`;
    const e = parse(text).errors;
    expect(e.map((x) => [x.code, x.args["char"], text.slice(x.span.start, x.span.end)])).toContainEqual(["BL1002", "#", "#"]);
    const unterminated = parse(`${HEADER}define x = "abc\ndefine y = 1 /* never closed`).errors;
    expect(unterminated.filter((x) => x.code === "BL1003").map((x) => x.args["what"])).toEqual(["string", "comment"]);
  });

  it("decimal helpers never use number arithmetic", () => {
    expect(shiftDecimal("1.6", 4)).toBe("16000");
    expect(shiftDecimal("62.5", -2)).toBe("0.625");
    expect(shiftDecimal("0.1", -2)).toBe("0.001");
    expect(shiftDecimal("123456789012345678901234567890.12", 4)).toBe("1234567890123456789012345678901200");
    expect(normalizeDecimal("000.500")).toBe("0.5");
    expect(rateValue("33.333%")).toBe("0.33333");
    expect(moneyValue("0.001万元")).toEqual({ value: "10", precise: true });
    expect(moneyValue("0.000001万元")).toEqual({ value: "0.01", precise: true });
  });
});

describe("percentage points as documents write them", () => {
  it("`20个百分点` is one points literal, as `20pp` is", () => {
    const { tokens, errors } = lex("比例 - 20个百分点 + 2.5pp");
    expect(errors).toEqual([]);
    expect(tokens.filter((t) => t.tokenType.name === "PointsLit").map((t) => t.image)).toEqual(["20个百分点", "2.5pp"]);
  });
});
