// The bench's producers: how the events are cut into HTTP requests for each mode, and the senders that
// post them. Every sender owns a disjoint set of calls and posts its requests one after another, so
// each call's events arrive in sequence order.

export type Mode = 'batched' | 'naive';

export interface BenchEvent {
  callId: string;
  sequence: number;
  type: string;
  payload: { n: number; note: string };
}

export interface BenchCall {
  callId: string;
  events: BenchEvent[];
}

interface PlannedRequest {
  path: string;
  body: unknown;
  events: BenchEvent[];
}

export interface LoadResult {
  firstSentAt: number;
  lastAcceptedAt: number;
  /** callId -> epoch ms of the 202 that carried each sequence (index = sequence - 1). */
  acceptedAt: Map<string, number[]>;
  /** Every ingestion request, 429s included: each one is an API request and a Lambda invocation. */
  requests: number;
  throttled: number;
  /** Answers that were neither 202 nor 429 (e.g. serverless-offline's Lambda timeout), resent. */
  failed: number;
  firstFailure?: string;
  /** Round trips rounded up to the ms, as Lambda bills: an upper bound of the HTTP functions' duration. */
  billedRoundTripMs: number;
}

const BATCHED = { senders: 4, eventsPerCallPerRequest: 10, callsPerRequest: 10 };
const NAIVE = { senders: 16 };
/** Resends of one request after failures; the events are deduplicated by callId#sequence, so it is safe. */
const MAX_RESENDS_AFTER_FAILURE = 3;

/** M calls with ids unique to this run, N events spread over them as evenly as possible. */
export function makeCalls(events: number, calls: number, runId: string): BenchCall[] {
  return Array.from({ length: calls }, (_, i) => {
    const callId = `bench-${runId}-${i}`;
    const count = Math.floor(events / calls) + (i < events % calls ? 1 : 0);
    const callEvents = Array.from({ length: count }, (_, k) => ({
      callId,
      sequence: k + 1,
      type: 'bench.event',
      payload: { n: k + 1, note: 'bench' },
    }));
    return { callId, events: callEvents };
  });
}

/** One list of requests per sender. */
export function planRequests(mode: Mode, calls: BenchCall[]): PlannedRequest[][] {
  if (mode === 'batched') {
    // POST /events: 10 consecutive events of each of 10 calls, 100 events per request.
    return shareCalls(calls, BATCHED.senders).map((owned) =>
      chunk(interleave(owned, BATCHED.eventsPerCallPerRequest), BATCHED.callsPerRequest).map((slices) => {
        const events = slices.flat();
        return { path: '/events', body: { events }, events };
      }),
    );
  }
  // POST /calls/{callId}/events: one event per request.
  return shareCalls(calls, NAIVE.senders).map((owned) =>
    interleave(owned, 1).map(([event]) => ({
      path: `/calls/${encodeURIComponent(event.callId)}/events`,
      body: { sequence: event.sequence, type: event.type, payload: event.payload },
      events: [event],
    })),
  );
}

export async function sendLoad(baseUrl: string, senders: PlannedRequest[][]): Promise<LoadResult> {
  const result: LoadResult = {
    firstSentAt: Date.now(),
    lastAcceptedAt: 0,
    acceptedAt: new Map(),
    requests: 0,
    throttled: 0,
    failed: 0,
    billedRoundTripMs: 0,
  };
  await Promise.all(
    senders.map(async (requests) => {
      for (const request of requests) {
        const acceptedAt = await postUntilAccepted(baseUrl, request, result);
        for (const event of request.events) {
          const times = result.acceptedAt.get(event.callId) ?? [];
          times[event.sequence - 1] = acceptedAt;
          result.acceptedAt.set(event.callId, times);
        }
        result.lastAcceptedAt = Math.max(result.lastAcceptedAt, acceptedAt);
      }
    }),
  );
  return result;
}

/**
 * Posts until 202, waiting Retry-After on each 429 and resending after a server failure; answers the
 * epoch ms of the 202. A client error (4xx) means the bench itself is wrong: it stops the run.
 */
async function postUntilAccepted(baseUrl: string, request: PlannedRequest, result: LoadResult): Promise<number> {
  const body = JSON.stringify(request.body);
  for (let failures = 0; ; ) {
    const startedAt = performance.now();
    const response = await fetch(`${baseUrl}${request.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const text = await response.text();
    result.requests += 1;
    result.billedRoundTripMs += Math.ceil(performance.now() - startedAt);
    if (response.status === 202) return Date.now();
    if (response.status === 429) {
      result.throttled += 1;
      const retryAfterSeconds = Number(response.headers.get('retry-after')) || 1;
      await new Promise((resolve) => setTimeout(resolve, retryAfterSeconds * 1000));
      continue;
    }
    const failure = `POST ${request.path} answered ${response.status}: ${text.slice(0, 300)}`;
    const clientError = response.status >= 400 && response.status < 500;
    if (clientError) throw new Error(failure);
    if (++failures > MAX_RESENDS_AFTER_FAILURE) throw new Error(`${failure} (still failing after ${MAX_RESENDS_AFTER_FAILURE} resends)`);
    result.failed += 1;
    result.firstFailure ??= failure;
  }
}

/** Call i goes to sender i % senders. */
function shareCalls(calls: BenchCall[], senders: number): BenchCall[][] {
  const shares = Array.from({ length: senders }, () => [] as BenchCall[]);
  calls.forEach((call, i) => shares[i % senders].push(call));
  return shares.filter((share) => share.length > 0);
}

/** Slices of `size` consecutive events, taking each call in turn: every call progresses together. */
function interleave(calls: BenchCall[], size: number): BenchEvent[][] {
  const slices: BenchEvent[][] = [];
  const longest = Math.max(0, ...calls.map((call) => call.events.length));
  for (let offset = 0; offset < longest; offset += size) {
    for (const call of calls) {
      if (offset < call.events.length) slices.push(call.events.slice(offset, offset + size));
    }
  }
  return slices;
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
