/**
 * Typed errors. Each carries `cause` and the context a user needs: which resource, which field path,
 * which source or trigger. Where they apply, `retryable`/`retryAfterMs` drive ack, nak and redelivery.
 * @module
 */

/** A position in a source file (1-based line and column). */
export interface SourcePos {
  file: string;
  line: number;
  col: number;
}

export type Severity = 'error' | 'warning';

/** One finding about a document: where, what was found, what was expected. */
export interface Issue {
  severity: Severity;
  /** Field path in the form `spec.triggers[1].template.http.url` ('' for the document itself). */
  path: string;
  message: string;
  pos?: SourcePos;
}

/** Base class: every jetflow error has a stable `code` and optional context. */
export class JetflowError extends Error {
  readonly code: string = 'JETFLOW';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad input: a document (or a value in it) does not validate. */
export class ValidationError extends JetflowError {
  override readonly code = 'VALIDATION';
  constructor(
    message: string,
    readonly issues: Issue[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Configuration the user must fix before anything runs (missing binary, unknown version, ...). */
export class ConfigError extends JetflowError {
  override readonly code = 'CONFIG';
}

/** A feature lint accepts but jetflow cannot run yet (e.g. a kafka source). */
export class UnsupportedError extends JetflowError {
  override readonly code = 'UNSUPPORTED';
}

/** A secret or config map reference that could not be resolved. */
export class SecretNotFoundError extends JetflowError {
  override readonly code = 'SECRET_NOT_FOUND';
}

/** Errors of an event source listener. */
export class SourceError extends JetflowError {
  override readonly code: string = 'SOURCE';
  constructor(
    message: string,
    readonly context: { sourceType: string; eventSourceName: string; eventName: string },
    options?: ErrorOptions,
  ) {
    super(
      `${context.sourceType} event source ${context.eventSourceName}/${context.eventName}: ${message}`,
      options,
    );
  }
}

/**
 * Errors of a trigger execution. `retryable: false` sends it straight to the dead-letter path;
 * `retryAfterMs` (a peer's Retry-After) makes the next attempt wait at least that long.
 */
export class TriggerError extends JetflowError {
  override readonly code: string = 'TRIGGER';
  retryAfterMs?: number;
  constructor(
    message: string,
    readonly context: { triggerType: string; sensorName: string; triggerName: string; dependency?: string },
    readonly retryable = true,
    options?: ErrorOptions,
  ) {
    super(
      `sensor ${context.sensorName}, trigger ${context.triggerName} (${context.triggerType}): ${message}`,
      options,
    );
  }
}

/** The bus could not store or deliver something; `retryAfterMs` is a hint for HTTP 503 Retry-After. */
export class BusError extends JetflowError {
  override readonly code: string = 'BUS';
  constructor(
    message: string,
    readonly retryAfterMs = 1000,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Format an issue the way lint prints it: `file:line:col: path: message`. */
export function formatIssue(i: Issue): string {
  const where = i.pos ? `${i.pos.file}:${i.pos.line}:${i.pos.col}: ` : '';
  return `${where}${i.path ? `${i.path}: ` : ''}${i.message}`;
}
