// The `bylaw` command as a user runs it: real processes, real files, exit codes and output.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, bylaw, tmp } from "./run-bylaw.ts";

const XPCC = "policies/000-xpcc/assistance.bylaw";
const DONGYING = "policies/001-dongying/critical-illness.bylaw";

const HEADER = `policy t.cli "命令行测试" {
  region "测试"
  effective 2022-01-01
  source "test.txt"
}
`;

describe("bylaw check", () => {
  it("is clean on the seed policies", () => {
    const r = bylaw(["check", "policies/"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/checked \d+ files: 0 errors, 0 warnings/);
  });

  it("reports every error in one pass with file:line:col, code, source line and caret; exit 1", () => {
    const dir = tmp();
    const file = join(dir, "bad.bylaw");
    writeFileSync(file, HEADER + `input {\n  自付: Money\n}\noutput a: Money = 自付 + 70%\noutput b: Money = 自付 * 自付\n`);
    const r = bylaw(["check", file], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("bad.bylaw:9:19: error BL3");
    expect(r.stderr).toContain("bad.bylaw:10:19: error BL3");
    expect(r.stderr).toMatch(/\n\s+9 \| output a: Money = 自付 \+ 70%\n\s+\| +\^+/);
    expect(r.stderr).toContain("2 errors");
  });

  it("speaks Chinese with --lang zh and from a zh locale, and gives JSON for tools", () => {
    const dir = tmp();
    const file = join(dir, "bad.bylaw");
    writeFileSync(file, HEADER + `output a: Money = 未知名称\n`);
    const zh = bylaw(["check", "--lang", "zh", file], { cwd: dir });
    expect(zh.stderr).toContain("错误 BL2001");
    const locale = bylaw(["check", file], { cwd: dir, env: { LANG: "zh_CN.UTF-8" } });
    expect(locale.stderr).toContain("错误 BL2001");
    const json = bylaw(["check", "--format", "json", file], { cwd: dir });
    expect(json.code).toBe(1);
    const diags = JSON.parse(json.stdout) as { code: string; line: number; column: number; severity: string; message: string }[];
    expect(diags[0]).toMatchObject({ code: "BL2001", line: 6, column: 19, severity: "error" });
    expect(diags[0].message).toContain("未知名称");
  });

  it("gives the same column in text and JSON on a line with characters outside the BMP", () => {
    const dir = tmp();
    const file = join(dir, "astral.bylaw");
    writeFileSync(file, HEADER + `input {\n  自付: Money\n}\noutput 𠀀𠀁: Money = 自付 + 70%\n`);
    // `output 𠀀𠀁: Money = ` is 19 characters (𠀀 and 𠀁 one each, two UTF-16 units each): 自付 is column 20
    const text = bylaw(["check", file], { cwd: dir });
    expect(text.stderr).toContain("astral.bylaw:9:20: error BL3001");
    const json = JSON.parse(bylaw(["check", "--format", "json", file], { cwd: dir }).stdout);
    expect(json).toMatchObject([{ code: "BL3001", line: 9, column: 20, endLine: 9, endColumn: 28 }]);
  });

  it("fails on a missing path", () => {
    const r = bylaw(["check", "no/such/file.bylaw"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("no such file or folder");
  });
});

describe("bylaw compile", () => {
  it("writes a self-contained artifact carrying the policy's metadata and source hash", () => {
    const out = join(tmp(), "xpcc.json");
    const r = bylaw(["compile", XPCC, "-o", out]);
    expect(r.code).toBe(0);
    const a = JSON.parse(readFileSync(out, "utf8"));
    expect(a.format).toBe("bylaw.ruleset");
    expect(a.policy).toMatchObject({ id: "xpcc.assistance", region: "新疆生产建设兵团" });
    expect(a.sourceHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    // extends is resolved at compile time: the parent's table is inside the artifact
    expect(a.ir.tables.map((t: { name: string }) => t.name)).toContain("身份类别");
  });

  it("writes nothing when the policy has errors", () => {
    const dir = tmp();
    writeFileSync(join(dir, "bad.bylaw"), HEADER + `output a: Money = 1元 + 5pp\n`);
    const r = bylaw(["compile", "bad.bylaw", "-o", "out.json"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(existsSync(join(dir, "out.json"))).toBe(false);
  });
});

describe("bylaw eval", () => {
  const claim = (dir: string, input: object) => {
    const f = join(dir, "claim.json");
    writeFileSync(f, JSON.stringify(input));
    return f;
  };

  // 000 §二(四)1-2: category 3, (12000 − 2000) × 70% = 7000.
  it("settles a claim from the policy text and from a compiled artifact alike", () => {
    const dir = tmp();
    const input = claim(dir, { 身份: ["低保边缘家庭成员"], 自付: "12000" });
    const fromText = bylaw(["eval", XPCC, "--input", input, "--date", "2022-08-01"]);
    expect(fromText.code).toBe(0);
    expect(fromText.stdout).toContain("救助金 (医疗救助金) = 7000.00");
    expect(fromText.stdout).toContain("alert: 因病返贫预警");
    const artifact = join(dir, "a.json");
    expect(bylaw(["compile", XPCC, "-o", artifact]).code).toBe(0);
    const fromArtifact = bylaw(["eval", artifact, "--input", input, "--date", "2022-08-01", "--format", "json"]);
    const result = JSON.parse(fromArtifact.stdout);
    expect(result.outputs["救助金"]).toBe("7000.00");
    expect(result.ledger.values["起付已用"]).toBe("2000.00");
  });

  // 000 §二(四)1: category 4, 4000 then 5000 in one year → 0, then (5000 − 2000) × 60% = 1800.
  it("carries the ledger between claims and explains the result", () => {
    const dir = tmp();
    const ledger = join(dir, "ledger.json");
    const first = bylaw(["eval", XPCC, "--input", claim(dir, { 身份: ["因病致贫重病患者"], 自付: "4000" }), "--date", "2022-08-01", "--ledger-out", ledger]);
    expect(first.stdout).toContain("救助金 (医疗救助金) = 0.00");
    const second = bylaw(["eval", XPCC, "--input", claim(dir, { 身份: ["因病致贫重病患者"], 自付: "5000" }), "--date", "2022-09-01", "--ledger", ledger, "--explain", "--lang", "zh"]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("救助金 (医疗救助金) = 1800.00");
    expect(second.stdout).toContain("起付标准");
    expect(second.stderr).toBe("");
    // the same ledger for a claim of the next year: not read, and said so
    const next = bylaw(["eval", XPCC, "--input", claim(dir, { 身份: ["因病致贫重病患者"], 自付: "5000" }), "--date", "2023-02-01", "--ledger", ledger]);
    expect(next.stdout).toContain("救助金 (医疗救助金) = 0.00");
    expect(next.stderr).toContain("the ledger is of 2022, the claim of 2023: the new year's ledger opens at 0");
  });

  it("reports every input error at once and exits 1", () => {
    const dir = tmp();
    const r = bylaw(["eval", XPCC, "--input", claim(dir, { 身份: ["无此身份"], 自付: "0.001", 多余: 1 })]);
    expect(r.code).toBe(1);
    const fields = r.stderr.trim().split("\n").map((l) => l.split(":")[0]);
    expect(fields).toEqual(expect.arrayContaining(["身份", "自付", "多余"]));
  });

  it("words input errors in the language asked for, in text and in JSON", () => {
    const dir = tmp();
    const input = claim(dir, { 身份: ["监测对象"], 自付: "0.001" });
    const en = bylaw(["eval", XPCC, "--input", input, "--lang", "en"]);
    expect(en.stderr.trim()).toBe("自付: BR2006: `自付`: `0.001` has more than 2 decimals (money is counted to the fen)");
    const zh = bylaw(["eval", XPCC, "--input", input, "--lang", "zh"]);
    expect(zh.stderr.trim()).toBe("自付: BR2006: `自付`：`0.001` 超过 2 位小数（金额精确到分）");
    const json = JSON.parse(bylaw(["eval", XPCC, "--input", input, "--lang", "zh", "--format", "json"]).stdout);
    expect(json.errors).toMatchObject([{ code: "BR2006", field: "自付", args: { value: "0.001" }, message: "`自付`：`0.001` 超过 2 位小数（金额精确到分）" }]);
  });

  it("refuses a tampered artifact, naming what is wrong", () => {
    const dir = tmp();
    const artifact = join(dir, "a.json");
    bylaw(["compile", XPCC, "-o", artifact]);
    writeFileSync(artifact, readFileSync(artifact, "utf8").replace('"0.7"', '"0.9"'));
    const r = bylaw(["eval", artifact, "--input", claim(dir, { 身份: ["监测对象"], 自付: "12000" })]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/BR1\d{3}/);
  });
});

describe("bylaw test", () => {
  it("runs every test block of the seed policies and ends with the plain count line", () => {
    const r = bylaw(["test", "policies/"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split("\n").at(-1)).toMatch(/^\d+ passed, 0 failed$/);
  });

  it("shows expected vs actual and the trace on failure; exit 1", () => {
    const dir = tmp();
    const text = readFileSync(join(ROOT, DONGYING), "utf8").replace("expect 大病保险 = 150400元", "expect 大病保险 = 150401元");
    writeFileSync(join(dir, "ci.bylaw"), text);
    const r = bylaw(["test", "ci.bylaw"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("expected 150401");
    expect(r.stdout).toContain("actual 150400.00");
    // the failing test is named at its line, as editors' terminals link
    const line = text.slice(0, text.lastIndexOf("\ntest ", text.indexOf("expect 大病保险 = 150401元")) + 1).split("\n").length;
    expect(r.stdout).toMatch(new RegExp(`^✗ ci\\.bylaw:${line}:1: `, "m"));
    expect(r.stdout.trim().split("\n").at(-1)).toMatch(/^\d+ passed, 1 failed$/);
  });

  it("prints each failing claim's trace under that claim's failures", () => {
    const dir = tmp();
    writeFileSync(join(dir, "two.bylaw"), `policy t.two "两次" {\n  region "x"\n  effective 2024-01-01\n}\ninput { a: Money "a" }\nledger per year { F: Money "F" }\n` +
      `output b: Money "b" = a at most 100元 per year using F\ntest "two fail" {\n  claim { given a = 60元  expect b = 61元 }\n  claim { given a = 60元  expect b = 41元 }\n}\n`);
    const out = bylaw(["test", "two.bylaw", "--lang", "en"], { cwd: dir }).stdout;
    const first = out.indexOf("claim 1, b: expected 61"), second = out.indexOf("claim 2, b: expected 41");
    // claim 1's trace (room ¥100, nothing capped) sits between the two; claim 2's (capped at ¥40) after it
    expect(first).toBeGreaterThan(-1);
    expect(out.slice(first, second)).toContain("room left ¥100");
    expect(out.slice(second)).toContain("capped, was ¥60");
  });

  it("prints the failure and its trace in the language asked for (labels as the policy wrote them)", () => {
    const dir = tmp();
    const text = readFileSync(join(ROOT, DONGYING), "utf8").replace("expect 大病保险 = 150400元", "expect 大病保险 = 150401元");
    writeFileSync(join(dir, "ci.bylaw"), text);
    const en = bylaw(["test", "ci.bylaw", "--lang", "en"], { cwd: dir });
    expect(en.stdout).toContain("claim 1, 大病保险: expected 150401, actual 150400.00");
    expect(en.stdout).toMatch(/band \[\d+, \d+\): ¥\d+ × \d+% = ¥\d+/);
    expect(en.stdout).toContain("claim date");
    expect(en.stdout).not.toMatch(/段：|就医日期|本年/);
    const zh = bylaw(["test", "ci.bylaw", "--lang", "zh"], { cwd: dir });
    expect(zh.stdout).toContain("第 1 次就医, 大病保险: 期望 150401, 实际 150400.00");
    expect(zh.stdout).toMatch(/\[\d+, \d+\) 段：\d+元 × \d+% = \d+元/);
  });
});

describe("bylaw fmt", () => {
  it("--check lists an unformatted file and exits 1; fmt rewrites it; a second fmt changes nothing", () => {
    const dir = tmp();
    const file = join(dir, "messy.bylaw");
    writeFileSync(file, HEADER + `input {   自付: Money   }\noutput a: Money=自付 above 2000元   // 起付\n`);
    expect(bylaw(["fmt", "--check", file]).code).toBe(1);
    expect(bylaw(["fmt", file]).code).toBe(0);
    const once = readFileSync(file, "utf8");
    expect(once).toContain("// 起付");
    expect(bylaw(["fmt", "--check", file]).code).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(once);
  });

  it("refuses to format text with syntax errors and leaves it untouched", () => {
    const dir = tmp();
    const file = join(dir, "broken.bylaw");
    const text = HEADER + `output a: Money = (自付\n`;
    writeFileSync(file, text);
    expect(bylaw(["fmt", file]).code).toBe(1);
    expect(readFileSync(file, "utf8")).toBe(text);
  });
});

describe("bylaw batch", () => {
  // 000 §二(四): person A (category 4) 4000 then 5000 → 0 then 1800; person B (category 3)
  // 12000 → 7000; a bad row becomes an error row and the run goes on.
  const rows = [
    ["p-A", "2022-08-01", "因病致贫重病患者", "4000"],
    ["p-B", "2022-08-02", "低保边缘家庭成员", "12000"],
    ["p-A", "2022-09-01", "因病致贫重病患者", "5000"],
    ["p-C", "2022-09-02", "低保对象", "-5"],
  ];

  it("settles CSV rows in order, carrying each person's ledger, with error rows and a summary", () => {
    const dir = tmp();
    const claims = join(dir, "claims.csv");
    writeFileSync(claims, "person,date,身份,自付\n" + rows.map((r) => r.join(",")).join("\n") + "\n");
    const out = join(dir, "out.csv");
    const r = bylaw(["batch", XPCC, claims, "-o", out]);
    expect(r.code).toBe(3); // some rows are error rows
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines).toHaveLength(5);
    const header = lines[0].split(",");
    const col = (line: string, name: string) => line.split(",")[header.indexOf(name)];
    expect(lines.slice(1).map((l) => col(l, "救助金"))).toEqual(["0.00", "7000.00", "1800.00", ""]);
    expect(col(lines[4], "ok")).toBe("false");
    expect(lines[4]).toContain("自付");
    expect(r.stderr).toContain("4 rows: 3 settled, 1 errors");
    expect(r.stderr).toContain("total 救助金 = 8800.00");
  });

  it("refuses DuckDB's options on another engine (BE1008) and a --bucket that is no whole number, writing nothing", () => {
    const dir = tmp();
    const claims = join(dir, "claims.csv");
    writeFileSync(claims, "person,date,身份,自付\n" + rows.map((r) => r.join(",")).join("\n") + "\n");
    const out = join(dir, "out.csv");
    const js = bylaw(["batch", XPCC, claims, "-o", out, "--memory-limit", "1GB", "--lang", "en"]);
    expect(js.code).toBe(1);
    expect(js.stderr).toContain("BE1008: --memory-limit is for the DuckDB engine; --engine js does not take it");
    const zh = bylaw(["batch", XPCC, claims, "-o", out, "--bucket", "100", "--engine", "postgres", "--db", "postgresql://u@127.0.0.1:1/db", "--lang", "zh"]);
    expect(zh.stderr).toContain("BE1008: --bucket 只用于 DuckDB 引擎；--engine postgres 不接受该选项");
    const bad = bylaw(["batch", XPCC, claims, "-o", out, "--engine", "duckdb", "--bucket", "0", "--lang", "en"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--bucket must be a whole number ≥ 1");
    // DuckDB out of memory: our options named, not DuckDB's SQL settings
    const oom = bylaw(["batch", XPCC, claims, "-o", out, "--engine", "duckdb", "--memory-limit", "2MB", "--lang", "en"]);
    expect(oom.code).toBe(1);
    expect(oom.stderr).toContain("DuckDB ran out of its 2MB memory limit: raise --memory-limit, or lower --bucket");
    expect(existsSync(out)).toBe(false);
  });

  it("reads and writes JSONL, a malformed line becoming an error row", () => {
    const dir = tmp();
    const claims = join(dir, "claims.jsonl");
    const json = rows.slice(0, 3).map(([person, date, id, oop]) => JSON.stringify({ person, date, 身份: [id], 自付: oop }));
    writeFileSync(claims, [...json, "{not json"].join("\n") + "\n");
    const r = bylaw(["batch", XPCC, claims, "-o", join(dir, "out.jsonl")]);
    expect(r.code).toBe(3);
    const results = readFileSync(join(dir, "out.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(results.map((x) => x.outputs?.["救助金"])).toEqual(["0.00", "7000.00", "1800.00", undefined]);
    expect(results[3].ok).toBe(false);
  });

  it("words error rows in the language asked for: CSV cells and JSONL messages", () => {
    const dir = tmp();
    const csv = join(dir, "claims.csv");
    writeFileSync(csv, "person,date,身份,自付\nA,2022-08-01,监测对象,0.001\n");
    bylaw(["batch", XPCC, csv, "-o", join(dir, "out.csv"), "--lang", "zh"]);
    expect(readFileSync(join(dir, "out.csv"), "utf8")).toContain("自付: BR2006 `自付`：`0.001` 超过 2 位小数（金额精确到分）");
    const jsonl = join(dir, "claims.jsonl");
    writeFileSync(jsonl, "{not json\n");
    bylaw(["batch", XPCC, jsonl, "-o", join(dir, "out.jsonl"), "--lang", "en"]);
    const row = JSON.parse(readFileSync(join(dir, "out.jsonl"), "utf8"));
    expect(row.errors).toHaveLength(1);
    expect(row.errors[0]).toMatchObject({ code: "BR2000", field: "" });
    expect(row.errors[0].message).toMatch(/^line 1: not a valid row: /);
  });
});

describe("bylaw --help", () => {
  it("lists every verb", () => {
    const r = bylaw(["--help"]);
    expect(r.code).toBe(0);
    for (const verb of ["check", "compile", "fmt", "eval", "test", "batch", "playground"]) expect(r.stdout).toContain(verb);
  });
});
