/*
 * libFuzzer harness for the composer and the text functions. Built by tests/fuzz/run.sh:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -std=c11 -Isrc -D_DEFAULT_SOURCE
 *       tests/fuzz/fuzz_compose.c src/compose.c src/text.c src/xmalloc.c src/log.c
 * The first byte chooses how the rest is fed; every output must be valid, NUL-terminated
 * UTF-8 within its limits.
 */
#include <locale.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort unless s is valid UTF-8 shorter than max (an invalid byte decodes as U+FFFD in one
 * byte; a real U+FFFD takes three). */
static void
check_utf8(const char *s, size_t max)
{
    size_t n = strnlen(s, max), i = 0, k;
    uint32_t cp;

    if (n >= max)
        abort();
    while (i < n) {
        k = text_decode(s + i, n - i, &cp);
        if (cp == 0xFFFD && k == 1)
            abort();
        i += k;
    }
}

static void
check_composer(const struct compose *c)
{
    check_utf8(c->text, COMPOSE_MAX);
    if (strnlen(c->raw, COMPOSE_MAX) >= COMPOSE_MAX)
        abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int init;
    struct compose c;
    struct text_lines lines;
    char *s, *t;
    size_t i, k;
    uint32_t cp;
    int cols;

    if (!init) {
        setlocale(LC_ALL, "C.UTF-8");
        init = 1;
    }
    if (size == 0)
        return 0;
    s = malloc(size);
    memcpy(s, data + 1, size - 1);
    s[size - 1] = '\0';
    cols = data[0] % 40;

    /* Keys one at a time; byte 0x08 is a backspace, 0x01 a reset. The first byte's top bit
     * makes the composer plain (the kiosk in English). */
    compose_init(&c);
    compose_set_plain(&c, (data[0] & 0x80) != 0);
    for (i = 0; i + 1 < size;) {
        if (s[i] == '\b') {
            compose_backspace(&c);
            i++;
        } else if (s[i] == '\x01') {
            compose_init(&c);
            compose_set_plain(&c, (data[0] & 0x80) != 0);
            i++;
        } else {
            k = text_decode(s + i, size - 1 - i, &cp);
            compose_key(&c, cp);
            i += k;
        }
        check_composer(&c);
    }
    while (c.text[0] != '\0') {
        compose_backspace(&c);
        check_composer(&c);
    }
    if (c.raw[0] != '\0')
        abort();

    t = compose_string(s);
    check_utf8(t, SIZE_MAX);
    free(t);

    t = text_nfc(s);
    check_utf8(t, SIZE_MAX);
    free(t);
    t = text_fold(s);
    check_utf8(t, SIZE_MAX);
    if (t[0] == ' ' || (t[0] != '\0' && t[strlen(t) - 1] == ' ') || strstr(t, "  ") != NULL)
        abort();
    free(t);
    t = text_lower(s);
    free(t);
    t = text_truncate(s, cols);
    if (text_width(t) > cols)
        abort();
    free(t);
    if (text_fit(s, cols) > strlen(s))
        abort();

    text_wrap(s, cols, &lines);
    for (i = 0; i < lines.n; i++) {
        /* A line is never wider than cols unless one character alone is wider. */
        if (cols >= 2 && text_width(lines.v[i]) > cols)
            abort();
    }
    text_lines_free(&lines);
    free(s);
    return 0;
}
