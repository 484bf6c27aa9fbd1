// The fixed, seeded claims every contender of sections 2–3 settles: the same inputs, ledgers
// and dates for all. Amounts are drawn as whole fen and written as decimal strings, so no
// floating-point value ever becomes money. Edge amounts (exactly a deductible, a band edge,
// one fen, a cap already used up) are mixed in on purpose: they are where hand-written and
// engine versions usually disagree.
import { mulberry32 } from "../scripts/gen-claims.ts";

export interface Claim {
  input: Record<string, unknown>;
  /** the person's ledger before this claim; absent for a person's first claim */
  ledger?: { year: number; values: Record<string, string> };
  date: string;
}

type Rng = () => number;

/** Whole fen → "1234.05" by integer arithmetic only. */
export function fen(n: number): string {
  return `${Math.floor(n / 100)}.${String(n % 100).padStart(2, "0")}`;
}

function int(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[Math.floor(rng() * xs.length)]!;
}

/** An amount in fen: mostly from the tiers, sometimes exactly one of `edges` (yuan), ±1 fen. */
function amount(rng: Rng, tiers: readonly [number, number][], edges: readonly number[]): number {
  if (rng() < 0.15) return Math.max(0, pick(rng, edges) * 100 + pick(rng, [-1, 0, 0, 1]));
  const [lo, hi] = pick(rng, tiers);
  return int(rng, lo * 100, hi * 100);
}

const YEAR = 2023;

function dateIn(rng: Rng, year: number): string {
  return new Date(Date.UTC(year, 0, 1 + int(rng, 0, 364))).toISOString().slice(0, 10);
}

/** A ledger: none (first claim), last year's (must not carry over) or this year's. */
function ledgerOf(rng: Rng, values: () => Record<string, string>): Claim["ledger"] {
  const r = rng();
  if (r < 0.15) return undefined;
  return { year: r < 0.25 ? YEAR - 1 : YEAR, values: values() };
}

const IDENTITIES = ["特困人员", "孤儿", "低保对象", "返贫致贫人口", "低保边缘家庭成员", "监测对象", "因病致贫重病患者"];

/** Claims for policies/000-xpcc/assistance.bylaw. */
export function xpccClaims(n: number, seed: number): Claim[] {
  const rng = mulberry32(seed);
  const claims: Claim[] = [];
  const tiers: [number, number][] = [[0, 300], [300, 3000], [3000, 20000], [20000, 80000], [80000, 200000]];
  const edges = [0, 2000, 6000, 20000, 30000, 50000];
  for (let i = 0; i < n; i++) {
    const ids = [pick(rng, IDENTITIES)];
    if (rng() < 0.2) {
      const other = pick(rng, IDENTITIES);
      if (other !== ids[0]) ids.push(other);
    }
    const input: Record<string, unknown> = { 身份: ids, 自付: fen(amount(rng, tiers, edges)) };
    // Optional fields are left out about a third of the time: their defaults must apply.
    if (rng() < 0.7) input["南疆"] = rng() < 0.4;
    if (rng() < 0.7) input["就诊类型"] = rng() < 0.6 ? "门诊" : "住院";
    if (rng() < 0.7) input["慢特病门诊"] = rng() < 0.85;
    if (rng() < 0.7) input["按规定转诊"] = rng() < 0.95;
    const ledger = ledgerOf(rng, () => {
      const deductibleUsed = amount(rng, [[0, 6000]], [2000, 6000]);
      return {
        起付已用: fen(deductibleUsed),
        已救助: fen(amount(rng, [[0, 10000], [10000, 50000]], [30000, 40000, 50000])),
        累计自付: fen(deductibleUsed + amount(rng, [[0, 5000], [5000, 60000]], [0, 2000, 20000])),
      };
    });
    claims.push(ledger ? { input, ledger, date: dateIn(rng, YEAR) } : { input, date: dateIn(rng, YEAR) });
  }
  return claims;
}

/** Claims for policies/001-dongying/critical-illness.bylaw. */
export function dongyingClaims(n: number, seed: number): Claim[] {
  const rng = mulberry32(seed);
  const claims: Claim[] = [];
  const tiers: [number, number][] = [[0, 16000], [16000, 100000], [100000, 300000], [300000, 800000]];
  const edges = [0, 16000, 100000, 200000, 300000, 400000];
  for (let i = 0; i < n; i++) {
    const input = { 自付: fen(amount(rng, tiers, edges)) };
    const ledger = ledgerOf(rng, () => ({
      年度累计: fen(amount(rng, tiers, edges)),
      已补偿: fen(amount(rng, [[0, 100000], [100000, 400000]], [0, 400000])),
    }));
    claims.push(ledger ? { input, ledger, date: dateIn(rng, YEAR) } : { input, date: dateIn(rng, YEAR) });
  }
  return claims;
}
