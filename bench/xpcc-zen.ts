// The XPCC assistance rule as a GoRules ZEN decision (JDM): a first-hit table finds the
// category from the identities (就高不就低: the rows are in the order of preference), a table
// maps the category to its deductible, ratio and cap, and one expression node computes the
// payment, the alerts and the new ledger in ZEN's decimal arithmetic.
import { ZenEngine, type ZenDecision, type ZenEngineResponse } from "@gorules/zen-engine";
import type { Claim } from "./cases.ts";
import type { Contender } from "./contender.ts";
import type { Settled } from "./agree.ts";
import { chain, decisionTable, expressionNode } from "./jdm.ts";

const anyOf = (...ids: string[]) => `some($, # in [${ids.map((id) => JSON.stringify(id)).join(", ")}])`;

export const XPCC_JDM = chain([
  decisionTable("category", "first", ["ids"], ["cat"], [
    [anyOf("特困人员", "孤儿"), '"第一类"'],
    [anyOf("低保对象", "返贫致贫人口"), '"第二类"'],
    [anyOf("低保边缘家庭成员", "监测对象"), '"第三类"'],
    [anyOf("因病致贫重病患者"), '"第四类"'],
  ]),
  decisionTable("parameters", "first", ["cat"], ["p.deductible", "p.ratio", "p.cap"], [
    ['"第一类"', "0", "0.9", "50000"],
    ['"第二类"', "0", "0.8", "40000"],
    ['"第三类"', "2000", "0.7", "30000"],
    ['"第四类"', "6000", "0.6", "30000"],
  ]),
  expressionNode("settle", [
    ["thisYear", "led != null and led.year == year"],
    ["used", "$.thisYear ? number(led.used) : 0"],
    ["paid", "$.thisYear ? number(led.paid) : 0"],
    ["cum", "$.thisYear ? number(led.cum) : 0"],
    ["amount", "number(oop)"],
    ["cost", '(((visit ?? "住院") == "住院" or (chronic ?? true)) and (referred ?? true)) ? $.amount : 0'],
    ["remaining", "max([p.deductible - $.used, 0])"],
    ["usedNow", "min([$.cost, $.remaining])"],
    ["above", "max([$.cost - $.remaining, 0])"],
    ["rate", '(south ?? false) and cat != "第一类" ? p.ratio + 0.05 : p.ratio'],
    ["room", "max([p.cap - $.paid, 0])"],
    ["payment", "round(min([$.above * $.rate, $.room]), 2)"],
    ["total", "$.cum + $.amount"],
    ["out.pay", "string($.payment)"],
    ["out.total", "string($.total)"],
    ["out.returnAlert", '$.total > 2000 and cat == "第三类"'],
    // 50 % of last year's disposable income, a yearly figure (placeholders: 40000, then 42000 from 2023)
    ["out.povertyAlert", "$.total > 0.5 * (year >= 2023 ? 42000 : 40000)"],
    ["out.used", "string($.used + $.usedNow)"],
    ["out.paid", "string($.paid + $.payment)"],
    ["out.cum", "string($.total)"],
  ]),
]);

interface ZenClaim {
  ids: unknown;
  south?: unknown;
  visit?: unknown;
  chronic?: unknown;
  referred?: unknown;
  oop: unknown;
  year: number;
  led: { year: number; used?: string; paid?: string; cum?: string } | null;
}

/** The claim with English field names (ZEN's expressions take ASCII identifiers only). */
function prepare(c: Claim): ZenClaim {
  const i = c.input;
  const led = c.ledger ? { year: c.ledger.year, used: c.ledger.values["起付已用"], paid: c.ledger.values["已救助"], cum: c.ledger.values["累计自付"] } : null;
  return { ids: i["身份"], south: i["南疆"], visit: i["就诊类型"], chronic: i["慢特病门诊"], referred: i["按规定转诊"], oop: i["自付"], year: Number(c.date.slice(0, 4)), led };
}

function settled(r: ZenEngineResponse): Settled {
  const { cat, year, out } = r.result as { cat: string; year: number; out: Record<string, string | boolean> };
  const alerts: string[] = [];
  if (out["returnAlert"] === true) alerts.push("因病返贫预警");
  if (out["povertyAlert"] === true) alerts.push("因病致贫预警");
  return {
    outputs: { 认定类别: cat, 救助金: String(out["pay"]), 年度累计个人负担: String(out["total"]) },
    alerts,
    ledger: { year, values: { 起付已用: String(out["used"]), 已救助: String(out["paid"]), 累计自付: String(out["cum"]) } },
  };
}

export function xpccZen(engine: ZenEngine): Contender<ZenClaim, ZenEngineResponse> {
  const decision: ZenDecision = engine.createDecision(XPCC_JDM);
  return { name: "@gorules/zen-engine", async: true, prepare, call: (c) => decision.evaluate(c), settled };
}
