import { z } from 'zod';
import { callIdSchema } from '../../lib/calls/call-event';
import { loadCallsConfig, makeCallDeps } from '../../lib/calls/deps';
import { runAiJob } from '../../lib/calls/run-ai-job';
import { retryingSqsConsumer } from '../../lib/shared/sqs-retrying-consumer';

const deps = makeCallDeps(loadCallsConfig());
const callCompletedSchema = z.object({ 'detail-type': z.literal('CallCompleted'), detail: z.object({ callId: callIdSchema }) });

// CallCompleted events from the bus, through the AI-jobs queue. Each record is one attempt at most; a
// record to retry comes back after its backoff delay (SQS counts it in whole seconds).
export const handler = retryingSqsConsumer(
  deps.sqs,
  async (record) => {
    const outcome = await runAiJob(deps.aiJobs, callIdOf(record.body), record.messageId);
    return outcome.status === 'retry' ? outcome : { status: 'done' };
  },
  (record) => ({ callId: JSON.parse(record.body)?.detail?.callId }),
);

const callIdOf = (body: string) => callCompletedSchema.parse(JSON.parse(body)).detail.callId;
