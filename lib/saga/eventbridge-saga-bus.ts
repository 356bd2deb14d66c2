import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { putAllEvents } from '../shared/put-events';
import type { SagaEvent, SagaEventBus } from './events';

/** The orders bus. source = ordered-events.<context>, detail-type = the event type, detail = the envelope. */
export class EventBridgeSagaBus implements SagaEventBus {
  constructor(
    private readonly events: EventBridgeClient,
    private readonly busName: string,
    private readonly context: 'orders' | 'inventory' | 'payment',
  ) {}

  publish(events: SagaEvent[]): Promise<void> {
    return putAllEvents(
      this.events,
      events.map(({ type, ...envelope }) => ({
        EventBusName: this.busName,
        Source: `ordered-events.${this.context}`,
        DetailType: type,
        Detail: JSON.stringify(envelope),
      })),
    );
  }
}
