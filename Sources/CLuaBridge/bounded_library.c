/* Standard functions whose work in C could outlast a limit, made to look at the limits as they go
 * (a hook only runs between VM instructions), and setmetatable without finalizers. */
#include "CLuaBridge.h"
#include <string.h>

#define LOAD_PIECE (64 * 1024)  /* source bytes the parser gets between checks */
#define MOVE_PIECE 4096         /* elements table.move copies between checks */
#define SORT_CHECK_EVERY 1024   /* comparisons table.sort makes between checks */

/* ---- load: a string chunk is fed to the parser in pieces ---- */

/* A reader function for load: upvalues the current text, the offset of its next piece, and the
 * script's own reader function (nil for a string chunk), which is asked for more text when the
 * current one is used up, however much it gives at once. */
static int next_piece(lua_State *L) {
    cb_limits_check(L);
    size_t length;
    const char *source = lua_tolstring(L, lua_upvalueindex(1), &length);
    size_t offset = (size_t)lua_tointeger(L, lua_upvalueindex(2));
    if (offset >= length && !lua_isnil(L, lua_upvalueindex(3))) {
        lua_pushvalue(L, lua_upvalueindex(3));
        lua_call(L, 0, 1);
        if (lua_isnil(L, -1)) return 1; /* the end */
        if (!lua_isstring(L, -1)) return luaL_error(L, "reader function must return a string");
        lua_replace(L, lua_upvalueindex(1));
        source = lua_tolstring(L, lua_upvalueindex(1), &length);
        offset = 0;
    }
    size_t n = length - offset < LOAD_PIECE ? length - offset : LOAD_PIECE;
    lua_pushinteger(L, (lua_Integer)(offset + n));
    lua_replace(L, lua_upvalueindex(2));
    lua_pushlstring(L, source + offset, n);
    return 1;
}

/* load(chunk [, chunkname [, mode [, env]]]) for text chunks only: a binary chunk can forge bytecode
 * and escape the sandbox. The parser gets the text in pieces. Upvalue: the original load. */
static int load_text_only(lua_State *L) {
    if (lua_gettop(L) < 3) lua_settop(L, 3);
    lua_pushliteral(L, "t");
    lua_replace(L, 3);
    int type = lua_type(L, 1);
    if (type == LUA_TSTRING || type == LUA_TFUNCTION) {
        if (type == LUA_TSTRING && lua_isnil(L, 2)) { /* a string chunk's name defaults to the string itself */
            lua_pushvalue(L, 1);
            lua_replace(L, 2);
        }
        if (type == LUA_TSTRING) {
            lua_pushvalue(L, 1);
            lua_pushinteger(L, 0);
            lua_pushnil(L);
        } else {
            lua_pushliteral(L, "");
            lua_pushinteger(L, 0);
            lua_pushvalue(L, 1);
        }
        lua_pushcclosure(L, next_piece, 3);
        lua_replace(L, 1);
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* ---- table.move in pieces ---- */

/* table.move(a1, f, e, t [, a2]) as the original (its upvalue) does it, a piece at a time, in the
 * order that keeps overlapping moves right. */
static int move_in_pieces(lua_State *L) {
    lua_Integer f = luaL_checkinteger(L, 2), e = luaL_checkinteger(L, 3), t = luaL_checkinteger(L, 4);
    int destination = lua_isnoneornil(L, 5) ? 1 : 5;
    if (e < f || e - f < MOVE_PIECE) {
        lua_pushvalue(L, lua_upvalueindex(1));
        lua_insert(L, 1);
        lua_call(L, lua_gettop(L) - 1, 1);
        return 1;
    }
    luaL_argcheck(L, f > 0 || e < LUA_MAXINTEGER + f, 3, "too many elements to move");
    luaL_argcheck(L, t <= LUA_MAXINTEGER - (e - f) || t <= 0, 4, "destination wrap around");
    int backwards = t > f && t <= e && (destination == 1 || lua_compare(L, 1, destination, LUA_OPEQ));
    for (lua_Integer done = 0; done <= e - f; done += MOVE_PIECE) {
        cb_limits_check(L);
        lua_Integer n = (e - f) - done + 1 < MOVE_PIECE ? (e - f) - done + 1 : MOVE_PIECE;
        lua_Integer from = backwards ? e - done - n + 1 : f + done;
        lua_pushvalue(L, lua_upvalueindex(1));
        lua_pushvalue(L, 1);
        lua_pushinteger(L, from);
        lua_pushinteger(L, from + n - 1);
        lua_pushinteger(L, t + (from - f));
        lua_pushvalue(L, destination);
        lua_call(L, 5, 0);
    }
    lua_pushvalue(L, destination);
    return 1;
}

/* ---- table.sort with a comparison that looks at the limits ---- */

/* `<` as table.sort uses it by default; upvalue: comparisons since the last check. */
static int less_checked(lua_State *L) {
    lua_Integer n = lua_tointeger(L, lua_upvalueindex(1)) + 1;
    if (n >= SORT_CHECK_EVERY) { n = 0; cb_limits_check(L); }
    lua_pushinteger(L, n);
    lua_replace(L, lua_upvalueindex(1));
    lua_pushboolean(L, lua_compare(L, 1, 2, LUA_OPLT));
    return 1;
}

/* table.sort(list [, comp]): a comparison written in Lua is stopped by the hook; the default one is C. */
static int sort_checked(lua_State *L) {
    if (lua_isnoneornil(L, 2)) {
        lua_settop(L, 1);
        lua_pushinteger(L, 0);
        lua_pushcclosure(L, less_checked, 1);
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 0);
    return 0;
}

/* ---- setmetatable without finalizers ---- */

/* Lua runs finalizers with hooks off, where no limit can stop them, and when the state closes:
 * scripts cannot set them. A __gc added to a metatable after setmetatable does nothing (Lua marks
 * an object for finalization only then). */
static int setmetatable_without_gc(lua_State *L) {
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL) luaL_argerror(L, 2, "finalizers (__gc) are not allowed in scripts");
        lua_pop(L, 1);
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

void cb_wrap_function(lua_State *L, const char *library, const char *name, lua_CFunction wrapper) {
    if (library) lua_getglobal(L, library);
    else lua_pushglobaltable(L);
    lua_getfield(L, -1, name);
    lua_pushcclosure(L, wrapper, 1);
    lua_setfield(L, -2, name);
    lua_pop(L, 1);
}

void cb_bound_library(lua_State *L) {
    cb_wrap_function(L, NULL, "load", load_text_only);
    cb_wrap_function(L, NULL, "setmetatable", setmetatable_without_gc);
    cb_wrap_function(L, LUA_TABLIBNAME, "move", move_in_pieces);
    cb_wrap_function(L, LUA_TABLIBNAME, "sort", sort_checked);
    cb_install_patterns(L);
}
