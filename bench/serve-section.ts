// Section 5: `bylaw serve` under load, beside the in-process runtime in the same run. A
// server is started as a user starts it (a child process, SQLite in a fresh file; PostgreSQL
// too when the server binaries are installed) and 32 keep-alive clients (http-load.ts) send
// evaluate requests (XPCC claims with ledgers, stateless), then settle requests (claims of
// 2 000 people, each a transaction on the server's ledgers). In-process rows time the same
// work without HTTP: RuleSet.evaluate, and a settle on a SQLite store called directly.
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { loadCatalog } from "../serve/catalog.ts";
import { readClaim } from "../serve/claim.ts";
import { settleRead, type Service } from "../serve/server.ts";
import { openSqliteStore } from "../serve/store/sqlite.ts";
import { hasPostgres, startCluster } from "../tests/support/postgres.ts";
import { startServe } from "../tests/support/serve-process.ts";
import { fen, xpccClaims } from "./cases.ts";
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
async function inProcess(seconds: number, fn: (i: number) => unknown): Promise<LoadResult> {
  const latencies: number[] = [];
  const started = performance.now(), until = started + seconds * 1000;
  for (let i = 0; performance.now() < until; i++) {
    const t = performance.now();
    await fn(i);
    latencies.push(performance.now() - t);
  }
  const secs = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  const at = (q: number) => sorted[Math.floor(q * sorted.length)]!;
  return { requests: latencies.length, seconds: secs, perSec: latencies.length / secs, p50Ms: at(0.5), p99Ms: at(0.99), statuses: new Map([[200, latencies.length]]) };
}

export interface ServeFigures {
  evaluate: LoadResult;
  settleSqlite: LoadResult;
}

export async function serveSection(s: Settings): Promise<ServeFigures | undefined> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const seconds = s.quick ? 1.5 : 5, warmup = s.quick ? 0.5 : 1.5;
  const catalog = await loadCatalog([POLICIES], { lang: "en" });
  const book = catalog.books.get(ID)!;
  const evalBodies = xpccClaims(1_000, 20220607).map((c) => JSON.stringify(c));
  const parsed = evalBodies.map((b) => JSON.parse(b) as { input: unknown; ledger?: never; date: string });

  const rows: [string, LoadResult, string][] = [];
  const failures: string[] = [];
  const measure = async (label: string, port: number, path: string, body: (i: number) => string, goal: string) => {
    let n = 0;
    const request = () => ({ path, body: body(n++) });
    await load({ port, clients: CLIENTS, seconds: warmup, request });
    const r = await load({ port, clients: CLIENTS, seconds, request });
    const bad = [...r.statuses].filter(([status]) => status !== 200);
    if (bad.length > 0) failures.push(`${label}: answers ${bad.map(([st, k]) => `${k} × ${st}`).join(", ")}`);
    rows.push([label, r, goal]);
    return r;
  };

  rows.push(["in-process RuleSet.evaluate", await inProcess(seconds, (i) => { const c = parsed[i % parsed.length]!; return book.evaluate(c.input, c.ledger, { date: c.date }); }), ""]);
  const service: Service = { catalog, store: await openSqliteStore(join(OUT, "in-process.db")) };
  rows.push(["in-process settle, SQLite store", await inProcess(seconds, (i) => {
    const r = readClaim(book, settleBody("in", i));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return settleRead(service, r.read);
  }), ""]);
  await service.store!.close();

  const sqlite = await startServe([POLICIES, "--db", `sqlite:${join(OUT, "serve.db")}`, "--no-watch"]);
  const port = Number(new URL(sqlite.url).port);
  const evaluate = await measure(`HTTP evaluate, ${CLIENTS} clients`, port, `/v1/policies/${ID}/evaluate`, (i) => evalBodies[i % evalBodies.length]!,
    `≥ ${GOALS.evaluate.perSec.toLocaleString("en")}/s, p99 < ${GOALS.evaluate.p99Ms} ms`);
  const settleSqlite = await measure(`HTTP settle, SQLite, ${CLIENTS} clients`, port, `/v1/policies/${ID}/settle`, (i) => JSON.stringify(settleBody("sqlite", i)),
    `≥ ${GOALS.settleSqlite.perSec.toLocaleString("en")}/s`);
  sqlite.child.kill("SIGTERM");
  await sqlite.exited;

  if (hasPostgres) {
    let cluster;
    try {
      cluster = await startCluster();
    } catch (e) {
      console.log(`PostgreSQL row skipped: ${(e as Error).message.split("\n")[0]}`);
    }
    if (cluster) {
      try {
        const pg = await startServe([POLICIES, "--db", cluster.url, "--no-watch"]);
        await measure(`HTTP settle, PostgreSQL, ${CLIENTS} clients`, Number(new URL(pg.url).port), `/v1/policies/${ID}/settle`, (i) => JSON.stringify(settleBody("pg", i)), "");
        pg.child.kill("SIGTERM");
        await pg.exited;
      } finally {
        cluster.stop();
      }
    }
  }

  const ms = (x: number) => (x < 0.1 ? `${(x * 1000).toFixed(1)} µs` : `${x.toFixed(2)} ms`);
  const met = (ok: boolean) => (ok ? "met" : "NOT met");
  console.log(table([
    ["path", "requests/s", "p50", "p99", "goal"],
    ...rows.map(([label, r, goal]) => {
      const verdict = label.startsWith("HTTP evaluate") ? ` ${met(r.perSec >= GOALS.evaluate.perSec && r.p99Ms < GOALS.evaluate.p99Ms)}`
        : label.startsWith("HTTP settle, SQLite") ? ` ${met(r.perSec >= GOALS.settleSqlite.perSec)}` : "";
      return [label, Math.round(r.perSec).toLocaleString("en"), ms(r.p50Ms), ms(r.p99Ms), goal + (goal ? ":" : "") + verdict];
    }),
  ]));
  if (failures.length > 0) {
    console.log(`FAILED: not every answer was 200:\n${failures.join("\n")}`);
    return undefined;
  }
  return { evaluate, settleSqlite };
}

// `node bench/serve-section.ts`: this section alone
if (process.argv[1] === import.meta.filename) {
  const { settings } = await import("./settings.ts");
  process.exitCode = (await serveSection(settings())) === undefined ? 1 : 0;
}
