/** Poll `cond` until it returns a truthy value or the timeout expires. No fixed sleeps in tests. */
export async function waitFor(cond, opts = {}) {
    const timeout = opts.timeout ?? 10_000;
    const interval = opts.interval ?? 25;
    const deadline = Date.now() + timeout;
    let lastError;
    for (;;) {
        try {
            const v = await cond();
            if (v)
                return v;
        }
        catch (err) {
            lastError = err;
        }
        if (Date.now() > deadline) {
            const why = lastError instanceof Error ? `: last error: ${lastError.message}` : '';
            throw new Error(`waitFor timed out after ${timeout} ms${opts.message ? ` (${opts.message})` : ''}${why}`);
        }
        await new Promise((r) => setTimeout(r, interval));
    }
}
//# sourceMappingURL=wait-for.js.map