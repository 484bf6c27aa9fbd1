// A serving `bylaw serve` watching its folder: a changed policy is swapped in under a load of
// requests, none failing and none seeing the old version after the new one; a file that does
// not compile, or an artifact that does not load, dropped in while serving, is refused with
// its diagnostics and the version before it keeps serving.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServe, type Served } from "../tests/support/serve-process.ts";

const dir = mkdtempSync(join(tmpdir(), "bylaw-watch-"));
const policies = join(dir, "policies");
const assistance = join(policies, "assistance.bylaw");
let served: Served;

beforeAll(async () => {
  cpSync("policies/000-xpcc", policies, { recursive: true });
  served = await startServe([policies, "--db", `sqlite:${join(dir, "bylaw.db")}`]);
}, 60_000);

afterAll(async () => {
  served.child.kill("SIGTERM");
  await served.exited;
});

/** 第三类, 12000 of cost: (12000 − 2000) × the 第三类 ratio (70% as written; 000 §二(四)2). */
async function pays(): Promise<string> {
  const r = await fetch(`${served.url}v1/policies/xpcc.assistance/evaluate`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ input: { 身份: ["低保边缘家庭成员"], 自付: "12000" }, date: "2022-08-01" }) });
  if (r.status !== 200) throw new Error(`evaluate answered ${r.status}: ${await r.text()}`);
  return (await r.json()).outputs.救助金;
}

const integrity = async () => {
  const { policies: list } = await (await fetch(`${served.url}v1/policies`)).json();
  return list.find((p: { id: string }) => p.id === "xpcc.assistance").versions[0].integrity as string;
};

describe("bylaw serve watching its paths", () => {
  it("swaps a changed policy in under load: no request fails, none sees the old version after the new", async () => {
    const before = await integrity();
    expect(await pays()).toBe("7000.00");
    let stop = false;
    const clients = Array.from({ length: 8 }, async () => {
      const seen: string[] = [];
      while (!stop) seen.push(await pays());
      return seen;
    });
    await new Promise((done) => setTimeout(done, 300));
    const reloads = served.stderr().split("reloaded").length;
    writeFileSync(assistance, readFileSync(assistance, "utf8").replace("第三类: 70%", "第三类: 80%"));
    await served.waitForStderr(new RegExp(`(reloaded.*){${reloads}}`, "s"));
    await new Promise((done) => setTimeout(done, 300));
    stop = true;
    for (const seen of await Promise.all(clients)) {
      expect(seen.length).toBeGreaterThan(5);
      const switched = seen.indexOf("8000.00");
      expect(switched).toBeGreaterThan(0);
      expect(seen.slice(0, switched).every((p) => p === "7000.00")).toBe(true);
      expect(seen.slice(switched).every((p) => p === "8000.00")).toBe(true);
    }
    expect(await integrity()).not.toBe(before);
  }, 60_000);

  it("a policy that no longer compiles, and a broken artifact dropped in, are refused; the old version serves", async () => {
    const serving = await integrity();
    const reloads = served.stderr().split("reloaded").length, start = served.stderr().length;
    writeFileSync(assistance, readFileSync(assistance, "utf8").replace("第三类: 80%", "第三类: 80% +"));
    writeFileSync(join(policies, "dropped.json"), JSON.stringify({ format: "something else" }));
    const err = await served.waitForStderr(new RegExp(`(reloaded.*){${reloads}}`, "s"));
    const since = err.slice(start);
    expect(since).toMatch(/assistance\.bylaw.*BL\d{4}/); // the compiler's diagnostics, with their codes
    expect(since).toMatch(/not served: .*assistance\.bylaw/);
    expect(since).toMatch(/not served: .*dropped\.json: BR10\d\d/);
    expect(await pays()).toBe("8000.00");
    expect(await integrity()).toBe(serving);
  }, 60_000);

  it("a file replaced by a rename (sed -i, an editor's save, git checkout) is still watched after it", async () => {
    const text = readFileSync(assistance, "utf8").replace("第三类: 80% +", "第三类: 80%");
    const reload = async (write: () => void, expected: string) => {
      const reloads = served.stderr().split("reloaded").length;
      write();
      await served.waitForStderr(new RegExp(`(reloaded.*){${reloads}}`, "s"));
      expect(await pays()).toBe(expected);
    };
    const replace = (t: string) => () => {
      writeFileSync(`${assistance}.tmp`, t);
      renameSync(`${assistance}.tmp`, assistance);
    };
    await reload(replace(text.replace("第三类: 80%", "第三类: 50%")), "5000.00");
    // written in place after the rename: the old watch would hear nothing of the new file
    await reload(() => writeFileSync(assistance, text.replace("第三类: 80%", "第三类: 60%")), "6000.00");
    // and a folder made after the start is watched too
    mkdirSync(join(policies, "later"));
    await reload(() => writeFileSync(join(policies, "later", "x.bylaw"), "policy {"), "6000.00");
    await reload(() => writeFileSync(join(policies, "later", "x.bylaw"), "policy { }"), "6000.00");
  }, 60_000);
});
