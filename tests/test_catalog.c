/*
 * The catalog loader and validator: the small test catalog loads and resolves; each broken
 * fixture (tests/fixtures/catalog_bad_<rule>.json, one defect each) is refused with exactly
 * its message; the shipped assets/catalog.json passes with zero problems.
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
#include "catalog_cmd.h"
#include "testutil.h"

#define SMALL   "tests/fixtures/catalog_small.json"
#define SHIPPED "assets/catalog.json"

/* The whole file at path (caller frees); *len its size. */
static char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    buf = xmalloc((size_t)n + 1);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* Everything written to f (caller frees). */
static char *
read_back(FILE *f)
{
    size_t len;
    long n;
    char *buf;

    n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    buf = xmalloc((size_t)n + 1);
    len = fread(buf, 1, (size_t)n, f);
    buf[len] = '\0';
    return buf;
}

static void
print_problems(const struct strlist *problems)
{
    for (size_t i = 0; i < problems->n; i++)
        print_message("  %s\n", problems->v[i]);
}

/* A catalog that must load without a single problem. */
static struct catalog *
load_clean(const char *path)
{
    struct strlist problems = { 0 };
    struct catalog *cat = NULL;
    int rc = catalog_load(path, &cat, &problems);

    print_problems(&problems);
    assert_int_equal(rc, 0);
    assert_int_equal(problems.n, 0);
    assert_non_null(cat);
    return cat;
}

static struct catalog *
load_small(void)
{
    return load_clean(SMALL);
}

static void
test_small_loads(void **state)
{
    struct catalog *cat = load_small();
    const struct service *a, *b, *bundle;

    (void)state;
    assert_string_equal(cat->path, SMALL);
    assert_string_equal(cat->version, "test-1");
    assert_int_equal(cat->nportals, 3);
    assert_int_equal(cat->ngroups, 2);
    assert_int_equal(cat->nprereqs, 1);
    assert_int_equal(cat->nservices, 4);
    /* Sorted by number although the file lists 3 first. */
    for (size_t i = 0; i < cat->nservices; i++)
        assert_int_equal(cat->services[i].number, (int)i + 1);

    a = catalog_service(cat, 1);
    assert_non_null(a);
    assert_string_equal(a->code, "test_a");
    assert_string_equal(a->official_name.vi, "Thủ tục thử A");
    assert_string_equal(a->official_name.en, "Test procedure A");
    assert_string_equal(cat->groups[a->group].id, "nhom_a");
    assert_string_equal(a->fee.text.vi, "Miễn phí (thử)");
    assert_true(a->fee.verified);
    assert_int_equal(a->fee.sources.n, 1);
    assert_string_equal(a->fee.sources.v[0], "T1");
    assert_false(a->time.verified);
    assert_string_equal(a->tthc.text.vi, "TEST.001");
    assert_int_equal(a->channels.n, 2);
    assert_string_equal(a->channels.v[1], "app");
    assert_int_equal(a->nprereqs, 1);
    assert_string_equal(cat->prereqs[a->prereqs[0]].id, "p_test");
    assert_int_equal(a->nsteps, 2);
    assert_string_equal(a->steps[1].en, "Test step two");
    assert_int_equal(a->nreasons, 1);
    assert_int_equal(a->synonyms.n, 2);
    assert_string_equal(a->synonyms.v[1], "làm thử");
    assert_null(a->valid_until);
    assert_false(a->for_organisations);

    /* The flow, resolved to indexes. */
    assert_int_equal(a->nquestions, 3);
    assert_string_equal(a->questions[0].id, "q1");
    assert_int_equal(a->questions[0].nanswers, 2);
    assert_int_equal(a->questions[0].answers[0].next, 1);
    assert_int_equal(a->questions[0].answers[0].outcome, -1);
    assert_int_equal(a->questions[0].answers[1].next, -1);
    assert_int_equal(a->questions[0].answers[1].outcome, 2);
    assert_string_equal(a->questions[0].hint.en, "Hint one");
    assert_string_equal(a->questions[1].hint.en, "Hint two");
    assert_int_equal(a->questions[1].answers[1].next, 2);
    assert_int_equal(a->noutcomes, 3);
    assert_int_equal(a->outcomes[1].nitems, 3);
    assert_string_equal(a->items[a->outcomes[1].items[2]].id, "giay_b");
    assert_int_equal(a->outcomes[2].suggest, 3);
    assert_int_equal(a->outcomes[0].suggest, 0);
    assert_true(a->items[0].verified);
    assert_false(a->items[1].verified);
    assert_string_equal(a->items[2].note.vi, "Bản sao (thử)");
    assert_string_equal(a->outcomes[0].note.vi, ""); /* absent note: empty, not NULL */

    /* QR: the procedure page where a code is given, else the portal's home page. */
    assert_string_equal(a->qr_url, "https://national.example/thu-tuc?ma=TEST.001");
    assert_true(a->qr_is_procedure);
    assert_true(a->qr_verified);
    assert_string_equal(a->qr_param, "TEST.001");
    assert_int_equal(a->qr_route, 0);
    assert_string_equal(cat->portals[a->qr_portal].id, "dvcqg");
    b = catalog_service_by_code(cat, "test_b");
    assert_non_null(b);
    assert_int_equal(b->number, 2);
    assert_true(b->for_organisations);
    assert_string_equal(b->qr_url, "https://province.example/trang-chu");
    assert_false(b->qr_is_procedure);
    assert_null(b->qr_param);
    assert_int_equal(b->qr_route, -1);
    assert_non_null(strstr(b->qr_home_reason.en, "home page"));
    assert_string_equal(b->fee.text.vi, "");
    bundle = catalog_service(cat, 3);
    assert_string_equal(bundle->qr_url, "https://national.example");
    assert_false(bundle->qr_is_procedure);
    assert_int_equal(bundle->ncovers, 2);
    assert_int_equal(bundle->covers[0], 1);
    assert_int_equal(bundle->covers[1], 2);

    assert_null(catalog_service(cat, 5));
    assert_null(catalog_service(cat, 0));
    assert_null(catalog_service_by_code(cat, "nope"));
    assert_non_null(catalog_portal(cat, "app"));
    assert_null(catalog_portal(cat, "app")->base_url);
    assert_null(catalog_portal(cat, "nope"));
    catalog_free(cat);
}

static void
test_hash(void **state)
{
    struct catalog *cat = load_small(), *again = NULL, *changed = NULL;
    size_t len;
    char *buf = slurp(SMALL, &len), *buf2;

    (void)state;
    assert_int_equal(strlen(cat->hash), 64);
    assert_int_equal(strspn(cat->hash, "0123456789abcdef"), 64);
    /* The same bytes give the same version; one more space gives another. */
    assert_int_equal(catalog_load_buffer("mem", buf, len, &again, NULL), 0);
    assert_string_equal(again->hash, cat->hash);
    assert_string_equal(again->path, "mem");
    buf2 = xmalloc(len + 2);
    memcpy(buf2, buf, len);
    buf2[len] = ' ';
    assert_int_equal(catalog_load_buffer("mem", buf2, len + 1, &changed, NULL), 0);
    assert_string_not_equal(changed->hash, cat->hash);
    free(buf);
    free(buf2);
    catalog_free(cat);
    catalog_free(again);
    catalog_free(changed);
}

/* An outcome's optional "skip_prerequisites" is read (false when absent), and refused when
 * it is not true or false. */
static void
test_skip_prerequisites(void **state)
{
    static const char from[] = "\"items\": [\"to_khai\"],\n          \"suggest\": 3\n        }";
    size_t len;
    char *buf = slurp(SMALL, &len), *at = strstr(buf, from), *yes, *bad;
    struct catalog *cat = NULL;
    struct strlist problems = { 0 };
    const struct service *a;

    (void)state;
    assert_non_null(at); /* service 1's outcome nen_goi */
    xasprintf(&yes,
              "%.*s\"items\": [\"to_khai\"], \"suggest\": 3, \"skip_prerequisites\": true }%s",
              (int)(at - buf), buf, at + strlen(from));
    assert_int_equal(catalog_load_buffer("skip", yes, strlen(yes), &cat, NULL), 0);
    a = catalog_service(cat, 1);
    assert_string_equal(a->outcomes[2].id, "nen_goi");
    assert_true(a->outcomes[2].skip_prereqs);
    assert_false(a->outcomes[0].skip_prereqs);
    catalog_free(cat);
    cat = NULL;
    xasprintf(&bad, "%.*s\"items\": [\"to_khai\"], \"skip_prerequisites\": \"yes\" }%s",
              (int)(at - buf), buf, at + strlen(from));
    assert_int_equal(catalog_load_buffer("skip", bad, strlen(bad), &cat, &problems), -1);
    assert_int_equal(problems.n, 1);
    assert_non_null(strstr(problems.v[0], "outcomes[2].skip_prerequisites: must be true, false or "
                                          "a list of prerequisite ids"));
    strlist_free(&problems);
    free(bad);
    /* A list: only those pre-flight questions are not asked in this case. */
    xasprintf(&bad, "%.*s\"items\": [\"to_khai\"], \"skip_prerequisites\": [\"p_test\"] }%s",
              (int)(at - buf), buf, at + strlen(from));
    assert_int_equal(catalog_load_buffer("skip", bad, strlen(bad), &cat, NULL), 0);
    a = catalog_service(cat, 1);
    assert_false(a->outcomes[2].skip_prereqs);
    assert_int_equal(a->outcomes[2].nskip, 1);
    assert_string_equal(cat->prereqs[a->outcomes[2].skip[0]].id, "p_test");
    catalog_free(cat);
    cat = NULL;
    free(bad);
    xasprintf(&bad, "%.*s\"items\": [\"to_khai\"], \"skip_prerequisites\": [\"nope\"] }%s",
              (int)(at - buf), buf, at + strlen(from));
    assert_int_equal(catalog_load_buffer("skip", bad, strlen(bad), &cat, &problems), -1);
    assert_int_equal(problems.n, 1);
    assert_non_null(
        strstr(problems.v[0], "outcomes[2].skip_prerequisites[0]: unknown prerequisite \"nope\""));
    strlist_free(&problems);
    free(bad);
    free(yes);
    free(buf);
}

/* "requires": a pre-flight question asked only when an earlier one was not answered "no". */
static void
test_prerequisite_requires(void **state)
{
    static const char from[] = "\"if_no\": {\"vi\": \"Hỏi cán bộ thử\", \"en\": \"Ask the test "
                               "officer\"}\n    }";
    static const char second[] =
        ",\n    { \"id\": \"p_two\", \"question\": { \"vi\": \"Hai?\", \"en\": \"Two?\" }, "
        "\"hint\": { \"vi\": \"h\", \"en\": \"h\" }, \"if_no\": { \"vi\": \"n\", \"en\": \"n\" }, "
        "\"requires\": \"%s\" }";
    size_t len;
    char *buf = slurp(SMALL, &len), *at = strstr(buf, from), *more, *text;
    struct catalog *cat = NULL;
    struct strlist problems = { 0 };

    (void)state;
    assert_non_null(at);
    at += strlen(from);
    xasprintf(&more, second, "p_test");
    xasprintf(&text, "%.*s%s%s", (int)(at - buf), buf, more, at);
    assert_int_equal(catalog_load_buffer("req", text, strlen(text), &cat, NULL), 0);
    assert_int_equal(cat->nprereqs, 2);
    assert_int_equal(cat->prereqs[0].requires, -1);
    assert_int_equal(cat->prereqs[1].requires, 0);
    catalog_free(cat);
    cat = NULL;
    free(text);
    free(more);
    xasprintf(&more, second, "p_two"); /* itself: not listed before it */
    xasprintf(&text, "%.*s%s%s", (int)(at - buf), buf, more, at);
    assert_int_equal(catalog_load_buffer("req", text, strlen(text), &cat, &problems), -1);
    assert_int_equal(problems.n, 1);
    assert_non_null(strstr(problems.v[0], "prerequisites[1].requires: \"p_two\" is not a "
                                          "prerequisite listed before this one"));
    strlist_free(&problems);
    free(text);
    free(more);
    free(buf);
}

static void
test_dates(void **state)
{
    struct catalog *cat = load_small();
    const struct service *old = catalog_service(cat, 4);
    const struct portal *tinh = catalog_portal(cat, "tinh");
    char *home;

    (void)state;
    assert_true(catalog_service_active(old, "2020-01-01"));
    assert_true(catalog_service_active(old, "2020-12-31")); /* valid_until is inclusive */
    assert_false(catalog_service_active(old, "2021-01-01"));
    assert_false(catalog_service_active(old, "2019-12-31"));
    assert_true(catalog_service_active(catalog_service(cat, 1), "2099-01-01"));
    assert_false(catalog_service_active(NULL, "2025-01-01"));
    assert_true(catalog_portal_active(tinh, "2030-12-31"));
    assert_false(catalog_portal_active(tinh, "2031-01-01"));

    assert_ptr_equal(catalog_provincial(cat, "2025-10-01"), tinh);
    assert_null(catalog_provincial(cat, "2031-01-01"));
    home = catalog_portal_home_url(tinh);
    assert_string_equal(home, "https://province.example/trang-chu");
    free(home);
    home = catalog_portal_home_url(catalog_portal(cat, "dvcqg"));
    assert_string_equal(home, "https://national.example");
    free(home);
    assert_null(catalog_portal_home_url(catalog_portal(cat, "app")));
    assert_null(catalog_portal_home_url(NULL));
    catalog_free(cat);
}

static void
test_set_portal_base(void **state)
{
    struct catalog *cat = load_small();
    struct strlist problems = { 0 };
    char long_base[128];

    (void)state;
    /* A trailing slash from kiosk.conf is dropped; every QR URL on that portal changes. */
    assert_int_equal(catalog_set_portal_base(cat, "dvcqg", "https://dvc.example/", &problems), 0);
    assert_int_equal(problems.n, 0);
    assert_string_equal(catalog_portal(cat, "dvcqg")->base_url, "https://dvc.example");
    assert_string_equal(catalog_service(cat, 1)->qr_url, "https://dvc.example/thu-tuc?ma=TEST.001");
    assert_true(catalog_service(cat, 1)->qr_is_procedure);
    assert_string_equal(catalog_service(cat, 3)->qr_url, "https://dvc.example");
    assert_string_equal(catalog_service(cat, 2)->qr_url, "https://province.example/trang-chu");

    /* Refused overrides leave the catalog unchanged. */
    assert_int_equal(catalog_set_portal_base(cat, "tinh", "http://province.example", &problems),
                     -1);
    assert_int_equal(problems.n, 1);
    assert_string_equal(problems.v[0], "kiosk.conf: portal \"tinh\": URL must start with "
                                       "\"https://\": \"http://province.example\"");
    strlist_free(&problems);
    assert_string_equal(catalog_service(cat, 2)->qr_url, "https://province.example/trang-chu");

    memset(long_base, 0, sizeof long_base);
    memcpy(long_base, "https://", 8);
    memset(long_base + 8, 'a', 79); /* 8 + 79 + 20 = 107 bytes */
    assert_int_equal(catalog_set_portal_base(cat, "dvcqg", long_base, &problems), -1);
    assert_int_equal(problems.n, 1);
    assert_string_equal(
        problems.v[0],
        "kiosk.conf: portal \"dvcqg\": service 1 (test_a): QR URL would be 107 "
        "bytes, over the limit of 106: \"https://"
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        "aaa/thu-tuc?ma=TEST.001\"");
    strlist_free(&problems);
    assert_string_equal(catalog_service(cat, 1)->qr_url, "https://dvc.example/thu-tuc?ma=TEST.001");
    assert_string_equal(catalog_portal(cat, "dvcqg")->base_url, "https://dvc.example");

    assert_int_equal(catalog_set_portal_base(cat, "nope", "https://x.example", &problems), -1);
    assert_int_equal(problems.n, 1);
    assert_string_equal(problems.v[0], "kiosk.conf: unknown portal \"nope\"");
    strlist_free(&problems);
    catalog_free(cat);
}

/* One fixture per rule, each with the one message it must produce. */
struct bad_case {
    const char *rule;
    const char *message; /* after "tests/fixtures/catalog_bad_<rule>.json" */
};

static const struct bad_case bad_cases[] = {
    /* JSON syntax, with line and column */
    { "syntax", ":90:7: unexpected token near ']'" },
    { "utf8", ":54:16: unable to decode byte 0xe0 near '\"L'" },
    { "dup_key", ":49:12: duplicate object key near '\"code\"'" },
    { "empty", ":1:0: '[' or '{' expected near end of file" },
    { "top_array", ": the catalog must be a JSON object, not an array" },
    /* the format */
    { "schema_1", ": this catalog is in format 1 (it has no \"schema\": 2); this kiosk reads "
                  "format 2 only. Convert it as assets/CATALOG.md says under \"Converting a "
                  "format-1 catalog\"" },
    { "schema_3", ": schema: unknown catalog format (this kiosk reads \"schema\": 2)" },
    /* missing or wrongly typed fields */
    { "missing_field", ": services[0]: missing field \"code\"" },
    { "wrong_type", ": services[0].number: must be an integer, not a string" },
    { "bad_number", ": services[0].number: must be a positive integer, not 0" },
    { "unknown_field", ": services[0]: unknown field \"prerequisite\"" },
    { "not_object", ": services[1]: must be an object, not a string" },
    { "no_services", ": services: the catalog has no services" },
    { "no_questions", ": services[0].questions: a service needs at least one question" },
    /* duplicates */
    { "dup_number", ": services[1].number: duplicate service number 1 (also services[0])" },
    { "dup_code", ": services[1].code: duplicate service code \"test_a\" (also services[0])" },
    { "dup_portal", ": portals[1].id: duplicate portal id \"dvcqg\" (also portals[0])" },
    { "dup_item", ": services[0].items[1].id: duplicate item id \"to_khai\" (also items[0])" },
    { "dup_question",
      ": services[0].questions[2].id: duplicate question id \"q2\" (also questions[1])" },
    { "dup_outcome",
      ": services[0].outcomes[1].id: duplicate outcome id \"xong\" (also outcomes[0])" },
    /* texts */
    { "missing_note", ": services[0].items[0]: missing field \"note\"" },
    { "missing_hint", ": services[0].questions[1]: missing field \"hint\"" },
    { "missing_vi", ": services[0].plain_name: missing Vietnamese text (\"vi\")" },
    { "missing_en", ": services[0].questions[0].answers[1].text: missing English text (\"en\")" },
    { "empty_text", ": services[0].outcomes[0].title.vi: empty Vietnamese text" },
    { "text_type", ": services[0].official_name: must be a text object {\"vi\": …, \"en\": …}, "
                   "not a string" },
    { "fact_half",
      ": services[0].fee: empty English text (an unknown fact leaves both texts empty)" },
    { "fact_unknown_verified",
      ": services[0].fee: an unknown fact (empty text) cannot be verified" },
    { "fact_no_checked", ": services[0].fee: missing field \"checked\"" },
    { "hotline_no_checked", ": services[0].hotlines[0]: missing field \"checked\"" },
    { "versions_overlap", ": services[0].time[1]: its dates (2026-06-30 to open-ended) overlap "
                          "those of version [0] (always to 2026-06-30)" },
    { "versions_empty", ": services[0].time: a fact with dated versions needs at least one "
                        "version" },
    { "exempt_not_fee", ": services[0].time.exempt: only a fee can have exemption groups" },
    { "unknown_exempt", ": services[0].fee.exempt[0]: unknown exemption group \"tre_em\"" },
    { "not_nfc", ": services[0].plain_name.vi: text is not in NFC form (accents as separate "
                 "marks); write it as \"Làm thử A\"" },
    { "control_char", ": services[0].plain_name.en: text contains a control character (U+001B)" },
    /* URLs and QR codes */
    { "not_https",
      ": portals[1].base_url: URL must start with \"https://\": \"http://old.example\"" },
    { "url_slash",
      ": portals[0].base_url: base URL must not end with \"/\": \"https://national.example/\"" },
    { "route_no_param", ": services[0].qr.param: route \"chi_tiet_thu_tuc\" has no \"{param}\" in "
                        "its path, so it takes no param" },
    { "qr_too_long",
      ": services[0].qr: QR URL is 121 bytes, over the limit of 106: "
      "\"https://national.example/thu-tuc?ma=TEST."
      "12345678901234567890123456789012345678901234567890123456789012345678901234567890\"" },
    { "qr_param_format", ": services[0].qr.param: a param may only use letters, digits, \".\", "
                         "\"_\" and \"-\": \"1.0&x=<y>\"" },
    { "qr_param_no_route",
      ": services[0].qr.param: a param needs a route (the home page takes none)" },
    { "qr_null_base", ": services[0].qr.portal: portal \"app\" has no web address (base_url is "
                      "null) and cannot be a QR target" },
    { "unknown_route", ": services[0].qr.route: unknown route \"khong_co\" of portal \"dvcqg\"" },
    { "route_needs_param", ": services[0].qr: route \"chi_tiet_thu_tuc\" needs a param (its path "
                           "has \"{param}\")" },
    { "qr_no_home_reason", ": services[0].qr: a QR code on the portal's home page (route null) "
                           "needs a home_reason saying why" },
    { "qr_home_reason_with_route", ": services[0].qr.home_reason: only a QR code on the home page "
                                   "(route null) has a home_reason" },
    { "no_opens_home", ": portals[0]: missing field \"opens_home\"" },
    { "dup_route",
      ": portals[0].routes[1].id: duplicate route id \"chi_tiet_thu_tuc\" (also routes[0])" },
    { "two_provincial", ": portals[2].provincial: only one portal may be provincial (also "
                        "portals[1])" },
    /* dates */
    { "bad_date", ": services[0].valid_from: not a valid date (YYYY-MM-DD): \"2025-02-29\"" },
    { "date_format", ": portals[0].valid_from: not a valid date (YYYY-MM-DD): \"01/10/2025\"" },
    { "date_order", ": services[0].valid_until: 2019-12-31 is before valid_from 2020-01-01" },
    /* references */
    { "unknown_group", ": services[0].group: unknown group \"nhom_x\"" },
    { "unknown_portal", ": services[0].channels[1]: unknown portal \"vneid\"" },
    { "unknown_qr_portal", ": services[0].qr.portal: unknown portal \"bca\"" },
    { "unknown_prereq", ": services[0].prerequisites[1]: unknown prerequisite \"sim\"" },
    { "unknown_item", ": services[0].outcomes[0].items[1]: unknown item \"giay_x\"" },
    { "item_twice", ": services[0].outcomes[0].items[1]: item \"to_khai\" is listed twice" },
    { "unknown_outcome",
      ": services[0].questions[1].answers[1].outcome: unknown outcome \"khac\"" },
    { "unknown_question", ": services[0].questions[1].answers[0].next: unknown question \"q9\"" },
    { "unknown_covers", ": services[0].covers[0]: unknown service number 31" },
    { "covers_self", ": services[0].covers[0]: a bundle cannot cover itself (1)" },
    { "unknown_suggest", ": services[0].outcomes[0].suggest: unknown service number 31" },
    /* the flow */
    { "unreachable",
      ": services[0].questions[1]: question \"q2\" is never reached from the first question "
      "\"q1\"" },
    { "answer_both", ": services[0].questions[0].answers[0]: an answer needs exactly one of "
                     "\"next\" or \"outcome\" (it has both)" },
    { "answer_neither", ": services[0].questions[0].answers[1]: an answer needs exactly one of "
                        "\"next\" or \"outcome\" (it has neither, so it leads nowhere)" },
    { "no_answers", ": services[0].questions[1].answers: question \"q2\" has no answers, so a "
                    "path would end without an outcome" },
    { "no_items", ": services[0].outcomes[1].items: outcome \"rong\" has no checklist items" },
    { "cycle", ": services[0].questions[1].answers[1].next: cycle between questions: \"q2\" "
               "leads back to \"q1\"" },
    { "unused_outcome", ": services[0].outcomes[1]: outcome \"thua\" is never used by any answer" },
    { "unused_item", ": services[0].items[1]: item \"giay_thua\" is never used by any outcome" },
};

static void
test_bad_fixtures(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        struct strlist problems = { 0 };
        static struct catalog dummy;
        struct catalog *cat = &dummy; /* catalog_load must reset it to NULL */
        char *path, *want;

        xasprintf(&path, "tests/fixtures/catalog_bad_%s.json", bad_cases[i].rule);
        xasprintf(&want, "%s%s", path, bad_cases[i].message);
        assert_int_equal(catalog_load(path, &cat, &problems), -1);
        assert_null(cat);
        if (problems.n != 1 || strcmp(problems.v[0], want) != 0) {
            print_message("%s: expected\n  %s\ngot:\n", bad_cases[i].rule, want);
            print_problems(&problems);
        }
        assert_int_equal(problems.n, 1);
        assert_string_equal(problems.v[0], want);
        strlist_free(&problems);
        free(path);
        free(want);
    }
}

/* Every problem is reported, not just the first. */
static void
test_every_problem(void **state)
{
    static const char *const want[] = {
        "tests/fixtures/catalog_bad_many.json: portals[0].base_url: URL must start with "
        "\"https://\": \"ftp://national.example\"",
        "tests/fixtures/catalog_bad_many.json: services[0].number: must be an integer, not a "
        "string",
        "tests/fixtures/catalog_bad_many.json: services[0].official_name: missing English text "
        "(\"en\")",
        "tests/fixtures/catalog_bad_many.json: services[0].questions[1].answers[0].outcome: "
        "unknown outcome \"khac\"",
    };
    struct strlist problems = { 0 };
    struct catalog *cat = NULL;

    (void)state;
    assert_int_equal(catalog_load("tests/fixtures/catalog_bad_many.json", &cat, &problems), -1);
    print_problems(&problems);
    assert_int_equal(problems.n, 4);
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(problems.v[i], want[i]);
    strlist_free(&problems);

    /* Problems are appended to what the list already holds. */
    strlist_add(&problems, "earlier");
    assert_int_equal(catalog_load("tests/fixtures/catalog_bad_cycle.json", &cat, &problems), -1);
    assert_int_equal(problems.n, 2);
    assert_string_equal(problems.v[0], "earlier");
    strlist_free(&problems);
}

static void
test_unreadable(void **state)
{
    struct strlist problems = { 0 };
    struct catalog *cat = NULL;

    (void)state;
    assert_int_equal(catalog_load("tests/fixtures/no_such_catalog.json", &cat, &problems), -1);
    assert_null(cat);
    assert_int_equal(problems.n, 1);
    assert_string_equal(problems.v[0],
                        "tests/fixtures/no_such_catalog.json: cannot open: No such file or "
                        "directory");
    strlist_free(&problems);
}

/* Every prefix of a valid catalog is refused cleanly (no crash, no leak, a message). */
static void
test_truncated(void **state)
{
    size_t len;
    char *buf = slurp(SMALL, &len);

    (void)state;
    for (size_t n = 0; n < len - 2; n += 7) {
        struct strlist problems = { 0 };
        struct catalog *cat = NULL;

        assert_int_equal(catalog_load_buffer("cut", buf, n, &cat, &problems), -1);
        assert_null(cat);
        assert_true(problems.n >= 1);
        assert_memory_equal(problems.v[0], "cut", 3);
        strlist_free(&problems);
    }
    free(buf);
}

static void
test_cmd_check(void **state)
{
    FILE *out = tmpfile(), *err = tmpfile();
    struct catalog *cat = load_small();
    char *o, *e, *want;

    (void)state;
    assert_int_equal(catalog_cmd_check(SMALL, 0, false, "2026-12-06", out, err), 0);
    o = read_back(out);
    e = read_back(err);
    xasprintf(&want, "%s: OK, 4 services (hash %s)\n", SMALL, cat->hash);
    assert_string_equal(o, want);
    assert_string_equal(e, "");
    free(o);
    free(e);
    free(want);
    fclose(out);
    fclose(err);

    out = tmpfile();
    err = tmpfile();
    assert_int_equal(
        catalog_cmd_check("tests/fixtures/catalog_bad_many.json", 0, false, NULL, out, err), 2);
    o = read_back(out);
    e = read_back(err);
    assert_string_equal(o, "");
    assert_non_null(strstr(e, "tests/fixtures/catalog_bad_many.json: services[0].number: must "
                              "be an integer, not a string\n"));
    /* one problem per line */
    {
        size_t lines = 0;

        for (const char *p = e; *p != '\0'; p++)
            lines += *p == '\n';
        assert_int_equal(lines, 4);
    }
    free(o);
    free(e);
    fclose(out);
    fclose(err);
    catalog_free(cat);
}

static void
test_cmd_list(void **state)
{
    FILE *out = tmpfile(), *err = tmpfile();
    char *o, *e, today[11];

    (void)state;
    assert_int_equal(catalog_cmd_list(SMALL, "", NULL, "2025-10-01", out, err), 0);
    o = read_back(out);
    e = read_back(err);
    assert_string_equal(o,
                        "01\ttest_a\tThủ tục thử A\thttps://national.example/thu-tuc?ma=TEST.001\n"
                        "02\ttest_b\tThủ tục thử B\thttps://province.example/trang-chu\n"
                        "03\ttest_bundle\tGói thử liên thông\thttps://national.example\n");
    assert_string_equal(e, "");
    free(o);
    free(e);
    fclose(out);
    fclose(err);

    /* The kiosk.conf overrides, and the expired service 4 shown on a date it was valid. */
    out = tmpfile();
    err = tmpfile();
    assert_int_equal(catalog_cmd_list(SMALL, "https://dvc.example", "https://qn.example/",
                                      "2020-06-01", out, err),
                     0);
    o = read_back(out);
    assert_string_equal(o, "01\ttest_a\tThủ tục thử A\thttps://dvc.example/thu-tuc?ma=TEST.001\n"
                           "02\ttest_b\tThủ tục thử B\thttps://qn.example/trang-chu\n"
                           "03\ttest_bundle\tGói thử liên thông\thttps://dvc.example\n"
                           "04\ttest_old\tThủ tục thử đã hết hạn\thttps://qn.example/trang-chu\n");
    free(o);
    fclose(out);
    fclose(err);

    /* A refused override: exit 2 and the reason. */
    out = tmpfile();
    err = tmpfile();
    assert_int_equal(catalog_cmd_list(SMALL, "http://dvc.example", NULL, "2025-10-01", out, err),
                     2);
    o = read_back(out);
    e = read_back(err);
    assert_string_equal(o, "");
    assert_string_equal(e, "kiosk.conf: portal \"dvcqg\": URL must start with \"https://\": "
                           "\"http://dvc.example\"\n");
    free(o);
    free(e);
    fclose(out);
    fclose(err);

    catalog_cmd_today(today);
    assert_int_equal(strlen(today), 10);
    assert_true(today[4] == '-' && today[7] == '-');
    assert_true(strcmp(today, "2025-01-01") > 0);
}

/* The shipped catalog passes with zero problems and holds services 1–25; a missing one fails. */
static void
test_shipped_catalog(void **state)
{
    struct strlist problems = { 0 };
    struct catalog *cat = NULL;
    size_t nproblems, missing = 0, bad_url = 0;
    int rc;

    (void)state;
    if (!test_file_exists(SHIPPED))
        print_message("%s is missing\n", SHIPPED);
    assert_true(test_file_exists(SHIPPED));
    rc = catalog_load(SHIPPED, &cat, &problems);
    if (rc != 0)
        print_message("%s is refused:\n", SHIPPED);
    print_problems(&problems);
    nproblems = problems.n;
    strlist_free(&problems);
    assert_int_equal(nproblems, 0);
    assert_int_equal(rc, 0);
    /* All 25 services of Project 06 are in the catalog. */
    for (int n = 1; n <= 25; n++) {
        const struct service *s = catalog_service(cat, n);

        if (s == NULL) {
            print_message("%s: service %d is missing\n", SHIPPED, n);
            missing++;
        } else if (strlen(s->qr_url) > CATALOG_QR_URL_MAX || strncmp(s->qr_url, "https://", 8)) {
            bad_url++;
        }
    }
    catalog_free(cat);
    assert_int_equal(missing, 0);
    assert_int_equal(bad_url, 0);
}

/* kiosk.conf's national_url moves every page on the national site: procedure pages and the
 * home page alike. */
static void
test_apply_overrides(void **state)
{
    struct strlist problems = { 0 };
    struct catalog *cat = NULL;
    const struct service *s24, *s9, *s3;

    (void)state;
    assert_int_equal(catalog_load("assets/catalog.json", &cat, &problems), 0);
    assert_int_equal(catalog_apply_overrides(cat, "https://dvc.example.gov.vn",
                                             "https://qn.example.gov.vn", &problems),
                     0);
    s24 = catalog_service(cat, 9); /* a procedure page */
    s9 = catalog_service(cat, 7);  /* the home page */
    s3 = catalog_service(cat, 21);
    assert_non_null(s24);
    assert_non_null(s9);
    assert_non_null(s3);
    assert_true(
        strncmp(s24->qr_url, "https://dvc.example.gov.vn/tim-kiem-thu-tuc-hanh-chinh?", 55) == 0);
    assert_string_equal(s9->qr_url, "https://dvc.example.gov.vn");
    /* Not on the national site: unchanged. */
    assert_string_equal(s3->qr_url, "https://thisinh.thitotnghiepthpt.edu.vn");
    /* The provincial portal closed on 27/06/2025: overridden, but offered only before then. */
    assert_null(catalog_provincial(cat, "2026-11-28"));
    assert_non_null(catalog_provincial(cat, "2025-06-01"));
    assert_string_equal(catalog_provincial(cat, "2025-06-01")->base_url,
                        "https://qn.example.gov.vn");
    /* A refused override says so and leaves the catalog as it was. */
    assert_int_equal(catalog_apply_overrides(cat, "http://plain.example", NULL, &problems), -1);
    assert_true(problems.n >= 1);
    assert_string_equal(s9->qr_url, "https://dvc.example.gov.vn");
    strlist_free(&problems);
    catalog_free(cat);
}

#define V2 "tests/fixtures/catalog_v2.json"

static struct catalog *
load_v2(void)
{
    return load_clean(V2);
}

/* Dated versions: the one in force on each side of the boundary; unknown outside all. */
static void
test_fact_versions(void **state)
{
    struct catalog *cat = load_v2();
    const struct service *a = catalog_service(cat, 1);
    const struct fact *f;

    (void)state;
    assert_non_null(a->time.next);
    assert_int_equal(a->time.version, 0);
    assert_int_equal(a->time.next->version, 1);
    assert_string_equal(catalog_fact_text(&a->time, "2026-06-30", LANG_VI), "10 ngày làm việc thử");
    assert_string_equal(catalog_fact_text(&a->time, "2026-07-01", LANG_VI), "5 ngày làm việc thử");
    assert_string_equal(catalog_fact_text(&a->time, "2026-07-01", LANG_EN), "5 test working days");
    assert_string_equal(catalog_fact_text(&a->time, "2020-01-01", LANG_VI), "10 ngày làm việc thử");
    f = catalog_fact_at(&a->time, "2099-12-31");
    assert_non_null(f);
    assert_string_equal(f->valid_from, "2026-07-01");
    /* With no date: the first version. */
    assert_null(catalog_fact_at(&catalog_service(cat, 1)->time, NULL)->valid_from);
    catalog_free(cat);
}

/* Residents read a fact only when it is verified and has text; otherwise the one message. */
static void
test_fact_text(void **state)
{
    struct catalog *cat = load_v2();
    const struct service *a = catalog_service(cat, 1), *b = catalog_service(cat, 2);
    char *ex;

    (void)state;
    assert_false(catalog_fact_shown(&a->agency, "2026-12-06"));
    assert_string_equal(catalog_fact_text(&a->agency, "2026-12-06", LANG_VI),
                        "hỏi cán bộ tại quầy");
    assert_string_equal(catalog_fact_text(&a->agency, "2026-12-06", LANG_EN),
                        "ask the officer at the counter");
    assert_string_equal(catalog_fact_text(&b->fee, "2026-12-06", LANG_VI), "hỏi cán bộ tại quầy");
    assert_string_equal(catalog_fact_text(&b->time, "2026-12-06", LANG_VI), "hỏi cán bộ tại quầy");
    assert_true(catalog_fact_shown(&a->fee, "2026-12-06"));
    assert_string_equal(a->fee.editor_note, "Một bài viết cũ ghi 135.000 đ");
    assert_string_equal(a->editor_note, "S43 inferred; believed to change");
    assert_string_equal(a->items[1].editor_note, "được cho là cần; chưa xác nhận");

    /* Exemptions follow a shown fee, in the catalog's words. */
    ex = catalog_fee_exemptions(cat, &a->fee, "2026-12-06", LANG_VI);
    assert_string_equal(ex, "Miễn phí nếu bạn là: người thử từ 60 tuổi trở lên; trẻ em thử dưới "
                            "16 tuổi");
    free(ex);
    ex = catalog_fee_exemptions(cat, &a->fee, "2026-12-06", LANG_EN);
    assert_string_equal(ex,
                        "Free if you are: a test person aged 60 or over; a test child under 16");
    free(ex);
    /* The amount is not known, but who pays nothing is. */
    ex = catalog_fee_exemptions(cat, &b->fee, "2026-12-06", LANG_VI);
    assert_string_equal(ex, "Miễn phí nếu bạn là: người thử từ 60 tuổi trở lên");
    free(ex);
    assert_null(catalog_fee_exemptions(cat, &a->time, "2026-12-06", LANG_VI));
    assert_string_equal(cat->exgroups[0].question.vi, "Bạn có từ 60 tuổi trở lên không?");

    /* An outcome's own fee replaces the service's; without one, the service's. */
    assert_string_equal(a->outcomes[1].id, "mien_phi");
    assert_string_equal(catalog_fact_text(catalog_outcome_fee(a, &a->outcomes[1]), NULL, LANG_VI),
                        "Miễn phí thử");
    assert_ptr_equal(catalog_outcome_fee(a, &a->outcomes[0]), &a->fee);
    assert_ptr_equal(catalog_outcome_fee(a, NULL), &a->fee);
    assert_ptr_equal(catalog_outcome_time(a, &a->outcomes[1]), &a->time);

    /* Hotlines, VNeID steps. */
    assert_int_equal(a->nhotlines, 2);
    assert_true(catalog_fact_shown(&a->hotlines[0], "2026-12-06"));
    assert_false(catalog_fact_shown(&a->hotlines[1], "2026-12-06"));
    assert_int_equal(a->nvneid_steps, 3);
    assert_string_equal(a->vneid_steps[2].vi, "Chọn Đăng ký thử");
    catalog_free(cat);
}

/* QR targets: a route and its param, or the home page with the reason; a closed portal is
 * not offered; what each code opens. */
static void
test_qr_targets(void **state)
{
    struct catalog *cat = load_v2();
    const struct service *a = catalog_service(cat, 1), *b = catalog_service(cat, 2);

    (void)state;
    assert_string_equal(catalog_service_qr(cat, a, "2026-12-06"), "https://app.example/tai-ve");
    assert_false(a->qr_is_procedure);
    assert_string_equal(catalog_qr_opens(cat, a)->vi, "Trang tải ứng dụng thử");
    assert_non_null(strstr(a->qr_home_reason.vi, "trang tải ứng dụng"));
    assert_string_equal(catalog_service_qr(cat, b, "2026-12-06"),
                        "https://national.example/thu-tuc?ma=TEST.001");
    assert_true(b->qr_is_procedure);
    assert_string_equal(catalog_qr_opens(cat, b)->vi, "Trang của thủ tục trên Cổng thử");
    assert_null(catalog_service_qr(cat, b, "2019-12-31")); /* before its portal */
    /* The provincial portal closed: it is never offered. */
    assert_null(catalog_provincial(cat, "2026-12-06"));
    assert_non_null(catalog_provincial(cat, "2025-06-27"));
    assert_null(catalog_portal_on(cat, "tinh_cu", "2026-12-06"));
    assert_non_null(catalog_portal_on(cat, "dvcqg", "2026-12-06"));
    catalog_free(cat);
}

/* `catalog check` on a date: a QR code on a closed portal or a retired route, or a URL that
 * is a retired route's page, is refused; before those dates the same file passes. */
static void
test_cmd_check_dated(void **state)
{
    static const struct {
        const char *name, *message;
    } cases[] = {
        { "retired_route",
          ": services[0].qr.route: service 1 (test_a): the route \"chi_tiet_thu_tuc\" of portal "
          "\"dvcqg\" is not valid on 2026-12-06 (valid 2020-01-01 to 2026-08-06)\n" },
        { "closed_portal", ": services[0].qr: service 1 (test_a): the portal \"dvcqg\" is not "
                           "valid on 2026-12-06 (valid 2020-01-01 to 2025-06-27)\n" },
        { "retired_pattern",
          ": services[0].qr: service 1 (test_a): \"https://national.example/thu-tuc?ma=TEST.001\" "
          "is a page of the route \"cu\" of portal \"cu\", retired on 2026-08-06\n" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        FILE *out = tmpfile(), *err = tmpfile();
        char *path, *want, *o, *e;

        xasprintf(&path, "tests/fixtures/catalog_dated_%s.json", cases[i].name);
        xasprintf(&want, "%s%s", path, cases[i].message);
        assert_int_equal(catalog_cmd_check(path, 0, false, "2026-12-06", out, err), 2);
        o = read_back(out);
        e = read_back(err);
        assert_string_equal(o, "");
        assert_string_equal(e, want);
        free(o);
        free(e);
        fclose(out);
        fclose(err);
        /* Before the route or portal ended, it was fine. */
        out = tmpfile();
        err = tmpfile();
        assert_int_equal(catalog_cmd_check(path, 0, false, "2025-01-01", out, err), 0);
        fclose(out);
        fclose(err);
        free(path);
        free(want);
    }
}

/* Facts not checked for review_after_days: one warning line each (exit 0), errors with
 * --strict (exit 2). */
static void
test_cmd_check_stale(void **state)
{
    FILE *out = tmpfile(), *err = tmpfile();
    char *o, *e;
    size_t lines = 0;

    (void)state;
    assert_int_equal(catalog_cmd_check(V2, 180, false, "2027-06-01", out, err), 0);
    o = read_back(out);
    e = read_back(err);
    assert_non_null(strstr(o, V2 ": OK, 2 services"));
    assert_non_null(strstr(e, V2 ": services[0].fee: checked 2026-11-28, 185 days ago "
                                 "(review_after_days 180)\n"));
    assert_non_null(strstr(e, V2 ": services[0].time[1]: checked 2026-11-28, 185 days ago "
                                 "(review_after_days 180)\n"));
    assert_non_null(strstr(e, V2 ": services[0].hotlines[1]: checked 2026-11-28, 185 days ago "
                                 "(review_after_days 180)\n"));
    assert_non_null(strstr(e, V2 ": services[0].outcomes[1].fee: checked 2026-11-28, 185 days ago "
                                 "(review_after_days 180)\n"));
    assert_non_null(strstr(e, V2 ": services[0].qr: checked 2026-11-28, 185 days ago "
                                 "(review_after_days 180)\n"));
    for (const char *p = e; *p != '\0'; p++)
        lines += *p == '\n';
    /* service 1: agency, audience, tthc, fee, time x2, 2 hotlines, outcome fee, qr = 10;
     * service 2: agency, audience, tthc, fee, time, qr = 6 */
    assert_int_equal(lines, 16);
    free(o);
    free(e);
    fclose(out);
    fclose(err);

    /* Not yet due: no warning. */
    out = tmpfile();
    err = tmpfile();
    assert_int_equal(catalog_cmd_check(V2, 180, true, "2027-05-27", out, err), 0);
    e = read_back(err);
    assert_string_equal(e, "");
    free(e);
    fclose(out);
    fclose(err);

    /* --strict: the same lines, now errors. */
    out = tmpfile();
    err = tmpfile();
    assert_int_equal(catalog_cmd_check(V2, 180, true, "2027-06-01", out, err), 2);
    o = read_back(out);
    e = read_back(err);
    assert_string_equal(o, "");
    assert_non_null(strstr(e, V2 ": services[0].fee: checked 2026-11-28, 185 days ago"));
    free(o);
    free(e);
    fclose(out);
    fclose(err);
    assert_int_equal(catalog_days_between("2026-01-02", "2026-12-06"), 338);
    assert_int_equal(catalog_days_between("2024-02-28", "2024-03-01"), 2);
}

/* kiosk.conf's national_url moves the QR code of every service whose portal is on the
 * national site, whatever its route, keeping the rest of the URL; no other code moves. */
static void
test_national_override_every_route(void **state)
{
    struct strlist problems = { 0 };
    struct catalog *before = NULL, *after = NULL;
    const char *site;
    size_t moved = 0, routes = 0;

    (void)state;
    assert_int_equal(catalog_load(SHIPPED, &before, &problems), 0);
    assert_int_equal(catalog_load(SHIPPED, &after, &problems), 0);
    assert_int_equal(catalog_apply_overrides(after, "https://dvc.example.gov.vn", NULL, &problems),
                     0);
    site = catalog_portal(before, "dvcqg")->base_url;
    for (size_t i = 0; i < before->nservices; i++) {
        const struct service *b = &before->services[i], *a = &after->services[i];
        const char *base = before->portals[b->qr_portal].base_url;

        if (b->qr_url == NULL)
            continue;
        if (base != NULL && strcmp(base, site) == 0) {
            char *want;

            xasprintf(&want, "https://dvc.example.gov.vn%s", b->qr_url + strlen(site));
            assert_string_equal(a->qr_url, want);
            free(want);
            moved++;
            routes += b->qr_is_procedure;
        } else {
            assert_string_equal(a->qr_url, b->qr_url);
        }
    }
    print_message("# %zu codes on the national site moved, %zu of them page routes\n", moved,
                  routes);
    assert_true(moved > 0);
    assert_true(routes > 0);
    strlist_free(&problems);
    catalog_free(before);
    catalog_free(after);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_loads),
        cmocka_unit_test(test_hash),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_set_portal_base),
        cmocka_unit_test(test_bad_fixtures),
        cmocka_unit_test(test_every_problem),
        cmocka_unit_test(test_unreadable),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_cmd_check),
        cmocka_unit_test(test_cmd_list),
        cmocka_unit_test(test_shipped_catalog),
        cmocka_unit_test(test_apply_overrides),
        cmocka_unit_test(test_national_override_every_route),
        cmocka_unit_test(test_skip_prerequisites),
        cmocka_unit_test(test_prerequisite_requires),
        cmocka_unit_test(test_fact_versions),
        cmocka_unit_test(test_fact_text),
        cmocka_unit_test(test_qr_targets),
        cmocka_unit_test(test_cmd_check_dated),
        cmocka_unit_test(test_cmd_check_stale),
    };

    test_go_to_root();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
