// The fixed-point path (fast-path.ts) against the decimal.js path, on every seed policy and
// random years of claims: the same result to the character (outputs, alerts, ledger, errors).
// A traced evaluation always takes the decimal.js path, so it is the reference here. Compared
// with it: the assembled rule set, the decimal.js evaluator alone untraced (what a page that
// refuses generated code runs), and the fast path alone on the claims it does not decline —
// counted, so the test fails if the fast path quietly declined everything. (Test-only: the
// seed policies are compiled by tests/support/seeds.ts.)
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generators, type Year } from "../../tests/support/inputs.ts";
import { seeds } from "../../tests/support/seeds.ts";
import type { EvalResult, Ledger, RuleSet } from "../index.ts";
import type { Artifact } from "../ir/artifact.ts";
import { loadFastPath, loadRuleSet } from "../rule-set.ts";
import { Declined, type ClaimEvaluator } from "../result.ts";

const CLAIMS_PER_POLICY = 2_000;

/** What must agree: the result without its trace. */
function bare(r: EvalResult): string {
  return JSON.stringify(r.ok ? { ok: true, outputs: r.outputs, alerts: r.alerts, ledger: r.ledger } : r);
}

/** The assembled rule set, decimal.js alone and the fast path alone. */
function subjectsOf(seed: { artifact: Artifact; ruleSet: RuleSet }): ClaimEvaluator[] {
  const fast = loadFastPath(seed.artifact);
  if (fast === undefined) throw new Error(`${seed.artifact.policy.id}: no fast path`);
  return [seed.ruleSet, loadRuleSet(seed.artifact, { evaluator: "exact" }), fast];
}

/** Runs a year through the traced reference and every subject, each carrying its own ledger (a
 *  claim the fast path declines: from the reference's); counts the claims the reference
 *  settled and, of those, the ones the fast path alone settled. */
function compareYear(rs: RuleSet, subjects: readonly ClaimEvaluator[], year: Year): { claims: number; ok: number; fast: number } {
  const ledgers: (Ledger | undefined)[] = subjects.map(() => year.ledger);
  let refLedger: Ledger | undefined = year.ledger, ok = 0, fast = 0;
  for (const claim of year.claims) {
    const ref = rs.evaluate(claim.input, refLedger, { date: claim.date, trace: true });
    for (const [j, subject] of subjects.entries()) {
      const own = subject.evaluate(claim.input, ledgers[j], { date: claim.date });
      if (own instanceof Declined) {
        if (ref.ok) ledgers[j] = ref.ledger;
        continue;
      }
      expect(bare(own), JSON.stringify({ evaluator: j + 1, claim, ledger: ledgers[j] })).toBe(bare(ref));
      if (own.ok) ledgers[j] = own.ledger;
      if (own.ok && j === 2) fast++;
    }
    if (!ref.ok) break;
    ok++;
    refLedger = ref.ledger;
  }
  return { claims: year.claims.length, ok, fast };
}

/** Share of settled claims the fast path must take on itself (it declines only the unusual). */
const MIN_FAST_SHARE = 0.9;

describe("fixed-point path ≡ decimal.js path, assembled and each alone", () => {
  for (const seed of seeds()) {
    it(`${seed.id}: ${CLAIMS_PER_POLICY} random claims alike to the character`, () => {
      const g = generators(seed.artifact);
      const subjects = subjectsOf(seed);
      let claims = 0, ok = 0, fast = 0;
      fc.assert(
        fc.property(g.yearFromLedger(4), (year) => {
          const r = compareYear(seed.ruleSet, subjects, year);
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
