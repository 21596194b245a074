import { mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";
import { chromium, type Browser, type BrowserContextOptions, type Page } from "playwright-core";
import { requireDebianTool } from "../../test/support/debian-tool.ts";

/**
 * Debian's Chromium, headless, driven by playwright-core; closed when the test file ends. Fails,
 * naming the package, when Chromium is not installed and cannot be (the tests skip nothing).
 *
 * @example
 * ```ts
 * const browser = await launchChromium();
 * ```
 */
export async function launchChromium(): Promise<Browser> {
  let executablePath: string;
  try {
    executablePath = await requireDebianTool("chromium", "chromium");
  } catch (error) {
    throw new Error(
      'Cannot run the console\'s browser tests without Chromium: install the Debian package "chromium" (apt-get install chromium)',
      { cause: error },
    );
  }
  const browser = await chromium.launch({ executablePath, headless: true });
  after(() => browser.close());
  return browser;
}

/** A page, and what it did that a test must check: requests to other origins, console errors. */
export interface WatchedPage {
  readonly page: Page;
  /** URLs of requests to any origin but the server's (`data:` URLs aside). */
  readonly external: string[];
  /** Console errors and uncaught exceptions, in order. */
  readonly errors: string[];
}

/**
 * A new page in a fresh context (its own session storage) that records every request to another
 * origin than `origin`, and every console error and uncaught exception.
 *
 * @example
 * ```ts
 * const { page, external, errors } = await watchedPage(browser, server.url);
 * ```
 */
export async function watchedPage(
  browser: Browser,
  origin: string,
  options: BrowserContextOptions = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const external: string[] = [];
  const errors: string[] = [];
  const own = new URL(origin).origin;
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.protocol !== "data:" && url.origin !== own) external.push(request.url());
  });
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
  return { page, external, errors };
}

/**
 * A directory for one browser test's screenshots: `stemedb-console-screenshots/<name>` under the
 * OS temp directory, emptied at the start of each run and kept after it, so a person can look at
 * what the console showed.
 *
 * @example
 * ```ts
 * await page.screenshot({ path: join(screenshotDir("pages"), "overview.png"), fullPage: true });
 * ```
 */
export function screenshotDir(name: string): string {
  const dir = join(tmpdir(), "stemedb-console-screenshots", name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}
