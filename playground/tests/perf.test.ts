// Issue #16 item 9, measured in a real browser (Debian's chromium) on the production build
// as `npm start` serves it: page load → first markers (assets compressed), and keystroke →
// markers on the largest seed policy, one key at a time at a typing pace. The figures are
// printed; the asserted bounds leave room for a loaded 2-core CI machine (BENCHMARKS.md has
// the figures measured on an idle one and the goals: median < 50 ms, p95 < 100 ms, load < 2 s).
import { statSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { compiles, openPage, runBrowserTests, screenshot, useBrowser, waitForCompiles } from "./browser.ts";
import { largestPolicy, REPO } from "./policies.ts";

interface Stats { compileMs: number; markersAt: number; firstMarkersAt: number; compiles: number }
const stats = (page: Page) =>
  page.evaluate(() => (window as unknown as { bylawPlayground: { stats: Stats } }).bylawPlayground.stats);

const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

describe.runIf(runBrowserTests)("performance in chromium (#16 item 9)", () => {
  const session = useBrowser();

  it("页面加载到首批标记：资源压缩传输，< 2 s（断言 < 12 s：全部测试并行时的繁忙机器）", async () => {
    const loads: number[] = [];
    let transfer = "";
    for (let i = 0; i < 3; i++) {
      const page = await openPage(session());
      loads.push((await stats(page)).firstMarkersAt);
      if (i === 0) {
        const resources = await page.evaluate(() => performance.getEntriesByType("resource")
          .map((e) => e as PerformanceResourceTiming)
          .filter((e) => /\.(js|css|ttf)$/.test(e.name))
          .map((e) => ({ name: e.name.split("/").pop()!, encoded: e.encodedBodySize, decoded: e.decodedBodySize })));
        const encoded = resources.reduce((n, r) => n + r.encoded, 0), decoded = resources.reduce((n, r) => n + r.decoded, 0);
        transfer = `${(encoded / 1024).toFixed(0)} KiB transferred for ${(decoded / 1024).toFixed(0)} KiB of script, style and font`;
        // Every script and style arrives compressed (brotli: chromium accepts it on loopback).
        for (const r of resources.filter((x) => /\.(js|css)$/.test(x.name) && x.decoded > 4096)) {
          expect(r.encoded, r.name).toBeLessThan(r.decoded / 2);
        }
      }
      await page.context().close();
    }
    const median = quantile(loads, 0.5);
    console.log(`[playground] page load → first markers: median ${ms(median)} of ${loads.map(ms).join(", ")}; ${transfer}`);
    expect(median).toBeLessThan(12_000);
  });

  it("按键到标记：最大的政策文件，逐键输入，打印中位数与 p95（目标 50 / 100 ms）", async () => {
    const largest = largestPolicy();
    const page = await openPage(session());
    const before = await compiles(page);
    await page.selectOption("[data-testid=examples]", largest);
    await waitForCompiles(page, before + 1);
    // Type inside the policy's body, where a change means most to the checks: in the middle line.
    await page.evaluate(() => {
      const ed = (window as unknown as { bylawPlayground: { editor: { getModel(): { getLineCount(): number } | null; setPosition(p: object): void; revealLine(n: number): void; focus(): void } } }).bylawPlayground.editor;
      const line = Math.floor(ed.getModel()!.getLineCount() / 2);
      ed.setPosition({ lineNumber: line, column: 1 });
      ed.revealLine(line);
      ed.focus();
      const w = window as unknown as { keyAt: number };
      window.addEventListener("keydown", (e) => { w.keyAt = e.timeStamp; }, { capture: true });
    });
    // A comment and a stray word typed and taken back a key at a time: an error appears and goes.
    const keys = [..."// x", "Enter", ..."ab 1", ...Array<string>(9).fill("Backspace")];
    const pauses = [40, 90, 160]; // ms between keys: a typist's pace, sometimes faster than a compile
    const samples: number[] = [];
    const compileTimes: number[] = [];
    for (let round = 0; round < 4; round++) {
      for (const [i, key] of keys.entries()) {
        const n = await compiles(page);
        await page.keyboard.press(key);
        await waitForCompiles(page, n + 1);
        const s = await stats(page);
        const keyAt = await page.evaluate(() => (window as unknown as { keyAt: number }).keyAt);
        samples.push(s.markersAt - keyAt);
        compileTimes.push(s.compileMs);
        await page.waitForTimeout(pauses[i % pauses.length]!);
      }
    }
    const median = quantile(samples, 0.5), p95 = quantile(samples, 0.95);
    console.log(
      `[playground] ${largest} (${statSync(join(REPO, largest)).size} bytes): keystroke → markers median ${ms(median)}, ` +
      `p95 ${ms(p95)}, max ${ms(Math.max(...samples))} over ${samples.length} keys; compile in the worker median ` +
      `${ms(quantile(compileTimes, 0.5))} (goals: median < 50 ms, p95 < 100 ms)`,
    );
    expect(samples.every((x) => x > 0)).toBe(true);
    expect(median).toBeLessThan(150);
    expect(p95).toBeLessThan(600);
    await screenshot(page, "13-largest-policy");
    await page.context().close();
  });
});
