/**
 * JSON ⇄ Lua value conversion with upstream's rules (spec/sensor.md §3; argo-events
 * `pkg/sensors/dependencies/transform.go` mapToTable/toGoValue).
 * @module
 */
import type * as Fengari from 'fengari';
import type { LuaState } from 'fengari';

/** Deeper Lua tables are refused (a table that contains itself would otherwise never end). */
const MAX_DEPTH = 512;

type F = typeof Fengari;

/**
 * Push a JSON object as a Lua table. Numbers become floats, strings, booleans and objects map directly;
 * arrays keep only objects, numbers, strings and booleans (appended, so later elements move up); `null`
 * values and arrays nested in arrays are dropped, as upstream's mapToTable does.
 */
export function pushJsonObject(f: F, L: LuaState, obj: Record<string, unknown>): void {
  const { lua, to_luastring } = f;
  if (!lua.lua_checkstack(L, 4)) throw new Error('event data is nested too deeply');
  const entries = Object.entries(obj);
  lua.lua_createtable(L, 0, entries.length);
  for (const [k, v] of entries) {
    if (v === null || v === undefined) continue;
    if (Array.isArray(v)) pushJsonArray(f, L, v);
    else if (!pushScalarOrObject(f, L, v)) continue;
    lua.lua_setfield(L, -2, to_luastring(k));
  }
}

function pushJsonArray(f: F, L: LuaState, arr: unknown[]): void {
  const { lua } = f;
  lua.lua_createtable(L, arr.length, 0);
  let n = 0;
  for (const v of arr) {
    if (v === null || v === undefined || Array.isArray(v)) continue;
    if (pushScalarOrObject(f, L, v)) lua.lua_rawseti(L, -2, ++n);
  }
}

function pushScalarOrObject(f: F, L: LuaState, v: unknown): boolean {
  const { lua, to_luastring } = f;
  switch (typeof v) {
    case 'number':
      lua.lua_pushnumber(L, v);
      return true;
    case 'string':
      lua.lua_pushstring(L, to_luastring(v));
      return true;
    case 'boolean':
      lua.lua_pushboolean(L, v);
      return true;
    case 'object':
      pushJsonObject(f, L, v as Record<string, unknown>);
      return true;
    default:
      return false;
  }
}

/**
 * Convert the Lua value at `idx` to JSON. A table whose highest positive integer key `n` is > 0 becomes
 * the array of elements 1…n (holes are `null`); a table whose metatable has `__is_array = true` is always
 * an array; any other table is an object with stringified keys (sorted, as Go's encoder writes them).
 * Numbers stay floats (`1` is written `1`); NaN/±Inf, functions and coroutines cannot be encoded.
 */
export function luaToJson(f: F, L: LuaState, idx: number, depth = 0): unknown {
  const { lua } = f;
  const at = idx < 0 ? lua.lua_gettop(L) + idx + 1 : idx;
  const t = lua.lua_type(L, at);
  if (t === lua.LUA_TNIL) return null;
  if (t === lua.LUA_TBOOLEAN) return lua.lua_toboolean(L, at);
  if (t === lua.LUA_TSTRING) return lua.lua_tojsstring(L, at);
  if (t === lua.LUA_TNUMBER) {
    const n = lua.lua_tonumber(L, at);
    if (!Number.isFinite(n)) throw new Error(`json: unsupported value: ${n}`);
    return n;
  }
  if (t !== lua.LUA_TTABLE)
    throw new Error(`cannot encode a Lua ${f.to_jsstring(lua.lua_typename(L, t))} as JSON`);
  if (depth >= MAX_DEPTH)
    throw new Error(`Lua table nested deeper than ${MAX_DEPTH} levels (does it contain itself?)`);
  if (!lua.lua_checkstack(L, 4)) throw new Error('Lua table nested too deeply');
  return tableToJson(f, L, at, depth);
}

function tableToJson(f: F, L: LuaState, at: number, depth: number): unknown {
  const { lua } = f;
  const byIndex = new Map<number, unknown>();
  const byName: [string, unknown][] = [];
  let maxN = 0;
  lua.lua_pushnil(L);
  while (lua.lua_next(L, at) !== 0) {
    const kt = lua.lua_type(L, -2);
    const value = luaToJson(f, L, -1, depth + 1);
    if (kt === lua.LUA_TNUMBER) {
      const k = lua.lua_tonumber(L, -2);
      if (Number.isInteger(k) && k > 0) {
        byIndex.set(k, value);
        maxN = Math.max(maxN, k);
      } else byName.push([String(k), value]);
    } else if (kt === lua.LUA_TSTRING) {
      byName.push([lua.lua_tojsstring(L, -2), value]);
    } else if (kt === lua.LUA_TBOOLEAN) {
      byName.push([String(lua.lua_toboolean(L, -2)), value]);
    }
    lua.lua_pop(L, 1);
  }
  if (maxN > 0 || isMarkedArray(f, L, at)) {
    return Array.from({ length: maxN }, (_, i) => (byIndex.has(i + 1) ? byIndex.get(i + 1) : null));
  }
  byName.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const out: Record<string, unknown> = {};
  for (const [k, v] of byName) out[k] = v;
  return out;
}

function isMarkedArray(f: F, L: LuaState, at: number): boolean {
  const { lua, to_luastring } = f;
  if (!lua.lua_getmetatable(L, at)) return false;
  lua.lua_getfield(L, -1, to_luastring('__is_array'));
  const marked = lua.lua_type(L, -1) === lua.LUA_TBOOLEAN && lua.lua_toboolean(L, -1);
  lua.lua_pop(L, 2);
  return marked;
}
