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
#include <stddef.h>
#include <stdint.h>

struct db;

/* Open (creating and migrating as needed). Returns -1 and *cause (caller frees) on failure. */
int db_open(const char *path, struct db **out, char **cause);
/* Open a database that must already exist (the print helper never creates one: only the
 * kiosk does). */
int db_open_existing(const char *path, struct db **out, char **cause);
/* Close; session records kept while the database was busy are written first (waiting for the
 * lock up to the normal busy timeout). */
void db_close(struct db *db);
/* How long a call waits for another process's write lock (db_open: 5000 ms). The kiosk uses
 * a few milliseconds so that no key waits on a lock: session records that meet a busy
 * database are kept in memory and written later, in order. */
void db_set_busy_ms(struct db *db, int ms);
/* Is the file at the database's path still the one opened? -1 with *cause (caller frees,
 * may be NULL) and a log line once, when it was deleted or replaced. Only a stat(). */
int db_check_file(struct db *db, char **cause);
/* Why the database is lost (deleted or replaced while open), or NULL. Borrowed. */
const char *db_lost(const struct db *db);
/* Call often (each loop turn): every couple of seconds it checks the file (db_check_file)
 * and writes kept session records. -1 with *cause when the database is lost. */
int db_tick(struct db *db, int64_t now_ms, char **cause);
/* Write the kept session records now if the lock is free: 0 when none is left. */
int db_flush_pending(struct db *db);
size_t db_pending_count(const struct db *db);
/* The real id of a session whose start was kept for later (negative ids), 0 while it is
 * still waiting; a real id is returned unchanged. */
int64_t db_session_resolve(const struct db *db, int64_t id);
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

/* Start an anonymous session row; *id receives its id (provisional and negative while the
 * database is busy: later calls with it are written in order once it is free). The session
 * calls below never wait on another process's lock (see db_set_busy_ms). */
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
