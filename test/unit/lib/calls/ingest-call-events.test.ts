import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../../../lib/calls/call-event';
import { ingestCallEvents } from '../../../../lib/calls/ingest-call-events';
import { ResourceExhaustedError } from '../../../../lib/shared/errors';

function setup(backlog: number) {
  const enqueued: CallEvent[] = [];
  const deps = {
    queue: { backlog: async () => backlog, enqueue: async (events: CallEvent[]) => void enqueued.push(...events), enqueueControl: async () => {} },
    clock: { now: () => new Date('2026-03-01T10:00:00.000Z') },
    maxBacklogEvents: 100,
    drainEventsPerSecond: 10,
  };
  return { deps, enqueued };
}

describe('ingestCallEvents', () => {
  it('enqueues the events stamped with their acceptance time', async () => {
    const { deps, enqueued } = setup(99);

    await ingestCallEvents(deps, [{ callId: 'c', sequence: 1, type: 't' }]);

    expect(enqueued).toEqual([{ callId: 'c', sequence: 1, type: 't', acceptedAt: '2026-03-01T10:00:00.000Z' }]);
  });

  it('refuses with a retry delay and enqueues nothing once the backlog reaches the limit', async () => {
    const { deps, enqueued } = setup(150);

    const error = await ingestCallEvents(deps, [{ callId: 'c', sequence: 1, type: 't' }]).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ResourceExhaustedError);
    expect((error as ResourceExhaustedError).retryAfterSeconds).toBe(6); // 51 events over, at 10/s
    expect(enqueued).toEqual([]);
  });
});
