// One result row as a line of output (CSV with fixed columns, or JSON), shared by the
// single-threaded writer and the batch workers so both write the same bytes.
import type { Lang } from "../compiler/index.ts";
import { ledgerType, type LedgerFieldType, type PolicyMeta } from "../runtime/ir/artifact.ts";
import { formatCsvCell, formatCsvRow, renderRuntimeError, type InputError, type ResultRow, RuleBook, type RuleSet } from "../runtime/index.ts";
import { errorCell } from "../runtime/errors.ts";

export type Format = "csv" | "jsonl";

export function formatOf(file: string): Format | undefined {
  if (file.endsWith(".csv")) return "csv";
  if (file.endsWith(".jsonl") || file.endsWith(".ndjson")) return "jsonl";
  return undefined;
}

/** What `batch --engine duckdb` reads and writes: CSV or Parquet. */
export function duckdbFormat(file: string): "csv" | "parquet" | undefined {
  return file.endsWith(".csv") ? "csv" : file.endsWith(".parquet") ? "parquet" : undefined;
}

/** The CSV header line (with its line break), or "" for JSONL. */
export function headerLine(outputs: readonly string[], format: Format): string {
  return format === "csv" ? formatCsvRow(["row", "person", "date", "ok", ...outputs, "alerts", "errors"]) + "\n" : "";
}

/** The versions a batch settles with: a rule book's (earliest first), or the one rule set. */
export function versionsOf(source: RuleSet | RuleBook): readonly RuleSet[] {
  return source instanceof RuleBook ? source.ruleSets : [source];
}

/** The policy closing ledgers are stamped with: a rule book's newest version. */
export function ledgerMeta(source: RuleSet | RuleBook): PolicyMeta {
  return versionsOf(source).at(-1)!.meta;
}

/** Every version's ledger fields, the earliest version's first, with their types. */
export function ledgerFields(...sources: (RuleSet | RuleBook)[]): Map<string, LedgerFieldType> {
  return new Map(sources.flatMap(versionsOf).flatMap((rs) => rs.artifact.ledger.fields.map((f) => [f.name, ledgerType(f)] as const)));
}

/** The result columns: every version's outputs, the earliest version's first. */
export function outputNames(source: RuleSet | RuleBook): string[] {
  return [...new Set(versionsOf(source).flatMap((rs) => [...rs.outputs.keys()]))];
}

/** Runtime errors for JSON output: the values, with their message in the reader's language. */
export function errorsAsJson(errors: readonly InputError[], lang: Lang): (InputError & { message: string })[] {
  return errors.map((e) => ({ ...e, message: renderRuntimeError(e, lang) }));
}

/** The function writing one result row (no line break); error messages in `lang`. */
export function lineFormatter(outputs: readonly string[], format: Format, lang: Lang): (r: ResultRow) => string {
  const tail = tailFormatter(outputs, format, lang), prefix = rowPrefix(format);
  return (r) => prefix + r.row + tail(r);
}

/**
 * The function writing one result row after its row number, so a worker can send the rest
 * and the main thread number rows in input order: `prefix + row + tail` is the whole line.
 */
export function tailFormatter(outputs: readonly string[], format: Format, lang: Lang): (r: ResultRow) => string {
  if (format === "jsonl") {
    return (r) => {
      const s = JSON.stringify(r.errors === undefined ? r : { ...r, errors: errorsAsJson(r.errors, lang) }); // `row` is a result's first key
      return s.slice(ROW_KEY.length + String(r.row).length);
    };
  }
  return (r) => {
    let line = `,${formatCsvCell(r.person)},${formatCsvCell(r.date)},${r.ok}`;
    for (const o of outputs) line += "," + formatCsvCell(r.outputs?.[o]);
    const errors = r.errors === undefined ? "" : r.errors.map((e) => errorCell(e.field, e.code, renderRuntimeError(e, lang))).join("; ");
    return `${line},${formatCsvCell(r.alerts?.join(";"))},${formatCsvCell(errors)}`;
  };
}

const ROW_KEY = '{"row":';

/** What a line holds before its row number: `{"row":` for JSON, nothing for CSV. */
export function rowPrefix(format: Format): string {
  return format === "jsonl" ? ROW_KEY : "";
}
