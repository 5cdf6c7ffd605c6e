/**
 * The one error type of the template engine. Messages follow Go's text/template wording, so a
 * log line reads like upstream's (`template: param:1: function "foo" not defined`).
 * @module
 */
import { JetflowError } from '../../api/index.js';

/**
 * `parse`: the text is not a valid template (including unknown functions).
 * `exec`: executing it failed (wrong types, missing template, a function's error).
 * `budget`: it ran past the output-size or step budget (e.g. an endless range).
 */
export type TemplateErrorKind = 'parse' | 'exec' | 'budget';

export class TemplateError extends JetflowError {
  override readonly code = 'TEMPLATE';
  constructor(
    message: string,
    readonly kind: TemplateErrorKind,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
