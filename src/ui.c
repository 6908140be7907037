/*
 * The only module that calls curses. It owns the terminal: raw mode (Ctrl-C, Ctrl-Z and
 * Ctrl-\ arrive as keys, never as signals), a short Esc delay, mouse taps, colour roles for
 * two themes, and the virtual screen that curses diffs against the real one, so each frame
 * sends only what changed. Screens draw through the functions below.
 */
#include "ui.h"

#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "qr.h"
#include "text.h"
#include "xmalloc.h"

#define UI_MAX_TAPS 64

struct ui_tap_target {
    int y, x0, x1, num;
};

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
        [ROLE_NUMBER] = { -1, -1, A_BOLD },
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

int
ui_rows(const struct ui *ui)
{
    (void)ui;
    return LINES;
}

int
ui_cols(const struct ui *ui)
{
    (void)ui;
    return COLS;
}

void
ui_begin(struct ui *ui)
{
    ui->ntaps = 0;
    ui->cur_y = ui->cur_x = -1;
    attrset(ui->attrs[ROLE_NORMAL] | COLOR_PAIR(ui->pairs[ROLE_NORMAL]));
    erase(); /* not clear(): curses still diffs against what the terminal shows */
}

void
ui_end(struct ui *ui)
{
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
    (void)ui;
    clearok(curscr, TRUE);
}

static void
ui_role(struct ui *ui, enum role role)
{
    attr_set(ui->attrs[role], ui->pairs[role], NULL);
}

/* Convert at most nbytes of UTF-8 into wide characters, control characters as spaces. */
static size_t
ui_widen(const char *s, size_t nbytes, wchar_t *out, size_t max)
{
    size_t n = 0, i = 0;

    while (i < nbytes && n + 1 < max) {
        uint32_t cp;
        size_t used = text_decode(s + i, nbytes - i, &cp);

        if (used == 0)
            break;
        i += used;
        out[n++] = cp < 0x20 || cp == 0x7f ? L' ' : (wchar_t)cp;
    }
    out[n] = L'\0';
    return n;
}

int
ui_text(struct ui *ui, int y, int x, int maxw, enum role role, const char *s)
{
    wchar_t wbuf[512];
    size_t fit, n;
    int w;

    if (y < 0 || y >= LINES || x < 0 || x >= COLS || s == NULL)
        return 0;
    if (maxw < 0 || maxw > COLS - x)
        maxw = COLS - x;
    fit = text_fit(s, maxw);
    n = ui_widen(s, fit, wbuf, sizeof wbuf / sizeof wbuf[0]);
    ui_role(ui, role);
    mvaddnwstr(y, x, wbuf, (int)n);
    w = wcswidth(wbuf, n);
    return w < 0 ? (int)n : w;
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
    if (y < 0 || y >= LINES || x < 0 || x >= COLS)
        return;
    if (w < 0 || w > COLS - x)
        w = COLS - x;
    ui_role(ui, role);
    mvhline(y, x, ' ', w);
}

void
ui_hline(struct ui *ui, int y, int x, int w)
{
    if (y < 0 || y >= LINES || x < 0 || x >= COLS)
        return;
    if (w < 0 || w > COLS - x)
        w = COLS - x;
    ui_role(ui, ROLE_DIM);
    mvhline_set(y, x, WACS_HLINE, w);
}

void
ui_box(struct ui *ui, int y, int x, int h, int w, enum role role)
{
    if (h < 2 || w < 2)
        return;
    ui_role(ui, role);
    mvhline_set(y, x + 1, WACS_HLINE, w - 2);
    mvhline_set(y + h - 1, x + 1, WACS_HLINE, w - 2);
    mvvline_set(y + 1, x, WACS_VLINE, h - 2);
    mvvline_set(y + 1, x + w - 1, WACS_VLINE, h - 2);
    mvadd_wch(y, x, WACS_ULCORNER);
    mvadd_wch(y, x + w - 1, WACS_URCORNER);
    mvadd_wch(y + h - 1, x, WACS_LLCORNER);
    mvadd_wch(y + h - 1, x + w - 1, WACS_LRCORNER);
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
    static const wchar_t cells[4][2] = { { L' ', 0 }, { L'▄', 0 }, { L'▀', 0 }, { L'█', 0 } };
    int rows, cols, side = m->size + 2 * QR_QUIET;

    ui_qr_size(m, &rows, &cols);
    if (m->size <= 0 || rows > h || cols > w || y + rows > LINES || x + cols > COLS)
        return -1;
    ui_role(ui, ROLE_QR);
    for (int r = 0; r < rows; r++) {
        wchar_t line[256];
        int n = 0;

        for (int c = 0; c < side && n < 255; c++) {
            int top = qr_dark(m, 2 * r - QR_QUIET, c - QR_QUIET);
            int bottom = 2 * r + 1 < side && qr_dark(m, 2 * r + 1 - QR_QUIET, c - QR_QUIET);

            line[n++] = cells[top * 2 + bottom][0];
        }
        line[n] = L'\0';
        mvaddnwstr(y + r, x, line, n);
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
