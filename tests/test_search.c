/* Tests for search.c: folded, Telex/VNI and raw queries, numbers, ranking, dates. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "catalog.h"
#include "compose.h"
#include "search.h"
#include "text.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/*
 * A hand-built catalog. Numbers, official names and English names are those of the shipped
 * catalog (assets/catalog.json); the plain names and synonyms are TEST DATA
 * written for these tests, and service 99 is invented to test the date filter.
 */
static const struct {
    int number;
    const char *code, *official, *english, *plain, *plain_en;
    const char *synonyms[3];
    const char *from, *until;
} rows[] = {
    { 1,
      "xac_nhan_cmnd",
      "Xác nhận số chứng minh nhân dân khi đã được cấp thẻ căn cước công dân",
      "Confirm old ID-card number",
      "Giấy xác nhận số CMND cũ",
      "Paper with your old ID number",
      { "cmnd", NULL, NULL },
      "2022-01-01",
      NULL },
    { 2,
      "cccd",
      "Cấp lại, đổi thẻ căn cước công dân",
      "Re-issue / renew ID card",
      "Làm lại thẻ căn cước",
      "New ID card",
      { "làm căn cước", "cccd", NULL },
      "2022-01-01",
      NULL },
    { 3,
      "thuong_tru",
      "Đăng ký thường trú",
      "Permanent residence registration",
      "Đăng ký nơi ở lâu dài",
      "Register where you live",
      { "hộ khẩu", "nhập khẩu", NULL },
      "2022-01-01",
      NULL },
    { 4,
      "tam_tru",
      "Đăng ký tạm trú",
      "Temporary residence registration",
      "Đăng ký ở tạm",
      "Register a temporary stay",
      { "tạm trú", NULL, NULL },
      "2022-01-01",
      NULL },
    { 8,
      "phat_nguoi",
      "Thu tiền nộp phạt xử lý vi phạm hành chính trong lĩnh vực giao thông đường bộ qua "
      "thiết bị ghi hình (phạt nguội)",
      "Pay camera traffic fines",
      "Nộp phạt nguội",
      "Pay a camera fine",
      { "camera", "vi phạm giao thông", NULL },
      "2022-01-01",
      NULL },
    { 9,
      "khai_sinh",
      "Đăng ký khai sinh",
      "Birth registration",
      "Làm giấy khai sinh cho con",
      "Birth certificate for a child",
      { "sinh con", "giấy khai sinh", NULL },
      "2022-01-01",
      NULL },
    { 12,
      "ho_chieu",
      "Cấp, cấp lại, sửa đổi, bổ sung hộ chiếu phổ thông",
      "Ordinary passport",
      "Làm hộ chiếu",
      "Get a passport",
      { "passport", "xuất cảnh", NULL },
      "2022-01-01",
      NULL },
    { 15,
      "lien_thong_khai_sinh",
      "Liên thông đăng ký khai sinh - Đăng ký thường trú - Cấp thẻ bảo hiểm y tế cho trẻ dưới "
      "6 tuổi",
      "Newborn bundle: birth + residence + health card (child under 6)",
      "Khai sinh, thường trú và thẻ BHYT cho trẻ",
      "Birth, residence and health card together",
      { "trẻ sơ sinh", "bhyt", NULL },
      "2022-01-01",
      NULL },
    { 20,
      "giay_phep_lai_xe",
      "Cấp đổi, cấp lại giấy phép lái xe",
      "Renew / re-issue driving licence",
      "Đổi bằng lái xe",
      "Renew a driving licence",
      { "bằng lái", "gplx", NULL },
      "2022-01-01",
      NULL },
    { 23,
      "tro_cap_that_nghiep",
      "Giải quyết hưởng trợ cấp thất nghiệp",
      "Claim unemployment benefit",
      "Nhận trợ cấp khi mất việc",
      "Money when you lose your job",
      { "mất việc", "thất nghiệp", NULL },
      "2022-01-01",
      NULL },
    { 99,
      "het_han",
      "Thủ tục thử đã hết hạn",
      "Expired test procedure",
      "Thử hết hạn",
      "Expired test",
      { "khai sinh", NULL, NULL },
      "2020-01-01",
      "2021-12-31" },
};

static struct catalog *cat;
static struct search_index *idx;

static char *
dup(const char *s)
{
    return s == NULL ? NULL : xstrdup(s);
}

static int
setup(void **state)
{
    size_t i, j;
    struct service *s;

    (void)state;
    cat = xcalloc(1, sizeof *cat);
    cat->nservices = N(rows);
    cat->services = xcalloc(N(rows), sizeof *cat->services);
    for (i = 0; i < N(rows); i++) {
        s = &cat->services[i];
        s->number = rows[i].number;
        s->code = dup(rows[i].code);
        s->official_name.vi = dup(rows[i].official);
        s->official_name.en = dup(rows[i].english);
        s->plain_name.vi = dup(rows[i].plain);
        s->plain_name.en = dup(rows[i].plain_en);
        for (j = 0; j < 3 && rows[i].synonyms[j] != NULL; j++)
            strlist_add(&s->synonyms, rows[i].synonyms[j]);
        s->valid_from = dup(rows[i].from);
        s->valid_until = dup(rows[i].until);
    }
    idx = search_index_new(cat, "2026-01-15");
    return 0;
}

static int
teardown(void **state)
{
    size_t i;
    struct service *s;

    (void)state;
    search_index_free(idx);
    for (i = 0; i < cat->nservices; i++) {
        s = &cat->services[i];
        free(s->code);
        free(s->official_name.vi);
        free(s->official_name.en);
        free(s->plain_name.vi);
        free(s->plain_name.en);
        strlist_free(&s->synonyms);
        free(s->valid_from);
        free(s->valid_until);
    }
    free(cat->services);
    free(cat);
    return 0;
}

/* The service numbers found for what was typed (composed as the kiosk does), best first. */
static size_t
find(const char *typed, int *nums, size_t max)
{
    struct search_hit hits[32];
    char *composed = compose_string(typed);
    size_t n, i;

    n = search_run(idx, composed, typed, hits, max < 32 ? max : 32);
    for (i = 0; i < n; i++) {
        nums[i] = hits[i].svc->number;
        if (i > 0)
            assert_true(hits[i - 1].score >= hits[i].score);
    }
    free(composed);
    return n;
}

struct expect {
    const char *typed;
    int want[6]; /* the first hits in order, 0-terminated; {0} = no hit at all */
};

static void
check(const struct expect *e, size_t n)
{
    int got[32];
    size_t i, j, k;

    for (i = 0; i < n; i++) {
        k = find(e[i].typed, got, 32);
        for (j = 0; j < N(e[i].want) && e[i].want[j] != 0; j++) {
            if (j >= k || got[j] != e[i].want[j])
                fail_msg("\"%s\": hit %zu is %d, want %d (%zu hits)", e[i].typed, j,
                         j < k ? got[j] : -1, e[i].want[j], k);
        }
        if (e[i].want[0] == 0 && k != 0)
            fail_msg("\"%s\": %zu hits (first %d), want none", e[i].typed, k, got[0]);
    }
}

static void
test_plain_and_folded(void **state)
{
    static const struct expect e[] = {
        { "Đăng ký khai sinh", { 9, 15, 0 } },
        { "dang ky khai sinh", { 9, 15, 0 } },
        { "DANG KY KHAI SINH", { 9, 15, 0 } },
        { "khai sinh", { 9, 15, 0 } },
        { "thuong tru", { 3, 15, 0 } },
        { "tam tru", { 4, 0 } },
        { "ho chieu", { 12, 0 } },
        { "hộ chiếu", { 12, 0 } },
        { "căn cước", { 1, 2, 0 } },
        { "giay phep lai xe", { 20, 0 } },
        { "tro cap that nghiep", { 23, 0 } },
        { "phạt nguội", { 8, 0 } },
        { "Đăng-ký, khai   sinh!", { 9, 15, 0 } },
        { "xyz", { 0 } },
        { "", { 0 } },
        { "   ", { 0 } },
    };

    (void)state;
    check(e, N(e));
}

static void
test_telex_vni(void **state)
{
    static const struct expect e[] = {
        { "ddawng kys khai sinh", { 9, 15, 0 } },
        { "d9a8ng ky1 khai sinh", { 9, 15, 0 } },
        { "ddawng kys thuwowngf trus", { 3, 15, 0 } },
        { "hooj chieeus", { 12, 0 } },
        { "ho65 chie6u1", { 12, 0 } },
        { "cawn cuwowcs", { 1, 2, 0 } },
        { "bawngf lais", { 20, 0 } },
        { "trowj caaps", { 23, 0 } },
        { "phatj nguooij", { 8, 0 } },
    };

    (void)state;
    check(e, N(e));
}

static void
test_raw_rescues(void **state)
{
    static const struct expect e[] = {
        /* Telex turns "pass" into "pas": the raw keys still find the English word */
        { "passport", { 12, 0 } },
        /* "Birth" composes to "Bỉth"; the raw text matches */
        { "Birth", { 9, 15, 0 } },
        { "camera", { 8, 0 } },
        { "driving licence", { 20, 0 } },
    };

    (void)state;
    check(e, N(e));
}

static void
test_numbers(void **state)
{
    static const struct expect e[] = {
        { "15", { 15, 0 } }, { "9", { 9, 0 } }, { "09", { 9, 0 } },
        { "20", { 20, 0 } }, { "5", { 0 } }, /* no service 5 in this catalog */
        { "99", { 0 } },                     /* service 99 has expired */
        { "0", { 0 } },
    };
    struct search_hit hits[4];
    int got[32];

    (void)state;
    check(e, N(e));
    /* a number among words counts as a word of that service's name */
    assert_int_equal(find("15 khai sinh", got, 32), 1);
    assert_int_equal(got[0], 15);
    assert_int_equal(find("9 khai sinh", got, 32), 1);
    assert_int_equal(got[0], 9);
    /* "6" is a word of 15's name ("dưới 6 tuổi"), but alone it is a number */
    assert_int_equal(find("6 tuoi", got, 32), 1);
    assert_int_equal(got[0], 15);
    /* a number names one service only, however many texts contain the digit */
    assert_int_equal(find("6", got, 32), 0);
    assert_int_equal(find("15", got, 32), 1);
    /* and it ranks above any text match */
    assert_int_equal(search_run(idx, "15", "15", hits, 4), 1);
    assert_true(hits[0].score > 100);
}

static void
test_ranking(void **state)
{
    static const struct expect e[] = {
        /* prefixes while typing */
        { "kh", { 1, 9, 15, 0 } }, /* "khi", "khai", "khai": all name prefixes */
        { "khai s", { 9, 15, 0 } },
        { "ho ch", { 12, 0 } },
        /* a name above a synonym: "thất nghiệp" is in 23's name, "mất việc" only a synonym */
        { "that nghiep", { 23, 0 } },
        /* "khai sinh" is a synonym of expired 99 and in names of 9 and 15 */
        { "khai sinh", { 9, 15, 0 } },
        /* "ho khau" only as a synonym of 3 */
        { "ho khau", { 3, 0 } },
        /* whole word above prefix, same field kind: "tam tru" whole in 4, not in others */
        { "tam", { 4, 0 } },
        /* every word must match */
        { "khai sinh passport", { 0 } },
        /* the code is searched too */
        { "gplx", { 20, 0 } },
        /* English names and synonyms in English */
        { "passport", { 12, 0 } },
        { "unemployment", { 23, 0 } },
    };
    struct search_hit hits[8];
    size_t n;

    (void)state;
    check(e, N(e));

    /* whole word above prefix: "thu" is a whole word of 8's name ("Thu tiền"), a prefix of
     * "thường" in the names of 3 and 15 */
    n = search_run(idx, "thu", NULL, hits, 8);
    assert_int_equal(n, 3);
    assert_int_equal(hits[0].svc->number, 8);
    assert_int_equal(hits[1].svc->number, 3);
    assert_int_equal(hits[2].svc->number, 15);
    assert_true(hits[0].score > hits[1].score);

    /* "thẻ" is a whole word in the names of 1, 2 and 15: equal scores, by number */
    n = search_run(idx, "the", NULL, hits, 8);
    assert_int_equal(n, 3);
    assert_int_equal(hits[0].svc->number, 1);
    assert_int_equal(hits[1].svc->number, 2);
    assert_int_equal(hits[2].svc->number, 15);
    assert_int_equal(hits[0].score, hits[2].score);

    /* the phrase counts: "làm lại" is in 2's plain name; 12 has both words apart */
    n = search_run(idx, "lam lai", NULL, hits, 8);
    assert_true(n >= 1);
    assert_int_equal(hits[0].svc->number, 2);
}

static void
test_ties_and_max(void **state)
{
    struct search_hit hits[2], all[16];
    size_t n, i;

    (void)state;
    /* "dang ky" is in the names of 3, 4, 9 and 15 with the same words: by number */
    n = search_run(idx, "dang ky", NULL, all, 16);
    assert_true(n >= 4);
    assert_int_equal(all[0].score, all[1].score);
    for (i = 1; i < n; i++)
        if (all[i].score == all[i - 1].score)
            assert_true(all[i].svc->number > all[i - 1].svc->number);
    /* at most max hits, the best ones */
    n = search_run(idx, "dang ky", NULL, hits, 2);
    assert_int_equal(n, 2);
    assert_ptr_equal(hits[0].svc, all[0].svc);
    assert_ptr_equal(hits[1].svc, all[1].svc);
    assert_int_equal(search_run(idx, "dang ky", NULL, hits, 0), 0);
    /* NULL inputs */
    assert_int_equal(search_run(idx, NULL, NULL, hits, 2), 0);
    assert_int_equal(search_run(NULL, "dang ky", NULL, hits, 2), 0);
}

static void
test_dates(void **state)
{
    struct search_index *old;
    struct search_hit hits[4];
    size_t n;

    (void)state;
    /* service 99 is found on a date it was valid, and not today */
    old = search_index_new(cat, "2021-06-01");
    n = search_run(old, "het han", NULL, hits, 4);
    assert_int_equal(n, 1);
    assert_int_equal(hits[0].svc->number, 99);
    search_index_free(old);
    assert_int_equal(search_run(idx, "het han", NULL, hits, 4), 0);
    search_index_free(NULL);
}

static void
test_fixture_catalog(void **state)
{
    struct strlist problems = { 0 };
    struct catalog *small = NULL;
    struct search_index *si;
    struct search_hit hits[4];
    size_t n;

    (void)state;
    assert_int_equal(catalog_load("tests/fixtures/catalog_small.json", &small, &problems), 0);
    si = search_index_new(small, "2026-01-15");
    n = search_run(si, "goi thu", NULL, hits, 4);
    assert_true(n >= 1);
    assert_int_equal(hits[0].svc->number, 3);
    n = search_run(si, "3", "3", hits, 4);
    assert_int_equal(n, 1);
    assert_int_equal(hits[0].svc->number, 3);
    search_index_free(si);
    catalog_free(small);
    strlist_free(&problems);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_and_folded),
        cmocka_unit_test(test_telex_vni),
        cmocka_unit_test(test_raw_rescues),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_ranking),
        cmocka_unit_test(test_ties_and_max),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_fixture_catalog),
    };

    setlocale(LC_ALL, "C.UTF-8");
    return cmocka_run_group_tests(tests, setup, teardown);
}
