/**
 * Worker thread running Lua and jq programs for the sandbox client. It only computes: it has no access
 * to the bus, secrets or files beyond what the programs' libraries allow (none, see lua-engine.ts).
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { JqEngine } from './jq-engine.js';
import { LuaEngine } from './lua-engine.js';
import type { SandboxReady, SandboxRequest, SandboxResponse } from './sandbox-protocol.js';

// jqjs prints some matches with console.log; the worker's stdout is the sensor's log stream
for (const k of ['log', 'info', 'warn', 'error', 'debug'] as const) console[k] = () => {};

const lua = new LuaEngine();
const jq = new JqEngine();

function handle(req: SandboxRequest): unknown {
  const limits = { maxInstructions: req.maxInstructions, timeoutMs: req.timeoutMs };
  switch (req.kind) {
    case 'lua-filter':
      return lua.filter(req.program, req.data, limits);
    case 'lua-transform':
      return lua.transform(req.program, req.data, limits);
    case 'jq-transform':
      return jq.transform(req.program, req.data);
  }
}

parentPort?.on('message', (req: SandboxRequest) => {
  let res: SandboxResponse;
  try {
    res = { id: req.id, ok: true, value: handle(req) };
  } catch (err) {
    res = { id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(res);
});

parentPort?.postMessage({ ready: true } satisfies SandboxReady);
