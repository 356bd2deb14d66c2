import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DependencyUnavailableError } from '../../shared/errors';
import type { EventPublisher, OutboxEvent } from '../ports';

export const CALLS_EVENT_SOURCE = 'ordered-events.calls';
const ENTRIES_PER_PUT = 10; // PutEvents' limit
const PUT_ATTEMPTS = 3;

/**
 * Publishes a call's outbox events on the bus, in order: source ordered-events.calls, detail-type the
 * event type, detail the event's fields plus eventId (consumers deduplicate by it), occurredAt and
 * schemaVersion. Entries the bus refuses are sent again; if some still fail the step fails, the events
 * stay in the call's outbox and the next step of the call publishes them.
 */
export class EventBridgeEventPublisher implements EventPublisher {
  constructor(
    private readonly events: EventBridgeClient,
    private readonly busName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async publish(_callId: string, events: OutboxEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += ENTRIES_PER_PUT) await this.put(events.slice(i, i + ENTRIES_PER_PUT));
  }

  private async put(events: OutboxEvent[]): Promise<void> {
    let pending = events;
    for (let attempt = 1; attempt <= PUT_ATTEMPTS && pending.length > 0; attempt++) {
      const occurredAt = this.now().toISOString();
      const { Entries = [] } = await this.events.send(
        new PutEventsCommand({
          Entries: pending.map((event) => ({
            EventBusName: this.busName,
            Source: CALLS_EVENT_SOURCE,
            DetailType: event.type,
            Detail: JSON.stringify({ schemaVersion: 1, eventId: event.id, occurredAt, ...event.detail }),
          })),
        }),
      );
      pending = pending.filter((_, index) => Entries[index]?.ErrorCode);
    }
    if (pending.length > 0) throw new DependencyUnavailableError(`The event bus refused ${pending.length} event(s); they stay in the outbox.`);
  }
}
