// COPY … FROM STDIN with the `pg` client alone (pg-copy-streams is not a dependency): pg runs
// any object with a submit(connection) method as a query and hands it the protocol's messages,
// so this one sends the COPY statement, then the rows as CopyData messages, waiting whenever
// the socket is behind, and CopyDone at the end. The rows are in COPY's text format (one line
// per row, cells separated by tabs, NULL as \N), written by copyLine.
import { once } from "node:events";
import type { Client, Connection } from "pg";

/** A cell in COPY's text format: backslash, tab and line breaks escaped; null/undefined is NULL. */
export function copyCell(v: string | number | bigint | boolean | null | undefined): string {
  if (v === null || v === undefined) return "\\N";
  const s = String(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : s;
}

const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** One row in COPY's text format, with its line break. */
export function copyLine(cells: readonly (string | number | bigint | boolean | null | undefined)[]): string {
  let line = "";
  for (let i = 0; i < cells.length; i++) line += (i === 0 ? "" : "\t") + copyCell(cells[i]);
  return line + "\n";
}

/** The connection's socket, which pg's types do not name. */
interface Wire {
  stream: NodeJS.WritableStream & { writableNeedDrain?: boolean; destroyed?: boolean };
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  query(text: string): void;
}

/** The pg "submittable" running one COPY FROM STDIN. */
class CopyIn {
  private error: Error | undefined;
  private rows = 0;
  private settle!: { resolve: (n: number) => void; reject: (e: Error) => void };
  readonly done = new Promise<number>((resolve, reject) => (this.settle = { resolve, reject }));

  private readonly sql: string;
  private readonly source: AsyncIterable<string | Buffer>;
  constructor(sql: string, source: AsyncIterable<string | Buffer>) {
    this.sql = sql;
    this.source = source;
  }

  submit(connection: Connection): void {
    (connection as unknown as Wire).query(this.sql);
  }

  handleCopyInResponse(connection: Connection): void {
    void this.pump(connection as unknown as Wire);
  }

  private async pump(wire: Wire): Promise<void> {
    try {
      for await (const chunk of this.source) {
        if (this.error !== undefined) return; // the server refused: it drops whatever else comes
        wire.sendCopyFromChunk(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
        if (wire.stream.writableNeedDrain) await once(wire.stream, "drain");
      }
      wire.endCopyFrom();
    } catch (e) {
      // the rows could not be produced: the server abandons the COPY, and the run reports why
      this.error ??= e as Error;
      wire.sendCopyFail((e as Error).message);
    }
  }

  handleCommandComplete(msg: { text?: string }): void {
    this.rows = Number(/^COPY (\d+)/.exec(msg.text ?? "")?.[1] ?? 0);
  }

  handleError(e: Error): void {
    this.error ??= e;
    this.settle.reject(this.error);
  }

  handleReadyForQuery(): void {
    if (this.error !== undefined) this.settle.reject(this.error);
    else this.settle.resolve(this.rows);
  }

  // A COPY FROM STDIN sends none of these.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/**
 * Runs `COPY … FROM STDIN` (text format) with the lines `source` yields; resolves with the rows
 * the server copied. A source that throws aborts the COPY (nothing is copied) and rejects with
 * its error; a row the server refuses rejects with the server's error.
 */
export function copyFrom(client: Client, sql: string, source: AsyncIterable<string | Buffer>): Promise<number> {
  const copy = new CopyIn(sql, source);
  client.query(copy);
  return copy.done;
}
