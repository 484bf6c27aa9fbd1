// `bylaw batch <policy…> <claims.csv|claims.jsonl> [-o out]`: rows settled in order, each
// person's ledger carried across their rows, one result row per input row (errors as rows),
// a progress bar on a terminal and a summary at the end. Streams both ways: memory stays
// flat however many rows there are.
//
// Small files are settled here: the file is read in chunks, the rows of a chunk settled
// synchronously and their result lines written as one string, waiting only when the output
// is behind. Large files go to a worker pool (cli/batch-workers.ts) that writes the same bytes.
//
// Exit status: 0 every row settled, 3 some rows are error rows, 1 the run failed (nothing is
// left at the output path then: see cli/batch-writer.ts).
import { availableParallelism } from "node:os";
import { createHash } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import type { Lang } from "../../compiler/index.ts";
import { BylawError, createBatch, renderRuntimeError, type Batch, type BatchSummary, type ResultRow, RuleBook, type RuleSet } from "../../runtime/index.ts";
import { createDecoder, DecodeError, decodeMessage, type Encoding } from "../batch-decode.ts";
import { formatOf, ledgerFields, ledgerMeta, outputNames, versionsOf, type Format } from "../batch-format.ts";
import { csvSource, jsonlSource } from "../batch-sources.ts";
import { startPool } from "../batch-workers.ts";
import { RowWriter } from "../batch-writer.ts";
import { CliError, loadRuleBook } from "../load-policy.ts";
import { createProgress, type Progress } from "../progress.ts";
import { checkOutputPath, guardStdout, ioMessage, writeFileAtomic } from "../write-file.ts";
import { duckdbFormat } from "../batch-format.ts";
import { settleOnPostgres } from "../batch-postgres.ts";
import { EngineError, renderEngineError } from "../engine-errors.ts";
import { checkDbUrl } from "../pg-engine.ts";
import { closingSlices, LedgerFileError, openChunk, readOpening, writeClosing, type LedgerRun } from "../batch-ledgers.ts";

interface BatchCliOptions {
  lang: Lang;
  out?: string;
  progress: boolean;
  /** worker threads; 1 settles on the main thread (default: up to 2, as the machine allows) */
  workers?: number;
  /** folder a policy's imports may be read from */
  root?: string;
  /** public key files: only an artifact signed by one of them is run */
  trust?: string[];
  encoding?: Encoding;
  /** where to write the run's summary (JSON) for reconciliation */
  summary?: string;
  /** the opening ledgers (JSONL, one line per person and year) each person starts from */
  ledgersIn?: string;
  /** where to write every person's closing ledgers (JSONL), all at once when the run ends */
  ledgersOut?: string;
  /** js (default), duckdb (the rule set's SQL in an embedded DuckDB, cli/batch-duckdb.ts) or
   *  postgres (on a PostgreSQL server at `db`, cli/batch-postgres.ts) */
  engine?: "js" | "duckdb" | "postgres";
  /** DuckDB's memory limit (e.g. "1GB"); what does not fit spills to --temp-dir */
  memoryLimit?: string;
  tempDir?: string;
  /** DuckDB: about how many claims each settling query takes (people are split into buckets) */
  bucket?: number;
  /** the PostgreSQL server's connection string, for --engine postgres */
  db?: string;
}

/** The input contract and exit statuses, for `bylaw batch --help`. */
export const BATCH_HELP = `
Every row needs a person (non-empty) and a date (YYYY-MM-DD); a CSV row has exactly as many
cells as the header (quote a cell holding a comma: "低保对象,孤儿"; amounts are plain digits,
12000.50, without separators or 元), and the header names each column once. A row breaking this is an error row naming its line and cell (codes BR2000, BR2103–BR2107)
and never touches a ledger; a header breaking it (BR2100–BR2102) refuses the file, writing
nothing. Text must be valid UTF-8 unless --encoding says otherwise.

A set cell lists its members split by ; ； | 、 , or ， (quote a cell holding a comma), or is a JSON
list ["低保对象", "孤儿"]; a blank cell of a required set is missing (BR2002), a cell of only
spaces and separators (" ", "|") is the empty set. A Rate cell is a fraction: 0.85 for 85 % (a
rate above 1 is refused, BR2016, and one written 85%, BR2017).

Result cells starting with = + - @, a tab or a CR are written after a ' so spreadsheets do not
run them as formulas (plain numbers such as -5 are left as they are).

Ledgers: --ledgers-in FILE starts each person from their opening ledgers, and --ledgers-out FILE
writes every person's closing ledgers (people with an opening ledger and no claim carried through
unchanged), one JSON line per person and year, sorted by person then year:
  {"person": "张三", "year": 2024, "values": {"已救助": "1800.00"}, "policy": {"id": …, "effective": …}}
so a run over July–December from June's closing ledgers gives the rows of one run over the year.
Each medical year has its own ledger: a late claim of last year settles on last year's. A bad
opening line (not JSON, a bad person or year, a value that is not an amount, a person listed twice
for a year, another policy's ledger: BR2110–BR2115) refuses the run, writing nothing (exit 1).

Several policy files (or artifacts) before the claims are versions of one policy, a rule book:
each claim is settled by the version in force on its date (a date none covers: BR2025), each
person's ledger carried across versions (a field a version does not know kept as it was); the
result columns are every version's outputs, the closing ledgers stamped with the newest version.
Files of two policies, or two versions in force on one day (BR1026), are refused. On DuckDB
and PostgreSQL a person's claims of a year must come in date order across versions (a claim
under an earlier version after one under a later one is an error row, BS2004, and so is the
rest of that year, BS2005).

Exit status: 0 every row settled; 3 some rows are error rows; 1 the run failed (nothing is left
at the -o path: results are written to a temporary file beside it and renamed at the end).

--engine duckdb settles with the rule set's SQL (bylaw compile --target sql) in an embedded
DuckDB: .csv or .parquet in, .csv or .parquet out (-o needed), the same rows, ledgers and summary
as the JS engine. People are settled a bucket at a time (--bucket claims per query, 250 000 by
default), so memory stays flat however large the file; what still does not fit spills to
--temp-dir past --memory-limit. It is
stricter about the file: a row with a wrong number of cells or bytes that are not UTF-8 fails
the run (exit 1) instead of becoming an error row; a Rate or Number with more than 10 decimals
is an error row. A rule with no SQL plan is refused
before anything is read (a BS code naming the output).

--engine postgres --db postgresql://user@host:port/database settles on a PostgreSQL server: the
file is read here as the JS engine reads it (.csv or .jsonl, any --encoding), the claims and
opening ledgers are loaded with COPY, and the same result rows (CSV), closing ledgers and summary
are written here. Everything it makes on the server is in one transaction, rolled back at the
end. A Rate or Number with more than 10 decimals is an error row (BS2003), as on DuckDB; a rule
with no SQL plan is refused by name (BS codes); server trouble is BE1001–BE2002, naming the step.
`;

/** Input chunk size: about this much output is written at a time too. */
const CHUNK = 1 << 16;
/** Below this a pool costs more (starting workers, loading the rule set in each) than it saves. */
export const POOL_MIN_BYTES = 2 << 20;

export function defaultWorkers(): number {
  return Math.min(2, availableParallelism());
}

/** More workers than this only add memory (each holds a rule set and its own heap) and contention. */
export function maxWorkers(): number {
  return Math.min(16, 2 * availableParallelism());
}

/** The --workers asked for, checked (a warning if more than the machine can use), or the default. */
export function workerCount(asked: number | undefined, lang: Lang): number {
  const zh = lang === "zh";
  const workers = asked ?? defaultWorkers();
  if (!Number.isInteger(workers) || workers < 1) throw new CliError(zh ? `--workers 须为正整数` : `--workers must be a whole number ≥ 1`);
  if (workers <= maxWorkers()) return workers;
  process.stderr.write(zh
    ? `警告：--workers ${workers} 超过本机可用的上限，改为 ${maxWorkers()}（CPU 数的 2 倍，最多 16）\n`
    : `warning: --workers ${workers} is more than this machine can use; using ${maxWorkers()} (2 × CPUs, at most 16)\n`);
  return maxWorkers();
}

/** Settles the claims file into `batch` on this thread, chunk by chunk, handing each chunk's
 *  result rows to `take` (opening ledgers first, if any). */
export async function settleHere(batch: Batch, claims: string, size: number, inFormat: Format, encoding: Encoding, take: (rows: ResultRow[]) => Promise<void>, progress: Progress, ledgers: LedgerRun | undefined): Promise<void> {
  if (ledgers?.in !== undefined) ledgers.opened = await readOpening(ledgers.in, ledgers, async (chunk) => openChunk(batch, chunk));
  const source = inFormat === "csv" ? csvSource(batch) : jsonlSource(batch);
  // bytes, not characters, so the bar matches the file size; the decoder keeps a character split across chunks whole
  const decoder = createDecoder(encoding);
  let bytes = 0;
  let rows = 0;
  for await (const chunk of createReadStream(claims, { highWaterMark: CHUNK })) {
    bytes += (chunk as Buffer).length;
    const results = source.push(decoder.write(chunk as Buffer));
    rows += results.length;
    await take(results);
    progress.update(rows, size > 0 ? Math.min(1, bytes / size) : undefined);
  }
  await take(source.end(decoder.end()));
}

async function settleAndWrite(source: RuleSet | RuleBook, claims: string, size: number, inFormat: Format, encoding: Encoding, writer: RowWriter, progress: Progress, ledgers: LedgerRun | undefined): Promise<BatchSummary> {
  const batch = createBatch(source);
  await settleHere(batch, claims, size, inFormat, encoding, (rows) => writer.write(rows), progress, ledgers);
  if (ledgers?.writer !== undefined) {
    const slices = closingSlices(batch, ledgers.meta);
    ledgers.closed = await writeClosing([async () => slices()], ledgers.writer);
  }
  return batch.summary();
}

function printSummary(s: BatchSummary, ledgers: LedgerRun | undefined, lang: Lang, seconds: number): void {
  const zh = lang === "zh";
  const lines = [
    zh
      ? `共 ${s.rows} 行：成功 ${s.ok}，错误 ${s.failed}，涉及 ${s.persons} 人，用时 ${seconds.toFixed(1)} 秒`
      : `${s.rows} rows: ${s.ok} settled, ${s.failed} errors, ${s.persons} people, ${seconds.toFixed(1)} s`,
  ];
  if (ledgers !== undefined) {
    const closed = ledgers.writer === undefined ? "" : zh ? `，期末台账 ${ledgers.closed} 份` : `, ${ledgers.closed} closing`;
    lines.push(zh ? `  期初台账 ${ledgers.opened} 份${closed}` : `  ledgers: ${ledgers.opened} opening${closed}`);
  }
  for (const [name, total] of Object.entries(s.totals)) lines.push(`  ${zh ? "合计" : "total"} ${name} = ${total}`);
  for (const [name, n] of Object.entries(s.alerts)) lines.push(`  ${zh ? "预警" : "alert"} ${name}: ${n}`);
  for (const [code, n] of Object.entries(s.errors)) lines.push(`  ${zh ? "错误" : "error"} ${code}: ${n}`);
  process.stderr.write(lines.join("\n") + "\n");
}

/** An input file's size; one line if it is missing or not a file. */
export function checkInputFile(file: string, lang: Lang): number {
  try {
    const stats = statSync(file);
    if (!stats.isFile()) throw Object.assign(new Error("not a file"), { code: "EISDIR" });
    return stats.size;
  } catch (e) {
    throw new CliError(ioMessage(file, e, lang));
  }
}

/** What --engine postgres needs (--db), refuses (--workers) and writes (CSV results: the server's errors are text). */
function checkServerRun(opts: BatchCliOptions): void {
  const fail = (e: EngineError) => new CliError(`${e.code}: ${renderEngineError(e, opts.lang)}`);
  if (opts.db === undefined) throw fail(new EngineError("BE1002", {}));
  if (opts.workers !== undefined) throw fail(new EngineError("BE1006", { option: "--workers", engine: "postgres" }));
  if (opts.out !== undefined && formatOf(opts.out) !== "csv") throw fail(new EngineError("BE1007", { engine: "postgres" }));
  try {
    checkDbUrl(opts.db);
  } catch (e) {
    throw fail(e as EngineError);
  }
}

/** DuckDB's own options refused elsewhere, rather than left without effect. */
function checkNotDuckdb(opts: BatchCliOptions): void {
  const given = ([["--memory-limit", opts.memoryLimit], ["--temp-dir", opts.tempDir], ["--bucket", opts.bucket]] as const).find(([, v]) => v !== undefined);
  if (given !== undefined) {
    throw new CliError(`BE1008: ${renderEngineError(new EngineError("BE1008", { option: given[0], engine: opts.engine ?? "js" }), opts.lang)}`);
  }
}

/** Why the run failed, as one line. */
export function failure(e: unknown, claims: string, lang: Lang): CliError {
  const zh = lang === "zh";
  if (e instanceof CliError) return e;
  if (e instanceof BylawError) {
    // a header in another encoding: say how to read it
    const hint = e.code === "BR2108" ? (zh ? "：请用 --encoding gb18030 读取" : ": read it with --encoding gb18030") : "";
    return new CliError(`${claims}: ${e.code}: ${renderRuntimeError(e, lang)}${hint}`);
  }
  if (e instanceof DecodeError) return new CliError(`${claims}: ${decodeMessage(e.encoding, e.offset, lang)}`);
  const err = e as NodeJS.ErrnoException;
  if (typeof err.code === "string" && typeof err.syscall === "string") return new CliError(ioMessage(err.path ?? claims, e, lang));
  return new CliError(`${claims}: ${zh ? "批量结算失败" : "the batch failed"}: ${(e as Error).message}`);
}

/** `policy`: one policy file or artifact, or several versions of one policy (a rule book). */
export async function batchCommand(policy: string | readonly string[], claims: string, opts: BatchCliOptions): Promise<number> {
  const policies = typeof policy === "string" ? [policy] : policy;
  const zh = opts.lang === "zh";
  const encoding = opts.encoding ?? "utf-8";
  const duck = opts.engine === "duckdb";
  if (duck && (!opts.out || !duckdbFormat(opts.out) || !duckdbFormat(claims))) {
    throw new CliError(zh ? `--engine duckdb 读取 .csv 或 .parquet 文件，并须以 -o 写出 .csv 或 .parquet 文件` : `--engine duckdb reads a .csv or .parquet file and needs -o with a .csv or .parquet file`);
  }
  if (duck && encoding !== "utf-8") throw new CliError(zh ? `--engine duckdb 只读取 UTF-8 文件` : `--engine duckdb reads UTF-8 files only`);
  const inFormat = duck ? "csv" : formatOf(claims);
  if (!inFormat) throw new CliError(zh ? `${claims}: 仅支持 .csv 或 .jsonl 文件` : `${claims}: claims must be a .csv or .jsonl file`);
  const onServer = opts.engine === "postgres";
  if (!duck) checkNotDuckdb(opts);
  if (onServer) checkServerRun(opts);
  const workers = workerCount(opts.workers, opts.lang);
  const size = checkInputFile(claims, opts.lang);
  if (opts.ledgersIn !== undefined) checkInputFile(opts.ledgersIn, opts.lang);
  const inputs = opts.ledgersIn !== undefined ? [claims, opts.ledgersIn] : [claims];
  if (opts.out) checkOutputPath(opts.out, inputs, opts.lang);
  else guardStdout(opts.lang);
  const outputs = [opts.out, opts.ledgersOut].filter((f) => f !== undefined);
  if (opts.ledgersOut) checkOutputPath(opts.ledgersOut, opts.out ? [...inputs, opts.out] : inputs, opts.lang);
  if (opts.summary) checkOutputPath(opts.summary, [...inputs, ...outputs], opts.lang);
  const outFormat = (opts.out && formatOf(opts.out)) || inFormat;
  if (duck) return duckdbCommand(policies, claims, opts);
  const pool = !onServer && workers > 1 && size > POOL_MIN_BYTES ? startPool(workers) : undefined;
  let source: RuleSet | RuleBook;
  try {
    source = await loadRuleBook(policies, opts);
  } catch (e) {
    await pool?.stop();
    throw e;
  }
  const writer = new RowWriter(outputNames(source), opts.out, outFormat, opts.lang);
  const ledgers = ledgerRun(source, opts);
  const progress = createProgress(zh ? "结算" : "settling", opts.progress);
  const started = Date.now();
  let summary: BatchSummary;
  try {
    summary =
      onServer ? await settleOnPostgres({ url: opts.db!, ruleSet: source, claims, size, inFormat, encoding, lang: opts.lang, writer, progress, steps: opts.progress, ledgers })
      : pool !== undefined
        ? await pool.run({ claims, size, artifacts: versionsOf(source).map((rs) => rs.artifact), inFormat, outFormat, encoding, lang: opts.lang, writer, progress, ledgers })
        : await settleAndWrite(source, claims, size, inFormat, encoding, writer, progress, ledgers);
    // the ledgers first: a result file at -o means the closing ledgers are at --ledgers-out too
    await ledgers?.writer?.commit();
    await writer.commit();
  } catch (e) {
    writer.abort();
    ledgers?.writer?.abort();
    await pool?.stop();
    if (e instanceof LedgerFileError) throw new CliError(`${opts.ledgersIn}: ${e.error.code}: ${renderRuntimeError(e.error, opts.lang)}`);
    if (e instanceof EngineError) throw new CliError(`${e.code}: ${renderEngineError(e, opts.lang)}`);
    throw failure(e, claims, opts.lang);
  } finally {
    progress.finish();
  }
  printSummary(summary, ledgers, opts.lang, (Date.now() - started) / 1000);
  if (opts.summary) writeSummary(opts.summary, summary, claims, opts.out, { sha256: writer.digest(), bytes: writer.bytes }, ledgers, opts.lang);
  return summary.failed > 0 ? 3 : 0;
}

/** The run's ledger files, when it has any. */
function ledgerRun(source: RuleSet | RuleBook, opts: BatchCliOptions): LedgerRun | undefined {
  if (opts.ledgersIn === undefined && opts.ledgersOut === undefined) return undefined;
  return {
    in: opts.ledgersIn, out: opts.ledgersOut, meta: ledgerMeta(source), fields: ledgerFields(source), opened: 0, closed: 0,
    writer: opts.ledgersOut === undefined ? undefined : new RowWriter([], opts.ledgersOut, "jsonl", opts.lang),
  };
}

/** The run on DuckDB: the same ledgers, summary and exit status as the JS engine's run. */
async function duckdbCommand(policies: readonly string[], claims: string, opts: BatchCliOptions): Promise<number> {
  const source = await loadRuleBook(policies, opts);
  const ledgers = ledgerRun(source, opts);
  const progress = createProgress(opts.lang === "zh" ? "结算" : "settling", opts.progress);
  const started = Date.now();
  let summary: BatchSummary;
  try {
    // loaded when asked for: the native DuckDB is no dependency of the rest of the command line
    const { duckdbBatch } = await import("../batch-duckdb.ts");
    summary = await duckdbBatch(source, claims, { lang: opts.lang, out: opts.out!, progress, ledgers, memoryLimit: opts.memoryLimit, tempDir: opts.tempDir, bucket: opts.bucket });
    await ledgers?.writer?.commit();
  } catch (e) {
    ledgers?.writer?.abort();
    if (e instanceof LedgerFileError) throw new CliError(`${opts.ledgersIn}: ${e.error.code}: ${renderRuntimeError(e.error, opts.lang)}`);
    throw failure(e, claims, opts.lang);
  } finally {
    progress.finish();
  }
  printSummary(summary, ledgers, opts.lang, (Date.now() - started) / 1000);
  if (opts.summary) writeSummary(opts.summary, summary, claims, opts.out, await fileDigest(opts.out!), ledgers, opts.lang);
  return summary.failed > 0 ? 3 : 0;
}

/** The sha256 and size of a file DuckDB wrote (the JS engine's writer hashes as it writes). */
async function fileDigest(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), bytes };
}

/** The run's summary for reconciliation: counts, exact totals and the result file's sha256. */
function writeSummary(file: string, s: BatchSummary, claims: string, out: string | undefined, result: { sha256: string; bytes: number }, ledgers: LedgerRun | undefined, lang: Lang): void {
  const json = {
    claims,
    result: out ?? null,
    sha256: result.sha256,
    bytes: result.bytes,
    rows: s.rows,
    settled: s.ok,
    errors: s.failed,
    people: s.persons,
    totals: s.totals,
    alerts: s.alerts,
    errorCodes: s.errors,
    ledgers: ledgers === undefined ? null : {
      in: ledgers.in ?? null,
      opening: ledgers.opened,
      out: ledgers.out ?? null,
      closing: ledgers.writer === undefined ? null : ledgers.closed,
      sha256: ledgers.writer?.digest() ?? null,
      bytes: ledgers.writer?.bytes ?? null,
    },
  };
  try {
    writeFileAtomic(file, JSON.stringify(json, null, 2) + "\n");
  } catch (e) {
    throw new CliError(ioMessage(file, e, lang));
  }
}
