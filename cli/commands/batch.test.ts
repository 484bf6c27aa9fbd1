// `bylaw batch` on files bigger than one read chunk (64 KB): ledgers carried across chunks,
// quoted cells and multi-byte characters cut by chunk boundaries, rows out in input order.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { splitCsv } from "../../runtime/index.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const XPCC = "policies/000-xpcc/assistance.bylaw";
const PEOPLE = 1500;

function batch(claims: string, out: string) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/bylaw.js"), "batch", XPCC, claims, "-o", out, "--lang", "en"], { cwd: ROOT, encoding: "utf8" });
  return { code: r.status, stderr: r.stderr };
}

// 000 §二(四): 因病致贫重病患者 (第四类), deductible 6000, 60 %. Everyone's first claim (4000 → 0)
// comes before anyone's second (5000 → (5000 − 2000) × 60 % = 1800), so each ledger crosses
// many chunk boundaries. Some people's names hold a comma, so their cells are quoted.
const person = (i: number) => (i % 7 === 0 ? `病人,${i}号` : `病人${i}号`);
const claims = [4000, 5000].flatMap((amount, k) =>
  Array.from({ length: PEOPLE }, (_, i) => ({ person: person(i), date: `2023-0${k + 3}-01`, 身份: "因病致贫重病患者", 自付: String(amount) })));

describe("bylaw batch over many chunks", () => {
  it("CSV: every row in order, each ledger carried across chunks, exact totals", () => {
    const dir = mkdtempSync(join(tmpdir(), "bylaw-batch-"));
    const quote = (s: string) => (s.includes(",") ? `"${s}"` : s);
    const text = "person,date,身份,自付\r\n" + claims.map((c) => [quote(c.person), c.date, c.身份, c.自付].join(",")).join("\r\n") + "\r\n";
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 * 65536);
    writeFileSync(join(dir, "claims.csv"), text);
    const r = batch(join(dir, "claims.csv"), join(dir, "out.csv"));
    expect(r.code).toBe(0);
    const lines = readFileSync(join(dir, "out.csv"), "utf8").trim().split("\n");
    expect(lines[0]).toBe("row,person,date,ok,认定类别,救助金,年度累计个人负担,alerts,errors");
    expect(lines).toHaveLength(2 * PEOPLE + 1);
    lines.slice(1).forEach((line, i) => {
      const p = person(i % PEOPLE);
      expect(line).toBe(`${i + 1},${quote(p)},2023-0${i < PEOPLE ? 3 : 4}-01,true,第四类,${i < PEOPLE ? "0.00,4000.00" : "1800.00,9000.00"},,`);
    });
    expect(r.stderr).toContain(`${2 * PEOPLE} rows: ${2 * PEOPLE} settled, 0 errors, ${PEOPLE} people`);
    expect(r.stderr).toContain("total 救助金 = 2700000.00"); // 1500 × 1800
    expect(r.stderr).toContain("total 年度累计个人负担 = 19500000.00"); // 1500 × (4000 + 9000)
  });

  it("JSONL: a malformed line becomes an error row numbered in sequence and counted", () => {
    const dir = mkdtempSync(join(tmpdir(), "bylaw-batch-"));
    const lines = claims.map((c) => JSON.stringify({ ...c, 身份: [c.身份] }));
    lines.splice(1000, 0, "{not json");
    writeFileSync(join(dir, "claims.jsonl"), lines.join("\n") + "\n");
    const r = batch(join(dir, "claims.jsonl"), join(dir, "out.jsonl"));
    expect(r.code).toBe(3); // some rows are error rows
    const results = readFileSync(join(dir, "out.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(results).toHaveLength(2 * PEOPLE + 1);
    expect(results.map((x) => x.row)).toEqual(results.map((_, i) => i + 1));
    expect(results[1000]).toMatchObject({ row: 1001, ok: false, errors: [{ code: "BR2000" }] });
    expect(results[2 * PEOPLE]).toMatchObject({ person: person(PEOPLE - 1), ok: true, outputs: { 救助金: "1800.00" } });
    expect(r.stderr).toContain(`${2 * PEOPLE + 1} rows: ${2 * PEOPLE} settled, 1 errors, ${PEOPLE} people`);
    expect(r.stderr).toContain("error BR2000: 1");
    expect(r.stderr).toContain("total 救助金 = 2700000.00");
  });
});

// ── the strict input contract and outputs that never lie (issue 12) ──

function bylaw(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/bylaw.js"), ...args], { cwd: ROOT, encoding: "utf8", input, env: { ...process.env, LANG: "en_US.UTF-8" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = () => mkdtempSync(join(tmpdir(), "bylaw-batch-"));
const HEADER = "person,date,身份,自付\n";

/** A one-line message, no stack trace. */
function oneLine(stderr: string): string {
  expect(stderr.trim().split("\n")).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
  return stderr.trim();
}

/** Result rows of a CSV written by batch, as objects. */
function resultRows(csv: string): Record<string, string>[] {
  const [head, ...rows] = splitCsv(csv);
  return rows.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i] ?? ""])));
}

describe("bylaw batch: the input contract", () => {
  it("refuses -o onto its own input, also through a symbolic link, leaving the claims as they were", () => {
    const dir = tmp();
    const claims = join(dir, "x.csv");
    const text = HEADER + "甲,2022-08-01,特困人员,1000\n";
    writeFileSync(claims, text);
    symlinkSync(claims, join(dir, "link.csv"));
    for (const out of [claims, join(dir, "link.csv")]) {
      const r = bylaw(["batch", XPCC, claims, "-o", out]);
      expect(r.code).toBe(1);
      expect(oneLine(r.stderr)).toContain("is the input file");
      expect(readFileSync(claims, "utf8")).toBe(text);
    }
  });

  it("an empty person never settles on an empty ledger: 第一类's 5万 cap holds", () => {
    const dir = tmp();
    // 第一类 (特困人员) pays 90 % up to 50 000 a year; three 60 000 claims without a person paid 3 × 50 000
    writeFileSync(join(dir, "c.csv"), HEADER + ",2022-08-01,特困人员,60000\n".repeat(3) + "甲,2022-08-01,特困人员,60000\n甲,2022-09-01,特困人员,60000\n");
    const r = bylaw(["batch", XPCC, join(dir, "c.csv"), "-o", join(dir, "out.csv")]);
    expect(r.code).toBe(3);
    const rows = resultRows(readFileSync(join(dir, "out.csv"), "utf8"));
    expect(rows.map((x) => x.ok)).toEqual(["false", "false", "false", "true", "true"]);
    expect(rows[0]!.errors).toContain("person: BR2104 line 2, `person`: empty");
    expect(rows.map((x) => x.救助金)).toEqual(["", "", "", "50000.00", "0.00"]);
    expect(r.stderr).toContain("total 救助金 = 50000.00");
  });

  it("an empty or missing date, JSONL dates that are null or numbers and persons that are numbers are error rows", () => {
    const dir = tmp();
    writeFileSync(join(dir, "c.csv"), HEADER + "甲,,特困人员,1000\n甲,2022-8-1,特困人员,1000\n");
    const csv = bylaw(["batch", XPCC, join(dir, "c.csv")]);
    expect(csv.code).toBe(3);
    expect(resultRows(csv.stdout).map((x) => x.errors.split(" ")[1])).toEqual(["BR2104", "BR2105"]);
    const claim = { 身份: ["特困人员"], 自付: "1000" };
    const lines = [{ person: "甲", date: null }, { person: "甲", date: 20220801 }, { person: "甲" }, { person: 1, date: "2022-08-01" }, { person: "甲", date: "2022-08-01" }];
    writeFileSync(join(dir, "c.jsonl"), lines.map((l) => JSON.stringify({ ...l, ...claim })).join("\n"));
    const jsonl = bylaw(["batch", XPCC, join(dir, "c.jsonl")]);
    expect(jsonl.code).toBe(3);
    const results = jsonl.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(results.map((x) => (x.ok ? "ok" : x.errors[0].code))).toEqual(["BR2104", "BR2105", "BR2104", "BR2105", "ok"]);
    // no date column at all: the file is refused before anything is written
    writeFileSync(join(dir, "nodate.csv"), "person,身份,自付\n甲,特困人员,1000\n");
    const refused = bylaw(["batch", XPCC, join(dir, "nodate.csv")]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    expect(oneLine(refused.stderr)).toContain("BR2100: the header has no `date` column");
  });

  it("surplus cells (an unquoted 12,000), too few cells and a header naming a column twice", () => {
    const dir = tmp();
    writeFileSync(join(dir, "c.csv"), HEADER + '甲,2022-08-01,特困人员,12,000\n乙,2022-08-01,特困人员\n丙,2022-08-01,特困人员,"12000"\n');
    const r = bylaw(["batch", XPCC, join(dir, "c.csv")]);
    expect(r.code).toBe(3);
    const rows = resultRows(r.stdout);
    expect(rows.map((x) => x.ok)).toEqual(["false", "false", "true"]);
    expect(rows[0]!.errors).toBe("BR2103 line 2: 5 cells where the header has 4 (an unquoted comma, as in 12,000?)");
    expect(rows[2]!.救助金).toBe("10800.00");
    writeFileSync(join(dir, "dup.csv"), "person,date,自付,身份,自付\n甲,2022-08-01,1,特困人员,12000\n");
    const out = join(dir, "out.csv");
    const dup = bylaw(["batch", XPCC, join(dir, "dup.csv"), "-o", out]);
    expect(dup.code).toBe(1);
    expect(oneLine(dup.stderr)).toContain("BR2101: the header names `自付` twice (columns 3 and 5)");
    expect(existsSync(out)).toBe(false);
  });

  it("bytes that are not UTF-8 are an error row, never U+FFFD: two broken names never share a ledger", () => {
    const dir = tmp();
    const row = (name: Buffer) => Buffer.concat([name, Buffer.from(",2022-08-01,特困人员,60000\n")]);
    writeFileSync(join(dir, "c.csv"), Buffer.concat([Buffer.from(HEADER), row(Buffer.from([0x41, 0xff])), row(Buffer.from([0x41, 0xfe])), row(Buffer.from("甲"))]));
    const r = bylaw(["batch", XPCC, join(dir, "c.csv")]);
    expect(r.code).toBe(3);
    const rows = resultRows(r.stdout);
    expect(rows.map((x) => x.errors.split(" ")[1] ?? "ok")).toEqual(["BR2106", "BR2106", "ok"]);
    expect(r.stdout).not.toContain("\ufffd\ufffd");
    expect(r.stderr).toContain("1 people");
  });

  it("--encoding gb18030 reads files from Chinese spreadsheet software; bytes it cannot read refuse the file", () => {
    const dir = tmp();
    const text = HEADER + "张三,2022-08-01,特困人员,10000\n";
    writeFileSync(join(dir, "gbk.csv"), gb18030(text));
    const r = bylaw(["batch", XPCC, join(dir, "gbk.csv"), "--encoding", "gb18030"]);
    expect(r.code).toBe(0);
    expect(resultRows(r.stdout)[0]).toMatchObject({ person: "张三", ok: "true", 救助金: "9000.00" });
    // read as UTF-8, the header's Chinese names are unreadable: the file is refused, and told how to read it
    const utf8 = bylaw(["batch", XPCC, join(dir, "gbk.csv"), "-o", join(dir, "utf8.csv")]);
    expect(utf8.code).toBe(1);
    expect(oneLine(utf8.stderr)).toContain("BR2108: column 3 of the header holds bytes the file's encoding cannot read (a CSV saved by Chinese spreadsheet software is usually GB18030): read it with --encoding gb18030");
    expect(existsSync(join(dir, "utf8.csv"))).toBe(false);
    // a UTF-8 header over one cell in GBK: that row is an error, the other settles
    writeFileSync(join(dir, "mixed.csv"), Buffer.concat([Buffer.from(HEADER + "李四,2022-08-01,特困人员,10000\n"), gb18030("张三"), Buffer.from(",2022-08-01,特困人员,10000\n")]));
    const mixed = bylaw(["batch", XPCC, join(dir, "mixed.csv")]);
    expect(mixed.code).toBe(3);
    expect(resultRows(mixed.stdout)[0]).toMatchObject({ person: "李四", ok: "true" });
    expect(resultRows(mixed.stdout)[1]!.errors).toMatch(/^person: BR2106 line 3, `person`: bytes the file's encoding cannot read/);
    writeFileSync(join(dir, "bad.csv"), Buffer.concat([gb18030(HEADER), Buffer.from([0x81, 0x20, 0x0a])]));
    const bad = bylaw(["batch", XPCC, join(dir, "bad.csv"), "--encoding", "gb18030", "-o", join(dir, "out.csv")]);
    expect(bad.code).toBe(1);
    expect(oneLine(bad.stderr)).toContain("not valid GB18030 text");
    expect(existsSync(join(dir, "out.csv"))).toBe(false);
    const zh = bylaw(["batch", XPCC, join(dir, "bad.csv"), "--encoding", "gb18030", "-o", join(dir, "out.csv"), "--lang", "zh"]);
    expect(oneLine(zh.stderr)).toContain("不是有效的 GB18030 文本");
  });
});

/** Text in GB18030, from a table inverted from the platform's decoder (Node has no encoder). */
function gb18030(text: string): Buffer {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder("gb18030");
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const c = decoder.decode(new Uint8Array([lead, trail]));
      if (c.length === 1 && !table.has(c)) table.set(c, [lead, trail]);
    }
  }
  return Buffer.from([...text].flatMap((c) => (c.charCodeAt(0) < 0x80 ? [c.charCodeAt(0)] : table.get(c)!)));
}

describe("bylaw batch: outputs that never lie", () => {
  const good = HEADER + "甲,2022-08-01,特困人员,10000\n=1+1,2022-08-01,特困人员,20000\n甲,2022-09-01,特困人员,40000\n";

  it("--summary: rows, errors, people, exact totals and the result file's sha256; exit 0 when every row settled", () => {
    const dir = tmp();
    writeFileSync(join(dir, "c.csv"), good);
    const r = bylaw(["batch", XPCC, join(dir, "c.csv"), "-o", join(dir, "out.csv"), "--summary", join(dir, "summary.json")]);
    expect(r.code).toBe(0);
    const out = readFileSync(join(dir, "out.csv"));
    const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8"));
    // 甲: 9000 then 36000 (45 000 of the 5万 cap); =1+1: 18000
    expect(summary).toMatchObject({ rows: 3, settled: 3, errors: 0, people: 2, totals: { 救助金: "63000.00" }, bytes: out.length });
    expect(summary.sha256).toBe(createHash("sha256").update(out).digest("hex"));
    // the formula-like person is written as text, after a '
    expect(out.toString("utf8").split("\n")[2]).toMatch(/^2,'=1\+1,2022-08-01,true,/);
  });

  it("every I/O error is one line: a missing folder, -o onto a folder, a missing input, a closed pipe", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "c.csv"), good);
    const missingFolder = bylaw(["batch", XPCC, join(dir, "c.csv"), "-o", join(dir, "no/such/out.csv")]);
    expect(missingFolder.code).toBe(1);
    expect(oneLine(missingFolder.stderr)).toContain("no such file or folder");
    const ontoFolder = bylaw(["batch", XPCC, join(dir, "c.csv"), "-o", dir]);
    expect(ontoFolder.code).toBe(1);
    expect(oneLine(ontoFolder.stderr)).toContain("is a folder");
    const missingInput = bylaw(["batch", XPCC, join(dir, "none.csv")]);
    expect(missingInput.code).toBe(1);
    expect(oneLine(missingInput.stderr)).toContain("none.csv: no such file or folder");
    const evalMissing = bylaw(["eval", XPCC, "-i", join(dir, "none.json")]);
    expect(evalMissing.code).toBe(1);
    expect(oneLine(evalMissing.stderr)).toBe(`${join(dir, "none.json")}: no such file or folder`);
    // `| head -1`: the reader is gone before the output comes (EPIPE)
    writeFileSync(join(dir, "claim.json"), JSON.stringify({ 身份: ["特困人员"], 自付: "1000" }));
    // help and check too: every verb's output is guarded, not only the settling ones
    for (const args of [["eval", XPCC, "-i", join(dir, "claim.json"), "--date", "2022-08-01"], ["batch", XPCC, join(dir, "c.csv")], ["batch", "--help"], ["check", XPCC, "--format", "json"]]) {
      const child = spawn(process.execPath, [join(ROOT, "bin/bylaw.js"), ...args, "--lang", "en"], { cwd: ROOT });
      child.stdout.destroy();
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise((resolve) => child.on("close", resolve));
      expect(code).toBe(1);
      expect(oneLine(stderr)).toBe("bylaw: standard output was closed before everything was written");
    }
  });

  it("--workers past 2 × CPUs (or 16) is capped with a warning and gives the same bytes", () => {
    const dir = tmp();
    writeFileSync(join(dir, "c.csv"), good);
    const r = bylaw(["batch", XPCC, join(dir, "c.csv"), "--workers", "1000"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: --workers 1000 is more than this machine can use; using \d+/);
    expect(r.stdout).toBe(bylaw(["batch", XPCC, join(dir, "c.csv"), "--workers", "1"]).stdout);
  });

  it("a 24 MB line is read in linear time, on one thread and on the pool", { timeout: 60_000 }, () => {
    // rescanning the unfinished line per chunk took 28 s on a 20 MB line
    const dir = tmp();
    writeFileSync(join(dir, "c.csv"), HEADER + `甲,2022-08-01,特困人员,${"1".repeat(24 << 20)}\n乙,2022-08-01,特困人员,1000\n`);
    for (const workers of ["1", "2"]) {
      const r = bylaw(["batch", XPCC, join(dir, "c.csv"), "--workers", workers]);
      expect(r.code).toBe(3);
      expect(resultRows(r.stdout).map((x) => x.ok)).toEqual(["false", "true"]);
    }
  });
});

describe("bylaw batch killed with SIGKILL", () => {
  it("leaves no file at the -o and --ledgers-out paths, or complete ones", { timeout: 120_000 }, async () => {
    const dir = tmp();
    const claims = join(dir, "c.csv");
    const rows = Array.from({ length: 120_000 }, (_, i) => `P${i % 5000},2022-08-01,因病致贫重病患者,${1000 + (i % 97)}`);
    writeFileSync(claims, HEADER + rows.join("\n") + "\n");
    const started = Date.now();
    const whole = bylaw(["batch", XPCC, claims, "-o", join(dir, "whole.csv"), "--ledgers-out", join(dir, "whole.jsonl")]);
    // kill points spread over the time a whole run takes here, so runs are really cut short
    const took = Date.now() - started;
    expect(whole.code).toBe(0);
    const want = readFileSync(join(dir, "whole.csv"));
    const wantLedgers = readFileSync(join(dir, "whole.jsonl"));
    let killed = 0;
    for (let k = 0; k < 6; k++) {
      const out = join(dir, `out${k}.csv`), ledgers = join(dir, `ledgers${k}.jsonl`);
      const child = spawn(process.execPath, [join(ROOT, "bin/bylaw.js"), "batch", XPCC, claims, "-o", out, "--ledgers-out", ledgers, "--workers", String(1 + (k % 2))], { cwd: ROOT, stdio: "ignore" });
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.floor(Math.random() * took * 0.8)));
      if (child.kill("SIGKILL")) killed++;
      await exited;
      if (existsSync(out)) expect(readFileSync(out).equals(want)).toBe(true);
      // the ledgers are renamed into place first: a result file means they are there too
      if (existsSync(ledgers) || existsSync(out)) expect(readFileSync(ledgers).equals(wantLedgers)).toBe(true);
    }
    expect(killed).toBeGreaterThan(0); // some runs really were cut short
  });
});
