/*
 * What residents read never carries what editors wrote for editors. For every service of the
 * shipped catalog and of the format-2 test catalog (whose editors' notes and unverified facts
 * use hedge phrases on purpose), along every path of answers, in both languages: the service
 * page, the checklist and its second page, the QR screen (drawn headless at 80x24), the slip
 * and the handout (as receipt_to_text gives them) contain no hedge or editor phrase ("cần xác
 * minh", "believed", "old article"…), no source key ("S43") and no editor's note. And on the
 * test catalog, the screens do show what residents need: exemptions, the fact in force, the
 * case's fee, the sourced hotline, the VNeID path, what a code opens.
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
#include "flow.h"
#include "i18n.h"
#include "receipt.h"
#include "screens.h"
#include "testapp.h"
#include "xmalloc.h"

/* Phrases of doubt and editing that must never reach a resident, checked without regard to
 * the case of ASCII letters ("Đ" is not ASCII: "Được" is listed as well). */
static const char *const editor_phrases[] = {
    "cần xác minh", "chưa xác nhận", "suy luận",    "được cho là", "Được cho là", "bài viết cũ",
    "nguồn cũ",     "believed",      "unconfirmed", "old article", "inferred",
};

struct walk {
    struct test_app *t;
    const struct service *svc;
    struct strlist notes;   /* the service's editors' notes */
    struct strlist sources; /* every source key of the catalog */
    size_t texts;           /* texts checked */
    size_t paths;           /* answer paths walked */
};

/* A copy of s with ASCII letters in lower case (caller frees). */
static char *
ascii_lower(const char *s)
{
    char *l = xstrdup(s);

    for (char *p = l; *p != '\0'; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return l;
}

static bool
is_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Does key occur in text as a whole word (not inside a longer run of letters and digits)? */
static bool
has_word(const char *text, const char *key)
{
    size_t n = strlen(key);

    for (const char *p = strstr(text, key); p != NULL; p = strstr(p + 1, key))
        if ((p == text || !is_alnum(p[-1])) && !is_alnum(p[n]))
            return true;
    return false;
}

/* A source key of the "S43" form anywhere in text. */
static const char *
source_key(const char *text)
{
    for (const char *p = text; *p != '\0'; p++)
        if (*p == 'S' && (p == text || !is_alnum(p[-1])) && p[1] >= '0' && p[1] <= '9') {
            const char *e = p + 1;

            while (*e >= '0' && *e <= '9')
                e++;
            if (!is_alnum(*e))
                return p;
        }
    return NULL;
}

/* How many editor phrases, source keys and notes text has; each reported when where != NULL. */
static size_t
problems_in(const struct walk *w, const char *where, const char *text)
{
    char *low = ascii_lower(text);
    const char *key;
    size_t n = 0;

    for (size_t i = 0; i < sizeof editor_phrases / sizeof editor_phrases[0]; i++) {
        if (strstr(text, editor_phrases[i]) != NULL || strstr(low, editor_phrases[i]) != NULL) {
            if (where != NULL)
                print_error("service %d, %s: \"%s\" in:\n%s\n", w->svc->number, where,
                            editor_phrases[i], text);
            n++;
        }
    }
    if ((key = source_key(text)) != NULL) {
        if (where != NULL)
            print_error("service %d, %s: a source key at \"%.12s\" in:\n%s\n", w->svc->number,
                        where, key, text);
        n++;
    }
    for (size_t i = 0; i < w->sources.n; i++) {
        if (has_word(text, w->sources.v[i])) {
            if (where != NULL)
                print_error("service %d, %s: source key \"%s\" in:\n%s\n", w->svc->number, where,
                            w->sources.v[i], text);
            n++;
        }
    }
    for (size_t i = 0; i < w->notes.n; i++) {
        if (strstr(text, w->notes.v[i]) != NULL) {
            if (where != NULL)
                print_error("service %d, %s: editor's note \"%s\" in:\n%s\n", w->svc->number, where,
                            w->notes.v[i], text);
            n++;
        }
    }
    free(low);
    return n;
}

static void
check_text(struct walk *w, const char *where, const char *text)
{
    w->texts++;
    if (problems_in(w, where, text) > 0)
        fail();
}

static void
check_screen(struct walk *w, const char *where)
{
    char *screen = test_screen(w->t);

    check_text(w, where, screen);
    free(screen);
}

static void
add_note(void *ctx, const char *path, const char *field, const struct fact *f)
{
    struct walk *w = ctx;

    (void)path;
    (void)field;
    if (f->editor_note != NULL)
        strlist_add(&w->notes, f->editor_note);
    for (size_t i = 0; i < f->sources.n; i++)
        strlist_add(&w->sources, f->sources.v[i]);
}

/* The editors' notes of svc, and the source keys of every fact of the catalog. */
static void
collect(struct walk *w, const struct catalog *cat, const struct service *svc)
{
    strlist_free(&w->notes);
    strlist_free(&w->sources);
    for (size_t i = 0; i < cat->nservices; i++) {
        const struct service *s = &cat->services[i];
        struct walk other = { 0 };

        catalog_each_fact(s, add_note, s == svc ? (void *)w : (void *)&other);
        for (size_t j = 0; j < other.sources.n; j++)
            strlist_add(&w->sources, other.sources.v[j]);
        strlist_free(&other.notes);
        strlist_free(&other.sources);
        for (size_t j = 0; j < s->sources.n; j++)
            strlist_add(&w->sources, s->sources.v[j]);
        for (size_t j = 0; j < s->qr_sources.n; j++)
            strlist_add(&w->sources, s->qr_sources.v[j]);
    }
    for (size_t i = 0; i < cat->nexgroups; i++)
        for (size_t j = 0; j < cat->exgroups[i].sources.n; j++)
            strlist_add(&w->sources, cat->exgroups[i].sources.v[j]);
    if (svc->editor_note != NULL)
        strlist_add(&w->notes, svc->editor_note);
    for (size_t i = 0; i < svc->nitems; i++)
        if (svc->items[i].editor_note != NULL)
            strlist_add(&w->notes, svc->items[i].editor_note);
}

/* The checklist's second page, every screen of it. */
static void
check_info_page(struct walk *w, size_t nitems)
{
    struct key_event pick = { .key = K_PICK, .num = (int)nitems + 2 };

    app_dispatch(&w->t->app, &pick);
    assert_true(test_screen_has(w->t, tr(MSG_FLOW_INFO_KEYS)));
    for (int page = 0; page < 40; page++) {
        char *screen = test_screen(w->t);
        bool more = strstr(screen, tr(MSG_MORE_BELOW)) != NULL;

        check_text(w, "checklist, second page", screen);
        free(screen);
        if (!more)
            break;
        test_keys(w->t, '+', 0);
    }
}

/* One path of answers (n == 0: straight to every item): the slip, the checklist screens. */
static void
check_path(struct walk *w, const int *answers, size_t n)
{
    struct test_app *t = w->t;
    const struct outcome *oc = NULL;
    struct checklist_request req = {
        .service = w->svc->number,
        .all_items = n == 0,
        .answers = n > 0 ? answers : NULL,
        .nanswers = n,
    };
    struct slip_input in = {
        .cat = t->cat,
        .svc = w->svc,
        .cfg = &t->cfg,
        .answers = answers,
        .nanswers = n,
        .slip_no = "20261206-0001",
        .when = (time_t)t->wall,
        .lang = i18n_lang(),
    };
    struct receipt r;
    char *cause = NULL, *text;
    int pos = -1;

    w->paths++;
    if (n > 0 && flow_walk(w->svc, answers, n, &pos) == FLOW_OUTCOME)
        oc = &w->svc->outcomes[pos];
    if (receipt_build_slip(&in, &r, &cause) != 0)
        fail_msg("service %d: %s", w->svc->number, cause);
    text = receipt_to_text(&r);
    check_text(w, "slip", text);
    free(text);
    receipt_done(&r);

    test_keys(t, '*', 0);
    assert_int_equal(app_push(&t->app, &checklist_screen, &req), 0);
    check_screen(w, "checklist");
    check_info_page(w, oc != NULL ? oc->nitems : w->svc->nitems);
}

static void
walk_from(struct walk *w, size_t q, int *answers, size_t depth)
{
    const struct question *qq = &w->svc->questions[q];

    assert_true(depth < 64);
    for (size_t i = 0; i < qq->nanswers; i++) {
        answers[depth] = (int)i + 1;
        if (qq->answers[i].outcome >= 0)
            check_path(w, answers, depth + 1);
        else
            walk_from(w, (size_t)qq->answers[i].next, answers, depth + 1);
    }
}

static void
check_catalog(const char *file, size_t min_paths)
{
    struct test_app *t = test_app_new(file, 24, 80);
    struct walk w = { .t = t };
    int answers[64];

    assert_non_null(t->cat);
    for (int lang = LANG_VI; lang < LANG_COUNT; lang++) {
        app_set_lang(&t->app, (enum lang)lang);
        for (size_t s = 0; s < t->cat->nservices; s++) {
            struct receipt r;
            char *cause = NULL, *text;

            w.svc = &t->cat->services[s];
            collect(&w, t->cat, w.svc);
            test_keys(t, '*', 0);
            app_set_lang(&t->app, (enum lang)lang);
            assert_int_equal(
                app_push(&t->app, &service_screen, (const void *)(intptr_t)w.svc->number), 0);
            check_screen(&w, "service page");
            test_keys(t, '*', 0);
            if (app_push(&t->app, &show_qr_screen, (const void *)(intptr_t)w.svc->number) == 0)
                check_screen(&w, "QR screen");
            if (receipt_build_handout(t->cat, w.svc, &t->cfg, (enum lang)lang, &r, &cause) != 0)
                fail_msg("service %d: %s", w.svc->number, cause);
            text = receipt_to_text(&r);
            check_text(&w, "handout", text);
            free(text);
            receipt_done(&r);
            check_path(&w, answers, 0);
            if (w.svc->nquestions > 0)
                walk_from(&w, 0, answers, 0);
        }
    }
    print_message("# %s: %zu paths, %zu texts checked\n", file, w.paths, w.texts);
    assert_true(w.paths >= min_paths);
    strlist_free(&w.notes);
    strlist_free(&w.sources);
    test_app_free(t);
}

static void
test_shipped_catalog(void **state)
{
    (void)state;
    check_catalog("assets/catalog.json", 2 * 50);
}

/* The test catalog's notes and unverified facts are full of hedges: none may show. */
static void
test_v2_catalog(void **state)
{
    (void)state;
    check_catalog("tests/fixtures/catalog_v2.json", 2 * 5);
}

/* The checker itself finds what it must find. */
static void
test_checker_finds(void **state)
{
    struct walk w = { 0 };
    static const struct service svc = { .number = 1 };

    (void)state;
    w.svc = &svc;
    strlist_add(&w.notes, "ghi chú riêng");
    strlist_add(&w.sources, "T1");
    assert_int_equal(problems_in(&w, NULL, "Lệ phí: 20.000 đồng; Đường dây nóng: 0203 000 000"), 0);
    assert_int_equal(problems_in(&w, NULL, "Lệ phí: Chưa xác nhận"), 1);
    assert_int_equal(problems_in(&w, NULL, "Fee: Believed to be free"), 1);
    assert_int_equal(problems_in(&w, NULL, "Xem S43."), 1);
    assert_int_equal(problems_in(&w, NULL, "(T1)"), 1);
    assert_int_equal(problems_in(&w, NULL, "có ghi chú riêng ở đây"), 1);
    assert_int_equal(problems_in(&w, NULL, "An old article, inferred"), 2);
    assert_null(source_key("Quốc lộ 18, số S-1, VSS2"));
    strlist_free(&w.notes);
    strlist_free(&w.sources);
}

/* And what residents do read, on the format-2 test catalog: who pays nothing (also under a fee
 * whose amount is not known), the time in force, the case's own fee on the checklist, the
 * agency's sourced hotline, the VNeID path and what the code opens; never the closed
 * provincial portal. */
static void
test_v2_screens(void **state)
{
    struct test_app *t = test_app_new("tests/fixtures/catalog_v2.json", 24, 80);
    static const int over_60[] = { 1, 1 };
    struct checklist_request req = { .service = 1, .answers = over_60, .nanswers = 2 };
    struct key_event pick;

    (void)state;
    assert_non_null(t->cat);
    assert_int_equal(app_push(&t->app, &service_screen, (const void *)(intptr_t)1), 0);
    assert_true(test_screen_has(t, "Lệ phí:         10.000 đồng thử"));
    assert_true(test_screen_has(t, "Miễn phí nếu bạn là: người thử từ 60 tuổi trở lên;"));
    assert_true(test_screen_has(t, "Thời gian:      5 ngày làm việc thử"));
    assert_true(test_screen_has(t, "Nơi giải quyết: hỏi cán bộ tại quầy"));
    assert_true(test_screen_has(t, "Làm ở đâu:      Cổng thử\n"));
    test_keys(t, '*', 0);
    assert_int_equal(app_push(&t->app, &service_screen, (const void *)(intptr_t)2), 0);
    assert_true(test_screen_has(t, "Lệ phí:         hỏi cán bộ tại quầy"));
    assert_true(test_screen_has(t, "Miễn phí nếu bạn là: người thử từ 60 tuổi trở lên\n"));

    /* Aged 60 or over: the checklist gives the case's own fee. */
    test_keys(t, '*', 0);
    assert_int_equal(app_push(&t->app, &checklist_screen, &req), 0);
    assert_true(test_screen_has(t, "Lệ phí: Miễn phí thử"));
    pick = (struct key_event){ .key = K_PICK, .num = 1 + 2 };
    app_dispatch(&t->app, &pick);
    assert_true(test_screen_has(t, "Đường dây nóng: Tổng đài thử: 0203 000 000"));

    test_keys(t, '*', 0);
    assert_int_equal(app_push(&t->app, &show_qr_screen, (const void *)(intptr_t)1), 0);
    assert_true(test_screen_has(t, "Làm trên ứng dụng VNeID:"));
    assert_true(test_screen_has(t, "1. Mở ứng dụng thử"));
    assert_true(test_screen_has(t, "3. Chọn Đăng ký thử"));
    assert_true(test_screen_has(t, "Mã này mở: Trang tải ứng dụng thử"));
    {
        char *screen = test_screen(t);

        assert_null(strstr(screen, "province.example"));
        free(screen);
    }
    test_app_free(t);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checker_finds),
        cmocka_unit_test(test_v2_catalog),
        cmocka_unit_test(test_v2_screens),
        cmocka_unit_test(test_shipped_catalog),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
