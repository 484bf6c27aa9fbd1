// A batch worker (worker_threads): settles the records of the people routed to it, in the
// order it receives them, holding those people's ledgers. It sends back each result line
// without its row number (the main thread numbers rows in input order) and, at the end, its
// summary with where each total, alert and error code first appeared, so the merged summary
// lists them in the same order as a single-threaded run.
import { parentPort } from "node:worker_threads";
import { recordCells } from "../runtime/batch/csv.ts";
import { createBatch, loadRuleSet, RuleBook, type Batch, type ResultRow } from "../runtime/index.ts";
import { ledgerMeta, outputNames, tailFormatter } from "./batch-format.ts";
import { csvRecordSettler, forEachRecord, settleJsonLine } from "./batch-sources.ts";
import type { FirstSeen, RowsOut, ToMain, ToWorker, WorkerSetup } from "./batch-protocol.ts";
import { closingSlices, openChunk, type ClosingSlice } from "./batch-ledgers.ts";

let setup!: WorkerSetup;
let batch!: Batch;
let format!: (r: ResultRow) => string;
/** the Money outputs: the summary totals these */
let money!: Set<string>;
/** the next slice of closing ledgers (after "end") */
let closing!: () => ClosingSlice;

/** The rule set (or book) comes in the first message, so a worker loads its modules while the main thread compiles. */
function begin(s: WorkerSetup): void {
  setup = s;
  const versions = s.artifacts.map((a) => loadRuleSet(a));
  const source = versions.length === 1 ? versions[0]! : new RuleBook(versions);
  batch = createBatch(source);
  closing = closingSlices(batch, ledgerMeta(source));
  format = tailFormatter(outputNames(source), s.outFormat, s.lang);
  money = new Set(versions.flatMap((rs) => [...rs.outputs].filter(([, o]) => o.type === "Money").map(([name]) => name)));
}

/** set by the header message (CSV) */
let settleCsv: ((text: string, line: number) => ResultRow | undefined) | undefined;

/** Where each key first appeared: [sequence number, position within that row]. */
const first: FirstSeen = { totals: [], alerts: [], errors: [] };
const seen = { totals: new Set<string>(), alerts: new Set<string>(), errors: new Set<string>() };
const note = (kind: keyof FirstSeen, key: string, seq: number, idx: number): void => {
  if (seen[kind].has(key)) return;
  seen[kind].add(key);
  first[kind].push([key, seq, idx]);
};

function track(r: ResultRow, seq: number): void {
  if (r.ok) {
    if (seen.totals.size < money.size && r.outputs !== undefined) {
      let idx = 0;
      for (const name of Object.keys(r.outputs)) if (money.has(name) && typeof r.outputs[name] === "string") note("totals", name, seq, idx++);
    }
    if (r.alerts !== undefined) for (let i = 0; i < r.alerts.length; i++) note("alerts", r.alerts[i]!, seq, i);
  } else if (r.errors !== undefined) {
    for (let i = 0; i < r.errors.length; i++) note("errors", r.errors[i]!.code, seq, i);
  }
}

function settleText(text: string, line: number): ResultRow | undefined {
  return setup.inFormat === "jsonl" ? settleJsonLine(batch, text, line) : settleCsv!(text, line);
}

/** Settles a chunk's records, writing each result's line (after its row number) as UTF-8, in order. */
function settleChunk(m: RowsOut): ToMain & { type: "rows" } {
  const tails: string[] = [];
  const seqs: number[] = [];
  let chars = 0;
  const done = (r: ResultRow, seq: number) => {
    track(r, seq);
    const tail = format(r);
    tails.push(tail);
    chars += tail.length;
    seqs.push(seq);
  };
  forEachRecord(m, settleText, done);
  // encoded here, in parallel, so the main thread only copies bytes; a UTF-16 unit is at most 3 bytes
  const out = Buffer.allocUnsafeSlow(3 * chars);
  const lens = new Int32Array(tails.length);
  let pos = 0;
  for (let k = 0; k < tails.length; k++) pos += lens[k] = out.write(tails[k]!, pos);
  return { type: "rows", id: 0, tails: out.buffer as ArrayBuffer, lens, seqs: Float64Array.from(seqs) };
}

parentPort!.on("message", (m: ToWorker) => {
  if (m.type === "setup") {
    begin(m.setup);
    return;
  }
  if (m.type === "header") {
    settleCsv = csvRecordSettler(batch, recordCells(m.text)!);
    return;
  }
  if (m.type === "open") {
    const reply: ToMain = { type: "opened", error: openChunk(batch, m) };
    parentPort!.postMessage(reply);
    return;
  }
  if (m.type === "closing") {
    const reply: ToMain = { type: "closing", slice: closing() };
    parentPort!.postMessage(reply);
    return;
  }
  if (m.type === "end") {
    const reply: ToMain = { type: "summary", summary: batch.summary(), first };
    parentPort!.postMessage(reply);
    return;
  }
  const reply = settleChunk(m);
  reply.id = m.id;
  parentPort!.postMessage(reply, [reply.tails, reply.lens.buffer, reply.seqs.buffer]);
});
