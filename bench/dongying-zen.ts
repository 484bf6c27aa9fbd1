// Dongying's critical-illness bands as a GoRules ZEN decision (JDM): an expression node
// takes the annual cumulative cost before and after this claim from the ledger, a collect
// table lists the bands this claim's slice reaches into (edges and rate), and an expression
// node sums rate × overlap and applies the annual cap against the ledger.
import { ZenEngine, type ZenDecision, type ZenEngineResponse } from "@gorules/zen-engine";
import type { Claim } from "./cases.ts";
import type { Contender } from "./contender.ts";
import type { Settled } from "./agree.ts";
import { chain, decisionTable, expressionNode } from "./jdm.ts";
import { DONGYING_BANDS } from "./dongying-hand.ts";

export const DONGYING_JDM = chain([
  expressionNode("cumulate", [
    ["thisYear", "led != null and led.year == year"],
    ["before", "$.thisYear ? number(led.cum) : 0"],
    ["paid", "$.thisYear ? number(led.paid) : 0"],
    ["after", "$.before + number(oop)"],
  ]),
  decisionTable("bands", "collect", ["after", "before"], ["lo", "hi", "rate"],
    // the top band has no upper edge: its slice ends where the claim does
    DONGYING_BANDS.map(([lo, hi, rate]) => [`> ${lo}`, hi === null ? "" : `< ${hi}`, String(lo), hi === null ? "after" : String(hi), rate]),
    "bands"),
  expressionNode("settle", [
    ["due", "sum(map(bands, #.rate * (min([after, #.hi]) - max([before, #.lo]))))"],
    ["payment", "round(min([$.due, max([400000 - paid, 0])]), 2)"],
    ["out.pay", "string($.payment)"],
    ["out.cum", "string(after)"],
    ["out.paid", "string(paid + $.payment)"],
  ]),
]);

interface ZenClaim {
  oop: unknown;
  year: number;
  led: { year: number; cum?: string; paid?: string } | null;
}

function prepare(c: Claim): ZenClaim {
  const led = c.ledger ? { year: c.ledger.year, cum: c.ledger.values["年度累计"], paid: c.ledger.values["已补偿"] } : null;
  return { oop: c.input["自付"], year: Number(c.date.slice(0, 4)), led };
}

function settled(r: ZenEngineResponse): Settled {
  const { year, out } = r.result as { year: number; out: Record<string, string> };
  return { outputs: { 大病保险: out["pay"]! }, alerts: [], ledger: { year, values: { 年度累计: out["cum"]!, 已补偿: out["paid"]! } } };
}

export function dongyingZen(engine: ZenEngine): Contender<ZenClaim, ZenEngineResponse> {
  const decision: ZenDecision = engine.createDecision(DONGYING_JDM);
  return { name: "@gorules/zen-engine", async: true, prepare, call: (c) => decision.evaluate(c), settled };
}
