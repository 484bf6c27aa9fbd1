// Opening and closing ledgers of a batch: each person and medical year its own ledger, read
// from a ledger file's lines and given back sorted by person then year.
import { describe, expect, it } from "vitest";
import { createBatch, loadRuleSet } from "../index.ts";
import { xpcc } from "../tests/fixtures.ts";
import { ledgerLine, readLedgerLine } from "./ledger-file.ts";

const rs = loadRuleSet(xpcc());
const ID = rs.meta.id;
// 第四类: deductible 6000 a year, then 60 %
const claim = (person: string, date: string, 自付 = "7000") => ({ person, date, 类别: "第四类", 自付 });
const values = (b: ReturnType<typeof createBatch>) => b.closing().map(({ person, ledger }) => [person, ledger.year, ledger.values.已救助]);

describe("a batch's opening and closing ledgers", () => {
  it("starts a person from their opening ledger and carries one without claims through unchanged", () => {
    const batch = createBatch(rs);
    expect(batch.open("甲", { year: 2022, values: { 起付已用: "6000.00", 已救助: "600.00", 年度自付: "7000.00" } }, 1)).toBeUndefined();
    expect(batch.open("丙", { year: 2022, values: { 已救助: "5.00" } }, 2)).toBeUndefined();
    // the deductible is used up: 7000 × 60 %
    expect(batch.push(claim("甲", "2022-09-01")).outputs?.救助金).toBe("4200.00");
    expect(batch.push(claim("乙", "2022-09-01")).outputs?.救助金).toBe("600.00");
    expect(values(batch)).toEqual([["丙", 2022, "5.00"], ["乙", 2022, "600.00"], ["甲", 2022, "4800.00"]]);
    expect(batch.closing()[2]!.ledger.values.年度自付).toBe("14000.00");
    expect(batch.summary().persons).toBe(2); // people settled, not people with a ledger
  });

  it("keeps each medical year's ledger: a late claim of last year settles on last year's", () => {
    const batch = createBatch(rs);
    expect(batch.push(claim("甲", "2022-08-01")).outputs?.救助金).toBe("600.00");
    expect(batch.push(claim("甲", "2023-01-05")).outputs?.救助金).toBe("600.00"); // a new year: the deductible again
    expect(batch.push(claim("甲", "2022-12-30")).outputs?.救助金).toBe("4200.00"); // 2022's deductible is used up
    expect(batch.push(claim("甲", "2023-02-01")).outputs?.救助金).toBe("4200.00");
    expect(values(batch)).toEqual([["甲", 2022, "4800.00"], ["甲", 2023, "4800.00"]]);
    expect(batch.summary().persons).toBe(1);
  });

  it("refuses a person's second opening ledger of one year, naming its line (BR2114)", () => {
    const batch = createBatch(rs);
    expect(batch.open("甲", { year: 2023, values: {} }, 1)).toBeUndefined();
    expect(batch.open("甲", { year: 2022, values: {} }, 2)).toBeUndefined();
    expect(batch.open("甲", { year: 2022, values: {} }, 7)).toMatchObject({ code: "BR2114", args: { line: 7, person: "甲", year: 2022 } });
    expect(batch.open("甲", { year: 2023, values: {} }, 8)).toMatchObject({ code: "BR2114", args: { line: 8 } });
  });
});

describe("a ledger file's lines", () => {
  it("read back what ledgerLine writes, stamped with the policy", () => {
    const text = ledgerLine("张三", { year: 2022, values: { 已救助: "1800.00" } }, rs.meta);
    expect(JSON.parse(text)).toEqual({ person: "张三", year: 2022, values: { 已救助: "1800.00" }, policy: { id: ID, effective: rs.meta.effective } });
    // the stamp stays on: the fields are some version's, kept even where a later one dropped them
    expect(readLedgerLine(text, 1, ID)).toEqual({ person: "张三", ledger: { year: 2022, values: { 已救助: "1800.00" }, policy: { id: ID, effective: rs.meta.effective } } });
    const dropped = ledgerLine("张三", { year: 2022, values: { 已救助: "1800.00", 旧字段: "5.00" } }, rs.meta);
    expect(readLedgerLine(dropped, 1, ID, new Map([["已救助", "Money"]]))).toMatchObject({ ledger: { values: { 旧字段: "5.00" } } });
  });

  it("an unstamped line is read; amounts are kept as money is written; a blank line is nothing", () => {
    expect(readLedgerLine('{"person":"甲","year":2022,"values":{"已救助":"5","x":12.5}}', 1, ID)).toEqual({ person: "甲", ledger: { year: 2022, values: { 已救助: "5.00", x: "12.50" } } });
    expect(readLedgerLine("  ", 2, ID)).toBeUndefined();
  });

  it("refuses each bad line with its code, line and field", () => {
    const bad: [string, string, string][] = [
      ["{", "BR2110", ""],
      ["[1]", "BR2110", ""],
      ['{"person":"甲","year":2022,"values":{},"note":1}', "BR2110", ""],
      ['{"person":"\\udcff","year":2022,"values":{}}'.replace("\\udcff", "\udcff"), "BR2110", ""],
      ['{"year":2022,"values":{}}', "BR2111", "person"],
      ['{"person":"","year":2022,"values":{}}', "BR2111", "person"],
      ['{"person":"甲","year":-1,"values":{}}', "BR2112", "year"],
      ['{"person":"甲","year":"2022","values":{}}', "BR2112", "year"],
      ['{"person":"甲","year":2022.5,"values":{}}', "BR2112", "year"],
      ['{"person":"甲","year":2022}', "BR2113", "values"],
      ['{"person":"甲","year":2022,"values":{"已救助":"12,000"}}', "BR2113", "values.已救助"],
      ['{"person":"甲","year":2022,"values":{"已救助":null}}', "BR2113", "values.已救助"],
      ['{"person":"甲","year":2022,"values":{},"policy":{"id":"other"}}', "BR2115", "policy"],
      ['{"person":"甲","year":2022,"values":{},"policy":"xpcc"}', "BR2110", ""],
    ];
    for (const [text, code, field] of bad) expect(readLedgerLine(text, 9, ID), text).toMatchObject({ code, field, args: { line: 9 } });
  });
});
