// The 分析 tab in chromium (issue 15): a hand-made policy whose breakpoints are known —
// deductible 1000, band edge at 1000 + 10000, caps by category (甲 20000 → 28500, 乙 10000 →
// 16000) — and one cliff (a 1000元 subsidy from 5000.01), whose entry opens its declaration.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeBrowser, compiles, openBrowser, openPage, runBrowserTests, screenshot, waitForCompiles, type BrowserSession } from "./browser.ts";

const POLICY = `policy t.analysis "分析测试" {
  region "测试地区"
  effective 2024-01-01
  source "test.txt"
}
input "就诊" §一 {
  类别: 类别 "类别"
  自付: Money "个人自付"
}
enum 类别 "人员类别" §一 {
  甲 "特困人员"
  乙 "低保对象"
}
bands 比例档 "分段比例" §二 marginal {
  [0元, 1万元]: 60%
  (1万元, ∞): 80%
}
table 上限: 类别 -> Money "年度限额" §三 {
  甲: 2万元
  乙: 1万元
}
output 救助金: Money "救助金" §三 = 比例档 on (自付 above 1000元) at most 上限[类别]
output 补贴: Money "一次性补贴" §四 = if 自付 > 5000元 then 1000元 else 0元
`;

interface EditorHook {
  setValue(text: string): void;
  getSelection(): { startLineNumber: number; endLineNumber: number } | null;
  getModel(): { getValueInRange(range: object): string };
}
const editorOf = () => (window as unknown as { bylawPlayground: { editor: EditorHook } }).bylawPlayground.editor;

async function setText(page: Page, text: string): Promise<void> {
  const before = await compiles(page);
  await page.evaluate(`(${editorOf})().setValue(${JSON.stringify(text)})`);
  await waitForCompiles(page, before + 1);
}

/** The breakpoints table as [kind, name, fen] rows. */
const breakpoints = (page: Page) => page.$$eval("[data-testid=analysis-breakpoints] tbody tr", (rows) =>
  rows.map((r) => [(r as HTMLElement).dataset.kind, (r as HTMLElement).dataset.name, (r as HTMLElement).dataset.fen]));

async function openAnalysis(session: BrowserSession, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await openPage(session, "", viewport);
  await setText(page, POLICY);
  await page.click("button[data-tab=analysis]");
  await page.waitForSelector("[data-testid=analysis-breakpoints]");
  return page;
}

describe.runIf(runBrowserTests)("分析 tab in chromium", () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await openBrowser();
  }, 180_000);
  afterAll(() => closeBrowser(session));

  it("曲线与断点：起付线 1000、分段点 11000、封顶线按类别 28500 / 16000", async () => {
    const page = await openAnalysis(session);
    expect(await page.getAttribute("#panel-analysis", "role")).toBe("tabpanel");
    expect(await page.getAttribute("button[data-tab=analysis]", "aria-selected")).toBe("true");
    expect(await page.$$eval("select[name=analysis-output] option", (os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(["救助金", "补贴"]);
    expect(await page.$$eval("select[name=analysis-combination] option", (os) => os.map((o) => o.textContent))).toEqual(["类别=甲", "类别=乙"]);
    expect(await breakpoints(page)).toEqual([
      ["deductible", "救助金", "1000.00"], ["band edge", "比例档", "11000.00"], ["cap", "上限", "28500.00"],
    ]);
    expect(await page.textContent("[data-testid=analysis-breakpoints] tbody")).toContain("起付线");
    // the curve is analysis' SVG with each breakpoint labelled by its origin
    const svg = await page.textContent("figure.analysis-chart svg");
    expect(svg).toContain("封顶 上限 28500.00");
    expect(svg).toContain("起付线 救助金 1000.00");
    expect(await page.getAttribute("figure.analysis-chart", "aria-label")).toContain("救助金");
    await screenshot(page, "analysis-01-breakpoints");

    await page.selectOption("select[name=analysis-combination]", { label: "类别=乙" });
    expect(await breakpoints(page)).toEqual([
      ["deductible", "救助金", "1000.00"], ["band edge", "比例档", "11000.00"], ["cap", "上限", "16000.00"],
    ]);
    await page.selectOption("select[name=analysis-output]", "补贴");
    expect(await breakpoints(page)).toEqual([["threshold", "补贴", "5000.00"]]);

    // English labels through the playground's i18n
    await page.click("button.lang");
    expect(await page.textContent("button[data-tab=analysis]")).toBe("Analysis");
    expect(await page.textContent("[data-testid=analysis-breakpoints] tbody")).toContain("threshold");
    expect(await page.textContent("[data-testid=analysis-findings]")).toContain("cliff: 补贴 jumps by 1000.00 yuan at 5000.01");
    await page.click("button.lang");
    await page.context().close();
  });

  it("问题列表：悬崖 5000.01 处跳变 1000.00 元；用键盘打开，光标移到其定义", async () => {
    const page = await openAnalysis(session);
    const items = page.locator("[data-testid=analysis-findings] li");
    expect(await items.count()).toBe(1);
    expect(await items.first().getAttribute("data-kind")).toBe("cliff");
    const text = await items.first().textContent();
    expect(text).toContain("悬崖效应");
    expect(text).toContain("§四");
    expect(text).toContain("金额 5000.01 元");
    expect(text).toContain("跳变 1000.00 元");
    expect(text).toContain('"自付": "5000.01"');
    // Tab from the last control (the compare box) reaches the finding; Enter opens its declaration
    await page.focus("input[name=analysis-compare]");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.classList.contains("finding-title"))).toBe(true);
    await page.keyboard.press("Enter");
    const selected = await page.evaluate(`(() => { const e = (${editorOf})(); const s = e.getSelection(); return [s.startLineNumber, e.getModel().getValueInRange(s)]; })()`);
    expect(selected).toEqual([POLICY.split("\n").findIndex((l) => l.startsWith("output 补贴")) + 1, "补贴"]);
    await page.context().close();
  });

  it("两个版本对比：甲的限额 2万 → 3万，封顶点 28500 → 41000，两条曲线叠加", async () => {
    const page = await openAnalysis(session);
    await setText(page, POLICY.replace("甲: 2万元", "甲: 3万元"));
    await page.waitForSelector("[data-testid=analysis-breakpoints] tr[data-fen='41000.00']");
    await page.check("input[name=analysis-compare]");
    await page.waitForFunction(() => !document.querySelector("[data-testid=analysis-compare]")?.textContent?.includes("分析中"));
    expect(await page.textContent("[data-testid=analysis-compare]")).toBe("新增断点： 封顶线 上限 41000.00；取消断点： 封顶线 上限 28500.00");
    // payment and share of each version
    expect(await page.$$eval("figure.analysis-chart svg path", (ps) => ps.map((p) => p.getAttribute("data-version")))).toEqual(["before", "before", "now", "now"]);
    await screenshot(page, "analysis-03-compare");
    // 乙 is unchanged
    await page.selectOption("select[name=analysis-combination]", { label: "类别=乙" });
    expect(await page.textContent("[data-testid=analysis-compare]")).toBe("两个版本的断点相同");
    const [before, now] = await page.$$eval("figure.analysis-chart svg path", (ps) => [ps[0]!.getAttribute("d"), ps[2]!.getAttribute("d")]);
    expect(now).toBe(before);
    await page.context().close();
  });

  it("手机 390×844：不横向溢出；文本有错误时不显示旧的分析；无问题的政策说没有发现", async () => {
    const page = await openAnalysis(session, { width: 390, height: 844 });
    await page.locator("[data-testid=analysis-findings]").scrollIntoViewIfNeeded();
    await screenshot(page, "analysis-02-phone");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await setText(page, POLICY.replace("if 自付 > 5000元 then 1000元 else 0元", "未定义金额"));
    expect(await page.textContent("[data-testid=analysis-status]")).toContain("政策有错误");
    expect(await page.$("[data-testid=analysis-breakpoints]")).toBeNull();

    await setText(page, POLICY.replace(/output 补贴.*\n/, ""));
    await page.waitForSelector("[data-testid=analysis-no-findings]");
    expect(await breakpoints(page)).toEqual([
      ["deductible", "救助金", "1000.00"], ["band edge", "比例档", "11000.00"], ["cap", "上限", "28500.00"],
    ]);
    await page.context().close();
  });
});
