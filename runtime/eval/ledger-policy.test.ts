// A ledger read under the wrong policy, or of a year that is no year, is an error on both
// settling paths (it used to be read as an earlier year, or as this policy's own).
import { describe, expect, it } from "vitest";
import { loadRuleSet, renderRuntimeError, stampLedger, type EvalResult, type Ledger } from "../index.ts";
import { xpcc } from "../tests/fixtures.ts";

const rs = loadRuleSet(xpcc());
const claim = { 类别: "第三类", 自付: "12000" };

/** Settles on the fast and the traced path; both must answer alike. */
function both(ledger: unknown): EvalResult {
  const fast = rs.evaluate(claim, ledger as Ledger, { date: "2022-08-01" });
  const traced = rs.evaluate(claim, ledger as Ledger, { date: "2022-08-01", trace: true });
  if (traced.ok) delete traced.trace;
  expect(fast).toEqual(traced);
  return fast;
}

const codes = (r: EvalResult) => (r.ok ? [] : r.errors.map((e) => `${e.field} ${e.code}`));

describe("台账的年度与所属政策", () => {
  it.each([0, -1, -2022])("refuses a ledger of year %i (BR2026), on both paths", (year) => {
    expect(codes(both({ year, values: { 起付已用: "2000" } }))).toEqual(["ledger.year BR2026"]);
  });

  it("refuses a ledger stamped with another policy (BR2027)", () => {
    const other = { policy: { id: "dongying.ci.resident", effective: "2020-10-30" }, year: 2022, values: { 起付已用: "2000" } };
    const r = both(other);
    expect(codes(r)).toEqual(["ledger.policy BR2027"]);
    if (!r.ok) expect(renderRuntimeError(r.errors[0]!, "en")).toContain("dongying.ci.resident");
  });

  it("refuses a malformed stamp (BR2020)", () => {
    expect(codes(both({ policy: "xpcc", year: 2022, values: {} }))).toEqual(["ledger.policy BR2020"]);
  });

  it("reads a ledger stamped with its own policy, whatever the version: 起付线 already met, 12000 × 70% = 8400", () => {
    const own: Ledger = { policy: { id: rs.meta.id, effective: "2021-01-01" }, year: 2022, values: { 起付已用: "2000" } };
    const r = both(own);
    expect(r.ok && r.outputs).toEqual({ 救助金: "8400.00" });
  });

  it("stampLedger writes the policy's id and effective date before year and values", () => {
    const stamped = stampLedger({ year: 2022, values: { 已救助: "1.00" } }, rs.meta);
    expect(JSON.stringify(stamped)).toBe(
      JSON.stringify({ policy: { id: rs.meta.id, effective: rs.meta.effective }, year: 2022, values: { 已救助: "1.00" } }),
    );
    expect(codes(both(stamped))).toEqual([]);
  });
});
