/*
 * Shared drawing and list logic for screens (like tmux's mode-tree.c): the title bar, the
 * content area, numbered lists with a ▶ marker, page-wise scrolling, and tap targets. Every
 * list is numbered, so a resident with only a numeric keypad can use every screen.
 */
#ifndef KIOSK_WIDGETS_H
#define KIOSK_WIDGETS_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "i18n.h"
#include "input.h"
#include "ui.h"

/* The content area under the title bar and above the status and hint lines. */
struct area {
    int y, x, h, w;
};

/* Draw the title bar (the title on the left; the time and "Có hỗ trợ viên" on the right) and
 * return the content area: rows 2 .. rows-3, one column of margin each side. */
struct area widgets_frame(const struct app *app, struct ui *ui, const char *title);
/* Does title fit the title bar whole? (A screen whose title is cut shows it whole below.) */
bool widgets_title_fits(const struct app *app, const char *title);
/* The content area without drawing (for key handlers that need the page size). */
struct area widgets_area(const struct app *app);

/* A numbered, page-wise scrolled list. The selection is the state; the first visible item is
 * derived from it and the page height, so draw() never changes state. */
struct list {
    int n;           /* items */
    int sel;         /* selected, 0-based */
    const int *nums; /* the number shown and tapped for each item (borrowed, n entries), e.g.
                        the services' own numbers; NULL = positions 1..n */
    bool wrap; /* a label too long for its row goes on onto the next rows, 3 at most (set after
                  list_init); false: it is cut with "…" */
};

/* n items numbered 1..n (set nums afterwards for other numbers). */
void list_init(struct list *l, int n);
/* The number item i shows. */
int list_num(const struct list *l, int i);
/* The item that shows number num, or -1 when none does. */
int list_find(const struct list *l, int num);
/* The largest number shown, 0 for an empty list: what a screen's items() returns. */
int list_max_num(const struct list *l);
/* Items shown per page in h rows (one row goes to the "more" markers when it does not fit). */
int list_page(const struct list *l, int h);
/* Up/Down/PgUp/PgDn/+/-/Home/End for a list drawn in h rows. Returns true when handled. */
bool list_key(struct list *l, const struct key_event *ev, int h);
/* The first visible item for a page height. */
int list_top(const struct list *l, int page);

/* label(ctx, i, role, buf, size) gives item i's text: a borrowed string, or buf (size bytes,
 * owned by the caller, list_draw) filled with it; role may be set for a line (e.g.
 * ROLE_WARN); return NULL to stop. */
typedef const char *(*list_label_fn)(const void *ctx, int i, enum role *role, char *buf,
                                     size_t size);

/*
 * Draw the list in area a: "▶ 12. Label" for the selection (highlighted, marker and
 * cursor), "  3. Label" for the others, numbers right-aligned, "▲/▼ more" markers when
 * items are off the page. Registers a tap target per visible item (its number, list_num).
 */
void list_draw(struct ui *ui, const struct list *l, struct area a, list_label_fn label,
               const void *ctx);
/* list_key for a list with wrap: + and - (PgDn, PgUp) go to the first item of the next or
 * previous page as list_draw pages it in area a with label (items of several rows). */
bool list_key_wrap(struct list *l, const struct key_event *ev, struct area a, list_label_fn label,
                   const void *ctx);

/* A text field line: "label: text▏" with the cursor at the end. */
void widgets_field(struct ui *ui, int y, int x, int w, const char *label, const char *text);
/*
 * lead, then the message fmt (one "%s", e.g. "%s (hỏi cán bộ tại quầy)") with value in
 * place of "%s", so that the whole wraps into at most maxlines lines of w columns: when it
 * does not fit, value is cut at the end of a word and ends with "…", and the rest of the
 * message (the marker) is kept whole. Caller frees.
 */
char *widgets_fit_msg(const char *lead, enum msg_id fmt, const char *value, int w, int maxlines);
/* The same with the text around value given: lead + value + tail, value cut at a word end
 * with "…" so that the whole wraps into at most maxlines lines of w columns. Caller frees. */
char *widgets_fit(const char *lead, const char *value, const char *tail, int w, int maxlines);

#endif
