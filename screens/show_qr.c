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

/* The URL in pieces of w columns (a URL has no spaces to wrap at). Returns rows used. */
static int
show_qr_url(struct ui *ui, int y, int x, int w, int maxrows, const char *url)
{
    int rows = 0;

    while (*url != '\0' && rows < maxrows) {
        size_t n = text_fit(url, w);
        char *piece;

        if (n == 0)
            break;
        piece = xstrndup(url, n);
        ui_text(ui, y + rows, x, w, ROLE_HEADING, piece);
        free(piece);
        url += n;
        rows++;
    }
    return rows;
}

/* Wrap text at y (at most maxlines, and never past end); returns the rows used. */
static int
show_qr_wrap(struct ui *ui, int y, int end, int x, int w, int maxlines, enum role role,
             const char *text)
{
    int n = end - y < maxlines ? end - y : maxlines;

    return n > 0 ? ui_wrap(ui, y, x, w, n, role, text) : 0;
}

/* For a service filed in the VNeID app: its menus, step by step. Returns the rows used. */
static int
show_qr_vneid(const struct service *svc, struct ui *ui, int y, int end, int x, int w)
{
    int y0 = y;

    y += show_qr_wrap(ui, y, end, x, w, 1, ROLE_HEADING, tr(MSG_FLOW_QR_VNEID));
    for (size_t i = 0; i < svc->nvneid_steps && y < end; i++) {
        char *line;

        xasprintf(&line, "%zu. %s", i + 1, tx(&svc->vneid_steps[i]));
        y += show_qr_wrap(ui, y, end, x, w, 2, ROLE_NORMAL, line);
        free(line);
    }
    return y - y0;
}

/* The text beside (or instead of) the code, in the column (y, x, h, w). */
static void
show_qr_side(const struct show_qr_state *st, struct ui *ui, int y, int x, int h, int w,
             bool too_small)
{
    const struct show_qr_page *pg = st->npages > 0 ? &st->pages[st->cur] : NULL;
    char buf[512];
    int end = y + h, list_rows = st->npages;

    y += show_qr_wrap(ui, y, end, x, w, 2, ROLE_HEADING, tx(&st->svc->plain_name)) + 1;
    if (st->svc->nvneid_steps > 0)
        y += show_qr_vneid(st->svc, ui, y, end, x, w) + 1;
    if (pg == NULL) {
        ui_cursor(ui, y > end - 1 ? end - 1 : y, x);
        return;
    }
    if (too_small)
        y += show_qr_wrap(ui, y, end, x, w, 3, ROLE_WARN, tr(MSG_FLOW_QR_TOO_SMALL)) + 1;
    else
        y += show_qr_wrap(ui, y, end, x, w, 2, ROLE_NORMAL, tr(MSG_FLOW_QR_SCAN));
    y += show_qr_url(ui, y, x, w, end - y < 5 ? end - y : 5, pg->url) + 1;
    if (pg->opens != NULL && tx(pg->opens)[0] != '\0') {
        trf(buf, sizeof buf, MSG_FLOW_QR_OPENS, tx(pg->opens));
        y += show_qr_wrap(ui, y, end, x, w, 3, ROLE_NORMAL, buf);
    }
    if (pg->reason != NULL)
        y += show_qr_wrap(ui, y, end, x, w, 3, ROLE_NORMAL, tx(pg->reason));
    if (!pg->verified)
        y += show_qr_wrap(ui, y, end, x, w, 2, ROLE_NORMAL, tr(MSG_FLOW_QR_UNVERIFIED));
    if (st->npages > 1 && y + 1 + list_rows <= end) {
        y++;
        ui_text(ui, y++, x, w, ROLE_NORMAL, tr(MSG_FLOW_QR_CHOOSE));
        {
            struct list l = { .n = st->npages, .sel = st->cur };

            list_draw(ui, &l, (struct area){ y, x, list_rows, w }, show_qr_label, st);
        }
    } else {
        ui_cursor(ui, y > end - 1 ? end - 1 : y, x);
    }
}

static void
show_qr_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    const struct show_qr_state *st = s->state;
    static const struct show_qr_page none; /* a VNeID service without a code */
    const struct show_qr_page *pg = st->npages > 0 ? &st->pages[st->cur] : &none;
    int rows, cols, qrows = 0, qcols = 0, sidex;
    char title[200];
    struct area a = widgets_area(app);

    ui_size(ui, &rows, &cols);
    if (pg->qr.size > 0)
        ui_qr_size(&pg->qr, &qrows, &qcols);
    snprintf(title, sizeof title, "%s — %d. %s", tr(MSG_FLOW_QR_TITLE), st->svc->number,
             tx(&st->svc->plain_name));
    /* The text column stays put when the resident switches between codes of two sizes. */
    sidex = qcols + 1;
    for (int i = 0; i < st->npages; i++) {
        int r, c;

        if (st->pages[i].qr.size > 0) {
            ui_qr_size(&st->pages[i].qr, &r, &c);
            sidex = c + 1 > sidex && r <= rows - 1 ? c + 1 : sidex;
        }
    }
    if (pg->qr.size > 0 && qrows <= a.h && sidex + SHOW_QR_SIDE_MIN <= cols) {
        /* Room under the title bar. */
        a = widgets_frame(app, ui, title);
        ui_qr(ui, a.y, 0, qrows, qcols, &pg->qr);
        show_qr_side(st, ui, a.y, sidex + 1, a.h, cols - sidex - 2, false);
    } else if (pg->qr.size > 0 && qrows <= rows - 1 && sidex + SHOW_QR_SIDE_MIN <= cols) {
        /* From the top row down to the hint bar; the title goes to the right-hand column. */
        ui_fill(ui, 0, sidex, cols - sidex, ROLE_TITLE);
        ui_text(ui, 0, sidex + 1, cols - sidex - 2, ROLE_TITLE, tr(MSG_FLOW_QR_TITLE));
        ui_qr(ui, 0, 0, qrows, qcols, &pg->qr);
        show_qr_side(st, ui, 2, sidex + 1, rows - 3, cols - sidex - 2, false);
    } else {
        a = widgets_frame(app, ui, title);
        show_qr_side(st, ui, a.y, a.x, a.h, a.w, pg->qr.size == 0 && st->npages > 0);
    }
}

static struct action
show_qr_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    struct show_qr_state *st = s->state;

    (void)app;
    switch (ev->key) {
    case K_PICK:
        if (ev->num >= 1 && ev->num <= st->npages)
            st->cur = ev->num - 1;
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
