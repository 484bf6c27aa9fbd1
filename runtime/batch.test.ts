import { describe, expect, it } from "vitest";
import { createBatch, CsvReader, formatCsvRow, loadRuleSet, parseCsvLine, recordToRow, RuleBook, splitCsv } from "./index.ts";
import { seal, xpcc } from "./tests/fixtures.ts";

describe("CSV", () => {
  it("splits quoted fields with commas, quotes and line breaks; skips blank lines and a BOM", () => {
    expect(splitCsv('\ufeffa,b\r\n"x, y","say ""hi""\nthere"\n\n1,\n')).toEqual([
      ["a", "b"], ["x, y", 'say "hi"\nthere'], ["1", ""],
    ]);
    expect(parseCsvLine('第三类,"12,000",')).toEqual(["第三类", "12,000", ""]);
  });

  it("streams: any chunking gives the same records", () => {
    const text = 'person,自付\r\n"张,三","12000"\r\n李四,"5""00"\n';
    const whole = splitCsv(text);
    for (let size = 1; size < 8; size++) {
      const r = new CsvReader();
      const out: string[][] = [];
      for (let i = 0; i < text.length; i += size) out.push(...r.push(text.slice(i, i + size)));
      out.push(...r.end());
      expect(out).toEqual(whole);
    }
  });

  it("writes rows back", () => {
    expect(formatCsvRow(["a,b", 'q"', 7, null, ["x", "y"]])).toBe('"a,b","q""",7,,x;y');
  });
});

describe("batch", () => {
  const rs = loadRuleSet(xpcc());
  const csv = [
    "id,person,date,类别,南疆,自付",
    "1,张三,2022-08-01,第四类,否,4000",
    "2,李四,2022-08-02,第三类,,12000",
    "3,张三,2022-09-01,第四类,false,5000",
    "4,王五,2022-09-02,第九类,是,abc",
    "5,张三,2023-01-10,第四类,0,7000",
  ].join("\n");

  it("carries each person's ledger, turns bad rows into error rows and totals the money", () => {
    const [header, ...records] = splitCsv(csv);
    const batch = createBatch(rs, { passthrough: ["id"] });
    const rows = records.map((r) => batch.push(recordToRow(header!, r)));
    expect(rows.map((r) => (r.ok ? r.outputs!.救助金 : r.errors!.map((e) => e.code).join("+")))).toEqual([
      "0.00", // 张三: 4000 of the 6000 deductible
      "7000.00", // 李四
      "1800.00", // 张三: (5000 − 2000) × 60 %
      "BR2012+BR2005",
      "600.00", // 张三, a new year: (7000 − 6000) × 60 %
    ]);
    expect(rows[0]).toMatchObject({ row: 1, person: "张三", date: "2022-08-01", passthrough: { id: "1" } });
    expect(batch.summary()).toEqual({
      rows: 5, ok: 4, failed: 1, persons: 2,
      totals: { 救助金: "9400.00" },
      alerts: { 因病返贫预警: 1 },
      errors: { BR2012: 1, BR2005: 1 },
    });
  });

  it("works over a RuleBook, choosing the version by each row's date", () => {
    const v1 = loadRuleSet(xpcc({ policy: { ends: "2022-12-31" } }));
    const later = xpcc({ policy: { effective: "2023-01-01" } });
    (later.ir.tables[0]!.rows[3]! as { value: string }).value = "5000";
    const book = new RuleBook([v1, loadRuleSet(seal(later))]);
    const batch = createBatch(book);
    const out = ["2022-08-01", "2023-08-01", "2021-01-01"].map((date) => batch.push({ person: "赵六", date, 类别: "第四类", 自付: "7000" }));
    expect(out.map((r) => r.ok ? r.outputs!.救助金 : r.errors![0]!.code)).toEqual(["600.00", "1200.00", "BR2025"]);
  });
});
