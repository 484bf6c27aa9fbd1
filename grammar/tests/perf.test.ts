// Parsing must stay fast and linear: a 10 000-line policy well under 300 ms, and text
// with thousands of errors or absurd nesting neither blows up nor throws.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { format } from "../format.ts";
import { MAX_NESTING } from "../limit-nesting.ts";
import { parse } from "../parse.ts";
import { HEADER } from "./helpers.ts";

/** Best CPU time (ms) of several runs: the machine is shared by several jobs, so wall
 *  time says more about the neighbours than about the parser. */
function bestOf(runs: number, f: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const before = process.cpuUsage();
    f();
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

describe("performance", () => {
  it("a generated 10 000-line policy parses in well under 300 ms", () => {
    // Timed in a fresh process: inside the test runner, other test files share the heap.
    const script = fileURLToPath(new URL("./timing.ts", import.meta.url));
    const out = JSON.parse(execFileSync(process.execPath, [script, "10000"], { encoding: "utf8" })) as {
      lines: number; errors: number; bestCpuMs: number;
    };
    expect(out.lines).toBeGreaterThanOrEqual(10_000);
    expect(out.errors).toBe(0);
    expect(out.bestCpuMs).toBeLessThan(300);
  });

  it("many errors cost linear time", () => {
    const junk = (n: number) => HEADER + Array.from({ length: n }, (_, i) => `) define x${i} = a + * c\n`).join("");
    const small = junk(100);
    const large = junk(800);
    expect(parse(large).errors.length).toBe(1600);
    parse(small);
    const tSmall = bestOf(2, () => parse(small));
    const tLarge = bestOf(2, () => parse(large));
    // 8× the errors: linear is ~8×; quadratic would be ~64×.
    expect(tLarge).toBeLessThan(tSmall * 20 + 50);
  });

  it("absurd nesting is reported, never a stack overflow", () => {
    const deep = `${HEADER}define x = ${"(".repeat(5000)}1${")".repeat(5000)}\ndefine y = 1\n`;
    const r = parse(deep);
    expect(r.errors.some((e) => e.code === "BL1001" && e.args["expected"] === `at most ${MAX_NESTING} nested brackets`)).toBe(true);
    expect(r.ast.decls.some((d) => d.kind === "define" && d.name?.text === "y")).toBe(true);
    expect(format(deep).text).toBeUndefined();
    const ifs = `${HEADER}define x = ${"if a then 1 else ".repeat(10_000)}1\ndefine y = 1\n`;
    const r2 = parse(ifs);
    expect(r2.errors.map((e) => [e.code, e.args["expected"]])).toEqual([["BL1001", "a simpler declaration"]]);
    expect(r2.ast.decls.map((d) => d.kind === "define" && d.name?.text)).toEqual(["y"]);
    expect(parse(`${HEADER}define x = ${"-".repeat(10_000)}1\n`).errors).toHaveLength(1);
  });

  it("a 20 000-term sum parses and formats", () => {
    const text = `${HEADER}define x = ${Array(20_000).fill("1").join(" + ")}\n`;
    expect(parse(text).errors).toEqual([]);
    // too long for one line: one line per operator
    expect(format(text).text).toContain("define x =\n  1\n    + 1\n    + 1\n");
  });
});
