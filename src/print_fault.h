/*
 * Why a print job is not printed (yet): one list shared by the kiosk, which tells residents
 * and staff, and the print helper, which finds out. Stored in print_jobs.error_kind by name
 * ("no_service", "paused"…); code on both sides compares the enum, never the text.
 */
#ifndef KIOSK_PRINT_FAULT_H
#define KIOSK_PRINT_FAULT_H

enum print_fault {
    PRINT_OK = 0,     /* "": no problem */
    PRINT_NO_SERVICE, /* "no_service": the print service (cupsd) is not running */
    PRINT_NO_PRINTER, /* "no_printer": no such queue */
    PRINT_PAUSED,     /* "paused": the queue is stopped (out of paper…): reason has why */
    PRINT_REJECTING,  /* "rejecting": the queue does not accept jobs */
    PRINT_FAILED,     /* "failed": CUPS refused, stopped or aborted the job */
    PRINT_CANCELLED,  /* "cancelled": the job was cancelled in CUPS */
    PRINT_TIMEOUT,    /* "timeout": still pending after print_timeout (kept in CUPS) */
    PRINT_IO,         /* "io": a local file could not be read or written */
    PRINT_RENDER,     /* "render": the stored document could not be made into a PDF */
    PRINT_NO_ANSWER,  /* "no_answer": the print service is running but did not answer before
                         the call's deadline (a hung or stopped cupsd) */
    PRINT_NFAULTS
};

/* The stored name ("" for PRINT_OK). */
const char *print_fault_name(enum print_fault f);
/* Back from a stored name: "" is PRINT_OK; a name this program does not know is
 * PRINT_FAILED (a job has a problem, whatever it is called). */
enum print_fault print_fault_of(const char *name);

#endif
