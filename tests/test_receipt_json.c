/*
 * Tests for receipt_json.c: the document a print job carries from the kiosk to the print
 * helper. Every document of the shipped catalog survives the round trip block for block and
 * module for module; anything that is not a well-formed version-1 document is refused with
 * a reason; the file writer (file_write.c) that every -o, report and export goes through
 * refuses what is not a file and leaves its neighbours alone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "catalog.h"
#include "config.h"
#include "file_write.h"
#include "i18n.h"
#include "receipt.h"
#include "receipt_json.h"
#include "testutil.h"
#include "xmalloc.h"

#define CATALOG "assets/catalog.json"

static struct catalog *cat;
static struct config cfg;

static int
setup(void **state)
{
    struct strlist problems = { 0 };

    (void)state;
    config_defaults(&cfg);
    if (catalog_load(CATALOG, &cat, &problems) != 0) {
        for (size_t i = 0; i < problems.n; i++)
            fprintf(stderr, "%s\n", problems.v[i]);
        strlist_free(&problems);
        return -1;
    }
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    catalog_free(cat);
    config_done(&cfg);
    return 0;
}

/* a and b say the same, block for block, and draw the same codes, module for module. */
static void
assert_same(const struct receipt *a, const struct receipt *b)
{
    assert_int_equal(a->type, b->type);
    assert_int_equal(a->lang, b->lang);
    assert_int_equal(a->nblocks, b->nblocks);
    assert_int_equal(a->nqrs, b->nqrs);
    for (size_t i = 0; i < a->nblocks; i++) {
        const struct receipt_block *x = &a->blocks[i], *y = &b->blocks[i];

        assert_int_equal(x->kind, y->kind);
        assert_string_equal(x->text, y->text);
        if (x->value == NULL)
            assert_null(y->value);
        else
            assert_string_equal(x->value, y->value);
        assert_int_equal(x->checked, y->checked);
        assert_int_equal(x->kind == RB_QR ? x->qr : 0, y->kind == RB_QR ? y->qr : 0);
        assert_int_equal(x->bar, y->bar);
        assert_int_equal(x->bar_max, y->bar_max);
    }
    for (size_t i = 0; i < a->nqrs; i++) {
        assert_int_equal(a->qrs[i].size, b->qrs[i].size);
        assert_memory_equal(a->qrs[i].modules, b->qrs[i].modules,
                            (size_t)a->qrs[i].size * (size_t)a->qrs[i].size);
    }
}

static void
round_trip(const struct receipt *rs, size_t n)
{
    char *json = receipt_json_encode(rs, n), *cause = NULL;
    struct receipt *back = NULL;
    size_t nback = 0;

    assert_non_null(strstr(json, "\"format\":\"kiosk-receipt\""));
    assert_non_null(strstr(json, "\"version\":1"));
    if (receipt_json_decode(json, &back, &nback, &cause) != 0)
        fail_msg("decode: %s", cause);
    assert_int_equal(nback, n);
    for (size_t i = 0; i < n; i++) {
        assert_same(&rs[i], &back[i]);
        receipt_done(&back[i]);
    }
    free(back);
    free(json);
}

/* Every service's handout, the poster, the test page: the same after the trip. */
static void
test_every_document_round_trips(void **state)
{
    struct receipt *rs = xcalloc(cat->nservices + 2, sizeof(*rs));
    char *cause = NULL;
    size_t n = 0;

    (void)state;
    for (size_t i = 0; i < cat->nservices; i++) {
        if (receipt_build_handout(cat, &cat->services[i], &cfg, i % 2 ? LANG_EN : LANG_VI, &rs[n],
                                  &cause) != 0)
            fail_msg("handout %d: %s", cat->services[i].number, cause);
        n++;
    }
    assert_int_equal(receipt_build_poster(cat, &cfg, "2026-12-06", LANG_VI, &rs[n], &cause), 0);
    n++;
    assert_int_equal(
        receipt_build_test(cat, &cfg, "Roll", (time_t)1796860800, LANG_VI, &rs[n], &cause), 0);
    n++;
    round_trip(rs, n);
    for (size_t i = 0; i < n; i++)
        receipt_done(&rs[i]);
    free(rs);
}

/* A slip with ticks, every kind of block hand-made, and odd text. */
static void
test_blocks_and_text(void **state)
{
    struct receipt r = { .type = RECEIPT_REPORT, .lang = LANG_EN };
    static const char *const texts[] = { "Đăng ký khai sinh", "",      "\"quoted\" \\ back",
                                         "tab\tnl\n",         "☑ ☐ █", "x" };
    char *cause = NULL;

    (void)state;
    r.nblocks = 12;
    r.blocks = xcalloc(r.nblocks, sizeof(*r.blocks));
    for (size_t i = 0; i < r.nblocks; i++) {
        r.blocks[i].kind = (enum receipt_kind)i;
        r.blocks[i].text = xstrdup(texts[i % 6]);
        r.blocks[i].value = i % 3 == 0 ? NULL : xstrdup(texts[(i + 1) % 6]);
        r.blocks[i].checked = (int)(i % 2);
        r.blocks[i].bar = (int)i * 7;
        r.blocks[i].bar_max = (int)i * 11;
    }
    r.nqrs = 2;
    r.qrs = xcalloc(2, sizeof(*r.qrs));
    assert_int_equal(
        qr_encode("https://dichvucong.gov.vn/p/home/dvc-trang-chu.html", &r.qrs[0], &cause), 0);
    assert_int_equal(qr_encode_m("https://example.gov.vn/a", &r.qrs[1], &cause), 0);
    r.blocks[RB_QR].qr = 1;
    round_trip(&r, 1);
    receipt_done(&r);
}

static void
expect_refused(const char *json, const char *why)
{
    struct receipt *rs = NULL;
    size_t n = 7;
    char *cause = NULL;

    assert_int_equal(receipt_json_decode(json, &rs, &n, &cause), -1);
    assert_null(rs);
    assert_int_equal(n, 0);
    assert_non_null(cause);
    if (strstr(cause, why) == NULL)
        fail_msg("\"%s\" not in \"%s\"", why, cause);
    free(cause);
}

static void
test_refused(void **state)
{
    (void)state;
    expect_refused("", "no stored receipt");
    expect_refused("{", "not JSON");
    expect_refused("[]", "not a \"kiosk-receipt\" document");
    expect_refused("{\"format\":\"kiosk-receipt\",\"version\":2,\"receipts\":[]}",
                   "version 2, this program reads version 1");
    expect_refused("{\"format\":\"kiosk-receipt\",\"version\":1,\"receipts\":[]}", "no receipts");
    expect_refused("{\"format\":\"kiosk-receipt\",\"version\":1,\"receipts\":[{\"type\":\"memo\","
                   "\"lang\":\"vi\",\"qrs\":[],\"blocks\":[]}]}",
                   "known \"type\"");
    expect_refused("{\"format\":\"kiosk-receipt\",\"version\":1,\"receipts\":[{\"type\":\"slip\","
                   "\"lang\":\"vi\",\"qrs\":[],\"blocks\":[{\"kind\":\"qr\",\"text\":\"u\","
                   "\"qr\":0}]}]}",
                   "\"qr\" is not a number from 0 to -1");
    expect_refused("{\"format\":\"kiosk-receipt\",\"version\":1,\"receipts\":[{\"type\":\"slip\","
                   "\"lang\":\"vi\",\"qrs\":[{\"size\":2,\"rows\":[\"c\"]}],\"blocks\":[]}]}",
                   "has 1 rows");
    expect_refused("{\"format\":\"kiosk-receipt\",\"version\":1,\"receipts\":[{\"type\":\"slip\","
                   "\"lang\":\"vi\",\"qrs\":[{\"size\":2,\"rows\":[\"c\",\"z\"]}],\"blocks\":[]}]}",
                   "not hex");
    expect_refused("{\"format\":\"kiosk-receipt\",\"version\":1,\"receipts\":[{\"type\":\"slip\","
                   "\"lang\":\"vi\",\"qrs\":[],\"blocks\":[{\"kind\":\"line\"}]}]}",
                   "needs a \"text\"");
}

/* --- the file writer ------------------------------------------------------------------- */

static void
test_file_writer(void **state)
{
    char dir[] = "/tmp/kiosk-fw-XXXXXX", *path, *neighbour, *fifo, *cause = NULL, *text;
    struct stat st;

    (void)state;
    assert_non_null(mkdtemp(dir));
    xasprintf(&path, "%s/slip.pdf", dir);
    xasprintf(&neighbour, "%s/slip.pdf.tmp", dir);
    xasprintf(&fifo, "%s/fifo", dir);
    assert_int_equal(file_write_all(neighbour, "mine", 4, &cause), 0);
    /* New file: written whole, mode 0640 at most. */
    assert_int_equal(file_write_all(path, "one", 3, &cause), 0);
    text = test_read_file(path);
    assert_string_equal(text, "one");
    free(text);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0137, 0);
    /* Over a regular file: replaced. The neighbour "slip.pdf.tmp" is left alone. */
    assert_int_equal(file_write_all(path, "two", 3, &cause), 0);
    text = test_read_file(path);
    assert_string_equal(text, "two");
    free(text);
    text = test_read_file(neighbour);
    assert_string_equal(text, "mine");
    free(text);
    /* A folder, a FIFO, a device: refused, named, untouched. */
    assert_int_equal(file_write_all(dir, "x", 1, &cause), -1);
    assert_non_null(strstr(cause, "is a folder"));
    free(cause);
    cause = NULL;
    assert_int_equal(mkfifo(fifo, 0600), 0);
    assert_int_equal(file_write_check(fifo, &cause), -1);
    assert_non_null(strstr(cause, "FIFO"));
    free(cause);
    cause = NULL;
    assert_int_equal(file_write_all(fifo, "x", 1, &cause), -1);
    free(cause);
    cause = NULL;
    assert_int_equal(lstat(fifo, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
    assert_int_equal(file_write_check("/dev/null", &cause), -1);
    assert_non_null(strstr(cause, "is a device"));
    free(cause);
    cause = NULL;
    assert_int_equal(file_write_check("/nonexistent/dir/x.pdf", &cause), -1);
    assert_non_null(strstr(cause, "cannot write /nonexistent/dir/x.pdf"));
    free(cause);
    cause = NULL;
    /* A temporary file left by a killed writer goes; one being written stays. */
    {
        struct file_write live;
        char *stale;
        FILE *f;

        xasprintf(&stale, "%s/.old.pdf.abcdefgh.kiosk-tmp", dir);
        f = fopen(stale, "w");
        assert_non_null(f);
        fclose(f);
        assert_int_equal(file_write_open(&live, path, &cause), 0);
        assert_int_equal(file_write_sweep(dir), 1);
        assert_int_equal(access(stale, F_OK), -1);
        assert_int_equal(access(live.tmp, F_OK), 0);
        assert_int_equal(write(live.fd, "three", 5), 5);
        assert_int_equal(file_write_commit(&live, &cause), 0);
        text = test_read_file(path);
        assert_string_equal(text, "three");
        free(text);
        free(stale);
    }
    /* Nothing of ours is left behind. */
    assert_int_equal(file_write_sweep(dir), 0);
    unlink(path);
    unlink(neighbour);
    unlink(fifo);
    assert_int_equal(rmdir(dir), 0);
    free(path);
    free(neighbour);
    free(fifo);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_document_round_trips),
        cmocka_unit_test(test_blocks_and_text),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_file_writer),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
