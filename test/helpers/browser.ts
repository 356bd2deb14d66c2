import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

// Browser tests drive Debian's chromium through playwright-core (no browser download): install it with
// `apt-get install chromium`. Headless, no sandbox (tests run as root in CI containers), no GPU, and
// no background traffic to Google.

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const hasChromium = () => existsSync(CHROMIUM_PATH);

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Browser tests are skipped where chromium is missing, except in CI (.ci/run installs it and sets REQUIRE_BROWSER). */
export const skipBrowserTests = !hasChromium() && process.env.REQUIRE_BROWSER !== '1';

/** One browser for the enclosing describe block: launched before its tests, closed after them. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });
  return () => browser!;
}
