/**
 * Guards for functions that build large values (repeat, indent, until, rand…): they allocate
 * before the output budget could notice, so they check their own size first.
 * @module
 */
import { TemplateError } from './errors.js';

/** Largest string or list a single function call may build. */
export const MAX_FUNC_SIZE = 1 << 24;

/** @throws TemplateError (kind 'budget') when `n` exceeds MAX_FUNC_SIZE */
export function guardSize(n: number): void {
  if (n > MAX_FUNC_SIZE)
    throw new TemplateError(`template: function result of ${n} elements exceeds ${MAX_FUNC_SIZE}`, 'budget');
}
