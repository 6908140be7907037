/*
 * The only module that calls curses. It owns the terminal: raw mode (Ctrl-C, Ctrl-Z and
 * Ctrl-\ arrive as keys, never as signals), a short Esc delay, mouse taps, colour roles for
 * two themes, and the virtual screen that curses diffs against the real one, so each frame
 * sends only what changed. Screens draw through the functions below.
 */
#include "ui.h"

#include <curses.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "qr.h"
#include "text.h"
#include "xmalloc.h"

#define UI_MAX_TAPS 64

struct ui_tap_target {
    int y, x0, x1, num;
};

/* One cell of a frame: a character and its role. All-zero bytes are a blank in ROLE_NORMAL
 * (so a frame is cleared with memset); UI_WIDE_RIGHT marks the right half of a wide
 * character. */
struct ui_cell {
    wchar_t ch;
    uint32_t role; /* not a char: no padding bytes, so rows compare with memcmp */
};
#define UI_WIDE_RIGHT ((wchar_t)-1)
_Static_assert(ROLE_NORMAL == 0, "a zeroed cell must be a normal blank");

struct ui {
    SCREEN *term;
    FILE *out; /* headless: /dev/null */
    FILE *in;
    bool headless;
    bool high_contrast;
    attr_t attrs[ROLE_COUNT];
    short pairs[ROLE_COUNT];
    int cur_y, cur_x; /* cursor after the frame; -1 = hidden */
    struct ui_tap_target taps[UI_MAX_TAPS];
    int ntaps;
    /* Screens draw a whole frame into cur; ui_end() hands curses only the rows that differ
     * from prev, so a key that changes two rows costs two rows, not a screen. */
    struct ui_cell *cur, *prev; /* owned, rows * cols */
    int rows, cols;
    bool repaint; /* replay every row (first frame, resize, invalidate) */
};

static struct ui *open_ui; /* for ui_emergency_restore */

static void
ui_colours(struct ui *ui)
{
    /* role: foreground, background, attributes. -1 = the terminal's own colour, so the
     * default theme reads on dark and light terminals alike. */
    static const struct {
        short fg, bg;
        attr_t attr;
    } def[ROLE_COUNT] = {
        [ROLE_NORMAL] = { -1, -1, A_NORMAL },
        [ROLE_TITLE] = { COLOR_WHITE, COLOR_BLUE, A_BOLD },
        [ROLE_HEADING] = { -1, -1, A_BOLD },
        [ROLE_SELECTED] = { -1, -1, A_REVERSE | A_BOLD },
        [ROLE_NUMBER] = { -1, -1, A_NORMAL },
        [ROLE_HINT] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL },
        [ROLE_STATUS] = { -1, -1, A_BOLD },
        [ROLE_ERROR] = { COLOR_WHITE, COLOR_RED, A_BOLD },
        [ROLE_OK] = { COLOR_GREEN, -1, A_BOLD },
        [ROLE_WARN] = { COLOR_YELLOW, -1, A_BOLD },
        [ROLE_DIM] = { -1, -1, A_DIM },
        [ROLE_QR] = { COLOR_BLACK, COLOR_WHITE, A_NORMAL },
        [ROLE_BOX] = { -1, -1, A_NORMAL },
    },
      hc[ROLE_COUNT] = {
          [ROLE_NORMAL] = { COLOR_WHITE, COLOR_BLACK, A_BOLD },
          [ROLE_TITLE] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD },
          [ROLE_HEADING] = { COLOR_YELLOW, COLOR_BLACK, A_BOLD },
          [ROLE_SELECTED] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD },
          [ROLE_NUMBER] = { COLOR_YELLOW, COLOR_BLACK, A_BOLD },
          [ROLE_HINT] = { COLOR_BLACK, COLOR_WHITE, A_BOLD },
          [ROLE_STATUS] = { COLOR_YELLOW, COLOR_BLACK, A_BOLD },
          [ROLE_ERROR] = { COLOR_WHITE, COLOR_RED, A_BOLD },
          [ROLE_OK] = { COLOR_GREEN, COLOR_BLACK, A_BOLD },
          [ROLE_WARN] = { COLOR_YELLOW, COLOR_BLACK, A_BOLD },
          [ROLE_DIM] = { COLOR_WHITE, COLOR_BLACK, A_NORMAL },
          [ROLE_QR] = { COLOR_BLACK, COLOR_WHITE, A_NORMAL },
          [ROLE_BOX] = { COLOR_WHITE, COLOR_BLACK, A_BOLD },
      };
    const bool colour = has_colors();

    if (colour) {
        start_color();
        use_default_colors();
    }
    for (int r = 0; r < ROLE_COUNT; r++) {
        short fg = ui->high_contrast ? hc[r].fg : def[r].fg;
        short bg = ui->high_contrast ? hc[r].bg : def[r].bg;

        ui->attrs[r] = ui->high_contrast ? hc[r].attr : def[r].attr;
        ui->pairs[r] = 0;
        if (colour && (fg != -1 || bg != -1) && r + 1 < COLOR_PAIRS) {
            init_pair((short)(r + 1), fg, bg);
            ui->pairs[r] = (short)(r + 1);
        } else if (!colour && (r == ROLE_TITLE || r == ROLE_HINT || r == ROLE_ERROR)) {
            ui->attrs[r] |= A_REVERSE;
        }
    }
    if (ui->high_contrast && colour)
        bkgdset(' ' | COLOR_PAIR(ui->pairs[ROLE_NORMAL]));
}

static void
ui_setup(struct ui *ui)
{
    raw(); /* Ctrl-C, Ctrl-Z, Ctrl-\ become keys: the kiosk is never interrupted or stopped */
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    /* keypad() also puts xterm-like terminals' numeric keypad in application mode (smkx),
     * where its keys arrive as escape sequences; the kiosk wants plain digits, *, /, +, -,
     * . and Enter from it, so ask for numeric keypad mode (DECKPNM) again. */
    if (!ui->headless) {
        putp("\033>");
        fflush(stdout);
    }
    meta(stdscr, TRUE);
    intrflush(stdscr, FALSE);
    mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED, NULL);
    mouseinterval(0);
    ui_colours(ui);
    ui->cur_y = ui->cur_x = -1;
}

int
ui_open(struct ui **out, const struct ui_opts *opts, char **cause)
{
    struct ui *ui = xcalloc(1, sizeof *ui);
    const char *term = getenv("TERM");

    ui->high_contrast = opts->high_contrast;
    /* ncurses waits a full second after Esc unless told otherwise; Esc means "back", at once. */
    set_escdelay(opts->esc_delay_ms > 0 ? opts->esc_delay_ms : 25);
    ui->term = newterm(term != NULL && term[0] != '\0' ? term : "linux", stdout, stdin);
    if (ui->term == NULL) {
        xasprintf(cause, "cannot use terminal type \"%s\" (set TERM, e.g. TERM=linux)",
                  term != NULL ? term : "");
        free(ui);
        return -1;
    }
    set_term(ui->term);
    ui_setup(ui);
    open_ui = ui;
    *out = ui;
    return 0;
}

struct ui *
ui_open_headless(int rows, int cols)
{
    static const char *const types[] = { "xterm-256color", "xterm", "vt100" };
    struct ui *ui = xcalloc(1, sizeof *ui);

    ui->headless = true;
    ui->out = fopen("/dev/null", "w");
    /* cppcheck-suppress incompatibleFileOpen ; two streams on /dev/null are harmless */
    ui->in = fopen("/dev/null", "r");
    if (ui->out == NULL || ui->in == NULL)
        die("cannot open /dev/null");
    for (size_t i = 0; i < sizeof types / sizeof types[0] && ui->term == NULL; i++)
        ui->term = newterm(types[i], ui->out, ui->in);
    if (ui->term == NULL)
        die("no usable terminfo entry for headless mode");
    set_term(ui->term);
    resize_term(rows, cols);
    ui_setup(ui);
    open_ui = ui;
    return ui;
}

void
ui_close(struct ui *ui)
{
    if (ui == NULL)
        return;
    if (ui->term != NULL) {
        set_term(ui->term);
        if (!ui->headless) {
            curs_set(1);
            attrset(A_NORMAL);
            erase();
            refresh();
        }
        endwin();
        delscreen(ui->term);
        ui->term = NULL;
    }
    if (ui->out != NULL)
        fclose(ui->out);
    if (ui->in != NULL)
        fclose(ui->in);
    if (open_ui == ui)
        open_ui = NULL;
    free(ui->cur);
    free(ui->prev);
    free(ui);
}

void
ui_emergency_restore(void)
{
    if (open_ui != NULL && !open_ui->headless && !isendwin()) {
        curs_set(1);
        endwin();
    }
}

void
ui_size(const struct ui *ui, int *rows, int *cols)
{
    (void)ui;
    *rows = LINES;
    *cols = COLS;
}

void
ui_begin(struct ui *ui)
{
    size_t n;

    ui->ntaps = 0;
    ui->cur_y = ui->cur_x = -1;
    if (ui->rows != LINES || ui->cols != COLS || ui->cur == NULL) {
        ui->rows = LINES;
        ui->cols = COLS;
        n = (size_t)ui->rows * (size_t)ui->cols;
        free(ui->cur);
        free(ui->prev);
        ui->cur = xcalloc(n ? n : 1, sizeof *ui->cur);
        ui->prev = xcalloc(n ? n : 1, sizeof *ui->prev);
        ui->repaint = true;
    }
    n = (size_t)ui->rows * (size_t)ui->cols;
    memset(ui->cur, 0, n * sizeof *ui->cur);
}

static void
ui_role(struct ui *ui, enum role role)
{
    attr_set(ui->attrs[role], ui->pairs[role], NULL);
}

/* Hand one row of the frame to curses, in runs of one role. */
static void
ui_replay_row(struct ui *ui, int y)
{
    const struct ui_cell *row = &ui->cur[(size_t)y * (size_t)ui->cols];
    wchar_t run[512];
    int x = 0;

    while (x < ui->cols) {
        uint32_t role = row[x].role;
        int start = x, n = 0;

        while (x < ui->cols && row[x].role == role && n < (int)(sizeof run / sizeof run[0]) - 1) {
            if (row[x].ch == 0)
                run[n++] = L' ';
            else if (row[x].ch != UI_WIDE_RIGHT)
                run[n++] = row[x].ch;
            x++;
        }
        run[n] = L'\0';
        ui_role(ui, (enum role)role);
        /* The last cell of the screen cannot be written without scrolling on some terminals;
         * curses handles it, but keep the run inside the line. */
        mvaddnwstr(y, start, run, n);
    }
}

void
ui_end(struct ui *ui)
{
    size_t rowsz = (size_t)ui->cols * sizeof *ui->cur;
    struct ui_cell *t;

    for (int y = 0; y < ui->rows; y++) {
        size_t off = (size_t)y * (size_t)ui->cols;

        if (ui->repaint || memcmp(&ui->cur[off], &ui->prev[off], rowsz) != 0)
            ui_replay_row(ui, y);
    }
    ui->repaint = false;
    t = ui->prev;
    ui->prev = ui->cur;
    ui->cur = t;
    if (ui->cur_y >= 0 && ui->cur_y < LINES && ui->cur_x >= 0 && ui->cur_x < COLS) {
        move(ui->cur_y, ui->cur_x);
        curs_set(1);
    } else {
        move(LINES - 1, 0);
        curs_set(0);
    }
    wnoutrefresh(stdscr);
    doupdate();
}

void
ui_invalidate(struct ui *ui)
{
    ui->repaint = true;
    clearok(curscr, TRUE);
}

/* Put a character in the frame; a wide character also takes the cell to its right. */
static int
ui_put(struct ui *ui, int y, int x, int limit, wchar_t ch, enum role role)
{
    int w = ch < 0x80 ? 1 : wcwidth(ch);
    struct ui_cell *c;

    if (w < 0)
        w = 1;
    if (w == 0 || x + w > limit || y < 0 || y >= ui->rows || x < 0)
        return 0;
    c = &ui->cur[(size_t)y * (size_t)ui->cols + (size_t)x];
    c[0] = (struct ui_cell){ ch, (uint32_t)role };
    if (w == 2)
        c[1] = (struct ui_cell){ UI_WIDE_RIGHT, (uint32_t)role };
    return w;
}

int
ui_text(struct ui *ui, int y, int x, int maxw, enum role role, const char *s)
{
    size_t i = 0, len;
    int col = x, limit;

    if (y < 0 || y >= ui->rows || x < 0 || x >= ui->cols || s == NULL)
        return 0;
    if (maxw < 0 || maxw > ui->cols - x)
        maxw = ui->cols - x;
    limit = x + maxw;
    len = strlen(s);
    while (i < len && col < limit) {
        uint32_t cp;
        size_t used = text_decode(s + i, len - i, &cp);
        int w;

        if (used == 0)
            break;
        i += used;
        if (cp < 0x20 || cp == 0x7f)
            cp = ' ';
        w = ui_put(ui, y, col, limit, (wchar_t)cp, role);
        if (w == 0 && cp >= 0x80 && wcwidth((wchar_t)cp) != 0)
            break; /* a wide character that does not fit */
        col += w;
    }
    return col - x;
}

int
ui_wrap_lines(const char *s, int w)
{
    struct text_lines lines;
    int n;

    text_wrap(s, w, &lines);
    n = (int)lines.n;
    text_lines_free(&lines);
    return n;
}

int
ui_wrap(struct ui *ui, int y, int x, int w, int maxlines, enum role role, const char *s)
{
    struct text_lines lines;
    int used = 0;

    if (maxlines <= 0 || w <= 0)
        return 0;
    text_wrap(s, w, &lines);
    for (size_t i = 0; i < lines.n && used < maxlines; i++, used++) {
        if (used == maxlines - 1 && i + 1 < lines.n) {
            char *cut;
            char *joined;

            xasprintf(&joined, "%s …", lines.v[i]);
            cut = text_truncate(joined, w);
            ui_text(ui, y + used, x, w, role, cut);
            free(cut);
            free(joined);
        } else {
            ui_text(ui, y + used, x, w, role, lines.v[i]);
        }
    }
    text_lines_free(&lines);
    return used;
}

void
ui_fill(struct ui *ui, int y, int x, int w, enum role role)
{
    if (y < 0 || y >= ui->rows || x < 0 || x >= ui->cols)
        return;
    if (w < 0 || w > ui->cols - x)
        w = ui->cols - x;
    for (int i = 0; i < w; i++)
        ui_put(ui, y, x + i, ui->cols, L' ', role);
}

void
ui_box(struct ui *ui, int y, int x, int h, int w, enum role role)
{
    if (h < 2 || w < 2)
        return;
    for (int i = 1; i < w - 1; i++) {
        ui_put(ui, y, x + i, ui->cols, L'─', role);
        ui_put(ui, y + h - 1, x + i, ui->cols, L'─', role);
    }
    for (int i = 1; i < h - 1; i++) {
        ui_put(ui, y + i, x, ui->cols, L'│', role);
        ui_put(ui, y + i, x + w - 1, ui->cols, L'│', role);
    }
    ui_put(ui, y, x, ui->cols, L'┌', role);
    ui_put(ui, y, x + w - 1, ui->cols, L'┐', role);
    ui_put(ui, y + h - 1, x, ui->cols, L'└', role);
    ui_put(ui, y + h - 1, x + w - 1, ui->cols, L'┘', role);
}

#define QR_QUIET 4

void
ui_qr_size(const struct qr_matrix *m, int *rows, int *cols)
{
    int side = m->size + 2 * QR_QUIET;

    *cols = side;
    *rows = (side + 1) / 2;
}

int
ui_qr(struct ui *ui, int y, int x, int h, int w, const struct qr_matrix *m)
{
    /* Two modules per cell, vertically: the upper and lower half blocks. Drawn black on white
     * whatever the theme, so a dark terminal does not invert the code. */
    static const wchar_t cells[4] = { L' ', L'▄', L'▀', L'█' };
    int rows, cols, side = m->size + 2 * QR_QUIET;

    ui_qr_size(m, &rows, &cols);
    if (m->size <= 0 || rows > h || cols > w || y + rows > ui->rows || x + cols > ui->cols)
        return -1;
    for (int r = 0; r < rows; r++) {
        for (int c = 0; c < side; c++) {
            int top = qr_dark(m, 2 * r - QR_QUIET, c - QR_QUIET);
            int bottom = 2 * r + 1 < side && qr_dark(m, 2 * r + 1 - QR_QUIET, c - QR_QUIET);

            ui_put(ui, y + r, x + c, ui->cols, cells[top * 2 + bottom], ROLE_QR);
        }
    }
    return 0;
}

void
ui_cursor(struct ui *ui, int y, int x)
{
    ui->cur_y = y;
    ui->cur_x = x;
}

void
ui_tap(struct ui *ui, int y, int x0, int x1, int num)
{
    if (ui->ntaps < UI_MAX_TAPS)
        ui->taps[ui->ntaps++] = (struct ui_tap_target){ y, x0, x1, num };
}

int
ui_tap_at(const struct ui *ui, int y, int x)
{
    for (int i = 0; i < ui->ntaps; i++) {
        const struct ui_tap_target *t = &ui->taps[i];

        if (t->y == y && x >= t->x0 && x < t->x1)
            return t->num;
    }
    return 0;
}

static enum raw_code
ui_map_keycode(int k)
{
    switch (k) {
    case KEY_UP: return RC_UP;
    case KEY_DOWN: return RC_DOWN;
    case KEY_LEFT: return RC_LEFT;
    case KEY_RIGHT: return RC_RIGHT;
    case KEY_PPAGE: return RC_PGUP;
    case KEY_NPAGE: return RC_PGDN;
    case KEY_HOME: return RC_HOME;
    case KEY_END: return RC_END;
    case KEY_ENTER: return RC_ENTER;
    case KEY_BACKSPACE: return RC_BACKSPACE;
    case KEY_DC: return RC_DELETE;
    case KEY_F(1): return RC_F1;
    case KEY_F(9): return RC_F9;
    case KEY_F(10): return RC_F10;
    default: return RC_OTHER;
    }
}

int
ui_read(struct ui *ui, int timeout_ms, struct raw_key *raw)
{
    wint_t wc;
    int rc;

    (void)ui;
    timeout(timeout_ms);
    rc = get_wch(&wc);
    memset(raw, 0, sizeof *raw);
    if (rc == ERR)
        return 0;
    if (rc == KEY_CODE_YES) {
        if (wc == KEY_RESIZE) {
            raw->kind = RAW_RESIZE;
        } else if (wc == KEY_MOUSE) {
            MEVENT me;

            if (getmouse(&me) != OK || !(me.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)))
                return 0;
            raw->kind = RAW_MOUSE;
            raw->y = me.y;
            raw->x = me.x;
        } else {
            raw->kind = RAW_KEY;
            raw->code = ui_map_keycode((int)wc);
        }
        return 1;
    }
    if (wc == L'\r' || wc == L'\n') {
        raw->kind = RAW_KEY;
        raw->code = RC_ENTER;
    } else if (wc == 127 || wc == 8) {
        raw->kind = RAW_KEY;
        raw->code = RC_BACKSPACE;
    } else {
        raw->kind = RAW_CHAR;
        raw->ch = (uint32_t)wc;
    }
    return 1;
}

char *
ui_dump(struct ui *ui)
{
    struct strbuf b;

    (void)ui;
    strbuf_init(&b);
    for (int y = 0; y < LINES; y++) {
        wchar_t line[512];
        char mb[4096];
        size_t len;
        int n = mvinnwstr(y, 0, line, COLS < 511 ? COLS : 511);

        if (n < 0)
            n = 0;
        line[n] = L'\0';
        len = wcstombs(mb, line, sizeof mb - 1);
        if (len == (size_t)-1)
            len = 0;
        mb[len] = '\0';
        while (len > 0 && mb[len - 1] == ' ')
            mb[--len] = '\0';
        strbuf_puts(&b, mb);
        strbuf_puts(&b, "\n");
    }
    return strbuf_take(&b);
}

/* Last in the file: term.h defines macros (lines, columns…) that clash with names above. */
#include <term.h>

int
ui_check_term(char **cause)
{
    const char *term = getenv("TERM");
    const char *name = term != NULL && term[0] != '\0' ? term : "linux";
    TERMINAL *t = NULL;
    const char *cup;
    int err = 0;

    /* Ask terminfo before curses takes the screen, so the answer reaches the terminal. */
    if (setupterm((char *)(uintptr_t)name, STDOUT_FILENO, &err) != OK) {
        xasprintf(cause,
                  "unknown terminal type \"%s\" (no terminfo entry; set TERM, e.g. "
                  "TERM=linux on the console or TERM=xterm-256color in a window)",
                  name);
        return -1;
    }
    t = cur_term;
    cup = tigetstr((char *)(uintptr_t) "cup");
    if (cup == NULL || cup == (char *)-1 || tigetflag((char *)(uintptr_t) "hc") > 0) {
        xasprintf(cause,
                  "the terminal type \"%s\" cannot place the cursor, so the kiosk "
                  "cannot draw its screens; use a full-screen terminal (TERM=linux on "
                  "the console, TERM=xterm-256color in a window)",
                  name);
        del_curterm(t);
        return -1;
    }
    del_curterm(t);
    return 0;
}
