/*
 * kiosk-print: the print helper. The kiosk never links cairo, pango or CUPS (two processes,
 * by design); it writes a print_jobs row and starts "kiosk-print run-queue", or
 * execs "kiosk-print COMMAND …" for the printing subcommands staff type.
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

#include "catalog.h"
#include "config.h"
#include "db.h"
#include "db_jobs.h"
#include "flow.h"
#include "i18n.h"
#include "log.h"
#include "print/pdf.h"
#include "print/print.h"
#include "print/stats_cmd.h"
#include "receipt.h"
#include "xmalloc.h"

#define POLL_MS        100  /* between looks at a job CUPS is printing */
#define RETRY_SECONDS  5    /* between tries of a job that could not be sent */
#define COMMAND_HOLD   3600 /* a command's own job is kept from runners this long */
#define RECENT_SECONDS (24 * 3600)

/* Exit statuses: 0 done, 1 not printed (a printer fault; the job is kept), 2 bad input. */
enum { EXIT_OK = 0, EXIT_FAULT = 1, EXIT_USAGE = 2 };

struct ctx {
    const char *conf_path;
    struct config cfg;
    struct catalog *cat; /* loaded on first use */
    struct db *db;
    char owner[96]; /* "boot:pid:starttime": names this process in print_jobs.owner */
    int timeout;    /* seconds a sent job may stay pending */
    int retry_minutes;
};

/* Where a printing command sends its document. */
struct output {
    const char *file;    /* -o FILE.pdf */
    bool print;          /* --print: the configured printer (or the PDF folder) */
    const char *printer; /* --printer NAME */
    const char *paper;   /* --paper */
    const char *lang;    /* --lang */
    bool text;           /* --text: the plain-text rendering on stdout */
    bool queue;          /* --queue: only queue it for the runner, as the kiosk does */
};

static void
usage(FILE *f)
{
    fputs("usage: kiosk-print [-c FILE] COMMAND [ARGS]\n"
          "\n"
          "The kiosk's print helper: renders slips and handouts and prints them through CUPS.\n"
          "\n"
          "Commands:\n"
          "  run-queue [--once] [--no-lock]\n"
          "                      print every queued job, following each to its end\n"
          "  slip --service N [--answers 1,2] [--have 1,3] OUTPUT\n"
          "                      the preparation slip for those answers and ticks\n"
          "  handout (--all | --poster | N...) [--paper A4|A5] OUTPUT\n"
          "                      one page per service, or the poster of every service\n"
          "  printers            the CUPS printers with state, reason and default media\n"
          "  print-test [PRINTER] [OUTPUT]\n"
          "                      a test page with Vietnamese text and a QR code\n"
          "  jobs                queued, failed and recent print jobs\n"
          "  reprint SLIP_NO [OUTPUT]\n"
          "                      print a slip again (its number stays the same)\n"
          "  cancel ID|SLIP_NO   cancel a job that has not printed\n"
          "  retry ID|SLIP_NO    send a failed, cancelled or too old job again now\n"
          "  stats, report       statistics and the monthly report (see kiosk --help)\n"
          "\n"
          "OUTPUT (any of):\n"
          "  -o FILE.pdf         write the PDF to FILE.pdf\n"
          "  --print             send it to the configured printer (or the PDF folder)\n"
          "  --printer NAME      send it to that CUPS queue\n"
          "  --text              print its text on stdout\n"
          "  --queue             only queue it for `run-queue`, as the kiosk does\n"
          "Options: -c FILE (before or after the command), --lang vi|en, --paper 58mm|80mm|A5|A4\n"
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
    struct strlist problems = { 0 };
    char *cause = NULL;

    if (config_load(c->conf_path, &c->cfg, &problems) != 0) {
        for (size_t i = 0; i < problems.n; i++)
            fprintf(stderr, "%s\n", problems.v[i]);
        strlist_free(&problems);
        fprintf(stderr, "kiosk-print: %s has problems\n", c->conf_path);
        return -1;
    }
    strlist_free(&problems);
    if (c->cfg.timezone != NULL && *c->cfg.timezone != '\0') {
        setenv("TZ", c->cfg.timezone, 1);
        tzset();
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
    if (db_open(c->cfg.database, &c->db, &cause) != 0) {
        fprintf(stderr, "kiosk-print: database %s: %s\n", c->cfg.database, cause);
        free(cause);
        return -1;
    }
    return 0;
}

/* The catalog with the kiosk.conf portal overrides applied, as `kiosk catalog list` does. */
static int
load_catalog(struct ctx *c, char **cause)
{
    struct strlist problems = { 0 };

    if (c->cat != NULL)
        return 0;
    if (catalog_load(c->cfg.catalog, &c->cat, &problems) != 0)
        goto fail;
    if (c->cfg.national_url != NULL && *c->cfg.national_url != '\0' &&
        catalog_set_portal_base(c->cat, "dvcqg", c->cfg.national_url, &problems) != 0)
        goto fail;
    if (c->cfg.provincial_url != NULL && *c->cfg.provincial_url != '\0') {
        for (size_t i = 0; i < c->cat->nportals; i++)
            if (c->cat->portals[i].provincial &&
                catalog_set_portal_base(c->cat, c->cat->portals[i].id, c->cfg.provincial_url,
                                        &problems) != 0)
                goto fail;
    }
    strlist_free(&problems);
    return 0;

fail:
    xasprintf(cause, "catalog %s: %s", c->cfg.catalog,
              problems.n > 0 ? problems.v[0] : "cannot be loaded");
    strlist_free(&problems);
    catalog_free(c->cat);
    c->cat = NULL;
    return -1;
}

static void
ctx_done(struct ctx *c)
{
    catalog_free(c->cat);
    db_close(c->db);
    config_done(&c->cfg);
    log_close();
}

/* --- rendering ---------------------------------------------------------------------------- */

static enum lang
job_lang(const struct print_job *j)
{
    int l = lang_parse(j->lang);

    return l < 0 ? LANG_VI : (enum lang)l;
}

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

static void
today_iso(char buf[11])
{
    time_t t = time(NULL);
    struct tm tm;

    localtime_r(&t, &tm);
    strftime(buf, 11, "%Y-%m-%d", &tm);
}

static void
receipts_free(struct receipt *rs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        receipt_done(&rs[i]);
    free(rs);
}

/* The services a handout job covers: its list, or every service active today. */
static int
handout_services(struct ctx *c, const struct print_job *j, int **out, size_t *n, char **cause)
{
    char date[11];

    if (*j->services != '\0') {
        if (flow_parse_numbers(j->services, out, n) != 0 || *n == 0) {
            xasprintf(cause, "bad service list \"%s\"", j->services);
            return -1;
        }
        return 0;
    }
    today_iso(date);
    *out = xcalloc(c->cat->nservices + 1, sizeof **out);
    *n = 0;
    for (size_t i = 0; i < c->cat->nservices; i++)
        if (catalog_service_active(&c->cat->services[i], date))
            (*out)[(*n)++] = c->cat->services[i].number;
    if (*n == 0) {
        xasprintf(cause, "no service is active on %s", date);
        free(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}

/* Build what a job says: one receipt per page group (*rs, *n; caller frees with
 * receipts_free). A handout job gives one per service. */
static int
build_receipts(struct ctx *c, const struct print_job *j, struct receipt **rs, size_t *n,
               int **numbers, char **cause)
{
    enum lang lang = job_lang(j);
    const struct service *svc;
    int *answers = NULL, *have = NULL;
    size_t nanswers = 0, nhave = 0;
    char date[11];
    int rc = -1;

    *rs = NULL;
    *n = 0;
    if (numbers != NULL)
        *numbers = NULL;
    if (load_catalog(c, cause) != 0)
        return -1;
    if (*j->catalog_hash != '\0' && strcmp(j->catalog_hash, c->cat->hash) != 0)
        log_msg(LOG_WARN, "print: %s was asked with catalog %.12s, printed with %.12s", j->slip_no,
                j->catalog_hash, c->cat->hash);
    switch (j->kind) {
    case JOB_SLIP:
        svc = catalog_service(c->cat, j->service);
        if (svc == NULL) {
            xasprintf(cause, "no service %d in the catalog", j->service);
            break;
        }
        if (flow_parse_numbers(j->answers, &answers, &nanswers) != 0 ||
            flow_parse_numbers(j->have, &have, &nhave) != 0) {
            xasprintf(cause, "bad answers \"%s\" or ticks \"%s\"", j->answers, j->have);
            break;
        }
        *rs = xcalloc(1, sizeof **rs);
        *n = 1;
        rc = receipt_build_slip(&(struct slip_input){ .cat = c->cat,
                                                      .svc = svc,
                                                      .cfg = &c->cfg,
                                                      .answers = answers,
                                                      .nanswers = nanswers,
                                                      .have = have,
                                                      .nhave = nhave,
                                                      .slip_no = j->shown_no,
                                                      .when = (time_t)j->created_at,
                                                      .lang = lang },
                                *rs, cause);
        break;
    case JOB_HANDOUT:
        if (handout_services(c, j, &answers, &nanswers, cause) != 0)
            break;
        *rs = xcalloc(nanswers, sizeof **rs);
        rc = 0;
        for (size_t i = 0; i < nanswers && rc == 0; i++) {
            svc = catalog_service(c->cat, answers[i]);
            if (svc == NULL) {
                xasprintf(cause, "no service %d in the catalog", answers[i]);
                rc = -1;
                break;
            }
            (*n)++;
            rc = receipt_build_handout(c->cat, svc, &c->cfg, lang, &(*rs)[i], cause);
        }
        break;
    case JOB_POSTER:
        today_iso(date);
        *rs = xcalloc(1, sizeof **rs);
        *n = 1;
        rc = receipt_build_poster(c->cat, &c->cfg, date, lang, *rs, cause);
        break;
    case JOB_TEST:
        *rs = xcalloc(1, sizeof **rs);
        *n = 1;
        rc = receipt_build_test(c->cat, &c->cfg, *j->printer != '\0' ? j->printer : NULL,
                                (time_t)j->created_at, lang, *rs, cause);
        break;
    case JOB_REPORT: xasprintf(cause, "reports are not printed by the queue"); break;
    }
    if (rc == 0 && numbers != NULL && j->kind == JOB_HANDOUT) {
        *numbers = answers; /* the service numbers, one per receipt */
        answers = NULL;
    }
    free(answers);
    free(have);
    if (rc != 0) {
        receipts_free(*rs, *n);
        *rs = NULL;
        *n = 0;
    }
    return rc;
}

/* The PDFs a job was rendered into. */
struct rendered {
    char **paths; /* owned, each owned */
    int *numbers; /* owned: the service of each path (a handout of several), else NULL */
    size_t n;
    double w_mm, h_mm; /* the (first) page's size */
};

static void
rendered_done(struct rendered *out, bool remove)
{
    for (size_t i = 0; i < out->n; i++) {
        if (remove)
            unlink(out->paths[i]);
        free(out->paths[i]);
    }
    free(out->paths);
    free(out->numbers);
    memset(out, 0, sizeof *out);
}

/* "x.pdf" -> "x-09.pdf" (a handout of several services: one PDF per service). */
static char *
numbered_path(const char *path, int number)
{
    size_t len = strlen(path);
    char *p;

    if (len > 4 && strcmp(path + len - 4, ".pdf") == 0)
        xasprintf(&p, "%.*s-%02d.pdf", (int)(len - 4), path, number);
    else
        xasprintf(&p, "%s-%02d", path, number);
    return p;
}

/*
 * Render a job's PDF into path, or, when it has several receipts (a handout of several
 * services), one PDF per receipt at numbered_path(path, service). pdf_render writes each
 * file whole or not at all. On failure nothing is left behind.
 */
static int
render_job(struct ctx *c, const struct print_job *j, enum paper paper, const char *path,
           struct rendered *out, char **cause)
{
    struct receipt *rs;
    int *numbers = NULL;
    size_t n;
    int rc = 0;

    memset(out, 0, sizeof *out);
    if (j->kind == JOB_REPORT) {
        /* The monthly report (the staff part's): its month is in the services field. */
        if (stats_report_pdf(&c->cfg, j->services, path, cause) != 0)
            return -1;
        out->paths = xcalloc(1, sizeof *out->paths);
        out->paths[0] = xstrdup(path);
        out->n = 1;
        out->w_mm = paper_width_mm(PAPER_A4);
        out->h_mm = 297;
        return 0;
    }
    if (build_receipts(c, j, &rs, &n, &numbers, cause) != 0)
        return -1;
    out->paths = xcalloc(n, sizeof *out->paths);
    for (size_t i = 0; i < n && rc == 0; i++) {
        double w = 0, h = 0;

        if (n > 1 && numbers == NULL) { /* only a handout has several receipts */
            numbers = xcalloc(n, sizeof *numbers);
            for (size_t k = 0; k < n; k++)
                numbers[k] = (int)k + 1;
        }
        out->paths[i] = n == 1 ? xstrdup(path) : numbered_path(path, numbers[i]);
        out->n++;
        rc = pdf_render(&rs[i], paper, out->paths[i], &w, &h, cause);
        if (i == 0) {
            out->w_mm = w;
            out->h_mm = h;
        }
    }
    receipts_free(rs, n);
    if (n > 1)
        out->numbers = numbers;
    else
        free(numbers);
    if (rc != 0)
        rendered_done(out, true);
    return rc;
}

/* --- following a job ------------------------------------------------------------------- */

static void
note_error(struct ctx *c, struct print_job *j, const char *kind, const char *reason)
{
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
mark_failed(struct ctx *c, struct print_job *j, const char *kind, const char *reason)
{
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

        if (f == PRINT_NO_SERVICE) {
            /* CUPS keeps its jobs across a restart: look again later, never send again. */
            note_error(c, j, "no_service", why);
            free(why);
            return JOB_SENT;
        }
        if (f != PRINT_OK) {
            mark_failed(c, j, "failed", why);
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
            mark_failed(c, j, "failed", *why != '\0' ? why : "CUPS aborted the job");
            free(why);
            return JOB_FAILED;
        case PRINT_JOB_STOPPED:
            /* A filter or backend failure stops the job: cancel it, so that it cannot come
             * back and print unseen after staff have retried or reprinted it. */
            print_cancel(j->printer, j->cups_job_id, &cause);
            free(cause);
            cause = NULL;
            mark_failed(c, j, "failed", *why != '\0' ? why : "CUPS stopped the job");
            free(why);
            return JOB_FAILED;
        default: break;
        }
        /* Pending or held: say why while it waits (a paused printer's message). */
        if (state != PRINT_JOB_PROCESSING && print_check(j->printer, &msg) == PRINT_PAUSED)
            note_error(c, j, "paused", msg);
        free(msg);
        if (now_s() >= deadline) {
            if (wait > 0) {
                log_msg(LOG_WARN, "print: %s still pending in CUPS (job %d) after %d s", j->slip_no,
                        j->cups_job_id, wait);
                note_error(c, j, "timeout", why);
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

/* The PDF folder backend: <pdf_dir>/<slip_no>.pdf (several services: <slip_no>-NN.pdf),
 * each rendered to a temporary name and renamed into place, so no reader sees half a file. */
static enum job_state
deliver_dir(struct ctx *c, struct print_job *j)
{
    char *tmp = print_dir_tmp_path(c->cfg.pdf_dir, j->slip_no);
    char *path = print_dir_path(c->cfg.pdf_dir, j->slip_no);
    char *cause = NULL;
    struct rendered out = { 0 };
    enum job_state st = JOB_DONE;

    if (config_mkdir_p(c->cfg.pdf_dir, &cause) != 0) {
        st = mark_failed(c, j, "io", cause);
    } else if (render_job(c, j, job_paper(j, NULL), tmp, &out, &cause) != 0) {
        st = mark_failed(c, j, "render", cause);
    } else {
        for (size_t i = 0; i < out.n && st == JOB_DONE; i++) {
            char *final = out.n == 1 ? xstrdup(path) : numbered_path(path, out.numbers[i]);

            if (print_dir_commit(out.paths[i], final, &cause) != 0)
                st = mark_failed(c, j, "io", cause);
            free(final);
        }
        if (st == JOB_DONE) {
            log_msg(LOG_INFO, "print: %s saved as %s", j->slip_no, path);
            db_note(j, db_jobs_mark_done(c->db, j->id, path, now_s(), &cause), &cause);
        }
    }
    rendered_done(&out, st != JOB_DONE);
    free(cause);
    free(tmp);
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
        st = mark_failed(c, j, tmp == NULL ? "io" : "render", cause);
        if (tmp != NULL)
            unlink(tmp);
        free(tmp);
        free(cause);
        return st;
    }
    f = print_submit(&(struct print_doc){ .printer = j->printer,
                                          .title = j->slip_no,
                                          .paths = (const char *const *)out.paths,
                                          .npaths = out.n,
                                          .page = is_roll(paper) ? NULL : paper_name(paper),
                                          .w_mm = out.w_mm,
                                          .h_mm = out.h_mm },
                     &cups_id, &cause);
    /* CUPS has its own copy now (or nothing to print): the files go before anything else. */
    if (out.n != 1 || strcmp(out.paths[0], tmp) != 0)
        unlink(tmp); /* mkstemp's placeholder, when the PDFs got numbered names */
    rendered_done(&out, true);
    free(tmp);
    switch (f) {
    case PRINT_OK:
        log_msg(LOG_INFO, "print: %s sent to %s as CUPS job %d", j->slip_no, j->printer, cups_id);
        crash_point("submitted");
        st = sent(c, j, cups_id);
        break;
    case PRINT_NO_SERVICE:
    case PRINT_NO_PRINTER:
    case PRINT_PAUSED:
    case PRINT_REJECTING: st = requeue(c, j, f, cause); break;
    default: st = mark_failed(c, j, print_fault_name(f), cause); break;
    }
    free(cause);
    return st;
}

/* A handout job of several services (or all of them) is printed as one job per service:
 * one page, one CUPS job, one name each (multi-document CUPS jobs are not reliable: cups-pdf
 * stops after the first document of a large job). */
static bool
is_multi_handout(const struct print_job *j)
{
    return j->kind == JOB_HANDOUT && (*j->services == '\0' || strchr(j->services, ',') != NULL);
}

/* Split a claimed multi-service handout into one queued job per service (db_jobs_split).
 * Returns 0 with the new ids (*ids, caller frees), or -1 (the job is marked failed). */
static int
split_handout(struct ctx *c, struct print_job *j, int64_t **ids, size_t *n)
{
    int *numbers = NULL;
    size_t count = 0;
    char **parts;
    char *cause = NULL;
    int rc;

    *ids = NULL;
    *n = 0;
    if (load_catalog(c, &cause) != 0 || handout_services(c, j, &numbers, &count, &cause) != 0) {
        mark_failed(c, j, "render", cause);
        free(cause);
        return -1;
    }
    parts = xcalloc(count, sizeof *parts);
    for (size_t i = 0; i < count; i++)
        xasprintf(&parts[i], "%d", numbers[i]);
    rc = db_jobs_split(c->db, j->id, (const char *const *)parts, count, now_s(), ids, &cause);
    if (rc != 0) {
        mark_failed(c, j, "io", cause);
        free(cause);
    } else {
        log_msg(LOG_INFO, "print: %s split into %zu handouts", j->slip_no, count);
        *n = count;
    }
    for (size_t i = 0; i < count; i++)
        free(parts[i]);
    free(parts);
    free(numbers);
    return rc;
}

/* Print a job this process has just claimed (state "sending"), to its end. A handout of
 * several services becomes one queued job per service, which the pass then prints. */
static enum job_state
process(struct ctx *c, struct print_job *j)
{
    int64_t *ids;
    size_t n;

    crash_point("claimed");
    if (is_multi_handout(j)) {
        if (split_handout(c, j, &ids, &n) != 0)
            return JOB_FAILED;
        free(ids);
        return JOB_DONE;
    }
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
    if (is_multi_handout(j)) {
        /* It is never sent whole: it was not split yet. */
        db_note(j, db_jobs_requeue(c->db, j->id, "", "", 0, now_s(), &cause), &cause);
        return true;
    }
    if (*j->printer == '\0') {
        deliver_dir(c, j); /* the rename is atomic: render again */
        return true;
    }
    f = print_find_job(j->printer, j->slip_no, j->created_at, &id, &state, &cause);
    if (f != PRINT_OK) {
        note_error(c, j, print_fault_name(f), cause);
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

static const char *
fault_text(const char *kind)
{
    static const struct {
        const char *kind, *text;
    } texts[] = {
        { "no_service", "the print service (CUPS) is not running" },
        { "no_printer", "no such printer" },
        { "paused", "the printer is paused" },
        { "rejecting", "the printer is not accepting jobs" },
        { "failed", "the job failed" },
        { "timeout", "the job is still waiting in CUPS" },
        { "render", "the page could not be made" },
        { "io", "a file could not be written" },
        { "cancelled", "cancelled" },
    };

    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (strcmp(kind, texts[i].kind) == 0)
            return texts[i].text;
    return kind;
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
    int64_t *ids = NULL;
    size_t n = 0;
    int rc = EXIT_OK;

    if (db_jobs_claim_id(c->db, id, now_s(), c->owner, &j, &cause) != 0) {
        fprintf(stderr, "kiosk-print: %s\n", cause);
        free(cause);
        return EXIT_FAULT;
    }
    if (j != NULL && is_multi_handout(j)) {
        crash_point("claimed");
        if (split_handout(c, j, &ids, &n) != 0) {
            print_job_free(j);
            return report(c, id);
        }
        print_job_free(j);
        for (size_t i = 0; i < n; i++)
            if (print_now(c, ids[i]) != EXIT_OK)
                rc = EXIT_FAULT;
        free(ids);
        return rc;
    }
    if (j != NULL) {
        process(c, j);
        print_job_free(j);
    }
    return report(c, id);
}

/* A number in [lo, hi]; -1 when s is not one. */
static int
parse_int(const char *s, int lo, int hi)
{
    char *end;
    long v;

    if (s == NULL || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < lo || v > hi)
        return -1;
    return (int)v;
}

/* The destination an OUTPUT names: "" = the PDF folder, NULL = none asked. */
static const char *
output_printer(const struct ctx *c, const struct output *o)
{
    if (o->printer != NULL)
        return o->printer;
    if (o->print || o->queue)
        return c->cfg.printer.name != NULL ? c->cfg.printer.name : "";
    return NULL;
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
    if (f == PRINT_NO_PRINTER || f == PRINT_NO_SERVICE) {
        fprintf(stderr, "kiosk-print: %s\n", cause);
        free(cause);
        return -1;
    }
    free(cause);
    return 0;
}

/* Can path be written? (Checked before anything is queued or rendered.) */
static int
check_writable(const char *path)
{
    char *tmp;
    int fd;

    xasprintf(&tmp, "%s.tmp", path);
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        fprintf(stderr, "kiosk-print: cannot write %s: %s\n", path, strerror(errno));
        free(tmp);
        return -1;
    }
    close(fd);
    unlink(tmp);
    free(tmp);
    return 0;
}

/* Write a job's PDF to a file of the user's (-o): pdf_render writes it whole or not at all
 * (a handout of several services: one file per service, FILE-NN.pdf). */
static int
write_file(struct ctx *c, const struct print_job *j, const char *path)
{
    struct rendered out;
    char *cause = NULL;

    if (render_job(c, j, job_paper(j, NULL), path, &out, &cause) != 0) {
        fprintf(stderr, "kiosk-print: %s\n", cause);
        free(cause);
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < out.n; i++)
        printf("%s: %s (%.0f x %.0f mm)\n", job_kind_name(j->kind), out.paths[i], out.w_mm,
               out.h_mm);
    rendered_done(&out, false);
    return EXIT_OK;
}

static int
write_text(struct ctx *c, const struct print_job *j)
{
    struct receipt *rs;
    size_t n;
    char *cause = NULL;

    if (build_receipts(c, j, &rs, &n, NULL, &cause) != 0) {
        fprintf(stderr, "kiosk-print: %s\n", cause);
        free(cause);
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < n; i++) {
        char *text = receipt_to_text(&rs[i]);

        fputs(text, stdout);
        free(text);
    }
    receipts_free(rs, n);
    return EXIT_OK;
}

/* A job row that is not (yet) in the database: what a command is about to queue. */
static struct print_job *
draft_job(const struct print_job_new *n, const char *printer)
{
    struct print_job *j = xcalloc(1, sizeof *j);

#define S(x) xstrdup((x) != NULL ? (x) : "")
    j->kind = n->kind;
    j->slip_no = xstrdup("00000000-0000");
    j->shown_no = xstrdup("00000000-0000");
    j->service = n->service;
    j->services = S(n->services);
    j->catalog_hash = S(n->catalog_hash);
    j->answers = S(n->answers);
    j->have = S(n->have);
    j->paper = S(n->paper);
    j->printer = S(printer);
    j->lang = xstrdup(n->lang != NULL && *n->lang != '\0' ? n->lang : "vi");
    j->owner = xstrdup("");
    j->error_kind = xstrdup("");
    j->reason = xstrdup("");
    j->pdf_path = xstrdup("");
#undef S
    j->created_at = now_s();
    return j;
}

/*
 * Produce the document a command asked for: check it first (by building it), then print
 * --text, write -o, and queue and print --print / --printer. A slip always gets a numbered
 * row (the resident may ask for a reprint), even when it is only written to a file.
 */
static int
produce(struct ctx *c, const struct print_job_new *n, const struct output *o)
{
    const char *dest = output_printer(c, o);
    struct print_job *draft, *j;
    struct print_job_new row = *n;
    struct receipt *rs;
    size_t nrs;
    char *cause = NULL;
    int64_t id = 0;
    int rc = EXIT_OK;

    if (o->file == NULL && dest == NULL && !o->text) {
        fprintf(stderr, "kiosk-print: say where it goes: -o FILE.pdf, --print, --printer NAME "
                        "or --text\n");
        return EXIT_USAGE;
    }
    /* Bad input is reported before anything is queued. */
    draft = draft_job(n, dest);
    if (build_receipts(c, draft, &rs, &nrs, NULL, &cause) != 0) {
        fprintf(stderr, "kiosk-print: %s\n", cause);
        free(cause);
        print_job_free(draft);
        return EXIT_USAGE;
    }
    receipts_free(rs, nrs);
    if (o->file != NULL && check_writable(o->file) != 0) {
        print_job_free(draft);
        return EXIT_USAGE;
    }
    /* A command checks its printer first; a queued job (the kiosk's way) reports it later. */
    if (!o->queue && check_printer_exists(dest) != 0) {
        print_job_free(draft);
        return EXIT_FAULT;
    }
    if (o->text)
        rc = write_text(c, draft);
    if (o->file == NULL && dest == NULL) {
        print_job_free(draft);
        return rc;
    }

    row.printer = dest != NULL ? dest : "";
    row.catalog_hash = c->cat->hash;
    row.not_before = o->queue ? 0 : now_s() + COMMAND_HOLD;
    if (open_db(c) != 0) {
        print_job_free(draft);
        return EXIT_FAULT;
    }
    if (n->kind == JOB_SLIP || dest != NULL) {
        char *no = NULL;

        if (db_jobs_enqueue(c->db, &row, now_s(), &id, &no, &cause) != 0) {
            fprintf(stderr, "kiosk-print: %s\n", cause);
            free(cause);
            print_job_free(draft);
            return EXIT_FAULT;
        }
        if (o->queue) {
            /* What the kiosk does: the row is the request; a runner prints it. */
            printf("queued %s %s as job %lld for %s\n", job_kind_name(n->kind), no, (long long)id,
                   *row.printer != '\0' ? row.printer : "the PDF folder");
            free(no);
            print_job_free(draft);
            return EXIT_OK;
        }
        free(no);
    }
    if (o->file != NULL) {
        j = id > 0 ? db_jobs_get(c->db, id) : NULL;
        rc = write_file(c, j != NULL ? j : draft, o->file);
        if (rc == EXIT_OK && j != NULL && dest == NULL) {
            /* Only a file was asked for: the slip's row is done, with that file. */
            struct print_job *claimed = NULL;

            if (db_jobs_claim_id(c->db, id, now_s(), c->owner, &claimed, &cause) == 0 &&
                claimed != NULL)
                db_note(claimed, db_jobs_mark_done(c->db, id, o->file, now_s(), &cause), &cause);
            else
                free(cause);
            print_job_free(claimed);
            printf("slip %s\n", j->shown_no);
        }
        print_job_free(j);
        if (rc != EXIT_OK || dest == NULL) {
            print_job_free(draft);
            return rc;
        }
    }
    print_job_free(draft);
    return print_now(c, id);
}

/* Parse an OUTPUT option at argv[*i]; true when it was one. */
static bool
output_option(int argc, char **argv, int *i, struct output *o, int *bad)
{
    const char *a = argv[*i];
    const char **slot = NULL;

    if (strcmp(a, "--print") == 0) {
        o->print = true;
        return true;
    }
    if (strcmp(a, "--text") == 0) {
        o->text = true;
        return true;
    }
    if (strcmp(a, "--queue") == 0) {
        o->queue = true;
        return true;
    }
    if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0)
        slot = &o->file;
    else if (strcmp(a, "--printer") == 0)
        slot = &o->printer;
    else if (strcmp(a, "--paper") == 0)
        slot = &o->paper;
    else if (strcmp(a, "--lang") == 0)
        slot = &o->lang;
    else
        return false;
    if (*i + 1 >= argc || argv[*i + 1][0] == '\0') {
        fprintf(stderr, "kiosk-print: %s needs a value\n", a);
        *bad = 1;
        return true;
    }
    *slot = argv[++*i];
    return true;
}

static int
check_output(const struct output *o, bool pages_only)
{
    enum paper p;

    if (o->paper != NULL && (paper_parse(o->paper, &p) != 0 || (pages_only && is_roll(p)))) {
        fprintf(stderr, "kiosk-print: --paper: \"%s\" is not %s\n", o->paper,
                pages_only ? "A4 or A5" : "58mm, 80mm, A5 or A4");
        return -1;
    }
    if (o->lang != NULL && lang_parse(o->lang) < 0) {
        fprintf(stderr, "kiosk-print: --lang: \"%s\" is not vi or en\n", o->lang);
        return -1;
    }
    if (o->printer != NULL && o->print) {
        fprintf(stderr, "kiosk-print: --print and --printer: choose one\n");
        return -1;
    }
    if (o->queue && (o->print || o->file != NULL)) {
        fprintf(stderr, "kiosk-print: --queue only queues: no --print or -o with it\n");
        return -1;
    }
    return 0;
}

static const char *
default_lang(const struct ctx *c, const struct output *o)
{
    return o->lang != NULL ? o->lang : lang_code((enum lang)c->cfg.default_lang);
}

static const char *
default_paper(const struct ctx *c, const struct output *o)
{
    if (o->paper != NULL)
        return o->paper;
    return c->cfg.printer.paper != NULL ? c->cfg.printer.paper : "";
}

static int
cmd_slip(struct ctx *c, int argc, char **argv)
{
    struct output o = { 0 };
    const char *service = NULL, *answers = "", *have = "";
    int *v = NULL;
    size_t nv = 0;
    int bad = 0, number;
    char *cause = NULL;

    for (int i = 0; i < argc && !bad; i++) {
        if (output_option(argc, argv, &i, &o, &bad))
            continue;
        if ((strcmp(argv[i], "--service") == 0 || strcmp(argv[i], "--answers") == 0 ||
             strcmp(argv[i], "--have") == 0) &&
            i + 1 < argc) {
            const char **slot = argv[i][2] == 's' ? &service : argv[i][2] == 'a' ? &answers : &have;

            *slot = argv[++i];
            continue;
        }
        fprintf(stderr, "kiosk-print: slip: unexpected \"%s\"\n", argv[i]);
        bad = 1;
    }
    if (bad || check_output(&o, false) != 0)
        return EXIT_USAGE;
    if (service == NULL) {
        fprintf(stderr, "kiosk-print: slip: --service N is required\n");
        return EXIT_USAGE;
    }
    number = parse_int(service, 1, 999);
    if (number < 0) {
        fprintf(stderr, "kiosk-print: --service: \"%s\" is not a service number\n", service);
        return EXIT_USAGE;
    }
    if (flow_parse_numbers(answers, &v, &nv) != 0) {
        fprintf(stderr, "kiosk-print: --answers: \"%s\" is not a list like 1,2\n", answers);
        return EXIT_USAGE;
    }
    free(v);
    if (flow_parse_numbers(have, &v, &nv) != 0) {
        fprintf(stderr, "kiosk-print: --have: \"%s\" is not a list like 1,3\n", have);
        return EXIT_USAGE;
    }
    free(v);
    if (load_catalog(c, &cause) != 0) {
        fprintf(stderr, "kiosk-print: %s\n", cause);
        free(cause);
        return EXIT_USAGE;
    }
    if (catalog_service(c->cat, number) == NULL) {
        fprintf(stderr, "kiosk-print: --service: no service %d in the catalog\n", number);
        return EXIT_USAGE;
    }
    return produce(c,
                   &(struct print_job_new){ .kind = JOB_SLIP,
                                            .service = number,
                                            .answers = answers,
                                            .have = have,
                                            .paper = default_paper(c, &o),
                                            .lang = default_lang(c, &o) },
                   &o);
}

static int
cmd_handout(struct ctx *c, int argc, char **argv)
{
    struct output o = { 0 };
    bool all = false, poster = false;
    int bad = 0;
    int *numbers = NULL;
    size_t n = 0;
    char *cause = NULL;
    int rc = EXIT_OK;

    numbers = xcalloc((size_t)argc + 1, sizeof *numbers);
    for (int i = 0; i < argc && !bad; i++) {
        if (output_option(argc, argv, &i, &o, &bad))
            continue;
        if (strcmp(argv[i], "--all") == 0) {
            all = true;
        } else if (strcmp(argv[i], "--poster") == 0) {
            poster = true;
        } else if ((numbers[n] = parse_int(argv[i], 1, 999)) > 0) {
            n++;
        } else {
            fprintf(stderr, "kiosk-print: handout: \"%s\" is not a service number\n", argv[i]);
            bad = 1;
        }
    }
    if (!bad && (all + poster + (n > 0)) != 1) {
        fprintf(stderr, "kiosk-print: handout: give --all, --poster or service numbers\n");
        bad = 1;
    }
    if (bad || check_output(&o, true) != 0) {
        free(numbers);
        return EXIT_USAGE;
    }
    if (load_catalog(c, &cause) != 0) {
        fprintf(stderr, "kiosk-print: %s\n", cause);
        free(cause);
        free(numbers);
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < n; i++) {
        if (catalog_service(c->cat, numbers[i]) == NULL) {
            fprintf(stderr, "kiosk-print: handout: no service %d in the catalog\n", numbers[i]);
            free(numbers);
            return EXIT_USAGE;
        }
    }
    if (poster) {
        rc = produce(c,
                     &(struct print_job_new){ .kind = JOB_POSTER,
                                              .paper = o.paper != NULL ? o.paper : "A4",
                                              .lang = default_lang(c, &o) },
                     &o);
    } else {
        char *services = flow_format_numbers(numbers, n); /* "" for --all: every service */

        rc = produce(c,
                     &(struct print_job_new){ .kind = JOB_HANDOUT,
                                              .services = services,
                                              .paper = o.paper != NULL ? o.paper : "A4",
                                              .lang = default_lang(c, &o) },
                     &o);
        free(services);
    }
    free(numbers);
    return rc;
}

static int
cmd_print_test(struct ctx *c, int argc, char **argv)
{
    struct output o = { 0 };
    int bad = 0;

    for (int i = 0; i < argc && !bad; i++) {
        if (output_option(argc, argv, &i, &o, &bad))
            continue;
        if (argv[i][0] != '-' && o.printer == NULL) {
            o.printer = argv[i];
            continue;
        }
        fprintf(stderr, "kiosk-print: print-test: unexpected \"%s\"\n", argv[i]);
        bad = 1;
    }
    if (bad || check_output(&o, false) != 0)
        return EXIT_USAGE;
    if (o.file == NULL && o.printer == NULL && !o.text)
        o.print = true;
    return produce(c,
                   &(struct print_job_new){ .kind = JOB_TEST,
                                            .paper = default_paper(c, &o),
                                            .lang = default_lang(c, &o) },
                   &o);
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
    int id = parse_int(arg, 1, INT32_MAX);
    struct print_job *j = id > 0 ? db_jobs_get(c->db, id) : db_jobs_get_slip(c->db, arg);

    if (j == NULL)
        fprintf(stderr, "kiosk-print: no print job %s\n", arg);
    return j;
}

static int
cmd_reprint(struct ctx *c, int argc, char **argv)
{
    struct output o = { 0 };
    const char *slip = NULL;
    int bad = 0, rc;
    char *cause = NULL, *no = NULL;
    int64_t id = 0;
    struct print_job *old;

    for (int i = 0; i < argc && !bad; i++) {
        if (output_option(argc, argv, &i, &o, &bad))
            continue;
        if (slip == NULL && argv[i][0] != '-') {
            slip = argv[i];
            continue;
        }
        fprintf(stderr, "kiosk-print: reprint: unexpected \"%s\"\n", argv[i]);
        bad = 1;
    }
    if (bad || check_output(&o, false) != 0)
        return EXIT_USAGE;
    if (slip == NULL) {
        fprintf(stderr, "kiosk-print: reprint: which slip? (e.g. 20261128-0042)\n");
        return EXIT_USAGE;
    }
    if (open_db(c) != 0)
        return EXIT_FAULT;
    old = db_jobs_get_slip(c->db, slip);
    if (old == NULL) {
        fprintf(stderr, "kiosk-print: reprint: no slip numbered %s\n", slip);
        return EXIT_USAGE;
    }
    if (o.file != NULL) {
        rc = check_writable(o.file) == 0 ? write_file(c, old, o.file) : EXIT_USAGE;
        if (rc != EXIT_OK || (o.printer == NULL && !o.print)) {
            print_job_free(old);
            return rc;
        }
    }
    print_job_free(old);
    if (check_printer_exists(output_printer(c, &o)) != 0)
        return EXIT_FAULT;
    if (db_jobs_reprint(c->db, slip, output_printer(c, &o), now_s(), &id, &no, &cause) != 0) {
        fprintf(stderr, "kiosk-print: reprint: %s\n", cause);
        free(cause);
        return EXIT_FAULT;
    }
    free(no);
    return print_now(c, id);
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
    for (;;) {
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
        { "run-queue", true, true },  { "slip", false, true },       { "handout", false, true },
        { "printers", false, false }, { "print-test", false, true }, { "jobs", true, false },
        { "reprint", true, true },    { "cancel", true, false },     { "retry", true, true },
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
    if (strcmp(cmd, "stats") == 0 || strcmp(cmd, "report") == 0) {
        /* The staff part's commands (src/print/stats_cmd.c): argv[0] is the command. */
        memmove(rest + 1, rest, (size_t)nrest * sizeof *rest);
        rest[0] = cmd;
        nrest++;
        rest[nrest] = NULL;
        if (c.conf_path == NULL)
            c.conf_path = config_default_path();
        rc = strcmp(cmd, "stats") == 0 ? stats_cmd_stats(c.conf_path, nrest, rest, stdout, stderr)
                                       : stats_cmd_report(c.conf_path, nrest, rest, stdout, stderr);
        free(rest);
        return rc;
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
    if (strcmp(cmd, "run-queue") == 0)
        rc = cmd_run_queue(&c, nrest, rest);
    else if (strcmp(cmd, "slip") == 0)
        rc = cmd_slip(&c, nrest, rest);
    else if (strcmp(cmd, "handout") == 0)
        rc = cmd_handout(&c, nrest, rest);
    else if (strcmp(cmd, "printers") == 0)
        rc = cmd_printers(&c);
    else if (strcmp(cmd, "print-test") == 0)
        rc = cmd_print_test(&c, nrest, rest);
    else if (strcmp(cmd, "jobs") == 0)
        rc = cmd_jobs(&c);
    else if (strcmp(cmd, "reprint") == 0)
        rc = cmd_reprint(&c, nrest, rest);
    else if (strcmp(cmd, "cancel") == 0)
        rc = cmd_cancel(&c, nrest, rest);
    else if (strcmp(cmd, "retry") == 0)
        rc = cmd_retry(&c, nrest, rest);
    ctx_done(&c);
    free(rest);
    return rc;
}
