import { z } from 'zod';
import { dynamoDocumentClient, sqsClient } from '../shared/aws-clients';
import { loadConfig } from '../shared/config';
import { DynamoDbNotificationStore } from './adapters/dynamodb-notification-store';

const notificationConfigSchema = z.object({
  NOTIFICATIONS_TABLE: z.string().min(1),
  REQUEST_METRICS_FILE: z.string().optional().transform((value) => value || undefined),
});

export const loadNotificationConfig = () => loadConfig(notificationConfigSchema);

/** The notification context wired to its adapters; built once per container. */
export function makeNotificationDeps(config: z.infer<typeof notificationConfigSchema>) {
  const clients = { requestMetricsFile: config.REQUEST_METRICS_FILE };
  return { store: new DynamoDbNotificationStore(dynamoDocumentClient(clients), config.NOTIFICATIONS_TABLE), sqs: sqsClient(clients) };
}
