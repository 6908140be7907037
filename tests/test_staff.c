/*
 * Staff records: volunteers, assisted sessions and their outcomes, the audit log.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "app.h"
#include "catalog.h"
#include "db.h"
#include "db_internal.h"
#include "db_jobs.h"
#include "db_staff.h"
#include "db_stats.h"
#include "pin.h"
#include "screens.h"
#include "testapp.h"
#include "testutil.h"
#include "xmalloc.h"

struct fx {
    char dir[64];
    struct db *db;
};

static int
setup(void **state)
{
    struct fx *fx = xcalloc(1, sizeof *fx);

    fx->db = test_db_in_tmp(fx->dir, "staff");
    *state = fx;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *fx = *state;

    db_close(fx->db);
    assert_int_equal(test_remove_tree(fx->dir), 0);
    free(fx);
    return 0;
}

static void
test_volunteers(void **state)
{
    struct fx *fx = *state;
    struct volunteer_list l;
    char *cause = NULL;
    int a, b;

    assert_int_equal(db_volunteer_add(fx->db, "TV01", "Trần Thị Bình", 100, &a, &cause), 0);
    assert_int_equal(db_volunteer_add(fx->db, "TV02", "Nguyễn Văn An", 100, &b, &cause), 0);
    /* A code is unique; bad codes and names are refused with a reason. */
    assert_int_equal(db_volunteer_add(fx->db, "TV01", "Ai đó", 100, NULL, &cause), -1);
    assert_non_null(strstr(cause, "exists already"));
    free(cause);
    cause = NULL;
    assert_int_equal(db_volunteer_add(fx->db, "TV 3", "Ai đó", 100, NULL, &cause), -1);
    free(cause);
    cause = NULL;
    assert_int_equal(db_volunteer_add(fx->db, "TV03", "   ", 100, NULL, &cause), -1);
    free(cause);
    cause = NULL;
    assert_int_equal(db_volunteer_add(fx->db, "TV03", "A\tB", 100, NULL, &cause), -1);
    free(cause);
    cause = NULL;
    /* "Nguyễn" with a combining tilde and dot (not NFC). */
    assert_int_equal(db_volunteer_add(fx->db, "TV03", "Nguye\xcc\x83n", 100, NULL, &cause), -1);
    assert_non_null(strstr(cause, "NFC"));
    free(cause);
    cause = NULL;

    assert_int_equal(db_volunteer_list(fx->db, true, &l, &cause), 0);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.v[0].name, "Nguyễn Văn An"); /* by name */
    assert_int_equal(l.v[0].id, b);
    volunteer_list_free(&l);

    assert_int_equal(db_volunteer_set_active(fx->db, b, false, &cause), 0);
    assert_int_equal(db_volunteer_list(fx->db, true, &l, &cause), 0);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.v[0].code, "TV01");
    volunteer_list_free(&l);
    assert_int_equal(db_volunteer_list(fx->db, false, &l, &cause), 0);
    assert_int_equal(l.n, 2);
    assert_false(l.v[0].active);
    volunteer_list_free(&l);
    assert_int_equal(db_volunteer_set_active(fx->db, 999, false, &cause), -1);
    free(cause);
}

static void
test_assisted(void **state)
{
    struct fx *fx = *state;
    const char *items[] = { "giay_a", "giay_b" };
    char *cause = NULL;
    int64_t sid, aid;
    int vol;
    struct stats s;
    char day[11];
    time_t now = 1795833000;
    struct tm tm;

    localtime_r(&now, &tm);
    strftime(day, sizeof day, "%Y-%m-%d", &tm);
    assert_int_equal(db_volunteer_add(fx->db, "TV01", "Trần Thị Bình", 100, &vol, &cause), 0);
    assert_int_equal(db_session_start(fx->db, now, "vi", "h", "k", &sid, &cause), 0);
    assert_int_equal(db_session_step(fx->db, sid, now + 1, 1, "service", &cause), 0);
    assert_int_equal(db_session_step(fx->db, sid, now + 2, 0, "help", &cause), 0);
    assert_int_equal(db_session_last_service(fx->db, sid), 1);
    assert_int_equal(db_assisted_start(fx->db, sid, vol, "k", now, &aid, &cause), 0);
    assert_int_equal(db_session_end(fx->db, sid, now + 60, SESSION_FINISHED, &cause), 0);
    assert_int_equal(db_assisted_end(fx->db, aid, SESSION_FINISHED, &cause), 0);
    /* Recording twice replaces the first answer. */
    assert_int_equal(db_assisted_record(fx->db, aid, 1u << AO_OTHER, 0, NULL, 0, now + 70, &cause),
                     0);
    assert_int_equal(db_assisted_record(fx->db, aid,
                                        (1u << AO_NEEDS_DOCUMENTS) | (1u << AO_VSSID_INSTALLED), 1,
                                        items, 2, now + 80, &cause),
                     0);
    assert_int_equal(db_assisted_record(fx->db, 999, 1u, 0, NULL, 0, now, &cause), -1);
    free(cause);
    cause = NULL;

    assert_int_equal(db_stats_get(fx->db, day, day, &s, &cause), 0);
    assert_int_equal(s.assisted, 1);
    assert_int_equal(s.recorded, 1);
    assert_int_equal(s.skills, 1);
    assert_int_equal(s.outcomes[AO_OTHER], 0);
    assert_int_equal(s.outcomes[AO_NEEDS_DOCUMENTS], 1);
    assert_int_equal(s.outcomes[AO_VSSID_INSTALLED], 1);
    assert_int_equal(s.nmissing, 2);
    assert_int_equal(s.ended[SESSION_FINISHED], 1);
    stats_done(&s);
}

static void
test_outcome_codes(void **state)
{
    (void)state;
    for (int o = 0; o < AO_COUNT; o++)
        assert_int_equal(assist_outcome_parse(assist_outcome_code((enum assist_outcome)o)), o);
    assert_int_equal(assist_outcome_parse("nope"), -1);
    assert_true(assist_outcome_is_skill(AO_SAFE_INTERNET));
    assert_false(assist_outcome_is_skill(AO_FILED_ONLINE));
}

/* --- Screens ------------------------------------------------------------------------ */

#define TEST_PIN "4821"

static int
sql_int(struct db *db, const char *sql)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    int n = -1;

    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

static char *
sql_text(struct db *db, const char *sql)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    char *s = NULL;

    if (sqlite3_step(st) == SQLITE_ROW)
        s = db_col_text(st, 0);
    sqlite3_finalize(st);
    return s;
}

/* Is text absent from the screen (quietly)? */
static bool
screen_lacks(struct test_app *t, const char *text)
{
    char *scr = test_screen(t);
    bool absent = strstr(scr, text) == NULL;

    free(scr);
    return absent;
}

static void
enter_key(struct test_app *t)
{
    test_keys(t, TK(RC_ENTER), 0);
}

/* A test app with a PIN set, signed in to the staff menu. */
static struct test_app *
staff_app(void)
{
    struct test_app *t = test_app_new(NULL, 24, 80);
    char *cause = NULL;

    assert_int_equal(pin_set(t->db, TEST_PIN, &cause), 0);
    test_keys(t, TK(RC_F10), 0);
    assert_string_equal(test_top(t), "pin");
    test_type(t, TEST_PIN);
    enter_key(t);
    assert_string_equal(test_top(t), "staff");
    assert_true(t->app.staff);
    /* An older 4-digit PIN works, and the staff menu says to change it. */
    assert_true(test_screen_has(t, "6–12 chữ số"));
    return t;
}

/* Choose a numbered item on the top screen (digits, then Enter for two-digit numbers). */
static void
pick(struct test_app *t, const char *num)
{
    test_type(t, num);
    if (t->app.ndigits > 0)
        enter_key(t);
}

static void
test_pin_screen_no_pin(void **state)
{
    struct test_app *t = test_app_new(NULL, 24, 80);

    (void)state;
    test_keys(t, TK(RC_F10), 0);
    assert_string_equal(test_top(t), "pin");
    assert_true(test_screen_has(t, "kiosk set-pin"));
    /* Opening it started no resident session. */
    assert_int_equal(sql_int(t->db, "SELECT count(*) FROM sessions"), 0);
    test_keys(t, TK_ESC, 0);
    assert_string_equal(test_top(t), "home");
    test_app_free(t);
}

static void
test_pin_screen_sign_in(void **state)
{
    struct test_app *t = staff_app();

    (void)state;
    assert_true(test_screen_has(t, "Chế độ cán bộ"));
    assert_true(test_screen_has(t, "Thống kê"));
    assert_int_equal(db_audit_count(t->db, "sign_in"), 1);
    assert_int_equal(sql_int(t->db, "SELECT count(*) FROM sessions"), 0);
    /* F1 explains the menu, item by item; the keypad's . too. */
    test_keys(t, TK(RC_F1), 0);
    assert_true(test_screen_has(t, "ghi vào nhật ký"));
    assert_true(test_screen_has(t, "2. In lại phiếu của người dân theo số phiếu"));
    assert_true(test_screen_has(t, "10. Thoát chương trình"));
    test_keys(t, TK_ESC, '.', 0);
    assert_string_equal(test_top(t), "help");
    test_keys(t, TK_ESC, 0);
    assert_string_equal(test_top(t), "staff");
    /* Esc leaves staff mode. */
    test_keys(t, TK_ESC, 0);
    assert_string_equal(test_top(t), "home");
    assert_false(t->app.staff);
    assert_int_equal(db_audit_count(t->db, "sign_out"), 1);
    test_app_free(t);
}

/* The PIN is masked and typed digits only; five wrong PINs lock; the lock ends. */
static void
test_pin_screen_lockout(void **state)
{
    struct test_app *t = test_app_new(NULL, 24, 80);
    char *cause = NULL;

    (void)state;
    assert_int_equal(pin_set(t->db, TEST_PIN, &cause), 0);
    test_keys(t, TK(RC_F10), 0);
    test_type(t, "12");
    assert_true(test_screen_has(t, "Mã PIN: ●●"));
    assert_true(screen_lacks(t, "Mã PIN: 12"));
    test_type(t, "a");
    assert_true(test_screen_has(t, "chỉ gồm chữ số"));
    test_keys(t, TK(RC_BACKSPACE), TK(RC_BACKSPACE), 0);
    for (int i = 0; i < 4; i++) {
        test_type(t, "9999");
        enter_key(t);
        assert_string_equal(test_top(t), "pin");
    }
    assert_true(test_screen_has(t, "Còn 1 lần thử"));
    test_type(t, "9999");
    enter_key(t);
    assert_true(test_screen_has(t, "tạm khoá nhập mã PIN"));
    /* The right PIN is refused while locked (never checked, audited as refused). */
    test_type(t, TEST_PIN);
    enter_key(t);
    assert_string_equal(test_top(t), "pin");
    assert_int_equal(db_audit_count(t->db, "pin_wrong"), 5);
    assert_int_equal(db_audit_count(t->db, "pin_locked"), 1);
    assert_int_equal(db_audit_count(t->db, "sign_in"), 0);
    assert_int_equal(db_audit_count(t->db, "pin_refused"), 1);
    /* Leaving and coming back still shows the lock. */
    test_keys(t, TK_ESC, TK(RC_F10), 0);
    assert_true(test_screen_has(t, "tạm khoá nhập mã PIN"));
    test_keys(t, TK_ESC, 0);
    /* Five minutes later (frozen wall clock moved on) the right PIN works. */
    t->wall += 300;
    test_keys(t, TK(RC_F10), 0);
    test_type(t, TEST_PIN);
    enter_key(t);
    assert_string_equal(test_top(t), "staff");
    test_app_free(t);
}

static void
test_staff_print_actions(void **state)
{
    struct test_app *t = staff_app();
    struct print_job_new n;
    char *cause = NULL, *slip = NULL, *s;
    int64_t id;

    (void)state;
    setenv("KIOSK_PRINT", "/bin/true", 1); /* the queue runner: started, does nothing */
    pick(t, "1");
    assert_true(test_screen_has(t, "Áp phích"));
    pick(t, "2"); /* every service */
    pick(t, "3"); /* the poster */
    pick(t, "1"); /* one service… */
    pick(t, "1"); /* …the first listed */
    assert_int_equal(sql_int(t->db, "SELECT count(*) FROM print_jobs WHERE kind = 'handout'"), 2);
    assert_int_equal(sql_int(t->db, "SELECT count(*) FROM print_jobs WHERE kind = 'poster'"), 1);
    s = sql_text(t->db, "SELECT services FROM print_jobs WHERE kind = 'handout' ORDER BY id "
                        "DESC LIMIT 1");
    assert_string_equal(s, "1"); /* the first service listed */
    free(s);
    assert_int_equal(db_audit_count(t->db, "print_handouts"), 1);
    assert_int_equal(db_audit_count(t->db, "print_poster"), 1);
    assert_int_equal(db_audit_count(t->db, "print_handout"), 1);
    assert_true(test_screen_has(t, "Đã gửi lệnh in số"));
    assert_string_equal(test_top(t), "staff_services");
    test_keys(t, TK_ESC, 0);
    assert_string_equal(test_top(t), "staff_handouts");
    test_keys(t, TK_ESC, 0);
    assert_string_equal(test_top(t), "staff");

    /* Reprint a slip by its last four digits (today's). */
    memset(&n, 0, sizeof n);
    n.kind = JOB_SLIP;
    n.service = 1;
    n.answers = "1";
    assert_int_equal(db_jobs_enqueue(t->db, &n, app_wall(&t->app), &id, &slip, &cause), 0);
    pick(t, "2");
    assert_string_equal(test_top(t), "staff_reprint");
    test_type(t, "9999");
    enter_key(t);
    assert_true(test_screen_has(t, "Không có phiếu số"));
    assert_int_equal(db_audit_count(t->db, "reprint"), 0);
    /* The field is empty again: the right number is not typed onto the wrong one. */
    assert_true(test_screen_has(t, "Số phiếu:"));
    assert_true(screen_lacks(t, "Số phiếu: 9999"));
    test_type(t, slip + strlen(slip) - 4);
    enter_key(t);
    assert_int_equal(db_audit_count(t->db, "reprint"), 1);
    {
        char *sql, *got;

        xasprintf(&sql, "SELECT count(*) FROM print_jobs WHERE slip_no = '%s-R1'", slip);
        assert_int_equal(sql_int(t->db, sql), 1);
        free(sql);
        got = sql_text(t->db, "SELECT detail FROM audit WHERE action = 'reprint'");
        assert_non_null(strstr(got, slip));
        free(got);
    }
    test_keys(t, TK_ESC, 0);

    /* Print jobs: cancel the reprint, then retry it. */
    pick(t, "3");
    assert_true(test_screen_has(t, "-R1"));
    pick(t, "1"); /* the newest: the reprint */
    assert_string_equal(test_top(t), "staff_job");
    pick(t, "2"); /* cancel: asked first */
    assert_string_equal(test_top(t), "staff_confirm");
    assert_true(test_screen_has(t, "Huỷ lệnh in"));
    pick(t, "2"); /* no */
    assert_string_equal(test_top(t), "staff_job");
    assert_int_equal(db_audit_count(t->db, "cancel"), 0);
    pick(t, "2");
    pick(t, "1"); /* yes */
    assert_string_equal(test_top(t), "staff_job");
    assert_true(test_screen_has(t, "đã huỷ"));
    assert_int_equal(db_audit_count(t->db, "cancel"), 1);
    pick(t, "2"); /* a cancelled job: nothing to cancel, nothing asked */
    assert_string_equal(test_top(t), "staff_job");
    assert_true(test_screen_has(t, "Không làm được với lệnh ở trạng thái này"));
    assert_int_equal(sql_int(t->db, "SELECT count(*) FROM print_jobs WHERE state = 'cancelled'"),
                     1);
    pick(t, "1"); /* retry */
    assert_int_equal(db_audit_count(t->db, "retry"), 1);
    assert_int_equal(sql_int(t->db, "SELECT count(*) FROM print_jobs WHERE state = 'cancelled'"),
                     0);
    test_keys(t, TK_ESC, TK_ESC, 0);

    /* The printer: a test page. */
    pick(t, "4");
    assert_true(test_screen_has(t, "Không cấu hình máy in"));
    pick(t, "1");
    assert_int_equal(sql_int(t->db, "SELECT count(*) FROM print_jobs WHERE kind = 'test'"), 1);
    assert_int_equal(db_audit_count(t->db, "print_test"), 1);
    free(slip);
    unsetenv("KIOSK_PRINT");
    test_app_free(t);
}

/* A broken catalog is refused with its problems and the old one stays; a good one is
 * swapped in at home and the audit names both hashes. */
static void
test_staff_catalog_reload(void **state)
{
    struct test_app *t = staff_app();
    const struct catalog *old = t->app.cat;
    char *detail, *old_hash = xstrdup(old->hash);

    (void)state;
    free(t->cfg.catalog);
    t->cfg.catalog = xstrdup("tests/fixtures/catalog_bad_many.json");
    pick(t, "7");
    assert_string_equal(test_top(t), "staff_notice");
    assert_true(test_screen_has(t, "KHÔNG được dùng"));
    assert_true(test_screen_has(t, "catalog_bad_many.json"));
    assert_ptr_equal(t->app.cat, old);
    assert_null(t->app.cat_pending);
    assert_int_equal(db_audit_count(t->db, "catalog_reload_refused"), 1);
    test_keys(t, TK_ESC, 0);
    assert_string_equal(test_top(t), "staff");

    /* The same catalog again: nothing to swap. */
    free(t->cfg.catalog);
    t->cfg.catalog = xstrdup("tests/fixtures/catalog_small.json");
    pick(t, "7");
    assert_ptr_equal(t->app.cat, old);
    assert_true(test_screen_has(t, "không thay đổi"));

    free(t->cfg.catalog);
    t->cfg.catalog = xstrdup("tests/fixtures/receipt_catalog.json");
    assert_non_null(app_search(&t->app)); /* built for the old catalog */
    pick(t, "7");
    assert_string_equal(test_top(t), "home");
    assert_null(t->app.cat_pending);
    assert_null(t->app.search); /* built again for the new one when next needed */
    assert_ptr_equal(t->app.cat, t->app.cat_owned);
    assert_ptr_not_equal(t->app.cat, old);
    assert_string_not_equal(t->app.cat->hash, old_hash);
    assert_true(test_screen_has(t, "Đã nạp danh mục mới"));
    detail = sql_text(t->db, "SELECT detail FROM audit WHERE action = 'catalog_reload' "
                             "ORDER BY id DESC LIMIT 1");
    assert_non_null(strstr(detail, old_hash));
    assert_non_null(strstr(detail, t->app.cat->hash));
    free(detail);
    free(old_hash);
    test_app_free(t);
}

static void
test_staff_volunteers_lang_exit(void **state)
{
    struct test_app *t = staff_app();
    struct volunteer_list l;
    char *cause = NULL, *v;

    (void)state;
    pick(t, "8");
    assert_string_equal(test_top(t), "staff_volunteers");
    pick(t, "1");
    assert_string_equal(test_top(t), "staff_volunteer_add");
    test_type(t, "TV01");
    enter_key(t);
    test_type(t, "Nguyeenx Vawn An"); /* Telex */
    enter_key(t);
    assert_int_equal(db_volunteer_list(t->db, true, &l, &cause), 0);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.v[0].name, "Nguyễn Văn An");
    assert_string_equal(l.v[0].code, "TV01");
    volunteer_list_free(&l);
    assert_int_equal(db_audit_count(t->db, "volunteer_add"), 1);
    assert_string_equal(test_top(t), "staff_volunteers");
    assert_true(test_screen_has(t, "Nguyễn Văn An (TV01)"));
    /* The same code again is refused. */
    pick(t, "1");
    test_type(t, "TV01");
    enter_key(t);
    test_type(t, "Ai khac");
    enter_key(t);
    assert_true(test_screen_has(t, "Mã này đã có"));
    assert_string_equal(test_top(t), "staff_volunteer_add");
    test_keys(t, TK_ESC, 0);
    assert_string_equal(test_top(t), "staff_volunteers");
    pick(t, "2"); /* disable */
    assert_int_equal(db_volunteer_list(t->db, true, &l, &cause), 0);
    assert_int_equal(l.n, 0);
    volunteer_list_free(&l);
    assert_int_equal(db_audit_count(t->db, "volunteer_disable"), 1);
    test_keys(t, TK_ESC, 0);

    /* Default language: kept in the database; kiosk.conf's stays as it was read. */
    pick(t, "9");
    assert_string_equal(test_top(t), "staff_language");
    pick(t, "2");
    assert_int_equal(t->app.default_lang, LANG_EN);
    assert_int_equal(t->cfg.default_lang, LANG_VI);
    v = db_setting_get(t->db, "default_lang");
    assert_string_equal(v, "en");
    free(v);
    assert_int_equal(db_audit_count(t->db, "default_lang"), 1);
    assert_true(test_screen_has(t, "Default language: English"));
    pick(t, "3"); /* kiosk.conf's again */
    assert_int_equal(t->app.default_lang, LANG_VI);
    assert_int_equal(db_staff_default_lang(t->db), -1);
    assert_true(test_screen_has(t, "Ngôn ngữ mặc định: Tiếng Việt"));
    test_keys(t, TK_ESC, 0);

    /* Leaving the kiosk asks first. */
    pick(t, "10");
    assert_string_equal(test_top(t), "staff_confirm");
    pick(t, "2");
    assert_string_equal(test_top(t), "staff");
    assert_false(t->app.quit);
    pick(t, "10");
    pick(t, "1");
    assert_true(t->app.quit);
    assert_int_equal(db_audit_count(t->db, "exit"), 1);
    test_app_free(t);
}

/* Every staff screen is its own screen on the stack: Esc or 0 closes it and uncovers the one
 * it came from; a Backspace held down on an empty field stops at the menu. */
static void
test_staff_screens_back(void **state)
{
    struct test_app *t = staff_app();
    static const struct {
        const char *num, *name;
    } items[] = {
        { "1", "staff_handouts" },   { "2", "staff_reprint" },  { "3", "staff_jobs" },
        { "4", "staff_printer" },    { "5", "stats" },          { "6", "staff_export" },
        { "8", "staff_volunteers" }, { "9", "staff_language" }, { "10", "staff_confirm" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
        pick(t, items[i].num);
        assert_string_equal(test_top(t), items[i].name);
        assert_int_equal(t->app.depth, 2);
        if (i % 2 == 0)
            test_type(t, "0");
        else
            test_keys(t, TK_ESC, 0);
        assert_string_equal(test_top(t), "staff");
        assert_true(t->app.staff);
    }
    /* Handouts, then one service: two screens, two Esc. */
    pick(t, "1");
    pick(t, "1");
    assert_string_equal(test_top(t), "staff_services");
    assert_int_equal(t->app.depth, 3);
    test_keys(t, TK_ESC, 0);
    assert_string_equal(test_top(t), "staff_handouts");
    test_keys(t, TK_ESC, 0);

    /* Backspace held on the empty reprint field: back to the menu, and no further. */
    pick(t, "2");
    test_type(t, "42");
    for (int i = 0; i < 10; i++)
        test_keys(t, TK(RC_BACKSPACE), 0);
    assert_string_equal(test_top(t), "staff");
    assert_true(t->app.staff);
    /* The same from the volunteer's name field down through the code field. */
    pick(t, "8");
    pick(t, "1");
    test_type(t, "A1");
    enter_key(t);
    test_type(t, "An");
    for (int i = 0; i < 12; i++)
        test_keys(t, TK(RC_BACKSPACE), 0);
    assert_string_equal(test_top(t), "staff");
    assert_true(t->app.staff);
    assert_int_equal(db_audit_count(t->db, "sign_out"), 0);
    /* Esc on the menu leaves staff mode. */
    test_keys(t, TK_ESC, 0);
    assert_string_equal(test_top(t), "home");
    assert_false(t->app.staff);
    test_app_free(t);
}

/* No printer configured: a job done into the PDF folder is "saved", never "printed", on every
 * staff screen; the printer screen follows the queue, so a job saved meanwhile is no longer
 * counted as waiting. */
static void
test_staff_saved_not_printed(void **state)
{
    struct test_app *t = staff_app();
    struct print_job *j = NULL;
    char *cause = NULL, *slip = NULL;

    (void)state;
    setenv("KIOSK_PRINT", "/bin/true", 1); /* the queue runner: started, does nothing */
    assert_true(t->cfg.printer.name == NULL || t->cfg.printer.name[0] == '\0');
    pick(t, "4");
    assert_string_equal(test_top(t), "staff_printer");
    assert_true(test_screen_has(t, "Không cấu hình máy in"));
    pick(t, "1"); /* a test page, into the PDF folder */
    assert_true(test_screen_has(t, "Lệnh đang chờ: 1"));
    slip = sql_text(t->db, "SELECT slip_no FROM print_jobs WHERE kind = 'test'");
    /* The print helper saves it (as it does with no printer): the screen follows. */
    assert_int_equal(db_jobs_claim_id(t->db, 1, app_wall(&t->app), "test", &j, &cause), 0);
    assert_non_null(j);
    assert_int_equal(db_jobs_mark_done(t->db, j->id, "/tmp/x.pdf", app_wall(&t->app), &cause), 0);
    print_job_free(j);
    test_advance(t, 1500);
    assert_true(test_screen_has(t, "Lệnh đang chờ: 0"));
    assert_true(test_screen_has(t, "đã lưu PDF"));
    assert_true(screen_lacks(t, "đã in xong"));
    test_keys(t, TK_ESC, 0);
    /* The jobs list and the job say the same. */
    pick(t, "3");
    assert_true(test_screen_has(t, slip));
    assert_true(test_screen_has(t, "đã lưu PDF"));
    assert_true(screen_lacks(t, "đã in xong"));
    pick(t, "1");
    assert_string_equal(test_top(t), "staff_job");
    assert_true(test_screen_has(t, "đã lưu PDF"));
    assert_true(screen_lacks(t, "đã in xong"));
    /* In English too. */
    i18n_set_lang(LANG_EN);
    test_advance(t, 1500); /* the screen reads the job again */
    assert_true(test_screen_has(t, "saved as PDF"));
    assert_true(screen_lacks(t, "printed"));
    i18n_set_lang(LANG_VI);
    free(slip);
    unsetenv("KIOSK_PRINT");
    test_app_free(t);
}

/* Export: the CSV goes through the one file writer, so a folder in its place is refused and
 * stays what it was; then the file is written whole. */
static void
test_staff_export(void **state)
{
    struct test_app *t = staff_app();
    char *reports, *csv_path, *text;
    struct stat st;

    (void)state;
    setenv("KIOSK_PRINT", "/bin/true", 1); /* the report's renderer: started, does nothing */
    free(t->cfg.pdf_dir);
    xasprintf(&t->cfg.pdf_dir, "%s/slips", t->dir);
    xasprintf(&reports, "%s/reports", t->cfg.pdf_dir);
    xasprintf(&csv_path, "%s/thong-ke-2026-11.csv", reports);
    assert_int_equal(mkdir(t->cfg.pdf_dir, 0755), 0);
    assert_int_equal(mkdir(reports, 0755), 0);
    assert_int_equal(mkdir(csv_path, 0755), 0); /* not ours to replace */
    pick(t, "6");
    assert_string_equal(test_top(t), "staff_export");
    assert_true(test_screen_has(t, reports));
    pick(t, "1"); /* this month: 2026-11 on the frozen clock */
    assert_string_equal(test_top(t), "staff_export");
    assert_true(test_screen_has(t, "Không lưu được tệp báo cáo"));
    assert_int_equal(stat(csv_path, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    assert_int_equal(db_audit_count(t->db, "export"), 0);
    assert_int_equal(rmdir(csv_path), 0);
    pick(t, "1");
    assert_string_equal(test_top(t), "staff_notice");
    assert_true(test_screen_has(t, "Đã lưu bảng số liệu"));
    text = test_read_file(csv_path);
    assert_non_null(text);
    assert_non_null(strstr(text, "sessions_started"));
    free(text);
    assert_true(db_audit_count(t->db, "export") >= 1);
    test_keys(t, TK_ESC, 0);
    assert_string_equal(test_top(t), "staff_export");
    free(csv_path);
    free(reports);
    unsetenv("KIOSK_PRINT");
    test_app_free(t);
}

/* Idle reset leaves staff mode. */
static void
test_staff_idle(void **state)
{
    struct test_app *t = staff_app();

    (void)state;
    pick(t, "5");
    assert_string_equal(test_top(t), "stats");
    test_advance(t, 150 * 1000);
    assert_string_equal(test_top(t), "home");
    assert_false(t->app.staff);
    test_app_free(t);

    /* Three staff screens deep: all closed at once. */
    t = staff_app();
    pick(t, "1");
    pick(t, "1");
    assert_string_equal(test_top(t), "staff_services");
    test_advance(t, 150 * 1000);
    assert_string_equal(test_top(t), "home");
    assert_int_equal(t->app.depth, 0);
    assert_false(t->app.staff);
    assert_int_equal(db_audit_count(t->db, "sign_out"), 1);
    test_app_free(t);
}

/* The statistics screen shows sessions made just now. */
static void
test_stats_screen(void **state)
{
    struct test_app *t = test_app_new(NULL, 24, 80);
    char *cause = NULL;

    (void)state;
    assert_int_equal(pin_set(t->db, TEST_PIN, &cause), 0);
    /* Two resident sessions: service 1, then start again; the same once more. */
    for (int i = 0; i < 2; i++) {
        test_keys(t, '1', 0);
        test_keys(t, '*', 0);
    }
    assert_int_equal(sql_int(t->db, "SELECT count(*) FROM sessions"), 2);
    test_keys(t, TK(RC_F10), 0);
    test_type(t, TEST_PIN);
    enter_key(t);
    pick(t, "5");
    assert_true(test_screen_has(t, "Hôm nay"));
    pick(t, "1");
    assert_true(test_screen_has(t, "Thống kê: 28/11/2026 – 28/11/2026"));
    assert_true(test_screen_has(t, "Phiên bắt đầu"));
    {
        char *scr = test_screen(t), *line = strstr(scr, "Phiên bắt đầu");

        assert_non_null(line);
        assert_non_null(strstr(line, " 2 "));
        assert_non_null(strstr(line, "█"));
        free(scr);
    }
    assert_true(test_screen_has(t, "Trang 1/"));
    test_keys(t, '+', 0);
    assert_true(test_screen_has(t, "Trang 2/"));
    /* A range that ends before it starts is refused. */
    test_keys(t, TK_ESC, 0);
    pick(t, "5");
    test_type(t, "30112026");
    enter_key(t);
    test_type(t, "01112026");
    enter_key(t);
    assert_true(test_screen_has(t, "trước ngày bắt đầu"));
    test_keys(t, TK(RC_BACKSPACE), TK(RC_BACKSPACE), TK(RC_BACKSPACE), TK(RC_BACKSPACE),
              TK(RC_BACKSPACE), TK(RC_BACKSPACE), TK(RC_BACKSPACE), TK(RC_BACKSPACE), 0);
    test_type(t, "31022026");
    enter_key(t);
    assert_true(test_screen_has(t, "không có thật"));
    test_app_free(t);
}

static int
add_volunteer(struct test_app *t)
{
    char *cause = NULL;
    int id;

    assert_int_equal(db_volunteer_add(t->db, "TV07", "Lê Thị Hoa", 1, &id, &cause), 0);
    return id;
}

/* F9 → volunteer → the resident's session → start again → the outcome screen. */
static void
test_assisted_session(void **state)
{
    struct test_app *t = test_app_new(NULL, 24, 80);
    int vol = add_volunteer(t);
    char *cause = NULL;
    struct stats s;

    (void)state;
    test_keys(t, TK(RC_F9), 0);
    assert_string_equal(test_top(t), "volunteer");
    assert_int_equal(sql_int(t->db, "SELECT count(*) FROM sessions"), 0);
    assert_true(test_screen_has(t, "Lê Thị Hoa (TV07)"));
    pick(t, "2");
    assert_true(test_screen_has(t, "Không có mục số 2"));
    pick(t, "1");
    assert_string_equal(test_top(t), "home");
    assert_int_equal(t->app.sess.volunteer_id, vol);
    assert_true(test_screen_has(t, "Có hỗ trợ viên"));
    assert_int_equal(app_idle_timeout(&t->app), t->cfg.assisted_idle_timeout);
    assert_int_equal(sql_int(t->db, "SELECT count(*) FROM assisted WHERE session_id IS NOT NULL"),
                     1);
    test_keys(t, '1', 0); /* the resident opens a group */
    test_keys(t, '*', 0); /* start again: the session ends */
    assert_string_equal(test_top(t), "outcome");
    assert_int_equal(t->app.sess.volunteer_id, 0);
    assert_true(screen_lacks(t, "Có hỗ trợ viên"));
    assert_true(test_screen_has(t, "Lê Thị Hoa"));
    /* Saving nothing is refused; tick 1 and 4, save with 12. */
    pick(t, "12");
    assert_true(test_screen_has(t, "Chưa đánh dấu"));
    pick(t, "1");
    pick(t, "4");
    assert_true(test_screen_has(t, "☑ Đã nộp hồ sơ trực tuyến thành công"));
    pick(t, "12");
    assert_string_equal(test_top(t), "home");
    assert_int_equal(sql_int(t->db, "SELECT recorded FROM assisted"), 1);
    assert_int_equal(sql_int(t->db, "SELECT count(*) FROM assisted WHERE ended_how = 'restart'"),
                     1);
    assert_int_equal(db_stats_get(t->db, "2026-11-28", "2026-11-28", &s, &cause), 0);
    assert_int_equal(s.assisted, 1);
    assert_int_equal(s.outcomes[AO_FILED_ONLINE], 1);
    assert_int_equal(s.outcomes[AO_VNEID_INSTALLED], 1);
    assert_int_equal(s.skills, 1);
    /* The outcome screen was no step of the resident's session. */
    assert_int_equal(sql_int(t->db, "SELECT count(*) FROM session_steps WHERE step = 'outcome'"),
                     0);
    stats_done(&s);
    test_app_free(t);
}

/* Finish with "needs more documents": the service's checklist is offered. */
static void
test_assisted_documents(void **state)
{
    struct test_app *t = test_app_new(NULL, 24, 80);
    char *item;

    (void)state;
    add_volunteer(t);
    test_keys(t, TK(RC_F9), 0);
    pick(t, "1");
    t->app.sess.service = 1; /* as the service screen does */
    app_session_step(&t->app, 1, "service");
    test_keys(t, TK(RC_F9), 0);
    assert_true(test_screen_has(t, "đang có hỗ trợ viên"));
    pick(t, "1"); /* end the assisted session */
    assert_string_equal(test_top(t), "outcome");
    pick(t, "2");
    pick(t, "12");
    assert_true(test_screen_has(t, "Giấy thử A"));
    pick(t, "2"); /* Giấy thử A */
    pick(t, "4"); /* save */
    assert_string_equal(test_top(t), "home");
    item = sql_text(t->db, "SELECT item FROM assisted_items");
    assert_string_equal(item, "giay_a");
    free(item);
    assert_int_equal(sql_int(t->db, "SELECT count(*) FROM sessions WHERE ended_how = 'finished'"),
                     1);
    test_app_free(t);
}

/* After an idle reset: only the outcome choices, never the checklist; Esc skips. */
static void
test_assisted_idle(void **state)
{
    struct test_app *t = test_app_new(NULL, 24, 80);

    (void)state;
    add_volunteer(t);
    test_keys(t, TK(RC_F9), 0);
    pick(t, "1");
    t->app.sess.service = 1;
    app_session_step(&t->app, 1, "service");
    /* The normal timeout passes: still assisted. */
    test_advance(t, 150 * 1000);
    assert_int_equal(t->app.sess.volunteer_id != 0, 1);
    test_advance(t, (t->cfg.assisted_idle_timeout + t->cfg.idle_countdown - 150) * 1000);
    assert_string_equal(test_top(t), "outcome");
    assert_true(test_screen_has(t, "tự kết thúc"));
    pick(t, "2"); /* needs more documents */
    pick(t, "12");
    assert_true(screen_lacks(t, "Giấy thử"));
    assert_string_equal(test_top(t), "home");
    assert_int_equal(sql_int(t->db, "SELECT count(*) FROM assisted_items"), 0);
    assert_int_equal(sql_int(t->db, "SELECT count(*) FROM assisted_outcomes"), 1);

    /* Another one, skipped with Esc. */
    test_keys(t, TK(RC_F9), 0);
    pick(t, "1");
    test_keys(t, '*', 0);
    assert_string_equal(test_top(t), "outcome");
    test_keys(t, TK_ESC, 0);
    assert_string_equal(test_top(t), "home");
    assert_int_equal(sql_int(t->db, "SELECT count(*) FROM assisted WHERE recorded = 0"), 1);
    test_app_free(t);
}

/* Retention runs at start-up (staff_attach) once a day. */
static void
test_retention_at_start(void **state)
{
    struct test_app *t = test_app_new(NULL, 24, 80);
    int64_t sid, old = app_wall(&t->app) - 400 * 86400;
    char *cause = NULL;
    struct stats s;

    (void)state;
    assert_int_equal(db_session_start(t->db, old, "vi", "h", "k", &sid, &cause), 0);
    assert_int_equal(db_session_end(t->db, sid, old + 60, SESSION_FINISHED, &cause), 0);
    staff_retention(&t->app); /* already done today */
    assert_int_equal(sql_int(t->db, "SELECT count(*) FROM sessions"), 1);
    assert_int_equal(db_setting_set(t->db, "retention_day", "", &cause), 0);
    staff_attach(&t->app);
    assert_int_equal(sql_int(t->db, "SELECT count(*) FROM sessions"), 0);
    assert_int_equal(db_stats_get(t->db, "2025-01-01", "2025-12-31", &s, &cause), 0);
    assert_int_equal(s.started, 1);
    assert_int_equal(s.ended[SESSION_FINISHED], 1);
    stats_done(&s);
    test_app_free(t);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_volunteers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_assisted, setup, teardown),
        cmocka_unit_test(test_outcome_codes),
        cmocka_unit_test(test_pin_screen_no_pin),
        cmocka_unit_test(test_pin_screen_sign_in),
        cmocka_unit_test(test_pin_screen_lockout),
        cmocka_unit_test(test_staff_print_actions),
        cmocka_unit_test(test_staff_catalog_reload),
        cmocka_unit_test(test_staff_volunteers_lang_exit),
        cmocka_unit_test(test_staff_screens_back),
        cmocka_unit_test(test_staff_saved_not_printed),
        cmocka_unit_test(test_staff_export),
        cmocka_unit_test(test_staff_idle),
        cmocka_unit_test(test_stats_screen),
        cmocka_unit_test(test_assisted_session),
        cmocka_unit_test(test_assisted_documents),
        cmocka_unit_test(test_assisted_idle),
        cmocka_unit_test(test_retention_at_start),
    };

    pin_set_cost_for_tests(crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
