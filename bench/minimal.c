/*
 * The benchmark's floor: the least an ncursesw program can do for the same job as the kiosk's
 * lists. A box of 12 Vietnamese lines (the same 12 items bench/run.sh gives dialog), a
 * selection moved with Up/Down, Space ticking an item, Esc or Enter leaving.
 *
 *   minimal [--marker] [--exit-after-first-frame]
 *
 * The selected line is shown in reverse video (the common style); --marker shows only a "▶"
 * before it instead, the cheapest possible way to show a selection. Like the kiosk it sets a
 * short Esc delay (25 ms), so Esc is answered at once.
 *
 * Built by bench/run.sh: cc -O2 bench/minimal.c -lncursesw
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <locale.h>
#include <stdbool.h>
#include <string.h>

#define NITEMS 12

static const char *const items[NITEMS] = {
    "Đăng ký khai sinh",         "Đăng ký thường trú",
    "Đăng ký tạm trú",           "Đăng ký kết hôn",
    "Đăng ký khai tử",           "Cấp đổi căn cước",
    "Cấp hộ chiếu phổ thông",    "Xác nhận tình trạng hôn nhân",
    "Cấp phiếu lý lịch tư pháp", "Đăng ký xe máy",
    "Cấp thẻ bảo hiểm y tế",     "Trợ cấp thất nghiệp",
};

static bool ticked[NITEMS];
static bool marker_only;

static void
draw_item(int top, int left, int width, int i, bool sel)
{
    char line[160];

    if (sel && !marker_only)
        attron(A_REVERSE);
    snprintf(line, sizeof line, "%s [%c] %2d. %s", sel && marker_only ? "▶" : " ",
             ticked[i] ? 'x' : ' ', i + 1, items[i]);
    mvaddstr(top + 1 + i, left + 1, line);
    /* Pad to the box edge so the highlight spans the line. */
    for (int x = getcurx(stdscr); x < left + width - 1; x++)
        addch(' ');
    if (sel && !marker_only)
        attroff(A_REVERSE);
}

int
main(int argc, char **argv)
{
    bool once = false;
    int sel = 0, width = 50, height = NITEMS + 2, top, left;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--marker") == 0)
            marker_only = true;
        else if (strcmp(argv[i], "--exit-after-first-frame") == 0)
            once = true;
    }
    setlocale(LC_ALL, "");
    set_escdelay(25);
    initscr();
    raw();
    noecho();
    keypad(stdscr, TRUE);
    curs_set(0);
    top = (LINES - height - 1) / 2;
    left = (COLS - width) / 2;
    box(stdscr, 0, 0); /* the screen frame */
    mvaddstr(top - 1, left, "Chọn dịch vụ:");
    /* The list's box */
    mvhline(top, left + 1, ACS_HLINE, width - 2);
    mvhline(top + height - 1, left + 1, ACS_HLINE, width - 2);
    mvvline(top + 1, left, ACS_VLINE, height - 2);
    mvvline(top + 1, left + width - 1, ACS_VLINE, height - 2);
    mvaddch(top, left, ACS_ULCORNER);
    mvaddch(top, left + width - 1, ACS_URCORNER);
    mvaddch(top + height - 1, left, ACS_LLCORNER);
    mvaddch(top + height - 1, left + width - 1, ACS_LRCORNER);
    for (int i = 0; i < NITEMS; i++)
        draw_item(top, left, width, i, i == sel);
    mvaddstr(top + height, left, "↑↓: chọn · Space: đánh dấu · Esc: thoát");
    refresh();
    while (!once) {
        int ch = getch();
        int old = sel;

        if (ch == KEY_UP && sel > 0)
            sel--;
        else if (ch == KEY_DOWN && sel < NITEMS - 1)
            sel++;
        else if (ch == ' ')
            ticked[sel] = !ticked[sel];
        else if (ch == 27 || ch == '\r' || ch == '\n' || ch == ERR)
            break;
        else
            continue;
        /* Redraw only the lines that changed; curses sends only their differences. */
        draw_item(top, left, width, old, false);
        draw_item(top, left, width, sel, true);
        refresh();
    }
    endwin();
    return 0;
}
