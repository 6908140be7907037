/*
 * The print queue (table print_jobs, assets/schema/002_print.sql): the only channel between
 * the kiosk, which writes a job row, and the print helper, which renders and prints it.
 *
 *   queued --claim--> sending --CUPS accepted--> sent --completed--> done
 *      ^                 |                         |
 *      +----requeue------+ (printer down, paused)  +--> failed (CUPS aborted it) | cancelled
 *
 * A job is claimed in one BEGIN IMMEDIATE transaction, so two processes never both send it;
 * "owner" names the process that holds a job in "sending" so that a job left there by a crash
 * can be recovered (after its CUPS history has been checked) without stealing a live one.
 * Every slip gets a number per local day ("YYYYMMDD-NNNN"), allocated in the same transaction
 * that inserts the row; staff printouts count apart ("YYYYMMDD-SNNN"). Each row carries the
 * document to print (column receipt, receipt_json.h), built by the kiosk: the print helper
 * renders it and never reads the catalog. Queued jobs are claimed again only within the retry
 * window (slip_retry_minutes from queued_at); older ones stay listed for a reprint at the counter.
 *
 * Times are Unix seconds; the local day follows the process's TZ (set from kiosk.conf).
 * Strings in struct print_job are owned by it and never NULL.
 */
#ifndef KIOSK_DB_JOBS_H
#define KIOSK_DB_JOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

enum job_kind { JOB_SLIP, JOB_HANDOUT, JOB_POSTER, JOB_TEST, JOB_REPORT };
enum job_state { JOB_QUEUED, JOB_SENDING, JOB_SENT, JOB_DONE, JOB_FAILED, JOB_CANCELLED };

/* "slip", "queued"…, and back (-1 when unknown). */
const char *job_kind_name(enum job_kind k);
int job_kind_parse(const char *s);
const char *job_state_name(enum job_state s);
int job_state_parse(const char *s);

struct print_job {
    int64_t id;
    enum job_kind kind;
    char *slip_no;      /* unique: the CUPS job name and the PDF's file name */
    char *shown_no;     /* printed on the paper: slip_no, or the original's for a reprint */
    int64_t reprint_of; /* the original job's id, 0 = an original */
    int service;        /* slip: the service number */
    char *services;     /* handout: "1,5,7" ("" = all) */
    char *catalog_hash;
    char *answers; /* "1,2" */
    char *have;    /* "1,3" */
    char *paper;   /* "58mm", "80mm", "A5", "A4", "" = the default */
    char *printer; /* CUPS queue, "" = the PDF folder */
    char *lang;    /* "vi", "en" */
    enum job_state state;
    char *owner;      /* the process holding a "sending" job, "" otherwise */
    int cups_job_id;  /* 0 until CUPS accepted it */
    int attempts;     /* times claimed */
    char *error_kind; /* "", "no_service", "no_printer", "paused", "rejecting", "failed",
                         "timeout", "render", "io", "expired"… */
    char *reason;     /* CUPS's text, e.g. "Hết giấy"; "" = none */
    int64_t created_at;
    int64_t queued_at; /* the retry window counts from here */
    int64_t next_try_at;
    int64_t updated_at;
    char *pdf_path; /* the PDF folder backend: the file written */
};

void print_job_free(struct print_job *j);

struct print_job_list {
    struct print_job **v; /* owned, each owned */
    size_t n;
};
void print_job_list_free(struct print_job_list *l);

/* What the kiosk (or a command) asks to print; strings borrowed, NULL = "". */
struct print_job_new {
    enum job_kind kind;
    int service;
    const char *services;
    const char *catalog_hash;
    const char *answers;
    const char *have;
    const char *paper;
    const char *printer;
    const char *lang;
    int64_t not_before; /* not claimed by a runner before this time (0 = at once): a command
                           that prints its own job right away keeps runners off it */
    /* The document (receipt_json.h), stored with the row; NULL = none. Or, when build is
     * set, made once the job's number is known, inside the enqueue transaction (a slip
     * prints its own number): build stores a JSON document in *json (freed by the caller)
     * and returns 0, or -1 with *cause, and then nothing is queued. */
    const char *receipt;
    int (*build)(void *arg, const char *number, char **json, char **cause);
    void *build_arg;
};

/* The local day of t as "YYYYMMDD" (localtime_r: the TZ in effect). */
void jobs_local_day(int64_t t, char buf[9]);

/*
 * Insert a queued job and give it the next number of now's local day (a slip's or a staff
 * printout's series), with its document, in one transaction. *id and *slip_no (caller frees;
 * may be NULL) receive them.
 */
int db_jobs_enqueue(struct db *db, const struct print_job_new *n, int64_t now, int64_t *id,
                    char **slip_no, char **cause);

/* Which queued job a runner claims next. */
struct jobs_claim {
    int64_t now;
    int retry_minutes; /* only jobs queued within this window (queued_at >= now - window) */
    int64_t after_id;  /* only jobs with a larger id: one pass visits each job once */
    bool any_time;     /* ignore next_try_at (run-queue --once: try everything now) */
    int kinds;         /* 0 = any job, 1 = slips only, 2 = everything but slips */
};

/*
 * Claim the queued job with the smallest id that q allows: queued -> sending with owner,
 * attempts + 1, in one BEGIN IMMEDIATE transaction. Returns 0 with *out = NULL when there
 * is none, 0 with *out (caller frees) when claimed.
 */
int db_jobs_claim(struct db *db, const struct jobs_claim *q, const char *owner,
                  struct print_job **out, char **cause);
/* Claim one given queued job (a command printing what it just queued), whatever its window.
 * *out = NULL when it is not queued (someone else has it, or it is finished). */
int db_jobs_claim_id(struct db *db, int64_t id, int64_t now, const char *owner,
                     struct print_job **out, char **cause);
/* Take over a job left in "sending" by old_owner (a dead process). Returns 1 when taken,
 * 0 when it is no longer in "sending" by old_owner (someone else took it), -1 on error. */
int db_jobs_take_over(struct db *db, int64_t id, const char *old_owner, const char *owner,
                      int64_t now, char **cause);

/* sending -> sent: CUPS accepted it as cups_job_id (never sent again from here on). */
int db_jobs_mark_sent(struct db *db, int64_t id, int cups_job_id, int64_t now, char **cause);
/* sending or sent -> done; pdf_path (NULL = keep) where the PDF folder backend wrote it. */
int db_jobs_mark_done(struct db *db, int64_t id, const char *pdf_path, int64_t now, char **cause);
/* queued, sending or sent -> failed, with the error kind and CUPS's reason. */
int db_jobs_mark_failed(struct db *db, int64_t id, const char *kind, const char *reason,
                        int64_t now, char **cause);
/* sending -> queued (it could not be sent: printer down, paused, rejecting…), not claimed
 * again before next_try_at; the error stays visible in the row. */
int db_jobs_requeue(struct db *db, int64_t id, const char *kind, const char *reason,
                    int64_t next_try_at, int64_t now, char **cause);
/* Note an error on a job without changing its state (a sent job pending on a paused
 * printer, a timeout); kind "" clears it. */
int db_jobs_set_error(struct db *db, int64_t id, const char *kind, const char *reason, int64_t now,
                      char **cause);
/* queued, failed or sent -> cancelled (a sent job must be cancelled in CUPS first).
 * -1 with a cause naming the state when it is sending, done or already cancelled. */
int db_jobs_cancel(struct db *db, int64_t id, int64_t now, char **cause);
/* failed, cancelled or queued -> queued now, with a fresh retry window and no error.
 * -1 when it is sending, sent or done (a done job is reprinted, not retried). */
int db_jobs_retry(struct db *db, int64_t id, int64_t now, char **cause);

/*
 * A new queued job printing the same thing as the job numbered slip_no (an original or a
 * reprint): the same stored document, shown_no kept, slip_no "<original>-R<k>". printer: NULL = the
 * original's. -1 with a cause when there is no such slip.
 */
int db_jobs_reprint(struct db *db, const char *slip_no, const char *printer, int64_t now,
                    int64_t *id, char **new_slip_no, char **cause);

/* The stored document of job id (*receipt, caller frees; "" when it has none). */
int db_jobs_receipt(struct db *db, int64_t id, char **receipt, char **cause);

/* One job, or NULL when there is none (or on error, logged). Caller frees. */
struct print_job *db_jobs_get(struct db *db, int64_t id);
struct print_job *db_jobs_get_slip(struct db *db, const char *slip_no);

enum jobs_filter {
    JOBS_QUEUED,  /* queued, oldest first */
    JOBS_SENDING, /* sending (claimed, maybe by a dead process), oldest first */
    JOBS_SENT,    /* sent to CUPS, not finished yet, oldest first */
    JOBS_FAILED,  /* failed, newest first */
    JOBS_RECENT,  /* every job created since `since`, newest first */
    JOBS_DUE,     /* queued and due for retry within the window at now, oldest first */
};
/* List jobs (at most limit, 0 = no limit) into *out (caller frees with
 * print_job_list_free). since/now/retry_minutes are used by JOBS_RECENT / JOBS_DUE. */
int db_jobs_list(struct db *db, enum jobs_filter f, int64_t since, int64_t now, int retry_minutes,
                 size_t limit, struct print_job_list *out, char **cause);

/*
 * Queued jobs still within the retry window at now: their number, and the earliest time one
 * of them may be claimed (*next_at, 0 when none). The runner waits for it or exits.
 */
int db_jobs_waiting(struct db *db, int64_t now, int retry_minutes, int *count, int64_t *next_at,
                    char **cause);
/* Is a queued job past its retry window at now (listed for a reprint, never claimed)? */
bool print_job_expired(const struct print_job *j, int64_t now, int retry_minutes);

/*
 * Privacy retention: every job created before `before` (Unix seconds) and no longer with CUPS
 * loses the resident's answers, ticks and stored document (receipt) and its saved PDF; the
 * slip number, kind, service, state and dates stay for the statistics. The PDFs removed are
 * only those the row names inside pdf_dir. *forgotten = rows cleared, *removed = files.
 */
int db_jobs_forget(struct db *db, int64_t before, const char *pdf_dir, int *forgotten, int *removed,
                   char **cause);

#endif
