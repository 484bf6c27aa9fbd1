// The SQL generator on DuckDB over typed tables (the contract of sql/index.ts), against figures
// worked out by hand and against the JS batch on the same claims: half-up at .5 fen on either
// sign, negative amounts, a yearly cap reached inside a claim, bands across the year's earlier
// claims, division, a limit that changes within a year, a sub-cap, and each BS code.
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, describe, expect, it } from "vitest";
import { compile } from "../compiler/index.ts";
import { createBatch, loadRuleSet } from "../runtime/index.ts";
import type { Artifact } from "../runtime/ir/artifact.ts";
import { compileSql, DIALECTS, SQL_CODES, sqlColumnType, type DialectName } from "./index.ts";
import { readClaimsSql } from "./read-claims.ts";

const instance = await DuckDBInstance.create(":memory:");
const db = await instance.connect();
afterAll(() => {
  db.closeSync();
  instance.closeSync();
});

function artifactOf(body: string): Artifact {
  const text = `policy t.sql "SQL" {\n  region "测试"\n  effective 2024-01-01\n  source "t.txt"\n}\n${body}`;
  const r = compile("t.bylaw", text, { readFile: () => undefined });
  if (r.artifact === undefined) throw new Error(r.diagnostics.map((d) => d.code).join("\n"));
  return r.artifact;
}

interface Claim {
  person: string;
  date: string;
  input: Record<string, string | boolean | null>;
}

const lit = (v: string | boolean | null, type: string): string =>
  v === null ? "NULL" : typeof v === "boolean" ? String(v) : `CAST('${v.replace(/'/g, "''")}' AS ${type})`;

/** Results (outputs as text, as the CSV writes them) and closing ledgers from the SQL on DuckDB. */
async function viaSql(a: Artifact, claims: Claim[], ledgers: { person: string; year: number; values: Record<string, string> }[] = []) {
  const fields = a.schema.fields;
  await db.run("DROP TABLE IF EXISTS claims; DROP TABLE IF EXISTS ledgers_in");
  await db.run(`CREATE TABLE claims (person VARCHAR, date DATE, seq BIGINT${fields.map((f) => `, "${f.name}" ${sqlColumnType(f.type, "duckdb")}`).join("")})`);
  await db.run(`CREATE TABLE ledgers_in (person VARCHAR, year INTEGER${a.ledger.fields.map((f) => `, "${f.name}" DECIMAL(18, 2)`).join("")})`);
  for (const [i, c] of claims.entries()) {
    const values = fields.map((f) => lit(c.input[f.name] ?? null, sqlColumnType(f.type, "duckdb")));
    await db.run(`INSERT INTO claims VALUES ('${c.person}', DATE '${c.date}', ${i + 1}${values.map((x) => ", " + x).join("")})`);
  }
  for (const l of ledgers) {
    await db.run(`INSERT INTO ledgers_in VALUES ('${l.person}', ${l.year}${a.ledger.fields.map((f) => ", " + (l.values[f.name] ?? "NULL")).join("")})`);
  }
  const sql = compileSql(a, { dialect: "duckdb" });
  if (!sql.ok) throw new Error(JSON.stringify(sql.diagnostics));
  await db.run(sql.sql);
  const rows = (await db.runAndReadAll("SELECT * FROM bylaw_results ORDER BY seq")).getRowObjectsJson();
  const closing = (await db.runAndReadAll("SELECT * FROM bylaw_closing ORDER BY person, year")).getRowObjectsJson();
  return { rows, closing };
}

/** The JS batch's outputs of the same claims. */
function viaJs(a: Artifact, claims: Claim[]): (Record<string, unknown> | string)[] {
  const batch = createBatch(loadRuleSet(a));
  return claims.map((c) => {
    const input = Object.fromEntries(Object.entries(c.input).filter(([, v]) => v !== null).map(([k, v]) => [k, v]));
    const r = batch.push({ person: c.person, date: c.date, ...input });
    return r.ok ? r.outputs! : r.errors!.map((e) => e.code).join(",");
  });
}

async function both(a: Artifact, claims: Claim[], output: string) {
  const { rows, closing } = await viaSql(a, claims);
  const js = viaJs(a, claims).map((r) => (typeof r === "string" ? r : String(r[output])));
  const sql = rows.map((r) => (r.ok ? String(r[output]) : String(r.errors).match(/B[RS]\d{4}/g)!.join(",")));
  expect(sql).toEqual(js);
  return { sql, closing };
}

const day = (person: string, input: Claim["input"], date = "2024-03-01"): Claim => ({ person, date, input });

describe("the SQL settles as the runtime does", () => {
  it("rounds half-up at .5 fen on either sign", async () => {
    const a = artifactOf(`input "i" {\n  x: Money "x"\n  k: Number "k"\n}\noutput y: Money "y" = x * k\n`);
    const { sql } = await both(a, [
      day("a", { x: "0.01", k: "0.5" }), day("b", { x: "0.03", k: "0.5" }), day("c", { x: "0.01", k: "-0.5" }),
      day("d", { x: "0.03", k: "-0.5" }), day("e", { x: "0.05", k: "0.1" }), day("f", { x: "1234.57", k: "0.35" }),
    ], "y");
    expect(sql).toEqual(["0.01", "0.02", "-0.01", "-0.02", "0.01", "432.10"]);
  });

  it("a yearly cap reached inside a claim pays the rest of the room, and nothing after", async () => {
    const a = artifactOf(`input "i" {\n  x: Money "x"\n}\nledger per year "l" {\n  paid: Money "paid"\n}\noutput y: Money "y" = x * 50% at most 1000元 per year using paid\n`);
    const { sql, closing } = await both(a, [
      day("a", { x: "1200" }), day("b", { x: "3000" }), day("a", { x: "1200" }), day("a", { x: "100" }), day("a", { x: "100" }, "2025-01-02"),
    ], "y");
    expect(sql).toEqual(["600.00", "1000.00", "400.00", "0.00", "50.00"]);
    expect(closing.map((r) => [r.person, r.year, r.paid])).toEqual([["a", 2024, "1000.00"], ["a", 2025, "50.00"], ["b", 2024, "1000.00"]]);
  });

  it("bands pay on the year's amount: f(ytd + x) − f(ytd)", async () => {
    const a = artifactOf(`input "i" {\n  x: Money "x"\n}\nledger per year "l" {\n  ytd: Money "ytd"\n}\nbands b "b" marginal {\n  [0元, 1000元): 10%\n  [1000元, ∞): 20%\n}\noutput y: Money "y" = b on x per year using ytd\n`);
    const { sql } = await both(a, [day("a", { x: "800" }), day("a", { x: "400" }), day("a", { x: "0.03" })], "y");
    expect(sql).toEqual(["80.00", "60.00", "0.01"]);
  });

  it("divides exactly to the fen, and a division by zero is the runtime's BR3002", async () => {
    const a = artifactOf(`input "i" {\n  x: Money "x"\n  n: Int "n"\n}\noutput y: Money "y" = x / n\n`);
    const { sql } = await both(a, [day("a", { x: "10", n: "3" }), day("b", { x: "0.05", n: "2" }), day("c", { x: "1", n: "0" }), day("d", { x: "999999999.99", n: "7" })], "y");
    expect(sql).toEqual(["3.33", "0.03", "BR3002", "142857142.86"]);
  });

  it("a yearly limit read from the claim that changes within the year is folded claim by claim", async () => {
    const a = artifactOf(`enum 级 "级" {\n  甲 "甲"\n  乙 "乙"\n}\ninput "i" {\n  g: 级 "g"\n  x: Money "x"\n}\nledger per year "l" {\n  paid: Money "paid"\n}\ntable lim: 级 -> Money "lim" {\n  甲: 1000元\n  乙: 300元\n}\noutput y: Money "y" = x at most lim[g] per year using paid\n`);
    const { sql, closing } = await both(a, [day("a", { g: "甲", x: "200" }), day("a", { g: "乙", x: "200" }), day("a", { g: "甲", x: "900" }), day("a", { g: "乙", x: "5" })], "y");
    expect(sql).toEqual(["200.00", "100.00", "700.00", "0.00"]);
    expect(closing[0]!.paid).toBe("1000.00");
  });

  it("a limit read from the claim that holds all year takes the running sum; only the person-year whose limit changes folds", async () => {
    const a = artifactOf(`enum 级 "级" {\n  甲 "甲"\n  乙 "乙"\n}\ninput "i" {\n  g: 级 "g"\n  x: Money "x"\n}\nledger per year "l" {\n  paid: Money "paid"\n}\ntable lim: 级 -> Money "lim" {\n  甲: 1000元\n  乙: 300元\n}\noutput y: Money "y" = x at most lim[g] per year using paid\n`);
    const { sql, closing } = await both(a, [
      day("a", { g: "甲", x: "600" }), day("b", { g: "乙", x: "200" }), day("c", { g: "甲", x: "200" }), day("a", { g: "甲", x: "600" }),
      day("c", { g: "乙", x: "200" }), day("b", { g: "乙", x: "200" }), day("a", { g: "甲", x: "200" }), day("c", { g: "甲", x: "900" }),
    ], "y");
    // a: 1000 − 600 leaves 400, then nothing; b: 300 − 200 leaves 100; c changes 甲 → 乙 → 甲: 200, 300 − 200 = 100, 1000 − 300 = 700
    expect(sql).toEqual(["600.00", "200.00", "200.00", "400.00", "100.00", "100.00", "0.00", "700.00"]);
    expect(closing.map((r) => r.paid)).toEqual(["1000.00", "300.00", "1000.00"]);
    // the fold's window puts every claim of a steady person-year in a partition of its own; PostgreSQL's linear fold takes them all
    const duck = compileSql(a, { dialect: "duckdb" }), pg = compileSql(a, { dialect: "postgres" });
    expect(duck.ok && /list\(.*\) OVER \(PARTITION BY "person", "_year", CASE WHEN "k\d+" THEN "seq" END ORDER BY "seq" ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING\)/.test(duck.sql)).toBe(true);
    expect(pg.ok && /bylaw_fold_caps\(.*\) OVER \(PARTITION BY "person", "_year" ORDER BY "seq" ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING\)/.test(pg.sql)).toBe(true);
  });

  it("a sub-cap that applies on all or none of a person's claims of the year needs no fold; one that applies on some does", async () => {
    const a = artifactOf(`input "i" {\n  x: Money "x"\n  f: Bool "f"\n}\nledger per year "l" {\n  a: Money "a"\n  b: Money "b"\n}\noutput y: Money "y" =\n  x\n    at most 50元 per year using b when f\n    at most 100元 per year using a\n`);
    const { sql, closing } = await both(a, [
      day("p", { x: "40", f: true }), day("q", { x: "80", f: false }), day("r", { x: "40", f: true }), day("p", { x: "40", f: true }),
      day("q", { x: "40", f: false }), day("r", { x: "40", f: true }), day("p", { x: "30", f: true }), day("r", { x: "80", f: false }), day("r", { x: "5", f: true }),
    ], "y");
    // p: the sub-cap's 50 binds (40, 10, 0); q: only the shared 100 (80, 20); r mixes them: 40, 10, 50 of the shared cap's room, then none
    expect(sql).toEqual(["40.00", "80.00", "40.00", "10.00", "20.00", "10.00", "0.00", "50.00", "0.00"]);
    expect(closing.map((r) => [r.person, r.a, r.b])).toEqual([["p", "50.00", "50.00"], ["q", "100.00", "0.00"], ["r", "100.00", "50.00"]]);
  });

  it("a sub-cap inside a shared yearly cap adds only on the claims it applies to", async () => {
    const a = artifactOf(`input "i" {\n  x: Money "x"\n  f: Bool "f"\n}\nledger per year "l" {\n  a: Money "a"\n  b: Money "b"\n}\noutput y: Money "y" =\n  x\n    at most 50元 per year using b when f\n    at most 100元 per year using a\n`);
    const { sql, closing } = await both(a, [day("p", { x: "40", f: true }), day("p", { x: "40", f: true }), day("p", { x: "80", f: false }), day("p", { x: "5", f: true })], "y");
    expect(sql).toEqual(["40.00", "10.00", "50.00", "0.00"]);
    expect([closing[0]!.a, closing[0]!.b]).toEqual(["100.00", "50.00"]);
  });

  it("a layer ending in a yearly cap records what it pays, not its formula's figure", async () => {
    const a = artifactOf(`input "i" {\n  x: Money "x"\n}\nledger per year "l" {\n  got: Money "got"\n}\npipeline p "p" on x {\n  layer s "s" = 300元 at most 1000元 per year using got\n  leaves rest "rest"\n}\n`);
    const { sql, closing } = await both(a, [day("a", { x: "200" }), day("a", { x: "500" }), day("a", { x: "500" }), day("a", { x: "500" }), day("a", { x: "500" })], "s");
    // 200 of the 300 on a 200 claim, so the year's 1000 lasts: 200, 300, 300, then the 200 left, then 0
    expect(sql).toEqual(["200.00", "300.00", "300.00", "200.00", "0.00"]);
    expect(closing[0]!.got).toBe("1000.00");
  });

  it("`claim date` is the claim's date column: a window that opens on an input date", async () => {
    const a = artifactOf(`input "i" {\n  from: Date "from"\n  x: Money "x"\n}\noutput y: Money "y" = if claim date >= from - 6个月 then x * 70% else 0元\n`);
    const { sql } = await both(a, [day("a", { from: "2024-08-01", x: "1000" }, "2024-01-31"), day("b", { from: "2024-08-01", x: "1000" }, "2024-02-01"), day("c", { from: "2025-03-31", x: "10" }, "2024-09-30")], "y");
    // 2024-08-01 − 6 months = 2024-02-01: the day before pays 0, that day 700; 2025-03-31 − 6 months = 2024-09-30 (no 31st)
    expect(sql).toEqual(["0.00", "700.00", "7.00"]);
  });

  it("a deductible or cap computed below 0 is the runtime's BR3008, per claim and per year", async () => {
    // 免赔额 18000 − 1000 × 年数 and 限额 5000 − 1000 × 年数 (a floor left out of the policy)
    const a = artifactOf(`input "i" {\n  x: Money "x"\n  n: Int "n"\n}\nledger per year "l" {\n  used: Money "used"\n  paid: Money "paid"\n}\n` +
      `define d: Money "d" = 18000元 - 1000元 * n\ndefine c: Money "c" = 5000元 - 1000元 * n\n` +
      `output once: Money "once" = (x above d) * 80% at most c\noutput yearly: Money "yearly" = x above d per year using used at most c per year using paid\n`);
    const claims = [day("a", { x: "20000", n: "3" }), day("b", { x: "20000", n: "6" }), day("c", { x: "20000", n: "30" }), day("a", { x: "20000", n: "3" })];
    // a: (20000 − 15000) × 80% = 4000 capped at 2000 (again on its next claim); yearly 5000 capped
    // at 2000, then nothing left of the year's 2000; b: the cap is −1000; c: the deductible −12000
    expect((await both(a, claims, "once")).sql).toEqual(["2000.00", "BR3008", "BR3008", "2000.00"]);
    const { sql, closing } = await both(a, claims, "yearly");
    expect(sql).toEqual(["2000.00", "BR3008", "BR3008", "0.00"]);
    expect(closing.map((r) => [r.used, r.paid])).toEqual([["15000.00", "2000.00"]]);
  });

  it("a pipeline's own limit (what the layers before left) is no cap of the document's: a negative amount is BR3003", async () => {
    const a = artifactOf(`input "i" {\n  x: Money "x"\n}\nledger per year "l" {\n  paid: Money "paid"\n}\n` +
      `pipeline p "p" on x - 3000元 {\n  layer l2 "l2" = remaining * 70% at most 1000元 per year using paid\n  leaves lv "lv"\n}\n`);
    expect((await both(a, [day("a", { x: "1000" }), day("b", { x: "4000" })], "l2")).sql).toEqual(["BR3003", "700.00"]);
  });

  it("an error takes back the claim's writes: later claims settle on the ledger without it", async () => {
    const a = artifactOf(`input "i" {\n  x: Money "x"\n  n: Int "n"\n}\nledger per year "l" {\n  sum: Money "sum"\n}\ndefine s: Money "s" = cumulative x per year using sum\noutput y: Money "y" = s / n\n`);
    const { sql, closing } = await both(a, [day("a", { x: "100", n: "0" }), day("a", { x: "50", n: "1" })], "y");
    expect(sql).toEqual(["BR3002", "50.00"]);
    expect(closing[0]!.sum).toBe("50.00");
  });
});

describe("what the SQL target refuses, and why (BS codes)", () => {
  const codes = (body: string, dialect: DialectName = "duckdb") => {
    const r = compileSql(artifactOf(body), { dialect });
    return r.ok ? [] : r.diagnostics.map((d) => d.code);
  };
  const money = `input "i" {\n  x: Money "x"\n  f: Bool "f" = false\n}\nledger per year "l" {\n  a: Money "a"\n  b: Money "b"\n}\n`;

  it("every code has its case here (BS1005, BS1006, BS2004, BS2005: sql/rulebook.test.ts)", () => {
    expect(SQL_CODES).toEqual(["BS1003", "BS1004", "BS1005", "BS1006", "BS2002", "BS2003", "BS2004", "BS2006", "BS2005"]);
  });

  it("nothing for a sub-cap or a limit read from the claim: every dialect folds them in order, and only then", () => {
    const sub = `${money}output y: Money "y" =\n  x\n    at most 50元 per year using b when f\n    at most 100元 per year using a\n`;
    const read = `${money}output y: Money "y" = x at most (if f then 100元 else 200元) per year using a\n`;
    const fixed = `${money}output y: Money "y" = x at most 100元 per year using a\n`;
    const fold: Record<DialectName, string> = { duckdb: "list_reduce(", postgres: "pg_temp.bylaw_fold_caps(", spark: "aggregate(collect_list(", trino: "reduce(array_agg(" };
    for (const dialect of DIALECTS) {
      for (const body of [sub, read]) {
        const r = compileSql(artifactOf(body), { dialect });
        expect(r.ok && r.sql.includes(fold[dialect])).toBe(true);
      }
      const r = compileSql(artifactOf(fixed), { dialect });
      expect(r.ok && !r.sql.includes(fold[dialect]) && !r.sql.includes("bylaw_fold")).toBe(true);
    }
  });

  it("Trino's LEAST and GREATEST are NULL when any argument is: an unlimited or unmet limit is skipped there by hand", () => {
    const body = `${money}output y: Money "y" = x at most 100元 when f\noutput z: Money "z" = min(x, 5元)\n`;
    const trino = compileSql(artifactOf(body), { dialect: "trino" });
    expect(trino.ok && !/\b(LEAST|GREATEST)\(/.test(trino.sql) && trino.sql.includes("array_min(filter(ARRAY[")).toBe(true);
    const duck = compileSql(artifactOf(body), { dialect: "duckdb" });
    expect(duck.ok && duck.sql.includes("LEAST(")).toBe(true);
  });

  it("BS1003: an output of a set type", () => {
    expect(codes(`enum E "e" {\n  p "p"\n}\ninput "i" {\n  s: set of E "s"\n}\noutput y: set of E "y" = s\n`)).toEqual(["BS1003"]);
  });

  it("BS1004: a product finer than the SQL keeps exact", () => {
    expect(codes(`${money}output y: Money "y" = x * 0.0000000001 * 0.0000000001 * 0.0000000001\n`)).toEqual(["BS1004"]);
  });

  it("BS2002: an error found only after a ledger's running sum stops that person's year", async () => {
    const a = artifactOf(`input "i" {\n  x: Money "x"\n}\nledger per year "l" {\n  sum: Money "sum"\n}\ndefine s: Money "s" = cumulative x per year using sum\noutput y: Number "y" = x / (s - 100元)\n`);
    const { rows } = await viaSql(a, [day("a", { x: "100" }), day("a", { x: "50" })]);
    expect(rows.map((r) => String(r.errors ?? "").match(/B[RS]\d{4}/)?.[0])).toEqual(["BR3002", "BS2002"]);
    expect(viaJs(a, [day("a", { x: "100" }), day("a", { x: "50" })])).toEqual(["BR3002", { y: "-1" }]);
  });
});

describe("dividing by a quotient (m / (x / m))", () => {
  // x / m is held at 20 decimals; dividing by it needed 10^38 times the amount, past 38 digits
  const a = artifactOf(`input "i" {\n  x: Money "x"\n  m: Money "m"\n}\ndefine n: Number "n" = x / m\noutput y: Money "y" = m / n\n`);

  it("settles as the runtime does when the divisor ends in zeros: 100 / 0.85 = 117.65; 5万 / 0.5", async () => {
    const { sql } = await both(a, [day("a", { x: "85", m: "100" }), day("b", { x: "25000", m: "50000" }), day("c", { x: "1", m: "8" })], "y");
    // 50000 / 0.5 = 100000; 8 / 0.125 = 64
    expect(sql).toEqual(["117.65", "100000.00", "64.00"]);
  });

  it("a divisor of 20 significant digits is an error row (BS2006) on that claim only, not a failed run", async () => {
    const claims = [day("a", { x: "100", m: "300" }), day("b", { x: "85", m: "100" })];
    const { rows } = await viaSql(a, claims);
    expect(rows.map((r) => (r.ok ? String(r.y) : String(r.errors).match(/B[RS]\d{4}/)?.[0]))).toEqual(["BS2006", "117.65"]);
    expect(viaJs(a, claims)).toEqual([{ y: "900.00" }, { y: "117.65" }]);
  });

  it("a dividend past the digits an amount has (999999999999.99 × 1000000 / 7) is an error row too, not a failed run", async () => {
    const big = artifactOf(`input "i" {\n  x: Money "x"\n  n: Int "n"\n}\noutput y: Money "y" = x * n / 7\n`);
    const claims = [day("a", { x: "999999999999.99", n: "1000000" }), day("b", { x: "7", n: "3" })];
    const { rows } = await viaSql(big, claims);
    expect(rows.map((r) => (r.ok ? String(r.y) : String(r.errors).match(/B[RS]\d{4}/)?.[0]))).toEqual(["BS2006", "3.00"]);
    expect(viaJs(big, claims)).toEqual([{ y: "142857142857141428.57" }, { y: "3.00" }]);
  });
});

describe("the DuckDB reader", () => {
  it("BS2003: a Rate with more decimals than the SQL keeps is an error row, not cut", async () => {
    const a = artifactOf(`input "i" {\n  r: Rate "r"\n}\noutput y: Rate "y" = r\n`);
    await db.run("DROP TABLE IF EXISTS raw; CREATE TABLE raw AS SELECT * FROM (VALUES (1, 'a', '2024-02-01', '0.12345678901'), (2, 'a', '2024-02-01', '0.1234567890')) t(seq, c0, c1, c2)");
    const rows = (await db.runAndReadAll(`SELECT "r", "r!error" AS e FROM (${readClaimsSql(a, { lang: "en", raw: "raw", header: ["person", "date", "r"] })}) ORDER BY seq`)).getRowObjectsJson();
    expect(rows[0]!.r).toBe(null);
    expect(String(rows[0]!.e)).toMatch(/^r: BS2003 `r`: `0\.12345678901` has more than 10 decimals/);
    expect(rows[1]).toEqual({ r: "0.1234567890", e: null });
  });
});

describe("the DuckDB reader, on rates", () => {
  it("BR2016: a Rate above 1 (85 meant as 85 %) is an error row, as the runtime refuses it; BR2017: one written 85%", async () => {
    const a = artifactOf(`input "i" {\n  r: Rate "r"\n}\noutput y: Rate "y" = r\n`);
    const cells = ["0.85", "1", "1.000", "0", "85", "1.5", "1.00000000001", "85%"];
    await db.run(`DROP TABLE IF EXISTS raw; CREATE TABLE raw AS SELECT * FROM (VALUES ${cells.map((c, i) => `(${i + 1}, 'a', '2024-02-01', '${c}')`).join(", ")}) t(seq, c0, c1, c2)`);
    const rows = (await db.runAndReadAll(`SELECT "r!error" AS e FROM (${readClaimsSql(a, { lang: "en", raw: "raw", header: ["person", "date", "r"] })}) ORDER BY seq`)).getRowObjectsJson();
    const sql = rows.map((r) => (r.e === null ? "ok" : String(r.e).match(/B[RS]\d{4}/)![0]));
    const js = cells.map((r) => {
      const o = loadRuleSet(a).evaluate({ r }, undefined, { date: "2024-02-01" });
      return o.ok ? "ok" : o.errors[0]!.code;
    });
    expect(sql).toEqual(["ok", "ok", "ok", "ok", "BR2016", "BR2016", "BR2016", "BR2017"]);
    expect(sql).toEqual(js);
  });
});

describe("DuckDB's decimals, as the generator relies on them", () => {
  it("ROUND on DECIMAL is half away from zero; unifying scales 2 and 0 drops the fen (so every arm is cast to one scale)", async () => {
    const r = (await db.runAndReadAll(
      "SELECT ROUND(CAST(0.005 AS DECIMAL(38, 3)), 2) AS a, ROUND(CAST(-0.005 AS DECIMAL(38, 3)), 2) AS b, COALESCE(CAST(1.25 AS DECIMAL(38, 2)), CAST(0 AS DECIMAL(38, 0))) AS c",
    )).getRowObjectsJson();
    expect(r[0]).toEqual({ a: "0.01", b: "-0.01", c: "1" });
  });
});
