/* Shared by db*.c only: the connection and the helpers that wrap sqlite3 errors. */
#ifndef KIOSK_DB_INTERNAL_H
#define KIOSK_DB_INTERNAL_H

#include <sqlite3.h>

#include "db.h"

struct db {
    sqlite3 *conn;
    char *path;
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
