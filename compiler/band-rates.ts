// A band rate that is not a constant: a param, or an enum-keyed table looked up by an input, a
// param, or a define of the claim's inputs alone (`[0元, 2万元]: 病种低档[级别]`, `比例[认定身份]`
// with 认定身份 = highest … over 身份, as 多重身份就高 documents say). The runtime reads it per claim. Every value it can
// take is a rate checked where it is written: each cell of a Rate table (BL4008), a param's
// value (a param that folds is a constant rate, checked as one: BL4006).
import type { Expr } from "../grammar/ast.ts";
import { declOf, type Compilation, type Entity } from "./symbols.ts";
import { isEnum } from "./types.ts";
import { unparen, walk } from "./walk.ts";

/** `x` is a rate of an allowed per-claim form. */
export function isPerClaimRate(c: Compilation, x: Expr | undefined): boolean {
  const e = unparen(x);
  if (e?.kind === "ref") return c.res.get(e)?.[0]?.kind === "param";
  if (e?.kind !== "index") return false;
  const key = unparen(e.key);
  const keyOf = key?.kind === "ref" ? c.res.get(key)?.[0] : undefined;
  const table = c.res.get(e.table)?.[0];
  if (table === undefined || declOf(table)?.kind !== "table") return false;
  const keyed = keyOf?.kind === "input" || keyOf?.kind === "param" || (keyOf?.kind === "define" && readsOnlyClaim(c, keyOf));
  return keyed && isEnum(c.keyTypes.get(table) ?? "");
}

/** A define that writes no ledger and applies no bands or classification, through the defines it
 *  reads: what a band's rate may be read through (the IR check's "plain" defines). */
function readsOnlyClaim(c: Compilation, define: Entity, seen = new Set<Entity>()): boolean {
  if (seen.has(define)) return true;
  seen.add(define);
  const n = declOf(define);
  if (n?.kind !== "define") return false;
  let plain = true;
  walk(n.value, (x) => {
    if (x.kind === "apply" || x.kind === "cumulative" || (x.kind === "above" && x.ledger !== undefined)) plain = false;
    else if (x.kind === "cap" && x.limits.some((l) => l.ledger !== undefined)) plain = false;
    else if (x.kind === "ref") {
      const t = c.res.get(x)?.[0];
      if (t?.kind === "define" && !readsOnlyClaim(c, t, seen)) plain = false;
      if (t !== undefined && declOf(t)?.kind === "classify") plain = false;
    }
  });
  return plain;
}
