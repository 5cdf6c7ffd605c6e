/**
 * The one error type of the path engine. gjson never fails (a path that matches nothing is simply
 * not found); errors come from sjson (`path cannot be empty`, a non-numeric key on an array) and
 * from jetflow's own limits (a path so deeply nested it would overflow the stack).
 * @module
 */
import { JetflowError } from '../../api/index.js';

/** A path could not be applied. `path` is the offending path. */
export class PathError extends JetflowError {
  override readonly code = 'PATH';
  constructor(
    message: string,
    readonly path: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
