// The SQLite store's file: checkpoints happen on the checkpointer's thread (the server's own
// connection never runs one), and what was committed is there after the store is closed and
// opened again.
import { existsSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import type { EvalResult } from "../../runtime/index.ts";
import { openSqliteStore } from "./sqlite.ts";

const settled = (paid: string): EvalResult => ({ ok: true, outputs: { 救助金: paid }, alerts: [], ledger: { year: 2022, values: { 已救助: paid } } });

it("checkpoints off the event loop's connection, and keeps every commit across close and open", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "bylaw-sqlite-")), "bylaw.db");
  const store = await openSqliteStore(file);
  const empty = statSync(file).size;
  for (let i = 0; i < 500; i++) {
    const outcome = await store.settle({ policy: "p", claim: { person: `p${i}`, claim: `c${i}`, date: "2022-08-01", input: {} }, year: 2022, fingerprint: "f", evaluate: () => settled(`${i}.00`) });
    expect(outcome.kind).toBe("settled");
  }
  // the server's connection has autocheckpoint off: only the checkpointer moves pages into the file
  await expect.poll(() => statSync(file).size, { timeout: 5000 }).toBeGreaterThan(empty);
  await store.close();
  expect(existsSync(`${file}-wal`)).toBe(false);
  const again = await openSqliteStore(file);
  expect(await again.ledger("p", "p499", 2022)).toEqual({ year: 2022, values: { 已救助: "499.00" } });
  expect(await again.recorded("p", "c0")).toBe("f");
  await again.close();
});

it("settles the claims of one turn in one transaction: each answered only once committed, a failing one leaving the others whole", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "bylaw-sqlite-")), "bylaw.db");
  const store = await openSqliteStore(file);
  const { DatabaseSync } = await import("node:sqlite");
  const reader = new DatabaseSync(file, { readOnly: true });
  const committed = (claim: string) => reader.prepare("SELECT count(*) AS n FROM decisions WHERE claim = ?").get(claim)!["n"];
  const claimOf = (i: number, evaluate: (ledger: unknown) => EvalResult) => store.settle({ policy: "p", claim: { person: "甲", claim: `c${i}`, date: "2022-08-01", input: {} }, year: 2022, fingerprint: `f${i}`, evaluate });
  // started in one turn: the second fails inside its evaluation, the third reads the first's ledger
  const seen: unknown[] = [];
  const outcomes = Promise.allSettled([
    // answered means committed: another connection sees it as soon as the answer comes
    claimOf(1, () => settled("1.00")).then((o) => (seen.push(committed("c1")), o)),
    claimOf(2, () => { throw new Error("boom"); }),
    claimOf(3, (ledger) => (seen.push(ledger), settled("3.00"))),
    store.settle({ policy: "p", claim: { person: "甲", claim: "c1", date: "2022-08-01", input: {} }, year: 2022, fingerprint: "f1", evaluate: (ledger) => (seen.push(ledger), settled("9.00")) }),
  ]);
  expect(committed("c1")).toBe(0); // one commit for the turn, after it
  const [first, failed, third, retried] = await outcomes;
  expect(first).toMatchObject({ status: "fulfilled", value: { kind: "settled" } });
  expect(failed).toMatchObject({ status: "rejected", reason: { message: "boom" } });
  expect(third).toMatchObject({ status: "fulfilled", value: { kind: "settled" } });
  // the retry of c1 in the same turn is answered from c1's record, not evaluated again
  expect(retried).toMatchObject({ status: "fulfilled", value: { kind: "replayed" } });
  expect(seen).toEqual([{ year: 2022, values: { 已救助: "1.00" } }, 1]);
  expect([committed("c1"), committed("c2"), committed("c3")]).toEqual([1, 0, 1]);
  expect(await store.ledger("p", "甲", 2022)).toEqual({ year: 2022, values: { 已救助: "3.00" } });
  reader.close();
  await store.close();
});
