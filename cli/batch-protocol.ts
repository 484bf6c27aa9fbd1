// Messages between `bylaw batch` and its workers (cli/batch-worker.ts).
import type { BatchSummary, InputError } from "../runtime/index.ts";
import type { ClosingSlice, OpeningChunk } from "./batch-ledgers.ts";
import type { Lang } from "../compiler/index.ts";
import type { Format } from "./batch-format.ts";

export interface WorkerSetup {
  /** the compiled artifacts, each worker loads them once: one rule set, or several versions of
   *  one policy (a rule book) */
  artifacts: unknown[];
  inFormat: Format;
  outFormat: Format;
  /** the language of error messages in result rows */
  lang: Lang;
}

/**
 * A chunk's records for one worker, in order: first those read as bytes (plain CSV lines:
 * record k is `bytes[starts[k], starts[k] + byteLens[k])`, numbered `byteSeqs[k]`, on line
 * `byteLines[k]`), then those read as text (concatenated: record k is `lens[k]` characters,
 * numbered `seqs[k]`, starting on line `lines[k]`).
 */
export interface RowsOut {
  bytes: ArrayBuffer | undefined;
  starts: Int32Array<ArrayBuffer>;
  byteLens: Int32Array<ArrayBuffer>;
  byteSeqs: Float64Array<ArrayBuffer>;
  byteLines: Float64Array<ArrayBuffer>;
  text: string;
  lens: Int32Array<ArrayBuffer>;
  seqs: Float64Array<ArrayBuffer>;
  lines: Float64Array<ArrayBuffer>;
}

/** What routeClaims (cli/batch-workers.ts) sends every pool's workers, after their own setup. */
export type RouteMessage =
  /** the CSV header record's text, already checked by the main thread */
  | { type: "header"; text: string }
  | ({ type: "rows"; id: number } & RowsOut)
  /** opening ledgers of the worker's people, before any row: answered with Opened */
  | ({ type: "open" } & OpeningChunk);

/** The answer to "open": the first opening ledger refused (a person listed twice for a year), if any. */
export interface Opened {
  type: "opened";
  error: InputError | undefined;
}

export type ToWorker =
  | { type: "setup"; setup: WorkerSetup }
  | RouteMessage
  | { type: "end" }
  /** after "end": the next slice of the worker's closing ledgers */
  | { type: "closing" };

/** Per kind of summary key: [key, sequence number of the row it first appeared in, its position there]. */
export interface FirstSeen {
  totals: [string, number, number][];
  alerts: [string, number, number][];
  errors: [string, number, number][];
}

export type ToMain =
  /** result lines without their row numbers, as UTF-8: line k is the next `lens[k]` bytes, from the record numbered `seqs[k]` */
  | { type: "rows"; id: number; tails: ArrayBuffer; lens: Int32Array<ArrayBuffer>; seqs: Float64Array<ArrayBuffer> }
  | { type: "summary"; summary: BatchSummary; first: FirstSeen }
  | Opened
  /** closing ledgers in order; an empty slice when all are sent */
  | { type: "closing"; slice: ClosingSlice };
