// Which defines write the ledger. A define is evaluated lazily, so one read only behind a
// condition that did not hold (`类别 == 第三类 and 年度累计 > 2000元`) would never run and its
// ledger field would fall behind the facts. The evaluator runs these defines on every claim.
import type { Expr, Program } from "../ir/artifact.ts";

function children(e: Expr): Expr[] {
  switch (e.k) {
    case "lit": case "input": case "param": case "def": case "remaining":
      return [];
    case "neg": case "not":
      return [e.a];
    case "arith": case "cmp": case "and": case "or":
      return [e.a, e.b];
    case "in":
      return [e.a, e.set];
    case "if":
      return [e.c, e.a, e.b];
    case "above":
      return [e.v, e.th];
    case "cap":
      return [e.v, ...e.limits.flatMap((l) => (l.when === undefined ? [l.lim] : [l.lim, l.when]))];
    case "atLeast":
      return [e.v, e.floor];
    case "bands": case "classify": case "cumulative":
      return [e.v];
    case "highest":
      return [e.set];
    case "index":
      return [e.key];
    case "call":
      return e.args;
    case "dateAdd":
      return [e.a];
  }
}

function writesDirectly(e: Expr): boolean {
  switch (e.k) {
    case "above": case "bands":
      return e.ledger !== undefined;
    case "cap":
      return e.limits.some((l) => l.ledger !== undefined);
    case "cumulative":
      return true;
    default:
      return false;
  }
}

/** Names of the defines whose evaluation writes a ledger field (directly or through another define). */
export function ledgerWritingDefines(ir: Program): string[] {
  const writes = new Map<string, boolean>();
  const visit = (e: Expr): boolean => {
    if (writesDirectly(e)) return true;
    if (e.k === "def") return writes.get(e.name) === true;
    return children(e).some(visit);
  };
  // Defines are in dependency order: a define refers only to earlier ones.
  for (const d of ir.defines) writes.set(d.name, visit(d.expr));
  return ir.defines.filter((d) => writes.get(d.name)).map((d) => d.name);
}
