// Dongying's critical-illness bands in json-rules-engine: one rule per band fires when this
// claim's slice of the annual cumulative cost [before, after) reaches into the band, its event
// carrying the band's edges and rate; a rule carries the annual cap. The sum over the bands
// and the cap against the ledger run after `run` with decimal.js.
import { Engine } from "json-rules-engine";
import type { Claim } from "./cases.ts";
import type { Contender } from "./contender.ts";
import type { Settled } from "./agree.ts";
import { D, fenText, priorLedger, type Dec } from "./hand.ts";
import { DONGYING_BANDS } from "./dongying-hand.ts";

export function dongyingEngine(): Engine {
  const engine = new Engine([], { allowUndefinedFacts: false });
  engine.addOperator<string, string>("moneyAbove", (fact, value) => new D(fact).gt(value));
  engine.addOperator<string, string>("moneyBelow", (fact, value) => new D(fact).lt(value));
  for (const [lo, hi, rate] of DONGYING_BANDS) {
    const reaches = { fact: "after", operator: "moneyAbove", value: String(lo) };
    engine.addRule({
      name: `分段 [${lo}, ${hi ?? "∞"})`,
      conditions: { all: hi === null ? [reaches] : [reaches, { fact: "before", operator: "moneyBelow", value: String(hi) }] },
      event: { type: "band", params: { lo: String(lo), hi: hi === null ? null : String(hi), rate } },
    });
  }
  engine.addRule({ name: "年度限额", conditions: { all: [] }, event: { type: "cap", params: { cap: "400000" } } });
  return engine;
}

const LEDGER = ["年度累计", "已补偿"] as const;

export async function settleDongyingJre(engine: Engine, claim: Claim): Promise<Settled> {
  const year = Number(claim.date.slice(0, 4));
  const [before, paid] = priorLedger(claim.ledger, year, LEDGER) as [Dec, Dec];
  const after = before.plus(claim.input["自付"] as string);
  const { events } = await engine.run({ before: before.toString(), after: after.toString() });
  let due = new D(0);
  let cap: Dec | undefined;
  for (const e of events) {
    const p = e.params as Record<string, string | null>;
    if (e.type === "cap") cap = new D(p["cap"]!);
    else {
      const top = p["hi"] === null ? after : D.min(after, p["hi"]!);
      due = due.plus(top.minus(D.max(before, p["lo"]!)).times(p["rate"]!));
    }
  }
  if (cap === undefined) throw new Error("json-rules-engine: no cap");
  const pay = D.min(due, D.max(cap.minus(paid), 0)).toDecimalPlaces(2, D.ROUND_HALF_UP);
  return {
    outputs: { 大病保险: fenText(pay) },
    alerts: [],
    ledger: { year, values: { 年度累计: fenText(after), 已补偿: fenText(paid.plus(pay)) } },
  };
}

export function dongyingJre(): Contender<Claim, Settled> {
  const engine = dongyingEngine();
  return { name: "json-rules-engine", async: true, prepare: (c) => c, call: (c) => settleDongyingJre(engine, c), settled: (r) => r };
}
