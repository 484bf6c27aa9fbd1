// The DuckDB engine against the JS engine: the same claim files through `bylaw batch` with
// --engine js and --engine duckdb give the same result file, byte for byte, and the same
// closing ledgers — every seed policy's test blocks, and generated claims with ledgers.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { batchCommand } from "../cli/commands/batch.ts";
import { compileSql } from "./index.ts";
import { bandVariants, seeds } from "../tests/support/seeds.ts";
import { claimFiles, generatedPeople, testBlockPeople, type ClaimFiles } from "../tests/support/claim-files.ts";

const dir = mkdtempSync(join(tmpdir(), "bylaw-sql-engine-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Generated person-years per seed policy (BYLAW_SQL_YEARS raises it: 20 000 years ≈ 100 000 claims). */
const YEARS = Number(process.env.BYLAW_SQL_YEARS ?? 400);

interface Runs {
  js: string;
  duck: string;
  jsLedgers: string;
  duckLedgers: string;
  codes: number[];
  /** each run's --summary, without the file names */
  summaries: unknown[];
}

async function both(file: string, name: string, files: ClaimFiles, bucket?: number): Promise<Runs> {
  const claims = join(dir, `${name}.csv`), ledgersIn = join(dir, `${name}.ledgers.jsonl`);
  writeFileSync(claims, files.csv);
  writeFileSync(ledgersIn, files.ledgers);
  const out = (engine: string) => join(dir, `${name}.${engine}.csv`);
  const led = (engine: string) => join(dir, `${name}.${engine}.closing.jsonl`);
  const sum = (engine: string) => join(dir, `${name}.${engine}.summary.json`);
  const codes: number[] = [];
  for (const engine of ["js", "duckdb"] as const) {
    codes.push(await batchCommand(file, claims, {
      lang: "en", out: out(engine), progress: false, workers: 1, ledgersIn, ledgersOut: led(engine), engine, summary: sum(engine),
      ...(engine === "duckdb" && bucket !== undefined ? { bucket } : {}),
    }));
  }
  const read = (f: string) => readFileSync(f, "utf8");
  const summaries = ["js", "duckdb"].map((e) => {
    const s = JSON.parse(read(sum(e))) as Record<string, unknown> & { ledgers: Record<string, unknown> };
    return { ...s, claims: undefined, result: undefined, ledgers: { ...s.ledgers, out: undefined } };
  });
  return { js: read(out("js")), duck: read(out("duckdb")), jsLedgers: read(led("js")), duckLedgers: read(led("duckdb")), codes, summaries };
}

const planned = seeds().filter((s) => compileSql(s.artifact, { dialect: "duckdb" }).ok);

describe("DuckDB settles as the JS engine does", () => {
  it("every seed policy has an SQL plan on DuckDB", () => {
    expect(seeds().filter((s) => !planned.includes(s)).map((s) => s.id)).toEqual([]);
  });

  for (const s of planned) {
    it(`${s.id}: test blocks`, async () => {
      const r = await both(s.file, `${s.id}.tests`, claimFiles(s.artifact, testBlockPeople(s.artifact)));
      expect(r.duck).toBe(r.js);
      expect(r.duckLedgers).toBe(r.jsLedgers);
      expect(r.codes[1]).toBe(r.codes[0]);
      expect(r.summaries[1]).toEqual(r.summaries[0]);
    });

    it(`${s.id}: ${YEARS} generated person-years with opening ledgers`, async () => {
      const files = claimFiles(s.artifact, generatedPeople(s.artifact, YEARS, 42));
      const r = await both(s.file, `${s.id}.gen`, files);
      expect(r.duck.split("\n").length).toBe(files.rows + 2);
      expect(r.duck).toBe(r.js);
      expect(r.duckLedgers).toBe(r.jsLedgers);
      expect(JSON.stringify(r.summaries[1])).toBe(JSON.stringify(r.summaries[0]));
    }, 60_000 + YEARS * 20);
  }

  it("rows the reader refuses: no person is an empty cell, a date that is not one is written back as read", async () => {
    const s = planned.find((p) => p.id === "xpcc.assistance")!;
    // 2022-8-1 and 0000-01-01 are dates DuckDB would cast (one BC): refused and echoed as read
    const csv = "person,date,身份,自付\n,2022-08-01,监测对象,100\nP1,2024-13-01,监测对象,100\nP2,,监测对象,100\nP3,=2022-08-01,监测对象,1\nP4,2022-08-01,监测对象,50\nP5,2022-8-1,监测对象,5\nP6,0000-01-01,监测对象,5\n P7,2022-08-01,监测对象,5\nP8　,2022-08-01,监测对象,5\n";
    const r = await both(s.file, `${s.id}.refused`, { csv, ledgers: "", rows: 9 });
    expect(r.js.split("\n").slice(1, 5)).toEqual([
      "1,,2022-08-01,false,,,,,\"person: BR2104 line 2, `person`: empty; every row needs one\"",
      "2,P1,2024-13-01,false,,,,,\"date: BR2105 line 3, `date`: must be a date YYYY-MM-DD, found 2024-13-01\"",
      "3,P2,,false,,,,,\"date: BR2104 line 4, `date`: empty; every row needs one\"",
      "4,P3,'=2022-08-01,false,,,,,\"date: BR2105 line 5, `date`: must be a date YYYY-MM-DD, found =2022-08-01\"",
    ]);
    expect(r.js.split("\n").slice(6, 8).map((l) => l.split(",").slice(0, 4).join(","))).toEqual(["6,P5,2022-8-1,false", "7,P6,0000-01-01,false"]);
    // a person id with a space at an end (" P7", "P8" and a full-width space) would be a second person
    expect(r.js.split("\n").slice(8, 10).map((l) => l.split(",").slice(3, 4).join() + " " + (/BR2105 line \d+, `person`/.exec(l)?.[0] ?? ""))).toEqual([
      "false BR2105 line 9, `person`", "false BR2105 line 10, `person`",
    ]);
    expect(r.duck).toBe(r.js);
    expect(r.codes).toEqual([3, 3]);
  });

  it("columns named as the reader's own (`seq`, `自付!error`) are unknown columns there too, not a crash", async () => {
    const s = planned.find((p) => p.id === "xpcc.assistance")!;
    const csv = "person,date,身份,自付,seq,自付!error\n甲,2022-08-01,监测对象,100,7,\n乙,2022-08-01,监测对象,200,,x\n";
    const r = await both(s.file, `${s.id}.names`, { csv, ledgers: "", rows: 2 });
    expect(r.js.split("\n")[1]).toMatch(/^1,甲,2022-08-01,false,.*seq: BR2003/);
    expect(r.js.split("\n")[2]).toMatch(/^2,乙,2022-08-01,false,.*自付!error: BR2003/);
    expect(r.duck).toBe(r.js);
  });

  it("a set cell in any spelling the JS reader takes, JSON lists included, settles or is refused as there", async () => {
    const s = planned.find((p) => p.id === "xpcc.assistance")!;
    const cells = [
      '"[""低保对象""]"', "[]", '"[""特困人员"",""低保对象""]"', '"[ ""孤儿"" ]"', '"[""x""]"', '"[""低保对象"",""低保对象""]"',
      "[1]", '"[""低保对象"",1]"', '"[1,""低保对象""]"', '"[""x"",1]"', "[null]", '"[""低保对象"",]"', "[NaN]", '"[[""低保对象""]]"', "[x",
      "低保对象;低保对象;zzz", "zzz;低保对象;低保对象", "低保对象 | 孤儿", " ", "|", `"[${'""低保对象"",'.repeat(40)}""孤儿""]"`, `${"长".repeat(300)}`,
    ];
    const csv = `person,date,身份,自付\n${cells.map((c, i) => `p${i},2022-08-01,${c},100`).join("\n")}\n`;
    const r = await both(s.file, `${s.id}.sets`, { csv, ledgers: "", rows: cells.length });
    const rows = r.js.split("\n");
    expect(rows[1]).toMatch(/^1,p0,2022-08-01,true,/);
    expect(rows[2]).toMatch(/^2,p1,2022-08-01,true,非救助对象,/); // an empty set: no identity to assist
    expect(rows[6]).toMatch(/BR2013/);
    expect(rows[8]).toMatch(/BR2004/);
    expect(rows[10]).toMatch(/BR2012/); // "x" comes before the 1
    expect(r.duck).toBe(r.js);
  });

  it("an opening ledger no claim touches is written back as it was, a field it lacks still absent", async () => {
    const s = planned.find((p) => p.id === "xpcc.assistance")!;
    const [field] = s.artifact.ledger.fields.map((f) => f.name);
    const ledgers = JSON.stringify({ person: "乙", year: 2022, values: { [field!]: "12.50" } }) + "\n";
    const r = await both(s.file, `${s.id}.untouched`, { csv: "person,date,身份,自付\n甲,2022-08-01,监测对象,100\n", ledgers, rows: 1 });
    expect(r.jsLedgers.split("\n")[0]).toBe(`{"person":"乙","year":2022,"values":{"${field}":"12.50"},"policy":{"id":"xpcc.assistance","effective":"${s.artifact.policy.effective}"}}`);
    expect(r.duckLedgers).toBe(r.jsLedgers);
  });

  it("a header is refused as the JS engine refuses it, in either language; a file that is not UTF-8 is told so, not settled in part", async () => {
    const s = planned.find((p) => p.id === "xpcc.assistance")!;
    const out = join(dir, "header.out.csv");
    const message = async (engine: "js" | "duckdb", bytes: Buffer, lang: "en" | "zh" = "en") => {
      const claims = join(dir, `header.${engine}.csv`);
      writeFileSync(claims, bytes);
      try {
        await batchCommand(s.file, claims, { lang, progress: false, workers: 1, out, engine });
      } catch (e) {
        return (e as Error).message.replace(claims, "CLAIMS");
      }
      throw new Error(`${engine}: expected the run to fail`);
    };
    for (const [header, lang] of [["person,date,自付,自付", "en"], ["person,date,,自付", "zh"], ["date,身份,自付", "en"], ['person,"date,身份', "en"]] as const) {
      const bytes = Buffer.from(`${header}\n甲,2023-03-01,100\n`);
      expect(await message("duckdb", bytes, lang)).toBe(await message("js", bytes, lang));
    }
    expect(await message("duckdb", Buffer.from("person,date,,自付\n"), "zh")).toBe("CLAIMS: BR2102: 表头第 3 列没有列名");
    // the header's 身份 in GBK (C9ED B7DD): both refuse it; DuckDB cannot be told another encoding
    const gbkHeader = Buffer.concat([Buffer.from("person,date,"), Buffer.from([0xc9, 0xed, 0xb7, 0xdd]), Buffer.from(",自付\n甲,2023-03-01,监测对象,100\n")]);
    expect(await message("js", gbkHeader)).toMatch(/^CLAIMS: BR2108: column 3 of the header .*: read it with --encoding gb18030$/);
    expect(await message("duckdb", gbkHeader)).toMatch(/^CLAIMS: BR2108: column 3 of the header .*: --engine duckdb reads UTF-8 only; convert the file first$/);
    // one cell in GBK on line 3: the JS engine makes that row an error, DuckDB refuses the file naming the line
    const gbkCell = Buffer.concat([Buffer.from("person,date,身份,自付\n甲,2023-03-01,监测对象,100\n乙,2023-03-01,"), Buffer.from([0xc9, 0xed]), Buffer.from(",100\n")]);
    const refused = " — --engine duckdb refuses a file with such a row (--engine js reads row by row: a row it cannot read is an error row, the others settle)";
    expect(await message("duckdb", gbkCell)).toBe(`CLAIMS: line 3: bytes that are not UTF-8 (--engine duckdb reads UTF-8 files only)${refused}`);
    // a row of five cells under four, in the JS batch's words (BR2103); a quoted cell never closed
    const extra = Buffer.from("person,date,身份,自付\n甲,2023-03-01,监测对象,100\n乙,2023-03-01,监测对象,12,000\n");
    expect(await message("duckdb", extra)).toBe(`CLAIMS: line 3: 5 cells where the header has 4 (an unquoted comma, as in 12,000?)${refused}`);
    const quote = Buffer.from('person,date,身份,自付\n甲,2023-03-01,"监测对象,100\n');
    expect(await message("duckdb", quote, "zh")).toMatch(/^CLAIMS：第 2 行：引号无法读取.*——--engine duckdb 遇到这样的行即拒绝整个文件/);
    expect(existsSync(out)).toBe(false);
  });

  it("an opening ledger file listing a person twice for a year is refused at the lower of that line and any bad one, as the JS engine refuses it", async () => {
    const s = planned.find((p) => p.id === "xpcc.assistance")!;
    const claims = join(dir, "twice.csv"), out = join(dir, "twice.out.csv");
    writeFileSync(claims, "person,date,身份,自付\n甲,2023-03-01,监测对象,100\n");
    const led = (person: string, year: number) => JSON.stringify({ person, year, values: { 起付已用: "0.00" } });
    const message = async (engine: "js" | "duckdb", ledgers: string[]) => {
      const ledgersIn = join(dir, `twice.${engine}.jsonl`);
      writeFileSync(ledgersIn, ledgers.join("\n") + "\n");
      try {
        await batchCommand(s.file, claims, { lang: "en", progress: false, workers: 1, out, engine, ledgersIn });
      } catch (e) {
        return (e as Error).message.replace(ledgersIn, "LEDGERS");
      }
      throw new Error(`${engine}: expected the run to fail`);
    };
    const twice = [led("甲", 2023), led("乙", 2023), led("甲", 2022), led("甲", 2023), "{not json", led("乙", 2023)];
    expect(await message("duckdb", twice)).toBe("LEDGERS: BR2114: line 4: 甲 has a ledger for 2023 on an earlier line");
    expect(await message("duckdb", twice)).toBe(await message("js", twice));
    // a bad line before the second listing is the one named
    const bad = [led("甲", 2023), "{not json", led("甲", 2023)];
    expect(await message("duckdb", bad)).toMatch(/^LEDGERS: BR2110: line 2: /);
    expect(await message("duckdb", bad)).toBe(await message("js", bad));
    // a field no version declares (a misspelt 起付已用): refused on both, not carried or dropped
    const typo = [led("甲", 2023), JSON.stringify({ person: "乙", year: 2023, values: { 起付已用额: "2000.00" } })];
    expect(await message("duckdb", typo)).toMatch(/^LEDGERS: BR2116: line 2, `values.起付已用额`: /);
    expect(await message("duckdb", typo)).toBe(await message("js", typo));
    expect(existsSync(out)).toBe(false);
  });

  it("a bucket of people at a time (--bucket 150, so a dozen queries): the same rows, ledgers and summary", async () => {
    const s = planned.find((p) => p.id === "xpcc.assistance")!;
    const files = claimFiles(s.artifact, generatedPeople(s.artifact, YEARS, 11));
    expect(files.rows).toBeGreaterThan(150 * 8);
    const r = await both(s.file, `${s.id}.buckets`, files, 150);
    expect(r.duck.split("\n").length).toBe(files.rows + 2);
    expect(r.duck).toBe(r.js);
    expect(r.duckLedgers).toBe(r.jsLedgers);
    expect(JSON.stringify(r.summaries[1])).toBe(JSON.stringify(r.summaries[0]));
  }, 60_000 + YEARS * 20);

  // band rates and edges read per claim (from tables by hospital level, from a dated param) and
  // grid tables: the differential test's variants, as compiled artifacts
  for (const s of bandVariants().filter((v) => !v.id.includes("~"))) {
    it(`${s.id}: ${YEARS} generated person-years with opening ledgers`, async () => {
      const file = join(dir, `${s.id}.json`);
      writeFileSync(file, JSON.stringify(s.artifact));
      const files = claimFiles(s.artifact, generatedPeople(s.artifact, YEARS, 7));
      const r = await both(file, `${s.id}.gen`, files);
      expect(r.duck.split("\n").length).toBe(files.rows + 2);
      expect(r.duck).toBe(r.js);
      expect(r.duckLedgers).toBe(r.jsLedgers);
    }, 60_000 + YEARS * 20);
  }
});
