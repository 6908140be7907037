/* Slip-printable text (text_check.h). */
#define _GNU_SOURCE /* fopencookie */
#include "text_check.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "xmalloc.h"

static bool
in_font(uint32_t cp)
{
    size_t lo = 0, hi = slip_charset_n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (cp < slip_charset[mid][0])
            hi = mid;
        else if (cp > slip_charset[mid][1])
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

/* Decode one UTF-8 character at *p; returns its length, 0 when invalid. */
static size_t
decode(const unsigned char *p, uint32_t *cp)
{
    size_t n;

    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    }
    if ((p[0] & 0xe0) == 0xc0) {
        *cp = p[0] & 0x1fu;
        n = 2;
    } else if ((p[0] & 0xf0) == 0xe0) {
        *cp = p[0] & 0x0fu;
        n = 3;
    } else if ((p[0] & 0xf8) == 0xf0) {
        *cp = p[0] & 0x07u;
        n = 4;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        *cp = (*cp << 6) | (p[i] & 0x3fu);
    }
    return n;
}

char *
text_check_printable(const char *s, size_t max_chars, int allow_newline)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t count = 0;
    char *msg = NULL;

    while (*p != '\0') {
        uint32_t cp = 0;
        size_t n = decode(p, &cp);
        const char *what = NULL;

        count++;
        if (n == 0) {
            xasprintf(&msg, "character %zu is not valid UTF-8", count);
            return msg;
        }
        if (cp == '\n' && allow_newline)
            what = NULL;
        else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
            what = "is a control character";
        else if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e ||
                 cp == 0x200f || cp == 0x061c)
            what = "is a bidirectional control (it would reorder the printed line)";
        else if ((cp >= 0x200b && cp <= 0x200d) || cp == 0x2060 || cp == 0xfeff || cp == 0x00ad)
            what = "is an invisible zero-width character";
        else if ((cp >= 0x1f000 && cp <= 0x1faff) || cp == 0xfe0f)
            what = "is an emoji: a slip cannot print it (its picture comes from another font)";
        else if (!in_font(cp))
            what = "is not in the slip font (DejaVu Sans): it cannot be printed";
        if (what != NULL) {
            if (cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp < 0xa0) &&
                !(cp >= 0x200b && cp <= 0x206f) && cp != 0xfeff)
                xasprintf(&msg, "U+%04X \"%.*s\" (character %zu) %s", (unsigned)cp, (int)n,
                          (const char *)p, count, what);
            else
                xasprintf(&msg, "U+%04X (character %zu) %s", (unsigned)cp, count, what);
            return msg;
        }
        p += n;
    }
    if (max_chars > 0 && count > max_chars)
        xasprintf(&msg, "is %zu characters long; at most %zu fit on a slip", count, max_chars);
    return msg;
}

/* --- A terminal-safe stream ------------------------------------------------------------ */

struct term_filter {
    int fd;
    unsigned char pend[4]; /* an incomplete UTF-8 sequence from the last write */
    size_t npend;
};

static int
write_all(int fd, const unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);

        if (w < 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Is the character cp one that moves, hides or reorders what a terminal shows? */
static bool
unsafe_on_terminal(uint32_t cp)
{
    return (cp < 0x20 && cp != '\n' && cp != '\t') || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
           (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

static ssize_t
filter_write(void *cookie, const char *buf, size_t size)
{
    struct term_filter *t = cookie;
    unsigned char out[4096];
    size_t nout = 0;

    for (size_t i = 0; i < size; i++) {
        uint32_t cp = 0;
        size_t need, n;

        t->pend[t->npend++] = (unsigned char)buf[i];
        need = t->pend[0] < 0x80             ? 1
               : (t->pend[0] & 0xe0) == 0xc0 ? 2
               : (t->pend[0] & 0xf0) == 0xe0 ? 3
               : (t->pend[0] & 0xf8) == 0xf0 ? 4
                                             : 1;
        if (t->npend < need)
            continue;
        t->pend[t->npend] = '\0';
        n = decode(t->pend, &cp);
        if (n == 0) {
            t->npend = 0; /* not UTF-8: dropped */
            continue;
        }
        if (!unsafe_on_terminal(cp)) {
            if (nout + n > sizeof out) {
                if (write_all(t->fd, out, nout) != 0)
                    return -1;
                nout = 0;
            }
            memcpy(out + nout, t->pend, n);
            nout += n;
        }
        t->npend = 0;
    }
    if (nout > 0 && write_all(t->fd, out, nout) != 0)
        return -1;
    return (ssize_t)size;
}

static int
filter_close(void *cookie)
{
    free(cookie);
    return 0;
}

FILE *
text_terminal_filter(FILE *f)
{
    struct term_filter *t = xcalloc(1, sizeof *t);
    cookie_io_functions_t io = {
        .read = NULL, .write = filter_write, .seek = NULL, .close = filter_close
    };
    FILE *out;

    fflush(f);
    t->fd = fileno(f);
    out = fopencookie(t, "w", io);
    if (out == NULL) {
        free(t);
        return f;
    }
    setvbuf(out, NULL, _IOLBF, 0);
    return out;
}
