import { httpHandler, json } from '../../lib/shared/http';

// GET /health: answers once serverless-offline (locally) or API Gateway (in AWS) routes to Lambda.
export const handler = httpHandler(async () => json(200, { status: 'ok' }));
