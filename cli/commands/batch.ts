// `bylaw batch <policy> <claims.csv|claims.jsonl> [-o out]`: rows settled in order, each
// person's ledger carried across their rows, one result row per input row (errors as rows),
// a progress bar on a terminal and a summary at the end. Streams both ways: memory stays
// flat however many rows there are.
import { createReadStream, createWriteStream, statSync, type WriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { once } from "node:events";
import type { Lang } from "../../compiler/index.ts";
import { createBatch, CsvReader, formatCsvRow, recordToRow, type BatchSummary, type ResultRow, type RuleSet } from "../../runtime/index.ts";
import { CliError, loadPolicyOrArtifact } from "../load-policy.ts";
import { createProgress } from "../progress.ts";

interface BatchCliOptions {
  lang: Lang;
  out?: string;
  progress: boolean;
}

type Format = "csv" | "jsonl";

function formatOf(file: string): Format | undefined {
  if (file.endsWith(".csv")) return "csv";
  if (file.endsWith(".jsonl") || file.endsWith(".ndjson")) return "jsonl";
  return undefined;
}

/** Rows of the claims file, each as a plain object, read lazily. */
async function* readRows(file: string, format: Format, onBytes: (n: number) => void): AsyncGenerator<Record<string, unknown> | Error> {
  const stream = createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 });
  if (format === "csv") {
    const reader = new CsvReader();
    let header: string[] | undefined;
    const emit = function* (records: string[][]) {
      for (const r of records) {
        if (header === undefined) header = r;
        else if (!(r.length === 1 && r[0] === "")) yield recordToRow(header, r);
      }
    };
    for await (const chunk of stream) {
      onBytes(Buffer.byteLength(chunk as string));
      yield* emit(reader.push(chunk as string));
    }
    yield* emit(reader.end());
    return;
  }
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  for await (const line of lines) {
    onBytes(Buffer.byteLength(line) + 1);
    if (line.trim() === "") continue;
    try {
      const parsed: unknown = JSON.parse(line);
      yield parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : new Error("a row must be a JSON object");
    } catch (e) {
      yield e as Error;
    }
  }
}

/** Writes result rows as CSV (fixed columns) or JSONL, waiting when the disk is behind. */
class RowWriter {
  private readonly outputs: string[];
  private readonly stream: WriteStream | NodeJS.WriteStream;
  private readonly format: Format;

  constructor(ruleSet: RuleSet, out: string | undefined, format: Format) {
    this.outputs = [...ruleSet.outputs.keys()];
    this.format = format;
    this.stream = out ? createWriteStream(out) : process.stdout;
    if (format === "csv") this.stream.write(formatCsvRow(["row", "person", "date", "ok", ...this.outputs, "alerts", "errors"]) + "\n");
  }

  async write(r: ResultRow): Promise<void> {
    let line: string;
    if (this.format === "jsonl") line = JSON.stringify(r);
    else {
      const errors = (r.errors ?? []).map((e) => `${e.field}: ${e.code} ${e.message}`).join("; ");
      line = formatCsvRow([r.row, r.person ?? "", r.date ?? "", r.ok, ...this.outputs.map((o) => r.outputs?.[o] ?? ""), (r.alerts ?? []).join(";"), errors]);
    }
    if (!this.stream.write(line + "\n")) await once(this.stream, "drain");
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
  const writer = new RowWriter(ruleSet, opts.out, outFormat);
  const progress = createProgress(zh ? "结算" : "settling", opts.progress);
  const started = Date.now();
  let bytes = 0;
  let n = 0;
  for await (const row of readRows(claims, inFormat, (b) => (bytes += b))) {
    n++;
    const result: ResultRow =
      row instanceof Error
        ? { row: n, ok: false, errors: [{ code: "BR2000", field: "", message: `not a valid row: ${row.message}`, messageZh: `无效的行：${row.message}` }] }
        : batch.push(row);
    await writer.write(result);
    if ((n & 1023) === 0) progress.update(n, size > 0 ? Math.min(1, bytes / size) : undefined);
  }
  progress.finish();
  await writer.close();
  printSummary(batch.summary(), opts.lang, (Date.now() - started) / 1000);
  return 0;
}
