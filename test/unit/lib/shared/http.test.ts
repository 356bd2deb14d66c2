import { describe, expect, it } from 'vitest';
import { ResourceExhaustedError, ValidationError } from '../../../../lib/shared/errors';
import { errorResponse, jsonBody, pathId, type HttpEvent } from '../../../../lib/shared/http';

const event = (body?: string, pathParameters?: Record<string, string>) => ({ body, pathParameters, isBase64Encoded: false }) as unknown as HttpEvent;

describe('HTTP mapping', () => {
  it('answers errors in the API.md shape with their status', () => {
    const response = errorResponse(new ValidationError('bad', [{ index: 1 }]));
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body!)).toEqual({ error: { code: 'VALIDATION_ERROR', message: 'bad', details: [{ index: 1 }] } });
  });

  it('adds Retry-After to 429s', () => {
    const response = errorResponse(new ResourceExhaustedError('full', 7));
    expect(response.statusCode).toBe(429);
    expect(response.headers!['retry-after']).toBe('7');
  });

  it('hides unexpected errors behind a generic 500', () => {
    const response = errorResponse(new Error('secret stack detail'));
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('secret');
  });

  it('answers 503 with Retry-After when an AWS dependency is down, throttling or unreachable', () => {
    const serverFault = Object.assign(new Error('boom'), { name: 'InternalServerError', $fault: 'server' });
    const throttled = Object.assign(new Error('slow down'), { name: 'ProvisionedThroughputExceededException', $fault: 'client' });
    const unreachable = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    for (const error of [serverFault, throttled, unreachable]) {
      const response = errorResponse(error);
      expect(response.statusCode).toBe(503);
      expect(response.headers!['retry-after']).toBe('1');
      expect(JSON.parse(response.body!).error.code).toBe('SERVICE_UNAVAILABLE');
    }
    // A request the service refuses is our bug, not an outage.
    expect(errorResponse(Object.assign(new Error('bad key'), { name: 'ValidationException', $fault: 'client' })).statusCode).toBe(500);
  });

  it('refuses oversized, empty and malformed bodies', () => {
    expect(() => jsonBody(event('x'.repeat(11)), 10)).toThrow(expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE' }));
    expect(() => jsonBody(event(''), 10)).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
    expect(() => jsonBody(event('{'), 10)).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
    expect(jsonBody(event('{"a":1}'), 10)).toEqual({ a: 1 });
  });

  it('accepts ids of 1-128 allowed characters only', () => {
    expect(pathId(event(undefined, { callId: 'a.B_c:d-1' }), 'callId')).toBe('a.B_c:d-1');
    for (const bad of ['', 'a b', 'x'.repeat(129), 'é', 'a/b']) {
      expect(() => pathId(event(undefined, { callId: bad }), 'callId')).toThrow(ValidationError);
    }
  });
});
