/**
 * Admin errors and the one place that maps an error to an HTTP status and answer body. Unexpected
 * errors answer 500 with a generic message (the details go to the log only: they may name files or
 * hold values that must not be echoed).
 * @module
 */
import { BusError, ConfigError, JetflowError, ValidationError } from '../api/index.js';

/** An error with an HTTP status. */
export class HttpError extends JetflowError {
  override readonly code: string = 'HTTP';
  constructor(
    readonly status: number,
    message: string,
    readonly body?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export class BadRequestError extends HttpError {
  constructor(message: string) {
    super(400, message);
  }
}

export class UnauthorizedError extends HttpError {
  constructor() {
    super(401, 'missing or invalid bearer token');
  }
}

export class NotFoundError extends HttpError {
  constructor(message = 'not found') {
    super(404, message);
  }
}

export class MethodNotAllowedError extends HttpError {
  constructor(readonly allowed: string[]) {
    super(405, `method not allowed (allowed: ${allowed.join(', ')})`);
  }
}

export class NotReadyError extends HttpError {
  constructor(notReady: string[]) {
    super(503, 'not ready', { notReady });
  }
}

export class TooManyStreamsError extends HttpError {
  constructor() {
    super(503, 'too many live stream clients');
  }
}

/** The admin server cannot start with these options (e.g. a public address without a token). */
export class AdminConfigError extends ConfigError {}

/** Status, JSON body and whether the error is unexpected (to be logged) for any thrown value. */
export function errorAnswer(err: unknown): {
  status: number;
  body: Record<string, unknown>;
  unexpected: boolean;
} {
  if (err instanceof HttpError)
    return { status: err.status, body: { error: err.message, ...err.body }, unexpected: false };
  if (err instanceof ValidationError) return { status: 400, body: { error: err.message }, unexpected: false };
  if (err instanceof BusError)
    return { status: 503, body: { error: 'the event bus is unavailable' }, unexpected: true };
  return { status: 500, body: { error: 'internal error' }, unexpected: true };
}
