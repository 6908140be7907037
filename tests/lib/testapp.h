/*
 * Test helpers: an app with a headless ui (newterm on /dev/null), a frozen clock, the test
 * config and a catalog, driven key by key; and golden screens compared with
 * tests/golden/<name>.screen (UPDATE_GOLDEN=1 rewrites them).
 */
#ifndef KIOSK_TESTAPP_H
#define KIOSK_TESTAPP_H

#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "config.h"
#include "input.h"

struct catalog;
struct db;

struct test_app {
    struct app app;
    struct config cfg;
    struct catalog *cat; /* the catalog the app started with (the app owns it) */
    struct db *db;       /* owned, a fresh database in dir */
    struct ui *ui;       /* owned */
    int64_t now_ms;      /* the frozen monotonic clock */
    int64_t wall;        /* the frozen wall clock (Unix seconds) */
    char dir[64];        /* a temporary folder, removed by test_app_free */
};

/* Special keys for test_keys: TK(RC_UP) etc.; plain characters as themselves; end with 0. */
#define TK(code) (-(int)(code))
#define TK_ESC   27

/* catalog: a catalog file, or NULL for tests/fixtures/catalog_small.json (if there is none,
 * the app runs without a catalog). rows x cols: the headless terminal. */
struct test_app *test_app_new(const char *catalog, int rows, int cols);
void test_app_free(struct test_app *t);
/* Feed keys through the same path as the terminal (mapping, digits, text focus). */
void test_keys(struct test_app *t, ...);
/* A tap (mouse click) at row y, column x, after drawing the current screen. */
void test_tap(struct test_app *t, int y, int x);
/* Type a UTF-8 string, character by character. */
void test_type(struct test_app *t, const char *s);
/* Let ms milliseconds pass on the frozen clock, ticking like the loop does. */
void test_advance(struct test_app *t, int ms);
/* Draw and return the screen text (caller frees). */
char *test_screen(struct test_app *t);
/* Draw and compare with tests/golden/<name>.screen; returns true when equal (or rewritten). */
bool test_golden(struct test_app *t, const char *name);
/* Does the screen contain text? */
bool test_screen_has(struct test_app *t, const char *text);
/* The name of the top screen. */
const char *test_top(struct test_app *t);

#endif
