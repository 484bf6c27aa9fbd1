// What every contender must produce for a claim, and the check that they all agree to the fen
// before anything is timed: a fast wrong answer is no answer.
import { Decimal } from "decimal.js";
import type { Claim } from "./cases.ts";

const D = Decimal.clone({ precision: 40 });
const NUMERIC = /^-?\d+(\.\d+)?$/;

/** A settled claim in one shape: outputs by name, alerts raised, the ledger after the claim. */
export interface Settled {
  outputs: Record<string, string>;
  alerts: string[];
  ledger: { year: number; values: Record<string, string> };
}

/** Amounts compared as exact decimals written to the fen ("7000" and "7000.00" are equal). */
export function canon(v: string): string {
  return NUMERIC.test(v) ? new D(v).toFixed(2) : v;
}

function canonRecord(r: Record<string, string>): string {
  return JSON.stringify(Object.keys(r).sort().map((k) => [k, canon(r[k]!)]));
}

/** The first difference between two results, or undefined when they agree. */
export function difference(a: Settled, b: Settled): string | undefined {
  if (canonRecord(a.outputs) !== canonRecord(b.outputs)) return `outputs ${JSON.stringify(a.outputs)} ≠ ${JSON.stringify(b.outputs)}`;
  if ([...a.alerts].sort().join() !== [...b.alerts].sort().join()) return `alerts [${a.alerts}] ≠ [${b.alerts}]`;
  if (a.ledger.year !== b.ledger.year || canonRecord(a.ledger.values) !== canonRecord(b.ledger.values)) {
    return `ledger ${JSON.stringify(a.ledger)} ≠ ${JSON.stringify(b.ledger)}`;
  }
  return undefined;
}

export class Disagreement extends Error {}

/** Throws on the first claim where `other` differs from `reference`, naming both and the claim. */
export function assertAgree(claims: readonly Claim[], reference: { name: string; results: Settled[] }, other: { name: string; results: Settled[] }): void {
  for (let i = 0; i < claims.length; i++) {
    const diff = difference(reference.results[i]!, other.results[i]!);
    if (diff !== undefined) {
      throw new Disagreement(`${other.name} disagrees with ${reference.name} on claim #${i} ${JSON.stringify(claims[i])}: ${diff}`);
    }
  }
}
