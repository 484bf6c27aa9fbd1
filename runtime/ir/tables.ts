// What a table lookup means where both evaluators share it (eval/compile-ir.ts on Decimals,
// fast/fixed-ops.ts on fixed-point integers): the values are enum members, not numbers.
import { EvalFailure } from "../errors.ts";

/** The member of `members` whose table value ranks first in its enum (就高不就低). */
export function highestKey(map: ReadonlyMap<string, string>, order: ReadonlyMap<string, number>, table: string, members: readonly string[]): string {
  if (members.length === 0) throw new EvalFailure("BR3004", { table });
  let bestRank = Infinity, from = "";
  for (const m of members) {
    const v = map.get(m);
    if (v === undefined) throw new EvalFailure("BR3001", { table, key: m });
    const rank = order.get(v)!;
    if (rank < bestRank) {
      bestRank = rank;
      from = m;
    }
  }
  return from;
}
