// The main thread's reading of a plain CSV file as bytes: no text decoding there at all.
// Lines are found with Buffer.indexOf, the person's cell is hashed from its bytes, and the
// workers decode only their own rows. The first line holding a quote, a lone CR or bytes that
// are not UTF-8 hands the rest of the file to the text reader (cli/batch-route.ts), which
// follows runtime/batch/csv.ts. Linear in the file: a chunk without a line break is only kept,
// and joined to the rest of its line once that line ends.
import { isUtf8 } from "node:buffer";
import { createDecoder, type Decoder } from "./batch-decode.ts";
import { csvSplitter, utf8Hash, type Emit, type Splitter } from "./batch-route.ts";

export interface ByteSink {
  /** A record: bytes[start, end) of the Buffer the last push returned; `hash` of its person; the line it is on. */
  record(start: number, end: number, hash: number | undefined, line: number): void;
  /** A record read as text, after the hand-over. */
  text: Emit;
}

export interface ByteSplitter {
  /** Adds bytes; emits the records completed. Returns the Buffer that records emitted now refer to. */
  push(chunk: Buffer): Buffer;
  /** Ends the input; returns the Buffer that the last records refer to. */
  end(): Buffer;
  readonly header: string | undefined;
  readonly headerLine: number;
}

const LF = 10, CR = 13, QUOTE = 34, COMMA = 44;
const EMPTY = Buffer.alloc(0);

export function csvByteSplitter(personColumn: string, sink: ByteSink): ByteSplitter {
  /** the unfinished last line, in the pieces it came in */
  let parts: Buffer[] = [];
  let started = false;
  let header: string | undefined;
  let headerLine = 1;
  let personIndex = -1;
  let line = 1;
  /** set once the text reader has taken over */
  let text: { splitter: Splitter; decoder: Decoder } | undefined;

  const handOver = (data: Buffer, from: number): void => {
    text = { splitter: csvSplitter(personColumn, sink.text, { header, line, started: true }), decoder: createDecoder("utf-8") };
    text.splitter.push(text.decoder.write(data.subarray(from)));
  };

  /** The hash of the person cell of the line bytes[s, e), if it has one. */
  const personOf = (data: Buffer, s: number, e: number): number | undefined => {
    for (let n = 0; n < personIndex; n++) {
      const c = data.indexOf(COMMA, s);
      if (c === -1 || c >= e) return undefined;
      s = c + 1;
    }
    let end = data.indexOf(COMMA, s);
    if (end === -1 || end > e) end = e;
    return end === s ? undefined : utf8Hash(data, s, end);
  };

  /** Reads the whole lines of `data` (all of it when `final`); returns the unfinished rest. */
  const scan = (data: Buffer, final: boolean): Buffer => {
    let i = 0;
    if (!started && data.length > 0) {
      started = true;
      if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) i = 3;
    }
    const limit = final ? data.length : Math.max(i, data.lastIndexOf(LF) + 1);
    if (!isUtf8(data.subarray(i, limit))) {
      handOver(data, i); // the text reader keeps unreadable bytes for the batch to report
      return EMPTY;
    }
    const next = (byte: number, from: number) => {
      const at = data.indexOf(byte, from);
      return at === -1 || at >= limit ? limit : at;
    };
    let quote = next(QUOTE, i), cr = next(CR, i);
    while (i < limit) {
      let nl = data.indexOf(LF, i);
      if (nl === -1 || nl >= limit) nl = limit;
      let e = nl;
      if (cr < nl) {
        if (cr !== nl - 1) {
          handOver(data, i); // a lone CR: a line break the text reader knows
          return EMPTY;
        }
        e = cr; // CRLF
        cr = next(CR, nl);
      }
      if (quote < nl) {
        handOver(data, i);
        return EMPTY;
      }
      if (e > i) {
        if (header === undefined) {
          header = data.toString("utf8", i, e);
          headerLine = line;
          personIndex = header.split(",").lastIndexOf(personColumn);
        } else {
          sink.record(i, e, personIndex < 0 ? undefined : personOf(data, i, e), line);
        }
      }
      line++;
      i = nl + 1;
    }
    return data.subarray(limit);
  };

  return {
    push(chunk) {
      if (text !== undefined) {
        text.splitter.push(text.decoder.write(chunk));
        return chunk;
      }
      if (chunk.indexOf(LF) === -1) {
        parts.push(chunk); // no line ends here
        return EMPTY;
      }
      const data = parts.length === 0 ? chunk : Buffer.concat([...parts, chunk]);
      const rest = scan(data, false);
      parts = rest.length > 0 && text === undefined ? [rest] : [];
      return data;
    },
    end() {
      const data = parts.length === 0 ? EMPTY : Buffer.concat(parts);
      parts = [];
      if (text === undefined) scan(data, true);
      if (text !== undefined) {
        text.splitter.push(text.decoder.end());
        text.splitter.end();
      }
      return data;
    },
    get header() {
      return header ?? text?.splitter.header;
    },
    get headerLine() {
      return header !== undefined ? headerLine : (text?.splitter.headerLine ?? 1);
    },
  };
}
