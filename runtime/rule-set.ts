// Loading a rule set: validate the envelope and shape (validate-artifact.ts), resolve names and
// types (check-ir.ts), compile to closures (compile-ir.ts via evaluate.ts). Any failure is an
// ArtifactError naming what is wrong and where.
import type { Artifact, PolicyMeta } from "./ir/artifact.ts";
import { validateArtifact } from "./load/validate-artifact.ts";
import { checkArtifact, type OutputInfo } from "./load/check-ir.ts";
import { Evaluator, type EvalOptions, type EvalResult } from "./eval/evaluate.ts";
import { ArtifactError } from "./errors.ts";
import type { Ledger } from "./eval/ledger.ts";
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
  private readonly evaluator: Evaluator;

  constructor(artifact: Artifact) {
    const checked = checkArtifact(artifact);
    this.artifact = artifact;
    this.meta = artifact.policy;
    this.outputs = checked.outputs;
    this.evaluator = new Evaluator(checked);
  }

  evaluate(input: unknown, ledger?: Ledger, options?: EvalOptions): EvalResult {
    return this.evaluator.evaluate(input, ledger, options);
  }
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

/** Loads and checks an artifact (parsed JSON); throws ArtifactError on anything wrong. */
export function loadRuleSet(artifact: unknown): RuleSet {
  const copy = copyOf(artifact);
  try {
    return new LoadedRuleSet(validateArtifact(copy));
  } catch (e) {
    if (e instanceof ArtifactError) throw e;
    // e.g. a stack overflow on absurdly nested JSON before the depth check could see it
    throw new ArtifactError("BR1028", { detail: e instanceof Error ? e.message : String(e) });
  }
}

/** loadRuleSet for an artifact that must be signed by one of `trusted` (verifyArtifact): the
 *  very copy verified is the one loaded. Rejects with an ArtifactError. */
export async function loadTrustedRuleSet(artifact: unknown, trusted: readonly TrustedKey[]): Promise<RuleSet> {
  const copy = copyOf(artifact);
  const v = await verifyArtifact(copy, trusted);
  if (!v.ok) throw v.error;
  return loadRuleSet(copy);
}

export function tryLoadRuleSet(artifact: unknown): { ok: true; ruleSet: RuleSet } | { ok: false; error: ArtifactError } {
  try {
    return { ok: true, ruleSet: loadRuleSet(artifact) };
  } catch (e) {
    return { ok: false, error: e as ArtifactError };
  }
}
