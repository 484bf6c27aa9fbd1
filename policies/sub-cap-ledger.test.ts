// 002 §二(一)2: general outpatient assistance shares the annual cap (10万) with inpatient
// assistance and has its own sub-cap (2万). The sub-cap's ledger must hold what was paid to
// outpatient claims, no more: it is what a settlement clerk reads.
import { describe, expect, it } from "vitest";
import { compile } from "../compiler/index.ts";
import { loadRuleSet, renderTraceText, type Ledger } from "../runtime/index.ts";
import { diskHost } from "../cli/files.ts";

const PATH = "policies/002-yuecheng/assistance.bylaw";

describe("越城区 普通门诊 sub-cap ledger §二(一)2", () => {
  const { artifact } = compile(PATH, diskHost.readFile(PATH)!, diskHost);
  const rs = loadRuleSet(artifact);
  const base = { 类别: "特困供养人员", 认定日期: "2021-03-01", 费用日期: "2022-03-01" };

  it("records an outpatient payment clipped by the shared cap at what was paid", () => {
    // 特困供养人员 90%: 住院 100000 → 90000 (shared 90000, outpatient 0);
    // 普通门诊 20000 → 18000, sub-cap room 20000, shared room 10000 → 10000 paid.
    const first = rs.evaluate({ ...base, 就诊: "住院", 自付: "100000" }, undefined, { date: "2022-03-01" });
    expect(first.ok && first.outputs["救助金"]).toBe("90000.00");
    expect(first.ok && first.ledger.values).toMatchObject({ 已救助: "90000.00", 普通门诊已救助: "0.00" });
    const second = rs.evaluate({ ...base, 就诊: "普通门诊", 自付: "20000" }, (first as { ledger: Ledger }).ledger, { date: "2022-04-01" });
    expect(second.ok && second.outputs["救助金"]).toBe("10000.00");
    expect(second.ok && second.ledger.values).toMatchObject({ 已救助: "100000.00", 普通门诊已救助: "10000.00" });
  });

  it("explains that the sub-cap does not apply to an inpatient claim, on the traced path too", () => {
    const r = rs.evaluate({ ...base, 就诊: "住院", 自付: "30000" }, undefined, { date: "2022-03-01", trace: true });
    expect(r.ok && r.outputs["救助金"]).toBe("27000.00");
    expect(r.ok && r.ledger.values["普通门诊已救助"]).toBe("0.00");
    expect(renderTraceText(r.ok ? r.trace! : (undefined as never), "zh")).toContain("子限额");
  });
});
