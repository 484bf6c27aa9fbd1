// Where the lines of a trace lead (trace-links.ts): the rows and bands a claim hit, found in
// the artifact from what the steps recorded, and the declarations the steps name.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";
import { loadRuleSet, type Trace, type TraceStep } from "../../runtime/index.ts";
import type { Artifact, SrcSpan } from "../../runtime/ir/artifact.ts";
import { declarations, stepTarget, traceHits } from "../src/trace-links.ts";
import { REPO } from "./policies.ts";

const readFile = (p: string) => {
  try {
    return readFileSync(join(REPO, p), "utf8");
  } catch {
    return undefined;
  }
};

function settle(path: string, input: object): { artifact: Artifact; trace: Trace } {
  const { artifact } = compile(path, readFile(path)!, { readFile });
  const result = loadRuleSet(artifact!).evaluate(input, undefined, { date: "2025-03-01", trace: true });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return { artifact: artifact!, trace: result.trace! };
}

/** The source text a span covers. */
const textOf = (artifact: Artifact, span: SrcSpan) => readFile(artifact.sources[span[0]]!.path)!.slice(span[1], span[2]);

function find(steps: readonly TraceStep[], op: string): TraceStep | undefined {
  for (const s of steps) {
    if (s.op === op) return s;
    const inner = find(s.children ?? [], op);
    if (inner) return inner;
  }
  return undefined;
}

describe("trace links", () => {
  it("XPCC, category 3: the 第三类 rows of the three tables by category, each once", () => {
    const { artifact, trace } = settle("policies/000-xpcc/assistance.bylaw", { 身份: ["低保边缘家庭成员"], 自付: "12000" });
    const rows = traceHits(artifact, trace).map((s) => textOf(artifact, s));
    expect(rows).toEqual(["第三类: 2000元", "第三类: 70%", "第三类: 3万元"]);
  });

  it("Dongying: the bands a 25万 claim crosses, not the one above it", () => {
    const { artifact, trace } = settle("policies/001-dongying/critical-illness.bylaw", { 自付: "250000" });
    const rows = traceHits(artifact, trace).map((s) => textOf(artifact, s));
    expect(rows).toEqual(["[1.6万元, 10万元): 60%", "[10万元, 20万元): 65%", "[20万元, 30万元): 70%"]);
  });

  it("a step without a row leads to the declaration it names, in the file that declares it", () => {
    const { artifact, trace } = settle("policies/000-xpcc/assistance.bylaw", { 身份: ["低保边缘家庭成员"], 自付: "12000" });
    const decls = declarations(artifact);
    const highest = find(trace.outputs.flatMap((o) => o.steps), "highest")!;
    const target = stepTarget(artifact, decls, highest)!;
    expect(artifact.sources[target[0]]!.path).toBe("policies/000-xpcc/categories.bylaw");
    expect(textOf(artifact, target)).toBe("身份类别");
    expect(textOf(artifact, decls.get("救助金")!)).toBe("救助金");
  });
});
