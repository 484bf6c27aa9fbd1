import { describe, expect, it } from "vitest";
import { parse } from "../parse.ts";
import { HEADER } from "./helpers.ts";

/** [code, the text under the span, args] of every error. */
function report(text: string) {
  return parse(text).errors.map((e) => [e.code, text.slice(e.span.start, e.span.end), e.args] as const);
}

describe("recovery: every syntax error in one pass", () => {
  it("three errors in three declarations, all reported with their spans", () => {
    const text = `${HEADER}
table 比例: 类别 -> Rate {
  第一类: 90%
  第二类 80%
}

define 合计 = 比例[类别] + * 5pp

output 救助金: Money = 自付 at most
`;
    const errors = parse(text).errors;
    expect(errors.map((e) => e.code)).toEqual(["BL1001", "BL1001", "BL1001"]);
    const [missingColon, stray, missingLimit] = errors;
    expect(text.slice(missingColon!.span.start, missingColon!.span.end)).toBe("80%");
    expect(missingColon!.args).toEqual({ found: "`80%`", expected: "`:`" });
    expect(text.slice(stray!.span.start, stray!.span.end)).toBe("*");
    expect(stray!.args).toEqual({ found: "`*`", expected: "an expression" });
    // at the end of the file: an empty span right after `at most`
    expect(missingLimit!.span.start).toBe(text.indexOf("at most") + "at most".length);
    expect(missingLimit!.span.end).toBe(missingLimit!.span.start);
    expect(missingLimit!.args).toEqual({ found: "end of file", expected: "an expression" });
    // the declarations around the errors are still in the tree
    expect(parse(text).ast.decls.map((d) => d.kind)).toEqual(["table", "define", "output"]);
  });

  it("a missing `}` points at where it was expected, and parsing goes on", () => {
    const text = `${HEADER}enum 类别 {\n  第一类 "特困"\n\nenum 码色 { 红码 }\ndefine x = 1 +\n`;
    const r = report(text);
    expect(r[0]).toEqual(["BL1001", "", { found: "`enum`", expected: "`}`" }]);
    const at = parse(text).errors[0]!.span.start;
    expect(at).toBe(text.indexOf('"特困"') + '"特困"'.length);
    expect(parse(text).ast.decls.map((d) => d.kind)).toEqual(["enum", "enum", "define"]);
    expect(r).toHaveLength(2);
  });

  it("junk at the top level is reported once and the next declaration still parses", () => {
    const text = `${HEADER}} junk junk\ndefine x = 1\n) define y = 2\n`;
    const r = report(text);
    expect(r.map(([code, under]) => [code, under])).toEqual([["BL1001", "}"], ["BL1001", ")"]]);
    expect(r[0]![2]).toEqual({ found: "`}`", expected: "a declaration" });
    expect(parse(text).ast.decls.map((d) => ("name" in d ? d.name?.text : ""))).toEqual(["x", "y"]);
  });

  it("lexical, literal and syntax errors together, sorted by position", () => {
    const text = `${HEADER}define a = 1.234元\ndefine b = 2022-02-30 #\ndefine c = (1 + 2\n`;
    expect(report(text).map(([code, under]) => [code, under])).toEqual([
      ["BL1004", "1.234元"],
      ["BL1006", "2022-02-30"],
      ["BL1002", "#"],
      ["BL1001", ""],
    ]);
  });

  it("recovered nodes keep what was parsed and leave the rest undefined", () => {
    const { ast } = parse(`${HEADER}output 救助金: Money "医疗救助金" =\n`);
    const out = ast.decls[0];
    expect(out?.kind).toBe("output");
    if (out?.kind !== "output") return;
    expect(out.name?.text).toBe("救助金");
    expect(out.label?.value).toBe("医疗救助金");
    expect(out.value).toBeUndefined();
  });

  it("the empty file and a file of comments only", () => {
    expect(report("")).toEqual([["BL1005", "", { problem: "missing" }]]);
    expect(parse("// only\n/* c */").ast.comments).toHaveLength(2);
  });
});
