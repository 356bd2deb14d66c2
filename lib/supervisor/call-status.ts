import { z } from 'zod';

// What the supervisor consumes and pushes. The calls context publishes a CallStatusChanged event on
// EventBridge for every status change; a rule delivers the whole EventBridge envelope, in order, to the
// supervisor's FIFO queue. Each one becomes one websocket message:
//   {"type": "call.status", "callId", "from", "to", "at"}   (from is null for a call's first status)

export const CALL_STATUSES = ['IN_PROGRESS', 'COMPLETED', 'PROCESSING_AI', 'ARCHIVED', 'FAILED'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export const CALL_STATUS_EVENT_SOURCE = 'ordered-events.calls';
export const CALL_STATUS_DETAIL_TYPE = 'CallStatusChanged';

const callStatusSchema = z.enum(CALL_STATUSES);

export const callStatusChangedDetailSchema = z.object({
  callId: z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'must be 1-128 characters of A-Z a-z 0-9 _ . : -'),
  from: callStatusSchema.nullable(),
  to: callStatusSchema,
  at: z.iso.datetime({ offset: true }),
});

/**
 * The EventBridge envelope as a rule delivers it to SQS (the message body). Only what is used is
 * required: moto's delivery, for one, leaves out `account`. Extra fields (the publisher adds eventId,
 * occurredAt and schemaVersion to the detail) are allowed.
 */
export const callStatusChangedEnvelopeSchema = z.object({
  version: z.string().optional(),
  id: z.string().optional(),
  'detail-type': z.literal(CALL_STATUS_DETAIL_TYPE),
  source: z.literal(CALL_STATUS_EVENT_SOURCE),
  account: z.string().optional(),
  time: z.string().optional(),
  region: z.string().optional(),
  resources: z.array(z.string()).optional(),
  detail: callStatusChangedDetailSchema,
});

export type CallStatusChangedEnvelope = z.infer<typeof callStatusChangedEnvelopeSchema>;

export interface CallStatusMessage {
  type: 'call.status';
  callId: string;
  from: CallStatus | null;
  to: CallStatus;
  at: string;
}

/**
 * A queue message that is not a CallStatusChanged envelope. It can never be pushed, but it is not
 * dropped either: the record fails, and after the queue's maxReceiveCount it lands in the DLQ.
 */
export class MalformedCallStatusEventError extends Error {
  override name = 'MalformedCallStatusEventError';
  constructor(
    message: string,
    readonly problems: Array<{ path: string; message: string }> = [],
  ) {
    super(message);
  }
}

/** One record body (the EventBridge envelope as JSON) to the message pushed to supervisors. */
export function parseCallStatusMessage(body: string): CallStatusMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new MalformedCallStatusEventError('The message body is not JSON.');
  }
  const parsed = callStatusChangedEnvelopeSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
    throw new MalformedCallStatusEventError('The message body is not a CallStatusChanged event.', problems);
  }
  return toCallStatusMessage(parsed.data);
}

export function toCallStatusMessage({ detail }: CallStatusChangedEnvelope): CallStatusMessage {
  return { type: 'call.status', callId: detail.callId, from: detail.from, to: detail.to, at: detail.at };
}
