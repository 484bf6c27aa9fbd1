// `bylaw batch --ledgers-in / --ledgers-out`: a year settled in two runs (January–June, then
// July–December from June's closing ledgers) gives exactly the rows and the closing ledgers
// of one run over the year, on one thread and on the worker pool; a bad opening ledger
// refuses the run before anything is written.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { csvHeader, formatRow, generateClaims } from "../../scripts/gen-claims.ts";
import { POOL_MIN_BYTES } from "./batch.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const XPCC = "policies/000-xpcc/assistance.bylaw";

function bylaw(args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/bylaw.js"), ...args, "--lang", "en", "--no-progress"], { cwd: ROOT, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A result file's rows without their row numbers (a second run numbers its rows from 1). */
const unnumbered = (file: string) => readFileSync(file, "utf8").trim().split("\n").slice(1).map((l) => l.slice(l.indexOf(",") + 1));

describe("bylaw batch: a year settled in two runs", () => {
  it("January–June, then July–December from June's ledgers: the rows and closing ledgers of one run, with 1 and 2 workers", { timeout: 120_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), "bylaw-ledgers-"));
    const rows = [...generateClaims({ rows: 80_000, people: 8000, seed: 7, year: 2023 })];
    const half = (first: boolean) => rows.filter((r) => (r.date < "2023-07-01") === first).map((r) => formatRow(r, "csv")).join("");
    const [h1, h2] = [half(true), half(false)];
    writeFileSync(join(dir, "h1.csv"), csvHeader() + h1);
    writeFileSync(join(dir, "h2.csv"), csvHeader() + h2);
    writeFileSync(join(dir, "year.csv"), csvHeader() + h1 + h2); // each person's claims still in date order
    for (const h of [h1, h2]) expect(Buffer.byteLength(h)).toBeGreaterThan(POOL_MIN_BYTES); // the pool really settles each file

    const results: Record<string, string> = {};
    for (const workers of ["1", "2"]) {
      const f = (name: string) => join(dir, `${name}-${workers}`);
      const run = (claims: string, extra: string[]) => bylaw(["batch", XPCC, join(dir, claims), "--workers", workers, ...extra]);
      expect(run("year.csv", ["-o", f("year.csv"), "--ledgers-out", f("year.jsonl")]).code).toBe(0);
      expect(run("h1.csv", ["-o", f("h1.csv"), "--ledgers-out", f("june.jsonl")]).code).toBe(0);
      const second = run("h2.csv", ["-o", f("h2.csv"), "--ledgers-in", f("june.jsonl"), "--ledgers-out", f("december.jsonl"), "--summary", f("summary.json")]);
      expect(second.code).toBe(0);

      expect([...unnumbered(f("h1.csv")), ...unnumbered(f("h2.csv"))]).toEqual(unnumbered(f("year.csv")));
      const closing = readFileSync(f("december.jsonl"), "utf8");
      expect(closing).toBe(readFileSync(f("year.jsonl"), "utf8"));
      const ledgers = closing.trim().split("\n").map((l) => JSON.parse(l));
      expect(ledgers).toHaveLength(8000); // everyone: those with no claim after June carried through
      const keys = ledgers.map((l) => `${l.person} ${l.year}`);
      expect(keys).toEqual([...keys].sort());
      expect(ledgers[0]).toMatchObject({ person: "P0001", year: 2023, policy: { id: "xpcc.assistance" } });
      const june = readFileSync(f("june.jsonl"), "utf8").trim().split("\n");
      const settledLater = new Set(h2.split("\n").map((l) => l.split(",")[0]));
      const carried = june.filter((l) => !settledLater.has(JSON.parse(l).person));
      expect(carried.length).toBeGreaterThan(0);
      for (const line of carried) expect(closing).toContain(line + "\n"); // unchanged, byte for byte

      const summary = JSON.parse(readFileSync(f("summary.json"), "utf8"));
      expect(summary.ledgers).toMatchObject({ opening: june.length, closing: 8000, bytes: Buffer.byteLength(closing) });
      expect(second.stderr).toContain(`ledgers: ${june.length} opening, 8000 closing`);
      results[workers] = readFileSync(f("year.csv"), "utf8") + closing;
    }
    expect(results["2"]).toBe(results["1"]);
  });
});

describe("bylaw batch: a bad opening ledger refuses the run", () => {
  const good = (person: string, year = 2023) => JSON.stringify({ person, year, values: { 已救助: "100.00" } });
  const bad: [string, string][] = [
    ["{not json", "BR2110: line 3: not a ledger line"],
    [JSON.stringify({ person: "", year: 2023, values: {} }), "BR2111: line 3, `person`: must be non-empty text"],
    [JSON.stringify({ person: "乙", year: 0, values: {} }), "BR2112: line 3, `year`: must be a year from 1 to 9999, found 0"],
    [JSON.stringify({ person: "乙", year: 2023, values: { 已救助: "1.005" } }), "BR2113: line 3, `values.已救助`: must be an amount of money"],
    [good("甲"), "BR2114: line 3: 甲 has a ledger for 2023 on an earlier line"],
    [JSON.stringify({ person: "乙", year: 2023, values: {}, policy: { id: "other.policy", effective: "2020-01-01" } }), "BR2115: line 3: written under policy other.policy, not xpcc.assistance"],
    // 已救助额 for 已救助: the cap already used would silently not count
    [JSON.stringify({ person: "乙", year: 2023, values: { 已救助额: "60000" } }), "BR2116: line 3, `values.已救助额`: no version of the policy in this run has this ledger field"],
  ];

  it.each(["1", "2"])("with %s worker(s): exit 1, one line naming the file, the line and the problem, nothing written", { timeout: 60_000 }, (workers) => {
    const dir = mkdtempSync(join(tmpdir(), "bylaw-ledgers-"));
    // large enough for the pool: the duplicate is found by the worker holding 甲
    const claims = Array.from({ length: 50_000 }, (_, i) => `P${i % 3000},2023-08-01,因病致贫重病患者,${1000 + (i % 97)}`);
    writeFileSync(join(dir, "c.csv"), "person,date,身份,自付\n" + claims.join("\n") + "\n");
    for (const [line, message] of bad) {
      // the bad line is line 3; a later line is bad too, but the first is reported
      writeFileSync(join(dir, "open.jsonl"), [good("甲"), good("甲", 2022), line, ...Array.from({ length: 9000 }, (_, i) => good(`P${i}`)), "{"].join("\n") + "\n");
      const out = join(dir, "out.csv"), ledgersOut = join(dir, "closing.jsonl");
      const r = bylaw(["batch", XPCC, join(dir, "c.csv"), "--workers", workers, "-o", out, "--ledgers-in", join(dir, "open.jsonl"), "--ledgers-out", ledgersOut]);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toContain(`${join(dir, "open.jsonl")}: ${message}`);
      expect(existsSync(out)).toBe(false);
      expect(existsSync(ledgersOut)).toBe(false);
    }
  });

  it("--ledgers-out onto the claims, the opening ledgers or -o is refused before anything is read", () => {
    const dir = mkdtempSync(join(tmpdir(), "bylaw-ledgers-"));
    writeFileSync(join(dir, "c.csv"), "person,date,身份,自付\n甲,2023-08-01,特困人员,1000\n");
    writeFileSync(join(dir, "open.jsonl"), good("甲") + "\n");
    for (const target of ["c.csv", "open.jsonl", "out.csv"]) {
      const r = bylaw(["batch", XPCC, join(dir, "c.csv"), "-o", join(dir, "out.csv"), "--ledgers-in", join(dir, "open.jsonl"), "--ledgers-out", join(dir, target)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("refusing to overwrite it");
    }
    expect(readFileSync(join(dir, "open.jsonl"), "utf8")).toBe(good("甲") + "\n");
    const missing = bylaw(["batch", XPCC, join(dir, "c.csv"), "--ledgers-in", join(dir, "none.jsonl")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(`${join(dir, "none.jsonl")}: no such file or folder`);
  });
});

describe("bylaw batch: a new version that drops a ledger field", () => {
  const version = (effective: string, fields: string) => `policy t.drop "新版本" {\n  region "测试地区"\n  effective ${effective}\n  source "t.txt"\n}\n` +
    `input { 自付: Money "自付" }\nledger per year {\n${fields}}\noutput 救助: Money "救助" = 自付 * 50% at most 1000元 per year using 已救助\n`;

  it("continues from the old version's closing ledgers (stamped by bylaw), the dropped field kept as it was; DuckDB says it cannot carry it", () => {
    const dir = mkdtempSync(join(tmpdir(), "bylaw-ledgers-"));
    const f = (name: string) => join(dir, name);
    writeFileSync(f("v1.bylaw"), version("2024-01-01", "  已救助: Money \"已救助\"\n  旧累计: Money \"旧累计\"\n"));
    writeFileSync(f("v2.bylaw"), version("2024-07-01", "  已救助: Money \"已救助\"\n"));
    writeFileSync(f("h1.csv"), "person,date,自付\n甲,2024-03-01,1600\n");
    writeFileSync(f("h2.csv"), "person,date,自付\n甲,2024-08-01,1000\n");
    expect(bylaw(["batch", f("v1.bylaw"), f("h1.csv"), "-o", f("h1.out.csv"), "--ledgers-out", f("june.jsonl")]).code).toBe(0);
    const june = JSON.parse(readFileSync(f("june.jsonl"), "utf8"));
    expect(june.values).toEqual({ 已救助: "800.00", 旧累计: "0.00" });
    // July on, v2 alone: 1000 × 50% = 500, but 1000 − 800 = 200 left
    const r = bylaw(["batch", f("v2.bylaw"), f("h2.csv"), "-o", f("h2.out.csv"), "--ledgers-in", f("june.jsonl"), "--ledgers-out", f("july.jsonl")]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(f("h2.out.csv"), "utf8").split("\n")[1]).toMatch(/^1,甲,2024-08-01,true,200\.00,/);
    expect(JSON.parse(readFileSync(f("july.jsonl"), "utf8")).values).toEqual({ 已救助: "1000.00", 旧累计: "0.00" });
    const duck = bylaw(["batch", f("v2.bylaw"), f("h2.csv"), "-o", f("h2.duck.csv"), "--engine", "duckdb", "--ledgers-in", f("june.jsonl")]);
    expect(duck.code).toBe(1);
    expect(duck.stderr).toContain("line 1: ledger field `旧累计` is not one of this rule set's; the DuckDB engine does not carry other fields (use the JS engine)");
  });
});
