// Claims text → settled result rows, for CSV (header first) and JSON Lines, each row told
// the line it starts on. Used by the single-threaded batch and, one record at a time, by the
// batch workers. A header the batch cannot read throws a HeaderError (the file is refused).
import { type Batch, type ResultRow } from "../runtime/index.ts";
import { checkHeader, HeaderError } from "../runtime/batch/batch.ts";
import { CsvCutter, isBlank, lastBreak, recordCells } from "../runtime/batch/csv.ts";
import { inputError, quote } from "../runtime/errors.ts";
import type { RowsOut } from "./batch-protocol.ts";

/** Turns the claims text, chunk by chunk, into settled result rows. */
export interface RowSource {
  push(text: string): ResultRow[];
  end(text: string): ResultRow[];
}

/** A header record's cells, checked (throws a HeaderError); undefined for a blank record. */
export function headerCells(text: string, line: number): string[] | undefined {
  const cells = recordCells(text);
  if (cells === undefined) throw new HeaderError("BR2107", { line });
  if (isBlank(cells)) return undefined;
  checkHeader(cells);
  return cells;
}

/** No header at all: refused as a header without the person column. */
export function noHeader(): HeaderError {
  return new HeaderError("BR2100", { field: "person" });
}

/** Settles one CSV record's raw text under `header`; undefined for a blank record. */
export function csvRecordSettler(batch: Batch, header: readonly string[]): (text: string, line: number) => ResultRow | undefined {
  const settle = batch.columns(header);
  return (text, line) => {
    const cells = recordCells(text);
    if (cells === undefined) return batch.reject([inputError("BR2107", "", { line })]);
    return isBlank(cells) ? undefined : settle(cells, line);
  };
}

type Sink = (text: string, line: number) => void;

/** Records (or lines) cut from the text, each settled into at most one row. */
function rowSource(cutter: { push(text: string, sink: Sink): void; end(sink: Sink): void }, settle: (text: string, line: number) => ResultRow | undefined, finish = () => {}): RowSource {
  let out: ResultRow[] = [];
  const sink = (text: string, line: number): void => {
    const r = settle(text, line);
    if (r !== undefined) out.push(r);
  };
  const take = (): ResultRow[] => {
    const results = out;
    out = [];
    return results;
  };
  return {
    push(text) {
      cutter.push(text, sink);
      return take();
    },
    end(text) {
      cutter.push(text, sink);
      cutter.end(sink);
      finish();
      return take();
    },
  };
}

/** CSV: the first record is the header; the batch plans its columns once. */
export function csvSource(batch: Batch): RowSource {
  let settle: ((text: string, line: number) => ResultRow | undefined) | undefined;
  const record = (text: string, line: number): ResultRow | undefined => {
    if (settle !== undefined) return settle(text, line);
    const header = headerCells(text, line);
    if (header !== undefined) settle = csvRecordSettler(batch, header);
    return undefined;
  };
  return rowSource(new CsvCutter(), record, () => {
    if (settle === undefined) throw noHeader();
  });
}

/** The fields of one whole CSV record's text (no line break after it): none if it is blank. */
export function csvRecords(text: string): string[][] {
  const cells = recordCells(text) ?? recordCells(text + '"')!;
  return isBlank(cells) ? [] : [cells];
}

export const BREAK = /\r\n|\r|\n/;

/**
 * Cuts text given in chunks into lines (CRLF, LF or a lone CR), numbering them. Linear: a
 * chunk without a line break is only kept, and an unfinished line joined once when it ends.
 */
export class LineCutter {
  private parts: string[] = [];
  private afterCr = false;
  private first = true;
  private line = 1;

  push(text: string, sink: Sink): void {
    let i = 0;
    if (this.first && text.length > 0) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) i = 1; // byte-order mark
    }
    if (this.afterCr && i < text.length) {
      this.afterCr = false;
      if (text.charCodeAt(i) === 10) i++;
    }
    const lb = lastBreak(text, i, text.length);
    if (lb >= i) {
      const lines = text.slice(i, lb + 1).split(BREAK);
      lines.pop(); // after the last break
      if (this.parts.length > 0) {
        lines[0] = this.parts.join("") + lines[0];
        this.parts = [];
      }
      for (const l of lines) sink(l, this.line++);
      this.afterCr = lb === text.length - 1 && text.charCodeAt(lb) === 13; // an LF may follow in the next text
      i = lb + 1;
    }
    if (i < text.length) this.parts.push(text.slice(i));
  }

  end(sink: Sink): void {
    const rest = this.parts.join("");
    this.parts = [];
    if (rest !== "") sink(rest, this.line++);
  }
}

/** One JSON line settled; a line that is not a JSON object becomes an error row, a blank one nothing. */
export function settleJsonLine(batch: Batch, text: string, line: number): ResultRow | undefined {
  if (text.trim() === "") return undefined;
  let problem: string;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) return batch.push(parsed as Record<string, unknown>, line);
    problem = "a row must be a JSON object";
  } catch (e) {
    problem = quote((e as Error).message, 200);
  }
  return batch.reject([inputError("BR2000", "", { line, detail: problem })]);
}

/** JSON Lines: one object per line. */
export function jsonlSource(batch: Batch): RowSource {
  return rowSource(new LineCutter(), (text, line) => settleJsonLine(batch, text, line));
}

/**
 * Settles a worker's records (RowsOut) in the order they came: those sent as bytes (plain CSV
 * lines of well-formed UTF-8), then those sent as text. `done` gets each result row and the
 * record's sequence number; a blank record gives none.
 */
export function forEachRecord(m: RowsOut, settle: (text: string, line: number) => ResultRow | undefined, done: (r: ResultRow, seq: number) => void): void {
  if (m.bytes !== undefined) {
    const bytes = Buffer.from(m.bytes);
    for (let k = 0; k < m.starts.length; k++) {
      const s = m.starts[k]!;
      const r = settle(bytes.toString("utf8", s, s + m.byteLens[k]!), m.byteLines[k]!);
      if (r !== undefined) done(r, m.byteSeqs[k]!);
    }
  }
  let at = 0;
  for (let k = 0; k < m.lens.length; k++) {
    const text = m.text.slice(at, at + m.lens[k]!);
    at += m.lens[k]!;
    const r = settle(text, m.lines[k]!);
    if (r !== undefined) done(r, m.seqs[k]!);
  }
}
