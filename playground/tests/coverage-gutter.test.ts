// The tests' coverage in a real browser: a typed policy whose one test takes the then branch
// of an `if` has the then line marked covered and the else line uncovered (its hover saying
// no test reaches it), the 测试 tab counts 分支 1/2; a second test taking the else branch turns
// the mark covered. Marks go when the text has errors, follow the open file (XPCC: the same
// marks as counted here, none for its parent's rows), and speak English after the switch.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/index.ts";
import { Coverage, loadRuleSet, runTests } from "../../runtime/index.ts";
import { coverageMarks } from "../src/coverage-marks.ts";
import { compiles, openPage, runBrowserTests, screenshot, useBrowser, waitForCompiles } from "./browser.ts";
import { REPO } from "./policies.ts";

interface Mark { line: number; covered: boolean; hover: string }
interface Hook {
  bylawPlayground: {
    editor: { setValue(text: string): void };
    stats: { testRuns: number };
    coverageMarks(): Mark[];
    path(): string;
  };
}
const hook = (page: Page) => page.evaluate(() => (window as unknown as Hook).bylawPlayground.coverageMarks());
const testRuns = (page: Page) => page.evaluate(() => (window as unknown as Hook).bylawPlayground.stats.testRuns);
const lines = (marks: Mark[]) => marks.map((m) => [m.line, m.covered]);

const POLICY = `policy local.draft "新政策" {
  region "地区"
  effective 2024-01-01
  source "文件名.txt"
}
input {
  自付: Money "自付"
}
output 救助: Money "救助" = if 自付 > 1000元
  then 自付 - 1000元
  else 0元
test "大额" {
  given 自付 = 3000元
  expect 救助 = 2000元
}
`;
const ELSE_TEST = `test "小额" {
  given 自付 = 500元
  expect 救助 = 0元
}
`;
const XPCC = "policies/000-xpcc/assistance.bylaw";
const UNTITLED = "policies/untitled.bylaw";

/** Does `act` (a new text, another file) and waits for the tests run on its compile. */
async function change(page: Page, act: () => Promise<unknown>): Promise<void> {
  const [c, r] = [await compiles(page), await testRuns(page)];
  await act();
  await waitForCompiles(page, c + 1);
  await page.waitForFunction((n) => (window as unknown as Hook).bylawPlayground.stats.testRuns > n, r, { timeout: 30_000 });
}
const setText = (page: Page, text: string) => change(page, () => page.evaluate((t) => (window as unknown as Hook).bylawPlayground.editor.setValue(t), text));

/** A fresh page on the blank template (the first example opens first), then `text` typed over it. */
async function typedPolicy(page: Page, text: string): Promise<void> {
  const before = await compiles(page);
  await page.selectOption("[data-testid=examples]", UNTITLED);
  await waitForCompiles(page, before + 1);
  expect(await hook(page)).toEqual([]); // the template has nothing to cover
  await setText(page, text);
}

describe.runIf(runBrowserTests)("测试覆盖：编辑器边栏标记", () => {
  const session = useBrowser();

  it("只测到 then 分支：then 行标为已覆盖，else 行标为未覆盖并说明；补上测试后 else 行变为已覆盖", async () => {
    const page = await openPage(session());
    await page.click("button[data-tab=tests]");
    await typedPolicy(page, POLICY);
    expect(lines(await hook(page))).toEqual([[10, true], [11, false]]);
    expect((await hook(page))[1]!.hover).toContain("没有测试走到这里");
    expect(await page.textContent("[data-testid=coverage-summary]")).toBe("覆盖：分支 1/2");
    // drawn in the gutter, one of each, and the hover names the item
    expect(await page.locator(".monaco-editor .coverage-covered").count()).toBe(1);
    await page.hover(".monaco-editor .coverage-uncovered");
    const hover = page.locator(".monaco-hover:visible", { hasText: "没有测试走到这里" });
    await hover.waitFor({ timeout: 10_000 });
    expect(await hover.textContent()).toContain("未测试：if … else——没有测试走到这里");
    await screenshot(page, "40-coverage-gutter");

    await setText(page, POLICY + ELSE_TEST);
    expect(lines(await hook(page))).toEqual([[10, true], [11, true]]);
    expect(await page.locator(".monaco-editor .coverage-uncovered").count()).toBe(0);
    expect(await page.textContent("[data-testid=coverage-summary]")).toBe("覆盖：分支 2/2");
    await screenshot(page, "41-coverage-gutter-all-covered");

    await page.click("button.lang");
    await page.waitForFunction(() => document.querySelector("[data-testid=coverage-summary]")?.textContent === "Coverage: branches 2/2");
    expect((await hook(page))[1]!.hover).toContain("tested: if … else");
    await page.click("button.lang");

    // an error clears them (no compile, no tests: wait for the compile alone)
    const before = await compiles(page);
    await page.evaluate((t) => (window as unknown as Hook).bylawPlayground.editor.setValue(t), POLICY + "output 坏: Money = 未定义\n");
    await waitForCompiles(page, before + 1);
    expect(await hook(page)).toEqual([]);
    await page.context().close();
  });

  it("换文件：标记随打开的文件（兵团救助：与此处统计的相同，上级文件的表行不画）", async () => {
    const page = await openPage(session());
    await typedPolicy(page, POLICY);
    expect(await hook(page)).toHaveLength(2);
    await change(page, () => page.selectOption("[data-testid=examples]", XPCC));
    const readFile = (p: string) => {
      try {
        return readFileSync(join(REPO, p), "utf8");
      } catch {
        return undefined;
      }
    };
    const text = readFile(XPCC)!;
    const rs = loadRuleSet(compile(XPCC, text, { readFile }).artifact!);
    const cov = new Coverage(rs.artifact);
    runTests(rs, "zh", (t) => cov.hit(t));
    const expected = coverageMarks(cov.items, text).map((m) => [m.line, m.covered]);
    expect(cov.items.some((i) => i.span !== undefined && i.span[0] !== 0)).toBe(true); // the parent's items exist…
    expect(lines(await hook(page))).toEqual(expected); // …and are not drawn
    expect(expected.length).toBeGreaterThan(5);
    await page.context().close();
  });
});
