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
