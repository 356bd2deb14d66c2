import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { putAllEvents } from '../../shared/put-events';
import type { EventPublisher, OutboxEvent } from '../ports';

export const CALLS_EVENT_SOURCE = 'ordered-events.calls';

/**
 * Publishes a call's outbox events on the bus, in order: source ordered-events.calls, detail-type the
 * event type, detail the event's fields plus eventId (consumers deduplicate by it), occurredAt and
 * schemaVersion. If the bus refuses some, the step fails, the events stay in the call's outbox and the
 * next step of the call publishes them.
 */
export class EventBridgeEventPublisher implements EventPublisher {
  constructor(
    private readonly events: EventBridgeClient,
    private readonly busName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  publish(_callId: string, events: OutboxEvent[]): Promise<void> {
    const occurredAt = this.now().toISOString();
    return putAllEvents(
      this.events,
      events.map((event) => ({
        EventBusName: this.busName,
        Source: CALLS_EVENT_SOURCE,
        DetailType: event.type,
        Detail: JSON.stringify({ schemaVersion: 1, eventId: event.id, occurredAt, ...event.detail }),
      })),
    );
  }
}
