// The data behind the band chart: which amounts to sample, how far to go, and the payment
// and the patient's remaining share at each amount — every point evaluated by the runtime
// itself, so a cap, a band edge or a cliff shows exactly where the rules put it. Amounts
// are decimals (decimal.js), never floats; only the SVG turns them into pixels.
import type { Artifact, BandEdge, BandMode, Expr, Value } from "../../runtime/ir/artifact.ts";
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
  // an edge read per claim has no one figure: the tables and params it reads are listed below
  const bound = (v: BandEdge | null) => { if (typeof v === "string") out.push(v); };
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

/**
 * Round tick values from 0 to at least `top`: a step of 1, 2, 2.5 or 5 × 10^k giving about
 * `count` intervals, so labels read 1万, 2万, 3万 — never 6.71万.
 */
export function niceTicks(top: string, count = 5): string[] {
  const max = D.max(new D(top), "0.01");
  const step = new D(niceCeiling(max.dividedBy(count).toFixed()));
  const n = max.dividedBy(step).ceil().toNumber();
  return Array.from({ length: n + 1 }, (_, i) => step.times(i).toFixed());
}

export type MarkKind = "deductible" | "edge" | "cap";

/** A bend of the payment curve: where payment starts, changes rate, or stops (a cap). */
export interface ChartMark {
  kind: MarkKind;
  /** the amount where the bend is: a figure of the rules when one lies there */
  x: string;
  /** for a cap: the payment it holds at */
  paid?: string;
}

function slope(a: ChartPoint, b: ChartPoint): InstanceType<typeof D> {
  return new D(b.paid).minus(a.paid).dividedBy(new D(b.x).minus(a.x));
}

/**
 * The bends of `points` (evenly spaced, as chartSeries gives them): a change of slope beyond
 * what rounding to the fen explains. Each is placed on a money figure of the rules
 * (`figures`: band edges, deductibles, caps) when one lies within the sampled bend, else
 * where the lines before and after it meet, rounded to the fen.
 */
export function chartMarks(points: readonly ChartPoint[], figures: readonly string[]): ChartMark[] {
  if (points.length < 3) return [];
  const step = new D(points[1]!.x).minus(points[0]!.x);
  if (step.lte(0)) return [];
  // Two fen over one step: more than rounding each end to the fen can do.
  const tolerance = new D("0.02").dividedBy(step);
  const slopes = points.slice(1).map((p, i) => slope(points[i]!, p));
  const marks: ChartMark[] = [];
  for (let i = 1; i < slopes.length; i++) {
    if (slopes[i]!.minus(slopes[i - 1]!).abs().lte(tolerance)) continue;
    // A bend inside a segment changes two slopes in a row: one mark for both.
    let j = i;
    while (j + 1 < slopes.length && slopes[j + 1]!.minus(slopes[j]!).abs().gt(tolerance)) j++;
    const before = slopes[i - 1]!;
    const after = slopes[j]!;
    const lo = new D(points[i - 1]!.x);
    const hi = new D(points[j + 1]!.x);
    const figure = figures.map((f) => new D(f)).filter((f) => f.gt(lo) && f.lt(hi))
      .sort((a, b) => a.minus(points[i]!.x).abs().comparedTo(b.minus(points[i]!.x).abs()))[0];
    // Where paid = p0 + before·(x − x0) meets paid = p1 + after·(x − x1).
    const p0 = points[i - 1]!, p1 = points[j]!;
    const meet = before.eq(after)
      ? new D(points[i]!.x)
      : new D(p1.paid).minus(p0.paid).plus(before.times(p0.x)).minus(after.times(p1.x)).dividedBy(before.minus(after));
    const x = (figure ?? D.min(D.max(meet, lo), hi)).toDecimalPlaces(2);
    const flat = (s: InstanceType<typeof D>) => s.abs().lte(tolerance);
    const kind: MarkKind = flat(before) && new D(p0.paid).isZero() ? "deductible" : flat(after) ? "cap" : "edge";
    marks.push({ kind, x: x.toFixed(), ...(kind === "cap" ? { paid: points[j + 1]!.paid } : {}) });
    i = j;
  }
  return marks;
}

/** True when the payment no longer changes over the last tenth of the points (a cap reached). */
export function reachesPlateau(points: readonly ChartPoint[]): boolean {
  if (points.length < 10) return false;
  const tail = points.slice(-Math.ceil(points.length / 10));
  return tail.every((p) => p.paid === tail[0]!.paid) && !new D(tail[0]!.paid).isZero();
}

/**
 * The default range, widened (doubling, at most `tries` times) until the curve shows its
 * cap; unchanged when no wider range reaches one. `series(max)` evaluates the curve.
 */
export function rangeReachingCap(
  max: string,
  series: (max: string) => ChartPoint[],
  tries = 3,
): { max: string; points: ChartPoint[] } {
  const first = series(max);
  if (reachesPlateau(first) || first.length < 2) return { max, points: first };
  let wider = max;
  for (let i = 0; i < tries; i++) {
    wider = niceCeiling(new D(wider).times(2).toFixed());
    const points = series(wider);
    if (reachesPlateau(points)) return { max: wider, points };
  }
  return { max, points: first };
}
