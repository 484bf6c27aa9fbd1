// Test helpers: AST comparison without source positions.
import { readFileSync } from "node:fs";
import { parse } from "../parse.ts";

const POSITION_KEYS = new Set(["span", "opSpan"]);

/** JSON of a value with every span removed (`override` spans become `true`). */
export function withoutSpans(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) => {
      if (POSITION_KEYS.has(key)) return undefined;
      if (key === "override") return true;
      return v;
    }),
  );
}

export function readFixture(name: string): string {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8");
}

/** Parses text that must be free of syntax errors. */
export function parseOk(text: string) {
  const result = parse(text);
  if (result.errors.length) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return result.ast;
}

export const HEADER = `policy t.p "测试" {\n  region "新疆"\n  effective 2022-07-25\n  source "a.txt"\n}\n`;

/** The value expression of `define x = <expr>` in a minimal policy. */
export function exprOf(expr: string): unknown {
  const ast = parseOk(`${HEADER}define x = ${expr}\n`);
  const decl = ast.decls[0];
  if (decl?.kind !== "define") throw new Error("no define");
  return withoutSpans(decl.value);
}

/** The fixture's declarations repeated with fresh names until the text has `lines` lines. */
export function generatedPolicy(lines: number): string {
  const fixture = readFixture("all-constructs.bylaw");
  const start = fixture.indexOf("import");
  const body = fixture.slice(start);
  const parts = [fixture.slice(0, start)];
  const bodyLines = body.split("\n").length - 1;
  for (let n = 0, count = start === 0 ? 0 : parts[0]!.split("\n").length; count < lines; n++, count += bodyLines) {
    parts.push(body.replace(/(enum|table|bands|classify|define|output|alert|pipeline|param|layer) ([\p{L}_]+)/gu, `$1 $2${n}`));
  }
  return parts.join("");
}
