/*
 * The application: one loop, one screen stack, global keys, the idle reset and the resident's
 * anonymous session. Everything a screen needs comes in through struct app (config, database,
 * catalog, ui, clock), so tests build an app with a frozen clock and a headless ui and drive
 * it with app_dispatch() — main.c is the only place that wires in the real ones.
 */
#ifndef KIOSK_APP_H
#define KIOSK_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "i18n.h"
#include "input.h"
#include "screen.h"
#include "ui.h"

#define APP_STACK_MAX 12
#define APP_TICK_MS   100

struct config;
struct db;
struct catalog;
struct search_index;
struct strlist;

/* The resident's session. Wiped by start again, finish and idle reset: the next resident
 * never sees it. Screens keep answers and ticks in their own state, which the wipe frees. */
struct session {
    int64_t id;       /* database row, 0 = not started (nobody has touched the kiosk yet) */
    int service;      /* the service being looked at, 0 = none */
    int volunteer_id; /* an assisted session: the volunteer, 0 = none */
    char volunteer_name[64];
    int64_t volunteer_session; /* the assisted-session row, 0 = none */
    /* The checklist's ticks, kept while the resident goes back to a question and forward
     * again: per item of service->items (owned, nticks entries), for ticks_service. */
    int ticks_service;
    bool *ticks;
    size_t nticks;
};

struct app {
    const struct config *cfg;    /* borrowed */
    struct db *db;               /* borrowed; NULL in some tests */
    const struct catalog *cat;   /* the catalog shown: cat_owned (screens borrow it) */
    struct catalog *cat_owned;   /* owned: freed when replaced and by app_done */
    struct catalog *cat_pending; /* owned: a reloaded catalog waiting for home, or NULL */
    struct search_index *search; /* owned; NULL until app_search() builds it */
    char search_date[11];        /* the day the search index is (to be) built for */
    struct ui *ui;               /* borrowed */
    const char *kiosk_id;        /* borrowed */

    int64_t (*clock)(void *ctx); /* monotonic milliseconds; tests freeze it */
    int64_t (*wall)(void *ctx);  /* Unix seconds for dates shown; tests freeze it */
    void *clock_ctx;

    struct screen stack[APP_STACK_MAX];
    int depth; /* stack[0] is home and is never popped */
    const struct screen_ops *home_ops;

    bool dirty;
    int64_t drawn_minute; /* the title bar's clock: redraw when it changes */
    bool quit;
    int exit_code;

    struct session sess;

    /* Idle reset */
    int64_t last_key_ms;
    bool idle_warning; /* the "Còn dùng không?" countdown is showing */

    /* Digits typed towards a numbered item ("1" "5" opens item 15) */
    char digits[4];
    int ndigits;
    int64_t digit_ms;
    /* Until then an Enter is swallowed: it follows a number that acted without it */
    int64_t swallow_ok_until;

    /* The status line (one message, e.g. an error in plain Vietnamese) */
    char status[256];
    enum role status_role;
    int64_t status_until;
    unsigned long status_owner; /* the screen (its id) the message belongs to; 0 = the one on
                                   top when the current key or tick is done */
    unsigned long screen_ids;   /* the last id given to an opened screen */

    enum lang default_lang; /* the home screen's language: kiosk.conf's, or staff's choice */
    bool staff;             /* signed in as staff */
    struct {
        const struct screen_ops *search; /* '/' */
        const struct screen_ops *help;   /* F1 / '?' (arg: the message id as intptr_t) */
        const struct screen_ops *staff;  /* F10 */
        const struct screen_ops *assist; /* F9 */
        /* "In phiếu" on the checklist: enter() gets a const struct print_request *
         * (print_request.h); NULL = printing is not available in this build. */
        const struct screen_ops *print;
        const void *search_arg, *staff_arg, *assist_arg; /* passed to their enter() */
    } screens; /* set by screens_register() (screens/screens.c) */
    /* Called when an assisted session ends (finish, start again, idle): the staff part pushes
     * the volunteer's outcome screen. NULL = nothing. */
    void (*on_session_end)(struct app *app, int how);
    /* Called once when the local date changes while the kiosk runs (retention). */
    void (*on_new_day)(struct app *app);
    char day[11]; /* the local date the loop last saw */
};

/* Set up an app over borrowed parts and the catalog (owned by the app from now on, freed by
 * app_done; may be NULL); home_ops is pushed at depth 0. */
void app_init(struct app *app, const struct config *cfg, struct db *db, struct catalog *cat,
              struct ui *ui, const struct screen_ops *home_ops);
void app_done(struct app *app);

/* The loop: draw when dirty, read a key (APP_TICK_MS timeout), dispatch, tick. */
void app_run(struct app *app);
/* One key, start to finish (tests call this directly). */
void app_dispatch(struct app *app, const struct key_event *ev);
/* Map and dispatch a raw key, as the loop does (tests of digits and text focus). */
void app_raw_key(struct app *app, const struct raw_key *raw);
/* The clock-driven part of the loop: idle countdown and reset, digit timeout, screen tick. */
void app_tick(struct app *app);
/* Draw the whole stack (and the status, the hint bar, the idle countdown). */
void app_draw(struct app *app);

int app_push(struct app *app, const struct screen_ops *ops, const void *arg);
void app_pop(struct app *app);
void app_home(struct app *app);
struct screen *app_top(struct app *app);
const struct screen *app_top_const(const struct app *app);

int64_t app_now_ms(const struct app *app);
/* Wall-clock Unix seconds (frozen in tests). */
int64_t app_wall(const struct app *app);
/* Today's local date as "YYYY-MM-DD" (the timezone is set from kiosk.conf at start-up). */
void app_today(const struct app *app, char buf[11]);

/* Show a message on the status line for a few seconds. */
void app_status(struct app *app, enum role role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The session log (anonymous). The session row starts on the first step. */
void app_session_step(struct app *app, int service, const char *step);
void app_session_finished_service(struct app *app, int service);
/* End the session (finish / start again / idle / exit), wipe it, home, default language. */
void app_session_end(struct app *app, int how);
/* The session's ticks for a service's items (n = service->nitems entries, all false when the
 * session has none for this service yet, replacing any of another service). Owned by the
 * session: the wipe frees it. */
bool *app_ticks(struct app *app, int service, size_t n);
/* Change the resident's language (this session only). */
void app_set_lang(struct app *app, enum lang lang);
/* The idle timeout in effect (longer in an assisted session), seconds. */
int app_idle_timeout(const struct app *app);
/*
 * Reload cfg->catalog (with kiosk.conf's portal overrides), checked as at start-up:
 * APP_RELOAD_BAD: every problem is appended to *problems and the current catalog stays;
 * APP_RELOAD_SAME: it has the current one's hash, nothing changes;
 * APP_RELOAD_NEW: it waits in cat_pending and takes over the next time the stack is back at
 * home (app_home), when no screen borrows the current one any more (which is then freed).
 */
enum app_reload { APP_RELOAD_BAD = -1, APP_RELOAD_SAME = 0, APP_RELOAD_NEW = 1 };
enum app_reload app_reload_catalog(struct app *app, struct strlist *problems);
/* Set the default language of the home screen (kiosk.conf's, or staff's choice): `*`, "Xong"
 * and the idle reset return to it; with no resident session it applies at once. */
void app_set_default_lang(struct app *app, enum lang lang);
/* The search index of the catalog for search_date, built on first use (not at start-up);
 * NULL without a catalog. Borrowed from app. */
struct search_index *app_search(struct app *app);

#endif
