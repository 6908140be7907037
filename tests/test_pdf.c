/*
 * Tests for src/print/pdf.c, checked with the real tools on the rendered files: pdfinfo
 * (page size), pdftotext -layout (text with every diacritic), pdffonts (only DejaVu Sans is
 * embedded), pdftoppm + zbarimg (every QR code decodes to exactly its URL). Files go to a
 * private folder under /tmp, removed at the end.
 *
 * Timing (not asserted): an 80 mm slip renders in about 15-25 ms on a 2-core CI machine;
 * the test prints the measured time.
 */
#include <ctype.h>
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
#include "i18n.h"
#include "print/pdf.h"
#include "receipt.h"
#include "xmalloc.h"

#define FIXTURE   "tests/fixtures/receipt_catalog.json"
#define REAL      "assets/catalog.json"
#define WHEN      ((time_t)1795858200) /* 2026-11-28 09:30 UTC */
#define SLIP_NO   "20261128-0042"
#define A4_W_PT   595.276
#define A4_H_PT   841.89
#define PT_PER_MM (72.0 / 25.4)
#define N(a)      (sizeof(a) / sizeof((a)[0]))

static struct catalog *cat;
static struct config cfg;
static char dir[] = "/tmp/kiosk-test-pdf-XXXXXX";

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
    if (mkdtemp(dir) == NULL)
        return -1;
    memset(&cfg, 0, sizeof(cfg));
    cfg.centre_name = xstrdup("Trung tâm phục vụ hành chính công xã (mẫu)");
    cfg.centre_address = xstrdup("Địa chỉ mẫu, tỉnh Quảng Ninh");
    cfg.hotlines = xstrdup("Bộ phận một cửa: số mẫu");
    return 0;
}

static int
teardown(void **state)
{
    char *cmd;

    (void)state;
    catalog_free(cat);
    free(cfg.centre_name);
    free(cfg.centre_address);
    free(cfg.hotlines);
    if (getenv("KEEP_PDF") == NULL) {
        xasprintf(&cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            fprintf(stderr, "cannot remove %s\n", dir);
        free(cmd);
    } else {
        fprintf(stderr, "PDFs kept in %s\n", dir);
    }
    return 0;
}

/* Run a shell command; its stdout (caller frees). Fails the test on a non-zero exit. */
static char *run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
run(const char *fmt, ...)
{
    va_list ap;
    char *cmd, buf[4096];
    struct strbuf out;
    FILE *p;
    size_t n;
    int rc;

    va_start(ap, fmt);
    xvasprintf(&cmd, fmt, ap);
    va_end(ap);
    p = popen(cmd, "r");
    assert_non_null(p);
    strbuf_init(&out);
    while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
        strbuf_add(&out, buf, n);
    rc = pclose(p);
    if (rc != 0)
        fail_msg("command failed (%d): %s", rc, cmd);
    free(cmd);
    return strbuf_take(&out);
}

static char *
path_for(const char *name)
{
    char *p;

    xasprintf(&p, "%s/%s", dir, name);
    return p;
}

/* Page size and count from pdfinfo. */
static void
pdfinfo(const char *pdf, double *w, double *h, int *pages)
{
    char *out = run("pdfinfo '%s'", pdf);
    const char *size = strstr(out, "Page size:");
    const char *np = strstr(out, "Pages:");

    assert_non_null(size);
    assert_non_null(np);
    assert_int_equal(sscanf(size, "Page size: %lf x %lf pts", w, h), 2);
    assert_int_equal(sscanf(np, "Pages: %d", pages), 1);
    free(out);
}

/* pdftotext -layout with every run of white space (line breaks of wrapped text, the
 * layout's columns) collapsed to one space. Caller frees. */
static char *
pdftext(const char *pdf)
{
    char *raw = run("pdftotext -layout -enc UTF-8 '%s' -", pdf);
    char *out = xmalloc(strlen(raw) + 1), *o = out;
    int space = 0;

    for (const char *p = raw; *p != '\0'; p++) {
        if (isspace((unsigned char)*p) || *p == '\f') {
            space = 1;
            continue;
        }
        if (space && o > out)
            *o++ = ' ';
        space = 0;
        *o++ = *p;
    }
    *o = '\0';
    free(raw);
    return out;
}

static void
expect_text(const char *text, const char *needle)
{
    if (strstr(text, needle) == NULL)
        fail_msg("\"%s\" not found in the PDF's text:\n%s", needle, text);
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Rasterise at dpi and decode every QR code; compare with want[] as multisets. zbarimg's
 * harmless D-Bus complaint goes to stderr, which is discarded. */
static void
expect_qr(const char *pdf, const char *dpi_opts, const char **want, size_t nwant)
{
    char *out = run("pdftoppm %s -png '%s' '%s/page' && for f in '%s'/page*.png; do "
                    "zbarimg --raw -q \"$f\" 2>/dev/null; rm -f \"$f\"; done",
                    dpi_opts, pdf, dir, dir);
    struct strlist got = { 0 };
    const char **w = xcalloc(nwant + 1, sizeof(*w));

    for (char *line = strtok(out, "\n"); line != NULL; line = strtok(NULL, "\n"))
        strlist_add(&got, line);
    memcpy(w, want, nwant * sizeof(*w));
    qsort(got.v, got.n, sizeof(*got.v), cmp_str);
    qsort(w, nwant, sizeof(*w), cmp_str);
    if (got.n != nwant)
        fail_msg("%s: %zu QR codes decoded, %zu expected", pdf, got.n, nwant);
    for (size_t i = 0; i < nwant; i++)
        assert_string_equal(got.v[i], w[i]);
    strlist_free(&got);
    free(w);
    free(out);
}

/* Crop each code with 3.5 modules of its quiet zone (so no neighbour shows) and decode it
 * alone: exactly want[i]. Modules are whole 203 dpi dots, never under 0.8 mm, and every
 * code with its quiet zone lies on the page. */
static void
expect_qr_each(const char *pdf, const struct pdf_result *res, const char **want, size_t nwant,
               double dpi, const char *opts)
{
    assert_int_equal(res->nqrs, nwant);
    for (size_t i = 0; i < nwant; i++) {
        const struct pdf_qr_place *q = &res->qrs[i];
        double margin = 3.5 * q->module_mm, px = dpi / 25.4;
        double dots = q->module_mm * 8;
        double frac = dots - (double)(long)(dots + 0.5);
        char *out;

        assert_true(q->module_mm >= 0.8);
        assert_true(frac < 1e-6 && frac > -1e-6);
        assert_true(q->x_mm - 4 * q->module_mm >= 0);
        assert_true(q->x_mm + q->side_mm + 4 * q->module_mm <= res->width_mm + 1e-6);
        assert_true(q->y_mm - 4 * q->module_mm >= 0);
        assert_true(q->y_mm + q->side_mm + 4 * q->module_mm <= res->height_mm + 1e-6);
        out = run("pdftoppm %s -r %g -f %d -l %d -x %d -y %d -W %d -H %d -png '%s' '%s/cell' && "
                  "zbarimg --raw -q '%s'/cell*.png 2>/dev/null; rm -f '%s'/cell*.png",
                  opts, dpi, q->page + 1, q->page + 1, (int)((q->x_mm - margin) * px),
                  (int)((q->y_mm - margin) * px), (int)((q->side_mm + 2 * margin) * px) + 1,
                  (int)((q->side_mm + 2 * margin) * px) + 1, pdf, dir, dir, dir);
        if (strlen(out) == 0 || out[strlen(out) - 1] != '\n')
            fail_msg("%s: code %zu (page %d at %.1f,%.1f mm) did not decode", pdf, i, q->page + 1,
                     q->x_mm, q->y_mm);
        out[strlen(out) - 1] = '\0';
        assert_string_equal(out, want[i]);
        free(out);
    }
}

/* Only DejaVu Sans (regular, bold) is embedded. */
static void
expect_only_dejavu(const char *pdf)
{
    char *out = run("pdffonts '%s' | tail -n +3 | awk '{print $1}'", pdf);
    int n = 0;

    for (char *line = strtok(out, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        const char *plus = strchr(line, '+'); /* subset prefix "ABCDEF+" */
        const char *name = plus != NULL ? plus + 1 : line;

        if (strcmp(name, "DejaVuSans") != 0 && strcmp(name, "DejaVuSans-Bold") != 0)
            fail_msg("%s embeds font %s", pdf, line);
        n++;
    }
    assert_true(n >= 1);
    free(out);
}

static void
slip(int service, const int *answers, size_t nanswers, const int *have, size_t nhave,
     struct receipt *r)
{
    struct slip_input in = {
        .cat = cat,
        .svc = catalog_service(cat, service),
        .cfg = &cfg,
        .answers = answers,
        .nanswers = nanswers,
        .have = have,
        .nhave = nhave,
        .slip_no = SLIP_NO,
        .when = WHEN,
        .lang = LANG_VI,
    };
    char *cause = NULL;

    if (receipt_build_slip(&in, r, &cause) != 0)
        fail_msg("slip: %s", cause);
}

static void
render(const struct receipt *r, enum paper paper, const char *path, double *w, double *h)
{
    char *cause = NULL;

    if (pdf_render(r, paper, path, w, h, &cause) != 0)
        fail_msg("pdf_render %s: %s", paper_name(paper), cause);
}

static void
render_ex(const struct receipt *r, enum paper paper, const char *path, struct pdf_result *res)
{
    char *cause = NULL;

    if (pdf_render_ex(r, paper, path, res, &cause) != 0)
        fail_msg("pdf_render_ex %s: %s", paper_name(paper), cause);
    assert_int_equal(res->nqrs, r->nqrs);
}

static double
elapsed_ms(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) * 1e3 + (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

static void
test_paper_parse(void **state)
{
    enum paper p = PAPER_A4;

    (void)state;
    assert_int_equal(paper_parse("58mm", &p), 0);
    assert_int_equal(p, PAPER_58MM);
    assert_int_equal(paper_parse("80MM", &p), 0);
    assert_int_equal(p, PAPER_80MM);
    assert_int_equal(paper_parse("a5", &p), 0);
    assert_int_equal(p, PAPER_A5);
    assert_int_equal(paper_parse("A4", &p), 0);
    assert_int_equal(p, PAPER_A4);
    assert_int_equal(paper_parse("A3", &p), -1);
    assert_int_equal(paper_parse("", &p), -1);
    assert_int_equal(paper_parse(NULL, &p), -1);
    assert_string_equal(paper_name(PAPER_80MM), "80mm");
    assert_true(paper_printable_mm(PAPER_58MM) == 48.0);
    assert_true(paper_printable_mm(PAPER_80MM) == 72.0);
    assert_true(paper_width_mm(PAPER_A4) == 210.0);
}

/* DejaVu Sans resolves to its real file; every run of Vietnamese text uses it; a text the
 * font cannot show is refused, never printed as tofu. */
static void
test_fonts(void **state)
{
    static const char *const vietnamese[] = {
        "Phiếu hướng dẫn chuẩn bị hồ sơ",
        "Ủy ban nhân dân xã — Đăng ký khai sinh, thường trú, tạm trú",
        "☑ Giấy chứng sinh của cơ sở y tế   ☐ Giấy tờ tùy thân",
        "ỲÝỶỸỴ ỳýỷỹỵ ƯỪỨỬỮỰ ưừứửữự ƠỜỚỞỠỢ ơờớởỡợ Đđ",
    };
    char *cause = NULL;

    (void)state;
    if (pdf_check_fonts(&cause) != 0)
        fail_msg("%s", cause);
    for (size_t i = 0; i < N(vietnamese); i++)
        if (pdf_check_text(vietnamese[i], &cause) != 0)
            fail_msg("%s", cause);
    for (int id = 0; id < MSG_COUNT; id++) {
        if (pdf_check_text(tr_in(LANG_VI, (enum msg_id)id), &cause) != 0)
            fail_msg("message %d: %s", id, cause);
        if (pdf_check_text(tr_in(LANG_EN, (enum msg_id)id), &cause) != 0)
            fail_msg("message %d: %s", id, cause);
    }
    /* Han characters: no installed font has them: unknown glyphs. */
    assert_int_equal(pdf_check_text("Tờ khai 漢字", &cause), -1);
    assert_non_null(strstr(cause, "missing"));
    free(cause);
    cause = NULL;
    /* A Private Use character no installed font maps. */
    assert_int_equal(pdf_check_text("\xee\x80\x80", &cause), -1);
    free(cause);
}

/* The 80 mm slip: page exactly 80 mm wide, text with diacritics, both QR codes. */
static void
test_slip_80mm(void **state)
{
    static const int answers[] = { 1 };
    static const int have[] = { 1, 3 };
    struct receipt r;
    struct timespec t0, t1;
    double w, h, pw, ph;
    int pages;
    char *pdf = path_for("slip80.pdf"), *text;
    const char *urls[2];

    (void)state;
    slip(9, answers, 1, have, 2, &r);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    render(&r, PAPER_80MM, pdf, &w, &h);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("# 80 mm slip rendered in %.1f ms (%.0f mm long)\n", elapsed_ms(&t0, &t1), h);
    assert_true(w == 80.0);
    pdfinfo(pdf, &pw, &ph, &pages);
    assert_int_equal(pages, 1);
    assert_true(pw > 226.77 - 0.5 && pw < 226.77 + 0.5);
    assert_true(ph > h * PT_PER_MM - 0.5 && ph < h * PT_PER_MM + 0.5);
    assert_true(h > 100 && h < 600);
    assert_true(h == (double)(int)h); /* whole mm, for PageSize=Custom.80x<H>mm */

    text = pdftext(pdf);
    expect_text(text, "Phiếu hướng dẫn chuẩn bị hồ sơ");
    expect_text(text, "Dịch vụ số 9: Đăng ký khai sinh");
    expect_text(text, "Số phiếu: 20261128-0042");
    expect_text(text, "☑ Tờ khai đăng ký khai sinh");
    expect_text(text, "☐ Giấy chứng sinh của cơ sở y tế (bản chính)");
    expect_text(text, "☑ Giấy tờ tùy thân của người đi đăng ký");
    expect_text(text, "Lệ phí: Miễn phí khi đăng ký đúng hạn");
    expect_text(text, "Trong ngày; hồ sơ nhận sau 15 giờ được giải quyết");
    expect_text(text, "Phiếu này không ghi thông tin cá nhân nào của bạn.");
    free(text);
    expect_only_dejavu(pdf);

    /* The provincial portal closed on 2025-06-27: only the service's own code. */
    urls[0] = catalog_service(cat, 9)->qr_url;
    expect_qr(pdf, "-r 300", urls, 1);
    receipt_done(&r);
    free(pdf);
}

/* The 58 mm slip: 58 mm wide; the codes also decode from a 1-bit raster at the printer's
 * own 203 dpi, so whole-dot modules are really printable. */
static void
test_slip_58mm(void **state)
{
    static const int answers[] = { 1, 1 };
    static const int have[] = { 1 };
    struct receipt r;
    struct pdf_result res;
    double pw, ph;
    int pages;
    char *pdf = path_for("slip58.pdf"), *text;
    const char *urls[2];

    (void)state;
    slip(98, answers, 2, have, 1, &r);
    render_ex(&r, PAPER_58MM, pdf, &res);
    assert_true(res.width_mm == 58.0);
    assert_int_equal(res.pages, 1);
    pdfinfo(pdf, &pw, &ph, &pages);
    assert_int_equal(pages, 1);
    assert_true(pw > 58 * PT_PER_MM - 0.5 && pw < 58 * PT_PER_MM + 0.5);
    assert_true(ph > res.height_mm * PT_PER_MM - 0.5 && ph < res.height_mm * PT_PER_MM + 0.5);
    text = pdftext(pdf);
    expect_text(text, "Thủ tục mẫu để kiểm thử phiếu");
    expect_text(text, "☑ Giấy mẫu A");
    expect_text(text, "☐ Giấy mẫu B (hỏi cán bộ tại quầy)");
    expect_text(text, "1. Lý do mẫu một");
    free(text);
    urls[0] = catalog_service(cat, 98)->qr_url;
    expect_qr(pdf, "-r 300", urls, 1);
    expect_qr_each(pdf, &res, urls, 1, 300, "");
    expect_qr_each(pdf, &res, urls, 1, 203.2, "-mono");
    /* 48 mm printable: the codes (quiet zone included) stay inside 5..53 mm. */
    for (size_t i = 0; i < res.nqrs; i++) {
        assert_true(res.qrs[i].x_mm - 4 * res.qrs[i].module_mm >= 5 - 0.07);
        assert_true(res.qrs[i].x_mm + res.qrs[i].side_mm + 4 * res.qrs[i].module_mm <= 53 + 0.07);
    }
    pdf_result_done(&res);
    receipt_done(&r);
    free(pdf);
}

/* The roll is as long as its content: more items, a longer page. */
static void
test_roll_length(void **state)
{
    struct receipt r = { 0 };
    double w, h1, h2;
    char *pdf = path_for("roll.pdf");

    (void)state;
    r.blocks = xcalloc(40, sizeof(*r.blocks));
    for (size_t i = 0; i < 40; i++) {
        r.blocks[i].kind = RB_LINE;
        r.blocks[i].text = xstrdup("Dòng chữ thử có dấu tiếng Việt");
    }
    r.nblocks = 10;
    render(&r, PAPER_80MM, pdf, &w, &h1);
    r.nblocks = 40;
    render(&r, PAPER_80MM, pdf, &w, &h2);
    assert_true(h2 > h1 * 2.5);
    receipt_done(&r);
    free(pdf);
}

/* The A4 handout: one A4 page, names, items, steps, one large code. */
static void
test_handout_a4(void **state)
{
    const struct service *svc = catalog_service(cat, 9);
    struct receipt r;
    struct pdf_result res;
    double w, h, pw, ph;
    int pages;
    char *pdf = path_for("handout.pdf"), *text, *cause = NULL;
    const char *urls[1] = { svc->qr_url };

    (void)state;
    assert_int_equal(receipt_build_handout(cat, svc, &cfg, LANG_VI, &r, &cause), 0);
    render(&r, PAPER_A4, pdf, &w, &h);
    assert_true(w == 210.0 && h == 297.0);
    pdfinfo(pdf, &pw, &ph, &pages);
    assert_int_equal(pages, 1);
    assert_true(pw > A4_W_PT - 1 && pw < A4_W_PT + 1);
    assert_true(ph > A4_H_PT - 1 && ph < A4_H_PT + 1);
    text = pdftext(pdf);
    expect_text(text, "Dịch vụ số 9: Đăng ký khai sinh");
    expect_text(text, "Khai sinh cho con");
    expect_text(text, "☐ Văn bản của người làm chứng; nếu không có thì giấy cam đoan về việc sinh");
    expect_text(text, "4. Điền tờ khai, đính kèm ảnh chụp hoặc bản quét giấy tờ");
    free(text);
    expect_only_dejavu(pdf);
    expect_qr(pdf, "-r 300", urls, 1);
    receipt_done(&r);

    /* The same handout on A5 still fits its code and decodes. */
    assert_int_equal(receipt_build_handout(cat, svc, NULL, LANG_EN, &r, &cause), 0);
    render_ex(&r, PAPER_A5, pdf, &res);
    pdfinfo(pdf, &pw, &ph, &pages);
    assert_int_equal(pages, res.pages);
    expect_qr_each(pdf, &res, urls, 1, 300, "");
    /* One page, with a large code. */
    assert_int_equal(res.pages, 1);
    assert_true(res.qrs[0].side_mm >= 40);
    pdf_result_done(&res);
    assert_true(pw > 148 * PT_PER_MM - 1 && pw < 148 * PT_PER_MM + 1);
    expect_qr(pdf, "-r 300", urls, 1);
    receipt_done(&r);
    free(pdf);
}

/* A long document on A5 is paginated and numbered. */
static void
test_pagination(void **state)
{
    struct receipt r = { 0 };
    double w, h, pw, ph;
    int pages;
    char *pdf = path_for("long.pdf"), *text;

    (void)state;
    r.blocks = xcalloc(120, sizeof(*r.blocks));
    r.nblocks = 120;
    for (size_t i = 0; i < r.nblocks; i++) {
        r.blocks[i].kind = i % 10 == 0 ? RB_HEADING : RB_CHECK;
        xasprintf(&r.blocks[i].text, "Mục %zu: giấy tờ có dấu", i);
    }
    render(&r, PAPER_A5, pdf, &w, &h);
    pdfinfo(pdf, &pw, &ph, &pages);
    assert_true(pages >= 2);
    text = pdftext(pdf);
    expect_text(text, "Trang 1/");
    expect_text(text, "☐ Mục 119: giấy tờ có dấu");
    free(text);
    receipt_done(&r);
    free(pdf);
}

/* Poster: the worst case of 25 codes (106-byte URLs, the catalog's limit) on one A4 page. */
static void
test_poster_25(void **state)
{
    struct receipt r = { 0 };
    const char *urls[25];
    struct pdf_result res;
    double pw, ph;
    int pages;
    char *pdf = path_for("poster25.pdf"), *text, *cause = NULL;

    (void)state;
    r.type = RECEIPT_POSTER;
    r.blocks = xcalloc(27, sizeof(*r.blocks));
    r.qrs = xcalloc(25, sizeof(*r.qrs));
    r.blocks[0].kind = RB_TITLE;
    r.blocks[0].text = xstrdup("Dịch vụ công trực tuyến thiết yếu");
    for (size_t i = 0; i < 25; i++) {
        struct receipt_block *b = &r.blocks[i + 1];
        char *url;

        /* 106 bytes: "https://dichvucong.gov.vn/p/home/…?ma_thu_tuc=" plus padding. */
        xasprintf(&url,
                  "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html"
                  "?ma_thu_tuc=1.0%02zu&x=0123456789abcdefg",
                  i);
        assert_int_equal(strlen(url), 106);
        b->kind = RB_QR;
        b->text = url;
        xasprintf(&b->value, "%zu. Thủ tục số %zu có tên khá dài", i + 1, i + 1);
        b->qr = (int)i;
        assert_int_equal(qr_encode_m(url, &r.qrs[i], &cause), 0);
        urls[i] = url;
    }
    r.blocks[26].kind = RB_NOTE;
    r.blocks[26].text = xstrdup("Phiên bản danh mục: thử");
    r.nblocks = 27;
    r.nqrs = 25;
    render_ex(&r, PAPER_A4, pdf, &res);
    assert_int_equal(res.pages, 1);
    pdfinfo(pdf, &pw, &ph, &pages);
    assert_int_equal(pages, 1);
    assert_true(pw > A4_W_PT - 1 && pw < A4_W_PT + 1);
    text = pdftext(pdf);
    expect_text(text, "25. Thủ tục số 25");
    expect_text(text, "Phiên bản danh mục: thử");
    free(text);
    expect_qr_each(pdf, &res, urls, 25, 300, "");
    pdf_result_done(&res);
    receipt_done(&r);
    free(pdf);
}

/* Poster of the shipped catalog: every active service's code decodes (25 when complete). */
static void
test_poster_real(void **state)
{
    struct catalog *real = NULL;
    struct strlist problems = { 0 };
    struct receipt r;
    const char **urls;
    size_t n = 0;
    struct pdf_result res;
    double pw, ph;
    int pages;
    char *pdf = path_for("poster.pdf"), *text, *cause = NULL;
    const char *date = "2026-11-28";

    (void)state;
    if (catalog_load(REAL, &real, &problems) != 0)
        fail_msg("%s: %s", REAL, problems.n > 0 ? problems.v[0] : "?");
    assert_int_equal(receipt_build_poster(real, &cfg, date, LANG_VI, &r, &cause), 0);
    urls = xcalloc(real->nservices + 1, sizeof(*urls));
    for (size_t i = 0; i < real->nservices; i++)
        if (catalog_service_active(&real->services[i], date) && real->services[i].qr_url != NULL)
            urls[n++] = real->services[i].qr_url;
    assert_int_equal(r.nqrs, n);
    printf("# poster of %s: %zu services\n", REAL, n);
    render_ex(&r, PAPER_A4, pdf, &res);
    pdfinfo(pdf, &pw, &ph, &pages);
    assert_int_equal(pages, 1);
    text = pdftext(pdf);
    expect_text(text, "Dịch vụ công trực tuyến thiết yếu");
    free(text);
    expect_only_dejavu(pdf);
    expect_qr_each(pdf, &res, urls, n, 300, "");
    pdf_result_done(&res);
    free(urls);
    receipt_done(&r);
    catalog_free(real);
    free(pdf);
}

static void
test_test_page(void **state)
{
    struct receipt r;
    double w, h;
    char *pdf = path_for("test.pdf"), *text, *cause = NULL;
    const char *urls[1] = { "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html" };

    (void)state;
    assert_int_equal(receipt_build_test(cat, &cfg, "Quay1", WHEN, LANG_VI, &r, &cause), 0);
    render(&r, PAPER_80MM, pdf, &w, &h);
    text = pdftext(pdf);
    expect_text(text, "Trang in thử");
    expect_text(text, "ƯỪỨỬỮỰ");
    expect_text(text, "ưừứửữự ỳýỷỹỵ");
    expect_text(text, "Ủy ban nhân dân xã");
    free(text);
    expect_qr(pdf, "-r 300", urls, 1);
    receipt_done(&r);
    free(pdf);
}

static void
test_errors(void **state)
{
    static const int answers[] = { 1 };
    struct receipt r;
    struct receipt bad = { 0 };
    char *cause = NULL;
    char *pdf = path_for("never.pdf");
    FILE *f;

    (void)state;
    slip(9, answers, 1, NULL, 0, &r);
    assert_int_equal(pdf_render(&r, PAPER_80MM, "/nonexistent/dir/x.pdf", NULL, NULL, &cause), -1);
    assert_non_null(strstr(cause, "cannot write /nonexistent/dir/x.pdf"));
    free(cause);
    cause = NULL;
    assert_int_equal(pdf_render(&r, (enum paper)9, pdf, NULL, NULL, &cause), -1);
    free(cause);
    cause = NULL;
    receipt_done(&r);

    /* A QR block without its code is refused, and no file (nor .part) is left. */
    bad.blocks = xcalloc(1, sizeof(*bad.blocks));
    bad.nblocks = 1;
    bad.blocks[0].kind = RB_QR;
    bad.blocks[0].text = xstrdup("https://a.example");
    assert_int_equal(pdf_render(&bad, PAPER_80MM, pdf, NULL, NULL, &cause), -1);
    assert_non_null(strstr(cause, "has no code"));
    free(cause);
    f = fopen(pdf, "r");
    assert_null(f);
    receipt_done(&bad);
    free(pdf);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_paper_parse), cmocka_unit_test(test_fonts),
        cmocka_unit_test(test_slip_80mm),   cmocka_unit_test(test_slip_58mm),
        cmocka_unit_test(test_roll_length), cmocka_unit_test(test_handout_a4),
        cmocka_unit_test(test_pagination),  cmocka_unit_test(test_poster_25),
        cmocka_unit_test(test_poster_real), cmocka_unit_test(test_test_page),
        cmocka_unit_test(test_errors),
    };

    setenv("TZ", "UTC", 1);
    tzset();
    return cmocka_run_group_tests(tests, setup, teardown);
}
