// A mistyped keyword is one error, not one per use of what it declared (issue "The editor
// policy staff trust": `ouput` gave 27 errors on the XPCC assistance policy).
import { describe, expect, it } from "vitest";
import { compile, renderDiagnostics } from "../index.ts";
import { readSeed, seedHost } from "../../tests/support/seeds.ts";

const PATH = "policies/000-xpcc/assistance.bylaw";

describe("knock-on errors after a syntax error", () => {
  it("`ouput 救助金` on the XPCC assistance policy: one BL1001 suggesting `output`, no unknown 救助金", () => {
    const text = readSeed(PATH).replace("\noutput 救助金", "\nouput 救助金");
    const r = compile(PATH, text, seedHost(new Map([[PATH, text]])));
    expect(r.diagnostics.map((d) => d.code)).toEqual(["BL1001"]);
    const rendered = renderDiagnostics(r.diagnostics, new Map([[PATH, text]]), "en");
    expect(rendered).toContain("unexpected `ouput`; expected a declaration; did you mean `output`?");
  });

  it("a name the skipped text does not declare is still unknown", () => {
    const text = readSeed(PATH).replace("\noutput 救助金", "\nouput 救助金") + "\noutput 另一个: Money = 没有这个\n";
    const r = compile(PATH, text, seedHost(new Map([[PATH, text]])));
    expect(r.diagnostics.map((d) => d.code).sort()).toEqual(["BL1001", "BL2001"]);
  });
});
