/**
 * Bounding one execution in time: the client has no per-call deadline, so a server that accepts and
 * never answers would hold the trigger forever. The calls keep running in the background when given
 * up on; their answers are dropped.
 * @module
 */

/** The execution was given up (timeout or a stopping sensor); a later attempt may succeed. */
export class GiveUpError extends Error {
  override name = 'GiveUpError';
}

/** Await `p` until `timeoutMs` passes or `signal` aborts. @throws {GiveUpError} */
export async function bounded<T>(p: Promise<T>, signal: AbortSignal, timeoutMs: number): Promise<T> {
  const limit = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
  let onAbort!: () => void;
  const given = new Promise<never>((_, reject) => {
    onAbort = () =>
      reject(
        new GiveUpError(signal.aborted ? 'stopping' : `no answer from the API server in ${timeoutMs} ms`),
      );
    if (limit.aborted) onAbort();
    else limit.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([p, given]);
  } finally {
    limit.removeEventListener('abort', onAbort);
    p.catch(() => {});
  }
}
