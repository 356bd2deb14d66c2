import type { EventBridgeClient, PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import { DependencyUnavailableError } from '../../../../lib/shared/errors';
import { putAllEvents } from '../../../../lib/shared/put-events';

/** A bus that refuses the entries whose Detail is in `refuse`, `times` times each. */
function fakeBus(refuse: string[], times: number) {
  const sent: string[][] = [];
  const refusals = new Map(refuse.map((detail) => [detail, times]));
  const client = {
    send: async (command: { input: { Entries: PutEventsRequestEntry[] } }) => {
      const entries = command.input.Entries;
      sent.push(entries.map((entry) => entry.Detail!));
      const results = entries.map((entry) => {
        const left = refusals.get(entry.Detail!) ?? 0;
        if (left === 0) return { EventId: 'ok' };
        refusals.set(entry.Detail!, left - 1);
        return { ErrorCode: 'InternalFailure' };
      });
      return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
    },
  };
  return { client: client as unknown as EventBridgeClient, sent };
}

const entries = (n: number) => Array.from({ length: n }, (_, i) => ({ Detail: `e${i}` }));

describe('putAllEvents', () => {
  it('sends 10 entries per request, in order, and sends again only the refused ones', async () => {
    const { client, sent } = fakeBus(['e3', 'e11'], 1);
    await putAllEvents(client, entries(12));
    expect(sent).toEqual([['e0', 'e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8', 'e9'], ['e3'], ['e10', 'e11'], ['e11']]);
  });

  it('fails when the bus keeps refusing an entry (FailedEntryCount is an error)', async () => {
    const { client } = fakeBus(['e1'], 99);
    await expect(putAllEvents(client, entries(2))).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});
