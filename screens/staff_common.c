/*
 * What the staff screens share (staff.h), and wiring the staff part into the app: the
 * volunteer's outcome screen after an assisted session, the default language staff chose,
 * and retention once a day. No screen of its own.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "catalog.h"
#include "config.h"
#include "db.h"
#include "db_jobs.h"
#include "db_staff.h"
#include "db_stats.h"
#include "i18n.h"
#include "log.h"
#include "print_docs.h"
#include "screens.h"
#include "spawn.h"
#include "staff.h"
#include "xmalloc.h"

/* --- A page of text above a list ---------------------------------------------------- */

void
staff_page_reset(struct staff_page *pg, int items)
{
    strlist_free(&pg->info);
    list_init(&pg->list, items);
}

void
staff_page_free(struct staff_page *pg)
{
    strlist_free(&pg->info);
}

/* The rows the text takes at width w (draw and key agree on the list's place). */
static int
staff_page_info_rows(const struct staff_page *pg, int w)
{
    int rows = 0;

    for (size_t i = 0; i < pg->info.n; i++)
        rows += ui_wrap_lines(pg->info.v[i], w);
    return rows > 0 ? rows + 1 : 0;
}

static struct area
staff_page_list_area(const struct staff_page *pg, const struct app *app)
{
    struct area a = widgets_area(app);
    int info = staff_page_info_rows(pg, a.w);

    if (info > a.h / 2 && pg->list.n > 0)
        info = a.h / 2;
    return (struct area){ a.y + info, a.x, a.h - info, a.w };
}

void
staff_page_draw(const struct staff_page *pg, const struct app *app, struct ui *ui,
                const char *title, list_label_fn label, const void *ctx)
{
    struct area a = widgets_frame(app, ui, title);
    struct area la = staff_page_list_area(pg, app);
    int y = a.y;

    for (size_t i = 0; i < pg->info.n && y < la.y; i++)
        y += ui_wrap(ui, y, a.x, a.w, la.y - y, i == 0 ? ROLE_HEADING : ROLE_NORMAL, pg->info.v[i]);
    if (pg->list.n > 0)
        list_draw(ui, &pg->list, la, label, ctx);
    else
        ui_cursor(ui, a.y, a.x);
}

struct action
staff_page_key(struct staff_page *pg, const struct app *app, const struct key_event *ev,
               int *chosen)
{
    struct area la = staff_page_list_area(pg, app);

    *chosen = -1;
    if (ev->key == K_STAFF)
        return action_handled(); /* already in staff mode */
    if (ev->key == K_BACK || ev->key == K_BKSP)
        return action_pop();
    if (pg->list.n > 0 && list_key(&pg->list, ev, la.h))
        return action_handled();
    switch (ev->key) {
    case K_OK:
        if (pg->list.n == 0)
            return action_pop();
        *chosen = pg->list.sel;
        return action_handled();
    case K_PICK:
        if (ev->num >= 1 && ev->num <= pg->list.n) {
            pg->list.sel = ev->num - 1;
            *chosen = ev->num - 1;
        }
        return action_handled();
    default: return action_ignored();
    }
}

/* --- Print jobs --------------------------------------------------------------------- */

const char *
staff_job_kind_text(enum job_kind k)
{
    static const enum msg_id m[] = { MSG_JOB_KIND_SLIP, MSG_JOB_KIND_HANDOUT, MSG_JOB_KIND_POSTER,
                                     MSG_JOB_KIND_TEST, MSG_JOB_KIND_REPORT };

    return (size_t)k < sizeof m / sizeof m[0] ? tr(m[k]) : "?";
}

const char *
staff_job_state_text(const struct print_job *j)
{
    static const enum msg_id m[] = { MSG_JOB_STATE_QUEUED, MSG_JOB_STATE_SENDING,
                                     MSG_JOB_STATE_SENT,   MSG_JOB_STATE_DONE,
                                     MSG_JOB_STATE_FAILED, MSG_JOB_STATE_CANCELLED };

    if (j->state == JOB_DONE && j->printer[0] == '\0')
        return tr(MSG_JOB_STATE_SAVED); /* into the PDF folder: nothing was printed */
    return (size_t)j->state < sizeof m / sizeof m[0] ? tr(m[j->state]) : "?";
}

void
staff_audit(struct app *app, const char *action, const char *detail)
{
    db_staff_audit(app->db, app_wall(app), app->kiosk_id, action, detail);
}

void
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

/* Built from the catalog on screen (print_docs.h): services "" = every service, "9" = one. */
void
staff_enqueue(struct app *app, enum job_kind kind, const char *services, const char *action)
{
    struct doc_target t = { .printer = app->cfg->printer.name, .paper = "", .lang = i18n_lang() };
    struct doc_queued q = { 0 };
    char *cause = NULL, *detail;
    int one = services != NULL && *services != '\0' ? atoi(services) : 0;
    int rc = -1;

    if (kind == JOB_HANDOUT)
        rc = docs_queue_handouts(app->db, app->cat, app->cfg, &one, one > 0 ? 1 : 0, &t,
                                 app_wall(app), &q, &cause);
    else if (kind == JOB_POSTER)
        rc = docs_queue_poster(app->db, app->cat, app->cfg, &t, app_wall(app), &q, &cause);
    else if (kind == JOB_TEST)
        rc = docs_queue_test(app->db, app->cat, app->cfg, &t, app_wall(app), &q, &cause);
    if (rc != 0) {
        log_msg(LOG_ERROR, "%s: %s", action, cause != NULL ? cause : "no database");
        free(cause);
        app_status(app, ROLE_ERROR, "%s", tr(MSG_STAFF_PRINT_FAILED));
        return;
    }
    xasprintf(&detail, "%s%s%s", q.number, services != NULL && *services != '\0' ? " service " : "",
              services != NULL ? services : "");
    staff_audit(app, action, detail);
    free(detail);
    staff_kick_queue(app, q.number);
    doc_queued_done(&q);
}

/* --- Wiring the staff part into the app ---------------------------------------------- */

void
staff_retention(struct app *app)
{
    char today[11], *cause = NULL;

    if (app->db == NULL)
        return;
    app_today(app, today);
    if (db_stats_retention(app->db, today, app->cfg->retention_days, &cause) != 0) {
        log_msg(LOG_ERROR, "retention: %s", cause);
        free(cause);
        cause = NULL;
    }
    /* A slip's answers, ticks, document and PDF go after slip_keep_days. */
    if (app->cfg->slip_keep_days > 0) {
        int forgotten = 0, removed = 0;
        int64_t before = app_wall(app) - (int64_t)app->cfg->slip_keep_days * 86400;

        if (db_jobs_forget(app->db, before, app->cfg->pdf_dir, &forgotten, &removed, &cause) != 0) {
            log_msg(LOG_ERROR, "retention: %s", cause);
            free(cause);
        } else if (forgotten > 0 || removed > 0) {
            log_msg(LOG_INFO,
                    "retention: %d slip(s) older than %d days forgotten, %d PDF(s) removed",
                    forgotten, app->cfg->slip_keep_days, removed);
        }
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

void
staff_attach(struct app *app)
{
    app->on_session_end = staff_session_ended;
    app->on_new_day = staff_retention; /* a kiosk running for weeks folds daily too */
    if (app->db != NULL) {
        int lang = db_staff_default_lang(app->db);

        if (lang >= 0)
            app_set_default_lang(app, (enum lang)lang);
    }
    staff_retention(app);
}
