/*
 * Staff and volunteer records (assets/schema/003_staff.sql): the audit log of staff actions,
 * the volunteers of the community digital technology team, and assisted sessions with the
 * outcomes a volunteer ticked. Nothing here identifies a resident: an assisted session names
 * an anonymous session row, a volunteer and outcome codes.
 *
 * Strings in the structs are owned by them and never NULL. Times are Unix seconds.
 */
#ifndef KIOSK_DB_STAFF_H
#define KIOSK_DB_STAFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

/* --- The audit log ------------------------------------------------------------------ */

/* Append one row. detail may be NULL; it must never hold a PIN. */
int db_audit_add(struct db *db, int64_t at, const char *kiosk_id, const char *action,
                 const char *detail, char **cause);

struct audit_entry {
    int64_t id;
    int64_t at;
    char *kiosk_id;
    char *action;
    char *detail;
};
struct audit_list {
    struct audit_entry *v; /* owned */
    size_t n;
};
/* Append one row for a staff action; a failure is logged, not returned (the action itself
 * has happened). db may be NULL (nothing is written). */
void db_staff_audit(struct db *db, int64_t at, const char *kiosk_id, const char *action,
                    const char *detail);
/* The newest rows first (at most limit, 0 = all) into *out (free with audit_list_free). */
int db_audit_list(struct db *db, size_t limit, struct audit_list *out, char **cause);
void audit_list_free(struct audit_list *l);
/* Rows with this action (tests, the PIN screen). -1 on error. */
int db_audit_count(struct db *db, const char *action);

/* --- The default language staff chose ----------------------------------------------- */

/* The home screen's default language chosen in the staff menu (enum lang), or -1 when staff
 * chose none and kiosk.conf's `language` applies. Kept in settings ("default_lang"), so it
 * holds for every kiosk of the database. */
int db_staff_default_lang(struct db *db);
/* Set it (lang = -1: none, kiosk.conf's applies again). */
int db_staff_set_default_lang(struct db *db, int lang, char **cause);

/* --- Volunteers --------------------------------------------------------------------- */

#define VOLUNTEER_CODE_MAX 16 /* bytes: letters, digits, '-' and '_' */
#define VOLUNTEER_NAME_MAX 60 /* bytes of UTF-8 */

struct volunteer {
    int id;
    char *code;
    char *name;
    bool active;
};
struct volunteer_list {
    struct volunteer *v; /* owned, ordered by name then code */
    size_t n;
};
void volunteer_list_free(struct volunteer_list *l);

/* Is this a valid code and display name? 0, or -1 with *cause (caller frees). */
int volunteer_check(const char *code, const char *name, char **cause);
/* Add a volunteer (checked with volunteer_check; the code must be new). *id may be NULL. */
int db_volunteer_add(struct db *db, const char *code, const char *name, int64_t now, int *id,
                     char **cause);
/* Enable or disable (a disabled volunteer is not offered on F9 but stays in statistics). */
int db_volunteer_set_active(struct db *db, int id, bool active, char **cause);
int db_volunteer_list(struct db *db, bool active_only, struct volunteer_list *out, char **cause);

/* --- Assisted sessions -------------------------------------------------------------- */

/* What a volunteer can record after an assisted session (a multi-select). */
enum assist_outcome {
    AO_FILED_ONLINE,    /* filed online successfully */
    AO_NEEDS_DOCUMENTS, /* needs more documents (which: assisted_items) */
    AO_SENT_TO_COUNTER,
    AO_VNEID_INSTALLED,
    AO_VNEID_L2_POLICE, /* VNeID level 2 needs the police */
    AO_VSSID_INSTALLED,
    AO_EHEALTH_INSTALLED,
    AO_MONEY_ACCOUNT, /* mobile money or a bank account opened */
    AO_PORTAL_SHOWN,  /* shown the public service portal */
    AO_SAFE_INTERNET, /* taught safe Internet use */
    AO_OTHER,
    AO_COUNT
};
/* "filed_online"… and back (-1 when unknown). */
const char *assist_outcome_code(enum assist_outcome o);
int assist_outcome_parse(const char *s);
/* The outcomes that count as a digital skill taught (the programme's "skills taught"):
 * an app installed, an account opened, the portal shown, safe Internet use. */
bool assist_outcome_is_skill(enum assist_outcome o);

/* An assisted session starts: session_id is the resident's anonymous session row. */
int db_assisted_start(struct db *db, int64_t session_id, int volunteer_id, const char *kiosk_id,
                      int64_t now, int64_t *id, char **cause);
/* How the resident's session ended (the outcome screen notes it, recorded or not). */
int db_assisted_end(struct db *db, int64_t id, enum session_end how, char **cause);
/*
 * The volunteer's answer, in one transaction: outcomes is a bit set (1u << AO_…); items are
 * checklist item ids of service that the resident still needs (only with AO_NEEDS_DOCUMENTS;
 * may be empty). Recording twice replaces the first answer.
 */
int db_assisted_record(struct db *db, int64_t id, unsigned outcomes, int service,
                       const char *const *items, size_t nitems, int64_t now, char **cause);

/* The last service a session looked at (0 = none). */
int db_session_last_service(struct db *db, int64_t session_id);

#endif
