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
#include "db.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "config.h"
#include "db_internal.h"
#include "log.h"
#include "xmalloc.h"

/* build/gen/schema.c, made from assets/schema by scripts/embed-schema.sh. */
extern const char *const db_migrations[];
extern const size_t db_nmigrations;

#define BUSY_TIMEOUT_MS 5000
#define DB_CHECK_MS     2000 /* how often db_tick() looks at the file and the kept records */

enum pend_kind { P_START, P_STEP, P_FINISHED, P_LANG, P_END };

struct db_pending {
    enum pend_kind kind;
    int64_t id; /* the session (provisional when negative) */
    int64_t now;
    int service, how;
    char *a, *b, *c; /* start: lang, catalog hash, kiosk id; step: step; lang: lang */
    struct db_pending *next;
};

static void pending_free(struct db_pending *p);

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

    db->last_rc = sqlite3_exec(db->conn, sql, NULL, NULL, &err);
    if (db->last_rc != SQLITE_OK) {
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

static int
open_db(const char *path, bool create, struct db **out, char **cause)
{
    struct db *db;
    char *dir = create ? parent_dir(path) : NULL, *mode = NULL, *err = NULL;
    struct stat st;
    mode_t old_mask;
    int v, rc;

    *out = NULL;
    if (!create && stat(path, &st) != 0) {
        xasprintf(cause, "there is no database at %s (only the kiosk creates one): %s", path,
                  strerror(errno));
        return -1;
    }
    if (dir != NULL && config_mkdir_p(dir, &err) != 0) {
        xasprintf(cause, "database %s: %s", path, err);
        free(err);
        free(dir);
        return -1;
    }
    free(dir);

    db = xcalloc(1, sizeof *db);
    db->path = xstrdup(path);
    db->busy_ms = BUSY_TIMEOUT_MS;
    /* Created 0640 (owner and the staff group), never chmod'ed afterwards: SQLite gives the
     * -wal and -shm files the database's own mode. */
    old_mask = umask(027);
    rc = sqlite3_open_v2(path, &db->conn, SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0),
                         NULL);
    if (rc != SQLITE_OK) {
        xasprintf(cause, "cannot open database %s: %s", path,
                  db->conn != NULL ? sqlite3_errmsg(db->conn) : sqlite3_errstr(rc));
        umask(old_mask);
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
    umask(old_mask);
    /* The file's identity: a database deleted or replaced under the kiosk is noticed. */
    if (stat(path, &st) != 0) {
        xasprintf(cause, "database %s: %s", path, strerror(errno));
        db_close(db);
        return -1;
    }
    db->dev = st.st_dev;
    db->ino = st.st_ino;
    *out = db;
    return 0;

fail:
    umask(old_mask);
    db_close(db);
    return -1;
}

int
db_open(const char *path, struct db **out, char **cause)
{
    return open_db(path, true, out, cause);
}

int
db_open_existing(const char *path, struct db **out, char **cause)
{
    return open_db(path, false, out, cause);
}

void
db_set_busy_ms(struct db *db, int ms)
{
    db->busy_ms = ms;
    sqlite3_busy_timeout(db->conn, ms);
}

int
db_check_file(struct db *db, char **cause)
{
    struct stat st;

    if (db->lost != NULL)
        goto lost;
    if (stat(db->path, &st) != 0) {
        if (errno != ENOENT && errno != ENOTDIR)
            return 0; /* cannot tell (EACCES on a folder…): not proof of a loss */
        xasprintf(&db->lost, "the database %s was deleted while the kiosk was running", db->path);
    } else if (st.st_dev != db->dev || st.st_ino != db->ino) {
        xasprintf(&db->lost,
                  "the database %s was replaced by another file while the kiosk "
                  "was running",
                  db->path);
    } else {
        return 0;
    }
    log_msg(LOG_ERROR, "%s", db->lost);
lost:
    if (cause != NULL)
        *cause = xstrdup(db->lost);
    return -1;
}

const char *
db_lost(const struct db *db)
{
    return db != NULL ? db->lost : NULL;
}

void
db_close(struct db *db)
{
    if (db == NULL)
        return;
    if (db->pend_head != NULL && db->conn != NULL) {
        /* Closing: wait for the lock as long as a normal open would. */
        sqlite3_busy_timeout(db->conn, BUSY_TIMEOUT_MS);
        if (db_flush_pending(db) != 0)
            log_msg(LOG_ERROR, "database %s: still busy at exit; %zu session record(s) lost",
                    db->path, db->npend);
    }
    while (db->pend_head != NULL) {
        struct db_pending *p = db->pend_head;

        db->pend_head = p->next;
        pending_free(p);
    }
    if (db->conn != NULL && sqlite3_close(db->conn) != SQLITE_OK) {
        /* A statement left unfinalized is a bug; close when it goes. */
        log_msg(LOG_WARN, "database %s: close: %s", db->path, sqlite3_errmsg(db->conn));
        sqlite3_close_v2(db->conn);
    }
    free(db->path);
    free(db->lost);
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

    db->last_rc = rc;
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        db_fail(db, cause, what);
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_finalize(st);
    return 0;
}

static int
do_session_start(struct db *db, int64_t now, const char *lang, const char *catalog_hash,
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

static int
do_session_step(struct db *db, int64_t id, int64_t now, int service, const char *step, char **cause)
{
    sqlite3_stmt *st;
    int rc;

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
    rc = db->last_rc; /* the cause (busy?) outlives the clean-up */
    db_exec(db, "ROLLBACK TO session_step", NULL);
    db_exec(db, "RELEASE session_step", NULL);
    db->last_rc = rc;
    return -1;
}

static int
do_session_finished_service(struct db *db, int64_t id, int service, char **cause)
{
    sqlite3_stmt *st =
        db_prepare(db, "INSERT INTO session_services(session_id, service, "
                       "last_step, finished) VALUES (?1, ?2, 'checklist', 1) "
                       "ON CONFLICT(session_id, service) DO UPDATE SET finished = 1");

    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, service);
    return db_run(db, st, "mark a service finished", cause);
}

static int
do_session_set_lang(struct db *db, int64_t id, const char *lang, char **cause)
{
    sqlite3_stmt *st = db_prepare(db, "UPDATE sessions SET lang = ?2 WHERE id = ?1");

    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, lang);
    return db_run(db, st, "set a session's language", cause);
}

static int
do_session_end(struct db *db, int64_t id, int64_t now, enum session_end how, char **cause)
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

/* --- Session records that wait for a busy database ------------------------------------
 *
 * Another process holding the write lock (a backup, a staff report, sqlite3 at a shell)
 * must not freeze the resident's keys: the kiosk runs with a busy timeout of a few
 * milliseconds (db_set_busy_ms), and a session record that meets a busy database is kept
 * here, in order, and written by a later call or db_tick() when the lock is free. A session
 * started while busy gets a provisional negative id, mapped to the real one when written. */

#define PENDING_MAX 10000 /* a day of busy database at most; beyond it the oldest go */

static void
pending_free(struct db_pending *p)
{
    if (p == NULL)
        return;
    free(p->a);
    free(p->b);
    free(p->c);
    free(p);
}

static bool
db_busy(const struct db *db)
{
    int e = db->last_rc & 0xff;

    return e == SQLITE_BUSY || e == SQLITE_LOCKED;
}

int64_t
db_session_resolve(const struct db *db, int64_t id)
{
    if (id >= 0)
        return id;
    for (size_t i = 0; i < db->nidmap; i++)
        if (db->idmap[i].prov == id)
            return db->idmap[i].real;
    return 0;
}

/* Write one record. 0, or -1 with *cause (db->last_rc says whether it was busy). */
static int
pending_run(struct db *db, const struct db_pending *p, char **cause)
{
    int64_t id = p->kind == P_START ? 0 : db_session_resolve(db, p->id), real;

    if (p->kind != P_START && id == 0)
        return 0; /* its session was never written (an error, logged then): nothing to add */
    switch (p->kind) {
    case P_START:
        if (do_session_start(db, p->now, p->a, p->b, p->c, &real, cause) != 0)
            return -1;
        if (p->id < 0) {
            if (db->nidmap == sizeof db->idmap / sizeof db->idmap[0]) {
                memmove(db->idmap, db->idmap + 1, sizeof db->idmap - sizeof db->idmap[0]);
                db->nidmap--;
            }
            db->idmap[db->nidmap].prov = p->id;
            db->idmap[db->nidmap].real = real;
            db->nidmap++;
        }
        return 0;
    case P_STEP: return do_session_step(db, id, p->now, p->service, p->a, cause);
    case P_FINISHED: return do_session_finished_service(db, id, p->service, cause);
    case P_LANG: return do_session_set_lang(db, id, p->a, cause);
    case P_END: return do_session_end(db, id, p->now, (enum session_end)p->how, cause);
    }
    return 0;
}

int
db_flush_pending(struct db *db)
{
    while (db->pend_head != NULL) {
        struct db_pending *p = db->pend_head;
        char *cause = NULL;

        if (db->lost != NULL)
            return -1;
        if (pending_run(db, p, &cause) != 0) {
            if (db_busy(db)) {
                free(cause);
                return -1;
            }
            log_msg(LOG_ERROR, "database %s: a kept session record: %s", db->path, cause);
            free(cause);
        }
        db->pend_head = p->next;
        if (db->pend_head == NULL)
            db->pend_tail = NULL;
        db->npend--;
        pending_free(p);
        if (db->pend_head == NULL)
            log_msg(LOG_INFO, "database %s: free again; the kept session records are written",
                    db->path);
    }
    return 0;
}

size_t
db_pending_count(const struct db *db)
{
    return db->npend;
}

/*
 * Check the file, write what was kept earlier, then try p now. Returns 0 (written; p freed,
 * *id set for a session start), 1 (the database is busy, or records are kept before it:
 * the caller keeps p) or -1 (failed; p freed, *cause set).
 */
static int
session_try(struct db *db, struct db_pending *p, int64_t *id, char **cause)
{
    char *err = NULL;
    int rc;

    if (db_check_file(db, cause) != 0) {
        pending_free(p);
        return -1;
    }
    db_flush_pending(db);
    if (db->pend_head != NULL)
        return 1; /* in order, behind what is already kept */
    rc = p->kind == P_START ? do_session_start(db, p->now, p->a, p->b, p->c, id, &err)
                            : pending_run(db, p, &err);
    if (rc == 0) {
        pending_free(p);
        return 0;
    }
    if (!db_busy(db)) {
        if (cause != NULL)
            *cause = err;
        else
            free(err);
        pending_free(p);
        return -1;
    }
    free(err);
    log_msg(LOG_WARN,
            "database %s: busy (locked by another process); keeping session records in memory "
            "until it is free",
            db->path);
    return 1;
}

/* Keep p (taken) for when the database is free; the oldest goes when too many are kept. */
static void
session_keep(struct db *db, struct db_pending *p)
{
    if (db->npend >= PENDING_MAX) {
        struct db_pending *old = db->pend_head;

        db->pend_head = old->next;
        db->npend--;
        pending_free(old);
        log_msg(LOG_ERROR, "database %s: busy for too long; the oldest kept record is dropped",
                db->path);
    }
    if (db->pend_tail != NULL)
        db->pend_tail->next = p;
    else
        db->pend_head = p;
    db->pend_tail = p;
    db->npend++;
}

/* Write p now, or keep it for later when the database is busy. Takes p. */
static int
session_op(struct db *db, struct db_pending *p, char **cause)
{
    int rc = session_try(db, p, NULL, cause);

    if (rc == 1)
        session_keep(db, p);
    return rc < 0 ? -1 : 0;
}

static struct db_pending *
pending_new(enum pend_kind kind, int64_t id, int64_t now)
{
    struct db_pending *p = xcalloc(1, sizeof *p);

    p->kind = kind;
    p->id = id;
    p->now = now;
    return p;
}

int
db_session_start(struct db *db, int64_t now, const char *lang, const char *catalog_hash,
                 const char *kiosk_id, int64_t *id, char **cause)
{
    struct db_pending *p = pending_new(P_START, 0, now);
    int rc;

    p->a = xstrdup(lang != NULL ? lang : "");
    p->b = xstrdup(catalog_hash != NULL ? catalog_hash : "");
    p->c = xstrdup(kiosk_id != NULL ? kiosk_id : "");
    rc = session_try(db, p, id, cause);
    if (rc != 1)
        return rc;
    /* Busy: the session gets a provisional id now and its real one when it is written. */
    p->id = --db->next_prov;
    *id = p->id;
    session_keep(db, p);
    return 0;
}

int
db_session_step(struct db *db, int64_t id, int64_t now, int service, const char *step, char **cause)
{
    struct db_pending *p = pending_new(P_STEP, id, now);

    p->service = service;
    p->a = xstrdup(step != NULL ? step : "");
    return session_op(db, p, cause);
}

int
db_session_finished_service(struct db *db, int64_t id, int service, char **cause)
{
    struct db_pending *p = pending_new(P_FINISHED, id, 0);

    p->service = service;
    return session_op(db, p, cause);
}

int
db_session_set_lang(struct db *db, int64_t id, const char *lang, char **cause)
{
    struct db_pending *p = pending_new(P_LANG, id, 0);

    p->a = xstrdup(lang != NULL ? lang : "");
    return session_op(db, p, cause);
}

int
db_session_end(struct db *db, int64_t id, int64_t now, enum session_end how, char **cause)
{
    struct db_pending *p;

    if (how == SESSION_OPEN || (size_t)how >= sizeof end_names / sizeof end_names[0]) {
        xasprintf(cause, "end a session: invalid ending %d", (int)how);
        return -1;
    }
    p = pending_new(P_END, id, now);
    p->how = (int)how;
    return session_op(db, p, cause);
}

int
db_tick(struct db *db, int64_t now_ms, char **cause)
{
    if (db->lost == NULL && now_ms - db->checked_ms < DB_CHECK_MS && now_ms >= db->checked_ms)
        return 0;
    db->checked_ms = now_ms;
    if (db_check_file(db, cause) != 0)
        return -1;
    db_flush_pending(db);
    return 0;
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
