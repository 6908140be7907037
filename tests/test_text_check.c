/* What passes the text checks prints: the slip font's table, control, bidi and zero-width
 * characters, emoji, and the length cap. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "text_check.h"

static void
expect(const char *s, size_t max, const char *want)
{
    char *msg = text_check_printable(s, max, 0);

    if (want == NULL) {
        if (msg != NULL)
            print_message("unexpected: %s\n", msg);
        assert_null(msg);
        return;
    }
    assert_non_null(msg);
    if (strstr(msg, want) == NULL)
        print_message("got: %s\n", msg);
    assert_non_null(strstr(msg, want));
    free(msg);
}

static void
test_printable(void **state)
{
    (void)state;
    /* The table came from the font: Vietnamese, its marks, and the slip's symbols are in. */
    assert_true(slip_charset_n > 10);
    expect("UBND xã Quảng Nghĩa — Tổng đài: 0203 3 838 999 (24/7) ☐ ☑ •", 0, NULL);
    expect("Đăng ký khai sinh cho trẻ em được sinh ra tại Việt Nam", 0, NULL);
    expect("UBND \xf0\x9f\x98\x80", 0, "is an emoji");             /* 😀 */
    expect("\xe2\x9d\xa4\xef\xb8\x8f", 0, "is an emoji");          /* ❤️ (VS-16) */
    expect("\xe7\x99\xbb\xe8\xae\xb0", 0, "not in the slip font"); /* 登记 */
    expect("a\x07"
           "b",
           0, "control character");
    expect("a\nb", 0, "control character");
    assert_null(text_check_printable("a\nb", 0, 1));
    expect("abc\xe2\x80\xae"
           "def",
           0, "bidirectional"); /* U+202E */
    expect("abc\xe2\x81\xa6"
           "def",
           0, "bidirectional"); /* U+2066 */
    expect("ab\xe2\x80\x8b"
           "c",
           0, "zero-width"); /* U+200B */
    expect("ab\xef\xbb\xbf"
           "c",
           0, "zero-width"); /* U+FEFF */
    expect("ab\xc3", 0, "not valid UTF-8");
    expect("Quảng Ninh", 10, NULL);
    expect("Quảng Ninh!", 10, "at most 10");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_printable),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
