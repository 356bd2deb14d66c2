import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

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
