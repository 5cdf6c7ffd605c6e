/**
 * Kubernetes `Status` bodies (what the real API server answers on errors), and the error type the
 * request handlers throw to produce one.
 * @module
 */

export type Obj = Record<string, any>;

/** An API answer that is not 2xx: the router turns it into a `Status` body with this code. */
export class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Obj,
  ) {
    super(message);
  }
}

export function statusBody(code: number, reason: string, message: string, details?: Obj): Obj {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details && { details }),
    code,
  };
}

/** `<plural>.<group> "<name>"` as the real server words it (core kinds have no group). */
export function qualified(plural: string, group: string): string {
  return group ? `${plural}.${group}` : plural;
}

export const notFound = (plural: string, group: string, name: string) =>
  new StatusError(404, 'NotFound', `${qualified(plural, group)} "${name}" not found`, {
    name,
    group,
    kind: plural,
  });

export const alreadyExists = (plural: string, group: string, name: string) =>
  new StatusError(409, 'AlreadyExists', `${qualified(plural, group)} "${name}" already exists`, {
    name,
    group,
    kind: plural,
  });

export const conflict = (plural: string, group: string, name: string) =>
  new StatusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(plural, group)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, group, kind: plural },
  );

export const invalid = (kind: string, name: string, causes: { field: string; message: string }[]) =>
  new StatusError(
    422,
    'Invalid',
    `${kind} "${name}" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}`,
    { name, kind, causes: causes.map((c) => ({ reason: 'FieldValueInvalid', ...c })) },
  );

export const badRequest = (message: string) => new StatusError(400, 'BadRequest', message);

export const resourceNotFound = () =>
  new StatusError(404, 'NotFound', 'the server could not find the requested resource');

export const gone = (rv: string, oldest: number) =>
  new StatusError(410, 'Expired', `too old resource version: ${rv} (${oldest})`);
