/*
 * Staff: the printer as the print queue last saw it — its name (or the PDF folder when none
 * is configured), its state after the latest job, the jobs waiting and failed — and a test
 * page. The kiosk itself never talks to CUPS; the screen follows the queue while it is shown,
 * so a job leaves "waiting" as soon as it is printed or its PDF is saved.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "config.h"
#include "db_jobs.h"
#include "i18n.h"
#include "log.h"
#include "screens.h"
#include "staff.h"

#define STAFF_PRINTER_REFRESH_MS 1000

struct staff_printer_state {
    struct staff_page page;
    int64_t loaded_ms;
};

static void
staff_printer_load(struct staff_printer_state *st, struct app *app)
{
    const char *printer = app->cfg->printer.name != NULL ? app->cfg->printer.name : "";
    struct print_job_list recent = { 0 };
    char *cause = NULL;
    int queued = 0, failed = 0;
    const struct print_job *latest = NULL;
    int64_t now = app_wall(app);
    int sel = st->page.list.sel;

    staff_page_reset(&st->page, 1);
    st->page.list.sel = sel;
    if (printer[0] != '\0')
        strlist_addf(&st->page.info, "%s: %s", tr(MSG_STAFF_PRINTER_NAME), printer);
    else
        strlist_addf(&st->page.info, "%s %s", tr(MSG_STAFF_PRINTER_NONE),
                     app->cfg->pdf_dir != NULL ? app->cfg->pdf_dir : "");
    if (app->db != NULL && db_jobs_list(app->db, JOBS_RECENT, now - 7 * 86400, now,
                                        app->cfg->slip_retry_minutes, 200, &recent, &cause) == 0) {
        for (size_t i = 0; i < recent.n; i++) {
            const struct print_job *j = recent.v[i];

            if (strcmp(j->printer, printer) != 0)
                continue;
            if (latest == NULL)
                latest = j;
            queued += j->state == JOB_QUEUED || j->state == JOB_SENDING;
            failed += j->state == JOB_FAILED;
        }
    } else {
        log_msg(LOG_ERROR, "print jobs: %s", cause != NULL ? cause : "no database");
        free(cause);
    }
    if (latest == NULL)
        strlist_add(&st->page.info, tr(MSG_STAFF_PRINTER_UNKNOWN));
    else if (latest->error_kind[0] != '\0' &&
             (latest->state == JOB_QUEUED || latest->state == JOB_FAILED ||
              latest->state == JOB_SENT)) {
        strlist_add(&st->page.info, tr(MSG_STAFF_PRINTER_FAULT));
        strlist_addf(&st->page.info, "%s: %s%s%s (%s)", tr(MSG_STAFF_PRINTER_REASON),
                     latest->reason, latest->reason[0] != '\0' ? " · " : "", latest->error_kind,
                     latest->slip_no);
    } else {
        strlist_addf(&st->page.info, "%s: %s %s", tr(MSG_STAFF_PRINTER_OK), latest->slip_no,
                     staff_job_state_text(latest));
    }
    strlist_addf(&st->page.info, "%s: %d · %s: %d", tr(MSG_STAFF_PRINTER_QUEUE), queued,
                 tr(MSG_STAFF_PRINTER_FAILED), failed);
    print_job_list_free(&recent);
    st->loaded_ms = app_now_ms(app);
    app->dirty = true;
}

static const char *
staff_printer_label(const void *ctx, int i, enum role *role, char *buf, size_t size)
{
    (void)ctx;
    (void)role;
    (void)buf;
    (void)size;
    return i == 0 ? tr(MSG_STAFF_PRINTER_TEST) : NULL;
}

static int
staff_printer_enter(struct screen *s, struct app *app, const void *arg, char **cause)
{
    (void)arg;
    (void)cause;
    staff_printer_load(s->state, app);
    return 0;
}

static void
staff_printer_tick(struct screen *s, struct app *app)
{
    struct staff_printer_state *st = s->state;

    if (app_now_ms(app) - st->loaded_ms >= STAFF_PRINTER_REFRESH_MS)
        staff_printer_load(st, app);
}

static void
staff_printer_leave(struct screen *s, struct app *app)
{
    struct staff_printer_state *st = s->state;

    (void)app;
    staff_page_free(&st->page);
}

static void
staff_printer_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    const struct staff_printer_state *st = s->state;

    staff_page_draw(&st->page, app, ui, tr(MSG_STAFF_M_PRINTERS), staff_printer_label, NULL);
}

static struct action
staff_printer_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    struct staff_printer_state *st = s->state;
    int chosen;
    struct action a = staff_page_key(&st->page, app, ev, &chosen);

    if (chosen == 0) {
        staff_enqueue(app, JOB_TEST, "", "print_test");
        staff_printer_load(st, app);
    }
    return a;
}

static int
staff_printer_items(const struct screen *s)
{
    const struct staff_printer_state *st = s->state;

    return st->page.list.n;
}

const struct screen_ops staff_printer_screen = {
    .name = "staff_printer",
    .state_size = sizeof(struct staff_printer_state),
    .flags = SCREEN_STAFF | SCREEN_NO_GLOBAL,
    .enter = staff_printer_enter,
    .leave = staff_printer_leave,
    .tick = staff_printer_tick,
    .draw = staff_printer_draw,
    .key = staff_printer_key,
    .help = MSG_HELP_STAFF,
    .items = staff_printer_items,
};
