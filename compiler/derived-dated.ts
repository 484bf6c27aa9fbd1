// A param written as an expression of dated params (`param 起付线 = 人均可支配收入 * 50%`, the
// document's "起付线为上年度居民人均可支配收入的50%") is dated itself: on each date one of them
// takes a new value, its value is folded again, exactly, from theirs. The IR has it as an
// ordinary dated param, so every evaluator, the SQL and the analysis read it as one.
import type { DatedValue, Expr } from "../grammar/ast.ts";
import { Folder, type CValue } from "./fold.ts";
import { declOf, type Compilation, type Entity } from "./symbols.ts";
import { eachReferenced, walk } from "./walk.ts";

/** One period of a derived param: from `from` on, its value is what `folder` folds. */
export interface DerivedPeriod {
  from: string;
  folder: Folder;
}

/** The periods of a param that reads dated params, or undefined when it is a plain constant
 *  (or dated in its own right, or reads something no date settles). */
export function derivedSchedule(c: Compilation, e: Entity, folder: Folder): DerivedPeriod[] | undefined {
  const n = declOf(e);
  if (n?.kind !== "param" || n.dated || !n.value) return undefined;
  return scheduleOf(c, e, [n.value], folder);
}

/** A table whose values read dated params (`顺产: 1500元 + 提高`, 提高 raised from 2025-01-01): the
 *  periods in which every value folds, or undefined when the table is constant (or a value reads
 *  something no date settles). Lowering writes one table per period, read by the claim's date. */
export function tableSchedule(c: Compilation, e: Entity, folder: Folder): DerivedPeriod[] | undefined {
  const n = declOf(e);
  if (n?.kind !== "table") return undefined;
  // a value naming something unknown is that error alone (BL2001): the others still have periods
  const known = (x: Expr) => {
    let ok = true;
    walk(x, (y) => {
      if (y.kind === "ref" && !c.res.has(y)) ok = false;
    });
    return ok;
  };
  const values = n.rows.flatMap((r) => (r.value && known(r.value) ? [r.value] : []));
  if (values.length === 0 || values.every((v) => folder.value(v) !== undefined)) return undefined;
  return scheduleOf(c, e, values, folder);
}

/** The periods in which `roots` (of `e`) fold: one from each date a dated param they read
 *  changes on, that param assumed at its value then. */
function scheduleOf(c: Compilation, e: Entity, roots: readonly Expr[], folder: Folder): DerivedPeriod[] | undefined {
  const dated = new Map<Entity, DatedValue[]>();
  const seen = new Set<Entity>([e]);
  const collect = (x: Expr | undefined): void => eachReferenced(c, x, seen, (target) => {
    const d = declOf(target);
    if (d?.kind === "param" && d.dated) dated.set(target, d.dated);
    else if (d?.kind === "param" || d?.kind === "define") collect(d.value);
  });
  for (const root of roots) collect(root);
  if (dated.size === 0) return undefined;
  const dates = [...new Set([...dated.values()].flatMap((rows) => rows.flatMap((r) => (r.from ? [r.from.value] : []))))].sort();
  const periods: DerivedPeriod[] = [];
  for (const from of dates) {
    const assume = new Map<Entity, CValue>();
    for (const [param, rows] of dated) {
      // the row in force on `from`: the last one starting on or before it
      const row = rows.filter((r) => r.from !== undefined && r.from.value <= from).at(-1);
      const v = row && folder.value(row.value);
      if (v) assume.set(param, v);
    }
    periods.push({ from, folder: new Folder(c, assume) });
  }
  // every period must fold: then each root is exactly a function of the dated params
  return periods.every((p) => roots.every((x) => p.folder.value(x) !== undefined)) ? periods : undefined;
}
