/*
 * Statistics for staff: choose a period (today, this week, this month, last month or a
 * range of days), then read the figures page by page — sessions, services, where residents
 * stopped, the programme's figures, outcomes, volunteers — with bars in block characters
 * (stats_report.h), readable at 80x24.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "db_stats.h"
#include "i18n.h"
#include "log.h"
#include "screens.h"
#include "stats_period.h"
#include "stats_report.h"
#include "widgets.h"

enum stats_mode { SM_PERIOD, SM_RANGE, SM_VIEW };
enum period_item { PI_TODAY, PI_WEEK, PI_MONTH, PI_LAST_MONTH, PI_RANGE, PI_COUNT };

struct stats_state {
    enum stats_mode mode;
    struct list list;
    struct period p;
    struct stats_lines lines;
    int top;             /* the first line shown */
    char from[9], to[9]; /* SM_RANGE: digits typed, ddmmyyyy */
    int field;           /* SM_RANGE: 0 = from, 1 = to */
    int64_t now;         /* for the labels */
};

/* "2026-11-28" → "28/11/2026". */
static void
dmy(const char *iso, char *out, size_t size)
{
    snprintf(out, size, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
}

static int
stats_enter(struct screen *s, struct app *app, const void *arg, char **cause)
{
    struct stats_state *st = s->state;

    (void)arg;
    (void)cause;
    st->now = app_wall(app);
    list_init(&st->list, PI_COUNT);
    return 0;
}

static void
stats_leave(struct screen *s, struct app *app)
{
    struct stats_state *st = s->state;

    (void)app;
    stats_lines_free(&st->lines);
}

/* Rows of lines on one page. */
static int
stats_page_rows(const struct app *app)
{
    return widgets_area(app).h - 2;
}

static void
stats_compute(struct stats_state *st, struct app *app)
{
    struct stats s;
    char *cause = NULL;

    stats_lines_free(&st->lines);
    if (app->db == NULL || db_stats_get(app->db, st->p.from, st->p.to, &s, &cause) != 0) {
        log_msg(LOG_ERROR, "statistics: %s", cause != NULL ? cause : "no database");
        free(cause);
        app_status(app, ROLE_ERROR, "%s", tr(MSG_STATS_FAILED));
        return;
    }
    stats_lines_build(&s, app->cat, i18n_lang(), widgets_area(app).w, &st->lines);
    stats_done(&s);
    st->top = 0;
    st->mode = SM_VIEW;
}

static const char *
stats_label(const void *ctx, int i, enum role *role, char *buf, size_t size)
{
    const struct stats_state *st = ctx;
    struct period p = { 0 };
    char a[16], b[16];

    (void)role;
    switch (i) {
    case PI_TODAY:
        period_today(st->now, &p);
        dmy(p.from, a, sizeof a);
        snprintf(buf, size, "%s (%s)", tr(MSG_STATS_P_TODAY), a);
        break;
    case PI_WEEK:
        period_week(st->now, &p);
        dmy(p.from, a, sizeof a);
        dmy(p.to, b, sizeof b);
        snprintf(buf, size, "%s: %s – %s", tr(MSG_STATS_P_WEEK), a, b);
        break;
    case PI_MONTH:
    case PI_LAST_MONTH:
        if (i == PI_MONTH)
            period_month_of(st->now, &p);
        else
            period_last_month(st->now, &p);
        snprintf(buf, size, "%s (%.2s/%.4s)",
                 tr(i == PI_MONTH ? MSG_STATS_P_MONTH : MSG_STATS_P_LAST_MONTH), p.from + 5,
                 p.from);
        break;
    case PI_RANGE: snprintf(buf, size, "%s", tr(MSG_STATS_P_RANGE)); break;
    default: return NULL;
    }
    return buf;
}

/* "01112026" → "01/11/2026" as typed so far. */
static void
typed_dmy(const char *d, char *out, size_t size)
{
    size_t n = strlen(d), k = 0;

    for (size_t i = 0; i < n && k + 2 < size; i++) {
        if (i == 2 || i == 4)
            out[k++] = '/';
        out[k++] = d[i];
    }
    out[k] = '\0';
}

static void
stats_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    const struct stats_state *st = s->state;
    char title[200], a[16], b[16], msg[200];
    struct area ar;
    int rows, pages, page;

    if (st->mode == SM_PERIOD) {
        ar = widgets_frame(app, ui, tr(MSG_STATS_TITLE));
        ui_text(ui, ar.y, ar.x, ar.w, ROLE_HEADING, tr(MSG_STATS_CHOOSE));
        list_draw(ui, &st->list, (struct area){ ar.y + 2, ar.x, ar.h - 2, ar.w }, stats_label, st);
        return;
    }
    if (st->mode == SM_RANGE) {
        int y;

        ar = widgets_frame(app, ui, tr(MSG_STATS_TITLE));
        y = ar.y + ui_wrap(ui, ar.y, ar.x, ar.w, 3, ROLE_NORMAL, tr(MSG_STATS_RANGE_HOW)) + 1;
        typed_dmy(st->to, b, sizeof b);
        widgets_field(ui, y + 2, ar.x, 40, tr(MSG_STATS_RANGE_TO), b);
        typed_dmy(st->from, a, sizeof a);
        widgets_field(ui, y, ar.x, 40, tr(MSG_STATS_RANGE_FROM), a);
        if (st->field == 1) {
            /* widgets_field put the cursor on the last field drawn: redraw "to" last. */
            widgets_field(ui, y + 2, ar.x, 40, tr(MSG_STATS_RANGE_TO), b);
        }
        return;
    }
    dmy(st->p.from, a, sizeof a);
    dmy(st->p.to, b, sizeof b);
    snprintf(title, sizeof title, "%s: %s – %s", tr(MSG_STATS_TITLE), a, b);
    ar = widgets_frame(app, ui, title);
    rows = stats_page_rows(app);
    for (int r = 0; r < rows && st->top + r < (int)st->lines.n; r++) {
        const struct stats_line *l = &st->lines.v[st->top + r];

        ui_text(ui, ar.y + r, ar.x, ar.w, l->heading ? ROLE_HEADING : ROLE_NORMAL, l->text);
    }
    pages = rows > 0 ? ((int)st->lines.n + rows - 1) / rows : 1;
    page = rows > 0 ? st->top / rows + 1 : 1;
    if (pages < 1)
        pages = 1;
    trf(msg, sizeof msg, MSG_STATS_PAGE, page, pages);
    ui_text(ui, ar.y + ar.h - 1, ar.x, ar.w, ROLE_DIM, msg);
    ui_cursor(ui, ar.y, ar.x);
}

/* ddmmyyyy → "yyyy-mm-dd". */
static void
iso_of(const char *d, char out[11])
{
    snprintf(out, 11, "%.4s-%.2s-%.2s", d + 4, d + 2, d);
}

static struct action
stats_range_key(struct stats_state *st, struct app *app, const struct key_event *ev)
{
    char *d = st->field == 0 ? st->from : st->to, msg[200], a[16], from[11], to[11];
    size_t n = strlen(d);

    switch (ev->key) {
    case K_CHAR:
        if (ev->ch >= '0' && ev->ch <= '9' && n < 8) {
            d[n] = (char)ev->ch;
            d[n + 1] = '\0';
        }
        return action_handled();
    case K_BKSP:
        if (n > 0)
            d[n - 1] = '\0';
        else if (st->field == 1)
            st->field = 0;
        else
            st->mode = SM_PERIOD;
        return action_handled();
    case K_UP:
    case K_DOWN: st->field = !st->field; return action_handled();
    case K_OK:
        iso_of(d, st->field == 0 ? from : to);
        if (n != 8 || !period_date_valid(st->field == 0 ? from : to)) {
            typed_dmy(d, a, sizeof a);
            trf(msg, sizeof msg, MSG_STATS_BAD_DATE, a);
            app_status(app, ROLE_ERROR, "%s", msg);
            return action_handled();
        }
        if (st->field == 0) {
            st->field = 1;
            return action_handled();
        }
        iso_of(st->from, from);
        if (strlen(st->from) != 8 || !period_date_valid(from)) {
            st->field = 0;
            return action_handled();
        }
        if (strcmp(to, from) < 0) {
            app_status(app, ROLE_ERROR, "%s", tr(MSG_STATS_BAD_RANGE));
            return action_handled();
        }
        memcpy(st->p.from, from, sizeof st->p.from);
        memcpy(st->p.to, to, sizeof st->p.to);
        stats_compute(st, app);
        return action_handled();
    default: return action_ignored();
    }
}

static struct action
stats_choose(struct stats_state *st, struct app *app, int i)
{
    st->now = app_wall(app);
    st->list.sel = i;
    switch (i) {
    case PI_TODAY: period_today(st->now, &st->p); break;
    case PI_WEEK: period_week(st->now, &st->p); break;
    case PI_MONTH: period_month_of(st->now, &st->p); break;
    case PI_LAST_MONTH: period_last_month(st->now, &st->p); break;
    case PI_RANGE:
        st->mode = SM_RANGE;
        st->field = 0;
        st->from[0] = st->to[0] = '\0';
        return action_handled();
    default: return action_handled();
    }
    stats_compute(st, app);
    return action_handled();
}

static struct action
stats_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    struct stats_state *st = s->state;
    int rows = stats_page_rows(app), last;

    if (ev->key == K_STAFF)
        return action_handled();
    if (ev->key == K_RESIZE && st->mode == SM_VIEW) {
        stats_compute(st, app);  /* lines fit the new width */
        return action_ignored(); /* the app repaints */
    }
    switch (st->mode) {
    case SM_PERIOD:
        if (list_key(&st->list, ev, widgets_area(app).h - 2))
            return action_handled();
        if (ev->key == K_OK)
            return stats_choose(st, app, st->list.sel);
        if (ev->key == K_PICK)
            return stats_choose(st, app, ev->num - 1);
        return action_ignored();
    case SM_RANGE:
        if (ev->key == K_BACK) {
            st->mode = SM_PERIOD;
            return action_handled();
        }
        return stats_range_key(st, app, ev);
    case SM_VIEW:
    default: break;
    }
    last = (int)st->lines.n - rows;
    if (last < 0)
        last = 0;
    switch (ev->key) {
    case K_BACK:
    case K_BKSP: st->mode = SM_PERIOD; return action_handled();
    case K_DOWN: st->top = st->top < last ? st->top + 1 : last; return action_handled();
    case K_UP: st->top = st->top > 0 ? st->top - 1 : 0; return action_handled();
    case K_PGDN:
    case K_OK:
        if (st->top + rows < (int)st->lines.n)
            st->top = (st->top / rows + 1) * rows;
        return action_handled();
    case K_PGUP:
        st->top = st->top >= rows ? (st->top / rows - 1) * rows : 0;
        return action_handled();
    case K_FIRST: st->top = 0; return action_handled();
    case K_LAST: st->top = ((int)st->lines.n - 1) / rows * rows; return action_handled();
    default: return action_ignored();
    }
}

static int
stats_items(const struct screen *s)
{
    const struct stats_state *st = s->state;

    return st->mode == SM_PERIOD ? st->list.n : 0;
}

static bool
stats_text_focus(const struct screen *s)
{
    const struct stats_state *st = s->state;

    return st->mode == SM_RANGE;
}

const struct screen_ops stats_screen = {
    .name = "stats",
    .state_size = sizeof(struct stats_state),
    .flags = SCREEN_STAFF | SCREEN_NO_GLOBAL,
    .enter = stats_enter,
    .leave = stats_leave,
    .draw = stats_draw,
    .key = stats_key,
    .help = MSG_HELP_STATS,
    .items = stats_items,
    .text_focus = stats_text_focus,
};
