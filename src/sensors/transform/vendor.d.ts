/** Minimal typings of the untyped packages used by the sandbox (only what jetflow calls). */

declare module 'fengari' {
  /** A Lua state (opaque). */
  export type LuaState = object;
  export const lua: {
    LUA_OK: number;
    LUA_MULTRET: number;
    LUA_MASKCOUNT: number;
    LUA_TNIL: number;
    LUA_TBOOLEAN: number;
    LUA_TNUMBER: number;
    LUA_TSTRING: number;
    LUA_TTABLE: number;
    LUA_REGISTRYINDEX: number;
    LUA_RIDX_GLOBALS: number;
    lua_setmetatable(L: LuaState, idx: number): void;
    lua_setupvalue(L: LuaState, funcindex: number, n: number): Uint8Array | null;
    lua_sethook(
      L: LuaState,
      f: ((L: LuaState, ar: unknown) => void) | null,
      mask: number,
      count: number,
    ): void;
    lua_pcall(L: LuaState, nargs: number, nresults: number, msgh: number): number;
    lua_gettop(L: LuaState): number;
    lua_settop(L: LuaState, idx: number): void;
    lua_pop(L: LuaState, n: number): void;
    lua_type(L: LuaState, idx: number): number;
    lua_typename(L: LuaState, t: number): Uint8Array;
    lua_toboolean(L: LuaState, idx: number): boolean;
    lua_tonumber(L: LuaState, idx: number): number;
    lua_tojsstring(L: LuaState, idx: number): string;
    lua_isinteger(L: LuaState, idx: number): boolean;
    lua_pushnil(L: LuaState): void;
    lua_pushnumber(L: LuaState, n: number): void;
    lua_pushboolean(L: LuaState, b: boolean): void;
    lua_pushstring(L: LuaState, s: Uint8Array): void;
    lua_createtable(L: LuaState, narr: number, nrec: number): void;
    lua_setfield(L: LuaState, idx: number, k: Uint8Array): void;
    lua_rawseti(L: LuaState, idx: number, n: number): void;
    lua_setglobal(L: LuaState, name: Uint8Array): void;
    lua_next(L: LuaState, idx: number): number;
    lua_rawgeti(L: LuaState, idx: number, n: number): number;
    lua_getmetatable(L: LuaState, idx: number): boolean;
    lua_getfield(L: LuaState, idx: number, k: Uint8Array): number;
    lua_pushvalue(L: LuaState, idx: number): void;
    lua_checkstack(L: LuaState, n: number): boolean;
  };
  export const lauxlib: {
    luaL_newstate(): LuaState;
    luaL_loadbuffer(L: LuaState, buff: Uint8Array, size: number | null, name: Uint8Array): number;
    luaL_error(L: LuaState, msg: Uint8Array): never;
    luaL_requiref(L: LuaState, name: Uint8Array, openf: (L: LuaState) => number, glb: number): void;
    luaL_tolstring(L: LuaState, idx: number): Uint8Array;
    luaL_ref(L: LuaState, t: number): number;
    luaL_unref(L: LuaState, t: number, ref: number): void;
  };
  export const lualib: {
    luaopen_base(L: LuaState): number;
    luaopen_table(L: LuaState): number;
    luaopen_string(L: LuaState): number;
    luaopen_math(L: LuaState): number;
    luaopen_utf8(L: LuaState): number;
    luaopen_coroutine(L: LuaState): number;
    luaopen_os(L: LuaState): number;
  };
  export function to_luastring(s: string): Uint8Array;
  export function to_jsstring(b: Uint8Array): string;
}

declare module '@michaelhomer/jqjs' {
  /** Compile a jq program into a generator over its outputs. Throws on syntax errors. */
  export function compile(program: string): (input: unknown) => Iterable<unknown>;
  /** Parse a program into jqjs' AST (instances of its node classes). */
  export function compileNode(program: string): object;
  const jq: { compile: typeof compile; compileNode: typeof compileNode };
  export default jq;
}
