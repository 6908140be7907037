/*
 * The checklist: a short summary of the answers, then the papers the outcome needs. The
 * resident ticks what they have (the item's digit, or Space/Enter on the selected item); the
 * selected item's note says original or copy, who signs, what happens if it is missing. After
 * the items come numbered actions — the QR code, how to file online, print the slip, done —
 * so a keypad user can always move on. Below the list: what is still missing, the fee, the
 * time and where to file.
 *
 * At 80x24 the longer texts (every item's full note, the online steps, why dossiers get
 * returned, the pre-flight to-dos) do not fit beside the list, so they are a second page of
 * this screen (action "Ghi chú giấy tờ, cách nộp trực tuyến…"), scrolled with the arrows and
 * + −; 0/Esc returns to the list. A note cut under the list says that it is there in full.
 *
 * Ticks live in this screen's state and in the session (app_ticks): going back to a question
 * and forward again with the same answers keeps them; a changed answer that changes the
 * checklist clears only the ticks of papers it no longer lists. Start again, "Xong" and the
 * idle reset free both.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "catalog.h"
#include "flow.h"
#include "i18n.h"
#include "print_request.h"
#include "screens.h"
#include "text.h"
#include "widgets.h"
#include "xmalloc.h"

enum checklist_act { CHECK_QR, CHECK_INFO, CHECK_PRINT, CHECK_DONE, CHECK_NACTIONS };

#define CHECKLIST_FACTS    3 /* fee, time, where: the last rows */
#define CHECKLIST_NOTE_MIN 2 /* the selected item's note, between the list and the facts */

struct checklist_state {
    const struct catalog *cat; /* borrowed */
    const struct service *svc; /* borrowed */
    int outcome;               /* -1 = every item of the service */
    size_t *items;             /* owned: indexes into svc->items, in checklist order */
    size_t nitems;
    bool *have;   /* owned, nitems */
    int *answers; /* owned copy */
    size_t nanswers;
    size_t *missing; /* owned copy: indexes into cat->prereqs */
    size_t nmissing;
    bool prereqs_asked;
    struct list list;          /* the items, then the actions */
    bool info;                 /* the "how to file online" page is showing */
    int info_top;              /* its first line on screen */
    int *have_nums;            /* owned, nitems: the print request's ticked numbers */
    struct print_request preq; /* the printing screen's arg (must outlive key()) */
    char today[11];            /* the facts shown are those in force on this day */
};

static int
checklist_enter(struct screen *s, struct app *app, const void *arg, char **cause)
{
    struct checklist_state *st = s->state;
    const struct checklist_request *req = arg;
    int pos = -1;

    st->cat = app->cat;
    app_today(app, st->today);
    st->svc = req != NULL && app->cat != NULL ? catalog_service(app->cat, req->service) : NULL;
    if (st->svc == NULL) {
        xasprintf(cause, "no service %d", req != NULL ? req->service : 0);
        return -1;
    }
    if (!req->all_items && flow_walk(st->svc, req->answers, req->nanswers, &pos) != FLOW_OUTCOME) {
        xasprintf(cause, "the answers do not reach an outcome of service %d", req->service);
        return -1;
    }
    st->outcome = req->all_items ? -1 : pos;
    if (st->outcome >= 0) {
        const struct outcome *o = &st->svc->outcomes[st->outcome];

        st->nitems = o->nitems;
        st->items = xcalloc(o->nitems + 1, sizeof *st->items);
        memcpy(st->items, o->items, o->nitems * sizeof *st->items);
    } else {
        st->nitems = st->svc->nitems;
        st->items = xcalloc(st->nitems + 1, sizeof *st->items);
        for (size_t i = 0; i < st->nitems; i++)
            st->items[i] = i;
    }
    st->have = xcalloc(st->nitems + 1, sizeof *st->have);
    {
        bool *ticks = app_ticks(app, st->svc->number, st->svc->nitems);
        bool *listed = xcalloc(st->svc->nitems + 1, sizeof *listed);

        for (size_t i = 0; i < st->nitems; i++) {
            st->have[i] = ticks[st->items[i]];
            listed[st->items[i]] = true;
        }
        for (size_t j = 0; j < st->svc->nitems; j++)
            ticks[j] = ticks[j] && listed[j]; /* what this checklist no longer lists */
        free(listed);
    }
    st->have_nums = xcalloc(st->nitems + 1, sizeof *st->have_nums);
    st->nanswers = req->all_items ? 0 : req->nanswers;
    st->answers = xcalloc(st->nanswers + 1, sizeof *st->answers);
    if (st->nanswers > 0)
        memcpy(st->answers, req->answers, st->nanswers * sizeof *st->answers);
    st->nmissing = req->nmissing;
    st->missing = xcalloc(st->nmissing + 1, sizeof *st->missing);
    if (st->nmissing > 0)
        memcpy(st->missing, req->missing, st->nmissing * sizeof *st->missing);
    st->prereqs_asked = req->prereqs_asked;
    list_init(&st->list, (int)st->nitems + CHECK_NACTIONS);
    st->list.wrap = true;
    app_session_step(app, st->svc->number, "checklist");
    app_session_finished_service(app, st->svc->number);
    return 0;
}

static void
checklist_leave(struct screen *s, struct app *app)
{
    struct checklist_state *st = s->state;

    (void)app;
    free(st->items);
    free(st->have);
    free(st->have_nums);
    free(st->answers);
    free(st->missing);
}

static int
checklist_nmissing_items(const struct checklist_state *st)
{
    int n = 0;

    for (size_t i = 0; i < st->nitems; i++)
        n += !st->have[i];
    return n;
}

/* The fee (fee == true) or time of the resident's case: the outcome's own when it has one. */
static const struct fact *
checklist_case_fact(const struct checklist_state *st, bool fee)
{
    const struct outcome *o = st->outcome >= 0 ? &st->svc->outcomes[st->outcome] : NULL;

    return fee ? catalog_outcome_fee(st->svc, o) : catalog_outcome_time(st->svc, o);
}

static void
checklist_where(const struct checklist_state *st, char *buf, size_t size)
{
    size_t len = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < st->svc->channels.n && len + 1 < size; i++) {
        /* A portal that has closed is never offered. */
        const struct portal *p = catalog_portal_on(st->cat, st->svc->channels.v[i], st->today);
        int n;

        if (p == NULL)
            continue;
        n = snprintf(buf + len, size - len, "%s%s", len > 0 ? ", " : "", tx(&p->name));
        if (n < 0 || (size_t)n >= size - len)
            break;
        len += (size_t)n;
    }
    if (buf[0] == '\0')
        snprintf(buf, size, "%s", tr(MSG_ASK_OFFICER));
}

/* "Có · Trường hợp hai · Không": the answers along the path. */
static void
checklist_summary(const struct checklist_state *st, char *buf, size_t size)
{
    size_t len = 0;
    int q = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < st->nanswers && q >= 0; i++) {
        const struct answer *a = &st->svc->questions[q].answers[st->answers[i] - 1];
        int n = snprintf(buf + len, size - len, "%s%s", i > 0 ? " · " : "", tx(&a->text));

        if (n < 0 || (size_t)n >= size - len)
            break;
        len += (size_t)n;
        q = a->next;
    }
}

/* One line, cut with "…" when too long. */
static void
checklist_line(struct ui *ui, int y, int x, int w, enum role role, const char *s)
{
    char *t = text_truncate(s, w);

    ui_text(ui, y, x, w, role, t);
    free(t);
}

/* "Lệ phí: …" on one line; when it is cut, it says which item has it in full. */
static void
checklist_value_line(struct ui *ui, int y, int x, int w, enum msg_id label, const char *value,
                     int info_num)
{
    char line[1024];

    trf(line, sizeof line, MSG_FLOW_FACT_FMT, tr(label), value);
    if (text_width(line) > w) {
        char lead[128], more[128], *fit;

        trf(lead, sizeof lead, MSG_FLOW_FACT_FMT, tr(label), "");
        trf(more, sizeof more, MSG_FLOW_NOTE_MORE, info_num);
        fit = widgets_fit(lead, value, more, w, 1);
        checklist_line(ui, y, x, w, ROLE_NORMAL, fit);
        free(fit);
        return;
    }
    checklist_line(ui, y, x, w, ROLE_NORMAL, line);
}

static void
checklist_fact_line(struct ui *ui, int y, int x, int w, enum msg_id label, const struct fact *f,
                    const char *today, int info_num)
{
    checklist_value_line(ui, y, x, w, label, catalog_fact_text(f, today, i18n_lang()), info_num);
}

/* Pre-flight checks to list when they were not asked: none when the case needs no filing. */
static bool
checklist_check_prereqs(const struct checklist_state *st)
{
    return !st->prereqs_asked && st->svc->nprereqs > 0 &&
           !(st->outcome >= 0 && st->svc->outcomes[st->outcome].skip_prereqs);
}

/* The line under the answers: what to do or check before filing online, if anything. */
static bool
checklist_todo(const struct checklist_state *st, char *buf, size_t size)
{
    int info_num = (int)st->nitems + CHECK_INFO + 1;

    if (st->nmissing == 1)
        trf(buf, size, MSG_FLOW_TODO_ONE, tx(&st->cat->prereqs[st->missing[0]].if_no));
    else if (st->nmissing > 1)
        trf(buf, size, MSG_FLOW_TODO_MANY, (int)st->nmissing, info_num);
    else if (checklist_check_prereqs(st))
        trf(buf, size, MSG_FLOW_CHECK_ONE, (int)st->svc->nprereqs, info_num);
    else
        return false;
    return true;
}

/* The list's rows: what the header and the footer leave. */
static int
checklist_list_top(const struct checklist_state *st, struct area a)
{
    char buf[8];

    return a.y + 3 + (checklist_todo(st, buf, sizeof buf) ? 1 : 0);
}

/* The list's labels: the state and the columns a label has after "▶ 12. ", so an
 * unverified item is cut before its marker, never through it. */
struct checklist_label_ctx {
    const struct checklist_state *st;
    int w;
};

#define CHECKLIST_LABEL_ROWS 3 /* a long paper's name wraps onto up to three rows */

static int
checklist_label_width(const struct checklist_state *st, struct area a)
{
    int numw = st->list.n >= 100 ? 3 : st->list.n >= 10 ? 2 : 1;

    return a.w - 4 - numw;
}

static const char *checklist_label(const void *ctx, int i, enum role *role, char *buf, size_t size);

/* The list takes the rows it needs (a long name wraps), leaving at least CHECKLIST_NOTE_MIN
 * rows for the note and CHECKLIST_FACTS for the facts below it. */
static int
checklist_list_rows(const struct checklist_state *st, struct area a)
{
    int avail = a.y + a.h - CHECKLIST_FACTS - CHECKLIST_NOTE_MIN - checklist_list_top(st, a);
    struct checklist_label_ctx lc = { st, checklist_label_width(st, a) };
    int need = 0;

    for (int i = 0; i < st->list.n && need <= avail; i++) {
        enum role role = ROLE_NORMAL;
        char buf[512];
        const char *text = checklist_label(&lc, i, &role, buf, sizeof buf);
        int n = text != NULL ? ui_wrap_lines(text, lc.w) : 1;

        need += n < 1 ? 1 : n > CHECKLIST_LABEL_ROWS ? CHECKLIST_LABEL_ROWS : n;
    }
    return need < avail ? need : avail;
}

static const char *
checklist_label(const void *ctx, int i, enum role *role, char *buf, size_t size)
{
    const struct checklist_label_ctx *lc = ctx;
    const struct checklist_state *st = lc->st;

    if (i < (int)st->nitems) {
        const struct checklist_item *it = &st->svc->items[st->items[i]];
        const char *tick = tr(st->have[i] ? MSG_FLOW_TICK_ON : MSG_FLOW_TICK_OFF);

        if (it->verified) {
            trf(buf, size, MSG_FLOW_ITEM_FMT, tick, tx(&it->text));
        } else {
            char *lead, *fit;

            xasprintf(&lead, "%s ", tick);
            fit = widgets_fit_msg(lead, MSG_FLOW_ITEM_UNVERIFIED, tx(&it->text), lc->w,
                                  CHECKLIST_LABEL_ROWS);
            snprintf(buf, size, "%s", fit);
            free(fit);
            free(lead);
        }
        if (st->have[i])
            *role = ROLE_OK;
        return buf;
    }
    switch (i - (int)st->nitems) {
    case CHECK_QR: return tr(MSG_FLOW_ACT_QR);
    case CHECK_INFO: return tr(MSG_FLOW_ACT_INFO);
    case CHECK_PRINT: return tr(MSG_FLOW_ACT_PRINT);
    case CHECK_DONE: return tr(MSG_FLOW_ACT_DONE);
    default: return NULL;
    }
}

/* --- The second page: how to file online --------------------------------------------- */

struct checklist_info_line {
    char *text; /* owned */
    enum role role;
};

struct checklist_info {
    struct checklist_info_line *v;
    size_t n;
};

static void
checklist_info_add(struct checklist_info *in, enum role role, const char *text)
{
    in->v = xreallocarray(in->v, in->n + 1, sizeof *in->v);
    in->v[in->n].text = xstrdup(text);
    in->v[in->n].role = role;
    in->n++;
}

/* A list entry with a hanging indent: "1. text" / "• text", continued under the text. */
static void
checklist_info_item(struct checklist_info *in, int w, enum role role, const char *marker,
                    const char *text)
{
    int mw = text_width(marker) + 1;
    struct text_lines tl;

    text_wrap(text, w - mw > 10 ? w - mw : 10, &tl);
    for (size_t i = 0; i < tl.n; i++) {
        char *line;

        /* Padded by columns, not bytes: "•" is one column but three bytes. */
        xasprintf(&line, "%s%*s%s", i == 0 ? marker : "", i == 0 ? 1 : mw, "", tl.v[i]);
        checklist_info_add(in, role, line);
        free(line);
    }
    text_lines_free(&tl);
}

/* Text wrapped under a hanging indent of indent columns. */
static void
checklist_info_indented(struct checklist_info *in, int w, int indent, enum role role,
                        const char *text)
{
    struct text_lines tl;

    text_wrap(text, w - indent > 10 ? w - indent : 10, &tl);
    for (size_t i = 0; i < tl.n; i++) {
        char *line;

        xasprintf(&line, "%*s%s", indent, "", tl.v[i]);
        checklist_info_add(in, role, line);
        free(line);
    }
    text_lines_free(&tl);
}

static void
checklist_info_text(struct checklist_info *in, int w, enum role role, const char *text)
{
    struct text_lines tl;

    text_wrap(text, w, &tl);
    for (size_t i = 0; i < tl.n; i++)
        checklist_info_add(in, role, tl.v[i]);
    text_lines_free(&tl);
}

static void
checklist_info_build(const struct checklist_state *st, int w, struct checklist_info *in)
{
    const struct service *svc = st->svc;
    char buf[1024], num[24];

    memset(in, 0, sizeof *in);
    if (st->nmissing > 0) {
        checklist_info_add(in, ROLE_HEADING, tr(MSG_FLOW_INFO_TODO));
        for (size_t i = 0; i < st->nmissing; i++)
            checklist_info_item(in, w, ROLE_WARN, "•", tx(&st->cat->prereqs[st->missing[i]].if_no));
        checklist_info_add(in, ROLE_NORMAL, "");
    } else if (checklist_check_prereqs(st)) {
        checklist_info_add(in, ROLE_HEADING, tr(MSG_FLOW_INFO_CHECK));
        for (size_t i = 0; i < svc->nprereqs; i++)
            checklist_info_item(in, w, ROLE_NORMAL, "•",
                                tx(&st->cat->prereqs[svc->prereqs[i]].question));
        checklist_info_add(in, ROLE_NORMAL, "");
    }
    if (st->outcome >= 0 && tx(&svc->outcomes[st->outcome].note)[0] != '\0') {
        checklist_info_text(in, w, ROLE_NORMAL, tx(&svc->outcomes[st->outcome].note));
        checklist_info_add(in, ROLE_NORMAL, "");
    }
    {
        const struct fact *fee = checklist_case_fact(st, true);
        char fact[900], *ex = catalog_fee_exemptions(st->cat, fee, st->today, i18n_lang());

        trf(buf, sizeof buf, MSG_FLOW_FACT_FMT, tr(MSG_FLOW_LBL_FEE),
            catalog_fact_text(fee, st->today, i18n_lang()));
        checklist_info_text(in, w, ROLE_NORMAL, buf);
        if (ex != NULL)
            checklist_info_text(in, w, ROLE_NORMAL, ex);
        free(ex);
        trf(buf, sizeof buf, MSG_FLOW_FACT_FMT, tr(MSG_FLOW_LBL_TIME),
            catalog_fact_text(checklist_case_fact(st, false), st->today, i18n_lang()));
        checklist_info_text(in, w, ROLE_NORMAL, buf);
        checklist_where(st, fact, sizeof fact);
        trf(buf, sizeof buf, MSG_FLOW_FACT_FMT, tr(MSG_FLOW_LBL_WHERE), fact);
        checklist_info_text(in, w, ROLE_NORMAL, buf);
        /* The agency's own numbers, those that are sourced. */
        for (size_t i = 0; i < svc->nhotlines; i++) {
            if (!catalog_fact_shown(&svc->hotlines[i], st->today))
                continue;
            trf(buf, sizeof buf, MSG_FLOW_FACT_FMT, tr(MSG_FLOW_LBL_HOTLINE),
                catalog_fact_text(&svc->hotlines[i], st->today, i18n_lang()));
            checklist_info_text(in, w, ROLE_NORMAL, buf);
        }
    }
    /* Every item with its note in full (the list has room for a line or two of one). */
    checklist_info_add(in, ROLE_NORMAL, "");
    checklist_info_add(in, ROLE_HEADING, tr(MSG_FLOW_INFO_ITEMS));
    for (size_t i = 0; i < st->nitems; i++) {
        const struct checklist_item *it = &svc->items[st->items[i]];

        snprintf(num, sizeof num, "%d.", (int)i + 1);
        if (it->verified)
            snprintf(buf, sizeof buf, "%s", tx(&it->text));
        else
            trf(buf, sizeof buf, MSG_FLOW_ITEM_UNVERIFIED, tx(&it->text));
        checklist_info_item(in, w, it->verified ? ROLE_NORMAL : ROLE_WARN, num, buf);
        if (tx(&it->note)[0] != '\0')
            checklist_info_indented(in, w, text_width(num) + 1, ROLE_DIM, tx(&it->note));
    }
    checklist_info_add(in, ROLE_NORMAL, "");
    checklist_info_add(in, ROLE_HEADING, tr(MSG_FLOW_INFO_STEPS));
    for (size_t i = 0; i < svc->nsteps; i++) {
        snprintf(num, sizeof num, "%d.", (int)i + 1);
        checklist_info_item(in, w, ROLE_NORMAL, num, tx(&svc->steps[i]));
    }
    if (svc->nsteps == 0)
        checklist_info_text(in, w, ROLE_DIM, tr(MSG_FLOW_INFO_NONE));
    checklist_info_add(in, ROLE_NORMAL, "");
    checklist_info_add(in, ROLE_HEADING, tr(MSG_FLOW_INFO_REASONS));
    for (size_t i = 0; i < svc->nreasons; i++)
        checklist_info_item(in, w, ROLE_NORMAL, "•", tx(&svc->reasons[i]));
    if (svc->nreasons == 0)
        checklist_info_text(in, w, ROLE_DIM, tr(MSG_FLOW_INFO_NONE));
}

static void
checklist_info_free(struct checklist_info *in)
{
    for (size_t i = 0; i < in->n; i++)
        free(in->v[i].text);
    free(in->v);
}

static void
checklist_draw_info(const struct checklist_state *st, const struct app *app, struct ui *ui)
{
    char title[256];
    struct checklist_info in;
    struct area a;
    int page;

    snprintf(title, sizeof title, "%d. %s — %s", st->svc->number, tx(&st->svc->plain_name),
             tr(MSG_FLOW_INFO_TITLE));
    a = widgets_frame(app, ui, title);
    page = a.h - 1;
    checklist_info_build(st, a.w, &in);
    for (int r = 0; r < page && st->info_top + r < (int)in.n; r++) {
        const struct checklist_info_line *l = &in.v[st->info_top + r];

        ui_text(ui, a.y + r, a.x, a.w, l->role, l->text);
    }
    {
        char keys[256];
        bool more = st->info_top + page < (int)in.n;

        snprintf(keys, sizeof keys, "%s%s%s", tr(MSG_FLOW_INFO_KEYS), more ? "   " : "",
                 more ? tr(MSG_MORE_BELOW) : "");
        ui_text(ui, a.y + a.h - 1, a.x, a.w, ROLE_DIM, keys);
    }
    ui_cursor(ui, a.y, a.x);
    checklist_info_free(&in);
}

static struct action
checklist_info_key(struct checklist_state *st, struct app *app, const struct key_event *ev)
{
    struct area a = widgets_area(app);
    struct checklist_info in;
    int page = a.h - 1, last;

    checklist_info_build(st, a.w, &in);
    last = (int)in.n - page > 0 ? (int)in.n - page : 0;
    checklist_info_free(&in);
    switch (ev->key) {
    case K_UP: st->info_top--; break;
    case K_DOWN: st->info_top++; break;
    case K_PGUP: st->info_top -= page; break;
    case K_PGDN: st->info_top += page; break;
    case K_FIRST: st->info_top = 0; break;
    case K_LAST: st->info_top = last; break;
    case K_OK:
    case K_BACK:
    case K_BKSP: st->info = false; return action_handled();
    default: return action_ignored();
    }
    st->info_top = st->info_top < 0 ? 0 : st->info_top > last ? last : st->info_top;
    return action_handled();
}

/* --- The first page: the list --------------------------------------------------------- */

static void
checklist_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    const struct checklist_state *st = s->state;
    const struct service *svc = st->svc;
    char title[200], buf[1024], fact[900];
    struct checklist_label_ctx lc;
    struct area a;
    int y, top, rows, foot, missing = checklist_nmissing_items(st);

    if (st->info) {
        checklist_draw_info(st, app, ui);
        return;
    }
    snprintf(title, sizeof title, "%d. %s", svc->number, tx(&svc->plain_name));
    a = widgets_frame(app, ui, title);
    y = a.y;
    if (st->outcome >= 0)
        trf(buf, sizeof buf, MSG_FLOW_CASE, tx(&svc->outcomes[st->outcome].title));
    else
        snprintf(buf, sizeof buf, "%s", tr(MSG_FLOW_ALL_ITEMS));
    checklist_line(ui, y++, a.x, a.w, ROLE_HEADING, buf);
    if (st->outcome >= 0) {
        char sum[768];

        checklist_summary(st, sum, sizeof sum);
        trf(buf, sizeof buf, MSG_FLOW_ANSWERS, sum);
    } else {
        snprintf(buf, sizeof buf, "%s", tr(MSG_FLOW_ALL_ITEMS_NOTE));
    }
    checklist_line(ui, y++, a.x, a.w, ROLE_DIM, buf);
    if (checklist_todo(st, buf, sizeof buf)) {
        if (st->nmissing == 1 && text_width(buf) > a.w) {
            /* One to-do, cut: it says which item has it whole. MSG_FLOW_TODO_ONE ends with
             * its "%s", so formatting "" gives the words before it. */
            char lead[128], more[128], *fit;

            trf(lead, sizeof lead, MSG_FLOW_TODO_ONE, "");
            trf(more, sizeof more, MSG_FLOW_NOTE_MORE, (int)st->nitems + CHECK_INFO + 1);
            fit = widgets_fit(lead, tx(&st->cat->prereqs[st->missing[0]].if_no), more, a.w, 1);
            checklist_line(ui, y++, a.x, a.w, ROLE_WARN, fit);
            free(fit);
        } else {
            checklist_line(ui, y++, a.x, a.w, ROLE_WARN, buf);
        }
    }

    /* The heading, with what is still missing on the right. */
    if (missing > 0)
        trf(fact, sizeof fact, MSG_FLOW_MISSING, missing, (int)st->nitems);
    else
        snprintf(fact, sizeof fact, "%s", tr(MSG_FLOW_ALL_READY));
    {
        int fw = text_width(fact);

        checklist_line(ui, y, a.x, a.w - fw - 2, ROLE_NORMAL, tr(MSG_FLOW_TICK_HEAD));
        ui_text(ui, y, a.x + a.w - fw, fw, missing > 0 ? ROLE_WARN : ROLE_OK, fact);
    }
    top = checklist_list_top(st, a);
    rows = checklist_list_rows(st, a);
    lc.st = st;
    lc.w = checklist_label_width(st, a);
    list_draw(ui, &st->list, (struct area){ top, a.x, rows, a.w }, checklist_label, &lc);

    /* Under the list: the selected item in full when its line was cut, and its note. */
    foot = a.y + a.h - CHECKLIST_FACTS;
    y = top + rows + (foot - top - rows > CHECKLIST_NOTE_MIN ? 1 : 0);
    if (st->list.sel < (int)st->nitems) {
        const struct checklist_item *it = &svc->items[st->items[st->list.sel]];
        const char *tick = tr(st->have[st->list.sel] ? MSG_FLOW_TICK_ON : MSG_FLOW_TICK_OFF);

        /* The label as it would be uncut: when even its rows in the list cut it, show it
         * whole here, marked like the list marks it. */
        if (it->verified) {
            trf(buf, sizeof buf, MSG_FLOW_ITEM_FMT, tick, tx(&it->text));
        } else {
            char marked[900];

            trf(marked, sizeof marked, MSG_FLOW_ITEM_UNVERIFIED, tx(&it->text));
            snprintf(buf, sizeof buf, "%s %s", tick, marked);
        }
        if (ui_wrap_lines(buf, lc.w) > CHECKLIST_LABEL_ROWS) {
            char *full = it->verified ? xstrdup(tx(&it->text))
                                      : widgets_fit_msg("", MSG_FLOW_ITEM_UNVERIFIED, tx(&it->text),
                                                        a.w - 2, foot - y - 1);

            y += ui_wrap(ui, y, a.x + 2, a.w - 2, foot - y - 1, ROLE_NORMAL, full);
            free(full);
        }
        if (tx(&it->note)[0] != '\0' && y < foot) {
            char *note;

            trf(buf, sizeof buf, MSG_FLOW_NOTE, tx(&it->note));
            if (ui_wrap_lines(buf, a.w - 2) > foot - y) {
                /* Cut: it says where the note is in full (the second page). MSG_FLOW_NOTE
                 * ends with its "%s", so formatting "" gives the words before the note. */
                char lead[64], more[128];

                trf(lead, sizeof lead, MSG_FLOW_NOTE, "");
                trf(more, sizeof more, MSG_FLOW_NOTE_MORE, (int)st->nitems + CHECK_INFO + 1);
                note = widgets_fit(lead, tx(&it->note), more, a.w - 2, foot - y);
            } else {
                note = xstrdup(buf);
            }
            ui_wrap(ui, y, a.x + 2, a.w - 2, foot - y, ROLE_DIM, note);
            free(note);
        }
    }
    /* The last rows: the fee, the time and where to file (in full on the second page). */
    checklist_fact_line(ui, foot, a.x, a.w, MSG_FLOW_LBL_FEE, checklist_case_fact(st, true),
                        st->today, (int)st->nitems + CHECK_INFO + 1);
    checklist_fact_line(ui, foot + 1, a.x, a.w, MSG_FLOW_LBL_TIME, checklist_case_fact(st, false),
                        st->today, (int)st->nitems + CHECK_INFO + 1);
    checklist_where(st, fact, sizeof fact);
    checklist_value_line(ui, foot + 2, a.x, a.w, MSG_FLOW_LBL_WHERE, fact,
                         (int)st->nitems + CHECK_INFO + 1);
}

static struct action
checklist_print(struct checklist_state *st, struct app *app)
{
    size_t n = 0;

    if (app->screens.print == NULL)
        return action_push(&notyet_screen, (const void *)(intptr_t)MSG_FLOW_PRINT_NOT_YET);
    for (size_t i = 0; i < st->nitems; i++)
        if (st->have[i])
            st->have_nums[n++] = (int)i + 1;
    st->preq = (struct print_request){
        .service = st->svc->number,
        .all_items = st->outcome < 0,
        .answers = st->answers,
        .nanswers = st->nanswers,
        .have = st->have_nums,
        .nhave = n,
        .todos = st->missing,
        .ntodos = st->nmissing,
        .lang = i18n_lang(),
    };
    return action_push(app->screens.print, &st->preq);
}

static struct action
checklist_choose(struct checklist_state *st, struct app *app, int i)
{
    if (i < 0 || i >= st->list.n)
        return action_handled();
    st->list.sel = i;
    if (i < (int)st->nitems) {
        bool *ticks = app_ticks(app, st->svc->number, st->svc->nitems);

        st->have[i] = !st->have[i];
        for (size_t k = 0; k < st->nitems; k++)
            ticks[st->items[k]] = st->have[k];
        return action_handled();
    }
    switch (i - (int)st->nitems) {
    case CHECK_QR: return action_push(&show_qr_screen, (const void *)(intptr_t)st->svc->number);
    case CHECK_INFO:
        st->info = true;
        st->info_top = 0;
        app_session_step(app, st->svc->number, "info");
        return action_handled();
    case CHECK_PRINT: return checklist_print(st, app); /* its preview asks before printing */
    case CHECK_DONE: return action_finish();
    default: return action_handled();
    }
}

static struct action
checklist_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    struct checklist_state *st = s->state;

    if (st->info)
        return checklist_info_key(st, app, ev);
    {
        struct area a = widgets_area(app);
        struct checklist_label_ctx lc = { st, checklist_label_width(st, a) };
        struct area la = { checklist_list_top(st, a), a.x, checklist_list_rows(st, a), a.w };

        if (list_key_wrap(&st->list, ev, la, checklist_label, &lc))
            return action_handled();
    }
    switch (ev->key) {
    case K_OK: return checklist_choose(st, app, st->list.sel);
    case K_PICK: return checklist_choose(st, app, ev->num - 1);
    case K_SPACE:
        if (st->list.sel < (int)st->nitems)
            return checklist_choose(st, app, st->list.sel);
        return action_handled();
    default: return action_ignored();
    }
}

static int
checklist_items(const struct screen *s)
{
    const struct checklist_state *st = s->state;

    return st->info ? 0 : st->list.n;
}

const struct screen_ops checklist_screen = {
    .name = "checklist",
    .state_size = sizeof(struct checklist_state),
    .flags = SCREEN_TICKS,
    .enter = checklist_enter,
    .leave = checklist_leave,
    .draw = checklist_draw,
    .key = checklist_key,
    .items = checklist_items,
    .help = MSG_FLOW_HELP_CHECKLIST,
};
