/*
 * The terminal. ui.c is the only code that calls curses: set-up and teardown (also on
 * crashes and signals), colour roles, drawing UTF-8 text measured with wcwidth, QR codes in
 * half blocks, reading keys, and a headless mode (newterm on /dev/null) for golden tests.
 *
 * Drawing goes into curses' virtual screen; ui_end() sends only what changed, so moving a
 * selection writes a few dozen bytes, not a repaint.
 */
#ifndef KIOSK_UI_H
#define KIOSK_UI_H

#include <stdbool.h>
#include <stddef.h>

#include "input.h"

struct qr_matrix;
struct ui;

/* Semantic colour roles; the theme decides what they look like. */
enum role {
    ROLE_NORMAL,
    ROLE_TITLE,    /* the top bar */
    ROLE_HEADING,  /* a heading inside the screen */
    ROLE_SELECTED, /* the selected line (also marked with ▶, never colour alone) */
    ROLE_NUMBER,   /* item numbers */
    ROLE_HINT,     /* the key hint bar at the bottom */
    ROLE_STATUS,   /* the status line above the hint bar */
    ROLE_ERROR,
    ROLE_OK,
    ROLE_WARN, /* warnings, unverified checklist items */
    ROLE_DIM,
    ROLE_QR, /* black on white */
    ROLE_BOX,
    ROLE_COUNT
};

struct ui_opts {
    bool high_contrast;
    int esc_delay_ms; /* ncurses waits this long to tell Esc from an escape sequence */
};

/* Can $TERM be used (a terminfo entry that can place the cursor)? Call before ui_open and
 * before stderr goes to the log: -1 and *cause (caller frees) says why not ("dumb"…). */
int ui_check_term(char **cause);
/* Start curses on the terminal. -1 and *cause when the terminal cannot be used. */
int ui_open(struct ui **out, const struct ui_opts *opts, char **cause);
/* Start curses on /dev/null with a fixed size, for golden-screen tests. */
struct ui *ui_open_headless(int rows, int cols);
/* Restore the terminal (idempotent; safe from a signal handler path). */
void ui_close(struct ui *ui);
/* Restore the terminal of the open ui, if any (crash and die paths). */
void ui_emergency_restore(void);

void ui_size(const struct ui *ui, int *rows, int *cols);

/* Start a frame: clear the virtual screen and the tap targets. */
void ui_begin(struct ui *ui);
/* End a frame: place the cursor and send the differences to the terminal. */
void ui_end(struct ui *ui);
/* Force the next ui_end() to repaint everything (after a resize). */
void ui_invalidate(struct ui *ui);

/* Draw UTF-8 text at (y, x), clipped to maxw columns (maxw < 0: to the right edge).
 * Returns the columns drawn. */
int ui_text(struct ui *ui, int y, int x, int maxw, enum role role, const char *s);
/* Word-wrapped text in a box of w columns and at most maxlines lines (the last line ends with
 * "…" when cut). Returns the lines used. */
int ui_wrap(struct ui *ui, int y, int x, int w, int maxlines, enum role role, const char *s);
/* Lines ui_wrap would use for s at width w. */
int ui_wrap_lines(const char *s, int w);
/* Fill w columns of row y with blanks in role (a bar). */
void ui_fill(struct ui *ui, int y, int x, int w, enum role role);
/* A box outline. */
void ui_box(struct ui *ui, int y, int x, int h, int w, enum role role);
/* A QR code in half blocks with a 4-module quiet zone, black on white.
 * Returns 0, or -1 when it does not fit in (h, w) (nothing is drawn). */
int ui_qr(struct ui *ui, int y, int x, int h, int w, const struct qr_matrix *m);
/* Cells a QR code of this matrix needs: rows and columns with the quiet zone. */
void ui_qr_size(const struct qr_matrix *m, int *rows, int *cols);

/* Where the terminal cursor sits after ui_end (the focused item, for screen readers). */
void ui_cursor(struct ui *ui, int y, int x);
/* A tap target: a tap on row y, columns [x0, x1) chooses numbered item num. */
void ui_tap(struct ui *ui, int y, int x0, int x1, int num);
/* The numbered item at (y, x), or 0. */
int ui_tap_at(const struct ui *ui, int y, int x);

/* Wait up to timeout_ms for a key. Returns 1 with *raw filled, 0 on timeout. */
int ui_read(struct ui *ui, int timeout_ms, struct raw_key *raw);

/* Headless tests: the screen as UTF-8 text, rows joined with '\n', trailing blanks trimmed
 * (caller frees). */
char *ui_dump(struct ui *ui);

#endif
