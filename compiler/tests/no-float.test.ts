// Money is never JavaScript number arithmetic in the compiler: no parseFloat, Number(),
// Math.round or toFixed anywhere in compiler/ (tests excluded). Line/column arithmetic and
// date parts use integers and appear on the allow-list below with the reason.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const FORBIDDEN = /\bparseFloat\s*\(|\bNumber\s*\(|\bMath\.round\s*\(|\.toFixed\s*\(/;
/** file → substrings of lines allowed to match, with the reason */
const ALLOWED: Record<string, string[]> = {};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === "golden" || e.name === "tests" ? [] : sources(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [p] : [];
  });
}

it("no number arithmetic helpers on money in compiler/", () => {
  const files = sources(root);
  expect(files.length).toBeGreaterThan(10);
  const hits: string[] = [];
  for (const f of files) {
    const rel = f.slice(root.length + 1);
    readFileSync(f, "utf8").split("\n").forEach((line, i) => {
      if (FORBIDDEN.test(line) && !(ALLOWED[rel] ?? []).some((ok) => line.includes(ok))) hits.push(`${rel}:${i + 1}: ${line.trim()}`);
    });
  }
  expect(hits).toEqual([]);
});

it("the pattern catches what it should", () => {
  expect(FORBIDDEN.test("const x = parseFloat(s)")).toBe(true);
  expect(FORBIDDEN.test("Math.round(v * 100)")).toBe(true);
  expect(FORBIDDEN.test("v.toFixed(2)")).toBe(true);
  expect(FORBIDDEN.test("Number(text)")).toBe(true);
  expect(FORBIDDEN.test("new Dec(x.value)")).toBe(false);
});
