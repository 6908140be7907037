/*
 * Staff and volunteer records: the audit log, volunteers and assisted sessions (db_staff.h).
 * Writes that touch several rows run inside BEGIN IMMEDIATE, so two kiosks on one database
 * serialise on the write lock.
 */
#include "db_staff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_internal.h"
#include "i18n.h"
#include "log.h"
#include "text.h"
#include "xmalloc.h"

static const char *const outcome_codes[AO_COUNT] = {
    "filed_online",    "needs_documents",   "sent_to_counter", "vneid_installed", "vneid_l2_police",
    "vssid_installed", "ehealth_installed", "money_account",   "portal_shown",    "safe_internet",
    "other",
};

static const char *const end_codes[] = { "open", "finished", "idle", "restart", "exit" };

const char *
assist_outcome_code(enum assist_outcome o)
{
    if ((size_t)o < AO_COUNT)
        return outcome_codes[o];
    return "?";
}

int
assist_outcome_parse(const char *s)
{
    for (int i = 0; i < AO_COUNT; i++)
        if (strcmp(s, outcome_codes[i]) == 0)
            return i;
    return -1;
}

bool
assist_outcome_is_skill(enum assist_outcome o)
{
    switch (o) {
    case AO_VNEID_INSTALLED:
    case AO_VSSID_INSTALLED:
    case AO_EHEALTH_INSTALLED:
    case AO_MONEY_ACCOUNT:
    case AO_PORTAL_SHOWN:
    case AO_SAFE_INTERNET: return true;
    default: return false;
    }
}

/* --- The audit log ------------------------------------------------------------------ */

int
db_audit_add(struct db *db, int64_t at, const char *kiosk_id, const char *action,
             const char *detail, char **cause)
{
    sqlite3_stmt *st = db_prepare(db, "INSERT INTO audit(at, kiosk_id, action, detail) "
                                      "VALUES (?1, ?2, ?3, ?4)");

    sqlite3_bind_int64(st, 1, at);
    db_bind_text(st, 2, kiosk_id);
    db_bind_text(st, 3, action);
    db_bind_text(st, 4, detail);
    return db_run(db, st, "write the audit log", cause);
}

void
db_staff_audit(struct db *db, int64_t at, const char *kiosk_id, const char *action,
               const char *detail)
{
    char *cause = NULL;

    if (db == NULL)
        return;
    if (db_audit_add(db, at, kiosk_id, action, detail, &cause) != 0) {
        log_msg(LOG_ERROR, "audit %s: %s", action, cause);
        free(cause);
    }
}

void
audit_list_free(struct audit_list *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].kiosk_id);
        free(l->v[i].action);
        free(l->v[i].detail);
    }
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

int
db_audit_list(struct db *db, size_t limit, struct audit_list *out, char **cause)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT id, at, kiosk_id, action, detail FROM audit "
                                      "ORDER BY id DESC LIMIT ?1");
    size_t cap = 0;
    int rc;

    out->v = NULL;
    out->n = 0;
    sqlite3_bind_int64(st, 1, limit == 0 ? -1 : (sqlite3_int64)limit);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct audit_entry *e;

        if (out->n == cap) {
            cap = cap == 0 ? 16 : cap * 2;
            out->v = xreallocarray(out->v, cap, sizeof *out->v);
        }
        e = &out->v[out->n++];
        e->id = sqlite3_column_int64(st, 0);
        e->at = sqlite3_column_int64(st, 1);
        e->kiosk_id = db_col_text(st, 2);
        e->action = db_col_text(st, 3);
        e->detail = db_col_text(st, 4);
    }
    if (rc != SQLITE_DONE) {
        db_fail(db, cause, "read the audit log");
        sqlite3_finalize(st);
        audit_list_free(out);
        return -1;
    }
    sqlite3_finalize(st);
    return 0;
}

int
db_audit_count(struct db *db, const char *action)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT count(*) FROM audit WHERE action = ?1");
    int n = -1;

    db_bind_text(st, 1, action);
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* --- The default language staff chose ----------------------------------------------- */

int
db_staff_default_lang(struct db *db)
{
    char *v = db_setting_get(db, "default_lang");
    int lang = v != NULL && v[0] != '\0' ? lang_parse(v) : -1;

    free(v);
    return lang;
}

int
db_staff_set_default_lang(struct db *db, int lang, char **cause)
{
    return db_setting_set(db, "default_lang", lang >= 0 ? lang_code((enum lang)lang) : "", cause);
}

/* --- Volunteers --------------------------------------------------------------------- */

void
volunteer_list_free(struct volunteer_list *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].code);
        free(l->v[i].name);
    }
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

int
volunteer_check(const char *code, const char *name, char **cause)
{
    size_t n = code != NULL ? strlen(code) : 0;
    char *nfc;
    bool blank = true;

    if (n == 0 || n > VOLUNTEER_CODE_MAX) {
        xasprintf(cause, "the code must have 1 to %d characters", VOLUNTEER_CODE_MAX);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        char c = code[i];

        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_')) {
            xasprintf(cause, "the code may only hold letters without accents, digits, - and _");
            return -1;
        }
    }
    n = name != NULL ? strlen(name) : 0;
    if (n == 0 || n > VOLUNTEER_NAME_MAX) {
        xasprintf(cause, "the name must have 1 to %d bytes", VOLUNTEER_NAME_MAX);
        return -1;
    }
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = text_decode(name + i, n - i, &cp);

        if (cp == 0xFFFD || cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
            xasprintf(cause, "the name holds a character that is not allowed");
            return -1;
        }
        if (cp != ' ')
            blank = false;
        i += k;
    }
    if (blank) {
        xasprintf(cause, "the name is blank");
        return -1;
    }
    nfc = text_nfc(name);
    if (strcmp(nfc, name) != 0) {
        free(nfc);
        xasprintf(cause, "the name is not in NFC");
        return -1;
    }
    free(nfc);
    return 0;
}

int
db_volunteer_add(struct db *db, const char *code, const char *name, int64_t now, int *id,
                 char **cause)
{
    sqlite3_stmt *st;
    int rc;

    if (volunteer_check(code, name, cause) != 0)
        return -1;
    st = db_prepare(db, "INSERT INTO volunteers(code, name, created_at) VALUES (?1, ?2, ?3)");
    db_bind_text(st, 1, code);
    db_bind_text(st, 2, name);
    sqlite3_bind_int64(st, 3, now);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_CONSTRAINT_UNIQUE) {
        xasprintf(cause, "a volunteer with the code \"%s\" exists already", code);
        return -1;
    }
    if (rc != SQLITE_DONE)
        return db_fail(db, cause, "add a volunteer");
    if (id != NULL)
        *id = (int)sqlite3_last_insert_rowid(db->conn);
    return 0;
}

int
db_volunteer_set_active(struct db *db, int id, bool active, char **cause)
{
    sqlite3_stmt *st = db_prepare(db, "UPDATE volunteers SET active = ?2 WHERE id = ?1");

    sqlite3_bind_int(st, 1, id);
    sqlite3_bind_int(st, 2, active ? 1 : 0);
    if (db_run(db, st, "change a volunteer", cause) != 0)
        return -1;
    if (sqlite3_changes(db->conn) == 0) {
        xasprintf(cause, "no volunteer with id %d", id);
        return -1;
    }
    return 0;
}

int
db_volunteer_list(struct db *db, bool active_only, struct volunteer_list *out, char **cause)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT id, code, name, active FROM volunteers "
                                      "WHERE active = 1 OR ?1 = 0 ORDER BY name, code");
    size_t cap = 0;
    int rc;

    out->v = NULL;
    out->n = 0;
    sqlite3_bind_int(st, 1, active_only ? 1 : 0);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct volunteer *v;

        if (out->n == cap) {
            cap = cap == 0 ? 8 : cap * 2;
            out->v = xreallocarray(out->v, cap, sizeof *out->v);
        }
        v = &out->v[out->n++];
        v->id = sqlite3_column_int(st, 0);
        v->code = db_col_text(st, 1);
        v->name = db_col_text(st, 2);
        v->active = sqlite3_column_int(st, 3) != 0;
    }
    if (rc != SQLITE_DONE) {
        db_fail(db, cause, "list the volunteers");
        sqlite3_finalize(st);
        volunteer_list_free(out);
        return -1;
    }
    sqlite3_finalize(st);
    return 0;
}

/* --- Assisted sessions -------------------------------------------------------------- */

int
db_assisted_start(struct db *db, int64_t session_id, int volunteer_id, const char *kiosk_id,
                  int64_t now, int64_t *id, char **cause)
{
    sqlite3_stmt *st = db_prepare(db, "INSERT INTO assisted(session_id, volunteer_id, kiosk_id, "
                                      "started_at) VALUES (?1, ?2, ?3, ?4)");

    if (session_id != 0)
        sqlite3_bind_int64(st, 1, session_id);
    else
        sqlite3_bind_null(st, 1);
    sqlite3_bind_int(st, 2, volunteer_id);
    db_bind_text(st, 3, kiosk_id);
    sqlite3_bind_int64(st, 4, now);
    if (db_run(db, st, "start an assisted session", cause) != 0)
        return -1;
    *id = sqlite3_last_insert_rowid(db->conn);
    return 0;
}

int
db_assisted_end(struct db *db, int64_t id, enum session_end how, char **cause)
{
    sqlite3_stmt *st;

    if ((size_t)how >= sizeof end_codes / sizeof end_codes[0]) {
        xasprintf(cause, "end an assisted session: invalid ending %d", (int)how);
        return -1;
    }
    st = db_prepare(db, "UPDATE assisted SET ended_how = ?2 WHERE id = ?1");
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, end_codes[how]);
    return db_run(db, st, "end an assisted session", cause);
}

int
db_assisted_record(struct db *db, int64_t id, unsigned outcomes, int service,
                   const char *const *items, size_t nitems, int64_t now, char **cause)
{
    sqlite3_stmt *st;

    if (db_begin(db, cause) != 0)
        return -1;
    st = db_prepare(db, "UPDATE assisted SET recorded = 1, recorded_at = ?2 WHERE id = ?1");
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, now);
    if (db_run(db, st, "record an outcome", cause) != 0)
        goto fail;
    if (sqlite3_changes(db->conn) == 0) {
        xasprintf(cause, "record an outcome: no assisted session %lld", (long long)id);
        goto fail;
    }
    st = db_prepare(db, "DELETE FROM assisted_outcomes WHERE assisted_id = ?1");
    sqlite3_bind_int64(st, 1, id);
    if (db_run(db, st, "record an outcome", cause) != 0)
        goto fail;
    st = db_prepare(db, "DELETE FROM assisted_items WHERE assisted_id = ?1");
    sqlite3_bind_int64(st, 1, id);
    if (db_run(db, st, "record an outcome", cause) != 0)
        goto fail;
    for (int o = 0; o < AO_COUNT; o++) {
        if (!(outcomes & (1u << o)))
            continue;
        st = db_prepare(db, "INSERT INTO assisted_outcomes(assisted_id, outcome) VALUES (?1, ?2)");
        sqlite3_bind_int64(st, 1, id);
        db_bind_text(st, 2, outcome_codes[o]);
        if (db_run(db, st, "record an outcome", cause) != 0)
            goto fail;
    }
    for (size_t i = 0; (outcomes & (1u << AO_NEEDS_DOCUMENTS)) && i < nitems; i++) {
        st = db_prepare(db, "INSERT OR IGNORE INTO assisted_items(assisted_id, service, item) "
                            "VALUES (?1, ?2, ?3)");
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, service);
        db_bind_text(st, 3, items[i]);
        if (db_run(db, st, "record an outcome", cause) != 0)
            goto fail;
    }
    if (db_commit(db, cause) == 0)
        return 0;

fail:
    db_rollback(db);
    return -1;
}

int
db_session_last_service(struct db *db, int64_t session_id)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT service FROM session_steps WHERE session_id = ?1 "
                                      "AND service <> 0 ORDER BY rowid DESC LIMIT 1");
    int service = 0;

    sqlite3_bind_int64(st, 1, session_id);
    if (sqlite3_step(st) == SQLITE_ROW)
        service = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return service;
}
