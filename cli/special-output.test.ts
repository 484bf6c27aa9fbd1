// An output path that is a device or a pipe (`-o /dev/null`, `-o /dev/stdout`, a FIFO) is
// written into, never replaced: the atomic write-then-rename that protects files would,
// run as root, swap /dev/null for a plain file and break every program on the machine.
import { execFileSync, spawn } from "node:child_process";
import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bylaw, ROOT, tmp } from "./run-bylaw.ts";

/** Reads a FIFO to its end in another process while `run` writes into it. */
async function throughFifo(fifo: string, run: () => { code: number | null }): Promise<{ code: number | null; text: string }> {
  const reader = spawn("cat", [fifo]);
  let text = "";
  reader.stdout.on("data", (b: Buffer) => (text += b.toString("utf8")));
  const closed = new Promise((resolve) => reader.on("close", resolve));
  // the writer runs in its own process (spawnSync), so the reader here must already be open
  await new Promise((resolve) => setTimeout(resolve, 100));
  const { code } = run();
  await closed;
  return { code, text };
}

describe("output paths that are not files", () => {
  it("bylaw batch -o FIFO --ledgers-out FIFO writes the rows and ledgers into the pipes, which stay pipes", async () => {
    const dir = tmp();
    const rows = join(dir, "rows.fifo"), ledgers = join(dir, "ledgers.fifo");
    execFileSync("mkfifo", [rows, ledgers]);
    writeFileSync(join(dir, "claims.csv"), "person,date,身份,自付\n甲,2023-03-01,因病致贫重病患者,8000\n");
    const ledgerReader = spawn("cat", [ledgers]);
    let ledgerText = "";
    ledgerReader.stdout.on("data", (b: Buffer) => (ledgerText += b.toString("utf8")));
    const ledgerClosed = new Promise((resolve) => ledgerReader.on("close", resolve));
    const { code, text } = await throughFifo(rows, () =>
      bylaw(["batch", join(ROOT, "policies/000-xpcc/assistance.bylaw"), join(dir, "claims.csv"), "-o", rows, "--ledgers-out", ledgers]));
    await ledgerClosed;
    expect(code).toBe(0);
    // 000 §二(四): 第四类, deductible 6000 at 60 %: (8000 − 6000) × 60 % = 1200
    expect(text.split("\n")[1]).toContain(",1200.00,");
    expect(JSON.parse(ledgerText.trim())).toMatchObject({ person: "甲", year: 2023, values: { 起付已用: "6000.00" } });
    expect(statSync(rows).isFIFO() && statSync(ledgers).isFIFO()).toBe(true);
  });

  it("bylaw compile -o FIFO writes the artifact into the pipe", async () => {
    const fifo = join(tmp(), "artifact.fifo");
    execFileSync("mkfifo", [fifo]);
    const { code, text } = await throughFifo(fifo, () => bylaw(["compile", join(ROOT, "policies/000-xpcc/assistance.bylaw"), "-o", fifo]));
    expect(code).toBe(0);
    expect(JSON.parse(text).policy.id).toBe("xpcc.assistance");
    expect(statSync(fifo).isFIFO()).toBe(true);
  });
});
