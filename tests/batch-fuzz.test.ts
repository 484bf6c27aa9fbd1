// The batch reader against generated claim files, CSV and JSONL: well-formed rows mixed with
// rows breaking the input contract (a surplus or missing cell, an empty or mistyped person or
// date, bytes that are not UTF-8, malformed JSON, a quoted cell never closed), blank lines,
// quoted commas, quotes and line breaks, CRLF, LF and lone CR, a byte-order mark, and the file
// cut into chunks anywhere. Every row must be accounted for, in order and on its line; a row
// breaking the contract never settles and never reaches a ledger (the good rows settle exactly
// as they would alone); and the worker pool's main-thread readers cut the same records, on the
// same lines, as the single-threaded reader.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createBatch, type ResultRow } from "../runtime/index.ts";
import { csvByteSplitter } from "../cli/batch-bytes.ts";
import { createDecoder } from "../cli/batch-decode.ts";
import { jsonlSplitter } from "../cli/batch-route.ts";
import { csvRecordSettler, csvSource, headerCells, jsonlSource, settleJsonLine } from "../cli/batch-sources.ts";
import { seedById } from "./support/seeds.ts";

const rs = seedById("xpcc.assistance").ruleSet;
const RUNS = 300;

/** What a generated row should come to: settled, or an error row with this code. */
type Expect = "ok" | "BR2000" | "BR2103" | "BR2104" | "BR2105" | "BR2106" | "BR2107";

interface Row {
  person: string;
  date: string;
  身份: string;
  自付: string;
  /** how the row breaks the contract, if it does */
  flaw: Flaw | undefined;
}

type Flaw = "surplus" | "short" | "noPerson" | "noDate" | "badDate" | "badBytes" | "personNumber" | "dateNull" | "notJson";

const CODE: Record<Flaw, Expect> = {
  surplus: "BR2103", short: "BR2103", noPerson: "BR2104", noDate: "BR2104", badDate: "BR2105", badBytes: "BR2106",
  personNumber: "BR2105", dateNull: "BR2104", notJson: "BR2000",
};

const person = fc.constantFrom("甲", "乙", "丙,丁", 'say "x"', "两\n行", "P001", "=1+1");
const date = fc.tuple(fc.integer({ min: 8, max: 12 }), fc.integer({ min: 1, max: 28 }))
  .map(([m, d]) => `2022-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
const row = (flaws: Flaw[]) =>
  fc.record({
    person, date,
    身份: fc.constantFrom("因病致贫重病患者", "低保边缘家庭成员"),
    自付: fc.integer({ min: 1, max: 30000 }).map(String),
    flaw: fc.option(fc.constantFrom(...flaws), { freq: 3 }).map((f) => f ?? undefined),
  });
const lineBreak = fc.constantFrom("\n", "\r\n", "\r");

/** Where to cut `n` bytes into chunks. */
const cuts = fc.array(fc.nat(4000), { maxLength: 12 });

function chunks<T extends { length: number; subarray(a: number, b: number): T }>(whole: T, at: number[]): T[] {
  const points = [...new Set([0, ...at.filter((c) => c < whole.length), whole.length])].sort((a, b) => a - b);
  return points.slice(1).map((p, k) => whole.subarray(points[k]!, p));
}

/** A CSV cell, quoted when it must be or when `quote` says so. */
const cell = (s: string, quote: boolean) => (quote || /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

function csvLine(r: Row, quote: boolean): Buffer {
  const person = r.flaw === "noPerson" ? "" : r.person;
  const date = r.flaw === "noDate" ? "" : r.flaw === "badDate" ? "2022-02-30" : r.date;
  let cells = [cell(person, quote), cell(date, quote), cell(r.身份, quote), cell(r.自付, quote)];
  if (r.flaw === "surplus") cells = [...cells.slice(0, 3), r.自付.slice(0, 1), r.自付.slice(1) + "000"]; // an unquoted 12,000
  if (r.flaw === "short") cells = cells.slice(0, 3);
  const text = Buffer.from(cells.join(","));
  if (r.flaw !== "badBytes") return text;
  return Buffer.concat([text, Buffer.from([0xff, 0xc3])]); // two bytes UTF-8 cannot read, in the last cell
}

function jsonLine(r: Row): Buffer {
  if (r.flaw === "notJson") return Buffer.from(`{"person": ${JSON.stringify(r.person)}, `);
  const o: Record<string, unknown> = { person: r.person, date: r.date, 身份: [r.身份], 自付: r.自付 };
  if (r.flaw === "noPerson") delete o.person;
  if (r.flaw === "personNumber") o.person = 7;
  if (r.flaw === "noDate") o.date = "";
  if (r.flaw === "dateNull") o.date = null;
  if (r.flaw === "badDate") o.date = 20220801;
  const text = Buffer.from(JSON.stringify(o));
  if (r.flaw !== "badBytes") return text;
  const at = text.indexOf('"person":"') + 10;
  return Buffer.concat([text.subarray(0, at), Buffer.from([0xed, 0xa0, 0x80]), text.subarray(at)]); // an encoded surrogate
}

/** The file: the lines, each followed by its break, blank lines between some; the line each row starts on. */
function file(header: string | undefined, lines: Buffer[], breaks: string[], blanks: boolean[], bom: boolean) {
  const parts: Buffer[] = [];
  let line = 1;
  if (bom) parts.push(Buffer.from("\ufeff"));
  if (header !== undefined) parts.push(Buffer.from(header + "\n")), line++;
  const starts: number[] = [];
  lines.forEach((l, k) => {
    // a blank line: its break must not make a CRLF with the break before it
    if (blanks[k]) parts.push(Buffer.from(breaks[k - 1] === "\r" ? "\r" : breaks[k]!)), line++;
    starts.push(line);
    parts.push(l, Buffer.from(breaks[k]!));
    line += 1 + (l.toString("latin1").match(/\r\n|\r|\n/g)?.length ?? 0); // breaks inside quoted cells
  });
  return { bytes: Buffer.concat(parts), starts };
}

/** What a result row's first error says about its line. */
const lineOf = (r: ResultRow) => Number(r.errors?.[0]?.args.line);

/** The good rows settled alone, in order: what each must come to in the mixed file. */
function alone(rows: Row[]): (Record<string, unknown> | undefined)[] {
  const batch = createBatch(rs);
  return rows.map((r) => (r.flaw === undefined ? batch.push({ person: r.person, date: r.date, 身份: [r.身份], 自付: r.自付 }).outputs : undefined));
}

function check(rows: Row[], results: ResultRow[], starts: number[]): void {
  expect(results.map((r) => r.row)).toEqual(rows.map((_, k) => k + 1));
  const want = alone(rows);
  results.forEach((r, k) => {
    const flaw = rows[k]!.flaw;
    if (flaw === undefined) {
      expect(r.ok).toBe(true);
      expect(r.outputs).toEqual(want[k]);
    } else {
      expect(r.ok).toBe(false);
      expect(r.errors!.map((e) => e.code)).toContain(CODE[flaw]);
      expect(lineOf(r)).toBe(starts[k]);
    }
  });
}

/** The single-threaded reader over the bytes in chunks. */
function single(bytes: Buffer, at: number[], format: "csv" | "jsonl"): ResultRow[] {
  const batch = createBatch(rs);
  const source = format === "csv" ? csvSource(batch) : jsonlSource(batch);
  const decoder = createDecoder("utf-8");
  const out: ResultRow[] = [];
  for (const c of chunks(bytes, at)) out.push(...source.push(decoder.write(c)));
  out.push(...source.end(decoder.end()));
  return out;
}

/** The pool's main-thread reader over the bytes in chunks, each record then settled in order as a worker would. */
function pooled(bytes: Buffer, at: number[], format: "csv" | "jsonl"): ResultRow[] {
  const batch = createBatch(rs);
  const records: { text: string; line: number }[] = [];
  const text = (t: string, _p: string | undefined, line: number) => records.push({ text: t, line });
  if (format === "jsonl") {
    const s = jsonlSplitter("person", text);
    const decoder = createDecoder("utf-8");
    for (const c of chunks(bytes, at)) s.push(decoder.write(c));
    s.push(decoder.end());
    s.end();
    return records.map((r) => settleJsonLine(batch, r.text, r.line)).filter((r) => r !== undefined);
  }
  // a record read as bytes refers to the Buffer its push returns: its place is kept until then
  let pending: [number, number, number][] = [];
  const s = csvByteSplitter("person", {
    record: (a, b, _h, line) => pending.push([records.push({ text: "", line }) - 1, a, b]),
    text,
  });
  const take = (data: Buffer) => {
    for (const [k, a, b] of pending) records[k]!.text = data.toString("utf8", a, b);
    pending = [];
  };
  for (const c of chunks(bytes, at)) take(s.push(c));
  take(s.end());
  const settle = csvRecordSettler(batch, headerCells(s.header!, s.headerLine)!);
  return records.map((r) => settle(r.text, r.line)).filter((r) => r !== undefined);
}

describe("the batch reader, fuzzed", () => {
  it("CSV: every row accounted for on its line; a row breaking the contract never settles", () => {
    const flaws: Flaw[] = ["surplus", "short", "noPerson", "noDate", "badDate", "badBytes"];
    const input = fc.array(fc.tuple(row(flaws), lineBreak, fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 25 });
    fc.assert(
      fc.property(input, fc.boolean(), fc.boolean(), cuts, (spec, bom, unclosed, at) => {
        const rows = spec.map(([r]) => r);
        const lines = spec.map(([r, , , quote]) => csvLine(r, quote));
        if (unclosed) lines.push(Buffer.from('甲,2022-08-01,因病致贫重病患者,"12000')); // a quoted cell never closed: to the end
        const { bytes, starts } = file("person,date,身份,自付", lines, [...spec.map(([, br]) => br), ""], [...spec.map(([, , blank]) => blank), false], bom);
        const expectRows = unclosed ? [...rows, { ...rows[0]!, flaw: "short" as Flaw }] : rows;
        const one = single(bytes, at, "csv");
        if (unclosed) {
          expect(one.at(-1)!.errors!.map((e) => e.code)).toEqual(["BR2107"]);
          expect(lineOf(one.at(-1)!)).toBe(starts.at(-1));
          check(rows, one.slice(0, -1), starts);
        } else {
          check(expectRows, one, starts);
        }
        expect(pooled(bytes, at, "csv")).toEqual(one);
      }),
      { numRuns: RUNS },
    );
  });

  it("JSONL: every line accounted for; a row breaking the contract never settles", () => {
    const flaws: Flaw[] = ["noPerson", "personNumber", "noDate", "dateNull", "badDate", "badBytes", "notJson"];
    const input = fc.array(fc.tuple(row(flaws), lineBreak, fc.boolean()), { minLength: 1, maxLength: 25 });
    fc.assert(
      fc.property(input, fc.boolean(), cuts, (spec, bom, at) => {
        const rows = spec.map(([r]) => r);
        const { bytes, starts } = file(undefined, rows.map(jsonLine), spec.map(([, br]) => br), spec.map(([, , blank]) => blank), bom);
        const one = single(bytes, at, "jsonl");
        check(rows, one, starts);
        expect(pooled(bytes, at, "jsonl")).toEqual(one);
      }),
      { numRuns: RUNS },
    );
  });
});
