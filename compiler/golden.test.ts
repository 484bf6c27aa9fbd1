// Golden diagnostics: every golden/*.bylaw is a wrong policy. Its first line lists the codes
// it must produce (`// expect: BL2001 BL2002*3`); the rendered diagnostics are compared
// with a file snapshot (English; also Chinese when the file says `// lang: zh`). Finally
// every registered code must be produced by at least one case.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CODES, compile, renderDiagnostics, type SourceHost, type SourceRefusal, type TextHost } from "./index.ts";

const here = dirname(fileURLToPath(import.meta.url));
/** What a disk host refuses (cli/files.ts: a link leading out of the root, a device, a file
 *  over the size limit; tested on real files in cli/provenance.test.ts), stood in for by name. */
const REFUSED: ReadonlyMap<string, SourceRefusal> = new Map([
  ["golden/lib/escapes.bylaw", { refused: "outside" }],
  ["golden/lib/device.bylaw", { refused: "notFile" }],
  ["golden/lib/huge.bylaw", { refused: "tooLarge" }],
]);
const disk: TextHost = {
  readFile: (p) => (existsSync(join(here, p)) ? readFileSync(join(here, p), "utf8") : undefined),
};
// a policy's source document beside it (golden/acknowledge.bylaw checks figures against one)
const host: SourceHost = { readFile: (p) => REFUSED.get(p) ?? disk.readFile(p), readDocument: disk.readFile };
const cases = readdirSync(join(here, "golden")).filter((f) => f.endsWith(".bylaw")).sort();
const produced = new Set<string>();

function expectedCodes(text: string): string[] {
  const line = /^\/\/ expect: (.*)$/m.exec(text)?.[1] ?? "";
  return line.split(/\s+/).filter(Boolean).flatMap((item) => {
    const [code, times] = item.split("*");
    return Array.from({ length: times ? parseInt(times, 10) : 1 }, () => code!);
  });
}

describe("golden diagnostics", () => {
  it("has at least 40 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  for (const name of cases) {
    it(name, async () => {
      const path = `golden/${name}`;
      const text = disk.readFile(path)!;
      const result = compile(path, text, host);
      for (const d of result.diagnostics) produced.add(d.code);
      expect(result.diagnostics.map((d) => d.code).sort()).toEqual(expectedCodes(text).sort());
      // Warnings alone do not stop compilation; any error does.
      expect(result.artifact === undefined).toBe(result.diagnostics.some((d) => d.severity === "error"));
      const sources = new Map<string, string>();
      for (const d of result.diagnostics) for (const f of [d.file, ...(d.related ?? []).map((r) => r.file)]) sources.set(f, disk.readFile(f) ?? "");
      let rendered = renderDiagnostics(result.diagnostics, sources, "en");
      if (/^\/\/ lang: zh$/m.test(text)) rendered += "\n----- zh -----\n" + renderDiagnostics(result.diagnostics, sources, "zh");
      await expect(rendered).toMatchFileSnapshot(`golden/__snapshots__/${name.replace(/\.bylaw$/, ".txt")}`);
    });
  }

  // Tests in a file run in order: this one sees what every case above produced.
  it("produces every registered code in some case", () => {
    // an internal error (a check that should have refused the text did not) is produced by
    // compiler/tests/internal.test.ts: no policy text should reach it
    const internal = ["BL0002"];
    const missing = Object.keys(CODES).filter((c) => !produced.has(c) && !internal.includes(c));
    expect(missing).toEqual([]);
  });
});

describe("the registry", () => {
  it("has an English and a Chinese message for every code, in the house style", () => {
    for (const [code, info] of Object.entries(CODES)) {
      expect(code).toMatch(/^BL\d{4}$/);
      expect(info.en.length, code).toBeGreaterThan(0);
      expect(info.zh.length, code).toBeGreaterThan(0);
      expect(info.en, code).not.toMatch(/\.$/);
      expect(info.en[0], code).toBe(info.en[0]!.toLowerCase());
      if ("help" in info && info.help) {
        expect(info.help.en.length, code).toBeGreaterThan(0);
        expect(info.help.zh.length, code).toBeGreaterThan(0);
      }
    }
  });
});
