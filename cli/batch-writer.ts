// Writes batch output one string per chunk, waiting only when the disk (or pipe) is behind.
import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";
import type { ResultRow } from "../runtime/index.ts";
import type { Lang } from "../compiler/index.ts";
import { headerLine, lineFormatter, type Format } from "./batch-format.ts";

export class RowWriter {
  private readonly stream: WriteStream | NodeJS.WriteStream;
  private readonly line: (r: ResultRow) => string;

  constructor(outputs: readonly string[], out: string | undefined, format: Format, lang: Lang) {
    this.stream = out ? createWriteStream(out, { highWaterMark: 1 << 20 }) : process.stdout;
    this.line = lineFormatter(outputs, format, lang);
    const header = headerLine(outputs, format);
    if (header !== "") this.stream.write(header);
  }

  async write(rows: readonly ResultRow[]): Promise<void> {
    if (rows.length === 0) return;
    let text = "";
    for (const r of rows) text += this.line(r) + "\n";
    await this.writeText(text);
  }

  async writeText(text: string): Promise<void> {
    if (text !== "" && !this.stream.write(text)) await once(this.stream, "drain");
  }

  async writeBytes(bytes: Uint8Array): Promise<void> {
    if (bytes.length > 0 && !this.stream.write(bytes)) await once(this.stream, "drain");
  }

  async close(): Promise<void> {
    if (this.stream === process.stdout) return;
    await new Promise<void>((resolve, reject) => (this.stream as WriteStream).end((e?: Error | null) => (e ? reject(e) : resolve())));
  }
}
