// Issue #16 "a workspace": several files kept in IndexedDB across reloads (a workspace kept in
// localStorage by an earlier version moves there), modified marks, .bylaw files opened from
// disk and saved to it, new files and their removal, an opened parent's edits reaching its
// opened child, and the shortcuts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { compiles, openPage, runBrowserTests, screenshot, useBrowser, waitForCompiles, waitForReady } from "./browser.ts";
import { REPO } from "./policies.ts";

const XPCC = "policies/000-xpcc/assistance.bylaw";
const PARENT = readFileSync(join(REPO, "policies/000-xpcc/categories.bylaw"), "utf8");
const CHILD = readFileSync(join(REPO, XPCC), "utf8"); // extends "categories.bylaw"

interface Hook {
  bylawPlayground: {
    editor: { getValue(): string; setValue(t: string): void; focus(): void };
    markers(): { severity: number; message: string }[];
    path(): string;
  };
}
const pg = <T>(page: Page, fn: (p: Hook["bylawPlayground"]) => T) => page.evaluate(`(${fn.toString()})(window.bylawPlayground)`) as Promise<T>;
const text = (page: Page) => pg(page, (p) => p.editor.getValue());
const errors = async (page: Page) => (await pg(page, (p) => p.markers())).filter((m) => m.severity === 8);
const modified = (page: Page, path: string) => page.getAttribute(`[data-testid=examples] option[value="${path}"]`, "data-modified");

async function setText(page: Page, value: string): Promise<void> {
  const before = await compiles(page);
  await page.evaluate((v) => (window as unknown as Hook).bylawPlayground.editor.setValue(v), value);
  await waitForCompiles(page, before + 1);
}

async function choose(page: Page, path: string): Promise<void> {
  const before = await compiles(page);
  await page.selectOption("[data-testid=examples]", path);
  await waitForCompiles(page, before + 1);
}

/** The workspace record as IndexedDB holds it. */
const stored = (page: Page) => page.evaluate(() => new Promise<{ files: Record<string, string>; own?: Record<string, string> }>((resolve, reject) => {
  const open = indexedDB.open("bylaw");
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const get = open.result.transaction("workspace").objectStore("workspace").get("state");
    get.onsuccess = () => resolve(get.result);
    get.onerror = () => reject(get.error);
  };
}));

describe.runIf(runBrowserTests)("workspace in chromium", () => {
  const session = useBrowser();

  it("编辑保存在 IndexedDB 中，重新加载后仍在；旧版本存在 localStorage 的编辑迁移过来", async () => {
    const page = await openPage(session());
    await choose(page, XPCC);
    await setText(page, `${CHILD}\n// 保存在 IndexedDB\n`);
    await page.waitForFunction(() => new Promise((resolve) => {
      const open = indexedDB.open("bylaw");
      open.onsuccess = () => {
        const get = open.result.transaction("workspace").objectStore("workspace").get("state");
        get.onsuccess = () => resolve(String(get.result?.files?.["policies/000-xpcc/assistance.bylaw"]).includes("IndexedDB"));
      };
    }));
    expect(await page.evaluate(() => localStorage.getItem("bylaw.workspace"))).toBeNull();
    await page.reload();
    await waitForReady(page);
    expect(await text(page)).toContain("// 保存在 IndexedDB");
    expect(await modified(page, XPCC)).toBe("true");
    await page.context().close();

    // An earlier version's workspace in localStorage: read once, then kept in IndexedDB.
    const context = await session().browser.newContext({ viewport: { width: 1400, height: 900 }, locale: "zh-CN" });
    await context.addInitScript((child) => {
      if (sessionStorage.getItem("seeded")) return;
      sessionStorage.setItem("seeded", "1");
      localStorage.setItem("bylaw.workspace", JSON.stringify({ open: "policies/000-xpcc/assistance.bylaw", files: { "policies/000-xpcc/assistance.bylaw": `${child}\n// 旧版本的编辑\n` } }));
    }, CHILD);
    const old = await context.newPage();
    await old.goto(session().url);
    await waitForReady(old);
    expect(await text(old)).toContain("// 旧版本的编辑");
    expect(await modified(old, XPCC)).toBe("true");
    await setText(old, `${CHILD}\n// 旧版本的编辑，再改一次\n`);
    await old.waitForFunction(() => localStorage.getItem("bylaw.workspace") === null);
    expect((await stored(old)).files[XPCC]).toContain("再改一次");
    await context.close();
  });

  it("打开电脑上的 .bylaw 文件（上级与下级一起）：列在“我的文件”，下级按编辑后的上级编译，重新加载后仍在", async () => {
    const page = await openPage(session());
    await page.setInputFiles("[data-testid=open-input]", [
      { name: "categories.bylaw", mimeType: "text/plain", buffer: Buffer.from(PARENT) },
      { name: "assistance.bylaw", mimeType: "text/plain", buffer: Buffer.from(CHILD) },
    ]);
    await page.waitForFunction(() => (window as unknown as Hook).bylawPlayground.path() === "policies/assistance.bylaw");
    await waitForCompiles(page, 2);
    expect(await text(page)).toBe(CHILD);
    // The child's `extends "categories.bylaw"` finds the opened parent beside it: no error.
    expect(await errors(page)).toEqual([]);
    const own = await page.$$eval("[data-testid=own-files] option", (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(own).toEqual(["policies/categories.bylaw", "policies/assistance.bylaw"]);
    expect(await modified(page, "policies/assistance.bylaw")).toBe("false");
    await page.locator("[data-testid=examples]").scrollIntoViewIfNeeded();
    await screenshot(page, "50-opened-files");

    // The opened parent loses the category its child needs: the child says so.
    await choose(page, "policies/categories.bylaw");
    await setText(page, PARENT.replace(/第三类/g, "第三档"));
    expect(await modified(page, "policies/categories.bylaw")).toBe("true");
    await choose(page, "policies/assistance.bylaw");
    expect((await errors(page)).length).toBeGreaterThan(0);
    expect((await errors(page)).map((m) => m.message).join(" ")).toContain("第三类");

    await page.reload();
    await waitForReady(page);
    expect(await pg(page, (p) => p.path())).toBe("policies/assistance.bylaw");
    expect(await page.$$eval("[data-testid=own-files] option", (os) => os.length)).toBe(2);
    expect(await modified(page, "policies/categories.bylaw")).toBe("true");
    expect((await stored(page)).own?.["policies/categories.bylaw"]).toBe(PARENT);
    await page.context().close();
  });

  it("保存（Ctrl+S 或按钮）下载当前文件，之后不再标为已修改；Ctrl+O 打开文件选择；快捷键写在提示里", async () => {
    const page = await openPage(session());
    await page.setInputFiles("[data-testid=open-input]", [{ name: "我的政策.bylaw", mimeType: "text/plain", buffer: Buffer.from(CHILD.replace('extends "categories.bylaw"', 'extends "000-xpcc/categories.bylaw"')) }]);
    await page.waitForFunction(() => (window as unknown as Hook).bylawPlayground.path() === "policies/我的政策.bylaw");
    await waitForCompiles(page, 2);
    expect(await errors(page)).toEqual([]);
    const edited = `${await text(page)}\n// 保存前的修改\n`;
    await setText(page, edited);
    expect(await modified(page, "policies/我的政策.bylaw")).toBe("true");
    expect(await page.textContent("[data-testid=examples] option:checked")).toContain("● 我的政策.bylaw · 已修改");

    await pg(page, (p) => p.editor.focus());
    let downloads = 0;
    page.on("download", () => downloads++);
    const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Control+s")]);
    await page.waitForTimeout(300);
    expect(downloads).toBe(1); // the editor's Ctrl+S and the page's are one save
    expect(download.suggestedFilename()).toBe("我的政策.bylaw");
    expect(readFileSync((await download.path())!, "utf8")).toBe(edited);
    expect(await page.textContent(".toast")).toContain("已保存为 我的政策.bylaw");
    expect(await modified(page, "policies/我的政策.bylaw")).toBe("false");

    // The button does the same, for a shipped example too (which stays modified: it differs from the shipped text).
    await choose(page, XPCC);
    await setText(page, `${CHILD}\n// 示例的修改\n`);
    const [second] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=save]")]);
    expect(second.suggestedFilename()).toBe("assistance.bylaw");
    expect(await modified(page, XPCC)).toBe("true");

    await pg(page, (p) => p.editor.focus());
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.keyboard.press("Control+o")]);
    expect(chooser.isMultiple()).toBe(true);
    // 新建 adds an own file from the blank template; 移除此文件 forgets it (asking first when it has unsaved changes).
    const before = await compiles(page);
    await page.click("[data-testid=new-file]");
    await page.waitForFunction(() => (window as unknown as Hook).bylawPlayground.path() === "policies/新政策-1.bylaw");
    await waitForCompiles(page, before + 1);
    expect(await errors(page)).toEqual([]);
    await setText(page, `${await text(page)}\n// 未保存\n`);
    page.once("dialog", (d) => void d.accept());
    await page.click("[data-testid=remove-file]");
    await page.waitForFunction(() => (window as unknown as Hook).bylawPlayground.path() !== "policies/新政策-1.bylaw");
    expect(await page.$$eval("[data-testid=examples] option", (os) => os.map((o) => (o as HTMLOptionElement).value))).not.toContain("policies/新政策-1.bylaw");
    expect(await page.isHidden("[data-testid=remove-file]")).toBe(true);
    expect((await stored(page)).own?.["policies/新政策-1.bylaw"]).toBeUndefined();

    const hint = await page.getAttribute("[data-testid=stats]", "title");
    for (const key of ["Ctrl+S", "Ctrl+O", "Ctrl+Enter"]) expect(hint).toContain(key);
    await screenshot(page, "51-saved");
    await page.context().close();
  });
});
