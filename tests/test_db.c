/* Unit tests for db.c: migrations, refusing a newer database, sessions read back with plain
 * SQL, settings, and two processes writing at once. Each test works in its own temp folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db.h"
#include "db_internal.h"
#include "testutil.h"
#include "xmalloc.h"

struct fixture {
    char dir[64];
    char *path; /* dir/sub/kiosk.db: the folder does not exist yet */
};

static int
setup(void **state)
{
    struct fixture *f = xcalloc(1, sizeof *f);

    snprintf(f->dir, sizeof f->dir, "/tmp/kiosk-test-db-XXXXXX");
    if (mkdtemp(f->dir) == NULL)
        return -1;
    xasprintf(&f->path, "%s/sub/kiosk.db", f->dir);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;

    assert_int_equal(test_remove_tree(f->dir), 0);
    free(f->path);
    free(f);
    return 0;
}

/* Open f->path, which must succeed. */
static struct db *
open_ok(const char *path)
{
    struct db *db = NULL;
    char *cause = NULL;
    int rc = db_open(path, &db, &cause);

    if (rc != 0)
        print_message("db_open: %s\n", cause);
    assert_int_equal(rc, 0);
    assert_null(cause);
    assert_non_null(db);
    return db;
}

/* A plain connection for reading back what db.c wrote. */
static sqlite3 *
raw_open(const char *path)
{
    sqlite3 *c = NULL;

    assert_int_equal(sqlite3_open_v2(path, &c, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_busy_timeout(c, 5000);
    return c;
}

/* The integer result of one query. */
static int64_t
q_int(sqlite3 *c, const char *sql)
{
    sqlite3_stmt *st = NULL;
    int64_t v;

    assert_int_equal(sqlite3_prepare_v2(c, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* The text result of one query (caller frees). */
static char *
q_text(sqlite3 *c, const char *sql)
{
    sqlite3_stmt *st = NULL;
    char *v;

    assert_int_equal(sqlite3_prepare_v2(c, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    v = xstrdup(sqlite3_column_text(st, 0) != NULL ? (const char *)sqlite3_column_text(st, 0)
                                                   : "(null)");
    sqlite3_finalize(st);
    return v;
}

static void
assert_q_text(sqlite3 *c, const char *sql, const char *want)
{
    char *got = q_text(c, sql);

    assert_string_equal(got, want);
    free(got);
}

/* The whole file (caller frees). */
static char *
slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    struct strbuf b;
    char buf[4096];
    size_t n;

    assert_non_null(fp);
    strbuf_init(&b);
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        strbuf_add(&b, buf, n);
    fclose(fp);
    *len = b.len;
    return strbuf_take(&b);
}

static void
test_fresh_database_migrates(void **state)
{
    struct fixture *f = *state;
    struct db *db;
    sqlite3 *c;

    db = open_ok(f->path); /* creates the missing folder "sub" */
    assert_true(db_schema_version() >= 1);
    assert_true(db_integrity_ok(db));
    /* The connection's settings. */
    assert_int_equal(q_int(db->conn, "PRAGMA busy_timeout"), 5000);
    assert_int_equal(q_int(db->conn, "PRAGMA foreign_keys"), 1);
    assert_int_equal(q_int(db->conn, "PRAGMA synchronous"), 1); /* NORMAL */
    db_close(db);

    c = raw_open(f->path);
    assert_int_equal(q_int(c, "PRAGMA user_version"), db_schema_version());
    assert_q_text(c, "PRAGMA journal_mode", "wal");
    assert_int_equal(q_int(c, "SELECT count(*) FROM sqlite_master WHERE name IN ('sessions', "
                              "'session_steps', 'session_services', 'settings')"),
                     4);
    sqlite3_close(c);
}

static void
test_reopen_is_idempotent(void **state)
{
    struct fixture *f = *state;
    struct db *db;
    sqlite3 *c;
    int64_t objects;
    int64_t id;
    char *cause = NULL;

    db = open_ok(f->path);
    assert_int_equal(db_session_start(db, 100, "vi", "h", "k1", &id, &cause), 0);
    db_close(db);
    c = raw_open(f->path);
    objects = q_int(c, "SELECT count(*) FROM sqlite_master");
    sqlite3_close(c);

    db = open_ok(f->path);
    db_close(db);
    db = open_ok(f->path);
    db_close(db);

    c = raw_open(f->path);
    assert_int_equal(q_int(c, "PRAGMA user_version"), db_schema_version());
    assert_int_equal(q_int(c, "SELECT count(*) FROM sqlite_master"), objects);
    assert_int_equal(q_int(c, "SELECT count(*) FROM sessions"), 1);
    sqlite3_close(c);
}

static void
test_newer_database_refused(void **state)
{
    struct fixture *f = *state;
    struct db *db = NULL;
    char *cause = NULL, *want, *before, *after, *sql;
    size_t nbefore, nafter;
    int newer = db_schema_version() + 3;
    sqlite3 *c;

    db_close(open_ok(f->path));
    c = raw_open(f->path);
    xasprintf(&sql, "PRAGMA user_version = %d", newer);
    assert_int_equal(sqlite3_exec(c, sql, NULL, NULL, NULL), SQLITE_OK);
    free(sql);
    /* Leave it as a newer kiosk would: in rollback-journal mode, every byte in the file. */
    assert_q_text(c, "PRAGMA journal_mode = DELETE", "delete");
    sqlite3_close(c);
    before = slurp(f->path, &nbefore);

    assert_int_equal(db_open(f->path, &db, &cause), -1);
    assert_null(db);
    xasprintf(&want,
              "database %s has schema version %d, newer than this kiosk knows (%d): upgrade "
              "the kiosk",
              f->path, newer, db_schema_version());
    assert_non_null(cause);
    assert_string_equal(cause, want);
    free(want);
    free(cause);

    /* Not altered: same bytes (not even switched to WAL), same version. */
    after = slurp(f->path, &nafter);
    assert_int_equal(nafter, nbefore);
    assert_memory_equal(after, before, nbefore);
    free(before);
    free(after);
    c = raw_open(f->path);
    assert_int_equal(q_int(c, "PRAGMA user_version"), newer);
    assert_q_text(c, "PRAGMA journal_mode", "delete");
    sqlite3_close(c);
}

static void
test_not_a_database(void **state)
{
    struct fixture *f = *state;
    struct db *db = NULL;
    char *cause = NULL, *path;
    FILE *fp;

    xasprintf(&path, "%s/junk.db", f->dir);
    fp = fopen(path, "w");
    assert_non_null(fp);
    for (int i = 0; i < 200; i++)
        fputs("this is not a database. ", fp);
    fclose(fp);
    assert_int_equal(db_open(path, &db, &cause), -1);
    assert_null(db);
    assert_non_null(cause);
    assert_non_null(strstr(cause, path));
    assert_non_null(strstr(cause, "not a database"));
    free(cause);
    free(path);
}

static void
test_folder_cannot_be_created(void **state)
{
    struct fixture *f = *state;
    struct db *db = NULL;
    char *cause = NULL, *file, *path;
    FILE *fp;

    xasprintf(&file, "%s/plain-file", f->dir);
    fp = fopen(file, "w");
    assert_non_null(fp);
    fclose(fp);
    xasprintf(&path, "%s/x/kiosk.db", file);
    assert_int_equal(db_open(path, &db, &cause), -1);
    assert_null(db);
    assert_non_null(cause);
    assert_non_null(strstr(cause, "cannot create folder"));
    free(cause);
    free(path);
    free(file);
}

static void
test_session_round_trip(void **state)
{
    struct fixture *f = *state;
    struct db *db = open_ok(f->path);
    int64_t id, other;
    char *cause = NULL, *sql;
    sqlite3 *c;

    assert_int_equal(db_session_start(db, 1000, "vi", "cafe01", "kiosk-1", &id, &cause), 0);
    assert_true(id > 0);
    assert_int_equal(db_session_step(db, id, 1001, 0, "home", &cause), 0);
    assert_int_equal(db_session_set_lang(db, id, "en", &cause), 0);
    assert_int_equal(db_session_step(db, id, 1005, 3, "service", &cause), 0);
    assert_int_equal(db_session_step(db, id, 1010, 3, "q:q2", &cause), 0);
    assert_int_equal(db_session_step(db, id, 1012, 7, "service", &cause), 0);
    assert_int_equal(db_session_step(db, id, 1020, 3, "checklist", &cause), 0);
    assert_int_equal(db_session_finished_service(db, id, 3, &cause), 0);
    assert_int_equal(db_session_end(db, id, 1030, SESSION_FINISHED, &cause), 0);
    /* The first ending stands. */
    assert_int_equal(db_session_end(db, id, 1040, SESSION_IDLE, &cause), 0);
    assert_int_equal(db_session_end(db, id, 1040, SESSION_OPEN, &cause), -1);
    assert_non_null(cause);
    free(cause);
    cause = NULL;
    assert_int_equal(db_session_start(db, 2000, "vi", "cafe01", "kiosk-1", &other, &cause), 0);
    assert_int_not_equal(other, id);
    db_close(db);

    c = raw_open(f->path);
    xasprintf(&sql,
              "SELECT kiosk_id || '|' || started_at || '|' || ended_at || '|' || lang || '|' "
              "|| catalog_hash || '|' || ended_how FROM sessions WHERE id = %lld",
              (long long)id);
    assert_q_text(c, sql, "kiosk-1|1000|1030|en|cafe01|finished");
    free(sql);
    xasprintf(&sql,
              "SELECT group_concat(at || ':' || service || ':' || step, ' ') FROM "
              "(SELECT * FROM session_steps WHERE session_id = %lld ORDER BY rowid)",
              (long long)id);
    assert_q_text(c, sql, "1001:0:home 1005:3:service 1010:3:q:q2 1012:7:service 1020:3:checklist");
    free(sql);
    xasprintf(&sql,
              "SELECT group_concat(service || ':' || last_step || ':' || finished, ' ') FROM "
              "(SELECT * FROM session_services WHERE session_id = %lld ORDER BY service)",
              (long long)id);
    assert_q_text(c, sql, "3:checklist:1 7:service:0");
    free(sql);
    xasprintf(&sql,
              "SELECT ended_how || '|' || coalesce(ended_at, 'null') FROM sessions "
              "WHERE id = %lld",
              (long long)other);
    assert_q_text(c, sql, "open|null");
    free(sql);
    sqlite3_close(c);
}

static void
test_end_names(void **state)
{
    (void)state;
    assert_string_equal(session_end_name(SESSION_OPEN), "open");
    assert_string_equal(session_end_name(SESSION_FINISHED), "finished");
    assert_string_equal(session_end_name(SESSION_IDLE), "idle");
    assert_string_equal(session_end_name(SESSION_RESTART), "restart");
    assert_string_equal(session_end_name(SESSION_EXIT), "exit");
}

static void
test_close_stale(void **state)
{
    struct fixture *f = *state;
    struct db *db = open_ok(f->path);
    int64_t a1, a2, a3, b1;
    char *cause = NULL, *sql;
    sqlite3 *c;

    assert_int_equal(db_session_start(db, 100, "vi", "h", "a", &a1, &cause), 0);
    assert_int_equal(db_session_step(db, a1, 130, 2, "service", &cause), 0);
    assert_int_equal(db_session_start(db, 200, "vi", "h", "a", &a2, &cause), 0);
    assert_int_equal(db_session_end(db, a2, 250, SESSION_IDLE, &cause), 0);
    assert_int_equal(db_session_start(db, 300, "en", "h", "a", &a3, &cause), 0);
    assert_int_equal(db_session_start(db, 400, "vi", "h", "b", &b1, &cause), 0);
    assert_int_equal(db_session_close_stale(db, 5000, "a", &cause), 0);
    db_close(db);

    c = raw_open(f->path);
    /* Left open by a crash: closed as "exit" at its last step (or its start). */
    xasprintf(&sql,
              "SELECT group_concat(id || ':' || ended_how || ':' || coalesce(ended_at, 'null'),"
              " ' ') FROM (SELECT * FROM sessions ORDER BY id)");
    {
        char *want;

        xasprintf(&want, "%lld:exit:130 %lld:idle:250 %lld:exit:300 %lld:open:null", (long long)a1,
                  (long long)a2, (long long)a3, (long long)b1);
        assert_q_text(c, sql, want);
        free(want);
    }
    free(sql);
    sqlite3_close(c);
}

static void
test_settings(void **state)
{
    struct fixture *f = *state;
    struct db *db = open_ok(f->path);
    char *cause = NULL, *v;

    assert_null(db_setting_get(db, "default_lang"));
    assert_int_equal(db_setting_set(db, "default_lang", "en", &cause), 0);
    v = db_setting_get(db, "default_lang");
    assert_string_equal(v, "en");
    free(v);
    assert_int_equal(db_setting_set(db, "default_lang", "vi", &cause), 0);
    v = db_setting_get(db, "default_lang");
    assert_string_equal(v, "vi");
    free(v);
    assert_int_equal(db_setting_set(db, "empty", "", &cause), 0);
    v = db_setting_get(db, "empty");
    assert_string_equal(v, "");
    free(v);
    db_close(db);
}

static void
test_transactions(void **state)
{
    struct fixture *f = *state;
    struct db *db = open_ok(f->path);
    char *cause = NULL;
    int64_t id;

    assert_int_equal(db_begin(db, &cause), 0);
    assert_int_equal(db_session_start(db, 1, "vi", "h", "k", &id, &cause), 0);
    assert_int_equal(db_session_step(db, id, 2, 1, "service", &cause), 0); /* nests */
    db_rollback(db);
    assert_int_equal(q_int(db->conn, "SELECT count(*) FROM sessions"), 0);
    assert_int_equal(q_int(db->conn, "SELECT count(*) FROM session_steps"), 0);

    assert_int_equal(db_begin(db, &cause), 0);
    assert_int_equal(db_session_start(db, 1, "vi", "h", "k", &id, &cause), 0);
    assert_int_equal(db_session_step(db, id, 2, 1, "service", &cause), 0);
    assert_int_equal(db_commit(db, &cause), 0);
    assert_int_equal(q_int(db->conn, "SELECT count(*) FROM sessions"), 1);
    assert_int_equal(q_int(db->conn, "SELECT count(*) FROM session_services"), 1);
    db_rollback(db); /* nothing open: harmless */

    /* A second BEGIN inside a transaction fails with a cause. */
    assert_int_equal(db_begin(db, &cause), 0);
    assert_int_equal(db_begin(db, &cause), -1);
    assert_non_null(cause);
    free(cause);
    db_rollback(db);
    db_close(db);
}

/* One writer process: its own connection, n sessions with a step and an ending each. */
static int
writer(const char *path, const char *kiosk_id, int n)
{
    struct db *db = NULL;
    char *cause = NULL;

    if (db_open(path, &db, &cause) != 0) {
        fprintf(stderr, "%s: %s\n", kiosk_id, cause);
        return 1;
    }
    for (int i = 0; i < n; i++) {
        int64_t id;

        if (db_session_start(db, i, "vi", "h", kiosk_id, &id, &cause) != 0 ||
            db_session_step(db, id, i, 1 + i % 25, "service", &cause) != 0 ||
            db_session_end(db, id, i + 1, SESSION_FINISHED, &cause) != 0) {
            fprintf(stderr, "%s: session %d: %s\n", kiosk_id, i, cause);
            return 1;
        }
    }
    db_close(db);
    return 0;
}

static void
test_two_processes_lose_nothing(void **state)
{
    struct fixture *f = *state;
    const char *ids[2] = { "kiosk", "print-helper" };
    pid_t pids[2];
    sqlite3 *c;

    db_close(open_ok(f->path));
    for (int i = 0; i < 2; i++) {
        pids[i] = fork();
        assert_true(pids[i] >= 0);
        if (pids[i] == 0)
            _exit(writer(f->path, ids[i], 200));
    }
    for (int i = 0; i < 2; i++) {
        int status;

        assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    c = raw_open(f->path);
    assert_int_equal(q_int(c, "SELECT count(*) FROM sessions"), 400);
    assert_int_equal(q_int(c, "SELECT count(*) FROM sessions WHERE kiosk_id = 'kiosk'"), 200);
    assert_int_equal(q_int(c, "SELECT count(*) FROM sessions WHERE ended_how = 'finished'"), 400);
    assert_int_equal(q_int(c, "SELECT count(*) FROM session_steps"), 400);
    assert_int_equal(q_int(c, "SELECT count(*) FROM session_services"), 400);
    assert_q_text(c, "PRAGMA integrity_check", "ok");
    sqlite3_close(c);
}

/* Count rows of a query with a separate connection (what another process sees). */
static int
count_rows(const char *path, const char *sql)
{
    sqlite3 *c = NULL;
    sqlite3_stmt *st = NULL;
    int n = -1;

    assert_int_equal(sqlite3_open_v2(path, &c, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(c, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(c);
    return n;
}

/* Another connection holds the write lock: session records are kept, in order, with a
 * provisional id, and written (mapped to the real id) once the lock is free. */
static void
test_busy_keeps_sessions(void **state)
{
    struct fixture *f = *state;
    struct db *db = open_ok(f->path);
    sqlite3 *other = NULL;
    int64_t id = 0, id2 = 0;
    char *cause = NULL;

    db_set_busy_ms(db, 5);
    assert_int_equal(sqlite3_open(f->path, &other), SQLITE_OK);
    assert_int_equal(sqlite3_exec(other,
                                  "BEGIN EXCLUSIVE; INSERT INTO settings(key, value) "
                                  "VALUES ('x', 'y')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(db_session_start(db, 100, "vi", "h", "k1", &id, &cause), 0);
    assert_true(id < 0);
    assert_int_equal(db_session_step(db, id, 101, 3, "service", &cause), 0);
    assert_int_equal(db_session_finished_service(db, id, 3, &cause), 0);
    assert_int_equal(db_session_set_lang(db, id, "en", &cause), 0);
    assert_int_equal(db_session_end(db, id, 102, SESSION_FINISHED, &cause), 0);
    assert_int_equal(db_session_start(db, 103, "vi", "h", "k1", &id2, &cause), 0);
    assert_true(id2 < 0 && id2 != id);
    assert_int_equal((int)db_pending_count(db), 6);
    assert_int_equal(db_session_resolve(db, id), 0);
    assert_int_equal(db_flush_pending(db), -1); /* still locked */
    assert_int_equal(count_rows(f->path, "SELECT count(*) FROM sessions"), 0);

    assert_int_equal(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(db_tick(db, 1000000, &cause), 0); /* due: flushes */
    assert_int_equal((int)db_pending_count(db), 0);
    assert_true(db_session_resolve(db, id) > 0);
    assert_int_equal(count_rows(f->path, "SELECT count(*) FROM sessions"), 2);
    assert_int_equal(count_rows(f->path, "SELECT count(*) FROM sessions WHERE lang = 'en' AND "
                                         "ended_how = 'finished' AND ended_at = 102"),
                     1);
    assert_int_equal(count_rows(f->path, "SELECT count(*) FROM session_services WHERE service "
                                         "= 3 AND finished = 1"),
                     1);
    /* A later call with the provisional id reaches the real row. */
    assert_int_equal(db_session_end(db, id2, 104, SESSION_IDLE, &cause), 0);
    assert_int_equal(count_rows(f->path, "SELECT count(*) FROM sessions WHERE ended_how = 'idle'"),
                     1);
    sqlite3_close(other);
    db_close(db);
}

/* Records still kept at close are written when the lock goes within the wait. */
static void
test_busy_written_at_close(void **state)
{
    struct fixture *f = *state;
    struct db *db = open_ok(f->path);
    sqlite3 *other = NULL;
    int64_t id = 0;
    char *cause = NULL;

    db_set_busy_ms(db, 5);
    assert_int_equal(sqlite3_open(f->path, &other), SQLITE_OK);
    assert_int_equal(sqlite3_exec(other,
                                  "BEGIN EXCLUSIVE; INSERT INTO settings(key, value) "
                                  "VALUES ('x', 'y')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(db_session_start(db, 100, "vi", "h", "k1", &id, &cause), 0);
    assert_int_equal(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    db_close(db);
    assert_int_equal(count_rows(f->path, "SELECT count(*) FROM sessions"), 1);
    sqlite3_close(other);
}

/* The file deleted or replaced under an open database is noticed; the helper's open never
 * creates one; a new database and its WAL are created 0640, not chmod'ed afterwards. */
static void
test_file_identity_and_mode(void **state)
{
    struct fixture *f = *state;
    struct db *db = NULL, *db2 = NULL;
    char *cause = NULL, *wal;
    struct stat st;
    int64_t id;
    mode_t old = umask(0);

    assert_int_equal(db_open_existing(f->path, &db2, &cause), -1);
    assert_non_null(strstr(cause, "no database"));
    free(cause);
    cause = NULL;
    assert_int_equal(stat(f->path, &st), -1);

    db = open_ok(f->path);
    umask(old);
    assert_int_equal(stat(f->path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    assert_int_equal(db_session_start(db, 100, "vi", "h", "k1", &id, &cause), 0);
    xasprintf(&wal, "%s-wal", f->path);
    assert_int_equal(stat(wal, &st), 0);
    assert_int_equal(st.st_mode & 0077, 0040);
    free(wal);
    assert_int_equal(db_open_existing(f->path, &db2, &cause), 0);
    db_close(db2);

    assert_int_equal(db_check_file(db, &cause), 0);
    assert_null(db_lost(db));
    assert_int_equal(unlink(f->path), 0);
    assert_int_equal(db_check_file(db, &cause), -1);
    assert_non_null(strstr(cause, "was deleted"));
    free(cause);
    cause = NULL;
    assert_non_null(db_lost(db));
    assert_int_equal(db_tick(db, 0, &cause), -1);
    free(cause);
    cause = NULL;
    assert_int_equal(db_session_start(db, 100, "vi", "h", "k1", &id, &cause), -1);
    free(cause);
    db_close(db);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fresh_database_migrates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reopen_is_idempotent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_newer_database_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_a_database, setup, teardown),
        cmocka_unit_test_setup_teardown(test_folder_cannot_be_created, setup, teardown),
        cmocka_unit_test_setup_teardown(test_session_round_trip, setup, teardown),
        cmocka_unit_test(test_end_names),
        cmocka_unit_test_setup_teardown(test_close_stale, setup, teardown),
        cmocka_unit_test_setup_teardown(test_settings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_transactions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_processes_lose_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_busy_keeps_sessions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_busy_written_at_close, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_identity_and_mode, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
