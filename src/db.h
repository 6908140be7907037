/*
 * The kiosk's SQLite database: WAL, a busy timeout, migrations from assets/schema driven by
 * PRAGMA user_version (a newer database than this binary knows is refused, never altered).
 * Only db*.c include sqlite3.h; queries return plain owned structs. Other areas keep their
 * queries in db_<area>.c with their own header (db_jobs.h, db_staff.h, db_stats.h).
 *
 * No personal data is stored anywhere: sessions are anonymous counts of what was reached.
 */
#ifndef KIOSK_DB_H
#define KIOSK_DB_H

#include <stdbool.h>
#include <stdint.h>

struct db;

/* Open (creating and migrating as needed). Returns -1 and *cause (caller frees) on failure. */
int db_open(const char *path, struct db **out, char **cause);
void db_close(struct db *db);
/* The schema version this binary brings a database to. */
int db_schema_version(void);
/* Transaction helpers: return 0, or -1 with *cause. */
int db_begin(struct db *db, char **cause);
int db_commit(struct db *db, char **cause);
void db_rollback(struct db *db);
/* PRAGMA integrity_check == "ok". */
bool db_integrity_ok(struct db *db);

/* How a resident session ended. */
enum session_end {
    SESSION_OPEN = 0,
    SESSION_FINISHED,
    SESSION_IDLE,
    SESSION_RESTART,
    SESSION_EXIT
};
const char *session_end_name(enum session_end e);

/* Start an anonymous session row; *id receives its id. */
int db_session_start(struct db *db, int64_t now, const char *lang, const char *catalog_hash,
                     const char *kiosk_id, int64_t *id, char **cause);
/* Record a step reached ("home", "service", "q:q2", "preflight:vneid_l2", "checklist", "qr",
 * "print"…) for the service (0 = none). */
int db_session_step(struct db *db, int64_t id, int64_t now, int service, const char *step,
                    char **cause);
/* Mark the service's checklist reached: the session counts as finished for it. */
int db_session_finished_service(struct db *db, int64_t id, int service, char **cause);
int db_session_set_lang(struct db *db, int64_t id, const char *lang, char **cause);
int db_session_end(struct db *db, int64_t id, int64_t now, enum session_end how, char **cause);
/* Sessions left open by a crash are closed as SESSION_EXIT at start-up. */
int db_session_close_stale(struct db *db, int64_t now, const char *kiosk_id, char **cause);

/* Key/value settings (default language, PIN hash…). get returns an owned string or NULL. */
char *db_setting_get(struct db *db, const char *key);
int db_setting_set(struct db *db, const char *key, const char *value, char **cause);

#endif
