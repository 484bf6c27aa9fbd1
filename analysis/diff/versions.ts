// Two versions of a policy, side by side: whether one claims file can be settled under both
// (their inputs agree), the output a person's gain or loss is judged by, and the inputs that
// sort claims into categories. Plain data (DiffPlan), so batch workers receive it as it is.
import { some } from "../../runtime/ir/nodes.ts";
import type { InputField, TypeName } from "../../runtime/ir/artifact.ts";
import { BylawError, type RuleSet } from "../../runtime/index.ts";
import { kindOf } from "../../runtime/ir/types.ts";

/**
 * The figure a person's gain is judged by, summed over their claims. A `payment` (what a fund
 * pays: 救助金, 大病保险) is a gain when it rises; a `share` (a pipeline's `leaves`, what the
 * patient pays in the end: 个人负担) is a gain when it falls.
 */
export interface Measure {
  output: string;
  kind: "payment" | "share";
}

/** An input that sorts claims into categories: an enum or a Bool both versions read alike. */
export interface Category {
  field: string;
  /** what an empty cell or an absent key counts as (the field's default), if anything */
  fallback: string | undefined;
}

export interface DiffPlan extends SharedInputs {
  measure: Measure;
  /** the Money outputs of either version, the old version's first: the totals compared */
  outputs: string[];
}

function moneyOutputs(rs: RuleSet): string[] {
  return [...rs.outputs.values()].filter((o) => o.type === "Money").map((o) => o.name);
}

function shares(rs: RuleSet): Set<string> {
  return new Set(rs.artifact.ir.pipelines.map((p) => p.leaves.name));
}

/**
 * The default measure: the patient's final share when the old version has one pipeline, or one
 * that the others feed (倾斜救助 on what 三重保障 left): what the person pays after every fund.
 * Else its first Money output of its own (in the seed policies that is the payment the policy
 * exists for: 救助金, 大病保险, 参保资助).
 */
function defaultMeasure(old: RuleSet): string | undefined {
  const pipelines = old.artifact.ir.pipelines;
  const fed = new Set<string>();
  for (const p of pipelines) for (const root of [p.on, ...p.layers.map((l) => l.expr)]) some(root, (e) => e.k === "layer" && !fed.add(e.name));
  const last = pipelines.filter((p) => !fed.has(p.leaves.name));
  if (last.length === 1 && (pipelines.length === 1 || pipelines.every((p) => p === last[0] || fed.has(p.leaves.name)))) return last[0]!.leaves.name;
  return old.artifact.ir.outputs.find((o) => o.type === "Money")?.name ?? moneyOutputs(old)[0];
}

/** The field's default as a category value (a Bool as true/false, an enum member by name). */
function fallbackOf(f: InputField): string | undefined {
  return f.default === undefined || f.default === null ? undefined : String(f.default);
}

const isCategory = (t: TypeName) => kindOf(t) === "enum" || kindOf(t) === "bool";

export interface SharedInputs {
  categories: Category[];
  /** inputs only the old (new) version has: the other version is not given them */
  onlyOld: string[];
  onlyNew: string[];
}

/**
 * Checks that the two versions can settle the same claims; throws a BylawError: BR1050 (an
 * input typed differently), BR1051/BR1052 (an input one version requires and the other lacks).
 */
export function compareInputs(old: RuleSet, next: RuleSet): SharedInputs {
  const oldFields = new Map(old.artifact.schema.fields.map((f) => [f.name, f]));
  const newFields = new Map(next.artifact.schema.fields.map((f) => [f.name, f]));
  const categories: Category[] = [];
  for (const [name, f] of oldFields) {
    const g = newFields.get(name);
    if (g === undefined) {
      if (!f.optional) throw new BylawError("BR1051", { field: name });
      continue;
    }
    if (f.type !== g.type) throw new BylawError("BR1050", { field: name, oldType: f.type, newType: g.type });
    if (isCategory(f.type)) categories.push({ field: name, fallback: fallbackOf(g) });
  }
  for (const [name, g] of newFields) if (!oldFields.has(name) && !g.optional) throw new BylawError("BR1052", { field: name });
  return {
    categories,
    onlyOld: [...oldFields.keys()].filter((n) => !newFields.has(n)),
    onlyNew: [...newFields.keys()].filter((n) => !oldFields.has(n)),
  };
}

/**
 * compareInputs, and the comparison's plan: the measure (`gain`, or the default) must be a
 * Money output of both (else BR1053).
 */
export function planDiff(old: RuleSet, next: RuleSet, gain?: string): DiffPlan {
  const shared = compareInputs(old, next);
  const oldMoney = moneyOutputs(old), newMoney = moneyOutputs(next);
  const output = gain ?? defaultMeasure(old);
  if (output === undefined || !oldMoney.includes(output) || !newMoney.includes(output)) {
    throw new BylawError("BR1053", { output: output ?? "" });
  }
  const share = shares(old).has(output) || shares(next).has(output);
  return {
    ...shared,
    measure: { output, kind: share ? "share" : "payment" },
    outputs: [...oldMoney, ...newMoney.filter((n) => !oldMoney.includes(n))],
  };
}
