// Internal errors: what a check before lowering should have refused, lowering reports as
// BL0002 instead of writing an artifact that guesses.
import { describe, expect, it } from "vitest";
import { runPipeline } from "../pipeline.ts";
import { Folder } from "../fold.ts";
import { lower } from "../lower.ts";
import { HEADER } from "./helpers.ts";

const text = HEADER + `
input { 自付: Money "个人自付" }
output 付: Money = 自付 * 70%
`;
const host = { readFile: () => undefined };

describe("internal errors", () => {
  it("lowering a recovered tree with a missing expression reports BL0002, never a placeholder", () => {
    const broken = text.replace("自付 * 70%", "");
    const { c } = runPipeline("main.bylaw", broken, host);
    expect(c.sink.hasErrors).toBe(true); // the syntax error keeps lowering from running…
    const before = c.sink.list.length;
    lower(c, new Folder(c)); // …but were it to run, it would not guess
    expect(c.sink.list.slice(before).map((d) => d.code)).toEqual(["BL0002"]);
  });
});
