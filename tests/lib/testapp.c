/* Test helpers: see testapp.h. */
#include "testapp.h"

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "catalog.h"
#include "db.h"
#include "screens.h"
#include "testutil.h"
#include "ui.h"
#include "xmalloc.h"

static int64_t
test_clock(void *ctx)
{
    return ((struct test_app *)ctx)->now_ms;
}

static int64_t
test_wall(void *ctx)
{
    struct test_app *t = ctx;

    return t->wall + t->now_ms / 1000;
}

struct test_app *
test_app_new(const char *catalog, int rows, int cols)
{
    struct test_app *t = xcalloc(1, sizeof *t);
    struct strlist problems = { 0 };
    char *cause = NULL, *dbpath;

    setlocale(LC_ALL, "C.UTF-8");
    setenv("TZ", "Asia/Ho_Chi_Minh", 1);
    tzset();
    snprintf(t->dir, sizeof t->dir, "/tmp/kiosk-test-XXXXXX");
    if (mkdtemp(t->dir) == NULL)
        die("mkdtemp");
    config_defaults(&t->cfg);
    free(t->cfg.centre_name);
    t->cfg.centre_name = xstrdup("UBND xã Thử Nghiệm");
    free(t->cfg.centre_address);
    t->cfg.centre_address = xstrdup("Số 1 đường Thử, tỉnh Quảng Ninh");
    t->cfg.idle_timeout = 120;
    t->cfg.idle_countdown = 20;
    if (catalog == NULL)
        catalog = "tests/fixtures/catalog_small.json";
    if (access(catalog, R_OK) == 0 && catalog_load(catalog, &t->cat, &problems) != 0) {
        for (size_t i = 0; i < problems.n; i++)
            fprintf(stderr, "%s\n", problems.v[i]);
        die("test catalog %s does not load", catalog);
    }
    strlist_free(&problems);
    xasprintf(&dbpath, "%s/kiosk.db", t->dir);
    if (db_open(dbpath, &t->db, &cause) != 0)
        die("test db: %s", cause);
    free(dbpath);
    t->ui = ui_open_headless(rows, cols);
    t->now_ms = 1000000;
    t->wall = 1795833000; /* 2026-11-28 09:30 in Asia/Ho_Chi_Minh */
    app_init(&t->app, &t->cfg, t->db, t->cat, t->ui, &home_screen);
    t->app.clock = test_clock;
    t->app.wall = test_wall;
    t->app.clock_ctx = t;
    t->app.last_key_ms = t->now_ms;
    screens_register(&t->app);
    return t;
}

void
test_app_free(struct test_app *t)
{
    if (t == NULL)
        return;
    app_done(&t->app);
    ui_close(t->ui);
    db_close(t->db);
    config_done(&t->cfg);
    if (test_remove_tree(t->dir) != 0)
        fprintf(stderr, "cannot remove %s\n", t->dir);
    free(t);
}

static void
test_one_key(struct test_app *t, int k)
{
    struct raw_key raw = { 0 };

    if (k < 0) {
        raw.kind = RAW_KEY;
        raw.code = (enum raw_code)(-k);
    } else {
        raw.kind = RAW_CHAR;
        raw.ch = (uint32_t)k;
    }
    /* Like the loop: draw first when dirty, so tap targets and pages are current. */
    if (t->app.dirty)
        app_draw(&t->app);
    app_raw_key(&t->app, &raw);
    app_tick(&t->app);
}

void
test_keys(struct test_app *t, ...)
{
    va_list ap;
    int k;

    va_start(ap, t);
    while ((k = va_arg(ap, int)) != 0)
        test_one_key(t, k);
    va_end(ap);
}

void
test_tap(struct test_app *t, int y, int x)
{
    struct raw_key raw = { .kind = RAW_MOUSE, .y = y, .x = x };

    app_draw(&t->app);
    app_raw_key(&t->app, &raw);
    app_tick(&t->app);
}

void
test_type(struct test_app *t, const char *s)
{
    mbstate_t mb;
    wchar_t wc;
    size_t n, len = strlen(s);

    memset(&mb, 0, sizeof mb);
    while (len > 0 && (n = mbrtowc(&wc, s, len, &mb)) != 0 && n != (size_t)-1 && n != (size_t)-2) {
        test_one_key(t, (int)wc);
        s += n;
        len -= n;
    }
}

void
test_advance(struct test_app *t, int ms)
{
    for (int done = 0; done < ms; done += APP_TICK_MS) {
        t->now_ms += ms - done < APP_TICK_MS ? ms - done : APP_TICK_MS;
        app_tick(&t->app);
    }
}

char *
test_screen(struct test_app *t)
{
    app_draw(&t->app);
    return ui_dump(t->ui);
}

bool
test_screen_has(struct test_app *t, const char *text)
{
    char *s = test_screen(t);
    bool found = strstr(s, text) != NULL;

    if (!found)
        fprintf(stderr, "--- screen without \"%s\":\n%s---\n", text, s);
    free(s);
    return found;
}

bool
test_golden(struct test_app *t, const char *name)
{
    char *path, *got = test_screen(t), *want;
    bool same;
    const char *update = getenv("UPDATE_GOLDEN");

    xasprintf(&path, "tests/golden/%s.screen", name);
    if (update != NULL && strcmp(update, "1") == 0) {
        FILE *f = fopen(path, "wb");

        if (f == NULL || fputs(got, f) < 0 || fclose(f) != 0)
            die("cannot write %s", path);
        free(path);
        free(got);
        return true;
    }
    want = test_read_file(path);
    same = want != NULL && strcmp(want, got) == 0;
    if (!same)
        fprintf(stderr, "--- %s differs (UPDATE_GOLDEN=1 rewrites it). Got:\n%s---\n", path, got);
    free(want);
    free(path);
    free(got);
    return same;
}

const char *
test_top(struct test_app *t)
{
    return app_top(&t->app)->ops->name;
}
