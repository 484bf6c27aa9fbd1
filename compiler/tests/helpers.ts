// Test helpers: compile policy text held in memory.
import { expect } from "vitest";
import type { Artifact } from "../../runtime/index.ts";
import { compile, type CompileResult } from "../index.ts";

export const HEADER = `policy t.case "测试" {
  region "测试地区"
  effective 2022-01-01
  source "test.txt"
}
`;

/** Compiles `main.bylaw` (the header is prepended unless the text has its own). */
export function compileText(text: string, others: Record<string, string> = {}): CompileResult {
  const main = text.trimStart().startsWith("policy") ? text : HEADER + text;
  const files = new Map(Object.entries({ ...others, "main.bylaw": main }));
  return compile("main.bylaw", main, { readFile: (p) => files.get(p) });
}

export const codes = (r: CompileResult): string[] => r.diagnostics.map((d) => d.code).sort();
export const errors = (r: CompileResult): string[] => r.diagnostics.filter((d) => d.severity === "error").map((d) => d.code).sort();

/** The artifact of a policy that must compile without any diagnostic. */
export function artifactOf(text: string): Artifact {
  const r = compileText(text);
  expect(r.diagnostics.map((d) => `${d.code} ${JSON.stringify(d.args)}`)).toEqual([]);
  return r.artifact!;
}
