import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import {
  AppError,
  ConflictError,
  DependencyUnavailableError,
  NotFoundError,
  PayloadTooLargeError,
  ResourceExhaustedError,
  ValidationError,
} from './errors';
import { logger } from './logger';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResponse = APIGatewayProxyStructuredResultV2;

export const ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

// The one place that turns errors into HTTP answers. An AWS dependency that is down or throttling is a
// 503 with Retry-After; anything else unexpected is logged with its stack and answered with a generic
// 500: clients never see stack traces or raw SDK errors.
const STATUS_BY_ERROR = new Map<Function, number>([
  [ValidationError, 400],
  [NotFoundError, 404],
  [ConflictError, 409],
  [PayloadTooLargeError, 413],
  [ResourceExhaustedError, 429],
  [DependencyUnavailableError, 503],
]);

export function errorResponse(error: unknown): HttpResponse {
  if (error instanceof AppError) {
    const statusCode = STATUS_BY_ERROR.get(error.constructor) ?? 500;
    const headers: Record<string, string> =
      error instanceof ResourceExhaustedError ? { 'retry-after': String(error.retryAfterSeconds) } : {};
    if (statusCode >= 500) logger.error('Request failed', { error });
    else logger.info('Request rejected', { code: error.code, reason: error.message });
    const body = { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) };
    return json(statusCode, { error: body }, headers);
  }
  if (isDependencyOutage(error)) {
    logger.error('A dependency is unavailable', { error: error as Error });
    return json(503, { error: { code: 'SERVICE_UNAVAILABLE', message: 'A dependency is unavailable; the request can be repeated safely.' } }, { 'retry-after': '1' });
  }
  logger.error('Unexpected error', { error: error as Error });
  return json(500, { error: { code: 'INTERNAL', message: 'Internal error.' } });
}

const THROTTLING_ERRORS = new Set([
  'ThrottlingException', 'Throttling', 'ProvisionedThroughputExceededException', 'RequestLimitExceeded',
  'TooManyRequestsException', 'RequestThrottled', 'ServiceUnavailable', 'InternalServerError',
]);
const NETWORK_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * An AWS service failing on its side, throttling, or out of reach (after the SDK's own retries): a
 * 503 the client may retry, not a 500. An SDK error the service blames on the request is our bug: 500.
 */
function isDependencyOutage(error: unknown): boolean {
  const e = (error ?? {}) as { $fault?: string; name?: string; code?: string };
  return e.$fault === 'server' || THROTTLING_ERRORS.has(e.name ?? '') || NETWORK_ERRORS.has(e.code ?? '') || e.name === 'TimeoutError';
}

/** The middy stack every HTTP function uses: structured logs with request context, errors mapped once. */
export function httpHandler(handle: (event: HttpEvent, context: Context) => Promise<HttpResponse>) {
  return middy<HttpEvent, HttpResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({ onError: (request) => void (request.response = errorResponse(request.error)) })
    .handler(handle);
}

/** A path parameter that must be an id of API.md's shape. */
export function pathId(event: HttpEvent, name: string): string {
  const value = event.pathParameters?.[name];
  if (value === undefined || !ID_PATTERN.test(value)) {
    throw new ValidationError(`Path parameter ${name} must be 1-128 characters of A-Z a-z 0-9 _ . : -`, { parameter: name });
  }
  return value;
}

/** The raw body, refused past limitBytes, parsed as JSON. */
export function jsonBody(event: HttpEvent, limitBytes: number): unknown {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > limitBytes) throw new PayloadTooLargeError(limitBytes);
  if (bytes.length === 0) throw new ValidationError('The request body must be a JSON document.');
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ValidationError('The request body is not valid JSON.');
  }
}

/** Validates a value with a zod schema; the 400 names each problem by its path. */
export function parseWith<Schema extends z.ZodType>(schema: Schema, value: unknown, what = 'request body'): z.infer<Schema> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new ValidationError(`The ${what} is invalid.`, describeIssues(parsed.error.issues));
  }
  return parsed.data;
}

export function describeIssues(issues: z.core.$ZodIssue[]) {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}
