// A band rate that is not a constant: a param, or an enum-keyed table looked up by an input or
// a param (`[0元, 2万元]: 病种低档[级别]`). The runtime reads it per claim. Every value it can
// take is a rate checked where it is written: each cell of a Rate table (BL4008), a param's
// value (a param that folds is a constant rate, checked as one: BL4006).
import type { Expr } from "../grammar/ast.ts";
import { declOf, type Compilation } from "./symbols.ts";
import { isEnum } from "./types.ts";
import { unparen } from "./walk.ts";

/** `x` is a rate of an allowed per-claim form. */
export function isPerClaimRate(c: Compilation, x: Expr | undefined): boolean {
  const e = unparen(x);
  if (e?.kind === "ref") return c.res.get(e)?.[0]?.kind === "param";
  if (e?.kind !== "index") return false;
  const key = unparen(e.key);
  const keyKind = key?.kind === "ref" ? c.res.get(key)?.[0]?.kind : undefined;
  const table = c.res.get(e.table)?.[0];
  if (table === undefined || declOf(table)?.kind !== "table") return false;
  return (keyKind === "input" || keyKind === "param") && isEnum(c.keyTypes.get(table) ?? "");
}
