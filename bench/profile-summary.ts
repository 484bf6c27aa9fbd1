// Where a --cpu-prof profile spends its time: self time summed by source file and by
// function, the largest first. `npx node bench/profile-summary.ts <file.cpuprofile>`.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { table } from "./measure.ts";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Self time in ms per key, from the sample timeline (deltas are in microseconds). */
function selfTimes(p: Profile, key: (n: ProfileNode) => string): Map<string, number> {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const k = key(byId.get(p.samples[i]!)!);
    out.set(k, (out.get(k) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  }
  return out;
}

/** The phase a frame of our own code belongs to, or undefined for library and Node frames. */
function phaseOf(n: ProfileNode): string | undefined {
  const url = n.callFrame.url, fn = n.callFrame.functionName;
  if (/\/(grammar|compiler)\//.test(url)) return "compiling the policy";
  if (url.endsWith("/runtime/batch/csv.ts")) return "CSV parsing (runtime/batch/csv.ts)";
  if (url.endsWith("/runtime/eval/validate-input.ts")) return "input validation (runtime/eval/validate-input.ts)";
  if (url.endsWith("/runtime/eval/ledger.ts")) return "ledger read/write (runtime/eval/ledger.ts)";
  // helpers (money.ts, dates.ts, shape.ts…) are transparent: their time goes to their caller
  // settle.ts calls the fast path (its generated code and fixed-ops.ts count here) or decimal.js
  if (/\/runtime\/(settle|eval\/(evaluate|compile-ir|trace|claim-date))\.ts$/.test(url)) return "evaluation (runtime/settle.ts, eval/evaluate.ts, compile-ir.ts)";
  if (url.endsWith("/runtime/batch/batch.ts")) return "batch row handling: coercion, totals (runtime/batch/batch.ts)";
  if (/\/runtime\/(rule-set|load\/[a-z-]+)\.ts$/.test(url)) return "loading the artifact";
  if (url.endsWith("/cli/commands/batch.ts")) {
    if (fn === "readRows" || fn === "emit") return "CSV reading loop (cli readRows)";
    if (fn === "write") return "output formatting/writing (cli RowWriter)";
    return "CLI loop (cli batchCommand)";
  }
  return undefined;
}

/** Time by phase: each sample goes to the nearest frame of our own code on its stack, so
 *  decimal.js or GC time lands in the phase that caused it. */
function phaseTimes(p: Profile): Map<string, number> {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const memo = new Map<number, string | null>();
  const phase = (id: number): string | null => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const up = parent.get(id);
    const r = phaseOf(byId.get(id)!) ?? (up === undefined ? null : phase(up));
    memo.set(id, r);
    return r;
  };
  /** Samples with no frame of ours: GC and the like by name, Node's own code as one line. */
  const outside = (n: ProfileNode): string =>
    n.callFrame.url === "" ? n.callFrame.functionName || "(native)" : n.callFrame.url.startsWith("wasm:") ? "wasm (Node's TypeScript type stripping at start-up)" : n.callFrame.url.startsWith("node:") ? "Node internals (streams, promise ticks, module loading)" : `other: ${shortUrl(n.callFrame.url)}`;
  const out = new Map<string, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const k = phase(p.samples[i]!) ?? outside(byId.get(p.samples[i]!)!);
    out.set(k, (out.get(k) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  }
  return out;
}

function shortUrl(url: string): string {
  if (url === "") return "(native / idle / gc)";
  const i = url.lastIndexOf("/node_modules/");
  if (i >= 0) return url.slice(i + 1);
  const m = /\/(grammar|compiler|runtime|cli|bench|scripts|bin)\/.*$/.exec(url);
  return m ? m[0].slice(1) : url.replace(/^file:\/\//, "");
}

export function summarize(p: Profile, top = 15): string {
  const total = (p.endTime - p.startTime) / 1000;
  const section = (title: string, m: Map<string, number>) => {
    const rows = [[title, "self ms", "%"]];
    for (const [k, ms] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) rows.push([k, ms.toFixed(0), ((ms / total) * 100).toFixed(1)]);
    return table(rows);
  };
  return [
    `profile: ${total.toFixed(0)} ms`,
    section("phase (nearest own frame)", phaseTimes(p)),
    section("file", selfTimes(p, (n) => shortUrl(n.callFrame.url))),
    section("function", selfTimes(p, (n) => `${n.callFrame.functionName || "(anonymous)"} ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`)),
  ].join("\n\n");
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write("usage: npx node bench/profile-summary.ts <file.cpuprofile>\n");
    process.exitCode = 2;
  } else {
    console.log(summarize(JSON.parse(readFileSync(file, "utf8")) as Profile));
  }
}
