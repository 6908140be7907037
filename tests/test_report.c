/*
 * The monthly report: built from the fixture month (tests/fixtures/staff_stats.sql) as a
 * receipt, rendered to an A4 PDF, and read back with pdftotext and pdfinfo: the commune's
 * name, the period, the per-service counts and the programme's figures are in it, on one or
 * two pages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "config.h"
#include "db.h"
#include "db_internal.h"
#include "db_stats.h"
#include "print/pdf.h"
#include "receipt.h"
#include "stats_report.h"
#include "testutil.h"
#include "xmalloc.h"

/* The output of a shell command (caller frees). */
static char *
run(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    struct strbuf b;
    char buf[4096];
    size_t n;

    assert_non_null(p);
    strbuf_init(&b);
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        strbuf_add(&b, buf, n);
    assert_int_equal(pclose(p), 0);
    return strbuf_take(&b);
}

/* pdftotext's text with every run of white space made one space. */
static char *
squeeze(char *s)
{
    char *w = s;
    bool space = false;

    for (char *r = s; *r != '\0'; r++) {
        if (*r == ' ' || *r == '\n' || *r == '\t' || *r == '\f') {
            space = true;
            continue;
        }
        if (space && w != s)
            *w++ = ' ';
        space = false;
        *w++ = *r;
    }
    *w = '\0';
    return s;
}

static void
test_monthly_report_pdf(void **state)
{
    char dir[] = "/tmp/kiosk-report-XXXXXX", *path, *cause = NULL, *sql, *text, *cmd, *info;
    struct db *db;
    struct catalog *cat;
    struct strlist problems = { 0 };
    struct config cfg;
    struct stats s;
    struct receipt r;
    struct pdf_result res;

    (void)state;
    setenv("TZ", "Asia/Ho_Chi_Minh", 1);
    tzset();
    assert_non_null(mkdtemp(dir));
    xasprintf(&path, "%s/kiosk.db", dir);
    assert_int_equal(db_open(path, &db, &cause), 0);
    free(path);
    sql = test_read_file("tests/fixtures/staff_stats.sql");
    assert_int_equal(db_exec(db, sql, &cause), 0);
    free(sql);
    assert_int_equal(catalog_load("tests/fixtures/catalog_small.json", &cat, &problems), 0);
    config_defaults(&cfg);
    free(cfg.centre_name);
    cfg.centre_name = xstrdup("UBND xã Thử Nghiệm");
    free(cfg.centre_address);
    cfg.centre_address = xstrdup("Số 1 đường Thử, tỉnh Quảng Ninh");

    assert_int_equal(db_stats_get(db, "2026-11-01", "2026-11-30", &s, &cause), 0);
    assert_int_equal(stats_report_build(&s, cat, &cfg, "2026-12-01", LANG_VI, &r, &cause), 0);
    assert_int_equal(r.type, RECEIPT_REPORT);
    {
        char *plain = receipt_to_text(&r);

        assert_non_null(strstr(plain, "1. Làm thử A (1 xong · 1 phiếu): 3\n"));
        free(plain);
    }
    xasprintf(&path, "%s/bao-cao-2026-11.pdf", dir);
    memset(&res, 0, sizeof res);
    if (pdf_render_ex(&r, PAPER_A4, path, &res, &cause) != 0)
        fail_msg("render: %s", cause);
    assert_true(res.pages >= 1 && res.pages <= 2);
    if (getenv("KIOSK_KEEP_REPORT") != NULL) { /* to look at it: pdftoppm -png */
        xasprintf(&cmd, "cp '%s' '%s'", path, getenv("KIOSK_KEEP_REPORT"));
        assert_int_equal(system(cmd), 0);
        free(cmd);
    }
    pdf_result_done(&res);

    xasprintf(&cmd, "pdftotext -layout -enc UTF-8 '%s' -", path);
    text = squeeze(run(cmd));
    free(cmd);
    assert_non_null(strstr(text, "UBND xã Thử Nghiệm"));
    assert_non_null(strstr(text, "Báo cáo tháng 11/2026"));
    assert_non_null(strstr(text, "01/11/2026 – 30/11/2026"));
    /* Per-service counts: opened 3 / 2 / 1, with the checklist and slip counts. */
    assert_non_null(strstr(text, "1. Làm thử A (1 xong · 1 phiếu) 3"));
    assert_non_null(strstr(text, "2. Làm thử B (1 xong · 0 phiếu) 2"));
    assert_non_null(strstr(text, "3. Làm cả A và B (1 xong · 1 phiếu) 1"));
    assert_non_null(strstr(text, "Phiên bắt đầu 6"));
    assert_non_null(strstr(text, "33.3 (1/3)"));
    assert_non_null(strstr(text, "Trần Thị Bình (TV02)"));
    assert_non_null(strstr(text, "Người lập báo cáo"));
    free(text);
    xasprintf(&cmd, "pdfinfo '%s'", path);
    info = run(cmd);
    free(cmd);
    assert_non_null(strstr(info, "595.276 x 841.89 pts (A4)"));
    free(info);

    receipt_done(&r);
    stats_done(&s);
    catalog_free(cat);
    config_done(&cfg);
    db_close(db);
    free(path);
    xasprintf(&cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_monthly_report_pdf),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
