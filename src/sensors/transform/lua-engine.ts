/**
 * Lua for dependency transforms and script filters (spec/sensor.md §3, §4.6), on fengari. Upstream runs
 * gopher-lua (Lua 5.1) with every library open; here each call gets a fresh state with a sandboxed
 * library set (no io, require, load, dofile, debug; `os` reduced to its clock functions) and a
 * count hook that stops runaway scripts after an instruction budget or a deadline. Things a hook cannot
 * interrupt (a pathological pattern match inside one library call) are bounded by the worker that runs
 * this module (see sandbox.ts).
 * @module
 */
import { createRequire } from 'node:module';
import type * as Fengari from 'fengari';
import type { LuaState } from 'fengari';
import { luaToJson, pushJsonObject } from './lua-convert.js';

/** Limits of one script run. */
export interface LuaLimits {
  /** VM instructions before the script is stopped (default 10 000 000). */
  maxInstructions?: number;
  /** Wall-clock budget in ms checked by the hook (default 2000). */
  timeoutMs?: number;
}

/** The script failed: syntax, runtime error, limit, or a result of the wrong kind. */
export class LuaScriptError extends Error {
  override name = 'LuaScriptError';
}

const HOOK_EVERY = 100;
const MAX_REP_BYTES = 16 * 1024 * 1024;

/**
 * Lua 5.1-isms on top of fengari's 5.3 and the sandbox: what upstream scripts may call that 5.3 lacks,
 * and removal of everything that reaches outside the process. `string.rep` is bounded because one call
 * can allocate gigabytes before the hook gets a chance to run.
 */
const PRELUDE = `
local o, rep = os, string.rep
os = { time = o.time, date = o.date, difftime = o.difftime, clock = o.clock }
dofile, loadfile, load, loadstring, require, module, package, io, debug = nil, nil, nil, nil, nil, nil, nil, nil, nil
collectgarbage = function() return 0 end
print = function() end
string.dump = nil
unpack = table.unpack
table.getn = function(t) return #t end
table.maxn = function(t) local n = 0 for k in pairs(t) do if type(k) == 'number' and k > n then n = k end end return n end
math.pow = function(a, b) return a ^ b end
math.mod = math.fmod
string.rep = function(s, n, sep)
  local size = (#tostring(s) + #(sep or '')) * (tonumber(n) or 0)
  if size > ${MAX_REP_BYTES} then error('string.rep: result would exceed ${MAX_REP_BYTES} bytes', 2) end
  return rep(s, n, sep)
end
`;

let cached: typeof Fengari | undefined;

/**
 * fengari reads its configuration once, when first loaded: LUA_COMPAT_FLOATSTRING makes integral floats
 * print as `1` rather than `1.0`, as in Lua 5.1 where every number is a float.
 */
function fengari(): typeof Fengari {
  if (cached) return cached;
  const prev = process.env.FENGARICONF;
  process.env.FENGARICONF = JSON.stringify({ LUA_COMPAT_FLOATSTRING: true });
  try {
    cached = createRequire(import.meta.url)('fengari') as typeof Fengari;
  } finally {
    if (prev === undefined) delete process.env.FENGARICONF;
    else process.env.FENGARICONF = prev;
  }
  return cached;
}

/** Compiled chunks kept per engine; beyond this the oldest is dropped. */
const MAX_CHUNKS = 256;

/**
 * One sandboxed Lua state that runs many scripts. Each call gets its own global environment (a table
 * holding `event` whose lookups fall through to the sandboxed globals), so assignments to globals do not
 * leak into the next call; a fresh state per call (as upstream) would cost milliseconds per event.
 */
export class LuaEngine {
  private readonly f = fengari();
  private readonly L: LuaState;
  private readonly chunks = new Map<string, number>();

  constructor() {
    const { lua, lauxlib, lualib, to_luastring } = this.f;
    const L = (this.L = lauxlib.luaL_newstate());
    const libs: [string, (L: LuaState) => number][] = [
      ['_G', lualib.luaopen_base],
      ['table', lualib.luaopen_table],
      ['string', lualib.luaopen_string],
      ['math', lualib.luaopen_math],
      ['utf8', lualib.luaopen_utf8],
      ['coroutine', lualib.luaopen_coroutine],
      ['os', lualib.luaopen_os],
    ];
    for (const [name, open] of libs) {
      lauxlib.luaL_requiref(L, to_luastring(name), open, 1);
      lua.lua_pop(L, 1);
    }
    const code = to_luastring(PRELUDE);
    if (
      lauxlib.luaL_loadbuffer(L, code, null, to_luastring('=prelude')) !== lua.LUA_OK ||
      lua.lua_pcall(L, 0, 0, 0) !== lua.LUA_OK
    ) {
      throw new Error(`lua prelude failed: ${lua.lua_tojsstring(L, -1)}`);
    }
  }

  /** Script filter: passes iff the script's (last) returned value is exactly `true`. @throws {LuaScriptError} */
  filter(script: string, data: Record<string, unknown> | null, limits: LuaLimits = {}): boolean {
    return this.run(script, data, limits, 'boolean') === true;
  }

  /** Transform: the script must return a table, which becomes the new data. @throws {LuaScriptError} */
  transform(script: string, data: Record<string, unknown> | null, limits: LuaLimits = {}): unknown {
    const out = this.run(script, data, limits, 'table');
    if (out === undefined) throw new LuaScriptError('transformation script output type is not of lua table');
    return out;
  }

  /** Load `script` once; returns its registry reference. */
  private chunk(script: string): number {
    const { lua, lauxlib, to_luastring } = this.f;
    const known = this.chunks.get(script);
    if (known !== undefined) return known;
    if (lauxlib.luaL_loadbuffer(this.L, to_luastring(script), null, to_luastring('=script')) !== lua.LUA_OK) {
      const msg = lua.lua_tojsstring(this.L, -1);
      lua.lua_pop(this.L, 1);
      throw new LuaScriptError(msg);
    }
    const ref = lauxlib.luaL_ref(this.L, lua.LUA_REGISTRYINDEX);
    if (this.chunks.size >= MAX_CHUNKS) {
      const [oldest, oldRef] = this.chunks.entries().next().value as [string, number];
      this.chunks.delete(oldest);
      lauxlib.luaL_unref(this.L, lua.LUA_REGISTRYINDEX, oldRef);
    }
    this.chunks.set(script, ref);
    return ref;
  }

  /**
   * Run `script` with `event` = `data`; returns the script's **last** returned value converted to JSON
   * (upstream reads the top of the stack), `undefined` when it returned nothing.
   */
  private run(
    script: string,
    data: Record<string, unknown> | null,
    limits: LuaLimits,
    want: 'boolean' | 'table',
  ): unknown {
    const { lua, lauxlib, to_luastring } = this.f;
    const L = this.L;
    const ref = this.chunk(script);
    const base = lua.lua_gettop(L);
    try {
      lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, ref);
      this.pushEnvironment(data);
      lua.lua_setupvalue(L, -2, 1); // the chunk's _ENV
      const maxInstructions = limits.maxInstructions ?? 10_000_000;
      const timeoutMs = limits.timeoutMs ?? 2000;
      const deadline = Date.now() + timeoutMs;
      let executed = 0;
      const hook = (L2: LuaState): void => {
        executed += HOOK_EVERY;
        const why =
          executed > maxInstructions
            ? `script exceeded ${maxInstructions} instructions`
            : Date.now() > deadline
              ? `script exceeded its time limit of ${timeoutMs} ms`
              : undefined;
        if (!why) return;
        // from now on fail at every instruction, so a script's own pcall cannot swallow the stop
        lua.lua_sethook(L2, hook, lua.LUA_MASKCOUNT, 1);
        lauxlib.luaL_error(L2, to_luastring(why));
      };
      lua.lua_sethook(L, hook, lua.LUA_MASKCOUNT, HOOK_EVERY);
      if (lua.lua_pcall(L, 0, lua.LUA_MULTRET, 0) !== lua.LUA_OK)
        throw new LuaScriptError(errorText(this.f, L));
      lua.lua_sethook(L, null, 0, 0);
      if (lua.lua_gettop(L) === base) return undefined;
      if (want === 'boolean')
        return lua.lua_type(L, -1) === lua.LUA_TBOOLEAN ? lua.lua_toboolean(L, -1) : null;
      if (lua.lua_type(L, -1) !== lua.LUA_TTABLE)
        throw new LuaScriptError('transformation script output type is not of lua table');
      return luaToJson(this.f, L, -1);
    } finally {
      lua.lua_sethook(L, null, 0, 0);
      lua.lua_settop(L, base);
    }
  }

  /** Push `{event = data}` whose missing keys are looked up in the sandboxed globals. */
  private pushEnvironment(data: Record<string, unknown> | null): void {
    const { lua, to_luastring } = this.f;
    const L = this.L;
    lua.lua_createtable(L, 0, 1);
    pushJsonObject(this.f, L, data ?? {});
    lua.lua_setfield(L, -2, to_luastring('event'));
    lua.lua_createtable(L, 0, 1);
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, lua.LUA_RIDX_GLOBALS);
    lua.lua_setfield(L, -2, to_luastring('__index'));
    lua.lua_setmetatable(L, -2);
  }
}

function errorText(f: typeof Fengari, L: LuaState): string {
  const { lua } = f;
  if (lua.lua_type(L, -1) === lua.LUA_TSTRING || lua.lua_type(L, -1) === lua.LUA_TNUMBER)
    return lua.lua_tojsstring(L, -1);
  return `script raised a ${f.to_jsstring(lua.lua_typename(L, lua.lua_type(L, -1)))} value`;
}
