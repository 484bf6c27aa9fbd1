// One result row as a line of output (CSV with fixed columns, or JSON), shared by the
// single-threaded writer and the batch workers so both write the same bytes.
import { formatCsvCell, formatCsvRow, type ResultRow, type RuleSet } from "../runtime/index.ts";

export type Format = "csv" | "jsonl";

export function formatOf(file: string): Format | undefined {
  if (file.endsWith(".csv")) return "csv";
  if (file.endsWith(".jsonl") || file.endsWith(".ndjson")) return "jsonl";
  return undefined;
}

/** The CSV header line (with its line break), or "" for JSONL. */
export function headerLine(outputs: readonly string[], format: Format): string {
  return format === "csv" ? formatCsvRow(["row", "person", "date", "ok", ...outputs, "alerts", "errors"]) + "\n" : "";
}

export function outputNames(ruleSet: RuleSet): string[] {
  return [...ruleSet.outputs.keys()];
}

/** The function writing one result row (no line break). */
export function lineFormatter(outputs: readonly string[], format: Format): (r: ResultRow) => string {
  const tail = tailFormatter(outputs, format), prefix = rowPrefix(format);
  return (r) => prefix + r.row + tail(r);
}

/**
 * The function writing one result row after its row number, so a worker can send the rest
 * and the main thread number rows in input order: `prefix + row + tail` is the whole line.
 */
export function tailFormatter(outputs: readonly string[], format: Format): (r: ResultRow) => string {
  if (format === "jsonl") {
    return (r) => {
      const s = JSON.stringify(r); // `row` is a result's first key
      return s.slice(ROW_KEY.length + String(r.row).length);
    };
  }
  return (r) => {
    let line = `,${formatCsvCell(r.person)},${formatCsvCell(r.date)},${r.ok}`;
    for (const o of outputs) line += "," + formatCsvCell(r.outputs?.[o]);
    const errors = r.errors === undefined ? "" : r.errors.map((e) => `${e.field}: ${e.code} ${e.message}`).join("; ");
    return `${line},${formatCsvCell(r.alerts?.join(";"))},${formatCsvCell(errors)}`;
  };
}

const ROW_KEY = '{"row":';

/** What a line holds before its row number: `{"row":` for JSON, nothing for CSV. */
export function rowPrefix(format: Format): string {
  return format === "jsonl" ? ROW_KEY : "";
}
