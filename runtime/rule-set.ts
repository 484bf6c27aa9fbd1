// Loading a rule set: validate the envelope and shape (validate-artifact.ts), resolve names and
// types (check-ir.ts), then assemble its evaluators (settle.ts). Any failure is an
// ArtifactError naming what is wrong and where.
import type { Artifact, PolicyMeta } from "./ir/artifact.ts";
import { validateArtifact } from "./load/validate-artifact.ts";
import { checkArtifact, type Checked, type OutputInfo } from "./load/check-ir.ts";
import { assemble, fastPathOf, type EvaluatorChoice } from "./settle.ts";
import { ArtifactError } from "./errors.ts";
import type { Ledger } from "./eval/ledger.ts";
import type { ClaimEvaluator, EvalOptions, EvalResult } from "./result.ts";
import { verifyArtifact, type TrustedKey } from "./load/signature.ts";

export interface RuleSet {
  /** the artifact as loaded (a private copy: changing the caller's object later changes nothing) */
  readonly artifact: Artifact;
  readonly meta: PolicyMeta;
  /** every output (outputs, pipeline layers and shares) with its type, label and section */
  readonly outputs: ReadonlyMap<string, OutputInfo>;
  evaluate(input: unknown, ledger?: Ledger, options?: EvalOptions): EvalResult;
}

class LoadedRuleSet implements RuleSet {
  readonly artifact: Artifact;
  readonly meta: PolicyMeta;
  readonly outputs: ReadonlyMap<string, OutputInfo>;
  private readonly evaluator: ClaimEvaluator<EvalResult>;

  constructor(checked: Checked, evaluator: EvaluatorChoice) {
    this.artifact = checked.artifact;
    this.meta = checked.artifact.policy;
    this.outputs = checked.outputs;
    this.evaluator = assemble(checked, evaluator);
  }

  evaluate(input: unknown, ledger?: Ledger, options?: EvalOptions): EvalResult {
    return this.evaluator.evaluate(input, ledger, options);
  }
}

export interface LoadOptions {
  /** which evaluator settles claims (settle.ts); default "auto" */
  evaluator?: EvaluatorChoice;
}

/** A private copy of the caller's artifact: changing theirs later changes nothing. */
function copyOf(artifact: unknown): unknown {
  try {
    return structuredClone(artifact);
  } catch (e) {
    // structuredClone recurses: nesting deep enough to overflow it is far beyond MAX_DEPTH
    if (e instanceof RangeError) throw new ArtifactError("BR1025", {}, "artifact");
    throw new ArtifactError("BR1028", { detail: e instanceof Error ? e.message : String(e) });
  }
}

/** Validates and checks a private copy of an artifact (copyOf); throws ArtifactError on anything wrong. */
function load(copy: unknown): Checked {
  try {
    return checkArtifact(validateArtifact(copy));
  } catch (e) {
    if (e instanceof ArtifactError) throw e;
    // e.g. a stack overflow on absurdly nested JSON before the depth check could see it
    throw new ArtifactError("BR1028", { detail: e instanceof Error ? e.message : String(e) });
  }
}

/** Loads and checks an artifact (parsed JSON); throws ArtifactError on anything wrong. */
export function loadRuleSet(artifact: unknown, options?: LoadOptions): RuleSet {
  return new LoadedRuleSet(load(copyOf(artifact)), options?.evaluator ?? "auto");
}

/** loadRuleSet for an artifact that must be signed by one of `trusted` (verifyArtifact): the
 *  very copy verified is the one loaded. Rejects with an ArtifactError. */
export async function loadTrustedRuleSet(artifact: unknown, trusted: readonly TrustedKey[], options?: LoadOptions): Promise<RuleSet> {
  const copy = copyOf(artifact);
  const v = await verifyArtifact(copy, trusted);
  if (!v.ok) throw v.error;
  return new LoadedRuleSet(load(copy), options?.evaluator ?? "auto");
}

/** An artifact's fixed-point fast path on its own (settle.ts), to test it apart from
 *  decimal.js: it answers Declined for what it leaves to decimal.js; undefined when the
 *  rule set has none. */
export function loadFastPath(artifact: unknown): ClaimEvaluator | undefined {
  return fastPathOf(load(copyOf(artifact)));
}

export function tryLoadRuleSet(artifact: unknown): { ok: true; ruleSet: RuleSet } | { ok: false; error: ArtifactError } {
  try {
    return { ok: true, ruleSet: loadRuleSet(artifact) };
  } catch (e) {
    return { ok: false, error: e as ArtifactError };
  }
}
