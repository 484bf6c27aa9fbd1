// The seed policies as a test suite: every file compiles without a diagnostic, every test
// block in it passes, and the house rules of policies/ hold (header, labels, citations,
// enough tests per document). The figures themselves are checked by the files' own tests.
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "../grammar/index.ts";
import { compile } from "../compiler/index.ts";
import { loadRuleSet, runTests } from "../runtime/index.ts";
import { diskHost, expandPolicyPaths } from "../cli/files.ts";

const ROOT = relative(process.cwd(), import.meta.dirname) || ".";

const host = diskHost;

/** Files the tools cannot handle yet (see KNOWN-ISSUES.md); `it.fails` flips when fixed. */
const KNOWN_BROKEN = new Set<string>([]);

const files = expandPolicyPaths([ROOT]).files;
const folderOf = (file: string) => relative(ROOT, file).split("/")[0]!;

describe.each(files)("%s", (file) => {
  const text = readFileSync(file, "utf8");
  const known = KNOWN_BROKEN.has(relative(ROOT, file));

  (known ? it.fails : it)("compiles without errors or warnings, and its tests pass", () => {
    const result = compile(file, text, host);
    expect(result.diagnostics.map((d) => `${d.code} ${JSON.stringify(d.args)}`)).toEqual([]);
    const failed = runTests(loadRuleSet(result.artifact), "zh").filter((t) => !t.passed);
    expect(failed.map((t) => `${t.name}: ${JSON.stringify(t.failures)}`)).toEqual([]);
  });

  it("has a full header citing its document", () => {
    const h = parse(text).ast.header!;
    expect(h.id && h.title && h.region && h.effective && h.source).toBeTruthy();
    expect(h.source!.value.startsWith(folderOf(file).slice(0, 3) + "_")).toBe(true);
  });

  it("labels every declaration and cites its section; test titles cite one too", () => {
    const missing: string[] = [];
    for (const d of parse(text).ast.decls) {
      if (d.kind === "test") {
        if (!d.title?.value.includes("§")) missing.push(`test ${d.title?.value}`);
        continue;
      }
      if (d.kind === "import") continue;
      const name = "name" in d && d.name ? d.name.text : d.kind;
      if (!d.label || !d.sections) missing.push(`${d.kind} ${name}`);
      const parts = d.kind === "enum" ? d.members : d.kind === "input" || d.kind === "ledger" ? d.fields : [];
      for (const p of parts) if (!p.label) missing.push(`${name}.${p.name?.text}`);
    }
    expect(missing).toEqual([]);
  });
});

describe("each document", () => {
  it.each([...new Set(files.map(folderOf))])("%s has at least 8 test blocks", (folder) => {
    const count = files
      .filter((f) => folderOf(f) === folder)
      .reduce((n, f) => n + parse(readFileSync(f, "utf8")).ast.decls.filter((d) => d.kind === "test").length, 0);
    expect(count).toBeGreaterThanOrEqual(8);
  });
});
