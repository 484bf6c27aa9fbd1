// `bylaw batch --engine duckdb`: the claims settled by the rule set's SQL (sql/) in an embedded
// DuckDB. The file is read into a database in a temporary folder, so files larger than memory
// spill to disk (memory_limit, temp_directory); each cell is read and checked as the JS batch
// reads it (sql/read-claims.ts), and the results are written by DuckDB itself (CSV or Parquet)
// with the JS engine's columns and money formatting. Opening and closing ledgers go through
// the same JSONL reader and writer as the JS engine's (cli/batch-ledgers.ts).
import { createReadStream, mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import type { Lang } from "../compiler/index.ts";
import { renderRuntimeError, RuleBook, type BatchSummary, type RuleSet } from "../runtime/index.ts";
import { HeaderError } from "../runtime/batch/batch.ts";
import { CsvCutter } from "../runtime/batch/csv.ts";
import { createDecoder } from "./batch-decode.ts";
import { headerCells, noHeader } from "./batch-sources.ts";
import { inputError, quote } from "../runtime/errors.ts";
import { compileSql, renderSqlMessage } from "../sql/index.ts";
import { rawView, readClaimsSql } from "../sql/read-claims.ts";
import { DIALECT } from "../sql/dialect.ts";
import { ledgerLine } from "../runtime/batch/ledger-file.ts";
import { closingText, LedgerFileError, readOpening, refuseUncarried, writeClosing, type LedgerRun } from "./batch-ledgers.ts";
import { CliError } from "./load-policy.ts";
import type { Progress } from "./progress.ts";
import { tempPathFor } from "./write-file.ts";
import { duckdbFormat, outputNames, versionsOf } from "./batch-format.ts";
import { bookSettlement, ledgerOrder, versionClaims } from "./sql-book.ts";

const id = DIALECT.duckdb.ident;
const text = DIALECT.duckdb.text;

export interface DuckdbOptions {
  lang: Lang;
  out: string;
  progress: Progress;
  ledgers: LedgerRun | undefined;
  /** DuckDB's memory_limit, e.g. "1GB" (default MEMORY_LIMIT) */
  memoryLimit?: string;
  /** where the database and what spills from memory go (default: the system's temporary folder) */
  tempDir?: string;
  /** about how many claims one settling query takes (default BUCKET_CLAIMS) */
  bucket?: number;
}


/** Runs `sql`, reporting DuckDB's own progress of it while it runs. */
async function run(c: DuckDBConnection, sql: string, progress?: Progress, rows = 0): Promise<void> {
  const timer = progress === undefined ? undefined : setInterval(() => {
    const p = c.progress;
    if (p.percentage >= 0) progress.update(rows, Math.min(1, p.percentage / 100));
  }, 200);
  try {
    await c.run(sql);
  } finally {
    if (timer !== undefined) clearInterval(timer);
  }
}

async function scalarRows(c: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await c.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

/** Settles with a rule set, or with a rule book's versions (cli/duckdb-book.ts). */
export async function duckdbBatch(policy: RuleSet | RuleBook, claims: string, o: DuckdbOptions): Promise<BatchSummary> {
  const versions = versionsOf(policy), book = policy instanceof RuleBook;
  const zh = o.lang === "zh";
  if (o.bucket !== undefined && !(Number.isSafeInteger(o.bucket) && o.bucket >= 1)) throw new CliError(zh ? `--bucket 须为正整数` : `--bucket must be a whole number ≥ 1`);
  const inFormat = duckdbFormat(claims), outFormat = duckdbFormat(o.out);
  if (inFormat === undefined || outFormat === undefined) {
    throw new CliError(zh ? `--engine duckdb 读写 .csv 或 .parquet 文件` : `--engine duckdb reads and writes .csv or .parquet files`);
  }
  const artifact = versions[0]!.artifact;
  const dir = mkdtempSync(join(o.tempDir ?? tmpdir(), "bylaw-duckdb-"));
  const instance = await DuckDBInstance.create(join(dir, "batch.duckdb"), {
    temp_directory: join(dir, "spill"),
    memory_limit: o.memoryLimit ?? MEMORY_LIMIT,
    preserve_insertion_order: "true",
  });
  const c = await instance.connect();
  try {
    // 1. the claims as text, numbered in file order
    const names = inFormat === "csv" ? await readHeader(claims, o.lang) : [];
    const columns = `{${names.map((n) => `${text(n)}: 'VARCHAR'`).join(", ")}}`;
    const source = inFormat === "csv"
      ? `read_csv(${text(claims)}, header = true, columns = ${columns}, quote = '"', escape = '"', delim = ',', auto_detect = false, strict_mode = true, null_padding = false)`
      : `(SELECT CAST(COLUMNS(*) AS VARCHAR) FROM read_parquet(${text(claims)}))`;
    await run(c, `CREATE TABLE raw0 AS SELECT * FROM ${source}`, o.progress);
    const header = (await scalarRows(c, "SELECT column_name FROM (DESCRIBE raw0)")).map((r) => String(r.column_name));
    for (const need of ["person", "date"]) {
      if (!header.includes(need)) throw new CliError(`${claims}: BR2100 ${zh ? `表头缺少 \`${need}\` 列` : `the header has no \`${need}\` column`}`);
    }
    await c.run(`CREATE VIEW raw AS ${rawView("raw0", header)}`);
    const rows = Number((await scalarRows(c, "SELECT count(*) AS n FROM raw0"))[0]!.n);
    const buckets = Math.max(1, Math.ceil(rows / (o.bucket ?? BUCKET_CLAIMS)));
    await run(c, `CREATE TABLE claims AS ${bucketed(readClaimsSql(artifact, { lang: o.lang, raw: "raw", header }), buckets)}`, o.progress);
    // a rule book's later versions read their own claims' cells, each as it types them
    for (let k = 1; book && k < versions.length; k++) {
      await run(c, `CREATE TABLE claims_${k} AS ${bucketed(readClaimsSql(versions[k]!.artifact, { lang: o.lang, raw: versionClaims("raw", header, versions[k]!.meta), header }), buckets)}`, o.progress);
    }
    await c.run("DROP VIEW raw; DROP TABLE raw0");

    // 2. the opening ledgers
    const fields = [...new Set(versions.flatMap((rs) => rs.artifact.ledger.fields.map((f) => f.name)))];
    await c.run(`CREATE TABLE ledgers0 (${id("person")} VARCHAR, ${id("year")} INTEGER${fields.map((f) => `, ${id(f)} DECIMAL(18, 2)`).join("")}, ${LINE} BIGINT)`);
    if (o.ledgers !== undefined && o.ledgers.in !== undefined) o.ledgers.opened = await loadOpening(c, o.ledgers, fields);
    await c.run(`CREATE TABLE ledgers_in AS ${bucketed(`SELECT * EXCLUDE (${LINE}) FROM ledgers0`, buckets)}; DROP TABLE ledgers0`);

    // 3. settle, a bucket of people at a time
    const compiled = book ? bookSettlement(versions, o.lang) : compileSql(artifact, { dialect: "duckdb", lang: o.lang, readErrors: true, claims: "claims_part", ledgers: "ledgers_part" });
    if (!compiled.ok) {
      const lines = compiled.diagnostics.map((d) => `${d.code} ${renderSqlMessage(d.code, d.args, o.lang)}`);
      throw new CliError(`${zh ? "该规则无法在 DuckDB 上结算" : "this rule set cannot be settled on DuckDB"}:\n  ${lines.join("\n  ")}`);
    }
    await settleInBuckets(c, compiled.sql, buckets, rows, o.progress, book ? versions.length : 1);

    // 4. the results, written by DuckDB beside the output and renamed when whole
    const outputs = outputNames(policy);
    const typeOf = (n: string) => versions.find((rs) => rs.outputs.has(n))!.outputs.get(n)!.type;
    const textOutputs = new Set(outputs.filter((n) => !["Money", "Limit", "Bool"].includes(typeOf(n))));
    const cell = (name: string, expr = false) => (outFormat === "csv" ? guarded(expr ? name : id(name)) : expr ? name : id(name));
    // no person is an empty cell (DuckDB would quote an empty text); a bad date is its own text
    const cols = [`${id("seq")} AS ${id("row")}`, `${cell(`NULLIF(${id("person")}, '')`, true)} AS ${id("person")}`, `${cell(`COALESCE(r.${id("date")}, b.${id("!date")})`, true)} AS ${id("date")}`, id("ok"),
      ...outputs.map((n) => (textOutputs.has(n) ? `${cell(n)} AS ${id(n)}` : id(n))), `${cell("alerts")} AS ${id("alerts")}`, `${cell("errors")} AS ${id("errors")}`];
    const tmp = tempPathFor(o.out);
    const options = outFormat === "csv" ? "FORMAT csv, HEADER true, QUOTE '\"', ESCAPE '\"'" : "FORMAT parquet";
    const badDates = `(SELECT ${id("seq")}, ${id("!date")} FROM claims WHERE ${id("date")} IS NULL AND ${id("!date")} IS NOT NULL) b`;
    await run(c, `COPY (SELECT ${cols.join(", ")} FROM bylaw_results r LEFT JOIN ${badDates} USING (${id("seq")}) ORDER BY ${id("seq")}) TO ${text(tmp)} (${options})`, o.progress);

    // 5. the summary, and the closing ledgers
    const summary = await summarise(c, versions, outputs);
    if (o.ledgers?.writer !== undefined) o.ledgers.closed = await writeClosingLedgers(c, o.ledgers, fields, book ? versions : undefined);
    renameSync(tmp, o.out);
    return summary;
  } catch (e) {
    const unreadable = e instanceof Error ? csvReadFailure(e.message, claims, o.lang) : undefined;
    if (unreadable !== undefined) throw unreadable;
    // DuckDB's own advice names its SQL settings; say which of ours to change
    if (e instanceof Error && e.message.startsWith("Out of Memory Error")) {
      const limit = o.memoryLimit ?? MEMORY_LIMIT;
      throw new CliError(zh
        ? `${claims}: DuckDB 超出内存上限 ${limit}：请提高 --memory-limit，或减小 --bucket（每次结算的就医记录数）（${e.message.split("\n")[0]}）`
        : `${claims}: DuckDB ran out of its ${limit} memory limit: raise --memory-limit, or lower --bucket (claims settled per query) (${e.message.split("\n")[0]})`);
    }
    throw e;
  } finally {
    c.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A row DuckDB's strict CSV reader refuses, where the JS batch makes it an error row and settles
 *  the others: the whole file is refused, naming the line and the problem (in the JS batch's
 *  words where it has them, BR2103), instead of DuckDB's dump. */
function csvReadFailure(message: string, claims: string, lang: Lang): CliError | undefined {
  const at = /CSV Error on Line: (\d+)/.exec(message);
  if (at === null) return undefined;
  const line = Number(at[1]), zh = lang === "zh";
  const cells = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  const why = cells !== null ? renderRuntimeError(inputError("BR2103", "", { line, found: Number(cells[2]), expected: Number(cells[1]) }), lang)
    : message.includes("Invalid unicode") ? (zh ? `第 ${line} 行：含有不是 UTF-8 的字节（--engine duckdb 只读 UTF-8 文件）` : `line ${line}: bytes that are not UTF-8 (--engine duckdb reads UTF-8 files only)`)
    : message.includes("unterminated quote") ? (zh ? `第 ${line} 行：引号无法读取（引号括起的单元格没有结束引号，或结束引号后还有文字）` : `line ${line}: a quote that cannot be read (a quoted cell never closed, or text after its closing quote)`)
    : zh ? `第 ${line} 行无法读取` : `line ${line} cannot be read`;
  return new CliError(zh
    ? `${claims}：${why}——--engine duckdb 遇到这样的行即拒绝整个文件（--engine js 逐行读取：读不了的行记为错误行，其余照常结算）`
    : `${claims}: ${why} — --engine duckdb refuses a file with such a row (--engine js reads row by row: a row it cannot read is an error row, the others settle)`);
}

// DuckDB's own default is 80 % of the machine's memory, which it fills while reading a large
// file; a batch shares its server. With buckets, 256 MB settles 10 M XPCC claims at 0.94× the
// speed of 512 MB, in 0.93 GB peak RSS against 1.13 GB (the Node process and what DuckDB
// allocates outside its limit included); what does not fit spills to --temp-dir.
const MEMORY_LIMIT = "256MB";

// Each bucket of people is settled by a query of its own, so the windows hold at most about
// this many claims at once: peak memory stays flat whatever the file's size. A person's
// claims are all in one bucket, so every ledger is whole in it.
const BUCKET_CLAIMS = 250_000;
const BUCKET = id("!bucket");

/** `select`'s rows with their person's bucket, stored bucket by bucket (so a bucket's scan
 *  skips the others' row groups). */
function bucketed(select: string, buckets: number): string {
  return buckets === 1 ? `SELECT *, 0 AS ${BUCKET} FROM (${select})` : `SELECT *, CAST(hash(${id("person")}) % ${buckets} AS INTEGER) AS ${BUCKET} FROM (${select}) ORDER BY ${BUCKET}`;
}

/** Settles `claims` against `ledgers_in` into the table `settled` through the compiled views,
 *  which read the current bucket's `claims_part` and `ledgers_part`; then points those at
 *  every person again, for the closing ledgers. A rule book of `versions` reads its later
 *  versions' `claims_<k>_part` too, and its closing ledgers are kept bucket by bucket (they
 *  chain through every version's settlement). */
async function settleInBuckets(c: DuckDBConnection, sql: string, buckets: number, rows: number, progress: Progress, versions: number): Promise<void> {
  const tables = [["claims_part", "claims"], ["ledgers_part", "ledgers_in"], ...Array.from({ length: versions - 1 }, (_, k) => [`claims_${k + 1}_part`, `claims_${k + 1}`])];
  const part = (b: number | undefined) => tables.map(([view, table]) =>
    `CREATE OR REPLACE TEMP VIEW ${view} AS SELECT * EXCLUDE (${BUCKET}) FROM ${table}${b === undefined ? "" : ` WHERE ${BUCKET} = ${b}`}`).join("; ");
  await c.run(part(0));
  await c.run(sql);
  for (let b = 0; b < buckets; b++) {
    await c.run(part(b));
    if (versions > 1 && b > 0) await c.run(sql); // a rule book's tables of each version, for this bucket
    await run(c, b === 0 ? "CREATE TABLE settled AS SELECT * FROM bylaw_settled" : "INSERT INTO settled SELECT * FROM bylaw_settled");
    if (versions > 1) await run(c, b === 0 ? "CREATE TABLE closing AS SELECT * FROM bylaw_closing" : "INSERT INTO closing SELECT * FROM bylaw_closing");
    progress.update(Math.round((rows * (b + 1)) / buckets), (b + 1) / buckets);
  }
  await c.run(part(undefined));
  await c.run("CREATE OR REPLACE TEMP VIEW bylaw_settled AS SELECT * FROM settled");
  if (versions > 1) await c.run("CREATE OR REPLACE TEMP VIEW bylaw_closing AS SELECT * FROM closing");
}

/** A CSV cell that a spreadsheet would run as a formula gets a leading ' (as formatCsvCell). */
function guarded(x: string): string {
  return `CASE WHEN regexp_matches(${x}, '^[=+\\-@\\t\\r]') AND NOT regexp_full_match(${x}, '[+-]?[0-9]+(\\.[0-9]+)?') THEN '''' || ${x} ELSE ${x} END`;
}

/** The header's names, read and checked by the JS batch's own reader, so a header is refused
 *  as it refuses it (BR2100–BR2102, BR2107, BR2108), in the reader's language; one in another
 *  encoding is told DuckDB reads UTF-8 only. */
async function readHeader(claims: string, lang: Lang): Promise<string[]> {
  const decoder = createDecoder("utf-8"), cutter = new CsvCutter();
  let header: string[] | undefined;
  const take = (text: string, line: number) => (header ??= headerCells(text, line));
  try {
    for await (const chunk of createReadStream(claims, { highWaterMark: 1 << 16 })) {
      cutter.push(decoder.write(chunk as Buffer), take);
      if (header !== undefined) break;
    }
    if (header === undefined) {
      cutter.push(decoder.end(), take);
      cutter.end(take);
    }
  } catch (e) {
    if (e instanceof HeaderError && e.code === "BR2108") {
      throw new CliError(`${claims}: BR2108: ${renderRuntimeError(e, lang)}${lang === "zh" ? "：--engine duckdb 只读 UTF-8 文件，请先转换" : ": --engine duckdb reads UTF-8 only; convert the file first"}`);
    }
    throw e;
  }
  if (header === undefined) throw noHeader();
  return header;
}

const LINE = id("!line");

/** The opening ledgers into ledgers0 with their line numbers, read and checked line by line as
 *  the JS batch reads them. A person listed twice for a year (BR2114) is found by DuckDB, not in
 *  a JavaScript set, which would hold every person-year (and stops at 2^24 of them); the error
 *  is the one at the lowest line, as the JS batch's. */
async function loadOpening(c: DuckDBConnection, run: LedgerRun, fields: readonly string[]): Promise<number> {
  const appender = await c.createAppender("ledgers0");
  let failed: LedgerFileError | undefined;
  const count = await readOpening(run.in!, run, async ({ entries, lines }) => {
    for (let k = 0; k < entries.length; k++) {
      const { person, ledger } = entries[k]!;
      refuseUncarried(run, ledger.values, lines[k]!, fields, "DuckDB");
      appender.appendVarchar(person);
      appender.appendInteger(ledger.year);
      for (const f of fields) {
        const v = ledger.values[f];
        if (v === undefined) appender.appendNull();
        else appender.appendVarchar(v);
      }
      appender.appendBigInt(BigInt(lines[k]!));
      appender.endRow();
    }
    return undefined;
  }).catch((e: unknown) => {
    if (!(e instanceof LedgerFileError)) {
      appender.closeSync();
      throw e;
    }
    failed = e;
    return 0;
  });
  appender.closeSync();
  const before = failed === undefined ? "" : ` WHERE ${LINE} < ${Number(failed.error.args.line)}`;
  const [twice] = await scalarRows(c, `SELECT ${id("person")} AS person, ${id("year")} AS year, ${LINE} AS line FROM (SELECT ${id("person")}, ${id("year")}, ${LINE}, ROW_NUMBER() OVER (PARTITION BY ${id("person")}, ${id("year")} ORDER BY ${LINE}) AS n FROM ledgers0${before}) WHERE n = 2 ORDER BY ${LINE} LIMIT 1`);
  if (twice !== undefined) throw new LedgerFileError(inputError("BR2114", "person", { line: Number(twice.line), person: quote(String(twice.person)), year: Number(twice.year) }));
  if (failed !== undefined) throw failed;
  return count;
}

async function summarise(c: DuckDBConnection, versions: readonly RuleSet[], outputs: readonly string[]): Promise<BatchSummary> {
  const money = outputs.filter((n) => versions.some((rs) => rs.outputs.get(n)?.type === "Money"));
  const alerts = [...new Set(versions.flatMap((rs) => rs.artifact.ir.alerts.map((a) => a.name)))];
  const sums = money.map((n, i) => `CAST(SUM(${id(n)}) AS VARCHAR) AS ${id(`m${i}`)}`);
  const hit = (a: string) => `list_contains(string_split(${id("alerts")}, ';'), ${text(a)})`;
  const counts = alerts.flatMap((a, i) => [`COUNT(*) FILTER (WHERE ${hit(a)}) AS ${id(`a${i}`)}`, `MIN(${id("seq")}) FILTER (WHERE ${hit(a)}) AS ${id(`f${i}`)}`]);
  const [row] = await scalarRows(c, `SELECT COUNT(*) AS n, COUNT(*) FILTER (WHERE ${id("ok")}) AS ok, COUNT(DISTINCT ${id("person")}) FILTER (WHERE ${id("ok")}) AS persons${[...sums, ...counts].map((x) => ", " + x).join("")} FROM settled`);
  // in the order each was first met, as the JS engine's summary lists them
  const codes = await scalarRows(c, `SELECT code, COUNT(*) AS n FROM (SELECT ${id("seq")}, unnest(regexp_extract_all(${id("errors")}, '(?:^|; )[^;]*?: (B[RS][0-9]{4}) ', 1)) AS code FROM settled WHERE ${id("errors")} IS NOT NULL) GROUP BY code ORDER BY MIN(${id("seq")}), code`);
  const r = row!;
  const totals: Record<string, string> = {};
  money.forEach((n, i) => {
    if (r[`m${i}`] !== null) totals[n] = String(r[`m${i}`]);
  });
  const alertCounts: Record<string, number> = {};
  const firstMet = alerts.map((a, i) => ({ a, i, first: Number(r[`f${i}`] ?? Infinity) })).sort((x, y) => x.first - y.first);
  for (const { a, i } of firstMet) if (Number(r[`a${i}`]) > 0) alertCounts[a] = Number(r[`a${i}`]);
  const errors: Record<string, number> = {};
  for (const x of codes) errors[String(x.code)] = Number(x.n);
  const rows = Number(r.n), ok = Number(r.ok);
  return { rows, ok, failed: rows - ok, persons: Number(r.persons), totals, alerts: alertCounts, errors };
}

const CLOSING_CHUNK = 4096;

/** A rule book's ledgers (`versions`) hold the fields their versions wrote, in the order the JS batch writes them (ledgerOrder). */
async function writeClosingLedgers(c: DuckDBConnection, run: LedgerRun, fields: readonly string[], versions?: readonly RuleSet[]): Promise<number> {
  const cols = fields.map((f) => `CAST(CAST(${id(f)} AS DECIMAL(18, 2)) AS VARCHAR) AS ${id(f)}`);
  if (versions !== undefined) cols.push(id("_w"));
  const order = versions === undefined ? () => fields : ledgerOrder(versions, fields);
  const result = await c.stream(`SELECT ${id("person")}, ${id("year")}${cols.map((x) => ", " + x).join("")} FROM bylaw_closing ORDER BY ${id("person")}, ${id("year")}`);
  let pending: Record<string, unknown>[] = [];
  const next = async () => {
    while (pending.length < CLOSING_CHUNK) {
      const chunk = await result.fetchChunk();
      if (chunk === null || chunk.rowCount === 0) break;
      const names = result.columnNames();
      for (const values of chunk.getRows()) pending.push(Object.fromEntries(names.map((n, i) => [n, values[i]])));
    }
    const rows = pending;
    pending = [];
    const slice = { persons: [] as string[], years: [] as number[], lines: [] as string[] };
    for (const r of rows) {
      const person = String(r.person), year = Number(r.year);
      const values: Record<string, string> = {};
      for (const f of order(Number(r._w))) if (r[f] !== null) values[f] = closingText(run, f, String(r[f]));
      slice.persons.push(person);
      slice.years.push(year);
      slice.lines.push(ledgerLine(person, { year, values }, run.meta));
    }
    return slice;
  };
  return writeClosing([next], run.writer!);
}
