import { inject } from 'vitest';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A request to the local stack's HTTP API; the body is sent as given when it is a string. */
export async function api<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
  const response = await fetch(`${inject('baseUrl')}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text, the test will say so
  }
  return { status: response.status, headers: response.headers, body: parsed as T };
}

/** Polls until check() returns a value other than undefined, or fails with the last state seen. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let delay = 100;
  for (;;) {
    const result = await check();
    if (result !== undefined) return result;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 1.5, 1000);
  }
}

/** Waits until the call's last applied sequence reaches lastSequence; answers GET /calls/{id}. */
export function callReaches(callId: string, lastSequence: number, timeoutMs = 60_000) {
  return eventually(
    `call ${callId} to reach sequence ${lastSequence}`,
    async () => {
      const { status, body } = await api('GET', `/calls/${callId}`);
      return status === 200 && body.lastSequence >= lastSequence ? body : undefined;
    },
    timeoutMs,
  );
}

/** POST /events in batches, as a well-behaved producer: on 429 it waits Retry-After and resends. */
export async function sendEvents(events: object[], batchSize = 100): Promise<{ rejections: number }> {
  let rejections = 0;
  for (let i = 0; i < events.length; i += batchSize) {
    for (;;) {
      const response = await api('POST', '/events', { events: events.slice(i, i + batchSize) });
      if (response.status === 202) break;
      if (response.status !== 429) throw new Error(`POST /events answered ${response.status}: ${JSON.stringify(response.body)}`);
      rejections += 1;
      await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after')) * 1000));
    }
  }
  return { rejections };
}
