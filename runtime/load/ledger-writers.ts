// Which defines write the ledger. A define is evaluated lazily, so one read only behind a
// condition that did not hold (`类别 == 第三类 and 年度累计 > 2000元`) would never run and its
// ledger field would fall behind the facts. The evaluator runs these defines on every claim.
import type { Program } from "../ir/artifact.ts";
import { ledgersWritten, some } from "../ir/nodes.ts";

/** Names of the defines whose evaluation writes a ledger field (directly or through another define). */
export function ledgerWritingDefines(ir: Program): string[] {
  const writes = new Set<string>();
  // Defines are in dependency order: a define refers only to earlier ones.
  for (const d of ir.defines) {
    if (some(d.expr, (e) => ledgersWritten(e).length > 0 || (e.k === "def" && writes.has(e.name)))) writes.add(d.name);
  }
  return ir.defines.filter((d) => writes.has(d.name)).map((d) => d.name);
}

/** The define whose own expression writes each ledger field (not through another define): an
 *  alert reading the field's value after the claim runs it first (memoised, it writes once). */
export function writerDefines(ir: Program): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of ir.defines) {
    some(d.expr, (e) => {
      for (const f of ledgersWritten(e)) out.set(f, d.name);
      return false;
    });
  }
  return out;
}
