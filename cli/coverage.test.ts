// `bylaw test --coverage --lcov FILE` as a user runs it: per kind, what the tests reach, each
// untested item at its line with its section, and lcov records for editors and CI.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bylaw, tmp } from "./run-bylaw.ts";

const POLICY = `policy t.cov "覆盖" {
  region "测试地区"
  effective 2022-01-01
  source "t.txt"
}

enum 类别 "类别" {
  甲 "甲类"
  乙 "乙类"
}

input {
  类别: 类别 "类别"
  自付: Money "自付"
}

table 起付: 类别 -> Money "起付线" §一 {
  甲: 0元
  乙: 1000元
}

output 救助: Money "救助" §二 = 自付 above 起付[类别] at most 5000元

test "乙类 3000元" {
  given 类别 = 乙, 自付 = 3000元
  expect 救助 = 2000元
}
`;

describe("bylaw test --coverage", () => {
  it("reports rows and caps reached, lists the untested ones at their lines, and writes lcov", () => {
    const dir = tmp();
    writeFileSync(join(dir, "t.bylaw"), POLICY);
    const r = bylaw(["test", "t.bylaw", "--coverage", "--lcov", "cov.info", "--lang", "en"], { cwd: dir });
    expect(r.code).toBe(0);
    // 3000 − 1000 = 2000: 起付[乙] looked up, the cap of 5000 not reached
    expect(r.stdout).toBe([
      "coverage t.bylaw: table rows 1/2, caps bound / not bound 1/2",
      "    t.bylaw:18:3: untested: 起付[甲] §一",
      "    t.bylaw:22:28: untested: at most: bound §二",
      "1 passed, 0 failed",
      "",
    ].join("\n"));
    expect(readFileSync(join(dir, "cov.info"), "utf8")).toBe([
      "TN:", "SF:t.bylaw",
      "BRDA:22,0,0,0", "BRDA:22,0,1,1", "BRF:2", "BRH:1",
      "DA:18,0", "DA:19,1", "LF:2", "LH:1",
      "end_of_record", "",
    ].join("\n"));
  });

  it("speaks Chinese with --lang zh", () => {
    const dir = tmp();
    writeFileSync(join(dir, "t.bylaw"), POLICY);
    const r = bylaw(["test", "t.bylaw", "--coverage", "--lang", "zh"], { cwd: dir });
    expect(r.stdout).toContain("覆盖 t.bylaw: 表行 1/2，限额封顶 / 未封顶 1/2");
    expect(r.stdout).toContain("t.bylaw:18:3: 未测试: 起付[甲] §一");
  });
});
