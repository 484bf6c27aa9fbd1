// CSV (RFC 4180) for batches: quoted fields may hold commas, quotes ("") and line breaks.
// CsvReader takes the text in chunks of any size, so a large file streams through.

// Most claim files quote nothing, so whole lines without a quote take a fast path (split on line
// breaks, then on commas); from a line holding a quote, a character-by-character RFC 4180
// machine runs until that record ends. Both give the same records.

/** Any line break: CRLF, LF or a lone CR. */
const BREAK = /\r\n|\r|\n/;

export class CsvReader {
  // The RFC 4180 machine, for records holding quotes.
  private field = "";
  private record: string[] = [];
  private quoted = false;
  /** a quote seen inside a quoted field: either an escaped "" or the field's end */
  private quoteSeen = false;
  private started = false;
  /** CR seen at the end of the last text: an LF right after it ends nothing more */
  private afterCr = false;
  private first = true;
  /** the text after the last line break, not yet a whole line (fast path only) */
  private rest = "";

  /** Adds text; returns the records completed by it. */
  push(chunk: string): string[][] {
    const out: string[][] = [];
    const text = this.rest + chunk;
    this.rest = "";
    let i = 0;
    if (this.first && text.length > 0) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) i = 1; // byte-order mark
    }
    while (i < text.length) {
      if (this.midRecord()) {
        i = this.scan(text, i, out, true);
        continue;
      }
      if (this.afterCr) {
        this.afterCr = false;
        if (text.charCodeAt(i) === 10) i++;
        continue;
      }
      const q = text.indexOf('"', i);
      if (q === -1) {
        // no quote: every whole line is fast; the unfinished last one waits for more text
        const end = lastBreak(text, i, text.length) + 1;
        if (end > i) {
          splitLines(text.slice(i, end), out);
          this.afterCr = text.charCodeAt(end - 1) === 13;
        }
        this.rest = text.slice(end);
        return out;
      }
      // fast up to the line holding the quote, then the machine for that record
      const start = lastBreak(text, i, q) + 1;
      if (start > i) splitLines(text.slice(i, start), out);
      i = this.scan(text, start, out, true);
    }
    return out;
  }

  /** Ends the input; returns the last record if the text did not end with a line break. */
  end(): string[][] {
    const out: string[][] = [];
    if (this.rest !== "") {
      this.scan(this.rest, 0, out, false);
      this.rest = "";
    }
    if (this.quoteSeen) {
      this.quoteSeen = false;
      this.quoted = false;
    }
    if (this.started || this.field !== "" || this.record.length > 0) this.endRecord(out);
    return out;
  }

  private midRecord(): boolean {
    return this.quoted || this.started || this.field !== "" || this.record.length > 0;
  }

  /** The machine from `i`; stops after the first record it ends when `once`. Returns where it stopped. */
  private scan(text: string, i: number, out: string[][], once: boolean): number {
    for (; i < text.length; i++) {
      const ch = text[i]!;
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
        if (once) return i + 1;
      } else {
        this.field += ch;
        this.started = true;
      }
    }
    return i;
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

/** The index of the last line break (LF or CR) in text[from, end), or from − 1. */
export function lastBreak(text: string, from: number, end: number): number {
  let j = end - 1;
  while (j >= from) {
    const c = text.charCodeAt(j);
    if (c === 10 || c === 13) break;
    j--;
  }
  return j;
}

/** Whole lines without quotes (the text ends with a line break): blank lines skipped. */
function splitLines(text: string, out: string[][]): void {
  const lines = text.includes("\r") ? text.split(BREAK) : text.split("\n");
  for (const line of lines) if (line !== "") out.push(line.split(","));
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

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV cell: quoted when it holds a comma, quote or line break; a list joined by ";". */
export function formatCsvCell(c: unknown): string {
  const s = typeof c === "string" ? c : c === null || c === undefined ? "" : Array.isArray(c) ? c.join(";") : String(c);
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line (no line break). */
export function formatCsvRow(cells: readonly unknown[]): string {
  let line = "";
  for (let i = 0; i < cells.length; i++) line += (i === 0 ? "" : ",") + formatCsvCell(cells[i]);
  return line;
}

/** A record as an object keyed by the header's column names. */
export function recordToRow(header: readonly string[], record: readonly string[]): Record<string, string> {
  const row: Record<string, string> = Object.create(null);
  header.forEach((name, i) => {
    row[name] = record[i] ?? "";
  });
  return row;
}
