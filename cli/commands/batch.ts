// `bylaw batch <policy> <claims.csv|claims.jsonl> [-o out]`: rows settled in order, each
// person's ledger carried across their rows, one result row per input row (errors as rows),
// a progress bar on a terminal and a summary at the end. Streams both ways: memory stays
// flat however many rows there are.
//
// The file is read in chunks; the rows of a chunk are settled synchronously and their result
// lines written as one string, waiting only when the output is behind. No await per row.
import { createReadStream, createWriteStream, statSync, type WriteStream } from "node:fs";
import { once } from "node:events";
import { StringDecoder } from "node:string_decoder";
import type { Lang } from "../../compiler/index.ts";
import { createBatch, CsvReader, formatCsvCell, formatCsvRow, type Batch, type BatchSummary, type ResultRow, type RuleSet } from "../../runtime/index.ts";
import { CliError, loadPolicyOrArtifact } from "../load-policy.ts";
import { createProgress } from "../progress.ts";

interface BatchCliOptions {
  lang: Lang;
  out?: string;
  progress: boolean;
}

type Format = "csv" | "jsonl";

/** Input chunk size: about this much output is written at a time too. */
const CHUNK = 1 << 16;

function formatOf(file: string): Format | undefined {
  if (file.endsWith(".csv")) return "csv";
  if (file.endsWith(".jsonl") || file.endsWith(".ndjson")) return "jsonl";
  return undefined;
}

/** Turns the claims text, chunk by chunk, into settled result rows. */
interface RowSource {
  push(text: string): ResultRow[];
  end(text: string): ResultRow[];
}

/** CSV: the first record is the header; the batch plans its columns once. */
function csvSource(batch: Batch): RowSource {
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

const BREAK = /\r\n|\r|\n/;

/** JSON Lines: one object per line; a line that is not one becomes an error row. */
function jsonlSource(batch: Batch): RowSource {
  let rest = "";
  const settleLine = (line: string): ResultRow | undefined => {
    if (line.trim() === "") return undefined;
    let problem: string;
    try {
      const parsed: unknown = JSON.parse(line);
      if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) return batch.push(parsed as Record<string, unknown>);
      problem = "a row must be a JSON object";
    } catch (e) {
      problem = (e as Error).message;
    }
    return batch.reject([{ code: "BR2000", field: "", message: `not a valid row: ${problem}`, messageZh: `无效的行：${problem}` }]);
  };
  const settleLines = (lines: string[]): ResultRow[] => {
    const results: ResultRow[] = [];
    for (const line of lines) {
      const r = settleLine(line);
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

/** Writes result rows as CSV (fixed columns) or JSONL, one string per chunk, waiting when the disk is behind. */
class RowWriter {
  private readonly outputs: string[];
  private readonly stream: WriteStream | NodeJS.WriteStream;
  private readonly line: (r: ResultRow) => string;

  constructor(ruleSet: RuleSet, out: string | undefined, format: Format) {
    this.outputs = [...ruleSet.outputs.keys()];
    this.stream = out ? createWriteStream(out, { highWaterMark: 1 << 20 }) : process.stdout;
    if (format === "csv") {
      this.stream.write(formatCsvRow(["row", "person", "date", "ok", ...this.outputs, "alerts", "errors"]) + "\n");
      this.line = (r) => this.csvLine(r);
    } else {
      this.line = (r) => JSON.stringify(r);
    }
  }

  private csvLine(r: ResultRow): string {
    let line = `${r.row},${formatCsvCell(r.person)},${formatCsvCell(r.date)},${r.ok}`;
    for (const o of this.outputs) line += "," + formatCsvCell(r.outputs?.[o]);
    const errors = r.errors === undefined ? "" : r.errors.map((e) => `${e.field}: ${e.code} ${e.message}`).join("; ");
    return `${line},${formatCsvCell(r.alerts?.join(";"))},${formatCsvCell(errors)}`;
  }

  async write(rows: readonly ResultRow[]): Promise<void> {
    if (rows.length === 0) return;
    let text = "";
    for (const r of rows) text += this.line(r) + "\n";
    if (!this.stream.write(text)) await once(this.stream, "drain");
  }

  async close(): Promise<void> {
    if (this.stream === process.stdout) return;
    await new Promise<void>((resolve, reject) => (this.stream as WriteStream).end((e?: Error | null) => (e ? reject(e) : resolve())));
  }
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
  let size: number;
  try {
    size = statSync(claims).size;
  } catch {
    throw new CliError(`${claims}: ${zh ? "找不到文件" : "no such file"}`);
  }
  const outFormat = (opts.out && formatOf(opts.out)) || inFormat;
  const ruleSet = loadPolicyOrArtifact(policy, opts.lang);
  const batch = createBatch(ruleSet);
  const source = inFormat === "csv" ? csvSource(batch) : jsonlSource(batch);
  const writer = new RowWriter(ruleSet, opts.out, outFormat);
  const progress = createProgress(zh ? "结算" : "settling", opts.progress);
  const started = Date.now();
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
  progress.finish();
  await writer.close();
  printSummary(batch.summary(), opts.lang, (Date.now() - started) / 1000);
  return 0;
}
