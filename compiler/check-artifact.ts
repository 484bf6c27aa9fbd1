// Stage "check artifact": the written artifact is held to the runtime's limits, reported at
// the expression, so what compiles clean loads: nesting deeper than the runtime evaluates
// (long `+ −`, `and`, `or` chains are flat in the IR and never count). That every artifact
// the compiler emits loads is also checked on fuzzed policies (tests/parser-fuzz.test.ts).
import type { Artifact, Expr } from "../runtime/ir/artifact.ts";
import { MAX_DEPTH } from "../runtime/ir/limits.ts";
import { children } from "../runtime/ir/nodes.ts";
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

/** False (with BL4026 reported at each root) when some expression nests too deep. */
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
  return ok;
}
