// The order a claim's results are computed in. Outputs and pipelines run in the artifact's
// order (outputs first), except that whatever reads a pipeline's results (a `layer` node,
// directly or through defines) runs after that pipeline; alerts run after all of them. Every
// evaluator (decimal.js, fixed point, SQL, the analysis) follows this one order, so the first
// error a claim meets is the same everywhere.
import type { Expr, Program } from "../ir/artifact.ts";
import { some } from "../ir/nodes.ts";

export type ResultStep = { output: number } | { pipeline: number };

/** The pipeline whose results `name` (a layer or a leaves) is, by index. */
export function pipelineOfResult(ir: Program): Map<string, number> {
  const owner = new Map<string, number>();
  ir.pipelines.forEach((p, i) => {
    for (const l of p.layers) owner.set(l.name, i);
    owner.set(p.leaves.name, i);
  });
  return owner;
}

/** The steps in order, or the pipelines that read their own results (a cycle, maybe through
 *  other pipelines), named in the order they wait on each other. */
export function resultOrder(ir: Program): { steps: ResultStep[] } | { cycle: string[] } {
  const owner = pipelineOfResult(ir);
  // defines are in dependency order: a define refers only to earlier ones
  const viaDefine = new Map<string, Set<number>>();
  const reads = (e: Expr): Set<number> => {
    const out = new Set<number>();
    some(e, (x) => {
      if (x.k === "layer" && owner.has(x.name)) out.add(owner.get(x.name)!);
      else if (x.k === "def") for (const p of viaDefine.get(x.name) ?? []) out.add(p);
      return false;
    });
    return out;
  };
  for (const d of ir.defines) viaDefine.set(d.name, reads(d.expr));
  const pending: { step: ResultStep; needs: Set<number> }[] = [
    ...ir.outputs.map((o, i) => ({ step: { output: i }, needs: reads(o.expr) })),
    ...ir.pipelines.map((p, i) => {
      const needs = reads(p.on);
      for (const l of p.layers) for (const x of reads(l.expr)) needs.add(x);
      return { step: { pipeline: i }, needs };
    }),
  ];
  const done = new Set<number>();
  const steps: ResultStep[] = [];
  while (pending.length > 0) {
    const i = pending.findIndex((x) => [...x.needs].every((p) => done.has(p)));
    if (i < 0) {
      const waiting = pending.flatMap((x) => ("pipeline" in x.step ? [ir.pipelines[x.step.pipeline]!.name] : []));
      return { cycle: waiting };
    }
    const [x] = pending.splice(i, 1);
    steps.push(x!.step);
    if ("pipeline" in x!.step) done.add(x!.step.pipeline);
  }
  return { steps };
}
