import { handlePaymentEvent } from '../../lib/payment/handle-payment-event';
import { loadPaymentConfig, makePaymentDeps } from '../../lib/payment/deps';
import { sagaConsumer } from '../../lib/saga/saga-consumer';
import { logger } from '../../lib/shared/logger';

const { deps, sqs } = makePaymentDeps(loadPaymentConfig());

// OrderCreated, InventoryReserved and OrderCancelled from the payment queue: record, charge, cancel.
export const handler = sagaConsumer(sqs, (event, record) => {
  logger.appendKeys({ orderId: event.correlationId });
  return handlePaymentEvent(deps, event, { messageId: record.messageId, receiveCount: Number(record.attributes.ApproximateReceiveCount) || 1 });
});
