// The XPCC assistance rule in json-rules-engine, written the way that engine is meant to be
// used: conditions decide (the category by identity, whether the cost is in scope, the
// southern uplift, the two alerts) and events carry the category's parameters; the arithmetic
// the engine cannot express (deductible, ratio, cap against the ledger, rounding to the fen)
// runs after `run` with decimal.js. Money compared in conditions uses a decimal operator.
import { Engine, type TopLevelCondition } from "json-rules-engine";
import type { Claim } from "./cases.ts";
import type { Contender } from "./contender.ts";
import { D, fenText, priorLedger, type Dec } from "./hand.ts";
import type { Settled } from "./agree.ts";

const has = (...ids: string[]): TopLevelCondition => ({ any: ids.map((id) => ({ fact: "身份", operator: "contains", value: id })) });

interface CategoryParams {
  rank: number;
  name: string;
  deductible: string;
  ratio: string;
  cap: string;
}

const CATEGORIES: [string[], CategoryParams][] = [
  [["特困人员", "孤儿"], { rank: 1, name: "第一类", deductible: "0", ratio: "0.9", cap: "50000" }],
  [["低保对象", "返贫致贫人口"], { rank: 2, name: "第二类", deductible: "0", ratio: "0.8", cap: "40000" }],
  [["低保边缘家庭成员", "监测对象"], { rank: 3, name: "第三类", deductible: "2000", ratio: "0.7", cap: "30000" }],
  [["因病致贫重病患者"], { rank: 4, name: "第四类", deductible: "6000", ratio: "0.6", cap: "30000" }],
];

export function xpccEngine(): Engine {
  const engine = new Engine([], { allowUndefinedFacts: false });
  engine.addOperator<string, string>("moneyAbove", (fact, value) => new D(fact).gt(value));
  CATEGORIES.forEach(([ids], i) => engine.setCondition(`第${i + 1}类身份`, has(...ids)));
  for (const [, params] of CATEGORIES) {
    engine.addRule({ name: params.name, conditions: { all: [{ condition: `第${params.rank}类身份` }] }, event: { type: "category", params: { ...params } } });
  }
  engine.addRule({
    name: "纳入救助范围",
    conditions: {
      all: [
        { any: [{ fact: "就诊类型", operator: "equal", value: "住院" }, { fact: "慢特病门诊", operator: "equal", value: true }] },
        { fact: "按规定转诊", operator: "equal", value: true },
      ],
    },
    event: { type: "inScope" },
  });
  engine.addRule({
    name: "南疆提高",
    conditions: { all: [{ fact: "南疆", operator: "equal", value: true }, { not: { condition: "第1类身份" } }] },
    event: { type: "uplift", params: { points: "0.05" } },
  });
  // 第三类 means: a 第三类 identity and none of 第一、二类 (就高不就低).
  engine.addRule({
    name: "因病返贫预警",
    conditions: {
      all: [
        { fact: "年度累计", operator: "moneyAbove", value: "2000" },
        { condition: "第3类身份" },
        { not: { any: [{ condition: "第1类身份" }, { condition: "第2类身份" }] } },
      ],
    },
    event: { type: "alert", params: { name: "因病返贫预警" } },
  });
  engine.addRule({
    name: "因病致贫预警",
    conditions: { all: [{ fact: "年度累计", operator: "moneyAbove", value: { fact: "致贫预警线" } }] },
    event: { type: "alert", params: { name: "因病致贫预警" } },
  });
  return engine;
}

const LEDGER = ["起付已用", "已救助", "累计自付"] as const;

export async function settleXpccJre(engine: Engine, claim: Claim): Promise<Settled> {
  const year = Number(claim.date.slice(0, 4));
  const [used, paid, cum] = priorLedger(claim.ledger, year, LEDGER) as [Dec, Dec, Dec];
  const input = claim.input;
  const oop = new D(input["自付"] as string);
  const total = cum.plus(oop);
  const { events } = await engine.run({
    身份: input["身份"],
    南疆: input["南疆"] ?? false,
    就诊类型: input["就诊类型"] ?? "住院",
    慢特病门诊: input["慢特病门诊"] ?? true,
    按规定转诊: input["按规定转诊"] ?? true,
    年度累计: total.toString(),
    // 50 % of last year's disposable income, a yearly figure (placeholders: 40000, then 42000 from 2023)
    致贫预警线: year >= 2023 ? "21000" : "20000",
  });
  let cat: CategoryParams | undefined;
  let inScope = false;
  let uplift: Dec | undefined;
  const alerts: string[] = [];
  for (const e of events) {
    const p = e.params as Record<string, unknown>;
    if (e.type === "category" && (cat === undefined || (p as unknown as CategoryParams).rank < cat.rank)) cat = p as unknown as CategoryParams;
    else if (e.type === "inScope") inScope = true;
    else if (e.type === "uplift") uplift = new D(p["points"] as string);
    else if (e.type === "alert") alerts.push(p["name"] as string);
  }
  if (cat === undefined) throw new Error("json-rules-engine: no category");
  const cost = inScope ? oop : new D(0);
  const remaining = D.max(new D(cat.deductible).minus(used), 0);
  const usedNow = D.min(cost, remaining);
  const above = D.max(cost.minus(remaining), 0);
  const rate = uplift ? new D(cat.ratio).plus(uplift) : new D(cat.ratio);
  const room = D.max(new D(cat.cap).minus(paid), 0);
  const pay = D.min(above.times(rate), room).toDecimalPlaces(2, D.ROUND_HALF_UP);
  return {
    outputs: { 认定类别: cat.name, 救助金: fenText(pay), 年度累计个人负担: fenText(total) },
    alerts,
    ledger: { year, values: { 起付已用: fenText(used.plus(usedNow)), 已救助: fenText(paid.plus(pay)), 累计自付: fenText(total) } },
  };
}

export function xpccJre(): Contender<Claim, Settled> {
  const engine = xpccEngine();
  return { name: "json-rules-engine", async: true, prepare: (c) => c, call: (c) => settleXpccJre(engine, c), settled: (r) => r };
}
