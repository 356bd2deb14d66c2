import { type EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { DependencyUnavailableError } from './errors';

const ENTRIES_PER_PUT = 10; // PutEvents' limit
const PUT_ATTEMPTS = 3;

/**
 * Puts the entries on their bus, in order, 10 per request. Entries the bus refuses (FailedEntryCount)
 * are sent again; if some still fail it throws, so the caller's step fails and is retried.
 */
export async function putAllEvents(events: EventBridgeClient, entries: PutEventsRequestEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += ENTRIES_PER_PUT) {
    let pending = entries.slice(i, i + ENTRIES_PER_PUT);
    for (let attempt = 1; attempt <= PUT_ATTEMPTS && pending.length > 0; attempt++) {
      const output = await events.send(new PutEventsCommand({ Entries: pending }));
      pending = output.FailedEntryCount ? pending.filter((_, index) => output.Entries?.[index]?.ErrorCode) : [];
    }
    if (pending.length > 0) throw new DependencyUnavailableError(`The event bus refused ${pending.length} event(s).`);
  }
}
