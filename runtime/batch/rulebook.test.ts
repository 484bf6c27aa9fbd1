import { describe, expect, it } from "vitest";
import { ArtifactError, loadRuleSet, NotInForceError, RuleBook } from "../index.ts";
import { seal, xpcc } from "../tests/fixtures.ts";

// Two versions of one policy: the second raises category 3's ratio to 80 %.
const v1 = loadRuleSet(xpcc({ policy: { effective: "2022-07-25", ends: "2023-12-31" } }));
const v2art = xpcc({ policy: { effective: "2024-01-01" } });
(v2art.ir.tables[1]!.rows[2]! as { value: string }).value = "0.8";
const v2 = loadRuleSet(seal(v2art));

describe("RuleBook", () => {
  const book = new RuleBook([v2, v1]);

  it("picks the version in force on the claim's date", () => {
    expect(book.forDate("2023-12-31")).toBe(v1);
    expect(book.forDate("2024-01-01")).toBe(v2);
    expect(book.evaluate({ 类别: "第三类", 自付: "12000" }, undefined, { date: "2023-06-01" })).toMatchObject({ ok: true, outputs: { 救助金: "7000.00" } });
    expect(book.evaluate({ 类别: "第三类", 自付: "12000" }, undefined, { date: "2024-06-01" })).toMatchObject({ ok: true, outputs: { 救助金: "8000.00" } });
  });

  it("has no answer before the first version, and says so", () => {
    expect(() => book.forDate("2022-07-24")).toThrow(NotInForceError);
    try {
      book.forDate("2022-07-24");
    } catch (e) {
      expect((e as NotInForceError).code).toBe("BR2025");
    }
    expect(book.evaluate({ 类别: "第三类", 自付: "1" }, undefined, { date: "2020-01-01" })).toMatchObject({ ok: false, errors: [{ code: "BR2025" }] });
    expect(book.evaluate({ 类别: "第三类", 自付: "1" })).toMatchObject({ ok: false, errors: [{ code: "BR2023" }] });
  });

  it("refuses versions that overlap in time", () => {
    const open = loadRuleSet(xpcc({ policy: { effective: "2022-07-25" } }));
    expect(() => new RuleBook([open, v2])).toThrow(ArtifactError);
    const overlapping = loadRuleSet(xpcc({ policy: { effective: "2023-06-01" } }));
    try {
      new RuleBook([v1, overlapping]);
      expect.unreachable();
    } catch (e) {
      expect((e as ArtifactError).code).toBe("BR1026");
      expect((e as ArtifactError).message).toContain("2023-06-01");
    }
  });
});
