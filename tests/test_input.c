/* Key mapping: the same keys everywhere, text fields take what they should. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "input.h"

static struct key_event
map_char(uint32_t ch, bool text)
{
    struct raw_key raw = { .kind = RAW_CHAR, .ch = ch };

    return input_map(&raw, text);
}

static struct key_event
map_code(enum raw_code code, bool text)
{
    struct raw_key raw = { .kind = RAW_KEY, .code = code };

    return input_map(&raw, text);
}

static void
test_keypad_keys(void **unused)
{
    (void)unused;
    assert_int_equal(map_char('5', false).key, K_DIGIT);
    assert_int_equal(map_char('5', false).ch, '5');
    assert_int_equal(map_char('0', false).key, K_DIGIT);
    assert_int_equal(map_char('*', false).key, K_RESTART);
    assert_int_equal(map_char('/', false).key, K_SEARCH);
    assert_int_equal(map_char('+', false).key, K_PGDN);
    assert_int_equal(map_char('-', false).key, K_PGUP);
    assert_int_equal(map_code(RC_ENTER, false).key, K_OK);
}

static void
test_global_keys(void **unused)
{
    (void)unused;
    assert_int_equal(map_char(27, false).key, K_BACK);
    assert_int_equal(map_char(27, true).key, K_BACK); /* Esc always goes back */
    assert_int_equal(map_code(RC_BACKSPACE, false).key, K_BKSP);
    assert_int_equal(map_char('?', false).key, K_HELP);
    assert_int_equal(map_char('.', false).key, K_HELP); /* the keypad's '.' */
    assert_int_equal(map_char('.', true).key, K_HELP);  /* one help key, text fields too */
    assert_int_equal(map_char('?', true).key, K_HELP);
    assert_int_equal(map_code(RC_F1, false).key, K_HELP);
    assert_int_equal(map_code(RC_F9, false).key, K_ASSIST);
    assert_int_equal(map_code(RC_F10, false).key, K_STAFF);
    assert_int_equal(map_code(RC_UP, false).key, K_UP);
    assert_int_equal(map_code(RC_PGDN, false).key, K_PGDN);
    assert_int_equal(map_char(' ', false).key, K_SPACE);
}

static void
test_control_keys_do_nothing(void **unused)
{
    (void)unused;
    assert_int_equal(map_char(3, false).key, K_NONE);  /* Ctrl-C */
    assert_int_equal(map_char(26, false).key, K_NONE); /* Ctrl-Z */
    assert_int_equal(map_char(28, false).key, K_NONE); /* Ctrl-\: leaving is a staff action */
}

static void
test_text_focus_takes_characters(void **unused)
{
    (void)unused;
    assert_int_equal(map_char('5', true).key, K_CHAR);
    assert_int_equal(map_char('0', true).key, K_CHAR);
    assert_int_equal(map_char('a', true).key, K_CHAR);
    assert_int_equal(map_char('/', true).key, K_CHAR);
    assert_int_equal(map_char(0x1eaf, true).key, K_CHAR); /* ắ */
    assert_int_equal(map_char('*', true).key, K_RESTART);
    assert_int_equal(map_code(RC_BACKSPACE, true).key, K_BKSP);
}

static void
test_mouse_and_resize(void **unused)
{
    struct raw_key tap = { .kind = RAW_MOUSE, .y = 7, .x = 12 };
    struct raw_key rs = { .kind = RAW_RESIZE };
    struct key_event ev = input_map(&tap, false);

    (void)unused;
    assert_int_equal(ev.key, K_MOUSE);
    assert_int_equal(ev.y, 7);
    assert_int_equal(ev.x, 12);
    assert_int_equal(input_map(&rs, false).key, K_RESIZE);
    assert_string_equal(input_key_name(K_PICK), "PICK");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keypad_keys),
        cmocka_unit_test(test_global_keys),
        cmocka_unit_test(test_control_keys_do_nothing),
        cmocka_unit_test(test_text_focus_takes_characters),
        cmocka_unit_test(test_mouse_and_resize),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
