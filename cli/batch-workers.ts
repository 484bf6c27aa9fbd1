// `bylaw batch` on a worker_threads pool. The main thread reads the file in chunks, cuts it
// into records (as bytes for plain CSV, cli/batch-bytes.ts; as text otherwise,
// cli/batch-route.ts) and routes each by a stable hash of its person, so a person's rows stay
// in order in one worker, which holds that person's ledger. Workers send back their result
// lines as UTF-8; the main thread merges them by sequence number, numbers the rows and writes
// one Buffer per chunk, in input order. At most MAX_IN_FLIGHT chunks are out at once, so
// memory stays flat however many rows there are.
import { createReadStream } from "node:fs";
import { Worker } from "node:worker_threads";
import type { Lang } from "../compiler/index.ts";
import type { BatchSummary } from "../runtime/index.ts";
import { D, type Dec } from "../runtime/ir/decimal.ts";
import { formatMoney } from "../runtime/ir/money.ts";
import { rowPrefix, type Format } from "./batch-format.ts";
import type { FirstSeen, Opened, RouteMessage, ToMain, ToWorker, WorkerSetup } from "./batch-protocol.ts";
import { csvByteSplitter, type ByteSplitter } from "./batch-bytes.ts";
import { createDecoder, type Decoder, type Encoding } from "./batch-decode.ts";
import { csvSplitter, jsonlSplitter, textHash, workerOf, type Splitter } from "./batch-route.ts";
import { headerCells, noHeader } from "./batch-sources.ts";
import type { RowWriter } from "./batch-writer.ts";
import type { Progress } from "./progress.ts";
import { readOpening, writeClosing, type LedgerRun, type OpeningChunk } from "./batch-ledgers.ts";
import type { InputError } from "../runtime/index.ts";

/** Read size: about 15 000 claim rows, enough to amortise a message round trip. */
const POOL_CHUNK = 1 << 20;
/** Chunks sent and not yet written: keeps every worker busy while the main thread writes. */
const MAX_IN_FLIGHT = 3;
/** Each worker's young generation, in MB (see Link). */
const YOUNG_MB = 96;

/** What routing a claims file to workers needs (routeClaims). */
export interface RouteRun {
  claims: string;
  size: number;
  inFormat: Format;
  encoding: Encoding;
  progress: Progress;
  /** opening ledgers sent to the workers holding their people first; closing ones gathered last */
  ledgers?: LedgerRun;
}

export interface PoolRun extends RouteRun {
  /** one rule set's, or a rule book's versions (see WorkerSetup) */
  artifacts: unknown[];
  outFormat: Format;
  lang: Lang;
  writer: RowWriter;
}

/** A text splitter fed bytes: characters cut between chunks are kept whole. */
function textSplitter(splitter: Splitter, decoder: Decoder): ByteSplitter {
  return {
    push(chunk) {
      splitter.push(decoder.write(chunk));
      return chunk;
    },
    end() {
      splitter.push(decoder.end());
      splitter.end();
      return Buffer.alloc(0);
    },
    get header() {
      return splitter.header;
    },
    get headerLine() {
      return splitter.headerLine;
    },
  };
}

/** A worker module beside this one, with its extension: `name`.ts in the sources, `name`.js
 *  beside the bundled bin of the installed package (`npm run pack`). */
export function workerModule(name: string): URL {
  return new URL(`./${name}${import.meta.url.slice(import.meta.url.lastIndexOf("."))}`, import.meta.url);
}

const WORKER = workerModule("batch-worker");

/** One worker and the replies it owes, in order (it answers its messages one by one). `In` and
 *  `Out` are its protocol's messages; every pool's workers also take RouteMessage. */
export class Link<In = ToWorker, Out = ToMain> {
  private readonly worker: Worker;
  private readonly waiting: { resolve: (m: Out) => void; reject: (e: Error) => void }[] = [];
  private failure: Error | undefined;

  constructor(module: URL = WORKER) {
    // V8 sizes each isolate's young generation for this machine's RAM (up to ~200 MB); 96 MB
    // settled as fast on 1M rows and cut peak RSS by about a quarter
    this.worker = new Worker(module, { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB } });
    this.worker.on("message", (m: Out) => this.waiting.shift()?.resolve(m));
    this.worker.on("error", (e) => this.fail(e));
    this.worker.on("exit", (code) => this.fail(new Error(`batch worker exited (${code})`)));
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const w of this.waiting.splice(0)) w.reject(e);
  }

  send(m: In | RouteMessage, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(m, transfer);
  }

  ask(m: In | RouteMessage, transfer: ArrayBuffer[] = []): Promise<Out> {
    if (this.failure) return Promise.reject(this.failure);
    const reply = new Promise<Out>((resolve, reject) => this.waiting.push({ resolve, reject }));
    this.send(m, transfer);
    return reply;
  }

  async stop(): Promise<void> {
    this.worker.removeAllListeners("exit");
    await this.worker.terminate();
  }
}

/** The records routed to one worker since the last chunk was sent. */
class Outbox {
  starts: number[] = [];
  byteLens: number[] = [];
  byteSeqs: number[] = [];
  byteLines: number[] = [];
  text = "";
  lens: number[] = [];
  seqs: number[] = [];
  lines: number[] = [];

  /** The message for chunk `id`; byte records refer to `data`, copied for this worker. */
  take(id: number, data: Buffer): RouteMessage & { type: "rows" } {
    let bytes: ArrayBuffer | undefined;
    if (this.starts.length > 0) {
      const copy = new Uint8Array(data.length);
      copy.set(data);
      bytes = copy.buffer;
    }
    const m = {
      type: "rows" as const, id, bytes,
      starts: Int32Array.from(this.starts), byteLens: Int32Array.from(this.byteLens),
      byteSeqs: Float64Array.from(this.byteSeqs), byteLines: Float64Array.from(this.byteLines),
      text: this.text, lens: Int32Array.from(this.lens), seqs: Float64Array.from(this.seqs), lines: Float64Array.from(this.lines),
    };
    this.starts = [];
    this.byteLens = [];
    this.byteSeqs = [];
    this.byteLines = [];
    this.text = "";
    this.lens = [];
    this.seqs = [];
    this.lines = [];
    return m;
  }
}

type RowsReply = ToMain & { type: "rows" };

/** Interleaves the workers' result lines of one chunk by sequence number, numbering rows after `row`. */
function mergeChunk(replies: RowsReply[], row: number, prefix: Buffer): { bytes: Buffer; rows: number } {
  const tails = replies.map((r) => Buffer.from(r.tails));
  let size = 0, count = 0;
  for (const r of replies) {
    count += r.lens.length;
    for (let k = 0; k < r.lens.length; k++) size += r.lens[k]!;
  }
  const out = Buffer.allocUnsafeSlow(size + count * (prefix.length + 17)); // 16 digits and a line break
  const at = replies.map(() => 0);
  const offset = replies.map(() => 0);
  let pos = 0;
  for (;;) {
    let best = -1;
    for (let w = 0; w < replies.length; w++) {
      if (at[w]! < replies[w]!.seqs.length && (best === -1 || replies[w]!.seqs[at[w]!]! < replies[best]!.seqs[at[best]!]!)) best = w;
    }
    if (best === -1) return { bytes: out.subarray(0, pos), rows: row };
    const len = replies[best]!.lens[at[best]!++]!;
    pos += prefix.copy(out, pos);
    pos = writeDigits(out, pos, ++row);
    pos += tails[best]!.copy(out, pos, offset[best]!, offset[best]! + len);
    offset[best]! += len;
    out[pos++] = 10;
  }
}

/** Writes n's decimal digits at pos; returns the position after them. */
function writeDigits(out: Buffer, pos: number, n: number): number {
  let digits = 1;
  for (let m = n; m >= 10; m = Math.floor(m / 10)) digits++;
  for (let p = pos + digits - 1; p >= pos; p--) {
    out[p] = 48 + (n % 10);
    n = Math.floor(n / 10);
  }
  return pos + digits;
}

/** The workers' summaries as one: counts added, money added exactly, keys in order of first appearance. */
export function mergeSummaries(parts: { summary: BatchSummary; first: FirstSeen }[]): BatchSummary {
  const ordered = <T>(kind: keyof FirstSeen, get: (s: BatchSummary) => Record<string, T>, add: (a: T, b: T) => T): Record<string, T> => {
    const where = new Map<string, [number, number]>();
    for (const p of parts) for (const [key, seq, idx] of p.first[kind]) {
      const w = where.get(key);
      if (w === undefined || seq < w[0] || (seq === w[0] && idx < w[1])) where.set(key, [seq, idx]);
    }
    const sums = new Map<string, T>();
    for (const p of parts) for (const [key, v] of Object.entries(get(p.summary))) sums.set(key, sums.has(key) ? add(sums.get(key)!, v) : v);
    const rank = (k: string) => where.get(k) ?? [Infinity, 0];
    const keys = [...sums.keys()].sort((a, b) => rank(a)[0] - rank(b)[0] || rank(a)[1] - rank(b)[1]);
    const out: Record<string, T> = {};
    for (const k of keys) Object.defineProperty(out, k, { value: sums.get(k), enumerable: true, writable: true, configurable: true });
    return out;
  };
  const sum = (f: (s: BatchSummary) => number) => parts.reduce((n, p) => n + f(p.summary), 0);
  const money = ordered<Dec>("totals", (s) => Object.fromEntries(Object.entries(s.totals).map(([k, v]) => [k, new D(v)])), (a, b) => a.plus(b));
  return {
    rows: sum((s) => s.rows),
    ok: sum((s) => s.ok),
    failed: sum((s) => s.failed),
    persons: sum((s) => s.persons), // each person is in one worker only
    totals: Object.fromEntries(Object.entries(money).map(([k, v]) => [k, formatMoney(v)])),
    alerts: ordered("alerts", (s) => s.alerts, (a, b) => a + b),
    errors: ordered("errors", (s) => s.errors, (a, b) => a + b),
  };
}

export interface Pool {
  /** Settles the claims file; the pool is stopped afterwards. */
  run(run: PoolRun): Promise<BatchSummary>;
  stop(): Promise<void>;
}

/** Starts `workers` workers; they load their modules while the caller compiles the policy. */
export function startPool(workers: number): Pool {
  const links = Array.from({ length: workers }, () => new Link());
  const stop = async () => {
    await Promise.all(links.map((l) => l.stop()));
  };
  return {
    stop,
    async run(run) {
      try {
        return await settle(links, run);
      } finally {
        await stop();
      }
    },
  };
}

/** Sends each opening ledger to the worker its person's rows go to; the first refused (lowest line), if any. */
async function openOnWorkers<In, Out>(links: Link<In, Out>[], { entries, lines }: OpeningChunk): Promise<InputError | undefined> {
  const parts = links.map((): OpeningChunk => ({ entries: [], lines: [] }));
  for (let k = 0; k < entries.length; k++) {
    const part = parts[workerOf(textHash(entries[k]!.person), links.length)]!;
    part.entries.push(entries[k]!);
    part.lines.push(lines[k]!);
  }
  const replies = await Promise.all(links.map((l, w) => (parts[w]!.entries.length > 0 ? l.ask({ type: "open", ...parts[w]! }) : undefined)));
  let first: InputError | undefined;
  for (const r of replies as (Opened | undefined)[]) {
    const e = r?.error;
    if (e !== undefined && (first === undefined || (e.args.line as number) < (first.args.line as number))) first = e;
  }
  return first;
}

/**
 * Reads the claims file, cuts it into records and routes each to the worker holding its person
 * (after the opening ledgers, if any): messages "open", "header" and "rows" (RouteMessage). Each
 * chunk's replies, one per worker, go to `take` in input order; at most MAX_IN_FLIGHT chunks
 * are out at once.
 */
export async function routeClaims<In, Out>(links: Link<In, Out>[], run: RouteRun, take: (replies: Out[], bytes: number) => Promise<void>): Promise<void> {
  const ledgers = run.ledgers;
  if (ledgers?.in !== undefined) ledgers.opened = await readOpening(ledgers.in, ledgers, (chunk) => openOnWorkers(links, chunk));
  const boxes = links.map(() => new Outbox());
  let seq = 0;
  const text = (record: string, person: string | undefined, line: number) => {
    const box = boxes[workerOf(person === undefined ? undefined : textHash(person), links.length)]!;
    box.text += record;
    box.lens.push(record.length);
    box.seqs.push(seq++);
    box.lines.push(line);
  };
  const record = (start: number, end: number, hash: number | undefined, line: number) => {
    const box = boxes[workerOf(hash, links.length)]!;
    box.starts.push(start);
    box.byteLens.push(end - start);
    box.byteSeqs.push(seq++);
    box.byteLines.push(line);
  };
  // UTF-8 CSV is read as bytes; other encodings (whose bytes the workers cannot hash as UTF-8) and JSONL as text
  const splitter =
    run.inFormat === "jsonl" ? textSplitter(jsonlSplitter("person", text), createDecoder(run.encoding))
    : run.encoding === "utf-8" ? csvByteSplitter("person", { record, text })
    : textSplitter(csvSplitter("person", text), createDecoder(run.encoding));
  let headerSent = false;
  let chunkId = 0;
  const inFlight: { replies: Promise<Out>[]; bytes: number }[] = [];
  const dispatch = (data: Buffer, bytes: number) => {
    if (!headerSent && splitter.header !== undefined) {
      headerSent = true;
      headerCells(splitter.header, splitter.headerLine); // a header the batch cannot read refuses the file
      for (const l of links) l.send({ type: "header", text: splitter.header });
    }
    const id = chunkId++;
    inFlight.push({
      bytes,
      replies: links.map((l, w) => {
        const m = boxes[w]!.take(id, data);
        const transfer = [m.starts.buffer, m.byteLens.buffer, m.byteSeqs.buffer, m.byteLines.buffer, m.lens.buffer, m.seqs.buffer, m.lines.buffer];
        if (m.bytes !== undefined) transfer.push(m.bytes);
        const reply = l.ask(m, transfer);
        reply.catch(() => {}); // a failed worker is reported when its chunk is awaited, not as unhandled
        return reply;
      }),
    });
  };
  const takeHead = async () => {
    const head = inFlight.shift()!;
    await take(await Promise.all(head.replies), head.bytes);
  };

  let bytes = 0;
  for await (const chunk of createReadStream(run.claims, { highWaterMark: POOL_CHUNK })) {
    bytes += (chunk as Buffer).length;
    dispatch(splitter.push(chunk as Buffer), bytes);
    while (inFlight.length >= MAX_IN_FLIGHT) await takeHead();
  }
  dispatch(splitter.end(), bytes);
  if (run.inFormat === "csv" && !headerSent) throw noHeader();
  while (inFlight.length > 0) await takeHead();
}

async function settle(links: Link[], run: PoolRun): Promise<BatchSummary> {
  const setup: WorkerSetup = { artifacts: run.artifacts, inFormat: run.inFormat, outFormat: run.outFormat, lang: run.lang };
  for (const l of links) l.send({ type: "setup", setup });
  const prefix = Buffer.from(rowPrefix(run.outFormat));
  let rows = 0;
  await routeClaims(links, run, async (replies, bytes) => {
    const merged = mergeChunk(replies as RowsReply[], rows, prefix);
    rows = merged.rows;
    await run.writer.writeBytes(merged.bytes);
    run.progress.update(rows, run.size > 0 ? Math.min(1, bytes / run.size) : undefined);
  });
  const parts = await Promise.all(links.map((l) => l.ask({ type: "end" })));
  const ledgers = run.ledgers;
  if (ledgers?.writer !== undefined) {
    const slices = links.map((l) => async () => ((await l.ask({ type: "closing" })) as ToMain & { type: "closing" }).slice);
    ledgers.closed = await writeClosing(slices, ledgers.writer);
  }
  return mergeSummaries(parts as (ToMain & { type: "summary" })[]);
}
