/*
 * charset: the set of characters the kiosk can put on a screen, computed from its sources,
 * and the check that a font draws every one of them. Not part of the kiosk; the Makefile
 * builds it as build/charset for the console font build and the font tests.
 *
 * The set is the union of
 *   - ASCII 0x20-0x7E and every Vietnamese letter in both cases (residents type them: the
 *     search field composes any of them from Telex or VNI);
 *   - the text inside the string and character literals of C files and message tables
 *     (the message tables, src and screens): every message and every UI symbol (▶ ▀ ▄ █ …),
 *     escapes such as "\xe2\x80\xa6" decoded, comments skipped;
 *   - every string value of a JSON file (the catalog: every resident-facing text), except
 *     the editors' own keys "editor_note" and "sources", which never reach a screen.
 *
 *   charset list FILE…                 one "U+XXXX" a line, sorted (a bdf2psf symbol set)
 *   charset where FILE…                "U+XXXX<TAB>char<TAB>first place seen" a line
 *   charset check-psf FONT.psf FILE…   every character missing from the PSF font's Unicode
 *                                      table, as "PLACE: U+XXXX 'c' is not in FONT"
 *   charset check-ranges NAME RANGES FILE…
 *                                      the same against a fontconfig charset ("20-7e a0-17f …",
 *                                      as printed by fc-query -f '%{charset}'), named NAME
 *
 * Exit status: 0; 1 when a character is missing (check-*); 2 on a usage or input error.
 */
#include <errno.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXCP 0x110000

/* Where each code point was first seen ("FILE:LINE", "FILE: KEY.PATH" or "built-in: …");
 * NULL = not in the set. Owned. */
static char *seen[MAXCP];

static void
add(uint32_t cp, const char *place)
{
    /* Control characters move the cursor and a byte-order mark (U+FEFF, in the CSV and config
     * readers) is never drawn: neither needs a glyph. */
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0xfeff || cp >= MAXCP || seen[cp] != NULL)
        return;
    seen[cp] = strdup(place);
    if (seen[cp] == NULL) {
        perror("charset");
        exit(2);
    }
}

/* Decode UTF-8 text and add every code point; invalid bytes are an input error. */
static int
add_utf8(const unsigned char *s, size_t n, const char *place)
{
    size_t i = 0;

    while (i < n) {
        uint32_t cp;
        int more;

        if (s[i] < 0x80) {
            cp = s[i];
            more = 0;
        } else if ((s[i] & 0xe0) == 0xc0) {
            cp = s[i] & 0x1fu;
            more = 1;
        } else if ((s[i] & 0xf0) == 0xe0) {
            cp = s[i] & 0x0fu;
            more = 2;
        } else if ((s[i] & 0xf8) == 0xf0) {
            cp = s[i] & 0x07u;
            more = 3;
        } else {
            fprintf(stderr, "charset: %s: invalid UTF-8\n", place);
            return -1;
        }
        if (i + (size_t)more >= n) {
            fprintf(stderr, "charset: %s: truncated UTF-8\n", place);
            return -1;
        }
        for (int k = 1; k <= more; k++) {
            if ((s[i + (size_t)k] & 0xc0) != 0x80) {
                fprintf(stderr, "charset: %s: invalid UTF-8\n", place);
                return -1;
            }
            cp = (cp << 6) | (s[i + (size_t)k] & 0x3fu);
        }
        add(cp, place);
        i += (size_t)more + 1;
    }
    return 0;
}

static void
add_builtin(void)
{
    /* Every Vietnamese letter, lower and upper case (NFC). */
    static const char vietnamese[] =
        "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
        "AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬEÈÉẺẼẸÊỀẾỂỄỆIÌÍỈĨỊOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢUÙÚỦŨỤƯỪỨỬỮỰYỲÝỶỸỴĐ";

    for (uint32_t c = 0x20; c < 0x7f; c++)
        add(c, "built-in: ASCII");
    add_utf8((const unsigned char *)vietnamese, sizeof vietnamese - 1,
             "built-in: the Vietnamese alphabet");
    add(0x20ab, "built-in: the đồng sign"); /* ₫, for fees written with it */
}

static char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0, r;

    if (f == NULL) {
        fprintf(stderr, "charset: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    do {
        if (n + 4096 > cap) {
            char *nb = realloc(buf, cap = (cap + 4096) * 2);
            if (nb == NULL) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        r = fread(buf + n, 1, cap - n - 1, f);
        n += r;
    } while (r > 0);
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static int
hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Append a code point as UTF-8 (for \u escapes). */
static size_t
put_utf8(unsigned char *o, uint32_t cp)
{
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xc0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xe0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
        o[2] = (unsigned char)(0x80 | (cp & 0x3f));
        return 3;
    }
    o[0] = (unsigned char)(0xf0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
    o[3] = (unsigned char)(0x80 | (cp & 0x3f));
    return 4;
}

/* The literals of a C file or message table: their bytes (escapes decoded) as UTF-8. */
static int
scan_c(const char *path)
{
    size_t len, i = 0;
    char *s = slurp(path, &len);
    unsigned char *lit;
    int line = 1, rc = 0;

    if (s == NULL)
        return -1;
    lit = malloc(len * 4 + 1);
    if (lit == NULL) {
        free(s);
        return -1;
    }
    while (i < len && rc == 0) {
        if (s[i] == '\n') {
            line++;
            i++;
        } else if (s[i] == '/' && i + 1 < len && s[i + 1] == '/') {
            while (i < len && s[i] != '\n')
                i++;
        } else if (s[i] == '/' && i + 1 < len && s[i + 1] == '*') {
            i += 2;
            while (i + 1 < len && !(s[i] == '*' && s[i + 1] == '/')) {
                if (s[i] == '\n')
                    line++;
                i++;
            }
            i += 2;
        } else if (s[i] == '"' || s[i] == '\'') {
            char q = s[i++];
            size_t n = 0;
            int at = line;
            char place[4096];

            while (i < len && s[i] != q && s[i] != '\n') {
                if (s[i] == '\\' && i + 1 < len) {
                    char e = s[++i];
                    int v;

                    i++;
                    if (e == 'x') {
                        unsigned x = 0;
                        while (i < len && (v = hexval(s[i])) >= 0) {
                            x = x * 16 + (unsigned)v;
                            i++;
                        }
                        lit[n++] = (unsigned char)x;
                    } else if (e == 'u' || e == 'U') {
                        uint32_t cp = 0;
                        for (int k = 0; k < (e == 'u' ? 4 : 8) && i < len; k++, i++)
                            cp = cp * 16 + (uint32_t)(hexval(s[i]) < 0 ? 0 : hexval(s[i]));
                        n += put_utf8(lit + n, cp);
                    } else if (e >= '0' && e <= '7') {
                        unsigned o = (unsigned)(e - '0');
                        for (int k = 0; k < 2 && i < len && s[i] >= '0' && s[i] <= '7'; k++)
                            o = o * 8 + (unsigned)(s[i++] - '0');
                        lit[n++] = (unsigned char)o;
                    } else if (e == '\n') {
                        line++;
                    } else {
                        lit[n++] = e == 'n' ? '\n' : e == 't' ? '\t' : (unsigned char)e;
                    }
                } else {
                    lit[n++] = (unsigned char)s[i++];
                }
            }
            i++;
            snprintf(place, sizeof place, "%s:%d", path, at);
            rc = add_utf8(lit, n, place);
        } else {
            i++;
        }
    }
    free(lit);
    free(s);
    return rc;
}

static int
walk_json(json_t *v, const char *path, const char *where)
{
    char place[4096];

    if (json_is_string(v)) {
        snprintf(place, sizeof place, "%s: %s", path, where[0] != '\0' ? where : "(top)");
        return add_utf8((const unsigned char *)json_string_value(v), json_string_length(v), place);
    }
    if (json_is_object(v)) {
        const char *key;
        json_t *sub;

        json_object_foreach(v, key, sub)
        {
            char w[1024];

            if (strcmp(key, "editor_note") == 0 || strcmp(key, "sources") == 0)
                continue;
            snprintf(w, sizeof w, "%s%s%s", where, where[0] != '\0' ? "." : "", key);
            if (walk_json(sub, path, w) != 0)
                return -1;
        }
    } else if (json_is_array(v)) {
        size_t idx;
        json_t *sub;

        json_array_foreach(v, idx, sub)
        {
            char w[1024];

            snprintf(w, sizeof w, "%s[%zu]", where, idx);
            if (walk_json(sub, path, w) != 0)
                return -1;
        }
    }
    return 0;
}

static int
scan_json(const char *path)
{
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    int rc;

    if (root == NULL) {
        fprintf(stderr, "charset: %s:%d: %s\n", path, err.line, err.text);
        return -1;
    }
    rc = walk_json(root, path, "");
    json_decref(root);
    return rc;
}

static int
scan(int n, char **files)
{
    add_builtin();
    for (int i = 0; i < n; i++) {
        size_t l = strlen(files[i]);
        int rc = l > 5 && strcmp(files[i] + l - 5, ".json") == 0 ? scan_json(files[i])
                                                                 : scan_c(files[i]);
        if (rc != 0)
            return -1;
    }
    return 0;
}

static uint32_t
le(const unsigned char *p, int n)
{
    uint32_t v = 0;

    for (int i = n - 1; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

/* The code points of a PSF (version 1 or 2) font's Unicode table, into have[]. */
static int
read_psf(const char *path, bool *have)
{
    size_t len, pos;
    unsigned char *f = (unsigned char *)slurp(path, &len);

    if (f == NULL)
        return -1;
    if (len >= 4 && f[0] == 0x36 && f[1] == 0x04) {
        size_t glyphs = (f[2] & 0x01) ? 512 : 256;

        if (!(f[2] & 0x06)) {
            fprintf(stderr, "charset: %s: the font has no Unicode table\n", path);
            free(f);
            return -1;
        }
        pos = 4 + glyphs * f[3];
        for (; pos + 1 < len; pos += 2) {
            uint32_t u = le(f + pos, 2);
            if (u < 0xfffe)
                have[u] = true;
        }
    } else if (len >= 32 && le(f, 4) == 0x864ab572u) {
        uint32_t hdr = le(f + 8, 4), flags = le(f + 12, 4), n = le(f + 16, 4), sz = le(f + 20, 4);

        if (!(flags & 1)) {
            fprintf(stderr, "charset: %s: the font has no Unicode table\n", path);
            free(f);
            return -1;
        }
        pos = (size_t)hdr + (size_t)n * sz;
        while (pos < len) {
            unsigned char c = f[pos];
            uint32_t cp;
            int more;

            if (c == 0xff || c == 0xfe) {
                pos++;
                continue;
            }
            more = c < 0x80 ? 0 : c < 0xe0 ? 1 : c < 0xf0 ? 2 : 3;
            cp = more == 0 ? c : more == 1 ? (c & 0x1fu) : more == 2 ? (c & 0x0fu) : (c & 0x07u);
            for (int k = 1; k <= more && pos + (size_t)k < len; k++)
                cp = (cp << 6) | (f[pos + (size_t)k] & 0x3fu);
            if (cp < MAXCP)
                have[cp] = true;
            pos += (size_t)more + 1;
        }
    } else {
        fprintf(stderr, "charset: %s: not a PSF font\n", path);
        free(f);
        return -1;
    }
    free(f);
    return 0;
}

/* fontconfig's charset text: hexadecimal code points and ranges separated by spaces. */
static int
read_ranges(const char *text, bool *have)
{
    const char *p = text;

    while (*p != '\0') {
        char *end;
        unsigned long a, b;

        while (*p == ' ' || *p == '\n' || *p == '\t')
            p++;
        if (*p == '\0')
            break;
        a = strtoul(p, &end, 16);
        if (end == p)
            return -1;
        b = a;
        if (*end == '-') {
            p = end + 1;
            b = strtoul(p, &end, 16);
            if (end == p)
                return -1;
        }
        for (unsigned long c = a; c <= b && c < MAXCP; c++)
            have[c] = true;
        p = end;
    }
    return 0;
}

static int
report_missing(const bool *have, const char *font)
{
    int missing = 0;

    for (uint32_t c = 0; c < MAXCP; c++) {
        if (seen[c] != NULL && !have[c]) {
            unsigned char u[5];
            size_t n = put_utf8(u, c);

            u[n] = '\0';
            printf("%s: U+%04X '%s' is not in %s\n", seen[c], (unsigned)c, (const char *)u, font);
            missing++;
        }
    }
    if (missing > 0)
        fprintf(stderr, "charset: %d character(s) the kiosk can draw are not in %s\n", missing,
                font);
    return missing > 0 ? 1 : 0;
}

static int
usage(void)
{
    fputs("usage: charset list FILE…\n"
          "       charset where FILE…\n"
          "       charset check-psf FONT.psf FILE…\n"
          "       charset check-ranges NAME RANGES FILE…\n",
          stderr);
    return 2;
}

int
main(int argc, char **argv)
{
    static bool have[MAXCP];
    int rc = 0;

    if (argc < 2)
        return usage();
    if (strcmp(argv[1], "list") == 0 || strcmp(argv[1], "where") == 0) {
        bool where = argv[1][0] == 'w';

        if (scan(argc - 2, argv + 2) != 0)
            return 2;
        for (uint32_t c = 0; c < MAXCP; c++) {
            unsigned char u[5];
            size_t n;

            if (seen[c] == NULL)
                continue;
            n = put_utf8(u, c);
            u[n] = '\0';
            if (where)
                printf("U+%04X\t%s\t%s\n", (unsigned)c, (const char *)u, seen[c]);
            else
                printf("U+%04X\n", (unsigned)c);
        }
    } else if (strcmp(argv[1], "check-psf") == 0 && argc >= 3) {
        if (read_psf(argv[2], have) != 0 || scan(argc - 3, argv + 3) != 0)
            return 2;
        rc = report_missing(have, argv[2]);
    } else if (strcmp(argv[1], "check-ranges") == 0 && argc >= 4) {
        if (read_ranges(argv[3], have) != 0) {
            fprintf(stderr, "charset: %s: not a fontconfig charset\n", argv[2]);
            return 2;
        }
        if (scan(argc - 4, argv + 4) != 0)
            return 2;
        rc = report_missing(have, argv[2]);
    } else {
        return usage();
    }
    for (uint32_t c = 0; c < MAXCP; c++)
        free(seen[c]);
    return rc;
}
