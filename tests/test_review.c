/*
 * The catalog review sheet (receipt_build_review): what it lists for editors, and, rendered
 * to PDF with the print helper's renderer, that every URL of `kiosk catalog list` decodes
 * from it with pdftoppm -r 300 + zbarimg, together with the other codes the kiosk prints
 * (the provincial portal while valid, the test page's), and nothing else.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "catalog.h"
#include "catalog_cmd.h"
#include "config.h"
#include "i18n.h"
#include "print/pdf.h"
#include "receipt.h"
#include "xmalloc.h"

#define V2      "tests/fixtures/catalog_v2.json"
#define SHIPPED "assets/catalog.json"

static char dir[] = "/tmp/kiosk-test-review-XXXXXX";

static int
setup(void **state)
{
    (void)state;
    return mkdtemp(dir) != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
    char *cmd;

    (void)state;
    xasprintf(&cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", dir);
    free(cmd);
    return 0;
}

static struct catalog *
load(const char *path)
{
    struct strlist problems = { 0 };
    struct catalog *cat = NULL;

    if (catalog_load(path, &cat, &problems) != 0)
        for (size_t i = 0; i < problems.n; i++)
            fprintf(stderr, "%s\n", problems.v[i]);
    strlist_free(&problems);
    assert_non_null(cat);
    return cat;
}

static char *
review_text(const struct catalog *cat, const char *date, int days, enum lang lang)
{
    struct receipt r;
    char *cause = NULL, *text;

    if (receipt_build_review(cat, NULL, date, days, lang, &r, &cause) != 0)
        fail_msg("review: %s", cause);
    assert_int_equal(r.type, RECEIPT_REVIEW);
    text = receipt_to_text(&r);
    receipt_done(&r);
    return text;
}

static void
expect(const char *text, const char *needle)
{
    if (strstr(text, needle) == NULL)
        fail_msg("\"%s\" not in:\n%s", needle, text);
}

/* Editors see what residents never do: unverified facts with their notes and sources, old
 * checks, unverified items, every code with a box; history is left out. */
static void
test_review_lists(void **state)
{
    struct catalog *cat = load(V2);
    char *text;

    (void)state;
    text = review_text(cat, "2026-12-06", 180, LANG_VI);
    expect(text, "# Phiếu kiểm tra danh mục dịch vụ\n");
    expect(text, "## Dịch vụ số 1: Thủ tục thử A\n");
    expect(text, "☐ Nơi giải quyết [services[0].agency]: Được cho là Cơ quan thử (chưa xác "
                 "nhận) — chưa xác minh · Ghi chú: Nguồn cũ, cần xác minh · Nguồn: T1\n");
    expect(text, "☐ Đường dây nóng [services[0].hotlines[1]]: Số thử 1800 0000 — chưa xác minh "
                 "· Ghi chú: unconfirmed, old article · Nguồn: T1\n");
    expect(text, "☐ Giấy tờ [services[0].items[1]]: Giấy thử chưa rõ — chưa xác minh · Ghi chú: "
                 "được cho là cần; chưa xác nhận\n");
    expect(text, "Ghi chú: S43 inferred; believed to change\n");
    /* Verified and recently checked: not listed. */
    assert_null(strstr(text, "[services[0].fee]"));
    /* A version that has ended is history. */
    assert_null(strstr(text, "10 ngày làm việc thử"));
    /* The code, what it opens, its box. */
    expect(text, "Trang tải ứng dụng thử\nhttps://app.example/tai-ve\n☐ Đã quét: trang mở ra đúng "
                 "[services[0].qr] · Thủ tục thử làm trên ứng dụng");
    expect(text, "https://national.example/thu-tuc?ma=TEST.001\n☐ Đã quét: trang mở ra đúng "
                 "[services[1].qr] — chưa xác minh");
    /* The closed provincial portal is not among the other codes. */
    assert_null(strstr(text, "province.example"));
    expect(text, "Phiên bản danh mục: test-v2\n");
    expect(text, "Mã băm danh mục: ");
    expect(text, cat->hash);
    free(text);

    /* Half a year on: the old checks are listed, with their age. */
    text = review_text(cat, "2027-06-01", 180, LANG_EN);
    expect(text, "☐ Fee [services[0].fee]: 10,000 test dong — last checked 2026-11-28, 185 days "
                 "ago · Note: Một bài viết cũ ghi 135.000 đ · Sources: T1\n");
    expect(text, "☐ Processing time [services[0].time[1]]: 5 test working days — last checked "
                 "2026-11-28, 185 "
                 "days ago (2026-07-01 → …)");
    expect(text, "☐ Scanned: the page that opens is right [services[0].qr] — last checked "
                 "2026-11-28, 185 days ago");
    free(text);
    catalog_free(cat);
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every URL of `catalog list` (with the provincial portal's and the test page's) decodes
 * from the rendered sheet, and no other. */
static void
test_review_pdf_codes(void **state)
{
    struct catalog *cat = load(SHIPPED);
    FILE *list = tmpfile();
    struct strlist want = { 0 }, got = { 0 };
    struct receipt r;
    struct pdf_result res;
    char *cause = NULL, *pdf, *cmd, line[4096];
    const struct portal *prov, *national;
    FILE *p;

    (void)state;
    assert_non_null(list);
    assert_int_equal(catalog_cmd_list(SHIPPED, NULL, NULL, "2026-12-06", list, stderr), 0);
    rewind(list);
    while (fgets(line, sizeof line, list) != NULL) {
        char *url = strrchr(line, '\t');

        assert_non_null(url);
        url[strcspn(url, "\n")] = '\0';
        if (url[1] != '\0')
            strlist_add(&want, url + 1);
    }
    fclose(list);
    assert_true(want.n >= 20);
    prov = catalog_provincial(cat, "2026-12-06");
    if (prov != NULL) {
        char *u = catalog_portal_home_url(prov);

        strlist_add(&want, u);
        free(u);
    }
    national = catalog_portal(cat, "dvcqg");
    if (national != NULL) {
        char *u = catalog_portal_home_url(national);

        strlist_add(&want, u);
        free(u);
    }

    assert_int_equal(receipt_build_review(cat, NULL, "2026-12-06", 180, LANG_VI, &r, &cause), 0);
    xasprintf(&pdf, "%s/review.pdf", dir);
    if (pdf_render_doc(&r, 1, PAPER_A4, pdf, &res, &cause) != 0)
        fail_msg("render: %s", cause);
    assert_true(res.pages >= 2);
    xasprintf(&cmd,
              "pdftoppm -r 300 -png '%s' '%s/page' && for f in '%s'/page*.png; do "
              "zbarimg --raw -q \"$f\" 2>/dev/null; rm -f \"$f\"; done",
              pdf, dir, dir);
    p = popen(cmd, "r");
    assert_non_null(p);
    while (fgets(line, sizeof line, p) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0] != '\0')
            strlist_add(&got, line);
    }
    assert_int_equal(pclose(p), 0);
    qsort(want.v, want.n, sizeof *want.v, cmp_str);
    qsort(got.v, got.n, sizeof *got.v, cmp_str);
    if (got.n != want.n)
        fail_msg("%zu codes decoded from the sheet, %zu expected", got.n, want.n);
    for (size_t i = 0; i < want.n; i++)
        assert_string_equal(got.v[i], want.v[i]);
    print_message("# %zu codes decoded from %d pages\n", got.n, res.pages);
    pdf_result_done(&res);
    receipt_done(&r);
    strlist_free(&want);
    strlist_free(&got);
    free(cmd);
    free(pdf);
    catalog_free(cat);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_review_lists),
        cmocka_unit_test(test_review_pdf_codes),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
