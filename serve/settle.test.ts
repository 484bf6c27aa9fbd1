// The decision service against a real `bylaw serve` on 127.0.0.1 (a child process), one suite
// run on each store: SQLite in a file and PostgreSQL (a throwaway cluster). Claims settled on
// the ledgers the server keeps: fifty clients at once on one person's cap, retries, a claim
// id reused (409), bad claims and batches that write nothing, kill -9 under load and a
// restart that finds every acknowledged claim once, SIGTERM that finishes the batch in flight.
import { mkdtempSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ledger, RuleBook } from "../runtime/index.ts";
import { POSTGRES_SKIP_REASON, runPostgresTests, startCluster, type Cluster } from "../tests/support/postgres.ts";
import { startServe, type Served } from "../tests/support/serve-process.ts";
import { MAX_BATCH_BODY } from "./batch.ts";
import { loadCatalog } from "./catalog.ts";

if (!runPostgresTests) console.warn(`[postgres] serve suite skipped: ${POSTGRES_SKIP_REASON}`);

const POLICY = "xpcc.assistance";
const POLICIES = "policies/000-xpcc";

let book: RuleBook;
beforeAll(async () => {
  book = (await loadCatalog([POLICIES], { lang: "en" })).books.get(POLICY)!;
});

interface Body {
  person: string;
  claim: string;
  date: string;
  input: Record<string, unknown>;
}

/** A claim of a 第三类 person (低保边缘家庭成员): deductible 2000, 70%, at most 30000 a year (000 §二(四)1-2). */
const claimOf = (person: string, n: number, cost: string): Body => ({ person, claim: `${person}#${n}`, date: "2022-08-01", input: { 身份: ["低保边缘家庭成员"], 自付: cost } });

/** The ledger and the payments of settling `claims` one by one in-process. */
function oneByOne(claims: readonly Body[]): { ledger: Ledger | undefined; paid: string[] } {
  let ledger: Ledger | undefined;
  const paid: string[] = [];
  for (const c of claims) {
    const r = book.evaluate(c.input, ledger, { date: c.date });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    ledger = { year: r.ledger.year, values: r.ledger.values };
    paid.push(r.outputs.救助金 as string);
  }
  return { ledger, paid };
}

/** The status a server answers a body declared to be `size` bytes long, of which only the
 *  first kilobyte is sent: a server that waits for the rest never answers. */
function statusOfOversized(url: string, size: number): Promise<number> {
  return new Promise((done, fail) => {
    const req = request(url, { method: "POST", headers: { "content-length": size, "content-type": "application/json" } }, (res) => {
      res.resume();
      done(res.statusCode!);
      req.destroy();
    });
    req.on("error", fail);
    req.write(Buffer.alloc(1024, "x"));
  });
}

/** Money in whole fen, exactly. */
const fen = (money: string) => BigInt(money.replace(".", ""));

const stores = [
  { name: "SQLite", run: true, start: async (): Promise<Cluster | undefined> => undefined },
  { name: "PostgreSQL", run: runPostgresTests, start: startCluster },
];

for (const store of stores) {
  describe.runIf(store.run)(`bylaw serve on ${store.name}`, () => {
    let cluster: Cluster | undefined;
    let db = "";
    let served: Served;
    const dir = mkdtempSync(join(tmpdir(), "bylaw-settle-"));
    const serve = () => startServe([POLICIES, "--db", db, "--no-watch"]);

    beforeAll(async () => {
      cluster = await store.start();
      db = cluster?.url ?? `sqlite:${join(dir, "bylaw.db")}`;
      served = await serve();
    }, 120_000);

    afterAll(async () => {
      served.child.kill("SIGTERM");
      await served.exited;
      cluster?.stop();
    });

    const post = async (route: string, body: unknown) => {
      const r = await fetch(`${served.url}v1/policies/${route}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      return { status: r.status, body: await r.json() };
    };
    const settle = (body: unknown) => post(`${POLICY}/settle`, body);
    const ledgerOf = async (person: string, year = 2022) => {
      const r = await fetch(`${served.url}v1/policies/${POLICY}/ledgers/${encodeURIComponent(person)}?year=${year}`);
      return r.status === 404 ? undefined : ((await r.json()) as Ledger & { person: string });
    };

    it("settles on the ledger it keeps: 12000 → 7000, then 5000 → 3500 (000 §二(四)1-2)", async () => {
      const first = await settle(claimOf("张三", 1, "12000"));
      expect(first).toMatchObject({ status: 200, body: { ok: true, outputs: { 救助金: "7000.00" } } });
      const second = await settle(claimOf("张三", 2, "5000"));
      expect(second.body.outputs.救助金).toBe("3500.00");
      expect(await ledgerOf("张三")).toEqual({ person: "张三", year: 2022, values: { 起付已用: "2000.00", 已救助: "10500.00", 累计自付: "17000.00" } });
      expect(await ledgerOf("张三", 2023)).toBeUndefined();
    });

    it("fifty clients at once on one person: the cap holds exactly, as settling them one by one", async () => {
      const claims = Array.from({ length: 50 }, (_, i) => claimOf("李四", i, "1000"));
      const replies = await Promise.all(claims.map(settle));
      expect(replies.map((r) => r.status)).toEqual(claims.map(() => 200));
      const expected = oneByOne(claims);
      // 50 × 1000 − 2000 = 48000 × 70% = 33600, held at the 30000 cap
      const total = replies.reduce((sum, r) => sum + fen(r.body.outputs.救助金), 0n);
      expect(total).toBe(fen("30000.00"));
      expect(total).toBe(expected.paid.reduce((sum, p) => sum + fen(p), 0n));
      expect(await ledgerOf("李四")).toMatchObject(expected.ledger!);
      // each claim read the ledger the one before it wrote: 累计自付 runs 1000, 2000, … 50000
      const seen = replies.map((r) => fen(r.body.ledger.values.累计自付)).sort((a, b) => Number(a - b));
      expect(seen).toEqual(claims.map((_, i) => BigInt(i + 1) * 100000n));
    });

    it("a retried claim answers the stored result and counts once, retried in a row or at once", async () => {
      const c = claimOf("王五", 1, "3000");
      const first = await settle(c);
      const again = await settle(c);
      expect(again).toEqual(first);
      const atOnce = await Promise.all(Array.from({ length: 10 }, () => settle(claimOf("王五", 2, "1000"))));
      expect(new Set(atOnce.map((r) => JSON.stringify(r)))).toHaveProperty("size", 1);
      expect((await ledgerOf("王五"))!.values.累计自付).toBe("4000.00");
    });

    it("a claim id used for another claim is a 409 (BR2121) in both languages, and changes nothing", async () => {
      await settle(claimOf("赵六", 1, "3000"));
      const before = await ledgerOf("赵六");
      const other = await settle({ ...claimOf("赵六", 1, "9000") });
      expect(other.status).toBe(409);
      expect(other.body.errors).toEqual([expect.objectContaining({ code: "BR2121", field: "claim", message: expect.stringContaining("赵六#1"), messageZh: expect.stringContaining("结算单号") })]);
      const otherPerson = await settle({ ...claimOf("赵六", 1, "3000"), person: "钱七" });
      expect(otherPerson.status).toBe(409);
      expect(await ledgerOf("赵六")).toEqual(before);
      expect(await ledgerOf("钱七")).toBeUndefined();
    });

    it("a bad claim is a 400 with every error, and nothing is written", async () => {
      const r = await settle({ person: "", claim: "孙八#1", date: "2022-08-01", input: { 身份: ["无此身份"], 自付: "-5" }, extra: 1 });
      expect(r.status).toBe(400);
      expect(r.body.errors.map((e: { field: string; code: string }) => `${e.field} ${e.code}`).sort()).toEqual(["extra BR2003", "person BR2120", "自付 BR2007", "身份 BR2012"]);
      for (const e of r.body.errors) expect(e.messageZh).toMatch(/[\u4e00-\u9fff]/);
      // 孙八 with a space after it would be a second person with a second ledger
      const spaced = await settle({ ...claimOf("孙八", 1, "100"), person: "孙八 " });
      expect(spaced.status).toBe(400);
      expect(spaced.body.errors.map((e: { field: string; code: string }) => `${e.field} ${e.code}`)).toEqual(["person BR2120"]);
      // an unpaired surrogate would be stored as U+FFFD: "\udc00a" and "\udfffa" would share a ledger
      const lone = await settle({ ...claimOf("孙八", 1, "100"), person: "\udc00a" });
      expect(lone.body.errors.map((e: { field: string; code: string }) => `${e.field} ${e.code}`)).toEqual(["person BR2120"]);
      const late = await settle({ ...claimOf("孙八", 1, "100"), date: "2021-01-01" });
      expect(late.body.errors.map((e: { code: string }) => e.code)).toEqual(["BR2025"]);
      expect(await ledgerOf("孙八")).toBeUndefined();
      // the claim id was not used up by the refusals
      expect((await settle(claimOf("孙八", 1, "100"))).status).toBe(200);
      expect((await post("no.such/settle", claimOf("孙八", 2, "1"))).status).toBe(404);
    });

    it("a batch: NDJSON in, one result a line out; a bad line refuses the whole batch with every error", async () => {
      const claims = [claimOf("周九", 1, "12000"), claimOf("周九", 2, "5000"), claimOf("吴十", 1, "100")];
      const ndjson = (lines: unknown[]) => lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n") + "\n";
      const batch = (text: string) => fetch(`${served.url}v1/policies/${POLICY}/batch`, { method: "POST", headers: { "content-type": "application/x-ndjson" }, body: text });
      const bad = await batch(ndjson([claims[0], "{not json", { ...claims[1], input: { 自付: "x" } }, { ...claimOf("周九", 1, "1") }]));
      expect(bad.status).toBe(400);
      const { errors } = await bad.json();
      expect(errors.map((e: { line: number; code: string }) => `${e.line} ${e.code}`)).toEqual(["2 BR2000", "3 BR2005", "3 BR2002", "4 BR2121"].sort());
      expect(await ledgerOf("周九")).toBeUndefined();
      const good = await batch(ndjson(claims));
      expect(good.status).toBe(200);
      expect(good.headers.get("content-type")).toMatch(/ndjson/);
      const lines = (await good.text()).trim().split("\n").map((l) => JSON.parse(l));
      expect(lines.map((l) => [l.line, l.claim, l.outputs.救助金])).toEqual([[1, "周九#1", "7000.00"], [2, "周九#2", "3500.00"], [3, "吴十#1", "0.00"]]);
      // sent again, the batch is answered from the records and counts nothing twice
      const again = (await (await batch(ndjson(claims))).text()).trim().split("\n").map((l) => JSON.parse(l));
      expect(again).toEqual(lines);
      expect((await ledgerOf("周九"))!.values.已救助).toBe("10500.00");
      expect(await statusOfOversized(`${served.url}v1/policies/${POLICY}/batch`, MAX_BATCH_BODY + 1)).toBe(413);
      expect((await fetch(`${served.url}v1/policies/no.such/batch`, { method: "POST", headers: { "content-type": "application/x-ndjson" }, body: ndjson(claims) })).status).toBe(404);
    });

    it("kill -9 under a load of settles: after a restart every acknowledged claim is in the ledger once, nothing half-applied", async () => {
      const people = Array.from({ length: 8 }, (_, p) => `kill-${p}`);
      const claims = new Map(people.map((p) => [p, Array.from({ length: 60 }, (_, n) => claimOf(p, n, String(300 + n * 37)))]));
      const acked = new Map<string, unknown[]>(people.map((p) => [p, []]));
      let total = 0, gone = false;
      const victim = served;
      const killed = new Promise<void>((done) => {
        const clients = people.map(async (p) => {
          for (const c of claims.get(p)!) {
            try {
              const r = await settle(c);
              if (r.status !== 200) throw new Error(`settle ${r.status}`);
              acked.get(p)!.push(r.body);
              if (++total === 80) {
                gone = victim.child.kill("SIGKILL");
                done();
              }
            } catch (e) {
              if (!gone) throw e;
              return; // the server is gone: this claim was not acknowledged
            }
          }
        });
        void Promise.all(clients);
      });
      await killed;
      await victim.exited;
      served = await serve();
      for (const p of people) {
        const all = claims.get(p)!, n = acked.get(p)!.length;
        expect(n).toBeLessThan(all.length);
        // the acknowledged claims, and the one in flight either whole or not at all
        const stored = await ledgerOf(p);
        const candidates = [oneByOne(all.slice(0, n)).ledger, oneByOne(all.slice(0, n + 1)).ledger].map((l) => l && { person: p, ...l });
        expect(candidates).toContainEqual(stored);
        // sent again: each acknowledged claim answers as it did, and the ledger counts all once
        for (const [i, c] of all.entries()) {
          const r = await settle(c);
          if (i < n) expect(r.body).toEqual(acked.get(p)![i]);
        }
        expect(await ledgerOf(p)).toEqual({ person: p, ...oneByOne(all).ledger });
      }
    }, 120_000);

    it("SIGTERM finishes the batch in flight before the server stops", async () => {
      const claims = Array.from({ length: 1500 }, (_, n) => claimOf(`drain-${n % 30}`, n, "10"));
      const r = await fetch(`${served.url}v1/policies/${POLICY}/batch`, { method: "POST", headers: { "content-type": "application/x-ndjson" }, body: claims.map((c) => JSON.stringify(c)).join("\n") });
      expect(r.status).toBe(200);
      served.child.kill("SIGTERM");
      const lines = (await r.text()).trim().split("\n");
      expect(lines).toHaveLength(1500);
      expect(JSON.parse(lines[1499]!)).toMatchObject({ line: 1500, ok: true });
      expect(await served.exited).toBe(0);
      served = await serve();
      expect((await ledgerOf("drain-0"))!.values.累计自付).toBe("500.00");
    }, 60_000);
  });
}
