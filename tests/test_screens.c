/* Golden screens of the core at 80x24 (the smallest supported size) and larger. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app.h"
#include "i18n.h"
#include "screens.h"
#include "testapp.h"

static void
test_home_80x24(void **unused)
{
    struct test_app *t = test_app_new(NULL, 24, 80);

    (void)unused;
    assert_true(test_golden(t, "home_80x24"));
    test_app_free(t);
}

static void
test_home_100x30(void **unused)
{
    struct test_app *t = test_app_new(NULL, 30, 100);

    (void)unused;
    assert_true(test_golden(t, "home_100x30"));
    test_app_free(t);
}

static void
test_home_english(void **unused)
{
    struct test_app *t = test_app_new(NULL, 24, 80);
    char *s;

    (void)unused;
    /* The last home item switches the language. */
    test_keys(t, TK(RC_END), TK(RC_ENTER), 0);
    assert_int_equal(i18n_lang(), LANG_EN);
    assert_true(test_golden(t, "home_english_80x24"));
    s = test_screen(t);
    assert_non_null(strstr(s, "Tiếng Việt")); /* the way back is in the other language */
    free(s);
    test_app_free(t);
}

static void
test_help_80x24(void **unused)
{
    struct test_app *t = test_app_new(NULL, 24, 80);

    (void)unused;
    test_keys(t, '?', 0);
    assert_true(test_golden(t, "help_80x24"));
    test_app_free(t);
}

static void
test_idle_countdown_80x24(void **unused)
{
    struct test_app *t = test_app_new(NULL, 24, 80);

    (void)unused;
    test_keys(t, '1', 0); /* leave home: a session has begun */
    test_advance(t, (t->cfg.idle_timeout + 5) * 1000);
    assert_true(test_golden(t, "idle_80x24"));
    test_app_free(t);
}

static void
test_too_small(void **unused)
{
    struct test_app *t = test_app_new(NULL, 20, 60);

    (void)unused;
    assert_true(test_golden(t, "too_small_60x20"));
    test_app_free(t);
}

static void
test_selection_marked_by_more_than_colour(void **unused)
{
    struct test_app *t = test_app_new(NULL, 24, 80);
    char *s;

    (void)unused;
    test_keys(t, TK(RC_DOWN), 0);
    s = test_screen(t);
    /* The selected item carries the ▶ marker; the first no longer does. */
    assert_non_null(strstr(s, "▶ 2."));
    assert_null(strstr(s, "▶ 1."));
    free(s);
    test_app_free(t);
}

static void
test_tap_chooses_an_item(void **unused)
{
    struct test_app *t = test_app_new(NULL, 24, 80);
    char *s = test_screen(t);
    const char *line = strstr(s, "1. ");
    int row = 0;

    (void)unused;
    assert_non_null(line);
    for (const char *p = s; p < line; p++)
        row += *p == '\n';
    free(s);
    test_tap(t, row, 10);
    assert_string_equal(test_top(t), "service_list");
    test_app_free(t);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_home_80x24),
        cmocka_unit_test(test_home_100x30),
        cmocka_unit_test(test_home_english),
        cmocka_unit_test(test_help_80x24),
        cmocka_unit_test(test_idle_countdown_80x24),
        cmocka_unit_test(test_too_small),
        cmocka_unit_test(test_selection_marked_by_more_than_colour),
        cmocka_unit_test(test_tap_chooses_an_item),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
