// Section 5: `bylaw serve` under load, beside the in-process runtime in the same run. A
// server is started as a user starts it (a child process, SQLite in a fresh file; PostgreSQL
// too when the server binaries are installed) and 32 keep-alive clients (http-load.ts) send
// evaluate requests (XPCC claims with ledgers, stateless) and settle requests (claims of
// 2 000 people, each a transaction on the server's ledgers). Every row runs in each of a few
// rounds, in rotating order, and its medians are reported, as sections 2–3 do. In-process rows time the same
// work without HTTP: RuleSet.evaluate, and a settle on a SQLite store called directly; a
// bare node:http server answering a fixed body (http-ceiling.ts) shows what HTTP alone allows.
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { loadCatalog } from "../serve/catalog.ts";
import { readClaim } from "../serve/claim.ts";
import { settleRead, type Service } from "../serve/server.ts";
import { openSqliteStore } from "../serve/store/sqlite.ts";
import { hasPostgres, startCluster } from "../tests/support/postgres.ts";
import { startServe } from "../tests/support/serve-process.ts";
import { fen, xpccClaims } from "./cases.ts";
import { startCeiling } from "./http-ceiling.ts";
import { load, type LoadResult } from "./http-load.ts";
import { table } from "./measure.ts";
import type { Settings } from "./settings.ts";

const POLICIES = "policies/000-xpcc";
const ID = "xpcc.assistance";
const OUT = "bench/out/serve";
const CLIENTS = 32;
const PEOPLE = 2_000;
const GOALS = { evaluate: { perSec: 15_000, p99Ms: 10 }, settleSqlite: { perSec: 3_000 } };

/** Settle body number `i` of a run: claim ids never repeat across runs of one store. */
function settleBody(run: string, i: number): Record<string, unknown> {
  const ids = i % 3 === 0 ? ["低保对象"] : ["低保边缘家庭成员"];
  return { person: `p${i % PEOPLE}`, claim: `${run}-${i}`, date: "2023-03-01", input: { 身份: ids, 自付: fen(10_000 + ((i * 7919) % 800_000)) } };
}

/** Calls of `fn` for `seconds`, timed one by one. */
async function inProcess(seconds: number, fn: (i: number) => unknown, from: number): Promise<LoadResult> {
  const latencies: number[] = [];
  const started = performance.now(), until = started + seconds * 1000;
  for (let i = from; performance.now() < until; i++) {
    const t = performance.now();
    await fn(i);
    latencies.push(performance.now() - t);
  }
  const secs = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  const at = (q: number) => sorted[Math.floor(q * sorted.length)]!;
  return { requests: latencies.length, seconds: secs, perSec: latencies.length / secs, p50Ms: at(0.5), p99Ms: at(0.99), statuses: new Map([[200, latencies.length]]) };
}

/** One row of the table: how to run it for a round of `seconds`, and its goal. */
interface Subject {
  label: string;
  run(seconds: number): Promise<LoadResult>;
  /** the goal's words, and whether a row's medians meet it */
  goal?: [string, (r: Median) => boolean];
}

interface Median {
  perSec: number;
  p50Ms: number;
  p99Ms: number;
  /** the median over rounds of this row's rate over the ceiling's in the same round */
  ofCeiling: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

export interface ServeFigures {
  evaluate: Median;
  settleSqlite: Median;
}

export async function serveSection(s: Settings): Promise<ServeFigures | undefined> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const rounds = s.quick ? 3 : 7, seconds = s.quick ? 0.5 : 1, warmup = s.quick ? 0.5 : 1.5;
  const catalog = await loadCatalog([POLICIES], { lang: "en" });
  const book = catalog.books.get(ID)!;
  const evalBodies = xpccClaims(1_000, 20220607).map((c) => JSON.stringify(c));
  const parsed = evalBodies.map((b) => JSON.parse(b) as { input: unknown; ledger?: never; date: string });
  const service: Service = { catalog, store: await openSqliteStore(join(OUT, "in-process.db")) };
  const stop: (() => Promise<unknown>)[] = [() => service.store!.close()];
  const failures: string[] = [];

  /** A server's route under 32 clients; `body(i)` never repeats `i` across rounds. */
  const http = (label: string, port: number, path: string, body: (i: number) => string, goal?: Subject["goal"]): Subject => {
    let n = 0;
    return {
      label, goal, run: async (secs) => {
        const r = await load({ port, clients: CLIENTS, seconds: secs, request: () => ({ path, body: body(n++) }) });
        const bad = [...r.statuses].filter(([status]) => status !== 200);
        if (bad.length > 0) failures.push(`${label}: answers ${bad.map(([st, k]) => `${k} × ${st}`).join(", ")}`);
        return r;
      },
    };
  };
  const subjects: Subject[] = [];
  let inEval = 0, inSettle = 0;
  subjects.push({ label: "in-process RuleSet.evaluate", run: (secs) => inProcess(secs, (i) => { inEval = i; const c = parsed[i % parsed.length]!; return book.evaluate(c.input, c.ledger, { date: c.date }); }, inEval + 1) });
  subjects.push({
    label: "in-process settle, SQLite store", run: (secs) => inProcess(secs, (i) => {
      inSettle = i;
      const r = readClaim(book, settleBody("in", i));
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return settleRead(service, r.read);
    }, inSettle + 1),
  });
  const ceiling = await startCeiling();
  stop.push(async () => ceiling.child.kill());
  subjects.push(http(`node:http answering a fixed body (the ceiling)`, ceiling.port, "/", (i) => evalBodies[i % evalBodies.length]!));
  const sqlite = await startServe([POLICIES, "--db", `sqlite:${join(OUT, "serve.db")}`, "--no-watch"]);
  stop.push(() => (sqlite.child.kill("SIGTERM"), sqlite.exited));
  const port = Number(new URL(sqlite.url).port);
  subjects.push(http(`HTTP evaluate`, port, `/v1/policies/${ID}/evaluate`, (i) => evalBodies[i % evalBodies.length]!,
    [`≥ ${GOALS.evaluate.perSec.toLocaleString("en")}/s, p99 < ${GOALS.evaluate.p99Ms} ms`, (m) => m.perSec >= GOALS.evaluate.perSec && m.p99Ms < GOALS.evaluate.p99Ms]));
  subjects.push(http(`HTTP settle, SQLite`, port, `/v1/policies/${ID}/settle`, (i) => JSON.stringify(settleBody("sqlite", i)),
    [`≥ ${GOALS.settleSqlite.perSec.toLocaleString("en")}/s`, (m) => m.perSec >= GOALS.settleSqlite.perSec]));
  if (hasPostgres) {
    try {
      const cluster = await startCluster();
      stop.push(async () => cluster.stop());
      const pg = await startServe([POLICIES, "--db", cluster.url, "--no-watch"]);
      stop.unshift(() => (pg.child.kill("SIGTERM"), pg.exited));
      subjects.push(http(`HTTP settle, PostgreSQL`, Number(new URL(pg.url).port), `/v1/policies/${ID}/settle`, (i) => JSON.stringify(settleBody("pg", i))));
    } catch (e) {
      console.log(`PostgreSQL row skipped: ${(e as Error).message.split("\n")[0]}`);
    }
  }

  // rounds in rotating order, so a slow spell of a shared machine falls on every row alike
  const results = subjects.map(() => [] as LoadResult[]);
  try {
    for (const subject of subjects) await subject.run(warmup);
    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < subjects.length; k++) {
        const at = (k + round) % subjects.length;
        results[at]!.push(await subjects[at]!.run(seconds));
      }
    }
  } finally {
    for (const halt of stop) await halt();
  }
  const CEILING = 2;
  const medians = results.map((rs): Median => ({
    perSec: median(rs.map((r) => r.perSec)), p50Ms: median(rs.map((r) => r.p50Ms)), p99Ms: median(rs.map((r) => r.p99Ms)),
    ofCeiling: median(rs.map((r, round) => r.perSec / results[CEILING]![round]!.perSec)),
  }));
  const ms = (x: number) => (x < 0.1 ? `${(x * 1000).toFixed(1)} µs` : `${x.toFixed(2)} ms`);
  console.log(`${CLIENTS} keep-alive clients; medians of ${rounds} rounds of ${seconds} s`);
  console.log(table([
    ["path", "requests/s", "p50", "p99", "÷ ceiling", "goal"],
    ...subjects.map((subject, k) => {
      const m = medians[k]!;
      const goal = subject.goal ? `${subject.goal[0]}: ${subject.goal[1](m) ? "met" : "NOT met"}` : "";
      return [subject.label, Math.round(m.perSec).toLocaleString("en"), ms(m.p50Ms), ms(m.p99Ms), subject.label.startsWith("HTTP") ? `${(m.ofCeiling * 100).toFixed(0)} %` : "", goal];
    }),
  ]));
  if (failures.length > 0) {
    console.log(`FAILED: not every answer was 200:\n${failures.join("\n")}`);
    return undefined;
  }
  return { evaluate: medians[3]!, settleSqlite: medians[4]! };
}

// `node bench/serve-section.ts`: this section alone
if (process.argv[1] === import.meta.filename) {
  const { settings } = await import("./settings.ts");
  process.exitCode = (await serveSection(settings())) === undefined ? 1 : 0;
}
