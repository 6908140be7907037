/*
 * The cache of past days (assets/schema/004_stats_cache.sql, src/db_stats.c) never changes a
 * figure: every figure of several periods is the same counted from the detailed rows only
 * (today before every day), with a cold cache and a warm one, after a session is added to a
 * cached day, after a stale session is closed, after retention folding, and for a month of
 * random sessions changed at random.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "db_internal.h"
#include "db_staff.h"
#include "db_stats.h"
#include "stats_period.h"
#include "testutil.h"
#include "xmalloc.h"

/* 2027-01-01 12:00 in Asia/Ho_Chi_Minh: every fixture day is closed. */
#define NOW_LATER ((int64_t)1798779600)
/* 1970: no day is closed, so nothing comes from the cache. */
#define NOW_NEVER ((int64_t)0)

static const char *const periods[][2] = {
    { "2026-11-01", "2026-11-30" }, { "2026-10-31", "2026-12-01" }, { "2026-11-02", "2026-11-02" },
    { "2026-11-15", "2026-11-15" }, { "2026-09-01", "2026-12-31" }, { "2026-11-03", "2026-11-29" },
    { "2026-09-10", "2026-09-20" }, { "2026-09-30", "2026-10-01" },
};
#define NPERIODS (sizeof periods / sizeof periods[0])

struct fx {
    char dir[64];
    struct db *db;
};

static int
setup_empty(void **state)
{
    struct fx *fx = xcalloc(1, sizeof *fx);

    fx->db = test_db_in_tmp(fx->dir, "stcache");
    *state = fx;
    return 0;
}

static int
setup(void **state)
{
    struct fx *fx;
    char *sql, *cause = NULL;

    setup_empty(state);
    fx = *state;
    sql = test_read_file("tests/fixtures/staff_stats.sql");
    assert_non_null(sql);
    assert_int_equal(db_exec(fx->db, sql, &cause), 0);
    free(sql);
    return 0;
}

static int
teardown(void **state)
{
    struct fx *fx = *state;

    db_close(fx->db);
    assert_int_equal(test_remove_tree(fx->dir), 0);
    free(fx);
    return 0;
}

static int
q_int(struct fx *fx, const char *sql)
{
    sqlite3_stmt *st = db_prepare(fx->db, sql);
    int v;

    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void
exec(struct fx *fx, const char *sql)
{
    char *cause = NULL;

    if (db_exec(fx->db, sql, &cause) != 0)
        fail_msg("%s: %s", sql, cause);
}

/* Every figure of a and b is the same. */
static void
assert_same(const struct stats *a, const struct stats *b)
{
    assert_string_equal(a->from, b->from);
    assert_string_equal(a->to, b->to);
    assert_int_equal(a->started, b->started);
    assert_memory_equal(a->ended, b->ended, sizeof a->ended);
    assert_int_equal(a->slips, b->slips);
    assert_int_equal(a->reprints, b->reprints);
    assert_int_equal(a->saved, b->saved);
    assert_int_equal(a->nservices, b->nservices);
    for (size_t i = 0; i < a->nservices; i++)
        assert_memory_equal(&a->services[i], &b->services[i], sizeof a->services[i]);
    assert_int_equal(a->nstops, b->nstops);
    for (size_t i = 0; i < a->nstops; i++) {
        assert_int_equal(a->stops[i].service, b->stops[i].service);
        assert_string_equal(a->stops[i].step, b->stops[i].step);
        assert_int_equal(a->stops[i].count, b->stops[i].count);
    }
    assert_int_equal(a->nvolunteers, b->nvolunteers);
    for (size_t i = 0; i < a->nvolunteers; i++) {
        const struct stats_volunteer *x = &a->volunteers[i], *y = &b->volunteers[i];

        assert_int_equal(x->id, y->id);
        assert_string_equal(x->code, y->code);
        assert_string_equal(x->name, y->name);
        assert_int_equal(x->assisted, y->assisted);
        assert_int_equal(x->recorded, y->recorded);
        assert_int_equal(x->skills, y->skills);
        assert_memory_equal(x->outcomes, y->outcomes, sizeof x->outcomes);
    }
    assert_int_equal(a->nmissing, b->nmissing);
    for (size_t i = 0; i < a->nmissing; i++) {
        assert_int_equal(a->missing[i].service, b->missing[i].service);
        assert_string_equal(a->missing[i].item, b->missing[i].item);
        assert_int_equal(a->missing[i].count, b->missing[i].count);
    }
    assert_int_equal(a->assisted, b->assisted);
    assert_int_equal(a->recorded, b->recorded);
    assert_int_equal(a->skills, b->skills);
    assert_memory_equal(a->outcomes, b->outcomes, sizeof a->outcomes);
}

/* For every period: from the detailed rows only, then through the cache (twice: it may fill
 * it, then reads it), all the same; the uncounted figures into base[] when not NULL. */
static void
check_all(struct fx *fx, struct stats *base)
{
    char *cause = NULL;

    for (size_t i = 0; i < NPERIODS; i++) {
        struct stats rows, cached, again;

        assert_int_equal(
            db_stats_get_at(fx->db, periods[i][0], periods[i][1], NOW_NEVER, &rows, &cause), 0);
        assert_int_equal(
            db_stats_get_at(fx->db, periods[i][0], periods[i][1], NOW_LATER, &cached, &cause), 0);
        assert_int_equal(
            db_stats_get_at(fx->db, periods[i][0], periods[i][1], NOW_LATER, &again, &cause), 0);
        assert_same(&rows, &cached);
        assert_same(&rows, &again);
        if (base != NULL) {
            assert_same(&base[i], &rows);
            stats_done(&base[i]);
        }
        stats_done(&rows);
        stats_done(&cached);
        stats_done(&again);
    }
}

static void
snapshot(struct fx *fx, struct stats *base)
{
    char *cause = NULL;

    for (size_t i = 0; i < NPERIODS; i++)
        assert_int_equal(
            db_stats_get_at(fx->db, periods[i][0], periods[i][1], NOW_NEVER, &base[i], &cause), 0);
}

/* Nothing cached without a closed day; a warm cache holds every day of the periods. */
static void
test_cold_and_warm(void **state)
{
    struct fx *fx = *state;
    struct stats s, t;
    char *cause = NULL;

    assert_int_equal(db_stats_get_at(fx->db, "2026-11-01", "2026-11-30", NOW_NEVER, &s, &cause), 0);
    assert_int_equal(q_int(fx, "SELECT count(*) FROM stats_cache_days"), 0);
    assert_int_equal(s.started, 6); /* the fixture's November, tests/test_stats.c */
    stats_done(&s);

    check_all(fx, NULL);
    /* 2026-09-01..2026-12-31: 122 days, each cached once. */
    assert_int_equal(q_int(fx, "SELECT count(*) FROM stats_cache_days"), 122);
    assert_true(q_int(fx, "SELECT count(*) FROM stats_cache") > 0);

    /* Today (2026-11-15 here) and later come from the detailed rows; before, the cache. */
    exec(fx, "DELETE FROM stats_cache_days");
    assert_int_equal(db_stats_get_at(fx->db, "2026-11-01", "2026-11-30",
                                     period_day_start("2026-11-15") + 3600, &s, &cause),
                     0);
    assert_int_equal(q_int(fx, "SELECT count(*) FROM stats_cache_days"), 14);
    assert_int_equal(db_stats_get_at(fx->db, "2026-11-01", "2026-11-30", NOW_NEVER, &t, &cause), 0);
    assert_same(&s, &t);
    stats_done(&s);
    stats_done(&t);

    /* A cached day's counts are read back, not counted again: a changed cache row shows
     * (only this test ever writes the cache by hand). */
    check_all(fx, NULL);
    exec(fx, "UPDATE stats_cache SET n = n + 100 WHERE metric = 'started'");
    assert_int_equal(db_stats_get_at(fx->db, "2026-11-02", "2026-11-02", NOW_LATER, &s, &cause), 0);
    assert_int_equal(s.started, 102);
    stats_done(&s);
}

/* Any change to a detailed row of a cached day forgets that day, and only that day. */
static void
test_changes_forget(void **state)
{
    struct fx *fx = *state;
    struct stats base[NPERIODS], s;
    char *cause = NULL;
    int days;

    check_all(fx, NULL);
    days = q_int(fx, "SELECT count(*) FROM stats_cache_days");

    /* A new session (with a service and steps) on the cached 2026-11-15. */
    exec(fx, "INSERT INTO sessions(id, kiosk_id, started_at, ended_at, lang, catalog_hash, "
             "ended_how) VALUES (20, 'k1', 1794729600, 1794729700, 'vi', 'h', 'finished')");
    assert_int_equal(q_int(fx, "SELECT count(*) FROM stats_cache_days"), days - 1);
    assert_int_equal(q_int(fx, "SELECT count(*) FROM stats_cache_days WHERE t0 = 1794675600"), 0);
    check_all(fx, NULL);
    exec(fx, "INSERT INTO session_services(session_id, service, last_step, finished) "
             "VALUES (20, 4, 'checklist', 1)");
    exec(fx, "INSERT INTO session_steps(session_id, at, service, step) "
             "VALUES (20, 1794729610, 4, 'service')");
    assert_int_equal(db_stats_get_at(fx->db, "2026-11-15", "2026-11-15", NOW_LATER, &s, &cause), 0);
    assert_int_equal(s.started, 2);
    stats_done(&s);
    check_all(fx, NULL);

    /* Every detailed table, row by row: each change shows at once. */
    exec(fx, "UPDATE session_services SET finished = 0, last_step = 'q:x' WHERE session_id = 20");
    check_all(fx, NULL);
    exec(fx, "DELETE FROM session_services WHERE session_id = 20");
    check_all(fx, NULL);
    exec(fx, "UPDATE session_steps SET step = 'search' WHERE session_id = 20");
    check_all(fx, NULL);
    exec(fx, "UPDATE sessions SET started_at = 1793587000 WHERE id = 20"); /* to 2026-11-02 */
    check_all(fx, NULL);
    exec(fx, "INSERT INTO assisted(id, session_id, volunteer_id, kiosk_id, started_at, "
             "ended_how, recorded) VALUES (9, 20, 2, 'k1', 1793587000, 'finished', 1)");
    check_all(fx, NULL);
    exec(fx, "INSERT INTO assisted_outcomes(assisted_id, outcome) VALUES (9, 'needs_documents'), "
             "(9, 'vssid_installed')");
    exec(fx, "INSERT INTO assisted_items(assisted_id, service, item) VALUES (9, 1, 'giay_a')");
    check_all(fx, NULL);
    exec(fx, "UPDATE assisted_outcomes SET outcome = 'other' WHERE assisted_id = 9 "
             "AND outcome = 'vssid_installed'");
    exec(fx, "UPDATE assisted_items SET item = 'giay_c' WHERE assisted_id = 9");
    check_all(fx, NULL);
    exec(fx, "UPDATE assisted SET recorded = 0, volunteer_id = 1 WHERE id = 9");
    check_all(fx, NULL);
    exec(fx, "DELETE FROM assisted_outcomes WHERE assisted_id = 9 AND outcome = 'other'");
    exec(fx, "DELETE FROM assisted_items WHERE assisted_id = 9");
    check_all(fx, NULL);
    /* Slips are cached with the rest: a print job made, printed, reprinted or removed on a
     * cached day shows at once. */
    exec(fx, "INSERT INTO print_jobs(id, kind, slip_no, shown_no, service, state, created_at, "
             "queued_at, updated_at) VALUES (90, 'slip', '20261115-0090', '20261115-0090', 4, "
             "'queued', 1794729650, 1794729650, 1794729650)");
    check_all(fx, NULL);
    exec(fx, "UPDATE print_jobs SET state = 'done' WHERE id = 90");
    assert_int_equal(db_stats_get_at(fx->db, "2026-11-15", "2026-11-15", NOW_LATER, &s, &cause), 0);
    assert_int_equal(s.slips, 1);
    assert_int_equal(s.saved, 1);
    stats_done(&s);
    check_all(fx, NULL);
    exec(fx, "INSERT INTO print_jobs(id, kind, slip_no, shown_no, reprint_of, service, state, "
             "created_at, queued_at, updated_at) VALUES (91, 'slip', '20261115-0090-R1', "
             "'20261115-0090', 90, 4, 'done', 1794729660, 1794729660, 1794729660)");
    check_all(fx, NULL);
    exec(fx, "DELETE FROM print_jobs WHERE id IN (91, 90)");
    check_all(fx, NULL);
    exec(fx, "DELETE FROM assisted WHERE id = 9");
    exec(fx, "DELETE FROM sessions WHERE id = 20");
    snapshot(fx, base);
    check_all(fx, base);
}

/* Closing a stale session at start-up changes a past day: the cache follows. */
static void
test_close_stale(void **state)
{
    struct fx *fx = *state;
    struct stats s;
    char *cause = NULL;

    exec(fx, "INSERT INTO sessions(id, kiosk_id, started_at, lang, catalog_hash) "
             "VALUES (30, 'k9', 1793675000, 'vi', 'h')"); /* 2026-11-03, still open */
    exec(fx, "INSERT INTO session_steps(session_id, at, service, step) "
             "VALUES (30, 1793675010, 0, 'search')");
    check_all(fx, NULL);
    assert_int_equal(db_stats_get_at(fx->db, "2026-11-03", "2026-11-03", NOW_LATER, &s, &cause), 0);
    assert_int_equal(s.ended[SESSION_OPEN], 1);
    stats_done(&s);

    assert_int_equal(db_session_close_stale(fx->db, NOW_LATER, "k9", &cause), 0);
    assert_int_equal(db_stats_get_at(fx->db, "2026-11-03", "2026-11-03", NOW_LATER, &s, &cause), 0);
    assert_int_equal(s.ended[SESSION_OPEN], 0);
    assert_int_equal(s.ended[SESSION_EXIT], 1);
    stats_done(&s);
    check_all(fx, NULL);
}

/* Retention moves counts from the detailed rows to daily_counts: no figure changes, warm
 * cache or not. */
static void
test_fold(void **state)
{
    struct fx *fx = *state;
    struct stats base[NPERIODS];
    char *cause = NULL;
    int folded;

    check_all(fx, NULL);
    snapshot(fx, base);
    assert_int_equal(db_stats_fold(fx->db, "2026-11-16", &folded, &cause), 0);
    assert_int_equal(folded, 6);
    check_all(fx, base);
    snapshot(fx, base);
    assert_int_equal(db_stats_fold(fx->db, "2027-01-01", &folded, &cause), 0);
    assert_int_equal(folded, 2);
    check_all(fx, base);
    assert_int_equal(q_int(fx, "SELECT count(*) FROM sessions"), 0);
}

/* The cache made by other statistics SQL (another kiosk version) is forgotten. */
static void
test_other_version(void **state)
{
    struct fx *fx = *state;

    check_all(fx, NULL);
    exec(fx, "UPDATE stats_cache SET n = n + 7");
    exec(fx, "UPDATE settings SET value = 'older' WHERE key = 'stats_cache_sql'");
    check_all(fx, NULL);
    assert_int_equal(q_int(fx, "SELECT count(*) FROM settings WHERE key = 'stats_cache_sql' "
                               "AND value = 'older'"),
                     0);
}

/* A month of random sessions, services, steps and assisted sessions (seeded), then random
 * changes: cached and uncounted figures agree after each round. */
static void
test_random_month(void **state)
{
    struct fx *fx = *state;
    static const char *const how[] = { "open", "finished", "idle", "restart", "exit" };
    static const char *const steps[] = { "service", "q:q1", "q:q2", "checklist", "search" };
    int64_t t0 = period_day_start("2026-09-01");
    sqlite3_stmt *ses, *svc, *stp, *ast, *out, *itm;

    srand(6);
    exec(fx, "INSERT INTO volunteers(id, code, name, created_at) VALUES (1, 'A', 'An', 0), "
             "(2, 'B', 'Bình', 0), (3, 'C', 'Cúc', 0)");
    exec(fx, "BEGIN");
    ses =
        db_prepare(fx->db, "INSERT INTO sessions(id, kiosk_id, started_at, ended_at, lang, "
                           "catalog_hash, ended_how) VALUES (?1, 'r', ?2, ?2 + 60, 'vi', 'h', ?3)");
    svc = db_prepare(fx->db, "INSERT OR IGNORE INTO session_services(session_id, service, "
                             "last_step, finished) VALUES (?1, ?2, ?3, ?4)");
    stp = db_prepare(fx->db, "INSERT INTO session_steps(session_id, at, service, step) "
                             "VALUES (?1, ?2, ?3, ?4)");
    ast = db_prepare(fx->db, "INSERT INTO assisted(id, session_id, volunteer_id, started_at, "
                             "recorded) VALUES (?1, ?1, ?2, ?3, ?4)");
    out = db_prepare(fx->db, "INSERT OR IGNORE INTO assisted_outcomes(assisted_id, outcome) "
                             "VALUES (?1, ?2)");
    itm = db_prepare(fx->db, "INSERT OR IGNORE INTO assisted_items(assisted_id, service, item) "
                             "VALUES (?1, ?2, ?3)");
    for (int id = 100; id < 3100; id++) {
        /* Any second of September (and a little over), midnights included. */
        int64_t at = t0 + rand() % (31 * 86400);

        if (id % 50 == 0)
            at = t0 + (rand() % 31) * 86400 + (rand() % 3) - 1;
        sqlite3_reset(ses);
        sqlite3_bind_int(ses, 1, id);
        sqlite3_bind_int64(ses, 2, at);
        db_bind_text(ses, 3, how[rand() % 5]);
        assert_int_equal(sqlite3_step(ses), SQLITE_DONE);
        for (int k = rand() % 3; k > 0; k--) {
            sqlite3_reset(svc);
            sqlite3_bind_int(svc, 1, id);
            sqlite3_bind_int(svc, 2, 1 + rand() % 25);
            db_bind_text(svc, 3, steps[rand() % 5]);
            sqlite3_bind_int(svc, 4, rand() % 2);
            assert_int_equal(sqlite3_step(svc), SQLITE_DONE);
        }
        for (int k = rand() % 4; k > 0; k--) {
            sqlite3_reset(stp);
            sqlite3_bind_int(stp, 1, id);
            sqlite3_bind_int64(stp, 2, at + k);
            sqlite3_bind_int(stp, 3, rand() % 26);
            db_bind_text(stp, 4, steps[rand() % 5]);
            assert_int_equal(sqlite3_step(stp), SQLITE_DONE);
        }
        if (rand() % 4 == 0) {
            sqlite3_reset(ast);
            sqlite3_bind_int(ast, 1, id);
            sqlite3_bind_int(ast, 2, 1 + rand() % 3);
            sqlite3_bind_int64(ast, 3, at);
            sqlite3_bind_int(ast, 4, rand() % 2);
            assert_int_equal(sqlite3_step(ast), SQLITE_DONE);
            for (int k = rand() % 4; k > 0; k--) {
                sqlite3_reset(out);
                sqlite3_bind_int(out, 1, id);
                db_bind_text(out, 2, assist_outcome_code((enum assist_outcome)(rand() % AO_COUNT)));
                assert_int_equal(sqlite3_step(out), SQLITE_DONE);
            }
            for (int k = rand() % 3; k > 0; k--) {
                char item[16];

                snprintf(item, sizeof item, "giay_%c", 'a' + rand() % 4);
                sqlite3_reset(itm);
                sqlite3_bind_int(itm, 1, id);
                sqlite3_bind_int(itm, 2, 1 + rand() % 25);
                db_bind_text(itm, 3, item);
                assert_int_equal(sqlite3_step(itm), SQLITE_DONE);
            }
        }
    }
    sqlite3_finalize(ses);
    sqlite3_finalize(svc);
    sqlite3_finalize(stp);
    sqlite3_finalize(ast);
    sqlite3_finalize(out);
    sqlite3_finalize(itm);
    exec(fx, "COMMIT");

    for (int round = 0; round < 4; round++) {
        char *sql;
        int a = 100 + rand() % 3000, b = 100 + rand() % 3000;

        check_all(fx, NULL);
        assert_true(q_int(fx, "SELECT count(*) FROM stats_cache_days") >= 30);
        xasprintf(&sql,
                  "UPDATE sessions SET ended_how = 'exit' WHERE id = %d; "
                  "DELETE FROM session_services WHERE session_id = %d; "
                  "UPDATE assisted SET recorded = 1 - recorded WHERE id %% 7 = %d; "
                  "DELETE FROM assisted_outcomes WHERE assisted_id %% 11 = %d; "
                  "UPDATE sessions SET started_at = started_at + 43200 WHERE id %% 97 = %d; "
                  "DELETE FROM sessions WHERE id = %d",
                  a, b, round, round, round, (a + b) / 2);
        exec(fx, sql);
        free(sql);
    }
    check_all(fx, NULL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_cold_and_warm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_changes_forget, setup, teardown),
        cmocka_unit_test_setup_teardown(test_close_stale, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fold, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_version, setup, teardown),
        cmocka_unit_test_setup_teardown(test_random_month, setup_empty, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
