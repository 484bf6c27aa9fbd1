// `bylaw batch --engine postgres` against the JavaScript engine on a throwaway cluster: for every
// seed policy, its test blocks and generated years of claims (many starting from an opening
// ledger, some from last year's, which is carried through) give the same result file and
// closing ledgers, byte for byte — the policies whose yearly limits change within a person's
// year or that have sub-caps too, folded in order by an aggregate the SQL defines in pg_temp
// (sql/fold.ts), checked on a hand-worked year below. PG_YEARS sets the generated person-years per policy (default 1 000, about 5 000
// claims, a minute in all; PG_YEARS=20000 is the 100 000 claims per policy).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchCommand } from "../cli/commands/batch.ts";
import { CliError } from "../cli/load-policy.ts";
import { claimFiles, generatedPeople, testBlockPeople } from "./support/claim-files.ts";
import { POSTGRES_SKIP_REASON, runPostgresTests, startCluster, type Cluster } from "./support/postgres.ts";
import { COUNT_POLICY } from "./support/count-policy.ts";
import { RESULT_READS } from "./support/result-reads-policy.ts";
import { DAILY_AVERAGE } from "./support/daily-average-policy.ts";
import { DATED_TABLE } from "./support/dated-table-policy.ts";
import { RATE_POLICY } from "./support/rate-policy.ts";
import { seeds } from "./support/seeds.ts";

if (!runPostgresTests) console.warn(`[postgres] tests skipped: ${POSTGRES_SKIP_REASON}`);

const YEARS = Number(process.env.PG_YEARS ?? 1000);

interface ClosingLedger {
  person: string;
  year: number;
  values: Record<string, string>;
}

/** A yearly limit read from a table by the claim's 级别 (it changes within a person's year) and a sub-cap for 特药 inside it. */
const FOLD_POLICY = `policy t.fold "逐笔累计" {
  region "测试地区"
  effective 2022-01-01
  source "t.txt"
}
enum 级别 "级别" {
  甲 "甲"
  乙 "乙"
}
input {
  级别: 级别 "级别"
  自付: Money "自付"
  特药: Bool "特药" = false
}
ledger per year "年度台账" {
  已付: Money "已付"
  特药已付: Money "特药已付"
}
table 年度限额: 级别 -> Money "年度限额" {
  甲: 1000元
  乙: 300元
}
output 救助: Money "救助" §一 =
  自付
    at most 200元 per year using 特药已付 when 特药
    at most 年度限额[级别] per year using 已付
`;

describe.runIf(runPostgresTests)("bylaw batch --engine postgres settles as the JS engine does", () => {
  let cluster: Cluster;
  const dir = process.env.PG_KEEP ?? mkdtempSync(join(tmpdir(), "bylaw-pg-batch-"));
  beforeAll(async () => {
    cluster = await startCluster();
  }, 120_000);
  afterAll(() => {
    cluster?.stop();
    if (process.env.PG_KEEP === undefined) rmSync(dir, { recursive: true, force: true });
  });

  /** The policy on `lines` of claims and `opening` ledgers, with each engine: exit 0, then `check` of its result rows (cells) and closing ledgers. */
  async function onEveryEngine(name: string, text: string, lines: string[], opening: ClosingLedger[], check: (engine: string, rows: string[][], ledgers: ClosingLedger[]) => void): Promise<void> {
    const policy = join(dir, `${name}.bylaw`), claims = join(dir, `${name}.csv`), ledgersIn = join(dir, `${name}.ledgers.jsonl`);
    writeFileSync(policy, text);
    writeFileSync(claims, lines.join("\n") + "\n");
    writeFileSync(ledgersIn, opening.map((l) => JSON.stringify(l) + "\n").join(""));
    for (const engine of ["js", "duckdb", "postgres"] as const) {
      const out = join(dir, `${name}.${engine}.csv`), ledgersOut = join(dir, `${name}.${engine}.closing.jsonl`);
      const code = await batchCommand(policy, claims, {
        lang: "en", progress: false, out, engine, ledgersIn, ledgersOut, ...(engine === "postgres" ? { db: cluster.url } : engine === "js" ? { workers: 1 } : {}),
      });
      expect(code, engine).toBe(0);
      const rows = readFileSync(out, "utf8").trimEnd().split("\n").slice(1).map((l) => l.split(","));
      check(engine, rows, readFileSync(ledgersOut, "utf8").trimEnd().split("\n").map((l) => JSON.parse(l) as ClosingLedger));
    }
  }

  it.each(seeds().map((s, i) => [s.file, i] as const))(`%s: test blocks and ${YEARS} generated person-years with ledgers, to the fen`, { timeout: 600_000 }, async (file, i) => {
    const seed = seeds()[i]!;
    const base = join(dir, seed.id);
    const files = claimFiles(seed.artifact, [...testBlockPeople(seed.artifact), ...generatedPeople(seed.artifact, YEARS, 1000 + i)]);
    writeFileSync(`${base}.csv`, files.csv);
    writeFileSync(`${base}.ledgers.jsonl`, files.ledgers);
    const run = (engine: "js" | "postgres") =>
      batchCommand(file, `${base}.csv`, {
        lang: "zh", progress: false, out: `${base}.${engine}.csv`, ledgersIn: `${base}.ledgers.jsonl`, ledgersOut: `${base}.${engine}.closing.jsonl`,
        summary: `${base}.${engine}.summary.json`,
        ...(engine === "postgres" ? { engine, db: cluster.url } : { workers: 1 }),
      });
    const jsCode = await run("js");
    const pgCode = await run("postgres");
    const js = readFileSync(`${base}.js.csv`, "utf8"), pg = readFileSync(`${base}.postgres.csv`, "utf8");
    expect(pg.split("\n")).toHaveLength(files.rows + 2);
    expect(pg).toBe(js);
    expect(pgCode).toBe(jsCode);
    // the same summary: counts, exact totals, alerts and error codes in the order first met, both files' sha256
    const summary = (engine: string) => {
      const { result: _r, ledgers, ...rest } = JSON.parse(readFileSync(`${base}.${engine}.summary.json`, "utf8"));
      return { ...rest, ledgers: { ...ledgers, out: null } };
    };
    expect(JSON.stringify(summary("postgres"))).toBe(JSON.stringify(summary("js")));
    expect(readFileSync(`${base}.postgres.closing.jsonl`, "utf8")).toBe(readFileSync(`${base}.js.closing.jsonl`, "utf8"));
  });

  it("a yearly limit read from the claim that changes within a person's year, and a sub-cap, are folded claim by claim: figures worked by hand", { timeout: 60_000 }, async () => {
    const paid = ["150.00", "50.00", "250.00", "50.00", "650.00", "0.00", "200.00"];
    const closing = [["张", 2023, "1000.00", "200.00"], ["张", 2024, "200.00", "200.00"], ["李", 2023, "250.00", "0.00"]];
    await onEveryEngine("fold", FOLD_POLICY, [
      "person,date,级别,自付,特药",
      "张,2023-01-10,甲,150,true", // 特药 room 200, 已付 room 1000 − 100 opening: pays 150
      "张,2023-02-01,乙,400,false", // 乙's limit 300: room 300 − 100 − 150 = 50
      "李,2023-02-01,乙,250,false", // another person: a year of their own, room 300
      "张,2023-03-01,甲,100,true", // 特药 room 200 − 150 = 50; 已付 room 1000 − 100 − 200 = 700
      "张,2023-04-01,甲,800,false", // 已付 room 1000 − 100 − 250 = 650
      "张,2023-05-01,甲,30,true", // both used up
      "张,2024-01-05,乙,500,true", // a new year from nothing: 特药 room 200 under 乙's 300
    ], [{ person: "张", year: 2023, values: { 已付: "100.00" } }], (engine, rows, ledgers) => {
      expect(rows.map((r) => r[4]), engine).toEqual(paid);
      expect(ledgers.map((l) => [l.person, l.year, l.values.已付, l.values.特药已付]), engine).toEqual(closing);
    });
  });

  it("a ledger that counts (第二次住院起付线减半): whole numbers in and out, the same on every engine; figures worked by hand", { timeout: 60_000 }, async () => {
    await onEveryEngine("counts", COUNT_POLICY, [
      "person,date,住院,费用",
      "甲,2022-01-10,true,1800", // the first stay: (1800 − 800) × 80 % = 800
      "甲,2022-02-01,false,100", // a clinic visit: not counted (次数 stays 1), 100 × 80 % = 80
      "甲,2022-03-01,true,1800", // the second stay: (1800 − 400) × 80 % = 1120
      "甲,2022-04-01,true,1800", // the third: 1120, but 3000 − 880 − 1120 = 1000 left
      "乙,2022-05-01,true,1800", // four stays before this run: the fifth, 1120
      "甲,2023-01-05,true,1000", // a new year counts from one: (1000 − 800) × 80 % = 160
    ], [{ person: "乙", year: 2022, values: { 住院次数: "4" } }, { person: "丙", year: 2022, values: { 住院次数: "2" } }], (engine, rows, ledgers) => {
      expect(rows.map((r) => [r[4], r[5]]), engine).toEqual([["800.00", "1"], ["80.00", "1"], ["1120.00", "2"], ["1000.00", "3"], ["1120.00", "5"], ["160.00", "1"]]);
      expect(ledgers.map((l) => [l.person, l.year, l.values]), engine).toEqual([
        ["丙", 2022, { 住院次数: "2" }], ["乙", 2022, { 住院次数: "5", 已报销: "1120.00" }],
        ["甲", 2022, { 住院次数: "3", 已报销: "3000.00" }], ["甲", 2023, { 住院次数: "1", 已报销: "160.00" }],
      ]);
    });
  });

  it("rules reading a pipeline's results (a yearly ledger of the share left, a pipeline on it) and alerts reading ledgers: the same on every engine; figures worked by hand", { timeout: 60_000 }, async () => {
    // columns: 合计报销, then 三重保障's 大病保险, 医疗救助, 个人负担, then 托底's 倾斜救助, 最终负担, alerts
    await onEveryEngine("results", RESULT_READS, [
      "person,date,自付",
      "甲,2022-03-01,8000", // 救助 5600, left 2400
      "甲,2022-04-01,40000", // 大病 38000 × 60 %, 救助 room 4400; left 12800, the year's 15200; 倾斜 7800 × 50 %
      "乙,2022-04-02,2000", // opening 14500 borne: 救助 1400, left 600, the year's 15100
      "甲,2023-01-10,12000", // a new year: 大病 1200, 救助 7560, left 3240
    ], [{ person: "乙", year: 2022, values: { 累计负担: "14500.00" } }], (engine, rows, ledgers) => {
      expect(rows.map((r) => r.slice(4, 11)), engine).toEqual([
        ["5600.00", "0.00", "5600.00", "2400.00", "0.00", "2400.00", ""],
        ["31100.00", "22800.00", "4400.00", "12800.00", "3900.00", "8900.00", "返贫监测;负担较重;救助已达限额;负担过万"],
        ["1400.00", "0.00", "1400.00", "600.00", "0.00", "600.00", "返贫监测;负担过万"],
        ["8760.00", "1200.00", "7560.00", "3240.00", "0.00", "3240.00", "负担较重"],
      ]);
      expect(ledgers.map((l) => [l.person, l.year, l.values.累计负担, l.values.已倾斜]), engine).toEqual([
        ["乙", 2022, "15100.00", "0.00"], ["甲", 2022, "15200.00", "3900.00"], ["甲", 2023, "3240.00", "0.00"],
      ]);
    });
  });

  it("a daily average times 31 days (超过31天按日均×31): exact on every engine, though the average does not terminate; figures worked by hand", { timeout: 60_000 }, async () => {
    await onEveryEngine("daily", DAILY_AVERAGE, [
      "person,date,费用,天数",
      "甲,2022-03-01,8886.01,62", // 8886.01 × 31 ÷ 62 = 4443.005; × 70 % = 3110.1035; 日均 143.3227…
      "乙,2022-03-01,2674.61,62", // 1337.305 × 70 % = 936.1135; 日均 43.1389…
      "丙,2022-03-01,100.01,3", // 3 days: all of it, 70.007; 日均 33.33666…
    ], [], (engine, rows) => {
      expect(rows.map((r) => r.slice(4, 6)), engine).toEqual([["3110.10", "143.32"], ["936.11", "43.14"], ["70.01", "33.34"]]);
    });
  });

  it("a grid and a table whose values change on a date (居家护理一级 60元 → 70元 from 2024-07-01): the same on every engine; figures worked by hand", { timeout: 60_000 }, async () => {
    await onEveryEngine("dated-table", DATED_TABLE, [
      "person,date,服务形式,失能等级,天数,可选形式",
      "甲,2024-06-30,居家护理,二级,10,居家护理", // (60 − 10) × 10 × 75 % = 375
      "甲,2024-07-01,居家护理,二级,10,居家护理", // (70 − 10) × 10 × 75 % = 450
      "乙,2024-07-02,机构护理,一级,3,机构护理|居家护理", // 100 × 3 × 75 % = 225; highest of 100, 70
    ], [], (engine, rows) => {
      expect(rows.map((r) => r.slice(4, 6)), engine).toEqual([["375.00", "60.00"], ["450.00", "70.00"], ["225.00", "100.00"]]);
    });
  });

  it("band rates raised by category (特困人员各段提高5个百分点) on a yearly ledger: the same on every engine; figures worked by hand", { timeout: 60_000 }, async () => {
    await onEveryEngine("tilted", `policy t.tilted "分段倾斜" {\n  region "测试地区"\n  effective 2022-01-01\n  source "t.txt"\n}
enum 人员类别 "人员类别" { 特困人员  普通居民 }
input { 类别: 人员类别 "人员类别"  自付: Money "自付" }
ledger per year { 累计: Money "年度累计" }
table 提高: 人员类别 -> Points "各段提高" { 特困人员: 5个百分点  普通居民: 0pp }
bands 分段 "分段" marginal {
  [0元, 5万元]: 60% + 提高[类别]
  (5万元, ∞): 70% + 提高[类别]
}
output 大病: Money "大病" = 分段 on 自付 per year using 累计
`, [
      "person,date,类别,自付",
      "甲,2022-01-10,特困人员,40000", // 40000 × 65% = 26000
      "甲,2022-02-01,特困人员,20000", // 10000 × 65% + 10000 × 75% = 14000
      "乙,2022-02-01,普通居民,60000", // 50000 × 60% + 10000 × 70% = 37000
    ], [], (engine, rows, ledgers) => {
      expect(rows.map((r) => r[4]), engine).toEqual(["26000.00", "14000.00", "37000.00"]);
      expect(ledgers.map((l) => [l.person, l.values.累计]), engine).toEqual([["乙", "60000.00"], ["甲", "60000.00"]]);
    });
  });

  it("refuses what it cannot do before touching anything, and a bad opening ledger leaves no file behind", { timeout: 60_000 }, async () => {
    const policy = "policies/000-xpcc/assistance.bylaw";
    const claims = join(dir, "small.csv"), out = join(dir, "small.out.csv"), ledgersIn = join(dir, "small.ledgers.jsonl");
    writeFileSync(claims, "person,date,身份,自付\n甲,2023-03-01,低保对象,1000.00\n");
    const fails = async (opts: Partial<Parameters<typeof batchCommand>[2]>) => {
      try {
        await batchCommand(policy, claims, { lang: "en", progress: false, out, engine: "postgres", db: cluster.url, ...opts });
      } catch (e) {
        expect(e).toBeInstanceOf(CliError);
        return (e as Error).message;
      }
      throw new Error("expected the run to fail");
    };
    expect(await fails({ db: undefined })).toBe("BE1002: --engine postgres needs --db postgresql://…");
    expect(await fails({ workers: 2 })).toBe("BE1006: --workers is for the JavaScript engine; --engine postgres does not take it");
    expect(await fails({ out: join(dir, "small.out.jsonl") })).toBe("BE1007: --engine postgres writes CSV results: name the -o file .csv");
    expect(await fails({ db: "postgresql://:secret@/x" })).toBe("BE1001: --db postgresql://:***@/x: not a PostgreSQL connection string (postgresql://user@host:port/database)");
    writeFileSync(ledgersIn, [
      JSON.stringify({ person: "甲", year: 2023, values: { 已救助: "100.00" } }),
      JSON.stringify({ person: "甲", year: 2023, values: { 已救助: "200.00" } }),
    ].join("\n") + "\n");
    expect(await fails({ ledgersIn, ledgersOut: join(dir, "small.closing.jsonl") })).toBe(`${ledgersIn}: BR2114: line 2: 甲 has a ledger for 2023 on an earlier line`);
    // a field no version declares is refused, as on the other engines (once, PostgreSQL dropped it)
    writeFileSync(ledgersIn, JSON.stringify({ person: "甲", year: 2023, values: { 已救助额: "100.00" } }) + "\n");
    expect(await fails({ ledgersIn })).toMatch(new RegExp(`^${ledgersIn}: BR2116: line 1, .values\\.已救助额.: `));
    expect(readdirSync(dir).filter((f) => f.startsWith("small.out") || f.startsWith("small.closing"))).toEqual([]);
    // and the same file settles when the ledgers are good
    writeFileSync(ledgersIn, JSON.stringify({ person: "甲", year: 2023, values: { 已救助: "100.00" } }) + "\n");
    expect(await batchCommand(policy, claims, { lang: "en", progress: false, out, engine: "postgres", db: cluster.url, ledgersIn })).toBe(0);
    expect(readFileSync(out, "utf8").split("\n")[1]).toMatch(/^1,甲,2023-03-01,true,第二类,/);
  });

  /** Settles one file of claims with `text` on each engine (JS on one worker), every run ending
   *  with some error rows (exit 3): each engine's result file and closing ledgers. */
  async function settleEach(name: string, text: string, csv: string, engines: readonly ("js" | "duckdb" | "postgres")[]): Promise<Record<string, [string, string]>> {
    const policy = join(dir, `${name}.bylaw`), claims = join(dir, `${name}.csv`);
    writeFileSync(policy, text);
    writeFileSync(claims, csv);
    const found: Record<string, [string, string]> = {};
    for (const engine of engines) {
      const out = join(dir, `${name}.${engine}.csv`), ledgersOut = join(dir, `${name}.${engine}.jsonl`);
      const code = await batchCommand(policy, claims, { lang: "en", progress: false, out, ledgersOut, engine, ...(engine === "postgres" ? { db: cluster.url } : engine === "js" ? { workers: 1 } : {}) });
      expect(code, engine).toBe(3);
      found[engine] = [readFileSync(out, "utf8"), readFileSync(ledgersOut, "utf8")];
    }
    return found;
  }

  it("a quotient of amounts past 38 digits settles on PostgreSQL as on the JS engine; DuckDB makes that one row an error row (BS2006)", { timeout: 60_000 }, async () => {
    const text = `policy t.wide "大数" {\n  region "测试地区"\n  effective 2024-01-01\n  source "t.txt"\n}\ninput {\n  a: Money "a"\n  n: Int "n"\n}\noutput x: Money "x" = a / 30 * n\n`;
    // 99999999999.99 × 99999999999 ÷ 30 = 333333333329966666666.67; the third row is refused everywhere
    const r = await settleEach("wide", text, "person,date,a,n\np1,2024-03-01,1.00,1\np2,2024-03-01,99999999999.99,99999999999\np3,2024-03-01,-1,1\n", ["js", "duckdb", "postgres"]);
    expect(r.js![0].split("\n").slice(1, 3)).toEqual(["1,p1,2024-03-01,true,0.03,,", "2,p2,2024-03-01,true,333333333329966666666.67,,"]);
    expect(r.postgres).toEqual(r.js);
    expect(r.duckdb![0].split("\n")[2]).toMatch(/^2,p2,2024-03-01,false,,.*BS2006/);
  });

  it("a rate finer than the SQL keeps is the same error row on PostgreSQL as on DuckDB (BS2003), and the rest settles", { timeout: 60_000 }, async () => {
    const r = await settleEach("rate", RATE_POLICY, "person,date,比例,自付\n甲,2023-01-01,0.1234567891,100\n乙,2023-01-01,0.12345678912,100\n丙,2023-01-01,abc,100\n", ["duckdb", "postgres"]);
    const pg = r.postgres![0];
    expect(pg).toBe(r.duckdb![0]);
    expect(pg.split("\n").slice(1, 3)).toEqual([
      "1,甲,2023-01-01,true,12.35,,",
      "2,乙,2023-01-01,false,,,\"比例: BS2003 `比例`: `0.12345678912` has more than 10 decimals, all the SQL engine keeps of a Rate (settle it with the JS engine)\"",
    ]);
  });

  it("a person id with a NUL or a space at an end is an error row on PostgreSQL as on the JS engine, not a failed run", { timeout: 60_000 }, async () => {
    const r = await settleEach("nul", COUNT_POLICY, "person,date,住院,费用\n甲,2022-01-10,true,1800\n乙\u0000,2022-01-10,true,1800\n丙 ,2022-01-10,true,1800\n", ["js", "postgres"]);
    const js = r.js![0];
    expect(js.split("\n").slice(2, 4).map((l) => /BR2105 line \d+, `person`/.exec(l)?.[0])).toEqual(["BR2105 line 3, `person`", "BR2105 line 4, `person`"]);
    expect(r.postgres).toEqual(r.js);
  });

  it("a negative Int input and a negative Money are error rows on every engine (BR2007)", { timeout: 60_000 }, async () => {
    const text = `policy t.negative "负数" {\n  region "测试地区"\n  effective 2024-01-01\n  source "t.txt"\n}\n` +
      `input {\n  x: Money "x"\n  n: Int "n"\n}\nledger per year {\n  已付: Money "已付"\n}\n` +
      `output y: Money "y" = x * n at most 1000元 per year using 已付\n`;
    // A: −2 days refused (it would pay −200), then 100 × 3 = 300; B: a negative amount refused, then 200
    const r = await settleEach("negative", text, "person,date,x,n\nA,2024-02-01,100,-2\nA,2024-02-02,100,3\nB,2024-02-01,-5,1\nB,2024-02-02,200,1\n", ["js", "duckdb", "postgres"]);
    const [jsOut, jsLedgers] = r.js!;
    expect(jsOut.split("\n").slice(1, 5).map((l) => l.split(",").slice(0, 5).join(","))).toEqual(["1,A,2024-02-01,false,", "2,A,2024-02-02,true,300.00", "3,B,2024-02-01,false,", "4,B,2024-02-02,true,200.00"]);
    expect(jsOut.split("\n")[1]).toContain("BR2007 `n`: `-2` is negative");
    expect(jsLedgers).toContain('"values":{"已付":"300.00"}');
    for (const engine of ["duckdb", "postgres"]) expect(r[engine], engine).toEqual(r.js);
  });
});
