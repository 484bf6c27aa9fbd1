// `bylaw analyze` and `bylaw check --analyze` as a user runs them.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../compiler/index.ts";
import { warningsOf } from "./commands/analyze.ts";
import { bylaw, tmp } from "./run-bylaw.ts";

const CLIFF = `policy t.cliff "悬崖" {
  region "测试"
  effective 2022-01-01
  source "test.txt"
}
input "就诊" §一 {
  自付: Money "个人自付"
}
ledger per year "台账" §一 {
  已救助: Money "已救助" §一
}
bands 档 "全额累进" §二 whole {
  [0元, 1万元]: 40%
  (1万元, ∞): 45%
}
output 救助金: Money "救助金" §二 = 档 on 自付 at most 2万元 per year using 已救助
`;

function policy(): { dir: string; file: string } {
  const dir = tmp();
  const file = join(dir, "cliff.bylaw");
  writeFileSync(file, CLIFF);
  return { dir, file };
}

describe("bylaw analyze", () => {
  it("says on which date its functions are, when a dated value changes later", () => {
    const dir = tmp();
    const file = join(dir, "dated.bylaw");
    writeFileSync(file, `policy t.dated "测试" {\n  region "测试地区"\n  effective 2024-01-01\n}\ninput { 费用: Money "费用" }\n` +
      `param 免赔额: Money "免赔额" {\n  2024-01-01: 20000元\n  2025-01-01: 18000元\n}\noutput 赔付: Money "赔付" = (费用 above 免赔额) * 80%\n`);
    const plain = bylaw(["analyze", file, "--lang", "en"], { cwd: dir });
    expect(plain.stdout).toContain("functions on 2024-01-01; dated values change on 2025-01-01 (the findings cover them; --date shows their functions)");
    expect(plain.stdout).toContain("20000.00  deductible 免赔额");
    const later = bylaw(["analyze", file, "--lang", "en", "--date", "2025-03-01"], { cwd: dir });
    expect(later.stdout).not.toContain("dated values change");
    expect(later.stdout).toContain("18000.00  deductible 免赔额");
  });

  it("prints the breakpoints with where they come from, and the cliff at its declaration", () => {
    const { dir, file } = policy();
    const r = bylaw(["analyze", file], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("10000.00  band edge 档 §二: 4000.00 → 4000.00");
    expect(r.stdout).toContain("44444.45  cap 救助金 §二: 20000.00 → 20000.00");
    expect(r.stdout).toMatch(/cliff\.bylaw:12:7: warning cliff §二: cliff: 救助金 jumps by 500\.00 yuan at 10000\.01 \(档\)/);
    expect(r.stdout).toContain(`example: {"自付":"10000.01"}`);
    // in Chinese, the kinds too
    const zh = bylaw(["analyze", file, "--lang", "zh"], { cwd: dir });
    expect(zh.stdout).toContain("10000.00  分段 档 §二: 4000.00 → 4000.00");
    expect(zh.stdout).toContain("44444.45  封顶 救助金 §二");
    expect(zh.stdout).toMatch(/cliff\.bylaw:12:7: 警告 悬崖 §二: /);
  });

  it("--format json: findings with the issue's keys; --ledger adds the functions from that ledger; --chart writes an SVG", () => {
    const { dir, file } = policy();
    writeFileSync(join(dir, "ledger.json"), JSON.stringify({ year: 2022, values: { 已救助: "19000" } }));
    const r = bylaw(["analyze", file, "--format", "json", "--ledger", "ledger.json", "--chart", "out.svg"], { cwd: dir });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    const cliff = json.findings.find((f: { kind: string; ledger?: string }) => f.kind === "cliff" && f.ledger === undefined);
    expect(cliff).toMatchObject({
      kind: "cliff", output: "救助金", section: "§二", inputs: {}, example: { 自付: "10000.01" }, at: "10000.01", jump: "500.00", severity: "warning",
      file: "cliff.bylaw", line: 12, column: 7,
    });
    const fromLedger = json.functions.find((f: { ledger?: string }) => f.ledger === "ledger.json");
    // 1000 of room left: 40 % reaches it at 2500, and then the band edge changes nothing
    expect(fromLedger.breakpoints.map((b: { fen: string; kind: string }) => `${b.kind} ${b.fen}`)).toEqual(["cap 2500.00"]);
    const svg = readFileSync(join(dir, "out.svg"), "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("band edge 档 10000.00");
    expect(svg).not.toContain("<script");
  });

  it("refuses an --over that is not a Money input, and a ledger that is not one", () => {
    const { dir, file } = policy();
    const r = bylaw(["analyze", file, "--over", "年龄"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--over 年龄: not a Money input of this policy");
    writeFileSync(join(dir, "bad.json"), `{"已救助": -12}`);
    const b = bylaw(["analyze", file, "--ledger", "bad.json"], { cwd: dir });
    expect(b.code).toBe(1);
    expect(b.stderr).toContain(`bad.json: a ledger is {field: amount or count}, as {"已救助": "1200.50", "住院次数": 1}`);
    // a count as eval takes it, a number where an amount is written as a string
    writeFileSync(join(dir, "counted.json"), `{"已救助": 12}`);
    expect(bylaw(["analyze", file, "--ledger", "counted.json"], { cwd: dir }).code).toBe(0);
  });
});

describe("bylaw check --analyze", () => {
  it("adds the findings as warnings (exit 0), in text and in JSON", () => {
    const { dir, file } = policy();
    const plain = bylaw(["check", file], { cwd: dir });
    expect(plain.stderr).toContain("0 errors, 0 warnings");
    const r = bylaw(["check", "--analyze", file], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("cliff.bylaw:12:7: warning analyze/cliff: cliff: 救助金 jumps by 500.00 yuan at 10000.01 (档)");
    expect(r.stderr).toContain("0 errors, 1 warning");
    const j = bylaw(["check", "--analyze", "--format", "json", file], { cwd: dir });
    const warning = JSON.parse(j.stdout).find((d: { code: string }) => d.code === "analyze/cliff");
    expect(warning).toMatchObject({ line: 12, column: 7, severity: "warning", finding: { at: "10000.01", jump: "500.00" } });
  });

  it("says where the analysis disagrees with the runtime (which `bylaw analyze` exits 2 on), not only its findings", () => {
    const { file } = policy();
    const artifact = compile(file, readFileSync(file, "utf8"), { readFile: () => undefined }).artifact!;
    const found = warningsOf(artifact, { functions: [], findings: [], refused: [], disagreements: ["救助金 at 1562.70: runtime 0.42, line 0.6"] }, "zh", new Map());
    expect(found).toEqual([{ file: artifact.sources[0]!.path, line: 1, column: 1, code: "analyze/disagreement", severity: "warning", message: "分析与运行时不一致: 救助金 at 1562.70: runtime 0.42, line 0.6" }]);
  });
});
