import { type ApplyCallEventsDeps, applyCallEvents } from './apply-call-events';
import type { CallEvent, QueuedCallMessage } from './call-event';
import { type CompleteCallDeps, completeCall, expireCompletionGrace } from './complete-call';

export type CallMessagesDeps = ApplyCallEventsDeps & CompleteCallDeps;

/**
 * The consumer's use case for one call's messages from one batch, in queue order: each run of events
 * is applied together (one commit), and each control message is handled where it stands among them.
 */
export async function handleCallMessages(deps: CallMessagesDeps, callId: string, messages: QueuedCallMessage[]): Promise<void> {
  let run: CallEvent[] = [];
  const flush = async () => {
    if (run.length > 0) await applyCallEvents(deps, callId, run);
    run = [];
  };
  for (const message of messages) {
    if (message.kind === 'event') {
      run.push(message.event);
      continue;
    }
    await flush();
    if (message.kind === 'complete') await completeCall(deps, callId, message.lastSequence);
    else await expireCompletionGrace(deps, callId, message.lastSequence);
  }
  await flush();
}
