import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { skipBrowserTests, useBrowser } from '../helpers/browser';
import { api, callReaches, eventually, sendEvents } from '../helpers/api';
import { range, uniqueId } from '../helpers/call-events';

// The supervisor over the local stack: GET /supervisor in a real browser, its websocket on the stack's
// WEBSOCKET_PORT, and the status changes of real calls (lifecycle -> EventBridge -> CallStatusQueue ->
// pushCallStatus -> API Gateway management API, served by serverless-offline) arriving live, in order.

const FINAL = new Set(['ARCHIVED', 'FAILED']);
/** The page as the test left it, for people to look at. */
const SCREENSHOT = '.local/supervisor-page.png';

describe.skipIf(skipBrowserTests)('supervisor page', () => {
  const browser = useBrowser();

  async function openSupervisor(): Promise<Page> {
    const page = await browser().newPage();
    await page.goto(`${inject('baseUrl')}/supervisor`);
    await expect.poll(() => page.getAttribute('[data-connection]', 'data-state'), { timeout: 15_000 }).toBe('live');
    return page;
  }

  it('serves the page as HTML with a content security policy', async () => {
    const { status, headers, body } = await api('GET', '/supervisor');

    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^text\/html/);
    expect(headers.get('content-security-policy')).toContain('connect-src ws: wss:');
    expect(body).toContain('data-status-group="PROCESSING_AI"');
  });

  it('shows every status change of real calls, in order, on every open page', async () => {
    const pages = [await openSupervisor(), await openSupervisor()];
    const calls = range(1, 3).map(() => uniqueId('sup'));
    await sendEvents(calls.flatMap((callId) => range(1, 2).map((sequence) => ({ callId, sequence, type: 'speech' }))));
    await Promise.all(calls.map((callId) => callReaches(callId, 2)));
    await Promise.all(calls.map((callId) => api('POST', `/calls/${callId}/complete`, { lastSequence: 2 })));

    const finals = await Promise.all(
      calls.map((callId) =>
        eventually(`call ${callId} to end`, async () => {
          const { body } = await api('GET', `/calls/${callId}`);
          return FINAL.has(body.status) ? body : undefined;
        }),
      ),
    );

    for (const page of pages) {
      for (const call of finals) {
        const row = page.locator(`[data-status-group="${call.status}"] li[data-call-id="${call.callId}"]`);
        await expect.poll(() => row.getAttribute('data-status'), { timeout: 15_000 }).toBe(call.status);
        const feed = await page.$$eval(`[data-feed] li[data-feed-item][data-call-id="${call.callId}"]`, (items) =>
          items.map((item) => item.getAttribute('data-to')).reverse(),
        );
        expect(feed).toEqual(call.history.map((entry: { status: string }) => entry.status));
      }
    }
    await pages[0].screenshot({ path: SCREENSHOT, fullPage: true });
    await Promise.all(pages.map((page) => page.close()));
  });
});
