/*
 * Tests for receipt.c: the content of the preparation slip, handouts, the
 * poster and the test page, checked as plain text (receipt_to_text) and block
 * by block. The slip's text is also compared byte for byte with
 * tests/golden/slip_*.txt (UPDATE_GOLDEN=1 rewrites them).
 *
 * tests/fixtures/receipt_catalog.json holds service 9 with facts from
 * services.md and an invented service 98 for the edge cases;
 * tests/fixtures/catalog_small.json (the catalog helper's fixture) is swept
 * path by path.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "catalog.h"
#include "config.h"
#include "flow.h"
#include "i18n.h"
#include "receipt.h"
#include "testutil.h"
#include "xmalloc.h"

#define FIXTURE       "tests/fixtures/receipt_catalog.json"
#define SMALL_FIXTURE "tests/fixtures/catalog_small.json"
#define GOLDEN_DIR    "tests/golden/"
/* 2026-11-28 09:30 UTC; the tests run with TZ=UTC. */
#define WHEN ((time_t)1795858200)
/* 2025-06-01 08:00 UTC: before the provincial portal's valid_from (2025-10-01).
 */
#define WHEN_EARLY ((time_t)1748764800)
#define SLIP_NO    "20261128-0042"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static struct catalog *cat;
static struct config cfg;

static int
setup(void **state)
{
    struct strlist problems = { 0 };

    (void)state;
    if (catalog_load(FIXTURE, &cat, &problems) != 0) {
        for (size_t i = 0; i < problems.n; i++)
            fprintf(stderr, "%s\n", problems.v[i]);
        strlist_free(&problems);
        return -1;
    }
    memset(&cfg, 0, sizeof(cfg));
    cfg.centre_name = xstrdup("Trung tâm phục vụ hành chính công xã (mẫu)");
    cfg.centre_address = xstrdup("Địa chỉ mẫu, tỉnh Quảng Ninh");
    cfg.hotlines = xstrdup("Bộ phận một cửa: số mẫu");
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    catalog_free(cat);
    free(cfg.centre_name);
    free(cfg.centre_address);
    free(cfg.hotlines);
    return 0;
}

static void
write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");

    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
}

/* Compare with tests/golden/NAME byte for byte; UPDATE_GOLDEN=1 rewrites the
 * file. On a mismatch the actual text is left in /tmp/NAME.actual for diff. */
static void
check_golden(const char *name, const char *text)
{
    char *path, *want;
    const char *update = getenv("UPDATE_GOLDEN");

    xasprintf(&path, GOLDEN_DIR "%s", name);
    if (update != NULL && strcmp(update, "1") == 0) {
        write_file(path, text);
        free(path);
        return;
    }
    want = test_read_file(path);
    if (want == NULL)
        fail_msg("%s is missing: run with UPDATE_GOLDEN=1", path);
    if (strcmp(want, text) != 0) {
        char *actual;

        xasprintf(&actual, "/tmp/%s.actual", name);
        write_file(actual, text);
        fail_msg("%s differs: diff -u %s %s", path, path, actual);
    }
    free(want);
    free(path);
}

struct slip_args {
    int service;
    const int *answers;
    size_t nanswers;
    const int *have;
    size_t nhave;
    enum lang lang;
    time_t when;
};

static int
build(const struct catalog *c, const struct slip_args *a, struct receipt *r, char **cause)
{
    struct slip_input in = {
        .cat = c,
        .svc = catalog_service(c, a->service),
        .cfg = &cfg,
        .answers = a->answers,
        .nanswers = a->nanswers,
        .have = a->have,
        .nhave = a->nhave,
        .slip_no = SLIP_NO,
        .when = a->when != 0 ? a->when : WHEN,
        .lang = a->lang,
    };

    assert_non_null(in.svc);
    return receipt_build_slip(&in, r, cause);
}

/* The slip's text for args; fails the test on an error (caller frees). */
static char *
slip_text(const struct slip_args *a, struct receipt *r)
{
    char *cause = NULL;

    if (build(cat, a, r, &cause) != 0)
        fail_msg("receipt_build_slip: %s", cause);
    return receipt_to_text(r);
}

static size_t
count_kind(const struct receipt *r, enum receipt_kind kind)
{
    size_t n = 0;

    for (size_t i = 0; i < r->nblocks; i++)
        n += r->blocks[i].kind == kind;
    return n;
}

static const struct receipt_block *
find_field(const struct receipt *r, const char *label)
{
    for (size_t i = 0; i < r->nblocks; i++)
        if (r->blocks[i].kind == RB_FIELD && strcmp(r->blocks[i].text, label) == 0)
            return &r->blocks[i];
    return NULL;
}

static const struct receipt_block *
nth_kind(const struct receipt *r, enum receipt_kind kind, size_t nth)
{
    for (size_t i = 0; i < r->nblocks; i++)
        if (r->blocks[i].kind == kind && nth-- == 0)
            return &r->blocks[i];
    return NULL;
}

static const int ANS_WITH_CERT[] = { 1 };
static const int ANS_WITHOUT_CERT[] = { 2 };
static const int HAVE_1_3[] = { 1, 3 };

static void
test_slip_golden_vi(void **state)
{
    struct slip_args a = { 9, ANS_WITH_CERT, 1, HAVE_1_3, 2, LANG_VI, 0 };
    struct receipt r;
    char *text = slip_text(&a, &r);

    (void)state;
    check_golden("slip_khai_sinh_vi.txt", text);
    free(text);
    receipt_done(&r);
}

static void
test_slip_golden_en(void **state)
{
    struct slip_args a = { 9, ANS_WITHOUT_CERT, 1, HAVE_1_3, 2, LANG_EN, 0 };
    struct receipt r;
    char *text = slip_text(&a, &r);

    (void)state;
    check_golden("slip_khai_sinh_en.txt", text);
    free(text);
    receipt_done(&r);
}

static void
test_slip_golden_sample(void **state)
{
    static const int answers[] = { 1, 1 };
    static const int have[] = { 2 };
    struct slip_args a = { 98, answers, N(answers), have, N(have), LANG_VI, 0 };
    struct receipt r;
    char *text = slip_text(&a, &r);

    (void)state;
    check_golden("slip_sample_vi.txt", text);
    free(text);
    receipt_done(&r);
}

/* Ticks follow the outcome's item numbers: ☑ for 1 and 3, ☐ for 2, in order. */
static void
test_slip_ticks(void **state)
{
    struct slip_args a = { 9, ANS_WITH_CERT, 1, HAVE_1_3, 2, LANG_VI, 0 };
    struct receipt r;
    char *text = slip_text(&a, &r);
    const struct receipt_block *b;

    (void)state;
    assert_int_equal(count_kind(&r, RB_CHECK), 3);
    b = nth_kind(&r, RB_CHECK, 0);
    assert_string_equal(b->text, "Tờ khai đăng ký khai sinh");
    assert_int_equal(b->checked, 1);
    b = nth_kind(&r, RB_CHECK, 1);
    assert_string_equal(b->text, "Giấy chứng sinh của cơ sở y tế (bản chính)");
    assert_int_equal(b->checked, 0);
    b = nth_kind(&r, RB_CHECK, 2);
    assert_string_equal(b->text, "Giấy tờ tùy thân của người đi đăng ký");
    assert_int_equal(b->checked, 1);
    assert_non_null(strstr(text, "\n☑ Tờ khai đăng ký khai sinh\n"
                                 "☐ Giấy chứng sinh của cơ sở y tế (bản chính)\n"
                                 "☑ Giấy tờ tùy thân của người đi đăng ký\n"));
    assert_non_null(strstr(text, "\nĐã có: 2/3\n"));
    free(text);
    receipt_done(&r);

    /* The other outcome has a different second item; nothing ticked: all ☐. */
    a.answers = ANS_WITHOUT_CERT;
    a.nhave = 0;
    text = slip_text(&a, &r);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(nth_kind(&r, RB_CHECK, i)->checked, 0);
    assert_null(strstr(text, "\n☑ Tờ"));
    assert_non_null(strstr(text, "\n☐ Tờ khai đăng ký khai sinh\n"));
    assert_non_null(strstr(text, "\n☐ Văn bản của người làm chứng"));
    assert_null(strstr(text, "Giấy chứng sinh của cơ sở y tế"));
    assert_non_null(strstr(text, "\nĐã có: 0/3\n"));
    free(text);
    receipt_done(&r);
}

/* A fact residents may not rely on reads "hỏi cán bộ tại quầy" and nothing else; an
 * unverified procedure code is left out; an unverified item carries "(hỏi cán bộ tại quầy)";
 * no editor's hedge is printed. */
static void
test_slip_unverified(void **state)
{
    static const int answers[] = { 1, 1 };
    struct slip_args a = { 9, ANS_WITH_CERT, 1, NULL, 0, LANG_VI, 0 };
    struct receipt r;
    char *text = slip_text(&a, &r);
    const struct receipt_block *b;

    (void)state;
    assert_false(catalog_service(cat, 9)->tthc.verified);
    assert_null(find_field(&r, "Mã thủ tục"));
    b = find_field(&r, "Lệ phí");
    assert_non_null(b);
    assert_string_equal(b->value, catalog_service(cat, 9)->fee.text.vi);
    assert_null(strstr(text, "xác minh"));
    assert_non_null(strstr(text, "Trang của thủ tục trên Cổng Dịch vụ công quốc gia\n"));
    free(text);
    receipt_done(&r);

    a.service = 98;
    a.answers = answers;
    a.nanswers = N(answers);
    text = slip_text(&a, &r);
    assert_null(find_field(&r, "Mã thủ tục"));
    assert_null(strstr(text, "Mã thủ tục"));
    assert_string_equal(find_field(&r, "Lệ phí")->value, "hỏi cán bộ tại quầy");
    assert_string_equal(find_field(&r, "Thời hạn giải quyết")->value, "hỏi cán bộ tại quầy");
    assert_null(strstr(text, "Mức thu mẫu"));
    assert_string_equal(nth_kind(&r, RB_CHECK, 0)->text, "Giấy mẫu A");
    assert_string_equal(nth_kind(&r, RB_CHECK, 1)->text, "Giấy mẫu B (hỏi cán bộ tại quầy)");
    free(text);
    receipt_done(&r);

    a.lang = LANG_EN;
    text = slip_text(&a, &r);
    assert_string_equal(find_field(&r, "Fee")->value, "ask the officer at the counter");
    assert_null(strstr(text, "xác minh"));
    assert_null(strstr(text, "Sample fee"));
    free(text);
    receipt_done(&r);
}

/* The slip holds no personal data: no field for a name, birth date, ID or phone
 * number, and its only per-visit content is the slip number, the date and the
 * ticks. */
static void
test_slip_no_personal_data(void **state)
{
    static const char *const forbidden[] = {
        "Họ tên",      "Họ và tên", "Ngày sinh", "CCCD",          "Căn cước:", "Số điện thoại",
        "Điện thoại:", "Email",     "Name:",     "Date of birth", "Phone",     "ID number",
    };
    struct slip_args a = { 9, ANS_WITH_CERT, 1, HAVE_1_3, 2, LANG_VI, 0 };
    struct receipt r;
    char *text = slip_text(&a, &r);

    (void)state;
    for (size_t i = 0; i < N(forbidden); i++)
        if (strstr(text, forbidden[i]) != NULL)
            fail_msg("slip contains \"%s\"", forbidden[i]);
    assert_non_null(strstr(text, "\nPhiếu này không ghi thông tin cá nhân nào của bạn.\n"));
    assert_int_equal(r.blocks[r.nblocks - 1].kind, RB_NOTE);
    free(text);
    receipt_done(&r);

    a.lang = LANG_EN;
    text = slip_text(&a, &r);
    for (size_t i = 0; i < N(forbidden); i++)
        if (strstr(text, forbidden[i]) != NULL)
            fail_msg("slip contains \"%s\"", forbidden[i]);
    assert_non_null(strstr(text, "\nThis slip holds none of your personal data.\n"));
    free(text);
    receipt_done(&r);
}

/* Slip number, date, centre, service heading, hotlines and the officer's line.
 */
static void
test_slip_header_footer(void **state)
{
    struct slip_args a = { 9, ANS_WITH_CERT, 1, HAVE_1_3, 2, LANG_VI, 0 };
    struct receipt r;
    char *text = slip_text(&a, &r);

    (void)state;
    assert_int_equal(r.type, RECEIPT_SLIP);
    assert_string_equal(find_field(&r, "Số phiếu")->value, SLIP_NO);
    assert_string_equal(find_field(&r, "Ngày in")->value, "28/11/2026 09:30");
    assert_int_equal(r.blocks[0].kind, RB_CENTER);
    assert_string_equal(r.blocks[0].text, cfg.centre_name);
    assert_string_equal(nth_kind(&r, RB_TITLE, 0)->text, "Phiếu hướng dẫn chuẩn bị hồ sơ");
    assert_non_null(strstr(text, "\n## Dịch vụ số 9: Đăng ký khai sinh\n"));
    assert_string_equal(find_field(&r, "Số hỗ trợ chung")->value, cfg.hotlines);
    /* The provincial portal closed on 2025-06-27: never offered on a later slip. */
    assert_string_equal(find_field(&r, "Nộp hồ sơ tại")->value, "Cổng Dịch vụ công quốc gia");
    assert_int_equal(count_kind(&r, RB_BLANK), 1);
    assert_string_equal(nth_kind(&r, RB_BLANK, 0)->text, "Ghi chú của cán bộ");
    free(text);
    receipt_done(&r);
}

/* At most three return reasons, numbered. */
static void
test_slip_reasons(void **state)
{
    static const int answers[] = { 2 };
    struct slip_args a = { 98, answers, 1, NULL, 0, LANG_VI, 0 };
    struct receipt r;
    char *text = slip_text(&a, &r);

    (void)state;
    assert_int_equal(count_kind(&r, RB_ITEM), 3);
    assert_string_equal(nth_kind(&r, RB_ITEM, 2)->value, "3.");
    assert_non_null(strstr(text, "\n3. Lý do mẫu ba\n"));
    assert_null(strstr(text, "bốn"));
    free(text);
    receipt_done(&r);

    /* Service 9 has none: no heading either. */
    a.service = 9;
    a.answers = ANS_WITH_CERT;
    text = slip_text(&a, &r);
    assert_int_equal(count_kind(&r, RB_ITEM), 0);
    assert_null(strstr(text, "trả lại"));
    free(text);
    receipt_done(&r);
}

/* The service's QR code and the provincial portal's, each with its URL; the
 * provincial one only while that portal is valid (it closed on 2025-06-27). */
static void
test_slip_qr(void **state)
{
    struct slip_args a = { 9, ANS_WITH_CERT, 1, NULL, 0, LANG_VI, 0 };
    const struct service *svc = catalog_service(cat, 9);
    struct receipt r;
    struct qr_matrix m;
    char *cause = NULL;
    char *text = slip_text(&a, &r);
    const struct receipt_block *b;

    (void)state;
    assert_int_equal(count_kind(&r, RB_QR), 1);
    assert_int_equal(r.nqrs, 1);
    b = nth_kind(&r, RB_QR, 0);
    assert_string_equal(b->text, svc->qr_url);
    assert_int_equal(b->qr, 0);
    /* The slip's codes are level L: the same matrix as qr_encode. */
    assert_int_equal(qr_encode(svc->qr_url, &m, &cause), 0);
    assert_int_equal(r.qrs[0].size, m.size);
    assert_memory_equal(r.qrs[0].modules, m.modules, (size_t)m.size * (size_t)m.size);
    qr_done(&m);
    assert_null(strstr(text, "quangninh"));
    free(text);
    receipt_done(&r);

    /* Before it closed: the provincial portal's home page too, saying what it opens. */
    a.when = WHEN_EARLY;
    text = slip_text(&a, &r);
    assert_int_equal(count_kind(&r, RB_QR), 2);
    b = nth_kind(&r, RB_QR, 1);
    assert_string_equal(b->text, "https://dichvucong.quangninh.gov.vn");
    assert_string_equal(b->value, "Trang chủ Cổng Dịch vụ công tỉnh Quảng Ninh");
    assert_int_equal(b->qr, 1);
    assert_non_null(strstr(text, "\nhttps://dichvucong.quangninh.gov.vn\n"));
    free(text);
    receipt_done(&r);
}

static void
test_slip_suggest(void **state)
{
    static const int answers[] = { 1, 1 };
    struct slip_args a = { 98, answers, N(answers), NULL, 0, LANG_VI, 0 };
    struct receipt r;
    char *text = slip_text(&a, &r);

    (void)state;
    assert_string_equal(find_field(&r, "Nên dùng")->value, "Dịch vụ số 9: Đăng ký khai sinh");
    assert_string_equal(find_field(&r, "Trường hợp của bạn")->value, "Trường hợp mẫu có hai giấy");
    assert_non_null(strstr(text, "\nGhi chú mẫu\n"));
    free(text);
    receipt_done(&r);
}

static void
expect_error(const struct slip_args *a, const char *needle)
{
    struct receipt r;
    char *cause = NULL;

    assert_int_equal(build(cat, a, &r, &cause), -1);
    assert_non_null(cause);
    if (strstr(cause, needle) == NULL)
        fail_msg("cause \"%s\" lacks \"%s\"", cause, needle);
    assert_int_equal(r.nblocks, 0);
    assert_null(r.blocks);
    assert_int_equal(r.nqrs, 0);
    free(cause);
    receipt_done(&r);
}

static void
test_slip_bad_input(void **state)
{
    static const int stop[] = { 1 };
    static const int bad[] = { 3 };
    static const int past[] = { 1, 1 };
    static const int have_bad[] = { 4 };
    static const int have_zero[] = { 0 };
    struct slip_args a = { 98, stop, 1, NULL, 0, LANG_VI, 0 };
    struct slip_input in = { 0 };
    struct receipt r;
    char *cause = NULL;

    (void)state;
    expect_error(&a, "stop at a question");
    a.answers = bad;
    expect_error(&a, "do not fit");
    a.service = 9;
    a.answers = past;
    a.nanswers = 2;
    expect_error(&a, "do not fit");
    a.answers = ANS_WITH_CERT;
    a.nanswers = 1;
    a.have = have_bad;
    a.nhave = 1;
    expect_error(&a, "item 4 is not on the checklist (1-3)");
    a.have = have_zero;
    expect_error(&a, "item 0");

    in.cat = cat;
    in.svc = catalog_service(cat, 9);
    in.answers = ANS_WITH_CERT;
    in.nanswers = 1;
    in.slip_no = "";
    assert_int_equal(receipt_build_slip(&in, &r, &cause), -1);
    assert_non_null(strstr(cause, "slip number"));
    free(cause);
    receipt_done(&r);
}

/* Straight from the service page (no answers): every item of the service, with a line
 * saying the questions were not answered; ticks number the service's items. */
static void
test_slip_all_items(void **state)
{
    static const int have_2[] = { 2 };
    static const int have_bad[] = { 9 };
    const struct service *svc = catalog_service(cat, 9);
    struct slip_args a = { 9, NULL, 0, have_2, 1, LANG_VI, 0 };
    struct receipt r;
    char *text;

    (void)state;
    assert_non_null(svc);
    text = slip_text(&a, &r);
    assert_int_equal(count_kind(&r, RB_CHECK), (int)svc->nitems);
    assert_int_equal(nth_kind(&r, RB_CHECK, 1)->checked, 1);
    assert_int_equal(nth_kind(&r, RB_CHECK, 0)->checked, 0);
    assert_non_null(strstr(text, "Chưa trả lời các câu hỏi"));
    free(text);
    receipt_done(&r);
    a.have = have_bad;
    expect_error(&a, "item 9 is not on the checklist");
}

/* A slip without config: no centre lines, no hotlines; still everything else.
 */
static void
test_slip_no_config(void **state)
{
    struct slip_input in = {
        .cat = cat,
        .svc = catalog_service(cat, 9),
        .answers = ANS_WITH_CERT,
        .nanswers = 1,
        .slip_no = SLIP_NO,
        .when = WHEN,
    };
    struct receipt r;
    char *cause = NULL;

    (void)state;
    assert_int_equal(receipt_build_slip(&in, &r, &cause), 0);
    assert_int_equal(r.blocks[0].kind, RB_TITLE);
    assert_int_equal(count_kind(&r, RB_CENTER), 0);
    assert_null(find_field(&r, "Đường dây nóng"));
    assert_int_equal(count_kind(&r, RB_CHECK), 3);
    receipt_done(&r);
    receipt_done(&r); /* twice is harmless */
}

static void
test_handout(void **state)
{
    const struct service *svc = catalog_service(cat, 9);
    struct receipt r;
    struct qr_matrix m;
    char *cause = NULL, *text;

    (void)state;
    assert_int_equal(receipt_build_handout(cat, svc, &cfg, LANG_VI, &r, &cause), 0);
    text = receipt_to_text(&r);
    check_golden("slip_handout_khai_sinh_vi.txt", text);
    assert_int_equal(r.type, RECEIPT_HANDOUT);
    assert_int_equal(r.nqrs, 1);
    /* Handouts use level M. */
    assert_int_equal(qr_encode_m(svc->qr_url, &m, &cause), 0);
    assert_int_equal(r.qrs[0].size, m.size);
    assert_memory_equal(r.qrs[0].modules, m.modules, (size_t)m.size * (size_t)m.size);
    qr_done(&m);
    /* Two outcomes: every item of the service, unticked, after a note. */
    assert_int_equal(count_kind(&r, RB_CHECK), svc->nitems);
    for (size_t i = 0; i < r.nblocks; i++)
        if (r.blocks[i].kind == RB_CHECK)
            assert_int_equal(r.blocks[i].checked, 0);
    assert_int_equal(count_kind(&r, RB_ITEM), svc->nsteps);
    assert_non_null(strstr(text, "\n## Các bước nộp trực tuyến\n1. Mở trang dichvucong.gov.vn\n"));
    assert_non_null(strstr(text, "# Dịch vụ số 9: Đăng ký khai sinh\n"));
    assert_non_null(strstr(text, "Phiên bản danh mục: 2026-11-28"));
    free(text);
    receipt_done(&r);

    /* One outcome: its items only. */
    svc = catalog_service(cat, 98);
    assert_int_equal(receipt_build_handout(cat, svc, NULL, LANG_EN, &r, &cause), 0);
    text = receipt_to_text(&r);
    assert_int_equal(count_kind(&r, RB_CHECK), 2);
    assert_non_null(strstr(text, "# Service no. 98: Sample procedure for slip tests\n"));
    assert_non_null(strstr(text, "The home page of the National Public Service Portal\n"));
    assert_null(strstr(text, "Hotline"));
    assert_null(strstr(text, "help numbers"));
    free(text);
    receipt_done(&r);

    assert_int_equal(receipt_build_handout(cat, NULL, NULL, LANG_VI, &r, &cause), -1);
    free(cause);
}

static void
test_poster(void **state)
{
    struct receipt r;
    char *cause = NULL, *text;

    (void)state;
    assert_int_equal(receipt_build_poster(cat, &cfg, "2026-11-28", LANG_VI, &r, &cause), 0);
    text = receipt_to_text(&r);
    assert_int_equal(r.type, RECEIPT_POSTER);
    assert_int_equal(count_kind(&r, RB_QR), 2);
    assert_int_equal(r.nqrs, 2);
    assert_string_equal(nth_kind(&r, RB_QR, 0)->value, "9. Khai sinh cho con");
    assert_string_equal(nth_kind(&r, RB_QR, 0)->text, catalog_service(cat, 9)->qr_url);
    assert_string_equal(nth_kind(&r, RB_QR, 1)->value, "98. Thủ tục mẫu");
    assert_non_null(strstr(text, "# Dịch vụ công trực tuyến thiết yếu\n"));
    free(text);
    receipt_done(&r);

    /* Service 98 starts on 2026-01-01. */
    assert_int_equal(receipt_build_poster(cat, NULL, "2025-12-01", LANG_VI, &r, &cause), 0);
    assert_int_equal(count_kind(&r, RB_QR), 1);
    receipt_done(&r);

    assert_int_equal(receipt_build_poster(cat, NULL, "2020-01-01", LANG_VI, &r, &cause), -1);
    assert_non_null(strstr(cause, "no service is active on 2020-01-01"));
    free(cause);
}

static void
test_test_page(void **state)
{
    struct receipt r;
    char *cause = NULL, *text;

    (void)state;
    assert_int_equal(receipt_build_test(cat, &cfg, "Quay1", WHEN, LANG_VI, &r, &cause), 0);
    text = receipt_to_text(&r);
    assert_int_equal(r.type, RECEIPT_TEST);
    assert_string_equal(nth_kind(&r, RB_QR, 0)->text,
                        "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html");
    assert_string_equal(find_field(&r, "Máy in")->value, "Quay1");
    assert_non_null(strstr(text, "ƯỪỨỬỮỰ"));
    assert_non_null(strstr(text, "\n☑ "));
    assert_non_null(strstr(text, "\n☐ "));
    free(text);
    receipt_done(&r);

    assert_int_equal(receipt_build_test(NULL, NULL, NULL, WHEN, LANG_EN, &r, &cause), 0);
    assert_int_equal(r.nqrs, 1);
    assert_string_equal(nth_kind(&r, RB_QR, 0)->text, "Printer test page");
    receipt_done(&r);
}

/* Every kind of block as plain text, and nothing for an empty receipt. */
static void
test_to_text_kinds(void **state)
{
    static const struct {
        enum receipt_kind kind;
        const char *text, *value;
        int checked;
    } blocks[] = {
        { RB_CENTER, "Xã mẫu", NULL, 0 },
        { RB_TITLE, "Tiêu đề", NULL, 0 },
        { RB_HEADING, "Mục", NULL, 0 },
        { RB_LINE, "Đoạn văn", NULL, 0 },
        { RB_FIELD, "Nhãn", "giá trị", 0 },
        { RB_CHECK, "Có rồi", NULL, 1 },
        { RB_CHECK, "Còn thiếu", NULL, 0 },
        { RB_ITEM, "Bước một", "1.", 0 },
        { RB_QR, "https://a.example", "Chú thích", 0 },
        { RB_RULE, "", NULL, 0 },
        { RB_BLANK, "Ghi chú", NULL, 0 },
        { RB_NOTE, "Chữ nhỏ", NULL, 0 },
    };
    struct receipt r = { 0 };
    char *cause = NULL;
    char *text = receipt_to_text(&r);

    (void)state;
    assert_string_equal(text, "");
    free(text);
    r.blocks = xcalloc(N(blocks), sizeof(*r.blocks));
    r.nblocks = N(blocks);
    for (size_t i = 0; i < N(blocks); i++) {
        r.blocks[i].kind = blocks[i].kind;
        r.blocks[i].text = xstrdup(blocks[i].text);
        r.blocks[i].value = blocks[i].value != NULL ? xstrdup(blocks[i].value) : NULL;
        r.blocks[i].checked = blocks[i].checked;
    }
    r.qrs = xcalloc(1, sizeof(*r.qrs));
    r.nqrs = 1;
    assert_int_equal(qr_encode("https://a.example", &r.qrs[0], &cause), 0);
    text = receipt_to_text(&r);
    assert_string_equal(text, "Xã mẫu\n"
                              "# Tiêu đề\n"
                              "## Mục\n"
                              "Đoạn văn\n"
                              "Nhãn: giá trị\n"
                              "☑ Có rồi\n"
                              "☐ Còn thiếu\n"
                              "1. Bước một\n"
                              "[QR 21x21] Chú thích\n"
                              "https://a.example\n"
                              "----------------------------------------\n"
                              "Ghi chú: ______________________________\n"
                              "Chữ nhỏ\n");
    free(text);
    receipt_done(&r);
    assert_null(r.blocks);
    assert_null(r.qrs);
}

/* Walk every path of a catalog's flows (depth first), calling fn at each
 * outcome. */
static void
walk_paths(const struct service *svc, int *answers, size_t n, size_t max,
           void (*fn)(const struct service *, const int *, size_t, int))
{
    int pos = -1;
    enum flow_result fr = flow_walk(svc, answers, n, &pos);

    if (fr == FLOW_OUTCOME) {
        fn(svc, answers, n, pos);
        return;
    }
    assert_int_equal(fr, FLOW_QUESTION);
    assert_true(n < max);
    for (size_t i = 0; i < svc->questions[pos].nanswers; i++) {
        answers[n] = (int)i + 1;
        walk_paths(svc, answers, n + 1, max, fn);
    }
}

static struct catalog *sweep_cat;
static size_t sweep_outcomes;

/* For one path: all ticked gives all ☑; odd items ticked gives ☑ exactly there;
 * every unverified item carries the mark, and verified ones do not. */
static void
sweep_one(const struct service *svc, const int *answers, size_t n, int outcome)
{
    const struct outcome *oc = &svc->outcomes[outcome];
    int *have = xcalloc(oc->nitems + 1, sizeof(*have));
    size_t nhave = 0;
    struct slip_args a = { svc->number, answers, n, have, 0, LANG_VI, 0 };
    struct receipt r;
    char *cause = NULL;

    for (size_t i = 0; i < oc->nitems; i += 2)
        have[nhave++] = (int)i + 1;
    a.nhave = nhave;
    if (build(sweep_cat, &a, &r, &cause) != 0)
        fail_msg("service %d: %s", svc->number, cause);
    assert_int_equal(count_kind(&r, RB_CHECK), oc->nitems);
    for (size_t i = 0; i < oc->nitems; i++) {
        const struct receipt_block *b = nth_kind(&r, RB_CHECK, i);
        const struct checklist_item *it = &svc->items[oc->items[i]];

        assert_int_equal(b->checked, i % 2 == 0);
        assert_int_equal(strstr(b->text, "(hỏi cán bộ tại quầy)") != NULL, !it->verified);
        assert_int_equal(strncmp(b->text, it->text.vi, strlen(it->text.vi)), 0);
    }
    assert_int_equal(find_field(&r, "Mã thủ tục") != NULL,
                     catalog_fact_shown(&svc->tthc, "2026-11-28"));
    assert_string_equal(find_field(&r, "Số phiếu")->value, SLIP_NO);
    if (svc->qr_url != NULL)
        assert_string_equal(nth_kind(&r, RB_QR, 0)->text, svc->qr_url);
    receipt_done(&r);
    free(have);
    sweep_outcomes++;
}

static void
test_sweep_small_catalog(void **state)
{
    struct strlist problems = { 0 };
    int answers[64];

    (void)state;
    if (catalog_load(SMALL_FIXTURE, &sweep_cat, &problems) != 0)
        fail_msg("%s: %s", SMALL_FIXTURE, problems.n > 0 ? problems.v[0] : "?");
    sweep_outcomes = 0;
    for (size_t i = 0; i < sweep_cat->nservices; i++) {
        const struct service *svc = &sweep_cat->services[i];
        struct receipt r;
        char *cause = NULL;

        walk_paths(svc, answers, 0, N(answers), sweep_one);
        if (receipt_build_handout(sweep_cat, svc, NULL, LANG_VI, &r, &cause) != 0)
            fail_msg("handout %d: %s", svc->number, cause);
        receipt_done(&r);
    }
    assert_true(sweep_outcomes >= sweep_cat->nservices);
    catalog_free(sweep_cat);
}

/* The pre-flight answers "no" are on the slip, before the papers, with what to do. */
static void
test_slip_todos(void **state)
{
    static const int answers[] = { 1 };
    struct catalog *c = NULL;
    struct strlist problems = { 0 };
    size_t todo = 0, bad = 99;
    struct slip_input in = { .slip_no = SLIP_NO, .when = WHEN, .lang = LANG_VI };
    struct receipt r;
    char *cause = NULL, *text, *head, *item, *papers;

    (void)state;
    if (catalog_load(SMALL_FIXTURE, &c, &problems) != 0)
        fail_msg("%s: %s", SMALL_FIXTURE, problems.n > 0 ? problems.v[0] : "?");
    in.cat = c;
    in.svc = catalog_service(c, 3);
    assert_non_null(in.svc);
    in.answers = answers;
    in.nanswers = 1;
    assert_int_equal(receipt_build_slip(&in, &r, &cause), 0);
    text = receipt_to_text(&r);
    assert_null(strstr(text, "Cần làm trước")); /* no "no": no section */
    free(text);
    receipt_done(&r);

    assert_string_equal(c->prereqs[todo].id, "p_test");
    in.todos = &todo;
    in.ntodos = 1;
    assert_int_equal(receipt_build_slip(&in, &r, &cause), 0);
    text = receipt_to_text(&r);
    head = strstr(text, "Cần làm trước khi nộp trực tuyến");
    item = strstr(text, "Hỏi cán bộ thử");
    papers = strstr(text, "Giấy tờ cần chuẩn bị");
    assert_non_null(head);
    assert_non_null(item);
    assert_non_null(papers);
    assert_true(head < item && item < papers);
    free(text);
    receipt_done(&r);

    in.lang = LANG_EN;
    assert_int_equal(receipt_build_slip(&in, &r, &cause), 0);
    text = receipt_to_text(&r);
    assert_non_null(strstr(text, "To do before filing online"));
    assert_non_null(strstr(text, "Ask the test officer"));
    free(text);
    receipt_done(&r);

    in.todos = &bad;
    assert_int_equal(receipt_build_slip(&in, &r, &cause), -1);
    assert_non_null(strstr(cause, "not a pre-flight question"));
    free(cause);
    receipt_done(&r);
    catalog_free(c);
}

/* Format 2 on the slip: the fee with who pays nothing, the fee of the resident's case when
 * the answers settle it, the time in force on the slip's day, the agency's own hotlines (the
 * sourced ones) before the general numbers, the VNeID path, what the code opens; the closed
 * provincial portal nowhere. */
static void
test_slip_format_2(void **state)
{
    static const int no[] = { 2 }, over_60[] = { 1, 1 };
    struct strlist problems = { 0 };
    struct catalog *v2 = NULL;
    struct slip_args a = { 1, no, 1, NULL, 0, LANG_VI, 0 };
    struct receipt r;
    char *cause = NULL, *text;
    size_t i;

    (void)state;
    assert_int_equal(catalog_load("tests/fixtures/catalog_v2.json", &v2, &problems), 0);
    assert_int_equal(build(v2, &a, &r, &cause), 0);
    text = receipt_to_text(&r);
    assert_string_equal(find_field(&r, "Lệ phí")->value, "10.000 đồng thử");
    assert_non_null(strstr(text, "\nLệ phí: 10.000 đồng thử\nMiễn phí nếu bạn là: người thử từ 60 "
                                 "tuổi trở lên; trẻ em thử dưới 16 tuổi\n"));
    /* 2026-11-28: the version from 2026-07-01. */
    assert_string_equal(find_field(&r, "Thời hạn giải quyết")->value, "5 ngày làm việc thử");
    assert_string_equal(find_field(&r, "Nộp hồ sơ tại")->value, "Cổng thử");
    assert_non_null(
        strstr(text, "\nĐường dây nóng: Tổng đài thử: 0203 000 000\nSố hỗ trợ chung: "));
    assert_null(strstr(text, "1800 0000")); /* an unverified number is not printed */
    assert_non_null(strstr(text, "\n## Làm trên ứng dụng VNeID\n1. Mở ứng dụng thử\n2. Chọn mục "
                                 "Thủ tục thử\n3. Chọn Đăng ký thử\n"));
    assert_non_null(strstr(text, "] Trang tải ứng dụng thử\nhttps://app.example/tai-ve\n"));
    assert_null(strstr(text, "province.example"));
    assert_null(strstr(text, "Cổng tỉnh thử"));
    free(text);
    receipt_done(&r);

    /* Aged 60 or over: the outcome's own fee, and no exemption line. */
    a.answers = over_60;
    a.nanswers = 2;
    assert_int_equal(build(v2, &a, &r, &cause), 0);
    text = receipt_to_text(&r);
    assert_string_equal(find_field(&r, "Lệ phí")->value, "Miễn phí thử");
    assert_null(strstr(text, "Miễn phí nếu bạn là"));
    free(text);
    receipt_done(&r);

    /* Before 2026-07-01 the earlier time applies. */
    a.answers = no;
    a.nanswers = 1;
    a.when = (time_t)1782000000; /* 2026-06-21 */
    assert_int_equal(build(v2, &a, &r, &cause), 0);
    assert_string_equal(find_field(&r, "Thời hạn giải quyết")->value, "10 ngày làm việc thử");
    for (i = 0; i < r.nblocks; i++)
        assert_null(strstr(r.blocks[i].text, "135.000"));
    receipt_done(&r);
    catalog_free(v2);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slip_golden_vi),
        cmocka_unit_test(test_slip_golden_en),
        cmocka_unit_test(test_slip_golden_sample),
        cmocka_unit_test(test_slip_ticks),
        cmocka_unit_test(test_slip_todos),
        cmocka_unit_test(test_slip_unverified),
        cmocka_unit_test(test_slip_no_personal_data),
        cmocka_unit_test(test_slip_header_footer),
        cmocka_unit_test(test_slip_reasons),
        cmocka_unit_test(test_slip_qr),
        cmocka_unit_test(test_slip_suggest),
        cmocka_unit_test(test_slip_bad_input),
        cmocka_unit_test(test_slip_all_items),
        cmocka_unit_test(test_slip_no_config),
        cmocka_unit_test(test_handout),
        cmocka_unit_test(test_poster),
        cmocka_unit_test(test_test_page),
        cmocka_unit_test(test_to_text_kinds),
        cmocka_unit_test(test_sweep_small_catalog),
        cmocka_unit_test(test_slip_format_2),
    };

    setenv("TZ", "UTC", 1);
    tzset();
    return cmocka_run_group_tests(tests, setup, teardown);
}
