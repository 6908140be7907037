/* Tests for search.c: folded, Telex/VNI and raw queries, numbers, ranking by coverage, words
 * run together, typos, dates, the search screen in English, and the phrasing table
 * (tests/fixtures/search_phrasings.tsv) against the shipped catalog. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "catalog.h"
#include "catalog_cmd.h"
#include "compose.h"
#include "i18n.h"
#include "search.h"
#include "testapp.h"
#include "testutil.h"
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
        { "căn cước", { 2, 1, 0 } }, /* 2 is more about it: its plain name and a synonym */
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
        { "cawn cuwowcs", { 2, 1, 0 } },
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
    assert_true(find("15 khai sinh", got, 32) >= 1);
    assert_int_equal(got[0], 15);
    assert_true(find("9 khai sinh", got, 32) >= 1);
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

/* Every hit's score is at least the next one's; equal scores go by service number. */
static void
assert_ordered(const struct search_hit *h, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        assert_true(h[i - 1].score >= h[i].score);
        if (h[i - 1].score == h[i].score)
            assert_true(h[i - 1].svc->number < h[i].svc->number);
    }
}

/* Is service num among the n hits? */
static bool
has_hit(const int *got, size_t n, int num)
{
    for (size_t i = 0; i < n; i++)
        if (got[i] == num)
            return true;
    return false;
}

static void
test_ranking(void **state)
{
    static const struct expect e[] = {
        /* prefixes while typing */
        { "khai s", { 9, 15, 0 } },
        { "ho ch", { 12, 0 } },
        /* "ho khau" only as a synonym of 3 */
        { "ho khau", { 3, 0 } },
        /* whole word above prefix: "tam" is a whole word of 4 ("tạm trú"), not of others */
        { "tam", { 4, 0 } },
        /* the code is searched too */
        { "gplx", { 20, 0 } },
        /* English names and synonyms in English */
        { "passport", { 12, 0 } },
        { "unemployment", { 23, 0 } },
        /* the phrase counts: "làm lại" is in 2's plain name; 12 has both words apart */
        { "lam lai", { 2, 0 } },
    };
    struct search_hit hits[8];
    int got[32];
    size_t n;

    (void)state;
    check(e, N(e));

    /* "kh" starts words of 1 ("khi"), 3 ("khẩu"), 9 and 15 ("khai"): all of them */
    n = find("kh", got, 32);
    assert_true(n >= 4);
    assert_true(has_hit(got, n, 1) && has_hit(got, n, 3) && has_hit(got, n, 9) &&
                has_hit(got, n, 15));

    /* whole word above prefix: "thu" is a whole word of 8's name ("Thu tiền"), a prefix of
     * "thường" in the names of 3 and 15 */
    n = search_run(idx, "thu", NULL, hits, 8);
    assert_int_equal(n, 3);
    assert_int_equal(hits[0].svc->number, 8);
    assert_true(hits[0].score > hits[1].score);
    assert_ordered(hits, n);
}

/* Ranked by how much of the query a service explains, not by every word being there. */
static void
test_coverage(void **state)
{
    static const struct expect e[] = {
        /* a word no service has does not hide the services that have the rest */
        { "khai sinh cho be nha toi", { 9, 15, 0 } },
        { "dang ky tam tru cho nguoi o tro", { 4, 0 } },
        /* little words weigh little: "cho", "làm", "của", "người" */
        { "lam ho chieu cho nguoi nha", { 12, 0 } },
        /* the service with more of the query first */
        { "khai sinh thuong tru bhyt", { 15, 0 } },
        /* a query of little words alone finds nothing */
        { "cho nguoi lam", { 0 } },
        /* words no service has: no result */
        { "xyz abc qqq", { 0 } },
        /* and they do not hide what the other words find */
        { "xyz abc qqq ho chieu", { 12, 0 } },
    };
    int got[32];
    size_t n;

    (void)state;
    check(e, N(e));
    /* two of three words: 9 and 15 first, 12 (one word) after them */
    n = find("khai sinh passport", got, 32);
    assert_true(n >= 2);
    assert_int_equal(got[0], 9);
    assert_int_equal(got[1], 15);
}

/* Words run together, and one typo per word. */
static void
test_joined_and_typos(void **state)
{
    static const struct expect e[] = {
        { "khaisinh", { 9, 15, 0 } },
        { "dangkykhaisinh", { 9, 15, 0 } },
        { "hochieu", { 12, 0 } },
        { "tamtru", { 4, 0 } },
        { "giayphep laixe", { 20, 0 } },
        /* still being typed: "hochi" */
        { "hochi", { 12, 0 } },
        /* one letter wrong, missing, extra, swapped */
        { "khai sonh", { 9, 15, 0 } },
        { "khai snh", { 9, 15, 0 } },
        { "khai sinnh", { 9, 15, 0 } },
        { "khai sihn", { 9, 15, 0 } },
        { "ho chiue", { 12, 0 } },
        { "passprot", { 12, 0 } },
        /* two typos in one word are too many */
        { "pssprot", { 0 } },
    };

    (void)state;
    check(e, N(e));
}

/* Telex composing that matches nothing gives way to the raw keys; a plain composer (the
 * kiosk in English) never composes. */
static void
test_raw_and_plain(void **state)
{
    struct compose c;
    struct search_hit hits[8];
    size_t n;

    (void)state;
    /* Vietnamese: "khaisinh" composes to "kháiinh", which no service has */
    compose_init(&c);
    for (const char *k = "khaisinh"; *k; k++)
        compose_key(&c, (uint32_t)*k);
    assert_string_equal(c.text, "kháiinh");
    n = search_run(idx, c.text, c.raw, hits, 8);
    assert_true(n >= 1);
    assert_int_equal(hits[0].svc->number, 9);

    /* English: keys are typed as they are */
    compose_init(&c);
    compose_set_plain(&c, true);
    for (const char *k = "passport ddawng kys"; *k; k++)
        compose_key(&c, (uint32_t)*k);
    assert_string_equal(c.text, "passport ddawng kys");
    assert_string_equal(c.raw, "passport ddawng kys");
    compose_backspace(&c);
    assert_string_equal(c.text, "passport ddawng ky");
    assert_string_equal(c.raw, "passport ddawng ky");
}

static void
test_ties_and_max(void **state)
{
    struct search_hit hits[2], all[16];
    size_t n;

    (void)state;
    /* "dang ky" is in the names of 3, 4, 9 and 15 */
    n = search_run(idx, "dang ky", NULL, all, 16);
    assert_true(n >= 4);
    assert_ordered(all, n);
    /* "the" (thẻ) is a whole word in the names of 1, 2 and 15: ties go by number */
    n = search_run(idx, "the", NULL, all, 16);
    assert_true(n >= 3);
    assert_ordered(all, n);
    /* at most max hits, the best ones */
    n = search_run(idx, "dang ky", NULL, hits, 2);
    assert_int_equal(n, 2);
    n = search_run(idx, "dang ky", NULL, all, 16);
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
    struct search_hit hits[8];
    size_t n;

    (void)state;
    /* service 99 is found on a date it was valid, and not today */
    old = search_index_new(cat, "2021-06-01");
    n = search_run(old, "thu tuc thu het han", NULL, hits, 8);
    assert_true(n >= 1);
    assert_int_equal(hits[0].svc->number, 99);
    search_index_free(old);
    n = search_run(idx, "thu tuc thu het han", NULL, hits, 8);
    for (size_t i = 0; i < n; i++)
        assert_int_not_equal(hits[i].svc->number, 99);
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

/* --- The phrasing table: what residents type, against the shipped catalog ---------------- */

#define PHRASINGS "tests/fixtures/search_phrasings.tsv"
#define SHIPPED   "assets/catalog.json"

/* Type keys into a composer as the search screen does (plain: the kiosk in English). */
static void
type_keys(struct compose *c, const char *keys, bool plain)
{
    size_t len = strlen(keys), i = 0;
    uint32_t cp;

    compose_init(c);
    compose_set_plain(c, plain);
    while (i < len) {
        i += text_decode(keys + i, len - i, &cp);
        compose_key(c, cp);
    }
}

/*
 * Every row of the table: the service it names is among the first three results (asserted)
 * and, as often as possible, the first (reported: "search phrasings: …" is what make bench
 * reads). A missing table or catalog fails.
 */
static void
test_phrasings(void **state)
{
    struct strlist problems = { 0 };
    struct catalog *shipped = NULL;
    struct search_index *si;
    struct search_hit hits[8];
    struct compose c;
    char *text, *line, *save = NULL, today[11];
    size_t nrows = 0, top1 = 0, top3 = 0, n, lineno = 0;
    int want;

    (void)state;
    text = test_read_file(PHRASINGS);
    if (text == NULL)
        fail_msg("%s cannot be read", PHRASINGS);
    if (catalog_load(SHIPPED, &shipped, &problems) != 0)
        fail_msg("%s is refused or missing", SHIPPED);
    catalog_cmd_today(today);
    si = search_index_new(shipped, today);
    for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        char *f[4], *p = line;
        size_t k;

        lineno++;
        if (line[0] == '#' || line[0] == '\0')
            continue;
        for (k = 0; k < 4 && p != NULL; k++) {
            f[k] = p;
            p = strchr(p, '\t');
            if (p != NULL)
                *p++ = '\0';
        }
        if (k < 4 || (strcmp(f[1], "vi") != 0 && strcmp(f[1], "en") != 0) || atoi(f[0]) <= 0)
            fail_msg("%s:%zu: want NUMBER<TAB>vi|en<TAB>typed<TAB>kind", PHRASINGS, lineno);
        want = atoi(f[0]);
        type_keys(&c, f[2], strcmp(f[1], "en") == 0);
        n = search_run(si, c.text, c.raw, hits, 8);
        nrows++;
        if (n > 0 && hits[0].svc->number == want)
            top1++;
        for (k = 0; k < n && k < 3; k++)
            if (hits[k].svc->number == want)
                break;
        if (k < n && k < 3) {
            top3++;
            if (k > 0)
                print_message("  second or third: %s \"%s\" (%s, shown \"%s\"): %d is at %zu, "
                              "after %d\n",
                              f[3], f[2], f[1], c.text, want, k + 1, hits[0].svc->number);
        } else {
            print_message("  NOT IN THE FIRST THREE: %s \"%s\" (%s, shown \"%s\"): want %d, got",
                          f[3], f[2], f[1], c.text, want);
            for (k = 0; k < n && k < 5; k++)
                print_message(" %d", hits[k].svc->number);
            print_message("\n");
        }
    }
    print_message("search phrasings: %zu rows, top-1 %zu (%.1f%%), top-3 %zu (%.1f%%)\n", nrows,
                  top1, nrows ? 100.0 * (double)top1 / (double)nrows : 0.0, top3,
                  nrows ? 100.0 * (double)top3 / (double)nrows : 0.0);
    search_index_free(si);
    catalog_free(shipped);
    strlist_free(&problems);
    free(text);
    assert_true(nrows >= 150);
    assert_int_equal(top3, nrows);
}

/* The search screen with the shipped catalog: in English "tax" is typed as it is and finds
 * the tax registration; in Vietnamese Telex makes it "tã", and the raw keys still find it;
 * when only the letters as typed find anything, the screen says so. */
static void
test_screen_english_and_raw(void **state)
{
    struct test_app *t;

    (void)state;
    t = test_app_new(SHIPPED, 24, 80);
    assert_non_null(t->cat);
    i18n_set_lang(LANG_EN);
    test_keys(t, '/', 0);
    assert_string_equal(test_top(t), "search");
    test_type(t, "tax");
    assert_true(test_screen_has(t, "Search: tax\n"));
    assert_true(test_screen_has(t, "1 found — ↑ ↓ to choose"));
    assert_true(test_screen_has(t, "▶ 18. Register for tax"));
    test_keys(t, TK_ESC, 0);
    i18n_set_lang(LANG_VI);
    test_keys(t, '/', 0);
    test_type(t, "tax");
    assert_true(test_screen_has(t, "Tìm: tã\n"));
    assert_true(test_screen_has(t, "▶ 18. Đăng ký mã số thuế"));
    test_keys(t, TK_ESC, 0);
    /* Telex makes "khaisinh" "kháiinh", which finds nothing: the letters as typed do */
    test_keys(t, '/', 0);
    test_type(t, "khaisinh");
    assert_true(test_screen_has(t, "Tìm: kháiinh\n"));
    assert_true(test_screen_has(t, "kết quả cho “khaisinh” (chữ như bạn gõ)"));
    assert_true(test_screen_has(t, "▶  9. Làm giấy khai sinh cho con"));
    test_keys(t, TK_ESC, 0);
    test_app_free(t);
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
        cmocka_unit_test(test_coverage),
        cmocka_unit_test(test_joined_and_typos),
        cmocka_unit_test(test_raw_and_plain),
        cmocka_unit_test(test_ties_and_max),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_fixture_catalog),
        cmocka_unit_test(test_phrasings),
        cmocka_unit_test(test_screen_english_and_raw),
    };

    setlocale(LC_ALL, "C.UTF-8");
    return cmocka_run_group_tests(tests, setup, teardown);
}
