/*
 * The printing screen ("In phiếu" on the checklist). First the preview: the slip as it will
 * print, drawn from the very document (struct receipt, print_docs.h) the printer gets,
 * scrollable at 80x24, with an explicit choice — 1 print, 2/0/Esc back without printing.
 * The kiosk never renders a PDF or talks to CUPS (two processes, by design): on 1 it stores
 * the slip in a print_jobs row (db_jobs.h), built again with the number that row gives it,
 * and starts the print helper's queue runner in the background (spawn.h), then follows the
 * row from tick()
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
#include "receipt.h"
#include "screens.h"
#include "spawn.h"
#include "text.h"
#include "widgets.h"
#include "xmalloc.h"

#define PRINTING_POLL_MS 400

enum printing_phase {
    PRINTING_PREVIEW, /* the slip as it will print; nothing is queued until 1 */
    PRINTING_QUEUE,   /* the row is written on the next tick */
    PRINTING_WATCH,   /* following the row */
    PRINTING_FINAL,   /* done, failed or cancelled: nothing more to follow */
    PRINTING_NOQUEUE, /* the row could not be written */
};

enum { PRINTING_ITEM_FINISH, PRINTING_ITEM_BACK, PRINTING_NITEMS };
/* The preview's two choices. */
enum { PREVIEW_ITEM_PRINT, PREVIEW_ITEM_BACK };
/* The width the preview's scroll range is counted at (80 columns less the frame). */
#define PREVIEW_COLS 76

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
    struct receipt preview; /* owned: the slip as it will print (its number not given yet) */
    int preview_top;        /* the first line shown */
    int preview_lines;      /* lines at PREVIEW_COLS */
};

/* One preview line per block, as the paper says it (screen characters only). Caller frees. */
static char *
preview_block_text(const struct receipt *r, const struct receipt_block *b, enum role *role)
{
    char *t;

    *role = ROLE_NORMAL;
    switch (b->kind) {
    case RB_TITLE:
    case RB_HEADING: *role = ROLE_HEADING; return xstrdup(b->text);
    case RB_FIELD:
    case RB_BAR: xasprintf(&t, "%s: %s", b->text, b->value != NULL ? b->value : ""); return t;
    case RB_CHECK: xasprintf(&t, "%s %s", b->checked ? "☑" : "☐", b->text); return t;
    case RB_ITEM: xasprintf(&t, "%s %s", b->value != NULL ? b->value : "•", b->text); return t;
    case RB_QR:
        xasprintf(&t, "%s — %s: %s", tr_in(r->lang, MSG_PREVIEW_QR),
                  b->value != NULL ? b->value : "", b->text);
        return t;
    case RB_RULE: *role = ROLE_DIM; return xstrdup("────────────────────");
    case RB_BLANK: xasprintf(&t, "%s: ______________________", b->text); return t;
    case RB_NOTE: *role = ROLE_DIM; return xstrdup(b->text);
    case RB_LINE:
    case RB_CENTER: break;
    }
    return xstrdup(b->text);
}

/* The preview's lines at cols columns (out->v owned; roles[i] for each, caller frees). */
static void
preview_wrap(const struct receipt *r, int cols, struct text_lines *out, enum role **roles)
{
    memset(out, 0, sizeof(*out));
    *roles = NULL;
    for (size_t i = 0; i < r->nblocks; i++) {
        struct text_lines w;
        enum role role;
        char *t = preview_block_text(r, &r->blocks[i], &role);

        text_wrap(t, cols, &w);
        free(t);
        out->v = xreallocarray(out->v, out->n + w.n + 1, sizeof(*out->v));
        *roles = xreallocarray(*roles, out->n + w.n + 1, sizeof(**roles));
        for (size_t k = 0; k < w.n; k++) {
            (*roles)[out->n] = role;
            out->v[out->n++] = w.v[k];
        }
        free(w.v);
    }
}

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
    st->phase = app->db != NULL ? PRINTING_PREVIEW : PRINTING_NOQUEUE;
    if (st->phase == PRINTING_PREVIEW) {
        /* The same document the printer will get; only its number is not given yet. */
        char *why = NULL;

        if (docs_build_slip(&st->req, app->cat, app->cfg, tr_in(st->lang, MSG_PREVIEW_NUMBER),
                            app_wall(app), &st->preview, &why) != 0) {
            log_msg(LOG_ERROR, "printing: %s", why);
            free(why);
            st->phase = PRINTING_NOQUEUE;
        } else {
            struct text_lines l;
            enum role *roles;

            preview_wrap(&st->preview, PREVIEW_COLS, &l, &roles);
            st->preview_lines = (int)l.n;
            text_lines_free(&l);
            free(roles);
        }
    }
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
    receipt_done(&st->preview);
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
    case PRINT_NO_ANSWER: return MSG_PRINT_NO_ANSWER;
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
            /* Never the file's path: it means nothing to a resident, and the slip
               number is all staff need to find it. */
            y += ui_wrap(ui, y, x, w, maxy - y, ROLE_NORMAL, tr(MSG_PRINT_SAVED));
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

static const char *
preview_label(const void *ctx, int i, enum role *role, char *buf, size_t size)
{
    (void)ctx;
    (void)role;
    (void)buf;
    (void)size;
    switch (i) {
    case PREVIEW_ITEM_PRINT: return tr(MSG_PREVIEW_PRINT);
    case PREVIEW_ITEM_BACK: return tr(MSG_PREVIEW_BACK);
    default: return NULL;
    }
}

static void
preview_draw(const struct printing_state *st, const struct app *app, struct ui *ui)
{
    struct area a = widgets_frame(app, ui, tr(MSG_PREVIEW_TITLE));
    int x = a.x + 1, w = a.w - 2;
    int list_y = a.y + a.h - PRINTING_NITEMS;
    int y = a.y + ui_wrap(ui, a.y, x, w, 2, ROLE_HEADING, tr(MSG_PREVIEW_LEAD));
    int rows = list_y - 1 - y, top = st->preview_top;
    struct text_lines l;
    enum role *roles;
    char buf[96];

    preview_wrap(&st->preview, w - 2, &l, &roles);
    if (rows < 1)
        rows = 1;
    if (top > (int)l.n - rows)
        top = (int)l.n - rows;
    if (top < 0)
        top = 0;
    for (int i = 0; i < rows && top + i < (int)l.n; i++)
        ui_text(ui, y + i, x + 1, w - 1, roles[top + i], l.v[top + i]);
    trf(buf, sizeof buf, MSG_PREVIEW_LINES, (int)l.n > 0 ? top + 1 : 0,
        top + rows < (int)l.n ? top + rows : (int)l.n, (int)l.n);
    ui_text(ui, list_y - 1, x, w, ROLE_DIM, buf);
    list_draw(ui, &st->list, (struct area){ list_y, a.x, PRINTING_NITEMS, a.w }, preview_label, st);
    text_lines_free(&l);
    free(roles);
}

static void
printing_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    const struct printing_state *st = s->state;
    struct area a;
    int y, x, w, list_y;
    char buf[128];

    if (st->phase == PRINTING_PREVIEW) {
        preview_draw(st, app, ui);
        return;
    }
    a = widgets_frame(app, ui, tr(MSG_PRINT_TITLE));
    y = a.y + 1;
    x = a.x + 1;
    w = a.w - 2;
    list_y = a.y + a.h - PRINTING_NITEMS;
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

/* The preview: +/-, PgUp/PgDn and ↑/↓ read on; 1 (or Enter on it) prints, 2, 0, Esc go
 * back without printing. Nothing is queued before the choice. */
static struct action
preview_key(struct printing_state *st, struct app *app, const struct key_event *ev)
{
    int page = 10, max = st->preview_lines > 1 ? st->preview_lines - 1 : 0, choice = -1;

    switch (ev->key) {
    case K_UP: st->preview_top -= 1; break;
    case K_DOWN: st->preview_top += 1; break;
    case K_PGUP: st->preview_top -= page; break;
    case K_PGDN: st->preview_top += page; break;
    case K_FIRST: st->preview_top = 0; break;
    case K_LAST: st->preview_top = max; break;
    case K_PICK: choice = ev->num - 1; break;
    case K_OK: choice = st->list.sel; break;
    case K_BACK:
    case K_BKSP: return action_pop();
    default: return action_ignored();
    }
    if (st->preview_top > max)
        st->preview_top = max;
    if (st->preview_top < 0)
        st->preview_top = 0;
    if (choice == PREVIEW_ITEM_BACK)
        return action_pop();
    if (choice == PREVIEW_ITEM_PRINT) {
        st->phase = PRINTING_QUEUE;
        st->list.sel = PRINTING_ITEM_FINISH;
        app->dirty = true;
    }
    return action_handled();
}

static struct action
printing_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    struct printing_state *st = s->state;

    if (st->phase == PRINTING_PREVIEW)
        return preview_key(st, app, ev);
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
