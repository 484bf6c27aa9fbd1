// The data behind the band chart: which amounts to sample, how far to go, and the payment
// and the patient's remaining share at each amount — every point evaluated by the runtime
// itself, so a cap, a band edge or a cliff shows exactly where the rules put it. Amounts
// are decimals (decimal.js), never floats; only the SVG turns them into pixels.
import type { Artifact, BandMode, Expr, Value } from "../../runtime/ir/artifact.ts";
import type { Ledger, RuleSet } from "../../runtime/index.ts";
import { children } from "../../runtime/ir/nodes.ts";
import { D } from "../../runtime/ir/decimal.ts";

export interface ChartPoint {
  x: string;
  paid: string;
  /** x − paid: what the patient still pays of this amount */
  kept: string;
}

/** `n + 1` evenly spaced amounts from 0 to `max`, rounded to the fen. */
export function sampleAmounts(max: string, n = 200): string[] {
  const top = new D(max);
  return Array.from({ length: n + 1 }, (_, i) => top.times(i).dividedBy(n).toDecimalPlaces(2).toFixed(2));
}

/** The smallest of 1, 2, 2.5, 5 × 10^k that is ≥ `value`. */
export function niceCeiling(value: string): string {
  const v = new D(value);
  if (v.lte(0)) return "1";
  let power = new D(10).pow(v.log(10).floor());
  for (;;) {
    for (const step of ["1", "2", "2.5", "5"]) {
      const candidate = power.times(step);
      if (candidate.gte(v)) return candidate.toFixed();
    }
    power = power.times(10);
  }
}

function collectMoney(root: Expr, out: string[]): void {
  const stack = [root];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (e.k === "lit" && e.t === "Money" && typeof e.v === "string") out.push(e.v);
    stack.push(...children(e));
  }
}

/** Every finite money figure the rules mention: band and class bounds, parameters, table values, literals. */
export function moneyFigures(artifact: Artifact): string[] {
  const ir = artifact.ir;
  const out: string[] = [];
  const bound = (v: string | null) => { if (v !== null) out.push(v); };
  for (const b of ir.bands) for (const r of b.rows) { bound(r.lo); bound(r.hi); }
  for (const c of ir.classifications) for (const r of c.rows) { bound(r.range.lo); bound(r.range.hi); }
  for (const p of ir.params) {
    if (p.type !== "Money" && p.type !== "Limit") continue;
    for (const v of p.values?.map((d) => d.value) ?? [p.value]) if (typeof v === "string") out.push(v);
  }
  for (const t of ir.tables) {
    if (t.valueType !== "Money" && t.valueType !== "Limit") continue;
    for (const r of t.rows) if (typeof r.value === "string") out.push(r.value);
  }
  const exprs: Expr[] = [
    ...ir.defines.map((d) => d.expr), ...ir.outputs.map((o) => o.expr), ...ir.alerts.map((a) => a.when),
    ...ir.pipelines.flatMap((p) => [p.on, ...p.layers.map((l) => l.expr)]),
  ];
  for (const e of exprs) collectMoney(e, out);
  return out.filter((v) => /^\d+(\.\d+)?$/.test(v));
}

/**
 * How far the horizontal axis should go: a quarter beyond the largest money figure in the
 * rules (so the last band edge or cap is inside the picture), rounded up to a nice number.
 */
export function sensibleMax(artifact: Artifact): string {
  const largest = moneyFigures(artifact).reduce((m, v) => D.max(m, v), new D(0));
  return niceCeiling(D.max(largest.times("1.25"), 10000).toFixed());
}

/** Evaluate `output` for each amount put into the `axis` input, the other inputs fixed. */
export function chartSeries(
  ruleSet: RuleSet,
  base: Record<string, Value>,
  axis: string,
  output: string,
  amounts: readonly string[],
  ledger: Ledger | undefined,
  date: string,
): ChartPoint[] {
  const points: ChartPoint[] = [];
  for (const x of amounts) {
    const r = ruleSet.evaluate({ ...base, [axis]: x }, ledger, { date });
    if (!r.ok) continue;
    const paid = r.outputs[output];
    if (typeof paid !== "string") continue;
    points.push({ x, paid, kept: new D(x).minus(paid).toFixed(2) });
  }
  return points;
}

/** The bands an output applies (through the defines it reads), with their modes: the chart
 *  says whether a jump at an edge is a whole band's cliff or a marginal band's bend. */
export function bandsOf(artifact: Artifact, output: string): { name: string; label?: string; mode: BandMode }[] {
  const ir = artifact.ir;
  const root = [...ir.outputs, ...ir.pipelines.flatMap((p) => p.layers)].find((o) => o.name === output)?.expr;
  const found = new Set<string>(), seen = new Set<string>();
  const stack = root ? [root] : [];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (e.k === "bands") found.add(e.name);
    if (e.k === "def" && !seen.has(e.name)) {
      seen.add(e.name);
      const d = ir.defines.find((x) => x.name === e.name);
      if (d) stack.push(d.expr);
    }
    stack.push(...children(e));
  }
  return ir.bands.filter((b) => found.has(b.name)).map((b) => ({ name: b.name, label: b.label, mode: b.mode }));
}
