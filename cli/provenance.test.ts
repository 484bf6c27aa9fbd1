// Where things come from, as a user meets it: ledger files stamped with their policy, policy
// imports confined to the policy's folder, artifacts signed and verified against trusted keys.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bylaw, tmp } from "./run-bylaw.ts";
import { MAX_SOURCE_BYTES } from "../compiler/index.ts";
import { integrityOf } from "../runtime/index.ts";

const XPCC = "policies/000-xpcc/assistance.bylaw";
const DONGYING = "policies/001-dongying/critical-illness.bylaw";

const claimFile = (dir: string, input: object) => {
  const f = join(dir, "claim.json");
  writeFileSync(f, JSON.stringify(input));
  return f;
};

describe("台账文件记录所属政策", () => {
  it("writes the policy's id and effective date into --ledger-out, and refuses that ledger under another policy", () => {
    const dir = tmp();
    const ledger = join(dir, "ledger.json");
    const first = bylaw(["eval", XPCC, "--input", claimFile(dir, { 身份: ["因病致贫重病患者"], 自付: "4000" }), "--date", "2022-08-01", "--ledger-out", ledger]);
    expect(first.code).toBe(0);
    const written = JSON.parse(readFileSync(ledger, "utf8"));
    expect(written.policy).toEqual({ id: "xpcc.assistance", effective: "2022-06-07" });
    expect(written.year).toBe(2022);
    const other = bylaw(["eval", DONGYING, "--input", claimFile(dir, { 自付: "250000" }), "--date", "2022-09-01", "--ledger", ledger]);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain("ledger.policy: BR2027");
    expect(other.stderr).toContain("xpcc.assistance");
  });
});

describe("导入与继承只读取本政策文件夹内的政策文件", () => {
  const HEADER = `policy t.imports "导入测试" {\n  region "测试"\n  effective 2022-01-01\n  source "test.txt"\n}\n`;
  const BODY = `input {\n  自付: Money "个人自付"\n}\noutput 付: Money = 自付\n`;
  /** A policy importing `target` as 外, in `dir/policy/main.bylaw`; beside `policy/` a secret. */
  function setUp(target: string): { dir: string; main: string } {
    const dir = tmp();
    mkdirSync(join(dir, "policy"));
    writeFileSync(join(dir, "secret.bylaw"), "SECRET-LINE-1\nSECRET-LINE-2\n");
    const main = join(dir, "policy", "main.bylaw");
    writeFileSync(main, HEADER + `import "${target}" as 外\n` + BODY);
    return { dir, main };
  }
  const check = (main: string, extra: string[] = []) => bylaw(["check", ...extra, main], { cwd: join(main, "..") });

  it("refuses `../secret.bylaw` (BL7009) without reading it; --root widens the folder", () => {
    const { dir, main } = setUp("../secret.bylaw");
    const r = check(main);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("main.bylaw:6:8: error BL7009");
    expect(r.stderr).not.toContain("SECRET");
    const widened = check(main, ["--root", dir]);
    expect(widened.stderr).toContain("SECRET-LINE-1"); // read now: its syntax errors are shown
    expect(widened.stderr).not.toContain("BL7009");
  });

  it("refuses an absolute path and a file that is not .bylaw, never echoing /etc/passwd", () => {
    const abs = check(setUp("/etc/passwd").main);
    expect(abs.stderr).toContain("error BL7010");
    expect(abs.stderr).not.toContain("root:");
    const absBylaw = check(setUp("/etc/passwd.bylaw").main);
    expect(absBylaw.stderr).toContain("error BL7009");
  });

  it("refuses a link inside the folder that leads out of it (BL7009)", () => {
    const { dir, main } = setUp("link.bylaw");
    symlinkSync(join(dir, "secret.bylaw"), join(dir, "policy", "link.bylaw"));
    const r = check(main);
    expect(r.stderr).toContain("error BL7009");
    expect(r.stderr).not.toContain("SECRET");
  });

  it("refuses a FIFO and a folder (BL7011) without blocking", () => {
    const { dir, main } = setUp("pipe.bylaw");
    execFileSync("mkfifo", [join(dir, "policy", "pipe.bylaw")]);
    const r = check(main);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error BL7011");
    const folder = setUp("sub.bylaw");
    mkdirSync(join(folder.dir, "policy", "sub.bylaw"));
    expect(check(folder.main).stderr).toContain("error BL7011");
    // the policy named on the command line is held to the same rule: one line, exit 1
    const direct = bylaw(["check", join(dir, "policy", "pipe.bylaw")]);
    expect(direct.code).toBe(1);
    expect(direct.stderr).toContain("pipe.bylaw: not a regular file");
  });

  it("refuses a file over MAX_SOURCE_BYTES (BL7012), and reads one at the limit", () => {
    const { dir, main } = setUp("big.bylaw");
    writeFileSync(join(dir, "policy", "big.bylaw"), "// " + "x".repeat(MAX_SOURCE_BYTES - 2));
    expect(check(main).stderr).toContain("error BL7012");
    writeFileSync(join(dir, "policy", "big.bylaw"), "// " + "x".repeat(MAX_SOURCE_BYTES - 3));
    expect(check(main).stderr).not.toContain("BL7012");
  });

  it("still compiles the seed policies, whose parents and imports sit beside them", () => {
    expect(bylaw(["compile", "policies/003-liaocheng/settlement.bylaw", "-o", join(tmp(), "a.json")]).code).toBe(0);
  });
});

describe("签名与信任：keygen、compile --sign、--trust", () => {
  const input = (dir: string) => claimFile(dir, { 身份: ["低保边缘家庭成员"], 自付: "12000" });

  it("keygen writes a PEM pair, the private key owner-only, and never overwrites", () => {
    const dir = tmp();
    const r = bylaw(["keygen", join(dir, "k")]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, "k.key"), "utf8")).toContain("-----BEGIN PRIVATE KEY-----");
    expect(readFileSync(join(dir, "k.pub"), "utf8")).toContain("-----BEGIN PUBLIC KEY-----");
    expect(statSync(join(dir, "k.key")).mode & 0o777).toBe(0o600);
    const again = bylaw(["keygen", join(dir, "k")]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already exists");
  });

  it("a signed artifact runs under --trust; the issue's resealed forgery, an unsigned one and a stranger's are refused", () => {
    const dir = tmp();
    bylaw(["keygen", join(dir, "me")]);
    bylaw(["keygen", join(dir, "other")]);
    const art = join(dir, "a.json");
    expect(bylaw(["compile", XPCC, "--sign", join(dir, "me.key"), "-o", art]).code).toBe(0);
    const trust = ["--trust", join(dir, "other.pub"), "--trust", join(dir, "me.pub")];
    const ok = bylaw(["eval", art, "--input", input(dir), "--date", "2022-08-01", ...trust]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("救助金 (医疗救助金) = 7000.00");

    // 比例 to 99 %, the caps to 300万, the seal recomputed: loads without --trust, refused with it
    const a = JSON.parse(readFileSync(art, "utf8"));
    for (const p of a.ir.params) if (p.type === "Rate") p.value = "0.99";
    for (const t of a.ir.tables) for (const row of t.rows) if (t.valueType === "Money") row.value = "3000000";
    a.integrity = integrityOf(a);
    const forged = join(dir, "forged.json");
    writeFileSync(forged, JSON.stringify(a));
    const loose = bylaw(["eval", forged, "--input", input(dir), "--date", "2022-08-01"]);
    expect(loose.code).toBe(0);
    expect(loose.stdout).not.toContain("= 7000.00");
    const refused = bylaw(["eval", forged, "--input", input(dir), "--date", "2022-08-01", ...trust]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("BR1033");
    expect(refused.stdout).toBe("");

    const unsigned = join(dir, "unsigned.json");
    bylaw(["compile", XPCC, "-o", unsigned]);
    expect(bylaw(["eval", unsigned, "--input", input(dir), ...trust]).stderr).toContain("BR1030");
    expect(bylaw(["eval", XPCC, "--input", input(dir), ...trust]).stderr).toContain("BR1030");
    expect(bylaw(["eval", art, "--input", input(dir), "--trust", join(dir, "other.pub")]).stderr).toContain("BR1032");
    const notKey = bylaw(["eval", art, "--input", input(dir), "--trust", join(dir, "me.key")]);
    expect(notKey.code).toBe(1);
    expect(notKey.stderr).toContain("BR1035");
  });

  it("batch refuses a forged artifact under --trust before writing any row", () => {
    const dir = tmp();
    bylaw(["keygen", join(dir, "me")]);
    const art = join(dir, "a.json");
    bylaw(["compile", XPCC, "--sign", join(dir, "me.key"), "-o", art]);
    const a = JSON.parse(readFileSync(art, "utf8"));
    a.policy.title = "改过的标题";
    a.integrity = integrityOf(a);
    writeFileSync(art, JSON.stringify(a));
    const claims = join(dir, "c.csv");
    writeFileSync(claims, "person,date,身份,自付\np1,2022-08-01,低保边缘家庭成员,12000\n");
    const out = join(dir, "out.csv");
    const r = bylaw(["batch", art, claims, "-o", out, "--no-progress", "--trust", join(dir, "me.pub")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("BR1033");
    expect(existsSync(out)).toBe(false);
  });
});
