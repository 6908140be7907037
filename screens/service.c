/*
 * The service page: what a resident needs to know before starting — the plain and official
 * names, who it is for, the fee, the time, where it is done (the portals' names), the bundle a
 * "liên thông" service covers. A fact residents may not rely on (unverified, or no version in
 * force today) reads "hỏi cán bộ tại quầy"; a fee with exemptions says who pays nothing. Three
 * numbered actions: be guided through the questions, go straight to the checklist, or show
 * the QR code.
 *
 * Straight to the checklist: a service with one outcome shows that outcome's checklist (any
 * path of answers reaches it, so the answers are found here and the slip can be printed as
 * usual); a service with several outcomes shows every item of the service, because picking
 * one outcome would hide papers some residents need. The checklist says so and points back to
 * the questions.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "catalog.h"
#include "i18n.h"
#include "screens.h"
#include "text.h"
#include "widgets.h"
#include "xmalloc.h"

enum service_action { SERVICE_START, SERVICE_STRAIGHT, SERVICE_QR, SERVICE_NACTIONS };

struct service_state {
    const struct service *svc; /* borrowed from app->cat */
    struct list list;          /* the numbered actions */
    int top;                   /* the first line of the page shown (+/- scroll it) */
    int *path;                 /* owned: answers reaching the only outcome (straight on) */
    size_t npath;
    struct checklist_request req; /* the checklist's arg; must outlive key() */
};

/* Find answers from question q that reach outcome o (depth-first; the catalog has no
 * cycles). Fills path[depth..] and returns the path's length, or 0 when none does. */
static size_t
service_find_path(const struct service *svc, size_t q, int o, int *path, size_t depth)
{
    const struct question *qq = &svc->questions[q];

    if (depth >= svc->nquestions)
        return 0;
    for (size_t i = 0; i < qq->nanswers; i++) {
        const struct answer *a = &qq->answers[i];
        size_t n;

        path[depth] = (int)i + 1;
        if (a->outcome == o)
            return depth + 1;
        if (a->next >= 0 && (n = service_find_path(svc, (size_t)a->next, o, path, depth + 1)) > 0)
            return n;
    }
    return 0;
}

static int
service_enter(struct screen *s, struct app *app, const void *arg, char **cause)
{
    struct service_state *st = s->state;
    int number = (int)(intptr_t)arg;

    st->svc = app->cat != NULL ? catalog_service(app->cat, number) : NULL;
    if (st->svc == NULL) {
        xasprintf(cause, "no service %d", number);
        return -1;
    }
    list_init(&st->list, SERVICE_NACTIONS);
    if (st->svc->noutcomes == 1 && st->svc->nquestions > 0) {
        st->path = xcalloc(st->svc->nquestions, sizeof *st->path);
        st->npath = service_find_path(st->svc, 0, 0, st->path, 0);
    }
    app->sess.service = number;
    app_session_step(app, number, "service");
    return 0;
}

static void
service_leave(struct screen *s, struct app *app)
{
    struct service_state *st = s->state;

    (void)app;
    free(st->path);
}

static void
service_resume(struct screen *s, struct app *app)
{
    struct service_state *st = s->state;

    app->sess.service = st->svc->number; /* back from a suggested service */
}

static void
service_where(const struct app *app, const struct service *svc, char *buf, size_t size)
{
    size_t len = 0;
    char today[11];

    buf[0] = '\0';
    app_today(app, today);
    for (size_t i = 0; i < svc->channels.n && len + 1 < size; i++) {
        /* A portal that has closed is never offered. */
        const struct portal *p = catalog_portal_on(app->cat, svc->channels.v[i], today);
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

static void
service_covers(const struct app *app, const struct service *svc, char *buf, size_t size)
{
    char list[512];
    size_t len = 0;

    list[0] = '\0';
    for (size_t i = 0; i < svc->ncovers; i++) {
        const struct service *c = catalog_service(app->cat, svc->covers[i]);
        int n = c != NULL ? snprintf(list + len, sizeof list - len, "%s%d (%s)", i > 0 ? ", " : "",
                                     c->number, tx(&c->plain_name))
                          : snprintf(list + len, sizeof list - len, "%s%d", i > 0 ? ", " : "",
                                     svc->covers[i]);

        if (n < 0 || (size_t)n >= sizeof list - len)
            break;
        len += (size_t)n;
    }
    trf(buf, size, MSG_FLOW_BUNDLE, list);
}

#define SERVICE_NFACTS 6

/* The page above the actions, as lines: nothing is cut; when it does not fit, + and - (PgDn,
 * PgUp) scroll it and a marker line says there is more. */
struct service_line {
    char *label; /* owned: a fact's label on its first line, else NULL */
    char *text;  /* owned */
    int x;       /* the text's column from the area's left */
    enum role role;
};

struct service_page {
    struct service_line *v; /* owned */
    size_t n;
    int labelw;
};

static void
service_page_add(struct service_page *p, const char *label, int x, enum role role, const char *text)
{
    p->v = xreallocarray(p->v, p->n + 1, sizeof *p->v);
    p->v[p->n].label = label != NULL ? xstrdup(label) : NULL;
    p->v[p->n].text = xstrdup(text);
    p->v[p->n].x = x;
    p->v[p->n].role = role;
    p->n++;
}

/* text wrapped into w columns at column x; label (may be NULL) on its first line. */
static void
service_page_wrap(struct service_page *p, const char *label, int x, int w, enum role role,
                  const char *text)
{
    struct text_lines tl;

    text_wrap(text, w, &tl);
    for (size_t i = 0; i < tl.n; i++)
        service_page_add(p, i == 0 ? label : NULL, x, role, tl.v[i]);
    text_lines_free(&tl);
}

static void
service_page_free(struct service_page *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->v[i].label);
        free(p->v[i].text);
    }
    free(p->v);
    memset(p, 0, sizeof *p);
}

/* The facts as a two-column table, each in full: label, then the text wrapped beside it. */
static void
service_page_facts(const struct app *app, const struct service *svc, int w, struct service_page *pg)
{
    static const enum msg_id labels[SERVICE_NFACTS] = {
        MSG_FLOW_LBL_FOR,   MSG_FLOW_LBL_FEE,    MSG_FLOW_LBL_TIME,
        MSG_FLOW_LBL_WHERE, MSG_FLOW_LBL_AGENCY, MSG_FLOW_LBL_CODE,
    };
    const struct fact *facts[SERVICE_NFACTS] = { &svc->audience, &svc->fee,    &svc->time,
                                                 NULL,           &svc->agency, &svc->tthc };
    char *text[SERVICE_NFACTS];
    char where[1024], today[11];
    int labelw = 0, tw;

    for (int i = 0; i < SERVICE_NFACTS; i++) {
        int lw = text_width(tr(labels[i])) + 1;

        labelw = lw > labelw ? lw : labelw;
    }
    tw = w - labelw - 1;
    pg->labelw = labelw;
    service_where(app, svc, where, sizeof where);
    app_today(app, today);
    for (int i = 0; i < SERVICE_NFACTS; i++) {
        const struct fact *f = facts[i];

        if (f == NULL)
            text[i] = xstrdup(where);
        else if (f == &svc->tthc && !catalog_fact_shown(f, today))
            text[i] = xstrdup(""); /* no known procedure code: no line */
        else
            text[i] = xstrdup(catalog_fact_text(f, today, i18n_lang()));
        if (f == &svc->fee) {
            char *ex = catalog_fee_exemptions(app->cat, f, today, i18n_lang());

            if (ex != NULL) {
                char *both;

                xasprintf(&both, "%s\n%s", text[i], ex);
                free(text[i]);
                free(ex);
                text[i] = both;
            }
        }
    }
    for (int i = 0; i < SERVICE_NFACTS; i++) {
        char lbl[64];
        if (text[i][0] == '\0')
            continue;
        snprintf(lbl, sizeof lbl, "%s:", tr(labels[i]));
        service_page_wrap(pg, lbl, labelw + 1, tw, ROLE_NORMAL, text[i]);
    }
    for (int i = 0; i < SERVICE_NFACTS; i++)
        free(text[i]);
}

/* Everything above the actions, in full, for w columns. */
static void
service_page_build(const struct app *app, const struct service *svc, int w, struct service_page *pg)
{
    char title[200];

    memset(pg, 0, sizeof *pg);
    /* A plain name too long for the title bar is shown whole first. */
    snprintf(title, sizeof title, "%d. %s", svc->number, tx(&svc->plain_name));
    if (!widgets_title_fits(app, title))
        service_page_wrap(pg, NULL, 0, w, ROLE_HEADING, title);
    service_page_wrap(pg, NULL, 0, w, ROLE_HEADING, tx(&svc->official_name));
    service_page_add(pg, NULL, 0, ROLE_NORMAL, "");
    if (svc->for_organisations)
        service_page_wrap(pg, NULL, 0, w, ROLE_WARN, tr(MSG_FLOW_FOR_ORGS));
    if (svc->ncovers > 0) {
        char buf[1024];

        service_covers(app, svc, buf, sizeof buf);
        service_page_wrap(pg, NULL, 0, w, ROLE_NORMAL, buf);
    }
    if (svc->for_organisations || svc->ncovers > 0)
        service_page_add(pg, NULL, 0, ROLE_NORMAL, "");
    service_page_facts(app, svc, w, pg);
}

/* Rows for the page above the actions, and the first line shown when it scrolls. */
static int
service_page_rows(struct area a)
{
    return a.h - SERVICE_NACTIONS - 1;
}

static int
service_page_first(const struct service_page *pg, int rows, int top)
{
    int last;

    if ((int)pg->n <= rows)
        return 0;
    last = (int)pg->n - (rows - 1); /* one row goes to the "more" marker */
    return top < 0 ? 0 : top > last ? last : top;
}

static const char *
service_label(const void *ctx, int i, enum role *role, char *buf, size_t size)
{
    (void)ctx;
    (void)role;
    (void)buf;
    (void)size;
    switch (i) {
    case SERVICE_START: return tr(MSG_FLOW_START);
    case SERVICE_STRAIGHT: return tr(MSG_FLOW_STRAIGHT);
    case SERVICE_QR: return tr(MSG_FLOW_SHOW_QR);
    default: return NULL;
    }
}

static void
service_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    const struct service_state *st = s->state;
    const struct service *svc = st->svc;
    char title[200];
    struct service_page pg;
    struct area a;
    int rows, first, shown;

    snprintf(title, sizeof title, "%d. %s", svc->number, tx(&svc->plain_name));
    a = widgets_frame(app, ui, title);
    /* The actions sit at the bottom; the page fills what is above them, most useful first,
     * and scrolls with + and - when it does not fit. */
    rows = service_page_rows(a);
    service_page_build(app, svc, a.w, &pg);
    first = service_page_first(&pg, rows, st->top);
    shown = (int)pg.n <= rows ? (int)pg.n : rows - 1;
    for (int r = 0; r < shown && first + r < (int)pg.n; r++) {
        const struct service_line *l = &pg.v[first + r];

        if (l->label != NULL)
            ui_text(ui, a.y + r, a.x, pg.labelw, ROLE_HEADING, l->label);
        ui_text(ui, a.y + r, a.x + l->x, a.w - l->x, l->role, l->text);
    }
    if ((int)pg.n > rows) {
        char marks[160] = "";

        if (first > 0)
            snprintf(marks, sizeof marks, "%s   ", tr(MSG_MORE_ABOVE));
        if (first + shown < (int)pg.n)
            strncat(marks, tr(MSG_MORE_BELOW), sizeof marks - strlen(marks) - 1);
        ui_text(ui, a.y + rows - 1, a.x, a.w, ROLE_DIM, marks);
    }
    service_page_free(&pg);
    list_draw(ui, &st->list, (struct area){ a.y + rows + 1, a.x, SERVICE_NACTIONS, a.w },
              service_label, st);
}

static struct action
service_choose(struct screen *s, struct app *app, int i)
{
    struct service_state *st = s->state;
    const struct service *svc = st->svc;

    (void)app;
    if (i < 0 || i >= SERVICE_NACTIONS)
        return action_handled();
    st->list.sel = i;
    switch (i) {
    case SERVICE_START: return action_push(&questions_screen, (const void *)(intptr_t)svc->number);
    case SERVICE_STRAIGHT:
        st->req = (struct checklist_request){
            .service = svc->number,
            .all_items = st->npath == 0,
            .answers = st->npath > 0 ? st->path : NULL,
            .nanswers = st->npath,
            .prereqs_asked = false,
        };
        return action_push(&checklist_screen, &st->req);
    case SERVICE_QR: return action_push(&show_qr_screen, (const void *)(intptr_t)svc->number);
    default: return action_handled();
    }
}

static struct action
service_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    struct service_state *st = s->state;

    if (ev->key == K_PGDN || ev->key == K_PGUP || ev->key == K_FIRST || ev->key == K_LAST) {
        /* + and - scroll the page; the three actions stay where they are. */
        struct area a = widgets_area(app);
        struct service_page pg;
        int rows = service_page_rows(a), step;

        service_page_build(app, st->svc, a.w, &pg);
        st->top = service_page_first(&pg, rows, st->top);
        step = rows - 2 > 1 ? rows - 2 : 1;
        st->top += ev->key == K_PGDN ? step : ev->key == K_PGUP ? -step : 0;
        st->top = ev->key == K_FIRST ? 0 : ev->key == K_LAST ? (int)pg.n : st->top;
        st->top = service_page_first(&pg, rows, st->top);
        service_page_free(&pg);
        return action_handled();
    }
    if (list_key(&st->list, ev, SERVICE_NACTIONS))
        return action_handled();
    switch (ev->key) {
    case K_OK: return service_choose(s, app, st->list.sel);
    case K_PICK: return service_choose(s, app, ev->num - 1);
    default: return action_ignored();
    }
}

static int
service_items(const struct screen *s)
{
    (void)s;
    return SERVICE_NACTIONS;
}

const struct screen_ops service_screen = {
    .name = "service",
    .state_size = sizeof(struct service_state),
    .enter = service_enter,
    .leave = service_leave,
    .resume = service_resume,
    .draw = service_draw,
    .key = service_key,
    .items = service_items,
    .help = MSG_FLOW_HELP_SERVICE,
};
