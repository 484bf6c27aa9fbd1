import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compile } from "../compiler/index.ts";
import { createBatch, loadRuleSet, parseCsvLine, recordToRow } from "../runtime/index.ts";
import { readLedgerLine, type PersonLedger } from "../runtime/batch/ledger-file.ts";
import { COLUMNS, INPUT_FIELDS, formatFen, formatRow, generateClaims, writeClaims, writeLedgers, type GenOptions } from "./gen-claims.ts";

const dir = mkdtempSync(join(tmpdir(), "gen-claims-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const small: GenOptions = { rows: 1234, people: 100, seed: 42, year: 2023 };

function take(opts: GenOptions, n: number) {
  const rows = [];
  for (const row of generateClaims(opts)) {
    rows.push(row);
    if (rows.length === n) break;
  }
  return rows;
}

describe("gen-claims", () => {
  it("gives the same rows for the same seed", () => {
    expect(take(small, 50)).toEqual(take(small, 50));
    // Pinned so that a change to the generator (and so to every benchmark input) is seen.
    expect(formatRow(take(small, 1)[0]!, "csv")).toBe("P001,2023-03-05,返贫致贫人口,false,门诊,true,true,151.82\n");
  });

  it("gives different rows for different seeds", () => {
    const a = take(small, 20).map((r) => formatRow(r, "jsonl"));
    const b = take({ ...small, seed: 43 }, 20).map((r) => formatRow(r, "jsonl"));
    expect(a).not.toEqual(b);
  });

  it("writes exactly --rows claims, with a header in CSV", async () => {
    const file = join(dir, "claims.csv");
    expect(await writeClaims(file, small)).toBe(1234);
    const lines = readFileSync(file, "utf8").split("\n");
    expect(lines.at(-1)).toBe(""); // ends with a newline
    expect(lines[0]).toBe(COLUMNS.join(","));
    expect(lines.length - 2).toBe(1234);
    expect(new Set(lines.slice(1, -1).map((l) => l.split(",")[0])).size).toBe(100);
  });

  it("writes one JSON object per line, and fewer claims than people", async () => {
    const file = join(dir, "claims.jsonl");
    expect(await writeClaims(file, { ...small, rows: 7, people: 10 })).toBe(7);
    const rows = readFileSync(file, "utf8").trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(rows).toHaveLength(7);
    expect(Object.keys(rows[0])).toEqual([...COLUMNS]);
    expect(Array.isArray(rows[0].身份)).toBe(true);
    expect(typeof rows[0].南疆).toBe("boolean");
  });

  it("orders dates within each person inside the medical year, amounts to the fen", () => {
    const last = new Map<string, string>();
    for (const row of generateClaims({ ...small, year: 2024 })) {
      expect(row.date >= "2024-01-01" && row.date <= "2024-12-31").toBe(true);
      expect(row.date >= (last.get(row.person) ?? "")).toBe(true);
      last.set(row.person, row.date);
      expect(Number.isSafeInteger(row.自付Fen) && row.自付Fen > 0).toBe(true);
      expect(formatRow(row, "csv")).toMatch(/,\d+\.\d{2}\n$/);
    }
  });

  it("matches the XPCC assistance policy's input schema: every row settles", () => {
    const path = "policies/000-xpcc/assistance.bylaw";
    const host = { readFile: (p: string) => readFileSync(p, "utf8") };
    const { artifact } = compile(path, readFileSync(path, "utf8"), host);
    expect(artifact).toBeDefined();
    expect(artifact!.schema.fields.map((f) => f.name)).toEqual([...INPUT_FIELDS]);
    const batch = createBatch(loadRuleSet(artifact));
    for (const row of generateClaims({ ...small, rows: 300, people: 20 })) {
      const result = batch.push(recordToRow(COLUMNS, parseCsvLine(formatRow(row, "csv").trimEnd())));
      expect(result.errors).toBeUndefined();
    }
    const summary = batch.summary();
    expect(summary.ok).toBe(300);
    expect(Number(summary.totals["救助金"])).toBeGreaterThan(0);
  });

  it("formats fen without floating point", () => {
    expect(formatFen(5)).toBe("0.05");
    expect(formatFen(100)).toBe("1.00");
    expect(formatFen(123456789)).toBe("1234567.89");
  });

  it("writes one opening ledger per person that a batch reads, leaving the claims as they were", async () => {
    const file = join(dir, "ledgers.jsonl");
    expect(await writeLedgers(file, small)).toBe(100);
    const lines = readFileSync(file, "utf8").trim().split("\n");
    const read = lines.map((l, i) => readLedgerLine(l, i + 1, "xpcc.assistance"));
    expect(read.map((r) => (r as PersonLedger).person)).toEqual(Array.from({ length: 100 }, (_, i) => `P${String(i + 1).padStart(3, "0")}`));
    for (const r of read) {
      const { 起付已用, 已救助, 累计自付 } = (r as PersonLedger).ledger.values as Record<string, string>;
      expect((r as PersonLedger).ledger.year).toBe(2023);
      expect(Number(起付已用)).toBeLessThanOrEqual(Number(累计自付)); // two decimals below 10^7 keep their order as numbers
      expect(Number(已救助)).toBeLessThanOrEqual(Number(累计自付));
    }
    expect(lines[0]).toBe(`{"person":"P001","year":2023,"values":{"起付已用":"597.89","已救助":"2725.12","累计自付":"25357.71"}}`);
    expect(formatRow(take(small, 1)[0]!, "csv")).toBe("P001,2023-03-05,返贫致贫人口,false,门诊,true,true,151.82\n");
  });
});
