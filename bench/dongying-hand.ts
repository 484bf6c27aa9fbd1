// The hand-written baseline for Dongying's critical-illness insurance (policies/001-dongying/
// critical-illness.bylaw, 001_9767cac6c67808e0.txt §二(二)): four marginal bands on the annual
// cumulative compliant out-of-pocket cost, an annual cap of 40万 across claims.
import type { Claim } from "./cases.ts";
import { claimYear, D, fenText, guarded, handContender, money, priorLedger, type Dec, type HandResult } from "./hand.ts";

const EFFECTIVE = "2020-10-30";
/** [from, to) in yuan, to = null for ∞, and the rate paid on the part of the cost inside. */
export const DONGYING_BANDS: readonly [number, number | null, string][] = [
  [16000, 100000, "0.6"],
  [100000, 200000, "0.65"],
  [200000, 300000, "0.7"],
  [300000, null, "0.75"],
];
const BANDS = DONGYING_BANDS.map(([lo, hi, rate]) => ({ lo: new D(lo), hi: hi === null ? null : new D(hi), rate: new D(rate) }));
const CAP = new D(400000);
const LEDGER = ["年度累计", "已补偿"] as const;

/** What the bands pay on a cumulative cost of `x`. */
function paidOn(x: Dec): Dec {
  let sum = new D(0);
  for (const b of BANDS) {
    if (x.lte(b.lo)) break;
    const top = b.hi === null ? x : D.min(x, b.hi);
    sum = sum.plus(top.minus(b.lo).times(b.rate));
  }
  return sum;
}

export function settleDongyingByHand(input: Record<string, unknown>, ledger: Claim["ledger"], date: string): HandResult {
  return guarded(() => {
    const year = claimYear(date, EFFECTIVE);
    const oop = money(input["自付"], "自付");
    const [cum, paid] = priorLedger(ledger, year, LEDGER) as [Dec, Dec];
    const total = cum.plus(oop);
    const room = D.max(CAP.minus(paid), 0);
    const pay = D.min(paidOn(total).minus(paidOn(cum)), room).toDecimalPlaces(2, D.ROUND_HALF_UP);
    return {
      outputs: { 大病保险: fenText(pay) },
      alerts: [],
      ledger: { year, values: { 年度累计: fenText(total), 已补偿: fenText(paid.plus(pay)) } },
    };
  });
}

export const dongyingHand = handContender("hand-written decimal.js", settleDongyingByHand);
