/*
 * The volunteer's outcome screen, after an assisted session ends (finish, start again or
 * idle reset): a numbered multi-select of what was done, and, for "needs more documents",
 * which of the service's checklist items. After an idle reset only the outcome choices are
 * shown — never the resident's answers or checklist. Esc or 0 skips it (nothing recorded).
 * The resident's session is already wiped when this screen opens.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "catalog.h"
#include "db.h"
#include "db_staff.h"
#include "i18n.h"
#include "log.h"
#include "screens.h"
#include "stats_report.h"
#include "widgets.h"
#include "xmalloc.h"

struct outcome_state {
    int64_t assisted_id;
    int how;
    char volunteer[64];
    const struct service *svc; /* borrowed from app->cat; NULL after an idle reset */
    unsigned ticked;           /* 1u << AO_… */
    bool docs;                 /* choosing the documents */
    bool *have_item;           /* docs: ticked items of svc (owned) */
    struct list list;
};

static int
outcome_enter(struct screen *s, struct app *app, const void *arg, char **cause)
{
    struct outcome_state *st = s->state;
    const struct outcome_request *req = arg;
    char *err = NULL;

    (void)cause;
    st->assisted_id = req->assisted_id;
    st->how = req->how;
    snprintf(st->volunteer, sizeof st->volunteer, "%s",
             req->volunteer != NULL ? req->volunteer : "");
    if (req->how != SESSION_IDLE && app->cat != NULL && req->service != 0)
        st->svc = catalog_service(app->cat, req->service);
    if (st->svc != NULL && st->svc->nitems > 0)
        st->have_item = xcalloc(st->svc->nitems, sizeof *st->have_item);
    if (app->db != NULL &&
        db_assisted_end(app->db, st->assisted_id, (enum session_end)req->how, &err) != 0) {
        log_msg(LOG_ERROR, "assisted session end: %s", err);
        free(err);
    }
    list_init(&st->list, AO_COUNT + 1);
    return 0;
}

static void
outcome_leave(struct screen *s, struct app *app)
{
    struct outcome_state *st = s->state;

    (void)app;
    free(st->have_item);
}

static const char *
outcome_label(const void *ctx, int i, enum role *role, char *buf, size_t size)
{
    const struct outcome_state *st = ctx;
    int n = st->docs ? (int)st->svc->nitems : AO_COUNT;

    if (i == n) {
        *role = ROLE_HEADING;
        return tr(MSG_OUT_SAVE);
    }
    if (i < 0 || i > n)
        return NULL;
    if (st->docs)
        snprintf(buf, size, "%s %s", st->have_item[i] ? "☑" : "☐", tx(&st->svc->items[i].text));
    else
        snprintf(buf, size, "%s %s", st->ticked & (1u << i) ? "☑" : "☐",
                 stats_outcome_label((enum assist_outcome)i, i18n_lang()));
    return buf;
}

static int
outcome_header(const struct outcome_state *st, int w)
{
    char msg[400];

    if (st->docs)
        return ui_wrap_lines(tr(MSG_OUT_DOCS_INTRO), w) + 1;
    trf(msg, sizeof msg, MSG_OUT_INTRO, st->volunteer);
    return ui_wrap_lines(msg, w) + (st->how == SESSION_IDLE ? 1 : 0) + 1;
}

static void
outcome_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    const struct outcome_state *st = s->state;
    struct area a = widgets_frame(app, ui, tr(MSG_OUT_TITLE));
    int head = outcome_header(st, a.w), y = a.y;
    char msg[400];

    if (st->docs) {
        ui_wrap(ui, y, a.x, a.w, head, ROLE_NORMAL, tr(MSG_OUT_DOCS_INTRO));
    } else {
        if (st->how == SESSION_IDLE)
            y += ui_wrap(ui, y, a.x, a.w, 1, ROLE_DIM, tr(MSG_OUT_IDLE));
        trf(msg, sizeof msg, MSG_OUT_INTRO, st->volunteer);
        ui_wrap(ui, y, a.x, a.w, head, ROLE_NORMAL, msg);
    }
    list_draw(ui, &st->list, (struct area){ a.y + head, a.x, a.h - head, a.w }, outcome_label, st);
}

static struct action
outcome_save(struct outcome_state *st, struct app *app)
{
    const char **items = NULL;
    size_t nitems = 0;
    char *cause = NULL;

    if (st->ticked == 0) {
        app_status(app, ROLE_WARN, "%s", tr(MSG_OUT_NOTHING));
        return action_handled();
    }
    if (!st->docs && (st->ticked & (1u << AO_NEEDS_DOCUMENTS)) && st->have_item != NULL) {
        st->docs = true;
        list_init(&st->list, (int)st->svc->nitems + 1);
        return action_handled();
    }
    if (st->docs) {
        items = xcalloc(st->svc->nitems, sizeof *items);
        for (size_t i = 0; i < st->svc->nitems; i++)
            if (st->have_item[i])
                items[nitems++] = st->svc->items[i].id;
    }
    if (app->db != NULL && db_assisted_record(app->db, st->assisted_id, st->ticked,
                                              st->svc != NULL ? st->svc->number : 0, items, nitems,
                                              app_wall(app), &cause) != 0) {
        log_msg(LOG_ERROR, "assisted outcome: %s", cause);
        free(cause);
        free(items);
        app_status(app, ROLE_ERROR, "%s", tr(MSG_STAFF_ERROR));
        return action_handled();
    }
    free(items);
    app_status(app, ROLE_OK, "%s", tr(MSG_OUT_SAVED));
    return action_pop();
}

static struct action
outcome_toggle(struct outcome_state *st, struct app *app, int i)
{
    int n = st->docs ? (int)st->svc->nitems : AO_COUNT;

    if (i < 0 || i > n)
        return action_handled();
    st->list.sel = i;
    if (i == n)
        return outcome_save(st, app);
    if (st->docs)
        st->have_item[i] = !st->have_item[i];
    else
        st->ticked ^= 1u << i;
    return action_handled();
}

static struct action
outcome_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    struct outcome_state *st = s->state;
    struct area a = widgets_area(app);

    if (ev->key == K_STAFF || ev->key == K_ASSIST)
        return action_handled();
    if (list_key(&st->list, ev, a.h - outcome_header(st, a.w)))
        return action_handled();
    switch (ev->key) {
    case K_OK:
    case K_SPACE: return outcome_toggle(st, app, st->list.sel);
    case K_PICK: return outcome_toggle(st, app, ev->num - 1);
    case K_BACK:
    case K_BKSP:
        if (st->docs) {
            st->docs = false;
            list_init(&st->list, AO_COUNT + 1);
            st->list.sel = AO_COUNT;
            return action_handled();
        }
        return action_pop(); /* skipped: the row stays "not recorded" */
    default: return action_ignored();
    }
}

static int
outcome_items(const struct screen *s)
{
    const struct outcome_state *st = s->state;

    return st->list.n;
}

const struct screen_ops outcome_screen = {
    .name = "outcome",
    .state_size = sizeof(struct outcome_state),
    .flags = SCREEN_STAFF | SCREEN_NO_GLOBAL,
    .enter = outcome_enter,
    .leave = outcome_leave,
    .draw = outcome_draw,
    .key = outcome_key,
    .help = MSG_HELP_OUTCOME,
    .items = outcome_items,
};
