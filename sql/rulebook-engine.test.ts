// `bylaw batch` with several versions of one policy (a rule book): the JS engine and DuckDB give
// the same result file and closing ledgers byte for byte, for claims across a change of
// deductible, rate and cap on 2024-07-01 with opening ledgers, a date before the first version
// (BR2025), and a second version that keeps another ledger field; a person's claim of the first
// version after one of the second is BS2004 on DuckDB (the JS batch settles it; the SQL says it
// cannot); versions of two policies, or in force on one day (BR1026), are refused.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { batchCommand } from "../cli/commands/batch.ts";
import { compileCommand } from "../cli/commands/compile.ts";

const dir = mkdtempSync(join(tmpdir(), "bylaw-rulebook-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function policyFile(name: string, id: string, dates: string, body: string): string {
  const file = join(dir, `${name}.bylaw`);
  writeFileSync(file, `policy ${id} "分段政策" {\n  region "测试"\n  ${dates}\n  source "t.txt"\n}\ninput "i" {\n  x: Money "x"\n}\n${body}`);
  return file;
}

const ledger = `ledger per year "l" {\n  ded: Money "ded"\n  paid: Money "paid"\n}\n`;
const first = policyFile("h1", "t.book", "effective 2024-01-01\n  ends 2024-06-30", `${ledger}output y: Money "y" = x above 500元 per year using ded * 60% at most 1000元 per year using paid\n`);
const second = policyFile("h2", "t.book", "effective 2024-07-01", `${ledger}output y: Money "y" = x above 800元 per year using ded * 80% at most 1500元 per year using paid\n`);
const other = policyFile("h2b", "t.book", "effective 2024-07-01",
  `ledger per year "l" {\n  paid: Money "paid"\n  total: Money "total"\n}\ndefine t: Money "t" = cumulative x per year using total\noutput y: Money "y" = x * 80% at most 1500元 per year using paid\noutput seen: Money "seen" = t\n`);

const header = "person,date,x\n";
const ledgersIn = join(dir, "opening.jsonl");
writeFileSync(ledgersIn, [
  `{"person":"b","year":2024,"values":{"ded":"200.00","paid":"0.00"}}`,
  `{"person":"e","year":2023,"values":{"ded":"500.00","paid":"42.00"}}`,
  `{"person":"f","year":2024,"values":{"ded":"300.00"}}`,
].join("\n") + "\n");

async function run(name: string, versions: string[], csv: string, engine: "js" | "duckdb", bucket?: number) {
  const claims = join(dir, `${name}.csv`);
  writeFileSync(claims, header + csv);
  const out = join(dir, `${name}.${engine}.out.csv`), led = join(dir, `${name}.${engine}.closing.jsonl`);
  const code = await batchCommand(versions, claims, { lang: "en", out, progress: false, workers: 1, ledgersIn, ledgersOut: led, engine, bucket });
  return { code, out: readFileSync(out, "utf8"), ledgers: readFileSync(led, "utf8") };
}

describe("bylaw batch with a rule book: the JS engine and DuckDB", () => {
  it("settle claims across the switch the same, byte for byte, as worked out by hand", async () => {
    const csv = ["a,2024-03-01,700", "b,2024-07-10,1000", "a,2024-06-20,1500", "a,2024-07-05,1000", "c,2023-12-31,100", "a,2024-08-01,100", "f,2024-07-20,1000"].join("\n") + "\n";
    const js = await run("switch", [second, first], csv, "js");
    const duck = await run("switch", [first, second], csv, "duckdb");
    expect(duck.out).toBe(js.out);
    expect(duck.ledgers).toBe(js.ledgers);
    // a query per bucket of people (every version's claims and the closing ledgers bucket by bucket)
    const buckets = await run("switch", [first, second], csv, "duckdb", 2);
    expect([buckets.out, buckets.ledgers]).toEqual([js.out, js.ledgers]);
    expect([js.code, duck.code]).toEqual([3, 3]);
    // a: 700 − 500 = 200 × 60 % = 120; 1500 × 60 % = 900 capped at 880; July: 800 − 500 = 300 left of the
    // deductible, 700 × 80 % = 560 capped at 1500 − 1000 = 500; then nothing. b: 200 of 800 used, 400 × 80 % = 320.
    // f (opening: 300 of the deductible, no `paid`): 500 × 80 % = 400.
    expect(js.out.split("\n").slice(1, -1).map((l) => l.split(",").slice(4, 5).join() || l.split(",").slice(-1)[0])).toEqual([
      "120.00", "320.00", "880.00", "500.00", "date: BR2025 no rule set is in force on 2023-12-31", "0.00", "400.00",
    ]);
    expect(js.ledgers.split("\n").slice(0, -1).map((l) => JSON.parse(l) as object)).toEqual([
      { person: "a", year: 2024, values: { ded: "800.00", paid: "1500.00" }, policy: { id: "t.book", effective: "2024-07-01" } },
      { person: "b", year: 2024, values: { ded: "800.00", paid: "320.00" }, policy: { id: "t.book", effective: "2024-07-01" } },
      { person: "e", year: 2023, values: { ded: "500.00", paid: "42.00" }, policy: { id: "t.book", effective: "2024-07-01" } },
      { person: "f", year: 2024, values: { ded: "800.00", paid: "400.00" }, policy: { id: "t.book", effective: "2024-07-01" } },
    ]);
  });

  it("carry a ledger field the later version does not know, in the JS engine's order", async () => {
    const csv = ["a,2024-03-01,700", "a,2024-07-05,1000", "f,2024-08-01,50", "g,2024-02-01,600"].join("\n") + "\n";
    const js = await run("fields", [first, other], csv, "js");
    const duck = await run("fields", [first, other], csv, "duckdb");
    expect(duck.out).toBe(js.out);
    expect(duck.ledgers).toBe(js.ledgers);
    expect(js.ledgers).toContain(`{"person":"a","year":2024,"values":{"paid":"920.00","total":"1000.00","ded":"500.00"}`);
    expect(js.out.split("\n")[0]).toBe("row,person,date,ok,y,seen,alerts,errors");
  });

  it("a claim of the first version after one of the second in a person's year: BS2004 on DuckDB, never a different figure", async () => {
    const csv = ["d,2024-07-02,1000", "d,2024-05-01,1000", "d,2024-07-03,100", "d,2025-02-01,1000,"].join("\n") + "\n";
    const duck = await run("late", [first, second], csv, "duckdb");
    const rows = duck.out.split("\n").slice(1, -1);
    expect(rows[0]).toBe("1,d,2024-07-02,true,160.00,,");
    expect(rows[1]).toMatch(/^2,d,2024-05-01,false,,,date: BS2004 claims of one person's year must come in date order across versions: this claim falls under the version from 2024-01-01 after a claim under the version from 2024-07-01/);
    expect(rows[2]).toMatch(/^3,d,2024-07-03,false,,,date: BS2005 /);
    expect(rows[3]).toBe("4,d,2025-02-01,true,160.00,,");
  });

  it("refuse versions of two policies, and versions in force on one same day (BR1026)", async () => {
    const stranger = policyFile("s", "t.other", "effective 2024-07-01", `output y: Money "y" = x\n`);
    const overlapping = policyFile("o", "t.book", "effective 2024-06-01", `output y: Money "y" = x\n`);
    const claims = join(dir, "none.csv");
    writeFileSync(claims, header);
    const out = join(dir, "none.out.csv");
    for (const engine of ["js", "duckdb"] as const) {
      await expect(batchCommand([first, stranger], claims, { lang: "en", out, progress: false, engine })).rejects.toThrow(/policy `t\.other` is not .*`t\.book`/);
      await expect(batchCommand([first, overlapping], claims, { lang: "en", out, progress: false, engine })).rejects.toThrow(/BR1026/);
    }
    expect(() => compileCommand([first, overlapping], { lang: "en", target: "sql" })).toThrow(/BR1026/);
  });
});
