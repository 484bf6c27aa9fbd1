// `bylaw batch --ledgers-in / --ledgers-out`: the opening ledger file read line by line (never
// whole) into the batch, or into the workers holding each person; the closing ledgers written
// sorted by person then year, merged from every worker. A bad opening line refuses the run
// before anything is written (LedgerFileError): settling on a ledger half read would pay twice.
import { createReadStream } from "node:fs";
import type { Batch, InputError } from "../runtime/index.ts";
import type { LedgerFieldType, PolicyMeta } from "../runtime/ir/artifact.ts";
import { byPersonYear, ledgerLine, readLedgerLine, type PersonLedger } from "../runtime/batch/ledger-file.ts";
import { LEDGER_CODECS } from "../runtime/eval/ledger.ts";
import { D } from "../runtime/ir/decimal.ts";
import { createDecoder } from "./batch-decode.ts";
import { LineCutter } from "./batch-sources.ts";
import type { RowWriter } from "./batch-writer.ts";
import { CliError } from "./load-policy.ts";

/** Opening ledgers handed on at a time (to the batch, or in one message to a worker). */
export const OPENING_CHUNK = 4096;
/** Closing ledgers formatted (or sent by a worker) at a time. */
const CLOSING_SLICE = 4096;
/** Opening chunks handed on and not yet taken: the file is read no faster than workers take it. */
const MAX_PENDING = 4;

/** A run's ledger files: the opening file, the closing ledgers' writer, and how many of each. */
export interface LedgerRun {
  in: string | undefined;
  out: string | undefined;
  /** writes `out` (when given) */
  writer: RowWriter | undefined;
  /** the policy the ledgers are of (opening lines stamped with another are refused) */
  meta: PolicyMeta;
  /** every version's ledger fields and their types (an Int is a whole number in the files) */
  fields: ReadonlyMap<string, LedgerFieldType>;
  opened: number;
  closed: number;
}

/** A bad line in the opening ledger file. */
export class LedgerFileError extends Error {
  readonly error: InputError;
  constructor(error: InputError) {
    super(error.code);
    this.error = error;
  }
}

/** Opening ledgers, each with the line it was read from. */
export interface OpeningChunk {
  entries: PersonLedger[];
  lines: number[];
}

/** Where opening ledgers go: the error of the first line refused (BR2114), if any. */
export type OpeningSink = (chunk: OpeningChunk) => Promise<InputError | undefined>;

/** Opens each person's ledgers in the batch (Batch.open): the first refused, if any. */
export function openChunk(batch: Batch, { entries, lines }: OpeningChunk): InputError | undefined {
  for (let k = 0; k < entries.length; k++) {
    const e = batch.open(entries[k]!.person, entries[k]!.ledger, lines[k]!);
    if (e !== undefined) return e;
  }
  return undefined;
}

/**
 * Reads the opening ledger file (UTF-8 JSON Lines) chunk by chunk into `sink`; returns how many
 * ledgers it holds. Throws a LedgerFileError for the first bad line (the lowest line number,
 * whichever sink found it), after every chunk handed on has been taken.
 */
export async function readOpening(file: string, run: Pick<LedgerRun, "meta" | "fields">, sink: OpeningSink): Promise<number> {
  const decoder = createDecoder("utf-8");
  const cutter = new LineCutter();
  const pending: Promise<InputError | undefined>[] = [];
  const errors: InputError[] = [];
  let taken = 0, count = 0;
  let chunk: OpeningChunk = { entries: [], lines: [] };
  const flush = async () => {
    if (chunk.entries.length > 0) pending.push(sink(chunk));
    chunk = { entries: [], lines: [] };
    while (pending.length - taken > MAX_PENDING) await take();
  };
  const take = async () => {
    const e = await pending[taken++]!;
    if (e !== undefined) errors.push(e);
  };
  const line = (text: string, n: number) => {
    if (errors.length > 0) return;
    const r = readLedgerLine(text, n, run.meta.id, run.fields);
    if (r === undefined) return;
    if ("code" in r) {
      errors.push(r);
      return;
    }
    count++;
    chunk.entries.push(r);
    chunk.lines.push(n);
  };
  for await (const bytes of createReadStream(file, { highWaterMark: 1 << 20 })) {
    cutter.push(decoder.write(bytes as Buffer), line);
    if (errors.length > 0) break;
    if (chunk.entries.length >= OPENING_CHUNK) await flush();
  }
  if (errors.length === 0) {
    cutter.push(decoder.end(), line);
    cutter.end(line);
  }
  await flush();
  while (taken < pending.length) await take();
  if (errors.length > 0) throw new LedgerFileError(errors.reduce((a, b) => ((b.args.line as number) < (a.args.line as number) ? b : a)));
  return count;
}

/** A SQL engine's tables hold its versions' ledger fields only: an opening line with another
 *  version's field (which the JS engine keeps as it is) refuses the run, naming it. */
export function refuseUncarried(run: LedgerRun, values: Record<string, string>, line: number, fields: readonly string[], engine: string): void {
  const extra = Object.keys(values).find((f) => !fields.includes(f));
  if (extra !== undefined) {
    throw new CliError(`${run.in}: line ${line}: ledger field \`${extra}\` is not one of this rule set's; the ${engine} engine does not carry other fields (use the JS engine)`);
  }
}

/** A closing value read back from SQL, where every field is DECIMAL(18, 2) ("2.00"), as the
 *  ledger file holds it: a count as a whole number ("2"). */
export function closingText(run: LedgerRun, field: string, text: string): string {
  return run.fields.get(field) === "Int" ? LEDGER_CODECS.Int.format(new D(text)) : text;
}

/** A run of closing ledgers in order, each with its person and year (to merge by). */
export interface ClosingSlice {
  persons: string[];
  years: number[];
  /** each ledger's line, without its line break */
  lines: string[];
}

/** The batch's closing ledgers as lines, a slice at a time; an empty slice when all are given. */
export function closingSlices(batch: Batch, meta: PolicyMeta): () => ClosingSlice {
  let all: PersonLedger[] | undefined;
  let at = 0;
  return () => {
    all ??= batch.closing();
    const slice: ClosingSlice = { persons: [], years: [], lines: [] };
    for (const end = Math.min(all.length, at + CLOSING_SLICE); at < end; at++) {
      const { person, ledger } = all[at]!;
      slice.persons.push(person);
      slice.years.push(ledger.year);
      slice.lines.push(ledgerLine(person, ledger, meta));
    }
    if (at === all.length) all = []; // given: let them go
    return slice;
  };
}

/** Writes the closing ledgers of every source (each sorted) merged by person then year; returns how many. */
export async function writeClosing(sources: (() => Promise<ClosingSlice>)[], writer: RowWriter): Promise<number> {
  const heads = await Promise.all(sources.map((next) => next()));
  const at = sources.map(() => 0);
  let text = "", count = 0;
  for (;;) {
    let best = -1;
    for (let s = 0; s < heads.length; s++) {
      const h = heads[s]!;
      if (at[s]! >= h.lines.length) continue;
      const b = best === -1 ? undefined : heads[best]!;
      if (b === undefined || byPersonYear(h.persons[at[s]!]!, h.years[at[s]!]!, b.persons[at[best]!]!, b.years[at[best]!]!) < 0) best = s;
    }
    if (best === -1) break;
    text += heads[best]!.lines[at[best]!++]! + "\n";
    count++;
    if (at[best]! === heads[best]!.lines.length) {
      heads[best] = await sources[best]!();
      at[best] = 0;
    }
    if (text.length >= 1 << 20) {
      await writer.writeBytes(Buffer.from(text));
      text = "";
    }
  }
  await writer.writeBytes(Buffer.from(text));
  return count;
}
