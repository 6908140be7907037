/*
 * The kiosk's SQLite database. db_open() sets WAL, a 5 s busy timeout, foreign keys and
 * synchronous=NORMAL, then brings the schema up to date from the embedded migrations
 * (assets/schema/NNN_*.sql, element N-1 of db_migrations brings the database to version N),
 * one transaction per migration, PRAGMA user_version recording where it stands. A database
 * newer than this binary is refused before anything is written to it.
 *
 * The kiosk and the print helper open the same file at once, so every write transaction
 * starts with BEGIN IMMEDIATE (or a single statement): it takes the write lock up front and
 * waits for it through the busy timeout, instead of failing when a read turns into a write.
 *
 * Sessions are anonymous: a language, a catalog hash, the steps reached. Nothing else.
 */
#define _POSIX_C_SOURCE 200809L
#include "db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "db_internal.h"
#include "log.h"
#include "xmalloc.h"

/* build/gen/schema.c, made from assets/schema by scripts/embed-schema.sh. */
extern const char *const db_migrations[];
extern const size_t db_nmigrations;

#define BUSY_TIMEOUT_MS 5000

static const char *const end_names[] = { "open", "finished", "idle", "restart", "exit" };

const char *
session_end_name(enum session_end e)
{
    if ((size_t)e < sizeof end_names / sizeof end_names[0])
        return end_names[e];
    return "?";
}

int
db_schema_version(void)
{
    return (int)db_nmigrations;
}

int
db_fail(struct db *db, char **cause, const char *what)
{
    if (cause != NULL)
        xasprintf(cause, "%s: %s", what, sqlite3_errmsg(db->conn));
    return -1;
}

sqlite3_stmt *
db_prepare(struct db *db, const char *sql)
{
    sqlite3_stmt *st = NULL;

    if (sqlite3_prepare_v2(db->conn, sql, -1, &st, NULL) != SQLITE_OK)
        die("database %s: cannot prepare \"%s\": %s", db->path, sql, sqlite3_errmsg(db->conn));
    return st;
}

int
db_exec(struct db *db, const char *sql, char **cause)
{
    char *err = NULL;

    if (sqlite3_exec(db->conn, sql, NULL, NULL, &err) != SQLITE_OK) {
        if (cause != NULL)
            xasprintf(cause, "%s: %s", sql, err != NULL ? err : sqlite3_errmsg(db->conn));
        sqlite3_free(err);
        return -1;
    }
    return 0;
}

char *
db_col_text(sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);

    if (t == NULL)
        return xstrdup("");
    return xstrndup((const char *)t, (size_t)sqlite3_column_bytes(st, col));
}

int
db_begin(struct db *db, char **cause)
{
    return db_exec(db, "BEGIN IMMEDIATE", cause);
}

int
db_commit(struct db *db, char **cause)
{
    return db_exec(db, "COMMIT", cause);
}

void
db_rollback(struct db *db)
{
    char *cause = NULL;

    if (sqlite3_get_autocommit(db->conn))
        return; /* nothing open (or SQLite already rolled it back) */
    if (db_exec(db, "ROLLBACK", &cause) != 0) {
        log_msg(LOG_WARN, "database %s: %s", db->path, cause);
        free(cause);
    }
}

/* PRAGMA user_version into *v. Returns 0, or -1 with *cause. */
static int
user_version(struct db *db, int *v, char **cause)
{
    sqlite3_stmt *st = NULL;
    int rc;

    /* Not db_prepare: on a file that is not a database, preparing is where it fails. */
    if (sqlite3_prepare_v2(db->conn, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK) {
        xasprintf(cause, "database %s: %s", db->path, sqlite3_errmsg(db->conn));
        return -1;
    }
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        xasprintf(cause, "database %s: %s", db->path, sqlite3_errmsg(db->conn));
        sqlite3_finalize(st);
        return -1;
    }
    *v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return 0;
}

/* One PRAGMA that returns a value; *out is owned by the caller. */
static int
pragma_text(struct db *db, const char *sql, char **out, char **cause)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    int rc = sqlite3_step(st);

    if (rc != SQLITE_ROW) {
        xasprintf(cause, "database %s: %s: %s", db->path, sql, sqlite3_errmsg(db->conn));
        sqlite3_finalize(st);
        return -1;
    }
    *out = db_col_text(st, 0);
    sqlite3_finalize(st);
    return 0;
}

/* Apply the migrations the database lacks, each in its own transaction. Another process may
 * migrate at the same time: the version is read again under the write lock. */
static int
migrate(struct db *db, char **cause)
{
    for (;;) {
        char *err = NULL, *sql;
        int v;

        if (db_begin(db, &err) != 0) {
            xasprintf(cause, "database %s: cannot start a migration: %s", db->path, err);
            free(err);
            return -1;
        }
        if (user_version(db, &v, cause) != 0) {
            db_rollback(db);
            return -1;
        }
        if (v >= (int)db_nmigrations) {
            db_rollback(db);
            return 0;
        }
        if (sqlite3_exec(db->conn, db_migrations[v], NULL, NULL, &err) != SQLITE_OK) {
            xasprintf(cause, "database %s: migration to version %d failed: %s", db->path, v + 1,
                      err != NULL ? err : sqlite3_errmsg(db->conn));
            sqlite3_free(err);
            db_rollback(db);
            return -1;
        }
        xasprintf(&sql, "PRAGMA user_version = %d", v + 1);
        if (db_exec(db, sql, &err) != 0 || db_commit(db, &err) != 0) {
            xasprintf(cause, "database %s: migration to version %d failed: %s", db->path, v + 1,
                      err);
            free(err);
            free(sql);
            db_rollback(db);
            return -1;
        }
        free(sql);
        log_msg(LOG_INFO, "database %s: migrated to schema version %d", db->path, v + 1);
    }
}

/* The folder part of path, or NULL when it is the current folder. Caller frees. */
static char *
parent_dir(const char *path)
{
    const char *slash = strrchr(path, '/');

    if (slash == NULL)
        return NULL;
    while (slash > path && slash[-1] == '/')
        slash--;
    if (slash == path)
        return NULL; /* "/" */
    return xstrndup(path, (size_t)(slash - path));
}

int
db_open(const char *path, struct db **out, char **cause)
{
    struct db *db;
    char *dir = parent_dir(path), *mode = NULL, *err = NULL;
    int v, rc;

    *out = NULL;
    if (dir != NULL && config_mkdir_p(dir, &err) != 0) {
        xasprintf(cause, "database %s: %s", path, err);
        free(err);
        free(dir);
        return -1;
    }
    free(dir);

    db = xcalloc(1, sizeof *db);
    db->path = xstrdup(path);
    rc = sqlite3_open_v2(path, &db->conn, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        xasprintf(cause, "cannot open database %s: %s", path,
                  db->conn != NULL ? sqlite3_errmsg(db->conn) : sqlite3_errstr(rc));
        db_close(db);
        return -1;
    }
    sqlite3_extended_result_codes(db->conn, 1);
    sqlite3_busy_timeout(db->conn, BUSY_TIMEOUT_MS);

    /* Read the version before writing anything: a newer database is never touched. */
    if (user_version(db, &v, cause) != 0)
        goto fail;
    if (v > (int)db_nmigrations) {
        xasprintf(cause,
                  "database %s has schema version %d, newer than this kiosk knows (%d): "
                  "upgrade the kiosk",
                  path, v, (int)db_nmigrations);
        goto fail;
    }

    if (pragma_text(db, "PRAGMA journal_mode = WAL", &mode, cause) != 0)
        goto fail;
    if (strcmp(mode, "wal") != 0) {
        xasprintf(cause, "database %s: cannot use WAL (journal mode is %s)", path, mode);
        free(mode);
        goto fail;
    }
    free(mode);
    if (db_exec(db, "PRAGMA synchronous = NORMAL", &err) != 0 ||
        db_exec(db, "PRAGMA foreign_keys = ON", &err) != 0) {
        xasprintf(cause, "database %s: %s", path, err);
        free(err);
        goto fail;
    }
    if (migrate(db, cause) != 0)
        goto fail;
    *out = db;
    return 0;

fail:
    db_close(db);
    return -1;
}

void
db_close(struct db *db)
{
    if (db == NULL)
        return;
    if (db->conn != NULL && sqlite3_close(db->conn) != SQLITE_OK) {
        /* A statement left unfinalized is a bug; close when it goes. */
        log_msg(LOG_WARN, "database %s: close: %s", db->path, sqlite3_errmsg(db->conn));
        sqlite3_close_v2(db->conn);
    }
    free(db->path);
    free(db);
}

bool
db_integrity_ok(struct db *db)
{
    sqlite3_stmt *st = db_prepare(db, "PRAGMA integrity_check");
    bool ok = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL &&
              strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;

    sqlite3_finalize(st);
    return ok;
}

void
db_bind_text(sqlite3_stmt *st, int col, const char *s)
{
    sqlite3_bind_text(st, col, s != NULL ? s : "", -1, SQLITE_TRANSIENT);
}

int
db_run(struct db *db, sqlite3_stmt *st, const char *what, char **cause)
{
    int rc = sqlite3_step(st);

    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        db_fail(db, cause, what);
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_finalize(st);
    return 0;
}

int
db_session_start(struct db *db, int64_t now, const char *lang, const char *catalog_hash,
                 const char *kiosk_id, int64_t *id, char **cause)
{
    sqlite3_stmt *st = db_prepare(db, "INSERT INTO sessions(kiosk_id, started_at, lang, "
                                      "catalog_hash) VALUES (?1, ?2, ?3, ?4)");

    db_bind_text(st, 1, kiosk_id);
    sqlite3_bind_int64(st, 2, now);
    db_bind_text(st, 3, lang);
    db_bind_text(st, 4, catalog_hash);
    if (db_run(db, st, "start a session", cause) != 0)
        return -1;
    *id = sqlite3_last_insert_rowid(db->conn);
    return 0;
}

int
db_session_step(struct db *db, int64_t id, int64_t now, int service, const char *step, char **cause)
{
    sqlite3_stmt *st;

    /* A savepoint nests inside a caller's transaction and makes the two rows one change. */
    if (db_exec(db, "SAVEPOINT session_step", cause) != 0)
        return -1;
    st = db_prepare(db, "INSERT INTO session_steps(session_id, at, service, step) "
                        "VALUES (?1, ?2, ?3, ?4)");
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, now);
    sqlite3_bind_int(st, 3, service);
    db_bind_text(st, 4, step);
    if (db_run(db, st, "record a session step", cause) != 0)
        goto fail;
    if (service != 0) {
        st = db_prepare(db, "INSERT INTO session_services(session_id, service, last_step) "
                            "VALUES (?1, ?2, ?3) ON CONFLICT(session_id, service) "
                            "DO UPDATE SET last_step = excluded.last_step");
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, service);
        db_bind_text(st, 3, step);
        if (db_run(db, st, "record a session step", cause) != 0)
            goto fail;
    }
    if (db_exec(db, "RELEASE session_step", cause) != 0)
        goto fail;
    return 0;

fail:
    db_exec(db, "ROLLBACK TO session_step", NULL);
    db_exec(db, "RELEASE session_step", NULL);
    return -1;
}

int
db_session_finished_service(struct db *db, int64_t id, int service, char **cause)
{
    sqlite3_stmt *st =
        db_prepare(db, "INSERT INTO session_services(session_id, service, "
                       "last_step, finished) VALUES (?1, ?2, 'checklist', 1) "
                       "ON CONFLICT(session_id, service) DO UPDATE SET finished = 1");

    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, service);
    return db_run(db, st, "mark a service finished", cause);
}

int
db_session_set_lang(struct db *db, int64_t id, const char *lang, char **cause)
{
    sqlite3_stmt *st = db_prepare(db, "UPDATE sessions SET lang = ?2 WHERE id = ?1");

    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, lang);
    return db_run(db, st, "set a session's language", cause);
}

int
db_session_end(struct db *db, int64_t id, int64_t now, enum session_end how, char **cause)
{
    sqlite3_stmt *st;

    if (how == SESSION_OPEN || (size_t)how >= sizeof end_names / sizeof end_names[0]) {
        xasprintf(cause, "end a session: invalid ending %d", (int)how);
        return -1;
    }
    /* Only an open session ends: the first ending recorded stands. */
    st = db_prepare(db, "UPDATE sessions SET ended_at = ?2, ended_how = ?3 "
                        "WHERE id = ?1 AND ended_how = 'open'");
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, now);
    db_bind_text(st, 3, end_names[how]);
    return db_run(db, st, "end a session", cause);
}

int
db_session_close_stale(struct db *db, int64_t now, const char *kiosk_id, char **cause)
{
    /* The session really ended at its last step (the crash came after it), not now: using
     * now would stretch its length over the downtime. */
    sqlite3_stmt *st = db_prepare(
        db, "UPDATE sessions SET ended_how = 'exit', ended_at = min(?1, max(started_at, "
            "coalesce((SELECT max(at) FROM session_steps WHERE session_id = sessions.id), 0))) "
            "WHERE ended_how = 'open' AND kiosk_id = ?2");
    int n;

    sqlite3_bind_int64(st, 1, now);
    db_bind_text(st, 2, kiosk_id);
    if (db_run(db, st, "close stale sessions", cause) != 0)
        return -1;
    n = sqlite3_changes(db->conn);
    if (n > 0)
        log_msg(LOG_INFO, "database %s: closed %d session(s) left open", db->path, n);
    return 0;
}

char *
db_setting_get(struct db *db, const char *key)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT value FROM settings WHERE key = ?1");
    char *value = NULL;
    int rc;

    db_bind_text(st, 1, key);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        value = db_col_text(st, 0);
    else if (rc != SQLITE_DONE)
        log_msg(LOG_WARN, "database %s: read setting %s: %s", db->path, key,
                sqlite3_errmsg(db->conn));
    sqlite3_finalize(st);
    return value;
}

int
db_setting_set(struct db *db, const char *key, const char *value, char **cause)
{
    sqlite3_stmt *st = db_prepare(db, "INSERT INTO settings(key, value) VALUES (?1, ?2) "
                                      "ON CONFLICT(key) DO UPDATE SET value = excluded.value");

    db_bind_text(st, 1, key);
    db_bind_text(st, 2, value);
    return db_run(db, st, "save a setting", cause);
}
