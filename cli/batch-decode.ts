// The claims file's bytes as text. UTF-8 (the default) keeps every byte it cannot read as a
// lone surrogate (U+DC80–U+DCFF, as Python's "surrogateescape" does), never as U+FFFD: two
// different broken names stay different, and the batch reports the cell holding one as an
// error (BR2106) instead of settling it. GB18030 (files from Chinese spreadsheet software,
// usually GBK) is decoded strictly: a byte sequence it cannot read refuses the file.
import { isUtf8 } from "node:buffer";

export const ENCODINGS = ["utf-8", "gb18030"] as const;
export type Encoding = (typeof ENCODINGS)[number];

export interface Decoder {
  write(bytes: Buffer): string;
  end(): string;
}

/** Thrown when a strict decoder meets bytes it cannot read; decodeMessage says it in the
 *  reader's language. */
export class DecodeError extends Error {
  readonly encoding: string;
  readonly offset: number;
  constructor(encoding: string, offset: number) {
    super(decodeMessage(encoding, offset, "en"));
    this.encoding = encoding;
    this.offset = offset;
  }
}

export function decodeMessage(encoding: string, offset: number, lang: "en" | "zh"): string {
  return lang === "zh"
    ? `不是有效的 ${encoding.toUpperCase()} 文本（自第 ${offset} 字节起）`
    : `not valid ${encoding.toUpperCase()} text (in the bytes from offset ${offset})`;
}

export function createDecoder(encoding: Encoding): Decoder {
  return encoding === "utf-8" ? new Utf8Decoder() : strictDecoder(encoding);
}

function strictDecoder(encoding: Encoding): Decoder {
  const decoder = new TextDecoder(encoding, { fatal: true });
  let offset = 0;
  const fail = (): never => {
    throw new DecodeError(encoding, offset);
  };
  return {
    write(bytes) {
      try {
        return decoder.decode(bytes, { stream: true });
      } catch {
        return fail();
      } finally {
        offset += bytes.length;
      }
    },
    end() {
      try {
        return decoder.decode();
      } catch {
        return fail();
      }
    },
  };
}

/** The length of the well-formed UTF-8 sequence at b[i] (1–4), or 0 if the byte there starts none. */
function sequenceAt(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (n === 0 || i + n > b.length) return 0;
  const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80, hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
  if (b[i + 1]! < lo || b[i + 1]! > hi) return 0;
  for (let k = 2; k < n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return 0;
  return n;
}

/** Where a sequence cut short by the end of `b` starts (b.length if none is). */
function cutAt(b: Uint8Array): number {
  for (let k = 1; k <= 3 && k <= b.length; k++) {
    const c = b[b.length - k]!;
    if ((c & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return n > k ? b.length - k : b.length;
  }
  return b.length;
}

/** UTF-8 bytes as text, each byte it cannot read kept as U+DC00 + the byte. */
export function decodeEscaped(b: Buffer): string {
  if (isUtf8(b)) return b.toString("utf8");
  let out = "", run = 0;
  for (let i = 0; i < b.length; ) {
    const n = sequenceAt(b, i);
    if (n > 0) {
      i += n;
      continue;
    }
    out += b.toString("utf8", run, i) + String.fromCharCode(0xdc00 + b[i]!);
    run = ++i;
  }
  return out + b.toString("utf8", run);
}

class Utf8Decoder implements Decoder {
  /** the start of a sequence the last chunk cut short */
  private carry: Buffer | undefined;

  write(bytes: Buffer): string {
    const data = this.carry === undefined ? bytes : Buffer.concat([this.carry, bytes]);
    const cut = cutAt(data);
    this.carry = cut < data.length ? Buffer.from(data.subarray(cut)) : undefined;
    return decodeEscaped(data.subarray(0, cut));
  }

  end(): string {
    const rest = this.carry;
    this.carry = undefined;
    return rest === undefined ? "" : decodeEscaped(rest);
  }
}
