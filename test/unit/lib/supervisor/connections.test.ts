import { describe, expect, it } from 'vitest';
import { CONNECTION_TTL_SECONDS, registerConnection, unregisterConnection } from '../../../../lib/supervisor/connections';
import type { ConnectionStore, SupervisorConnection } from '../../../../lib/supervisor/ports';

class InMemoryConnectionStore implements ConnectionStore {
  readonly items = new Map<string, SupervisorConnection>();
  async add(connection: SupervisorConnection) {
    this.items.set(connection.connectionId, connection);
  }
  async remove(connectionId: string) {
    this.items.delete(connectionId);
  }
  async listIds() {
    return [...this.items.keys()];
  }
}

describe('supervisor connections', () => {
  const clock = { now: () => new Date('2026-01-01T10:00:00.000Z') };

  it('records a connection that expires two hours after it opened', async () => {
    const connections = new InMemoryConnectionStore();

    await registerConnection({ connections, clock }, 'conn-1');

    expect(connections.items.get('conn-1')).toEqual({
      connectionId: 'conn-1',
      connectedAt: '2026-01-01T10:00:00.000Z',
      expiresAt: Date.parse('2026-01-01T12:00:00.000Z') / 1000,
    });
    expect(CONNECTION_TTL_SECONDS).toBe(7200);
  });

  it('forgets a connection on disconnect', async () => {
    const connections = new InMemoryConnectionStore();
    await registerConnection({ connections, clock }, 'conn-1');
    await registerConnection({ connections, clock }, 'conn-2');

    await unregisterConnection({ connections, clock }, 'conn-1');

    expect(await connections.listIds()).toEqual(['conn-2']);
  });
});
