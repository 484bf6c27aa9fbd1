// The 原文 tab in a real browser: the source document beside the editor, its figures marked
// linked / acknowledged / unlinked (XPCC: 20 linked; Dongying: 4 acknowledged), a click on a
// figure selecting the literal that holds it and 回到原文 coming back, the cursor on a `§`
// citation scrolling to its paragraph, and a figure changed in the editor showing as unlinked.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  closeBrowser, compiles, openBrowser, openPage, runBrowserTests, screenshot, waitForCompiles, type BrowserSession,
} from "./browser.ts";

interface Hook {
  bylawPlayground: {
    editor: {
      getModel(): { getValueInRange(r: unknown): string; getValue(): string; getPositionAt(offset: number): unknown } | null;
      getSelection(): unknown;
      setPosition(p: unknown): void;
      setValue(text: string): void;
      focus(): void;
    };
    stats: { documents: number };
    path(): string;
  };
}

const documents = (page: Page) => page.evaluate(() => (window as unknown as Hook).bylawPlayground.stats.documents);

async function waitForDocuments(page: Page, n: number): Promise<void> {
  await page.waitForFunction((count) => (window as unknown as Hook).bylawPlayground.stats.documents >= count, n, { timeout: 30_000 });
}

async function openDocumentTab(page: Page, path: string): Promise<void> {
  if ((await page.evaluate(() => (window as unknown as Hook).bylawPlayground.path())) !== path) {
    const before = await compiles(page);
    await page.selectOption("[data-testid=examples]", path);
    await waitForCompiles(page, before + 1);
  }
  const before = await documents(page);
  await page.click("button[data-tab=doc]");
  await waitForDocuments(page, before + 1);
}

const count = (page: Page, cls: string) => page.locator(`[data-testid=doc-text] mark.fig-${cls}`).count();
const selected = (page: Page) => page.evaluate(() => {
  const ed = (window as unknown as Hook).bylawPlayground.editor;
  return ed.getModel()!.getValueInRange(ed.getSelection());
});

describe.runIf(runBrowserTests)("原文 tab in chromium", () => {
  let session: BrowserSession;
  beforeAll(async () => (session = await openBrowser()), 180_000);
  afterAll(() => closeBrowser(session));

  it("XPCC 救助: 20 个数字全部已对应；点击 2000元 选中持有它的规则，回到原文再回到该数字", async () => {
    const page = await openPage(session);
    await openDocumentTab(page, "policies/000-xpcc/assistance.bylaw");
    expect(await page.textContent("[data-testid=doc-summary]")).toContain("000_1b66f3c1618de509.txt");
    expect(await page.textContent("[data-testid=doc-summary]")).toContain("20 个数字");
    expect([await count(page, "linked"), await count(page, "acknowledged"), await count(page, "unlinked")]).toEqual([20, 0, 0]);
    // §二(四)1: "第三类救助对象年度起付标准为2000元" → `第三类: 2000元` in 起付标准
    const mark = page.locator('[data-testid=doc-text] mark[data-section="二(四)1"]', { hasText: "2000元" });
    await mark.click();
    expect(await selected(page)).toBe("2000元");
    expect(await page.evaluate(() => {
      const ed = (window as unknown as Hook).bylawPlayground.editor;
      const text = ed.getModel()!.getValue();
      const sel = ed.getSelection() as { startLineNumber: number };
      return text.split("\n")[sel.startLineNumber - 1];
    })).toContain("第三类: 2000元");
    await page.click("[data-testid=doc-back]");
    expect(await mark.evaluate((el) => el.classList.contains("current") && document.activeElement === el)).toBe(true);
    await screenshot(page, "document-xpcc");
    await page.context().close();
  });

  it("编辑器光标在 §二(四)2 上时，原文滚动到该段", async () => {
    const page = await openPage(session);
    await openDocumentTab(page, "policies/000-xpcc/assistance.bylaw");
    await page.evaluate(() => {
      const ed = (window as unknown as Hook).bylawPlayground.editor;
      const text = ed.getModel()!.getValue();
      ed.setPosition(ed.getModel()!.getPositionAt(text.indexOf("§二(四)2") + 2));
      ed.focus();
    });
    await page.waitForSelector('[data-testid=doc-text] p.current[data-section="二(四)2"]');
    await page.context().close();
  });

  it("东营筹资：4 个已说明的数字带理由；把 550元 改成 560元 后，原文中的 550元 变为未对应", async () => {
    const page = await openPage(session);
    await openDocumentTab(page, "policies/001-dongying/funding.bylaw");
    expect([await count(page, "linked"), await count(page, "acknowledged"), await count(page, "unlinked")]).toEqual([30, 4, 0]);
    expect(await page.getAttribute("[data-testid=doc-text] mark.fig-acknowledged >> nth=0", "title")).toContain("较上年的增幅");
    const before = await documents(page);
    const compiled = await compiles(page);
    await page.evaluate(() => {
      const ed = (window as unknown as Hook).bylawPlayground.editor;
      ed.setValue(ed.getModel()!.getValue().replace("param 财政补助: Money = 550元", "param 财政补助: Money = 560元"));
    });
    await waitForCompiles(page, compiled + 1);
    await waitForDocuments(page, before + 1);
    expect(await count(page, "unlinked")).toBe(1);
    expect(await page.textContent("[data-testid=doc-text] mark.fig-unlinked")).toBe("550元");
    await screenshot(page, "document-unlinked");
    await page.context().close();
  });

  it("试算结果中的 §二(四) 可点击：切换到原文并滚动到该段；Ctrl+点击代码中的 § 同样", async () => {
    const page = await openPage(session);
    const before = await compiles(page);
    if ((await page.evaluate(() => (window as unknown as Hook).bylawPlayground.path())) !== "policies/000-xpcc/assistance.bylaw") {
      await page.selectOption("[data-testid=examples]", "policies/000-xpcc/assistance.bylaw");
      await waitForCompiles(page, before + 1);
    }
    await page.check('[data-field="身份"] input[value="低保边缘家庭成员"]');
    await page.fill('[data-field="自付"]', "1.2万");
    const cell = page.locator('[data-output="救助金"] td.section');
    await cell.waitFor();
    expect(await cell.textContent()).toBe("§二(四)");
    // on the citation's text itself
    await cell.scrollIntoViewIfNeeded();
    const text = await cell.evaluate((td) => {
      const r = document.createRange();
      r.selectNodeContents(td);
      const b = r.getBoundingClientRect();
      return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
    });
    await page.mouse.click(text.x, text.y);
    await page.waitForSelector('[data-testid=doc-text] p.current[data-section="二(四)"]');
    expect(await page.getAttribute("#tab-doc", "aria-selected")).toBe("true");

    // back on 试算, Ctrl+click on a citation in the code (`§二(四)1` of 起付标准)
    await page.click("button[data-tab=run]");
    const box = await page.evaluate(() => {
      const ed = (window as unknown as Hook).bylawPlayground.editor as unknown as {
        getModel(): { getValue(): string; getPositionAt(o: number): { lineNumber: number; column: number } };
        revealPositionInCenter(p: unknown): void;
        getScrolledVisiblePosition(p: unknown): { left: number; top: number; height: number };
        getDomNode(): HTMLElement;
      };
      const text = ed.getModel().getValue();
      const pos = ed.getModel().getPositionAt(text.indexOf("§二(四)1") + 3);
      ed.revealPositionInCenter(pos);
      const at = ed.getScrolledVisiblePosition(pos);
      const r = ed.getDomNode().getBoundingClientRect();
      return { x: r.left + at.left + 2, y: r.top + at.top + at.height / 2 };
    });
    await page.keyboard.down("Control");
    await page.mouse.click(box.x, box.y);
    await page.keyboard.up("Control");
    await page.waitForSelector('[data-testid=doc-text] p.current[data-section="二(四)1"]');
    await page.context().close();
  });
});
