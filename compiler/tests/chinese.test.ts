// Chinese identifiers, labels and comments compile; money in 万元 is exact.
import { describe, expect, it } from "vitest";
import { message } from "../index.ts";
import { compileText, codes } from "./helpers.ts";

describe("Chinese text", () => {
  it("compiles Chinese identifiers, labels, sections and comments", () => {
    const r = compileText(`
// 第三类救助对象：起付标准2000元，比例70%
enum 救助对象类别 "救助对象类别" §二(一) {
  第三类 "低保边缘家庭成员"   /* 监测对象 */
  第四类 "因病致贫重病患者"
}
input {
  类别: 救助对象类别 "救助对象类别"
  自付: Money "个人负担的合规费用"
}
ledger per year { 起付已用: Money "已用起付标准" }
table 起付: 救助对象类别 -> Money "起付标准" §二(四)1 {
  第三类: 2000元
  第四类: 6000元
}
output 救助金: Money "医疗救助金" §二(四)2 = 自付 above 起付[类别] per year using 起付已用 * 70%
test "第三类，首次就医 12000元 §二(四)" {
  given 类别 = 第三类, 自付 = 12000元
  expect 救助金 = 7000元
}
`);
    expect(r.diagnostics).toEqual([]);
    const a = r.artifact!;
    expect(a.schema.enums[0]).toMatchObject({ name: "救助对象类别", label: "救助对象类别", sections: ["§二(一)"] });
    expect(a.ir.tables[0]!.rows.map((x) => [x.key, x.value])).toEqual([["第三类", "2000"], ["第四类", "6000"]]);
    expect(a.tests[0]).toMatchObject({ name: "第三类，首次就医 12000元 §二(四)", given: { 类别: "第三类", 自付: "12000" } });
    expect(a.tests[0]!.claims[0]!.expect).toEqual({ 救助金: "7000" });
  });

  it("syntax errors read in Chinese: no English words left in the expected list", () => {
    const d = { code: "BL1001", args: { found: "`policy`", expected: "a name" } };
    expect(message(d, "zh")).toBe("此处不应出现 `policy`，应为 名称");
    expect(message(d, "en")).toBe("unexpected `policy`; expected a name");
  });

  it("1.6万元 equals 16000元 exactly", () => {
    const r = compileText(`
input { 自付: Money "自付" }
param 起付线: Money = 1.6万元
output 补偿: Money = 自付 above 起付线
alert 相等 when 1.6万元 == 16000元
alert 不等 when 1.6万元 != 16000元
`);
    expect(r.artifact!.ir.params[0]!.value).toBe("16000");
    // folded: the first condition always holds, the second never does
    expect(codes(r)).toEqual(["BL6003", "BL6006"]);
  });
});
