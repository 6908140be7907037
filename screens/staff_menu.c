/*
 * The staff menu (after the PIN): every job behind the counter from the keypad, numbered.
 * Each item opens its own screen on top of this one (screens/staff_*.c); Esc or 0 there
 * comes back here, and Esc or 0 here leaves staff mode. Backspace here does nothing, so a
 * Backspace held down in a field below never carries on out of staff mode.
 *
 * A catalog reload is the app's (app_reload_catalog): a bad catalog is refused with its
 * problems and the old one stays; a good one takes over when the stack is back at home.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "catalog.h"
#include "config.h"
#include "i18n.h"
#include "log.h"
#include "screens.h"
#include "staff.h"
#include "xmalloc.h"

enum menu_item {
    MI_HANDOUTS,
    MI_REPRINT,
    MI_JOBS,
    MI_PRINTERS,
    MI_STATS,
    MI_EXPORT,
    MI_RELOAD,
    MI_VOLUNTEERS,
    MI_LANG,
    MI_EXIT,
    MI_COUNT
};

struct staff_menu_state {
    struct staff_page page;
};

static void
staff_menu_exit(struct app *app, void *ctx)
{
    (void)ctx;
    staff_audit(app, "exit", "staff menu");
    log_msg(LOG_INFO, "leaving the kiosk from the staff menu");
    app->quit = true;
}

/* Check the configured catalog; a good, changed one takes over at home. */
static struct action
staff_menu_reload(struct app *app)
{
    struct strlist problems = { 0 };
    const char *old = app->cat != NULL ? app->cat->hash : "-";
    char *detail;

    switch (app_reload_catalog(app, &problems)) {
    case APP_RELOAD_BAD: {
        struct strlist lines = { 0 };
        struct staff_notice_request req = { .title = MSG_STAFF_M_RELOAD, .lines = &lines };

        xasprintf(&detail, "refused %s: %zu problem(s): %s", app->cfg->catalog, problems.n,
                  problems.n > 0 ? problems.v[0] : "?");
        staff_audit(app, "catalog_reload_refused", detail);
        free(detail);
        strlist_add(&lines, tr(MSG_STAFF_RELOAD_BAD));
        for (size_t i = 0; i < problems.n; i++)
            strlist_add(&lines, problems.v[i]);
        strlist_free(&problems);
        app_push(app, &staff_notice_screen, &req);
        strlist_free(&lines);
        return action_handled();
    }
    case APP_RELOAD_SAME:
        xasprintf(&detail, "unchanged %s", old);
        staff_audit(app, "catalog_reload", detail);
        free(detail);
        app_status(app, ROLE_OK, "%s", tr(MSG_STAFF_RELOAD_SAME));
        return action_handled();
    case APP_RELOAD_NEW:
    default:
        xasprintf(&detail, "old %s new %s", old, app->cat_pending->hash);
        staff_audit(app, "catalog_reload", detail);
        free(detail);
        return action_home();
    }
}

static const char *
staff_menu_label(const void *ctx, int i, enum role *role, char *buf, size_t size)
{
    const struct app *app = ctx;
    static const enum msg_id menu[MI_COUNT] = {
        MSG_STAFF_M_HANDOUTS, MSG_STAFF_M_REPRINT, MSG_STAFF_M_JOBS,   MSG_STAFF_M_PRINTERS,
        MSG_STAFF_M_STATS,    MSG_STAFF_M_EXPORT,  MSG_STAFF_M_RELOAD, MSG_STAFF_M_VOLUNTEERS,
        MSG_STAFF_M_LANG_VI,  MSG_STAFF_M_EXIT,
    };

    (void)role;
    (void)buf;
    (void)size;
    if (i == MI_LANG)
        return tr(app->default_lang == LANG_EN ? MSG_STAFF_M_LANG_EN : MSG_STAFF_M_LANG_VI);
    return i >= 0 && i < MI_COUNT ? tr(menu[i]) : NULL;
}

static int
staff_menu_enter(struct screen *s, struct app *app, const void *arg, char **cause)
{
    struct staff_menu_state *st = s->state;

    (void)app;
    (void)arg;
    (void)cause;
    staff_page_reset(&st->page, MI_COUNT);
    strlist_add(&st->page.info, tr(MSG_STAFF_INTRO));
    return 0;
}

static void
staff_menu_leave(struct screen *s, struct app *app)
{
    struct staff_menu_state *st = s->state;

    staff_page_free(&st->page);
    if (app->staff)
        staff_audit(app, "sign_out", "");
    app->staff = false;
}

static void
staff_menu_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    const struct staff_menu_state *st = s->state;

    staff_page_draw(&st->page, app, ui, tr(MSG_STAFF_TITLE), staff_menu_label, app);
}

static struct action
staff_menu_choose(struct app *app, int i)
{
    switch ((enum menu_item)i) {
    case MI_HANDOUTS: return action_push(&staff_handouts_screen, NULL);
    case MI_REPRINT: return action_push(&staff_reprint_screen, NULL);
    case MI_JOBS: return action_push(&staff_jobs_screen, NULL);
    case MI_PRINTERS: return action_push(&staff_printer_screen, NULL);
    case MI_STATS: return action_push(&stats_screen, NULL);
    case MI_EXPORT: return action_push(&staff_export_screen, NULL);
    case MI_RELOAD: return staff_menu_reload(app);
    case MI_VOLUNTEERS: return action_push(&staff_volunteers_screen, NULL);
    case MI_LANG: return action_push(&staff_language_screen, NULL);
    case MI_EXIT: {
        static const struct staff_confirm_request req = {
            .title = MSG_STAFF_M_EXIT,
            .yes = MSG_STAFF_EXIT_YES,
            .no = MSG_STAFF_EXIT_NO,
            .on_yes = staff_menu_exit,
        };
        struct staff_confirm_request r = req;

        r.question = tr(MSG_STAFF_EXIT_ASK);
        app_push(app, &staff_confirm_screen, &r);
        return action_handled();
    }
    default: return action_handled();
    }
}

static struct action
staff_menu_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    struct staff_menu_state *st = s->state;
    struct action a;
    int chosen;

    if (ev->key == K_BKSP)
        return action_handled(); /* Esc or 0 leaves staff mode; see the comment on top */
    a = staff_page_key(&st->page, app, ev, &chosen);
    return chosen >= 0 ? staff_menu_choose(app, chosen) : a;
}

static int
staff_menu_items(const struct screen *s)
{
    const struct staff_menu_state *st = s->state;

    return st->page.list.n;
}

const struct screen_ops staff_screen = {
    .name = "staff",
    .state_size = sizeof(struct staff_menu_state),
    .flags = SCREEN_STAFF | SCREEN_NO_GLOBAL,
    .enter = staff_menu_enter,
    .leave = staff_menu_leave,
    .draw = staff_menu_draw,
    .key = staff_menu_key,
    .help = MSG_HELP_STAFF_MENU,
    .items = staff_menu_items,
};
