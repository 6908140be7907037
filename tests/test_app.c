/* The app core: stack, actions, digits, text focus, idle reset, start again, language. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app.h"
#include "db.h"
#include "i18n.h"
#include "screens.h"
#include "testapp.h"
#include "widgets.h"

/* A screen with 25 numbered items that records what was picked. */
struct numbers_state {
    int picked;
    int oks;
    int picks[8]; /* every pick, in order */
    int npicks;
};

static int last_picked;
static int numbers_n = 25; /* items on a numbers screen */

static void
numbers_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    (void)s;
    widgets_frame(app, ui, "numbers");
}

static struct action
numbers_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    struct numbers_state *st = s->state;

    (void)app;
    if (ev->key == K_PICK) {
        st->picked = ev->num;
        last_picked = ev->num;
        if (st->npicks < 8)
            st->picks[st->npicks++] = ev->num;
        return action_handled();
    }
    if (ev->key == K_OK) {
        st->oks++;
        return action_handled();
    }
    return action_ignored();
}

static int
numbers_items(const struct screen *s)
{
    (void)s;
    return numbers_n;
}

static const struct screen_ops numbers_screen = {
    .name = "numbers",
    .state_size = sizeof(struct numbers_state),
    .flags = SCREEN_TICKS,
    .draw = numbers_draw,
    .key = numbers_key,
    .items = numbers_items,
};

/* A screen whose every choice opens a numbers screen, and whose 9 says something and closes
 * itself. */
static struct action
opener_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    (void)s;
    if (ev->key == K_PICK && ev->num == 9) {
        app_status(app, ROLE_OK, "%s", "Đã lưu xong");
        return action_pop();
    }
    if (ev->key == K_PICK)
        return action_push(&numbers_screen, NULL);
    return action_ignored();
}

static const struct screen_ops opener_screen = {
    .name = "opener",
    .flags = SCREEN_TICKS, /* even so, digits stop when the screen changes */
    .draw = numbers_draw,
    .key = opener_key,
    .items = numbers_items,
};

/* A screen with a text field. */
struct field_state {
    char text[64];
    size_t len;
};

static struct action
field_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    struct field_state *st = s->state;

    (void)app;
    if (ev->key == K_CHAR && st->len + 1 < sizeof st->text) {
        st->text[st->len++] = (char)ev->ch;
        st->text[st->len] = '\0';
        return action_handled();
    }
    if (ev->key == K_BKSP && st->len > 0) {
        st->text[--st->len] = '\0';
        return action_handled();
    }
    return action_ignored();
}

static bool
field_focus(const struct screen *s)
{
    (void)s;
    return true;
}

static const struct screen_ops field_screen = {
    .name = "field",
    .state_size = sizeof(struct field_state),
    .draw = numbers_draw,
    .key = field_key,
    .text_focus = field_focus,
};

static int
failing_enter(struct screen *s, struct app *app, const void *arg, char **cause)
{
    (void)s;
    (void)app;
    (void)arg;
    *cause = strdup("refused on purpose");
    return -1;
}

static const struct screen_ops failing_screen = {
    .name = "failing",
    .draw = numbers_draw,
    .key = numbers_key,
    .enter = failing_enter,
};

static struct numbers_state *
numbers_top(struct test_app *t)
{
    assert_string_equal(test_top(t), "numbers");
    return app_top(&t->app)->state;
}

static void
test_single_digit_acts_at_once(void **unused)
{
    struct test_app *t = test_app_new(NULL, 24, 80);

    (void)unused;
    assert_int_equal(app_push(&t->app, &numbers_screen, NULL), 0);
    test_keys(t, '3', 0); /* no item 30-39 exists: 3 acts at once */
    assert_int_equal(numbers_top(t)->picked, 3);
    test_keys(t, '9', 0);
    assert_int_equal(numbers_top(t)->picked, 9);
    test_app_free(t);
}

static void
test_two_digits_open_item_15(void **unused)
{
    struct test_app *t = test_app_new(NULL, 24, 80);

    (void)unused;
    app_push(&t->app, &numbers_screen, NULL);
    test_keys(t, '1', 0);
    assert_int_equal(numbers_top(t)->picked, 0); /* waiting: 10-19 exist */
    assert_true(test_screen_has(t, "Đã gõ số: 1"));
    test_keys(t, '5', 0);
    assert_int_equal(numbers_top(t)->picked, 15);
    test_keys(t, '2', '5', 0);
    assert_int_equal(numbers_top(t)->picked, 25);
    test_app_free(t);
}

static void
test_enter_and_timeout_complete_a_digit(void **unused)
{
    struct test_app *t = test_app_new(NULL, 24, 80);

    (void)unused;
    app_push(&t->app, &numbers_screen, NULL);
    test_keys(t, '2', TK(RC_ENTER), 0);
    assert_int_equal(numbers_top(t)->picked, 2);
    assert_int_equal(numbers_top(t)->oks, 0); /* Enter completed the number, nothing else */
    test_keys(t, '1', 0);
    test_advance(t, t->cfg.digit_timeout_ms - 200);
    assert_int_equal(numbers_top(t)->picked, 2);
    test_advance(t, 300);
    assert_int_equal(numbers_top(t)->picked, 1);
    test_app_free(t);
}

static void
test_backspace_deletes_pending_digit(void **unused)
{
    struct test_app *t = test_app_new(NULL, 24, 80);

    (void)unused;
    app_push(&t->app, &numbers_screen, NULL);
    test_keys(t, '1', TK(RC_BACKSPACE), 0);
    assert_string_equal(test_top(t), "numbers"); /* deleted the digit, did not go back */
    assert_int_equal(t->app.ndigits, 0);
    test_keys(t, '2', '0', 0); /* while digits are pending, 0 is a digit */
    assert_int_equal(numbers_top(t)->picked, 20);
    test_keys(t, TK(RC_BACKSPACE), 0); /* nothing pending: back */
    assert_string_equal(test_top(t), "home");
    test_app_free(t);
}

static void
test_out_of_range_number_says_so(void **unused)
{
    struct test_app *t = test_app_new(NULL, 24, 80);

    (void)unused;
    numbers_n = 5;
    app_push(&t->app, &numbers_screen, NULL);
    test_keys(t, '7', 0);
    assert_int_equal(numbers_top(t)->picked, 0);
    assert_true(test_screen_has(t, "Không có mục số 7"));
    numbers_n = 25;
    test_app_free(t);
}

static void
test_number_of_no_item_is_its_digits(void **unused)
{
    struct test_app *t = test_app_new(NULL, 24, 80);
    struct numbers_state *st;

    (void)unused;
    numbers_n = 11; /* a checklist of 7 papers and 4 actions */
    app_push(&t->app, &numbers_screen, NULL);
    test_keys(t, '1', '2', 0); /* there is no 12: tick 1, then 2 */
    st = numbers_top(t);
    assert_int_equal(st->npicks, 2);
    assert_int_equal(st->picks[0], 1);
    assert_int_equal(st->picks[1], 2);
    assert_false(test_screen_has(t, "Không có mục"));
    test_keys(t, '1', '0', 0); /* 10 exists: it is 10, never "1 then back" */
    assert_int_equal(st->npicks, 3);
    assert_int_equal(st->picks[2], 10);
    assert_string_equal(test_top(t), "numbers");
    test_keys(t, '1', '1', 0);
    assert_int_equal(st->picks[3], 11);
    numbers_n = 25;
    test_app_free(t);
}

static void
test_split_digits_stop_when_the_screen_changes(void **unused)
{
    struct test_app *t = test_app_new(NULL, 24, 80);

    (void)unused;
    numbers_n = 11;
    app_push(&t->app, &opener_screen, NULL);
    test_keys(t, '1', '3', 0); /* no 13: 1 opens a screen; 3 must not act on it unseen */
    assert_int_equal(t->app.depth, 2);
    assert_int_equal(numbers_top(t)->npicks, 0);
    numbers_n = 25;
    test_app_free(t);
}

/* A screen whose picks open things (a list, a question): no item 12 is just that. */
static const struct screen_ops plain_screen = {
    .name = "plain",
    .state_size = sizeof(struct numbers_state),
    .draw = numbers_draw,
    .key = numbers_key,
    .items = numbers_items,
};

static void
test_digits_split_only_where_picks_tick(void **unused)
{
    struct test_app *t = test_app_new(NULL, 24, 80);
    struct numbers_state *st;

    (void)unused;
    numbers_n = 11;
    app_push(&t->app, &plain_screen, NULL);
    test_keys(t, '1', '2', 0);
    st = app_top(&t->app)->state;
    assert_int_equal(st->npicks, 0);
    assert_true(test_screen_has(t, "Không có mục số 12"));
    numbers_n = 25;
    test_app_free(t);
}

static void
test_enter_after_a_number_that_acted_is_swallowed(void **unused)
{
    struct test_app *t = test_app_new(NULL, 24, 80);

    (void)unused;
    app_push(&t->app, &opener_screen, NULL);
    test_keys(t, '3', TK(RC_ENTER), 0); /* 3 opened a screen; Enter lands there: swallowed */
    assert_int_equal(numbers_top(t)->oks, 0);
    test_keys(t, TK(RC_ENTER), 0); /* a second Enter is the resident's own */
    assert_int_equal(numbers_top(t)->oks, 1);
    test_keys(t, '4', 0);
    test_advance(t, t->cfg.digit_timeout_ms + 100);
    test_keys(t, TK(RC_ENTER), 0); /* too late to belong to the 4 */
    assert_int_equal(numbers_top(t)->oks, 2);
    numbers_n = 11;
    test_keys(t, '1', 0);
    test_advance(t, t->cfg.digit_timeout_ms + 100); /* the timeout chose 1 */
    assert_int_equal(numbers_top(t)->picked, 1);
    test_keys(t, TK(RC_ENTER), 0); /* Enter pressed a moment late: still the number's */
    assert_int_equal(numbers_top(t)->oks, 2);
    test_keys(t, '5', TK(RC_DOWN), TK(RC_ENTER), 0); /* another key first: Enter acts */
    assert_int_equal(numbers_top(t)->oks, 3);
    numbers_n = 25;
    test_app_free(t);
}

static void
test_message_belongs_to_its_screen(void **unused)
{
    struct test_app *t = test_app_new(NULL, 24, 80);

    (void)unused;
    numbers_n = 11;
    app_push(&t->app, &opener_screen, NULL);
    test_keys(t, '1', '2', 0); /* 1 opens a numbers screen; 2 is dropped */
    app_push(&t->app, &opener_screen, NULL);
    app_status(&t->app, ROLE_WARN, "%s", "Một thông báo");
    test_advance(t, 100);
    assert_true(test_screen_has(t, "Một thông báo"));
    test_keys(t, TK_ESC, 0);
    assert_string_equal(test_top(t), "numbers");
    assert_false(test_screen_has(t, "Một thông báo")); /* it stayed with its screen */
    app_push(&t->app, &opener_screen, NULL);
    test_keys(t, '9', 0); /* "Đã lưu xong", then the screen closes: shown below */
    assert_string_equal(test_top(t), "numbers");
    assert_true(test_screen_has(t, "Đã lưu xong"));
    test_keys(t, TK_ESC, 0);
    assert_false(test_screen_has(t, "Đã lưu xong"));
    numbers_n = 25;
    test_app_free(t);
}

static void
test_help_in_a_text_field(void **unused)
{
    struct test_app *t = test_app_new(NULL, 24, 80);
    struct field_state *st;

    (void)unused;
    app_push(&t->app, &field_screen, NULL);
    test_type(t, "ab.");
    assert_string_equal(test_top(t), "help"); /* the keypad's . is help, not a letter */
    test_keys(t, TK(RC_ENTER), 0);
    st = app_top(&t->app)->state;
    assert_string_equal(st->text, "ab");
    test_type(t, "?");
    assert_string_equal(test_top(t), "help");
    test_app_free(t);
}

static void
test_zero_and_esc_go_back(void **unused)
{
    struct test_app *t = test_app_new(NULL, 24, 80);

    (void)unused;
    app_push(&t->app, &numbers_screen, NULL);
    app_push(&t->app, &numbers_screen, NULL);
    assert_int_equal(t->app.depth, 2);
    test_keys(t, '0', 0);
    assert_int_equal(t->app.depth, 1);
    test_keys(t, TK_ESC, 0);
    assert_int_equal(t->app.depth, 0);
    test_keys(t, TK_ESC, '0', 0); /* home is never popped */
    assert_int_equal(t->app.depth, 0);
    assert_string_equal(test_top(t), "home");
    test_app_free(t);
}

static void
test_text_field_takes_digits(void **unused)
{
    struct test_app *t = test_app_new(NULL, 24, 80);
    struct field_state *st;

    (void)unused;
    app_push(&t->app, &field_screen, NULL);
    test_type(t, "ab0/5");
    st = app_top(&t->app)->state;
    assert_string_equal(st->text, "ab0/5");
    test_keys(t, TK(RC_BACKSPACE), 0);
    assert_string_equal(st->text, "ab0/");
    for (int i = 0; i < 4; i++)
        test_keys(t, TK(RC_BACKSPACE), 0);
    assert_string_equal(test_top(t), "field");
    test_keys(t, TK(RC_BACKSPACE), 0); /* empty field: back */
    assert_string_equal(test_top(t), "home");
    test_app_free(t);
}

static void
test_failed_enter_keeps_screen_below(void **unused)
{
    struct test_app *t = test_app_new(NULL, 24, 80);

    (void)unused;
    app_push(&t->app, &numbers_screen, NULL);
    assert_int_equal(app_push(&t->app, &failing_screen, NULL), -1);
    assert_string_equal(test_top(t), "numbers");
    assert_true(test_screen_has(t, "Có lỗi xảy ra"));
    test_app_free(t);
}

static void
test_stack_depth_is_bounded(void **unused)
{
    struct test_app *t = test_app_new(NULL, 24, 80);
    struct numbers_state *first_kept;

    (void)unused;
    /* Going forward forever never fails: the oldest screen above home is forgotten. */
    for (int i = 0; i < APP_STACK_MAX + 5; i++) {
        assert_int_equal(app_push(&t->app, &numbers_screen, NULL), 0);
        ((struct numbers_state *)app_top(&t->app)->state)->picked = 100 + i;
    }
    assert_int_equal(t->app.depth, APP_STACK_MAX - 1);
    assert_string_equal(t->app.stack[0].ops->name, "home");
    first_kept = t->app.stack[1].state;
    assert_int_equal(first_kept->picked, 100 + 6); /* 0..5 were dropped, oldest first */
    assert_int_equal(numbers_top(t)->picked, 100 + APP_STACK_MAX + 4);
    test_app_free(t);
}

static void
test_idle_countdown_then_reset(void **unused)
{
    struct test_app *t = test_app_new(NULL, 24, 80);

    (void)unused;
    app_push(&t->app, &numbers_screen, NULL);
    app_set_lang(&t->app, LANG_EN);
    test_advance(t, 119 * 1000);
    assert_false(t->app.idle_warning);
    test_advance(t, 2000);
    assert_true(t->app.idle_warning);
    assert_true(test_screen_has(t, "Still there?"));
    test_keys(t, 'x', 0); /* any key continues, and does nothing else */
    assert_false(t->app.idle_warning);
    assert_string_equal(test_top(t), "numbers");
    test_advance(t, 121 * 1000);
    assert_true(t->app.idle_warning);
    test_advance(t, 20 * 1000);
    assert_false(t->app.idle_warning);
    assert_int_equal(t->app.depth, 0);
    assert_int_equal(i18n_lang(), LANG_VI); /* back to the default language */
    assert_true(test_screen_has(t, "Xin chào"));
    test_app_free(t);
}

static void
test_home_idle_does_nothing(void **unused)
{
    struct test_app *t = test_app_new(NULL, 24, 80);

    (void)unused;
    test_advance(t, 600 * 1000);
    assert_false(t->app.idle_warning);
    assert_int_equal(t->app.sess.id, 0); /* an untouched kiosk records no session */
    test_app_free(t);
}

static void
test_star_starts_again(void **unused)
{
    struct test_app *t = test_app_new(NULL, 24, 80);

    (void)unused;
    app_push(&t->app, &numbers_screen, NULL);
    app_push(&t->app, &field_screen, NULL);
    test_type(t, "abc");
    app_set_lang(&t->app, LANG_EN);
    test_keys(t, '*', 0);
    assert_int_equal(t->app.depth, 0);
    assert_int_equal(i18n_lang(), LANG_VI);
    assert_int_equal(t->app.sess.id, 0);
    test_app_free(t);
}

static void
test_next_resident_starts_at_the_top(void **unused)
{
    struct test_app *t = test_app_new(NULL, 24, 80);

    (void)unused;
    test_keys(t, TK(RC_DOWN), 0);
    assert_true(test_screen_has(t, "▶ 2."));
    test_keys(t, TK(RC_ENTER), '*', 0); /* start again */
    assert_true(test_screen_has(t, "▶ 1."));
    test_keys(t, TK(RC_DOWN), TK(RC_DOWN), 0);
    app_set_lang(&t->app, LANG_EN); /* a session that never left home */
    test_advance(t, 150 * 1000);    /* idle reset */
    assert_true(test_screen_has(t, "▶ 1."));
    test_app_free(t);
}

static void
test_help_and_placeholders(void **unused)
{
    struct test_app *t = test_app_new(NULL, 24, 80);

    (void)unused;
    test_keys(t, '?', 0);
    assert_string_equal(test_top(t), "help");
    assert_true(test_screen_has(t, "Phím *: làm lại từ đầu"));
    test_keys(t, TK(RC_ENTER), 0);
    assert_string_equal(test_top(t), "home");
    test_keys(t, TK(RC_F1), 0);
    assert_string_equal(test_top(t), "help");
    test_keys(t, '0', 0);
    test_keys(t, TK(RC_F10), 0);
    assert_int_equal(t->app.depth, 1);
    test_keys(t, TK_ESC, 0);
    assert_int_equal(t->app.depth, 0);
    test_app_free(t);
}

static void
test_too_small_terminal(void **unused)
{
    struct test_app *t = test_app_new(NULL, 20, 60);

    (void)unused;
    assert_true(test_screen_has(t, "Cửa sổ quá nhỏ (60x20)"));
    test_keys(t, '1', '?', TK(RC_ENTER), '/', TK(RC_F10), 0); /* keys do nothing */
    test_advance(t, 3000);
    assert_int_equal(t->app.depth, 0);
    assert_int_equal(t->app.sess.id, 0);
    test_app_free(t);
}

static int new_days;

static void
count_new_day(struct app *app)
{
    (void)app;
    new_days++;
}

static void
test_new_day_hook(void **unused)
{
    struct test_app *t = test_app_new(NULL, 24, 80);

    (void)unused;
    new_days = 0;
    t->app.on_new_day = count_new_day;
    test_advance(t, 120 * 1000);
    assert_int_equal(new_days, 0); /* the first day seen is not a new day */
    t->wall += 86400;
    test_advance(t, 200);
    assert_int_equal(new_days, 1);
    test_advance(t, 120 * 1000);
    assert_int_equal(new_days, 1); /* once per day */
    test_app_free(t);
}

static void
test_control_keys_never_quit(void **unused)
{
    struct test_app *t = test_app_new(NULL, 24, 80);

    (void)unused;
    /* Ctrl-C, Ctrl-Z and Ctrl-\ do nothing: leaving is a staff action (F10). */
    test_keys(t, 3, 26, 28, 28, 28, 28, 0);
    assert_false(t->app.quit);
    assert_string_equal(test_top(t), "home");
    test_app_free(t);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_single_digit_acts_at_once),
        cmocka_unit_test(test_two_digits_open_item_15),
        cmocka_unit_test(test_enter_and_timeout_complete_a_digit),
        cmocka_unit_test(test_backspace_deletes_pending_digit),
        cmocka_unit_test(test_out_of_range_number_says_so),
        cmocka_unit_test(test_number_of_no_item_is_its_digits),
        cmocka_unit_test(test_split_digits_stop_when_the_screen_changes),
        cmocka_unit_test(test_digits_split_only_where_picks_tick),
        cmocka_unit_test(test_enter_after_a_number_that_acted_is_swallowed),
        cmocka_unit_test(test_message_belongs_to_its_screen),
        cmocka_unit_test(test_help_in_a_text_field),
        cmocka_unit_test(test_zero_and_esc_go_back),
        cmocka_unit_test(test_text_field_takes_digits),
        cmocka_unit_test(test_failed_enter_keeps_screen_below),
        cmocka_unit_test(test_stack_depth_is_bounded),
        cmocka_unit_test(test_idle_countdown_then_reset),
        cmocka_unit_test(test_home_idle_does_nothing),
        cmocka_unit_test(test_star_starts_again),
        cmocka_unit_test(test_next_resident_starts_at_the_top),
        cmocka_unit_test(test_help_and_placeholders),
        cmocka_unit_test(test_too_small_terminal),
        cmocka_unit_test(test_control_keys_never_quit),
        cmocka_unit_test(test_new_day_hook),
    };

    (void)last_picked;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
