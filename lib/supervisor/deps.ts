import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { z } from 'zod';
import { countRequests, dynamoDocumentClient } from '../shared/aws-clients';
import { systemClock } from '../shared/clock';
import { loadConfig } from '../shared/config';
import { logger } from '../shared/logger';
import { ApiGatewayConnectionPusher } from './adapters/api-gateway-connection-pusher';
import { DynamoDbConnectionStore } from './adapters/dynamodb-connection-store';
import type { ConnectionDeps } from './connections';
import type { PushCallStatusesDeps } from './push-call-statuses';

const optionalString = z.string().optional().transform((value) => value || undefined);

const connectionsConfigSchema = z.object({
  CONNECTIONS_TABLE: z.string().min(1),
  REQUEST_METRICS_FILE: optionalString,
});

const pushConfigSchema = connectionsConfigSchema.extend({
  // API Gateway's management endpoint: https://{api id}.execute-api.{region}.amazonaws.com/{stage} in
  // AWS, serverless-offline's websocket port locally (http://127.0.0.1:3001).
  WEBSOCKET_API_ENDPOINT: z.url({ protocol: /^https?$/ }),
});

export type ConnectionsConfig = z.infer<typeof connectionsConfigSchema>;
export type PushConfig = z.infer<typeof pushConfigSchema>;

export const loadConnectionsConfig = () => loadConfig(connectionsConfigSchema);
export const loadPushConfig = () => loadConfig(pushConfigSchema);

function connectionStore(config: ConnectionsConfig) {
  return new DynamoDbConnectionStore(dynamoDocumentClient({ requestMetricsFile: config.REQUEST_METRICS_FILE }), config.CONNECTIONS_TABLE);
}

/** $connect / $disconnect, built once per container. */
export function makeConnectionDeps(config: ConnectionsConfig): ConnectionDeps {
  return { connections: connectionStore(config), clock: systemClock };
}

/** The status fan-out, built once per container. */
export function makePushDeps(config: PushConfig): PushCallStatusesDeps {
  // The explicit endpoint wins over AWS_ENDPOINT_URL, which names moto locally. Short timeouts: a
  // stuck connection must not hold the feed of the others for long.
  const client = new ApiGatewayManagementApiClient({
    endpoint: config.WEBSOCKET_API_ENDPOINT,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
  });
  countRequests(client as never, 'ApiGatewayManagementApi', { requestMetricsFile: config.REQUEST_METRICS_FILE });
  return { connections: connectionStore(config), pusher: new ApiGatewayConnectionPusher(client), log: logger };
}
