/*
 * Staff: the print jobs of the last 7 days, newest first; choosing one opens it (retry,
 * cancel). The list follows the queue while it is on screen (the print helper changes it in
 * the background).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "app.h"
#include "config.h"
#include "db_jobs.h"
#include "i18n.h"
#include "log.h"
#include "screens.h"
#include "staff.h"

#define STAFF_JOBS_REFRESH_MS 1000

struct staff_jobs_state {
    struct staff_page page;
    struct print_job_list jobs; /* owned */
    int64_t loaded_ms;          /* when jobs was read */
};

static void
staff_jobs_load(struct staff_jobs_state *st, struct app *app)
{
    char *cause = NULL;
    int64_t now = app_wall(app);
    int sel = st->page.list.sel;

    print_job_list_free(&st->jobs);
    if (app->db == NULL || db_jobs_list(app->db, JOBS_RECENT, now - 7 * 86400, now,
                                        app->cfg->slip_retry_minutes, 60, &st->jobs, &cause) != 0) {
        log_msg(LOG_ERROR, "print jobs: %s", cause != NULL ? cause : "no database");
        free(cause);
        st->jobs.v = NULL;
        st->jobs.n = 0;
    }
    staff_page_reset(&st->page, (int)st->jobs.n);
    strlist_add(&st->page.info, tr(st->jobs.n > 0 ? MSG_STAFF_JOBS_INTRO : MSG_STAFF_JOBS_NONE));
    st->page.list.sel = sel < st->page.list.n ? sel : 0;
    st->loaded_ms = app_now_ms(app);
    app->dirty = true;
}

static const char *
staff_jobs_label(const void *ctx, int i, enum role *role, char *buf, size_t size)
{
    const struct staff_jobs_state *st = ctx;
    const struct print_job *j = i >= 0 && (size_t)i < st->jobs.n ? st->jobs.v[i] : NULL;

    if (j == NULL)
        return NULL;
    if (j->state == JOB_FAILED || (j->state == JOB_QUEUED && j->error_kind[0] != '\0'))
        *role = ROLE_WARN;
    snprintf(buf, size, "%s · %s · %s%s%s", j->slip_no, staff_job_kind_text(j->kind),
             staff_job_state_text(j), j->reason[0] != '\0' ? ": " : "", j->reason);
    return buf;
}

static int
staff_jobs_enter(struct screen *s, struct app *app, const void *arg, char **cause)
{
    (void)arg;
    (void)cause;
    staff_jobs_load(s->state, app);
    return 0;
}

static void
staff_jobs_resume(struct screen *s, struct app *app)
{
    staff_jobs_load(s->state, app);
}

static void
staff_jobs_tick(struct screen *s, struct app *app)
{
    struct staff_jobs_state *st = s->state;

    if (app_now_ms(app) - st->loaded_ms >= STAFF_JOBS_REFRESH_MS)
        staff_jobs_load(st, app);
}

static void
staff_jobs_leave(struct screen *s, struct app *app)
{
    struct staff_jobs_state *st = s->state;

    (void)app;
    staff_page_free(&st->page);
    print_job_list_free(&st->jobs);
}

static void
staff_jobs_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    const struct staff_jobs_state *st = s->state;

    staff_page_draw(&st->page, app, ui, tr(MSG_STAFF_M_JOBS), staff_jobs_label, st);
}

static struct action
staff_jobs_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    struct staff_jobs_state *st = s->state;
    int chosen;
    struct action a = staff_page_key(&st->page, app, ev, &chosen);

    if (chosen >= 0) {
        int64_t id = st->jobs.v[chosen]->id;

        app_push(app, &staff_job_screen, &id);
    }
    return a;
}

static int
staff_jobs_items(const struct screen *s)
{
    const struct staff_jobs_state *st = s->state;

    return st->page.list.n;
}

const struct screen_ops staff_jobs_screen = {
    .name = "staff_jobs",
    .state_size = sizeof(struct staff_jobs_state),
    .flags = SCREEN_STAFF | SCREEN_NO_GLOBAL,
    .enter = staff_jobs_enter,
    .leave = staff_jobs_leave,
    .resume = staff_jobs_resume,
    .tick = staff_jobs_tick,
    .draw = staff_jobs_draw,
    .key = staff_jobs_key,
    .help = MSG_HELP_STAFF,
    .items = staff_jobs_items,
};
