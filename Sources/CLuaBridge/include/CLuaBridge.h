#ifndef CRESCENT_CLUA_BRIDGE_H
#define CRESCENT_CLUA_BRIDGE_H

#include <lua5.4/lua.h>
#include <lua5.4/lualib.h>
#include <lua5.4/lauxlib.h>
#include <stddef.h>
#include <stdint.h>

/* ---- Lua's function-like macros, as functions Swift can call ---- */

static inline int cb_pcall(lua_State *L, int nargs, int nresults, int msgh) {
    return lua_pcall(L, nargs, nresults, msgh);
}
static inline void cb_pop(lua_State *L, int n) { lua_pop(L, n); }
static inline void cb_newtable(lua_State *L) { lua_newtable(L); }
static inline int cb_isnoneornil(lua_State *L, int i) { return lua_isnoneornil(L, i); }
static inline const char *cb_tostring(lua_State *L, int i) { return lua_tostring(L, i); }
static inline void cb_pushglobaltable(lua_State *L) { lua_pushglobaltable(L); }
static inline int cb_upvalueindex(int i) { return lua_upvalueindex(i); }
static inline int cb_registryindex(void) { return LUA_REGISTRYINDEX; }
static inline void cb_remove(lua_State *L, int i) { lua_remove(L, i); }
static inline void cb_insert(lua_State *L, int i) { lua_insert(L, i); }
static inline void cb_replace(lua_State *L, int i) { lua_replace(L, i); }
static inline int cb_multret(void) { return LUA_MULTRET; }

/* ---- Host functions ----
 * A host function is a C-callable Swift function. It must never raise a Lua
 * error itself (a longjmp would cross its frame); it reports through its
 * return value and the trampoline raises after the Swift frame has returned. */

/** Return this to raise the value on top of the stack, with the caller's position prefixed when it is a string. */
#define CB_RAISE (-1)
/** Return this with (argument index, message) on top of the stack to raise a standard "bad argument" error. */
#define CB_ARGERROR (-2)
/** Return this to raise the value on top of the stack unchanged. */
#define CB_RAISE_VERBATIM (-3)

typedef int (*cb_host_fn)(lua_State *L, void *context);

/** Pushes a Lua function that calls `fn(L, context)` through the error trampoline. */
void cb_pushhostfunction(lua_State *L, cb_host_fn fn, void *context);

/** Writes where the innermost user chunk on the stack is ("file:line") into buf; 0 when none is. */
int cb_caller_place(lua_State *L, char *buf, size_t n);

/** Pushes the message handler that appends a traceback to an error message. */
void cb_pushtraceback(lua_State *L);

/* ---- Limits: memory cap, wall-clock deadline ---- */

enum { CB_LIMIT_NONE = 0, CB_LIMIT_TIME = 1, CB_LIMIT_MEMORY = 2, CB_LIMIT_INTERRUPT = 3 };

typedef struct cb_limits cb_limits;

/** Creates a Lua state whose allocator enforces `memory_cap` bytes (0: none). */
lua_State *cb_newstate(size_t memory_cap, cb_limits **out_limits);
/** Closes the state and frees its limits. */
void cb_close(lua_State *L, cb_limits *limits);

/** Starts the watchdog for the calling thread: after `seconds`, the script is stopped. */
int cb_limits_start(cb_limits *limits, double seconds);
/** Stops the watchdog; call on the same thread after the run. */
void cb_limits_stop(cb_limits *limits);
/** Which limit ended the run (CB_LIMIT_*), or CB_LIMIT_NONE. */
int cb_limits_tripped(const cb_limits *limits);
/** Room for a limit message. */
#define CB_LIMIT_MESSAGE_SIZE 400
/** The error a hit limit ends the run with: "chunk:line: time limit of 60 s exceeded". */
void cb_limits_message(const cb_limits *limits, char *buf, size_t n);
size_t cb_limits_memory_used(const cb_limits *limits);

/** While set, SIGINT (Ctrl-C) stops the running script of `limits` with "interrupted"; NULL restores
 * the previous SIGINT handling. For an interactive session: the state stays usable afterwards. */
void cb_interrupt_on_sigint(cb_limits *limits);
/** After an interrupted run: clears the interruption so the state runs again. */
void cb_limits_clear_interrupt(cb_limits *limits);

/* Marks host (Swift) code on the stack: allocations there pass the cap instead of raising (see limits.c).
 * The host is in from the state's creation; leave around a protected call into Lua. */
void cb_enter_host(lua_State *L);
void cb_leave_host(lua_State *L);
/* Makes coroutine.resume record the running coroutine, so the watchdog can stop it. */
void cb_track_coroutines(lua_State *L);

/* Replaces library.name (library NULL: a global) by `wrapper`, which gets the original as its upvalue 1. */
void cb_wrap_function(lua_State *L, const char *library, const char *name, lua_CFunction wrapper);
/** A size as the limit messages give it: "64 MiB", "1 GiB", "1000 bytes". */
void cb_format_size(char *buf, size_t n, size_t bytes);

/* Makes string.rep count its result against the memory cap before building it. */
void cb_guard_string_rep(lua_State *L);
/** Raises the limit's error when a limit has been hit; for C code that runs long between VM instructions. */
void cb_limits_check(lua_State *L);
/* Replaces string.find, match, gmatch and gsub by a matcher that calls cb_limits_check as it goes. */
void cb_install_patterns(lua_State *L);
/* Makes load (text only, fed in pieces), table.move and table.sort check the limits as they go, and
 * setmetatable refuse finalizers. */
void cb_bound_library(lua_State *L);

/* ---- Sandbox ---- */

/** Opens the safe standard libraries and removes what a user script must not reach. */
void cb_open_sandbox(lua_State *L);

/* Replaces the table on top by a read-only view of it (read_only.c): the table becomes the view's
 * metatable (its __index, __newindex refusing writes, __pairs, and __view: the view); the table's
 * own metatable still answers for fields it lacks, and its __name names it in the error. */
void cb_push_read_only_view(lua_State *L);
/* When the value at index is a read-only view, pushes the table it shows and returns 1; else 0. */
int cb_push_view_contents(lua_State *L, int index);
/* True for a key of a shown table that is not a field (a metamethod "__..." or the view's marker). */
int cb_is_metamethod_key(lua_State *L, int index);
/* Replaces the globals rawget, rawset and next by ones that see through views (cb_open_sandbox). */
void cb_view_aware_raw_access(lua_State *L);

#endif
