// Which inputs each result depends on, the amount each is analysed over, and the values the
// other inputs take: every member of an enum, both Bools, the empty set and each single
// member of a set (a set reaches a figure through `highest`, which picks one member, or
// `in`), and for another number a representative on each side of every constant it is
// compared with (a threshold, a table's or classification's row edges).
import type { Artifact, Expr, InputField, Value } from "../runtime/ir/artifact.ts";
import { children } from "../runtime/ir/nodes.ts";
import { D, type Dec } from "../runtime/ir/decimal.ts";
import { formatDecimal, isArtifactDecimal } from "../runtime/ir/money.ts";
import { kindOf } from "../runtime/ir/types.ts";
import { pipelineOfResult } from "../runtime/load/result-order.ts";

/** A result the analysis follows: an output, a pipeline's layer, or a pipeline's share. */
export interface Result {
  name: string;
  type: string;
  role: "output" | "layer" | "share";
  label?: string;
  sections?: string[];
  /** the inputs it reads, through defines, (in a pipeline) the layers before it, and the
   *  pipelines whose results it reads */
  deps: Set<string>;
  /** pays a share of an amount (a rate or bands): a payment, checked for full coverage */
  payment: boolean;
}

function walk(ir: Artifact["ir"], roots: Expr[], visit: (e: Expr) => void): void {
  const defs = new Map(ir.defines.map((d) => [d.name, d.expr]));
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const e = stack.pop()!;
    visit(e);
    if (e.k === "def" && !seen.has(e.name)) {
      seen.add(e.name);
      stack.push(defs.get(e.name)!);
    }
    if (e.k === "bands") {
      const b = ir.bands.find((x) => x.name === e.name)!;
      // rates and edges read per claim
      for (const r of b.rows) for (const x of [r.rate, r.lo, r.hi]) if (x !== null && typeof x !== "string") stack.push(x);
    }
    stack.push(...children(e));
  }
}

/** Every expression reachable from `roots`, defines followed. */
export function reachable(ir: Artifact["ir"], roots: Expr[]): Expr[] {
  const out: Expr[] = [];
  walk(ir, roots, (e) => out.push(e));
  return out;
}

type TypeOf = (e: Expr) => string | undefined;

function isPayment(ir: Artifact["ir"], roots: Expr[], typeOf: TypeOf): boolean {
  let pays = false;
  walk(ir, roots, (e) => {
    if (e.k === "bands" || (e.k === "arith" && e.op === "*" && (typeOf(e.a) === "Rate" || typeOf(e.b) === "Rate"))) pays = true;
  });
  return pays;
}

/** `自付 - 大病保险 (+ 特药费用 - 特药支付)`, or its year-to-date total: an amount less a payment is
 *  what the patient is left with, a share (checked for being nothing, not for paying all). */
function isShare(ir: Artifact["ir"], e: Expr, typeOf: TypeOf): boolean {
  switch (e.k) {
    case "sum":
      return e.ops.some((op, i) => op === "-" && isPayment(ir, [e.xs[i + 1]!], typeOf));
    case "arith":
      return e.op === "-" && isPayment(ir, [e.b], typeOf);
    case "cumulative":
      return isShare(ir, e.v, typeOf);
    case "call":
      return e.fn === "round" && isShare(ir, e.args[0]!, typeOf);
    case "def": {
      const d = ir.defines.find((x) => x.name === e.name) ?? ir.outputs.find((x) => x.name === e.name);
      return d !== undefined && isShare(ir, d.expr, typeOf);
    }
    default:
      return false;
  }
}

export function resultsOf(a: Artifact, typeOf: TypeOf): Result[] {
  const ir = a.ir;
  const owner = pipelineOfResult(ir);
  // a pipeline's inputs, for what reads its results (no pipeline reads its own: BR1036)
  const viaPipeline = (i: number): Set<string> => {
    const p = ir.pipelines[i]!;
    return depsOf([p.on, ...p.layers.map((l) => l.expr)]);
  };
  const depsOf = (roots: Expr[]): Set<string> => {
    const s = new Set<string>();
    walk(ir, roots, (e) => {
      if (e.k === "input") s.add(e.name);
      if (e.k === "layer") for (const x of viaPipeline(owner.get(e.name)!)) s.add(x);
    });
    return s;
  };
  const doc = (d: { label?: string; sections?: string[] }) => ({
    ...(d.label !== undefined ? { label: d.label } : {}), ...(d.sections !== undefined ? { sections: d.sections } : {}),
  });
  const out: Result[] = ir.outputs.map((o) => {
    const share = o.type === "Money" && isShare(ir, o.expr, typeOf);
    return { name: o.name, type: o.type, role: share ? "share" : "output", ...doc(o), deps: depsOf([o.expr]), payment: !share && isPayment(ir, [o.expr], typeOf) };
  });
  for (const p of ir.pipelines) {
    const deps = depsOf([p.on, ...p.layers.map((l) => l.expr)]);
    for (const l of p.layers) out.push({ name: l.name, type: "Money", role: "layer", ...doc(l), deps, payment: true });
    out.push({ name: p.leaves.name, type: "Money", role: "share", ...doc(p.leaves), deps, payment: false });
  }
  return out;
}

/** The main amount: the Money input most Money results read (the first declared on a tie). */
export function mainAmount(a: Artifact, results: readonly Result[]): string | undefined {
  let best: string | undefined, most = 0;
  for (const f of a.schema.fields) {
    if (f.type !== "Money") continue;
    const n = results.filter((r) => r.type === "Money" && r.deps.has(f.name)).length;
    if (n > most) {
      best = f.name;
      most = n;
    }
  }
  return best;
}

/** The amount a result is analysed over: `over` when it reads it, else the main amount when
 *  it reads that, else the first Money input it reads; undefined when it reads none. */
export function overFor(a: Artifact, r: Result, main: string | undefined, over?: string): string | undefined {
  if (over !== undefined) return r.deps.has(over) ? over : undefined;
  if (main !== undefined && r.deps.has(main)) return main;
  return a.schema.fields.find((f) => f.type === "Money" && r.deps.has(f.name))?.name;
}

/** The constants each number input is compared with or looked up by (row edges). */
function thresholds(a: Artifact): Map<string, Dec[]> {
  const ir = a.ir;
  const params = new Map(ir.params.map((p) => [p.name, p]));
  const out = new Map<string, Dec[]>();
  const add = (name: string, x: string | null | undefined) => {
    if (!isArtifactDecimal(x)) return;
    const list = out.get(name) ?? [];
    list.push(new D(x));
    out.set(name, list);
  };
  const constOf = (e: Expr): string | undefined => {
    if (e.k === "lit" && typeof e.v === "string") return e.v;
    if (e.k === "param") {
      const p = params.get(e.name);
      const v = p?.value ?? p?.values?.[0]?.value;
      return typeof v === "string" ? v : undefined;
    }
    return undefined;
  };
  const roots = [...ir.defines, ...ir.outputs].map((d) => d.expr)
    .concat(ir.alerts.map((x) => x.when), ir.pipelines.flatMap((p) => [p.on, ...p.layers.map((l) => l.expr)]));
  walk(ir, roots, (e) => {
    if (e.k === "cmp") {
      if (e.a.k === "input") add(e.a.name, constOf(e.b));
      if (e.b.k === "input") add(e.b.name, constOf(e.a));
    } else if (e.k === "classify" && e.v.k === "input") {
      const c = ir.classifications.find((x) => x.name === e.name)!;
      for (const r of c.rows) for (const x of [r.range.lo, r.range.hi]) add(e.v.name, x);
    } else if (e.k === "index" && e.key.k === "input") {
      const t = ir.tables.find((x) => x.name === e.table)!;
      for (const r of t.rows) for (const x of [r.range?.lo, r.range?.hi]) add(e.key.name, x);
    } else if (e.k === "lookup") {
      const g = (ir.grids ?? []).find((x) => x.name === e.grid)!;
      e.keys.forEach((k, j) => {
        if (k.k !== "input") return;
        for (const r of g.rows) {
          const m = r.keys[j]!;
          if ("range" in m) for (const x of [m.range.lo, m.range.hi]) add(k.name, x);
        }
      });
    }
  });
  return out;
}

/** The values an input other than the amount takes in the analysis. */
export function representatives(a: Artifact, date: string): Map<string, Value[]> {
  const th = thresholds(a);
  const out = new Map<string, Value[]>();
  for (const f of a.schema.fields) out.set(f.name, valuesOf(a, f, th.get(f.name) ?? [], date));
  return out;
}

/** A count far beyond any a document's arithmetic on it reaches (years, stays, people). */
const FAR_COUNT = 100;

function valuesOf(a: Artifact, f: InputField, ths: Dec[], date: string): Value[] {
  const members = (name: string) => a.schema.enums.find((e) => e.name === name)!.members.map((m) => m.name);
  switch (kindOf(f.type)) {
    case "bool":
      return [false, true];
    case "enum":
      return members(f.type.slice(5));
    case "set": {
      // each member alone, then two and all of them (多病种: a limit that grows with count(病种)),
      // the empty set last: an input not varied takes the first value, and some policies refuse it empty
      const all = members(f.type.slice(4));
      const several = all.length >= 2 ? [all.slice(0, 2), ...(all.length > 2 ? [all] : [])] : [];
      return [...all.map((m) => [m]), ...several, []];
    }
    case "date":
      return [(f.default as string | undefined) ?? date];
    case "text":
      return [(f.default as string | undefined) ?? ""];
    case "duration":
      return [(f.default as number | undefined) ?? 0];
    default: {
      const unit = new D(f.type === "Int" ? 1 : "0.01");
      const xs = new Map<string, Dec>();
      const put = (x: Dec) => {
        if (!x.isNegative()) xs.set(formatDecimal(x), x);
      };
      for (const t of ths) {
        put(t.minus(unit));
        put(t);
        put(t.plus(unit));
      }
      // without a threshold: its default, else 0 for an amount and 1 for a count (a divisor); a
      // count read in arithmetic (连续参保年数 × 1000元 at most 5000元) also far out, so a cap
      // on what it adds is seen to bind
      if (xs.size === 0) put(new D(typeof f.default === "string" ? f.default : f.type === "Money" ? 0 : 1));
      if (ths.length === 0 && f.type === "Int") put(new D(FAR_COUNT));
      return [...xs.values()].sort((p, q) => p.cmp(q)).map((x) => formatDecimal(f.type === "Int" ? x.floor() : x));
    }
  }
}

/** Every combination of the given inputs' values (the others at their first value). */
export function* combinations(names: readonly string[], values: ReadonlyMap<string, Value[]>): Generator<Record<string, Value>> {
  const pick = names.map(() => 0);
  for (;;) {
    const combo: Record<string, Value> = {};
    names.forEach((n, i) => (combo[n] = values.get(n)![pick[i]!]!));
    yield combo;
    let i = names.length - 1;
    while (i >= 0 && ++pick[i]! >= values.get(names[i]!)!.length) pick[i--] = 0;
    if (i < 0) return;
  }
}
