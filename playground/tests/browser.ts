// Shared setup of the browser tests: Debian's chromium driven by playwright-core, the
// playground built once and served on a free loopback port. Without chromium the tests
// fail loudly under CI=true (a missing browser must not pass as "skipped").
import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { buildPlayground, DIST_DIR, isStale, startPlayground, type RunningPlayground } from "../serve.ts";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOTS = join(import.meta.dirname, "..", "..", "test-output", "playground");

export const hasChromium = existsSync(CHROMIUM);
/** Run the browser tests when chromium is there, and always on CI (where its absence is a failure). */
export const runBrowserTests = hasChromium || process.env.CI === "true";

export interface BrowserSession {
  browser: Browser;
  server: RunningPlayground;
  url: string;
}

export async function openBrowser(): Promise<BrowserSession> {
  if (!hasChromium) {
    throw new Error(`chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium fonts-wqy-zenhei) or set CHROMIUM_PATH`);
  }
  await buildIfStale();
  const server = await startPlayground({ port: 0 });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return { browser, server, url: server.url };
}

/**
 * Builds the playground when its sources changed since the last build. Vitest runs the browser
 * test files at once in its workers: a lock directory lets one of them build while the others
 * wait and then find the build fresh (a build empties dist/ while another file serves from it).
 */
async function buildIfStale(): Promise<void> {
  const lock = join(DIST_DIR, "..", ".build-lock");
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      // A lock older than any build is one a killed run left behind.
      if (Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 300_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    if (isStale()) await buildPlayground();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export async function closeBrowser(session: BrowserSession | undefined): Promise<void> {
  await session?.browser.close();
  await session?.server.close();
}

/** A fresh page on `url` (hash included), once the app says it is ready and compiled once. */
export async function openPage(
  session: BrowserSession,
  hash = "",
  viewport: { width: number; height: number } = { width: 1400, height: 900 },
): Promise<Page> {
  const context = await session.browser.newContext({ viewport, locale: "zh-CN" });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (err) => problems.push(err.message));
  await page.goto(session.url + hash);
  await waitForReady(page, problems);
  return page;
}

/** Waits for the app to start (after a load or a reload) and to apply its first compile. */
export async function waitForReady(page: Page, problems: string[] = []): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.ready !== undefined, undefined, { timeout: 30_000 });
  const ready = await page.evaluate(() => document.body.dataset.ready);
  if (ready !== "true") throw new Error(`playground failed to start: ${await page.textContent("#app")} ${problems.join("; ")}`);
  await waitForCompiles(page, 1);
}

/** Waits until the app has applied at least `n` compile results in total. */
export async function waitForCompiles(page: Page, n: number): Promise<void> {
  try {
    await page.waitForFunction((count) => {
      const pg = (window as unknown as { bylawPlayground?: { stats: { compiles: number } } }).bylawPlayground;
      return (pg?.stats.compiles ?? 0) >= count;
    }, n, { timeout: 30_000 });
  } catch (err) {
    // Say what the page showed (a worker failure is reported in the toolbar's toast).
    const toast = await page.textContent(".toast").catch(() => "");
    throw new Error(`no compile result #${n} within 30 s; page says: ${toast || "(nothing)"}`, { cause: err });
  }
}

export async function compiles(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { bylawPlayground: { stats: { compiles: number } } }).bylawPlayground.stats.compiles);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** Opens the browser before the enclosing `describe`'s tests and closes it after them. */
export function useBrowser(): () => BrowserSession {
  let session: BrowserSession | undefined;
  beforeAll(async () => {
    session = await openBrowser();
  }, 180_000);
  afterAll(() => closeBrowser(session));
  return () => session!;
}
