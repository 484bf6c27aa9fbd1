// bylaw itself as a contender: the policy compiled from its .bylaw file, loaded once, every
// claim settled by RuleSet.evaluate (input validation, ledger, alerts included).
import { compile, message } from "../compiler/index.ts";
import { diskHost } from "../cli/files.ts";
import { loadRuleSet, type EvalResult, type RuleSet } from "../runtime/index.ts";
import type { Claim } from "./cases.ts";
import type { Settled } from "./agree.ts";
import type { Contender } from "./contender.ts";

export { diskHost };

export class PolicyError extends Error {}

/** Compiles and loads a policy, or throws PolicyError listing its first diagnostics. */
export function loadPolicy(path: string): RuleSet {
  const text = diskHost.readFile(path);
  if (text === undefined) throw new PolicyError(`${path}: cannot read the file`);
  let result;
  try {
    result = compile(path, text, diskHost);
  } catch (e) {
    // The compiler must never throw; if it does (work in progress elsewhere), say so plainly.
    throw new PolicyError(`${path}: the compiler crashed: ${e instanceof Error ? e.message : String(e)}`);
  }
  const { diagnostics, artifact } = result;
  if (!artifact) {
    const errors = diagnostics.filter((d) => d.severity === "error").slice(0, 3);
    throw new PolicyError(`${path} does not compile: ${errors.map((d) => `${d.file}: ${d.code} ${message(d, "en")}`).join("; ")}`);
  }
  return loadRuleSet(artifact);
}

function settled(r: EvalResult): Settled {
  if (!r.ok) throw new Error(`bylaw refused the claim: ${r.errors.map((e) => `${e.code} ${e.field}`).join("; ")}`);
  const outputs: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.outputs)) outputs[k] = String(v);
  return { outputs, alerts: r.alerts.map((a) => a.name), ledger: r.ledger };
}

/** A claim as evaluate takes it: the options object built beforehand, as the engines' own shapes are. */
interface BylawClaim {
  input: unknown;
  ledger: Claim["ledger"];
  options: { date: string };
}

export function bylawContender(ruleSet: RuleSet): Contender<BylawClaim, EvalResult> {
  return {
    name: "bylaw",
    async: false,
    prepare: (c) => ({ input: c.input, ledger: c.ledger, options: { date: c.date } }),
    call: (c) => ruleSet.evaluate(c.input, c.ledger, c.options),
    settled,
  };
}
