// The stage list is the compiler's table of contents: parsing and loading modules are stages
// like the others, and names (written types included) are bound before types are checked.
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

  it("still build the program when the text is past the error limit", () => {
    const { c } = runPipeline("main.bylaw", HEADER + "output ) ".repeat(150), host);
    expect(c.sink.full).toBe(true);
    expect(c.root.file.path).toBe("main.bylaw");
  });
});
