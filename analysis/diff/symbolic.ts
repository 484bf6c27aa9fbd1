// What a new version changes, without claims: both versions analysed (analysis/analyze.ts) over
// the same amount, and for every Money result both have, each combination of the other inputs
// compared piece by piece. A region is an open range of the amount where the two formulas
// differ, with both formulas and their difference (new − old); a point is a whole-fen amount
// at a breakpoint where the figures differ though the formulas either side agree (a bound
// moved from inclusive to exclusive, say), settled by the runtime.
import type { Artifact, Value } from "../../runtime/ir/artifact.ts";
import { loadRuleSet, type RuleSet } from "../../runtime/index.ts";
import { D, type Dec } from "../../runtime/ir/decimal.ts";
import { formatDecimal, formatMoney } from "../../runtime/ir/money.ts";
import { analyze, representatives, type AnalyzedFunction, type Piece } from "../index.ts";

/** value = slope × amount + intercept (exact decimals, before fen rounding). */
export interface Formula {
  slope: string;
  intercept: string;
}

export interface Region {
  /** the open range of the amount: from < amount < to (to null: without end) */
  from: string;
  to: string | null;
  old: Formula;
  new: Formula;
  /** new − old */
  change: Formula;
}

export interface PointChange {
  /** the amount, a whole fen */
  at: string;
  old: string;
  new: string;
}

export interface FunctionDiff {
  output: string;
  /** the amount it is a function of */
  over: string;
  /** the combinations of the other inputs (those either version reads) with this difference */
  inputs: Record<string, Value>[];
  regions: Region[];
  points: PointChange[];
  /** either version's function is not piecewise linear here: the regions may miss changes */
  sampled?: boolean;
}

export interface SymbolicDiff {
  over: string | undefined;
  /** functions that differ somewhere, grouped by identical difference */
  changed: FunctionDiff[];
  /** combinations (per result) with no difference at all */
  unchanged: number;
  /** Money results only one version has */
  onlyOld: string[];
  onlyNew: string[];
  /** from a later date on which a dated param of either version takes a new value, both
   *  versions compared on that date, where that comparison differs from the one before it */
  later: DatedDiff[];
}

export interface DatedDiff {
  /** "YYYY-MM-DD" */
  from: string;
  changed: FunctionDiff[];
  unchanged: number;
}

const formula = (p: Piece): Formula => ({ slope: p.slope, intercept: p.intercept });
/** Below this, two coefficients are one: a piece found through a division (where a cap starts
 *  to bind) is exact to 40 digits, so 30000 may come back as 29999.99…9 — no change to anyone. */
const NOISE = new D("1e-20");
const same = (a: Formula, b: Formula) => new D(a.slope).minus(b.slope).abs().lt(NOISE) && new D(a.intercept).minus(b.intercept).abs().lt(NOISE);

/** The piece holding the open range (lo, hi). */
function pieceHolding(f: AnalyzedFunction, lo: Dec): Piece {
  return f.pieces.find((p) => new D(p.from).lte(lo) && (p.to === null || new D(p.to).gt(lo)))!;
}

/** Every end of a piece of either function, in order, from 0. */
function cutsOf(a: AnalyzedFunction, b: AnalyzedFunction): Dec[] {
  const xs = new Map<string, Dec>();
  for (const p of [...a.pieces, ...b.pieces]) for (const x of [p.from, p.to]) if (x !== null) xs.set(new D(x).toString(), new D(x));
  return [...xs.values()].sort((p, q) => p.cmp(q));
}

/** The open ranges where the formulas differ, adjacent ranges with the same pair joined. */
function regionsOf(a: AnalyzedFunction, b: AnalyzedFunction): { regions: Region[]; cuts: Dec[]; differs: boolean[] } {
  const cuts = cutsOf(a, b);
  const regions: Region[] = [];
  const differs: boolean[] = [];
  for (let i = 0; i < cuts.length; i++) {
    const lo = cuts[i]!, hi = i + 1 < cuts.length ? cuts[i + 1]! : null;
    const o = formula(pieceHolding(a, lo)), n = formula(pieceHolding(b, lo));
    differs.push(!same(o, n));
    if (same(o, n)) continue;
    const last = regions.at(-1);
    if (last !== undefined && last.to === formatDecimal(lo) && same(last.old, o) && same(last.new, n)) {
      last.to = hi === null ? null : formatDecimal(hi);
      continue;
    }
    const change = { slope: formatDecimal(new D(n.slope).minus(o.slope)), intercept: formatDecimal(new D(n.intercept).minus(o.intercept)) };
    regions.push({ from: formatDecimal(lo), to: hi === null ? null : formatDecimal(hi), old: o, new: n, change });
  }
  return { regions, cuts, differs };
}

/** Settles one version on `date` at an amount for a combination (the other inputs at their representatives). */
function settler(rs: RuleSet, date: string): (combo: Record<string, Value>, over: string, x: Dec, output: string) => string | undefined {
  const reps = representatives(rs.artifact, date);
  return (combo, over, x, output) => {
    const claim: Record<string, Value> = {};
    for (const [name, vs] of reps) claim[name] = Object.hasOwn(combo, name) ? combo[name]! : vs[0]!;
    claim[over] = formatMoney(x);
    const r = rs.evaluate(claim, undefined, { date });
    const v = r.ok ? r.outputs[output] : undefined;
    return typeof v === "string" ? v : undefined;
  };
}

/** Two combinations that some claim has both of: merged, or undefined. */
function merge(a: Record<string, Value>, b: Record<string, Value>): Record<string, Value> | undefined {
  for (const k of Object.keys(a)) if (Object.hasOwn(b, k) && JSON.stringify(a[k]) !== JSON.stringify(b[k])) return undefined;
  return { ...a, ...b };
}

/** The dates after `after` on which a dated param of the artifact takes a new value. */
function datedChanges(a: Artifact, after: string): string[] {
  return a.ir.params.flatMap((p) => (p.values ?? []).map((v) => v.from)).filter((d) => d > after);
}

/**
 * Compares the two versions' results over `over` (default: the old version's main amount),
 * from an empty ledger, each at its own effective date; then, on every later date a dated param
 * of either version takes a new value, both on that date (a figure that changes mid-year in one
 * version only is a change too). The versions should read the same claims (planDiff checks that).
 */
export function symbolicDiff(oldArtifact: Artifact, newArtifact: Artifact, over?: string): SymbolicDiff {
  const first = compareOn(oldArtifact, newArtifact, oldArtifact.policy.effective, newArtifact.policy.effective, over);
  const out: SymbolicDiff = { ...first, later: [] };
  const start = [oldArtifact.policy.effective, newArtifact.policy.effective].sort()[1]!;
  const dates = [...new Set([...datedChanges(oldArtifact, start), ...datedChanges(newArtifact, start)])].sort();
  let before = JSON.stringify(first.changed);
  for (const from of dates) {
    const d = compareOn(oldArtifact, newArtifact, from, from, first.over);
    const now = JSON.stringify(d.changed);
    if (now !== before) out.later.push({ from, changed: d.changed, unchanged: d.unchanged });
    before = now;
  }
  return out;
}

/** The versions compared with the old one's claims on `oldDate` and the new one's on `newDate`. */
function compareOn(oldArtifact: Artifact, newArtifact: Artifact, oldDate: string, newDate: string, over?: string): Omit<SymbolicDiff, "later"> {
  // each result over the amount it reads (特药 over 特药费用 beside 大病 over 自付), unless `over` is asked for
  const a = analyze(oldArtifact, over === undefined ? { date: oldDate } : { over, date: oldDate });
  const amount = over ?? a.main;
  const b = analyze(newArtifact, over === undefined ? { date: newDate } : { over, date: newDate });
  const settleOld = settler(loadRuleSet(oldArtifact), oldDate), settleNew = settler(loadRuleSet(newArtifact), newDate);
  const names = (fs: AnalyzedFunction[]) => [...new Set(fs.map((f) => f.output))];
  const out: Omit<SymbolicDiff, "later"> = {
    over: amount, changed: [], unchanged: 0,
    onlyOld: names(a.functions).filter((n) => !b.functions.some((f) => f.output === n)),
    onlyNew: names(b.functions).filter((n) => !a.functions.some((f) => f.output === n)),
  };
  const groups = new Map<string, FunctionDiff>();
  for (const fo of a.functions) {
    for (const fn of b.functions) {
      if (fn.output !== fo.output || fn.over !== fo.over) continue;
      const combos: Record<string, Value>[] = [];
      const seen = new Set<string>();
      for (const co of fo.inputs) {
        for (const cn of fn.inputs) {
          const m = merge(co, cn);
          const key = JSON.stringify(m);
          if (m !== undefined && !seen.has(key)) {
            seen.add(key);
            combos.push(m);
          }
        }
      }
      if (combos.length === 0) continue;
      const { regions, cuts, differs } = regionsOf(fo, fn);
      // a whole-fen cut with no difference either side: do the figures differ exactly there?
      const points: PointChange[] = [];
      cuts.forEach((x, i) => {
        if (i === 0 || differs[i - 1] || differs[i] || !x.times(100).isInteger()) return;
        const o = settleOld(combos[0]!, fo.over, x, fo.output), n = settleNew(combos[0]!, fn.over, x, fn.output);
        if (o !== undefined && n !== undefined && o !== n) points.push({ at: formatMoney(x), old: o, new: n });
      });
      if (regions.length === 0 && points.length === 0) {
        out.unchanged += combos.length;
        continue;
      }
      const sampled = fo.sampled !== undefined || fn.sampled !== undefined;
      const key = JSON.stringify([fo.output, fo.over, regions, points, sampled]);
      const g = groups.get(key);
      if (g !== undefined) g.inputs.push(...combos);
      else groups.set(key, { output: fo.output, over: fo.over, inputs: combos, regions, points, ...(sampled ? { sampled } : {}) });
    }
  }
  out.changed = [...groups.values()];
  return out;
}
