import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DependencyUnavailableError } from '../shared/errors';
import type { SagaEvent, SagaEventBus } from './events';

const ENTRIES_PER_PUT = 10; // PutEvents' limit
const PUT_ATTEMPTS = 3;

/**
 * The orders bus. source = ordered-events.<context> (orders, inventory, payment), detail-type = the
 * event type, detail = the envelope. Entries the bus refuses (FailedEntryCount) are sent again; if some
 * still fail it throws, so the step fails and its message comes back.
 */
export class EventBridgeSagaBus implements SagaEventBus {
  constructor(
    private readonly events: EventBridgeClient,
    private readonly busName: string,
    private readonly context: 'orders' | 'inventory' | 'payment',
  ) {}

  async publish(events: SagaEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += ENTRIES_PER_PUT) await this.put(events.slice(i, i + ENTRIES_PER_PUT));
  }

  private async put(events: SagaEvent[]): Promise<void> {
    let pending = events;
    for (let attempt = 1; attempt <= PUT_ATTEMPTS && pending.length > 0; attempt++) {
      const output = await this.events.send(
        new PutEventsCommand({
          Entries: pending.map(({ type, ...envelope }) => ({
            EventBusName: this.busName,
            Source: `ordered-events.${this.context}`,
            DetailType: type,
            Detail: JSON.stringify(envelope),
          })),
        }),
      );
      if (!output.FailedEntryCount) return;
      pending = pending.filter((_, index) => output.Entries?.[index]?.ErrorCode);
    }
    throw new DependencyUnavailableError(`The orders bus refused ${pending.length} event(s).`);
  }
}
