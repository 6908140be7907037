/*
 * qrcap: turn a QR code drawn in half blocks (a `tmux capture-pane -p` of the kiosk's QR
 * screen on stdin) back into a bitmap, as a PBM on stdout: each module 8x8 pixels with a
 * white border of 4 modules, for zbarimg. Not part of the kiosk; tests/e2e/20_flow_qr.sh
 * compiles it into its temporary folder.
 *
 * A cell holds two modules, one above the other: ' ' none dark, '▀' the upper, '▄' the lower,
 * '█' both. The code is the bounding box of the block characters (the finder patterns sit in
 * three corners, so the box is exactly the symbol); any other character is white.
 *
 * Exit status: 0, or 1 when no square code is found.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define MAXR   200
#define MAXC   400
#define SCALE  8
#define BORDER 4

static unsigned char cells[MAXR][MAXC]; /* bit 1: upper module dark, bit 0: lower */

int
main(void)
{
    char line[4096];
    int nrows = 0, top = MAXR, bottom = -1, left = MAXC, right = -1, size, side;

    setlocale(LC_ALL, "C.UTF-8");
    while (nrows < MAXR && fgets(line, sizeof line, stdin) != NULL) {
        mbstate_t mb;
        const char *p = line;
        size_t len = strlen(line), n;
        wchar_t wc;
        int col = 0;

        memset(&mb, 0, sizeof mb);
        while (len > 0 && col < MAXC && (n = mbrtowc(&wc, p, len, &mb)) != 0 && n != (size_t)-1 &&
               n != (size_t)-2) {
            unsigned char v = wc == L'▀' ? 2 : wc == L'▄' ? 1 : wc == L'█' ? 3 : 0;

            cells[nrows][col] = v;
            if (v != 0) {
                top = nrows < top ? nrows : top;
                bottom = nrows > bottom ? nrows : bottom;
                left = col < left ? col : left;
                right = col > right ? col : right;
            }
            p += n;
            len -= n;
            col++;
        }
        nrows++;
    }
    if (bottom < 0) {
        fprintf(stderr, "qrcap: no half blocks on the screen\n");
        return 1;
    }
    size = right - left + 1;
    /* The symbol starts in the upper or the lower half of its first row. */
    {
        int first_upper = 0;

        for (int c = left; c <= right; c++)
            first_upper |= cells[top][c] & 2;
        if ((bottom - top + 1) * 2 - (first_upper ? 0 : 1) < size) {
            fprintf(stderr, "qrcap: the code is not square (%d columns, %d rows)\n", size,
                    bottom - top + 1);
            return 1;
        }
        side = (size + 2 * BORDER) * SCALE;
        printf("P1\n%d %d\n", side, side);
        for (int y = 0; y < side; y++) {
            int mr = y / SCALE - BORDER; /* module row */

            for (int x = 0; x < side; x++) {
                int mc = x / SCALE - BORDER, dark = 0;

                if (mr >= 0 && mr < size && mc >= 0 && mc < size) {
                    int half = mr + (first_upper ? 0 : 1);
                    unsigned char v = cells[top + half / 2][left + mc];

                    dark = half % 2 == 0 ? (v >> 1) & 1 : v & 1;
                }
                putchar(dark ? '1' : '0');
                putchar((x + 1) % 35 == 0 || x + 1 == side ? '\n' : ' ');
            }
        }
    }
    return 0;
}
