// Errors the service answers with. Each carries the public error code of API.md; the HTTP status for
// each class is chosen in one place, lib/shared/http.ts.

export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: unknown) {
    super('VALIDATION_ERROR', message, details);
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details?: unknown) {
    super('CONFLICT', message, details);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super('PAYLOAD_TOO_LARGE', `The request body is larger than ${limitBytes} bytes.`, { limitBytes });
  }
}

export class ResourceExhaustedError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    details?: unknown,
  ) {
    super('RESOURCE_EXHAUSTED', message, details);
  }
}

/** An AWS dependency kept failing after retries; the request may be repeated safely. */
export class DependencyUnavailableError extends AppError {
  constructor(message: string) {
    super('SERVICE_UNAVAILABLE', message);
  }
}

/** Settings missing or malformed at cold start: fail fast with a message naming them. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
