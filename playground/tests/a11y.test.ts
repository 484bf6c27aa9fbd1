// Accessibility: axe-core (the field's standard checker) scans the playground in Chromium —
// every tab, on a desktop and on a phone — and no violation may be serious or critical.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeBrowser, openBrowser, openPage, runBrowserTests, type BrowserSession } from "./browser.ts";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** The serious and critical violations on the page as it is now, as `impact rule: selector`. */
async function violations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: AXE });
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(c: Document, o: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(" ")) }));
  });
  return found.filter((v) => v.impact === "serious" || v.impact === "critical").flatMap((v) => v.targets.map((t) => `${v.impact} ${v.id}: ${t}`));
}

describe.runIf(runBrowserTests)("无障碍 accessibility (axe-core)", () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await openBrowser();
  });
  afterAll(() => closeBrowser(session));

  for (const [name, viewport] of [["desktop", { width: 1400, height: 900 }], ["phone", { width: 390, height: 844 }]] as const) {
    it(`no serious or critical violation in any tab, ${name}`, async () => {
      const page = await openPage(session, "", viewport);
      for (const tab of ["run", "tests", "chart", "analysis"]) {
        await page.click(`button[data-tab=${tab}]`);
        // the analysis runs in the worker: scan what it shows once it is done
        if (tab === "analysis") await page.waitForSelector("[data-testid=analysis] h3, [data-testid=analysis-status]:not(:empty):not(:text('分析中'))");
        expect(await violations(page), tab).toEqual([]);
      }
      await page.context().close();
    });
  }

  it("no serious or critical violation with a claim's trace shown (the tree of buttons)", async () => {
    const page = await openPage(session);
    await page.selectOption("[data-testid=examples]", "policies/000-xpcc/assistance.bylaw");
    await page.check('[data-field="身份"] input[value="低保边缘家庭成员"]');
    await page.fill('[data-field="自付"]', "1.2万");
    await page.waitForSelector("[data-testid=trace] .trace-link");
    await page.click("[data-testid=trace] .trace-fold");
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });
});
