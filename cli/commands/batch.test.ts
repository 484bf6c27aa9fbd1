// `bylaw batch` on files bigger than one read chunk (64 KB): ledgers carried across chunks,
// quoted cells and multi-byte characters cut by chunk boundaries, rows out in input order.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const XPCC = "policies/000-xpcc/assistance.bylaw";
const PEOPLE = 1500;

function batch(claims: string, out: string) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/bylaw.js"), "batch", XPCC, claims, "-o", out, "--lang", "en"], { cwd: ROOT, encoding: "utf8" });
  return { code: r.status, stderr: r.stderr };
}

// 000 §二(四): 因病致贫重病患者 (第四类), deductible 6000, 60 %. Everyone's first claim (4000 → 0)
// comes before anyone's second (5000 → (5000 − 2000) × 60 % = 1800), so each ledger crosses
// many chunk boundaries. Some people's names hold a comma, so their cells are quoted.
const person = (i: number) => (i % 7 === 0 ? `病人,${i}号` : `病人${i}号`);
const claims = [4000, 5000].flatMap((amount, k) =>
  Array.from({ length: PEOPLE }, (_, i) => ({ person: person(i), date: `2023-0${k + 3}-01`, 身份: "因病致贫重病患者", 自付: String(amount) })));

describe("bylaw batch over many chunks", () => {
  it("CSV: every row in order, each ledger carried across chunks, exact totals", () => {
    const dir = mkdtempSync(join(tmpdir(), "bylaw-batch-"));
    const quote = (s: string) => (s.includes(",") ? `"${s}"` : s);
    const text = "person,date,身份,自付\r\n" + claims.map((c) => [quote(c.person), c.date, c.身份, c.自付].join(",")).join("\r\n") + "\r\n";
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 * 65536);
    writeFileSync(join(dir, "claims.csv"), text);
    const r = batch(join(dir, "claims.csv"), join(dir, "out.csv"));
    expect(r.code).toBe(0);
    const lines = readFileSync(join(dir, "out.csv"), "utf8").trim().split("\n");
    expect(lines[0]).toBe("row,person,date,ok,认定类别,救助金,年度累计个人负担,alerts,errors");
    expect(lines).toHaveLength(2 * PEOPLE + 1);
    lines.slice(1).forEach((line, i) => {
      const p = person(i % PEOPLE);
      expect(line).toBe(`${i + 1},${quote(p)},2023-0${i < PEOPLE ? 3 : 4}-01,true,第四类,${i < PEOPLE ? "0.00,4000.00" : "1800.00,9000.00"},,`);
    });
    expect(r.stderr).toContain(`${2 * PEOPLE} rows: ${2 * PEOPLE} settled, 0 errors, ${PEOPLE} people`);
    expect(r.stderr).toContain("total 救助金 = 2700000.00"); // 1500 × 1800
    expect(r.stderr).toContain("total 年度累计个人负担 = 19500000.00"); // 1500 × (4000 + 9000)
  });

  it("JSONL: a malformed line becomes an error row numbered in sequence and counted", () => {
    const dir = mkdtempSync(join(tmpdir(), "bylaw-batch-"));
    const lines = claims.map((c) => JSON.stringify({ ...c, 身份: [c.身份] }));
    lines.splice(1000, 0, "{not json");
    writeFileSync(join(dir, "claims.jsonl"), lines.join("\n") + "\n");
    const r = batch(join(dir, "claims.jsonl"), join(dir, "out.jsonl"));
    expect(r.code).toBe(3); // some rows are error rows
    const results = readFileSync(join(dir, "out.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(results).toHaveLength(2 * PEOPLE + 1);
    expect(results.map((x) => x.row)).toEqual(results.map((_, i) => i + 1));
    expect(results[1000]).toMatchObject({ row: 1001, ok: false, errors: [{ code: "BR2000" }] });
    expect(results[2 * PEOPLE]).toMatchObject({ person: person(PEOPLE - 1), ok: true, outputs: { 救助金: "1800.00" } });
    expect(r.stderr).toContain(`${2 * PEOPLE + 1} rows: ${2 * PEOPLE} settled, 1 errors, ${PEOPLE} people`);
    expect(r.stderr).toContain("error BR2000: 1");
    expect(r.stderr).toContain("total 救助金 = 2700000.00");
  });
});
