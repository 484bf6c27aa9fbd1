import { describe, expect, it } from "vitest";
import { analyze } from "../analyze.ts";
import { completions } from "../completion.ts";
import { codeActions } from "../fixes.ts";
import { formatEdits } from "../format.ts";
import { hover } from "../hover.ts";
import { definition, references, rename } from "../navigation.ts";
import { applyEdits, at, CHILD, HEADER, host, PARENT } from "./fixtures.ts";

const files = { "p/parent.bylaw": PARENT, "p/child.bylaw": CHILD };
const read = (p: string) => files[p as keyof typeof files];
const labels = (text: string, needle: string, delta = needle.length, nth = 1) => {
  const a = analyze("p/x.bylaw", text, host({}));
  return completions(a, text, at(text, needle, delta, nth), { lang: "zh" }).map((c) => c.label);
};

describe("上下文补全 context-aware completion", () => {
  it("inside a table keyed by an enum: that enum's members without a row yet, no keywords", () => {
    const text = PARENT.replace("  第二类: 80%\n", "  \n");
    const got = labels(text, "  第一类: 90%\n  ", "  第一类: 90%\n  ".length);
    expect(got).toEqual(["第二类"]);
    expect(got).not.toContain("policy");
  });

  it("after `自付 *`: names of numbers (inputs, params, tables of rates), not enums or members", () => {
    const text = `${PARENT}output 新: Money = 自付 * \n`;
    const got = labels(text, "自付 * ");
    expect(got).toEqual(expect.arrayContaining(["自付", "起付线", "比例", "救助金"]));
    expect(got).not.toContain("类别");
    expect(got).not.toContain("第一类");
    expect(got).not.toContain("policy");
  });

  it("where a type is written: the built-in types and the enums; after `set of`, the enums", () => {
    const text = `${PARENT}input {\n  年龄: \n  身份: set of \n}\nparam 上限: \n`;
    const field = labels(text, "年龄: ");
    expect(field).toEqual(expect.arrayContaining(["Money", "Rate", "Int", "Bool", "类别", "set"]));
    expect(field).not.toContain("自付");
    expect(labels(text, "set of ")).toEqual(["类别"]);
    expect(labels(text, "param 上限: ")).toContain("Money");
  });

  it("a row's value in a table of rates: names of numbers; in a classification: the result enum's members", () => {
    const text = `${PARENT}enum 码色 { 蓝码  红码 }\nclassify 预警码: 码色 {\n  (3万元, ∞): \n  else 蓝码\n}\n`;
    expect(labels(text, "(3万元, ∞): ")).toEqual(["蓝码", "红码"]);
  });
});

describe("悬停与跳转 hover, definition, references and rename across files", () => {
  const child = analyze("p/child.bylaw", CHILD, host(files));

  it("the child compiles against its parent", () => {
    expect(child.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("hover names a parent's declaration and the file it is in", () => {
    const h = hover(child, CHILD, at(CHILD, "救助金 * 2", 1), "en")!;
    expect(h.markdown).toContain("**救助金** — output · `Money`");
    expect(h.markdown).toContain("defined in `p/parent.bylaw`");
    expect(h.range).toEqual({ start: at(CHILD, "救助金 * 2"), end: at(CHILD, "救助金 * 2", 3) });
  });

  it("definition of a name declared in the parent is in the parent", () => {
    expect(definition(child, CHILD, at(CHILD, "救助金 * 2", 1), read)).toEqual({
      file: "p/parent.bylaw",
      range: { start: at(PARENT, "救助金: Money"), end: at(PARENT, "救助金: Money", 3) },
    });
  });

  it("references span both files; rename edits both, and the renamed program compiles", () => {
    const refs = references(child, CHILD, at(CHILD, "救助金 * 2", 1), read);
    expect(refs.map((r) => r.file)).toEqual(["p/child.bylaw", "p/parent.bylaw"]);
    const edit = rename(child, CHILD, at(CHILD, "救助金 * 2", 1), "救助款", read)!;
    expect(Object.keys(edit).sort()).toEqual(["p/child.bylaw", "p/parent.bylaw"]);
    const renamed = { "p/parent.bylaw": applyEdits(PARENT, edit["p/parent.bylaw"]!), "p/child.bylaw": applyEdits(CHILD, edit["p/child.bylaw"]!) };
    expect(renamed["p/child.bylaw"]).toContain("救助款 * 2");
    expect(renamed["p/parent.bylaw"]).toContain("output 救助款: Money");
    const again = analyze("p/child.bylaw", renamed["p/child.bylaw"], host(renamed));
    expect(again.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("rename refuses a keyword or a non-name as the new name", () => {
    expect(rename(child, CHILD, at(CHILD, "救助金 * 2", 1), "output", read)).toBeUndefined();
    expect(rename(child, CHILD, at(CHILD, "救助金 * 2", 1), "a b", read)).toBeUndefined();
  });
});

describe("快速修复 quick fixes", () => {
  /** Applies the first fix offered for `code` and answers the fixed text's error codes. */
  function fix(text: string, code: string, title?: string, files: Record<string, string> = {}) {
    const path = "p/x.bylaw";
    const a = analyze(path, text, host(files));
    const d = a.diagnostics.find((x) => x.code === code)!;
    expect(d, `${code} reported`).toBeDefined();
    const actions = codeActions(a, { start: at(text, text.slice(d.span.start, d.span.end)), end: at(text, text.slice(d.span.start, d.span.end)) }, (p) => files[p], "en");
    const action = actions.find((x) => x.diagnostic.code === code && (title === undefined || x.title.startsWith(title)))!;
    const fixed = applyEdits(text, action.edit[path] ?? []);
    const codes = analyze(path, fixed, host(files)).diagnostics.map((x) => x.code);
    return { action, fixed, codes };
  }

  it("did you mean: replaces the misspelt name with the suggestion", () => {
    const { action, fixed, codes } = fix(PARENT.replace("* 比例[类别]", "* 比列[类别]"), "BL2006");
    expect(action.title).toBe("Change to `比例`");
    expect(action.preferred).toBe(true);
    expect(fixed).toContain("* 比例[类别]");
    expect(codes).not.toContain("BL2006");
  });

  it("did you mean, for a misspelt keyword (`ouput`)", () => {
    const { fixed, codes } = fix(PARENT.replace("output 救助金", "ouput 救助金"), "BL1001");
    expect(fixed).toContain("output 救助金");
    expect(codes.filter((c) => c.startsWith("BL1"))).toEqual([]);
  });

  it("an input or a ledger field written like a param: puts it in its block", () => {
    const text = `${HEADER("bare")}input 自付: Money "自付"\nledger 已付: Money\noutput 救助金: Money = 自付 at most 1万元 per year using 已付\n`;
    const input = fix(text, "BL1001", "Put it in a block: `{");
    expect(input.fixed).toContain('input { 自付: Money "自付" }\n');
    expect(input.codes).toEqual(["BL1001"]);
    const both = fix(input.fixed, "BL1001", "Put it in a block: `per year {");
    expect(both.fixed).toContain("ledger per year { 已付: Money }\n");
    expect(both.codes).toEqual([]);
    // `ledger per year 次数: Int`: only the braces are missing
    const braces = fix(`${HEADER("bare")}input { 自付: Money }\nledger per year 已付: Money\noutput 救助金: Money = 自付 at most 1万元 per year using 已付\n`, "BL1001", "Put it in a block: `{");
    expect(braces.fixed).toContain("ledger per year { 已付: Money }\n");
    expect(braces.codes).toEqual([]);
  });

  it("a table without a row for a member: adds the row, its value left to the writer", () => {
    const { action, fixed } = fix(PARENT.replace("  第二类: 80%\n", ""), "BL4001");
    expect(action.title).toBe("Add a row for `第二类`");
    expect(fixed).toContain("  第一类: 90%\n  第二类: \n}");
    const whole = analyze("p/x.bylaw", fixed.replace("第二类: \n", "第二类: 80%\n"), host({}));
    expect(whole.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("a grid without a row for a cell: adds the cell's row after the nearest one", () => {
    const text = `${HEADER("grid")}enum 对象 { 低保  优抚 }\nenum 级别 { 乡镇级  县级以上 }\ninput {\n  甲: 对象 "甲"\n  乙: 级别 "乙"\n  自付: Money "自付"\n}\n` +
      `table 比例: (对象, 级别, Money) -> Rate {\n  低保 | 优抚, 乡镇级, _: 50%\n  低保 | 优抚, 县级以上, [0元, 1万元]: 40%\n  优抚, 县级以上, (1万元, ∞): 45%\n}\n` +
      `output 救助金: Money = 自付 * 比例[甲, 乙, 自付]\n`;
    const { action, fixed } = fix(text, "BL4041");
    expect(action.title).toBe("Add a row for `低保, 县级以上, (1万元, ∞)`");
    expect(fixed).toContain("  低保 | 优抚, 县级以上, [0元, 1万元]: 40%\n  低保, 县级以上, (1万元, ∞): \n  优抚, 县级以上, (1万元, ∞): 45%");
    // with a rate written in, the table is whole
    const whole = analyze("p/x.bylaw", fixed.replace("(1万元, ∞): \n", "(1万元, ∞): 45%\n"), host({}));
    expect(whole.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("a name that is not a member of its enum: adds it to the enum", () => {
    const text = `${PARENT}alert 预警 when 类别 == 类别.第三类\n`;
    const { action, fixed, codes } = fix(text, "BL2003", "Add");
    expect(action.title).toBe("Add `第三类` to enum `类别`");
    expect(fixed).toContain("  第二类 \"低保对象\"\n  第三类\n}");
    expect(codes).not.toContain("BL2003");
  });

  it("a one-line enum gets the member on its line", () => {
    const text = `${HEADER("one")}enum 码 { 红  绿 }\ninput {\n  c: 码 "c"\n}\nalert 预警 when c == 码.黄\n`;
    const { fixed, codes } = fix(text, "BL2003", "Add");
    expect(fixed).toContain("enum 码 { 红  绿  黄 }");
    expect(codes).not.toContain("BL2003");
  });

  it("an undeclared gap between bands: declares it, ends as the rows write them", () => {
    const text = `${PARENT}bands 分段 marginal {\n  [0元, 1万元): 50%\n  [2万元, ∞): 60%\n}\noutput 分段金: Money = 分段 on 自付\n`;
    const { action, fixed, codes } = fix(text, "BL4005");
    expect(action.title).toBe("Declare the gap `gap [1万元, 2万元)` (nothing paid there)");
    expect(fixed).toContain("  [0元, 1万元): 50%\n  gap [1万元, 2万元)\n  [2万元, ∞): 60%");
    expect(codes).not.toContain("BL4005");
    const closed = fix(text.replace("[0元, 1万元): 50%", "[0元, 1万元]: 50%").replace("[2万元, ∞)", "(2万元, ∞)"), "BL4005");
    expect(closed.fixed).toContain("gap (1万元, 2万元]");
    expect(closed.codes).not.toContain("BL4005");
  });
});

describe("格式化 formatting", () => {
  it("is bylaw fmt's layout as one edit; nothing when formatted; refused with syntax errors", () => {
    const messy = PARENT.replace("param 起付线: Money = 2000元", "param   起付线 :Money=2000元");
    const edits = formatEdits(messy)!;
    expect(edits).toHaveLength(1);
    expect(applyEdits(messy, edits)).toContain("param 起付线: Money = 2000元");
    expect(formatEdits(applyEdits(messy, edits))).toEqual([]);
    expect(formatEdits("policy {")).toBeUndefined();
  });
});
