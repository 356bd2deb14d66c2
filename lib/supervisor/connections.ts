import type { Clock } from '../shared/clock';
import type { ConnectionStore, SupervisorConnection } from './ports';

/** API Gateway closes a websocket after 2 hours at most; the record expires with it. */
export const CONNECTION_TTL_SECONDS = 2 * 60 * 60;

export interface ConnectionDeps {
  connections: ConnectionStore;
  clock: Clock;
}

/** $connect: records the connection so that status changes reach it. */
export async function registerConnection(deps: ConnectionDeps, connectionId: string): Promise<SupervisorConnection> {
  const now = deps.clock.now();
  const connection = {
    connectionId,
    connectedAt: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + CONNECTION_TTL_SECONDS,
  };
  await deps.connections.add(connection);
  return connection;
}

/** $disconnect: forgets the connection. */
export async function unregisterConnection(deps: ConnectionDeps, connectionId: string): Promise<void> {
  await deps.connections.remove(connectionId);
}
