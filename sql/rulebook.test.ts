// A rule book as SQL on DuckDB over typed tables: two versions of one policy whose deductible,
// rate and cap change on 2024-07-01, claims across the switch with opening ledgers, figures
// worked out by hand and the JS batch over the same RuleBook; a claim of the first version after
// one of the second in a person's year (BS2004, BS2005 after it), a date no version covers
// (BR2025), and ledger fields one version does not know, carried through as the runtime does.
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, describe, expect, it } from "vitest";
import { compile } from "../compiler/index.ts";
import { createBatch, loadRuleSet, RuleBook } from "../runtime/index.ts";
import { ArtifactError, renderRuntimeError } from "../runtime/errors.ts";
import type { Artifact } from "../runtime/ir/artifact.ts";
import { compileRuleBookSql } from "./rulebook.ts";
import { sqlColumnType } from "./index.ts";

const instance = await DuckDBInstance.create(":memory:");
const db = await instance.connect();
afterAll(() => {
  db.closeSync();
  instance.closeSync();
});

function version(id: string, dates: string, body: string): Artifact {
  const text = `policy ${id} "分段政策" {\n  region "测试"\n  ${dates}\n  source "t.txt"\n}\n${body}`;
  const r = compile("t.bylaw", text, { readFile: () => undefined });
  if (r.artifact === undefined) throw new Error(r.diagnostics.map((d) => d.code).join("\n"));
  return r.artifact;
}

const input = `input "i" {\n  x: Money "x"\n}\n`;
/** Until 2024-06-30: 500 deductible a year, then 60 %, at most 1000 a year. */
const first = version("t.book", "effective 2024-01-01\n  ends 2024-06-30",
  `${input}ledger per year "l" {\n  ded: Money "ded"\n  paid: Money "paid"\n}\noutput y: Money "y" = x above 500元 per year using ded * 60% at most 1000元 per year using paid\n`);
/** From 2024-07-01: 800 deductible a year (what the first half used counts), 80 %, at most 1500 a year. */
const second = version("t.book", "effective 2024-07-01",
  `${input}ledger per year "l" {\n  ded: Money "ded"\n  paid: Money "paid"\n}\noutput y: Money "y" = x above 800元 per year using ded * 80% at most 1500元 per year using paid\n`);
/** From 2024-07-01, another ledger: no deductible, 80 % at most 1500 a year, and a running total the first version does not keep. */
const other = version("t.book", "effective 2024-07-01",
  `${input}ledger per year "l" {\n  paid: Money "paid"\n  total: Money "total"\n}\ndefine t: Money "t" = cumulative x per year using total\noutput y: Money "y" = x * 80% at most 1500元 per year using paid\noutput seen: Money "seen" = t\n`);

interface Claim {
  person: string;
  date: string;
  x: string;
}
/** Claims written "person date x". */
const claimsOf = (...lines: string[]): Claim[] => lines.map((l) => {
  const [person, date, x] = l.split(" ") as [string, string, string];
  return { person, date, x };
});
type Opening = { person: string; year: number; values: Record<string, string> };

async function viaSql(versions: Artifact[], claims: Claim[], opening: Opening[] = []) {
  const r = compileRuleBookSql(versions, { dialect: "duckdb" });
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  await db.run("DROP TABLE IF EXISTS claims; DROP TABLE IF EXISTS ledgers_in");
  await db.run(`CREATE TABLE claims (person VARCHAR, date DATE, seq BIGINT, x ${sqlColumnType("Money", "duckdb")})`);
  await db.run(`CREATE TABLE ledgers_in (person VARCHAR, year INTEGER${r.fields.map((f) => `, "${f}" DECIMAL(18, 2)`).join("")})`);
  for (const [i, c] of claims.entries()) await db.run(`INSERT INTO claims VALUES ('${c.person}', DATE '${c.date}', ${i + 1}, ${c.x})`);
  for (const l of opening) await db.run(`INSERT INTO ledgers_in VALUES ('${l.person}', ${l.year}${r.fields.map((f) => ", " + (l.values[f] ?? "NULL")).join("")})`);
  await db.run(r.sql);
  const rows = (await db.runAndReadAll("SELECT * FROM bylaw_results ORDER BY seq")).getRowObjectsJson();
  const closing = (await db.runAndReadAll("SELECT * FROM bylaw_closing ORDER BY person, year")).getRowObjectsJson().map((row) => ({
    person: row.person, year: row.year, values: Object.fromEntries(r.fields.filter((f) => row[f] !== null).map((f) => [f, row[f]])),
  }));
  return { rows, closing };
}

function viaJs(versions: Artifact[], claims: Claim[], opening: Opening[] = []) {
  const batch = createBatch(new RuleBook(versions.map((a) => loadRuleSet(a))));
  opening.forEach((l, i) => batch.open(l.person, { year: l.year, values: l.values }, i + 1));
  const rows = claims.map((c) => batch.push({ person: c.person, date: c.date, x: c.x }));
  const closing = batch.closing().map((l) => ({ person: l.person, year: l.ledger.year, values: { ...l.ledger.values } }));
  return { rows, closing };
}

/** A result row as one text: the outputs, or the errors' codes. */
const sqlRow = (r: Record<string, unknown>, outputs: string[]) => (r.ok ? outputs.map((o) => r[o]).join(" ") : String(r.errors).match(/B[RS]\d{4}/g)!.join(","));
const jsRow = (r: ReturnType<typeof viaJs>["rows"][number], outputs: string[]) => (r.ok ? outputs.map((o) => r.outputs![o] ?? null).join(" ") : r.errors!.map((e) => e.code).join(","));

describe("a rule book as SQL: each claim settled by the version in force on its date", () => {
  const claims: Claim[] = claimsOf("a 2024-03-01 700", "b 2024-07-10 1000", "a 2024-06-20 1500", "a 2024-07-05 1000", "c 2023-12-31 100", "a 2024-08-01 100");
  const opening: Opening[] = [{ person: "b", year: 2024, values: { ded: "200.00", paid: "0.00" } }, { person: "e", year: 2023, values: { ded: "500.00", paid: "42.00" } }];

  it("carries the ledgers across the switch, as worked out by hand and as the JS batch does", async () => {
    const sql = await viaSql([second, first], claims, opening);
    // a: 700 − 500 deductible = 200 × 60 % = 120; then 1500 × 60 % = 900, capped at 1000 − 120 = 880;
    // from July: 800 − 500 = 300 deductible left, 700 × 80 % = 560, capped at 1500 − 1000 = 500; then nothing.
    // b (opening: 200 of the deductible used): 1000 − 600 = 400 × 80 % = 320. c: no version before 2024.
    expect(sql.rows.map((r) => sqlRow(r, ["y"]))).toEqual(["120.00", "320.00", "880.00", "500.00", "BR2025", "0.00"]);
    expect(sql.closing).toEqual([
      { person: "a", year: 2024, values: { ded: "800.00", paid: "1500.00" } },
      { person: "b", year: 2024, values: { ded: "800.00", paid: "320.00" } },
      { person: "e", year: 2023, values: { ded: "500.00", paid: "42.00" } },
    ]);
    const js = viaJs([first, second], claims, opening);
    expect(sql.rows.map((r) => sqlRow(r, ["y"]))).toEqual(js.rows.map((r) => jsRow(r, ["y"])));
    expect(sql.closing).toEqual(js.closing);
    expect(String(sql.rows[4]!.errors)).toBe("date: BR2025 no rule set is in force on 2023-12-31");
    const e = js.rows[4]!.errors![0]!;
    expect(String(sql.rows[4]!.errors)).toBe(`${e.field}: ${e.code} ${renderRuntimeError(e, "en")}`);
  });

  it("a claim of the earlier version after one of the later in a person's year is BS2004, the rest of that year BS2005", async () => {
    const late: Claim[] = claimsOf("d 2024-07-02 1000", "a 2024-03-01 700", "d 2024-05-01 1000", "d 2024-07-03 100", "d 2025-02-01 1000");
    const sql = await viaSql([first, second], late);
    // d: 1000 − 800 = 200 × 80 % = 160; its May claim (the first version) comes after it; 2025 is another year
    expect(sql.rows.map((r) => sqlRow(r, ["y"]))).toEqual(["160.00", "120.00", "BS2004", "BS2005", "160.00"]);
    expect(String(sql.rows[2]!.errors)).toBe("date: BS2004 claims of one person's year must come in date order across versions: this claim falls under the version from 2024-01-01 after a claim under the version from 2024-07-01 (settle it with the JS engine)");
    expect(sql.closing.filter((l) => l.person === "d")).toEqual([
      { person: "d", year: 2024, values: { ded: "800.00", paid: "160.00" } },
      { person: "d", year: 2025, values: { ded: "800.00", paid: "160.00" } },
    ]);
    // the JS batch settles the May claim on July's ledger: the SQL says it cannot, rather than differ
    expect(viaJs([first, second], late).rows.map((r) => jsRow(r, ["y"]))).toEqual(["160.00", "120.00", "600.00", "80.00", "160.00"]);
  });

  it("a ledger field one version does not know is carried through, as the runtime carries it", async () => {
    const mixed: Claim[] = claimsOf("a 2024-03-01 700", "a 2024-07-05 1000", "f 2024-08-01 50");
    const start: Opening[] = [{ person: "f", year: 2024, values: { ded: "300.00" } }, { person: "g", year: 2024, values: { ded: "10.00" } }];
    const sql = await viaSql([first, other], mixed, start);
    // a: 120 as above; from July 1000 × 80 % = 800 (120 paid before). f: 40, its deductible carried.
    expect(sql.rows.map((r) => sqlRow(r, ["y", "seen"]))).toEqual(["120.00 ", "800.00 1000.00", "40.00 50.00"]);
    expect(sql.closing).toEqual([
      { person: "a", year: 2024, values: { ded: "500.00", paid: "920.00", total: "1000.00" } },
      { person: "f", year: 2024, values: { ded: "300.00", paid: "40.00", total: "50.00" } },
      { person: "g", year: 2024, values: { ded: "10.00" } },
    ]);
    const js = viaJs([first, other], mixed, start);
    expect(sql.rows.map((r) => sqlRow(r, ["y", "seen"]))).toEqual(js.rows.map((r) => jsRow(r, ["y", "seen"]).replace("null", "")));
    expect(sql.closing).toEqual(js.closing);
  });

  it("refuses versions in force on one day (BR1026), and versions of two policies (BS1005)", () => {
    const overlapping = version("t.book", "effective 2024-06-01", input + `output y: Money "y" = x\n`);
    expect(() => compileRuleBookSql([first, overlapping], { dialect: "duckdb" })).toThrow(ArtifactError);
    const stranger = version("t.other", "effective 2024-07-01", input + `output y: Money "y" = x\n`);
    const r = compileRuleBookSql([first, stranger], { dialect: "duckdb" });
    expect(r.ok ? [] : r.diagnostics.map((d) => d.code)).toEqual(["BS1005"]);
  });

  it("refuses an input two versions type differently when one claims table holds both (BS1006)", () => {
    const typed = version("t.book", "effective 2024-07-01", `input "i" {\n  x: Int "x"\n}\noutput y: Money "y" = x * 1元\n`);
    const r = compileRuleBookSql([first, typed], { dialect: "duckdb" });
    expect(r.ok ? [] : r.diagnostics.map((d) => d.code)).toEqual(["BS1006"]);
    expect(compileRuleBookSql([first, typed], { dialect: "duckdb", claims: ["c1", "c2"] }).ok).toBe(true);
  });
});
