/*
 * The printing screen (screens/printing.c) on the test app: first the preview — the slip as
 * it will print, from the very document the job stores, scrollable, nothing queued until 1;
 * 2 or Esc go back without printing. Then "In phiếu" writes a print_jobs row
 * with the resident's answers and ticks, shows the slip number at once, and follows the row
 * as the print helper moves it (simulated here with db_jobs calls): printing, a paused
 * printer with CUPS's reason, printed, saved as a PDF, failed. 1 finishes, 2 goes back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app.h"
#include "catalog.h"
#include "db_jobs.h"
#include "print_request.h"
#include "receipt.h"
#include "receipt_json.h"
#include "screens.h"
#include "testapp.h"

/* Service 1 of the test catalog: q1 "Có" -> q2 "một" -> outcome co_a; the first item ticked. */
static const int answers[] = { 1, 1 };
static const int have[] = { 1 };

static struct test_app *
preview_app(void)
{
    struct test_app *t = test_app_new(NULL, 24, 80);
    struct print_request req = {
        .service = 1, .answers = answers, .nanswers = 2, .have = have, .nhave = 1, .lang = LANG_VI
    };

    assert_non_null(t->cat);
    assert_ptr_equal(t->app.screens.print, &printing_screen);
    assert_int_equal(app_push(&t->app, t->app.screens.print, &req), 0);
    assert_string_equal(test_top(t), "printing");
    return t;
}

/* The printing screen after the preview's explicit choice: 1, print it. */
static struct test_app *
printing_app(void)
{
    struct test_app *t = preview_app();

    assert_true(test_screen_has(t, "1. In phiếu này"));
    test_keys(t, '1', 0);
    assert_string_equal(test_top(t), "printing");
    return t;
}

static size_t
queued_jobs(struct test_app *t)
{
    struct print_job_list l;
    char *cause = NULL;
    size_t n;

    assert_int_equal(db_jobs_list(t->db, JOBS_RECENT, 0, t->wall, 15, 0, &l, &cause), 0);
    n = l.n;
    print_job_list_free(&l);
    return n;
}

static void
test_preview_shows_the_slip_and_queues_nothing(void **state)
{
    struct test_app *t = preview_app();

    (void)state;
    assert_true(test_screen_has(t, "Xem trước phiếu sẽ in"));
    assert_true(test_screen_has(t, "Phiếu hướng dẫn chuẩn bị hồ sơ"));
    assert_true(test_screen_has(t, "Số phiếu: (cấp khi in)"));
    assert_true(test_screen_has(t, "☑ Tờ khai thử"));
    assert_true(test_screen_has(t, "2. Quay lại, chưa in"));
    assert_true(test_screen_has(t, "Dòng 1–"));
    assert_true(test_golden(t, "printing_preview"));
    test_advance(t, 2000);
    assert_int_equal(queued_jobs(t), 0);
    /* + reads on; - goes back up. */
    test_keys(t, '+', 0);
    assert_true(test_screen_has(t, "Dòng 11–"));
    assert_false(test_screen_has(t, "Số phiếu: (cấp khi in)"));
    test_keys(t, '-', 0);
    assert_true(test_screen_has(t, "Dòng 1–"));
    /* 2 goes back without printing; so does Esc. */
    test_keys(t, '2', 0);
    assert_string_equal(test_top(t), "home");
    assert_int_equal(queued_jobs(t), 0);
    test_app_free(t);
    t = preview_app();
    test_keys(t, TK_ESC, 0);
    assert_string_equal(test_top(t), "home");
    assert_int_equal(queued_jobs(t), 0);
    test_app_free(t);
}

/* What the preview showed is what the job stores: the same document, now with its number. */
static void
test_preview_is_what_prints(void **state)
{
    struct test_app *t = printing_app();
    struct print_job_list l;
    struct receipt *rs = NULL;
    size_t n = 0;
    char *cause = NULL, *json = NULL, *text;

    (void)state;
    test_advance(t, 100);
    assert_int_equal(db_jobs_list(t->db, JOBS_QUEUED, 0, 0, 0, 0, &l, &cause), 0);
    assert_int_equal(l.n, 1);
    assert_int_equal(db_jobs_receipt(t->db, l.v[0]->id, &json, &cause), 0);
    assert_int_equal(receipt_json_decode(json, &rs, &n, &cause), 0);
    assert_int_equal(n, 1);
    text = receipt_to_text(&rs[0]);
    assert_non_null(strstr(text, "Số phiếu: 20261128-0001"));
    assert_non_null(strstr(text, "☑ "));
    free(text);
    receipt_done(&rs[0]);
    free(rs);
    free(json);
    print_job_list_free(&l);
    test_app_free(t);
}

/* The helper's side: claim the only queued job. */
static struct print_job *
helper_claims(struct test_app *t)
{
    struct jobs_claim q = { .now = app_wall(&t->app), .retry_minutes = 15, .any_time = true };
    struct print_job *j = NULL;
    char *cause = NULL;

    assert_int_equal(db_jobs_claim(t->db, &q, "helper", &j, &cause), 0);
    assert_non_null(j);
    return j;
}

static void
test_queues_the_slip_and_shows_its_number(void **state)
{
    struct test_app *t = printing_app();
    struct print_job_list l;
    char *cause = NULL;

    (void)state;
    test_advance(t, 100);
    assert_int_equal(db_jobs_list(t->db, JOBS_QUEUED, 0, 0, 0, 0, &l, &cause), 0);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.v[0]->kind, JOB_SLIP);
    assert_int_equal(l.v[0]->service, 1);
    assert_string_equal(l.v[0]->answers, "1,1");
    assert_string_equal(l.v[0]->have, "1");
    assert_string_equal(l.v[0]->lang, "vi");
    assert_string_equal(l.v[0]->printer, "");
    assert_string_equal(l.v[0]->catalog_hash, t->cat->hash);
    assert_string_equal(l.v[0]->slip_no, "20261128-0001");
    print_job_list_free(&l);
    assert_true(test_screen_has(t, "Số phiếu của bạn: 20261128-0001"));
    assert_true(test_screen_has(t, "Đang in… Xin chờ một chút."));
    assert_true(test_screen_has(t, "1. Xong, về màn hình chính"));
    test_app_free(t);
}

static void
test_paused_printer_shows_the_reason_and_keeps_the_slip(void **state)
{
    struct test_app *t = printing_app();
    struct print_job *j;
    char *cause = NULL;

    (void)state;
    test_advance(t, 100);
    j = helper_claims(t);
    assert_int_equal(
        db_jobs_requeue(t->db, j->id, "paused", "Hết giấy", t->wall + 5, t->wall, &cause), 0);
    test_advance(t, 500);
    assert_true(test_screen_has(t, "Máy in đang tạm dừng."));
    assert_true(test_screen_has(t, "Lý do: Hết giấy"));
    assert_true(test_screen_has(t, "sẽ tự in khi máy in sẵn sàng"));
    assert_true(test_screen_has(t, "20261128-0001"));
    assert_true(test_golden(t, "printing_paused"));

    /* The printer comes back: the helper sends it and CUPS prints it. */
    print_job_free(j);
    j = helper_claims(t);
    assert_int_equal(db_jobs_mark_sent(t->db, j->id, 7, t->wall, &cause), 0);
    test_advance(t, 500);
    assert_true(test_screen_has(t, "Đang in…"));
    assert_int_equal(db_jobs_mark_done(t->db, j->id, NULL, t->wall, &cause), 0);
    test_advance(t, 500);
    assert_true(test_screen_has(t, "Đã in xong. Mời bạn lấy phiếu ở máy in."));
    print_job_free(j);
    test_app_free(t);
}

static void
test_saved_as_pdf_shows_no_path(void **state)
{
    struct test_app *t = printing_app();
    struct print_job *j;
    char *cause = NULL;

    (void)state;
    test_advance(t, 100);
    j = helper_claims(t);
    assert_int_equal(
        db_jobs_mark_done(t->db, j->id, "/var/slips/20261128-0001.pdf", t->wall, &cause), 0);
    test_advance(t, 500);
    assert_true(test_screen_has(t, "Phiếu đã được lưu thành tệp PDF"));
    /* A resident never sees a server path: the slip number is what staff need. */
    assert_false(test_screen_has(t, "/var/slips"));
    assert_false(test_screen_has(t, ".pdf"));
    assert_true(test_screen_has(t, "20261128-0001"));
    assert_true(test_screen_has(t, "cán bộ tại quầy"));
    print_job_free(j);
    test_app_free(t);
}

static void
test_failure_and_service_down_are_said_plainly(void **state)
{
    struct test_app *t = printing_app();
    struct print_job *j;
    char *cause = NULL;

    (void)state;
    test_advance(t, 100);
    j = helper_claims(t);
    assert_int_equal(db_jobs_requeue(t->db, j->id, "no_service",
                                     "the print service (CUPS) is not running (cannot connect "
                                     "to /run/cups/cups.sock)",
                                     t->wall + 5, t->wall, &cause),
                     0);
    test_advance(t, 500);
    assert_true(test_screen_has(t, "Dịch vụ in của máy đang tắt."));
    /* The technical text stays in the log and in `kiosk jobs`, not on the resident's screen. */
    assert_false(test_screen_has(t, "cups.sock"));
    print_job_free(j);
    j = helper_claims(t);
    assert_int_equal(db_jobs_mark_failed(t->db, j->id, "failed", "Filter failed", t->wall, &cause),
                     0);
    test_advance(t, 500);
    assert_true(test_screen_has(t, "Không in được phiếu."));
    assert_true(test_screen_has(t, "20261128-0001"));
    print_job_free(j);
    test_app_free(t);
}

static void
test_keys_leave_at_once(void **state)
{
    struct test_app *t = printing_app();

    (void)state;
    test_advance(t, 100);
    test_keys(t, '2', 0);
    assert_string_equal(test_top(t), "home");
    test_app_free(t);

    t = printing_app();
    test_advance(t, 100);
    test_keys(t, TK_ESC, 0);
    assert_string_equal(test_top(t), "home");
    test_app_free(t);

    t = printing_app();
    test_advance(t, 100);
    test_keys(t, '1', 0);
    assert_string_equal(test_top(t), "home");
    test_app_free(t);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_preview_shows_the_slip_and_queues_nothing),
        cmocka_unit_test(test_preview_is_what_prints),
        cmocka_unit_test(test_queues_the_slip_and_shows_its_number),
        cmocka_unit_test(test_paused_printer_shows_the_reason_and_keeps_the_slip),
        cmocka_unit_test(test_saved_as_pdf_shows_no_path),
        cmocka_unit_test(test_failure_and_service_down_are_said_plainly),
        cmocka_unit_test(test_keys_leave_at_once),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
