/* Read-only views of tables: a view is an empty table whose metatable is the table it shows, so
 * reads find the table's fields, writes are refused with an error, and pairs walks the fields.
 * The shown table's own metatable still answers for fields it does not hold. Keys starting with
 * "__" in the shown table are its metamethods, not fields: pairs and the host skip them. */
#include "CLuaBridge.h"
#include <string.h>

static const char view_marker = 0;  /* its address keys the shown table: "this is a view's contents" */

static int is_metamethod_key(lua_State *L, int index) {
  if (lua_type(L, index) == LUA_TLIGHTUSERDATA) return 1;
  if (lua_type(L, index) != LUA_TSTRING) return 0;
  return strncmp(lua_tostring(L, index), "__", 2) == 0;
}

/* __newindex: a view is read-only. */
static int view_refuse(lua_State *L) {
  const char *what = "this table's";
  if (lua_getmetatable(L, 1) && lua_getfield(L, -1, "__name") == LUA_TSTRING) what = lua_tostring(L, -1);
  return luaL_error(L, "%s records are read-only (setting '%s')", what, luaL_tolstring(L, 2, NULL));
}

/* The next field of the shown table (argument 1) after key (argument 2), metamethods skipped. */
static int view_next(lua_State *L) {
  lua_settop(L, 2);
  while (lua_next(L, 1)) {
    if (!is_metamethod_key(L, -2)) return 2;
    lua_pop(L, 1);
  }
  lua_pushnil(L);
  return 1;
}

/* __pairs: walk the shown table, not the empty view. */
static int view_pairs(lua_State *L) {
  lua_pushcfunction(L, view_next);
  if (!lua_getmetatable(L, 1)) lua_pushnil(L);
  lua_pushnil(L);
  return 3;
}

void cb_push_read_only_view(lua_State *L) {
  lua_pushvalue(L, -1);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, view_refuse);
  lua_setfield(L, -2, "__newindex");
  lua_pushcfunction(L, view_pairs);
  lua_setfield(L, -2, "__pairs");
  lua_pushboolean(L, 1);
  lua_rawsetp(L, -2, &view_marker);
  lua_createtable(L, 0, 0);
  lua_rotate(L, -2, 1);
  lua_setmetatable(L, -2);
  /* The shown table's __view is the view: what its metatable hands on (a computed field's compute)
   * can be the read-only view rather than the table behind it. */
  lua_getmetatable(L, -1);
  lua_pushvalue(L, -2);
  lua_setfield(L, -2, "__view");
  lua_pop(L, 1);
}

int cb_push_view_contents(lua_State *L, int index) {
  if (lua_type(L, index) != LUA_TTABLE || !lua_getmetatable(L, index)) return 0;
  if (lua_rawgetp(L, -1, &view_marker) != LUA_TBOOLEAN) {
    lua_pop(L, 2);
    return 0;
  }
  lua_pop(L, 1);
  return 1;
}

int cb_is_metamethod_key(lua_State *L, int index) { return is_metamethod_key(L, index); }

/* rawget, rawset and next see through a view: rawget and next read the table it shows (next
 * without its metamethods), rawset refuses to write, as assignment does. */
static int raw_get(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_checkany(L, 2);
  lua_settop(L, 2);
  if (cb_push_view_contents(L, 1)) lua_replace(L, 1);
  lua_rawget(L, 1);
  return 1;
}

static int raw_set(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_checkany(L, 2);
  luaL_checkany(L, 3);
  lua_settop(L, 3);
  if (cb_push_view_contents(L, 1)) {
    lua_settop(L, 2);
    return view_refuse(L);
  }
  lua_rawset(L, 1);
  return 1;
}

static int raw_next(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 2);
  if (!cb_push_view_contents(L, 1)) {
    if (lua_next(L, 1)) return 2;
    lua_pushnil(L);
    return 1;
  }
  lua_replace(L, 1);
  return view_next(L);
}

void cb_view_aware_raw_access(lua_State *L) {
  lua_register(L, "rawget", raw_get);
  lua_register(L, "rawset", raw_set);
  lua_register(L, "next", raw_next);
}
