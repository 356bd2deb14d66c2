import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { IdempotencyAlreadyInProgressError, IdempotencyValidationError } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { z } from 'zod';
import { loadOrdersConfig, makeOrdersDeps } from '../../lib/orders/deps';
import { createOrderBodySchema, type CreateOrderInput } from '../../lib/orders/order';
import { createOrder } from '../../lib/orders/orders';
import { ConflictError, ValidationError } from '../../lib/shared/errors';
import { httpHandler, json, jsonBody, parseWith } from '../../lib/shared/http';
import { logger } from '../../lib/shared/logger';

const deps = makeOrdersDeps(loadOrdersConfig());
const MAX_BODY_BYTES = 64 * 1024;
const idempotencyKeySchema = z.string().regex(/^[\x20-\x7E]{1,255}$/);

// Idempotency-Key: Powertools keeps the first answer for 24 h, keyed by the key and checked against the
// body: the same key with the same body answers the first order again and creates nothing; with
// another body it is a 409.
const config = new IdempotencyConfig({ eventKeyJmesPath: 'key', payloadValidationJmesPath: 'body', expiresAfterSeconds: 24 * 60 * 60 });
const createOnce = makeIdempotent(async (request: { key: string; body: CreateOrderInput }) => createOrder(deps.orders, request.body), {
  persistenceStore: new DynamoDBPersistenceLayer({ tableName: deps.idempotencyTable, awsSdkV3Client: new DynamoDBClient({}) }),
  config,
});

// POST /orders
export const handler = httpHandler(async (event, context) => {
  const body = parseWith(createOrderBodySchema, jsonBody(event, MAX_BODY_BYTES));
  const header = event.headers?.['idempotency-key'];
  if (header === undefined) return json(201, await createOrder(deps.orders, body));

  const parsedKey = idempotencyKeySchema.safeParse(header);
  if (!parsedKey.success) throw new ValidationError('The Idempotency-Key header must be 1-255 printable ASCII characters.');
  const key = parsedKey.data;
  config.registerLambdaContext(context);
  try {
    const order = await createOnce({ key, body });
    logger.info('Order answered for an Idempotency-Key', { orderId: order.id });
    return json(201, order);
  } catch (error) {
    if (error instanceof IdempotencyValidationError) throw new ConflictError('This Idempotency-Key was used with a different body.');
    if (error instanceof IdempotencyAlreadyInProgressError) throw new ConflictError('A request with this Idempotency-Key is still in progress; retry shortly.');
    throw error;
  }
});
