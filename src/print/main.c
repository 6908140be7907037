/*
 * kiosk-print: the print helper, a renderer and spooler. The kiosk never links cairo, pango
 * or CUPS: it builds every document (struct receipt) from the catalog it shows, stores it
 * serialized in a print_jobs row, and starts "kiosk-print run-queue" (the screens) or runs
 * "kiosk-print job ID …" (the printing commands). This program never reads the catalog and
 * never interprets a resident's answers: it decodes the stored document, renders it to PDF
 * and sends it to CUPS or the PDF folder.
 *
 * The queue runner follows every job to its end: claim (queued -> sending, one transaction),
 * render the PDF, check the printer, send it with the slip number as the CUPS job name,
 * record the CUPS job id (sent), poll it to done / failed, or give up waiting after
 * print_timeout and leave it in CUPS (reported; staff may cancel it). A job that cannot be
 * sent (print service down, no such queue, paused, rejecting) goes back to queued with the
 * reason and is retried for slip_retry_minutes. A job left in "sending" by a process that
 * died is first looked up in CUPS's job history by its name, so it is never printed twice.
 *
 * One runner per database works at a time (flock on "<database>.print-lock"), but nothing
 * depends on that lock: claiming is transactional, and `run-queue --no-lock` lets tests run
 * two at once.
 */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "db.h"
#include "db_jobs.h"
#include "file_write.h"
#include "i18n.h"
#include "log.h"
#include "print/pdf.h"
#include "print/print.h"
#include "print/xlsx.h"
#include "receipt.h"
#include "receipt_json.h"
#include "text.h"
#include "text_check.h"
#include "xmalloc.h"

#define POLL_MS        100 /* between looks at a job CUPS is printing */
#define RETRY_SECONDS  5   /* between tries of a job that could not be sent */
#define RECENT_SECONDS (24 * 3600)

/* Exit statuses: 0 done, 1 not printed (a printer fault; the job is kept), 2 bad input. */
enum { EXIT_OK = 0, EXIT_FAULT = 1, EXIT_USAGE = 2 };

struct ctx {
    const char *conf_path;
    struct config cfg;
    struct db *db;
    char owner[96]; /* "boot:pid:starttime": names this process in print_jobs.owner */
    int timeout;    /* seconds a sent job may stay pending */
    int retry_minutes;
};

static void
usage(FILE *f)
{
    fputs("usage: kiosk-print [-c FILE] COMMAND [ARGS]\n"
          "\n"
          "The kiosk's print helper: renders the documents the kiosk queued and prints them\n"
          "through CUPS (or saves them in the PDF folder). Documents are made by the kiosk\n"
          "(kiosk slip, handout, print-test, report, reprint).\n"
          "\n"
          "Commands:\n"
          "  run-queue [--once] [--no-lock]\n"
          "                      print every queued job, following each to its end\n"
          "  job ID [-o FILE.pdf] [--send] [ID …]\n"
          "                      render a queued job into FILE.pdf and/or send it now\n"
          "  check-printer NAME  exit 0 when CUPS has that printer\n"
          "  printers            the CUPS printers with state, reason and default media\n"
          "  jobs                queued, failed and recent print jobs\n"
          "  cancel ID|SLIP_NO   cancel a job that has not printed\n"
          "  retry ID|SLIP_NO    send a failed, cancelled or too old job again now\n"
          "  xlsx --rows FILE -o FILE.xlsx\n"
          "                      the statistics workbook from rows the kiosk wrote\n"
          "Options: -c FILE (before or after the command)\n"
          "Exit status: 0 done, 1 not printed (the job is kept), 2 bad input.\n",
          f);
}

static int64_t
now_s(void)
{
    return (int64_t)time(NULL);
}

static void
sleep_ms(int ms)
{
    struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };

    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* Test builds die here when KIOSK_CRASH_AT names this step (claimed, submitted, sent,
 * polled), to prove that a crash at any step loses nothing and prints nothing twice. */
static void
crash_point(const char *step)
{
#ifdef KIOSK_TEST_HOOKS
    const char *at = getenv("KIOSK_CRASH_AT");

    if (at != NULL && strcmp(at, step) == 0) {
        log_msg(LOG_WARN, "print: KIOSK_CRASH_AT=%s: killing myself", step);
        raise(SIGKILL);
    }
#else
    (void)step;
#endif
}

/* --- who owns a job in "sending" ------------------------------------------------------ */

/* The start time of process pid (jiffies since boot, /proc/PID/stat field 22), 0 if gone. */
static unsigned long long
proc_start_time(long pid)
{
    char path[64], buf[1024];
    FILE *f;
    size_t n;
    char *p;
    unsigned long long start = 0;

    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    f = fopen(path, "r");
    if (f == NULL)
        return 0;
    n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* The command name may hold spaces and parentheses: fields count from the last ')'. */
    p = strrchr(buf, ')');
    if (p == NULL)
        return 0;
    p++;
    for (int field = 3; field <= 22; field++) {
        while (*p == ' ')
            p++;
        if (field == 22) {
            start = strtoull(p, NULL, 10);
            break;
        }
        while (*p != ' ' && *p != '\0')
            p++;
    }
    return start;
}

static void
boot_id(char buf[9])
{
    FILE *f = fopen("/proc/sys/kernel/random/boot_id", "r");

    memcpy(buf, "00000000", 9);
    if (f != NULL) {
        if (fread(buf, 1, 8, f) != 8)
            memcpy(buf, "00000000", 9);
        buf[8] = '\0';
        fclose(f);
    }
}

static void
make_owner(struct ctx *c)
{
    char boot[9];
    long pid = (long)getpid();

    boot_id(boot);
    snprintf(c->owner, sizeof c->owner, "%s:%ld:%llu", boot, pid, proc_start_time(pid));
}

/* Is the process that wrote owner still running (same boot, same pid, same start time)? */
static bool
owner_alive(const char *owner)
{
    char boot[9];
    long pid;
    unsigned long long start;
    char b[9];

    if (sscanf(owner, "%8[0-9a-f]:%ld:%llu", b, &pid, &start) != 3)
        return false;
    boot_id(boot);
    if (strcmp(b, boot) != 0)
        return false;
    return proc_start_time(pid) == start;
}

/* --- set-up ----------------------------------------------------------------------------- */

static int
load_config(struct ctx *c)
{
    char *cause = NULL;

    if (config_load_command(c->conf_path, &c->cfg, stderr) != 0) {
        fprintf(stderr, "kiosk-print: %s has problems\n", c->conf_path);
        return -1;
    }
    if (config_make_dirs(&c->cfg, &cause) != 0 ||
        (c->cfg.log != NULL && *c->cfg.log != '\0' && log_open(c->cfg.log, &cause) != 0)) {
        fprintf(stderr, "kiosk-print: %s\n", cause);
        free(cause);
        config_done(&c->cfg);
        return -1;
    }
    i18n_set_lang((enum lang)c->cfg.default_lang);
    c->timeout = c->cfg.print_timeout;
    c->retry_minutes = c->cfg.slip_retry_minutes;
    print_set_deadline(c->cfg.print_timeout);
#ifdef KIOSK_TEST_HOOKS
    {
        const char *t = getenv("KIOSK_PRINT_TIMEOUT");

        if (t != NULL && atoi(t) > 0)
            c->timeout = atoi(t);
    }
#endif
    return 0;
}

static int
open_db(struct ctx *c)
{
    char *cause = NULL;

    if (c->db != NULL)
        return 0;
    /* Only the kiosk creates its database: a missing one was deleted, or never made. */
    if (db_open_existing(c->cfg.database, &c->db, &cause) != 0) {
        fprintf(stderr, "kiosk-print: %s\n", cause);
        free(cause);
        return -1;
    }
    return 0;
}

static void
ctx_done(struct ctx *c)
{
    db_close(c->db);
    config_done(&c->cfg);
    log_close();
}

/* --- rendering ---------------------------------------------------------------------------- */

static bool
is_roll(enum paper p)
{
    return p == PAPER_58MM || p == PAPER_80MM;
}

/* The paper a job is printed on: its own, else the printer's default media (d may be NULL:
 * the PDF folder), else 80 mm for slips and test pages and A4 for handouts. */
static enum paper
job_paper(const struct print_job *j, const struct print_dest *d)
{
    enum paper p;
    bool page = j->kind == JOB_HANDOUT || j->kind == JOB_POSTER || j->kind == JOB_REPORT;

    if (*j->paper != '\0' && paper_parse(j->paper, &p) == 0)
        return p;
    if (d != NULL && d->media_w > 0) {
        if (d->media_w < 65)
            return page ? PAPER_A4 : PAPER_58MM;
        if (d->media_w < 120)
            return page ? PAPER_A4 : PAPER_80MM;
        if (d->media_w < 180 && d->media_h < 250)
            return PAPER_A5;
        return PAPER_A4;
    }
    return page ? PAPER_A4 : PAPER_80MM;
}

/* The paper size of the (first) page a job was rendered on. */
struct rendered {
    double w_mm, h_mm;
    int pages;
};

/* Render a job's stored document into path, one PDF (every receipt from a page of its
 * own), through the file writer: whole or not at all. */
static int
render_job(struct ctx *c, const struct print_job *j, enum paper paper, const char *path,
           struct rendered *out, char **cause)
{
    struct receipt *rs = NULL;
    struct pdf_result res;
    char *json = NULL, *why = NULL;
    size_t n = 0;
    int rc;

    memset(out, 0, sizeof *out);
    if (db_jobs_receipt(c->db, j->id, &json, cause) != 0)
        return -1;
    if (receipt_json_decode(json, &rs, &n, &why) != 0) {
        xasprintf(cause, "%s %s: %s", job_kind_name(j->kind), j->slip_no, why);
        free(why);
        free(json);
        return -1;
    }
    free(json);
    rc = pdf_render_doc(rs, n, paper, path, &res, cause);
    if (rc == 0) {
        out->w_mm = res.width_mm;
        out->h_mm = res.height_mm;
        out->pages = res.pages;
    }
    pdf_result_done(&res);
    for (size_t i = 0; i < n; i++)
        receipt_done(&rs[i]);
    free(rs);
    return rc;
}

/* --- following a job ------------------------------------------------------------------- */

static void
note_error(struct ctx *c, struct print_job *j, enum print_fault f, const char *reason)
{
    const char *kind = print_fault_name(f);
    char *cause = NULL;

    if (strcmp(j->error_kind, kind) == 0 && strcmp(j->reason, reason) == 0)
        return;
    if (db_jobs_set_error(c->db, j->id, kind, reason, now_s(), &cause) != 0) {
        log_msg(LOG_ERROR, "print: %s: %s", j->slip_no, cause);
        free(cause);
        return;
    }
    free(j->error_kind);
    free(j->reason);
    j->error_kind = xstrdup(kind);
    j->reason = xstrdup(reason);
}

/* Record a transition; if it fails because another process already moved the job on (two
 * runners following the same sent job), that is fine: log and carry on. */
static void
db_note(struct print_job *j, int rc, char **cause)
{
    /* *cause is read here, after the call that set it: argument order is unspecified. */
    if (rc != 0)
        log_msg(LOG_WARN, "print: %s: %s", j->slip_no, *cause != NULL ? *cause : "?");
    free(*cause);
    *cause = NULL;
}

static enum job_state
mark_failed(struct ctx *c, struct print_job *j, enum print_fault f, const char *reason)
{
    const char *kind = print_fault_name(f);
    char *cause = NULL;

    log_msg(LOG_ERROR, "print: %s failed: %s: %s", j->slip_no, kind, reason);
    db_note(j, db_jobs_mark_failed(c->db, j->id, kind, reason, now_s(), &cause), &cause);
    return JOB_FAILED;
}

static enum job_state
requeue(struct ctx *c, struct print_job *j, enum print_fault f, const char *reason)
{
    char *cause = NULL;

    log_msg(LOG_WARN, "print: %s not sent: %s: %s", j->slip_no, print_fault_name(f), reason);
    db_note(j,
            db_jobs_requeue(c->db, j->id, print_fault_name(f), reason, now_s() + RETRY_SECONDS,
                            now_s(), &cause),
            &cause);
    return JOB_QUEUED;
}

/*
 * Follow a job CUPS has (state "sent") until it ends, or for at most wait seconds (0 = one
 * look). Returns the job's state afterwards; a job still pending stays "sent", with the
 * printer's reason (paused) or a timeout noted on it.
 */
static enum job_state
follow(struct ctx *c, struct print_job *j, int wait)
{
    int64_t deadline = now_s() + wait;
    char *cause = NULL;

    for (;;) {
        char *why = NULL, *msg = NULL;
        int state = 0;
        enum print_fault f = print_job_state(j->printer, j->cups_job_id, &state, &why);

        if (f == PRINT_NO_SERVICE || f == PRINT_NO_ANSWER) {
            /* CUPS keeps its jobs across a restart: look again later, never send again. */
            note_error(c, j, f, why);
            free(why);
            return JOB_SENT;
        }
        if (f != PRINT_OK) {
            mark_failed(c, j, PRINT_FAILED, why);
            free(why);
            return JOB_FAILED;
        }
        switch (state) {
        case PRINT_JOB_COMPLETED:
            free(why);
            crash_point("polled");
            log_msg(LOG_INFO, "print: %s printed on %s (CUPS job %d)", j->slip_no, j->printer,
                    j->cups_job_id);
            db_note(j, db_jobs_mark_done(c->db, j->id, NULL, now_s(), &cause), &cause);
            return JOB_DONE;
        case PRINT_JOB_CANCELED:
            free(why);
            log_msg(LOG_WARN, "print: %s was cancelled in CUPS", j->slip_no);
            db_note(j, db_jobs_cancel(c->db, j->id, now_s(), &cause), &cause);
            return JOB_CANCELLED;
        case PRINT_JOB_ABORTED:
            mark_failed(c, j, PRINT_FAILED, *why != '\0' ? why : "CUPS aborted the job");
            free(why);
            return JOB_FAILED;
        case PRINT_JOB_STOPPED:
            /* A filter or backend failure stops the job: cancel it, so that it cannot come
             * back and print unseen after staff have retried or reprinted it. */
            print_cancel(j->printer, j->cups_job_id, &cause);
            free(cause);
            cause = NULL;
            mark_failed(c, j, PRINT_FAILED, *why != '\0' ? why : "CUPS stopped the job");
            free(why);
            return JOB_FAILED;
        default: break;
        }
        /* Pending or held: say why while it waits (a paused printer's message). */
        if (state != PRINT_JOB_PROCESSING && print_check(j->printer, &msg) == PRINT_PAUSED)
            note_error(c, j, PRINT_PAUSED, msg);
        free(msg);
        if (now_s() >= deadline) {
            if (wait > 0) {
                log_msg(LOG_WARN, "print: %s still pending in CUPS (job %d) after %d s", j->slip_no,
                        j->cups_job_id, wait);
                note_error(c, j, PRINT_TIMEOUT, why);
            }
            free(why);
            return JOB_SENT;
        }
        free(why);
        sleep_ms(POLL_MS);
    }
}

/* Record that CUPS accepted the job, then follow it. */
static enum job_state
sent(struct ctx *c, struct print_job *j, int cups_job_id)
{
    char *cause = NULL;

    if (db_jobs_mark_sent(c->db, j->id, cups_job_id, now_s(), &cause) != 0) {
        /* The row is ours ("sending"): this is a database failure. CUPS has the job; the
         * next runner finds it by name and records it. */
        log_msg(LOG_ERROR, "print: %s: %s", j->slip_no, cause);
        free(cause);
        return JOB_SENDING;
    }
    j->cups_job_id = cups_job_id;
    j->state = JOB_SENT;
    free(j->error_kind);
    free(j->reason);
    j->error_kind = xstrdup("");
    j->reason = xstrdup("");
    crash_point("sent");
    return follow(c, j, c->timeout);
}

/* The PDF folder backend: <pdf_dir>/<slip_no>.pdf, written through the file writer (a
 * fresh temporary file renamed into place), so no reader sees half a file. */
static enum job_state
deliver_dir(struct ctx *c, struct print_job *j)
{
    char *path = print_dir_path(c->cfg.pdf_dir, j->slip_no);
    char *cause = NULL;
    struct rendered out;
    enum job_state st = JOB_DONE;

    if (config_mkdir_p(c->cfg.pdf_dir, &cause) != 0) {
        st = mark_failed(c, j, PRINT_IO, cause);
    } else if (render_job(c, j, job_paper(j, NULL), path, &out, &cause) != 0) {
        st = mark_failed(c, j, PRINT_RENDER, cause);
    } else {
        log_msg(LOG_INFO, "print: %s saved as %s", j->slip_no, path);
        db_note(j, db_jobs_mark_done(c->db, j->id, path, now_s(), &cause), &cause);
    }
    free(cause);
    free(path);
    return st;
}

/* Render into a private temporary file for CUPS; returns its path (caller unlinks, frees). */
static char *
temp_pdf(char **cause)
{
    const char *dir = getenv("TMPDIR");
    char *path;
    int fd;

    xasprintf(&path, "%s/kiosk-print-XXXXXX", dir != NULL && *dir != '\0' ? dir : "/tmp");
    fd = mkstemp(path);
    if (fd < 0) {
        xasprintf(cause, "cannot make a temporary file %s: %s", path, strerror(errno));
        free(path);
        return NULL;
    }
    close(fd);
    return path;
}

static enum job_state
deliver_cups(struct ctx *c, struct print_job *j)
{
    struct print_dest d;
    struct rendered out = { 0 };
    char *cause = NULL, *tmp;
    const char *one[1];
    enum print_fault f;
    enum paper paper = PAPER_80MM;
    int cups_id = 0;
    enum job_state st;

    /* Check the destination before rendering: a paused printer costs nothing. */
    f = print_get_dest(j->printer, &d, &cause);
    if (f == PRINT_OK) {
        f = print_dest_judge(&d, &cause);
        paper = job_paper(j, &d);
        print_dest_done(&d);
    }
    if (f != PRINT_OK) {
        st = requeue(c, j, f, cause);
        free(cause);
        return st;
    }
    tmp = temp_pdf(&cause);
    if (tmp == NULL || render_job(c, j, paper, tmp, &out, &cause) != 0) {
        st = mark_failed(c, j, tmp == NULL ? PRINT_IO : PRINT_RENDER, cause);
        if (tmp != NULL)
            unlink(tmp);
        free(tmp);
        free(cause);
        return st;
    }
    one[0] = tmp;
    f = print_submit(&(struct print_doc){ .printer = j->printer,
                                          .title = j->slip_no,
                                          .paths = one,
                                          .npaths = 1,
                                          .page = is_roll(paper) ? NULL : paper_name(paper),
                                          .w_mm = out.w_mm,
                                          .h_mm = out.h_mm },
                     &cups_id, &cause);
    /* CUPS has its own copy now (or nothing to print): the file goes before anything else. */
    unlink(tmp);
    free(tmp);
    switch (f) {
    case PRINT_OK:
        log_msg(LOG_INFO, "print: %s sent to %s as CUPS job %d", j->slip_no, j->printer, cups_id);
        crash_point("submitted");
        st = sent(c, j, cups_id);
        break;
    case PRINT_NO_ANSWER:
        if (cups_id > 0) {
            /* CUPS may hold it: it stays "sending" (ours) and the next pass looks it up by
             * name before anything is sent again; the queue moves on meanwhile. */
            log_msg(LOG_WARN, "print: %s: %s", j->slip_no, cause);
            note_error(c, j, f, cause);
            st = JOB_SENDING;
            break;
        }
        st = requeue(c, j, f, cause);
        break;
    case PRINT_NO_SERVICE:
    case PRINT_NO_PRINTER:
    case PRINT_PAUSED:
    case PRINT_REJECTING: st = requeue(c, j, f, cause); break;
    default: st = mark_failed(c, j, f, cause); break;
    }
    free(cause);
    return st;
}

/* Print a job this process has just claimed (state "sending"), to its end. */
static enum job_state
process(struct ctx *c, struct print_job *j)
{
    crash_point("claimed");
    if (*j->printer == '\0')
        return deliver_dir(c, j);
    return deliver_cups(c, j);
}

/*
 * A job left in "sending" by a process that is gone: CUPS may or may not have it. Look it
 * up by name before anything is sent again. Returns false when CUPS cannot be asked (the
 * job stays in "sending", ours, and is looked at again on the next pass).
 */
static bool
recover(struct ctx *c, struct print_job *j)
{
    char *cause = NULL;
    enum print_fault f;
    int id = 0, state = 0;

    log_msg(LOG_WARN, "print: %s was left sending by %s; recovering", j->slip_no, j->owner);
    if (*j->printer == '\0') {
        deliver_dir(c, j); /* the rename is atomic: render again */
        return true;
    }
    f = print_find_job(j->printer, j->slip_no, j->created_at, &id, &state, &cause);
    if (f != PRINT_OK) {
        note_error(c, j, f, cause);
        free(cause);
        return false;
    }
    if (id == 0) {
        /* CUPS never got it: send it the normal way. */
        db_note(j, db_jobs_requeue(c->db, j->id, "", "", 0, now_s(), &cause), &cause);
        return true;
    }
    if (state == PRINT_JOB_HELD) {
        /* Created but its document never arrived ("job-incoming"): it would never print. */
        print_cancel(j->printer, id, &cause);
        free(cause);
        cause = NULL;
        db_note(j, db_jobs_requeue(c->db, j->id, "", "", 0, now_s(), &cause), &cause);
        return true;
    }
    log_msg(LOG_INFO, "print: %s found in CUPS as job %d", j->slip_no, id);
    sent(c, j, id);
    return true;
}

/* Take over and recover every orphaned "sending" job. Returns how many are still stuck. */
static int
sweep_sending(struct ctx *c)
{
    struct print_job_list l;
    char *cause = NULL;
    int stuck = 0;

    if (db_jobs_list(c->db, JOBS_SENDING, 0, 0, 0, 0, &l, &cause) != 0) {
        log_msg(LOG_ERROR, "print: %s", cause);
        free(cause);
        return 0;
    }
    for (size_t i = 0; i < l.n; i++) {
        struct print_job *j = l.v[i];
        bool mine = strcmp(j->owner, c->owner) == 0;

        if (!mine && owner_alive(j->owner))
            continue; /* a live process is sending it right now */
        if (!mine && db_jobs_take_over(c->db, j->id, j->owner, c->owner, now_s(), &cause) != 1) {
            free(cause);
            cause = NULL;
            continue; /* another runner took it over first */
        }
        free(j->owner);
        j->owner = xstrdup(c->owner);
        if (!recover(c, j))
            stuck++;
    }
    print_job_list_free(&l);
    return stuck;
}

/* One look at every job CUPS has that is not finished (a job that timed out, a restart). */
static void
sweep_sent(struct ctx *c)
{
    struct print_job_list l;
    char *cause = NULL;

    if (db_jobs_list(c->db, JOBS_SENT, 0, 0, 0, 0, &l, &cause) != 0) {
        log_msg(LOG_ERROR, "print: %s", cause);
        free(cause);
        return;
    }
    for (size_t i = 0; i < l.n; i++)
        follow(c, l.v[i], 0);
    print_job_list_free(&l);
}

/* One pass: recover, look at sent jobs, then try each queued job once (due ones, or all of
 * them when any_time). A resident's slip goes before staff's bulk handouts: before each
 * other job, any slip not yet tried in this pass is printed first. Returns the number of
 * jobs still stuck in "sending". */
static int
run_pass(struct ctx *c, bool any_time, int *printed, int *claimed)
{
    struct jobs_claim slips = { .retry_minutes = c->retry_minutes,
                                .any_time = any_time,
                                .kinds = 1 };
    struct jobs_claim others = { .retry_minutes = c->retry_minutes,
                                 .any_time = any_time,
                                 .kinds = 2 };
    struct print_job *j = NULL;
    char *cause = NULL;
    int stuck = sweep_sending(c);

    sweep_sent(c);
    for (;;) {
        struct jobs_claim *q = &slips;

        slips.now = others.now = now_s();
        if (db_jobs_claim(c->db, q, c->owner, &j, &cause) == 0 && j == NULL) {
            q = &others;
            db_jobs_claim(c->db, q, c->owner, &j, &cause);
        }
        if (cause != NULL) {
            log_msg(LOG_ERROR, "print: %s", cause);
            free(cause);
            print_job_free(j);
            break;
        }
        if (j == NULL)
            break;
        q->after_id = j->id;
        (*claimed)++;
        if (process(c, j) == JOB_DONE)
            (*printed)++;
        print_job_free(j);
    }
    return stuck;
}

/* --- the commands --------------------------------------------------------------------- */

/* What a fault means, for staff at a terminal. */
static const char *
fault_text(const char *kind)
{
    static const char *const texts[PRINT_NFAULTS] = {
        [PRINT_OK] = "",
        [PRINT_NO_SERVICE] = "the print service (CUPS) is not running",
        [PRINT_NO_ANSWER] = "the print service (CUPS) does not answer",
        [PRINT_NO_PRINTER] = "no such printer",
        [PRINT_PAUSED] = "the printer is paused",
        [PRINT_REJECTING] = "the printer is not accepting jobs",
        [PRINT_FAILED] = "the job failed",
        [PRINT_CANCELLED] = "cancelled",
        [PRINT_TIMEOUT] = "the job is still waiting in CUPS",
        [PRINT_IO] = "a file could not be written",
        [PRINT_RENDER] = "the page could not be made",
    };

    return texts[print_fault_of(kind)];
}

/* "paused: Hết giấy" — the problem of a job, or "" (static buffer). */
static const char *
problem(const struct print_job *j)
{
    static char buf[600];

    if (*j->error_kind == '\0')
        return "";
    if (*j->reason != '\0' && strstr(j->reason, fault_text(j->error_kind)) == NULL)
        snprintf(buf, sizeof buf, "%s: %s", fault_text(j->error_kind), j->reason);
    else if (*j->reason != '\0')
        snprintf(buf, sizeof buf, "%s", j->reason);
    else
        snprintf(buf, sizeof buf, "%s", fault_text(j->error_kind));
    return buf;
}

static const char *
where(const struct print_job *j)
{
    return *j->printer != '\0' ? j->printer : "the PDF folder";
}

/* Tell what became of job id; returns the exit status. */
static int
report(struct ctx *c, int64_t id)
{
    struct print_job *j = db_jobs_get(c->db, id);
    int rc = EXIT_FAULT;

    if (j == NULL) {
        fprintf(stderr, "kiosk-print: job %lld is gone\n", (long long)id);
        return EXIT_FAULT;
    }
    switch (j->state) {
    case JOB_DONE:
        if (*j->pdf_path != '\0')
            printf("%s %s: saved as %s\n", job_kind_name(j->kind), j->shown_no, j->pdf_path);
        else
            printf("%s %s: printed on %s (CUPS job %d)\n", job_kind_name(j->kind), j->shown_no,
                   j->printer, j->cups_job_id);
        rc = EXIT_OK;
        break;
    case JOB_QUEUED:
        fprintf(stderr,
                "kiosk-print: %s %s not printed: %s; it stays queued (job %lld) and is "
                "retried for %d minutes\n",
                job_kind_name(j->kind), j->shown_no, problem(j), (long long)j->id,
                c->retry_minutes);
        break;
    case JOB_SENT:
        fprintf(stderr,
                "kiosk-print: %s %s is still waiting on %s as CUPS job %d%s%s; cancel it with "
                "kiosk-print cancel %lld\n",
                job_kind_name(j->kind), j->shown_no, j->printer, j->cups_job_id,
                *problem(j) != '\0' ? ": " : "", problem(j), (long long)j->id);
        break;
    case JOB_SENDING:
        fprintf(stderr, "kiosk-print: %s %s is being sent to %s\n", job_kind_name(j->kind),
                j->shown_no, where(j));
        break;
    case JOB_FAILED:
        fprintf(stderr, "kiosk-print: %s %s failed: %s\n", job_kind_name(j->kind), j->shown_no,
                problem(j));
        break;
    case JOB_CANCELLED:
        fprintf(stderr, "kiosk-print: %s %s was cancelled\n", job_kind_name(j->kind), j->shown_no);
        break;
    }
    print_job_free(j);
    return rc;
}

/* Print job id now, in this process (it is kept from runners by not_before). */
static int
print_now(struct ctx *c, int64_t id)
{
    struct print_job *j = NULL;
    char *cause = NULL;

    if (db_jobs_claim_id(c->db, id, now_s(), c->owner, &j, &cause) != 0) {
        fprintf(stderr, "kiosk-print: %s\n", cause);
        free(cause);
        return EXIT_FAULT;
    }
    if (j != NULL) {
        process(c, j);
        print_job_free(j);
    }
    return report(c, id);
}

/* A named printer must exist before anything is queued for it. */
static int
check_printer_exists(const char *name)
{
    struct print_dest d;
    char *cause = NULL;
    enum print_fault f;

    if (name == NULL || *name == '\0')
        return 0;
    f = print_get_dest(name, &d, &cause);
    print_dest_done(&d);
    if (f == PRINT_NO_PRINTER || f == PRINT_NO_SERVICE || f == PRINT_NO_ANSWER) {
        fprintf(stderr, "kiosk-print: %s\n", cause);
        free(cause);
        return -1;
    }
    free(cause);
    return 0;
}

/*
 * Render job id's stored document into path (-o), through the file writer; a job only
 * written to a file (not sent) is done with that file. The kiosk checked path before it
 * queued the job; it is checked again here.
 */
static int
write_file(struct ctx *c, int64_t id, const char *path, bool send)
{
    struct print_job *j = NULL;
    struct rendered out;
    char *cause = NULL;
    int rc = EXIT_OK;

    if (db_jobs_claim_id(c->db, id, now_s(), c->owner, &j, &cause) != 0 || j == NULL) {
        fprintf(stderr, "kiosk-print: job %lld: %s\n", (long long)id,
                cause != NULL ? cause : "it is not queued");
        free(cause);
        return EXIT_FAULT;
    }
    if (render_job(c, j, job_paper(j, NULL), path, &out, &cause) != 0) {
        fprintf(stderr, "kiosk-print: %s\n", cause);
        mark_failed(c, j, PRINT_IO, cause);
        free(cause);
        print_job_free(j);
        return EXIT_USAGE;
    }
    printf("%s: %s (%.0f x %.0f mm%s)\n", job_kind_name(j->kind), path, out.w_mm, out.h_mm,
           out.pages > 1 ? ", several pages" : "");
    if (send) {
        /* Back to the queue for sending now, in this process. */
        db_note(j, db_jobs_requeue(c->db, id, "", "", now_s() + 3600, now_s(), &cause), &cause);
    } else {
        db_note(j, db_jobs_mark_done(c->db, id, path, now_s(), &cause), &cause);
        if (j->kind == JOB_SLIP)
            printf("slip %s\n", j->shown_no);
    }
    print_job_free(j);
    return rc;
}

/* kiosk-print job ID [-o FILE] [--send] [ID …]: what the kiosk's printing commands queued. */
static int
cmd_job(struct ctx *c, int argc, char **argv)
{
    int rc = EXIT_OK;

    if (argc == 0) {
        fprintf(stderr, "usage: kiosk-print job ID [-o FILE.pdf] [--send] [ID …]\n");
        return EXIT_USAGE;
    }
    for (int i = 0; i < argc; i++) {
        int id = text_parse_int(argv[i], 1, INT32_MAX);
        const char *file = NULL;
        bool send = false;
        int r = EXIT_OK;

        if (id < 0) {
            fprintf(stderr, "kiosk-print: job: \"%s\" is not a job id\n", argv[i]);
            return EXIT_USAGE;
        }
        while (i + 1 < argc && argv[i + 1][0] == '-') {
            if (strcmp(argv[i + 1], "--send") == 0) {
                send = true;
                i++;
            } else if (strcmp(argv[i + 1], "-o") == 0 && i + 2 < argc) {
                file = argv[i + 2];
                i += 2;
            } else {
                fprintf(stderr, "kiosk-print: job: unexpected \"%s\"\n", argv[i + 1]);
                return EXIT_USAGE;
            }
        }
        if (file != NULL)
            r = write_file(c, id, file, send);
        if (r == EXIT_OK && send)
            r = print_now(c, id);
        if (r != EXIT_OK && (rc == EXIT_OK || r == EXIT_USAGE))
            rc = r;
    }
    return rc;
}

static int
cmd_check_printer(int argc, char **argv)
{
    if (argc != 1) {
        fprintf(stderr, "usage: kiosk-print check-printer NAME\n");
        return EXIT_USAGE;
    }
    return check_printer_exists(argv[0]) == 0 ? EXIT_OK : EXIT_FAULT;
}

static int
cmd_xlsx(int argc, char **argv)
{
    const char *rows = NULL, *out = NULL;
    char *cause = NULL;

    for (int i = 0; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--rows") == 0)
            rows = argv[i + 1];
        else if (strcmp(argv[i], "-o") == 0)
            out = argv[i + 1];
    }
    if (rows == NULL || out == NULL || argc != 4) {
        fprintf(stderr, "usage: kiosk-print xlsx --rows FILE -o FILE.xlsx\n");
        return EXIT_USAGE;
    }
    if (xlsx_write_rows(rows, out, &cause) != 0) {
        fprintf(stderr, "kiosk-print: %s\n", cause);
        free(cause);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

static int
cmd_printers(struct ctx *c)
{
    struct print_dest *d = NULL;
    size_t n = 0;
    char *cause = NULL;
    enum print_fault f = print_list(&d, &n, &cause);
    const char *conf = c->cfg.printer.name != NULL ? c->cfg.printer.name : "";
    bool found = false;

    if (f != PRINT_OK) {
        fprintf(stderr, "kiosk-print: %s\n", cause);
        free(cause);
        return EXIT_FAULT;
    }
    if (n == 0)
        printf("CUPS has no printers.\n");
    for (size_t i = 0; i < n; i++) {
        bool configured = strcmp(d[i].name, conf) == 0;

        found |= configured;
        printf("%-20s %-8s %-9s media=%s", d[i].name, print_dest_state_name(&d[i]),
               d[i].accepting ? "accepting" : "rejecting", *d[i].media ? d[i].media : "?");
        if (d[i].media_w > 0)
            printf(" (%.0fx%.0f mm)", d[i].media_w, d[i].media_h);
        if (*d[i].message != '\0')
            printf(" reason=\"%s\"", d[i].message);
        if (strcmp(d[i].reasons, "none") != 0 && *d[i].reasons != '\0')
            printf(" [%s]", d[i].reasons);
        if (d[i].is_default)
            printf(" (CUPS default)");
        if (configured)
            printf(" (kiosk.conf)");
        printf("\n");
        print_dest_done(&d[i]);
    }
    free(d);
    if (*conf == '\0')
        printf("kiosk.conf names no printer: slips are saved as PDF in %s\n", c->cfg.pdf_dir);
    else if (!found) {
        fprintf(stderr, "kiosk-print: kiosk.conf names printer \"%s\", which CUPS does not have\n",
                conf);
        return EXIT_FAULT;
    }
    return EXIT_OK;
}

static void
print_job_line(const struct ctx *c, const struct print_job *j)
{
    char when[32];
    time_t t = (time_t)j->created_at;
    struct tm tm;
    const char *p = problem(j);

    localtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
    printf("  %-5lld %-18s %-8s %-9s %-16s tries=%d %s", (long long)j->id, j->shown_no,
           job_kind_name(j->kind), job_state_name(j->state), where(j), j->attempts, when);
    if (j->cups_job_id > 0)
        printf(" cups=%d", j->cups_job_id);
    if (strcmp(j->slip_no, j->shown_no) != 0)
        printf(" (%s)", j->slip_no);
    if (*p != '\0')
        printf(" — %s", p);
    else if (*j->reason != '\0')
        printf(" — %s", j->reason); /* a note, e.g. "split into 25 jobs: …" */
    if (print_job_expired(j, now_s(), c->retry_minutes))
        printf(" — too old to retry: reprint at the counter");
    printf("\n");
}

static int
cmd_jobs(struct ctx *c)
{
    static const struct {
        const char *title;
        enum jobs_filter f;
    } sections[] = {
        { "Waiting (queued)", JOBS_QUEUED },       { "Being sent", JOBS_SENDING },
        { "In CUPS, not printed yet", JOBS_SENT }, { "Failed", JOBS_FAILED },
        { "Recent (24 hours)", JOBS_RECENT },
    };
    char *cause = NULL;

    if (open_db(c) != 0)
        return EXIT_FAULT;
    for (size_t s = 0; s < sizeof sections / sizeof sections[0]; s++) {
        struct print_job_list l;

        if (db_jobs_list(c->db, sections[s].f, now_s() - RECENT_SECONDS, now_s(), c->retry_minutes,
                         50, &l, &cause) != 0) {
            fprintf(stderr, "kiosk-print: %s\n", cause);
            free(cause);
            return EXIT_FAULT;
        }
        if (l.n == 0 && sections[s].f != JOBS_QUEUED && sections[s].f != JOBS_FAILED) {
            print_job_list_free(&l);
            continue;
        }
        printf("%s: %zu\n", sections[s].title, l.n);
        for (size_t i = 0; i < l.n; i++)
            print_job_line(c, l.v[i]);
        print_job_list_free(&l);
    }
    return EXIT_OK;
}

/* A job by id ("12") or slip number ("20261128-0042"). */
static struct print_job *
find_job(struct ctx *c, const char *arg)
{
    int id = text_parse_int(arg, 1, INT32_MAX);
    struct print_job *j = id > 0 ? db_jobs_get(c->db, id) : db_jobs_get_slip(c->db, arg);

    if (j == NULL)
        fprintf(stderr, "kiosk-print: no print job %s\n", arg);
    return j;
}

static int
cmd_cancel(struct ctx *c, int argc, char **argv)
{
    struct print_job *j;
    char *cause = NULL;
    int state = 0, rc = EXIT_OK;

    if (argc != 1) {
        fprintf(stderr, "usage: kiosk-print cancel ID|SLIP_NO\n");
        return EXIT_USAGE;
    }
    if (open_db(c) != 0)
        return EXIT_FAULT;
    if ((j = find_job(c, argv[0])) == NULL)
        return EXIT_USAGE;
    if (j->state == JOB_SENT) {
        /* CUPS has it: cancel it there first, unless it printed meanwhile. */
        if (print_job_state(j->printer, j->cups_job_id, &state, &cause) == PRINT_OK &&
            state == PRINT_JOB_COMPLETED) {
            db_note(j, db_jobs_mark_done(c->db, j->id, NULL, now_s(), &cause), &cause);
            printf("job %lld (%s) had already printed\n", (long long)j->id, j->shown_no);
            print_job_free(j);
            return EXIT_FAULT;
        }
        free(cause);
        cause = NULL;
        if (print_cancel(j->printer, j->cups_job_id, &cause) != PRINT_OK) {
            fprintf(stderr, "kiosk-print: %s\n", cause);
            free(cause);
            print_job_free(j);
            return EXIT_FAULT;
        }
    }
    if (db_jobs_cancel(c->db, j->id, now_s(), &cause) != 0) {
        fprintf(stderr, "kiosk-print: %s\n", cause);
        free(cause);
        rc = EXIT_FAULT;
    } else {
        printf("job %lld (%s) cancelled\n", (long long)j->id, j->shown_no);
    }
    print_job_free(j);
    return rc;
}

static int
cmd_retry(struct ctx *c, int argc, char **argv)
{
    struct print_job *j;
    char *cause = NULL;
    int64_t id;

    if (argc != 1) {
        fprintf(stderr, "usage: kiosk-print retry ID|SLIP_NO\n");
        return EXIT_USAGE;
    }
    if (open_db(c) != 0)
        return EXIT_FAULT;
    if ((j = find_job(c, argv[0])) == NULL)
        return EXIT_USAGE;
    id = j->id;
    print_job_free(j);
    if (db_jobs_retry(c->db, id, now_s(), &cause) != 0) {
        fprintf(stderr, "kiosk-print: %s\n", cause);
        free(cause);
        return EXIT_FAULT;
    }
    return print_now(c, id);
}

/* flock on "<database>.print-lock": -1 when another runner holds it. */
static int
take_lock(const struct ctx *c, int *fd)
{
    char *path;

    xasprintf(&path, "%s.print-lock", c->cfg.database);
    *fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    free(path);
    if (*fd < 0)
        return 0; /* no lock file (read-only folder): claiming is still safe */
    if (flock(*fd, LOCK_EX | LOCK_NB) != 0) {
        close(*fd);
        *fd = -1;
        return -1;
    }
    return 0;
}

static int
cmd_run_queue(struct ctx *c, int argc, char **argv)
{
    bool once = false, lock = true;
    int fd = -1, printed = 0, count = 0, claimed, stuck;
    int64_t started = now_s();
    int64_t next_at = 0;
    char *cause = NULL;

    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--once") == 0)
            once = true;
        else if (strcmp(argv[i], "--no-lock") == 0)
            lock = false;
        else {
            fprintf(stderr, "kiosk-print: run-queue: unexpected \"%s\"\n", argv[i]);
            return EXIT_USAGE;
        }
    }
    /* The runner never creates a database: one that is missing was deleted under the kiosk. */
    if (c->db == NULL && db_open_existing(c->cfg.database, &c->db, &cause) != 0) {
        fprintf(stderr, "kiosk-print: %s\n", cause);
        log_msg(LOG_ERROR, "print: %s", cause);
        free(cause);
        return EXIT_FAULT;
    }
    if (lock && take_lock(c, &fd) != 0) {
        log_msg(LOG_INFO, "print: another queue runner is at work");
        return EXIT_OK;
    }
    /* Temporary PDFs a killed helper left in the PDF folder (never one being written). */
    {
        int removed = file_write_sweep(c->cfg.pdf_dir);

        if (removed > 0)
            log_msg(LOG_INFO, "print: removed %d unfinished PDF(s) from %s", removed,
                    c->cfg.pdf_dir);
    }
    for (;;) {
        /* A database deleted under a long-running runner is not written into any more. */
        if (db_check_file(c->db, &cause) != 0) {
            log_msg(LOG_ERROR, "print: %s; the queue runner stops", cause);
            free(cause);
            break;
        }
        claimed = 0;
        stuck = run_pass(c, once, &printed, &claimed);
        if (once)
            break;
        if (db_jobs_waiting(c->db, now_s(), c->retry_minutes, &count, &next_at, &cause) != 0) {
            log_msg(LOG_ERROR, "print: %s", cause);
            free(cause);
            break;
        }
        if (count == 0 && stuck == 0) {
            if (!lock)
                break;
            /* A job queued while this pass ended found the lock taken and its runner left:
             * look once more after letting go, and take the lock back if there is work. */
            close(fd);
            fd = -1;
            if (db_jobs_waiting(c->db, now_s(), c->retry_minutes, &count, &next_at, &cause) != 0) {
                free(cause);
                break;
            }
            if (count == 0 || take_lock(c, &fd) != 0)
                break;
            continue;
        }
        /* Jobs stuck in "sending" (CUPS could not be asked) keep a runner only as long as a
         * queued job would be retried; the next runner looks at them again. */
        if (count == 0 && now_s() >= started + (int64_t)c->retry_minutes * 60)
            break;
        /* A job queued during the pass is due now: go again at once (unless the pass could
         * claim nothing at all: then the database is in trouble; wait). */
        if (count > 0 && stuck == 0 && next_at <= now_s() && claimed > 0)
            continue;
        /* Something is waiting for a printer to come back: look again soon. */
        if (next_at > now_s() + RETRY_SECONDS || stuck > 0 || next_at <= now_s())
            next_at = now_s() + RETRY_SECONDS;
        sleep_ms((int)(next_at - now_s()) * 1000);
    }
    if (fd >= 0)
        close(fd);
    log_msg(LOG_INFO, "print: queue runner done, %d printed", printed);
    return EXIT_OK;
}

/* --- main ------------------------------------------------------------------------------- */

int
main(int argc, char **argv)
{
    static const struct {
        const char *name;
        bool db, fonts;
    } commands[] = {
        { "run-queue", true, true },       { "job", true, true },    { "printers", false, false },
        { "check-printer", false, false }, { "jobs", true, false },  { "cancel", true, false },
        { "retry", true, true },           { "xlsx", false, false },
    };
    struct ctx c = { 0 };
    char **rest = xcalloc((size_t)argc + 1, sizeof *rest);
    char *cmd = NULL;
    char *cause = NULL;
    int nrest = 0, rc = EXIT_USAGE;
    size_t k;

    /* Receipts are UTF-8 whatever the caller's locale (the kiosk passes its own). */
    if (setlocale(LC_ALL, "") == NULL)
        setlocale(LC_CTYPE, "C.UTF-8");
    /* Names and messages from CUPS and kiosk.conf reach the terminal without control
     * characters or bidi overrides (text_check.h). */
    stdout = text_terminal_filter(stdout);
    stderr = text_terminal_filter(stderr);
    setvbuf(stderr, NULL, _IONBF, 0);
    /* -c FILE before or after the command, like the kiosk. */
    for (int i = 1; i < argc; i++) {
        if ((strcmp(argv[i], "-c") == 0 || strcmp(argv[i], "--config") == 0) && i + 1 < argc) {
            c.conf_path = argv[++i];
        } else if (strncmp(argv[i], "--config=", 9) == 0) {
            c.conf_path = argv[i] + 9;
        } else if (cmd == NULL && (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)) {
            usage(stdout);
            free(rest);
            return EXIT_OK;
        } else if (cmd == NULL && argv[i][0] != '-') {
            cmd = argv[i];
        } else {
            rest[nrest++] = argv[i];
        }
    }
    if (cmd == NULL) {
        usage(stderr);
        free(rest);
        return EXIT_USAGE;
    }
    for (k = 0; k < sizeof commands / sizeof commands[0]; k++)
        if (strcmp(cmd, commands[k].name) == 0)
            break;
    if (k == sizeof commands / sizeof commands[0]) {
        fprintf(stderr, "kiosk-print: unknown command \"%s\"\n", cmd);
        usage(stderr);
        free(rest);
        return EXIT_USAGE;
    }
    if (c.conf_path == NULL)
        c.conf_path = config_default_path();
    if (load_config(&c) != 0) {
        free(rest);
        return EXIT_USAGE;
    }
    make_owner(&c);
    if (commands[k].fonts && pdf_check_fonts(&cause) != 0) {
        fprintf(stderr, "kiosk-print: %s\n", cause);
        free(cause);
        ctx_done(&c);
        free(rest);
        return EXIT_FAULT;
    }
    if (commands[k].db && strcmp(cmd, "run-queue") != 0 && open_db(&c) != 0) {
        ctx_done(&c);
        free(rest);
        return EXIT_FAULT;
    }
    if (nrest > 0 && (strcmp(cmd, "printers") == 0 || strcmp(cmd, "jobs") == 0)) {
        /* Extra arguments are an error, never silently ignored. */
        fprintf(stderr, "kiosk-print %s: unexpected \"%s\"\n", cmd, rest[0]);
        rc = EXIT_USAGE;
    } else if (strcmp(cmd, "run-queue") == 0)
        rc = cmd_run_queue(&c, nrest, rest);
    else if (strcmp(cmd, "job") == 0)
        rc = cmd_job(&c, nrest, rest);
    else if (strcmp(cmd, "printers") == 0)
        rc = cmd_printers(&c);
    else if (strcmp(cmd, "check-printer") == 0)
        rc = cmd_check_printer(nrest, rest);
    else if (strcmp(cmd, "jobs") == 0)
        rc = cmd_jobs(&c);
    else if (strcmp(cmd, "xlsx") == 0)
        rc = cmd_xlsx(nrest, rest);
    else if (strcmp(cmd, "cancel") == 0)
        rc = cmd_cancel(&c, nrest, rest);
    else if (strcmp(cmd, "retry") == 0)
        rc = cmd_retry(&c, nrest, rest);
    ctx_done(&c);
    free(rest);
    return rc;
}
