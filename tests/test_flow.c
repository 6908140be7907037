/*
 * The flow engine, generated from the catalog: for every service, every path of answers
 * reaches an outcome with a non-empty checklist. The same enumerator runs over the small test
 * catalog and, when it exists, over the shipped assets/catalog.json (which must then load).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "catalog.h"
#include "flow.h"
#include "testutil.h"

#define SMALL   "tests/fixtures/catalog_small.json"
#define SHIPPED "assets/catalog.json"

static struct catalog *
load(const char *path)
{
    struct strlist problems = { 0 };
    struct catalog *cat = NULL;
    int rc = catalog_load(path, &cat, &problems);

    for (size_t i = 0; i < problems.n; i++)
        print_message("  %s\n", problems.v[i]);
    assert_int_equal(problems.n, 0);
    assert_int_equal(rc, 0);
    strlist_free(&problems);
    return cat;
}

/* What walking every path of one service found. */
struct tally {
    size_t paths;
    bool *outcome_reached; /* per outcome */
};

/*
 * Extend answers[0..n) by every possible answer, depth first. A path may be at most
 * nquestions long (one more would repeat a question: a cycle); each must end in an outcome
 * with a checklist, and every prefix must stop at a question.
 */
static void
walk_all(const struct service *s, int *answers, size_t n, struct tally *t)
{
    int pos = -1;
    enum flow_result r = flow_walk(s, answers, n, &pos);

    if (r == FLOW_INVALID) {
        char *path = flow_format_numbers(answers, n);

        print_message("service %d (%s): answers %s are invalid\n", s->number, s->code, path);
        free(path);
    }
    assert_int_not_equal(r, FLOW_INVALID);
    if (r == FLOW_OUTCOME) {
        assert_in_range(pos, 0, (int)s->noutcomes - 1);
        if (s->outcomes[pos].nitems == 0)
            print_message("service %d: outcome %s has no checklist\n", s->number,
                          s->outcomes[pos].id);
        assert_true(s->outcomes[pos].nitems > 0);
        for (size_t k = 0; k < s->outcomes[pos].nitems; k++)
            assert_true(s->outcomes[pos].items[k] < s->nitems);
        t->outcome_reached[pos] = true;
        t->paths++;
        return;
    }
    assert_in_range(pos, 0, (int)s->nquestions - 1);
    assert_true(n < s->nquestions); /* no path asks more questions than there are */
    assert_true(s->questions[pos].nanswers > 0);
    for (size_t a = 1; a <= s->questions[pos].nanswers; a++) {
        answers[n] = (int)a;
        walk_all(s, answers, n + 1, t);
    }
    /* One answer too many or out of range is refused. */
    answers[n] = (int)s->questions[pos].nanswers + 1;
    assert_int_equal(flow_walk(s, answers, n + 1, NULL), FLOW_INVALID);
    answers[n] = 0;
    assert_int_equal(flow_walk(s, answers, n + 1, NULL), FLOW_INVALID);
}

/* Walk every path of every service of cat; returns the number of paths. */
static size_t
walk_catalog(const struct catalog *cat)
{
    size_t total = 0;

    for (size_t i = 0; i < cat->nservices; i++) {
        const struct service *s = &cat->services[i];
        int *answers = xcalloc(s->nquestions + 1, sizeof *answers);
        struct tally t = { 0, xcalloc(s->noutcomes + 1, sizeof(bool)) };

        walk_all(s, answers, 0, &t);
        assert_true(t.paths > 0);
        for (size_t o = 0; o < s->noutcomes; o++) {
            if (!t.outcome_reached[o])
                print_message("service %d: outcome %s is never reached\n", s->number,
                              s->outcomes[o].id);
            assert_true(t.outcome_reached[o]);
        }
        total += t.paths;
        free(answers);
        free(t.outcome_reached);
    }
    return total;
}

static void
test_small_every_path(void **state)
{
    struct catalog *cat = load(SMALL);
    const struct service *a = catalog_service(cat, 1);
    int *answers = xcalloc(a->nquestions + 1, sizeof *answers);
    struct tally t = { 0, xcalloc(a->noutcomes, sizeof(bool)) };

    (void)state;
    /* test_a: 2 | 1,1 | 1,2,1 | 1,2,2 | 1,3 */
    walk_all(a, answers, 0, &t);
    assert_int_equal(t.paths, 5);
    /* and services 2, 3, 4 have two, two and one */
    assert_int_equal(walk_catalog(cat), 5 + 2 + 2 + 1);
    free(answers);
    free(t.outcome_reached);
    catalog_free(cat);
}

static void
test_walk(void **state)
{
    struct catalog *cat = load(SMALL);
    const struct service *a = catalog_service(cat, 1);
    int pos = -7;

    (void)state;
    assert_int_equal(flow_walk(a, NULL, 0, &pos), FLOW_QUESTION);
    assert_int_equal(pos, 0);
    assert_int_equal(flow_walk(a, (const int[]){ 1 }, 1, &pos), FLOW_QUESTION);
    assert_int_equal(pos, 1);
    assert_int_equal(flow_walk(a, (const int[]){ 1, 2 }, 2, &pos), FLOW_QUESTION);
    assert_int_equal(pos, 2);
    assert_int_equal(flow_walk(a, (const int[]){ 1, 2, 1 }, 3, &pos), FLOW_OUTCOME);
    assert_string_equal(a->outcomes[pos].id, "co_a_b");
    assert_int_equal(flow_walk(a, (const int[]){ 2 }, 1, &pos), FLOW_OUTCOME);
    assert_string_equal(a->outcomes[pos].id, "nen_goi");
    assert_int_equal(a->outcomes[pos].suggest, 3);

    pos = -7;
    assert_int_equal(flow_walk(a, (const int[]){ 2, 1 }, 2, &pos), FLOW_INVALID);
    assert_int_equal(flow_walk(a, (const int[]){ 3 }, 1, &pos), FLOW_INVALID);
    assert_int_equal(flow_walk(a, (const int[]){ 1, -1 }, 2, &pos), FLOW_INVALID);
    assert_int_equal(pos, -7); /* untouched when invalid */
    assert_int_equal(flow_walk(NULL, NULL, 0, &pos), FLOW_INVALID);
    assert_int_equal(flow_walk(a, NULL, 1, &pos), FLOW_INVALID);
    catalog_free(cat);
}

static void
test_parse_numbers(void **state)
{
    static const char *const bad[] = { ",",  "1,",  ",1",         "1,,2",
                                       "a",  "1 2", " 1",         "-1",
                                       "+1", "1.5", "2147483648", "99999999999999999999",
                                       "1,x" };
    static int sentinel;
    int *v;
    size_t n;

    (void)state;
    assert_int_equal(flow_parse_numbers("1,2,1", &v, &n), 0);
    assert_int_equal(n, 3);
    assert_int_equal(v[0], 1);
    assert_int_equal(v[1], 2);
    assert_int_equal(v[2], 1);
    free(v);
    assert_int_equal(flow_parse_numbers("", &v, &n), 0);
    assert_int_equal(n, 0);
    assert_null(v);
    assert_int_equal(flow_parse_numbers("0,2147483647,07", &v, &n), 0);
    assert_int_equal(n, 3);
    assert_int_equal(v[0], 0);
    assert_int_equal(v[1], 2147483647);
    assert_int_equal(v[2], 7);
    free(v);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        v = &sentinel; /* must be reset to NULL */
        n = 9;
        assert_int_equal(flow_parse_numbers(bad[i], &v, &n), -1);
        assert_null(v);
        assert_int_equal(n, 0);
    }
    assert_int_equal(flow_parse_numbers(NULL, &v, &n), -1);
}

static void
test_format_numbers(void **state)
{
    char *s;
    int *v;
    size_t n;

    (void)state;
    s = flow_format_numbers((const int[]){ 1, 2, 10 }, 3);
    assert_string_equal(s, "1,2,10");
    assert_int_equal(flow_parse_numbers(s, &v, &n), 0);
    assert_int_equal(n, 3);
    assert_int_equal(v[2], 10);
    free(v);
    free(s);
    s = flow_format_numbers(NULL, 0);
    assert_string_equal(s, "");
    free(s);
}

/* Every path of every shipped service; a missing shipped catalog fails. */
static void
test_shipped_every_path(void **state)
{
    struct catalog *cat;
    size_t paths;

    (void)state;
    if (!test_file_exists(SHIPPED))
        print_message("%s is missing\n", SHIPPED);
    assert_true(test_file_exists(SHIPPED));
    cat = load(SHIPPED);
    paths = walk_catalog(cat);
    print_message("%s: %zu services, %zu answer paths, each ends in a checklist\n", SHIPPED,
                  cat->nservices, paths);
    assert_true(paths >= cat->nservices);
    catalog_free(cat);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_every_path),   cmocka_unit_test(test_walk),
        cmocka_unit_test(test_parse_numbers),      cmocka_unit_test(test_format_numbers),
        cmocka_unit_test(test_shipped_every_path),
    };

    test_go_to_root();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
