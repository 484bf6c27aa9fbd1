// The stage list is the compiler's table of contents: parsing and loading modules are stages
// like the others, and names (written types included) are bound before types are checked; a
// bare enum member whose enum only its context's type tells is bound right after, in its own stage.
import { describe, expect, it } from "vitest";
import { runPipeline, STAGES } from "../pipeline.ts";
import { HEADER } from "./helpers.ts";

const host = { readFile: () => undefined };

describe("compiler stages", () => {
  it("start with Parse and Modules, then ResolveNames before CheckTypes", () => {
    expect(STAGES.map((s) => s.name).slice(0, 4)).toEqual(["Parse", "Modules", "ResolveNames", "CheckTypes"]);
  });

  it("bind every name, written types included, by the end of ResolveNames", () => {
    const text = HEADER + `enum 类别 { 甲, 乙 }\ninput {\n  身份: set of 类别\n  金额: Mony\n}\noutput x: Money = 金额\n`;
    const { c } = runPipeline("main.bylaw", text, host, undefined, "ResolveNames");
    expect(c.sink.list.map((d) => [d.code, d.args.name, d.args.suggestion])).toEqual([["BL2011", "Mony", "Money"]]);
    const input = (name: string) => c.entities.find((e) => e.kind === "input" && e.local === name)!;
    expect([...c.written.get(input("身份"))!.values()]).toEqual(["set:类别"]);
    expect(c.types.size).toBe(0); // no expression typed yet
  });

  it("finish name resolution in BindMembers: a bare member of two enums names one entity, chosen by its context's type", () => {
    const text = HEADER + `enum 类别 { 甲, 乙 }
enum 等级 { 甲, 丙 }
input {
  身份: 类别
  金额: Money
}
output x: Money = if 身份 == 甲 then 金额 else 0元
`;
    const bare = (c: ReturnType<typeof runPipeline>["c"]) => [...c.res].filter(([r]) => r.name.text === "甲").map(([, es]) => es.map((e) => e.owner!.local));
    // after CheckTypes the choice is made but not yet bound
    expect(bare(runPipeline("main.bylaw", text, host, undefined, "CheckTypes").c)).toEqual([["类别", "等级"]]);
    const { c } = runPipeline("main.bylaw", text, host, undefined, "BindMembers");
    expect(c.sink.list).toEqual([]);
    expect(bare(c)).toEqual([["类别"]]);
  });

  it("bind a bare member beside a value of its name (an output 津贴) where its enum is expected, in rules and tests", () => {
    const text = HEADER + `enum 项目类型 { 津贴, 医疗 }
input {
  项目: 项目类型
  金额: Money
}
output 津贴: Money = if 项目 == 津贴 then 金额 else 0元
test "津贴" {
  given 项目 = 津贴, 金额 = 100元
  expect 津贴 = 100元
}
`;
    const { c } = runPipeline("main.bylaw", text, host);
    expect(c.sink.list).toEqual([]);
    // the comparison's and the test's 津贴 are the member; the test's expectation names the output
    expect([...c.res].filter(([r]) => r.name.text === "津贴").map(([, es]) => es.map((e) => e.kind))).toEqual([["member"], ["member"]]);
  });

  it("still build the program when the text is past the error limit", () => {
    const { c } = runPipeline("main.bylaw", HEADER + "output ) ".repeat(150), host);
    expect(c.sink.full).toBe(true);
    expect(c.root.file.path).toBe("main.bylaw");
  });
});
