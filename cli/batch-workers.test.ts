// `bylaw batch` on a worker pool: the same bytes and the same summary as one thread, on files
// large enough to take the pool, with people interleaved, quoted names and bad rows.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { splitCsv } from "../runtime/index.ts";
import { csvRecords } from "./batch-sources.ts";
import { csvByteSplitter } from "./batch-bytes.ts";
import { csvSplitter, jsonlSplitter, textHash, utf8Hash, workerOf } from "./batch-route.ts";
import { mergeSummaries } from "./batch-workers.ts";
import { POOL_MIN_BYTES } from "./commands/batch.ts";

const ROOT = resolve(import.meta.dirname, "..");
const XPCC = "policies/000-xpcc/assistance.bylaw";

function batch(claims: string, out: string, workers: number) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/bylaw.js"), "batch", XPCC, claims, "-o", out, "--lang", "en", "--workers", String(workers)], { cwd: ROOT, encoding: "utf8" });
  return { code: r.status, summary: r.stderr.replace(/, [\d.]+ s\n/, "\n"), out: readFileSync(out) };
}

/** A seeded generator (LCG), so the interleaving is the same every run. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

// 000 §二(四): 因病致贫重病患者, deductible 6000, 60 %. Each person has CLAIMS claims of 1000, so
// claims 1–6 pay 0 and claims 7–12 pay 600 each: 3600 a person, whoever settles them, as long
// as each person's claims stay in order. Every 97th person's name holds a comma (quoted).
const PEOPLE = 3000, CLAIMS = 12;
const person = (i: number) => (i % 97 === 0 ? `参保人员,第${i}号` : `参保人员第${i}号`);
function claims(): { person: string; 自付: string }[] {
  const next = random(7);
  const left = Array.from({ length: PEOPLE }, () => CLAIMS);
  const open = Array.from({ length: PEOPLE }, (_, i) => i);
  const rows: { person: string; 自付: string }[] = [];
  while (open.length > 0) {
    const k = Math.floor(next() * open.length), i = open[k]!;
    rows.push({ person: person(i), 自付: "1000" });
    if (--left[i]! === 0) open.splice(k, 1);
    if (rows.length % 10007 === 0) rows.push({ person: person(i), 自付: "abc" }); // BR2005, ledger untouched
  }
  return rows;
}
const BAD = Math.floor((PEOPLE * CLAIMS) / 10007); // rows.length passes a multiple of 10007 this often before the bad rows push it on

const quote = (s: string) => (s.includes(",") ? `"${s}"` : s);

describe("bylaw batch --workers 2 against --workers 1", () => {
  // plain: read as bytes throughout (CRLF, no line break at the end); quoted: names with commas
  // hand the file to the text reader at the first quote
  it.each([
    { name: "plain", quoted: false, end: "\r\n" },
    { name: "quoted", quoted: true, end: "\n" },
  ])("CSV ($name): byte-identical rows in input order and an identical summary", ({ quoted, end }) => {
    const dir = mkdtempSync(join(tmpdir(), "bylaw-pool-"));
    const file = join(dir, "claims.csv");
    const name = (p: string) => (quoted ? quote(p) : p.replace(",", ""));
    writeFileSync(file, "\ufeffperson,date,身份,自付" + claims().map((c) => `${end}${name(c.person)},2023-03-01,因病致贫重病患者,${c.自付}`).join(""));
    expect(statSync(file).size).toBeGreaterThan(POOL_MIN_BYTES); // large enough for the pool
    const one = batch(file, join(dir, "one.csv"), 1), two = batch(file, join(dir, "two.csv"), 2);
    expect(one.code).toBe(3); // some rows are error rows
    expect(two.code).toBe(3);
    expect(two.out.equals(one.out)).toBe(true);
    expect(two.summary).toBe(one.summary);
    const rows = PEOPLE * CLAIMS + BAD;
    expect(two.summary).toContain(`${rows} rows: ${PEOPLE * CLAIMS} settled, ${BAD} errors, ${PEOPLE} people`);
    expect(two.summary).toContain(`total 救助金 = ${PEOPLE * 3600}.00`);
    expect(two.summary).toContain(`total 年度累计个人负担 = ${PEOPLE * 78000}.00`); // 1000 + 2000 + … + 12000
    expect(two.summary).toContain(`error BR2005: ${BAD}`);
    const lines = two.out.toString("utf8").trim().split("\n");
    expect(lines.slice(1).map((l) => Number(l.split(",")[0]))).toEqual(Array.from({ length: rows }, (_, i) => i + 1));
  });

  it("JSONL: byte-identical, a malformed line numbered in sequence and counted", () => {
    const dir = mkdtempSync(join(tmpdir(), "bylaw-pool-"));
    const file = join(dir, "claims.jsonl");
    const lines = claims().map((c) => JSON.stringify({ person: c.person, date: "2023-03-01", 身份: ["因病致贫重病患者"], 自付: c.自付 }));
    lines.splice(5000, 0, "{not json", "");
    writeFileSync(file, lines.join("\n") + "\n");
    const one = batch(file, join(dir, "one.jsonl"), 1), two = batch(file, join(dir, "two.jsonl"), 2);
    expect(two.out.equals(one.out)).toBe(true);
    expect(two.summary).toBe(one.summary);
    expect(two.summary).toContain(`${PEOPLE * CLAIMS + BAD + 1} rows: ${PEOPLE * CLAIMS} settled, ${BAD + 1} errors, ${PEOPLE} people`);
    expect(two.summary).toContain("error BR2000: 1");
    expect(JSON.parse(two.out.toString("utf8").split("\n")[5000]!)).toMatchObject({ row: 5001, ok: false, errors: [{ code: "BR2000" }] });
  });
});

describe("routing records to workers", () => {
  // quotes, "" inside quotes, quoted line breaks, CRLF, a lone CR, blank lines, a BOM, a stray quote
  const text =
    '\ufeffperson,date,自付\r\n' +
    'A,2023-01-01,1\r\n"B,1","2023-\n01-02",2\n\n"",\r' +
    'C"x,2023-01-03,"3""4"\r\n"A",2023-01-04,5\rD,,6\n' +
    '"E\r\n",x,"unterminated';

  it("cuts the same records as runtime/batch/csv.ts in any chunking, naming each person", () => {
    const want = splitCsv(text.slice(1)).slice(1);
    const next = random(3);
    for (let round = 0; round < 200; round++) {
      const got: string[][] = [];
      const people: (string | undefined)[] = [];
      const s = csvSplitter("person", (record, p) => {
        for (const r of csvRecords(record)) got.push(r), people.push(p);
      });
      for (let i = 0; i < text.length; ) {
        const n = 1 + Math.floor(next() * 12);
        s.push(text.slice(i, i + n));
        i += n;
      }
      s.end();
      expect(s.header).toBe("person,date,自付");
      expect(s.headerLine).toBe(1);
      expect(got).toEqual(want);
      // the last record's quoted cell never closes: it names no person (and will be an error row)
      expect(people).toEqual(want.map((r, i) => (r[0] === "" || i === want.length - 1 ? undefined : r[0])));
    }
  });

  it("reads a JSON line's person cheaply or, when unsure, by parsing", () => {
    const got: (string | undefined)[] = [];
    const s = jsonlSplitter("person", (_, p) => got.push(p));
    s.push('{"person": "甲", "x": 1}\n{"note":"person","person":"乙"}\r\n{"person":"\\u4e19"}\n   \n{"a":{"person":"x"}}\n{"person":7}\n{bad\n{"person":""}');
    s.end();
    expect(got).toEqual(["甲", "乙", "丙", "x", undefined, undefined, undefined]);
    expect(workerOf(undefined, 2)).toBe(0);
  });
});

describe("reading plain CSV as bytes", () => {
  /** Records (as fields) and person hashes from the byte reader, fed in chunks of 1..max bytes. */
  function read(text: string, max: number, next: () => number) {
    const got: { seq: number; fields: string[][]; hash: number | undefined }[] = [];
    let pending: [number, number, number, number | undefined][] = [];
    let seq = 0;
    const s = csvByteSplitter("person", {
      record: (start, end, hash) => pending.push([seq++, start, end, hash]),
      text: (record, p) => got.push({ seq: seq++, fields: csvRecords(record), hash: p === undefined ? undefined : textHash(p) }),
    });
    // a push's records refer to the Buffer it returns
    const take = (data: Buffer) => {
      for (const [n, a, b, hash] of pending) got.push({ seq: n, fields: csvRecords(data.toString("utf8", a, b)), hash });
      pending = [];
    };
    const bytes = Buffer.from(text);
    for (let i = 0; i < bytes.length; ) {
      const n = 1 + Math.floor(next() * max);
      take(s.push(bytes.subarray(i, i + n)));
      i += n;
    }
    take(s.end());
    return { got: got.sort((a, b) => a.seq - b.seq), header: s.header };
  }

  const plain = "\ufeffdate,person,自付\r\n2023-01-01,张三,1\r\n\r\n2023-01-02,,2\n2023-01-03,李四,3\r\n2023-01-04,张三\r\n2023-01-05";
  const tricky = plain + '\r\n2023-01-06,"张三",6\r\n2023-01-07,张三,"7\r\n8"\r2023-01-08,李四,9';

  it.each([plain, tricky, tricky.replace(/\r\n/g, "\n")])("cuts the records runtime/batch/csv.ts does, in any chunking (%#)", (text) => {
    const want = splitCsv(text).slice(1);
    const next = random(5);
    for (let round = 0; round < 100; round++) {
      const { got, header } = read(text, 1 + (round % 40), next);
      expect(header).toBe("date,person,自付");
      expect(got.flatMap((g) => g.fields)).toEqual(want);
      // each record's person, hashed the same whether read as bytes or as text
      expect(got.map((g) => g.hash)).toEqual(want.map((r) => (r[1] === "" || r[1] === undefined ? undefined : textHash(r[1]))));
    }
  });

  it("hashes a name's bytes as its text, even when the bytes are not valid UTF-8", () => {
    for (const name of ["P000001", "张三", "𠀀x", "é"]) expect(utf8Hash(Buffer.from(name), 0, Buffer.byteLength(name))).toBe(textHash(name));
    const bad = Buffer.from([0x41, 0xff, 0xe5, 0xbc]); // decodes to "A\ufffd\ufffd"
    expect(utf8Hash(bad, 0, 4)).toBe(textHash(bad.toString("utf8")));
    expect(textHash("\ud800")).toBe(textHash("\ufffd")); // a lone surrogate is written as U+FFFD
  });
});

describe("merging the workers' summaries", () => {
  it("adds exactly and lists keys where they first appeared", () => {
    const base = { rows: 0, ok: 0, failed: 0, persons: 0 };
    const s = mergeSummaries([
      { summary: { ...base, rows: 3, ok: 2, failed: 1, persons: 2, totals: { 乙: "0.10", 甲: "0.20" }, alerts: { b: 1 }, errors: { E2: 1 } },
        first: { totals: [["乙", 4, 0], ["甲", 4, 1]], alerts: [["b", 9, 0]], errors: [["E2", 2, 1]] } },
      { summary: { ...base, rows: 2, ok: 1, failed: 1, persons: 1, totals: { 甲: "9007199254740993.01", 乙: "0.20" }, alerts: { a: 1 }, errors: { E2: 1, E1: 1 } },
        first: { totals: [["甲", 1, 0], ["乙", 1, 1]], alerts: [["a", 3, 0]], errors: [["E2", 5, 0], ["E1", 2, 0]] } },
    ]);
    expect(s).toEqual({ rows: 5, ok: 3, failed: 2, persons: 3, totals: { 甲: "9007199254740993.21", 乙: "0.30" }, alerts: { a: 1, b: 1 }, errors: { E1: 1, E2: 2 } });
    expect(Object.keys(s.totals)).toEqual(["甲", "乙"]);
    expect(Object.keys(s.alerts)).toEqual(["a", "b"]);
    expect(Object.keys(s.errors)).toEqual(["E1", "E2"]);
  });
});
