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

#define SERVICE_NFACTS     6
#define SERVICE_FACT_LINES 4 /* at most, per fact, when they do not all fit */

/*
 * The facts as a two-column table. Each gets the lines it needs; when they do not all fit,
 * each is held to SERVICE_FACT_LINES and then the longest gives up a line first, so every
 * fact keeps at least its first line.
 */
static void
service_draw_facts(const struct app *app, const struct service *svc, struct ui *ui, struct area a)
{
    static const enum msg_id labels[SERVICE_NFACTS] = {
        MSG_FLOW_LBL_FOR,   MSG_FLOW_LBL_FEE,    MSG_FLOW_LBL_TIME,
        MSG_FLOW_LBL_WHERE, MSG_FLOW_LBL_AGENCY, MSG_FLOW_LBL_CODE,
    };
    const struct fact *facts[SERVICE_NFACTS] = { &svc->audience, &svc->fee,    &svc->time,
                                                 NULL,           &svc->agency, &svc->tthc };
    char *text[SERVICE_NFACTS];
    char where[1024], today[11];
    int lines[SERVICE_NFACTS], total = 0, labelw = 0, y = a.y, tw;

    for (int i = 0; i < SERVICE_NFACTS; i++) {
        int w = text_width(tr(labels[i])) + 1;

        labelw = w > labelw ? w : labelw;
    }
    tw = a.w - labelw - 1;
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
        lines[i] = text[i][0] != '\0' ? ui_wrap_lines(text[i], tw) : 0;
        total += lines[i];
    }
    if (total > a.h) {
        total = 0;
        for (int i = 0; i < SERVICE_NFACTS; i++) {
            lines[i] = lines[i] > SERVICE_FACT_LINES ? SERVICE_FACT_LINES : lines[i];
            total += lines[i];
        }
    }
    while (total > a.h) {
        int longest = 0;

        for (int i = 1; i < SERVICE_NFACTS; i++)
            longest = lines[i] > lines[longest] ? i : longest;
        if (lines[longest] <= 1)
            break;
        lines[longest]--;
        total--;
    }
    for (int i = 0; i < SERVICE_NFACTS && y < a.y + a.h; i++) {
        char lbl[64];
        int n = lines[i] < a.y + a.h - y ? lines[i] : a.y + a.h - y;
        if (n <= 0)
            continue;
        snprintf(lbl, sizeof lbl, "%s:", tr(labels[i]));
        ui_text(ui, y, a.x, labelw, ROLE_HEADING, lbl);
        y += ui_wrap(ui, y, a.x + labelw + 1, tw, n, ROLE_NORMAL, text[i]);
    }
    for (int i = 0; i < SERVICE_NFACTS; i++)
        free(text[i]);
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
    char title[200], buf[1024];
    struct area a;
    int y, bottom;

    snprintf(title, sizeof title, "%d. %s", svc->number, tx(&svc->plain_name));
    a = widgets_frame(app, ui, title);
    /* The actions sit at the bottom; the facts fill what is above them, most useful first. */
    bottom = a.y + a.h - SERVICE_NACTIONS - 1;
    y = a.y;
    y += ui_wrap(ui, y, a.x, a.w, 2, ROLE_HEADING, tx(&svc->official_name)) + 1;
    if (svc->for_organisations)
        y += ui_wrap(ui, y, a.x, a.w, 2, ROLE_WARN, tr(MSG_FLOW_FOR_ORGS));
    if (svc->ncovers > 0) {
        service_covers(app, svc, buf, sizeof buf);
        y += ui_wrap(ui, y, a.x, a.w, 2, ROLE_NORMAL, buf);
    }
    if (svc->for_organisations || svc->ncovers > 0)
        y++;
    service_draw_facts(app, svc, ui, (struct area){ y, a.x, bottom - y, a.w });
    list_draw(ui, &st->list, (struct area){ bottom + 1, a.x, SERVICE_NACTIONS, a.w }, service_label,
              st);
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
