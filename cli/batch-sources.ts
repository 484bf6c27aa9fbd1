// Claims text → settled result rows, for CSV (header first) and JSON Lines. Used by the
// single-threaded batch and, one record at a time, by the batch workers.
import { CsvReader, splitCsv, type Batch, type ResultRow } from "../runtime/index.ts";

/** Turns the claims text, chunk by chunk, into settled result rows. */
export interface RowSource {
  push(text: string): ResultRow[];
  end(text: string): ResultRow[];
}

/** CSV: the first record is the header; the batch plans its columns once. */
export function csvSource(batch: Batch): RowSource {
  const reader = new CsvReader();
  let settle: ((record: readonly string[]) => ResultRow) | undefined;
  const settleAll = (records: string[][]): ResultRow[] => {
    const results: ResultRow[] = [];
    for (const r of records) {
      if (settle === undefined) settle = batch.columns(r);
      else results.push(settle(r));
    }
    return results;
  };
  return {
    push: (text) => settleAll(reader.push(text)),
    end: (text) => settleAll([...reader.push(text), ...reader.end()]),
  };
}

/** The fields of one whole CSV record's text (no line break after it): none if it is blank. */
export function csvRecords(text: string): string[][] {
  if (text.includes('"')) return splitCsv(text);
  return text === "" ? [] : [text.split(",")];
}

export const BREAK = /\r\n|\r|\n/;

/** One JSON line settled; a line that is not a JSON object becomes an error row, a blank one nothing. */
export function settleJsonLine(batch: Batch, line: string): ResultRow | undefined {
  if (line.trim() === "") return undefined;
  let problem: string;
  try {
    const parsed: unknown = JSON.parse(line);
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) return batch.push(parsed as Record<string, unknown>);
    problem = "a row must be a JSON object";
  } catch (e) {
    problem = (e as Error).message;
  }
  return batch.reject([{ code: "BR2000", field: "", args: { detail: problem } }]);
}

/** JSON Lines: one object per line. */
export function jsonlSource(batch: Batch): RowSource {
  let rest = "";
  const settleLines = (lines: string[]): ResultRow[] => {
    const results: ResultRow[] = [];
    for (const line of lines) {
      const r = settleJsonLine(batch, line);
      if (r !== undefined) results.push(r);
    }
    return results;
  };
  return {
    push(text) {
      const lines = (rest + text).split(BREAK);
      rest = lines.pop()!; // not yet a whole line
      return settleLines(lines);
    },
    end(text) {
      const lines = (rest + text).split(BREAK);
      rest = "";
      return settleLines(lines);
    },
  };
}
