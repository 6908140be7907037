/*
 * The QR screen: one code at a time, drawn with half blocks (two modules per cell, black on
 * white, a 4-module quiet zone, level L) on the left, and beside it the service's name, for a
 * service filed in the VNeID app the numbered path through the app's menus, the URL, one line
 * saying what the code opens (the page route's `opens`, or the portal's home page and why),
 * and the keys: 1 the service's code, 2 the provincial portal (only when the catalog has one
 * valid today). A portal or page route no longer valid is never shown.
 *
 * At 80x24 the largest code (version 5, a 106-byte URL) is 45x23 cells: it takes every row but
 * the hint bar, so the title moves to the right-hand column. If the terminal cannot hold the
 * code, the screen says so and shows the URL instead of a broken code.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "catalog.h"
#include "i18n.h"
#include "log.h"
#include "qr.h"
#include "screens.h"
#include "text.h"
#include "widgets.h"
#include "xmalloc.h"

#define SHOW_QR_PAGES    2
#define SHOW_QR_SIDE_MIN 30 /* columns the text beside the code needs */

struct show_qr_page {
    const struct portal *portal;    /* borrowed */
    char *url;                      /* owned */
    const struct i18n_text *opens;  /* borrowed: what the code opens, in one line */
    const struct i18n_text *reason; /* borrowed: why the home page; NULL for a page route */
    bool verified;                  /* the page itself was checked */
    struct qr_matrix qr;            /* owned; size 0 when encoding failed */
};

struct show_qr_state {
    const struct service *svc; /* borrowed */
    struct show_qr_page pages[SHOW_QR_PAGES];
    int npages;
    int cur;
    int top; /* the text column's first line shown (+ and - scroll it) */
};

static void
show_qr_add(struct show_qr_state *st, const struct portal *p, const char *url,
            const struct i18n_text *opens, const struct i18n_text *reason, bool verified)
{
    struct show_qr_page *pg = &st->pages[st->npages++];
    char *cause = NULL;

    pg->portal = p;
    pg->url = xstrdup(url);
    pg->opens = opens;
    pg->reason = reason != NULL && reason->vi[0] != '\0' ? reason : NULL;
    pg->verified = verified;
    if (qr_encode(url, &pg->qr, &cause) != 0) {
        log_msg(LOG_ERROR, "qr %s: %s", url, cause != NULL ? cause : "?");
        free(cause);
        memset(&pg->qr, 0, sizeof pg->qr);
    }
}

static int
show_qr_enter(struct screen *s, struct app *app, const void *arg, char **cause)
{
    struct show_qr_state *st = s->state;
    int number = (int)(intptr_t)arg;
    const struct portal *own = NULL, *prov;
    const char *url;
    char today[11];

    app_today(app, today);
    st->svc = app->cat != NULL ? catalog_service(app->cat, number) : NULL;
    url = catalog_service_qr(app->cat, st->svc, today);
    if (st->svc == NULL || (url == NULL && st->svc->nvneid_steps == 0)) {
        xasprintf(cause, "no QR code for service %d", number);
        return -1;
    }
    if (url != NULL) {
        own = &app->cat->portals[st->svc->qr_portal];
        show_qr_add(st, own, url, catalog_qr_opens(app->cat, st->svc),
                    st->svc->qr_is_procedure ? NULL : &st->svc->qr_home_reason,
                    !st->svc->qr_is_procedure || st->svc->qr_verified);
    }
    prov = catalog_provincial(app->cat, today);
    if (prov != NULL && prov != own) {
        char *home = catalog_portal_home_url(prov);

        if (home != NULL)
            show_qr_add(st, prov, home, &prov->opens_home, NULL, true);
        free(home);
    }
    app_session_step(app, number, "qr");
    return 0;
}

static void
show_qr_leave(struct screen *s, struct app *app)
{
    struct show_qr_state *st = s->state;

    (void)app;
    for (int i = 0; i < st->npages; i++) {
        free(st->pages[i].url);
        qr_done(&st->pages[i].qr);
    }
}

static const char *
show_qr_label(const void *ctx, int i, enum role *role, char *buf, size_t size)
{
    const struct show_qr_state *st = ctx;
    const struct show_qr_page *pg = &st->pages[i];

    (void)role;
    if (i >= st->npages)
        return NULL;
    (void)buf;
    (void)size;
    return pg->portal != NULL ? tx(&pg->portal->name) : pg->url;
}

/*
 * The text column is laid out line by line through a pen, so that what does not fit at 80x24
 * (a long name, the VNeID steps, the URL, what the code opens and why) is never cut: the column
 * scrolls with + and - (▲/▼ say there is more). With ui NULL the pen only counts lines.
 */
struct show_qr_pen {
    struct ui *ui; /* NULL: count only */
    int y, end, x, w;
    int skip;  /* lines scrolled off the top still to pass over */
    int lines; /* lines laid out in all */
    bool more; /* a line fell below the column */
};

static void
pen_line(struct show_qr_pen *p, enum role role, const char *line)
{
    p->lines++;
    if (p->skip > 0) {
        p->skip--;
        return;
    }
    if (p->y >= p->end) {
        p->more = true;
        return;
    }
    if (p->ui != NULL)
        ui_text(p->ui, p->y, p->x, p->w, role, line);
    p->y++;
}

static void
pen_wrap(struct show_qr_pen *p, enum role role, const char *text)
{
    struct text_lines l;

    text_wrap(text, p->w, &l);
    for (size_t i = 0; i < l.n; i++)
        pen_line(p, role, l.v[i]);
    text_lines_free(&l);
}

/* The URL in pieces of w columns (a URL has no spaces to wrap at). */
static void
pen_url(struct show_qr_pen *p, const char *url)
{
    while (*url != '\0') {
        size_t n = text_fit(url, p->w);
        char *piece;

        if (n == 0)
            break;
        piece = xstrndup(url, n);
        pen_line(p, ROLE_HEADING, piece);
        free(piece);
        url += n;
    }
}

/* Everything the column says, through the pen. */
static void
show_qr_text(const struct show_qr_state *st, struct show_qr_pen *p, bool too_small)
{
    const struct show_qr_page *pg = st->npages > 0 ? &st->pages[st->cur] : NULL;
    char buf[512];

    pen_wrap(p, ROLE_HEADING, tx(&st->svc->plain_name));
    pen_line(p, ROLE_NORMAL, "");
    if (st->svc->nvneid_steps > 0) {
        pen_wrap(p, ROLE_HEADING, tr(MSG_FLOW_QR_VNEID));
        for (size_t i = 0; i < st->svc->nvneid_steps; i++) {
            char *line;

            xasprintf(&line, "%zu. %s", i + 1, tx(&st->svc->vneid_steps[i]));
            pen_wrap(p, ROLE_NORMAL, line);
            free(line);
        }
        pen_line(p, ROLE_NORMAL, "");
    }
    if (pg == NULL)
        return;
    if (too_small) {
        pen_wrap(p, ROLE_WARN, tr(MSG_FLOW_QR_TOO_SMALL));
        pen_line(p, ROLE_NORMAL, "");
    } else {
        pen_wrap(p, ROLE_NORMAL, tr(MSG_FLOW_QR_SCAN));
    }
    pen_url(p, pg->url);
    pen_line(p, ROLE_NORMAL, "");
    if (pg->opens != NULL && tx(pg->opens)[0] != '\0') {
        trf(buf, sizeof buf, MSG_FLOW_QR_OPENS, tx(pg->opens));
        pen_wrap(p, ROLE_NORMAL, buf);
    }
    if (pg->reason != NULL)
        pen_wrap(p, ROLE_NORMAL, tx(pg->reason));
    if (!pg->verified)
        pen_wrap(p, ROLE_NORMAL, tr(MSG_FLOW_QR_UNVERIFIED));
}

/* Where the code and the text column go on a rows x cols screen. */
struct show_qr_layout {
    bool code;        /* the code is drawn */
    bool title_right; /* the code takes every row; the title moves to the column */
    bool too_small;   /* there is a code, but it does not fit */
    int qrows, qcols;
    struct area col; /* the text column */
};

static void
show_qr_layout(const struct show_qr_state *st, const struct app *app, int rows, int cols,
               struct show_qr_layout *l)
{
    const struct show_qr_page *pg = st->npages > 0 ? &st->pages[st->cur] : NULL;
    struct area a = widgets_area(app);
    int sidex;

    memset(l, 0, sizeof *l);
    if (pg != NULL && pg->qr.size > 0)
        ui_qr_size(&pg->qr, &l->qrows, &l->qcols);
    /* The text column stays put when the resident switches between codes of two sizes. */
    sidex = l->qcols + 1;
    for (int i = 0; i < st->npages; i++) {
        int r, c;

        if (st->pages[i].qr.size > 0) {
            ui_qr_size(&st->pages[i].qr, &r, &c);
            sidex = c + 1 > sidex && r <= rows - 1 ? c + 1 : sidex;
        }
    }
    if (pg != NULL && pg->qr.size > 0 && l->qrows <= a.h && sidex + SHOW_QR_SIDE_MIN <= cols) {
        l->code = true;
        l->col = (struct area){ a.y, sidex + 1, a.h, cols - sidex - 2 };
    } else if (pg != NULL && pg->qr.size > 0 && l->qrows <= rows - 1 &&
               sidex + SHOW_QR_SIDE_MIN <= cols) {
        l->code = l->title_right = true;
        l->col = (struct area){ 2, sidex + 1, rows - 3, cols - sidex - 2 };
    } else {
        l->too_small = pg != NULL && pg->qr.size == 0 && st->npages > 0;
        l->col = a;
    }
}

/* How far the column can scroll: its lines less the rows it has (0 when it all fits). */
static int
show_qr_max_top(const struct show_qr_state *st, const struct show_qr_layout *l)
{
    struct show_qr_pen p = { .ui = NULL, .y = 0, .end = 1 << 20, .w = l->col.w };

    show_qr_text(st, &p, l->too_small);
    return p.lines > l->col.h ? p.lines - l->col.h + 1 : 0;
}

/* The text column: from line top on, with ▲/▼ when there is more above or below. */
static void
show_qr_side(const struct show_qr_state *st, struct ui *ui, const struct show_qr_layout *l, int top)
{
    struct area c = l->col;
    bool above = top > 0;
    struct show_qr_pen p = {
        .ui = ui, .y = c.y + (above ? 1 : 0), .end = c.y + c.h, .x = c.x, .w = c.w, .skip = top
    };

    if (above)
        ui_text(ui, c.y, c.x, c.w, ROLE_HINT, tr(MSG_MORE_ABOVE));
    show_qr_text(st, &p, l->too_small);
    if (p.more) {
        /* The last row says there is more; the line it covers comes back on the next page. */
        ui_text(ui, c.y + c.h - 1, c.x, c.w, ROLE_HINT, tr(MSG_MORE_BELOW));
        ui_cursor(ui, c.y + c.h - 1, c.x);
        return;
    }
    if (st->npages > 1 && p.y + 1 + st->npages <= p.end) {
        struct list lst = { .n = st->npages, .sel = st->cur };

        ui_text(ui, p.y + 1, c.x, c.w, ROLE_NORMAL, tr(MSG_FLOW_QR_CHOOSE));
        list_draw(ui, &lst, (struct area){ p.y + 2, c.x, st->npages, c.w }, show_qr_label, st);
    } else {
        ui_cursor(ui, p.y > p.end - 1 ? p.end - 1 : p.y, c.x);
    }
}

static void
show_qr_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    const struct show_qr_state *st = s->state;
    const struct show_qr_page *pg = st->npages > 0 ? &st->pages[st->cur] : NULL;
    struct show_qr_layout l;
    int rows, cols, top, max;
    char title[200];

    ui_size(ui, &rows, &cols);
    show_qr_layout(st, app, rows, cols, &l);
    snprintf(title, sizeof title, "%s — %d. %s", tr(MSG_FLOW_QR_TITLE), st->svc->number,
             tx(&st->svc->plain_name));
    if (l.title_right) {
        ui_fill(ui, 0, l.col.x - 1, cols - l.col.x + 1, ROLE_TITLE);
        ui_text(ui, 0, l.col.x, cols - l.col.x - 1, ROLE_TITLE, tr(MSG_FLOW_QR_TITLE));
    } else {
        widgets_frame(app, ui, title);
    }
    if (l.code)
        ui_qr(ui, l.title_right ? 0 : l.col.y, 0, l.qrows, l.qcols, &pg->qr);
    max = show_qr_max_top(st, &l);
    top = st->top < max ? st->top : max;
    show_qr_side(st, ui, &l, top);
}

static struct action
show_qr_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    struct show_qr_state *st = s->state;

    switch (ev->key) {
    case K_PGDN:
    case K_PGUP: {
        struct show_qr_layout l;
        int rows, cols, max, step;

        ui_size(app->ui, &rows, &cols);
        show_qr_layout(st, app, rows, cols, &l);
        max = show_qr_max_top(st, &l);
        step = l.col.h > 4 ? l.col.h - 3 : 1;
        st->top = st->top > max ? max : st->top;
        st->top += ev->key == K_PGDN ? step : -step;
        st->top = st->top < 0 ? 0 : st->top > max ? max : st->top;
        return action_handled();
    }
    case K_PICK:
        if (ev->num >= 1 && ev->num <= st->npages)
            st->cur = ev->num - 1;
        st->top = 0;
        return action_handled();
    case K_UP:
    case K_DOWN:
        if (st->npages > 1)
            st->cur = ev->key == K_UP ? 0 : st->npages - 1;
        return action_handled();
    case K_OK: return action_pop();
    default: return action_ignored();
    }
}

static int
show_qr_items(const struct screen *s)
{
    const struct show_qr_state *st = s->state;

    return st->npages;
}

const struct screen_ops show_qr_screen = {
    .name = "show_qr",
    .state_size = sizeof(struct show_qr_state),
    .enter = show_qr_enter,
    .leave = show_qr_leave,
    .draw = show_qr_draw,
    .key = show_qr_key,
    .items = show_qr_items,
    .help = MSG_FLOW_HELP_QR,
};
