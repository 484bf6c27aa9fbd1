// CSV (RFC 4180) for batches: quoted fields may hold commas, quotes ("") and line breaks.
// CsvReader takes the text in chunks of any size, so a large file streams through.

export class CsvReader {
  private field = "";
  private record: string[] = [];
  private quoted = false;
  /** a quote seen inside a quoted field: either an escaped "" or the field's end */
  private quoteSeen = false;
  private started = false;
  /** CR seen at the end of the last chunk: an LF right after it ends nothing more */
  private afterCr = false;
  private first = true;

  /** Adds text; returns the records completed by it. */
  push(chunk: string): string[][] {
    const out: string[][] = [];
    let i = 0;
    if (this.first && chunk.length > 0) {
      this.first = false;
      if (chunk.charCodeAt(0) === 0xfeff) i = 1; // byte-order mark
    }
    for (; i < chunk.length; i++) {
      const ch = chunk[i]!;
      if (this.afterCr) {
        this.afterCr = false;
        if (ch === "\n") continue;
      }
      if (this.quoted) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (ch === '"') {
            this.field += '"';
            continue;
          }
          this.quoted = false; // the closing quote; fall through to handle ch normally
        } else if (ch === '"') {
          this.quoteSeen = true;
          continue;
        } else {
          this.field += ch;
          continue;
        }
      }
      if (ch === '"' && this.field === "" && !this.started) {
        this.quoted = true;
        this.started = true;
      } else if (ch === ",") {
        this.endField();
      } else if (ch === "\n" || ch === "\r") {
        this.afterCr = ch === "\r";
        this.endRecord(out);
      } else {
        this.field += ch;
        this.started = true;
      }
    }
    return out;
  }

  /** Ends the input; returns the last record if the text did not end with a line break. */
  end(): string[][] {
    const out: string[][] = [];
    if (this.quoteSeen) {
      this.quoteSeen = false;
      this.quoted = false;
    }
    if (this.started || this.field !== "" || this.record.length > 0) this.endRecord(out);
    return out;
  }

  private endField(): void {
    this.record.push(this.field);
    this.field = "";
    this.started = false;
    this.quoted = false;
  }

  private endRecord(out: string[][]): void {
    this.endField();
    const blank = this.record.length === 1 && this.record[0] === "";
    if (!blank) out.push(this.record);
    this.record = [];
  }
}

/** All records of a CSV text (blank lines skipped). */
export function splitCsv(text: string): string[][] {
  const r = new CsvReader();
  return [...r.push(text), ...r.end()];
}

/** The fields of one CSV line. */
export function parseCsvLine(line: string): string[] {
  return splitCsv(line)[0] ?? [];
}

/** One CSV line (no line break): fields quoted when they hold a comma, quote or line break. */
export function formatCsvRow(cells: readonly unknown[]): string {
  return cells
    .map((c) => {
      const s = c === null || c === undefined ? "" : Array.isArray(c) ? c.join(";") : String(c);
      return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    })
    .join(",");
}

/** A record as an object keyed by the header's column names. */
export function recordToRow(header: readonly string[], record: readonly string[]): Record<string, string> {
  const row: Record<string, string> = Object.create(null);
  header.forEach((name, i) => {
    row[name] = record[i] ?? "";
  });
  return row;
}
