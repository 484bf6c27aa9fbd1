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
