// `bylaw diff` as a user runs it: the report in Chinese and English, JSON for tools, exit
// statuses and coded errors; and on a generated XPCC claims file large enough for the worker
// pool, the same report on one thread and on two, whose totals are two `bylaw batch` runs'.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bylaw, ROOT } from "../run-bylaw.ts";
import { CLAIMS_CSV, policySource } from "../../analysis/diff/tests/fixtures.ts";
import { csvHeader, formatRow, generateClaims } from "../../scripts/gen-claims.ts";
import { POOL_MIN_BYTES } from "./batch.ts";

function pairDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "bylaw-diff-"));
  writeFileSync(join(dir, "old.bylaw"), policySource());
  // 低保 60 % → 70 %, and a yearly cap of 5000 (analysis/diff/diff.test.ts works the figures out)
  writeFileSync(join(dir, "new.bylaw"), policySource({ ratio: "70%", cap: "5000元" }));
  writeFileSync(join(dir, "claims.csv"), CLAIMS_CSV);
  writeFileSync(join(dir, "good.csv"), CLAIMS_CSV.split("\n").filter((l) => !l.includes("abc")).join("\n"));
  return dir;
}

describe("bylaw diff, a change that holds on every date", () => {
  it("is listed once: a later date lists only the groups whose change differs there", () => {
    const dir = mkdtempSync(join(tmpdir(), "bylaw-diff-dated-"));
    // 特困's ratio is dated (80 % → 85 % from 2025-07-01); the new version raises 低保's 60 % to
    // 70 % and makes 特困's 85 % 90 %: from 2025-07-01 低保's change is the same, 特困's is new
    const policy = (low: string, later: string) => `policy t.dated "分期" {\n  region "x"\n  effective 2025-01-01\n}\nenum 类别 { 低保  特困 }\n` +
      `input { 类: 类别 "类别"  费用: Money "费用" }\nparam 特困比例: Rate "特困比例" {\n  2025-01-01: 80%\n  2025-07-01: ${later}\n}\n` +
      `output 支付: Money "支付" = 费用 * (if 类 == 低保 then ${low} else 特困比例)\n`;
    writeFileSync(join(dir, "old.bylaw"), policy("60%", "85%"));
    writeFileSync(join(dir, "new.bylaw"), policy("70%", "90%"));
    const r = bylaw(["diff", join(dir, "old.bylaw"), join(dir, "new.bylaw"), "--lang", "en"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("支付 — 类 = 低保\n  费用 in (0, ∞): old 0.6 × 费用, new 0.7 × 费用, change 0.1 × 费用\n");
    expect(r.stdout.split("支付 — 类 = 低保")).toHaveLength(2);
    expect(r.stdout).toContain("From 2025-07-01 (a dated param takes a new value), both versions compared on that date:\n(1 groups change as from the effective date: not repeated)\n\n" +
      "支付 — 类 = 特困\n  费用 in (0, ∞): old 0.85 × 费用, new 0.9 × 费用, change 0.05 × 费用\n");
    const zh = bylaw(["diff", join(dir, "old.bylaw"), join(dir, "new.bylaw"), "--lang", "zh"]);
    expect(zh.stdout).toContain("（1 组变化与生效日起相同，不再列出）");
  });
});

describe("bylaw diff, a change the measure does not see", () => {
  it("notes which outputs changed when nobody gains or loses by the measure", () => {
    const dir = mkdtempSync(join(tmpdir(), "bylaw-diff-note-"));
    const policy = (rate: string) => `policy t.two "两项" {\n  region "x"\n  effective 2024-01-01\n}\ninput { 费用: Money "费用" }\n` +
      `output 住院支付: Money "住院支付" = 费用 * 50%\noutput 慢特病支付: Money "慢特病支付" = 费用 * ${rate}\n`;
    writeFileSync(join(dir, "old.bylaw"), policy("20%"));
    writeFileSync(join(dir, "new.bylaw"), policy("30%"));
    writeFileSync(join(dir, "claims.csv"), "person,date,费用\n甲,2024-02-01,600\n");
    const r = bylaw(["diff", join(dir, "old.bylaw"), join(dir, "new.bylaw"), join(dir, "claims.csv"), "--no-progress", "--lang", "en"]);
    expect(r.stdout).toContain("People: 0 gain, 0 lose, 1 unchanged");
    expect(r.stdout).toContain("Note: 住院支付 did not change, but 慢特病支付 did; --gain judges by another output.");
  });
});

describe("bylaw diff", () => {
  const dir = pairDir();
  const diff = (...args: string[]) => bylaw(["diff", join(dir, "old.bylaw"), join(dir, "new.bylaw"), ...args, "--no-progress"]);

  it("says who gains and who loses, in Chinese", () => {
    const r = diff(join(dir, "claims.csv"), "--lang", "zh");
    expect(r.code).toBe(3); // 钱七's row is refused by both
    expect(r.stdout).toContain("受益与受损按「救助金」判断：金额增加为受益，减少为受损。");
    expect(r.stdout).toContain("比较 5 行（两版均结算成功）；仅旧版成功 0 行，仅新版成功 0 行，两版均出错 1 行。");
    expect(r.stdout).toContain("人数：受益 2 人，受损 1 人，不变 1 人（共 4 人，合计受益 -1780.00 元）");
    expect(r.stdout).toMatch(/救助金 +9720\.00 +7940\.00 +-1780\.00/);
    expect(r.stdout).toMatch(/类别 = 特困 +2 +0 +1 +1 +-2200\.00/);
    expect(r.stdout).toContain("  王五  -2200.00 元（救助金：旧 7200.00，新 5000.00）\n      第 5 行 2024-04-01（类别 = 特困，自付 = 10000）：旧 7200.00，新 5000.00");
  });

  it("and in English, exit 0 when every row settles under both", () => {
    const r = diff(join(dir, "good.csv"), "--lang", "en", "--top", "1");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("People: 2 gain, 1 lose, 1 unchanged (of 4; net gain -1780.00)");
    expect(r.stdout).toContain("Largest gains:\n  张三  +400.00 (救助金: old 2400.00, new 2800.00)");
    expect(r.stdout).not.toContain("赵六"); // --top 1
  });

  it("judged by the patient's share: Totals show new − old, people and categories their gain", () => {
    writeFileSync(join(dir, "share-old.bylaw"), policySource({ pipeline: true }));
    writeFileSync(join(dir, "share-new.bylaw"), policySource({ pipeline: true, ratio: "70%" }));
    const r = bylaw(["diff", join(dir, "share-old.bylaw"), join(dir, "share-new.bylaw"), join(dir, "good.csv"), "--lang", "en", "--no-progress"]);
    // 低保 60 % → 70 %: 张三 pays (3000 − 1000) × 10 % + 2000 × 10 % = 400 less, 赵六 200 × 10 % = 20 less
    expect(r.stdout).toMatch(/个人负担 +\d+\.\d\d +\d+\.\d\d +-420\.00/);
    expect(r.stdout).toContain("People: 2 gain, 0 lose, 2 unchanged (of 4; net gain +420.00)");
    expect(r.stdout).toMatch(/类别 = 低保 +2 +2 +0 +0 +\+420\.00/);
    expect(r.stdout).toContain("Gain per person (yuan; a loss is below 0):");
  });

  it("versions back to back: no claim is in force under both, and the report says why", () => {
    writeFileSync(join(dir, "v2024.bylaw"), policySource().replace("effective 2024-01-01", "effective 2024-01-01\n  ends 2024-12-31"));
    writeFileSync(join(dir, "v2025.bylaw"), policySource({ effective: "2025-01-01", ratio: "70%" }));
    const r = bylaw(["diff", join(dir, "v2024.bylaw"), join(dir, "v2025.bylaw"), join(dir, "good.csv"), "--lang", "en", "--no-progress"]);
    expect(r.stdout).toContain("0 rows compared (settled by both)");
    expect(r.stdout).toContain("The versions are in force on no day together (old 2024-01-01–2024-12-31, new 2025-01-01–…)");
  });

  it("lists a person's claims whose figure changed, and how many did not", () => {
    writeFileSync(join(dir, "deductible.bylaw"), policySource({ deductible: "1500元" }));
    const r = bylaw(["diff", join(dir, "old.bylaw"), join(dir, "deductible.bylaw"), join(dir, "good.csv"), "--lang", "en", "--no-progress"]);
    // 张三: 3000 → 1200 before, (3000 − 1500) × 60 % = 900 now; his second claim pays 1200 in both
    expect(r.stdout).toContain("  张三  -300.00 (救助金: old 2400.00, new 2100.00)\n      line 2, 2024-03-01 (类别 = 低保, 自付 = 3000): old 1200.00, new 900.00\n      and 1 unchanged claim\n");
  });

  it("--format json: the counts under gainers, losers and unchanged", () => {
    const r = diff(join(dir, "claims.csv"), "--format", "json");
    const j = JSON.parse(r.stdout);
    expect([j.gainers, j.losers, j.unchanged, j.people]).toEqual([2, 1, 1, 4]);
    expect(j.totals).toEqual([{ output: "救助金", old: "9720.00", new: "7940.00", change: "-1780.00" }]);
    // each claim read back from the file as it is there
    expect(j.largest.losses[0].claims).toEqual([{ line: 5, date: "2024-04-01", old: "7200.00", new: "5000.00", input: { person: "王五", date: "2024-04-01", 类别: "特困", 自付: "10000" } }]);
    expect(j.old.id).toBe("t.assist");
  });

  it("reads JSON Lines, and gives each claim as its line's object", () => {
    const lines = CLAIMS_CSV.trim().split("\n").slice(1).map((l) => l.split(","))
      .map(([person, date, 类别, 自付]) => JSON.stringify({ person, date, ...(类别 ? { 类别 } : {}), 自付 }));
    writeFileSync(join(dir, "claims.jsonl"), lines.join("\n") + "\n");
    const j = JSON.parse(diff(join(dir, "claims.jsonl"), "--format", "json").stdout);
    expect([j.gainers, j.losers, j.unchanged]).toEqual([2, 1, 1]);
    expect(j.largest.gains[1].claims[0]).toEqual({ line: 5, date: "2024-04-02", old: "120.00", new: "140.00", input: { person: "赵六", date: "2024-04-02", 自付: "1200" } });
  });

  it("takes compiled artifacts as versions", () => {
    expect(bylaw(["compile", join(dir, "new.bylaw"), "-o", join(dir, "new.json")]).code).toBe(0);
    const r = bylaw(["diff", join(dir, "old.bylaw"), join(dir, "new.json"), join(dir, "good.csv"), "--format", "json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).gainers).toBe(2);
  });

  it("refuses versions that cannot read the same claims, with the code", () => {
    writeFileSync(join(dir, "days.bylaw"), policySource({ inputs: `  住院天数: Int "住院天数"` }));
    const r = bylaw(["diff", join(dir, "old.bylaw"), join(dir, "days.bylaw"), join(dir, "claims.csv"), "--lang", "en"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("BR1052: input `住院天数` is required by the new version and is not an input of the old");
    expect(r.stdout).toBe("");
    const g = diff(join(dir, "claims.csv"), "--gain", "类别", "--lang", "zh");
    expect(g.code).toBe(1);
    expect(g.stderr).toContain("BR1053: `类别` 不是两版共有的金额输出");
  });

  it("refuses a claims file batch would refuse", () => {
    writeFileSync(join(dir, "claims.txt"), CLAIMS_CSV);
    expect(diff(join(dir, "claims.txt"), "--lang", "en").stderr).toContain("claims must be a .csv or .jsonl file");
    writeFileSync(join(dir, "noperson.csv"), "date,自付\n2024-01-01,100\n");
    const r = diff(join(dir, "noperson.csv"), "--lang", "en");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("BR2100");
    expect(diff(join(dir, "missing.csv"), "--lang", "en").code).toBe(1);
  });
});

describe("bylaw diff without claims: where the formulas differ", () => {
  const dir = pairDir();
  writeFileSync(join(dir, "deductible.bylaw"), policySource({ deductible: "1500元" }));
  const diff = (newFile: string, ...args: string[]) => bylaw(["diff", join(dir, "old.bylaw"), join(dir, newFile), ...args]);

  it("each range of the amount, the old and new formula and the change, in Chinese", () => {
    const r = diff("deductible.bylaw", "--lang", "zh");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("救助金 — 类别 = 低保\n  自付 ∈ (1000, 1500)：旧 0.6 × 自付 − 600，新 0，变化 −0.6 × 自付 + 600\n  自付 ∈ (1500, ∞)：旧 0.6 × 自付 − 600，新 0.6 × 自付 − 900，变化 −300\n");
    expect(r.stdout).toContain("救助金 — 类别 = 特困\n  自付 ∈ (1000, 1500)：旧 0.8 × 自付 − 800，新 0，变化 −0.8 × 自付 + 800\n");
  });

  it("a cap's end that is not a whole fen is shown to the fen, marked ≈; JSON keeps it exact", () => {
    const r = diff("new.bylaw", "--lang", "en");
    expect(r.stdout).toContain("  自付 in (≈8142.86, ∞): old 0.6 × 自付 − 600, new 5000, change −0.6 × 自付 + 5600\n");
    const j = JSON.parse(diff("new.bylaw", "--format", "json").stdout);
    expect(j.over).toBe("自付");
    expect(j.changed[0].regions[1].from).toMatch(/^8142\.857142857142857/);
    expect(j.old.id).toBe("t.assist");
  });

  it("a dated figure that changes later is compared on that date, not reported as no change", () => {
    writeFileSync(join(dir, "dated.bylaw"), policySource({ dated: [["2024-01-01", "1000元"], ["2025-07-01", "1200元"]] }));
    const r = diff("dated.bylaw", "--lang", "en");
    expect(r.code).toBe(0);
    // the same 1000 until 2025-07-01; then 1200 against the old 1000: 0.6 × 200 = 120 less above 1200
    expect(r.stdout).toContain("On each version's effective date:\nNo change (2 combinations of inputs the same piece by piece).\n");
    expect(r.stdout).toContain("\nFrom 2025-07-01 (a dated param takes a new value), both versions compared on that date:\n\n救助金 — 类别 = 低保\n  自付 in (1000, 1200): old 0.6 × 自付 − 600, new 0, change −0.6 × 自付 + 600\n  自付 in (1200, ∞): old 0.6 × 自付 − 600, new 0.6 × 自付 − 720, change −120\n");
    const zh = diff("dated.bylaw", "--lang", "zh");
    expect(zh.stdout).toContain("自 2025-07-01 起（有日期的参数取新值），两版均按该日比较：");
    expect(JSON.parse(diff("dated.bylaw", "--format", "json").stdout).later[0].from).toBe("2025-07-01");
  });

  it("refuses versions that cannot read the same claims", () => {
    writeFileSync(join(dir, "days.bylaw"), policySource({ inputs: `  住院天数: Int "住院天数"` }));
    const r = diff("days.bylaw", "--lang", "en");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("BR1052");
    const o = diff("new.bylaw", "--over", "类别", "--lang", "en");
    expect(o.code).toBe(1);
    expect(o.stderr).toContain("--over 类别: not a Money input of both versions");
  });
});

describe("bylaw diff on the worker pool", () => {
  it("the same report on one thread and on two, from opening ledgers too; its totals are two batch runs'", { timeout: 180_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), "bylaw-diff-pool-"));
    // the new XPCC: 第三类's deductible 2000 → 3000 (§二(四)), everything else as it is
    cpSync(join(ROOT, "policies/000-xpcc"), join(dir, "new"), { recursive: true });
    const file = join(dir, "new/assistance.bylaw");
    const text = readFileSync(file, "utf8");
    expect(text).toContain("  第三类: 2000元");
    writeFileSync(file, text.replace("  第三类: 2000元", "  第三类: 3000元"));
    const old = join(ROOT, "policies/000-xpcc/assistance.bylaw");
    const rows = [...generateClaims({ rows: 80_000, people: 8000, seed: 11, year: 2023 })];
    const h1 = rows.filter((r) => r.date < "2023-07-01"), h2 = rows.filter((r) => r.date >= "2023-07-01");
    // bad rows for a few people, refused by both versions (BR2012, and BR2005 for -0.05) whichever worker has them
    const at = [5005, 4004, 3003, 2002, 1001, 3]; // from the end, so each index still points at its row
    at.forEach((k, i) => h2.splice(k + 1, 0, i % 2 === 0 ? { ...h2[k]!, 身份: ["外星人"] } : { ...h2[k]!, 自付Fen: -5 }));
    const csv = (rs: typeof rows) => csvHeader() + rs.map((r) => formatRow(r, "csv")).join("");
    writeFileSync(join(dir, "h1.csv"), csv(h1));
    writeFileSync(join(dir, "h2.csv"), csv(h2));
    expect(Buffer.byteLength(csv(h2))).toBeGreaterThan(POOL_MIN_BYTES);
    // June's closing ledgers under the old version: what people hold when the new one comes
    expect(bylaw(["batch", old, join(dir, "h1.csv"), "-o", join(dir, "h1-out.csv"), "--ledgers-out", join(dir, "june.jsonl"), "--no-progress"]).code).toBe(0);

    const reports = ["1", "2"].map((workers) => {
      const r = bylaw(["diff", old, file, join(dir, "h2.csv"), "--ledgers-in", join(dir, "june.jsonl"), "--workers", workers, "--format", "json", "--no-progress"]);
      expect(r.code, r.stderr).toBe(3);
      return JSON.parse(r.stdout);
    });
    expect(reports[1]).toEqual(reports[0]);
    const j = reports[0];
    expect(j.rows).toEqual({ compared: h2.length - 6, onlyOld: 0, onlyNew: 0, neither: 6 });
    expect(j.errors).toEqual({ old: { BR2005: 3, BR2012: 3 }, new: { BR2005: 3, BR2012: 3 } });
    expect(j.gainers).toBe(0); // a higher deductible helps no one
    expect(j.losers).toBeGreaterThan(0);
    expect(j.gainers + j.losers + j.unchanged).toBe(j.people);
    // the claims behind the largest changes, read back from the file at the lines the workers named
    for (const p of [...j.largest.gains, ...j.largest.losses]) for (const c of p.claims) expect(c.input).toMatchObject({ person: p.person, date: c.date });
    const third = j.categories.filter((c: { field: string }) => c.field === "就诊类型");
    expect(third.length).toBeGreaterThan(0);

    for (const [policy, side] of [[old, "old"], [file, "new"]] as const) {
      const summary = join(dir, `${side}-summary.json`);
      const b = bylaw(["batch", policy, join(dir, "h2.csv"), "-o", join(dir, `${side}-out.csv`), "--ledgers-in", join(dir, "june.jsonl"), "--summary", summary, "--no-progress"]);
      expect(b.code).toBe(3);
      const totals = JSON.parse(readFileSync(summary, "utf8")).totals;
      for (const t of j.totals) expect(t[side]).toBe(totals[t.output]);
    }
  });
});
