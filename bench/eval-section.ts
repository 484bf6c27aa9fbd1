// Sections 2 and 3: one policy settled by bylaw, by the hand-written decimal.js function and
// by the two rule engines. Every contender settles the same claims first and must agree with
// bylaw to the fen (outputs, alerts, new ledger); only then is each timed, in this process,
// as the median of several rounds.
import { ZenEngine } from "@gorules/zen-engine";
import type { RuleSet } from "../runtime/index.ts";
import { assertAgree, canon, Disagreement } from "./agree.ts";
import { bylawContender } from "./bylaw-contender.ts";
import type { Claim } from "./cases.ts";
import { settleAll, type Contender } from "./contender.ts";
import { parallelRunner } from "./parallel.ts";
import { asyncRunner, fmtRate, interleave, syncRunner, table, type Runner } from "./measure.ts";
import type { Settings } from "./settings.ts";

export interface EvalSubject {
  title: string;
  /** the policy file, for the worker threads that load it themselves */
  policy: string;
  claims: Claim[];
  hand: Contender<Claim, unknown>;
  jre: () => Contender<Claim, unknown>;
  zen: (engine: ZenEngine) => Contender<any, unknown>;
  /** an optional bare-arithmetic baseline computing one output (see bench/xpcc-core.ts) */
  core?: CoreBaseline<any>;
}

export interface CoreBaseline<P> {
  name: string;
  /** the output it computes, checked against bylaw's on every claim bylaw settles */
  output: string;
  prepare(claim: Claim): P;
  pay(prepared: P): string;
}

const times = (ratio: number): string => `${ratio.toFixed(ratio < 10 ? 2 : 0)}×`;

/** The goal for bylaw ÷ each contender. */
const GOALS = { hand: 1, jre: 50, zen: 50 } as const;

/** Settles every claim with every contender and throws on the first disagreement. */
export async function checkAgreement(ruleSet: RuleSet, subject: EvalSubject, engine: ZenEngine): Promise<void> {
  const { claims } = subject;
  const reference = { name: "bylaw", results: await settleAll(bylawContender(ruleSet), claims) };
  for (const c of [subject.hand, subject.jre(), subject.zen(engine)]) {
    assertAgree(claims, reference, { name: c.name, results: await settleAll(c, claims) });
  }
  const core = subject.core;
  if (core === undefined) return;
  for (const [i, claim] of claims.entries()) {
    const want = reference.results[i]!.outputs[core.output];
    if (want === undefined) continue; // a claim bylaw refuses: the bare baseline checks nothing
    const got = core.pay(core.prepare(claim));
    if (canon(got) !== canon(want)) throw new Disagreement(`${core.name}: claim ${i}: ${core.output} ${got}, bylaw ${want}`);
  }
}

/** The claims bylaw settles, for the bare baseline (it has no input checks). */
function settledClaims(ruleSet: RuleSet, claims: readonly Claim[]): Claim[] {
  return claims.filter((c) => ruleSet.evaluate(c.input, c.ledger, { date: c.date }).ok);
}

/** The contender as something to time, its claims prepared beforehand (untimed). */
function runner(c: Contender<any, unknown>, claims: readonly Claim[], batch = 1): Runner {
  const prepared = claims.map((claim) => c.prepare(claim));
  const n = prepared.length;
  if (!c.async) return syncRunner(c.name, (i) => c.call(prepared[i % n]));
  const name = batch > 1 ? `${c.name} (Promise.all × ${batch})` : `${c.name} (awaited one by one)`;
  return asyncRunner(name, async (i) => c.call(prepared[i % n]), batch);
}

/** Times every contender and prints the table. Each engine mode is judged against bylaw's
 *  matching mode: calls awaited one by one (one core) against bylaw on one thread; ZEN's
 *  batched calls, which its native thread pool spreads over the cores (the CPU column shows
 *  it), against bylaw on one worker thread per core. bylaw's one-thread ratio to ZEN batched
 *  is printed as well. */
export async function evalSection(ruleSet: RuleSet, subject: EvalSubject, s: Settings): Promise<void> {
  const engine = new ZenEngine();
  try {
    await checkAgreement(ruleSet, subject, engine);
    console.log(`${subject.claims.length} claims settled by all four: equal to the fen (outputs, alerts, ledger).`);
    const zen = subject.zen(engine);
    const core = subject.core;
    // [runner, the goal for bylaw ÷ it, or null when it is judged against bylaw on every core]
    const contenders: [Runner, number | null][] = [
      [runner(subject.hand, subject.claims), GOALS.hand],
      [runner(subject.jre(), subject.claims), GOALS.jre],
      [runner(zen, subject.claims), GOALS.zen],
      [runner(zen, subject.claims, s.zenBatch), null],
    ];
    if (core !== undefined) {
      // bylaw is timed on every claim, refusals included; the bare baseline only on the ones it can settle
      const prepared = settledClaims(ruleSet, subject.claims).map((c) => core.prepare(c));
      contenders.push([syncRunner(core.name, (i) => core.pay(prepared[i % prepared.length])), GOALS.hand]);
    }
    const allCores = await parallelRunner(subject.policy, subject.claims);
    try {
      const runners = [runner(bylawContender(ruleSet), subject.claims), ...contenders.map(([r]) => r), allCores];
      const timed = await interleave(runners, { rounds: s.rounds, roundMs: s.roundMs });
      const { rates, ratios: byRound, cores } = timed;
      const row = (j: number, ratio: string, goal: string, verdict: string) => [rates[j]!.name, fmtRate(rates[j]!.opsPerSec), cores[j]!.toFixed(1), ratio, goal, verdict];
      const rows = [["contender", "evaluations/s", "CPU cores", "bylaw ÷ this", "goal", ""], row(0, "—", "", "")];
      const parallel = runners.length - 1, zenBatched = 1 + contenders.findIndex(([, goal]) => goal === null);
      contenders.forEach(([, goal], i) => {
        const j = i + 1, ratio = byRound[j]!;
        rows.push(goal === null ? row(j, times(ratio), "on every core ↓", "") : row(j, times(ratio), `≥ ${goal}×`, ratio >= goal ? "met" : "NOT met"));
      });
      console.log(table(rows));
      const both = timed.ratio(parallel, zenBatched);
      console.log(`\nOn every core, like ZEN's batched calls:\n${table([
        ["contender", "evaluations/s", "CPU cores", "÷ ZEN batched", "goal", ""],
        row(parallel, times(both), `≥ ${GOALS.zen}×`, both >= GOALS.zen ? "met" : "NOT met"),
      ])}`);
    } finally {
      await allCores.close();
    }
  } finally {
    engine.dispose();
  }
}
