/* Lua patterns for string.find, match, gmatch and gsub, with the same language and results as Lua
 * 5.4's, and one difference: the matcher looks at the script's limits as it goes. Lua's own matcher
 * backtracks in C, where no hook runs, so a pattern such as ".-.-.-.-b" on a long subject ran far past
 * the time limit and Ctrl-C; this one stops within a few thousand steps of a limit being hit. */
#include "CLuaBridge.h"
#include <ctype.h>
#include <string.h>

#define MAX_CAPTURES 32          /* as LUA_MAXCAPTURES, which luaconf.h keeps to the library */
#define ESCAPE '%'
#define SPECIALS "^$*+?.([%-"
#define MAX_DEPTH 200            /* nested matches before "pattern too complex", as in Lua */
#define STEPS_BETWEEN_CHECKS 1024

enum { CAPTURE_OPEN = -1, CAPTURE_POSITION = -2 };

typedef struct {
    const char *subject, *subject_end, *pattern_end;
    lua_State *L;
    int depth;                    /* nested matches left */
    unsigned steps;
    int level;                    /* captures started */
    struct { const char *start; ptrdiff_t length; } captures[MAX_CAPTURES];
} Matcher;

static const char *match(Matcher *m, const char *s, const char *p);

static void reset(Matcher *m) {
    m->level = 0;
    m->depth = MAX_DEPTH;
}

static void start(Matcher *m, lua_State *L, const char *s, size_t ls, const char *p, size_t lp) {
    m->L = L;
    m->subject = s;
    m->subject_end = s + ls;
    m->pattern_end = p + lp;
    m->steps = 0;
    reset(m);
}

/* ---- one pattern item ---- */

static int class_matches(int c, int class) {
    int result;
    switch (tolower(class)) {
    case 'a': result = isalpha(c); break;
    case 'c': result = iscntrl(c); break;
    case 'd': result = isdigit(c); break;
    case 'g': result = isgraph(c); break;
    case 'l': result = islower(c); break;
    case 'p': result = ispunct(c); break;
    case 's': result = isspace(c); break;
    case 'u': result = isupper(c); break;
    case 'w': result = isalnum(c); break;
    case 'x': result = isxdigit(c); break;
    default: return class == c;
    }
    return isupper(class) ? !result : result;
}

/* `p` at a set's '[', `close` at its ']'. */
static int set_matches(int c, const char *p, const char *close) {
    int found = 1;
    if (p[1] == '^') { found = 0; p++; }
    while (++p < close) {
        if (*p == ESCAPE) {
            p++;
            if (class_matches(c, (unsigned char)*p)) return found;
        } else if (p[1] == '-' && p + 2 < close) {
            p += 2;
            if ((unsigned char)p[-2] <= c && c <= (unsigned char)*p) return found;
        } else if ((unsigned char)*p == c) {
            return found;
        }
    }
    return !found;
}

/* The end of the single-character class at `p`. */
static const char *item_end(Matcher *m, const char *p) {
    char c = *p++;
    if (c == ESCAPE) {
        if (p == m->pattern_end) luaL_error(m->L, "malformed pattern (ends with '%%')");
        return p + 1;
    }
    if (c == '[') {
        if (*p == '^') p++;
        do { /* the first character is in the set even if it is ']' */
            if (p == m->pattern_end) luaL_error(m->L, "malformed pattern (missing ']')");
            if (*p++ == ESCAPE && p < m->pattern_end) p++;
        } while (*p != ']');
        return p + 1;
    }
    return p;
}

static int item_matches(Matcher *m, const char *s, const char *p, const char *end) {
    if (s >= m->subject_end) return 0;
    int c = (unsigned char)*s;
    switch (*p) {
    case '.': return 1;
    case ESCAPE: return class_matches(c, (unsigned char)p[1]);
    case '[': return set_matches(c, p, end - 1);
    default: return (unsigned char)*p == c;
    }
}

/* ---- repetition, balance, captures ---- */

static const char *longest_first(Matcher *m, const char *s, const char *p, const char *end) {
    ptrdiff_t n = 0;
    while (item_matches(m, s + n, p, end)) n++;
    for (; n >= 0; n--) {
        const char *rest = match(m, s + n, end + 1);
        if (rest) return rest;
    }
    return NULL;
}

static const char *shortest_first(Matcher *m, const char *s, const char *p, const char *end) {
    for (;;) {
        const char *rest = match(m, s, end + 1);
        if (rest) return rest;
        if (!item_matches(m, s, p, end)) return NULL;
        s++;
    }
}

static const char *balanced(Matcher *m, const char *s, const char *p) {
    if (p >= m->pattern_end - 1) luaL_error(m->L, "malformed pattern (missing arguments to '%%b')");
    if (s >= m->subject_end || *s != *p) return NULL;
    char open = p[0], close = p[1];
    int depth = 1;
    while (++s < m->subject_end) {
        if (*s == close) {
            if (--depth == 0) return s + 1;
        } else if (*s == open) {
            depth++;
        }
    }
    return NULL;
}

static const char *open_capture(Matcher *m, const char *s, const char *p, ptrdiff_t kind) {
    if (m->level >= MAX_CAPTURES) luaL_error(m->L, "too many captures");
    m->captures[m->level].start = s;
    m->captures[m->level].length = kind;
    m->level++;
    const char *rest = match(m, s, p);
    if (!rest) m->level--;
    return rest;
}

static const char *close_capture(Matcher *m, const char *s, const char *p) {
    int i = m->level - 1;
    while (i >= 0 && m->captures[i].length != CAPTURE_OPEN) i--;
    if (i < 0) luaL_error(m->L, "invalid pattern capture");
    m->captures[i].length = s - m->captures[i].start;
    const char *rest = match(m, s, p);
    if (!rest) m->captures[i].length = CAPTURE_OPEN;
    return rest;
}

static int closed_capture(Matcher *m, int digit) {
    int i = digit - '1';
    if (i < 0 || i >= m->level || m->captures[i].length == CAPTURE_OPEN)
        luaL_error(m->L, "invalid capture index %%%d", i + 1);
    return i;
}

static const char *same_as_capture(Matcher *m, const char *s, int digit) {
    int i = closed_capture(m, digit);
    size_t length = (size_t)m->captures[i].length;
    if ((size_t)(m->subject_end - s) >= length && memcmp(m->captures[i].start, s, length) == 0) return s + length;
    return NULL;
}

/* ---- the matcher ---- */

/* Every so many steps, a hit limit (time, memory, Ctrl-C) ends the match with the limit's error. */
static void count_step(Matcher *m) {
    if (++m->steps < STEPS_BETWEEN_CHECKS) return;
    m->steps = 0;
    cb_limits_check(m->L);
}

/* Where the match of pattern `p` at `s` ends, or NULL. */
static const char *match(Matcher *m, const char *s, const char *p) {
    if (m->depth-- == 0) luaL_error(m->L, "pattern too complex");
    count_step(m);
    while (s && p != m->pattern_end) {
        if (*p == '(') {
            s = p[1] == ')' ? open_capture(m, s, p + 2, CAPTURE_POSITION) : open_capture(m, s, p + 1, CAPTURE_OPEN);
            break;
        }
        if (*p == ')') { s = close_capture(m, s, p + 1); break; }
        if (*p == '$' && p + 1 == m->pattern_end) { s = s == m->subject_end ? s : NULL; break; }
        if (*p == ESCAPE && p[1] == 'b') {
            s = balanced(m, s, p + 2);
            p += 4;
            continue;
        }
        if (*p == ESCAPE && p[1] == 'f') {
            p += 2;
            if (*p != '[') luaL_error(m->L, "missing '[' after '%%f' in pattern");
            const char *end = item_end(m, p);
            int before = s == m->subject ? '\0' : (unsigned char)s[-1];
            int here = s < m->subject_end ? (unsigned char)*s : '\0';
            if (set_matches(before, p, end - 1) || !set_matches(here, p, end - 1)) s = NULL;
            p = end;
            continue;
        }
        if (*p == ESCAPE && isdigit((unsigned char)p[1])) {
            s = same_as_capture(m, s, (unsigned char)p[1]);
            p += 2;
            continue;
        }
        const char *end = item_end(m, p);
        char quantifier = end < m->pattern_end ? *end : '\0';
        if (!item_matches(m, s, p, end)) {
            if (quantifier == '*' || quantifier == '?' || quantifier == '-') { p = end + 1; continue; }
            s = NULL;
            break;
        }
        if (quantifier == '?') {
            const char *rest = match(m, s + 1, end + 1);
            if (rest) { s = rest; break; }
            p = end + 1;
            continue;
        }
        if (quantifier == '+') { s = longest_first(m, s + 1, p, end); break; }
        if (quantifier == '*') { s = longest_first(m, s, p, end); break; }
        if (quantifier == '-') { s = shortest_first(m, s, p, end); break; }
        s++;
        p = end;
    }
    m->depth++;
    return s;
}

/* ---- captures to Lua values ---- */

static void push_capture(Matcher *m, int i, const char *s, const char *e) {
    if (i >= m->level) {
        if (i != 0) luaL_error(m->L, "invalid capture index %%%d", i + 1);
        lua_pushlstring(m->L, s, (size_t)(e - s)); /* no captures: the whole match */
        return;
    }
    ptrdiff_t length = m->captures[i].length;
    if (length == CAPTURE_OPEN) luaL_error(m->L, "unfinished capture");
    if (length == CAPTURE_POSITION) lua_pushinteger(m->L, (m->captures[i].start - m->subject) + 1);
    else lua_pushlstring(m->L, m->captures[i].start, (size_t)length);
}

/* Pushes the captures (the whole match when there are none and `s` is given); returns how many. */
static int push_captures(Matcher *m, const char *s, const char *e) {
    int n = (m->level == 0 && s) ? 1 : m->level;
    luaL_checkstack(m->L, n, "too many captures");
    for (int i = 0; i < n; i++) push_capture(m, i, s, e);
    return n;
}

/* ---- string.find and string.match ---- */

/* A 1-based start position as Lua's string functions read it (negative counts from the end). */
static size_t start_position(lua_Integer position, size_t length) {
    if (position > 0) return (size_t)position;
    if (position == 0) return 1;
    if (position < -(lua_Integer)length) return 1;
    return length + (size_t)position + 1;
}

static int has_specials(const char *p, size_t length) {
    for (size_t i = 0; i < length; i++)
        if (p[i] && strchr(SPECIALS, p[i])) return 1;
    return 0;
}

static const char *find_plain(const char *s, size_t ls, const char *p, size_t lp) {
    if (lp == 0) return s;
    if (lp > ls) return NULL;
    for (const char *last = s + ls - lp; s <= last; s++) {
        s = memchr(s, *p, (size_t)(last - s) + 1);
        if (!s) return NULL;
        if (memcmp(s + 1, p + 1, lp - 1) == 0) return s;
    }
    return NULL;
}

static int find_or_match(lua_State *L, int find) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t init = start_position(luaL_optinteger(L, 3, 1), ls) - 1;
    if (init > ls) { luaL_pushfail(L); return 1; }
    if (find && (lua_toboolean(L, 4) || !has_specials(p, lp))) {
        const char *found = find_plain(s + init, ls - init, p, lp);
        if (!found) { luaL_pushfail(L); return 1; }
        lua_pushinteger(L, (found - s) + 1);
        lua_pushinteger(L, (lua_Integer)((found - s) + lp));
        return 2;
    }
    Matcher m;
    int anchored = lp > 0 && *p == '^';
    if (anchored) { p++; lp--; }
    start(&m, L, s, ls, p, lp);
    const char *from = s + init;
    do {
        reset(&m);
        const char *e = match(&m, from, p);
        if (e) {
            if (!find) return push_captures(&m, from, e);
            lua_pushinteger(L, (from - s) + 1);
            lua_pushinteger(L, e - s);
            return push_captures(&m, NULL, NULL) + 2;
        }
    } while (from++ < m.subject_end && !anchored);
    luaL_pushfail(L);
    return 1;
}

static int find(lua_State *L) { return find_or_match(L, 1); }
static int match_(lua_State *L) { return find_or_match(L, 0); }

/* ---- string.gmatch: upvalues subject, pattern, next position, end of the last match ---- */

static int gmatch_next(lua_State *L) {
    size_t ls, lp;
    const char *s = lua_tolstring(L, lua_upvalueindex(1), &ls);
    const char *p = lua_tolstring(L, lua_upvalueindex(2), &lp);
    size_t position = (size_t)lua_tointeger(L, lua_upvalueindex(3));
    lua_Integer last = lua_tointeger(L, lua_upvalueindex(4)); /* -1: none yet */
    Matcher m;
    start(&m, L, s, ls, p, lp);
    for (const char *from = s + position; from <= m.subject_end; from++) {
        reset(&m);
        const char *e = match(&m, from, p);
        if (e && (e - s) != last) {
            lua_pushinteger(L, e - s);
            lua_pushvalue(L, -1);
            lua_replace(L, lua_upvalueindex(3));
            lua_replace(L, lua_upvalueindex(4));
            return push_captures(&m, from, e);
        }
    }
    return 0;
}

static int gmatch(lua_State *L) {
    size_t ls;
    luaL_checklstring(L, 1, &ls);
    luaL_checkstring(L, 2);
    size_t init = start_position(luaL_optinteger(L, 3, 1), ls) - 1;
    if (init > ls) init = ls + 1; /* past the end: no match */
    lua_settop(L, 2);
    lua_pushinteger(L, (lua_Integer)init);
    lua_pushinteger(L, -1);
    lua_pushcclosure(L, gmatch_next, 4);
    return 1;
}

/* ---- string.gsub ---- */

static void add_replacement_string(Matcher *m, luaL_Buffer *b, const char *s, const char *e) {
    size_t length;
    lua_State *L = m->L;
    const char *r = lua_tolstring(L, 3, &length);
    const char *r_end = r + length;
    for (; r < r_end; r++) {
        if (*r != ESCAPE) { luaL_addchar(b, *r); continue; }
        r++;
        if (r < r_end && *r == ESCAPE) {
            luaL_addchar(b, ESCAPE);
        } else if (r < r_end && *r == '0') {
            luaL_addlstring(b, s, (size_t)(e - s));
        } else if (r < r_end && isdigit((unsigned char)*r)) {
            push_capture(m, *r - '1', s, e);
            luaL_tolstring(L, -1, NULL); /* a position capture is a number */
            lua_remove(L, -2);
            luaL_addvalue(b);
        } else {
            luaL_error(L, "invalid use of '%c' in replacement string", ESCAPE);
        }
    }
}

static void add_replacement(Matcher *m, luaL_Buffer *b, const char *s, const char *e, int type) {
    lua_State *L = m->L;
    if (type == LUA_TFUNCTION) {
        lua_pushvalue(L, 3);
        lua_call(L, push_captures(m, s, e), 1);
    } else if (type == LUA_TTABLE) {
        push_capture(m, 0, s, e);
        lua_gettable(L, 3);
    } else {
        add_replacement_string(m, b, s, e);
        return;
    }
    if (!lua_toboolean(L, -1)) { /* nil or false: keep the original text */
        lua_pop(L, 1);
        luaL_addlstring(b, s, (size_t)(e - s));
    } else if (!lua_isstring(L, -1)) {
        luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    } else {
        luaL_addvalue(b);
    }
}

static int gsub(lua_State *L) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    int type = lua_type(L, 3);
    lua_Integer most = luaL_optinteger(L, 4, (lua_Integer)ls + 1);
    luaL_argexpected(L, type == LUA_TNUMBER || type == LUA_TSTRING || type == LUA_TFUNCTION || type == LUA_TTABLE, 3,
                     "string/function/table");
    int anchored = lp > 0 && *p == '^';
    if (anchored) { p++; lp--; }
    Matcher m;
    start(&m, L, s, ls, p, lp);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    const char *from = s, *last = NULL;
    lua_Integer n = 0;
    while (n < most) {
        reset(&m);
        const char *e = match(&m, from, p);
        if (e && e != last) {
            n++;
            add_replacement(&m, &b, from, e, type);
            from = last = e;
        } else if (from < m.subject_end) {
            luaL_addchar(&b, *from++);
        } else {
            break;
        }
        if (anchored) break;
    }
    if (n == 0) {
        lua_pushvalue(L, 1);
    } else {
        luaL_addlstring(&b, from, (size_t)(m.subject_end - from));
        luaL_pushresult(&b);
    }
    lua_pushinteger(L, n);
    return 2;
}

void cb_install_patterns(lua_State *L) {
    static const luaL_Reg functions[] = {
        {"find", find}, {"match", match_}, {"gmatch", gmatch}, {"gsub", gsub}, {NULL, NULL},
    };
    lua_getglobal(L, LUA_STRLIBNAME);
    luaL_setfuncs(L, functions, 0);
    lua_pop(L, 1);
}
