/**
 * The contract every trigger driver's test runs (node:test), against a real peer on loopback: a
 * resolved template goes in, a request comes out at the peer; connection refused, a peer that never
 * answers (timeout) and a stopping sensor (aborted signal) are retryable TriggerErrors; each driver's
 * own failure answers map to the retry decision it documents; and no secret value ever shows up in
 * what the driver logged (captured at `trace` level) or in the errors it threw (with their causes).
 * Test support code: never imported by the runtime.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import { TriggerError, type TriggerType } from '../api/index.js';
import type { TriggerPolicy } from '../api/index.js';
import {
  assertNoSecrets,
  captureLogs,
  contractContext,
  contractEvents,
  secretStoreOf,
  type Capture,
} from './contract-helpers.js';
import type { PreparedTrigger, TriggerContext, TriggerDriver, TriggerEvent } from './types.js';

export * from './contract-helpers.js';

/** A peer started for one test. */
export interface ContractPeer<T> {
  /** The resolved template aimed at this peer. */
  template: T;
  stop(): Promise<void>;
}

/** A peer that accepts; `expectDelivered` waits for and checks what it received for `events`. */
export interface AcceptingPeer<T> extends ContractPeer<T> {
  expectDelivered(events: Record<string, TriggerEvent>): Promise<void>;
}

/** A failure the peer answers with, and the retry decision the driver must make. */
export interface FailureCase<T> {
  name: string;
  retryable: boolean;
  start(): Promise<ContractPeer<T>>;
  /** The trigger's `policy` for this case (e.g. `status.allow`). */
  policy?: TriggerPolicy;
  /** The error message must match. */
  message?: RegExp;
  /** For a retryable case with a peer-given wait: the expected `retryAfterMs`. */
  retryAfterMs?: number;
}

export interface TriggerContractCase<T> {
  type: TriggerType;
  /** A fresh driver per test (driver options such as short timeouts go here). */
  driver(): TriggerDriver<T>;
  /** Secrets the templates reference: `name → key → value`. Every value is looked for in the output. */
  secrets: Record<string, Record<string, string>>;
  accepting(): Promise<AcceptingPeer<T>>;
  /** A template aimed at a closed port. */
  refused(): Promise<T>;
  /** A peer that accepts the connection and never answers. */
  hanging(): Promise<ContractPeer<T>>;
  /** How long the driver may take to give up on a hanging peer (its configured timeout + slack). */
  timeoutMs: number;
  failures?: FailureCase<T>[];
  /** The trigger's `policy` for the success, refused and timeout cases. */
  policy?: TriggerPolicy;
}

/** Run `prepare` + `execute` and return the error it threw (fails when it succeeded). */
export async function expectFailure<T>(
  driver: TriggerDriver<T>,
  template: T,
  ctx: TriggerContext,
  capture: Capture,
  events = contractEvents(),
): Promise<TriggerError> {
  let prepared: PreparedTrigger<T> | undefined;
  try {
    prepared = await driver.prepare(template, ctx);
    await prepared.execute(template, events, ctx);
  } catch (err) {
    capture.errors.push(err);
    assert.ok(err instanceof TriggerError, `expected a TriggerError, got ${inspect(err)}`);
    assert.equal(err.context.triggerName, ctx.triggerName);
    return err;
  } finally {
    await prepared?.close();
  }
  assert.fail('expected the execution to fail');
}

/** Register the contract suite for one driver. */
export function describeTriggerContract<T>(c: TriggerContractCase<T>): void {
  // Built per test: a suite may fill `secrets` in a `before` hook (generated certificates).
  const ctxOf = (cap: Capture, over: Partial<TriggerContext> = {}) =>
    contractContext(c.type, cap, secretStoreOf(c.secrets), {
      ...(c.policy && { policy: c.policy }),
      ...over,
    });
  /** Run one test body with a fresh capture, then scan it for secrets. */
  const scanned = (body: (cap: Capture) => Promise<void>) => async () => {
    const cap = captureLogs();
    await body(cap);
    assertNoSecrets(cap, c.secrets);
  };

  describe(`${c.type} trigger contract`, { timeout: c.timeoutMs + 20_000 }, () => {
    it(
      'delivers the resolved template to a real peer',
      scanned(async (cap) => {
        const peer = await c.accepting();
        const events = contractEvents();
        const ctx = ctxOf(cap);
        const prepared = await c.driver().prepare(peer.template, ctx);
        try {
          const outcome = await prepared.execute(peer.template, events, ctx);
          assert.equal(typeof outcome, 'object');
          await peer.expectDelivered(events);
        } finally {
          await prepared.close();
          await peer.stop();
        }
        assert.ok(cap.lines.length > 0, 'the driver logged something (so the secret scan means something)');
      }),
    );

    it(
      'connection refused is a retryable TriggerError',
      scanned(async (cap) => {
        const err = await expectFailure(c.driver(), await c.refused(), ctxOf(cap), cap);
        assert.equal(err.retryable, true, err.message);
        assert.equal(err.context.triggerType, c.type);
      }),
    );

    it(
      'a peer that never answers times out: retryable',
      scanned(async (cap) => {
        const peer = await c.hanging();
        const started = Date.now();
        try {
          const err = await expectFailure(c.driver(), peer.template, ctxOf(cap), cap);
          assert.equal(err.retryable, true, err.message);
          assert.ok(Date.now() - started <= c.timeoutMs, `gave up after ${Date.now() - started} ms`);
        } finally {
          await peer.stop();
        }
      }),
    );

    it(
      'a stopping sensor (aborted signal) ends a hanging execution: retryable',
      scanned(async (cap) => {
        const peer = await c.hanging();
        const abort = new AbortController();
        const timer = setTimeout(() => abort.abort(), 200);
        const started = Date.now();
        try {
          const err = await expectFailure(
            c.driver(),
            peer.template,
            ctxOf(cap, { signal: abort.signal }),
            cap,
          );
          assert.equal(err.retryable, true, err.message);
          assert.ok(Date.now() - started < c.timeoutMs, 'ended by the signal, not by the timeout');
        } finally {
          clearTimeout(timer);
          await peer.stop();
        }
      }),
    );

    for (const f of c.failures ?? [])
      it(
        `${f.name}: ${f.retryable ? 'retryable' : 'not retryable'}`,
        scanned(async (cap) => {
          const peer = await f.start();
          try {
            const ctx = ctxOf(cap, f.policy ? { policy: f.policy } : {});
            const err = await expectFailure(c.driver(), peer.template, ctx, cap);
            assert.equal(err.retryable, f.retryable, err.message);
            if (f.message) assert.match(err.message, f.message);
            if (f.retryAfterMs !== undefined)
              assert.equal((err as { retryAfterMs?: number }).retryAfterMs, f.retryAfterMs);
          } finally {
            await peer.stop();
          }
        }),
      );

    it('the secret scan catches a leaked secret (so it can fail)', () => {
      const cap = captureLogs();
      const [name, keys] = Object.entries(c.secrets)[0] ?? [];
      const value = keys ? Object.values(keys).find((v) => v.length >= 6) : undefined;
      assert.ok(name && value, 'the contract needs at least one secret of 6 or more characters');
      cap.logger.info({ leaked: `x${value}x` }, 'oops');
      assert.throws(() => assertNoSecrets(cap, c.secrets), /appears in logs or errors/);
    });
  });
}
