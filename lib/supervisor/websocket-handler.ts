import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { logger } from '../shared/logger';

export type WebsocketEvent = APIGatewayProxyWebsocketEventV2;
export type WebsocketResult = { statusCode: number };

/**
 * The middy stack for websocket routes: logs keyed by connection, and any failure answered 500 (on
 * $connect that refuses the handshake, so the page retries) without a stack trace.
 * serverless-offline needs an object with a statusCode back, or it refuses the connection with 502.
 */
export function websocketHandler(handle: (connectionId: string, event: WebsocketEvent) => Promise<WebsocketResult>) {
  return middy<WebsocketEvent, APIGatewayProxyResultV2>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({
      onError: (request) => {
        logger.error('Websocket route failed', { routeKey: request.event.requestContext.routeKey, error: request.error as Error });
        request.response = { statusCode: 500 };
      },
    })
    .handler(async (event) => {
      const { connectionId } = event.requestContext;
      logger.appendKeys({ connectionId });
      return handle(connectionId, event);
    });
}
