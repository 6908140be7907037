/*
 * The printing screen ("In phiếu" on the checklist). The kiosk never renders or talks to
 * CUPS (two processes, by design): it writes a print_jobs row (db_jobs.h) and starts the
 * print helper's queue runner in the background (spawn.h), then follows the row from tick()
 * and says plainly what happened — "Đang in…", printed, saved as a PDF, or which printer
 * fault keeps it (with CUPS's own reason, e.g. "Hết giấy"). The slip number is always on
 * screen so the resident can ask for a reprint at the counter, and 1 (finish) or 2/0/Esc
 * (back) leave at once: the job carries on without the screen.
 *
 * Nothing here blocks: the row is written from the first tick (a short local SQLite write),
 * the helper is started with a double fork, and the row is read a few times a second.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "catalog.h"
#include "config.h"
#include "db_jobs.h"
#include "flow.h"
#include "i18n.h"
#include "log.h"
#include "print_docs.h"
#include "print_fault.h"
#include "print_request.h"
#include "screens.h"
#include "spawn.h"
#include "widgets.h"
#include "xmalloc.h"

#define PRINTING_POLL_MS 400

enum printing_phase {
    PRINTING_QUEUE,   /* the row is written on the next tick */
    PRINTING_WATCH,   /* following the row */
    PRINTING_FINAL,   /* done, failed or cancelled: nothing more to follow */
    PRINTING_NOQUEUE, /* the row could not be written */
};

enum { PRINTING_ITEM_FINISH, PRINTING_ITEM_BACK, PRINTING_NITEMS };

struct printing_state {
    struct print_request req; /* a copy: answers, have and todos owned */
    int *answers;
    int *have;
    size_t *todos;
    enum lang lang;
    enum printing_phase phase;
    int64_t job_id;
    struct print_job *job; /* owned: the row as last read; NULL before it exists */
    int64_t polled_ms;
    struct list list;
};

static int
printing_enter(struct screen *s, struct app *app, const void *arg, char **cause)
{
    struct printing_state *st = s->state;
    const struct print_request *req = arg;

    if (req == NULL) {
        xasprintf(cause, "printing: no print request");
        return -1;
    }
    st->req = *req;
    st->answers = xcalloc(req->nanswers + 1, sizeof(*st->answers));
    if (req->nanswers > 0)
        memcpy(st->answers, req->answers, req->nanswers * sizeof(*st->answers));
    st->have = xcalloc(req->nhave + 1, sizeof(*st->have));
    if (req->nhave > 0)
        memcpy(st->have, req->have, req->nhave * sizeof(*st->have));
    st->todos = xcalloc(req->ntodos + 1, sizeof(*st->todos));
    if (req->ntodos > 0)
        memcpy(st->todos, req->todos, req->ntodos * sizeof(*st->todos));
    st->req.answers = st->answers;
    st->req.have = st->have;
    st->req.todos = st->todos;
    st->lang = req->lang;
    st->phase = app->db != NULL ? PRINTING_QUEUE : PRINTING_NOQUEUE;
    list_init(&st->list, PRINTING_NITEMS);
    app_session_step(app, req->service, "print");
    return 0;
}

static void
printing_leave(struct screen *s, struct app *app)
{
    struct printing_state *st = s->state;

    (void)app;
    free(st->answers);
    free(st->have);
    free(st->todos);
    print_job_free(st->job);
}

/* Build the slip from the catalog on screen and write it with its row, then start the queue
 * runner (it prints the row even if this screen is gone). */
static void
printing_queue(struct printing_state *st, struct app *app)
{
    const struct config *cfg = app->cfg;
    struct doc_target t = { .printer = cfg != NULL ? cfg->printer.name : "",
                            .paper = cfg != NULL ? cfg->printer.paper : "",
                            .lang = st->lang };
    struct doc_queued q;
    char *cause = NULL;

    if (docs_queue_slip(app->db, app->cat, cfg, &st->req, &t, app_wall(app), &q, &cause) != 0) {
        log_msg(LOG_ERROR, "printing: %s", cause);
        free(cause);
        st->phase = PRINTING_NOQUEUE;
        return;
    }
    st->job_id = q.id;
    doc_queued_done(&q);
    st->phase = PRINTING_WATCH;
    st->job = db_jobs_get(app->db, st->job_id);
    if (cfg == NULL || cfg->path == NULL || spawn_print_queue(cfg->path, cfg->log, &cause) != 0) {
        /* The row is safe: the next runner (after another print, or a restart) prints it. */
        log_msg(LOG_ERROR, "printing: %s", cause != NULL ? cause : "no kiosk.conf path");
        free(cause);
    }
}

static void
printing_tick(struct screen *s, struct app *app)
{
    struct printing_state *st = s->state;
    int64_t now = app_now_ms(app);
    struct print_job *j;

    if (st->phase == PRINTING_QUEUE) {
        printing_queue(st, app);
        st->polled_ms = now;
        app->dirty = true;
        return;
    }
    if (st->phase != PRINTING_WATCH || now - st->polled_ms < PRINTING_POLL_MS)
        return;
    st->polled_ms = now;
    j = db_jobs_get(app->db, st->job_id);
    if (j == NULL)
        return;
    if (st->job == NULL || j->state != st->job->state ||
        strcmp(j->error_kind, st->job->error_kind) != 0 ||
        strcmp(j->reason, st->job->reason) != 0 || strcmp(j->pdf_path, st->job->pdf_path) != 0)
        app->dirty = true;
    print_job_free(st->job);
    st->job = j;
    if (j->state == JOB_DONE || j->state == JOB_FAILED || j->state == JOB_CANCELLED)
        st->phase = PRINTING_FINAL;
}

/* The plain sentence for a printer fault recorded on the row. */
static enum msg_id
printing_fault_msg(const char *kind)
{
    switch (print_fault_of(kind)) {
    case PRINT_NO_SERVICE: return MSG_PRINT_NO_SERVICE;
    case PRINT_NO_PRINTER: return MSG_PRINT_NO_PRINTER;
    case PRINT_PAUSED: return MSG_PRINT_PAUSED;
    case PRINT_REJECTING: return MSG_PRINT_REJECTING;
    case PRINT_TIMEOUT: return MSG_PRINT_TIMEOUT;
    default: return MSG_PRINT_FAILED;
    }
}

/* Technical reasons (paths, "cannot connect to …") are for the log and staff; a printer's
 * own state message ("Hết giấy") is what a resident can act on. */
static bool
printing_reason_shown(const struct print_job *j)
{
    enum print_fault f = print_fault_of(j->error_kind);

    return *j->reason != '\0' && (f == PRINT_PAUSED || f == PRINT_TIMEOUT || f == PRINT_REJECTING);
}

/* The lines that say where the job stands. Returns the next free row. */
static int
printing_status(const struct printing_state *st, struct ui *ui, int y, int x, int w, int maxy)
{
    const struct print_job *j = st->job;
    char buf[512];

    if (st->phase == PRINTING_NOQUEUE)
        return y + ui_wrap(ui, y, x, w, maxy - y, ROLE_ERROR, tr(MSG_PRINT_ERROR));
    if (st->phase == PRINTING_QUEUE || j == NULL)
        return y + ui_wrap(ui, y, x, w, maxy - y, ROLE_NORMAL, tr(MSG_PRINT_PREPARING));
    switch (j->state) {
    case JOB_DONE:
        if (*j->pdf_path != '\0') {
            y += ui_wrap(ui, y, x, w, maxy - y, ROLE_NORMAL, tr(MSG_PRINT_SAVED));
            y += ui_wrap(ui, y, x + 2, w - 2, 2, ROLE_HEADING, j->pdf_path);
            return y + ui_wrap(ui, y, x, w, maxy - y, ROLE_NORMAL, tr(MSG_PRINT_SAVED_ASK));
        }
        return y + ui_wrap(ui, y, x, w, maxy - y, ROLE_OK, tr(MSG_PRINT_DONE));
    case JOB_CANCELLED:
        y += ui_wrap(ui, y, x, w, maxy - y, ROLE_WARN, tr(MSG_PRINT_CANCELLED));
        return y + ui_wrap(ui, y, x, w, maxy - y, ROLE_NORMAL, tr(MSG_PRINT_ASK_STAFF));
    case JOB_FAILED:
        y += ui_wrap(ui, y, x, w, maxy - y, ROLE_ERROR, tr(MSG_PRINT_FAILED));
        return y + ui_wrap(ui, y, x, w, maxy - y, ROLE_NORMAL, tr(MSG_PRINT_ASK_STAFF));
    default: break;
    }
    /* queued, sending or sent: printing, or kept because of a printer fault */
    if (*j->error_kind == '\0')
        return y + ui_wrap(ui, y, x, w, maxy - y, ROLE_NORMAL, tr(MSG_PRINT_PRINTING));
    y += ui_wrap(ui, y, x, w, maxy - y, ROLE_WARN, tr(printing_fault_msg(j->error_kind)));
    if (printing_reason_shown(j)) {
        trf(buf, sizeof buf, MSG_PRINT_REASON, j->reason);
        y += ui_wrap(ui, y, x, w, maxy - y, ROLE_WARN, buf);
    }
    y += ui_wrap(ui, y, x, w, maxy - y, ROLE_NORMAL, tr(MSG_PRINT_KEPT));
    return y + ui_wrap(ui, y, x, w, maxy - y, ROLE_NORMAL, tr(MSG_PRINT_ASK_STAFF));
}

static const char *
printing_label(const void *ctx, int i, enum role *role, char *buf, size_t size)
{
    (void)ctx;
    (void)role;
    (void)buf;
    (void)size;
    switch (i) {
    case PRINTING_ITEM_FINISH: return tr(MSG_PRINT_FINISH);
    case PRINTING_ITEM_BACK: return tr(MSG_PRINT_BACK);
    default: return NULL;
    }
}

static void
printing_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    const struct printing_state *st = s->state;
    struct area a = widgets_frame(app, ui, tr(MSG_PRINT_TITLE));
    int y = a.y + 1, x = a.x + 1, w = a.w - 2;
    int list_y = a.y + a.h - PRINTING_NITEMS;
    char buf[128];

    if (st->job != NULL) {
        trf(buf, sizeof buf, MSG_PRINT_SLIP_NO, st->job->shown_no);
        ui_text(ui, y, x, w, ROLE_HEADING, buf);
        y += 1;
        y += ui_wrap(ui, y, x, w, 2, ROLE_NORMAL, tr(MSG_PRINT_SLIP_KEEP)) + 1;
    }
    printing_status(st, ui, y, x, w, list_y - 1);
    list_draw(ui, &st->list, (struct area){ list_y, a.x, PRINTING_NITEMS, a.w }, printing_label,
              st);
}

static struct action
printing_choose(struct printing_state *st, int i)
{
    st->list.sel = i;
    switch (i) {
    case PRINTING_ITEM_FINISH: return action_finish();
    case PRINTING_ITEM_BACK: return action_pop();
    default: return action_handled();
    }
}

static struct action
printing_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    struct printing_state *st = s->state;

    (void)app;
    if (list_key(&st->list, ev, PRINTING_NITEMS))
        return action_handled();
    switch (ev->key) {
    case K_PICK:
        if (ev->num < 1 || ev->num > PRINTING_NITEMS)
            return action_handled();
        return printing_choose(st, ev->num - 1);
    case K_OK: return printing_choose(st, st->list.sel);
    default: return action_ignored();
    }
}

static int
printing_items(const struct screen *s)
{
    (void)s;
    return PRINTING_NITEMS;
}

const struct screen_ops printing_screen = {
    .name = "printing",
    .state_size = sizeof(struct printing_state),
    .enter = printing_enter,
    .leave = printing_leave,
    .draw = printing_draw,
    .key = printing_key,
    .tick = printing_tick,
    .items = printing_items,
    .help = MSG_PRINT_HELP,
};
