/* Shared by db*.c only: the connection and the helpers that wrap sqlite3 errors. */
#ifndef KIOSK_DB_INTERNAL_H
#define KIOSK_DB_INTERNAL_H

#include <sqlite3.h>

#include "db.h"

#include <stdint.h>
#include <sys/types.h>

struct db_pending;

struct db {
    sqlite3 *conn;
    char *path;
    dev_t dev; /* the file's identity when opened */
    ino_t ino;
    char *lost; /* owned: why the file is no longer ours (deleted, replaced), or NULL */
    int64_t checked_ms;
    int busy_ms;
    int last_rc; /* the last db_run()/db_exec() result (SQLITE_BUSY…) */
    /* Session records kept while the database is busy (db.c), oldest first. */
    struct db_pending *pend_head, *pend_tail;
    size_t npend;
    int64_t next_prov; /* the last provisional session id handed out (negative) */
    struct {
        int64_t prov, real;
    } idmap[64];
    size_t nidmap;
};

/* Set *cause to "what: sqlite message" and return -1. */
int db_fail(struct db *db, char **cause, const char *what);
/* Prepare or die on a programming error (a bad SQL literal is a bug, not a runtime fault). */
sqlite3_stmt *db_prepare(struct db *db, const char *sql);
/* Run SQL without results; -1 and *cause on error. */
int db_exec(struct db *db, const char *sql, char **cause);
/* Bind text (NULL binds ""), copied by SQLite. */
void db_bind_text(sqlite3_stmt *st, int col, const char *s);
/* Step a statement that returns no rows, then finalize it. 0, or -1 with *cause. */
int db_run(struct db *db, sqlite3_stmt *st, const char *what, char **cause);
/* Copy a text column (never NULL: "" for NULL). */
char *db_col_text(sqlite3_stmt *st, int col);

#endif
