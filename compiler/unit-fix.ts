// A bare number where a unit is wanted is most often a missing unit: `5000` for 5000元,
// `50` for 50%. Type errors on such a literal carry `fix`, which their help line shows
// ("write `5000元`").
import type { Expr } from "../grammar/ast.ts";
import type { Type } from "./types.ts";

const UNIT_OF: Record<string, string> = { Money: "元", Limit: "元", Rate: "%", Points: "pp" };

/** `{ fix: "5000元" }` when `x` is a bare number literal and `want` has a unit; else `{}`. */
export function unitFix(x: Expr | undefined, want: Type): { fix?: string } {
  let e = x;
  while (e?.kind === "paren") e = e.inner;
  const unit = UNIT_OF[want];
  return e?.kind === "number" && unit !== undefined ? { fix: `${e.value}${unit}` } : {};
}
