// `bylaw fmt` is canonical, idempotent and meaning-preserving on every seed policy and on
// every golden case that parses: fmt(fmt(x)) == fmt(x), and fmt(x) compiles to the same IR
// and the same diagnostics as x (spans aside: layout moves them).
import { readFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { format } from "../../grammar/format.ts";
import { compile } from "../index.ts";
import { diskHostAt, expandPolicyPaths } from "../../cli/files.ts";

const ROOT = resolve(import.meta.dirname, "../..");

function files(dir: string): string[] {
  return expandPolicyPaths([join(ROOT, dir)]).files.map((f) => relative(ROOT, f).split(sep).join("/"));
}

const disk = diskHostAt(ROOT);

/** The same tree with every source position removed. */
function withoutSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSpans);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== "s" && k !== "span") out[k] = withoutSpans(v);
    return out;
  }
  return value;
}

const cases = [...files("policies"), ...files("compiler/golden")];

describe("fmt keeps meaning", () => {
  it("covers every seed policy and golden case", () => {
    expect(cases.filter((c) => c.startsWith("policies/")).length).toBeGreaterThanOrEqual(20);
    expect(cases.filter((c) => c.startsWith("compiler/golden/")).length).toBeGreaterThanOrEqual(40);
  });

  it("the seed policies are already in canonical form (`bylaw fmt --check policies/` is clean)", () => {
    const unformatted = files("policies").filter((p) => {
      const text = readFileSync(join(ROOT, p), "utf8");
      return format(text).text !== text;
    });
    expect(unformatted).toEqual([]);
  });

  for (const path of cases) {
    const text = readFileSync(join(ROOT, path), "utf8");
    const once = format(text);
    if (once.text === undefined) continue; // golden cases with syntax errors cannot be formatted
    it(`${relative("policies", path)}: idempotent, same IR and diagnostics`, () => {
      expect(format(once.text!).text).toBe(once.text);
      const before = compile(path, text, disk);
      const after = compile(path, once.text!, disk);
      expect(after.diagnostics.map((d) => [d.code, d.args])).toEqual(before.diagnostics.map((d) => [d.code, d.args]));
      expect(withoutSpans(after.artifact?.ir)).toEqual(withoutSpans(before.artifact?.ir));
      expect(withoutSpans(after.artifact?.tests)).toEqual(withoutSpans(before.artifact?.tests));
    });
  }
});
