/*
 * Staff records: volunteers, assisted sessions and their outcomes, the audit log.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "db_staff.h"
#include "db_stats.h"
#include "xmalloc.h"

struct fx {
    char dir[64];
    struct db *db;
};

static int
setup(void **state)
{
    struct fx *fx = xcalloc(1, sizeof *fx);
    char *path, *cause = NULL;

    setenv("TZ", "Asia/Ho_Chi_Minh", 1);
    tzset();
    snprintf(fx->dir, sizeof fx->dir, "/tmp/kiosk-staff-XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    xasprintf(&path, "%s/kiosk.db", fx->dir);
    assert_int_equal(db_open(path, &fx->db, &cause), 0);
    free(path);
    *state = fx;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *fx = *state;
    char *cmd;

    db_close(fx->db);
    xasprintf(&cmd, "rm -rf '%s'", fx->dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(fx);
    return 0;
}

static void
test_volunteers(void **state)
{
    struct fx *fx = *state;
    struct volunteer_list l;
    char *cause = NULL;
    int a, b;

    assert_int_equal(db_volunteer_add(fx->db, "TV01", "Trần Thị Bình", 100, &a, &cause), 0);
    assert_int_equal(db_volunteer_add(fx->db, "TV02", "Nguyễn Văn An", 100, &b, &cause), 0);
    /* A code is unique; bad codes and names are refused with a reason. */
    assert_int_equal(db_volunteer_add(fx->db, "TV01", "Ai đó", 100, NULL, &cause), -1);
    assert_non_null(strstr(cause, "exists already"));
    free(cause);
    cause = NULL;
    assert_int_equal(db_volunteer_add(fx->db, "TV 3", "Ai đó", 100, NULL, &cause), -1);
    free(cause);
    cause = NULL;
    assert_int_equal(db_volunteer_add(fx->db, "TV03", "   ", 100, NULL, &cause), -1);
    free(cause);
    cause = NULL;
    assert_int_equal(db_volunteer_add(fx->db, "TV03", "A\tB", 100, NULL, &cause), -1);
    free(cause);
    cause = NULL;
    /* "Nguyễn" with a combining tilde and dot (not NFC). */
    assert_int_equal(db_volunteer_add(fx->db, "TV03", "Nguye\xcc\x83n", 100, NULL, &cause), -1);
    assert_non_null(strstr(cause, "NFC"));
    free(cause);
    cause = NULL;

    assert_int_equal(db_volunteer_list(fx->db, true, &l, &cause), 0);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.v[0].name, "Nguyễn Văn An"); /* by name */
    assert_int_equal(l.v[0].id, b);
    volunteer_list_free(&l);

    assert_int_equal(db_volunteer_set_active(fx->db, b, false, &cause), 0);
    assert_int_equal(db_volunteer_list(fx->db, true, &l, &cause), 0);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.v[0].code, "TV01");
    volunteer_list_free(&l);
    assert_int_equal(db_volunteer_list(fx->db, false, &l, &cause), 0);
    assert_int_equal(l.n, 2);
    assert_false(l.v[0].active);
    volunteer_list_free(&l);
    assert_int_equal(db_volunteer_set_active(fx->db, 999, false, &cause), -1);
    free(cause);
}

static void
test_assisted(void **state)
{
    struct fx *fx = *state;
    const char *items[] = { "giay_a", "giay_b" };
    char *cause = NULL;
    int64_t sid, aid;
    int vol;
    struct stats s;
    char day[11];
    time_t now = 1795833000;
    struct tm tm;

    localtime_r(&now, &tm);
    strftime(day, sizeof day, "%Y-%m-%d", &tm);
    assert_int_equal(db_volunteer_add(fx->db, "TV01", "Trần Thị Bình", 100, &vol, &cause), 0);
    assert_int_equal(db_session_start(fx->db, now, "vi", "h", "k", &sid, &cause), 0);
    assert_int_equal(db_session_step(fx->db, sid, now + 1, 1, "service", &cause), 0);
    assert_int_equal(db_session_step(fx->db, sid, now + 2, 0, "help", &cause), 0);
    assert_int_equal(db_session_last_service(fx->db, sid), 1);
    assert_int_equal(db_assisted_start(fx->db, sid, vol, "k", now, &aid, &cause), 0);
    assert_int_equal(db_session_end(fx->db, sid, now + 60, SESSION_FINISHED, &cause), 0);
    assert_int_equal(db_assisted_end(fx->db, aid, SESSION_FINISHED, &cause), 0);
    /* Recording twice replaces the first answer. */
    assert_int_equal(db_assisted_record(fx->db, aid, 1u << AO_OTHER, 0, NULL, 0, now + 70, &cause),
                     0);
    assert_int_equal(db_assisted_record(fx->db, aid,
                                        (1u << AO_NEEDS_DOCUMENTS) | (1u << AO_VSSID_INSTALLED), 1,
                                        items, 2, now + 80, &cause),
                     0);
    assert_int_equal(db_assisted_record(fx->db, 999, 1u, 0, NULL, 0, now, &cause), -1);
    free(cause);
    cause = NULL;

    assert_int_equal(db_stats_get(fx->db, day, day, &s, &cause), 0);
    assert_int_equal(s.assisted, 1);
    assert_int_equal(s.recorded, 1);
    assert_int_equal(s.skills, 1);
    assert_int_equal(s.outcomes[AO_OTHER], 0);
    assert_int_equal(s.outcomes[AO_NEEDS_DOCUMENTS], 1);
    assert_int_equal(s.outcomes[AO_VSSID_INSTALLED], 1);
    assert_int_equal(s.nmissing, 2);
    assert_int_equal(s.ended[SESSION_FINISHED], 1);
    stats_done(&s);
}

static void
test_outcome_codes(void **state)
{
    (void)state;
    for (int o = 0; o < AO_COUNT; o++)
        assert_int_equal(assist_outcome_parse(assist_outcome_code((enum assist_outcome)o)), o);
    assert_int_equal(assist_outcome_parse("nope"), -1);
    assert_true(assist_outcome_is_skill(AO_SAFE_INTERNET));
    assert_false(assist_outcome_is_skill(AO_FILED_ONLINE));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_volunteers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_assisted, setup, teardown),
        cmocka_unit_test(test_outcome_codes),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
