/*
 * The loop, the screen stack and the keys every screen shares. Screens return actions; the
 * app applies them after key() returns. The app also owns the resident's session: it starts
 * on the first step away from home and is wiped by start again, finish or the idle reset, so
 * the next resident never sees the previous one's answers.
 */
#include "app.h"

#include <malloc.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "search.h"
#include "text.h"
#include "xmalloc.h"

#define STATUS_MS 6000

static int64_t
app_default_clock(void *ctx)
{
    struct timespec ts;

    (void)ctx;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t
app_default_wall(void *ctx)
{
    (void)ctx;
    return (int64_t)time(NULL);
}

static void app_use_catalog(struct app *app, const struct catalog *cat);

void
app_init(struct app *app, const struct config *cfg, struct db *db, struct catalog *cat,
         struct ui *ui, const struct screen_ops *home_ops)
{
    memset(app, 0, sizeof *app);
    app->cfg = cfg;
    app->db = db;
    app->ui = ui;
    app->clock = app_default_clock;
    app->wall = app_default_wall;
    app->home_ops = home_ops;
    app->kiosk_id = cfg->kiosk_id != NULL && cfg->kiosk_id[0] != '\0' ? cfg->kiosk_id : "kiosk";
    app->depth = -1;
    app->cat_owned = cat;
    app_use_catalog(app, cat);
    app->default_lang = (enum lang)cfg->default_lang;
    i18n_set_lang(app->default_lang);
    app->last_key_ms = app_now_ms(app);
    if (app_push(app, home_ops, NULL) != 0)
        die("cannot open the home screen");
    app->dirty = true;
}

void
app_done(struct app *app)
{
    if (app->sess.id != 0)
        app_session_end(app, SESSION_EXIT);
    while (app->depth >= 0) {
        struct screen *s = &app->stack[app->depth];

        if (s->ops->leave != NULL)
            s->ops->leave(s, app);
        free(s->state);
        app->depth--;
    }
    search_index_free(app->search);
    app->search = NULL;
    catalog_free(app->cat_pending);
    catalog_free(app->cat_owned);
    app->cat_pending = app->cat_owned = NULL;
    app->cat = NULL;
    free(app->sess.ticks);
    app->sess.ticks = NULL;
}

/* Show cat (the search index is rebuilt for it when next needed). */
static void
app_use_catalog(struct app *app, const struct catalog *cat)
{
    app->cat = cat;
    search_index_free(app->search);
    app->search = NULL; /* app_search() builds it when a resident first searches */
    if (cat != NULL)
        app_today(app, app->search_date);
}

struct search_index *
app_search(struct app *app)
{
    if (app->search == NULL && app->cat != NULL)
        app->search = search_index_new(app->cat, app->search_date);
    return app->search;
}

int64_t
app_now_ms(const struct app *app)
{
    return app->clock(app->clock_ctx);
}

int64_t
app_wall(const struct app *app)
{
    return app->wall(app->clock_ctx);
}

void
app_today(const struct app *app, char buf[11])
{
    time_t t = (time_t)app_wall(app);
    struct tm tm;

    localtime_r(&t, &tm);
    strftime(buf, 11, "%Y-%m-%d", &tm);
}

struct screen *
app_top(struct app *app)
{
    return &app->stack[app->depth];
}

const struct screen *
app_top_const(const struct app *app)
{
    return &app->stack[app->depth];
}

void
app_status(struct app *app, enum role role, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(app->status, sizeof app->status, fmt, ap);
    va_end(ap);
    app->status_role = role;
    app->status_until = app_now_ms(app) + STATUS_MS;
    app->status_owner = 0; /* the screen on top once the key or tick that set it is done */
    app->dirty = true;
}

/* A message belongs to the screen on top when the key (or tick) that set it is done: a
 * message set by a screen that closes itself ("Đã lưu") is shown on the screen below, and
 * any message is gone as soon as another screen is on top. */
static void
app_status_follow(struct app *app)
{
    unsigned long top = app->stack[app->depth].id;

    if (app->status[0] == '\0')
        return;
    if (app->status_owner == 0) {
        app->status_owner = top;
    } else if (app->status_owner != top) {
        app->status[0] = '\0';
        app->dirty = true;
    }
}

static void
app_clear_digits(struct app *app)
{
    if (app->ndigits > 0)
        app->dirty = true;
    app->ndigits = 0;
    app->digits[0] = '\0';
}

int
app_push(struct app *app, const struct screen_ops *ops, const void *arg)
{
    struct screen *s;
    char *cause = NULL;

    if (app->depth + 1 >= APP_STACK_MAX) {
        /* A resident who keeps going forward (a suggested service and back again, search
         * after search) must never hit a wall: forget the oldest screen above home. Screens
         * borrow only from the app and the catalog, never from each other, so this is safe. */
        struct screen *old = &app->stack[1];

        log_msg(LOG_INFO, "screen stack full: dropping %s to open %s", old->ops->name, ops->name);
        if (old->ops->leave != NULL)
            old->ops->leave(old, app);
        free(old->state);
        memmove(&app->stack[1], &app->stack[2], (size_t)(app->depth - 1) * sizeof app->stack[0]);
        app->depth--;
    }
    /* Staff screens (PIN, staff menu, volunteer choice, outcome) are not a resident's step. */
    if (app->depth == 0 && !(ops->flags & SCREEN_STAFF))
        app_session_step(app, app->sess.service, ops->name);
    s = &app->stack[app->depth + 1];
    s->ops = ops;
    s->id = ++app->screen_ids;
    s->state = ops->state_size > 0 ? xcalloc(1, ops->state_size) : NULL;
    if (ops->enter != NULL && ops->enter(s, app, arg, &cause) != 0) {
        /* The push is undone: the screen below stays on top (tmux window_pane_set_mode). */
        log_msg(LOG_ERROR, "cannot open %s: %s", ops->name, cause != NULL ? cause : "?");
        free(cause);
        free(s->state);
        s->state = NULL;
        app_status(app, ROLE_ERROR, "%s", tr(MSG_ERR_TRY_AGAIN));
        return -1;
    }
    app->depth++;
    app_clear_digits(app);
    app->dirty = true;
    return 0;
}

static void
app_pop_one(struct app *app, bool resume)
{
    struct screen *s;

    if (app->depth <= 0)
        return;
    s = &app->stack[app->depth];
    if (s->ops->leave != NULL)
        s->ops->leave(s, app);
    free(s->state);
    s->state = NULL;
    s->ops = NULL;
    app->depth--;
    if (resume) {
        s = &app->stack[app->depth];
        if (s->ops->resume != NULL)
            s->ops->resume(s, app);
    }
    app_clear_digits(app);
    app->dirty = true;
}

void
app_pop(struct app *app)
{
    app_pop_one(app, true);
}

/* At home no screen borrows the catalog but home, which follows it on resume: a reloaded
 * catalog takes over here. */
static void
app_swap_catalog(struct app *app)
{
    char msg[160];

    if (app->cat_pending == NULL || app->depth > 0)
        return;
    catalog_free(app->cat_owned);
    app->cat_owned = app->cat_pending;
    app->cat_pending = NULL;
    app_use_catalog(app, app->cat_owned);
    /* The ticks kept for a checklist number the old catalog's papers. */
    free(app->sess.ticks);
    app->sess.ticks = NULL;
    app->sess.nticks = 0;
    app->sess.ticks_service = 0;
    malloc_trim(0); /* the old catalog and the reload's JSON tree: give them back */
    log_msg(LOG_INFO, "catalog reloaded: %s (%zu services)", app->cat->hash, app->cat->nservices);
    trf(msg, sizeof msg, MSG_STAFF_RELOAD_OK, (int)app->cat->nservices);
    app_status(app, ROLE_OK, "%s", msg);
}

void
app_home(struct app *app)
{
    while (app->depth > 1)
        app_pop_one(app, false);
    if (app->depth == 1) {
        app_pop_one(app, false);
        app_swap_catalog(app);
        if (app->stack[0].ops->resume != NULL)
            app->stack[0].ops->resume(&app->stack[0], app);
    }
}

enum app_reload
app_reload_catalog(struct app *app, struct strlist *problems)
{
    const struct config *cfg = app->cfg;
    struct catalog *cat = NULL;

    if (catalog_load(cfg->catalog, &cat, problems) != 0 ||
        catalog_apply_overrides(cat, cfg->national_url, cfg->provincial_url, problems) != 0) {
        catalog_free(cat);
        return APP_RELOAD_BAD;
    }
    if (app->cat != NULL && strcmp(app->cat->hash, cat->hash) == 0) {
        catalog_free(cat);
        return APP_RELOAD_SAME;
    }
    catalog_free(app->cat_pending);
    app->cat_pending = cat;
    return APP_RELOAD_NEW;
}

void
app_set_default_lang(struct app *app, enum lang lang)
{
    app->default_lang = lang;
    if (app->sess.id == 0)
        i18n_set_lang(lang);
    app->dirty = true;
}

int
app_idle_timeout(const struct app *app)
{
    return app->sess.volunteer_id != 0 ? app->cfg->assisted_idle_timeout : app->cfg->idle_timeout;
}

/* --- The anonymous session log ------------------------------------------------------ */

static bool
app_session_begin(struct app *app)
{
    char *cause = NULL;

    if (app->sess.id != 0)
        return true;
    if (app->db == NULL)
        return false;
    if (db_session_start(app->db, app_wall(app), lang_code(i18n_lang()),
                         app->cat != NULL ? app->cat->hash : "", app->kiosk_id, &app->sess.id,
                         &cause) != 0) {
        log_msg(LOG_ERROR, "session start: %s", cause);
        free(cause);
        app->sess.id = 0;
        return false;
    }
    return true;
}

void
app_session_step(struct app *app, int service, const char *step)
{
    char *cause = NULL;

    if (!app_session_begin(app))
        return;
    if (db_session_step(app->db, app->sess.id, app_wall(app), service, step, &cause) != 0) {
        log_msg(LOG_ERROR, "session step: %s", cause);
        free(cause);
    }
}

void
app_session_finished_service(struct app *app, int service)
{
    char *cause = NULL;

    if (!app_session_begin(app))
        return;
    if (db_session_finished_service(app->db, app->sess.id, service, &cause) != 0) {
        log_msg(LOG_ERROR, "session finished: %s", cause);
        free(cause);
    }
}

void
app_session_end(struct app *app, int how)
{
    char *cause = NULL;
    bool assisted = app->sess.volunteer_id != 0;

    if (app->sess.id != 0 && app->db != NULL &&
        db_session_end(app->db, app->sess.id, app_wall(app), (enum session_end)how, &cause) != 0) {
        log_msg(LOG_ERROR, "session end: %s", cause);
        free(cause);
    }
    /* The wipe: every screen above home is freed with its answers, ticks and search text. */
    app_home(app);
    app_clear_digits(app);
    app->idle_warning = false;
    app->staff = false;
    app->status[0] = '\0';
    i18n_set_lang(app->default_lang);
    if (assisted && app->on_session_end != NULL && how != SESSION_EXIT)
        app->on_session_end(app, how); /* the volunteer's outcome screen; sess still names them */
    free(app->sess.ticks);
    memset(&app->sess, 0, sizeof app->sess);
    app->last_key_ms = app_now_ms(app);
    /* The kiosk runs all day: give what this resident's screens freed back to the system,
     * so memory does not creep from one resident to the next (glibc keeps freed heap). */
    malloc_trim(0);
    /* Home forgets the previous resident's place too (its resume resets with no session). */
    if (app->depth == 0 && app->stack[0].ops->resume != NULL)
        app->stack[0].ops->resume(&app->stack[0], app);
    app->dirty = true;
}

bool *
app_ticks(struct app *app, int service, size_t n)
{
    if (app->sess.ticks_service != service || app->sess.nticks != n) {
        free(app->sess.ticks);
        app->sess.ticks = xcalloc(n + 1, sizeof *app->sess.ticks);
        app->sess.nticks = n;
        app->sess.ticks_service = service;
    }
    return app->sess.ticks;
}

void
app_set_lang(struct app *app, enum lang lang)
{
    char *cause = NULL;

    i18n_set_lang(lang);
    if (app->sess.id != 0 && app->db != NULL &&
        db_session_set_lang(app->db, app->sess.id, lang_code(lang), &cause) != 0) {
        log_msg(LOG_ERROR, "session lang: %s", cause);
        free(cause);
    }
    app->dirty = true;
}

/* --- Keys --------------------------------------------------------------------------- */

static struct action
app_global_key(struct app *app, const struct key_event *ev)
{
    const struct screen *top = app_top(app);
    bool global = !(top->ops->flags & SCREEN_NO_GLOBAL);

    switch (ev->key) {
    case K_BACK:
    case K_BKSP: return app->depth > 0 ? action_pop() : action_ignored();
    case K_RESTART: return action_restart();
    case K_SEARCH:
        if (global && app->screens.search != NULL && top->ops != app->screens.search)
            return action_push(app->screens.search, app->screens.search_arg);
        return action_ignored();
    case K_HELP:
        if (app->screens.help != NULL && top->ops != app->screens.help) {
            intptr_t id = top->ops->help;

            return action_push(app->screens.help, (const void *)id);
        }
        return action_ignored();
    case K_STAFF:
        if (app->screens.staff != NULL && app->stack[app->depth].ops != app->screens.staff)
            return action_push(app->screens.staff, app->screens.staff_arg);
        return action_ignored();
    case K_ASSIST:
        if (global && app->screens.assist != NULL && top->ops != app->screens.assist)
            return action_push(app->screens.assist, app->screens.assist_arg);
        return action_ignored();
    case K_RESIZE: ui_invalidate(app->ui); return action_handled();
    default: return action_ignored();
    }
}

void
app_dispatch(struct app *app, const struct key_event *ev)
{
    struct screen *top = app_top(app);
    struct action a = top->ops->key(top, app, ev);

    if (a.kind == ACT_IGNORED)
        a = app_global_key(app, ev);

    switch (a.kind) {
    case ACT_IGNORED: return;
    case ACT_HANDLED: break;
    case ACT_PUSH: app_push(app, a.next, a.arg); break;
    case ACT_POP: app_pop(app); break;
    case ACT_HOME: app_home(app); break;
    case ACT_REPLACE:
        app_pop_one(app, false);
        if (app_push(app, a.next, a.arg) != 0) {
            top = app_top(app);
            if (top->ops->resume != NULL)
                top->ops->resume(top, app);
        }
        break;
    case ACT_RESTART: app_session_end(app, SESSION_RESTART); break;
    case ACT_FINISH: app_session_end(app, SESSION_FINISHED); break;
    }
    app_status_follow(app);
    app->dirty = true;
}

static int
app_top_items(const struct app *app)
{
    const struct screen *top = app_top_const(app);

    return top->ops->items != NULL ? top->ops->items(top) : 0;
}

static void
app_no_such_item(struct app *app, int num)
{
    char msg[160];

    trf(msg, sizeof msg, MSG_NO_SUCH_ITEM, num);
    app_status(app, ROLE_WARN, "%s", msg);
}

static void
app_pick(struct app *app, int num)
{
    struct key_event pick = { .key = K_PICK, .num = num };

    app_clear_digits(app);
    if (num < 1 || num > app_top_items(app)) {
        app_no_such_item(app, num);
        return;
    }
    app_dispatch(app, &pick);
}

/*
 * The digits typed so far are complete (Enter, the timeout, or no longer number can start
 * with them): choose that item. On a screen whose items are ticked in place (SCREEN_TICKS:
 * the checklist), a number that names no item, made of digits that each name one ("1" "2"
 * quickly on a list of 11), is taken as those digits one after the other, while the screen
 * stays the same — a digit never acts on a screen the resident has not seen. A 0 among them
 * never means Back.
 *
 * by_enter false: the digits acted without Enter, so an Enter that follows within the digit
 * timeout is the resident's habit of confirming a number, and is swallowed (app_raw_key).
 */
static void
app_digits_done(struct app *app, bool by_enter)
{
    char digits[sizeof app->digits];
    int n = app_top_items(app), value = atoi(app->digits);
    /* Only where a pick ticks in place: elsewhere the first digit would open a screen or
     * answer a question, and the next would act on what the resident has not seen. */
    bool split = app->ndigits > 1 && value > n && (app_top_const(app)->ops->flags & SCREEN_TICKS);
    const struct screen *top = app_top_const(app);
    unsigned long id = top->id;

    memcpy(digits, app->digits, sizeof digits);
    app_clear_digits(app);
    for (int i = 0; split && digits[i] != '\0'; i++)
        split = digits[i] > '0' && digits[i] - '0' <= n;
    if (!by_enter)
        app->swallow_ok_until = app_now_ms(app) + app->cfg->digit_timeout_ms;
    if (!split) {
        app_pick(app, value);
        return;
    }
    for (int i = 0; digits[i] != '\0' && app_top_const(app)->id == id; i++)
        app_pick(app, digits[i] - '0');
}

/* Digits gather into an item number: one digit acts at once when no longer number can start
 * with it; otherwise Enter or the digit timeout completes it. */
static bool
app_digit_key(struct app *app, const struct key_event *ev)
{
    int n = app_top_items(app);
    int value;

    if (app->ndigits > 0) {
        switch (ev->key) {
        case K_OK: app_digits_done(app, true); return true;
        case K_BKSP:
            app->digits[--app->ndigits] = '\0';
            app->dirty = true;
            return true;
        case K_DIGIT: break;
        default: app_clear_digits(app); return false; /* Esc and the rest act as usual */
        }
    } else if (ev->key != K_DIGIT) {
        return false;
    } else if (ev->ch == '0') {
        struct key_event back = { .key = K_BACK };

        app_dispatch(app, &back);
        return true;
    }
    if (n == 0)
        return false; /* nothing numbered here: the screen may want the digit itself */
    if (app->ndigits >= (int)sizeof app->digits - 1) {
        app_clear_digits(app);
        return true;
    }
    app->digits[app->ndigits++] = (char)ev->ch;
    app->digits[app->ndigits] = '\0';
    app->digit_ms = app_now_ms(app);
    app->dirty = true;
    value = atoi(app->digits);
    if (value > n || value * 10 > n)
        app_digits_done(app, false);
    return true;
}

/* Is the terminal too small to show a screen? Then only a resize does anything. */
static bool
app_too_small(const struct app *app)
{
    int rows, cols;

    ui_size(app->ui, &rows, &cols);
    return rows < 24 || cols < 80;
}

void
app_raw_key(struct app *app, const struct raw_key *raw)
{
    const struct screen *top = app_top(app);
    bool text = top->ops->text_focus != NULL && top->ops->text_focus(top);
    struct key_event ev = input_map(raw, text);
    int64_t now = app_now_ms(app);
    bool swallow = now < app->swallow_ok_until;

    app->last_key_ms = now;
    app->swallow_ok_until = 0;
    if (app->idle_warning) {
        /* Any key means "still here". */
        app->idle_warning = false;
        app->dirty = true;
        if (ev.key != K_RESIZE)
            return;
    }
    if (ev.key == K_NONE)
        return;
    if (ev.key != K_RESIZE && app_too_small(app)) {
        app_clear_digits(app); /* the "window too small" message: keys do nothing */
        return;
    }
    if (ev.key == K_OK && swallow && app->ndigits == 0)
        return; /* the Enter after a number that already acted */
    if (ev.key == K_MOUSE) {
        int num = ui_tap_at(app->ui, ev.y, ev.x);

        if (num > 0) {
            app_pick(app, num);
            app_status_follow(app);
            return;
        }
    }
    if (!text && app_digit_key(app, &ev)) {
        app_status_follow(app);
        return;
    }
    app_dispatch(app, &ev);
}

void
app_tick(struct app *app)
{
    int64_t now = app_now_ms(app);
    int64_t idle_ms = (int64_t)app_idle_timeout(app) * 1000;
    int64_t countdown_ms = (int64_t)app->cfg->idle_countdown * 1000;
    bool away_from_home = app->depth > 0 || app->sess.id != 0 || i18n_lang() != app->default_lang;
    struct screen *top;
    char *cause = NULL;

    /* Every few seconds: is the database still the file we opened, and can the session
     * records a busy database made us keep be written now? A deleted database stops the
     * kiosk (main says why on the terminal): nothing could be recorded any more. */
    if (app->db != NULL && db_tick(app->db, now, &cause) != 0) {
        free(cause);
        app->quit = true;
        app->exit_code = 3;
        return;
    }

    if (app->ndigits > 0 && now - app->digit_ms >= app->cfg->digit_timeout_ms)
        app_digits_done(app, false);

    if (app_wall(app) / 60 != app->drawn_minute) {
        char today[11];

        app->drawn_minute = app_wall(app) / 60;
        app->dirty = true;
        /* Services start and stop on dates: at midnight search follows the catalog, and the
         * day's housekeeping (the staff part folds old sessions) runs. */
        app_today(app, today);
        if (app->cat != NULL && strcmp(today, app->search_date) != 0)
            app_use_catalog(app, app->cat);
        if (strcmp(today, app->day) != 0) {
            bool first = app->day[0] == '\0';

            memcpy(app->day, today, sizeof app->day);
            if (!first && app->on_new_day != NULL)
                app->on_new_day(app);
        }
    }

    if (app->status[0] != '\0' && now >= app->status_until) {
        app->status[0] = '\0';
        app->dirty = true;
    }

    if (away_from_home && now - app->last_key_ms >= idle_ms) {
        if (now - app->last_key_ms >= idle_ms + countdown_ms) {
            log_msg(LOG_INFO, "idle reset");
            app_session_end(app, SESSION_IDLE);
            return;
        }
        if (!app->idle_warning)
            app->idle_warning = true;
        app->dirty = true; /* the countdown changes every second; curses sends only that */
    } else if (app->idle_warning) {
        app->idle_warning = false;
        app->dirty = true;
    }

    top = app_top(app);
    if (top->ops->tick != NULL)
        top->ops->tick(top, app);
    app_status_follow(app);
}

/* --- Drawing ------------------------------------------------------------------------ */

static void
app_draw_idle(struct app *app, int rows, int cols)
{
    int64_t left_ms = (int64_t)(app_idle_timeout(app) + app->cfg->idle_countdown) * 1000 -
                      (app_now_ms(app) - app->last_key_ms);
    int secs = (int)((left_ms + 999) / 1000);
    int w = cols < 64 ? cols - 4 : 60, h = 7;
    int y = (rows - h) / 2, x = (cols - w) / 2;
    char body[256];

    if (secs < 0)
        secs = 0;
    for (int r = 0; r < h; r++)
        ui_fill(app->ui, y + r, x, w, ROLE_NORMAL);
    ui_box(app->ui, y, x, h, w, ROLE_WARN);
    ui_text(app->ui, y + 1, x + 2, w - 4, ROLE_WARN, tr(MSG_IDLE_TITLE));
    trf(body, sizeof body, MSG_IDLE_BODY, secs);
    ui_wrap(app->ui, y + 2, x + 2, w - 4, 2, ROLE_NORMAL, body);
    ui_text(app->ui, y + 5, x + 2, w - 4, ROLE_HEADING, tr(MSG_IDLE_KEY));
    ui_cursor(app->ui, y + 1, x + 2);
}

void
app_draw(struct app *app)
{
    struct ui *ui = app->ui;
    int rows, cols, lowest;
    const struct screen *top = app_top(app);

    ui_size(ui, &rows, &cols);
    ui_begin(ui);
    if (rows < 24 || cols < 80) {
        char msg[200];

        trf(msg, sizeof msg, MSG_TOO_SMALL, cols, rows);
        ui_wrap(ui, 0, 0, cols, rows, ROLE_NORMAL, msg);
        ui_end(ui);
        app->dirty = false;
        return;
    }
    for (lowest = app->depth; lowest > 0 && (app->stack[lowest].ops->flags & SCREEN_MODAL);)
        lowest--;
    for (int i = lowest; i <= app->depth; i++)
        app->stack[i].ops->draw(&app->stack[i], app, ui);

    /* The status line: a message, or the digits typed so far. */
    if (app->ndigits > 0) {
        char msg[128];

        trf(msg, sizeof msg, MSG_DIGITS_PENDING, app->digits);
        ui_fill(ui, rows - 2, 0, cols, ROLE_NORMAL);
        ui_text(ui, rows - 2, 1, cols - 2, ROLE_STATUS, msg);
    } else if (app->status[0] != '\0') {
        ui_fill(ui, rows - 2, 0, cols, app->status_role);
        ui_text(ui, rows - 2, 1, cols - 2, app->status_role, app->status);
    }
    /* The hint bar: the same keys everywhere. */
    ui_fill(ui, rows - 1, 0, cols, ROLE_HINT);
    ui_text(ui, rows - 1, 1, cols - 2, ROLE_HINT,
            (top->ops->flags & SCREEN_NO_GLOBAL)                        ? tr(MSG_HINT_STAFF)
            : top->ops->text_focus != NULL && top->ops->text_focus(top) ? tr(MSG_HINT_TEXT)
            : app->depth == 0                                           ? tr(MSG_HINT_HOME)
                                                                        : tr(MSG_HINT_GENERIC));
    if (app->idle_warning)
        app_draw_idle(app, rows, cols);
    ui_end(ui);
    app->dirty = false;
}

/* --- The loop ----------------------------------------------------------------------- */

static volatile sig_atomic_t app_stop_signal;

static void
app_on_stop_signal(int sig)
{
    app_stop_signal = sig;
}

void
app_run(struct app *app)
{
    struct sigaction sa;
    struct raw_key raw;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = app_on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);

    while (!app->quit && !app_stop_signal) {
        if (app->dirty || app->idle_warning)
            app_draw(app);
        if (ui_read(app->ui, APP_TICK_MS, &raw) == 1)
            app_raw_key(app, &raw);
        app_tick(app);
    }
    if (app_stop_signal)
        log_msg(LOG_INFO, "stopped by signal %d", (int)app_stop_signal);
}
