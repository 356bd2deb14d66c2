import { describe, expect, it } from 'vitest';
import type { CallStatusMessage } from '../../../../lib/supervisor/call-status';
import { ConnectionGoneError, type ConnectionPusher, type ConnectionStore, type SupervisorConnection } from '../../../../lib/supervisor/ports';
import { pushCallStatuses, type PushCallStatusesDeps } from '../../../../lib/supervisor/push-call-statuses';

class InMemoryConnectionStore implements ConnectionStore {
  readonly ids = new Set<string>();
  listings = 0;
  failListing = false;
  constructor(ids: string[]) {
    ids.forEach((id) => this.ids.add(id));
  }
  async add(connection: SupervisorConnection) {
    this.ids.add(connection.connectionId);
  }
  async remove(connectionId: string) {
    this.ids.delete(connectionId);
  }
  async listIds() {
    this.listings += 1;
    if (this.failListing) throw new Error('DynamoDB unavailable');
    return [...this.ids];
  }
}

/** Records what each connection received; closed connections answer gone, broken ones throw. */
class RecordingPusher implements ConnectionPusher {
  readonly received = new Map<string, string[]>();
  readonly attempts: string[] = [];
  constructor(
    private readonly closed = new Set<string>(),
    private readonly broken = new Set<string>(),
  ) {}
  async push(connectionId: string, message: CallStatusMessage) {
    this.attempts.push(connectionId);
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
    if (this.closed.has(connectionId)) throw new ConnectionGoneError(connectionId);
    if (this.broken.has(connectionId)) throw new Error('socket hang up');
    this.received.set(connectionId, [...(this.received.get(connectionId) ?? []), `${message.callId}:${message.to}`]);
  }
}

const status = (callId: string, from: CallStatusMessage['from'], to: CallStatusMessage['to']): CallStatusMessage => ({
  type: 'call.status',
  callId,
  from,
  to,
  at: '2026-01-01T10:00:00.000Z',
});

const lifecycle = [
  status('c-1', null, 'IN_PROGRESS'),
  status('c-1', 'IN_PROGRESS', 'COMPLETED'),
  status('c-1', 'COMPLETED', 'PROCESSING_AI'),
  status('c-1', 'PROCESSING_AI', 'ARCHIVED'),
];
const inOrder = ['c-1:IN_PROGRESS', 'c-1:COMPLETED', 'c-1:PROCESSING_AI', 'c-1:ARCHIVED'];

function setup(ids: string[], pusher: RecordingPusher) {
  const connections = new InMemoryConnectionStore(ids);
  const warnings: Array<Record<string, unknown>> = [];
  const deps: PushCallStatusesDeps = { connections, pusher, log: { info: () => {}, warn: (_, extra) => void warnings.push(extra) }, concurrency: 3 };
  return { connections, deps, warnings };
}

describe('pushCallStatuses', () => {
  it('gives every connection every message, in order', async () => {
    const pusher = new RecordingPusher();
    const { deps, connections } = setup(['a', 'b', 'c', 'd', 'e'], pusher);

    const report = await pushCallStatuses(deps, lifecycle);

    for (const id of ['a', 'b', 'c', 'd', 'e']) expect(pusher.received.get(id)).toEqual(inOrder);
    expect(report).toEqual({ messages: 4, connections: 5, delivered: 20, gone: 0, failed: 0 });
    expect(connections.listings).toBe(1);
  });

  it('removes a gone connection and posts nothing more to it', async () => {
    const pusher = new RecordingPusher(new Set(['b']));
    const { deps, connections } = setup(['a', 'b', 'c'], pusher);

    const report = await pushCallStatuses(deps, lifecycle);

    expect(connections.ids).toEqual(new Set(['a', 'c']));
    expect(pusher.attempts.filter((id) => id === 'b')).toHaveLength(1);
    expect(pusher.received.get('a')).toEqual(inOrder);
    expect(pusher.received.get('c')).toEqual(inOrder);
    expect(report).toMatchObject({ delivered: 8, gone: 1, failed: 0 });
  });

  it('logs a connection that fails otherwise and still reaches the others', async () => {
    const pusher = new RecordingPusher(new Set(), new Set(['b']));
    const { deps, connections, warnings } = setup(['a', 'b', 'c'], pusher);

    const report = await pushCallStatuses(deps, lifecycle);

    expect(pusher.received.get('a')).toEqual(inOrder);
    expect(pusher.received.get('c')).toEqual(inOrder);
    expect(report).toMatchObject({ delivered: 8, gone: 0, failed: 4 });
    expect(connections.ids.has('b')).toBe(true); // not gone: it may work for the next change
    expect(warnings).toHaveLength(4);
    expect(warnings[0]).toMatchObject({ connectionId: 'b', callId: 'c-1' });
  });

  it('fails before pushing anything when the connections cannot be listed, so a retry repeats nothing', async () => {
    const pusher = new RecordingPusher();
    const { deps, connections } = setup(['a'], pusher);
    connections.failListing = true;

    await expect(pushCallStatuses(deps, lifecycle)).rejects.toThrow('DynamoDB unavailable');
    expect(pusher.attempts).toEqual([]);
  });

  it('does nothing when no supervisor is connected', async () => {
    const pusher = new RecordingPusher();
    const { deps } = setup([], pusher);

    const report = await pushCallStatuses(deps, lifecycle);

    expect(report).toEqual({ messages: 4, connections: 0, delivered: 0, gone: 0, failed: 0 });
  });
});
