/** Messages between the sandbox client (sandbox.ts) and its worker (sandbox-worker.ts). */

export type SandboxKind = 'lua-filter' | 'lua-transform' | 'jq-transform';

export interface SandboxRequest {
  id: number;
  kind: SandboxKind;
  program: string;
  /** The event data: a JSON object, or `null`. */
  data: Record<string, unknown> | null;
  maxInstructions: number;
  timeoutMs: number;
}

export type SandboxResponse =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** Sent once by a worker when its engines are loaded: run budgets start counting only then. */
export interface SandboxReady {
  ready: true;
}
