// Claims read for an SQL engine (sql-claims.ts): each good row becomes the claims table's cells
// (seq, person, date, each input as its column holds it); a row the JS batch refuses is the JS
// batch's own error row; a value the table cannot hold exactly is refused, never cut.
import { describe, expect, it } from "vitest";
import { compile } from "../compiler/index.ts";
import { createBatch, loadRuleSet, type ResultRow } from "../runtime/index.ts";
import { csvSource } from "./batch-sources.ts";
import { claimColumns, readClaims, type ClaimItem } from "./sql-claims.ts";
import { RATE_POLICY } from "../tests/support/rate-policy.ts";
import { seedById } from "../tests/support/seeds.ts";

const xpcc = seedById("xpcc.assistance").ruleSet;

function read(ruleSet = xpcc, csv: string): ClaimItem[] {
  const r = readClaims(ruleSet, "csv", "en");
  // in two pieces: a record cut between chunks is read whole
  const half = Math.floor(csv.length / 2);
  return [...r.push(csv.slice(0, half)), ...r.end(csv.slice(half))];
}

describe("claims read for an SQL engine", () => {
  it("writes each input as its column holds it: sets as bitmasks, booleans, defaults filled in, money to the fen", () => {
    expect(claimColumns(xpcc.artifact, "postgres").map(([n]) => n)).toEqual(["seq", "person", "date", "身份", "南疆", "就诊类型", "慢特病门诊", "按规定转诊", "自付"]);
    const rows = read(xpcc, "person,date,身份,南疆,就诊类型,自付\n甲,2023-03-01,低保对象|孤儿,是,门诊,1200.5\n乙,2023-03-02,特困人员,,,0\n");
    // 身份's members in order: 特困人员 1, 孤儿 2, 低保对象 4, …; 南疆 defaults false, 就诊类型 住院, the two flags true
    expect(rows).toEqual([
      ["1", "甲", "2023-03-01", "6", "true", "门诊", "true", "true", "1200.5"],
      ["2", "乙", "2023-03-02", "1", "false", "住院", "true", "true", "0"],
    ]);
  });

  it("a row the JS batch refuses is the JS batch's own error row, numbered in its place", () => {
    const csv = "person,date,身份,自付\n甲,2023-03-01,低保对象,abc\n,2023-03-01,低保对象,1\n丙,2023-03-03,低保对象,5\n";
    const rows = read(xpcc, csv);
    expect(rows[2]).toEqual(["3", "丙", "2023-03-03", "4", "false", "住院", "true", "true", "5"]);
    const js = createBatch(xpcc);
    const expected = csvSource(js).end(csv);
    expect(rows.slice(0, 2)).toEqual(expected.slice(0, 2));
    expect((rows[0] as ResultRow).errors!.map((e) => e.code)).toEqual(["BR2005"]);
    expect((rows[1] as ResultRow).errors!.map((e) => e.code)).toEqual(["BR2104"]);
  });

  it("refuses a rate with more decimals than the table keeps (BS2003, in the DuckDB engine's words) rather than cut it", () => {
    const { artifact, diagnostics } = compile("t.bylaw", RATE_POLICY, { readFile: () => undefined });
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const rows = read(loadRuleSet(artifact), "person,date,比例,自付\n甲,2023-01-01,0.1234567891,100\n乙,2023-01-01,0.12345678912,100\n");
    expect(rows[0]).toEqual(["1", "甲", "2023-01-01", "0.1234567891", "100"]);
    expect(rows[1]).toEqual({
      row: 2, person: "乙", date: "2023-01-01", code: "BS2003",
      text: "比例: BS2003 `比例`: `0.12345678912` has more than 10 decimals, all the SQL engine keeps of a Rate (settle it with the JS engine)",
    });
  });
});
