// `bylaw test --coverage --lcov FILE` as a user runs it: per kind, what the tests reach, each
// untested item at its line with its section, and lcov records for editors and CI.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bylaw, tmp } from "./run-bylaw.ts";
import { coveragePolicy } from "../tests/support/coverage-policy.ts";

const POLICY = coveragePolicy(`
test "乙类 3000元" {
  given 类别 = 乙, 自付 = 3000元
  expect 救助 = 2000元, 补偿 = 1500元
}
`);

describe("bylaw test --coverage", () => {
  it("reports rows and caps reached, lists the untested ones at their lines, and writes lcov", () => {
    const dir = tmp();
    writeFileSync(join(dir, "t.bylaw"), POLICY);
    const r = bylaw(["test", "t.bylaw", "--coverage", "--lcov", "cov.info", "--lang", "en"], { cwd: dir });
    expect(r.code).toBe(0);
    // 乙 3000: the else branch, 起付[乙] (3000 − 1000 = 2000), the cap of 5000 not reached, the
    // lower band (3000 × 50 % = 1500), no alert (3000 is not over 2万)
    expect(r.stdout).toBe([
      "coverage t.bylaw: branches 1/2, table rows 1/3, bands 1/2, caps bound / not bound 1/2, alerts raised / not raised 1/2",
      "    t.bylaw:16:3: untested: 起付[甲] §一",
      "    t.bylaw:18:3: untested: 起付[丙] §一",
      "    t.bylaw:22:3: untested: 分段 [10000, ∞) §二",
      "    t.bylaw:24:28: untested: at most: bound §三",
      "    t.bylaw:24:29: untested: if … then §三",
      "    t.bylaw:26:7: untested: 大额: raised §五",
      "1 passed, 0 failed",
      "",
    ].join("\n"));
    expect(readFileSync(join(dir, "cov.info"), "utf8")).toBe([
      "TN:", "SF:t.bylaw",
      "BRDA:24,0,0,0", "BRDA:24,0,1,1", "BRDA:24,1,0,0", "BRDA:24,1,1,1", "BRF:4", "BRH:2",
      "DA:16,0", "DA:17,1", "DA:18,0", "DA:21,1", "DA:22,0", "DA:26,1", "LF:6", "LH:3",
      "end_of_record", "",
    ].join("\n"));
  });

  it("speaks Chinese with --lang zh", () => {
    const dir = tmp();
    writeFileSync(join(dir, "t.bylaw"), POLICY);
    const r = bylaw(["test", "t.bylaw", "--coverage", "--lang", "zh"], { cwd: dir });
    expect(r.stdout).toContain("覆盖 t.bylaw: 分支 1/2，表行 1/3，分段 1/2，限额封顶 / 未封顶 1/2，预警触发 / 未触发 1/2");
    expect(r.stdout).toContain("t.bylaw:16:3: 未测试: 起付[甲] §一");
  });
});
