// The honest baseline: the XPCC assistance rule (policies/000-xpcc/assistance.bylaw,
// 000_1b66f3c1618de509.txt §二(一), §二(四), §四(一)) written by hand with decimal.js, as a
// careful engineer would without bylaw: same input and ledger shapes, the same checks a
// settlement system cannot skip (required fields, money well-formed and non-negative), the
// same outputs, alerts and new ledger.
import Decimal from "decimal.js";

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

const CATEGORY_OF: Record<string, number> = {
  特困人员: 1, 孤儿: 1, 低保对象: 2, 返贫致贫人口: 2, 低保边缘家庭成员: 3, 监测对象: 3, 因病致贫重病患者: 4,
};
const CATEGORY_NAMES = ["", "第一类", "第二类", "第三类", "第四类"];
const DEDUCTIBLE = [0, 0, 0, 2000, 6000].map((v) => new D(v));
const RATIO = ["0", "0.9", "0.8", "0.7", "0.6"].map((v) => new D(v));
const CAP = [0, 50000, 40000, 30000, 30000].map((v) => new D(v));
const SOUTH = new D("0.05");
const ZERO = new D(0);
const RETURN_LINE = new D(2000);
const POVERTY_LINE = new D("0.5").times(40000);
const MONEY = /^\d+(\.\d{1,2})?$/;

export interface HandLedger {
  year: number;
  values: Record<string, string>;
}

function money(v: unknown, field: string): Decimal {
  if (typeof v === "number" && Number.isInteger(v) && v >= 0) return new D(v);
  if (typeof v === "string" && MONEY.test(v)) return new D(v);
  throw new Error(`${field}: not a money amount`);
}

export function settleXpccByHand(input: Record<string, unknown>, ledger: HandLedger | undefined, year: number) {
  const ids = input["身份"];
  if (!Array.isArray(ids) || ids.length === 0) throw new Error("身份: required");
  let category = 5;
  for (const id of ids) {
    const c = CATEGORY_OF[id as string];
    if (c === undefined) throw new Error(`身份: unknown ${String(id)}`);
    if (c < category) category = c;
  }
  const oop = money(input["自付"], "自付");
  const southern = input["南疆"] === true;
  const inpatient = (input["就诊类型"] ?? "住院") === "住院";
  const chronic = input["慢特病门诊"] !== false;
  const referred = input["按规定转诊"] !== false;
  const prior = ledger && ledger.year === year ? ledger.values : {};
  const used = prior["起付已用"] ? new D(prior["起付已用"]) : ZERO;
  const paid = prior["已救助"] ? new D(prior["已救助"]) : ZERO;
  const cum = prior["累计自付"] ? new D(prior["累计自付"]) : ZERO;

  const cost = (inpatient || chronic) && referred ? oop : ZERO;
  const remaining = Decimal.max(DEDUCTIBLE[category].minus(used), ZERO);
  const usedNow = Decimal.min(cost, remaining);
  const above = Decimal.max(cost.minus(remaining), ZERO);
  const rate = southern && category !== 1 ? RATIO[category].plus(SOUTH) : RATIO[category];
  const room = Decimal.max(CAP[category].minus(paid), ZERO);
  const pay = Decimal.min(above.times(rate), room).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  const total = cum.plus(oop);
  const alerts: string[] = [];
  if (total.gt(RETURN_LINE) && category === 3) alerts.push("因病返贫预警");
  if (total.gt(POVERTY_LINE)) alerts.push("因病致贫预警");
  return {
    outputs: { 认定类别: CATEGORY_NAMES[category], 救助金: pay.toFixed(2), 年度累计个人负担: total.toFixed(2) },
    alerts,
    ledger: {
      year,
      values: { 起付已用: used.plus(usedNow).toFixed(2), 已救助: paid.plus(pay).toFixed(2), 累计自付: total.toFixed(2) },
    },
  };
}
