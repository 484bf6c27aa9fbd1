// `bylaw batch --engine postgres --db postgresql://…`: the rule set compiled to PostgreSQL
// (sql/), the claims and opening ledgers loaded with COPY, the settlement run on the server,
// and the result rows and closing ledgers read back through cursors and written as the
// JavaScript engine writes them (the same columns, money to the fen, the same error text).
//
// The claims are read here as the JS batch reads them (sql-claims.ts): a row it would refuse is
// an error row made here, kept on the server beside the results (so memory stays flat), and
// merged back in row order. Everything the run makes on the server is rolled back at the end
// (pg-engine.ts). The settled view is made a table once, so the results and the closing
// ledgers do not compute the settlement twice.
import { createReadStream } from "node:fs";
import type { Lang } from "../compiler/index.ts";
import { formatCsvCell, formatCsvRow, RuleBook, type BatchSummary, type ResultRow, type RuleSet } from "../runtime/index.ts";
import { D, type Dec } from "../runtime/ir/decimal.ts";
import { formatMoney } from "../runtime/ir/money.ts";
import { setOwn } from "../runtime/ir/shape.ts";
import { ledgerLine } from "../runtime/batch/ledger-file.ts";
import { inputError, quote } from "../runtime/errors.ts";
import { compileRuleBookSql, compileSql, renderSqlMessage, type SqlResult } from "../sql/index.ts";
import { DIALECT } from "../sql/dialect.ts";
import { createDecoder, type Encoding } from "./batch-decode.ts";
import { lineFormatter, outputNames, versionsOf, type Format } from "./batch-format.ts";
import { asTables, ledgerOrder, sharedViews } from "./sql-book.ts";
import { closingText, readOpening, refuseUncarried, type LedgerRun } from "./batch-ledgers.ts";
import type { RowWriter } from "./batch-writer.ts";
import { CliError } from "./load-policy.ts";
import { copyLine } from "./pg-copy.ts";
import { runOnPostgres } from "./pg-engine.ts";
import { STEPS, type Step } from "./engine-errors.ts";
import type { Progress } from "./progress.ts";
import { claimColumns, readClaims, type Refusal } from "./sql-claims.ts";
import { Handoff } from "./handoff.ts";

const id = DIALECT.postgres.ident;
const CLAIMS = "bylaw_claims", OPENING = "bylaw_ledgers_in", REFUSED = "bylaw_refused", PREFIX = "bylaw_";
/** Claims text read (and COPY data sent) at a time. */
const CHUNK = 1 << 20;

export interface PostgresBatch {
  url: string;
  /** a rule set, or several versions of one (sql/rulebook.ts) */
  ruleSet: RuleSet | RuleBook;
  claims: string;
  size: number;
  inFormat: Format;
  encoding: Encoding;
  lang: Lang;
  writer: RowWriter;
  progress: Progress;
  /** write a line on standard error as each step on the server starts */
  steps: boolean;
  ledgers: LedgerRun | undefined;
}

/** The generated SQL for the rule set (or book), with its settled view made a table (and a rule
 *  book's route and each version's settlement and ledgers: bookTables); a CliError naming each
 *  BS code when there is none. */
function settlementSql(source: RuleSet | RuleBook, lang: Lang): string {
  const versions = versionsOf(source), options = { dialect: "postgres", lang, claims: CLAIMS, ledgers: OPENING, prefix: PREFIX } as const;
  const book = source instanceof RuleBook;
  const r: SqlResult = book ? compileRuleBookSql(versions.map((rs) => rs.artifact), options) : compileSql(versions[0]!.artifact, options);
  if (!r.ok) {
    throw new CliError(r.diagnostics.map((d) => `${versions[0]!.meta.id}: ${d.code}: ${renderSqlMessage(d.code, d.args, lang)}`).join("\n"));
  }
  return asTables(r.sql, "postgres", PREFIX, ["settled", ...(book ? sharedViews(versions.length) : [])], "CREATE TEMP TABLE");
}

/** An exact running total of each Money output. */
class Totals {
  private readonly sums = new Map<string, Dec>();
  add(name: string, value: string): void {
    this.sums.set(name, (this.sums.get(name) ?? new D(0)).plus(value));
  }
  record(): Record<string, string> {
    const o: Record<string, string> = {};
    for (const [name, sum] of this.sums) setOwn(o, name, formatMoney(sum));
    return o;
  }
}

/** Counts by name, as the summary lists alerts and error codes. */
function count(m: Record<string, number>, key: string): void {
  setOwn(m, key, (m[key] ?? 0) + 1);
}

/** The error codes in a result's errors text (`field: CODE message; …`). */
const CODE = /(?:^|; )[^;]*?: (B[RS]\d{4}) /g;

/** The COPY lines of the claims file: claims to settle; rows refused here go to `refuse`. */
async function* claimLines(b: PostgresBatch, refuse: (r: ResultRow | Refusal) => void, onRow: (bytes: number, rows: number) => void): AsyncIterable<string> {
  const read = readClaims(b.ruleSet, b.inFormat, b.lang);
  const decoder = createDecoder(b.encoding);
  let bytes = 0, rows = 0;
  const lines = (items: ReturnType<typeof read.push>): string => {
    let text = "";
    for (const item of items) {
      rows++;
      if (Array.isArray(item)) text += copyLine(item);
      else refuse(item);
    }
    return text;
  };
  for await (const chunk of createReadStream(b.claims, { highWaterMark: CHUNK })) {
    bytes += (chunk as Buffer).length;
    const text = lines(read.push(decoder.write(chunk as Buffer)));
    onRow(bytes, rows);
    if (text !== "") yield text;
  }
  const text = lines(read.end(decoder.end()));
  if (text !== "") yield text;
}

/** The opening ledgers' COPY lines, a chunk at a time; a bad line (or a person listed twice for a year) is a LedgerFileError. */
function openingLines(b: PostgresBatch, fields: readonly string[], opened: (n: number) => void): AsyncIterable<string> {
  const ledgers = b.ledgers!;
  const seen = new Set<string>();
  const handoff = new Handoff(4);
  readOpening(ledgers.in!, ledgers, async ({ entries, lines }) => {
    let text = "";
    for (let k = 0; k < entries.length; k++) {
      const { person, ledger } = entries[k]!;
      refuseUncarried(ledgers, ledger.values, lines[k]!, fields, "PostgreSQL");
      const key = `${ledger.year} ${person}`;
      if (seen.has(key)) return inputError("BR2114", "person", { line: lines[k]!, person: quote(person), year: ledger.year });
      seen.add(key);
      text += copyLine([person, String(ledger.year), ...fields.map((f) => (ledger.values as Record<string, string>)[f] ?? null)]);
    }
    await handoff.put(text);
    return undefined;
  }).then((n) => {
    opened(n);
    handoff.end();
  }, (error: unknown) => handoff.end({ error }));
  return handoff.take();
}

/**
 * Settles the claims file on the server; writes the result rows (and the closing ledgers when
 * asked) and returns the run's summary. Throws an EngineError when the server fails, a
 * LedgerFileError for a bad opening ledger, a CliError when the rule set has no SQL plan.
 */
export async function settleOnPostgres(b: PostgresBatch): Promise<BatchSummary> {
  const { ruleSet, lang, writer, ledgers } = b;
  const sql = settlementSql(ruleSet, lang);
  const versions = versionsOf(ruleSet), book = ruleSet instanceof RuleBook;
  const outputs = outputNames(ruleSet);
  const typeOf = (o: string) => versions.find((rs) => rs.outputs.has(o))!.outputs.get(o)!.type;
  const money = new Set(outputs.filter((o) => typeOf(o) === "Money"));
  const bools = new Set(outputs.filter((o) => typeOf(o) === "Bool"));
  const fields = [...new Set(versions.flatMap((rs) => rs.artifact.ledger.fields.map((f) => f.name)))];
  // a rule book's ledgers hold the fields their versions wrote, in the JS batch's order
  const order = book ? ledgerOrder(versions, fields) : () => fields;
  /** rows refused here, as their result lines and error codes: held until the claims are loaded (COPY runs one at a time) */
  const refused: string[] = [];
  const refusedLine = lineFormatter(outputs, "csv", lang);
  const noOutputs = outputs.map(() => "");
  const summary: BatchSummary = { rows: 0, ok: 0, failed: 0, persons: 0, totals: {}, alerts: {}, errors: {} };
  const totals = new Totals();
  const people = new Set<string>();

  async function* refusedLines(): AsyncIterable<string> {
    if (refused.length > 0) yield refused.splice(0).join("");
  }

  /** A result row from the server as a CSV line, counted in the summary. */
  const resultLine = (r: (string | null)[]): string => {
    // seq, line (a row refused here, written whole), person, date, ok, outputs…, alerts, errors, codes (of a refused row)
    summary.rows++;
    if (r[1] !== null) {
      summary.failed++;
      for (const code of r[r.length - 1]!.split(" ")) count(summary.errors, code);
      return Buffer.from(r[1], "base64").toString("utf8");
    }
    const ok = r[4] === "t";
    let line = `${r[0]},${formatCsvCell(r[2])},${formatCsvCell(r[3])},${ok}`;
    for (let i = 0; i < outputs.length; i++) {
      const v = r[5 + i]!;
      const name = outputs[i]!;
      if (ok && v !== null && money.has(name)) totals.add(name, v); // null: another version's output
      line += "," + formatCsvCell(v !== null && bools.has(name) ? String(v === "t") : v);
    }
    const alerts = r[5 + outputs.length] ?? null, errors = r[6 + outputs.length] ?? null;
    if (ok) {
      summary.ok++;
      people.add(r[2]!);
      if (alerts !== null) for (const a of alerts.split(";")) count(summary.alerts, a);
    } else {
      summary.failed++;
      for (const code of (errors ?? "").matchAll(CODE)) count(summary.errors, code[1]!);
    }
    return `${line},${formatCsvCell(alerts)},${formatCsvCell(errors)}`;
  };

  const columns = claimColumns(versions.map((rs) => rs.artifact), "postgres");
  const money2 = "NUMERIC(18, 2)";
  const results = [
    `SELECT seq, NULL::text AS line, ${["person", "date", "ok", ...outputs, "alerts", "errors"].map(id).join(", ")}, NULL::text AS codes FROM ${PREFIX}results`,
    `UNION ALL SELECT seq, line, ${["person", "date", "ok", ...outputs, "alerts", "errors"].map(() => "NULL").join(", ")}, codes FROM ${REFUSED}`,
    "ORDER BY seq",
  ].join("\n");
  const refuse = (r: ResultRow | Refusal) => {
    const [line, codes] = "ok" in r
      ? [refusedLine(r), (r.errors ?? []).map((e) => e.code)]
      : [formatCsvRow([String(r.row), r.person, r.date, "false", ...noOutputs, "", r.text]), [r.code]];
    // kept as base64: the row is written back as it was read, a NUL (which no PostgreSQL text
    // holds) included
    refused.push(copyLine([String(r.row), Buffer.from(line, "utf8").toString("base64"), codes.join(" ")]));
  };
  let lastStep: Step | undefined;
  await runOnPostgres(b.url, {
    onStep: (step) => {
      if (b.steps && step !== lastStep) process.stderr.write(`${STEPS[step][lang === "zh" ? 1 : 0]}…\n`);
      lastStep = step;
    },
    prepare: [
      `CREATE TEMP TABLE ${CLAIMS} (${columns.map(([name, type]) => `${id(name)} ${type}`).join(", ")})`,
      `CREATE TEMP TABLE ${OPENING} (person VARCHAR, year INTEGER${fields.map((f) => `, ${id(f)} ${money2}`).join("")})`,
      `CREATE TEMP TABLE ${REFUSED} (seq BIGINT, line TEXT, codes TEXT)`,
    ],
    loads: [
      ...(ledgers?.in === undefined ? [] : [{ step: "ledgers" as const, copy: `COPY ${OPENING} FROM STDIN`, lines: openingLines(b, fields, (n) => (ledgers.opened = n)) }]),
      { step: "load", copy: `COPY ${CLAIMS} FROM STDIN`, lines: claimLines(b, refuse, (bytes, rows) => b.progress.update(rows, b.size > 0 ? Math.min(1, bytes / b.size) : undefined)) },
      { step: "load", copy: `COPY ${REFUSED} FROM STDIN`, lines: refusedLines() },
    ],
    settle: [`ANALYZE ${CLAIMS}`, `ANALYZE ${OPENING}`, sql],
    reads: [
      {
        step: "results", sql: results,
        rows: async (rows) => {
          let text = "";
          for (const r of rows) text += resultLine(r) + "\n";
          await writer.writeBytes(Buffer.from(text));
        },
      },
      ...(ledgers?.writer === undefined ? [] : [{
        step: "closing" as const,
        sql: `SELECT ${["person", "year", ...fields, ...(book ? ["_w"] : [])].map(id).join(", ")} FROM ${PREFIX}closing ORDER BY person COLLATE "C", year`,
        rows: async (rows: (string | null)[][]) => {
          let text = "";
          for (const r of rows) {
            const values: Record<string, string> = {};
            const at = (f: string) => r[2 + fields.indexOf(f)]!;
            for (const f of order(Number(r[2 + fields.length]))) if (at(f) !== null) setOwn(values, f, closingText(ledgers, f, at(f)));
            text += ledgerLine(r[0]!, { year: Number(r[1]), values }, ledgers.meta) + "\n";
          }
          ledgers.closed += rows.length;
          await ledgers.writer!.writeBytes(Buffer.from(text));
        },
      }]),
    ],
  });
  summary.totals = totals.record();
  summary.persons = people.size;
  return summary;
}
