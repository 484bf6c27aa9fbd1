// `bylaw batch <policy> <claims.csv|claims.jsonl> [-o out]`: rows settled in order, each
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
import { createReadStream, statSync } from "node:fs";
import type { Lang } from "../../compiler/index.ts";
import { BylawError, createBatch, renderRuntimeError, type BatchSummary, type RuleSet } from "../../runtime/index.ts";
import { createDecoder, DecodeError, decodeMessage, type Encoding } from "../batch-decode.ts";
import { formatOf, outputNames, type Format } from "../batch-format.ts";
import { csvSource, jsonlSource } from "../batch-sources.ts";
import { startPool } from "../batch-workers.ts";
import { RowWriter } from "../batch-writer.ts";
import { CliError, loadPolicyOrArtifact } from "../load-policy.ts";
import { createProgress, type Progress } from "../progress.ts";
import { checkOutputPath, guardStdout, ioMessage, writeFileAtomic } from "../write-file.ts";

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
}

/** The input contract and exit statuses, for `bylaw batch --help`. */
export const BATCH_HELP = `
Every row needs a person (non-empty) and a date (YYYY-MM-DD); a CSV row has exactly as many
cells as the header (quote a cell holding a comma: "12,000"), and the header names each column
once. A row breaking this is an error row naming its line and cell (codes BR2000, BR2103–BR2107)
and never touches a ledger; a header breaking it (BR2100–BR2102) refuses the file, writing
nothing. Text must be valid UTF-8 unless --encoding says otherwise.

Result cells starting with = + - @, a tab or a CR are written after a ' so spreadsheets do not
run them as formulas (plain numbers such as -5 are left as they are).

Exit status: 0 every row settled; 3 some rows are error rows; 1 the run failed (nothing is left
at the -o path: results are written to a temporary file beside it and renamed at the end).
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

async function settleHere(ruleSet: RuleSet, claims: string, size: number, inFormat: Format, encoding: Encoding, writer: RowWriter, progress: Progress): Promise<BatchSummary> {
  const batch = createBatch(ruleSet);
  const source = inFormat === "csv" ? csvSource(batch) : jsonlSource(batch);
  // bytes, not characters, so the bar matches the file size; the decoder keeps a character split across chunks whole
  const decoder = createDecoder(encoding);
  let bytes = 0;
  let rows = 0;
  for await (const chunk of createReadStream(claims, { highWaterMark: CHUNK })) {
    bytes += (chunk as Buffer).length;
    const results = source.push(decoder.write(chunk as Buffer));
    rows += results.length;
    await writer.write(results);
    progress.update(rows, size > 0 ? Math.min(1, bytes / size) : undefined);
  }
  await writer.write(source.end(decoder.end()));
  return batch.summary();
}

function printSummary(s: BatchSummary, lang: Lang, seconds: number): void {
  const zh = lang === "zh";
  const lines = [
    zh
      ? `共 ${s.rows} 行：成功 ${s.ok}，错误 ${s.failed}，涉及 ${s.persons} 人，用时 ${seconds.toFixed(1)} 秒`
      : `${s.rows} rows: ${s.ok} settled, ${s.failed} errors, ${s.persons} people, ${seconds.toFixed(1)} s`,
  ];
  for (const [name, total] of Object.entries(s.totals)) lines.push(`  ${zh ? "合计" : "total"} ${name} = ${total}`);
  for (const [name, n] of Object.entries(s.alerts)) lines.push(`  ${zh ? "预警" : "alert"} ${name}: ${n}`);
  for (const [code, n] of Object.entries(s.errors)) lines.push(`  ${zh ? "错误" : "error"} ${code}: ${n}`);
  process.stderr.write(lines.join("\n") + "\n");
}

/** Why the run failed, as one line. */
function failure(e: unknown, claims: string, lang: Lang): CliError {
  const zh = lang === "zh";
  if (e instanceof CliError) return e;
  if (e instanceof BylawError) return new CliError(`${claims}: ${e.code}: ${renderRuntimeError(e, lang)}`);
  if (e instanceof DecodeError) return new CliError(`${claims}: ${decodeMessage(e.encoding, e.offset, lang)}`);
  const err = e as NodeJS.ErrnoException;
  if (typeof err.code === "string" && typeof err.syscall === "string") return new CliError(ioMessage(err.path ?? claims, e, lang));
  return new CliError(`${claims}: ${zh ? "批量结算失败" : "the batch failed"}: ${(e as Error).message}`);
}

export async function batchCommand(policy: string, claims: string, opts: BatchCliOptions): Promise<number> {
  const zh = opts.lang === "zh";
  const encoding = opts.encoding ?? "utf-8";
  const inFormat = formatOf(claims);
  if (!inFormat) throw new CliError(zh ? `${claims}: 仅支持 .csv 或 .jsonl 文件` : `${claims}: claims must be a .csv or .jsonl file`);
  let workers = opts.workers ?? defaultWorkers();
  if (!Number.isInteger(workers) || workers < 1) throw new CliError(zh ? `--workers 须为正整数` : `--workers must be a whole number ≥ 1`);
  if (workers > maxWorkers()) {
    process.stderr.write(zh
      ? `警告：--workers ${workers} 超过本机可用的上限，改为 ${maxWorkers()}（CPU 数的 2 倍，最多 16）\n`
      : `warning: --workers ${workers} is more than this machine can use; using ${maxWorkers()} (2 × CPUs, at most 16)\n`);
    workers = maxWorkers();
  }
  let size: number;
  try {
    const stats = statSync(claims);
    if (!stats.isFile()) throw Object.assign(new Error("not a file"), { code: "EISDIR" });
    size = stats.size;
  } catch (e) {
    throw new CliError(ioMessage(claims, e, opts.lang));
  }
  if (opts.out) checkOutputPath(opts.out, [claims], opts.lang);
  else guardStdout(opts.lang);
  if (opts.summary) checkOutputPath(opts.summary, opts.out ? [claims, opts.out] : [claims], opts.lang);
  const outFormat = (opts.out && formatOf(opts.out)) || inFormat;
  const pool = workers > 1 && size > POOL_MIN_BYTES ? startPool(workers) : undefined;
  let ruleSet: RuleSet;
  try {
    ruleSet = await loadPolicyOrArtifact(policy, opts);
  } catch (e) {
    await pool?.stop();
    throw e;
  }
  const writer = new RowWriter(outputNames(ruleSet), opts.out, outFormat, opts.lang);
  const progress = createProgress(zh ? "结算" : "settling", opts.progress);
  const started = Date.now();
  let summary: BatchSummary;
  try {
    summary =
      pool !== undefined
        ? await pool.run({ claims, size, artifact: ruleSet.artifact, inFormat, outFormat, encoding, lang: opts.lang, writer, progress })
        : await settleHere(ruleSet, claims, size, inFormat, encoding, writer, progress);
    await writer.commit();
  } catch (e) {
    writer.abort();
    await pool?.stop();
    throw failure(e, claims, opts.lang);
  } finally {
    progress.finish();
  }
  printSummary(summary, opts.lang, (Date.now() - started) / 1000);
  if (opts.summary) writeSummary(opts.summary, summary, claims, opts.out, writer, opts.lang);
  return summary.failed > 0 ? 3 : 0;
}

/** The run's summary for reconciliation: counts, exact totals and the result file's sha256. */
function writeSummary(file: string, s: BatchSummary, claims: string, out: string | undefined, writer: RowWriter, lang: Lang): void {
  const json = {
    claims,
    result: out ?? null,
    sha256: writer.digest(),
    bytes: writer.bytes,
    rows: s.rows,
    settled: s.ok,
    errors: s.failed,
    people: s.persons,
    totals: s.totals,
    alerts: s.alerts,
    errorCodes: s.errors,
  };
  try {
    writeFileAtomic(file, JSON.stringify(json, null, 2) + "\n");
  } catch (e) {
    throw new CliError(ioMessage(file, e, lang));
  }
}
