/*
 * Sending PDFs to a printer: CUPS through its destination API, and the PDF folder used when no
 * printer is configured. The only file that includes cups/cups.h (print helper only).
 *
 * Every call opens its own connection to the scheduler (cupsServer(): CUPS_SERVER, the
 * client.conf, or the local socket) and tells the faults apart, measured on Debian 12
 * (platform.md §2): a scheduler that is not running looks exactly like a missing queue to
 * cupsGetNamedDest, so the connection is tried first; a paused queue accepts jobs and keeps
 * them pending forever, so the destination is checked before sending and while following.
 * Nothing here touches the database: the caller (the queue runner) records what happened.
 */
#ifndef KIOSK_PRINT_H
#define KIOSK_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "print_fault.h"

/* Every CUPS call gives up after this many seconds (at most 15; print_timeout from
 * kiosk.conf is passed in, so a short print_timeout shortens it) with PRINT_NO_ANSWER. */
void print_set_deadline(int seconds);

/* IPP job states (job-state). */
enum {
    PRINT_JOB_PENDING = 3,
    PRINT_JOB_HELD = 4,
    PRINT_JOB_PROCESSING = 5,
    PRINT_JOB_STOPPED = 6,
    PRINT_JOB_CANCELED = 7,
    PRINT_JOB_ABORTED = 8,
    PRINT_JOB_COMPLETED = 9,
};

/* A CUPS destination as the kiosk sees it. Strings owned, never NULL. */
struct print_dest {
    char *name;
    bool is_default;
    int state;      /* printer-state: 3 idle, 4 processing, 5 stopped */
    bool accepting; /* printer-is-accepting-jobs */
    char *reasons;  /* printer-state-reasons, e.g. "paused" ("none" when fine) */
    char *message;  /* printer-state-message, e.g. "Hết giấy" ("" when none) */
    char *info;     /* printer-info */
    char *media;    /* the default media's name, e.g. "iso_a4_210x297mm" ("" unknown) */
    double media_w; /* its size in mm (0 when unknown) */
    double media_h;
};
void print_dest_done(struct print_dest *d);
/* "idle", "printing", "paused". */
const char *print_dest_state_name(const struct print_dest *d);

/* Every destination (*out, caller frees each with print_dest_done and the array). Returns
 * PRINT_OK, or the fault with *cause (caller frees). */
enum print_fault print_list(struct print_dest **out, size_t *n, char **cause);

/* Look a destination up. PRINT_OK with *out filled (caller print_dest_done), or
 * PRINT_NO_SERVICE / PRINT_NO_PRINTER / PRINT_FAILED with *cause. The state is not judged. */
enum print_fault print_get_dest(const char *name, struct print_dest *out, char **cause);

/* Can this destination take a job now? PRINT_OK, PRINT_PAUSED (*cause = CUPS's reason
 * text, "" when none) or PRINT_REJECTING (*cause = a sentence). */
enum print_fault print_dest_judge(const struct print_dest *d, char **cause);

/* Can name take a job now? PRINT_OK, or the fault with *cause: CUPS's reason text for
 * PRINT_PAUSED (printer-state-message, "" when CUPS gave none), else a sentence. */
enum print_fault print_check(const char *name, char **cause);

/* What to send: one job of one or more PDF documents. The queue sends one document per
 * job: cups-pdf (measured) stops after the first document of a large multi-document job. */
struct print_doc {
    const char *printer;      /* CUPS queue */
    const char *title;        /* the job name: the slip number, looked up after a crash */
    const char *path;         /* the PDF file, when there is one (paths == NULL) */
    const char *const *paths; /* else the PDF files, in order */
    size_t npaths;
    const char *page;  /* "A4", "A5", or NULL for a roll */
    double w_mm, h_mm; /* a roll's page: sent as PageSize=Custom.<W>x<H>mm */
};

/* Check the destination, then create the job and send the document. PRINT_OK with
 * *job_id, or the fault with *cause (see print_check). Once this returned PRINT_OK the job
 * is CUPS's: it is never sent again. */
enum print_fault print_submit(const struct print_doc *doc, int *job_id, char **cause);

/* A job's state (PRINT_JOB_*) and, when it is not moving (pending on a stopped queue,
 * stopped, aborted), why: the printer's state message or the job's (*why, caller frees,
 * "" when none; may be NULL). PRINT_OK, or PRINT_NO_SERVICE / PRINT_FAILED with *why. */
enum print_fault print_job_state(const char *printer, int job_id, int *state, char **why);

/* Find the newest job on printer named title created at or after since, among all jobs CUPS
 * remembers (completed ones too). *job_id = 0 when there is none. */
enum print_fault print_find_job(const char *printer, const char *title, int64_t since, int *job_id,
                                int *state, char **cause);

/* Cancel a job in CUPS (a job already finished is not an error). */
enum print_fault print_cancel(const char *printer, int job_id, char **cause);

/* The PDF folder backend: the path a job named name is saved as ("<dir>/<name>.pdf"; caller
 * frees). The file is written through file_write.h. */
char *print_dir_path(const char *dir, const char *name);

#endif
