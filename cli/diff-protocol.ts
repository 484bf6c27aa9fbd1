// Messages between `bylaw diff` and its workers (cli/diff-worker.ts), besides the records
// routed to every pool's workers (RouteMessage, answered as for `bylaw batch`).
import type { DiffPart } from "../analysis/diff/population.ts";
import type { DiffPlan } from "../analysis/diff/versions.ts";
import type { Format } from "./batch-format.ts";
import type { Opened } from "./batch-protocol.ts";

export interface DiffSetup {
  /** the two compiled artifacts: each worker loads both once */
  old: unknown;
  new: unknown;
  plan: DiffPlan;
  top: number;
  inFormat: Format;
}

export type DiffToWorker = { type: "setup"; setup: DiffSetup } | { type: "end" };

export type DiffToMain =
  /** a chunk's records are settled (nothing to write: the diff is sent at the end) */
  | { type: "rows"; count: number }
  | { type: "part"; part: DiffPart }
  | Opened;
