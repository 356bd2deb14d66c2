import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { renderSupervisorPage, type SupervisorPageOptions } from '../../lib/supervisor/supervisor-page';
import { skipBrowserTests, useBrowser } from '../helpers/browser';

// The page's script in a real browser, its Content-Security-Policy enforced, with WebSocket replaced by
// a fake the test drives: no server, no network.

const PAGE_URL = 'http://supervisor.test/supervisor';

// Runs in the page before its own script.
function installFakeWebSocket() {
  type Fake = { url: string; readyState: number; onopen?: (e: unknown) => void; onmessage?: (e: unknown) => void; onclose?: (e: unknown) => void };
  const sockets: Fake[] = [];
  class FakeWebSocket {
    readyState = 0;
    onopen?: (e: unknown) => void;
    onmessage?: (e: unknown) => void;
    onclose?: (e: unknown) => void;
    constructor(readonly url: string) {
      sockets.push(this);
    }
    send() {}
    close() {
      this.readyState = 3;
      this.onclose?.({ code: 1000 });
    }
  }
  const last = () => sockets[sockets.length - 1];
  Object.assign(globalThis, {
    WebSocket: FakeWebSocket,
    fake: {
      sockets,
      open: () => ((last().readyState = 1), last().onopen?.({})),
      emit: (message: unknown) => last().onmessage?.({ data: JSON.stringify(message) }),
      drop: () => ((last().readyState = 3), last().onclose?.({ code: 1006 })),
    },
  });
}

type FakeControl = { sockets: Array<{ url: string }>; open(): void; emit(message: unknown): void; drop(): void };
declare const fake: FakeControl;

const change = (callId: string, from: string | null, to: string, at: string) => ({ type: 'call.status', callId, from, to, at });

describe.skipIf(skipBrowserTests)('supervisor page in a browser', () => {
  const browser = useBrowser();

  async function openPage(options: SupervisorPageOptions = {}, query = ''): Promise<{ page: Page; cspViolations: string[] }> {
    const { html, contentSecurityPolicy } = renderSupervisorPage(options);
    const page = await browser().newPage();
    const cspViolations: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) cspViolations.push(message.text());
    });
    await page.addInitScript(installFakeWebSocket);
    await page.route('http://supervisor.test/**', (route) =>
      route.fulfill({ status: 200, headers: { 'content-type': 'text/html', 'content-security-policy': contentSecurityPolicy }, body: html }),
    );
    await page.goto(PAGE_URL + query);
    await page.waitForFunction(() => fake.sockets.length === 1);
    return { page, cspViolations };
  }

  const counts = (page: Page) =>
    page.$$eval('[data-status-count]', (nodes) => Object.fromEntries(nodes.map((n) => [n.getAttribute('data-status-count'), Number(n.textContent)])));
  const column = (page: Page, status: string) =>
    page.$$eval(`[data-status-group="${status}"] li[data-call-id]`, (rows) => rows.map((r) => `${r.getAttribute('data-call-id')}:${r.getAttribute('data-status')}`));
  const feed = (page: Page) =>
    page.$$eval('[data-feed] li[data-feed-item]', (rows) => rows.map((r) => `${r.getAttribute('data-call-id')}:${r.getAttribute('data-from')}>${r.getAttribute('data-to')}`));

  it('opens ws://<its host name>:3001 unless told otherwise', async () => {
    const plain = await openPage();
    const configured = await openPage({ websocketUrl: 'wss://abc.execute-api.us-east-1.amazonaws.com/prod' });
    const fromQuery = await openPage({ websocketUrl: 'wss://abc.execute-api.us-east-1.amazonaws.com/prod' }, '?ws=ws://127.0.0.1:3301');

    expect(await plain.page.evaluate(() => fake.sockets[0].url)).toBe('ws://supervisor.test:3001');
    expect(await configured.page.evaluate(() => fake.sockets[0].url)).toBe('wss://abc.execute-api.us-east-1.amazonaws.com/prod');
    expect(await fromQuery.page.evaluate(() => fake.sockets[0].url)).toBe('ws://127.0.0.1:3301');
    for (const { page } of [plain, configured, fromQuery]) await page.close();
  });

  it('groups calls by status with counts and lists each change, newest first', async () => {
    const { page, cspViolations } = await openPage();
    await page.evaluate(() => fake.open());
    await expect.poll(() => page.getAttribute('[data-connection]', 'data-state')).toBe('live');

    await page.evaluate(
      (changes) => changes.forEach((c) => fake.emit(c)),
      [
        change('c-1', null, 'IN_PROGRESS', '2026-01-01T10:00:00.000Z'),
        change('c-2', null, 'IN_PROGRESS', '2026-01-01T10:00:01.000Z'),
        change('c-1', 'IN_PROGRESS', 'COMPLETED', '2026-01-01T10:00:02.000Z'),
        change('c-3', null, 'IN_PROGRESS', '2026-01-01T10:00:03.000Z'),
        change('c-1', 'COMPLETED', 'PROCESSING_AI', '2026-01-01T10:00:04.000Z'),
        change('c-3', 'IN_PROGRESS', 'COMPLETED', '2026-01-01T10:00:05.000Z'),
        change('c-3', 'COMPLETED', 'PROCESSING_AI', '2026-01-01T10:00:06.000Z'),
        change('c-3', 'PROCESSING_AI', 'FAILED', '2026-01-01T10:00:07.000Z'),
        change('c-1', 'PROCESSING_AI', 'ARCHIVED', '2026-01-01T10:00:08.000Z'),
      ],
    );

    expect(await counts(page)).toEqual({ IN_PROGRESS: 1, COMPLETED: 0, PROCESSING_AI: 0, ARCHIVED: 1, FAILED: 1 });
    expect(await page.textContent('[data-total-count]')).toBe('3');
    expect(await column(page, 'IN_PROGRESS')).toEqual(['c-2:IN_PROGRESS']);
    expect(await column(page, 'ARCHIVED')).toEqual(['c-1:ARCHIVED']);
    expect(await column(page, 'FAILED')).toEqual(['c-3:FAILED']);
    expect(await page.isVisible('[data-status-group="COMPLETED"] .empty')).toBe(true);
    expect((await feed(page)).slice(0, 3)).toEqual(['c-1:PROCESSING_AI>ARCHIVED', 'c-3:PROCESSING_AI>FAILED', 'c-3:COMPLETED>PROCESSING_AI']);
    expect(await feed(page)).toHaveLength(9);
    expect(cspViolations).toEqual([]);
    await page.close();
  });

  it('shows a repeated change once and never moves a call back to an older status', async () => {
    const { page } = await openPage();
    await page.evaluate(() => fake.open());

    await page.evaluate(
      (changes) => changes.forEach((c) => fake.emit(c)),
      [
        change('c-9', null, 'IN_PROGRESS', '2026-01-01T10:00:00.000Z'),
        change('c-9', 'IN_PROGRESS', 'COMPLETED', '2026-01-01T10:00:02.000Z'),
        change('c-9', 'IN_PROGRESS', 'COMPLETED', '2026-01-01T10:00:02.000Z'), // redelivered
        change('c-9', null, 'IN_PROGRESS', '2026-01-01T10:00:00.000Z'), // redelivered, late
        { type: 'something.else', callId: 'c-0' },
      ],
    );

    expect(await feed(page)).toEqual(['c-9:IN_PROGRESS>COMPLETED', 'c-9:>IN_PROGRESS']);
    expect(await column(page, 'COMPLETED')).toEqual(['c-9:COMPLETED']);
    expect(await counts(page)).toMatchObject({ IN_PROGRESS: 0, COMPLETED: 1 });
    await page.close();
  });

  it('reconnects after the socket drops and marks the gap in the feed', async () => {
    const { page } = await openPage();
    await page.evaluate(() => fake.open());

    await page.evaluate(() => fake.drop());
    expect(await page.getAttribute('[data-connection]', 'data-state')).toBe('reconnecting');
    await page.waitForFunction(() => fake.sockets.length === 2, undefined, { timeout: 5_000 });
    await page.evaluate(() => fake.drop()); // the retry fails too: wait longer
    await page.waitForFunction(() => fake.sockets.length === 3, undefined, { timeout: 5_000 });
    await page.evaluate(() => fake.open());

    await expect.poll(() => page.getAttribute('[data-connection]', 'data-state')).toBe('live');
    expect(await page.getAttribute('[data-connection]', 'data-attempt')).toBe('2');
    expect(await page.locator('[data-feed] [data-feed-gap]').count()).toBe(1);
    await page.close();
  });
});
