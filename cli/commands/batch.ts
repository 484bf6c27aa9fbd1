// `bylaw batch <policy> <claims.csv|claims.jsonl> [-o out]`: rows settled in order, each
// person's ledger carried across their rows, one result row per input row (errors as rows),
// a progress bar on a terminal and a summary at the end. Streams both ways: memory stays
// flat however many rows there are.
//
// Small files are settled here: the file is read in chunks, the rows of a chunk settled
// synchronously and their result lines written as one string, waiting only when the output
// is behind. Large files go to a worker pool (cli/batch-workers.ts) that writes the same bytes.
import { availableParallelism } from "node:os";
import { createReadStream, statSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import type { Lang } from "../../compiler/index.ts";
import { createBatch, type BatchSummary, type RuleSet } from "../../runtime/index.ts";
import { formatOf, outputNames, type Format } from "../batch-format.ts";
import { csvSource, jsonlSource } from "../batch-sources.ts";
import { startPool } from "../batch-workers.ts";
import { RowWriter } from "../batch-writer.ts";
import { CliError, loadPolicyOrArtifact } from "../load-policy.ts";
import { createProgress, type Progress } from "../progress.ts";

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
}

/** Input chunk size: about this much output is written at a time too. */
const CHUNK = 1 << 16;
/** Below this a pool costs more (starting workers, loading the rule set in each) than it saves. */
export const POOL_MIN_BYTES = 2 << 20;

export function defaultWorkers(): number {
  return Math.min(2, availableParallelism());
}

async function settleHere(ruleSet: RuleSet, claims: string, size: number, inFormat: Format, writer: RowWriter, progress: Progress): Promise<BatchSummary> {
  const batch = createBatch(ruleSet);
  const source = inFormat === "csv" ? csvSource(batch) : jsonlSource(batch);
  // bytes, not characters, so the bar matches the file size; the decoder keeps a character split across chunks whole
  const decoder = new StringDecoder("utf8");
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

export async function batchCommand(policy: string, claims: string, opts: BatchCliOptions): Promise<number> {
  const zh = opts.lang === "zh";
  const inFormat = formatOf(claims);
  if (!inFormat) throw new CliError(zh ? `${claims}: 仅支持 .csv 或 .jsonl 文件` : `${claims}: claims must be a .csv or .jsonl file`);
  const workers = opts.workers ?? defaultWorkers();
  if (!Number.isInteger(workers) || workers < 1) throw new CliError(zh ? `--workers 须为正整数` : `--workers must be a whole number ≥ 1`);
  let size: number;
  try {
    size = statSync(claims).size;
  } catch {
    throw new CliError(`${claims}: ${zh ? "找不到文件" : "no such file"}`);
  }
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
  const summary =
    pool !== undefined
      ? await pool.run({ claims, size, artifact: ruleSet.artifact, inFormat, outFormat, lang: opts.lang, writer, progress })
      : await settleHere(ruleSet, claims, size, inFormat, writer, progress);
  progress.finish();
  await writer.close();
  printSummary(summary, opts.lang, (Date.now() - started) / 1000);
  return 0;
}
