// Stage "artifact": the lowered program wrapped in the versioned, self-describing JSON
// document the runtime loads (runtime/ir/artifact.ts Artifact), sealed with an integrity hash over
// its canonical JSON.
import type { Header } from "../grammar/ast.ts";
import { integrityOf, sha256Hex } from "../runtime/load/hash.ts";
import { ARTIFACT_FORMAT, FORMAT_VERSION, type Artifact, type PolicyMeta } from "../runtime/ir/artifact.ts";
import type { Lowered } from "./lower.ts";
import type { Compilation } from "./symbols.ts";

export const COMPILER_VERSION = "0.1.0";

function meta(h: Header | undefined): PolicyMeta {
  const out: PolicyMeta = {
    id: h?.id?.parts.map((p) => p.text).join(".") ?? "",
    title: h?.title?.value ?? "",
    region: h?.region?.value ?? "",
    effective: h?.effective?.value ?? "",
    source: h?.source?.value ?? "",
  };
  if (h?.ends) out.ends = h.ends.value;
  if (h?.section) out.section = h.section.text;
  return out;
}

export function writeArtifact(c: Compilation, lowered: Lowered): Artifact {
  const policy = meta(c.root.file.ast?.header);
  const parents = c.root.chain.slice(1).map((f) => meta(f.ast?.header).id);
  if (parents.length > 0) policy.extends = parents;
  const sources = c.files.map((f) => ({ path: f.path, sha256: sha256Hex(f.text) }));
  const root = c.files.indexOf(c.root.file);
  const body: Omit<Artifact, "integrity"> = {
    format: ARTIFACT_FORMAT,
    formatVersion: FORMAT_VERSION,
    compiler: COMPILER_VERSION,
    sourceHash: "sha256:" + (root >= 0 ? sources[root]!.sha256 : sha256Hex(c.root.file.text)),
    policy,
    sources,
    schema: lowered.schema,
    ledger: lowered.ledger,
    ir: lowered.ir,
    tests: lowered.tests,
  };
  return { ...body, integrity: integrityOf(body) };
}
