// Stage "check artifact": the written artifact is held to what the runtime will hold it to,
// so what compiles clean loads. First the runtime's limits, reported at the expression
// (nesting deeper than the runtime evaluates); then the runtime's own IR check, whose refusal
// here is an internal error: a check before this one should have reported it in the
// policy's terms.
import type { Artifact, Expr } from "../runtime/ir/artifact.ts";
import { MAX_DEPTH } from "../runtime/ir/limits.ts";
import { children } from "../runtime/ir/nodes.ts";
import { checkArtifact as checkIr } from "../runtime/load/check-ir.ts";
import { ArtifactError } from "../runtime/errors.ts";
import type { Compilation } from "./symbols.ts";

/** Whether `e` nests past MAX_DEPTH (a leaf is at depth 0), without recursion. */
function tooDeep(e: Expr): boolean {
  const stack: [Expr, number][] = [[e, 0]];
  while (stack.length > 0) {
    const [x, d] = stack.pop()!;
    if (d > MAX_DEPTH) return true;
    for (const y of children(x)) stack.push([y, d + 1]);
  }
  return false;
}

export function checkArtifact(c: Compilation, artifact: Artifact): boolean {
  const ir = artifact.ir;
  const roots = [
    ...ir.defines.map((d) => d.expr), ...ir.outputs.map((o) => o.expr), ...ir.alerts.map((a) => a.when),
    ...ir.pipelines.flatMap((p) => [p.on, ...p.layers.map((l) => l.expr)]),
  ];
  let ok = true;
  for (const root of roots) {
    if (!tooDeep(root)) continue;
    ok = false;
    const [file, start, end] = root.s ?? [c.files.indexOf(c.root.file), 0, 0];
    c.sink.report("BL4026", c.files[file]!.path, { start, end }, { max: String(MAX_DEPTH) });
  }
  if (!ok) return false;
  try {
    // the shape and seal are the compiler's own by construction (typed lowering, writeArtifact);
    // names, types, values and ledger writers are what a check could have missed
    checkIr(artifact);
    return true;
  } catch (e) {
    if (!(e instanceof ArtifactError)) throw e;
    c.sink.report("BL0003", c.root.file.path, { start: 0, end: 0 }, { detail: e.message });
    return false;
  }
}
