import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { SQSEvent } from 'aws-lambda';
import { z } from 'zod';
import { callIdSchema } from '../../lib/calls/call-event';
import { loadCallsConfig, makeCallDeps } from '../../lib/calls/deps';
import { systemClock } from '../../lib/shared/clock';
import { logger } from '../../lib/shared/logger';

const deps = makeCallDeps(loadCallsConfig());
const timerSchema = z.object({ callId: callIdSchema, lastSequence: z.number().int().min(1) });

// A completion's grace period is over: queue `grace-expired` in the call's group, so the consumer
// handles it in order with the call's events (and within the cap). A failure returns the batch.
export const handler = middy<SQSEvent, void>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    for (const record of event.Records) {
      const { callId, lastSequence } = timerSchema.parse(JSON.parse(record.body));
      await deps.ingest.queue.enqueueControl({ kind: 'grace-expired', callId, lastSequence, acceptedAt: systemClock.now().toISOString() });
    }
  });
