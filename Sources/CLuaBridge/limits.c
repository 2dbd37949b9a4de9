#define _GNU_SOURCE
#include "CLuaBridge.h"
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* How deep coroutines may nest and still be stopped by the watchdog. */
#define MAX_RUNNING 256
/* The watchdog interrupts the Lua thread with this signal; its default action is to be ignored. */
#define WATCHDOG_SIGNAL SIGURG
/* Every coroutine polls for a hit limit this often (VM instructions). The main thread does not poll:
 * a count hook makes Lua 5.4 trap on every instruction, which slows a script down about twice; the
 * main thread is always among those a hit limit arms at once. */
#define POLL_INSTRUCTIONS 1000
/* A run still going this long after its time limit (stuck where no check reaches) ends the process. */
#define GRACE_SECONDS 2
/* The exit code of a script that hit a limit (the host's EX_SOFTWARE). */
#define LIMIT_EXIT_CODE 70

struct cb_limits {
    lua_State *main;
    size_t used, cap;
    /* Depth of host (Swift) code on this state's stack. The cap is enforced only while Lua code runs:
     * failing an allocation Swift asked for would longjmp over a Swift frame. Starts at 1. */
    volatile int in_host;
    volatile sig_atomic_t tripped;
    char where[256];
    /* Coroutines currently resumed, innermost last: a hook must be set on each (hooks are per thread). */
    lua_State *running[MAX_RUNNING];
    volatile sig_atomic_t depth;
    double seconds;
    pthread_t owner, watchdog;
    sigset_t saved_mask;
    int watching;
    pthread_mutex_t mutex;
    pthread_cond_t cond;
    int stop;
};

static _Thread_local cb_limits *current_limits;

/* ---- where the script is ---- */

static void record_where(cb_limits *lim, lua_State *L) {
    lua_Debug ar;
    for (int level = 0; lua_getstack(L, level, &ar); level++) {
        if (!lua_getinfo(L, "Sl", &ar)) break;
        if (ar.currentline > 0) {
            snprintf(lim->where, sizeof lim->where, "%s:%d", ar.short_src, ar.currentline);
            return;
        }
    }
}

static lua_State *innermost(cb_limits *lim) {
    int d = lim->depth;
    return d > 0 ? lim->running[d - 1] : lim->main;
}

/* ---- the hook that ends a run once a limit is hit ---- */

void cb_format_size(char *buf, size_t n, size_t bytes) {
    if (bytes >= (1u << 30) && bytes % (1u << 30) == 0) snprintf(buf, n, "%zu GiB", bytes >> 30);
    else if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) snprintf(buf, n, "%zu MiB", bytes >> 20);
    else snprintf(buf, n, "%zu bytes", bytes);
}

void cb_limits_message(const cb_limits *lim, char *buf, size_t n) {
    const char *separator = lim->where[0] ? ": " : "";
    if (lim->tripped == CB_LIMIT_INTERRUPT) {
        snprintf(buf, n, "%s%sinterrupted", lim->where, separator);
    } else if (lim->tripped == CB_LIMIT_MEMORY) {
        char size[32];
        cb_format_size(size, sizeof size, lim->cap);
        snprintf(buf, n, "%s%smemory limit of %s exceeded", lim->where, separator, size);
    } else {
        snprintf(buf, n, "%s%stime limit of %g s exceeded", lim->where, separator, lim->seconds);
    }
}

#define ARMED_MASK (LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT)

static void limit_hook(lua_State *L, lua_Debug *ar);
static void *limited_alloc(void *ud, void *ptr, size_t osize, size_t nsize);

/* Raises the limit's error on `L`. */
static int raise_limit(cb_limits *lim, lua_State *L) {
    if (lim->where[0] == '\0') record_where(lim, L);
    /* From now on at every instruction of this thread, so a script's pcall cannot catch it and carry on. */
    lua_sethook(L, limit_hook, ARMED_MASK, 1);
    char message[CB_LIMIT_MESSAGE_SIZE];
    cb_limits_message(lim, message, sizeof message);
    lua_pushstring(L, message);
    return lua_error(L);
}

static void limit_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    cb_limits *lim;
    lua_getallocf(L, (void **)&lim);
    if (lim->tripped != CB_LIMIT_NONE) raise_limit(lim, L);
}

void cb_limits_check(lua_State *L) {
    cb_limits *lim;
    if (lua_getallocf(L, (void **)&lim) == limited_alloc && lim->tripped != CB_LIMIT_NONE) raise_limit(lim, L);
}

/* Async-signal-safe: lua_sethook may be called from a signal handler (lua.c does it on SIGINT). Threads
 * not listed here (a coroutine being closed, say) see the limit at their next poll. */
static void arm(cb_limits *lim) {
    lua_sethook(lim->main, limit_hook, ARMED_MASK, 1);
    for (int i = 0; i < lim->depth; i++) lua_sethook(lim->running[i], limit_hook, ARMED_MASK, 1);
}

/* The hook a coroutine has while no limit is hit: a poll, for when it runs unlisted (closed, or
 * resumed by coroutine.wrap's function). The main thread has none. */
static void poll_hook(lua_State *co) { lua_sethook(co, limit_hook, LUA_MASKCOUNT, POLL_INSTRUCTIONS); }

static void disarm(cb_limits *lim) {
    lua_sethook(lim->main, NULL, 0, 0);
    for (int i = 0; i < lim->depth; i++) poll_hook(lim->running[i]);
}

static void trip(cb_limits *lim, int kind) {
    if (lim->tripped != CB_LIMIT_NONE) return;
    lim->tripped = kind;
    arm(lim);
}

/* ---- memory ---- */

static void *limited_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    cb_limits *lim = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        lim->used -= old;
        return NULL;
    }
    if (lim->cap && nsize > old && lim->used - old + nsize > lim->cap) {
        if (!lim->in_host) {
            if (lim->tripped == CB_LIMIT_NONE) record_where(lim, innermost(lim));
            trip(lim, CB_LIMIT_MEMORY);
            return NULL;
        }
        trip(lim, CB_LIMIT_MEMORY); /* let the host finish; the hook ends the script on return */
    }
    void *p = realloc(ptr, nsize);
    if (p == NULL) {
        if (lim->in_host) { /* a Lua memory error here would longjmp over a Swift frame */
            fputs("crescent: out of memory inside a host function\n", stderr);
            abort();
        }
        return NULL;
    }
    lim->used = lim->used - old + nsize;
    return p;
}

void cb_enter_host(lua_State *L) {
    cb_limits *lim;
    if (lua_getallocf(L, (void **)&lim) == limited_alloc) lim->in_host++;
}

void cb_leave_host(lua_State *L) {
    cb_limits *lim;
    if (lua_getallocf(L, (void **)&lim) == limited_alloc) lim->in_host--;
}

/* ---- coroutines: keep track of the running ones so the watchdog can stop them too ---- */

static int resume_tracked(lua_State *L) {
    lua_State *co = lua_tothread(L, 1);
    luaL_argexpected(L, co, 1, "coroutine");
    cb_limits *lim = NULL;
    if (lua_getallocf(L, (void **)&lim) != limited_alloc) lim = NULL;
    if (lim && lim->depth >= MAX_RUNNING) return luaL_error(L, "too many nested coroutines");
    if (lim) {
        if (lim->tripped) arm(lim);
        lim->running[lim->depth] = co;
        lim->depth++;
        if (lim->tripped) lua_sethook(co, limit_hook, LUA_MASKCOUNT, 1);
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    int status = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
    if (lim) lim->depth--;
    if (status != LUA_OK) return lua_error(L);
    return lua_gettop(L);
}

/* coroutine.create and coroutine.wrap: the new coroutine polls (it inherits no hook from an unhooked
 * main thread). wrap's function keeps its coroutine as its first upvalue. */
static int create_polling(lua_State *L) {
    int wrapped = lua_toboolean(L, lua_upvalueindex(2));
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    cb_limits *lim = NULL;
    if (lua_getallocf(L, (void **)&lim) == limited_alloc && !lim->tripped) {
        if (wrapped && lua_getupvalue(L, -1, 1) != NULL) {
            if (lua_type(L, -1) == LUA_TTHREAD) poll_hook(lua_tothread(L, -1));
            lua_pop(L, 1);
        } else if (!wrapped && lua_type(L, -1) == LUA_TTHREAD) {
            poll_hook(lua_tothread(L, -1));
        }
    }
    return 1;
}

static void wrap_creation(lua_State *L, const char *name, int wrapped) {
    lua_getglobal(L, "coroutine");
    lua_getfield(L, -1, name);
    lua_pushboolean(L, wrapped);
    lua_pushcclosure(L, create_polling, 2);
    lua_setfield(L, -2, name);
    lua_pop(L, 1);
}

void cb_track_coroutines(lua_State *L) {
    cb_wrap_function(L, "coroutine", "resume", resume_tracked);
    wrap_creation(L, "create", 0);
    wrap_creation(L, "wrap", 1);
}

/* ---- string.rep: its result is counted against the cap before Lua's own size checks ---- */

static int rep_within_cap(lua_State *L) {
    size_t len, seplen = 0;
    luaL_checklstring(L, 1, &len);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &seplen);
    cb_limits *lim = NULL;
    if (n > 0 && lua_getallocf(L, (void **)&lim) == limited_alloc && lim->cap) {
        /* in long double: the product may not fit in size_t */
        long double total = (long double)len * n + (long double)seplen * (n - 1);
        if (total > (long double)(lim->cap - (lim->used < lim->cap ? lim->used : lim->cap))) {
            record_where(lim, L);
            trip(lim, CB_LIMIT_MEMORY);
            return luaL_error(L, "not enough memory");
        }
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

void cb_guard_string_rep(lua_State *L) { cb_wrap_function(L, "string", "rep", rep_within_cap); }

/* ---- the watchdog ---- */

static void on_watchdog_signal(int sig) {
    (void)sig;
    cb_limits *lim = current_limits;
    if (lim && lim->watching) trip(lim, CB_LIMIT_TIME);
}

static void end_process(cb_limits *lim) {
    char message[CB_LIMIT_MESSAGE_SIZE];
    lim->tripped = CB_LIMIT_TIME;
    cb_limits_message(lim, message, sizeof message);
    dprintf(2, "crescent: %s (the script did not stop within %d s of it: ended)\n", message, GRACE_SECONDS);
    _exit(LIMIT_EXIT_CODE);
}

static void *watchdog_main(void *arg) {
    cb_limits *lim = arg;
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    double whole = (double)(long)lim->seconds;
    deadline.tv_sec += (time_t)whole;
    deadline.tv_nsec += (long)((lim->seconds - whole) * 1e9);
    if (deadline.tv_nsec >= 1000000000L) { deadline.tv_sec++; deadline.tv_nsec -= 1000000000L; }
    pthread_mutex_lock(&lim->mutex);
    int rc = 0;
    while (!lim->stop && rc != ETIMEDOUT) rc = pthread_cond_timedwait(&lim->cond, &lim->mutex, &deadline);
    if (!lim->stop) pthread_kill(lim->owner, WATCHDOG_SIGNAL);
    /* The checks stop a run within moments. One that is still going after the grace is stuck where
     * none reaches: end the process with the limit's error rather than hang. */
    while (!lim->stop) {
        deadline.tv_sec += GRACE_SECONDS;
        rc = 0;
        while (!lim->stop && rc != ETIMEDOUT) rc = pthread_cond_timedwait(&lim->cond, &lim->mutex, &deadline);
        /* Host code is finite work of the host's own; the hook ends the script when it returns. */
        if (!lim->stop && !lim->in_host) end_process(lim);
    }
    pthread_mutex_unlock(&lim->mutex);
    return NULL;
}

static void install_once(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_watchdog_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(WATCHDOG_SIGNAL, &sa, NULL);
}

static void install_signal_handler(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, install_once);
}

int cb_limits_start(cb_limits *lim, double seconds) {
    lim->seconds = seconds;
    if (seconds <= 0) return 0;
    install_signal_handler();
    lim->owner = pthread_self();
    lim->stop = 0;
    /* Worker threads (Dispatch's among them) often block signals: let the watchdog's through. */
    sigset_t only;
    sigemptyset(&only);
    sigaddset(&only, WATCHDOG_SIGNAL);
    pthread_sigmask(SIG_UNBLOCK, &only, &lim->saved_mask);
    current_limits = lim;
    lim->watching = 1;
    if (pthread_create(&lim->watchdog, NULL, watchdog_main, lim) != 0) {
        lim->watching = 0;
        pthread_sigmask(SIG_SETMASK, &lim->saved_mask, NULL);
        return -1;
    }
    return 0;
}

void cb_limits_stop(cb_limits *lim) {
    if (!lim->watching) return;
    pthread_mutex_lock(&lim->mutex);
    lim->stop = 1;
    pthread_cond_signal(&lim->cond);
    pthread_mutex_unlock(&lim->mutex);
    pthread_join(lim->watchdog, NULL);
    lim->watching = 0;
    current_limits = NULL;
    pthread_sigmask(SIG_SETMASK, &lim->saved_mask, NULL);
}

/* ---- state life cycle ---- */

lua_State *cb_newstate(size_t memory_cap, cb_limits **out) {
    cb_limits *lim = calloc(1, sizeof *lim);
    if (!lim) return NULL;
    lim->cap = memory_cap;
    lim->in_host = 1;
    pthread_mutex_init(&lim->mutex, NULL);
    pthread_cond_init(&lim->cond, NULL);
    lua_State *L = lua_newstate(limited_alloc, lim);
    if (!L) { free(lim); return NULL; }
    lim->main = L;
    disarm(lim);
    *out = lim;
    return L;
}

void cb_close(lua_State *L, cb_limits *lim) {
    cb_limits_stop(lim);
    /* Closing runs the finalizers still pending: under the cap and a deadline, like any Lua code. */
    lim->in_host = 0;
    lim->tripped = CB_LIMIT_NONE;
    cb_limits_start(lim, lim->seconds);
    lua_close(L);
    cb_limits_stop(lim);
    pthread_mutex_destroy(&lim->mutex);
    pthread_cond_destroy(&lim->cond);
    free(lim);
}

int cb_limits_tripped(const cb_limits *lim) { return lim->tripped; }

/* ---- Ctrl-C in an interactive session ---- */

static cb_limits *volatile interruptible;
static struct sigaction saved_sigint;

static void on_sigint(int sig) {
    (void)sig;
    cb_limits *lim = interruptible;
    if (!lim) return;
    /* A second Ctrl-C before the first has stopped the script: the user wants out. */
    if (lim->tripped == CB_LIMIT_INTERRUPT) _exit(130);
    trip(lim, CB_LIMIT_INTERRUPT);
}

void cb_interrupt_on_sigint(cb_limits *lim) {
    if (lim && !interruptible) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = on_sigint;
        sigemptyset(&action.sa_mask);
        sigaction(SIGINT, &action, &saved_sigint);
        /* A parent may have left SIGINT blocked (masks are inherited): let Ctrl-C through. */
        sigset_t only;
        sigemptyset(&only);
        sigaddset(&only, SIGINT);
        pthread_sigmask(SIG_UNBLOCK, &only, NULL);
    } else if (!lim && interruptible) {
        sigaction(SIGINT, &saved_sigint, NULL);
    }
    interruptible = lim;
}

void cb_limits_clear_interrupt(cb_limits *lim) {
    if (lim->tripped != CB_LIMIT_INTERRUPT) return;
    lim->tripped = CB_LIMIT_NONE;
    lim->where[0] = '\0';
    disarm(lim);
}
size_t cb_limits_memory_used(const cb_limits *lim) { return lim->used; }
