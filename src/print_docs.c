/*
 * Building and queueing every printed document (print_docs.h). A document is built inside
 * the enqueue transaction, once its number is known, so the number on the paper is the
 * number the screen announces.
 */
#include "print_docs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog.h"
#include "config.h"
#include "db.h"
#include "db_jobs.h"
#include "db_stats.h"
#include "flow.h"
#include "print_request.h"
#include "receipt.h"
#include "receipt_json.h"
#include "stats_period.h"
#include "stats_report.h"
#include "xmalloc.h"

int
docs_slip_input(const struct print_request *req, const struct catalog *cat,
                const struct config *cfg, const char *slip_no, int64_t when, struct slip_input *out,
                char **cause)
{
    memset(out, 0, sizeof(*out));
    out->cat = cat;
    out->svc = cat != NULL ? catalog_service(cat, req->service) : NULL;
    if (out->svc == NULL) {
        xasprintf(cause, "no service %d in the catalog", req->service);
        return -1;
    }
    out->cfg = cfg;
    /* A checklist reached without answers (all items) has none. */
    out->answers = req->all_items ? NULL : req->answers;
    out->nanswers = req->all_items ? 0 : req->nanswers;
    out->have = req->have;
    out->nhave = req->nhave;
    out->todos = req->todos;
    out->ntodos = req->ntodos;
    out->slip_no = slip_no;
    out->when = (time_t)when;
    out->lang = req->lang;
    return 0;
}

int
docs_build_slip(const struct print_request *req, const struct catalog *cat,
                const struct config *cfg, const char *slip_no, int64_t when, struct receipt *out,
                char **cause)
{
    struct slip_input in;

    memset(out, 0, sizeof(*out));
    if (docs_slip_input(req, cat, cfg, slip_no, when, &in, cause) != 0)
        return -1;
    return receipt_build_slip(&in, out, cause);
}

void
doc_queued_done(struct doc_queued *q)
{
    free(q->number);
    memset(q, 0, sizeof(*q));
}

/* --- the enqueue transaction's builders ------------------------------------------------ */

enum doc_what { DOC_SLIP, DOC_HANDOUTS, DOC_POSTER, DOC_TEST, DOC_REPORT, DOC_REVIEW };

struct doc_build {
    enum doc_what what;
    const struct catalog *cat;
    const struct config *cfg;
    const struct doc_target *t;
    int64_t now;
    const struct print_request *req; /* DOC_SLIP */
    const int *services;             /* DOC_HANDOUTS */
    size_t nservices;
    const struct stats *stats; /* DOC_REPORT */
};

static void
today_of(int64_t t, char buf[11])
{
    period_day_of(t, buf);
}

static void
free_receipts(struct receipt *rs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        receipt_done(&rs[i]);
    free(rs);
}

/* A staff printout's number goes on its paper too: the number the screen announced. */
static void
add_job_number(struct receipt *r, const char *number)
{
    r->blocks = xreallocarray(r->blocks, r->nblocks + 1, sizeof(*r->blocks));
    memset(&r->blocks[r->nblocks], 0, sizeof(r->blocks[0]));
    r->blocks[r->nblocks].kind = RB_NOTE;
    xasprintf(&r->blocks[r->nblocks].text, "%s: %s", tr_in(r->lang, MSG_DOC_JOB_NUMBER), number);
    r->nblocks++;
}

static int
build_doc(void *arg, const char *number, char **json, char **cause)
{
    const struct doc_build *b = arg;
    enum lang lang = b->t->lang;
    struct receipt *rs = NULL;
    size_t n = 0;
    char today[11];
    int rc = -1;

    today_of(b->now, today);
    switch (b->what) {
    case DOC_SLIP:
        rs = xcalloc(1, sizeof(*rs));
        rc = docs_build_slip(b->req, b->cat, b->cfg, number, b->now, rs, cause);
        n = rc == 0 ? 1 : 0;
        break;
    case DOC_HANDOUTS:
        rs = xcalloc(b->nservices + 1, sizeof(*rs));
        rc = 0;
        for (size_t i = 0; i < b->nservices && rc == 0; i++) {
            const struct service *svc = catalog_service(b->cat, b->services[i]);

            if (svc == NULL) {
                xasprintf(cause, "no service %d in the catalog", b->services[i]);
                rc = -1;
            } else if ((rc = receipt_build_handout(b->cat, svc, b->cfg, lang, &rs[i], cause)) ==
                       0) {
                add_job_number(&rs[i], number);
                n++;
            }
        }
        break;
    case DOC_POSTER:
        rs = xcalloc(1, sizeof(*rs));
        rc = receipt_build_poster(b->cat, b->cfg, today, lang, rs, cause);
        break;
    case DOC_TEST:
        rs = xcalloc(1, sizeof(*rs));
        rc = receipt_build_test(
            b->cat, b->cfg, b->t->printer != NULL && *b->t->printer != '\0' ? b->t->printer : NULL,
            (time_t)b->now, lang, rs, cause);
        break;
    case DOC_REPORT:
        rs = xcalloc(1, sizeof(*rs));
        rc = stats_report_build(b->stats, b->cat, b->cfg, today, lang, rs, cause);
        break;
    case DOC_REVIEW:
        rs = xcalloc(1, sizeof(*rs));
        rc = receipt_build_review(b->cat, b->cfg, today,
                                  b->cfg != NULL ? b->cfg->review_after_days : 0, lang, rs, cause);
        break;
    }
    if (rc == 0 && b->what != DOC_SLIP && b->what != DOC_HANDOUTS) {
        add_job_number(rs, number);
        n = 1;
    }
    if (rc == 0)
        *json = receipt_json_encode(rs, n);
    free_receipts(rs, b->what == DOC_HANDOUTS ? b->nservices : (rs != NULL ? 1 : 0));
    return rc;
}

static int
queue(struct db *db, enum job_kind kind, struct doc_build *b, const char *services,
      const char *answers, const char *have, int service, int64_t now, struct doc_queued *out,
      char **cause)
{
    struct print_job_new n = {
        .kind = kind,
        .service = service,
        .services = services,
        .catalog_hash = b->cat != NULL ? b->cat->hash : "",
        .answers = answers,
        .have = have,
        .paper = b->t->paper != NULL ? b->t->paper : "",
        .printer = b->t->printer != NULL ? b->t->printer : "",
        .lang = lang_code(b->t->lang),
        .not_before = b->t->not_before,
        .build = build_doc,
        .build_arg = b,
    };

    memset(out, 0, sizeof(*out));
    if (db == NULL) {
        xasprintf(cause, "no database");
        return -1;
    }
    return db_jobs_enqueue(db, &n, now, &out->id, &out->number, cause);
}

int
docs_queue_slip(struct db *db, const struct catalog *cat, const struct config *cfg,
                const struct print_request *req, const struct doc_target *t, int64_t now,
                struct doc_queued *out, char **cause)
{
    struct doc_build b = {
        .what = DOC_SLIP, .cat = cat, .cfg = cfg, .t = t, .now = now, .req = req
    };
    char *answers = req->all_items ? xstrdup("") : flow_format_numbers(req->answers, req->nanswers);
    char *have = flow_format_numbers(req->have, req->nhave);
    int rc = queue(db, JOB_SLIP, &b, "", answers, have, req->service, now, out, cause);

    free(answers);
    free(have);
    return rc;
}

int
docs_queue_handouts(struct db *db, const struct catalog *cat, const struct config *cfg,
                    const int *services, size_t n, const struct doc_target *t, int64_t now,
                    struct doc_queued *out, char **cause)
{
    struct doc_build b = { .what = DOC_HANDOUTS, .cat = cat, .cfg = cfg, .t = t, .now = now };
    int *all = NULL;
    char *list;
    char today[11];
    int rc;

    if (cat == NULL) {
        xasprintf(cause, "no catalog");
        return -1;
    }
    if (n == 0) {
        today_of(now, today);
        all = xcalloc(cat->nservices + 1, sizeof(*all));
        for (size_t i = 0; i < cat->nservices; i++)
            if (catalog_service_active(&cat->services[i], today))
                all[n++] = cat->services[i].number;
        if (n == 0) {
            xasprintf(cause, "no service is active on %s", today);
            free(all);
            return -1;
        }
        services = all;
    }
    b.services = services;
    b.nservices = n;
    list = all != NULL ? xstrdup("") : flow_format_numbers(services, n);
    rc = queue(db, JOB_HANDOUT, &b, list, "", "", n == 1 ? services[0] : 0, now, out, cause);
    free(list);
    free(all);
    return rc;
}

int
docs_queue_poster(struct db *db, const struct catalog *cat, const struct config *cfg,
                  const struct doc_target *t, int64_t now, struct doc_queued *out, char **cause)
{
    struct doc_build b = { .what = DOC_POSTER, .cat = cat, .cfg = cfg, .t = t, .now = now };

    if (cat == NULL) {
        xasprintf(cause, "no catalog");
        return -1;
    }
    return queue(db, JOB_POSTER, &b, "", "", "", 0, now, out, cause);
}

int
docs_queue_test(struct db *db, const struct catalog *cat, const struct config *cfg,
                const struct doc_target *t, int64_t now, struct doc_queued *out, char **cause)
{
    struct doc_build b = { .what = DOC_TEST, .cat = cat, .cfg = cfg, .t = t, .now = now };

    return queue(db, JOB_TEST, &b, "", "", "", 0, now, out, cause);
}

int
docs_queue_review(struct db *db, const struct catalog *cat, const struct config *cfg,
                  const struct doc_target *t, int64_t now, struct doc_queued *out, char **cause)
{
    struct doc_build b = { .what = DOC_REVIEW, .cat = cat, .cfg = cfg, .t = t, .now = now };

    if (cat == NULL) {
        xasprintf(cause, "no catalog");
        return -1;
    }
    /* A staff document on A4, like the monthly report: queued as one. */
    return queue(db, JOB_REPORT, &b, "", "", "", 0, now, out, cause);
}

int
docs_queue_report(struct db *db, const struct catalog *cat, const struct config *cfg,
                  const char *month, const struct doc_target *t, int64_t now,
                  struct doc_queued *out, char **cause)
{
    struct doc_build b = { .what = DOC_REPORT, .cat = cat, .cfg = cfg, .t = t, .now = now };
    struct period p = { 0 };
    struct stats s;
    int rc;

    memset(out, 0, sizeof(*out));
    if (period_month(month, &p, cause) != 0)
        return -1;
    if (db == NULL) {
        xasprintf(cause, "no database");
        return -1;
    }
    if (db_stats_get_at(db, p.from, p.to, now, &s, cause) != 0)
        return -1;
    b.stats = &s;
    rc = queue(db, JOB_REPORT, &b, month, "", "", 0, now, out, cause);
    stats_done(&s);
    return rc;
}

void
docs_slip_number(const char *today, const char *typed, char *out, size_t size)
{
    size_t n = strlen(typed);
    int digits = n > 0 && strspn(typed, "0123456789") == n;

    if (digits && n <= 4)
        snprintf(out, size, "%.4s%.2s%.2s-%04d", today, today + 5, today + 8, atoi(typed));
    else if (digits && n == 12)
        snprintf(out, size, "%.8s-%.4s", typed, typed + 8);
    else
        snprintf(out, size, "%s", typed);
}
