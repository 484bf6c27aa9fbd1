// A `bylaw diff` worker (worker_threads): settles the records of the people routed to it
// under both versions (analysis/diff/population.ts), carrying their ledgers, and sends its
// part of the diff at the end. Its people are its own, so its part is final for them.
import { parentPort } from "node:worker_threads";
import { createPairBatch, type PairBatch } from "../analysis/diff/population.ts";
import { recordCells } from "../runtime/batch/csv.ts";
import { loadRuleSet, type ResultRow } from "../runtime/index.ts";
import { openChunk } from "./batch-ledgers.ts";
import type { RouteMessage } from "./batch-protocol.ts";
import { csvRecordSettler, forEachRecord, settleJsonLine } from "./batch-sources.ts";
import type { DiffToMain, DiffToWorker } from "./diff-protocol.ts";

let pair!: PairBatch;
let jsonl = false;
/** set by the header message (CSV) */
let settleCsv: ((text: string, line: number) => ResultRow | undefined) | undefined;

const settle = (text: string, line: number): ResultRow | undefined => (jsonl ? settleJsonLine(pair.batch, text, line) : settleCsv!(text, line));
let count = 0;
const counted = () => void count++;

function post(m: DiffToMain, transfer: ArrayBuffer[] = []): void {
  parentPort!.postMessage(m, transfer);
}

parentPort!.on("message", (m: DiffToWorker | RouteMessage) => {
  switch (m.type) {
    case "setup":
      pair = createPairBatch(loadRuleSet(m.setup.old), loadRuleSet(m.setup.new), m.setup.plan, m.setup.top);
      jsonl = m.setup.inFormat === "jsonl";
      return;
    case "header":
      settleCsv = csvRecordSettler(pair.batch, recordCells(m.text)!);
      return;
    case "open":
      post({ type: "opened", error: openChunk(pair.batch, m) });
      return;
    case "rows":
      count = 0;
      forEachRecord(m, settle, counted);
      post({ type: "rows", count });
      return;
    case "end": {
      const part = pair.part();
      post({ type: "part", part }, [part.changes.buffer]);
      return;
    }
  }
});
