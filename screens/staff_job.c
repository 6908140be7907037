/*
 * Staff: one print job — what it is, its state and why it failed — with "retry" and
 * "cancel" (asked first). A job CUPS already has is cancelled there by the print helper
 * first. The screen follows the job while it is on screen.
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
#include "spawn.h"
#include "staff.h"
#include "xmalloc.h"

#define STAFF_JOB_REFRESH_MS 1000

struct staff_job_state {
    struct staff_page page;
    int64_t id;
    struct print_job *job; /* owned; NULL when it could not be read */
    int64_t loaded_ms;
};

static void
staff_job_load(struct staff_job_state *st, struct app *app)
{
    struct print_job *j = app->db != NULL ? db_jobs_get(app->db, st->id) : NULL;
    int sel = st->page.list.sel;

    if (j != NULL) {
        print_job_free(st->job);
        st->job = j;
    }
    st->loaded_ms = app_now_ms(app);
    if (st->job == NULL)
        return;
    j = st->job;
    staff_page_reset(&st->page, 2);
    st->page.list.sel = sel;
    strlist_addf(&st->page.info, "%s %s · %s", staff_job_kind_text(j->kind), j->slip_no,
                 staff_job_state_text(j));
    if (j->service != 0)
        strlist_addf(&st->page.info, "%s %d", tr(MSG_STATS_SERVICE_N), j->service);
    if (j->reason[0] != '\0' || j->error_kind[0] != '\0')
        strlist_addf(&st->page.info, "%s: %s %s", tr(MSG_STAFF_PRINTER_REASON), j->error_kind,
                     j->reason);
    app->dirty = true;
}

static void
staff_job_retry(struct staff_job_state *st, struct app *app)
{
    const struct print_job *j = st->job;
    char *cause = NULL, msg[200];

    if (db_jobs_retry(app->db, j->id, app_wall(app), &cause) != 0) {
        log_msg(LOG_INFO, "retry %s: %s", j->slip_no, cause);
        free(cause);
        app_status(app, ROLE_WARN, "%s", tr(MSG_STAFF_JOB_REFUSED));
        return;
    }
    staff_audit(app, "retry", j->slip_no);
    trf(msg, sizeof msg, MSG_STAFF_JOB_RETRIED, j->slip_no);
    if (spawn_print_queue(app->cfg->path, app->cfg->log, &cause) != 0) {
        log_msg(LOG_ERROR, "print helper: %s", cause);
        free(cause);
        app_status(app, ROLE_WARN, "%s", tr(MSG_STAFF_HELPER_FAILED));
    } else {
        app_status(app, ROLE_OK, "%s", msg);
    }
}

/* The confirm screen's "yes": ctx is this screen's state, open under it. */
static void
staff_job_cancel(struct app *app, void *ctx)
{
    struct staff_job_state *st = ctx;
    const struct print_job *j = st->job;
    char *cause = NULL, msg[200];

    if (j->state == JOB_SENT) {
        /* CUPS has it: the helper cancels it there first, then marks it. */
        const char *args[] = { "cancel", j->slip_no, "-c", app->cfg->path, NULL };

        if (spawn_helper_detached(args, app->cfg->log, &cause) != 0) {
            log_msg(LOG_ERROR, "print helper: %s", cause);
            free(cause);
            app_status(app, ROLE_WARN, "%s", tr(MSG_STAFF_HELPER_FAILED));
            return;
        }
        staff_audit(app, "cancel", j->slip_no);
        trf(msg, sizeof msg, MSG_STAFF_JOB_CANCELLING, j->slip_no);
        app_status(app, ROLE_OK, "%s", msg);
        return;
    }
    if (db_jobs_cancel(app->db, j->id, app_wall(app), &cause) != 0) {
        log_msg(LOG_INFO, "cancel %s: %s", j->slip_no, cause);
        free(cause);
        app_status(app, ROLE_WARN, "%s", tr(MSG_STAFF_JOB_REFUSED));
        return;
    }
    staff_audit(app, "cancel", j->slip_no);
    trf(msg, sizeof msg, MSG_STAFF_JOB_CANCELLED, j->slip_no);
    app_status(app, ROLE_OK, "%s", msg);
}

static const char *
staff_job_label(const void *ctx, int i, enum role *role, char *buf, size_t size)
{
    (void)ctx;
    (void)role;
    (void)buf;
    (void)size;
    return i == 0 ? tr(MSG_STAFF_JOB_RETRY) : i == 1 ? tr(MSG_STAFF_JOB_CANCEL) : NULL;
}

/* arg: the job's id (const int64_t *, borrowed). */
static int
staff_job_enter(struct screen *s, struct app *app, const void *arg, char **cause)
{
    struct staff_job_state *st = s->state;

    st->id = *(const int64_t *)arg;
    staff_job_load(st, app);
    if (st->job == NULL) {
        *cause = xstrdup("the job cannot be read");
        return -1;
    }
    return 0;
}

static void
staff_job_resume(struct screen *s, struct app *app)
{
    staff_job_load(s->state, app);
}

static void
staff_job_tick(struct screen *s, struct app *app)
{
    struct staff_job_state *st = s->state;

    if (app_now_ms(app) - st->loaded_ms >= STAFF_JOB_REFRESH_MS)
        staff_job_load(st, app);
}

static void
staff_job_leave(struct screen *s, struct app *app)
{
    struct staff_job_state *st = s->state;

    (void)app;
    staff_page_free(&st->page);
    print_job_free(st->job);
}

static void
staff_job_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    const struct staff_job_state *st = s->state;

    staff_page_draw(&st->page, app, ui, tr(MSG_STAFF_M_JOBS), staff_job_label, NULL);
}

static struct action
staff_job_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    struct staff_job_state *st = s->state;
    int chosen;
    struct action a = staff_page_key(&st->page, app, ev, &chosen);

    if (chosen == 0) {
        staff_job_retry(st, app);
        staff_job_load(st, app);
    } else if (chosen == 1 && st->job->state != JOB_QUEUED && st->job->state != JOB_FAILED &&
               st->job->state != JOB_SENT) {
        app_status(app, ROLE_WARN, "%s", tr(MSG_STAFF_JOB_REFUSED)); /* nothing to ask */
    } else if (chosen == 1) {
        struct staff_confirm_request req = {
            .title = MSG_STAFF_M_JOBS,
            .yes = MSG_STAFF_JOB_CANCEL_YES,
            .no = MSG_STAFF_EXIT_NO,
            .on_yes = staff_job_cancel,
            .ctx = st,
        };
        char question[200];

        trf(question, sizeof question, MSG_STAFF_JOB_CANCEL_ASK, st->job->slip_no);
        req.question = question;
        app_push(app, &staff_confirm_screen, &req);
    }
    return a;
}

static int
staff_job_items(const struct screen *s)
{
    const struct staff_job_state *st = s->state;

    return st->page.list.n;
}

const struct screen_ops staff_job_screen = {
    .name = "staff_job",
    .state_size = sizeof(struct staff_job_state),
    .flags = SCREEN_STAFF | SCREEN_NO_GLOBAL,
    .enter = staff_job_enter,
    .leave = staff_job_leave,
    .resume = staff_job_resume,
    .tick = staff_job_tick,
    .draw = staff_job_draw,
    .key = staff_job_key,
    .help = MSG_HELP_STAFF,
    .items = staff_job_items,
};
