// The parts of a population diff (one per worker, each over its own people) added up into the
// report `bylaw diff` prints: counts and exact totals added, categories merged, the largest
// changes picked again, and a histogram of every person's change.
import type { PolicyMeta } from "../../runtime/ir/artifact.ts";
import { D, type Dec } from "../../runtime/ir/decimal.ts";
import { formatMoney } from "../../runtime/ir/money.ts";
import { yuan, type CategoryCounts, type Counts, type DiffPart, type PersonChange } from "./population.ts";
import type { DiffPlan, Measure } from "./versions.ts";

/**
 * A bin of the histogram: the people whose change c has from < c ≤ to (gains), from ≤ c < to
 * (losses), or is exactly 0 (from = to = 0), in yuan.
 */
export interface Bin {
  from: string;
  to: string;
  people: number;
}

export interface DiffReport extends Counts {
  old: PolicyMeta;
  new: PolicyMeta;
  measure: Measure;
  rows: DiffPart["rows"];
  errors: DiffPart["errors"];
  /** each Money output summed over the compared rows under each version, and new − old */
  totals: { output: string; old: string; new: string; change: string }[];
  categories: CategoryCounts[];
  largest: { gains: PersonChange[]; losses: PersonChange[] };
  histogram: Bin[];
}

const sumMoney = (xs: string[]): Dec => xs.reduce((s, x) => s.plus(x), new D(0));
const money = (xs: string[]) => formatMoney(sumMoney(xs));

function addCounts<T extends Counts>(into: T, c: Counts): void {
  into.people += c.people;
  into.gainers += c.gainers;
  into.losers += c.losers;
  into.unchanged += c.unchanged;
  into.change = money([into.change, c.change]);
}

function addErrors(into: Record<string, number>, from: Record<string, number>): void {
  for (const [code, n] of Object.entries(from)) into[code] = (into[code] ?? 0) + n;
}

function byKey(r: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Largest first (by size of change, then by name), the first `top`. */
function pick(xs: PersonChange[], top: number): PersonChange[] {
  const size = (p: PersonChange) => new D(p.change).abs();
  return xs.sort((a, b) => size(b).comparedTo(size(a)) || (a.person < b.person ? -1 : a.person > b.person ? 1 : 0)).slice(0, top);
}

/** 1, 2 or 5 × 10^k fen: the smallest such step giving at most `bins` bins up to `max`. */
function niceStep(max: number, bins: number): number {
  for (let p = 1; ; p *= 10) for (const m of [1, 2, 5]) if (m * p * bins >= max) return m * p;
}

/** Bins of equal width (a round number of yuan) on each side of zero; zero its own bin. */
export function histogram(changes: Float64Array[], bins = 10): Bin[] {
  let max = 0, zero = 0;
  for (const cs of changes) for (const c of cs) max = Math.max(max, Math.abs(c));
  const step = niceStep(max, bins);
  const side = Math.max(1, Math.ceil(max / step));
  const up = new Array<number>(side).fill(0), down = new Array<number>(side).fill(0);
  for (const cs of changes) {
    for (const c of cs) {
      if (c === 0) zero++;
      else (c > 0 ? up : down)[Math.ceil(Math.abs(c) / step) - 1]!++;
    }
  }
  const edge = (k: number) => yuan(k * step);
  const out: Bin[] = [];
  const lo = down.findLastIndex((n) => n > 0), hi = up.findLastIndex((n) => n > 0);
  for (let k = lo; k >= 0; k--) out.push({ from: edge(-(k + 1)), to: edge(-k), people: down[k]! });
  out.push({ from: "0.00", to: "0.00", people: zero });
  for (let k = 0; k <= hi; k++) out.push({ from: edge(k), to: edge(k + 1), people: up[k]! });
  return out;
}

export function mergeParts(parts: DiffPart[], meta: { old: PolicyMeta; new: PolicyMeta }, plan: DiffPlan, top: number): DiffReport {
  const counts: Counts = { people: 0, gainers: 0, losers: 0, unchanged: 0, change: "0.00" };
  const rows = { compared: 0, onlyOld: 0, onlyNew: 0, neither: 0 };
  const errors: DiffPart["errors"] = { old: {}, new: {} };
  const categories = new Map<string, CategoryCounts>();
  for (const p of parts) {
    addCounts(counts, p.counts);
    for (const k of Object.keys(rows) as (keyof typeof rows)[]) rows[k] += p.rows[k];
    addErrors(errors.old, p.errors.old);
    addErrors(errors.new, p.errors.new);
    for (const c of p.categories) {
      const key = `${c.field}\0${c.value}`;
      const into = categories.get(key);
      if (into === undefined) categories.set(key, { ...c });
      else addCounts(into, c);
    }
  }
  const totals = plan.outputs.map((output) => {
    const old = sumMoney(parts.map((p) => p.totals[output]!.old)), next = sumMoney(parts.map((p) => p.totals[output]!.new));
    return { output, old: formatMoney(old), new: formatMoney(next), change: formatMoney(next.minus(old)) };
  });
  const fieldOrder = plan.categories.map((c) => c.field);
  return {
    old: meta.old,
    new: meta.new,
    measure: plan.measure,
    ...counts,
    rows,
    // by code, so the report is the same however the people were split among workers
    errors: { old: byKey(errors.old), new: byKey(errors.new) },
    totals,
    categories: [...categories.values()].sort((a, b) => fieldOrder.indexOf(a.field) - fieldOrder.indexOf(b.field) || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0)),
    largest: { gains: pick(parts.flatMap((p) => p.gains), top), losses: pick(parts.flatMap((p) => p.losses), top) },
    histogram: histogram(parts.map((p) => p.changes)),
  };
}
