// The decision log and `bylaw replay`: a server run with --log records each decision it
// makes (evaluated or settled, not a retry answered from the record); replaying the log with
// the same policies finds every decision again, and reports a record whose answer differs,
// whose input was altered, or whose artifact is not among the paths, with exit code 1.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { startServe } from "../tests/support/serve-process.ts";
import type { DecisionRecord } from "./decision-log.ts";

const dir = mkdtempSync(join(tmpdir(), "bylaw-replay-"));
const log = join(dir, "decisions.jsonl");
let records: DecisionRecord[];

const replay = (file: string, ...paths: string[]) => spawnSync(process.execPath, ["bin/bylaw.js", "replay", file, ...paths, "--lang", "en"], { encoding: "utf8" });

beforeAll(async () => {
  const served = await startServe(["policies/000-xpcc", "--db", `sqlite:${join(dir, "bylaw.db")}`, "--log", log, "--no-watch"]);
  const post = (route: string, body: unknown) => fetch(`${served.url}v1/policies/xpcc.assistance/${route}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const claim = (n: number, cost: string) => ({ person: "张三", claim: `c${n}`, date: "2022-08-01", input: { 身份: ["低保边缘家庭成员"], 自付: cost } });
  for (const body of [claim(1, "12000"), claim(2, "5000"), claim(2, "5000")]) expect((await post("settle", body)).status).toBe(200);
  expect((await post("evaluate", { input: { 身份: ["特困人员"], 自付: "100" }, date: "2022-09-01" })).status).toBe(200);
  expect((await post("evaluate", { input: { 自付: "x" }, date: "2022-09-01" })).status).toBe(400);
  served.child.kill("SIGTERM");
  expect(await served.exited).toBe(0);
  records = readFileSync(log, "utf8").trim().split("\n").map((l) => JSON.parse(l));
}, 60_000);

describe("the decision log", () => {
  it("records each decision once: artifact, input hash, outputs, alerts, ledgers, time", () => {
    // the retry of c2 and the refused claim are not decisions
    expect(records.map((r) => [r.claim, r.outputs.救助金])).toEqual([["c1", "7000.00"], ["c2", "3500.00"], [undefined, "90.00"]]);
    expect(records[1]).toMatchObject({
      policy: "xpcc.assistance", artifact: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), inputHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      person: "张三", date: "2022-08-01", ledger: { year: 2022, values: { 已救助: "7000.00" } }, ledgerAfter: { year: 2022, values: { 已救助: "10500.00" } },
    });
    expect(Date.parse(records[0]!.time)).toBeGreaterThan(Date.now() - 120_000);
  });
});

describe("bylaw replay", () => {
  it("finds every decision again with the same policies (exit 0)", () => {
    const r = replay(log, "policies/000-xpcc");
    expect(r.stdout).toContain("replayed 3 decisions: 0 differ");
    expect(r.status).toBe(0);
  });

  it("reports a changed answer, an altered input and a missing artifact, by line (exit 1)", () => {
    const altered = structuredClone(records);
    altered[0]!.outputs.救助金 = "7100.00";
    (altered[1]!.input as Record<string, unknown>).自付 = "50000";
    altered[2]!.artifact = `sha256:${"0".repeat(64)}`;
    const file = join(dir, "altered.jsonl");
    writeFileSync(file, altered.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const r = replay(file, "policies/000-xpcc");
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("line 1: differs: 救助金 7100.00 → 7000.00");
    expect(r.stdout).toMatch(/line 2: unreadable: .*inputHash/);
    expect(r.stdout).toMatch(/line 3: the artifact that decided it is not in the paths/);
    expect(r.stdout).toContain("replayed 3 decisions: 3 differ");
  });

  it("a log it cannot open is an error, not a clean replay", () => {
    const r = replay(join(dir, "none.jsonl"), "policies/000-xpcc");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/none\.jsonl/);
  });
});
