/*
 * F9: a volunteer starts an assisted session by choosing their name (by number). The
 * resident then uses the kiosk as usual; the title bar says "Có hỗ trợ viên" and the idle
 * timeout is the longer assisted_idle_timeout. Nothing about the resident is asked.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "db_staff.h"
#include "i18n.h"
#include "log.h"
#include "screens.h"
#include "widgets.h"
#include "xmalloc.h"

struct volunteer_state {
    struct volunteer_list vols;
    struct list list;
    bool assisted; /* the session has a volunteer already: offer to end it */
};

static int
volunteer_enter(struct screen *s, struct app *app, const void *arg, char **cause)
{
    struct volunteer_state *st = s->state;
    char *err = NULL;

    (void)arg;
    st->assisted = app->sess.volunteer_id != 0;
    if (st->assisted) {
        list_init(&st->list, 2);
        return 0;
    }
    if (app->db != NULL && db_volunteer_list(app->db, true, &st->vols, &err) != 0) {
        xasprintf(cause, "volunteers: %s", err);
        free(err);
        return -1;
    }
    list_init(&st->list, (int)st->vols.n);
    return 0;
}

static void
volunteer_leave(struct screen *s, struct app *app)
{
    struct volunteer_state *st = s->state;

    (void)app;
    volunteer_list_free(&st->vols);
}

static const char *
volunteer_label(const void *ctx, int i, enum role *role, char *buf, size_t size)
{
    const struct volunteer_state *st = ctx;

    (void)role;
    if (st->assisted)
        return i == 0 ? tr(MSG_VOL_END) : i == 1 ? tr(MSG_VOL_BACK) : NULL;
    if ((size_t)i >= st->vols.n)
        return NULL;
    snprintf(buf, size, "%s (%s)", st->vols.v[i].name, st->vols.v[i].code);
    return buf;
}

static int
volunteer_header(const struct volunteer_state *st, int w)
{
    if (st->assisted)
        return 2;
    return ui_wrap_lines(tr(st->vols.n > 0 ? MSG_VOL_CHOOSE : MSG_VOL_NONE), w) + 1;
}

static void
volunteer_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    const struct volunteer_state *st = s->state;
    struct area a = widgets_frame(app, ui, tr(MSG_VOL_TITLE));
    int head = volunteer_header(st, a.w);
    char msg[200];

    if (st->assisted) {
        trf(msg, sizeof msg, MSG_VOL_ALREADY, app->sess.volunteer_name);
        ui_text(ui, a.y, a.x, a.w, ROLE_HEADING, msg);
    } else {
        ui_wrap(ui, a.y, a.x, a.w, head, st->vols.n > 0 ? ROLE_NORMAL : ROLE_WARN,
                tr(st->vols.n > 0 ? MSG_VOL_CHOOSE : MSG_VOL_NONE));
    }
    if (st->list.n > 0)
        list_draw(ui, &st->list, (struct area){ a.y + head, a.x, a.h - head, a.w }, volunteer_label,
                  st);
    else
        ui_cursor(ui, a.y, a.x);
}

static struct action
volunteer_choose(struct screen *s, struct app *app, int i)
{
    struct volunteer_state *st = s->state;
    const struct volunteer *v;
    char *cause = NULL, msg[200];
    int64_t id = 0;

    if (i < 0 || i >= st->list.n)
        return action_handled();
    if (st->assisted)
        return i == 0 ? action_finish() : action_pop();
    v = &st->vols.v[i];
    app->sess.volunteer_id = v->id;
    snprintf(app->sess.volunteer_name, sizeof app->sess.volunteer_name, "%s", v->name);
    /* The resident's anonymous session starts now (if it has not), so the assisted row
     * can name it. */
    app_session_step(app, app->sess.service, "assisted");
    if (app->db != NULL && db_assisted_start(app->db, app->sess.id, v->id, app->kiosk_id,
                                             app_wall(app), &id, &cause) != 0) {
        log_msg(LOG_ERROR, "assisted session: %s", cause);
        free(cause);
        id = 0;
    }
    app->sess.volunteer_session = id;
    log_msg(LOG_INFO, "assisted session started (volunteer %s)", v->code);
    trf(msg, sizeof msg, MSG_VOL_STARTED, v->name);
    app_status(app, ROLE_OK, "%s", msg);
    return action_pop();
}

static struct action
volunteer_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    struct volunteer_state *st = s->state;
    int rows = widgets_area(app).h - volunteer_header(st, widgets_area(app).w);

    if (ev->key == K_ASSIST)
        return action_handled();
    if (st->list.n > 0 && list_key(&st->list, ev, rows))
        return action_handled();
    switch (ev->key) {
    case K_OK: return st->list.n > 0 ? volunteer_choose(s, app, st->list.sel) : action_pop();
    case K_PICK: return volunteer_choose(s, app, ev->num - 1);
    default: return action_ignored();
    }
}

static int
volunteer_items(const struct screen *s)
{
    const struct volunteer_state *st = s->state;

    return st->list.n;
}

const struct screen_ops volunteer_screen = {
    .name = "volunteer",
    .state_size = sizeof(struct volunteer_state),
    .flags = SCREEN_STAFF | SCREEN_NO_GLOBAL,
    .enter = volunteer_enter,
    .leave = volunteer_leave,
    .draw = volunteer_draw,
    .key = volunteer_key,
    .help = MSG_HELP_VOLUNTEER,
    .items = volunteer_items,
};
