// Checks `acknowledge` declarations: each figure is a figure as a document writes it, the
// declaration says why (its label) and where (a § citation), no declaration citing that
// section already holds the figure (it would be linked, not acknowledged), and, when the
// host can read the source document, that section does state it.
import type { AcknowledgeDecl, Span } from "../grammar/ast.ts";
import type { Artifact } from "../runtime/ir/artifact.ts";
import { D } from "../runtime/ir/decimal.ts";
import { acknowledgment, figureOf } from "./doc/acknowledged.ts";
import { covers } from "./doc/sections.ts";
import { acknowledgedAmiss, declaredValues, documentFigures, writtenValues } from "./doc/trace-doc.ts";
import { folderOf, joinPath, within, type SourceHost } from "./modules.ts";
import type { Compilation } from "./symbols.ts";

/** Types whose values are the same figure (an Int 60 and a Number 60 are both `60周岁`). */
const family = (t: string) => (t === "Limit" ? "Money" : t === "Int" ? "Number" : t);

export function checkAcknowledged(c: Compilation, artifact: Artifact, host: SourceHost, root: string | undefined): void {
  const file = c.root.file.path;
  const decls = (c.root.file.ast?.decls ?? []).filter((d): d is AcknowledgeDecl => d.kind === "acknowledge");
  if (decls.length === 0) return;
  const text = (s: { start: number; end: number }) => c.root.file.text.slice(s.start, s.end);
  const declared = [...declaredValues(artifact), ...writtenValues(c.root.file.ast)];
  // the document, beside the policy (inside the folder it may read), when the host serves one
  const source = artifact.policy.source;
  const path = source === "" ? undefined : joinPath(file, source);
  const doc = path !== undefined && within(root ?? folderOf(file), path) ? host.readDocument?.(path) : undefined;
  const amiss = new Set<Span>();
  if (doc !== undefined) {
    const acks = decls.map(acknowledgment).filter((a) => a.sections.length > 0); // no citation: BL4052 said so
    const { figures } = documentFigures(doc, [...declared.flatMap((v) => v.sections), ...acks.flatMap((a) => a.sections)]);
    for (const f of acknowledgedAmiss(figures, acks)) {
      amiss.add(f.span);
      c.sink.report("BL4054", file, f.span, { figure: text(f.span), document: source, section: f.sections.map((s) => `§${s}`).join(" ") });
    }
  }
  for (const d of decls) {
    if (!d.label) c.sink.report("BL4051", file, d.span);
    if (!d.sections || d.sections.length === 0) c.sink.report("BL4052", file, d.span);
    for (const e of d.figures) if (!figureOf(e)) c.sink.report("BL4050", file, e.span, { text: text(e.span) });
    const a = acknowledgment(d);
    for (const f of a.figures) {
      // a figure the document does not state there is that (BL4054), not a figure a rule holds
      if (amiss.has(f.span)) continue;
      const holder = declared.find((v) => family(v.type) === family(f.type) && (v.type === "Date" ? v.value === f.value : new D(v.value).eq(f.value))
        && (v.anywhere || a.sections.some((s) => v.sections.some((vs) => covers(vs, s)))));
      if (holder) c.sink.report("BL4053", file, f.span, { figure: text(f.span), name: holder.name, section: holder.sections.map((s) => `§${s}`).join(" ") });
    }
  }
}
