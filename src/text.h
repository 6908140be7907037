/*
 * UTF-8 text for the screen and for search: widths measured with wcwidth (never strlen),
 * truncation, word wrap, NFC composition of Vietnamese, and the diacritic-insensitive fold
 * used by search ("Đăng ký" ~ "dang ky"). Requires a UTF-8 LC_CTYPE (main checks it).
 */
#ifndef KIOSK_TEXT_H
#define KIOSK_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decode one code point from s (at most n bytes); returns bytes used (>=1), *cp = U+FFFD on
 * an invalid sequence. n == 0 returns 0. */
size_t text_decode(const char *s, size_t n, uint32_t *cp);
/* Append the UTF-8 encoding of cp to buf (at least 4 bytes free); returns bytes written. */
size_t text_encode(uint32_t cp, char *buf);
/* Terminal columns of s (control characters count 0). */
int text_width(const char *s);
/* Bytes of the longest prefix of s that fits in cols columns. */
size_t text_fit(const char *s, int cols);
/* A copy of s cut to cols columns, ending with "…" when cut (caller frees). */
char *text_truncate(const char *s, int cols);

/* The whole of s as a decimal number in [lo, hi] (digits only: no sign, no space), or -1. */
int text_parse_int(const char *s, int lo, int hi);

/* Word-wrapped lines (each owned). Breaks at spaces; a word longer than cols is cut.
 * Explicit '\n' starts a new line. *out is overwritten (free it with text_lines_free);
 * "" gives no line. */
struct text_lines {
    char **v;
    size_t n;
};
void text_wrap(const char *s, int cols, struct text_lines *out);
void text_lines_free(struct text_lines *l);

/* NFC for Vietnamese: base letters followed by combining marks (U+0300 U+0301 U+0303 U+0309
 * U+0323, U+0302 U+0306 U+031B) are composed into precomposed letters. Caller frees. */
char *text_nfc(const char *s);
/* Search key: NFC, lower case, diacritics removed, đ/Đ -> d, punctuation -> space,
 * runs of spaces collapsed, trimmed. Caller frees. "Đăng ký Khai-sinh!" -> "dang ky khai sinh" */
char *text_fold(const char *s);
/* Lower-case a UTF-8 string, Vietnamese letters included (caller frees). */
char *text_lower(const char *s);

/*
 * Vietnamese letters taken apart and put back together: a vowel letter is a base (a e i o u
 * y), a shape (ă â ê ô ơ ư) and one of the five tones; đ is d with a stroke. Used by text_nfc,
 * text_fold and the Telex/VNI composer.
 */
enum vn_shape { VN_PLAIN, VN_BREVE, VN_CIRCUMFLEX, VN_HORN, VN_STROKE };
enum vn_tone { VN_TONE_NONE, VN_GRAVE, VN_ACUTE, VN_HOOK, VN_TILDE, VN_DOT };
struct vn_letter {
    char base; /* lower-case ASCII: a e i o u y, or d */
    enum vn_shape shape;
    enum vn_tone tone; /* always VN_TONE_NONE for d */
    bool upper;
};
/* Split cp into its parts; false when cp is not a Vietnamese vowel letter, d or đ. */
bool text_vn_split(uint32_t cp, struct vn_letter *out);
/* The precomposed letter for l, or 0 when there is none (a circumflex on i, a tone on d). */
uint32_t text_vn_join(const struct vn_letter *l);

#endif
