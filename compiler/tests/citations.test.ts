// Several citations on one declaration: `§(1) §(2)`, kept as a list from the text to the
// artifact, the trace, hovers (symbols) and the formatter.
import { describe, expect, it } from "vitest";
import { format } from "../../grammar/index.ts";
import { loadRuleSet, renderTraceText } from "../../runtime/index.ts";
import { compileText, errors, HEADER } from "./helpers.ts";

const TEXT = `
enum 类别 "救助对象" §一 §二(一) { 低保  其他 }
input { 类别: 类别 "救助对象" §二(一)  自付: Money "自付" }
table 比例: 类别 -> Rate "救助比例" §(1) §(2) { 低保: 70%  其他: 50% }
param 起付: Money = 1000元 "起付标准" §三 §四（一）
output 救助金: Money "救助金" §五 §六 = (自付 above 起付) * 比例[类别]
alert 大额 "大额预警" §七(1) §七(2) when 自付 > 10万元
`;

describe("several citations", () => {
  const r = compileText(TEXT);

  it("are kept in order in the IR and the symbols", () => {
    expect(errors(r)).toEqual([]);
    const ir = r.artifact!.ir;
    expect(ir.tables[0]!.sections).toEqual(["§(1)", "§(2)"]);
    expect(ir.params[0]!.sections).toEqual(["§三", "§四（一）"]);
    expect(ir.outputs[0]!.sections).toEqual(["§五", "§六"]);
    expect(ir.alerts[0]!.sections).toEqual(["§七(1)", "§七(2)"]);
    expect(r.artifact!.schema.enums[0]!.sections).toEqual(["§一", "§二(一)"]);
    expect(r.artifact!.schema.fields[0]!.sections).toEqual(["§二(一)"]);
    expect(r.symbols.find((s) => s.name === "比例")!.sections).toEqual(["§(1)", "§(2)"]);
  });

  it("show in the trace, every one", () => {
    const out = loadRuleSet(r.artifact!).evaluate({ 类别: "低保", 自付: "200000" }, undefined, { trace: true });
    if (!out.ok) throw new Error("failed");
    expect(out.alerts[0]!.sections).toEqual(["§七(1)", "§七(2)"]);
    const text = renderTraceText(out.trace!, "zh");
    expect(text).toContain("救助金 = 139300.00元 §五 §六");
    expect(text).toContain("救助比例 低保: 70% §(1) §(2)");
    expect(text).toContain("起付标准（起付） = 1000元 §三 §四（一）");
    expect(text).toContain("预警 大额预警: 触发 §七(1) §七(2)");
  });

  it("are written back by the formatter", () => {
    const text = `${HEADER}table 比例: Int -> Rate "比例" §(1)   §(2) { [0, ∞): 70% }\n`;
    expect(format(text).text).toContain('table 比例: Int -> Rate "比例" §(1) §(2) {\n');
  });
});
