import type { CallStatusMessage } from './call-status';
import { ConnectionGoneError, type ConnectionPusher, type ConnectionStore } from './ports';

export interface PushCallStatusesDeps {
  connections: ConnectionStore;
  pusher: ConnectionPusher;
  log: { info(message: string, extra: Record<string, unknown>): void; warn(message: string, extra: Record<string, unknown>): void };
  /** Connections posted to at once, per message. */
  concurrency?: number;
}

export interface PushReport {
  messages: number;
  connections: number;
  delivered: number;
  /** Connections found closed and removed. */
  gone: number;
  /** Posts that failed for another reason (logged, not retried). */
  failed: number;
}

const DEFAULT_CONCURRENCY = 16;

/**
 * Pushes status changes, in the order given, to every supervisor connected:
 * 1. list the connections once (a failure here throws: the records are delivered again, nothing was
 *    pushed yet);
 * 2. for each message in order, post it to every connection, a few at a time, and wait for all of
 *    them before the next message, so that each connection sees the changes in order;
 * 3. a connection found gone is removed and skipped for the rest of the run;
 * 4. any other failure of one connection is logged and skipped: one broken supervisor must not hold
 *    the feed of the others, and retrying the batch would repeat the messages to everyone else.
 */
export async function pushCallStatuses(deps: PushCallStatusesDeps, messages: CallStatusMessage[]): Promise<PushReport> {
  const report: PushReport = { messages: messages.length, connections: 0, delivered: 0, gone: 0, failed: 0 };
  if (messages.length === 0) return report;
  let live = await deps.connections.listIds();
  report.connections = live.length;

  for (const message of messages) {
    const gone = new Set<string>();
    await forEachConcurrently(live, deps.concurrency ?? DEFAULT_CONCURRENCY, async (connectionId) => {
      try {
        await deps.pusher.push(connectionId, message);
        report.delivered += 1;
      } catch (error) {
        if (error instanceof ConnectionGoneError) {
          gone.add(connectionId);
          await removeGone(deps, connectionId);
        } else {
          report.failed += 1;
          deps.log.warn('Could not push a call status to a supervisor', { connectionId, callId: message.callId, error });
        }
      }
    });
    if (gone.size > 0) {
      report.gone += gone.size;
      live = live.filter((connectionId) => !gone.has(connectionId));
    }
  }
  deps.log.info('Call statuses pushed', { ...report });
  return report;
}

async function removeGone(deps: PushCallStatusesDeps, connectionId: string): Promise<void> {
  try {
    await deps.connections.remove(connectionId);
  } catch (error) {
    // Harmless: the next push finds it gone again, and its TTL removes it in the end.
    deps.log.warn('Could not remove a closed supervisor connection', { connectionId, error });
  }
}

async function forEachConcurrently<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
