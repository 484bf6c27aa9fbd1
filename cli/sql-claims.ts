// Claims read for an SQL engine exactly as the JavaScript batch reads them: the same CSV and
// JSON Lines sources (batch-sources.ts), the same row contract (person, date, cells read by
// the field's type) and the same input checks (the runtime's own). A row the batch would
// refuse, or whose input the runtime would refuse, is an error row made here by the runtime
// itself, and never loaded; every other row becomes a line of the claims table the generated
// SQL reads (sql/index.ts): seq (the row number), person, date and one column per input. With a
// rule book each row is read by the version in force on its date (a date no version covers is
// the runtime's BR2025 error row) into the columns of every version's inputs.
import type { Artifact, TypeName } from "../runtime/ir/artifact.ts";
import { createBatch, RuleBook, type Batch, type EvalResult, type ResultRow, type RuleSet } from "../runtime/index.ts";
import { HeldLedger } from "../runtime/eval/ledger.ts";
import { ErrorList, InputReader } from "../runtime/eval/validate-input.ts";
import { checkArtifact } from "../runtime/load/check-ir.ts";
import type { RtValue } from "../runtime/ir/values.ts";
import type { Dec } from "../runtime/ir/decimal.ts";
import { enumOf, kindOf } from "../runtime/ir/types.ts";
import { sqlColumnType, type DialectName } from "../sql/index.ts";
import { INPUT_SCALE } from "../sql/translate.ts";
import { quote, type Lang } from "../runtime/errors.ts";
import { renderSqlMessage, type SqlCode } from "../sql/diagnostics.ts";
import { versionsOf, type Format } from "./batch-format.ts";
import { csvSource, jsonlSource, type RowSource } from "./batch-sources.ts";

/** A cell of the claims table, as the engine's text input reads it; null is NULL. */
export type Cell = string | null;

/** An input the claims table cannot hold exactly: its row is refused here (BS2003), never cut. */
const TOO_FINE = Symbol("too many decimals");

/** One input's value as its claims-table column holds it (sql/index.ts). */
function cellWriter(type: TypeName, artifact: Artifact): (v: RtValue) => Cell | typeof TOO_FINE {
  switch (kindOf(type)) {
    case "num":
      // Money has two decimals and Int none (the runtime's checks); the others INPUT_SCALE at most
      return (v) => ((v as Dec).decimalPlaces() > INPUT_SCALE ? TOO_FINE : (v as Dec).toFixed());
    case "limit":
      // null (unlimited) would read as "left out" in the table: no seed policy takes a Limit input
      return (v) => {
        if (v === null) throw new Error("an unlimited Limit input cannot be written to the claims table");
        return (v as Dec).toFixed();
      };
    case "set": {
      const members = artifact.schema.enums.find((e) => e.name === enumOf(type))!.members.map((m) => m.name);
      return (v) => {
        let mask = 0n;
        for (const m of v as string[]) mask |= 1n << BigInt(members.indexOf(m));
        return String(mask);
      };
    }
    case "bool":
      return (v) => (v ? "true" : "false");
    default:
      return (v) => String(v);
  }
}

/** Every version's inputs, each once (the earliest version's first): the claims table's input columns. */
function inputNames(artifacts: readonly Artifact[]): string[] {
  return [...new Set(artifacts.flatMap((a) => a.schema.fields.map((f) => f.name)))];
}

/** The claims table's columns: seq, person, date, then the inputs in schema order (a rule
 *  book's versions: each input once, typed as every version types it, BS1006). */
export function claimColumns(artifacts: Artifact | readonly Artifact[], dialect: DialectName): [string, string][] {
  const all = Array.isArray(artifacts) ? artifacts : [artifacts as Artifact];
  const typeOf = (name: string) => all.flatMap((a) => a.schema.fields).find((f) => f.name === name)!.type;
  return [["seq", "BIGINT"], ["person", "VARCHAR"], ["date", "DATE"], ...inputNames(all).map((n): [string, string] => [n, sqlColumnType(typeOf(n), dialect)])];
}

/** A claim the engine settles: its row number (seq) and its cells in claimColumns order. */
export type ClaimCells = Cell[];

/** A row the SQL engine refuses though the JS engine would settle it: its error text, in the results' words. */
export interface Refusal {
  row: number;
  person: string;
  date: string;
  code: SqlCode;
  /** `field: CODE message`, as a result row's errors cell */
  text: string;
}

export type ClaimItem = ClaimCells | ResultRow | Refusal;

export interface ClaimRead {
  /** the rows read from the text, in order: a claim to load, an error row made here, or a refusal */
  push(text: string): ClaimItem[];
  end(text: string): ClaimItem[];
}

/**
 * Reads claims text (CSV or JSON Lines) into claims-table rows and error rows. The batch's
 * row reading is reused whole: it is given rule sets that read each claim's input with the
 * runtime's InputReader and, where the input is good, hand the values on instead of settling.
 */
export function readClaims(source: RuleSet | RuleBook, format: Format, lang: Lang): ClaimRead {
  const versions = versionsOf(source);
  const columns = inputNames(versions.map((rs) => rs.artifact));
  /** the inputs read (or why the SQL engine cannot take them) since the last rows were converted, in row order */
  let read: (Cell[] | Omit<Refusal, "row" | "person" | "date">)[] = [];
  const readers = versions.map((rs) => readingRuleSet(rs, columns, lang, (x) => read.push(x)));
  const batch: Batch = createBatch(source instanceof RuleBook ? new RuleBook(readers) : readers[0]!);
  const rows: RowSource = format === "csv" ? csvSource(batch) : jsonlSource(batch);
  const convert = (results: ResultRow[]): ClaimItem[] => {
    let k = 0;
    const out = results.map((r): ClaimItem => {
      if (!r.ok) return r;
      const got = read[k++]!;
      return Array.isArray(got) ? [String(r.row), r.person!, r.date!, ...got] : { row: r.row, person: r.person!, date: r.date!, ...got };
    });
    read = [];
    return out;
  };
  return { push: (text) => convert(rows.push(text)), end: (text) => convert(rows.end(text)) };
}

/** A rule set that reads a claim's input into the cells of `columns` (NULL for another version's inputs) and hands them to `take`. */
function readingRuleSet(ruleSet: RuleSet, columns: readonly string[], lang: Lang, take: (cells: Cell[] | Omit<Refusal, "row" | "person" | "date">) => void): RuleSet {
  const artifact = ruleSet.artifact;
  const reader = new InputReader(checkArtifact(artifact));
  const writers = reader.fields.map((f) => ({ name: f.name, type: f.type, index: f.index, column: columns.indexOf(f.name), write: cellWriter(f.type, artifact) }));
  return {
    artifact, meta: ruleSet.meta, outputs: new Map(),
    evaluate(input, _ledger, options): EvalResult {
      const errors = new ErrorList();
      const slots = reader.read(input, errors);
      // refused input: the runtime's own result (its errors come before any ledger is read)
      if (slots === undefined) return ruleSet.evaluate(input, undefined, options);
      const cells: Cell[] = columns.map(() => null);
      for (const w of writers) {
        const cell = w.write(slots[w.index]!);
        if (cell === TOO_FINE) {
          // as the DuckDB engine's reader words it (sql/read-claims.ts)
          const args = { field: w.name, value: quote((input as Record<string, unknown>)[w.name]), max: String(INPUT_SCALE), type: w.type };
          take({ code: "BS2003", text: `${w.name}: BS2003 ${renderSqlMessage("BS2003", args, lang)}` });
          return { ok: true, outputs: {}, alerts: [], ledger: HeldLedger.EMPTY };
        }
        cells[w.column] = cell;
      }
      take(cells);
      return { ok: true, outputs: {}, alerts: [], ledger: HeldLedger.EMPTY };
    },
  };
}
