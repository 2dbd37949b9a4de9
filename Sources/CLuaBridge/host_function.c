#include "CLuaBridge.h"
#include <stdio.h>

/* Called by Lua; calls the Swift function, then raises its error here, in C,
 * after the Swift frame has returned. */
static int trampoline(lua_State *L) {
    cb_host_fn fn = (cb_host_fn)lua_touserdata(L, lua_upvalueindex(1));
    void *context = lua_touserdata(L, lua_upvalueindex(2));
    cb_enter_host(L);
    int n = fn(L, context);
    cb_leave_host(L);
    if (n >= 0) return n;
    if (n == CB_ARGERROR) {
        int arg = (int)lua_tointeger(L, -2);
        const char *msg = lua_tostring(L, -1);
        return luaL_argerror(L, arg, msg);
    }
    if (n == CB_RAISE && lua_type(L, -1) == LUA_TSTRING) {
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
    }
    return lua_error(L);
}

void cb_pushhostfunction(lua_State *L, cb_host_fn fn, void *context) {
    lua_pushlightuserdata(L, (void *)fn);
    lua_pushlightuserdata(L, context);
    lua_pushcclosure(L, trampoline, 2);
}

/* Message handler: appends a traceback to string errors. */
static int traceback(lua_State *L) {
    const char *msg = lua_tostring(L, 1);
    if (msg == NULL) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
        msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

void cb_pushtraceback(lua_State *L) { lua_pushcfunction(L, traceback); }

/* The innermost line of a user's chunk on the stack ("scripts/x.lua:12"), skipping C functions
 * and the host's own chunks (named "=..."); 0 when there is none. */
int cb_caller_place(lua_State *L, char *buf, size_t n) {
    lua_Debug ar;
    for (int level = 1; lua_getstack(L, level, &ar); level++) {
        if (!lua_getinfo(L, "Sl", &ar)) break;
        if (ar.currentline > 0 && ar.source[0] != '=') {
            snprintf(buf, n, "%s:%d", ar.short_src, ar.currentline);
            return 1;
        }
    }
    return 0;
}
