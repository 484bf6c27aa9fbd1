import { describe, expect, it } from "vitest";
import { format } from "../format.ts";
import { parse } from "../parse.ts";
import { HEADER, readFixture, withoutSpans } from "./helpers.ts";

function formatted(text: string): string {
  const r = format(text);
  if (r.text === undefined) throw new Error(`format refused: ${JSON.stringify(r.errors)}`);
  return r.text;
}

/** Idempotent, meaning-preserving, and keeps every comment's text. */
function checkRoundTrip(text: string): string {
  const once = formatted(text);
  expect(formatted(once)).toBe(once);
  const before = parse(text).ast;
  const after = parse(once).ast;
  expect(withoutSpans(after.decls)).toEqual(withoutSpans(before.decls));
  expect(withoutSpans(after.header)).toEqual(withoutSpans(before.header));
  const comments = (t: string[]) => t.map((c) => c.replace(/\s+$/, ""));
  expect(comments(after.comments.map((c) => c.text))).toEqual(comments(before.comments.map((c) => c.text)));
  return once;
}

describe("format", () => {
  it("the fixture: idempotent, same AST, comments kept, already canonical", () => {
    const fixture = readFixture("all-constructs.bylaw");
    const once = checkRoundTrip(fixture);
    // The fixture is canonical already (the reference's layout of 救助金 is kept), but
    // for `inf`, which the formatter writes `∞`.
    expect(fixture).toContain("[21万元, inf): 70%");
    expect(once).toBe(fixture.replace("[21万元, inf)", "[21万元, ∞)"));
    expect(once).toContain(`=
  自付 above 起付[类别] per year using 起付已用
    * 比例合计
    at most 限额[类别] per year using 已救助
`);
    expect(once).toContain('import "critical-illness.bylaw" as 大病 // 大病.分段 refers to a declaration there\n');
  });

  it("messy layout becomes canonical", () => {
    const messy = `policy   a.b "t"{region "r" effective 2022-07-25
source "s.txt"    §一}
enum   类别{第一类 "甲",第二类}
table 比例:类别->Rate{第一类:90%  第二类:80%}
define x=比例[类别]*(1+2)   at most 1.6万元
output 救助金 : Money "金" §二 = x above 2000元 per year using 已用
test "t" { given 类别=第一类 expect 救助金=0元 claim{given 类别=第二类} }`;
    expect(checkRoundTrip(messy)).toBe(`policy a.b "t" {
  region "r"
  effective 2022-07-25
  source "s.txt" §一
}

enum 类别 {
  第一类 "甲"
  第二类
}

table 比例: 类别 -> Rate {
  第一类: 90%
  第二类: 80%
}

define x = 比例[类别] * (1 + 2) at most 1.6万元
output 救助金: Money "金" §二 = x above 2000元 per year using 已用

test "t" {
  given 类别 = 第一类
  expect 救助金 = 0元
  claim { given 类别 = 第二类 }
}
`);
  });

  it("literals are kept as written", () => {
    const out = checkRoundTrip(`${HEADER}define a = 1.6万元 + 1.60元 + 0.5万元\ndefine b = 62.5% + 5pp\ndefine c = 1.50\n`);
    expect(out).toContain("define a = 1.6万元 + 1.60元 + 0.5万元\n");
    expect(out).toContain("define b = 62.5% + 5pp\n");
    expect(out).toContain("define c = 1.50\n");
  });

  it("comments: own-line before the next code, trailing at line end, inside blocks indented", () => {
    const text = `// 文件头
${HEADER}
// 类别说明

enum 类别 { // 尾注
  第一类 /* 甲 */
  // 块内
}
define x = 1 + 2   // 行尾
/* 结尾 */
`;
    expect(checkRoundTrip(text)).toBe(`// 文件头
policy t.p "测试" {
  region "新疆"
  effective 2022-07-25
  source "a.txt"
}

// 类别说明

enum 类别 { // 尾注
  第一类 /* 甲 */
  // 块内
}

define x = 1 + 2 // 行尾

/* 结尾 */
`);
  });

  it("two trailing comments where only one fits stay stable", () => {
    const text = `${HEADER}define x = 1 + // a\n  2 // b\n`;
    const out = checkRoundTrip(text);
    expect(out).toContain("define x =\n  1\n    // a\n    + 2 // b\n");
  });

  it("long outputs break before the value, then before each operator of the top chain", () => {
    const long = `${HEADER}output 救助金: Money "经基本医保、大病保险报销后个人负担的合规费用的医疗救助金" §二(四)2 = 自付 above 起付[类别] per year using 起付已用 * 比例合计 at most 限额[类别] per year using 已救助 at most 大病限额 per year using 大病已用\n`;
    expect(checkRoundTrip(long)).toContain(`output 救助金: Money "经基本医保、大病保险报销后个人负担的合规费用的医疗救助金" §二(四)2 =
  自付 above 起付[类别] per year using 起付已用
    * 比例合计
    at most 限额[类别] per year using 已救助
    at most 大病限额 per year using 大病已用
`);
  });

  it("an expression the author broke over lines stays broken, in the canonical way", () => {
    const text = `${HEADER}define 资助 = if a then 1
      else if b then 2 else 3
alert A when x or
  y or z
define 短 =
  1 + 2
define 一行 = 1 + 2 * 3
`;
    expect(checkRoundTrip(text).slice(HEADER.length)).toBe(`
define 资助 =
  if a then 1
  else if b then 2
  else 3
alert A when
  x
    or y
    or z
define 短 =
  1 + 2
define 一行 = 1 + 2 * 3
`);
  });

  it("blocks are set apart; other declarations keep the author's grouping", () => {
    const text = `${HEADER}param a = 1
param b = 2

param c = 3
enum E { x }
define d = 1
`;
    expect(checkRoundTrip(text).slice(HEADER.length)).toBe(`
param a = 1
param b = 2

param c = 3

enum E {
  x
}

define d = 1
`);
  });

  it("short claims stay on one line, long ones or ones with comments are broken, a long list wrapped under its first item", () => {
    const long = Array.from({ length: 12 }, (_, i) => `字段${i} = ${i}元`).join(", ");
    const text = `${HEADER}test "t" {
  claim { given a = 1  expect b = 2 }
  claim { given ${long}  expect b = 2 }
  claim { given a = 1 // 注
    expect b = 2 }
}
`;
    expect(checkRoundTrip(text).slice(HEADER.length)).toBe(`
test "t" {
  claim { given a = 1  expect b = 2 }
  claim {
    given 字段0 = 0元, 字段1 = 1元, 字段2 = 2元, 字段3 = 3元, 字段4 = 4元, 字段5 = 5元, 字段6 = 6元, 字段7 = 7元,
          字段8 = 8元, 字段9 = 9元, 字段10 = 10元, 字段11 = 11元
    expect b = 2
  }
  claim {
    given a = 1 // 注
    expect b = 2
  }
}
`);
  });

  it("full-width punctuation from a Chinese keyboard is written ASCII; strings, comments, citations and 无穷 as ∞", () => {
    const wide = `${HEADER}table 比例：Int -> Rate "比例（年龄）" §二（一） {\n  【0，18】：75％ // 未成年（含）\n  （18，无穷）: 5千元 * 1%\n}\n`;
    expect(checkRoundTrip(wide)).toBe(`${HEADER}\ntable 比例: Int -> Rate "比例（年龄）" §二（一） {\n  [0, 18]: 75% // 未成年（含）\n  (18, ∞): 5千元 * 1%\n}\n`);
  });

  it("a first operand in parentheses the author broke is broken inside too, a level deeper", () => {
    const text = `${HEADER}input { 甲: Money  乙: Money  丙: Money }\noutput 付: Money =\n  (甲\n     - 乙 * 60%\n     + 丙 * 5%)\n    at most 1000元\n`;
    expect(checkRoundTrip(text)).toContain("output 付: Money =\n  (甲\n      - 乙 * 60%\n      + 丙 * 5%)\n    at most 1000元\n");
    // written on one line, it stays on one
    const flat = `${HEADER}input { 甲: Money  乙: Money }\noutput 付: Money = (甲 - 乙 * 60%) at most 1000元\n`;
    expect(checkRoundTrip(flat)).toContain("output 付: Money = (甲 - 乙 * 60%) at most 1000元\n");
  });

  it("refuses text with syntax errors", () => {
    const r = format(`${HEADER}define x = (1 +\n`);
    expect(r.text).toBeUndefined();
    expect(r.errors.map((e) => e.code)).toEqual(["BL1001"]);
  });

  it("CRLF input and full-width spaces", () => {
    const out = checkRoundTrip(`${HEADER.replace(/\n/g, "\r\n")}define x = 1\u3000+ 2 // c\r\n`);
    expect(out).toContain("define x = 1 + 2 // c\n");
    expect(out).not.toContain("\r");
  });

  it("acknowledge: on one line when it fits, else its figures in a block, one a line when they are many", () => {
    const short = checkRoundTrip(`${HEADER}acknowledge  "筹资标准"  §一(一) { 30元 ,550元\n 81元 }\n`);
    expect(short).toContain('acknowledge "筹资标准" §一(一) { 30元, 550元, 81元 }\n');
    const reason = "筹资标准：由财政和基金承担，不参与结算，".repeat(3);
    const wide = checkRoundTrip(`${HEADER}acknowledge "${reason}" §一(一) { 30元, 550元 }\n`);
    expect(wide).toContain(`acknowledge "${reason}" §一(一) {\n  30元, 550元\n}\n`);
    const commented = checkRoundTrip(`${HEADER}acknowledge "筹资" §一 { 30元 // 增幅\n}\n`);
    expect(commented).toContain('acknowledge "筹资" §一 {\n  30元 // 增幅\n}\n');
    const many = Array.from({ length: 20 }, (_, i) => `${i + 1}00.25万元`);
    const long = checkRoundTrip(`${HEADER}acknowledge "统计数字" §二 { ${many.join(", ")} }\n`);
    expect(long).toContain(`acknowledge "统计数字" §二 {\n${many.map((f) => `  ${f},\n`).join("")}}\n`);
  });
});
