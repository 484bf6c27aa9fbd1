// A bare number where a unit is wanted is most often a missing unit: `5000` for 5000元,
// `50` for 50%. Type errors on such a literal carry `fix`, which their help line shows
// ("write `5000元`").
import type { Expr } from "../grammar/ast.ts";
import { isSet, type Type } from "./types.ts";
import { D } from "../runtime/ir/decimal.ts";
import { formatDecimal } from "../runtime/ir/money.ts";

const UNIT_OF: Record<string, string> = { Money: "元", Limit: "元", Rate: "%", Points: "pp" };

/** `{ fix: "5000元" }` when `x` is a bare number literal and `want` has a unit; else `{}`. A
 *  Rate written as a fraction up to 1 (`0.6`, `1`) is read as the fraction it is: `60%`, `100%`. */
export function unitFix(x: Expr | undefined, want: Type): { fix?: string } {
  let e = x;
  while (e?.kind === "paren") e = e.inner;
  const unit = UNIT_OF[want];
  // a set given one member (`病种 = 高血压`) is the set of it; a count given money (`2元`) is the number
  if (e?.kind === "ref" && e.name && isSet(want)) return { fix: `[${e.name.text}]` };
  if (e?.kind === "money" && want === "Int" && new D(e.value).isInteger()) return { fix: formatDecimal(new D(e.value)) };
  // 提高5个百分点 declared a Rate, or a Points param given 5%: the same figure in the other unit
  if (e?.kind === "rate" && want === "Points") return { fix: `${formatDecimal(new D(e.value).times(100))}个百分点` };
  if (e?.kind === "points" && want === "Rate") return { fix: `${formatDecimal(new D(e.value))}%` };
  // a date moves by months: 年满70周岁 from a birth date is `出生日期 + 840个月`
  if (e?.kind === "number" && want === "Date" && new D(e.value).isInteger()) return { fix: `${new D(e.value).times(12).toString()}个月` };
  if (e?.kind !== "number" || unit === undefined) return {};
  // as a rate, 1 is the whole (`1 - 25%` is 100% − 25%) and 0.6 a fraction: 60%
  const fraction = want === "Rate" && new D(e.value).lte(1) && (e.value.includes(".") || e.value === "1");
  return { fix: `${fraction ? formatDecimal(new D(e.value).times(100)) : e.value}${unit}` };
}
