import type { Clock } from '../shared/clock';
import { ResourceExhaustedError } from '../shared/errors';
import type { CallEventInput } from './call-event';
import type { CallEventQueue } from './ports';

export interface IngestCallEventsDeps {
  queue: CallEventQueue;
  clock: Clock;
  maxBacklogEvents: number;
  /** Events per second the consumers drain at least, used to suggest when to retry. */
  drainEventsPerSecond: number;
}

/**
 * Takes validated call events in:
 * 1. refuse (429) while the queue's backlog is at or past the limit: the producer holds the events;
 * 2. stamp the acceptance time and enqueue them, in the given order per call.
 */
export async function ingestCallEvents(deps: IngestCallEventsDeps, events: CallEventInput[]): Promise<void> {
  const backlog = await deps.queue.backlog();
  if (backlog >= deps.maxBacklogEvents) {
    const retryAfterSeconds = Math.min(60, Math.max(1, Math.ceil((backlog - deps.maxBacklogEvents + 1) / deps.drainEventsPerSecond)));
    throw new ResourceExhaustedError(
      `${backlog} call events are waiting, the limit is ${deps.maxBacklogEvents}; retry in ${retryAfterSeconds} s.`,
      retryAfterSeconds,
      { backlog, limit: deps.maxBacklogEvents },
    );
  }
  const acceptedAt = deps.clock.now().toISOString();
  await deps.queue.enqueue(events.map((event) => ({ ...event, acceptedAt })));
}
