// Where each line of a trace leads in the source: the table row or band that was hit (found
// in the artifact from what the step recorded), else the declaration the step names, else the
// expression the step was recorded at. Spans are the artifact's [source, start, end).
import type { Artifact, Interval, SrcSpan } from "../../runtime/ir/artifact.ts";
import type { Trace, TraceStep } from "../../runtime/index.ts";
import { decRange } from "../../runtime/eval/compile-ir.ts";
import { showRange } from "../../runtime/ir/ops.ts";

/** Every named declaration of the artifact (inputs, params, tables, bands, defines, outputs…) → its span. */
export function declarations(artifact: Artifact): Map<string, SrcSpan> {
  const { ir, schema, ledger } = artifact;
  const named: { name: string; span?: SrcSpan }[] = [
    ...schema.fields, ...ledger.fields, ...ir.params, ...ir.tables, ...(ir.grids ?? []), ...ir.bands,
    ...ir.classifications, ...ir.defines, ...ir.outputs, ...ir.alerts,
    ...ir.pipelines.flatMap((p) => [...p.layers, p.leaves]),
  ];
  const out = new Map<string, SrcSpan>();
  for (const d of named) if (d.span && !out.has(d.name)) out.set(d.name, d.span);
  return out;
}

const sameRange = (shown: string | undefined, range: Interval) => shown === showRange(decRange(range));

/**
 * The row a table, grid, classification or band step was decided by. A band step records only
 * its row: `parent` is the bands step it belongs to, which names the bands.
 */
export function hitRow(artifact: Artifact, step: TraceStep, parent?: TraceStep): SrcSpan | undefined {
  const v = step.values, ir = artifact.ir;
  switch (step.op) {
    case "index": {
      const rows = ir.tables.find((t) => t.name === v.table)?.rows ?? [];
      return (v.row === undefined ? rows.find((r) => r.key === v.key) : rows.find((r) => r.range && sameRange(v.row, r.range)))?.span;
    }
    case "lookup":
      return ir.grids?.find((g) => g.name === v.table)?.rows[Number(v.row) - 1]?.span;
    case "classify":
      return ir.classifications.find((c) => c.name === v.name)?.rows.find((r) => sameRange(v.row, r.range))?.span;
    case "band":
      // the step names its written row: its shown range may hold edges read from the claim
      return parent?.op === "bands" ? ir.bands.find((b) => b.name === parent.values.name)?.rows[Number(v.row)]?.span : undefined;
  }
  return undefined;
}

/** The name of the declaration a step is about, if it is about one. */
function declared(step: TraceStep): string | undefined {
  return step.values.table ?? step.values.name;
}

/** Where a click on a step's line leads. */
export function stepTarget(artifact: Artifact, decls: Map<string, SrcSpan>, step: TraceStep, parent?: TraceStep): SrcSpan | undefined {
  const name = declared(step);
  return hitRow(artifact, step, parent) ?? (name === undefined ? undefined : decls.get(name)) ?? step.span;
}

/** Every row and band a claim's trace hit, once each, in the order first met. */
export function traceHits(artifact: Artifact, trace: Trace): SrcSpan[] {
  const seen = new Map<string, SrcSpan>();
  const walk = (steps: readonly TraceStep[] | undefined, parent?: TraceStep): void => {
    for (const step of steps ?? []) {
      const row = hitRow(artifact, step, parent);
      if (row) seen.set(row.join(":"), row);
      walk(step.children, step);
    }
  };
  for (const o of trace.outputs) walk(o.steps);
  for (const a of trace.alerts) walk(a.steps);
  walk(trace.ledger);
  return [...seen.values()];
}
