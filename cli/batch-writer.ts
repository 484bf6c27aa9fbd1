// Writes batch output one string per chunk, waiting only when the disk (or pipe) is behind.
// A file is written beside its final path under a temporary name, flushed to disk and renamed
// over it only when the run finishes (commit): a killed or failed run leaves no file at the
// final path, never a partial one that looks finished. The bytes written are hashed (sha256)
// for the summary, and the header is written with the first rows, so a file refused before
// any row was read writes nothing, even to standard output.
import { createHash, type Hash } from "node:crypto";
import { createWriteStream, renameSync, rmSync, type WriteStream } from "node:fs";
import { once } from "node:events";
import { dirname } from "node:path";
import type { ResultRow } from "../runtime/index.ts";
import type { Lang } from "../compiler/index.ts";
import { headerLine, lineFormatter, type Format } from "./batch-format.ts";
import { fsyncFolder, isSpecialFile, tempPathFor } from "./write-file.ts";

export class RowWriter {
  private readonly stream: WriteStream | NodeJS.WriteStream;
  private readonly line: (r: ResultRow) => string;
  private readonly out: string | undefined;
  private readonly temp: string | undefined;
  private readonly hash: Hash = createHash("sha256");
  private header: string;
  private failure: Error | undefined;
  bytes = 0;

  /** `out`: the final path (checked beforehand with checkOutputPath), or standard output. */
  constructor(outputs: readonly string[], out: string | undefined, format: Format, lang: Lang) {
    this.out = out;
    if (out && isSpecialFile(out)) {
      this.stream = createWriteStream(out, { highWaterMark: 1 << 20 }); // a device or pipe: in place
    } else if (out) {
      this.temp = tempPathFor(out);
      // flush: the file's data reaches the disk before it is closed, and so before the rename
      this.stream = createWriteStream(this.temp, { highWaterMark: 1 << 20, flags: "wx", flush: true });
    } else {
      this.stream = process.stdout;
    }
    this.stream.on("error", (e: Error) => (this.failure ??= e));
    this.line = lineFormatter(outputs, format, lang);
    this.header = headerLine(outputs, format);
  }

  async write(rows: readonly ResultRow[]): Promise<void> {
    if (rows.length === 0) return;
    let text = "";
    for (const r of rows) text += this.line(r) + "\n";
    await this.writeBytes(Buffer.from(text));
  }

  async writeBytes(bytes: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.header !== "") {
      const header = Buffer.from(this.header);
      this.header = "";
      this.put(header);
    }
    if (bytes.length > 0 && !this.put(bytes)) await once(this.stream, "drain");
  }

  private put(bytes: Uint8Array): boolean {
    this.hash.update(bytes);
    this.bytes += bytes.length;
    return this.stream.write(bytes);
  }

  /** The sha256 of everything written, as hex (once committed). */
  digest(): string {
    return this.hash.digest("hex");
  }

  /** Finishes the output: the file is flushed, closed and renamed to its final path. */
  async commit(): Promise<void> {
    await this.writeBytes(new Uint8Array(0)); // the header, if no row came
    if (this.stream === process.stdout) return;
    const stream = this.stream as WriteStream;
    await new Promise<void>((resolve, reject) => {
      stream.once("error", reject);
      stream.end(() => resolve());
    });
    if (!stream.closed) await once(stream, "close");
    if (this.temp === undefined) return;
    renameSync(this.temp, this.out!);
    fsyncFolder(dirname(this.out!));
  }

  /** Gives up: the temporary file is removed; nothing is left at the final path. */
  abort(): void {
    if (this.stream === process.stdout) return;
    (this.stream as WriteStream).destroy();
    if (this.temp !== undefined) rmSync(this.temp, { force: true });
  }
}
