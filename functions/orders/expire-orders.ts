import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { SQSEvent } from 'aws-lambda';
import { z } from 'zod';
import { loadOrdersConfig, makeOrdersDeps } from '../../lib/orders/deps';
import { expireOrder } from '../../lib/orders/orders';
import { logger } from '../../lib/shared/logger';

const deps = makeOrdersDeps(loadOrdersConfig());
const timerSchema = z.object({ orderId: z.string().min(1) });

// The saga monitor: each order's timer (a delayed message, SAGA_TIMEOUT_S after it was created) cancels
// it with reason TIMEOUT if it is still PENDING. A failure returns the batch; expiring is idempotent.
export const handler = middy<SQSEvent, void>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    for (const record of event.Records) await expireOrder(deps.orders, timerSchema.parse(JSON.parse(record.body)).orderId);
  });
