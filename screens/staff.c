/*
 * The staff menu (after the PIN): every job behind the counter from the keypad, numbered.
 * One screen with modes (the menu, handouts, reprint, print jobs, the printer, export,
 * catalog problems, volunteers, leaving): Esc or 0 goes up one mode, and out of staff mode
 * from the menu. Printing goes through the print queue like the resident's slip: a
 * print_jobs row, then the print helper started in the background (spawn.h) — the kiosk
 * never links cairo or CUPS. Every action is audited (staff_audit).
 *
 * A catalog reload is validated first (catalog_load); a bad catalog is refused with its
 * problems and the old one stays. A good one is swapped in when the stack has gone back to
 * home, so no screen still borrows the old one; a catalog this file loaded earlier is freed
 * at the next reload (the one main loaded is main's to free).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "catalog.h"
#include "compose.h"
#include "config.h"
#include "db.h"
#include "db_jobs.h"
#include "db_staff.h"
#include "db_stats.h"
#include "i18n.h"
#include "log.h"
#include "screens.h"
#include "spawn.h"
#include "stats_period.h"
#include "stats_report.h"
#include "text.h"
#include "widgets.h"
#include "xmalloc.h"

enum staff_mode {
    M_MENU,
    M_HANDOUT,
    M_HANDOUT_ONE,
    M_REPRINT,
    M_JOBS,
    M_JOB,
    M_PRINTERS,
    M_EXPORT,
    M_EXPORTED,
    M_PROBLEMS,
    M_VOLUNTEERS,
    M_VOL_ADD,
    M_EXIT,
};

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

struct staff_state {
    enum staff_mode mode;
    struct list list;
    struct strlist info; /* text above the list in this mode */
    char field[32];      /* M_REPRINT: the slip number typed */
    int flen;
    char code[VOLUNTEER_CODE_MAX + 1]; /* M_VOL_ADD */
    int clen;
    int vfield;                 /* M_VOL_ADD: 0 = code, 1 = name */
    struct compose name;        /* M_VOL_ADD: the name, Telex/VNI composed */
    struct print_job_list jobs; /* M_JOBS */
    struct print_job *job;      /* M_JOB (owned) */
    struct volunteer_list vols; /* M_VOLUNTEERS */
    int *services;              /* M_HANDOUT_ONE: active service numbers */
    size_t nservices;
    const struct app *app; /* borrowed, for labels */
    char label[256];       /* the label being drawn */
};

/* Catalogs loaded by a reload: the one in use and the one it replaced (freed at the next
 * reload, when no screen borrows it any more). The catalog main loaded is never freed here. */
static struct catalog *reload_current;
static struct catalog *reload_retired;
static struct catalog *reload_pending;
static bool reload_atexit;

static void
staff_free_reloaded(void)
{
    catalog_free(reload_retired);
    catalog_free(reload_current);
    catalog_free(reload_pending);
    reload_retired = reload_current = reload_pending = NULL;
}

/* --- Shared with the other staff screens ------------------------------------------ */

void
staff_audit(struct app *app, const char *action, const char *detail)
{
    char *cause = NULL;

    if (app->db == NULL)
        return;
    if (db_audit_add(app->db, app_wall(app), app->kiosk_id, action, detail, &cause) != 0) {
        log_msg(LOG_ERROR, "audit %s: %s", action, cause);
        free(cause);
    }
}

void
staff_retention(struct app *app)
{
    char today[11], before[11], *cause = NULL, *done;
    int folded = 0;

    if (app->db == NULL || app->cfg->retention_days <= 0)
        return;
    app_today(app, today);
    /* Once a day per database, whichever kiosk on it comes first. */
    done = db_setting_get(app->db, "retention_day");
    if (done != NULL && strcmp(done, today) == 0) {
        free(done);
        return;
    }
    free(done);
    period_day_name(period_day_number(today) - app->cfg->retention_days, before);
    if (db_stats_fold(app->db, before, &folded, &cause) != 0 ||
        db_setting_set(app->db, "retention_day", today, &cause) != 0) {
        log_msg(LOG_ERROR, "retention: %s", cause);
        free(cause);
    }
}

/* After an assisted session (finish, start again, idle): the volunteer's outcome screen. */
static void
staff_session_ended(struct app *app, int how)
{
    struct outcome_request req;

    if (app->sess.volunteer_session == 0)
        return;
    memset(&req, 0, sizeof req);
    req.assisted_id = app->sess.volunteer_session;
    req.volunteer_id = app->sess.volunteer_id;
    req.volunteer = app->sess.volunteer_name;
    req.how = how;
    req.service = app->sess.service;
    if (req.service == 0 && app->sess.id != 0 && app->db != NULL)
        req.service = db_session_last_service(app->db, app->sess.id);
    app_push(app, &outcome_screen, &req);
    staff_retention(app);
}

/* The default language staff chose (a setting) replaces kiosk.conf's. The config belongs
 * to main, which lends it const; this is the one field staff may change at run time. */
static void
staff_apply_lang(struct app *app, int lang)
{
    struct config *cfg = (struct config *)(uintptr_t)app->cfg;

    cfg->default_lang = lang;
    if (app->sess.id == 0 && app->depth <= 1)
        i18n_set_lang((enum lang)lang);
}

void
staff_attach(struct app *app)
{
    app->on_session_end = staff_session_ended;
    app->on_new_day = staff_retention; /* a kiosk running for weeks folds daily too */
    if (app->db != NULL) {
        char *v = db_setting_get(app->db, "default_lang");
        int lang = v != NULL ? lang_parse(v) : -1;

        free(v);
        if (lang >= 0) {
            ((struct config *)(uintptr_t)app->cfg)->default_lang = lang;
            i18n_set_lang((enum lang)lang);
        }
    }
    staff_retention(app);
}

/* --- Modes -------------------------------------------------------------------------- */

static void
staff_info_clear(struct staff_state *st)
{
    strlist_free(&st->info);
}

static void
staff_mode(struct staff_state *st, enum staff_mode mode, int items)
{
    st->mode = mode;
    list_init(&st->list, items);
}

static void
staff_menu(struct staff_state *st)
{
    staff_info_clear(st);
    staff_mode(st, M_MENU, MI_COUNT);
}

static const char *
job_kind_text(enum job_kind k)
{
    static const enum msg_id m[] = { MSG_JOB_KIND_SLIP, MSG_JOB_KIND_HANDOUT, MSG_JOB_KIND_POSTER,
                                     MSG_JOB_KIND_TEST, MSG_JOB_KIND_REPORT };

    return (size_t)k < sizeof m / sizeof m[0] ? tr(m[k]) : "?";
}

static const char *
job_state_text(enum job_state s)
{
    static const enum msg_id m[] = { MSG_JOB_STATE_QUEUED, MSG_JOB_STATE_SENDING,
                                     MSG_JOB_STATE_SENT,   MSG_JOB_STATE_DONE,
                                     MSG_JOB_STATE_FAILED, MSG_JOB_STATE_CANCELLED };

    return (size_t)s < sizeof m / sizeof m[0] ? tr(m[s]) : "?";
}

/* Start the queue runner for a job just written; say what happened on the status line. */
static void
staff_kick_queue(struct app *app, const char *slip_no)
{
    char *cause = NULL, msg[200];

    if (spawn_print_queue(app->cfg->path, app->cfg->log, &cause) != 0) {
        log_msg(LOG_ERROR, "print helper: %s", cause);
        free(cause);
        app_status(app, ROLE_WARN, "%s", tr(MSG_STAFF_HELPER_FAILED));
        return;
    }
    trf(msg, sizeof msg, MSG_STAFF_QUEUED, slip_no);
    app_status(app, ROLE_OK, "%s", msg);
}

/* Queue a handout, the poster or a test page. */
static void
staff_enqueue(struct app *app, enum job_kind kind, const char *services, const char *action)
{
    struct print_job_new n;
    char *cause = NULL, *slip_no = NULL, *detail;
    int64_t id;

    memset(&n, 0, sizeof n);
    n.kind = kind;
    n.services = services;
    n.catalog_hash = app->cat != NULL ? app->cat->hash : "";
    n.printer = app->cfg->printer.name;
    n.lang = lang_code(i18n_lang());
    if (app->db == NULL ||
        db_jobs_enqueue(app->db, &n, app_wall(app), &id, &slip_no, &cause) != 0) {
        log_msg(LOG_ERROR, "%s: %s", action, cause != NULL ? cause : "no database");
        free(cause);
        app_status(app, ROLE_ERROR, "%s", tr(MSG_STAFF_PRINT_FAILED));
        return;
    }
    xasprintf(&detail, "%s%s%s", slip_no, services != NULL && *services != '\0' ? " service " : "",
              services != NULL ? services : "");
    staff_audit(app, action, detail);
    free(detail);
    staff_kick_queue(app, slip_no);
    free(slip_no);
}

static void
staff_handout_one(struct staff_state *st, const struct app *app)
{
    char today[11];

    app_today(app, today);
    free(st->services);
    st->services = NULL;
    st->nservices = 0;
    for (size_t i = 0; app->cat != NULL && i < app->cat->nservices; i++)
        if (catalog_service_active(&app->cat->services[i], today)) {
            st->services = xreallocarray(st->services, st->nservices + 1, sizeof *st->services);
            st->services[st->nservices++] = app->cat->services[i].number;
        }
    staff_info_clear(st);
    strlist_add(&st->info, tr(MSG_STAFF_HANDOUT_PICK));
    staff_mode(st, M_HANDOUT_ONE, (int)st->nservices);
}

/* "42" → today's "YYYYMMDD-0042"; "202611280042" → "20261128-0042"; else as typed. */
static void
staff_slip_number(const struct app *app, const char *typed, char *out, size_t size)
{
    size_t n = strlen(typed);
    bool digits = n > 0 && strspn(typed, "0123456789") == n;

    if (digits && n <= 4) {
        char today[11];

        app_today(app, today);
        snprintf(out, size, "%.4s%.2s%.2s-%04d", today, today + 5, today + 8, atoi(typed));
    } else if (digits && n == 12) {
        snprintf(out, size, "%.8s-%.4s", typed, typed + 8);
    } else {
        snprintf(out, size, "%s", typed);
    }
}

static void
staff_reprint(struct staff_state *st, struct app *app)
{
    char slip[48], *cause = NULL, *new_no = NULL, *detail, msg[200];
    int64_t id;

    staff_slip_number(app, st->field, slip, sizeof slip);
    if (app->db == NULL ||
        db_jobs_reprint(app->db, slip, NULL, app_wall(app), &id, &new_no, &cause) != 0) {
        log_msg(LOG_INFO, "reprint %s: %s", slip, cause != NULL ? cause : "no database");
        free(cause);
        trf(msg, sizeof msg, MSG_STAFF_REPRINT_NONE, slip);
        app_status(app, ROLE_ERROR, "%s", msg);
        return;
    }
    xasprintf(&detail, "%s as %s", slip, new_no);
    staff_audit(app, "reprint", detail);
    free(detail);
    staff_kick_queue(app, new_no);
    free(new_no);
    st->flen = 0;
    st->field[0] = '\0';
}

static void
staff_jobs(struct staff_state *st, struct app *app)
{
    char *cause = NULL;
    int64_t now = app_wall(app);

    print_job_list_free(&st->jobs);
    staff_info_clear(st);
    if (app->db == NULL || db_jobs_list(app->db, JOBS_RECENT, now - 7 * 86400, now,
                                        app->cfg->slip_retry_minutes, 60, &st->jobs, &cause) != 0) {
        log_msg(LOG_ERROR, "print jobs: %s", cause != NULL ? cause : "no database");
        free(cause);
        st->jobs.v = NULL;
        st->jobs.n = 0;
    }
    strlist_add(&st->info, tr(st->jobs.n > 0 ? MSG_STAFF_JOBS_INTRO : MSG_STAFF_JOBS_NONE));
    staff_mode(st, M_JOBS, (int)st->jobs.n);
}

static void
staff_job_info(struct staff_state *st)
{
    const struct print_job *j = st->job;

    staff_info_clear(st);
    strlist_addf(&st->info, "%s %s · %s", job_kind_text(j->kind), j->slip_no,
                 job_state_text(j->state));
    if (j->service != 0)
        strlist_addf(&st->info, "%s %d", tr(MSG_STATS_SERVICE_N), j->service);
    if (j->reason[0] != '\0' || j->error_kind[0] != '\0')
        strlist_addf(&st->info, "%s: %s %s", tr(MSG_STAFF_PRINTER_REASON), j->error_kind,
                     j->reason);
}

static void
staff_job_open(struct staff_state *st, struct app *app, size_t i)
{
    struct print_job *j = db_jobs_get(app->db, st->jobs.v[i]->id);

    if (j == NULL) {
        app_status(app, ROLE_ERROR, "%s", tr(MSG_STAFF_ERROR));
        return;
    }
    print_job_free(st->job);
    st->job = j;
    staff_job_info(st);
    staff_mode(st, M_JOB, 2);
}

static void
staff_job_refresh(struct staff_state *st, struct app *app)
{
    struct print_job *j = db_jobs_get(app->db, st->job->id);

    if (j != NULL) {
        print_job_free(st->job);
        st->job = j;
    }
    staff_job_info(st);
}

static void
staff_job_action(struct staff_state *st, struct app *app, bool retry)
{
    struct print_job *j = st->job;
    char *cause = NULL, msg[200];
    int64_t now = app_wall(app);

    if (retry) {
        if (db_jobs_retry(app->db, j->id, now, &cause) != 0) {
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
    } else if (j->state == JOB_SENT) {
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
    } else {
        if (db_jobs_cancel(app->db, j->id, now, &cause) != 0) {
            log_msg(LOG_INFO, "cancel %s: %s", j->slip_no, cause);
            free(cause);
            app_status(app, ROLE_WARN, "%s", tr(MSG_STAFF_JOB_REFUSED));
            return;
        }
        staff_audit(app, "cancel", j->slip_no);
        trf(msg, sizeof msg, MSG_STAFF_JOB_CANCELLED, j->slip_no);
        app_status(app, ROLE_OK, "%s", msg);
    }
    staff_job_refresh(st, app);
}

/* The printer as the print queue last saw it: the kiosk itself never talks to CUPS. */
static void
staff_printers(struct staff_state *st, struct app *app)
{
    const char *printer = app->cfg->printer.name != NULL ? app->cfg->printer.name : "";
    struct print_job_list recent = { 0 };
    char *cause = NULL;
    int queued = 0, failed = 0;
    const struct print_job *latest = NULL;
    int64_t now = app_wall(app);

    staff_info_clear(st);
    if (printer[0] != '\0')
        strlist_addf(&st->info, "%s: %s", tr(MSG_STAFF_PRINTER_NAME), printer);
    else
        strlist_addf(&st->info, "%s %s", tr(MSG_STAFF_PRINTER_NONE),
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
        strlist_add(&st->info, tr(MSG_STAFF_PRINTER_UNKNOWN));
    else if (latest->error_kind[0] != '\0' &&
             (latest->state == JOB_QUEUED || latest->state == JOB_FAILED ||
              latest->state == JOB_SENT)) {
        strlist_add(&st->info, tr(MSG_STAFF_PRINTER_FAULT));
        strlist_addf(&st->info, "%s: %s%s%s (%s)", tr(MSG_STAFF_PRINTER_REASON), latest->reason,
                     latest->reason[0] != '\0' ? " · " : "", latest->error_kind, latest->slip_no);
    } else {
        strlist_addf(&st->info, "%s: %s %s", tr(MSG_STAFF_PRINTER_OK), latest->slip_no,
                     job_state_text(latest->state));
    }
    strlist_addf(&st->info, "%s: %d · %s: %d", tr(MSG_STAFF_PRINTER_QUEUE), queued,
                 tr(MSG_STAFF_PRINTER_FAILED), failed);
    print_job_list_free(&recent);
    staff_mode(st, M_PRINTERS, 1);
}

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
staff_export_menu(struct staff_state *st, struct app *app)
{
    char *dir = staff_export_dir(app);

    staff_info_clear(st);
    strlist_add(&st->info, tr(MSG_STAFF_EXPORT_INTRO));
    strlist_addf(&st->info, "  %s", dir);
    free(dir);
    staff_mode(st, M_EXPORT, 2);
}

static int
write_file(const char *path, const char *text, char **cause)
{
    char *tmp;
    FILE *f;
    size_t n = strlen(text);

    xasprintf(&tmp, "%s.part", path);
    f = fopen(tmp, "wb");
    if (f == NULL || fwrite(text, 1, n, f) != n || fclose(f) != 0) {
        xasprintf(cause, "%s: %s", tmp, strerror(errno));
        if (f != NULL)
            unlink(tmp);
        free(tmp);
        return -1;
    }
    if (rename(tmp, path) != 0) {
        xasprintf(cause, "%s: %s", path, strerror(errno));
        unlink(tmp);
        free(tmp);
        return -1;
    }
    free(tmp);
    return 0;
}

static void
staff_export(struct staff_state *st, struct app *app, bool last_month)
{
    struct period p = { 0 };
    struct stats s;
    struct stats_rows rows;
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
    if (write_file(csv_path, csv, &cause) != 0) {
        log_msg(LOG_ERROR, "export: %s", cause);
        app_status(app, ROLE_ERROR, "%s: %s", tr(MSG_STAFF_EXPORT_FAILED), csv_path);
        free(cause);
        free(csv);
        goto out;
    }
    free(csv);
    staff_audit(app, "export", csv_path);
    staff_info_clear(st);
    strlist_addf(&st->info, "%s:", tr(MSG_STAFF_EXPORTED_CSV));
    strlist_addf(&st->info, "  %s", csv_path);
    {
        const char *args[] = { "report", "-c", app->cfg->path, "--month",
                               month,    "-o", pdf_path,       NULL };

        if (spawn_helper_detached(args, app->cfg->log, &cause) != 0) {
            log_msg(LOG_ERROR, "export: %s", cause);
            free(cause);
            strlist_add(&st->info, tr(MSG_STAFF_EXPORT_NO_PDF));
        } else {
            staff_audit(app, "export", pdf_path);
            strlist_addf(&st->info, "%s:", tr(MSG_STAFF_EXPORTED_PDF));
            strlist_addf(&st->info, "  %s", pdf_path);
        }
    }
    staff_mode(st, M_EXPORTED, 0);
out:
    free(dir);
    free(csv_path);
    free(pdf_path);
}

/* Load and check the configured catalog. A good, changed one waits in reload_pending and
 * the menu goes home; leave() swaps it in. */
static struct action
staff_reload(struct staff_state *st, struct app *app)
{
    struct strlist problems = { 0 };
    struct catalog *cat = NULL;
    char *detail;

    if (catalog_load(app->cfg->catalog, &cat, &problems) != 0 ||
        catalog_apply_overrides(cat, app->cfg->national_url, app->cfg->provincial_url, &problems) !=
            0) {
        catalog_free(cat);
        xasprintf(&detail, "refused %s: %zu problem(s): %s", app->cfg->catalog, problems.n,
                  problems.n > 0 ? problems.v[0] : "?");
        staff_audit(app, "catalog_reload_refused", detail);
        free(detail);
        staff_info_clear(st);
        strlist_add(&st->info, tr(MSG_STAFF_RELOAD_BAD));
        for (size_t i = 0; i < problems.n; i++)
            strlist_add(&st->info, problems.v[i]);
        strlist_free(&problems);
        staff_mode(st, M_PROBLEMS, 0);
        return action_handled();
    }
    strlist_free(&problems);
    if (app->cat != NULL && strcmp(app->cat->hash, cat->hash) == 0) {
        xasprintf(&detail, "unchanged %s", cat->hash);
        staff_audit(app, "catalog_reload", detail);
        free(detail);
        catalog_free(cat);
        app_status(app, ROLE_OK, "%s", tr(MSG_STAFF_RELOAD_SAME));
        return action_handled();
    }
    xasprintf(&detail, "old %s new %s", app->cat != NULL ? app->cat->hash : "-", cat->hash);
    staff_audit(app, "catalog_reload", detail);
    free(detail);
    catalog_free(reload_pending);
    reload_pending = cat;
    return action_home();
}

/* Swap a validated catalog in: called from leave() while the stack goes home. */
static void
staff_swap_catalog(struct app *app)
{
    const struct catalog *old = app->cat;
    char msg[160];

    if (reload_pending == NULL)
        return;
    if (!reload_atexit) {
        atexit(staff_free_reloaded);
        reload_atexit = true;
    }
    app_set_catalog(app, reload_pending);
    /* The retired one has been unused since the last swap went home. */
    catalog_free(reload_retired);
    reload_retired = old == reload_current ? reload_current : NULL;
    reload_current = reload_pending;
    reload_pending = NULL;
    malloc_trim(0); /* the JSON tree of the reload is freed: give it back to the system */
    log_msg(LOG_INFO, "catalog reloaded: %s (%zu services)", app->cat->hash, app->cat->nservices);
    trf(msg, sizeof msg, MSG_STAFF_RELOAD_OK, (int)app->cat->nservices);
    app_status(app, ROLE_OK, "%s", msg);
}

static void
staff_volunteers(struct staff_state *st, struct app *app)
{
    char *cause = NULL;

    volunteer_list_free(&st->vols);
    if (app->db == NULL || db_volunteer_list(app->db, false, &st->vols, &cause) != 0) {
        log_msg(LOG_ERROR, "volunteers: %s", cause != NULL ? cause : "no database");
        free(cause);
    }
    staff_info_clear(st);
    strlist_add(&st->info, tr(MSG_STAFF_VOL_INTRO));
    staff_mode(st, M_VOLUNTEERS, (int)st->vols.n + 1);
}

static void
staff_volunteer_toggle(struct staff_state *st, struct app *app, size_t i)
{
    struct volunteer *v = &st->vols.v[i];
    char *cause = NULL, msg[200];
    int sel = st->list.sel;

    if (db_volunteer_set_active(app->db, v->id, !v->active, &cause) != 0) {
        log_msg(LOG_ERROR, "volunteer: %s", cause);
        free(cause);
        app_status(app, ROLE_ERROR, "%s", tr(MSG_STAFF_ERROR));
        return;
    }
    staff_audit(app, v->active ? "volunteer_disable" : "volunteer_enable", v->code);
    trf(msg, sizeof msg, v->active ? MSG_STAFF_VOL_OFF : MSG_STAFF_VOL_ON, v->name);
    app_status(app, ROLE_OK, "%s", msg);
    staff_volunteers(st, app);
    st->list.sel = sel < st->list.n ? sel : 0;
}

static void
staff_volunteer_add(struct staff_state *st, struct app *app)
{
    char *cause = NULL, msg[200], *name = text_nfc(st->name.text);
    size_t n = strlen(name);

    /* Trim the spaces typed around the name. */
    while (n > 0 && name[n - 1] == ' ')
        name[--n] = '\0';
    if (volunteer_check(st->code, name + strspn(name, " "), &cause) != 0) {
        free(cause);
        app_status(app, ROLE_ERROR, "%s", tr(MSG_STAFF_VOL_BAD));
        free(name);
        return;
    }
    for (size_t i = 0; i < st->vols.n; i++)
        if (strcmp(st->vols.v[i].code, st->code) == 0) {
            app_status(app, ROLE_ERROR, "%s", tr(MSG_STAFF_VOL_DUP));
            st->vfield = 0;
            free(name);
            return;
        }
    if (db_volunteer_add(app->db, st->code, name + strspn(name, " "), app_wall(app), NULL,
                         &cause) != 0) {
        log_msg(LOG_ERROR, "volunteer: %s", cause);
        free(cause);
        app_status(app, ROLE_ERROR, "%s", tr(MSG_STAFF_ERROR));
        free(name);
        return;
    }
    staff_audit(app, "volunteer_add", st->code);
    trf(msg, sizeof msg, MSG_STAFF_VOL_ADDED, name + strspn(name, " "));
    free(name);
    app_status(app, ROLE_OK, "%s", msg);
    staff_volunteers(st, app);
}

static void
staff_toggle_lang(struct app *app)
{
    int lang = app->cfg->default_lang == LANG_VI ? LANG_EN : LANG_VI;
    char *cause = NULL;

    if (app->db != NULL &&
        db_setting_set(app->db, "default_lang", lang_code((enum lang)lang), &cause) != 0) {
        log_msg(LOG_ERROR, "default language: %s", cause);
        free(cause);
        app_status(app, ROLE_ERROR, "%s", tr(MSG_STAFF_ERROR));
        return;
    }
    staff_audit(app, "default_lang", lang_code((enum lang)lang));
    staff_apply_lang(app, lang);
    app_status(app, ROLE_OK, "%s", tr(MSG_STAFF_LANG_SET));
}

/* --- The screen --------------------------------------------------------------------- */

static int
staff_enter(struct screen *s, struct app *app, const void *arg, char **cause)
{
    struct staff_state *st = s->state;

    (void)arg;
    (void)cause;
    st->app = app;
    compose_init(&st->name);
    staff_menu(st);
    return 0;
}

static void
staff_leave(struct screen *s, struct app *app)
{
    struct staff_state *st = s->state;

    strlist_free(&st->info);
    print_job_list_free(&st->jobs);
    print_job_free(st->job);
    volunteer_list_free(&st->vols);
    free(st->services);
    if (app->staff)
        staff_audit(app, "sign_out", "");
    app->staff = false;
    staff_swap_catalog(app);
}

static const char *
staff_label(const void *ctx, int i, enum role *role)
{
    struct staff_state *st = (struct staff_state *)(uintptr_t)ctx;
    const struct app *app = st->app;
    static const enum msg_id menu[MI_COUNT] = {
        MSG_STAFF_M_HANDOUTS, MSG_STAFF_M_REPRINT, MSG_STAFF_M_JOBS,   MSG_STAFF_M_PRINTERS,
        MSG_STAFF_M_STATS,    MSG_STAFF_M_EXPORT,  MSG_STAFF_M_RELOAD, MSG_STAFF_M_VOLUNTEERS,
        MSG_STAFF_M_LANG_VI,  MSG_STAFF_M_EXIT,
    };

    switch (st->mode) {
    case M_MENU:
        if (i == MI_LANG)
            return tr(app->cfg->default_lang == LANG_EN ? MSG_STAFF_M_LANG_EN
                                                        : MSG_STAFF_M_LANG_VI);
        return i < MI_COUNT ? tr(menu[i]) : NULL;
    case M_HANDOUT: {
        static const enum msg_id h[] = { MSG_STAFF_HANDOUT_ONE, MSG_STAFF_HANDOUT_ALL,
                                         MSG_STAFF_HANDOUT_POSTER };

        return i < 3 ? tr(h[i]) : NULL;
    }
    case M_HANDOUT_ONE: {
        const struct service *svc =
            (size_t)i < st->nservices ? catalog_service(app->cat, st->services[i]) : NULL;

        if (svc == NULL)
            return NULL;
        trf(st->label, sizeof st->label, MSG_SERVICE_NUMBER_SUFFIX, tx(&svc->plain_name),
            svc->number);
        return st->label;
    }
    case M_JOBS: {
        const struct print_job *j = (size_t)i < st->jobs.n ? st->jobs.v[i] : NULL;

        if (j == NULL)
            return NULL;
        if (j->state == JOB_FAILED || (j->state == JOB_QUEUED && j->error_kind[0] != '\0'))
            *role = ROLE_WARN;
        snprintf(st->label, sizeof st->label, "%s · %s · %s%s%s", j->slip_no,
                 job_kind_text(j->kind), job_state_text(j->state), j->reason[0] != '\0' ? ": " : "",
                 j->reason);
        return st->label;
    }
    case M_JOB: return i == 0 ? tr(MSG_STAFF_JOB_RETRY) : i == 1 ? tr(MSG_STAFF_JOB_CANCEL) : NULL;
    case M_PRINTERS: return i == 0 ? tr(MSG_STAFF_PRINTER_TEST) : NULL;
    case M_EXPORT:
        return i == 0 ? tr(MSG_STAFF_EXPORT_THIS) : i == 1 ? tr(MSG_STAFF_EXPORT_LAST) : NULL;
    case M_VOLUNTEERS:
        if (i == 0)
            return tr(MSG_STAFF_VOL_ADD);
        if ((size_t)i > st->vols.n)
            return NULL;
        if (!st->vols.v[i - 1].active)
            *role = ROLE_DIM;
        snprintf(st->label, sizeof st->label, "%s (%s) — %s", st->vols.v[i - 1].name,
                 st->vols.v[i - 1].code,
                 tr(st->vols.v[i - 1].active ? MSG_STAFF_VOL_ACTIVE : MSG_STAFF_VOL_DISABLED));
        return st->label;
    case M_EXIT: return i == 0 ? tr(MSG_STAFF_EXIT_YES) : i == 1 ? tr(MSG_STAFF_EXIT_NO) : NULL;
    default: return NULL;
    }
}

static const char *
staff_title(enum staff_mode m)
{
    switch (m) {
    case M_HANDOUT:
    case M_HANDOUT_ONE: return tr(MSG_STAFF_M_HANDOUTS);
    case M_REPRINT: return tr(MSG_STAFF_M_REPRINT);
    case M_JOBS:
    case M_JOB: return tr(MSG_STAFF_M_JOBS);
    case M_PRINTERS: return tr(MSG_STAFF_M_PRINTERS);
    case M_EXPORT:
    case M_EXPORTED: return tr(MSG_STAFF_M_EXPORT);
    case M_PROBLEMS: return tr(MSG_STAFF_M_RELOAD);
    case M_VOLUNTEERS:
    case M_VOL_ADD: return tr(MSG_STAFF_M_VOLUNTEERS);
    case M_EXIT: return tr(MSG_STAFF_M_EXIT);
    default: return tr(MSG_STAFF_TITLE);
    }
}

/* The rows the info text takes at width w (draw and key agree on the list's place). */
static int
staff_info_rows(const struct staff_state *st, int w)
{
    int rows = 0;

    if (st->mode == M_MENU)
        return 2;
    if (st->mode == M_EXIT)
        return ui_wrap_lines(tr(MSG_STAFF_EXIT_ASK), w) + 1;
    for (size_t i = 0; i < st->info.n; i++)
        rows += ui_wrap_lines(st->info.v[i], w);
    return rows > 0 ? rows + 1 : 0;
}

static struct area
staff_list_area(const struct staff_state *st, const struct app *app)
{
    struct area a = widgets_area(app);
    int info = staff_info_rows(st, a.w);

    if (info > a.h / 2 && st->list.n > 0)
        info = a.h / 2;
    return (struct area){ a.y + info, a.x, a.h - info, a.w };
}

static void
staff_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    const struct staff_state *st = s->state;
    struct area a = widgets_frame(app, ui, staff_title(st->mode));
    struct area la = staff_list_area(st, app);
    int y = a.y;

    if (st->mode == M_MENU) {
        ui_wrap(ui, y, a.x, a.w, 1, ROLE_DIM, tr(MSG_STAFF_INTRO));
    } else if (st->mode == M_EXIT) {
        ui_wrap(ui, y, a.x, a.w, la.y - y, ROLE_WARN, tr(MSG_STAFF_EXIT_ASK));
    } else {
        for (size_t i = 0; i < st->info.n && y < la.y; i++)
            y += ui_wrap(ui, y, a.x, a.w, la.y - y, i == 0 ? ROLE_HEADING : ROLE_NORMAL,
                         st->info.v[i]);
    }
    if (st->mode == M_REPRINT) {
        y = a.y + 1;
        y += ui_wrap(ui, y, a.x, a.w, 3, ROLE_NORMAL, tr(MSG_STAFF_REPRINT_HOW)) + 1;
        widgets_field(ui, y, a.x, a.w, tr(MSG_STAFF_REPRINT_FIELD), st->field);
        return;
    }
    if (st->mode == M_VOL_ADD) {
        int cy, cx;

        y = a.y + 1;
        y += ui_wrap(ui, y, a.x, a.w, 3, ROLE_NORMAL, tr(MSG_STAFF_VOL_HOW)) + 1;
        widgets_field(ui, y, a.x, a.w, tr(MSG_STAFF_VOL_CODE), st->code);
        cy = y;
        cx = a.x + text_width(tr(MSG_STAFF_VOL_CODE)) + 1 + text_width(st->code);
        widgets_field(ui, y + 2, a.x, a.w, tr(MSG_STAFF_VOL_NAME), st->name.text);
        if (st->vfield == 0)
            ui_cursor(ui, cy, cx);
        return;
    }
    if (st->list.n > 0)
        list_draw(ui, &st->list, la, staff_label, st);
    else
        ui_cursor(ui, a.y, a.x);
}

static struct action
staff_choose(struct screen *s, struct app *app, int i)
{
    struct staff_state *st = s->state;

    if (i < 0 || i >= st->list.n)
        return action_handled();
    st->list.sel = i;
    switch (st->mode) {
    case M_MENU:
        switch ((enum menu_item)i) {
        case MI_HANDOUTS:
            staff_info_clear(st);
            staff_mode(st, M_HANDOUT, 3);
            break;
        case MI_REPRINT:
            staff_info_clear(st);
            st->flen = 0;
            st->field[0] = '\0';
            staff_mode(st, M_REPRINT, 0);
            break;
        case MI_JOBS: staff_jobs(st, app); break;
        case MI_PRINTERS: staff_printers(st, app); break;
        case MI_STATS: return action_push(&stats_screen, NULL);
        case MI_EXPORT: staff_export_menu(st, app); break;
        case MI_RELOAD: return staff_reload(st, app);
        case MI_VOLUNTEERS: staff_volunteers(st, app); break;
        case MI_LANG: staff_toggle_lang(app); break;
        case MI_EXIT:
            staff_info_clear(st);
            staff_mode(st, M_EXIT, 2);
            break;
        default: break;
        }
        return action_handled();
    case M_HANDOUT:
        if (i == 0)
            staff_handout_one(st, app);
        else if (i == 1)
            staff_enqueue(app, JOB_HANDOUT, "", "print_handouts");
        else
            staff_enqueue(app, JOB_POSTER, "", "print_poster");
        return action_handled();
    case M_HANDOUT_ONE: {
        char num[16];

        snprintf(num, sizeof num, "%d", st->services[i]);
        staff_enqueue(app, JOB_HANDOUT, num, "print_handout");
        return action_handled();
    }
    case M_JOBS: staff_job_open(st, app, (size_t)i); return action_handled();
    case M_JOB: staff_job_action(st, app, i == 0); return action_handled();
    case M_PRINTERS:
        staff_enqueue(app, JOB_TEST, "", "print_test");
        staff_printers(st, app);
        return action_handled();
    case M_EXPORT: staff_export(st, app, i == 1); return action_handled();
    case M_VOLUNTEERS:
        if (i == 0) {
            st->clen = 0;
            st->code[0] = '\0';
            st->vfield = 0;
            compose_init(&st->name);
            staff_mode(st, M_VOL_ADD, 0);
        } else {
            staff_volunteer_toggle(st, app, (size_t)i - 1);
        }
        return action_handled();
    case M_EXIT:
        if (i == 0) {
            staff_audit(app, "exit", "staff menu");
            log_msg(LOG_INFO, "leaving the kiosk from the staff menu");
            app->quit = true;
            return action_handled();
        }
        staff_menu(st);
        st->list.sel = MI_EXIT;
        return action_handled();
    default: return action_handled();
    }
}

/* Esc / 0: one mode up; from the menu, out of staff mode. */
static struct action
staff_back(struct staff_state *st, struct app *app)
{
    switch (st->mode) {
    case M_MENU: return action_pop();
    case M_HANDOUT_ONE:
        staff_info_clear(st);
        staff_mode(st, M_HANDOUT, 3);
        break;
    case M_JOB: staff_jobs(st, app); break;
    case M_EXPORTED: staff_export_menu(st, app); break;
    case M_VOL_ADD: staff_volunteers(st, app); break;
    default: {
        static const enum menu_item from[] = {
            [M_HANDOUT] = MI_HANDOUTS,      [M_REPRINT] = MI_REPRINT, [M_JOBS] = MI_JOBS,
            [M_PRINTERS] = MI_PRINTERS,     [M_EXPORT] = MI_EXPORT,   [M_PROBLEMS] = MI_RELOAD,
            [M_VOLUNTEERS] = MI_VOLUNTEERS, [M_EXIT] = MI_EXIT,
        };
        enum menu_item item =
            (size_t)st->mode < sizeof from / sizeof from[0] ? from[st->mode] : MI_HANDOUTS;

        staff_menu(st);
        st->list.sel = (int)item;
        break;
    }
    }
    return action_handled();
}

static struct action
staff_text_key(struct staff_state *st, struct app *app, const struct key_event *ev)
{
    if (st->mode == M_REPRINT) {
        switch (ev->key) {
        case K_CHAR:
            if (((ev->ch >= '0' && ev->ch <= '9') || ev->ch == '-' || ev->ch == 'R' ||
                 ev->ch == 'r') &&
                st->flen + 1 < (int)sizeof st->field) {
                st->field[st->flen++] = ev->ch == 'r' ? 'R' : (char)ev->ch;
                st->field[st->flen] = '\0';
            }
            return action_handled();
        case K_BKSP:
            if (st->flen == 0)
                return staff_back(st, app);
            st->field[--st->flen] = '\0';
            return action_handled();
        case K_OK:
            if (st->flen > 0)
                staff_reprint(st, app);
            return action_handled();
        default: return action_ignored();
        }
    }
    /* M_VOL_ADD */
    switch (ev->key) {
    case K_CHAR:
        if (st->vfield == 0) {
            if (ev->ch < 0x80 && st->clen < VOLUNTEER_CODE_MAX && ev->ch > ' ') {
                st->code[st->clen++] = (char)ev->ch;
                st->code[st->clen] = '\0';
            }
        } else {
            compose_key(&st->name, ev->ch);
        }
        return action_handled();
    case K_BKSP:
        if (st->vfield == 1) {
            if (st->name.text[0] == '\0')
                st->vfield = 0;
            else
                compose_backspace(&st->name);
        } else if (st->clen > 0) {
            st->code[--st->clen] = '\0';
        } else {
            return staff_back(st, app);
        }
        return action_handled();
    case K_DOWN:
    case K_UP: st->vfield = !st->vfield; return action_handled();
    case K_OK:
        if (st->vfield == 0) {
            if (st->clen > 0)
                st->vfield = 1;
        } else {
            staff_volunteer_add(st, app);
        }
        return action_handled();
    default: return action_ignored();
    }
}

static struct action
staff_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    struct staff_state *st = s->state;
    struct area la = staff_list_area(st, app);

    if (ev->key == K_STAFF)
        return action_handled(); /* already here */
    if (ev->key == K_BACK)
        return staff_back(st, app);
    if (st->mode == M_REPRINT || st->mode == M_VOL_ADD)
        return staff_text_key(st, app, ev);
    if (st->list.n > 0 && list_key(&st->list, ev, la.h))
        return action_handled();
    switch (ev->key) {
    case K_OK:
        if (st->list.n == 0)
            return staff_back(st, app);
        return staff_choose(s, app, st->list.sel);
    case K_PICK: return staff_choose(s, app, ev->num - 1);
    case K_BKSP: return staff_back(st, app);
    default: return action_ignored();
    }
}

static void
staff_resume(struct screen *s, struct app *app)
{
    struct staff_state *st = s->state;

    st->app = app;
}

static int
staff_items(const struct screen *s)
{
    const struct staff_state *st = s->state;

    return st->mode == M_REPRINT || st->mode == M_VOL_ADD ? 0 : st->list.n;
}

static bool
staff_text_focus(const struct screen *s)
{
    const struct staff_state *st = s->state;

    return st->mode == M_REPRINT || st->mode == M_VOL_ADD;
}

const struct screen_ops staff_screen = {
    .name = "staff",
    .state_size = sizeof(struct staff_state),
    .flags = SCREEN_STAFF | SCREEN_NO_GLOBAL,
    .enter = staff_enter,
    .leave = staff_leave,
    .resume = staff_resume,
    .draw = staff_draw,
    .key = staff_key,
    .help = MSG_HELP_STAFF,
    .items = staff_items,
    .text_focus = staff_text_focus,
};
