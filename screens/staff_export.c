/*
 * Staff: export this or last month's figures — thong-ke-YYYY-MM.csv, written here (through
 * the one file writer, file_write.h: never in place, never over what is not a file), and
 * bao-cao-YYYY-MM.pdf, made by the print helper in the background — into <pdf_dir>/reports.
 * What was written is shown on a notice screen; Esc there comes back here.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "config.h"
#include "db_stats.h"
#include "file_write.h"
#include "i18n.h"
#include "log.h"
#include "print_docs.h"
#include "screens.h"
#include "spawn.h"
#include "staff.h"
#include "stats_period.h"
#include "stats_report.h"
#include "xmalloc.h"

struct staff_export_state {
    struct staff_page page;
};

/* The folder exports go to (caller frees). */
static char *
staff_export_dir(const struct app *app)
{
    char *dir;

    xasprintf(&dir, "%s/reports",
              app->cfg->pdf_dir != NULL && app->cfg->pdf_dir[0] != '\0' ? app->cfg->pdf_dir : ".");
    return dir;
}

static void
staff_export_run(struct app *app, bool last_month)
{
    struct period p = { 0 };
    struct stats s;
    struct stats_rows rows;
    struct strlist lines = { 0 };
    char *dir = staff_export_dir(app), *csv_path = NULL, *pdf_path = NULL, *csv, *cause = NULL;
    char month[8];

    if (last_month)
        period_last_month(app_wall(app), &p);
    else
        period_month_of(app_wall(app), &p);
    snprintf(month, sizeof month, "%.7s", p.from);
    xasprintf(&csv_path, "%s/thong-ke-%s.csv", dir, month);
    xasprintf(&pdf_path, "%s/bao-cao-%s.pdf", dir, month);
    if (app->db == NULL || config_mkdir_p(dir, &cause) != 0 ||
        db_stats_get(app->db, p.from, p.to, &s, &cause) != 0) {
        log_msg(LOG_ERROR, "export: %s", cause != NULL ? cause : "no database");
        app_status(app, ROLE_ERROR, "%s: %s", tr(MSG_STAFF_EXPORT_FAILED), dir);
        free(cause);
        goto out;
    }
    stats_rows_build(&s, app->cat, LANG_VI, &rows);
    csv = stats_csv(&s, &rows, ',', LANG_VI);
    stats_rows_free(&rows);
    stats_done(&s);
    if (file_write_all(csv_path, csv, strlen(csv), &cause) != 0) {
        log_msg(LOG_ERROR, "export: %s", cause);
        app_status(app, ROLE_ERROR, "%s: %s", tr(MSG_STAFF_EXPORT_FAILED), csv_path);
        free(cause);
        free(csv);
        goto out;
    }
    free(csv);
    staff_audit(app, "export", csv_path);
    strlist_addf(&lines, "%s:", tr(MSG_STAFF_EXPORTED_CSV));
    strlist_addf(&lines, "  %s", csv_path);
    {
        /* The report is built here, from the same figures; the helper only renders it. */
        struct doc_target t = { .printer = "", .paper = "A4", .lang = LANG_VI };
        struct doc_queued q = { 0 };
        char id[24] = "";
        const char *args[] = { "-c", app->cfg->path, "job", id, "-o", pdf_path, NULL };
        int rc =
            docs_queue_report(app->db, app->cat, app->cfg, month, &t, app_wall(app), &q, &cause);

        if (rc == 0) {
            snprintf(id, sizeof id, "%lld", (long long)q.id);
            rc = spawn_helper_detached(args, app->cfg->log, &cause);
        }
        doc_queued_done(&q);
        if (rc != 0) {
            log_msg(LOG_ERROR, "export: %s", cause);
            free(cause);
            strlist_add(&lines, tr(MSG_STAFF_EXPORT_NO_PDF));
        } else {
            staff_audit(app, "export", pdf_path);
            strlist_addf(&lines, "%s:", tr(MSG_STAFF_EXPORTED_PDF));
            strlist_addf(&lines, "  %s", pdf_path);
        }
    }
    app_push(app, &staff_notice_screen,
             &(struct staff_notice_request){ .title = MSG_STAFF_M_EXPORT, .lines = &lines });
    strlist_free(&lines);
out:
    free(dir);
    free(csv_path);
    free(pdf_path);
}

static const char *
staff_export_label(const void *ctx, int i, enum role *role, char *buf, size_t size)
{
    (void)ctx;
    (void)role;
    (void)buf;
    (void)size;
    return i == 0 ? tr(MSG_STAFF_EXPORT_THIS) : i == 1 ? tr(MSG_STAFF_EXPORT_LAST) : NULL;
}

static int
staff_export_enter(struct screen *s, struct app *app, const void *arg, char **cause)
{
    struct staff_export_state *st = s->state;
    char *dir = staff_export_dir(app);

    (void)arg;
    (void)cause;
    staff_page_reset(&st->page, 2);
    strlist_add(&st->page.info, tr(MSG_STAFF_EXPORT_INTRO));
    strlist_addf(&st->page.info, "  %s", dir);
    free(dir);
    return 0;
}

static void
staff_export_leave(struct screen *s, struct app *app)
{
    struct staff_export_state *st = s->state;

    (void)app;
    staff_page_free(&st->page);
}

static void
staff_export_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    const struct staff_export_state *st = s->state;

    staff_page_draw(&st->page, app, ui, tr(MSG_STAFF_M_EXPORT), staff_export_label, NULL);
}

static struct action
staff_export_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    struct staff_export_state *st = s->state;
    int chosen;
    struct action a = staff_page_key(&st->page, app, ev, &chosen);

    if (chosen >= 0)
        staff_export_run(app, chosen == 1);
    return a;
}

static int
staff_export_items(const struct screen *s)
{
    const struct staff_export_state *st = s->state;

    return st->page.list.n;
}

const struct screen_ops staff_export_screen = {
    .name = "staff_export",
    .state_size = sizeof(struct staff_export_state),
    .flags = SCREEN_STAFF | SCREEN_NO_GLOBAL,
    .enter = staff_export_enter,
    .leave = staff_export_leave,
    .draw = staff_export_draw,
    .key = staff_export_key,
    .help = MSG_HELP_STAFF,
    .items = staff_export_items,
};
