// The fixed-point path (fast-path.ts) against the decimal.js path, on every seed policy and
// random years of claims: the same result to the character (outputs, alerts, ledger, errors).
// A traced evaluation always takes the decimal.js path, so it is the reference here. The test
// also counts the claims the fast path settled itself, so it fails if the fast path quietly
// declined everything. (Test-only: the seed policies are compiled by tests/support/seeds.ts.)
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generators, type Year } from "../../tests/support/inputs.ts";
import { seeds } from "../../tests/support/seeds.ts";
import type { EvalResult, Ledger, RuleSet } from "../index.ts";
import type { Artifact } from "../ir/artifact.ts";
import { loadFastPath } from "../rule-set.ts";
import { Declined, type ClaimEvaluator } from "../result.ts";

const CLAIMS_PER_POLICY = 2_000;

/** What must agree: the result without its trace. */
function bare(r: EvalResult): unknown {
  if (!r.ok) return r;
  return { ok: true, outputs: r.outputs, alerts: r.alerts, ledger: r.ledger };
}

/** The fast path on its own, to count the claims it settles without falling back. */
function fastPathOf(a: Artifact): ClaimEvaluator {
  const fast = loadFastPath(a);
  if (fast === undefined) throw new Error(`${a.policy.id}: no fast path`);
  return fast;
}

/** Runs a year on both paths, each carrying its own ledger; counts the claims both settled
 *  and, of those, the ones the fast path settled by itself. */
function compareYear(rs: RuleSet, fastPath: ClaimEvaluator, year: Year): { claims: number; ok: number; fast: number } {
  let ownLedger: Ledger | undefined = year.ledger, refLedger: Ledger | undefined = year.ledger;
  let ok = 0, fast = 0;
  for (const claim of year.claims) {
    const own = rs.evaluate(claim.input, ownLedger, { date: claim.date });
    const ref = rs.evaluate(claim.input, refLedger, { date: claim.date, trace: true });
    expect(JSON.stringify(bare(own)), JSON.stringify({ claim, ownLedger })).toBe(JSON.stringify(bare(ref)));
    if (!own.ok || !ref.ok) break;
    ok++;
    if (!(fastPath.evaluate(claim.input, ownLedger, { date: claim.date }) instanceof Declined)) fast++;
    ownLedger = own.ledger;
    refLedger = ref.ledger;
  }
  return { claims: year.claims.length, ok, fast };
}

/** Share of settled claims the fast path must take on itself (it declines only the unusual). */
const MIN_FAST_SHARE = 0.9;

describe("fixed-point path ≡ decimal.js path", () => {
  for (const seed of seeds()) {
    it(`${seed.id}: ${CLAIMS_PER_POLICY} random claims alike to the character`, () => {
      const g = generators(seed.artifact);
      const fastPath = fastPathOf(seed.artifact);
      let claims = 0, ok = 0, fast = 0;
      fc.assert(
        fc.property(g.yearFromLedger(4), (year) => {
          const r = compareYear(seed.ruleSet, fastPath, year);
          claims += r.claims;
          ok += r.ok;
          fast += r.fast;
        }),
        { numRuns: Math.ceil(CLAIMS_PER_POLICY / 2.5) },
      );
      expect(claims).toBeGreaterThan(CLAIMS_PER_POLICY * 0.9);
      // an inexact quotient (income / 3 people / 12 months) is settled on the decimal.js path
      const divides = JSON.stringify(seed.artifact.ir).includes('"op":"/"');
      if (!divides) expect(fast).toBeGreaterThanOrEqual(ok * MIN_FAST_SHARE);
    });
  }
});
