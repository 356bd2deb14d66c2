import { NotFoundError } from '../shared/errors';
import type { AppliedEvent } from './call-event';
import type { CallStore, CallView } from './ports';

export async function getCall(store: CallStore, callId: string): Promise<CallView> {
  const call = await store.getCall(callId);
  if (!call) throw new NotFoundError(`No event of call ${callId} has been handled yet.`);
  return call;
}

/** The call's events in the order they were handled. */
export async function listCallEvents(store: CallStore, callId: string): Promise<{ callId: string; events: AppliedEvent[] }> {
  const events = await store.listAppliedEvents(callId);
  if (events.length === 0) throw new NotFoundError(`No event of call ${callId} has been handled yet.`);
  return { callId, events };
}
