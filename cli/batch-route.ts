// The main thread's cheap part of a parallel batch: cutting the claims text into whole
// records and naming each record's person, so all of a person's rows go to one worker in
// order. Workers do the full parsing. Records are cut by runtime/batch/csv.ts's CsvCutter, so
// their boundaries and lines are the single-threaded reader's; a record holding a quote is
// parsed whole here to find its person, which only costs time.
import { CsvCutter, isBlank, recordCells } from "../runtime/batch/csv.ts";
import { LineCutter } from "./batch-sources.ts";

/** Receives each whole record's text (no line break), its person if it names one, and the line it starts on. */
export type Emit = (record: string, person: string | undefined, line: number) => void;

export interface Splitter {
  /** Adds text; emits the records it completes. */
  push(text: string): void;
  /** Ends the input; emits the last record. */
  end(): void;
  /** The CSV header record's text once seen (workers plan their columns from it), and its line. */
  readonly header: string | undefined;
  readonly headerLine: number;
}

const FNV_OFFSET = 0x811c9dc5, FNV_PRIME = 0x01000193;

/**
 * A stable hash of a person: FNV-1a over the name's UTF-8 bytes, so a name read from the
 * file's bytes (utf8Hash) and the same name read as text (textHash) go to the same worker.
 */
export function textHash(person: string): number {
  let h = FNV_OFFSET;
  const byte = (b: number) => (h = Math.imul(h ^ b, FNV_PRIME));
  for (let i = 0; i < person.length; i++) {
    let c = person.charCodeAt(i);
    if (c < 0x80) {
      byte(c);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = person.charCodeAt(i + 1);
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else {
        c = 0xfffd; // a lone surrogate is written as U+FFFD
      }
    }
    if (c < 0x800) {
      byte(0xc0 | (c >> 6));
    } else if (c < 0x10000) {
      byte(0xe0 | (c >> 12));
      byte(0x80 | ((c >> 6) & 0x3f));
    } else {
      byte(0xf0 | (c >> 18));
      byte(0x80 | ((c >> 12) & 0x3f));
      byte(0x80 | ((c >> 6) & 0x3f));
    }
    byte(0x80 | (c & 0x3f));
  }
  return h >>> 0;
}

/** Whether bytes[s, e) is well-formed UTF-8, which text decoding maps one to one. */
function wellFormed(b: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; ) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    if (n === 0 || i + n >= e) return false; // not a lead byte, or cut short
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80, hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    if (b[i + 1]! < lo || b[i + 1]! > hi) return false;
    for (let k = 2; k <= n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return false;
    i += n + 1;
  }
  return true;
}

/** textHash of the text that bytes[s, e) decode to. */
export function utf8Hash(b: Buffer, s: number, e: number): number {
  if (!wellFormed(b, s, e)) return textHash(b.toString("utf8", s, e));
  let h = FNV_OFFSET;
  for (let i = s; i < e; i++) h = Math.imul(h ^ b[i]!, FNV_PRIME);
  return h >>> 0;
}

/** The worker for a person's hash; rows without a person go to worker 0. */
export function workerOf(hash: number | undefined, workers: number): number {
  if (hash === undefined) return 0;
  // FNV's low bits mix poorly (its last bit is the parity of the bytes): fold the high bits in
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash ^= hash >>> 13;
  return (hash >>> 0) % workers;
}

/** The `k`th comma-separated field of a line without quotes. */
function fieldAt(line: string, k: number): string | undefined {
  let start = 0;
  for (let n = 0; n < k; n++) {
    const c = line.indexOf(",", start);
    if (c === -1) return undefined;
    start = c + 1;
  }
  const end = line.indexOf(",", start);
  return end === -1 ? line.slice(start) : line.slice(start, end);
}

/**
 * `known`: where an earlier reader (cli/batch-bytes.ts) left off: the header if it read one,
 * the line it was on, and whether it read the start of the file.
 */
export function csvSplitter(personColumn: string, emit: Emit, known?: { header: string | undefined; line: number; started: boolean }): Splitter {
  const cutter = new CsvCutter({ line: known?.line ?? 1, started: known?.started === true });
  let header = known?.header;
  let headerLine = 1;
  let personIndex = header === undefined ? -1 : (recordCells(header) ?? []).lastIndexOf(personColumn);

  const record = (text: string, line: number): void => {
    if (header === undefined) {
      const cells = recordCells(text);
      if (cells !== undefined && isBlank(cells)) return; // blank: not the header yet
      header = text;
      headerLine = line;
      personIndex = (cells ?? []).lastIndexOf(personColumn);
      return;
    }
    let person: string | undefined;
    if (personIndex >= 0) person = text.includes('"') ? recordCells(text)?.[personIndex] : fieldAt(text, personIndex);
    emit(text, person === "" ? undefined : person, line);
  };

  return {
    push(text) {
      cutter.push(text, record);
    },
    end() {
      cutter.end(record);
    },
    get header() {
      return header;
    },
    get headerLine() {
      return headerLine;
    },
  };
}

/** A JSON line's top-level person, read cheaply when the line is plain (one "person", no escapes). */
function jsonPerson(line: string, personColumn: string): string | undefined {
  const key = JSON.stringify(personColumn);
  const at = line.indexOf(key);
  if (at === -1) return undefined; // no such key anywhere: no person
  if (!line.includes("\\") && line.indexOf(key, at + 1) === -1) {
    let i = at + key.length;
    while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9) i++;
    if (line.charCodeAt(i) === 58 /* : */) {
      i++;
      while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9) i++;
      if (line.charCodeAt(i) === 34) {
        const close = line.indexOf('"', i + 1);
        if (close !== -1) return close === i + 1 ? undefined : line.slice(i + 1, close);
      }
    }
  }
  try {
    const v: unknown = (JSON.parse(line) as Record<string, unknown> | null)?.[personColumn];
    return typeof v === "string" && v !== "" ? v : undefined;
  } catch {
    return undefined; // not JSON: an error row, no ledger
  }
}

export function jsonlSplitter(personColumn: string, emit: Emit): Splitter {
  const cutter = new LineCutter();
  const line = (text: string, at: number): void => {
    if (text.trim() !== "") emit(text, jsonPerson(text, personColumn), at);
  };
  return {
    push(text) {
      cutter.push(text, line);
    },
    end() {
      cutter.end(line);
    },
    header: undefined,
    headerLine: 1,
  };
}
