// The language service's features in the playground, in chromium: a did-you-mean quick fix,
// completion inside a table keyed by an enum, and F12 into the parent policy's file.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PARENT } from "../../language/tests/fixtures.ts";
import { closeBrowser, compiles, openBrowser, openPage, runBrowserTests, screenshot, waitForCompiles, type BrowserSession } from "./browser.ts";

interface Hook {
  editor: {
    getValue(): string;
    setValue(text: string): void;
    setPosition(p: { lineNumber: number; column: number }): void;
    getPosition(): { lineNumber: number; column: number };
    getModel(): { getLineContent(n: number): string };
    focus(): void;
  };
  markers(): { code?: string; severity: number }[];
  path(): string;
}
const hook = "bylawPlayground";

/** Replaces the whole text and waits for its compile. */
async function setText(page: Page, text: string): Promise<void> {
  const before = await compiles(page);
  await page.evaluate(([h, t]) => (window as unknown as Record<string, Hook>)[h]!.editor.setValue(t), [hook, text] as const);
  await waitForCompiles(page, before + 1);
}

/** Puts the cursor `delta` characters into the first `needle` of the text (1-based Monaco position). */
async function cursorAt(page: Page, needle: string, delta = 0): Promise<void> {
  await page.evaluate(([h, n, d]) => {
    const ed = (window as unknown as Record<string, Hook>)[h]!.editor;
    const text = ed.getValue();
    const i = text.indexOf(n) + d;
    const before = text.slice(0, i);
    ed.setPosition({ lineNumber: before.split("\n").length, column: i - before.lastIndexOf("\n") });
    ed.focus();
  }, [hook, needle, delta] as const);
}

const errors = (page: Page) => page.evaluate((h) => (window as unknown as Record<string, Hook>)[h]!.markers().filter((m) => m.severity === 8).map((m) => m.code), hook);

describe.runIf(runBrowserTests)("语言服务 language features in the playground", () => {
  let session: BrowserSession | undefined;
  beforeAll(async () => {
    session = await openBrowser();
  }, 180_000);
  afterAll(() => closeBrowser(session));

  it("快速修复：拼错的名称一键改为建议的名称", async () => {
    const page = await openPage(session!);
    await setText(page, PARENT.replace("* 比例[类别]", "* 比列[类别]"));
    expect(await errors(page)).toEqual(["BL2006"]);
    await cursorAt(page, "比列", 1);
    await page.keyboard.press("Control+.");
    const fix = page.locator(".action-widget .monaco-list-row", { hasText: "改为 `比例`" });
    await fix.waitFor({ timeout: 10_000 });
    await screenshot(page, "20-quick-fix");
    const before = await compiles(page);
    await fix.click();
    await waitForCompiles(page, before + 1);
    expect(await page.evaluate((h) => (window as unknown as Record<string, Hook>)[h]!.editor.getValue(), hook)).toBe(PARENT);
    expect(await errors(page)).toEqual([]);
    await page.context().close();
  });

  it("补全：按枚举取值的表中只列出该枚举尚未填写的成员", async () => {
    const page = await openPage(session!);
    const text = PARENT.replace("  第二类: 80%\n", "  \n");
    await setText(page, text);
    await cursorAt(page, "  第一类: 90%\n  ", "  第一类: 90%\n  ".length);
    await page.keyboard.press("Control+Space");
    const rows = page.locator(".suggest-widget .monaco-list-row");
    await rows.first().waitFor({ timeout: 10_000 });
    const labels = await rows.allTextContents();
    await screenshot(page, "21-table-completion");
    expect(labels).toHaveLength(1);
    expect(labels[0]).toMatch(/^第二类/);
    await page.keyboard.press("Enter");
    const rowLine = text.slice(0, text.indexOf("  第一类: 90%")).split("\n").length + 1;
    expect(await page.evaluate((h) => (window as unknown as Record<string, Hook>)[h.h]!.editor.getModel().getLineContent(h.line), { h: hook, line: rowLine })).toBe("  第二类");
    await page.context().close();
  });

  it("F12：跳转到上级政策文件中的定义", async () => {
    const page = await openPage(session!);
    const before = await compiles(page);
    await page.selectOption("[data-testid=examples]", "policies/000-xpcc/critical-illness-tilted.bylaw");
    await waitForCompiles(page, before + 1);
    await cursorAt(page, "expect 大病保险", "expect 大".length);
    await page.keyboard.press("F12");
    await page.waitForFunction((h) => (window as unknown as Record<string, Hook>)[h]!.path() === "policies/000-xpcc/critical-illness.bylaw", hook, { timeout: 10_000 });
    const line = await page.evaluate((h) => {
      const ed = (window as unknown as Record<string, Hook>)[h]!.editor;
      return ed.getModel().getLineContent(ed.getPosition().lineNumber);
    }, hook);
    expect(line).toMatch(/^output 大病保险/);
    await screenshot(page, "22-definition-in-parent");
    await page.context().close();
  });
});
