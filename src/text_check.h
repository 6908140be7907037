/*
 * Text that staff type into kiosk.conf or editors into the catalog and that ends up on a
 * printed slip: the checks that make "it passed the check" mean "it prints". A character is
 * refused when the slip font has no glyph for it (emoji, CJK: the table is generated at
 * build time from DejaVu Sans, scripts/gen-slip-charset.sh), when it is a control character,
 * a bidirectional override or isolate (it would reorder the line on paper), or a zero-width
 * character (invisible, and it breaks search); and a text is refused when it is too long.
 */
#ifndef KIOSK_TEXT_CHECK_H
#define KIOSK_TEXT_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* build/gen/slip_charset.c: the slip font's code point ranges, ascending. */
extern const uint32_t slip_charset[][2];
extern const size_t slip_charset_n;

/* NULL when s (UTF-8) is printable on a slip and at most max_chars characters long (0 = no
 * limit), else an English sentence naming the first problem ("U+1F600 (character 5) is
 * not in the slip font"). Caller frees. Newlines are allowed only when allow_newline. */
char *text_check_printable(const char *s, size_t max_chars, int allow_newline);

/* A stream writing to f's file descriptor that drops what could reprogram a terminal:
 * control characters (ESC, BEL, C1…; newline and tab pass) and bidirectional overrides, so
 * text from kiosk.conf, the catalog or CUPS printed by a command cannot move the cursor,
 * retitle the window or hide a line. Commands print through it; fclose() it (f stays open). */
FILE *text_terminal_filter(FILE *f);

#endif
