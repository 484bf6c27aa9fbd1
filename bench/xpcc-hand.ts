// The honest baseline: the XPCC assistance rule (policies/000-xpcc/assistance.bylaw,
// 000_1b66f3c1618de509.txt §二(一), §二(四), §四(一)) written by hand with decimal.js, as a
// careful engineer would without bylaw: same input and ledger shapes, the same checks
// (bench/hand.ts), the same outputs, alerts and new ledger.
import type { Claim } from "./cases.ts";
import { bool, claimYear, D, fenText, guarded, handContender, money, priorLedger, Refused, type Dec, type HandResult } from "./hand.ts";

const EFFECTIVE = "2022-06-07";
// §二(一): identity → category (1 = 第一类 … 4 = 第四类); the lowest number wins (就高不就低).
const CATEGORY_OF: Record<string, number> = {
  特困人员: 1, 孤儿: 1, 低保对象: 2, 返贫致贫人口: 2, 低保边缘家庭成员: 3, 监测对象: 3, 因病致贫重病患者: 4,
};
const CATEGORY_NAMES = ["", "第一类", "第二类", "第三类", "第四类"];
// §二(四)1-2, by category.
const DEDUCTIBLE = [0, 0, 0, 2000, 6000].map((v) => new D(v));
const RATIO = ["0", "0.9", "0.8", "0.7", "0.6"].map((v) => new D(v));
const CAP = [0, 50000, 40000, 30000, 30000].map((v) => new D(v));
const SOUTH = new D("0.05");
// §四(一): 2000元 for 第三类; 50 % of last year's disposable income, a yearly figure
// (placeholders: 40000元 in 2022, 42000元 from 2023).
const RETURN_LINE = new D(2000);
const povertyLine = (year: number): Dec => new D("0.5").times(year >= 2023 ? 42000 : 40000);
const LEDGER = ["起付已用", "已救助", "累计自付"] as const;
const VISITS = new Set(["住院", "门诊"]);

function category(ids: unknown): number {
  if (!Array.isArray(ids) || ids.length === 0) throw new Refused("身份: required");
  let best = 5;
  const seen = new Set<unknown>();
  for (const id of ids) {
    const c = CATEGORY_OF[id as string];
    if (c === undefined || seen.has(id)) throw new Refused(`身份: unknown or repeated ${String(id)}`);
    seen.add(id);
    if (c < best) best = c;
  }
  return best;
}

export function settleXpccByHand(input: Record<string, unknown>, ledger: Claim["ledger"], date: string): HandResult {
  return guarded(() => {
    const year = claimYear(date, EFFECTIVE);
    const cat = category(input["身份"]);
    const oop = money(input["自付"], "自付");
    const southern = bool(input["南疆"], "南疆", false);
    const visit = input["就诊类型"] ?? "住院";
    if (!VISITS.has(visit as string)) throw new Refused("就诊类型: not 门诊/住院");
    const chronic = bool(input["慢特病门诊"], "慢特病门诊", true);
    const referred = bool(input["按规定转诊"], "按规定转诊", true);
    const [used, paid, cum] = priorLedger(ledger, year, LEDGER) as [Dec, Dec, Dec];

    // §二(三), §二(四)3, §六(四): outpatient costs only for 慢特病; unreferred costs excluded.
    const cost = (visit === "住院" || chronic) && referred ? oop : new D(0);
    const remaining = D.max(DEDUCTIBLE[cat]!.minus(used), 0);
    const usedNow = D.min(cost, remaining);
    const above = D.max(cost.minus(remaining), 0);
    const rate = southern && cat !== 1 ? RATIO[cat]!.plus(SOUTH) : RATIO[cat]!;
    const room = D.max(CAP[cat]!.minus(paid), 0);
    const pay = D.min(above.times(rate), room).toDecimalPlaces(2, D.ROUND_HALF_UP);
    const total = cum.plus(oop);
    const alerts: string[] = [];
    if (total.gt(RETURN_LINE) && cat === 3) alerts.push("因病返贫预警");
    if (total.gt(povertyLine(year))) alerts.push("因病致贫预警");
    return {
      outputs: { 认定类别: CATEGORY_NAMES[cat]!, 救助金: fenText(pay), 年度累计个人负担: fenText(total) },
      alerts,
      ledger: { year, values: { 起付已用: fenText(used.plus(usedNow)), 已救助: fenText(paid.plus(pay)), 累计自付: fenText(total) } },
    };
  });
}

export const xpccHand = handContender("hand-written decimal.js", settleXpccByHand);
