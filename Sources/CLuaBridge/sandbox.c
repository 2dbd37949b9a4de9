#include "CLuaBridge.h"
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* U+202A–U+202E and U+2066–U+2069 (after the lead byte E2): they reorder what a terminal shows. */
static int is_bidi_override(unsigned char second, unsigned char third) {
    return (second == 0x80 && third >= 0xAA && third <= 0xAE) || (second == 0x81 && third >= 0xA6 && third <= 0xA9);
}

/* Writes `s` to standard output; on a terminal, control characters from the data are shown escaped
 * (\x1b, \u{9b}, \u{202e}) rather than sent, as Crescent's own renderers show them (TerminalText). */
static void write_out(const char *s, size_t n, int terminal) {
    if (!terminal) { fwrite(s, 1, n, stdout); return; }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
            fprintf(stdout, "\\x%02x", c);
        } else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] <= 0x9F) {
            fprintf(stdout, "\\u{%x}", (unsigned char)s[++i]); /* a C1 control */
        } else if (c == 0xE2 && i + 2 < n && is_bidi_override((unsigned char)s[i + 1], (unsigned char)s[i + 2])) {
            fprintf(stdout, "\\u{%x}", 0x2000 | (((unsigned char)s[i + 1] & 0x3F) << 6) | ((unsigned char)s[i + 2] & 0x3F));
            i += 2;
        } else {
            fputc(c, stdout);
        }
    }
}

/* print as Lua's, through write_out. */
static int print_safely(lua_State *L) {
    int n = lua_gettop(L), terminal = isatty(STDOUT_FILENO);
    for (int i = 1; i <= n; i++) {
        size_t length;
        const char *s = luaL_tolstring(L, i, &length);
        if (i > 1) fputc('\t', stdout);
        write_out(s, length, terminal);
        lua_pop(L, 1);
    }
    fputc('\n', stdout);
    fflush(stdout);
    return 0;
}

static void remove_fields(lua_State *L, const char *table, const char *const names[]) {
    lua_getglobal(L, table);
    for (int i = 0; names[i]; i++) {
        lua_pushnil(L);
        lua_setfield(L, -2, names[i]);
    }
    lua_pop(L, 1);
}

/* Keeps only the named fields of a global table. */
static void keep_fields(lua_State *L, const char *table, const char *const names[]) {
    lua_getglobal(L, table);
    lua_newtable(L);
    for (int i = 0; names[i]; i++) {
        lua_getfield(L, -2, names[i]);
        lua_setfield(L, -2, names[i]);
    }
    lua_setglobal(L, table);
    lua_pop(L, 1);
}

/* coroutine.wrap rebuilt over the tracked coroutine.resume (the built-in one bypasses it). */
static const char *const wrap_source =
    "local create, resume, close, pack, unpack = coroutine.create, coroutine.resume, coroutine.close, table.pack, table.unpack\n"
    "coroutine.wrap = function(f)\n"
    "  local co = create(f)\n"
    "  return function(...)\n"
    "    local r = pack(resume(co, ...))\n"
    "    if r[1] then return unpack(r, 2, r.n) end\n"
    "    close(co)\n"
    "    error(r[2], 0)\n"
    "  end\n"
    "end\n";

void cb_open_sandbox(lua_State *L) {
    static const luaL_Reg libs[] = {
        {LUA_GNAME, luaopen_base},
        {LUA_LOADLIBNAME, luaopen_package},
        {LUA_COLIBNAME, luaopen_coroutine},
        {LUA_TABLIBNAME, luaopen_table},
        {LUA_STRLIBNAME, luaopen_string},
        {LUA_MATHLIBNAME, luaopen_math},
        {LUA_UTF8LIBNAME, luaopen_utf8},
        {LUA_OSLIBNAME, luaopen_os},
        {NULL, NULL},
    };
    for (const luaL_Reg *lib = libs; lib->func; lib++) {
        luaL_requiref(L, lib->name, lib->func, 1);
        lua_pop(L, 1);
    }
    lua_register(L, "print", print_safely);
    cb_view_aware_raw_access(L);
    static const char *const base_removed[] = {"dofile", "loadfile", NULL};
    remove_fields(L, LUA_GNAME, base_removed);
    static const char *const os_kept[] = {"time", "date", "clock", "difftime", NULL};
    keep_fields(L, LUA_OSLIBNAME, os_kept);
    static const char *const string_removed[] = {"dump", NULL};
    remove_fields(L, LUA_STRLIBNAME, string_removed);

    /* require: only the host's searchers (installed by the host), no C modules. */
    lua_getglobal(L, LUA_LOADLIBNAME);
    lua_pushnil(L);
    lua_setfield(L, -2, "loadlib");
    lua_pushnil(L); /* it probes any path on disk */
    lua_setfield(L, -2, "searchpath");
    lua_pushliteral(L, "");
    lua_setfield(L, -2, "cpath");
    lua_pushliteral(L, "");
    lua_setfield(L, -2, "path");
    lua_getfield(L, -1, "searchers");
    lua_createtable(L, 2, 0);
    lua_rawgeti(L, -2, 1); /* keep package.preload's searcher; the host adds its own file searcher */
    lua_rawseti(L, -2, 1);
    lua_setfield(L, -3, "searchers");
    lua_pop(L, 1);
    lua_pop(L, 1);
    /* package.loaded must not hand out the removed libraries either. */
    lua_getfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    lua_getglobal(L, LUA_OSLIBNAME);
    lua_setfield(L, -2, LUA_OSLIBNAME);
    lua_pop(L, 1);

    cb_bound_library(L);
    cb_track_coroutines(L);
    cb_guard_string_rep(L);
    if (luaL_loadbufferx(L, wrap_source, strlen(wrap_source), "=sandbox", "t") == LUA_OK) lua_call(L, 0, 0);
    else lua_pop(L, 1);
}
