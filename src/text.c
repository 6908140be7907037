/*
 * UTF-8 text: decoding, terminal widths (wcwidth, so the locale must be UTF-8), truncation,
 * word wrap, and Vietnamese: a table of every precomposed letter, NFC composition of
 * decomposed input, lower case, and the diacritic-insensitive fold used by search.
 */
/* wcwidth() is X/Open; the kiosk build already asks for it, the fuzz build may not. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif

#include "text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "xmalloc.h"

#define REPLACEMENT 0xFFFDu

/* Combining marks that Vietnamese uses (decomposed text, old VNI/TCVN converters). */
#define MARK_GRAVE      0x0300u
#define MARK_ACUTE      0x0301u
#define MARK_CIRCUMFLEX 0x0302u
#define MARK_TILDE      0x0303u
#define MARK_BREVE      0x0306u
#define MARK_HOOK       0x0309u
#define MARK_HORN       0x031Bu
#define MARK_DOT        0x0323u

/* The twelve Vietnamese vowel letters; the table below has one row per letter and case. */
static const struct {
    char base;
    enum vn_shape shape;
} vowels[12] = {
    { 'a', VN_PLAIN },      { 'a', VN_BREVE }, { 'a', VN_CIRCUMFLEX }, { 'e', VN_PLAIN },
    { 'e', VN_CIRCUMFLEX }, { 'i', VN_PLAIN }, { 'o', VN_PLAIN },      { 'o', VN_CIRCUMFLEX },
    { 'o', VN_HORN },       { 'u', VN_PLAIN }, { 'u', VN_HORN },       { 'y', VN_PLAIN },
};

/* [case][vowel][tone]: every precomposed Vietnamese vowel letter (tone order: none, huyền,
 * sắc, hỏi, ngã, nặng, as enum vn_tone). */
static const uint32_t vn_table[2][12][6] = {
    {
        { 0x0061, 0x00E0, 0x00E1, 0x1EA3, 0x00E3, 0x1EA1 }, /* a à á ả ã ạ */
        { 0x0103, 0x1EB1, 0x1EAF, 0x1EB3, 0x1EB5, 0x1EB7 }, /* ă ằ ắ ẳ ẵ ặ */
        { 0x00E2, 0x1EA7, 0x1EA5, 0x1EA9, 0x1EAB, 0x1EAD }, /* â ầ ấ ẩ ẫ ậ */
        { 0x0065, 0x00E8, 0x00E9, 0x1EBB, 0x1EBD, 0x1EB9 }, /* e è é ẻ ẽ ẹ */
        { 0x00EA, 0x1EC1, 0x1EBF, 0x1EC3, 0x1EC5, 0x1EC7 }, /* ê ề ế ể ễ ệ */
        { 0x0069, 0x00EC, 0x00ED, 0x1EC9, 0x0129, 0x1ECB }, /* i ì í ỉ ĩ ị */
        { 0x006F, 0x00F2, 0x00F3, 0x1ECF, 0x00F5, 0x1ECD }, /* o ò ó ỏ õ ọ */
        { 0x00F4, 0x1ED3, 0x1ED1, 0x1ED5, 0x1ED7, 0x1ED9 }, /* ô ồ ố ổ ỗ ộ */
        { 0x01A1, 0x1EDD, 0x1EDB, 0x1EDF, 0x1EE1, 0x1EE3 }, /* ơ ờ ớ ở ỡ ợ */
        { 0x0075, 0x00F9, 0x00FA, 0x1EE7, 0x0169, 0x1EE5 }, /* u ù ú ủ ũ ụ */
        { 0x01B0, 0x1EEB, 0x1EE9, 0x1EED, 0x1EEF, 0x1EF1 }, /* ư ừ ứ ử ữ ự */
        { 0x0079, 0x1EF3, 0x00FD, 0x1EF7, 0x1EF9, 0x1EF5 }, /* y ỳ ý ỷ ỹ ỵ */
    },
    {
        { 0x0041, 0x00C0, 0x00C1, 0x1EA2, 0x00C3, 0x1EA0 }, /* A À Á Ả Ã Ạ */
        { 0x0102, 0x1EB0, 0x1EAE, 0x1EB2, 0x1EB4, 0x1EB6 }, /* Ă Ằ Ắ Ẳ Ẵ Ặ */
        { 0x00C2, 0x1EA6, 0x1EA4, 0x1EA8, 0x1EAA, 0x1EAC }, /* Â Ầ Ấ Ẩ Ẫ Ậ */
        { 0x0045, 0x00C8, 0x00C9, 0x1EBA, 0x1EBC, 0x1EB8 }, /* E È É Ẻ Ẽ Ẹ */
        { 0x00CA, 0x1EC0, 0x1EBE, 0x1EC2, 0x1EC4, 0x1EC6 }, /* Ê Ề Ế Ể Ễ Ệ */
        { 0x0049, 0x00CC, 0x00CD, 0x1EC8, 0x0128, 0x1ECA }, /* I Ì Í Ỉ Ĩ Ị */
        { 0x004F, 0x00D2, 0x00D3, 0x1ECE, 0x00D5, 0x1ECC }, /* O Ò Ó Ỏ Õ Ọ */
        { 0x00D4, 0x1ED2, 0x1ED0, 0x1ED4, 0x1ED6, 0x1ED8 }, /* Ô Ồ Ố Ổ Ỗ Ộ */
        { 0x01A0, 0x1EDC, 0x1EDA, 0x1EDE, 0x1EE0, 0x1EE2 }, /* Ơ Ờ Ớ Ở Ỡ Ợ */
        { 0x0055, 0x00D9, 0x00DA, 0x1EE6, 0x0168, 0x1EE4 }, /* U Ù Ú Ủ Ũ Ụ */
        { 0x01AF, 0x1EEA, 0x1EE8, 0x1EEC, 0x1EEE, 0x1EF0 }, /* Ư Ừ Ứ Ử Ữ Ự */
        { 0x0059, 0x1EF2, 0x00DD, 0x1EF6, 0x1EF8, 0x1EF4 }, /* Y Ỳ Ý Ỷ Ỹ Ỵ */
    },
};

/* Other Latin letters with diacritics residents may meet (foreign names): folded to a base. */
static const struct {
    uint32_t cp;
    char base;
} latin_fold[] = {
    { 0x00C4, 'a' }, { 0x00C5, 'a' }, { 0x00C7, 'c' }, { 0x00CB, 'e' }, { 0x00CE, 'i' },
    { 0x00CF, 'i' }, { 0x00D1, 'n' }, { 0x00D6, 'o' }, { 0x00D8, 'o' }, { 0x00DB, 'u' },
    { 0x00DC, 'u' }, { 0x00E4, 'a' }, { 0x00E5, 'a' }, { 0x00E7, 'c' }, { 0x00EB, 'e' },
    { 0x00EE, 'i' }, { 0x00EF, 'i' }, { 0x00F1, 'n' }, { 0x00F6, 'o' }, { 0x00F8, 'o' },
    { 0x00FB, 'u' }, { 0x00FC, 'u' }, { 0x00FF, 'y' },
};

size_t
text_decode(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    uint32_t c, min;
    size_t len, i;

    if (n == 0)
        return 0;
    c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        c &= 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        c &= 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        c &= 0x07;
        min = 0x10000;
    } else {
        *cp = REPLACEMENT;
        return 1;
    }
    if (n < len) {
        *cp = REPLACEMENT;
        return 1;
    }
    for (i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            *cp = REPLACEMENT;
            return 1;
        }
        c = (c << 6) | (p[i] & 0x3F);
    }
    /* Overlong forms, UTF-16 surrogates and code points past U+10FFFF are invalid. */
    if (c < min || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) {
        *cp = REPLACEMENT;
        return 1;
    }
    *cp = c;
    return len;
}

size_t
text_encode(uint32_t cp, char *buf)
{
    unsigned char *p = (unsigned char *)buf;

    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        cp = REPLACEMENT;
    if (cp < 0x80) {
        p[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        p[0] = (unsigned char)(0xC0 | (cp >> 6));
        p[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        p[0] = (unsigned char)(0xE0 | (cp >> 12));
        p[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        p[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    p[0] = (unsigned char)(0xF0 | (cp >> 18));
    p[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    p[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    p[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Columns of one code point: controls 0, combining marks 0, East Asian wide 2. */
static int
cp_width(uint32_t cp)
{
    int w;

    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
        return 0;
    if (cp < 0x7F)
        return 1;
    w = wcwidth((wchar_t)cp);
    /* Unassigned or unprintable in the locale: the terminal still shows something. */
    return w < 0 ? 1 : w;
}

static int
text_width_n(const char *s, size_t n)
{
    size_t i = 0;
    uint32_t cp;
    int w = 0;

    while (i < n) {
        i += text_decode(s + i, n - i, &cp);
        w += cp_width(cp);
    }
    return w;
}

int
text_width(const char *s)
{
    return text_width_n(s, strlen(s));
}

/* Bytes of the longest prefix of s (n bytes) within cols columns; *used gets its width. */
static size_t
fit_n(const char *s, size_t n, int cols, int *used)
{
    size_t i = 0, k;
    uint32_t cp;
    int w = 0, cw;

    while (i < n) {
        k = text_decode(s + i, n - i, &cp);
        cw = cp_width(cp);
        if (w + cw > cols)
            break;
        w += cw;
        i += k;
    }
    *used = w;
    return i;
}

size_t
text_fit(const char *s, int cols)
{
    int used;

    return fit_n(s, strlen(s), cols, &used);
}

char *
text_truncate(const char *s, int cols)
{
    static const char ellipsis[] = "\xe2\x80\xa6"; /* … */
    struct strbuf b;

    if (cols <= 0)
        return xstrdup("");
    if (text_width(s) <= cols)
        return xstrdup(s);
    strbuf_init(&b);
    strbuf_add(&b, s, text_fit(s, cols - 1));
    strbuf_puts(&b, ellipsis);
    return strbuf_take(&b);
}

/* The array grows by doubling: its capacity is the next power of two of n. */
static void
lines_push(struct text_lines *out, struct strbuf *line)
{
    if (out->n == 0 || (out->n & (out->n - 1)) == 0)
        out->v = xreallocarray(out->v, out->n == 0 ? 1 : out->n * 2, sizeof *out->v);
    out->v[out->n++] = strbuf_take(line);
}

static bool
is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Bytes of the first character of s (n > 0 bytes) and the zero-width marks after it. */
static size_t
first_char(const char *s, size_t n)
{
    uint32_t cp;
    size_t i = text_decode(s, n, &cp), k;

    while (i < n) {
        k = text_decode(s + i, n - i, &cp);
        if (cp_width(cp) != 0)
            break;
        i += k;
    }
    return i;
}

/* Wrap one paragraph (no '\n') of n bytes into out. */
static void
wrap_paragraph(const char *p, size_t n, int cols, struct text_lines *out)
{
    struct strbuf line;
    size_t i = 0, start, len, k;
    int linew = 0, ww, used;
    char *word;

    strbuf_init(&line);
    for (;;) {
        while (i < n && is_blank(p[i]))
            i++;
        if (i >= n)
            break;
        start = i;
        while (i < n && !is_blank(p[i]))
            i++;
        word = xstrndup(p + start, i - start);
        ww = text_width(word);
        if (linew > 0 && linew + 1 + ww <= cols) {
            strbuf_add(&line, " ", 1);
            strbuf_puts(&line, word);
            linew += 1 + ww;
            free(word);
            continue;
        }
        if (linew > 0) {
            lines_push(out, &line);
            linew = 0;
        }
        /* A word wider than a line is cut into pieces of a line each. */
        len = strlen(word);
        start = 0;
        while (ww > cols) {
            k = fit_n(word + start, len - start, cols, &used);
            if (k == 0) { /* one character wider than the line: it goes alone */
                k = first_char(word + start, len - start);
                used = text_width_n(word + start, k);
            }
            strbuf_add(&line, word + start, k);
            lines_push(out, &line);
            start += k;
            ww -= used;
        }
        strbuf_puts(&line, word + start);
        linew = ww;
        free(word);
    }
    lines_push(out, &line);
}

void
text_wrap(const char *s, int cols, struct text_lines *out)
{
    const char *p = s, *nl;

    out->v = NULL;
    out->n = 0;
    if (cols < 1)
        cols = 1;
    while (*p != '\0') {
        nl = strchr(p, '\n');
        if (nl == NULL) {
            wrap_paragraph(p, strlen(p), cols, out);
            break;
        }
        wrap_paragraph(p, (size_t)(nl - p), cols, out);
        p = nl + 1;
    }
}

void
text_lines_free(struct text_lines *l)
{
    size_t i;

    for (i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

static int
vn_entry_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

    return x < y ? -1 : x > y;
}

bool
text_vn_split(uint32_t cp, struct vn_letter *out)
{
    int c, v, t;

    if (cp == 'd' || cp == 'D' || cp == 0x0111 || cp == 0x0110) {
        out->base = 'd';
        out->shape = (cp == 'd' || cp == 'D') ? VN_PLAIN : VN_STROKE;
        out->tone = VN_TONE_NONE;
        out->upper = cp == 'D' || cp == 0x0110;
        return true;
    }
    if (cp < 'A' || cp > 0x1EF9)
        return false;
    if (cp < 0x80 && strchr("aeiouyAEIOUY", (int)cp) == NULL)
        return false; /* most letters of any text: no table search */
    {
        /* The 144 vowel letters sorted by code point, built once: a binary search instead
         * of a scan (every letter of the catalog passes through here at start-up). */
        static struct vn_entry {
            uint32_t cp;
            unsigned char c, v, t;
        } sorted[2 * 12 * 6];
        static size_t nsorted;
        size_t lo = 0, hi;

        if (nsorted == 0) {
            for (c = 0; c < 2; c++)
                for (v = 0; v < 12; v++)
                    for (t = 0; t < 6; t++)
                        sorted[nsorted++] = (struct vn_entry){ vn_table[c][v][t], (unsigned char)c,
                                                               (unsigned char)v, (unsigned char)t };
            qsort(sorted, nsorted, sizeof sorted[0], vn_entry_cmp);
        }
        hi = nsorted;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;

            if (sorted[mid].cp < cp) {
                lo = mid + 1;
            } else if (sorted[mid].cp > cp) {
                hi = mid;
            } else {
                out->base = vowels[sorted[mid].v].base;
                out->shape = vowels[sorted[mid].v].shape;
                out->tone = (enum vn_tone)sorted[mid].t;
                out->upper = sorted[mid].c == 1;
                return true;
            }
        }
    }
    return false;
}

uint32_t
text_vn_join(const struct vn_letter *l)
{
    int v;

    if (l->base == 'd') {
        if (l->tone != VN_TONE_NONE)
            return 0;
        if (l->shape == VN_PLAIN)
            return l->upper ? 'D' : 'd';
        if (l->shape == VN_STROKE)
            return l->upper ? 0x0110 : 0x0111;
        return 0;
    }
    if ((unsigned)l->tone > VN_DOT)
        return 0;
    for (v = 0; v < 12; v++)
        if (vowels[v].base == l->base && vowels[v].shape == l->shape)
            return vn_table[l->upper ? 1 : 0][v][l->tone];
    return 0;
}

static void
buf_cp(struct strbuf *b, uint32_t cp)
{
    char tmp[4];

    strbuf_add(b, tmp, text_encode(cp, tmp));
}

/* What a combining mark does to a Vietnamese letter, or false when it is none of ours. */
static bool
mark_apply(uint32_t mark, struct vn_letter *l)
{
    struct vn_letter t = *l;
    enum vn_shape shape = VN_PLAIN;
    enum vn_tone tone = VN_TONE_NONE;

    switch (mark) {
    case MARK_GRAVE: tone = VN_GRAVE; break;
    case MARK_ACUTE: tone = VN_ACUTE; break;
    case MARK_HOOK: tone = VN_HOOK; break;
    case MARK_TILDE: tone = VN_TILDE; break;
    case MARK_DOT: tone = VN_DOT; break;
    case MARK_CIRCUMFLEX: shape = VN_CIRCUMFLEX; break;
    case MARK_BREVE: shape = VN_BREVE; break;
    case MARK_HORN: shape = VN_HORN; break;
    default: return false;
    }
    if (tone != VN_TONE_NONE) {
        if (t.tone != VN_TONE_NONE)
            return false;
        t.tone = tone;
    } else {
        if (t.shape != VN_PLAIN)
            return false;
        t.shape = shape;
    }
    if (text_vn_join(&t) == 0)
        return false;
    *l = t;
    return true;
}

/*
 * Marks are applied in any order (NFD puts the dot below before the circumflex in "ậ"); a
 * mark that cannot be applied stays behind the letter as a combining mark.
 */
/* Is s[0..n) valid UTF-8 (shortest forms, no surrogates, at most U+10FFFF)? */
static bool
utf8_valid(const unsigned char *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        unsigned char c = s[i];
        size_t k;
        uint32_t cp;

        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            k = 1, cp = c & 0x1F;
        else if (c >= 0xE0 && c <= 0xEF)
            k = 2, cp = c & 0x0F;
        else if (c >= 0xF0 && c <= 0xF4)
            k = 3, cp = c & 0x07;
        else
            return false;
        if (i + k >= n)
            return false;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + j] & 0x3F);
        }
        if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += k + 1;
    }
    return true;
}

/* A copy with invalid UTF-8 replaced by U+FFFD, as the full path does. */
static char *
text_nfc_copy(const char *s, size_t n)
{
    struct strbuf b;
    size_t i = 0;
    uint32_t cp;

    if (utf8_valid((const unsigned char *)s, n))
        return xstrndup(s, n);
    strbuf_init(&b);
    while (i < n) {
        i += text_decode(s + i, n - i, &cp);
        buf_cp(&b, cp);
    }
    return strbuf_take(&b);
}

char *
text_nfc(const char *s)
{
    struct strbuf b;
    struct vn_letter l;
    uint32_t cp, mark, left[8];
    size_t n = strlen(s), i = 0, k, nleft, j;

    /* Only a combining mark (U+0300-U+036F: bytes CC 80 .. CD AF) can make text not NFC
     * here; text without one is returned as it is, which is nearly all text. */
    for (k = 0; k + 1 < n; k++)
        if ((unsigned char)s[k] == 0xCC ||
            ((unsigned char)s[k] == 0xCD && (unsigned char)s[k + 1] <= 0xAF))
            break;
    if (k + 1 >= n && (n == 0 || ((unsigned char)s[n - 1] != 0xCC)))
        return text_nfc_copy(s, n);
    strbuf_init(&b);
    while (i < n) {
        i += text_decode(s + i, n - i, &cp);
        if (!text_vn_split(cp, &l) || l.base == 'd') {
            buf_cp(&b, cp);
            continue;
        }
        nleft = 0;
        while (i < n && nleft < sizeof left / sizeof left[0]) {
            k = text_decode(s + i, n - i, &mark);
            if (mark < 0x0300 || mark > 0x036F)
                break;
            i += k;
            if (!mark_apply(mark, &l))
                left[nleft++] = mark;
        }
        /* Any marks past the full array are copied as they come by the loop above. */
        buf_cp(&b, text_vn_join(&l));
        for (j = 0; j < nleft; j++)
            buf_cp(&b, left[j]);
    }
    return strbuf_take(&b);
}

static uint32_t
lower_cp(uint32_t cp)
{
    struct vn_letter l;

    if (cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') ? cp + ('a' - 'A') : cp;
    if (text_vn_split(cp, &l)) {
        l.upper = false;
        return text_vn_join(&l);
    }
    return (uint32_t)towlower((wint_t)cp);
}

char *
text_lower(const char *s)
{
    struct strbuf b;
    size_t n = strlen(s), i = 0;
    uint32_t cp;

    strbuf_init(&b);
    while (i < n) {
        i += text_decode(s + i, n - i, &cp);
        buf_cp(&b, lower_cp(cp));
    }
    return strbuf_take(&b);
}

/* The folded form of one code point: 0 to drop it, ' ' for a separator. */
static uint32_t
fold_cp(uint32_t cp)
{
    struct vn_letter l;
    size_t j;

    if (cp < 0x80) {
        if (cp >= 'A' && cp <= 'Z')
            return cp + ('a' - 'A');
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
            return cp;
        return ' ';
    }
    if (cp >= 0x0300 && cp <= 0x036F) /* combining marks: the diacritics themselves */
        return 0;
    if (text_vn_split(cp, &l))
        return (uint32_t)l.base;
    for (j = 0; j < sizeof latin_fold / sizeof latin_fold[0]; j++)
        if (latin_fold[j].cp == cp)
            return (uint32_t)latin_fold[j].base;
    if (cp != REPLACEMENT && iswalnum((wint_t)cp))
        return (uint32_t)towlower((wint_t)cp);
    return ' ';
}

/*
 * Stripping marks before composing gives the same result as NFC first: every Vietnamese
 * letter folds to its ASCII base either way.
 */
char *
text_fold(const char *s)
{
    struct strbuf b;
    size_t n = strlen(s), i = 0;
    uint32_t cp, f;
    bool space = false;

    strbuf_init(&b);
    while (i < n) {
        i += text_decode(s + i, n - i, &cp);
        f = fold_cp(cp);
        if (f == 0)
            continue;
        if (f == ' ') {
            space = true;
            continue;
        }
        if (space && b.len > 0)
            strbuf_add(&b, " ", 1);
        space = false;
        buf_cp(&b, f);
    }
    return strbuf_take(&b);
}

int
text_parse_int(const char *s, int lo, int hi)
{
    char *end;
    long v;

    if (s == NULL || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < lo || v > hi)
        return -1;
    return (int)v;
}
