/* Shared screen widgets: the frame and numbered lists. */
#include "widgets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "i18n.h"
#include "text.h"
#include "xmalloc.h"

struct area
widgets_area(const struct app *app)
{
    int rows, cols;

    ui_size(app->ui, &rows, &cols);
    return (struct area){ .y = 2, .x = 1, .h = rows - 4, .w = cols - 2 };
}

/* The right side of the title bar: the time, and "Có hỗ trợ viên" in an assisted session. */
static void
widgets_title_right(const struct app *app, char *right, size_t size)
{
    char clock[32];
    time_t t = (time_t)app_wall(app);
    struct tm tm;

    localtime_r(&t, &tm);
    strftime(clock, sizeof clock, "%H:%M %d/%m/%Y", &tm);
    if (app->sess.volunteer_id != 0)
        snprintf(right, size, "%s · %s", tr(MSG_ASSISTED), clock);
    else
        snprintf(right, size, "%s", clock);
}

bool
widgets_title_fits(const struct app *app, const char *title)
{
    char right[128];
    int rows, cols;

    ui_size(app->ui, &rows, &cols);
    widgets_title_right(app, right, sizeof right);
    return text_width(title) <= cols - text_width(right) - 4;
}

struct area
widgets_frame(const struct app *app, struct ui *ui, const char *title)
{
    int rows, cols;
    char right[128];
    int rw;

    ui_size(ui, &rows, &cols);
    widgets_title_right(app, right, sizeof right);
    rw = text_width(right);
    ui_fill(ui, 0, 0, cols, ROLE_TITLE);
    if (text_width(title) > cols - rw - 4) {
        char *cut = text_truncate(title, cols - rw - 4);

        ui_text(ui, 0, 1, cols - rw - 4, ROLE_TITLE, cut);
        free(cut);
    } else {
        ui_text(ui, 0, 1, cols - rw - 4, ROLE_TITLE, title);
    }
    ui_text(ui, 0, cols - rw - 1, rw, ROLE_TITLE, right);
    return widgets_area(app);
}

void
list_init(struct list *l, int n)
{
    l->n = n;
    l->sel = 0;
    l->nums = NULL;
    l->wrap = false;
}

int
list_num(const struct list *l, int i)
{
    return l->nums != NULL ? l->nums[i] : i + 1;
}

int
list_find(const struct list *l, int num)
{
    for (int i = 0; i < l->n; i++)
        if (list_num(l, i) == num)
            return i;
    return -1;
}

int
list_max_num(const struct list *l)
{
    int max = 0;

    for (int i = 0; i < l->n; i++)
        max = list_num(l, i) > max ? list_num(l, i) : max;
    return max;
}

int
list_top(const struct list *l, int page)
{
    if (page <= 0)
        return 0;
    return (l->sel / page) * page;
}

int
list_page(const struct list *l, int h)
{
    /* A line is kept for the "more" markers only when the list does not fit. */
    int page = l->n > h ? h - 1 : h;

    return page < 1 ? 1 : page;
}

bool
list_key(struct list *l, const struct key_event *ev, int h)
{
    int page = list_page(l, h);

    if (l->n <= 0)
        return false;
    switch (ev->key) {
    case K_UP: l->sel = l->sel > 0 ? l->sel - 1 : 0; break;
    case K_DOWN: l->sel = l->sel + 1 < l->n ? l->sel + 1 : l->n - 1; break;
    case K_PGUP: {
        int prev = list_top(l, page) - page;

        l->sel = prev > 0 ? prev : 0;
        break;
    }
    case K_PGDN: {
        int next = list_top(l, page) + page;

        l->sel = next < l->n ? next : l->n - 1;
        break;
    }
    case K_FIRST: l->sel = 0; break;
    case K_LAST: l->sel = l->n - 1; break;
    default: return false;
    }
    return true;
}

#define LIST_WRAP_ROWS 3 /* a wrapped label takes at most this many rows */

/* One item's label on its rows: with wrap, as many rows as it needs up to LIST_WRAP_ROWS
 * (the last cut with "…" only when even those cannot hold it); without, one row cut with
 * "…". Fills lines[] (caller frees each) and returns the rows. */
static int
list_item_lines(const struct list *l, const char *text, int w, char *lines[LIST_WRAP_ROWS])
{
    struct text_lines tl;
    int n = 0;

    if (text_width(text) <= w) {
        lines[0] = xstrdup(text);
        return 1;
    }
    if (!l->wrap || w < 8) {
        lines[0] = text_truncate(text, w); /* cut visibly: nobody takes half a name for whole */
        return 1;
    }
    text_wrap(text, w, &tl);
    for (size_t i = 0; i < tl.n && n < LIST_WRAP_ROWS - 1; i++)
        lines[n++] = xstrdup(tl.v[i]);
    if (tl.n > (size_t)n) {
        struct strbuf b;
        char *rest;

        strbuf_init(&b);
        for (size_t i = (size_t)n; i < tl.n; i++)
            strbuf_printf(&b, i > (size_t)n ? " %s" : "%s", tl.v[i]);
        rest = strbuf_take(&b);
        lines[n++] = text_width(rest) > w ? text_truncate(rest, w) : xstrdup(rest);
        free(rest);
    }
    if (n == 0)
        lines[n++] = xstrdup("");
    text_lines_free(&tl);
    return n;
}

/* The rows item i takes (labels are asked for again when drawn). */
static int
list_item_rows(const struct list *l, int i, int w, list_label_fn label, const void *ctx)
{
    enum role role = ROLE_NORMAL;
    char buf[512], *lines[LIST_WRAP_ROWS];
    const char *text = label(ctx, i, &role, buf, sizeof buf);
    int rows;

    if (text == NULL)
        return 1;
    rows = list_item_lines(l, text, w, lines);
    for (int r = 0; r < rows; r++)
        free(lines[r]);
    return rows;
}

/* The label's columns after "▶ 12. ". */
static int
list_label_cols(const struct list *l, struct area a)
{
    int numw = list_max_num(l) >= 100 ? 3 : list_max_num(l) >= 10 ? 2 : 1;

    return a.w - 2 - numw - 2;
}

/*
 * Pages of whole items: each item takes its rows (more than one when a long label wraps),
 * filled in order from the first item. Finds the page holding item sel, [*top, *end), and
 * returns the rows a page has for items (one goes to the "more" markers when not all fit).
 */
static int
list_page_of(const struct list *l, struct area a, list_label_fn label, const void *ctx, int sel,
             int *top, int *end)
{
    int w = list_label_cols(l, a), total = 0, page;
    int *rows = xcalloc((size_t)l->n + 1, sizeof *rows);

    for (int i = 0; i < l->n; i++) {
        rows[i] = list_item_rows(l, i, w, label, ctx);
        total += rows[i];
    }
    page = total > a.h ? a.h - 1 : a.h;
    if (page < 1)
        page = 1;
    *top = 0;
    for (;;) {
        int used = 0;

        *end = *top;
        while (*end < l->n && (used + rows[*end] <= page || *end == *top))
            used += rows[(*end)++];
        if (sel < *end || *end >= l->n)
            break;
        *top = *end;
    }
    free(rows);
    return page;
}

bool
list_key_wrap(struct list *l, const struct key_event *ev, struct area a, list_label_fn label,
              const void *ctx)
{
    int top, end;

    if (l->n <= 0 || (ev->key != K_PGDN && ev->key != K_PGUP))
        return list_key(l, ev, a.h);
    list_page_of(l, a, label, ctx, l->sel, &top, &end);
    if (ev->key == K_PGDN) {
        l->sel = end < l->n ? end : l->n - 1; /* the first item of the next page */
    } else if (top > 0) {
        int ptop, pend;

        list_page_of(l, a, label, ctx, top - 1, &ptop, &pend);
        l->sel = ptop; /* the first item of the page before */
    } else {
        l->sel = 0;
    }
    return true;
}

void
list_draw(struct ui *ui, const struct list *l, struct area a, list_label_fn label, const void *ctx)
{
    int page, top, w, end, numw;
    bool more_above, more_below;
    char num[16], buf[512];

    if (l->n <= 0 || a.h <= 0)
        return;
    numw = list_max_num(l) >= 100 ? 3 : list_max_num(l) >= 10 ? 2 : 1;
    w = list_label_cols(l, a);
    page = list_page_of(l, a, label, ctx, l->sel, &top, &end);
    more_above = top > 0;
    more_below = end < l->n;
    for (int i = top, y = a.y; i < end; i++) {
        int x = a.x;
        enum role role = ROLE_NORMAL;
        const char *text = label(ctx, i, &role, buf, sizeof buf);
        bool sel = i == l->sel;
        char *lines[LIST_WRAP_ROWS];
        int nl;

        if (text == NULL)
            break;
        nl = list_item_lines(l, text, w, lines);
        /* The selection is the marker and the highlighted text, not the whole row: a key
         * that moves it then rewrites two labels, not two screen widths of reverse video. */
        x += ui_text(ui, y, x, 2, sel ? ROLE_SELECTED : ROLE_NORMAL, sel ? "▶ " : "  ");
        snprintf(num, sizeof num, "%*d. ", numw, list_num(l, i));
        x += ui_text(ui, y, x, -1, sel ? ROLE_SELECTED : ROLE_NUMBER, num);
        {
            int tx0 = x;

            x += ui_text(ui, y, x, a.w - (x - a.x), sel ? ROLE_SELECTED : role, lines[0]);
            if (sel)
                ui_text(ui, y, x, a.w - (x - a.x), ROLE_SELECTED, " ");
            ui_tap(ui, y, a.x, a.x + a.w, list_num(l, i));
            if (sel)
                ui_cursor(ui, y, a.x);
            for (int r = 1; r < nl && y + 1 < a.y + a.h; r++) {
                y++;
                x = tx0 +
                    ui_text(ui, y, tx0, a.w - (tx0 - a.x), sel ? ROLE_SELECTED : role, lines[r]);
                if (sel)
                    ui_text(ui, y, x, a.w - (x - a.x), ROLE_SELECTED, " ");
                ui_tap(ui, y, a.x, a.x + a.w, list_num(l, i));
            }
        }
        y++;
        for (int r = 0; r < nl; r++)
            free(lines[r]);
    }
    if (more_above || more_below) {
        char marks[128] = "";

        if (more_above)
            snprintf(marks, sizeof marks, "%s   ", tr(MSG_MORE_ABOVE));
        if (more_below)
            strncat(marks, tr(MSG_MORE_BELOW), sizeof marks - strlen(marks) - 1);
        ui_text(ui, a.y + page, a.x + 2, a.w - 2, ROLE_DIM, marks);
    }
}

void
widgets_field(struct ui *ui, int y, int x, int w, const char *label, const char *text)
{
    int used = ui_text(ui, y, x, w, ROLE_HEADING, label);
    int tw;

    used += ui_text(ui, y, x + used, w - used, ROLE_NORMAL, " ");
    ui_fill(ui, y, x + used, w - used, ROLE_SELECTED);
    tw = ui_text(ui, y, x + used, w - used - 1, ROLE_SELECTED, text);
    ui_cursor(ui, y, x + used + tw);
}

char *
widgets_fit(const char *lead, const char *value, const char *tail, int w, int maxlines)
{
    size_t len;
    char *out;

    xasprintf(&out, "%s%s%s", lead, value, tail);
    if (ui_wrap_lines(out, w) <= maxlines)
        return out;
    /* Drop words from the end until the rest fits with "…" and the tail. */
    len = strlen(value);
    while (len > 0) {
        while (len > 0 && value[len - 1] != ' ')
            len--;
        while (len > 0 && strchr(" ,;:.", value[len - 1]) != NULL)
            len--;
        free(out);
        xasprintf(&out, "%s%.*s…%s", lead, (int)len, value, tail);
        if (ui_wrap_lines(out, w) <= maxlines)
            return out;
    }
    return out;
}

char *
widgets_fit_msg(const char *lead, enum msg_id fmt, const char *value, int w, int maxlines)
{
    const char *f = tr(fmt), *at = strstr(f, "%s");
    char *head, *out;

    if (at == NULL) /* cannot happen with the flow's messages; show the value anyway */
        return widgets_fit(lead, value, f, w, maxlines);
    xasprintf(&head, "%s%.*s", lead, (int)(at - f), f);
    out = widgets_fit(head, value, at + 2, w, maxlines);
    free(head);
    return out;
}
