// The leanest hand-written baseline: the XPCC assistance payment (000 §二(四)) as bare
// decimal.js arithmetic, the way a benchmark of decimal.js alone would write it: no input
// checks, the ledger handed over already parsed (untimed), one output, no alerts, no new
// ledger. It does less work than bylaw does per claim, so bylaw ÷ this is the strictest ratio.
import type { Claim } from "./cases.ts";
import { D, ZERO, type Dec } from "./hand.ts";

const CATEGORY_OF: Record<string, number> = {
  特困人员: 1, 孤儿: 1, 低保对象: 2, 返贫致贫人口: 2, 低保边缘家庭成员: 3, 监测对象: 3, 因病致贫重病患者: 4,
};
const DEDUCTIBLE = [0, 0, 0, 2000, 6000].map((v) => new D(v));
const RATIO = ["0", "0.9", "0.8", "0.7", "0.6"].map((v) => new D(v));
const CAP = [0, 50000, 40000, 30000, 30000].map((v) => new D(v));
const SOUTH = new D("0.05");

export interface CoreClaim {
  ids: string[];
  oop: string;
  southern: boolean;
  inScope: boolean;
  used: Dec;
  paid: Dec;
}

/** The claim in the baseline's own shape; the ledger parsed here, outside the timing. */
export function prepareCore(claim: Claim): CoreClaim {
  const i = claim.input;
  const sameYear = claim.ledger !== undefined && claim.ledger.year === Number(claim.date.slice(0, 4));
  const led = (name: string) => (sameYear && claim.ledger!.values[name] !== undefined ? new D(claim.ledger!.values[name]!) : ZERO);
  const visit = i["就诊类型"] ?? "住院";
  return {
    ids: i["身份"] as string[],
    oop: String(i["自付"]),
    southern: i["南疆"] === true,
    inScope: (visit === "住院" || i["慢特病门诊"] !== false) && i["按规定转诊"] !== false,
    used: led("起付已用"),
    paid: led("已救助"),
  };
}

/** 救助金, to the fen. */
export function xpccCorePayment(c: CoreClaim): string {
  let cat = 5;
  for (const id of c.ids) {
    const k = CATEGORY_OF[id]!;
    if (k < cat) cat = k;
  }
  const cost = c.inScope ? new D(c.oop) : ZERO;
  const remaining = D.max(DEDUCTIBLE[cat]!.minus(c.used), ZERO);
  const above = D.max(cost.minus(remaining), ZERO);
  const rate = c.southern && cat !== 1 ? RATIO[cat]!.plus(SOUTH) : RATIO[cat]!;
  const room = D.max(CAP[cat]!.minus(c.paid), ZERO);
  return D.min(above.times(rate), room).toDecimalPlaces(2, D.ROUND_HALF_UP).toFixed(2);
}
