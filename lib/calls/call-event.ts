import { z } from 'zod';

// The call events users send, as validated at the edge and carried on the queue.

export const callIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'must be 1-128 characters of A-Z a-z 0-9 _ . : -');

export const callEventFields = {
  sequence: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  type: z.string().min(1).max(64),
  payload: z.json().optional(),
  timestamp: z.iso.datetime({ offset: true }).optional(),
};

/** Body of POST /calls/{callId}/events. */
export const callEventBodySchema = z.strictObject(callEventFields);

/** One entry of POST /events. */
export const batchedCallEventSchema = z.strictObject({ callId: callIdSchema, ...callEventFields });

export const MAX_EVENTS_PER_BATCH = 500;

export type CallEventInput = z.infer<typeof batchedCallEventSchema>;

/** A call event as queued: what the user sent plus when the service accepted it. */
export interface CallEvent extends CallEventInput {
  acceptedAt: string;
}

export const queuedCallEventSchema = batchedCallEventSchema.extend({ acceptedAt: z.iso.datetime() });

/** An event once handled, as listed by GET /calls/{callId}/events. */
export interface AppliedEvent {
  sequence: number;
  type: string;
  startedAt: string;
  processedAt: string;
}

export const MAX_EVENT_BYTES = 64 * 1024;
export const MAX_BATCH_BYTES = 1024 * 1024;

const batchEnvelopeSchema = z.strictObject({ events: z.array(z.unknown()).min(1).max(MAX_EVENTS_PER_BATCH) });

export interface BatchProblem {
  index?: number;
  path: string;
  message: string;
}

/**
 * POST /events, validated all or nothing: every bad entry is named by its index, so the producer can
 * fix them and send the whole batch again.
 */
export function parseEventBatch(body: unknown): { events: CallEventInput[]; problems: BatchProblem[] } {
  const envelope = batchEnvelopeSchema.safeParse(body);
  if (!envelope.success) {
    return { events: [], problems: envelope.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })) };
  }
  const events: CallEventInput[] = [];
  const problems: BatchProblem[] = [];
  envelope.data.events.forEach((entry, index) => {
    const parsed = batchedCallEventSchema.safeParse(entry);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ index, path: issue.path.map(String).join('.'), message: issue.message });
    } else if (Buffer.byteLength(JSON.stringify(entry)) > MAX_EVENT_BYTES) {
      problems.push({ index, path: '', message: `an event may be at most ${MAX_EVENT_BYTES} bytes` });
    } else {
      events.push(parsed.data);
    }
  });
  return { events, problems };
}

/** Body of POST /calls/{callId}/complete. */
export const completeCallBodySchema = z.strictObject({ lastSequence: callEventFields.sequence });

const controlMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('complete'), callId: callIdSchema, lastSequence: callEventFields.sequence, acceptedAt: z.iso.datetime() }),
  z.object({ kind: z.literal('grace-expired'), callId: callIdSchema, lastSequence: callEventFields.sequence, acceptedAt: z.iso.datetime() }),
]);

/** What a call's queue group carries: its events, then control messages ordered among them. */
export type QueuedCallMessage = { kind: 'event'; event: CallEvent } | z.infer<typeof controlMessageSchema>;

export function parseQueuedMessage(body: string): QueuedCallMessage {
  const message = JSON.parse(body) as { kind?: unknown };
  if (message.kind === undefined) return { kind: 'event', event: queuedCallEventSchema.parse(message) };
  return controlMessageSchema.parse(message);
}
