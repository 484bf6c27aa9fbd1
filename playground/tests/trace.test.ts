// Issue #16 item 11: the trace of a claim as a tree that folds, each line leading to its
// declaration (or the row or band that was hit) in the editor, the rows that were hit
// highlighted there, and the claim's trace and the compiled artifact downloadable for audit.
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { compiles, openPage, runBrowserTests, screenshot, useBrowser, waitForCompiles } from "./browser.ts";

const XPCC = "policies/000-xpcc/assistance.bylaw";

interface Editor {
  getModel(): { getLineContent(n: number): string; getValueInRange(r: object): string; uri: { path: string } } | null;
  getSelection(): { startLineNumber: number } | null;
}
type Hook = { bylawPlayground: { editor: Editor; hitLines(): number[]; path(): string } };
const hook = <T>(page: Page, fn: (pg: Hook["bylawPlayground"]) => T) =>
  page.evaluate(`(${fn.toString()})(window.bylawPlayground)`) as Promise<T>;

/** XPCC, a category-3 claimant's first claim of 12 000 元 (domain.md: 救助金 7000.00). */
async function category3Claim(page: Page): Promise<void> {
  const before = await compiles(page);
  await page.selectOption("[data-testid=examples]", XPCC);
  await waitForCompiles(page, before + 1);
  await page.check('[data-field="身份"] input[value="低保边缘家庭成员"]');
  await page.fill('[data-field="自付"]', "1.2万");
  await page.waitForFunction(() => document.querySelector('[data-output="救助金"] td.value')?.textContent?.includes("7,000.00"));
}

const selectedLine = (page: Page) => hook(page, (pg) => {
  const model = pg.editor.getModel()!;
  return model.getLineContent(pg.editor.getSelection()!.startLineNumber);
});

describe.runIf(runBrowserTests)("interactive trace in chromium (#16 item 11)", () => {
  const session = useBrowser();

  it("计算过程是可折叠的树；命中的表格行在编辑器中高亮", async () => {
    const page = await openPage(session());
    await category3Claim(page);
    const trace = page.locator("[data-testid=trace]");
    const payout = trace.locator('li[data-output="救助金"]');
    await expect(payout.locator(".trace-link").first().textContent()).resolves.toContain("7000.00元");
    expect(await trace.locator(".trace-link").count()).toBeGreaterThan(20);

    // The rows of the three tables by category the claim was decided by: 起付标准, 救助比例, 年度救助限额.
    const hits = await hook(page, (pg) => pg.hitLines().map((n) => pg.editor.getModel()!.getLineContent(n)));
    expect(hits.length).toBeGreaterThanOrEqual(3);
    for (const line of hits) expect(line).toMatch(/第三类\s*(->|→|:)/);
    expect(await trace.locator("li[data-hit]").count()).toBeGreaterThanOrEqual(3);
    await trace.scrollIntoViewIfNeeded();
    await screenshot(page, "40-trace-tree");

    // Folding: ▾ hides a line's steps, ▸ shows them again; 全部收起 folds every line.
    const steps = payout.locator(":scope > ul");
    await payout.locator(":scope > .trace-fold").click();
    expect(await steps.isHidden()).toBe(true);
    expect(await payout.locator(":scope > .trace-fold").getAttribute("aria-expanded")).toBe("false");
    await payout.locator(":scope > .trace-fold").click();
    expect(await steps.isVisible()).toBe(true);
    await page.click("[data-testid=trace-collapse]");
    expect(await trace.locator(".trace-tree > li > ul:visible").count()).toBe(0);
    await screenshot(page, "41-trace-collapsed");
    await page.click("[data-testid=trace-expand]");
    expect(await steps.isVisible()).toBe(true);
    await page.context().close();
  });

  it("点击计算过程的一行：编辑器显示其声明、命中的行，或上级文件中的声明", async () => {
    const page = await openPage(session());
    await category3Claim(page);
    const trace = page.locator("[data-testid=trace]");

    // 年度救助起付标准 第三类: 2000元 → the table's row for 第三类 (a hit row).
    await trace.locator('li[data-op="index"] > .trace-link', { hasText: "起付标准 第三类" }).first().click();
    const row = await selectedLine(page);
    expect(row).toMatch(/第三类/);
    expect(row).toContain("2000");
    const hitLines = await hook(page, (pg) => pg.hitLines());
    expect(hitLines).toContain(await hook(page, (pg) => pg.editor.getSelection()!.startLineNumber));
    await screenshot(page, "42-trace-reveal-row");

    // The output's line → the output's declaration.
    await trace.locator('li[data-output="救助金"] > .trace-link').click();
    expect(await selectedLine(page)).toMatch(/^\s*output\s+救助金/);

    // 就高不就低 is decided by a table of categories.bylaw (the parent file): that file opens there.
    await trace.locator('li[data-op="highest"] > .trace-link').first().click();
    await page.waitForFunction(() => (window as unknown as Hook).bylawPlayground.path().endsWith("categories.bylaw"));
    expect(await selectedLine(page)).toMatch(/身份类别/);
    expect(await page.inputValue("[data-testid=examples]")).toBe("policies/000-xpcc/categories.bylaw");
    await screenshot(page, "43-trace-reveal-parent");
    await page.context().close();
  });

  it("下载：这次就医的计算过程（JSON）与编译产物，供审计", async () => {
    const page = await openPage(session());
    await category3Claim(page);
    const [traceDownload] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=download-trace]")]);
    expect(traceDownload.suggestedFilename()).toMatch(/^xpcc\.assistance-\d{4}-\d{2}-\d{2}-trace\.json$/);
    const record = JSON.parse(readFileSync((await traceDownload.path())!, "utf8"));
    expect(record.input["自付"]).toBe("12000");
    expect(record.outputs["救助金"]).toBe("7000.00");
    expect(record.trace.outputs.find((o: { name: string }) => o.name === "救助金").value).toBe("7000.00");
    expect(record.ledgerAfter.values).toBeDefined();

    const [artifactDownload] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=download-artifact]")]);
    expect(artifactDownload.suggestedFilename()).toBe("xpcc.assistance.json");
    const artifact = JSON.parse(readFileSync((await artifactDownload.path())!, "utf8"));
    expect(artifact.policy.id).toBe("xpcc.assistance");
    // The trace names the artifact it was settled by.
    expect(artifact.integrity).toBe(record.trace.policy.integrity);
    await page.context().close();
  });
});
