/*
 * Queueing a document for print: the kiosk side of the print queue. Every document — a
 * resident's slip, staff handouts, the poster, a test page, the monthly report — is built
 * here as struct receipt (receipt.h) from the catalog the kiosk shows (kiosk.conf's portal
 * overrides applied), serialized (receipt_json.h) and stored in its print_jobs row in the
 * same transaction that gives it its number. The print helper (kiosk-print) renders that
 * stored document and sends it; it never reads the catalog. The screens and the printing
 * commands (`kiosk slip`, `handout`, `print-test`, `report`, `reprint`) all come through
 * here. Core code: no curses, no cairo, no CUPS.
 */
#ifndef KIOSK_PRINT_DOCS_H
#define KIOSK_PRINT_DOCS_H

#include <stddef.h>
#include <stdint.h>

#include "i18n.h"

struct catalog;
struct config;
struct db;
struct print_request;
struct receipt;
struct slip_input;

/* Where a document goes and how it is printed. Strings borrowed. */
struct doc_target {
    const char *printer; /* CUPS queue; "" or NULL = the PDF folder */
    const char *paper;   /* "58mm", "80mm", "A5", "A4"; "" or NULL = the default */
    enum lang lang;
    int64_t not_before; /* not claimed by a queue runner before this time (0 = at once) */
};

/* What a queued job got: its row id and its number (caller frees). */
struct doc_queued {
    int64_t id;
    char *number;
};

/*
 * The slip's inputs for a checklist's print request (answers, ticks, what the resident still
 * has to do first…): the one place a print request becomes a struct slip_input. Everything
 * is borrowed from req, cat and cfg; slip_no is the caller's. -1 with *cause when the
 * catalog has no such service.
 */
int docs_slip_input(const struct print_request *req, const struct catalog *cat,
                    const struct config *cfg, const char *slip_no, int64_t when,
                    struct slip_input *out, char **cause);

/* Build the slip a request prints, numbered slip_no. -1 with *cause (bad answers, ticks or
 * service). */
int docs_build_slip(const struct print_request *req, const struct catalog *cat,
                    const struct config *cfg, const char *slip_no, int64_t when,
                    struct receipt *out, char **cause);

/* Queue a resident's slip. -1 with *cause, and nothing queued, when it cannot be built. */
int docs_queue_slip(struct db *db, const struct catalog *cat, const struct config *cfg,
                    const struct print_request *req, const struct doc_target *t, int64_t now,
                    struct doc_queued *out, char **cause);

/* Queue handouts of services[0..n) (catalog numbers) as one job: one page per service, in
 * that order. n == 0: every service active today. -1 with *cause (an unknown service). */
int docs_queue_handouts(struct db *db, const struct catalog *cat, const struct config *cfg,
                        const int *services, size_t n, const struct doc_target *t, int64_t now,
                        struct doc_queued *out, char **cause);

/* Queue the poster of every service active today. */
int docs_queue_poster(struct db *db, const struct catalog *cat, const struct config *cfg,
                      const struct doc_target *t, int64_t now, struct doc_queued *out,
                      char **cause);

/* Queue a printer test page (naming t->printer). cat may be NULL. */
int docs_queue_test(struct db *db, const struct catalog *cat, const struct config *cfg,
                    const struct doc_target *t, int64_t now, struct doc_queued *out, char **cause);

/*
 * Queue the catalog review sheet (receipt_build_review: today, cfg's review_after_days) as
 * a staff report job.
 */
int docs_queue_review(struct db *db, const struct catalog *cat, const struct config *cfg,
                      const struct doc_target *t, int64_t now, struct doc_queued *out,
                      char **cause);

/*
 * Queue the monthly report of month ("YYYY-MM") from the database's statistics, with the
 * catalog's service names (cat may be NULL). -1 with *cause.
 */
int docs_queue_report(struct db *db, const struct catalog *cat, const struct config *cfg,
                      const char *month, const struct doc_target *t, int64_t now,
                      struct doc_queued *out, char **cause);

/*
 * A slip number as staff type it: "42" is today's "YYYYMMDD-0042" (today is "YYYY-MM-DD"),
 * "202611280042" is "20261128-0042", anything else is taken as typed.
 */
void docs_slip_number(const char *today, const char *typed, char *out, size_t size);

void doc_queued_done(struct doc_queued *q);

#endif
