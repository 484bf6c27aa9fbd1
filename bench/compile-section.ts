// Section 1: how long checking and compiling takes, for every seed policy and for a
// generated 10 000-line policy (goal: under 300 ms). Sources are read once into memory so
// the figures are the compiler's, not the disk's.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { compile, message, type TextHost } from "../compiler/index.ts";
import { diskHost } from "./bylaw-contender.ts";
import { largePolicy } from "./large-policy.ts";
import { table, timeMs } from "./measure.ts";
import type { Settings } from "./settings.ts";

export const LARGE_LINES = 10_000;
export const LARGE_GOAL_MS = 300;
/** Untimed compiles of the large policy before the timed ones, the first included. */
const LARGE_WARM_UP = 6;

export function policyFiles(dir = "policies"): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name).split("\\").join("/");
    if (e.isDirectory()) out.push(...policyFiles(p));
    else if (e.name.endsWith(".bylaw")) out.push(p);
  }
  return out.sort();
}

/** Reads each file from disk once, then serves it from memory. */
function cachingHost(extra: Record<string, string> = {}): TextHost {
  const cache = new Map<string, string | undefined>(Object.entries(extra));
  return {
    readFile(path) {
      if (!cache.has(path)) cache.set(path, diskHost.readFile(path));
      return cache.get(path);
    },
  };
}

interface Outcome {
  ok: boolean;
  note: string;
}

function tryCompile(path: string, host: TextHost): Outcome {
  try {
    const text = host.readFile(path) ?? "";
    const r = compile(path, text, host);
    const errors = r.diagnostics.filter((d) => d.severity === "error");
    if (r.artifact && errors.length === 0) return { ok: true, note: "ok" };
    const first = errors[0];
    return { ok: false, note: `${errors.length} error(s)${first ? `, first: ${first.code} ${message(first, "en")}` : ""}` };
  } catch (e) {
    return { ok: false, note: `compiler crashed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Prints the section; `ok` is whether every policy (and the generated one) compiled. */
export function compileSection(s: Settings): { ok: boolean; largeMs?: number; met?: boolean } {
  const host = cachingHost();
  const rows = [["policy", "lines", "median ms", "status"]];
  let allOk = true;
  for (const path of policyFiles()) {
    const text = host.readFile(path) ?? "";
    const outcome = tryCompile(path, host); // also the warm-up
    allOk &&= outcome.ok;
    const ms = outcome.ok ? timeMs(() => compile(path, text, host), s.compileRuns) : NaN;
    rows.push([path, String(text.split("\n").length), outcome.ok ? ms.toFixed(2) : "—", outcome.note]);
  }
  console.log(table(rows));

  const largePath = "bench/generated-large.bylaw";
  const largeText = largePolicy(LARGE_LINES);
  const largeHost = cachingHost({ [largePath]: largeText });
  const start = performance.now();
  const outcome = tryCompile(largePath, largeHost);
  const firstMs = performance.now() - start;
  const lines = largeText.split("\n").length;
  if (!outcome.ok) {
    console.log(`\ngenerated ${lines}-line policy: does not compile (${outcome.note}); skipped`);
    return { ok: false };
  }
  // Timed once V8 has compiled the compiler's paths this size of policy takes: the first few
  // compiles run partly unoptimised (the first is printed too, as a one-off CLI run sees it).
  for (let i = 1; i < LARGE_WARM_UP; i++) compile(largePath, largeText, largeHost);
  const largeMs = timeMs(() => compile(largePath, largeText, largeHost), s.compileRuns);
  const met = largeMs < LARGE_GOAL_MS;
  console.log(`\ngenerated ${lines}-line policy: ${largeMs.toFixed(1)} ms median of ${s.compileRuns} after ${LARGE_WARM_UP} warm-up compiles (the first: ${firstMs.toFixed(0)} ms) (goal < ${LARGE_GOAL_MS} ms: ${met ? "met" : "NOT met"})`);
  return { ok: allOk, largeMs, met };
}
