/*
 * The print queue's queries (see db_jobs.h for the life of a job). Every state change is one
 * UPDATE guarded by the state it leaves, so a stale caller changes nothing; claiming and
 * numbering run inside BEGIN IMMEDIATE so two processes serialise on the write lock instead
 * of both reading the same "next" row.
 */
#include "db_jobs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db_internal.h"
#include "log.h"
#include "xmalloc.h"

static const char *const kind_names[] = { "slip", "handout", "poster", "test", "report" };
static const char *const state_names[] = { "queued", "sending", "sent",
                                           "done",   "failed",  "cancelled" };

#define JOB_COLUMNS                                                                                \
    "id, kind, slip_no, shown_no, coalesce(reprint_of, 0), service, services, catalog_hash, "      \
    "answers, have, paper, printer, lang, state, owner, cups_job_id, attempts, error_kind, "       \
    "reason, created_at, queued_at, next_try_at, updated_at, pdf_path"

/* A name from a table of names, or "?"; and back (-1 when unknown). */
static const char *
name_in(const char *const *names, size_t n, size_t i)
{
    return i < n ? names[i] : "?";
}

static int
parse_in(const char *const *names, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return (int)i;
    return -1;
}

#define NNAMES(a) (sizeof(a) / sizeof((a)[0]))

const char *
job_kind_name(enum job_kind k)
{
    return name_in(kind_names, NNAMES(kind_names), (size_t)k);
}

int
job_kind_parse(const char *s)
{
    return parse_in(kind_names, NNAMES(kind_names), s);
}

const char *
job_state_name(enum job_state s)
{
    return name_in(state_names, NNAMES(state_names), (size_t)s);
}

int
job_state_parse(const char *s)
{
    return parse_in(state_names, NNAMES(state_names), s);
}

void
print_job_free(struct print_job *j)
{
    if (j == NULL)
        return;
    free(j->slip_no);
    free(j->shown_no);
    free(j->services);
    free(j->catalog_hash);
    free(j->answers);
    free(j->have);
    free(j->paper);
    free(j->printer);
    free(j->lang);
    free(j->owner);
    free(j->error_kind);
    free(j->reason);
    free(j->pdf_path);
    free(j);
}

void
print_job_list_free(struct print_job_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        print_job_free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

void
jobs_local_day(int64_t t, char buf[9])
{
    time_t tt = (time_t)t;
    struct tm tm;

    if (localtime_r(&tt, &tm) == NULL || strftime(buf, 9, "%Y%m%d", &tm) != 8)
        memcpy(buf, "00000000", 9);
}

bool
print_job_expired(const struct print_job *j, int64_t now, int retry_minutes)
{
    return j->state == JOB_QUEUED && j->queued_at < now - (int64_t)retry_minutes * 60;
}

/* Read a row selected with JOB_COLUMNS. */
static struct print_job *
job_from_row(sqlite3_stmt *st)
{
    struct print_job *j = xcalloc(1, sizeof *j);
    char *s;
    int v;

    j->id = sqlite3_column_int64(st, 0);
    s = db_col_text(st, 1);
    v = job_kind_parse(s);
    j->kind = v < 0 ? JOB_SLIP : (enum job_kind)v;
    free(s);
    j->slip_no = db_col_text(st, 2);
    j->shown_no = db_col_text(st, 3);
    j->reprint_of = sqlite3_column_int64(st, 4);
    j->service = sqlite3_column_int(st, 5);
    j->services = db_col_text(st, 6);
    j->catalog_hash = db_col_text(st, 7);
    j->answers = db_col_text(st, 8);
    j->have = db_col_text(st, 9);
    j->paper = db_col_text(st, 10);
    j->printer = db_col_text(st, 11);
    j->lang = db_col_text(st, 12);
    s = db_col_text(st, 13);
    v = job_state_parse(s);
    j->state = v < 0 ? JOB_FAILED : (enum job_state)v;
    free(s);
    j->owner = db_col_text(st, 14);
    j->cups_job_id = sqlite3_column_int(st, 15);
    j->attempts = sqlite3_column_int(st, 16);
    j->error_kind = db_col_text(st, 17);
    j->reason = db_col_text(st, 18);
    j->created_at = sqlite3_column_int64(st, 19);
    j->queued_at = sqlite3_column_int64(st, 20);
    j->next_try_at = sqlite3_column_int64(st, 21);
    j->updated_at = sqlite3_column_int64(st, 22);
    j->pdf_path = db_col_text(st, 23);
    return j;
}

/* Run a prepared statement that returns no rows; finalizes it. Returns the number of rows
 * changed, or -1 with *cause. */
static int
run_change(struct db *db, sqlite3_stmt *st, const char *what, char **cause)
{
    int rc = sqlite3_step(st);

    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return db_fail(db, cause, what);
    return sqlite3_changes(db->conn);
}

static int
begin_immediate(struct db *db, char **cause)
{
    return db_exec(db, "BEGIN IMMEDIATE", cause);
}

static int
commit(struct db *db, char **cause)
{
    return db_exec(db, "COMMIT", cause);
}

static void
rollback(struct db *db)
{
    char *ignored = NULL;

    if (!sqlite3_get_autocommit(db->conn) && db_exec(db, "ROLLBACK", &ignored) != 0) {
        log_msg(LOG_WARN, "print queue: rollback: %s", ignored);
        free(ignored);
    }
}

/*
 * The next number of day for a job of kind k (inside a transaction): a resident's slip gets
 * "YYYYMMDD-NNNN"; staff printouts (handouts, the poster, test pages, reports) count apart,
 * "YYYYMMDD-SNNN", so they never use up the numbers residents are told at the counter.
 */
static int
next_slip_no(struct db *db, const char *day, enum job_kind k, char **out, char **cause)
{
    sqlite3_stmt *st = db_prepare(db, "INSERT INTO slip_counters(day, last) VALUES (?1, 1) "
                                      "ON CONFLICT(day) DO UPDATE SET last = last + 1 "
                                      "RETURNING last");
    int rc;
    int64_t n;

    char key[16];

    snprintf(key, sizeof key, "%s%s", day, k == JOB_SLIP ? "" : "-S");
    db_bind_text(st, 1, key);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        return db_fail(db, cause, "allocate a slip number");
    }
    n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (k == JOB_SLIP)
        xasprintf(out, "%s-%04lld", day, (long long)n);
    else
        xasprintf(out, "%s-S%03lld", day, (long long)n);
    return 0;
}

/* Insert a queued job row (inside a transaction). */
static int
insert_job(struct db *db, const struct print_job_new *n, const char *slip_no, const char *shown_no,
           int64_t reprint_of, int64_t now, int64_t *id, char **cause)
{
    sqlite3_stmt *st = db_prepare(
        db, "INSERT INTO print_jobs(kind, slip_no, shown_no, reprint_of, service, services, "
            "catalog_hash, answers, have, paper, printer, lang, state, created_at, queued_at, "
            "next_try_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
            "?12, 'queued', ?13, ?13, ?14, ?13)");

    db_bind_text(st, 1, job_kind_name(n->kind));
    db_bind_text(st, 2, slip_no);
    db_bind_text(st, 3, shown_no);
    if (reprint_of > 0)
        sqlite3_bind_int64(st, 4, reprint_of);
    else
        sqlite3_bind_null(st, 4);
    sqlite3_bind_int(st, 5, n->service);
    db_bind_text(st, 6, n->services);
    db_bind_text(st, 7, n->catalog_hash);
    db_bind_text(st, 8, n->answers);
    db_bind_text(st, 9, n->have);
    db_bind_text(st, 10, n->paper);
    db_bind_text(st, 11, n->printer);
    db_bind_text(st, 12, n->lang != NULL && *n->lang != '\0' ? n->lang : "vi");
    sqlite3_bind_int64(st, 13, now);
    sqlite3_bind_int64(st, 14, n->not_before);
    if (run_change(db, st, "insert print job", cause) < 0)
        return -1;
    *id = sqlite3_last_insert_rowid(db->conn);
    return 0;
}

/* Store job id's document (inside a transaction); NULL = none. */
static int
set_receipt(struct db *db, int64_t id, const char *receipt, char **cause)
{
    sqlite3_stmt *st;

    if (receipt == NULL)
        return 0;
    st = db_prepare(db, "UPDATE print_jobs SET receipt = ?2 WHERE id = ?1");
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, receipt);
    return run_change(db, st, "store the receipt", cause) == 1 ? 0 : -1;
}

int
db_jobs_receipt(struct db *db, int64_t id, char **receipt, char **cause)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT receipt FROM print_jobs WHERE id = ?1");
    int rc;

    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    *receipt = NULL;
    if (rc == SQLITE_ROW)
        *receipt = db_col_text(st, 0);
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW)
        return 0;
    if (rc == SQLITE_DONE)
        xasprintf(cause, "no print job %lld", (long long)id);
    else
        db_fail(db, cause, "read the receipt");
    return -1;
}

int
db_jobs_enqueue(struct db *db, const struct print_job_new *n, int64_t now, int64_t *id,
                char **slip_no, char **cause)
{
    char day[9];
    char *no = NULL;
    int64_t rowid = 0;

    char *receipt = NULL;

    jobs_local_day(now, day);
    /* Never into a database deleted under us: that job would print for nobody. */
    if (db_check_file(db, cause) != 0)
        return -1;
    if (begin_immediate(db, cause) != 0)
        return -1;
    if (next_slip_no(db, day, n->kind, &no, cause) != 0 ||
        (n->build != NULL && n->build(n->build_arg, no, &receipt, cause) != 0) ||
        insert_job(db, n, no, no, 0, now, &rowid, cause) != 0 ||
        set_receipt(db, rowid, receipt != NULL ? receipt : n->receipt, cause) != 0 ||
        commit(db, cause) != 0) {
        rollback(db);
        free(receipt);
        free(no);
        return -1;
    }
    free(receipt);
    if (id != NULL)
        *id = rowid;
    if (slip_no != NULL)
        *slip_no = no;
    else
        free(no);
    return 0;
}

/* Select one job by a query with JOB_COLUMNS already bound; finalizes st. */
static struct print_job *
select_one(struct db *db, sqlite3_stmt *st, const char *what, char **cause)
{
    struct print_job *j = NULL;
    int rc = sqlite3_step(st);

    if (rc == SQLITE_ROW) {
        j = job_from_row(st);
    } else if (rc != SQLITE_DONE) {
        if (cause != NULL)
            db_fail(db, cause, what);
        else
            log_msg(LOG_ERROR, "%s: %s", what, sqlite3_errmsg(db->conn));
    }
    sqlite3_finalize(st);
    return j;
}

/* queued -> sending for job id (inside a transaction); 1 when claimed. */
static int
claim_row(struct db *db, int64_t id, int64_t now, const char *owner, char **cause)
{
    sqlite3_stmt *st = db_prepare(db, "UPDATE print_jobs SET state = 'sending', owner = ?2, "
                                      "attempts = attempts + 1, updated_at = ?3 "
                                      "WHERE id = ?1 AND state = 'queued'");

    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, owner);
    sqlite3_bind_int64(st, 3, now);
    return run_change(db, st, "claim print job", cause);
}

static struct print_job *
get_by_id(struct db *db, int64_t id, char **cause)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT " JOB_COLUMNS " FROM print_jobs WHERE id = ?1");

    sqlite3_bind_int64(st, 1, id);
    return select_one(db, st, "read print job", cause);
}

/* Inside a BEGIN IMMEDIATE: claim job id if it is still queued and read it back (*out stays
 * NULL when it is not), then commit. 0, or -1 with *cause after a rollback. */
static int
claim_and_read(struct db *db, int64_t id, int64_t now, const char *owner, struct print_job **out,
               char **cause)
{
    int n = claim_row(db, id, now, owner, cause);

    if (n < 0)
        goto fail;
    if (n == 1 && (*out = get_by_id(db, id, cause)) == NULL)
        goto fail;
    if (commit(db, cause) != 0)
        goto fail;
    return 0;

fail:
    if (cause != NULL && *cause == NULL)
        xasprintf(cause, "claim print job %lld: lost", (long long)id);
    print_job_free(*out);
    *out = NULL;
    rollback(db);
    return -1;
}

int
db_jobs_claim(struct db *db, const struct jobs_claim *q, const char *owner, struct print_job **out,
              char **cause)
{
    sqlite3_stmt *st;
    int64_t id = 0;
    int rc;

    *out = NULL;
    if (begin_immediate(db, cause) != 0)
        return -1;
    st = db_prepare(db, "SELECT id FROM print_jobs WHERE state = 'queued' "
                        "AND (?1 OR next_try_at <= ?2) AND queued_at >= ?3 AND id > ?4 "
                        "AND (?5 = 0 OR (kind = 'slip') = (?5 = 1)) "
                        "ORDER BY id LIMIT 1");
    sqlite3_bind_int(st, 1, q->any_time ? 1 : 0);
    sqlite3_bind_int64(st, 2, q->now);
    sqlite3_bind_int64(st, 3, q->now - (int64_t)q->retry_minutes * 60);
    sqlite3_bind_int64(st, 4, q->after_id);
    sqlite3_bind_int(st, 5, q->kinds);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        db_fail(db, cause, "find a due print job");
        rollback(db);
        return -1;
    }
    if (id == 0) {
        if (commit(db, cause) == 0)
            return 0;
        rollback(db);
        return -1;
    }
    /* The write lock is ours since BEGIN IMMEDIATE: the row found is still queued. */
    return claim_and_read(db, id, q->now, owner, out, cause);
}

int
db_jobs_claim_id(struct db *db, int64_t id, int64_t now, const char *owner, struct print_job **out,
                 char **cause)
{
    *out = NULL;
    if (begin_immediate(db, cause) != 0)
        return -1;
    return claim_and_read(db, id, now, owner, out, cause);
}

int
db_jobs_take_over(struct db *db, int64_t id, const char *old_owner, const char *owner, int64_t now,
                  char **cause)
{
    sqlite3_stmt *st = db_prepare(db, "UPDATE print_jobs SET owner = ?3, updated_at = ?4 "
                                      "WHERE id = ?1 AND state = 'sending' AND owner = ?2");

    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, old_owner);
    db_bind_text(st, 3, owner);
    sqlite3_bind_int64(st, 4, now);
    return run_change(db, st, "take over print job", cause);
}

/* Report a transition that changed no row: the job is not in a state it can leave that way. */
static int
no_transition(struct db *db, int64_t id, const char *to, char **cause)
{
    struct print_job *j = get_by_id(db, id, NULL);

    if (j == NULL)
        xasprintf(cause, "print job %lld: no such job", (long long)id);
    else
        xasprintf(cause, "print job %lld is %s: it cannot become %s", (long long)id,
                  job_state_name(j->state), to);
    print_job_free(j);
    return -1;
}

/* Run a transition st (finalized here); -1 with a clear cause when no row changed. */
static int
transition(struct db *db, sqlite3_stmt *st, int64_t id, const char *to, char **cause)
{
    int n = run_change(db, st, to, cause);

    if (n < 0)
        return -1;
    if (n == 0)
        return no_transition(db, id, to, cause);
    return 0;
}

int
db_jobs_mark_sent(struct db *db, int64_t id, int cups_job_id, int64_t now, char **cause)
{
    sqlite3_stmt *st = db_prepare(db, "UPDATE print_jobs SET state = 'sent', cups_job_id = ?2, "
                                      "error_kind = '', reason = '', updated_at = ?3 "
                                      "WHERE id = ?1 AND state = 'sending'");

    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, cups_job_id);
    sqlite3_bind_int64(st, 3, now);
    return transition(db, st, id, "sent", cause);
}

int
db_jobs_mark_done(struct db *db, int64_t id, const char *pdf_path, int64_t now, char **cause)
{
    sqlite3_stmt *st = db_prepare(
        db, "UPDATE print_jobs SET state = 'done', owner = '', error_kind = '', reason = '', "
            "pdf_path = coalesce(?2, pdf_path), updated_at = ?3 "
            "WHERE id = ?1 AND state IN ('sending', 'sent')");

    sqlite3_bind_int64(st, 1, id);
    if (pdf_path != NULL)
        db_bind_text(st, 2, pdf_path);
    else
        sqlite3_bind_null(st, 2);
    sqlite3_bind_int64(st, 3, now);
    return transition(db, st, id, "done", cause);
}

int
db_jobs_mark_failed(struct db *db, int64_t id, const char *kind, const char *reason, int64_t now,
                    char **cause)
{
    sqlite3_stmt *st = db_prepare(db, "UPDATE print_jobs SET state = 'failed', owner = '', "
                                      "error_kind = ?2, reason = ?3, updated_at = ?4 "
                                      "WHERE id = ?1 AND state IN ('queued', 'sending', 'sent')");

    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, kind);
    db_bind_text(st, 3, reason);
    sqlite3_bind_int64(st, 4, now);
    return transition(db, st, id, "failed", cause);
}

int
db_jobs_requeue(struct db *db, int64_t id, const char *kind, const char *reason,
                int64_t next_try_at, int64_t now, char **cause)
{
    sqlite3_stmt *st = db_prepare(db, "UPDATE print_jobs SET state = 'queued', owner = '', "
                                      "error_kind = ?2, reason = ?3, next_try_at = ?4, "
                                      "updated_at = ?5 WHERE id = ?1 AND state = 'sending'");

    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, kind);
    db_bind_text(st, 3, reason);
    sqlite3_bind_int64(st, 4, next_try_at);
    sqlite3_bind_int64(st, 5, now);
    return transition(db, st, id, "queued", cause);
}

int
db_jobs_set_error(struct db *db, int64_t id, const char *kind, const char *reason, int64_t now,
                  char **cause)
{
    sqlite3_stmt *st = db_prepare(db, "UPDATE print_jobs SET error_kind = ?2, reason = ?3, "
                                      "updated_at = ?4 WHERE id = ?1");

    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, kind);
    db_bind_text(st, 3, reason);
    sqlite3_bind_int64(st, 4, now);
    return transition(db, st, id, "noted", cause);
}

int
db_jobs_cancel(struct db *db, int64_t id, int64_t now, char **cause)
{
    sqlite3_stmt *st = db_prepare(db, "UPDATE print_jobs SET state = 'cancelled', owner = '', "
                                      "updated_at = ?2 "
                                      "WHERE id = ?1 AND state IN ('queued', 'failed', 'sent')");

    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, now);
    return transition(db, st, id, "cancelled", cause);
}

int
db_jobs_retry(struct db *db, int64_t id, int64_t now, char **cause)
{
    sqlite3_stmt *st = db_prepare(
        db, "UPDATE print_jobs SET state = 'queued', owner = '', cups_job_id = 0, "
            "error_kind = '', reason = '', queued_at = ?2, next_try_at = 0, updated_at = ?2 "
            "WHERE id = ?1 AND state IN ('queued', 'failed', 'cancelled')");

    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, now);
    return transition(db, st, id, "queued", cause);
}

/* The number of reprints of job root so far (inside a transaction), or -1. */
static int
count_reprints(struct db *db, int64_t root, char **cause)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT count(*) FROM print_jobs WHERE reprint_of = ?1");
    int n = -1;

    sqlite3_bind_int64(st, 1, root);
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    else
        db_fail(db, cause, "count reprints");
    sqlite3_finalize(st);
    return n;
}

/* The reprint to carries the very document from (inside a transaction). */
static int
copy_receipt(struct db *db, int64_t from, int64_t to, char **cause)
{
    sqlite3_stmt *st = db_prepare(db, "UPDATE print_jobs SET receipt = (SELECT receipt FROM "
                                      "print_jobs WHERE id = ?1) WHERE id = ?2");

    sqlite3_bind_int64(st, 1, from);
    sqlite3_bind_int64(st, 2, to);
    return run_change(db, st, "copy the receipt", cause) == 1 ? 0 : -1;
}

int
db_jobs_reprint(struct db *db, const char *slip_no, const char *printer, int64_t now, int64_t *id,
                char **new_slip_no, char **cause)
{
    struct print_job *old = NULL, *root = NULL;
    struct print_job_new n;
    char *no = NULL;
    int64_t rowid = 0;
    int k;

    if (begin_immediate(db, cause) != 0)
        return -1;
    old = db_jobs_get_slip(db, slip_no);
    if (old == NULL) {
        xasprintf(cause, "no slip numbered %s", slip_no);
        goto fail;
    }
    /* A reprint of a reprint counts from the original, so numbers stay "<original>-R<k>". */
    root = old->reprint_of > 0 ? get_by_id(db, old->reprint_of, cause) : NULL;
    if (old->reprint_of > 0 && root == NULL)
        goto fail;
    k = count_reprints(db, root != NULL ? root->id : old->id, cause);
    if (k < 0)
        goto fail;
    xasprintf(&no, "%s-R%d", root != NULL ? root->slip_no : old->slip_no, k + 1);
    n = (struct print_job_new){ .kind = old->kind,
                                .service = old->service,
                                .services = old->services,
                                .catalog_hash = old->catalog_hash,
                                .answers = old->answers,
                                .have = old->have,
                                .paper = old->paper,
                                .printer = printer != NULL ? printer : old->printer,
                                .lang = old->lang };
    if (insert_job(db, &n, no, old->shown_no, root != NULL ? root->id : old->id, now, &rowid,
                   cause) != 0 ||
        copy_receipt(db, old->id, rowid, cause) != 0 || commit(db, cause) != 0)
        goto fail;
    print_job_free(old);
    print_job_free(root);
    if (id != NULL)
        *id = rowid;
    if (new_slip_no != NULL)
        *new_slip_no = no;
    else
        free(no);
    return 0;

fail:
    rollback(db);
    print_job_free(old);
    print_job_free(root);
    free(no);
    return -1;
}

struct print_job *
db_jobs_get(struct db *db, int64_t id)
{
    char *cause = NULL;
    struct print_job *j = get_by_id(db, id, &cause);

    if (cause != NULL) {
        log_msg(LOG_ERROR, "%s", cause);
        free(cause);
    }
    return j;
}

struct print_job *
db_jobs_get_slip(struct db *db, const char *slip_no)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT " JOB_COLUMNS " FROM print_jobs WHERE slip_no = ?1");
    char *cause = NULL;
    struct print_job *j;

    db_bind_text(st, 1, slip_no);
    j = select_one(db, st, "read print job", &cause);
    if (cause != NULL) {
        log_msg(LOG_ERROR, "%s", cause);
        free(cause);
    }
    return j;
}

int
db_jobs_list(struct db *db, enum jobs_filter f, int64_t since, int64_t now, int retry_minutes,
             size_t limit, struct print_job_list *out, char **cause)
{
    static const char *const where[] = {
        [JOBS_QUEUED] = "state = 'queued' ORDER BY queued_at, id",
        [JOBS_SENDING] = "state = 'sending' ORDER BY updated_at, id",
        [JOBS_SENT] = "state = 'sent' ORDER BY updated_at, id",
        [JOBS_FAILED] = "state = 'failed' ORDER BY updated_at DESC, id DESC",
        [JOBS_RECENT] = "created_at >= ?1 ORDER BY created_at DESC, id DESC",
        [JOBS_DUE] = "state = 'queued' AND next_try_at <= ?2 AND queued_at >= ?3 "
                     "ORDER BY queued_at, id",
    };
    sqlite3_stmt *st;
    char *sql;
    size_t cap = 0;
    int rc;

    out->v = NULL;
    out->n = 0;
    xasprintf(&sql, "SELECT " JOB_COLUMNS " FROM print_jobs WHERE %s LIMIT ?4", where[f]);
    st = db_prepare(db, sql);
    free(sql);
    sqlite3_bind_int64(st, 1, since);
    sqlite3_bind_int64(st, 2, now);
    sqlite3_bind_int64(st, 3, now - (int64_t)retry_minutes * 60);
    sqlite3_bind_int64(st, 4, limit > 0 ? (int64_t)limit : -1);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap > 0 ? cap * 2 : 8;
            out->v = xreallocarray(out->v, cap, sizeof *out->v);
        }
        out->v[out->n++] = job_from_row(st);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        print_job_list_free(out);
        return db_fail(db, cause, "list print jobs");
    }
    return 0;
}

int
db_jobs_waiting(struct db *db, int64_t now, int retry_minutes, int *count, int64_t *next_at,
                char **cause)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT count(*), coalesce(min(next_try_at), 0) "
                                      "FROM print_jobs WHERE state = 'queued' AND queued_at >= ?1");
    int rc;

    sqlite3_bind_int64(st, 1, now - (int64_t)retry_minutes * 60);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *count = sqlite3_column_int(st, 0);
        *next_at = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return db_fail(db, cause, "count queued print jobs");
    return 0;
}

int
db_jobs_forget(struct db *db, int64_t before, const char *pdf_dir, int *forgotten, int *removed,
               char **cause)
{
    sqlite3_stmt *st;
    struct strlist paths = { NULL, 0 };
    size_t dirlen = pdf_dir != NULL ? strlen(pdf_dir) : 0;
    int rc;

    *forgotten = *removed = 0;
    if (begin_immediate(db, cause) != 0)
        return -1;
    /* A job still with CUPS ("sending", "sent") keeps what it needs until it ends. */
    st = db_prepare(db, "SELECT pdf_path FROM print_jobs WHERE created_at < ?1 AND pdf_path != '' "
                        "AND state NOT IN ('sending', 'sent')");
    sqlite3_bind_int64(st, 1, before);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        strlist_add(&paths, (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        db_fail(db, cause, "retention of print jobs");
        rollback(db);
        strlist_free(&paths);
        return -1;
    }
    st = db_prepare(db, "UPDATE print_jobs SET answers = '', have = '', receipt = '', "
                        "pdf_path = '' WHERE created_at < ?1 AND state NOT IN ('sending', 'sent') "
                        "AND (answers != '' OR have != '' OR receipt != '' OR pdf_path != '')");
    sqlite3_bind_int64(st, 1, before);
    if (db_run(db, st, "retention of print jobs", cause) != 0) {
        rollback(db);
        strlist_free(&paths);
        return -1;
    }
    *forgotten = sqlite3_changes(db->conn);
    if (commit(db, cause) != 0) {
        rollback(db);
        strlist_free(&paths);
        return -1;
    }
    /* The PDFs this kiosk saved for those slips (only files it recorded, in its own folder). */
    for (size_t i = 0; i < paths.n; i++) {
        const char *p = paths.v[i];
        struct stat sb;

        if (dirlen == 0 || strncmp(p, pdf_dir, dirlen) != 0 || p[dirlen] != '/' ||
            strchr(p + dirlen + 1, '/') != NULL || lstat(p, &sb) != 0 || !S_ISREG(sb.st_mode))
            continue;
        if (unlink(p) == 0)
            (*removed)++;
        else
            log_msg(LOG_WARN, "retention: cannot remove %s: %s", p, strerror(errno));
    }
    strlist_free(&paths);
    return 0;
}
