/*
 * The shipped catalog's content, checked against the December 2026 audit: no code on a
 * retired page route or a closed portal, fee exemptions where the circulars list them, the
 * 2026 rule changes as dated versions, the seal services not offered to companies, no paper
 * household book as proof, the 2026 bundles, and no hedge or editor's wording in any text a
 * resident reads. Each test names the error it guards against. The catalog must exist.
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
#include "testutil.h"

#define SHIPPED "assets/catalog.json"
#define TODAY   "2026-12-06"

static struct catalog *cat;

/* strstr that ignores ASCII case ("Chưa xác nhận" and "chưa xác nhận" alike). */
static const char *
find_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);

    for (; *hay != '\0'; hay++) {
        size_t i = 0;

        while (i < n && hay[i] != '\0' &&
               (hay[i] == needle[i] ||
                ((unsigned char)hay[i] < 128 && (unsigned char)needle[i] < 128 &&
                 (hay[i] | 0x20) == (needle[i] | 0x20) && ((needle[i] | 0x20) >= 'a') &&
                 ((needle[i] | 0x20) <= 'z'))))
            i++;
        if (i == n)
            return hay;
    }
    return NULL;
}

/* Run from the repository root, also when started from tests/ or the build folder. */
static int
setup(void **state)
{
    struct strlist problems = { 0 };

    (void)state;
    test_go_to_root();
    if (catalog_load(SHIPPED, &cat, &problems) != 0) {
        for (size_t i = 0; i < problems.n; i++)
            print_error("%s\n", problems.v[i]);
        strlist_free(&problems);
        return -1; /* a missing or broken catalog fails every test */
    }
    strlist_free(&problems);
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    catalog_free(cat);
    cat = NULL;
    return 0;
}

static const struct service *
svc(int number)
{
    const struct service *s = catalog_service(cat, number);

    if (s == NULL)
        print_error("service %d is missing\n", number);
    assert_non_null(s);
    return s;
}

/* The version of a fact in force on date, or NULL when none is. */
static const struct fact *
in_force(const struct fact *f, const char *date)
{
    for (; f != NULL; f = f->next)
        if ((f->valid_from == NULL || strcmp(f->valid_from, date) <= 0) &&
            (f->valid_until == NULL || strcmp(date, f->valid_until) <= 0))
            return f;
    return NULL;
}

/* What a resident sees of a fact on date: its text, or NULL ("hỏi cán bộ tại quầy"). */
static const char *
shown(const struct fact *f, const char *date)
{
    const struct fact *v = in_force(f, date);

    return v != NULL && v->verified && v->text.vi[0] != '\0' ? v->text.vi : NULL;
}

static bool
retired(const char *valid_until)
{
    return valid_until != NULL && strcmp(valid_until, TODAY) < 0;
}

/* Audit error 3: QR codes on the retired /p/home/ routes, error 1: the closed provincial
 * portal. Every code uses a live portal and a live route, and no URL has the old form. */
static void
test_qr_on_live_routes_only(void **state)
{
    (void)state;
    for (size_t i = 0; i < cat->nservices; i++) {
        const struct service *s = &cat->services[i];
        const struct portal *p = &cat->portals[s->qr_portal];

        if (!catalog_portal_active(p, TODAY) || p->provincial ||
            strstr(s->qr_url, "/p/home/") != NULL || strstr(s->qr_url, "ma_thu_tuc=") != NULL ||
            (s->qr_route >= 0 && retired(p->routes[s->qr_route].valid_until))) {
            print_error("service %d: QR %s on a closed portal or retired route\n", s->number,
                        s->qr_url);
            fail();
        }
    }
}

/* Audit error 1 and (d): no service is filed on the closed provincial portal, nor on the
 * ministry portal no source confirms for late 2026. */
static void
test_channels_open_today(void **state)
{
    (void)state;
    for (size_t i = 0; i < cat->nservices; i++) {
        const struct service *s = &cat->services[i];

        for (size_t c = 0; c < s->channels.n; c++) {
            const struct portal *p = catalog_portal(cat, s->channels.v[c]);

            assert_non_null(p);
            if (!catalog_portal_active(p, TODAY) || p->provincial || strcmp(p->id, "bca") == 0) {
                print_error("service %d: channel %s\n", s->number, p->id);
                fail();
            }
        }
    }
    assert_null(catalog_provincial(cat, TODAY));
}

/* The goal for home-page codes: a handful at most, each saying why. */
static void
test_home_page_codes_say_why(void **state)
{
    size_t homes = 0;

    (void)state;
    for (size_t i = 0; i < cat->nservices; i++) {
        const struct service *s = &cat->services[i];

        if (s->qr_route >= 0)
            continue;
        homes++;
        assert_true(s->qr_home_reason.vi[0] != '\0');
        assert_true(s->qr_home_reason.en[0] != '\0');
    }
    assert_true(homes <= 9); /* down from 21 of 25; lower it as codes are confirmed */
}

/* The services filed in VNeID give the menu path, and their code opens the app's page. */
static void
test_vneid_codes_come_with_steps(void **state)
{
    (void)state;
    for (size_t i = 0; i < cat->nservices; i++) {
        const struct service *s = &cat->services[i];

        if (strcmp(cat->portals[s->qr_portal].id, "vneid") == 0 && s->nvneid_steps == 0) {
            print_error("service %d: VNeID code without VNeID steps\n", s->number);
            fail();
        }
    }
    assert_true(svc(6)->nvneid_steps > 0);
    assert_true(svc(22)->nvneid_steps > 0);
}

static bool
exempts(const struct fact *fee, const char *group)
{
    for (size_t i = 0; i < fee->nexempt; i++)
        if (strcmp(cat->exgroups[fee->exempt[i]].id, group) == 0)
            return true;
    return false;
}

/* Audit error 7: elderly, border and island residents were told to pay ID-card and
 * residence fees they are exempt from (Circulars 73/2024 Art. 5 and 75/2022 Art. 4). */
static void
test_fee_exemptions_2_3_4(void **state)
{
    static const int numbers[] = { 2, 3, 4 };
    static const char *const groups[] = { "child_16", "age_60", "disability", "merit",
                                          "border",   "island", "poor" };

    (void)state;
    for (size_t n = 0; n < sizeof numbers / sizeof *numbers; n++) {
        const struct fact *fee = in_force(&svc(numbers[n])->fee, TODAY);

        assert_non_null(fee);
        for (size_t g = 0; g < sizeof groups / sizeof *groups; g++)
            if (!exempts(fee, groups[g])) {
                print_error("service %d: no exemption \"%s\"\n", numbers[n], groups[g]);
                fail();
            }
    }
    /* Each group says who it is, for "Miễn phí nếu bạn là: …". */
    for (size_t g = 0; g < cat->nexgroups; g++) {
        assert_true(cat->exgroups[g].text.vi[0] != '\0');
        assert_true(cat->exgroups[g].text.en[0] != '\0');
    }
}

/* One question settles the ID-card fee for the person in front of the kiosk: a "yes" to the
 * age question ends on an outcome whose fee is free. */
static void
test_age_question_settles_id_card_fee(void **state)
{
    const struct service *s = svc(2);
    size_t free_outcomes = 0;

    (void)state;
    for (size_t o = 0; o < s->noutcomes; o++) {
        const struct fact *fee = s->outcomes[o].fee;

        if (fee != NULL && shown(fee, TODAY) != NULL &&
            strncmp(shown(fee, TODAY), "Miễn phí", strlen("Miễn phí")) == 0)
            free_outcomes++;
    }
    assert_true(free_outcomes >= 2);
}

/* Audit error 10: the criminal-record certificate takes 5 working days from 01/07/2026
 * (Law 107/2025/QH15); 10/15 days before. */
static void
test_criminal_record_time_from_2026_07_01(void **state)
{
    const struct service *s = svc(22);
    const char *before = shown(&s->time, "2026-06-30");
    const char *after = shown(&s->time, "2026-07-01");

    (void)state;
    assert_true(before == NULL || strstr(before, "5 ngày") == NULL);
    assert_non_null(after);
    assert_non_null(strstr(after, "5 ngày làm việc"));
    assert_string_equal(shown(&s->time, TODAY), after);
    assert_string_equal(shown(&s->time, "2030-01-01"), after);
}

/* Audit error 11: the fee is set by Circular 16/2025, and the old exemption list of
 * Circular 244/2016 is not carried over without a source. */
static void
test_criminal_record_fee(void **state)
{
    const struct service *s = svc(22);
    const char *fee = shown(&s->fee, TODAY);

    (void)state;
    assert_non_null(fee);
    assert_non_null(strstr(fee, "200.000"));
    assert_non_null(strstr(fee, "100.000"));
    assert_null(strstr(fee, "244/2016"));
    assert_int_equal(in_force(&s->fee, TODAY)->nexempt, 0);
}

/* Audit error 2: Decree 99/2016 Art. 1.2(a) excludes enterprises' seals. */
static void
test_seals_not_for_companies(void **state)
{
    static const int numbers[] = { 13, 14 };

    (void)state;
    for (size_t n = 0; n < 2; n++) {
        const struct service *s = svc(numbers[n]);
        const char *aud = shown(&s->audience, TODAY);

        assert_true(s->for_organisations);
        assert_non_null(aud);
        assert_null(find_nocase(aud, "doanh nghiệp"));
        assert_null(find_nocase(s->audience.text.en, "business"));
        assert_null(find_nocase(s->plain_name.vi, "doanh nghiệp"));
    }
}

/* Audit error 8: household and temporary-residence books lapsed on 31/12/2022. */
static void
test_no_household_book_as_proof(void **state)
{
    static const int numbers[] = { 24, 25 };

    (void)state;
    for (size_t n = 0; n < 2; n++) {
        const struct service *s = svc(numbers[n]);

        for (size_t i = 0; i < s->nitems; i++) {
            assert_null(find_nocase(s->items[i].text.vi, "sổ hộ khẩu"));
            assert_null(find_nocase(s->items[i].text.vi, "sổ tạm trú"));
            assert_null(find_nocase(s->items[i].note.vi, "sổ hộ khẩu"));
        }
    }
}

/* Audit error 6: cutting the driving-licence time to 3.5 days is only an approved plan. */
static void
test_driving_licence_time_not_stated(void **state)
{
    const struct service *s = svc(20);
    const char *t = shown(&s->time, TODAY);

    (void)state;
    assert_true(t == NULL || strstr(t, "3,5") == NULL);
}

/* Audit errors 4, 5 and the bundles: the 2026 codes, the child's ID card in the birth
 * bundle, survivor benefits (tử tuất) offered in the death bundle. */
static void
test_bundles_2026(void **state)
{
    const struct service *birth = svc(15), *death = svc(16);
    bool covers_id_card = false, offers_tu_tuat = false;

    (void)state;
    assert_string_equal(shown(&birth->tthc, TODAY), "3.000722");
    assert_string_equal(shown(&death->tthc, TODAY), "2.002913");
    for (size_t i = 0; i < birth->ncovers; i++)
        covers_id_card = covers_id_card || birth->covers[i] == 2;
    assert_true(covers_id_card);
    assert_non_null(strstr(birth->official_name.vi, "căn cước"));
    for (size_t o = 0; o < death->noutcomes; o++)
        offers_tu_tuat = offers_tu_tuat || strstr(death->outcomes[o].title.vi, "tử tuất") != NULL;
    assert_true(offers_tu_tuat);
    assert_string_equal(cat->portals[birth->qr_portal].id, "lienthong");
    assert_string_equal(cat->portals[death->qr_portal].id, "lienthong");
}

/* Audit errors 12, 13, 17, 9, 18, 19: the 2026 facts now confirmed. */
static void
test_facts_confirmed_in_2026(void **state)
{
    (void)state;
    assert_non_null(strstr(shown(&svc(23)->time, TODAY), "thứ 11"));
    assert_non_null(strstr(shown(&svc(23)->agency, TODAY), "Bộ Nội vụ"));
    assert_non_null(strstr(shown(&svc(17)->fee, TODAY), "4,5%"));
    assert_non_null(strstr(shown(&svc(7)->agency, TODAY), "Công an xã"));
    assert_non_null(strstr(shown(&svc(19)->agency, TODAY), "tỉnh"));
    assert_non_null(strstr(shown(&svc(4)->time, TODAY), "3 ngày làm việc"));
    assert_non_null(strstr(shown(&svc(11)->fee, TODAY), "Miễn phí"));
}

/* Hotlines are the agency's own: the electricity services carry EVNNPC's number. */
static void
test_agency_hotlines(void **state)
{
    (void)state;
    for (int n = 24; n <= 25; n++) {
        const struct service *s = svc(n);

        assert_int_equal(s->nhotlines, 1);
        assert_non_null(strstr(shown(&s->hotlines[0], TODAY), "1900 6769"));
    }
    for (size_t i = 0; i < cat->nservices; i++)
        for (size_t h = 0; h < cat->services[i].nhotlines; h++)
            assert_true(cat->services[i].hotlines[h].verified);
}

/* What a resident may read must not carry editors' wording. */
/* A case the kiosk sends to another service or that cannot be filed yet (a newborn's
 * residence goes through bundle 15; a fine without its decision number cannot be looked up)
 * asks no pre-flight questions about filing online: they would be about nothing. */
static const struct outcome *
outcome_of(const struct service *s, const char *id)
{
    for (size_t i = 0; i < s->noutcomes; i++)
        if (strcmp(s->outcomes[i].id, id) == 0)
            return &s->outcomes[i];
    print_error("service %d has no outcome %s\n", s->number, id);
    fail();
    return NULL;
}

static void
test_no_preflight_where_nothing_is_filed(void **state)
{
    (void)state;
    assert_true(outcome_of(svc(3), "tre_so_sinh")->skip_prereqs);
    assert_true(outcome_of(svc(8), "chua_co_qd")->skip_prereqs);
}

static const char *const hedges[] = {
    "cần xác minh", "chưa xác nhận", "suy luận", "được cho là", "bài viết cũ",
    "nguồn cũ",     "Được cho là",   "believed", "unconfirmed", "old article",
    "inferred",     "quangninh",     "bocongan",
};

static void
check_text(int number, const char *what, const struct i18n_text *t)
{
    const char *both[2] = { t->vi, t->en };

    for (size_t l = 0; l < 2; l++)
        for (size_t h = 0; h < sizeof hedges / sizeof *hedges; h++)
            if (both[l] != NULL && find_nocase(both[l], hedges[h]) != NULL) {
                print_error("service %d %s: \"%s\"\n", number, what, both[l]);
                fail();
            }
}

static void
check_fact(int number, const char *what, const struct fact *f)
{
    for (; f != NULL; f = f->next)
        check_text(number, what, &f->text);
}

/* Audit (a): hedges and researchers' notes were shown and printed. */
static void
test_no_hedges_in_resident_texts(void **state)
{
    (void)state;
    for (size_t i = 0; i < cat->nservices; i++) {
        const struct service *s = &cat->services[i];
        int n = s->number;

        check_text(n, "name", &s->plain_name);
        check_fact(n, "agency", &s->agency);
        check_fact(n, "audience", &s->audience);
        check_fact(n, "fee", &s->fee);
        check_fact(n, "time", &s->time);
        for (size_t h = 0; h < s->nhotlines; h++)
            check_fact(n, "hotline", &s->hotlines[h]);
        for (size_t k = 0; k < s->nsteps; k++)
            check_text(n, "step", &s->steps[k]);
        for (size_t k = 0; k < s->nvneid_steps; k++)
            check_text(n, "VNeID step", &s->vneid_steps[k]);
        for (size_t k = 0; k < s->nreasons; k++)
            check_text(n, "return reason", &s->reasons[k]);
        for (size_t k = 0; k < s->nitems; k++) {
            check_text(n, s->items[k].id, &s->items[k].text);
            check_text(n, s->items[k].id, &s->items[k].note);
        }
        for (size_t q = 0; q < s->nquestions; q++) {
            check_text(n, s->questions[q].id, &s->questions[q].text);
            check_text(n, s->questions[q].id, &s->questions[q].hint);
            for (size_t a = 0; a < s->questions[q].nanswers; a++)
                check_text(n, s->questions[q].id, &s->questions[q].answers[a].text);
        }
        for (size_t o = 0; o < s->noutcomes; o++) {
            check_text(n, s->outcomes[o].id, &s->outcomes[o].title);
            check_text(n, s->outcomes[o].id, &s->outcomes[o].note);
            check_fact(n, s->outcomes[o].id, s->outcomes[o].fee);
            check_fact(n, s->outcomes[o].id, s->outcomes[o].time);
        }
    }
}

/* The audit's language notes: the hospital's birth notice (giấy chứng sinh) is not the birth
 * certificate (giấy khai sinh); and the telegraphic "Con dưới 6 tuổi?" questions are gone. */
static void
check_birth_notice(int number, const struct i18n_text *t)
{
    if (strstr(t->vi, "giấy chứng sinh") != NULL && strstr(t->vi, "giấy khai sinh") == NULL &&
        strstr(t->en, "birth certificate") != NULL) {
        print_error("service %d: \"%s\" says birth certificate\n", number, t->en);
        fail();
    }
}

static void
test_plain_language(void **state)
{
    (void)state;
    for (size_t i = 0; i < cat->nservices; i++) {
        const struct service *s = &cat->services[i];

        for (size_t k = 0; k < s->nitems; k++)
            check_birth_notice(s->number, &s->items[k].text);
        for (size_t q = 0; q < s->nquestions; q++) {
            const char *t = s->questions[q].text.vi;
            size_t len = strlen(t);

            check_birth_notice(s->number, &s->questions[q].text);
            /* A yes/no question asked in full: "… có … không?" or "… chưa?", or a choice. */
            if (len > 0 && t[len - 1] == '?' && strstr(t, "không?") == NULL &&
                strstr(t, "chưa?") == NULL && strstr(t, " hay ") == NULL &&
                strstr(t, "nào") == NULL && strncmp(t, "Ai ", 3) != 0 &&
                strstr(t, " ai?") == NULL && strstr(t, " gì") == NULL && strstr(t, "mấy") == NULL &&
                strncmp(t, "Vì sao", strlen("Vì sao")) != 0) {
                print_error("service %d %s: \"%s\" is not a full question\n", s->number,
                            s->questions[q].id, t);
                fail();
            }
        }
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_qr_on_live_routes_only),
        cmocka_unit_test(test_no_preflight_where_nothing_is_filed),
        cmocka_unit_test(test_channels_open_today),
        cmocka_unit_test(test_home_page_codes_say_why),
        cmocka_unit_test(test_vneid_codes_come_with_steps),
        cmocka_unit_test(test_fee_exemptions_2_3_4),
        cmocka_unit_test(test_age_question_settles_id_card_fee),
        cmocka_unit_test(test_criminal_record_time_from_2026_07_01),
        cmocka_unit_test(test_criminal_record_fee),
        cmocka_unit_test(test_seals_not_for_companies),
        cmocka_unit_test(test_no_household_book_as_proof),
        cmocka_unit_test(test_driving_licence_time_not_stated),
        cmocka_unit_test(test_bundles_2026),
        cmocka_unit_test(test_facts_confirmed_in_2026),
        cmocka_unit_test(test_agency_hotlines),
        cmocka_unit_test(test_no_hedges_in_resident_texts),
        cmocka_unit_test(test_plain_language),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
