/*
 * The guided flow's screens on the test catalog (tests/fixtures/catalog_small.json), driven
 * key by key through the same path as the terminal: browse home → group → service →
 * questions → checklist → QR; Back keeps earlier answers; a changed answer recomputes what
 * follows; the pre-flight "no" leads to advice and onward; a suggested service; ticks; the
 * wipe on idle reset and on '*'; search by words, Telex, VNI and number; printing. Golden
 * screens at 80x24 under tests/golden/.
 *
 * The fixture: service 1 "Làm thử A" (q1 Có→q2 / Không→outcome nen_goi, which suggests 3;
 * q2: một→co_a, hai→q3, ba→nen_goi; q3: Có→co_a_b, Không→co_a; pre-flight p_test), service 2
 * "Làm thử B" (for organisations, one outcome, QR on the provincial portal), service 3 the
 * bundle covering 1 and 2, service 4 expired.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "app.h"
#include "catalog.h"
#include "print_request.h"
#include "screens.h"
#include "testapp.h"
#include "widgets.h"
#include "xmalloc.h"

/* --- Helpers --------------------------------------------------------------------------- */

static struct test_app *
flow_app(void)
{
    struct test_app *t = test_app_new(NULL, 24, 80);

    assert_non_null(t->cat);
    return t;
}

/* From home: group A (1) → "Làm thử A" (1): its service page. */
static void
open_service_1(struct test_app *t)
{
    test_keys(t, '1', 0);
    assert_string_equal(test_top(t), "service_list");
    test_keys(t, '1', 0);
    assert_string_equal(test_top(t), "service");
}

/* Like test_screen_has, quietly (for what must not be on screen). */
static bool
screen_contains(struct test_app *t, const char *text)
{
    char *screen = test_screen(t);
    bool found = strstr(screen, text) != NULL;

    free(screen);
    return found;
}

/* The steps the session log recorded, space-separated (caller frees). */
static char *
logged_steps(struct test_app *t)
{
    char *path, *out = NULL;
    sqlite3 *db;
    sqlite3_stmt *st;

    xasprintf(&path, "%s/kiosk.db", t->dir);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT group_concat(step, ' ') FROM "
                                        "(SELECT step FROM session_steps ORDER BY rowid)",
                                        -1, &st, NULL),
                     SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
        out = xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    free(path);
    return out != NULL ? out : xstrdup("");
}

static int
finished_services(struct test_app *t)
{
    char *path;
    sqlite3 *db;
    sqlite3_stmt *st;
    int n = -1;

    xasprintf(&path, "%s/kiosk.db", t->dir);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT count(*) FROM session_services WHERE finished = 1",
                                        -1, &st, NULL),
                     SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    free(path);
    return n;
}

/* A stand-in for the printing screen: keeps a copy of the request it was opened with. */
static struct {
    int service;
    bool all_items;
    int answers[8], have[8];
    size_t nanswers, nhave;
    size_t todos[8], ntodos;
    enum lang lang;
    int opened;
} printed;

static int
fake_print_enter(struct screen *s, struct app *app, const void *arg, char **cause)
{
    const struct print_request *r = arg;

    (void)s;
    (void)app;
    (void)cause;
    printed.opened++;
    printed.service = r->service;
    printed.all_items = r->all_items;
    printed.nanswers = r->nanswers;
    printed.nhave = r->nhave;
    printed.lang = r->lang;
    for (size_t i = 0; i < r->nanswers && i < 8; i++)
        printed.answers[i] = r->answers[i];
    for (size_t i = 0; i < r->nhave && i < 8; i++)
        printed.have[i] = r->have[i];
    printed.ntodos = r->ntodos;
    for (size_t i = 0; i < r->ntodos && i < 8; i++)
        printed.todos[i] = r->todos[i];
    return 0;
}

static void
fake_print_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    (void)s;
    widgets_frame(app, ui, "fake print");
}

static struct action
fake_print_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    (void)s;
    (void)app;
    (void)ev;
    return action_ignored();
}

static const struct screen_ops fake_print_screen = {
    .name = "fake_print",
    .enter = fake_print_enter,
    .draw = fake_print_draw,
    .key = fake_print_key,
};

/* --- Browsing, the service page -------------------------------------------------------- */

static void
test_service_page(void **unused)
{
    struct test_app *t = flow_app();

    (void)unused;
    open_service_1(t);
    assert_true(test_screen_has(t, "1. Làm thử A"));
    assert_true(test_screen_has(t, "Thủ tục thử A"));
    assert_true(test_screen_has(t, "Miễn phí (thử)"));
    /* The time is not verified: one plain line, not the editors' text. */
    assert_true(test_screen_has(t, "Thời gian:      hỏi cán bộ tại quầy"));
    assert_false(screen_contains(t, "Trong ngày (thử)"));
    assert_true(test_screen_has(t, "Cổng thử quốc gia, Ứng dụng thử"));
    assert_true(test_screen_has(t, "▶ 1. Bắt đầu"));
    assert_true(test_golden(t, "flow_service"));
    test_app_free(t);
}

static void
test_bundle_and_organisations(void **unused)
{
    struct test_app *t = flow_app();

    (void)unused;
    test_keys(t, '2', '3', 0); /* group B → the bundle, service 3 */
    assert_string_equal(test_top(t), "service");
    assert_true(test_screen_has(t, "Liên thông: gồm dịch vụ 1 (Làm thử A), 2 (Làm thử B)"));
    assert_true(test_screen_has(t, "Lệ phí:         hỏi cán bộ tại quầy"));
    test_keys(t, TK_ESC, TK_ESC, '1', '2', 0); /* group A → service 2 */
    assert_true(test_screen_has(t, "dành cho tổ chức"));
    test_app_free(t);
}

/* --- Questions ------------------------------------------------------------------------- */

static void
test_browse_to_qr(void **unused)
{
    struct test_app *t = flow_app();
    char *steps;

    (void)unused;
    open_service_1(t);
    test_keys(t, '1', 0);
    assert_string_equal(test_top(t), "questions");
    assert_true(test_screen_has(t, "Câu 1/4")); /* q1 → q2 → q3 at most, then pre-flight */
    assert_true(test_screen_has(t, "Bạn có giấy thử A không?"));
    test_keys(t, '1', 0);
    assert_true(test_screen_has(t, "Câu 2/4"));
    assert_true(test_screen_has(t, "Chọn một trường hợp thử"));
    assert_true(test_golden(t, "flow_question"));
    test_keys(t, '2', 0);
    assert_true(test_screen_has(t, "Câu 3/4"));
    assert_true(test_screen_has(t, "Bạn có giấy thử B không?"));
    test_keys(t, '1', 0);
    assert_true(test_screen_has(t, "Trước khi nộp trực tuyến · Câu 4/4"));
    assert_true(test_screen_has(t, "Bạn có tài khoản thử không?"));
    test_keys(t, '1', 0);
    assert_string_equal(test_top(t), "checklist");
    assert_true(test_screen_has(t, "Trường hợp: Có giấy A và B"));
    assert_true(test_screen_has(t, "Bạn đã trả lời: Có · Trường hợp hai · Có"));
    assert_true(test_screen_has(t, "Còn thiếu 3/3"));
    assert_true(test_screen_has(t, "4. Xem mã QR"));
    assert_int_equal(finished_services(t), 1);
    test_keys(t, '4', 0);
    assert_string_equal(test_top(t), "show_qr");
    /* The URL is cut into pieces of the column's width (it has no spaces to wrap at). */
    assert_true(test_screen_has(t, "https://national.example/thu-tuc?ma=TEST\n"));
    assert_true(test_screen_has(t, ".001\n"));
    assert_true(test_screen_has(t, "Mã này mở: Trang của thủ tục"));
    assert_true(test_screen_has(t, "█"));
    steps = logged_steps(t);
    assert_non_null(strstr(steps, "service q:q1 q:q2 q:q3 preflight:p_test checklist qr"));
    free(steps);
    test_app_free(t);
}

static void
test_back_keeps_the_earlier_answer(void **unused)
{
    struct test_app *t = flow_app();

    (void)unused;
    open_service_1(t);
    test_keys(t, '1', '1', '2', 0); /* q1 Có, q2 Trường hợp hai → q3 */
    assert_true(test_screen_has(t, "Bạn có giấy thử B không?"));
    test_keys(t, TK_ESC, 0);
    assert_true(test_screen_has(t, "▶ 2. Trường hợp hai"));
    test_keys(t, '0', 0); /* the keypad's back */
    assert_true(test_screen_has(t, "Bạn có giấy thử A không?"));
    assert_true(test_screen_has(t, "▶ 1. Có"));
    test_keys(t, TK(RC_ENTER), 0); /* the same answer again: what followed is kept */
    assert_true(test_screen_has(t, "▶ 2. Trường hợp hai"));
    test_keys(t, TK(RC_BACKSPACE), 0);
    assert_string_equal(test_top(t), "questions"); /* Backspace went back one question */
    assert_true(test_screen_has(t, "Bạn có giấy thử A không?"));
    test_keys(t, TK_ESC, 0);
    assert_string_equal(test_top(t), "service"); /* at the first question, Back leaves */
    test_app_free(t);
}

static void
test_changing_an_answer_recomputes(void **unused)
{
    struct test_app *t = flow_app();

    (void)unused;
    open_service_1(t);
    test_keys(t, '1', '1', '2', '1', 0); /* … q3 Có → pre-flight */
    assert_true(test_screen_has(t, "Bạn có tài khoản thử không?"));
    test_keys(t, TK_ESC, TK_ESC, 0); /* back to q2 */
    assert_true(test_screen_has(t, "▶ 2. Trường hợp hai"));
    test_keys(t, '1', 0); /* Trường hợp một: outcome co_a at once, no q3 */
    assert_true(test_screen_has(t, "Trước khi nộp trực tuyến · Câu 3/4"));
    test_keys(t, '1', 0);
    assert_true(test_screen_has(t, "Trường hợp: Có giấy A"));
    assert_true(test_screen_has(t, "Bạn đã trả lời: Có · Trường hợp một"));
    assert_true(test_screen_has(t, "Còn thiếu 2/2"));
    test_keys(t, TK_ESC, TK_ESC, 0); /* checklist → pre-flight → q2 */
    test_keys(t, '2', 0);            /* hai again: q3 is asked afresh */
    assert_true(test_screen_has(t, "Bạn có giấy thử B không?"));
    assert_true(test_screen_has(t, "▶ 1. Có")); /* nothing remembered: the first answer */
    test_app_free(t);
}

static void
test_preflight_no_gives_advice_and_goes_on(void **unused)
{
    struct test_app *t = flow_app();
    char *steps;

    (void)unused;
    open_service_1(t);
    test_keys(t, '1', '1', '1', 0); /* q1 Có, q2 một → pre-flight */
    test_keys(t, '2', 0);           /* Không */
    assert_true(test_screen_has(t, "Bạn trả lời “Không”. Việc cần làm:"));
    assert_true(test_screen_has(t, "Hỏi cán bộ thử"));
    assert_true(test_screen_has(t, "1. Tiếp tục"));
    test_keys(t, '2', 0); /* back to the question, "Không" still selected */
    assert_true(test_screen_has(t, "▶ 2. Không"));
    test_keys(t, TK(RC_ENTER), 0); /* at once: the Enter after the 2 is the 2's, swallowed */
    assert_true(test_screen_has(t, "▶ 2. Không"));
    test_advance(t, t->cfg.digit_timeout_ms + 100);
    test_keys(t, TK(RC_ENTER), '1', 0); /* Không again, then continue */
    assert_string_equal(test_top(t), "checklist");
    assert_true(test_screen_has(t, "Cần làm trước: Hỏi cán bộ thử"));
    test_keys(t, '4', 0); /* how to file online: the to-do is there in full */
    assert_true(test_screen_has(t, "Cần làm trước khi nộp trực tuyến:"));
    assert_true(test_screen_has(t, "• Hỏi cán bộ thử"));
    assert_true(test_screen_has(t, "1. Bước thử một"));
    assert_true(test_screen_has(t, "• Lý do thử"));
    test_keys(t, '0', 0);
    assert_true(test_screen_has(t, "Gõ số để đánh dấu"));
    steps = logged_steps(t);
    /* The pre-flight question reached is logged; the advice page is not, since after the
     * question it would record the resident's "no". */
    assert_non_null(strstr(steps, "preflight:p_test"));
    assert_null(strstr(steps, "advice"));
    free(steps);
    test_app_free(t);
}

static void
test_suggested_service(void **unused)
{
    struct test_app *t = flow_app();

    (void)unused;
    open_service_1(t);
    test_keys(t, '1', '2', 0); /* q1 Không → outcome nen_goi, which suggests service 3 */
    assert_true(test_screen_has(t, "Nên làm gói thử"));
    assert_true(test_screen_has(t, "1. Mở dịch vụ số 3: Làm cả A và B"));
    test_keys(t, '1', 0);
    assert_string_equal(test_top(t), "service");
    assert_true(test_screen_has(t, "3. Làm cả A và B"));
    test_keys(t, TK_ESC, 0);
    assert_string_equal(test_top(t), "questions");
    test_keys(t, '2', 0); /* stay with service 1 */
    assert_true(test_screen_has(t, "Bạn có tài khoản thử không?"));
    test_keys(t, '1', 0);
    assert_true(test_screen_has(t, "Trường hợp: Nên làm gói thử"));
    test_app_free(t);
}

static void
test_question_hint_on_help(void **unused)
{
    struct test_app *t = flow_app();

    (void)unused;
    open_service_1(t);
    test_keys(t, '1', 0);
    assert_true(test_screen_has(t, "Nhấn phím . trên bàn phím số (hoặc ?) để xem gợi ý"));
    test_keys(t, '?', 0);
    assert_string_equal(test_top(t), "help");
    assert_true(test_screen_has(t, "Gợi ý một"));
    assert_true(test_screen_has(t, "1 = Có, 2 = Không"));
    test_keys(t, TK_ESC, 0);
    assert_string_equal(test_top(t), "questions");
    test_app_free(t);
}

/* An outcome that needs no filing ("skip_prerequisites") has no pre-flight. */
static void
test_outcome_without_filing_skips_preflight(void **unused)
{
    struct test_app *t = flow_app();
    char *steps;

    (void)unused;
    t->cat->services[0].outcomes[2].skip_prereqs = true; /* service 1's nen_goi */
    open_service_1(t);
    test_keys(t, '1', '2', 0); /* q1 Không → nen_goi, which suggests service 3 */
    assert_true(test_screen_has(t, "Nên làm gói thử"));
    test_keys(t, '2', 0); /* stay: straight to the checklist, no pre-flight */
    assert_string_equal(test_top(t), "checklist");
    assert_true(test_screen_has(t, "Trường hợp: Nên làm gói thử"));
    assert_false(screen_contains(t, "Trước khi nộp trực tuyến"));
    assert_false(screen_contains(t, "Cần làm trước"));
    test_keys(t, '3', 0); /* the second page: no pre-flight checks either */
    assert_true(test_screen_has(t, "Các bước nộp trực tuyến:"));
    assert_false(screen_contains(t, "hãy kiểm tra"));
    test_keys(t, '0', TK_ESC, 0); /* back to the suggestion */
    assert_true(test_screen_has(t, "Nên làm gói thử"));
    test_keys(t, TK_ESC, '1', '1', 0); /* q1 Có, q2 một → co_a: the pre-flight as before */
    assert_true(test_screen_has(t, "Bạn có tài khoản thử không?"));
    steps = logged_steps(t);
    assert_non_null(strstr(steps, "q:q1 suggest:3 checklist info q:q2 preflight:p_test"));
    free(steps);
    test_app_free(t);
}

/* Answers from question q reaching outcome o, 1-based, into path; their count or 0. */
static size_t
path_to(const struct service *svc, int q, int o, int *path, size_t depth)
{
    if (depth >= svc->nquestions)
        return 0;
    for (size_t i = 0; i < svc->questions[q].nanswers; i++) {
        const struct answer *a = &svc->questions[q].answers[i];
        size_t n;

        path[depth] = (int)i + 1;
        if (a->outcome == o)
            return depth + 1;
        if (a->next >= 0 && (n = path_to(svc, a->next, o, path, depth + 1)) > 0)
            return n;
    }
    return 0;
}

/* The shipped catalog: every outcome marked "skip_prerequisites" reaches its checklist with
 * no pre-flight question and no pre-flight line; service 1's "not needed" case is one. */
static void
test_shipped_outcomes_without_filing(void **unused)
{
    struct test_app *t = test_app_new("assets/catalog.json", 24, 80);
    int marked = 0;

    (void)unused;
    assert_non_null(t->cat);
    assert_true(catalog_service(t->cat, 1)->outcomes[0].skip_prereqs); /* khong_can */
    for (size_t s = 0; s < t->cat->nservices; s++) {
        const struct service *svc = &t->cat->services[s];

        for (size_t o = 0; o < svc->noutcomes; o++) {
            int path[16];
            size_t n;

            if (!svc->outcomes[o].skip_prereqs)
                continue;
            marked++;
            n = path_to(svc, 0, (int)o, path, 0);
            assert_true(n > 0);
            test_keys(t, '*', 0);
            assert_int_equal(
                app_push(&t->app, &questions_screen, (const void *)(intptr_t)svc->number), 0);
            for (size_t i = 0; i < n; i++)
                test_keys(t, '0' + path[i], 0);
            if (svc->outcomes[o].suggest > 0)
                test_keys(t, '2', 0); /* stay with this service */
            if (strcmp(test_top(t), "checklist") != 0 ||
                screen_contains(t, "Trước khi nộp trực tuyến")) {
                char *screen = test_screen(t);

                print_error("service %d outcome %s:\n%s\n", svc->number, svc->outcomes[o].id,
                            screen);
                free(screen);
                fail();
            }
        }
    }
    assert_true(marked >= 2); /* services 1 and 18 at least */
    test_app_free(t);
}

/* --- The checklist --------------------------------------------------------------------- */

/* Service 1 through q1 Có, q2 hai, q3 Có, pre-flight Có: three items. */
static void
open_checklist_abc(struct test_app *t)
{
    open_service_1(t);
    test_keys(t, '1', '1', '2', '1', '1', 0);
    assert_string_equal(test_top(t), "checklist");
}

/* The first line of the screen under the title that holds text, from its start (caller
 * frees): the progress line "Câu 2/6" or "Trước khi nộp trực tuyến · Câu 4/6". */
static char *
progress_total(struct test_app *t)
{
    char *screen = test_screen(t), *at = strstr(screen, "Câu "), *slash, *end, *out;

    assert_non_null(at);
    slash = strchr(at, '/');
    assert_non_null(slash);
    end = slash + 1;
    while (*end >= '0' && *end <= '9')
        end++;
    out = strndup(slash + 1, (size_t)(end - slash - 1));
    free(screen);
    return out;
}

/* The shipped catalog: after "Chưa" to VNeID level 2 there is no password question, and the
 * question counter keeps its total from the first question to the last. */
static void
test_preflight_follows_the_answers(void **unused)
{
    struct test_app *t = test_app_new("assets/catalog.json", 24, 80);
    const struct service *svc = catalog_service(t->cat, 9);
    char *total, *now;
    int path[16], o = -1;
    size_t n;

    (void)unused;
    assert_non_null(svc);
    assert_string_equal(t->cat->prereqs[svc->prereqs[0]].id, "vneid_l2");
    assert_string_equal(t->cat->prereqs[svc->prereqs[1]].id, "vneid_password");
    for (size_t i = 0; i < svc->noutcomes && o < 0; i++)
        if (!svc->outcomes[i].skip_prereqs && svc->outcomes[i].suggest == 0)
            o = (int)i;
    assert_true(o >= 0);
    n = path_to(svc, 0, o, path, 0);
    assert_true(n > 0);
    assert_int_equal(app_push(&t->app, &questions_screen, (const void *)(intptr_t)9), 0);
    total = progress_total(t);
    for (size_t i = 0; i < n; i++) {
        now = progress_total(t);
        assert_string_equal(now, total);
        free(now);
        test_keys(t, '0' + path[i], 0);
    }
    assert_true(test_screen_has(t, "VNeID mức độ 2"));
    now = progress_total(t);
    assert_string_equal(now, total); /* the pre-flight counts on the same total */
    free(now);
    test_keys(t, '2', 0); /* Chưa */
    assert_true(test_screen_has(t, "Việc cần làm"));
    test_keys(t, '1', 0); /* continue: no password question without a level-2 account */
    assert_string_equal(test_top(t), "checklist");
    assert_false(screen_contains(t, "mật khẩu"));
    test_keys(t, TK_ESC, 0); /* back to what to do */
    assert_true(test_screen_has(t, "Việc cần làm"));
    test_keys(t, TK_ESC, 0); /* back to the question */
    assert_true(test_screen_has(t, "VNeID mức độ 2"));
    test_keys(t, '1', 0); /* Có: now the password question */
    assert_true(test_screen_has(t, "mật khẩu"));
    now = progress_total(t);
    assert_string_equal(now, total);
    free(now);
    free(total);
    test_app_free(t);
}

/* The shipped catalog at 80x24: every service list shows every name whole (a long one wraps
 * onto the next rows), in both languages, page by page. */
static void
test_service_lists_never_cut_a_name(void **unused)
{
    struct test_app *t = test_app_new("assets/catalog.json", 24, 80);

    (void)unused;
    for (int lang = 0; lang < 2; lang++) {
        app_set_lang(&t->app, lang == 0 ? LANG_VI : LANG_EN);
        for (size_t g = 0; g <= t->cat->ngroups; g++) {
            char seen[32768] = "";

            assert_int_equal(app_push(&t->app, &service_list_screen, (const void *)(intptr_t)g), 0);
            for (int page = 0; page < 4; page++) {
                char *screen = test_screen(t);

                if (strstr(screen, "…") != NULL) {
                    print_error("group %zu, page %d:\n%s\n", g, page, screen);
                    fail();
                }
                strncat(seen, screen, sizeof seen - strlen(seen) - 1);
                free(screen);
                test_keys(t, '+', 0);
            }
            /* + went through every page: the list of all services shows every number. */
            for (size_t k = 0; g == 0 && k < t->cat->nservices; k++) {
                char num[16];

                snprintf(num, sizeof num, " %d. ", t->cat->services[k].number);
                if (strstr(seen, num) == NULL) {
                    print_error("service %d is on no page reached with +\n",
                                t->cat->services[k].number);
                    fail();
                }
            }
            test_keys(t, TK_ESC, 0);
        }
    }
    test_app_free(t);
}

/* At 80x24 the QR screen of a service filed in VNeID (steps, a long URL, what the code opens)
 * is taller than the column beside the code: ▼ says so, + shows the rest, - goes back. */
static void
test_qr_column_scrolls(void **unused)
{
    struct test_app *t = test_app_new("assets/catalog.json", 24, 80);

    (void)unused;
    assert_int_equal(app_push(&t->app, &show_qr_screen, (const void *)(intptr_t)3), 0);
    assert_true(test_screen_has(t, "VNeID"));
    assert_true(test_screen_has(t, "▼"));
    assert_false(test_screen_has(t, "Mã này mở"));
    test_keys(t, '+', 0);
    assert_true(test_screen_has(t, "▲"));
    assert_true(test_screen_has(t, "Mã này mở"));
    test_keys(t, '+', 0); /* past the end: stays on the last page */
    assert_true(test_screen_has(t, "Mã này mở"));
    test_keys(t, '-', 0);
    assert_false(test_screen_has(t, "▲"));
    assert_true(test_screen_has(t, "Làm trên ứng dụng VNeID"));
    test_app_free(t);
}

/* The shipped catalog at 80x24: every service's QR screen, every code, in both languages, says
 * whole what its code opens and why (no line of it ends cut with "…"; what does not fit
 * scrolls, see test_qr_column_scrolls). */
static void
test_qr_screens_never_cut_what_they_say(void **unused)
{
    struct test_app *t = test_app_new("assets/catalog.json", 24, 80);

    (void)unused;
    for (int lang = 0; lang < 2; lang++) {
        app_set_lang(&t->app, lang == 0 ? LANG_VI : LANG_EN);
        for (size_t k = 0; k < t->cat->nservices; k++) {
            int number = t->cat->services[k].number;

            assert_int_equal(app_push(&t->app, &show_qr_screen, (const void *)(intptr_t)number), 0);
            for (int code = 1; code <= 3; code++) {
                char *screen;

                test_keys(t, '0' + code, 0);
                screen = test_screen(t);
                /* The title bar may cut the name: the column below shows it whole. */
                if (strstr(strchr(screen, '\n') != NULL ? strchr(screen, '\n') : screen, "…") !=
                    NULL) {
                    print_error("service %d, code %d:\n%s\n", number, code, screen);
                    fail();
                }
                free(screen);
            }
            test_keys(t, TK_ESC, 0);
        }
    }
    test_app_free(t);
}

/* The shipped catalog: an outcome that lists pre-flight questions it does not ask (the online
 * payment in a free case) reaches its checklist without them, and the free cases are marked. */
static void
test_free_cases_skip_the_payment_question(void **unused)
{
    struct test_app *t = test_app_new("assets/catalog.json", 24, 80);
    int marked = 0;

    (void)unused;
    for (size_t s = 0; s < t->cat->nservices; s++) {
        const struct service *svc = &t->cat->services[s];

        for (size_t o = 0; o < svc->noutcomes; o++) {
            const struct outcome *oc = &svc->outcomes[o];
            int path[16];
            size_t n;

            if (oc->nskip == 0 || oc->suggest > 0)
                continue;
            marked++;
            n = path_to(svc, 0, (int)o, path, 0);
            assert_true(n > 0);
            test_keys(t, '*', 0);
            assert_int_equal(
                app_push(&t->app, &questions_screen, (const void *)(intptr_t)svc->number), 0);
            for (size_t i = 0; i < n; i++)
                test_keys(t, '0' + path[i], 0);
            for (int k = 0; k < 8 && strcmp(test_top(t), "checklist") != 0; k++) {
                for (size_t j = 0; j < oc->nskip; j++) {
                    const char *q = tx(&t->cat->prereqs[oc->skip[j]].question);

                    if (screen_contains(t, q)) {
                        print_error("service %d outcome %s asks \"%s\"\n", svc->number, oc->id, q);
                        fail();
                    }
                }
                test_keys(t, '1', 0); /* Có */
            }
            assert_string_equal(test_top(t), "checklist");
        }
    }
    assert_true(marked >= 1);
    test_app_free(t);
}

/* Golden screens at 80x24 for the longest of each kind in the shipped catalog: the service
 * page with the most text (its first page and, after +, its end), the checklist with the most
 * papers, the first question with the most text, the group with the most services. Picked by
 * size, so the files follow the catalog: when its content changes, make golden and read the
 * diff. */
static size_t
text_len(const struct i18n_text *t)
{
    return strlen(tx(t));
}

/* The length of a fact as residents read it today. */
static size_t
shown_len(const struct fact *f, const char *today)
{
    return strlen(catalog_fact_text(f, today, i18n_lang()));
}

static void
test_longest_of_each_kind_golden(void **unused)
{
    struct test_app *t = test_app_new("assets/catalog.json", 24, 80);
    char today[11];
    const struct service *page = NULL, *items = NULL, *question = NULL;
    size_t page_len = 0, question_len = 0, group_n[64] = { 0 }, group = 0;

    (void)unused;
    app_today(&t->app, today);
    for (size_t s = 0; s < t->cat->nservices; s++) {
        const struct service *svc = &t->cat->services[s];
        size_t len = text_len(&svc->official_name) + shown_len(&svc->audience, today) +
                     shown_len(&svc->fee, today) + shown_len(&svc->time, today) +
                     shown_len(&svc->agency, today);
        size_t qlen = 0;

        if (len > page_len) {
            page_len = len;
            page = svc;
        }
        if (items == NULL || svc->nitems > items->nitems)
            items = svc;
        if (svc->nquestions > 0) {
            qlen = text_len(&svc->questions[0].text);
            for (size_t a = 0; a < svc->questions[0].nanswers; a++)
                qlen += text_len(&svc->questions[0].answers[a].text);
        }
        if (qlen > question_len) {
            question_len = qlen;
            question = svc;
        }
        if (svc->group < 64)
            group_n[svc->group]++;
    }
    for (size_t g = 1; g < t->cat->ngroups && g < 64; g++)
        group = group_n[g] > group_n[group] ? g : group;
    assert_non_null(page);
    assert_non_null(items);
    assert_non_null(question);

    assert_int_equal(app_push(&t->app, &service_screen, (const void *)(intptr_t)page->number), 0);
    assert_true(test_golden(t, "long_service"));
    test_keys(t, '+', '+', '+', 0);
    assert_true(test_golden(t, "long_service_end"));
    test_keys(t, '*', 0);
    assert_int_equal(app_push(&t->app, &service_screen, (const void *)(intptr_t)items->number), 0);
    test_keys(t, '2', 0);
    assert_string_equal(test_top(t), "checklist");
    assert_true(test_golden(t, "long_checklist"));
    test_keys(t, '*', 0);
    assert_int_equal(app_push(&t->app, &questions_screen, (const void *)(intptr_t)question->number),
                     0);
    assert_true(test_golden(t, "long_question"));
    test_keys(t, '*', 0);
    assert_int_equal(app_push(&t->app, &service_list_screen, (const void *)(intptr_t)(group + 1)),
                     0);
    assert_true(test_golden(t, "long_group_list"));
    test_app_free(t);
}

static void
test_ticking_items(void **unused)
{
    struct test_app *t = flow_app();

    (void)unused;
    open_checklist_abc(t);
    test_keys(t, '2', 0);
    assert_true(test_screen_has(t, "▶ 2. [x] Giấy thử A (hỏi cán bộ tại quầy)"));
    assert_true(test_screen_has(t, "Còn thiếu 2/3"));
    assert_true(test_screen_has(t, "Ghi chú: Bản chụp"));
    test_keys(t, TK(RC_UP), ' ', 0); /* Space on the selected item */
    assert_true(test_screen_has(t, "1. [x] Tờ khai thử"));
    assert_true(test_screen_has(t, "Ghi chú: Bản gốc, người khai ký"));
    test_keys(t, TK(RC_DOWN), TK(RC_DOWN), TK(RC_ENTER), 0); /* Enter on item 3 */
    assert_true(test_screen_has(t, "Đã đủ giấy tờ"));
    test_keys(t, '2', 0); /* again: untick */
    assert_true(test_screen_has(t, "2. [ ] Giấy thử A"));
    assert_true(test_screen_has(t, "Còn thiếu 1/3"));
    assert_true(test_golden(t, "flow_checklist"));
    test_app_free(t);
}

/* Back from the checklist and forward again with the same answers keeps the ticks; a changed
 * answer clears only what its checklist no longer lists. */
static void
test_ticks_survive_back_and_forward(void **unused)
{
    struct test_app *t = flow_app();

    (void)unused;
    open_service_1(t);
    test_keys(t, '1', '1', '2', '1', '1', 0); /* q1 Có, q2 hai, q3 Có → A and B; pre-flight Có */
    assert_string_equal(test_top(t), "checklist");
    test_keys(t, '1', '3', 0);
    assert_true(test_screen_has(t, "3. [x] Giấy thử B"));
    test_keys(t, TK_ESC, 0); /* back to the pre-flight question */
    assert_string_equal(test_top(t), "questions");
    test_keys(t, '1', 0); /* the same answer: the same ticks */
    assert_true(test_screen_has(t, "1. [x] Tờ khai thử"));
    assert_true(test_screen_has(t, "2. [ ] Giấy thử A"));
    assert_true(test_screen_has(t, "3. [x] Giấy thử B"));
    test_keys(t, TK_ESC, TK_ESC, '2', '1', 0); /* q3 Không → A only */
    assert_true(test_screen_has(t, "1. [x] Tờ khai thử"));
    assert_false(screen_contains(t, "Giấy thử B"));
    test_keys(t, TK_ESC, TK_ESC, '1', '1', 0); /* q3 Có again: B is no longer ticked */
    assert_true(test_screen_has(t, "1. [x] Tờ khai thử"));
    assert_true(test_screen_has(t, "3. [ ] Giấy thử B"));
    test_keys(t, '*', 0); /* start again forgets every tick */
    open_service_1(t);
    test_keys(t, '1', '1', '2', '1', '1', 0);
    assert_true(test_screen_has(t, "1. [ ] Tờ khai thử"));
    test_app_free(t);
}

static void
test_done_finishes_the_session(void **unused)
{
    struct test_app *t = flow_app();

    (void)unused;
    open_checklist_abc(t);
    test_keys(t, '7', 0); /* Xong */
    assert_string_equal(test_top(t), "home");
    assert_int_equal(t->app.sess.id, 0);
    test_app_free(t);
}

static void
test_straight_to_checklist(void **unused)
{
    struct test_app *t = flow_app();

    (void)unused;
    open_service_1(t); /* several outcomes: every item */
    test_keys(t, '2', 0);
    assert_string_equal(test_top(t), "checklist");
    assert_true(test_screen_has(t, "Mọi giấy tờ có thể cần"));
    assert_true(test_screen_has(t, "3. [ ] Giấy thử B"));
    assert_true(test_screen_has(t, "kiểm tra 1 điều"));
    test_keys(t, TK_ESC, TK_ESC, '2', 0); /* service 2: one outcome */
    assert_string_equal(test_top(t), "service");
    test_keys(t, '2', 0);
    assert_string_equal(test_top(t), "checklist");
    assert_true(test_screen_has(t, "Trường hợp: Nộp đơn"));
    assert_true(test_screen_has(t, "1. [ ] Đơn thử"));
    test_app_free(t);
}

static void
test_print_not_available_yet(void **unused)
{
    struct test_app *t = flow_app();

    (void)unused;
    t->app.screens.print = NULL; /* a build without the printing screen */
    open_checklist_abc(t);
    test_keys(t, '6', 0); /* In phiếu */
    assert_string_equal(test_top(t), "notyet");
    assert_true(test_screen_has(t, "In phiếu chưa có trên máy này"));
    test_keys(t, '0', 0);
    assert_string_equal(test_top(t), "checklist");
    test_app_free(t);
}

static void
test_print_request(void **unused)
{
    struct test_app *t = flow_app();

    (void)unused;
    memset(&printed, 0, sizeof printed);
    t->app.screens.print = &fake_print_screen;
    open_checklist_abc(t);
    test_keys(t, '1', '3', '6', 0); /* the printing screen's preview asks before it prints */
    assert_string_equal(test_top(t), "fake_print");
    assert_int_equal(printed.opened, 1);
    assert_int_equal(printed.service, 1);
    assert_false(printed.all_items);
    assert_int_equal(printed.nanswers, 3);
    assert_int_equal(printed.answers[0], 1);
    assert_int_equal(printed.answers[1], 2);
    assert_int_equal(printed.answers[2], 1);
    assert_int_equal(printed.nhave, 2);
    assert_int_equal(printed.have[0], 1);
    assert_int_equal(printed.have[1], 3);
    assert_int_equal(printed.lang, LANG_VI);
    assert_int_equal(printed.ntodos, 0);       /* the pre-flight was answered "Có" */
    test_keys(t, TK_ESC, TK_ESC, '2', '1', 0); /* pre-flight "Không", continue */
    assert_true(test_screen_has(t, "Cần làm trước: Hỏi cán bộ thử"));
    test_keys(t, '6', 0);
    assert_int_equal(printed.opened, 2);
    assert_int_equal(printed.ntodos, 1); /* the to-do goes to the slip */
    assert_string_equal(t->app.cat->prereqs[printed.todos[0]].id, "p_test");
    test_app_free(t);
}

/* --- The wipe -------------------------------------------------------------------------- */

static void
test_idle_reset_wipes_ticks_and_answers(void **unused)
{
    struct test_app *t = flow_app();

    (void)unused;
    open_checklist_abc(t);
    test_keys(t, '1', '2', 0);
    assert_true(test_screen_has(t, "Còn thiếu 1/3"));
    test_advance(t, (t->cfg.idle_timeout + t->cfg.idle_countdown) * 1000 + 200);
    assert_string_equal(test_top(t), "home");
    open_service_1(t);
    test_keys(t, '1', 0);
    assert_true(test_screen_has(t, "▶ 1. Có")); /* no remembered answers */
    test_keys(t, '1', 0);
    assert_true(test_screen_has(t, "▶ 1. Trường hợp một")); /* not "hai" from before */
    test_keys(t, '2', '1', '1', 0);
    assert_string_equal(test_top(t), "checklist");
    assert_true(test_screen_has(t, "Còn thiếu 3/3"));
    assert_false(screen_contains(t, "[x]"));
    test_app_free(t);
}

static void
test_start_again_wipes(void **unused)
{
    struct test_app *t = flow_app();

    (void)unused;
    open_checklist_abc(t);
    test_keys(t, '3', 0);
    test_keys(t, '*', 0);
    assert_string_equal(test_top(t), "home");
    assert_int_equal(t->app.depth, 0);
    open_checklist_abc(t);
    assert_false(screen_contains(t, "[x]"));
    test_app_free(t);
}

/* --- QR -------------------------------------------------------------------------------- */

static void
test_qr_screen(void **unused)
{
    struct test_app *t = flow_app();

    (void)unused;
    open_service_1(t);
    test_keys(t, '3', 0);
    assert_string_equal(test_top(t), "show_qr");
    assert_true(test_screen_has(t, "▶ 1. Cổng thử quốc gia"));
    assert_true(test_screen_has(t, "2. Cổng thử của tỉnh"));
    assert_true(test_golden(t, "flow_qr"));
    test_keys(t, '2', 0);
    assert_true(test_screen_has(t, "https://province.example/trang-chu"));
    assert_true(test_screen_has(t, "Mã này mở: Trang chủ Cổng thử"));
    test_keys(t, '1', 0);
    assert_true(test_screen_has(t, "https://national.example/thu-tuc?ma=TEST\n"));
    test_keys(t, TK_ESC, 0);
    assert_string_equal(test_top(t), "service");
    /* Service 2's code is on the provincial portal itself: no second page. */
    test_keys(t, TK_ESC, '2', '3', 0);
    assert_string_equal(test_top(t), "show_qr");
    assert_true(test_screen_has(t, "https://province.example/trang-chu"));
    /* A home page says why the code opens only that. */
    assert_true(test_screen_has(t, "Mã này mở: Trang chủ Cổng thử"));
    assert_true(test_screen_has(t, "Chưa có địa chỉ đã kiểm tra"));
    assert_false(screen_contains(t, "hỏi cán bộ")); /* a home page, not a procedure's */
    assert_false(screen_contains(t, "Chọn trang"));
    /* A procedure's page nobody has checked: what to do if it is the wrong one. */
    t->cat->services[0].qr_verified = false;
    test_keys(t, TK_ESC, TK_ESC, '1', '3', 0);
    assert_true(test_screen_has(t, "Mã này mở: Trang của thủ tục"));
    assert_true(test_screen_has(t, "Nếu trang mở ra không đúng"));
    assert_false(screen_contains(t, "xác minh"));
    test_app_free(t);
}

/* --- Search ---------------------------------------------------------------------------- */

static void
test_search_words_and_telex(void **unused)
{
    struct test_app *t = flow_app();

    (void)unused;
    test_keys(t, '1', 0); /* from a resident screen */
    test_keys(t, '/', 0);
    assert_string_equal(test_top(t), "search");
    assert_true(test_screen_has(t, "Gõ tên dịch vụ"));
    test_type(t, "lam thu a");
    assert_true(test_screen_has(t, "Tìm: lam thu a"));
    assert_true(test_screen_has(t, "▶ 1. Làm thử A\n"));
    assert_true(test_golden(t, "flow_search"));
    test_keys(t, TK(RC_ENTER), 0);
    assert_string_equal(test_top(t), "service");
    assert_true(test_screen_has(t, "1. Làm thử A"));
    test_keys(t, TK_ESC, 0);
    assert_string_equal(test_top(t), "search");
    for (int i = 0; i < 9; i++)
        test_keys(t, TK(RC_BACKSPACE), 0);
    assert_true(test_screen_has(t, "Gõ tên dịch vụ"));
    test_type(t, "lamf thuwr b"); /* Telex: "làm thử b" */
    assert_true(test_screen_has(t, "Tìm: làm thử b"));
    assert_true(test_screen_has(t, "2. Làm thử B\n"));
    test_app_free(t);
}

static void
test_search_vni_number_and_none(void **unused)
{
    struct test_app *t = flow_app();

    (void)unused;
    test_keys(t, '/', 0);
    test_type(t, "la2m thu73 b"); /* VNI: "làm thử b" */
    assert_true(test_screen_has(t, "Tìm: làm thử b"));
    assert_true(test_screen_has(t, "2. Làm thử B\n"));
    for (int i = 0; i < 9; i++) /* "làm thử b": nine letters */
        test_keys(t, TK(RC_BACKSPACE), 0);
    test_type(t, "kkk mmm"); /* no Telex or VNI keys in it */
    assert_true(test_screen_has(t, "Không tìm thấy dịch vụ nào cho “kkk mmm”"));
    for (int i = 0; i < 7; i++)
        test_keys(t, TK(RC_BACKSPACE), 0);
    test_type(t, "3"); /* the poster number: a digit is typed, not a pick */
    assert_string_equal(test_top(t), "search");
    assert_true(test_screen_has(t, "Nhấn Enter để mở dịch vụ số 3."));
    test_keys(t, TK(RC_ENTER), 0);
    assert_string_equal(test_top(t), "service");
    assert_true(test_screen_has(t, "3. Làm cả A và B"));
    test_keys(t, TK_ESC, TK(RC_BACKSPACE), 0); /* delete the "3" */
    assert_string_equal(test_top(t), "search");
    test_keys(t, TK(RC_BACKSPACE), 0); /* the field is empty: back */
    assert_string_equal(test_top(t), "home");
    test_app_free(t);
}

static void
test_search_expired_number_is_not_offered(void **unused)
{
    struct test_app *t = flow_app();

    (void)unused;
    test_keys(t, '/', 0);
    test_type(t, "4"); /* service 4 expired in 2020 */
    assert_false(screen_contains(t, "Thử cũ"));
    test_keys(t, TK(RC_ENTER), 0);
    assert_string_equal(test_top(t), "search");
    test_app_free(t);
}

/* --- Lists numbered with the services' own numbers -------------------------------------- */

/* Every numbered row "  N. Label" of the screen below the line holding after (NULL = the
 * whole screen) must name service N: its label is service N's plain name, or a cut of it
 * ending in "…". Returns the rows checked. */
static int
assert_rows_are_services(struct test_app *t, const char *after)
{
    char *screen = test_screen(t), *p = screen, *line;
    int rows = 0;

    if (after != NULL) {
        p = strstr(screen, after);
        assert_non_null(p);
        p = strchr(p, '\n');
        assert_non_null(p);
    }
    for (line = strtok(p, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        const char *q = line;
        const struct service *svc;
        char *dot, *label;
        size_t len;
        int num;

        if (strncmp(q, " ▶", strlen(" ▶")) == 0)
            q += strlen(" ▶");
        while (*q == ' ')
            q++;
        num = (int)strtol(q, &dot, 10);
        if (dot == q || strncmp(dot, ". ", 2) != 0)
            continue; /* not a numbered row */
        label = dot + 2;
        len = strlen(label);
        if (len >= strlen("…") && strcmp(label + len - strlen("…"), "…") == 0)
            len -= strlen("…");
        svc = catalog_service(t->cat, num);
        if (svc == NULL || strncmp(tx(&svc->plain_name), label, len) != 0) {
            print_error("row \"%s\": number %d is not that service\n", line, num);
            fail();
        }
        rows++;
    }
    free(screen);
    return rows;
}

static void
test_group_lists_show_service_numbers(void **unused)
{
    struct test_app *t = flow_app();

    (void)unused;
    test_keys(t, '2', 0); /* group B: only service 3, the bundle */
    assert_string_equal(test_top(t), "service_list");
    assert_true(test_screen_has(t, "▶ 3. Làm cả A và B\n"));
    assert_false(screen_contains(t, "(số"));
    test_keys(t, '1', 0); /* not in this list: said so, nothing opens */
    assert_string_equal(test_top(t), "service_list");
    assert_true(test_screen_has(t, "Không có mục số 1"));
    test_keys(t, '3', 0);
    assert_string_equal(test_top(t), "service");
    assert_true(test_screen_has(t, "3. Làm cả A và B"));
    test_keys(t, TK_ESC, 0);
    test_tap(t, 2, 10); /* a tap on the row chooses service 3 too */
    assert_string_equal(test_top(t), "service");
    test_app_free(t);

    /* The shipped catalog: in every group list and in "all 25", typing a number shown opens
     * that very service, and every row's number is its service's. */
    t = test_app_new("assets/catalog.json", 24, 80);
    assert_non_null(t->cat);
    for (size_t g = 0; g <= t->cat->ngroups; g++) {
        int shown = 0;

        test_keys(t, '*', 0);
        assert_int_equal(app_push(&t->app, &service_list_screen, (const void *)(intptr_t)g), 0);
        shown = assert_rows_are_services(t, NULL);
        assert_true(shown > 0);
        for (size_t i = 0; i < t->cat->nservices; i++) {
            const struct service *svc = &t->cat->services[i];
            char digits[8], title[16];

            if (g > 0 && svc->group != g - 1)
                continue;
            snprintf(digits, sizeof digits, "%d", svc->number);
            for (const char *d = digits; *d != '\0'; d++)
                test_keys(t, *d, 0);
            if (strcmp(test_top(t), "service_list") == 0)
                test_keys(t, TK(RC_ENTER), 0); /* a longer number could still follow */
            assert_string_equal(test_top(t), "service");
            snprintf(title, sizeof title, " %d. ", svc->number);
            assert_true(test_screen_has(t, title));
            test_keys(t, TK_ESC, 0);
            assert_string_equal(test_top(t), "service_list");
        }
    }
    test_app_free(t);
}

static void
test_search_results_show_service_numbers(void **unused)
{
    struct test_app *t = flow_app();

    (void)unused;
    test_keys(t, '/', 0);
    test_type(t, "lam ca");
    assert_true(test_screen_has(t, "▶ 3. Làm cả A và B\n")); /* its number, not position 1 */
    test_tap(t, 5, 10);                                      /* the first result's row */
    assert_string_equal(test_top(t), "service");
    assert_true(test_screen_has(t, "3. Làm cả A và B"));
    test_app_free(t);

    t = test_app_new("assets/catalog.json", 24, 80);
    test_keys(t, '/', 0);
    test_type(t, "khai sinh");
    assert_true(assert_rows_are_services(t, "Tìm:") >= 2); /* 9 and the bundle 15 at least */
    assert_true(test_screen_has(t, " 9. "));
    assert_true(test_screen_has(t, "15. "));
    test_app_free(t);
}

/* --- Unverified facts: "hỏi cán bộ tại quầy" ------------------------------------------ */

/* The text of the fact labelled label on screen: its first line after the label and the
 * lines continuing it (indented under the text), joined with spaces (caller frees). */
static char *
fact_block(const char *screen, const char *label)
{
    char head[80], *out = xstrdup(""), *at;
    const char *p, *eol;

    snprintf(head, sizeof head, "\n %s:", label);
    at = strstr(screen, head);
    if (at == NULL)
        return out;
    p = at + strlen(head);
    for (bool first = true;; first = false) {
        char *next;
        size_t len;

        if (!first && strncmp(p, "          ", 10) != 0)
            break; /* not a continuation line */
        while (*p == ' ')
            p++;
        eol = strchr(p, '\n');
        len = eol != NULL ? (size_t)(eol - p) : strlen(p);
        xasprintf(&next, "%s%s%.*s", out, first ? "" : " ", (int)len, p);
        free(out);
        out = next;
        if (eol == NULL)
            break;
        p = eol + 1;
    }
    return out;
}

static void squeeze(char *s);

/* A fact residents may not rely on reads exactly "hỏi cán bộ tại quầy", nothing more (but
 * for a fee, who pays nothing, on the next line). */
static void
assert_fact_asks(struct test_app *t, const char *label, int number)
{
    char *screen = test_screen(t), *block = fact_block(screen, label), exempt[256];
    size_t n = strlen(tr(MSG_ASK_OFFICER));

    snprintf(exempt, sizeof exempt, " %s:", tr(MSG_FEE_EXEMPT));
    if (strncmp(block, tr(MSG_ASK_OFFICER), n) != 0 ||
        (block[n] != '\0' && strncmp(block + n, exempt, strlen(exempt)) != 0)) {
        print_error("service %d, %s: \"%s\" instead of \"%s\"\n%s\n", number, label, block,
                    tr(MSG_ASK_OFFICER), screen);
        fail();
    }
    free(block);
    free(screen);
}

/* Every service of the shipped catalog, in both languages: each fact not shown to residents
 * (unverified, or no version in force today) reads "hỏi cán bộ tại quầy" on the service page
 * and under the checklist, and each unverified item in the checklist keeps its "(hỏi cán bộ
 * tại quầy)", however long its text. */
static void
test_unverified_facts_ask_the_officer(void **unused)
{
    /* The service page first, on a screen where it fits (at 80x24 it scrolls: see
     * test_service_page_scrolls_to_everything); one headless terminal at a time. */
    struct test_app *t = test_app_new("assets/catalog.json", 60, 80);
    char today[11];

    (void)unused;
    assert_non_null(t->cat);
    app_today(&t->app, today);
    for (int lang = LANG_VI; lang < LANG_COUNT; lang++) {
        for (size_t s = 0; s < t->cat->nservices; s++) {
            const struct service *svc = &t->cat->services[s];
            const struct fact *page[] = { &svc->audience, &svc->fee, &svc->time, &svc->agency };
            const enum msg_id labels[] = { MSG_FLOW_LBL_FOR, MSG_FLOW_LBL_FEE, MSG_FLOW_LBL_TIME,
                                           MSG_FLOW_LBL_AGENCY };

            test_keys(t, '*', 0);
            app_set_lang(&t->app, (enum lang)lang);
            assert_int_equal(
                app_push(&t->app, &service_screen, (const void *)(intptr_t)svc->number), 0);
            for (size_t i = 0; i < sizeof page / sizeof page[0]; i++)
                if (!catalog_fact_shown(page[i], today))
                    assert_fact_asks(t, tr(labels[i]), svc->number);
        }
    }
    test_app_free(t);
    t = test_app_new("assets/catalog.json", 24, 80);
    for (int lang = LANG_VI; lang < LANG_COUNT; lang++) {
        for (size_t s = 0; s < t->cat->nservices; s++) {
            const struct service *svc = &t->cat->services[s];
            const struct outcome *only = svc->noutcomes == 1 ? &svc->outcomes[0] : NULL;
            size_t nitems = only != NULL ? only->nitems : svc->nitems;
            char item_marker[64];

            test_keys(t, '*', 0);
            app_set_lang(&t->app, (enum lang)lang);
            trf(item_marker, sizeof item_marker, MSG_FLOW_ITEM_UNVERIFIED, "");
            assert_int_equal(
                app_push(&t->app, &service_screen, (const void *)(intptr_t)svc->number), 0);
            test_keys(t, '2', 0);
            assert_string_equal(test_top(t), "checklist");
            if (!catalog_fact_shown(catalog_outcome_fee(svc, only), today))
                assert_fact_asks(t, tr(MSG_FLOW_LBL_FEE), svc->number);
            if (!catalog_fact_shown(catalog_outcome_time(svc, only), today))
                assert_fact_asks(t, tr(MSG_FLOW_LBL_TIME), svc->number);
            for (size_t i = 0; i < nitems; i++) {
                const struct checklist_item *it = &svc->items[only != NULL ? only->items[i] : i];
                char *screen = test_screen(t), *sel = strstr(screen, "▶"), *eol;

                assert_non_null(sel);
                /* The selected item's rows: its line and the rows its name wraps onto. */
                eol = strchr(sel, '\n');
                while (
                    eol != NULL && strspn(eol + 1, " ") >= 6 &&
                    !(eol[1 + strspn(eol + 1, " ")] >= '0' && eol[1 + strspn(eol + 1, " ")] <= '9'))
                    eol = strchr(eol + 1, '\n');
                if (eol != NULL)
                    *eol = '\0';
                squeeze(sel);
                if ((strstr(sel, item_marker + 1) != NULL) != !it->verified) {
                    print_error("service %d item %zu: \"%s\"\n", svc->number, i + 1, sel);
                    fail();
                }
                free(screen);
                test_keys(t, TK(RC_DOWN), 0);
            }
        }
    }
    test_app_free(t);
}

/* Lines first..last (0-based, inclusive) of a screen dump, each a copy (caller frees). */
static size_t
screen_lines(const char *screen, int first, int last, char **out)
{
    size_t n = 0;
    int row = 0;

    for (const char *p = screen; *p != '\0' && row <= last; row++) {
        const char *eol = strchr(p, '\n');
        size_t len = eol != NULL ? (size_t)(eol - p) : strlen(p);

        if (row >= first)
            out[n++] = strndup(p, len);
        if (eol == NULL)
            break;
        p = eol + 1;
    }
    return n;
}

/* Every service of the shipped catalog, in both languages: at 80x24 the service page shows,
 * page by page with +, exactly the lines it shows whole on a tall screen — nothing is cut. */
static void
test_service_page_scrolls_to_everything(void **unused)
{
    /* One headless terminal at a time: first every page whole on a tall screen. */
    struct test_app *t = test_app_new("assets/catalog.json", 60, 80);
    size_t nsvc = t->cat->nservices, nfull[LANG_COUNT][64];
    char *full[LANG_COUNT][64][64];
    int scrolled = 0;

    (void)unused;
    assert_true(nsvc <= 64);
    for (int lang = LANG_VI; lang < LANG_COUNT; lang++) {
        for (size_t s = 0; s < nsvc; s++) {
            char *screen;
            size_t n;

            test_keys(t, '*', 0);
            app_set_lang(&t->app, (enum lang)lang);
            assert_int_equal(app_push(&t->app, &service_screen,
                                      (const void *)(intptr_t)t->cat->services[s].number),
                             0);
            /* Rows 2 .. the blank line before the actions (60 - 2 - 4 - 1 - 1). */
            screen = test_screen(t);
            n = screen_lines(screen, 2, 52, full[lang][s]);
            free(screen);
            while (n > 0 && full[lang][s][n - 1][0] == '\0')
                free(full[lang][s][--n]);
            assert_true(n < 52); /* it fits: no marker */
            nfull[lang][s] = n;
        }
    }
    test_app_free(t);

    t = test_app_new("assets/catalog.json", 24, 80);
    for (int lang = LANG_VI; lang < LANG_COUNT; lang++) {
        for (size_t s = 0; s < nsvc; s++) {
            int number = t->cat->services[s].number, guard = 0;
            char **lines = full[lang][s], *screen, *page[24];
            size_t covered = 0, total = nfull[lang][s];

            test_keys(t, '*', 0);
            app_set_lang(&t->app, (enum lang)lang);
            assert_int_equal(app_push(&t->app, &service_screen, (const void *)(intptr_t)number), 0);
            for (;;) {
                /* 80x24: 15 lines of the page, then the "more" marker (or 16 lines). */
                size_t n, at;
                bool more;

                screen = test_screen(t);
                n = screen_lines(screen, 2, 17, page);
                more = strstr(page[n - 1], "▼") != NULL || strstr(page[n - 1], "▲") != NULL;
                if (more) {
                    free(page[--n]);
                    scrolled++;
                }
                while (n > 0 && page[n - 1][0] == '\0')
                    free(page[--n]);
                /* This page is a run of the whole page's lines, starting at or before the
                 * first line not yet seen. */
                for (at = 0; at <= covered && at < total; at++) {
                    size_t k = 0;

                    while (k < n && at + k < total && strcmp(page[k], lines[at + k]) == 0)
                        k++;
                    if (k == n)
                        break;
                }
                if (at > covered || at >= total) {
                    print_error("service %d (%s): not a run of the whole page:\n%s\n", number,
                                lang_code((enum lang)lang), screen);
                    fail();
                }
                covered = at + n > covered ? at + n : covered;
                for (size_t k = 0; k < n; k++)
                    free(page[k]);
                free(screen);
                if (!more || covered >= total || ++guard > 10)
                    break;
                test_keys(t, '+', 0);
            }
            if (covered < total) {
                print_error("service %d (%s): only %zu of %zu lines can be read\n", number,
                            lang_code((enum lang)lang), covered, total);
                fail();
            }
            for (size_t k = 0; k < total; k++)
                free(lines[k]);
        }
    }
    assert_true(scrolled > 0); /* some pages are longer than 80x24 */
    test_app_free(t);
}

/* --- Item notes: cut under the list, whole on the second page ---------------------------- */

/* Runs of blanks and newlines become one space, in place. */
static void
squeeze(char *s)
{
    char *w = s;

    for (const char *r = s; *r != '\0'; r++) {
        if ((*r == ' ' || *r == '\n') && (w == s || w[-1] == ' '))
            continue;
        *w++ = *r == '\n' ? ' ' : *r;
    }
    while (w > s && w[-1] == ' ')
        w--;
    *w = '\0';
}

/* The selected item's note under the list, its lines joined (caller frees). */
static char *
note_under_list(struct test_app *t)
{
    char lead[64], *screen = test_screen(t), *at, *end, *out;

    trf(lead, sizeof lead, MSG_FLOW_NOTE, "");
    at = strstr(screen, lead);
    if (at == NULL) {
        free(screen);
        return xstrdup("");
    }
    /* It ends at the first line not indented under it (the fee line, or a blank one). */
    for (end = strchr(at, '\n'); end != NULL && strncmp(end + 1, "   ", 3) == 0;)
        end = strchr(end + 1, '\n');
    if (end != NULL)
        *end = '\0';
    out = xstrdup(at);
    squeeze(out);
    free(screen);
    return out;
}

/* The checklist's second page, every page of it, joined (caller frees). */
static char *
info_page_text(struct test_app *t)
{
    char *all = xstrdup("");

    for (int page = 0; page < 40; page++) {
        char *screen = test_screen(t);
        const char *p = screen;
        bool more = strstr(screen, tr(MSG_MORE_BELOW)) != NULL;

        /* The page's own rows at 80x24: 2..20, under the title and a blank row, above the
         * keys line. */
        for (int row = 0; p != NULL && row <= 20; row++) {
            const char *eol = strchr(p, '\n');
            int len = eol != NULL ? (int)(eol - p) : (int)strlen(p);
            char *next;

            if (row >= 2) {
                xasprintf(&next, "%s %.*s", all, len, p);
                free(all);
                all = next;
            }
            p = eol != NULL ? eol + 1 : NULL;
        }
        free(screen);
        if (!more)
            break;
        test_keys(t, '+', 0);
    }
    squeeze(all);
    return all;
}

/* Every item of every service's checklist, in both languages: its note under the list is
 * whole or says where it is whole, and the second page has it whole. */
static void
test_item_notes_in_full_on_the_info_page(void **unused)
{
    struct test_app *t = test_app_new("assets/catalog.json", 24, 80);

    (void)unused;
    assert_non_null(t->cat);
    for (int lang = LANG_VI; lang < LANG_COUNT; lang++) {
        for (size_t s = 0; s < t->cat->nservices; s++) {
            const struct service *svc = &t->cat->services[s];
            const struct outcome *only = svc->noutcomes == 1 ? &svc->outcomes[0] : NULL;
            size_t nitems = only != NULL ? only->nitems : svc->nitems;
            int info = (int)nitems + 2; /* after the items: QR, then this page */
            struct key_event pick = { .key = K_PICK, .num = info };
            char more[128], *page;

            test_keys(t, '*', 0);
            app_set_lang(&t->app, (enum lang)lang);
            assert_int_equal(
                app_push(&t->app, &service_screen, (const void *)(intptr_t)svc->number), 0);
            test_keys(t, '2', 0);
            assert_string_equal(test_top(t), "checklist");
            trf(more, sizeof more, MSG_FLOW_NOTE_MORE, info);
            squeeze(more);
            for (size_t i = 0; i < nitems; i++) {
                const struct checklist_item *it = &svc->items[only != NULL ? only->items[i] : i];
                char whole[1024], *under = note_under_list(t);

                trf(whole, sizeof whole, MSG_FLOW_NOTE, tx(&it->note));
                squeeze(whole);
                if (strcmp(under, whole) != 0 &&
                    (strlen(under) < strlen(more) ||
                     strcmp(under + strlen(under) - strlen(more), more) != 0)) {
                    print_error("service %d item %zu: note under the list \"%s\"\n", svc->number,
                                i + 1, under);
                    fail();
                }
                free(under);
                test_keys(t, TK(RC_DOWN), 0);
            }
            app_dispatch(&t->app, &pick);
            assert_true(test_screen_has(t, tr(MSG_FLOW_INFO_ITEMS)));
            page = info_page_text(t);
            for (size_t i = 0; i < nitems; i++) {
                const struct checklist_item *it = &svc->items[only != NULL ? only->items[i] : i];
                char *note = xstrdup(tx(&it->note));

                squeeze(note);
                if (strstr(page, note) == NULL) {
                    fprintf(stderr,
                            "service %d item %zu: note not in full on the info page: %s\nin: %s\n",
                            svc->number, i + 1, note, page);
                    fail();
                }
                free(note);
            }
            free(page);
        }
    }
    test_app_free(t);
}

/* --- Wording at 80x24 ------------------------------------------------------------------- */

/* Does s start with prefix? */
static bool
starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Does s end with suffix? */
static bool
ends(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The shipped catalog's questions as the kiosk promises them: 1 = Có before any "Không" or
 * "Chưa"; a question "… chưa?" is answered "Chưa", never "Không"; no note points "below" at
 * nothing. */
static void
test_shipped_answers_in_order(void **unused)
{
    struct test_app *t = test_app_new("assets/catalog.json", 24, 80);

    (void)unused;
    assert_non_null(t->cat);
    for (size_t s = 0; s < t->cat->nservices; s++) {
        const struct service *svc = &t->cat->services[s];

        for (size_t q = 0; q < svc->nquestions; q++) {
            const struct question *qq = &svc->questions[q];
            bool no_seen = false;

            for (size_t i = 0; i < qq->nanswers; i++) {
                const char *a = qq->answers[i].text.vi;

                if (starts(a, "Có") && no_seen) {
                    print_error("service %d %s: \"%s\" after a no\n", svc->number, qq->id, a);
                    fail();
                }
                no_seen = no_seen || starts(a, "Không") || starts(a, "Chưa");
                if (ends(qq->text.vi, "chưa?") && starts(a, "Không")) {
                    print_error("service %d %s: \"%s\" answers \"…chưa?\"\n", svc->number, qq->id,
                                a);
                    fail();
                }
            }
        }
        for (size_t o = 0; o < svc->noutcomes; o++) {
            assert_null(strstr(svc->outcomes[o].note.vi, "dưới đây"));
            assert_null(strstr(svc->outcomes[o].note.en, "below"));
        }
    }
    test_app_free(t);
}

/* Every question of the shipped catalog, walked to on screen in both languages: each answer
 * shows whole on its line; every outcome's case line on the checklist is whole, and a
 * suggestion's note is whole on the suggestion screen. */
static void
test_shipped_wording_fits(void **unused)
{
    struct test_app *t = test_app_new("assets/catalog.json", 24, 80);

    (void)unused;
    assert_non_null(t->cat);
    for (int lang = LANG_VI; lang < LANG_COUNT; lang++) {
        for (size_t s = 0; s < t->cat->nservices; s++) {
            const struct service *svc = &t->cat->services[s];

            for (size_t o = 0; o < svc->noutcomes; o++) {
                const struct outcome *out = &svc->outcomes[o];
                int path[16];
                size_t n = path_to(svc, 0, (int)o, path, 0);
                char line[512];

                assert_true(n > 0);
                test_keys(t, '*', 0);
                app_set_lang(&t->app, (enum lang)lang);
                assert_int_equal(
                    app_push(&t->app, &questions_screen, (const void *)(intptr_t)svc->number), 0);
                for (size_t i = 0; i < n; i++) {
                    /* The question on screen: each answer whole on its line. */
                    int q = 0;

                    for (size_t j = 0; j < i; j++)
                        q = svc->questions[q].answers[path[j] - 1].next;
                    for (size_t a = 0; a < svc->questions[q].nanswers; a++) {
                        snprintf(line, sizeof line, "%zu. %s\n", a + 1,
                                 tx(&svc->questions[q].answers[a].text));
                        if (!test_screen_has(t, line)) {
                            print_error("service %d %s answer %zu is cut\n", svc->number,
                                        svc->questions[q].id, a + 1);
                            fail();
                        }
                    }
                    test_keys(t, '0' + path[i], 0);
                }
                if (out->suggest > 0) {
                    char *screen = test_screen(t), *note = xstrdup(tx(&out->note));

                    squeeze(screen);
                    squeeze(note);
                    if (strstr(screen, note) == NULL) {
                        print_error("service %d %s: suggestion note cut:\n%s\n", svc->number,
                                    out->id, screen);
                        fail();
                    }
                    free(note);
                    free(screen);
                    test_keys(t, '2', 0);
                }
                /* Past the pre-flight, if any: "yes" to each. */
                for (int k = 0; k < 8 && strcmp(test_top(t), "questions") == 0; k++)
                    test_keys(t, '1', 0);
                assert_string_equal(test_top(t), "checklist");
                trf(line, sizeof line, MSG_FLOW_CASE, tx(&out->title));
                strcat(line, "\n");
                if (!test_screen_has(t, line)) {
                    print_error("service %d %s: case line cut\n", svc->number, out->id);
                    fail();
                }
            }
        }
    }
    test_app_free(t);
}

/* A pre-flight question "… chưa?" is answered "Chưa", and the advice says so. */
static void
test_preflight_not_yet(void **unused)
{
    struct test_app *t = flow_app();

    (void)unused;
    free(t->cat->prereqs[0].question.vi);
    t->cat->prereqs[0].question.vi = xstrdup("Bạn đã có tài khoản thử chưa?");
    open_service_1(t);
    test_keys(t, '1', '1', '1', 0); /* q1 Có, q2 một → pre-flight */
    assert_true(test_screen_has(t, "Bạn đã có tài khoản thử chưa?"));
    assert_true(test_screen_has(t, "1. Có\n"));
    assert_true(test_screen_has(t, "2. Chưa\n"));
    test_keys(t, '2', 0);
    assert_true(test_screen_has(t, "Bạn trả lời “Chưa”. Việc cần làm:"));
    test_app_free(t);

    t = test_app_new("assets/catalog.json", 24, 80); /* VNeID level 2, as shipped */
    test_keys(t, '/', 0);
    test_type(t, "9");
    test_keys(t, TK(RC_ENTER), '1', '2', '1', 0); /* khai sinh only, with the birth paper */
    assert_true(test_screen_has(t, "Bạn đã có tài khoản VNeID mức độ 2 chưa?"));
    assert_true(test_screen_has(t, "2. Chưa\n"));
    test_app_free(t);
}

/* A keypad has no Backspace or Esc: '-' deletes, '0' on an empty field goes back. */
static void
test_search_keypad(void **unused)
{
    struct test_app *t = flow_app();

    (void)unused;
    test_keys(t, '1', 0); /* group A's list */
    test_keys(t, '/', 0);
    assert_string_equal(test_top(t), "search");
    assert_true(test_screen_has(t, "Ô trống thì nhấn 0"));
    test_type(t, "kkq");
    assert_true(test_screen_has(t, "Tìm: kkq"));
    assert_true(test_screen_has(t, "nhấn 0"));              /* the no-result text names 0 too */
    assert_true(test_screen_has(t, "Phím − xoá chữ cuối")); /* and the keypad's delete */
    test_keys(t, '-', 0);
    assert_true(test_screen_has(t, "Tìm: kk\n"));
    test_keys(t, '-', '-', 0);
    assert_true(test_screen_has(t, "Gõ tên dịch vụ")); /* empty again */
    test_keys(t, '-', 0);                              /* nothing left to delete: stays */
    assert_string_equal(test_top(t), "search");
    test_type(t, "1");
    test_keys(t, '0', 0); /* not empty: '0' is typed */
    assert_true(test_screen_has(t, "Tìm: 10"));
    test_keys(t, '-', '-', 0);
    test_keys(t, '0', 0); /* empty: back */
    assert_string_equal(test_top(t), "service_list");
    test_app_free(t);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_service_page),
        cmocka_unit_test(test_bundle_and_organisations),
        cmocka_unit_test(test_browse_to_qr),
        cmocka_unit_test(test_back_keeps_the_earlier_answer),
        cmocka_unit_test(test_changing_an_answer_recomputes),
        cmocka_unit_test(test_preflight_no_gives_advice_and_goes_on),
        cmocka_unit_test(test_suggested_service),
        cmocka_unit_test(test_question_hint_on_help),
        cmocka_unit_test(test_outcome_without_filing_skips_preflight),
        cmocka_unit_test(test_shipped_outcomes_without_filing),
        cmocka_unit_test(test_qr_screens_never_cut_what_they_say),
        cmocka_unit_test(test_qr_column_scrolls),
        cmocka_unit_test(test_preflight_follows_the_answers),
        cmocka_unit_test(test_service_lists_never_cut_a_name),
        cmocka_unit_test(test_service_page_scrolls_to_everything),
        cmocka_unit_test(test_longest_of_each_kind_golden),
        cmocka_unit_test(test_free_cases_skip_the_payment_question),
        cmocka_unit_test(test_ticking_items),
        cmocka_unit_test(test_ticks_survive_back_and_forward),
        cmocka_unit_test(test_done_finishes_the_session),
        cmocka_unit_test(test_straight_to_checklist),
        cmocka_unit_test(test_print_not_available_yet),
        cmocka_unit_test(test_print_request),
        cmocka_unit_test(test_idle_reset_wipes_ticks_and_answers),
        cmocka_unit_test(test_start_again_wipes),
        cmocka_unit_test(test_qr_screen),
        cmocka_unit_test(test_search_words_and_telex),
        cmocka_unit_test(test_search_vni_number_and_none),
        cmocka_unit_test(test_search_expired_number_is_not_offered),
        cmocka_unit_test(test_search_keypad),
        cmocka_unit_test(test_group_lists_show_service_numbers),
        cmocka_unit_test(test_search_results_show_service_numbers),
        cmocka_unit_test(test_unverified_facts_ask_the_officer),
        cmocka_unit_test(test_shipped_answers_in_order),
        cmocka_unit_test(test_shipped_wording_fits),
        cmocka_unit_test(test_preflight_not_yet),
        cmocka_unit_test(test_item_notes_in_full_on_the_info_page),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
