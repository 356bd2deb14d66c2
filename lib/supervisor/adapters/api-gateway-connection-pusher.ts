import { type ApiGatewayManagementApiClient, GoneException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import type { CallStatusMessage } from '../call-status';
import { ConnectionGoneError, type ConnectionPusher } from '../ports';

// Posts to a websocket connection through API Gateway's management API
// (POST {endpoint}/@connections/{connectionId}). A closed connection answers 410: AWS names it
// GoneException; serverless-offline answers a bare 410 with no error type, hence the status check.
export class ApiGatewayConnectionPusher implements ConnectionPusher {
  constructor(private readonly client: ApiGatewayManagementApiClient) {}

  async push(connectionId: string, message: CallStatusMessage): Promise<void> {
    try {
      await this.client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: JSON.stringify(message) }));
    } catch (error) {
      if (isGone(error)) throw new ConnectionGoneError(connectionId);
      throw error;
    }
  }
}

function isGone(error: unknown): boolean {
  if (error instanceof GoneException) return true;
  const { name, $metadata } = (error ?? {}) as { name?: string; $metadata?: { httpStatusCode?: number } };
  return name === 'GoneException' || $metadata?.httpStatusCode === 410;
}
