// CSV (RFC 4180) for batches: quoted fields may hold commas, quotes ("") and line breaks.
// CsvCutter takes the text in chunks of any size and cuts it into records' raw text, counting
// lines; recordCells splits one record into its cells. Both are linear in the text: a chunk is
// scanned once, and an unfinished record is kept as pieces, joined once when it ends.

// Most claim files quote nothing, so whole lines without a quote take a fast path (split on line
// breaks); from a line holding a quote, a character machine runs until that record ends.
// Both give the same records.

/** Any line break: CRLF, LF or a lone CR. */
const BREAK = /\r\n|\r|\n/;
const QUOTE = 34, COMMA = 44, LF = 10, CR = 13;

/** Receives a record's raw text (without its line break) and the 1-based line it starts on. */
export type RecordSink = (text: string, line: number) => void;

export class CsvCutter {
  /** the current record's text so far, from earlier chunks */
  private parts: string[] = [];
  /** inside a record holding a quote: the machine's state follows */
  private machine = false;
  private quoted = false;
  /** a quote seen inside a quoted field: either an escaped "" or the field's end */
  private quoteSeen = false;
  private fieldStart = true;
  /** the last chunk ended inside a quoted field with a CR: an LF next is the same line break */
  private prevCr = false;
  /** a record ended with a CR at the very end of a chunk: an LF next ends nothing more */
  private afterCr = false;
  private first: boolean;
  /** the line the reader is on, and the line the current record started on */
  private line: number;
  private recordLine = 1;

  /** `at`: where an earlier reader left off (its line, and whether it read the file's start). */
  constructor(at: { line?: number; started?: boolean } = {}) {
    this.line = at.line ?? 1;
    this.first = at.started !== true;
  }

  /** Adds text; gives `sink` the records it completes (blank lines are skipped). */
  push(text: string, sink: RecordSink): void {
    const n = text.length;
    let i = 0;
    if (this.first && n > 0) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) i = 1; // byte-order mark
    }
    while (i < n) {
      if (this.afterCr) {
        this.afterCr = false;
        if (text.charCodeAt(i) === LF) i++;
        continue;
      }
      if (this.machine) {
        i = this.scan(text, i, sink);
        continue;
      }
      const q = text.indexOf('"', i);
      const stop = q === -1 ? n : q;
      const lb = lastBreak(text, i, stop);
      if (lb < i) {
        if (q === -1) {
          this.parts.push(text.slice(i)); // no line ends here: wait for more
          return;
        }
        // the current line holds a quote: the machine reads it, knowing the quote-free start
        const prefix = this.parts.length === 0 ? "" : this.parts[this.parts.length - 1]!;
        this.machine = true;
        this.quoted = this.quoteSeen = false;
        this.fieldStart = this.parts.length === 0 || prefix.charCodeAt(prefix.length - 1) === COMMA;
        this.recordLine = this.line;
        continue;
      }
      // whole lines without a quote: the first one completes what earlier chunks began
      const region = text.slice(i, lb + 1);
      const lines = region.split(region.includes("\r") ? BREAK : "\n");
      lines.pop(); // after the last break
      if (this.parts.length > 0) {
        lines[0] = this.parts.join("") + lines[0];
        this.parts = [];
      }
      for (const l of lines) {
        if (l !== "") sink(l, this.line);
        this.line++;
      }
      i = lb + 1;
      this.afterCr = text.charCodeAt(lb) === CR;
    }
  }

  /** Ends the input; gives `sink` the last record if the text did not end with a line break. */
  end(sink: RecordSink): void {
    const text = this.parts.join("");
    const line = this.machine ? this.recordLine : this.line;
    this.parts = [];
    this.machine = this.quoted = this.quoteSeen = false;
    if (text !== "") sink(text, line);
  }

  /** The machine from `i`, until the record ends (returns where it stopped). */
  private scan(text: string, i: number, sink: RecordSink): number {
    const n = text.length, from = i;
    while (i < n) {
      if (this.quoted) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (text.charCodeAt(i) === QUOTE) {
            i++; // "" inside a quoted field
            continue;
          }
          this.quoted = false; // that quote closed the field; this character is read normally
        } else {
          const q = text.indexOf('"', i);
          const end = q === -1 ? n : q;
          this.countBreaks(text, i, end);
          if (q === -1) {
            i = n;
            break;
          }
          this.quoteSeen = true;
          i = q + 1;
          continue;
        }
      }
      const c = text.charCodeAt(i);
      if (c === QUOTE && this.fieldStart) {
        this.quoted = true;
        this.fieldStart = false;
      } else if (c === COMMA) {
        this.fieldStart = true;
      } else if (c === LF || c === CR) {
        this.parts.push(text.slice(from, i));
        sink(this.parts.join(""), this.recordLine);
        this.parts = [];
        this.machine = false;
        this.line++;
        if (c === CR) {
          if (i + 1 === n) this.afterCr = true;
          else if (text.charCodeAt(i + 1) === LF) i++;
        }
        return i + 1;
      } else {
        this.fieldStart = false;
      }
      i++;
    }
    this.parts.push(text.slice(from, n));
    return n;
  }

  /** Counts the line breaks in text[from, to), inside a quoted field (CRLF is one). */
  private countBreaks(text: string, from: number, to: number): void {
    for (let k = from; k < to; k++) {
      const c = text.charCodeAt(k);
      if (c === CR) this.line++;
      else if (c === LF && !(k === from ? this.prevCr : text.charCodeAt(k - 1) === CR)) this.line++;
    }
    this.prevCr = to === text.length && to > from && text.charCodeAt(to - 1) === CR;
  }
}

/**
 * The cells of one record's raw text, or undefined when a quoted cell is never closed. As
 * spreadsheets read them, a quote inside an unquoted cell and text after a closing quote are
 * kept as they are.
 */
export function recordCells(text: string): string[] | undefined {
  if (!text.includes('"')) return text.split(",");
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    let value = "";
    if (text.charCodeAt(i) === QUOTE) {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q === -1) return undefined;
        value += text.slice(i, q);
        i = q + 1;
        if (text.charCodeAt(i) !== QUOTE) break;
        value += '"';
        i++;
      }
    }
    const c = text.indexOf(",", i);
    cells.push(value + text.slice(i, c === -1 ? text.length : c));
    if (c === -1) return cells;
    i = c + 1;
  }
}

/** A record of one empty cell: a blank line, or `""`. Not a row. */
export function isBlank(cells: readonly string[]): boolean {
  return cells.length === 1 && cells[0] === "";
}

/** Reads whole records from text in chunks of any size (blank records skipped). */
export class CsvReader {
  private readonly cutter = new CsvCutter();

  /** Adds text; returns the records completed by it. */
  push(chunk: string): string[][] {
    const out: string[][] = [];
    this.cutter.push(chunk, (t) => addRecord(t, out));
    return out;
  }

  /** Ends the input; returns the last record if the text did not end with a line break. */
  end(): string[][] {
    const out: string[][] = [];
    this.cutter.end((t) => addRecord(t, out));
    return out;
  }
}

/** A record's cells, an unclosed quote holding the rest of the text (as spreadsheets read it). */
function addRecord(text: string, out: string[][]): void {
  const cells = recordCells(text) ?? recordCells(text + '"')!;
  if (!isBlank(cells)) out.push(cells);
}

/** The index of the last line break (LF or CR) in text[from, end), or from − 1. */
export function lastBreak(text: string, from: number, end: number): number {
  let j = end - 1;
  while (j >= from) {
    const c = text.charCodeAt(j);
    if (c === LF || c === CR) break;
    j--;
  }
  return j;
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
/** What a spreadsheet may run as a formula: a cell starting with = + - @, a tab or a CR (OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number, negative or not: a spreadsheet reads it as a number, never as a formula. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * One CSV cell: quoted when it holds a comma, quote or line break; a list joined by ";". A
 * cell a spreadsheet would run as a formula is written after a ' (so `=1+1` reads as text),
 * except a plain number such as -5, which is left as it is.
 */
export function formatCsvCell(c: unknown): string {
  let s = typeof c === "string" ? c : c === null || c === undefined ? "" : Array.isArray(c) ? c.join(";") : String(c);
  if (FORMULA_START.test(s) && !PLAIN_NUMBER.test(s)) s = "'" + s;
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
