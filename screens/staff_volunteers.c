/*
 * Staff: the volunteers of the community digital technology team — item 1 adds one (the
 * next screen), the others disable or enable a volunteer (a disabled one is not offered on
 * F9 but stays in the statistics).
 */
#include <stdio.h>
#include <stdlib.h>

#include "app.h"
#include "db_staff.h"
#include "i18n.h"
#include "log.h"
#include "screens.h"
#include "staff.h"

struct staff_volunteers_state {
    struct staff_page page;
    struct volunteer_list vols; /* owned */
};

static void
staff_volunteers_load(struct staff_volunteers_state *st, struct app *app)
{
    char *cause = NULL;
    int sel = st->page.list.sel;

    volunteer_list_free(&st->vols);
    if (app->db == NULL || db_volunteer_list(app->db, false, &st->vols, &cause) != 0) {
        log_msg(LOG_ERROR, "volunteers: %s", cause != NULL ? cause : "no database");
        free(cause);
    }
    staff_page_reset(&st->page, (int)st->vols.n + 1);
    strlist_add(&st->page.info, tr(MSG_STAFF_VOL_INTRO));
    st->page.list.sel = sel < st->page.list.n ? sel : 0;
}

static void
staff_volunteers_toggle(struct staff_volunteers_state *st, struct app *app, size_t i)
{
    const struct volunteer *v = &st->vols.v[i];
    char *cause = NULL, msg[200];

    if (db_volunteer_set_active(app->db, v->id, !v->active, &cause) != 0) {
        log_msg(LOG_ERROR, "volunteer: %s", cause);
        free(cause);
        app_status(app, ROLE_ERROR, "%s", tr(MSG_STAFF_ERROR));
        return;
    }
    staff_audit(app, v->active ? "volunteer_disable" : "volunteer_enable", v->code);
    trf(msg, sizeof msg, v->active ? MSG_STAFF_VOL_OFF : MSG_STAFF_VOL_ON, v->name);
    app_status(app, ROLE_OK, "%s", msg);
    staff_volunteers_load(st, app);
}

static const char *
staff_volunteers_label(const void *ctx, int i, enum role *role, char *buf, size_t size)
{
    const struct staff_volunteers_state *st = ctx;
    const struct volunteer *v;

    if (i == 0)
        return tr(MSG_STAFF_VOL_ADD);
    if (i < 0 || (size_t)i > st->vols.n)
        return NULL;
    v = &st->vols.v[i - 1];
    if (!v->active)
        *role = ROLE_DIM;
    snprintf(buf, size, "%s (%s) — %s", v->name, v->code,
             tr(v->active ? MSG_STAFF_VOL_ACTIVE : MSG_STAFF_VOL_DISABLED));
    return buf;
}

static int
staff_volunteers_enter(struct screen *s, struct app *app, const void *arg, char **cause)
{
    (void)arg;
    (void)cause;
    staff_volunteers_load(s->state, app);
    return 0;
}

static void
staff_volunteers_resume(struct screen *s, struct app *app)
{
    staff_volunteers_load(s->state, app);
}

static void
staff_volunteers_leave(struct screen *s, struct app *app)
{
    struct staff_volunteers_state *st = s->state;

    (void)app;
    staff_page_free(&st->page);
    volunteer_list_free(&st->vols);
}

static void
staff_volunteers_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    const struct staff_volunteers_state *st = s->state;

    staff_page_draw(&st->page, app, ui, tr(MSG_STAFF_M_VOLUNTEERS), staff_volunteers_label, st);
}

static struct action
staff_volunteers_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    struct staff_volunteers_state *st = s->state;
    int chosen;
    struct action a = staff_page_key(&st->page, app, ev, &chosen);

    if (chosen == 0)
        return action_push(&staff_volunteer_add_screen, NULL);
    if (chosen > 0)
        staff_volunteers_toggle(st, app, (size_t)chosen - 1);
    return a;
}

static int
staff_volunteers_items(const struct screen *s)
{
    const struct staff_volunteers_state *st = s->state;

    return st->page.list.n;
}

const struct screen_ops staff_volunteers_screen = {
    .name = "staff_volunteers",
    .state_size = sizeof(struct staff_volunteers_state),
    .flags = SCREEN_STAFF | SCREEN_NO_GLOBAL,
    .enter = staff_volunteers_enter,
    .leave = staff_volunteers_leave,
    .resume = staff_volunteers_resume,
    .draw = staff_volunteers_draw,
    .key = staff_volunteers_key,
    .help = MSG_HELP_STAFF,
    .items = staff_volunteers_items,
};
