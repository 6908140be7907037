/*
 * The printing commands (print_cmd.h): arguments are checked, then the document is built and
 * queued here, in the kiosk binary, and the print helper renders and sends what was queued.
 */
#define _POSIX_C_SOURCE 200809L
#include "print_cmd.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "catalog.h"
#include "config.h"
#include "db.h"
#include "db_jobs.h"
#include "file_write.h"
#include "flow.h"
#include "i18n.h"
#include "print_docs.h"
#include "print_request.h"
#include "receipt.h"
#include "spawn.h"
#include "stats_period.h"
#include "text.h"
#include "xmalloc.h"

/* A command's own job is kept from queue runners this long (it prints it itself). */
#define COMMAND_HOLD 3600

enum { EXIT_OK = 0, EXIT_FAULT = 1, EXIT_USAGE = 2 };

struct output {
    const char *file;    /* -o FILE.pdf */
    bool print;          /* --print: the configured printer (or the PDF folder) */
    const char *printer; /* --printer NAME */
    const char *paper;   /* --paper */
    const char *lang;    /* --lang */
    bool text;           /* --text: the plain text on stdout */
    bool queue;          /* --queue: only queue it, as the kiosk screens do */
    bool split;          /* --split (handout): one file per service */
};

struct ctx {
    const char *name; /* the command */
    const char *conf_path;
    struct config cfg;
    bool cfg_loaded;
    struct catalog *cat;
    struct db *db;
};

static int fail_usage(const struct ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* "kiosk CMD: <message>" on stderr; returns EXIT_USAGE. */
static int
fail_usage(const struct ctx *c, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "kiosk %s: ", c->name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return EXIT_USAGE;
}

/* Parse an OUTPUT option at argv[*i]; true when it was one (*bad on a missing value). */
static bool
output_option(const struct ctx *c, int argc, char **argv, int *i, struct output *o, int *bad)
{
    const char *a = argv[*i];
    const char **slot = NULL;

    if (strcmp(a, "--print") == 0)
        return o->print = true;
    if (strcmp(a, "--text") == 0)
        return o->text = true;
    if (strcmp(a, "--queue") == 0)
        return o->queue = true;
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
        fail_usage(c, "%s needs a value", a);
        *bad = 1;
        return true;
    }
    *slot = argv[++*i];
    return true;
}

static bool
paper_ok(const char *p, bool pages_only)
{
    static const char *const rolls[] = { "58mm", "80mm" }, *const pages[] = { "A5", "A4" };

    for (size_t i = 0; i < 2; i++)
        if (strcasecmp(p, pages[i]) == 0 || (!pages_only && strcasecmp(p, rolls[i]) == 0))
            return true;
    return false;
}

static int
check_output(const struct ctx *c, const struct output *o, bool pages_only)
{
    char *cause = NULL;

    if (o->paper != NULL && !paper_ok(o->paper, pages_only)) {
        fprintf(stderr, "kiosk %s: --paper: \"%s\" is not %s\n", c->name, o->paper,
                pages_only ? "A4 or A5" : "58mm, 80mm, A5 or A4");
        return -1;
    }
    if (o->lang != NULL && lang_parse(o->lang) < 0)
        return fail_usage(c, "--lang: \"%s\" is not vi or en", o->lang), -1;
    if (o->printer != NULL && o->print)
        return fail_usage(c, "%s", "--print and --printer: choose one"), -1;
    if (o->queue && (o->print || o->file != NULL))
        return fail_usage(c, "%s", "--queue only queues: no --print or -o with it"), -1;
    /* The file is checked before anything is built or queued: a folder, a device, a FIFO
     * or a socket is refused, never replaced. */
    if (o->file != NULL && file_write_check(o->file, &cause) != 0) {
        fprintf(stderr, "kiosk %s: %s\n", c->name, cause);
        free(cause);
        return -1;
    }
    return 0;
}

static int
load_config(struct ctx *c)
{
    char *cause = NULL;

    if (config_load_command(c->conf_path, &c->cfg, stderr) != 0) {
        fprintf(stderr, "kiosk %s: %s has problems\n", c->name, c->conf_path);
        return -1;
    }
    c->cfg_loaded = true;
    if (config_make_dirs(&c->cfg, &cause) != 0) {
        fprintf(stderr, "kiosk %s: %s\n", c->name, cause);
        free(cause);
        return -1;
    }
    i18n_set_lang((enum lang)c->cfg.default_lang);
    return 0;
}

/* The catalog as the kiosk shows it: checked, with kiosk.conf's portal overrides. */
static int
load_catalog(struct ctx *c)
{
    struct strlist problems = { 0 };

    if (catalog_load(c->cfg.catalog, &c->cat, &problems) != 0 ||
        catalog_apply_overrides(c->cat, c->cfg.national_url, c->cfg.provincial_url, &problems) !=
            0) {
        for (size_t i = 0; i < problems.n; i++)
            fprintf(stderr, "%s\n", problems.v[i]);
        strlist_free(&problems);
        fprintf(stderr, "kiosk %s: the catalog %s has problems (kiosk catalog check)\n", c->name,
                c->cfg.catalog);
        return -1;
    }
    strlist_free(&problems);
    return 0;
}

static int
open_db(struct ctx *c)
{
    char *cause = NULL;

    if (db_open(c->cfg.database, &c->db, &cause) != 0) {
        fprintf(stderr, "kiosk %s: database %s: %s\n", c->name, c->cfg.database, cause);
        free(cause);
        return -1;
    }
    return 0;
}

static void
ctx_done(struct ctx *c)
{
    catalog_free(c->cat);
    db_close(c->db);
    if (c->cfg_loaded)
        config_done(&c->cfg);
}

/* The destination OUTPUT names: "" = the PDF folder, NULL = none asked. */
static const char *
output_printer(const struct ctx *c, const struct output *o)
{
    if (o->printer != NULL)
        return o->printer;
    if (o->print || o->queue)
        return c->cfg.printer.name != NULL ? c->cfg.printer.name : "";
    return NULL;
}

/* A named printer must exist before anything is queued for it (asked of the helper, which
 * holds CUPS). */
static int
check_printer(const struct ctx *c, const char *name)
{
    const char *args[] = { "-c", c->conf_path, "check-printer", name, NULL };
    char *cause = NULL;
    int rc;

    if (name == NULL || *name == '\0')
        return 0;
    rc = spawn_helper_run(args, &cause);
    if (rc < 0) {
        fprintf(stderr, "kiosk %s: %s\n", c->name, cause);
        free(cause);
    }
    return rc == 0 ? 0 : -1;
}

static enum lang
out_lang(const struct ctx *c, const struct output *o)
{
    return o->lang != NULL ? (enum lang)lang_parse(o->lang) : (enum lang)c->cfg.default_lang;
}

static const char *
out_paper(const struct ctx *c, const struct output *o)
{
    if (o->paper != NULL)
        return o->paper;
    return c->cfg.printer.paper != NULL ? c->cfg.printer.paper : "";
}

static int64_t
now_s(void)
{
    return (int64_t)time(NULL);
}

/* One job for the helper: render into file (NULL = none) and/or send it. */
struct handoff {
    int64_t id;
    char *file; /* owned */
    bool send;
};

/* Hand the queued jobs to the helper: "kiosk-print -c CONF job ID [-o FILE] [--send] …".
 * Returns the helper's exit status. */
static int
hand_over(const struct ctx *c, const struct handoff *h, size_t n)
{
    const char **args = xcalloc(4 + 4 * n + 1, sizeof(*args));
    char **ids = xcalloc(n + 1, sizeof(*ids));
    char *cause = NULL;
    size_t k = 0;
    int rc;

    args[k++] = "-c";
    args[k++] = c->conf_path;
    args[k++] = "job";
    for (size_t i = 0; i < n; i++) {
        xasprintf(&ids[i], "%lld", (long long)h[i].id);
        args[k++] = ids[i];
        if (h[i].file != NULL) {
            args[k++] = "-o";
            args[k++] = h[i].file;
        }
        if (h[i].send)
            args[k++] = "--send";
    }
    args[k] = NULL;
    fflush(stdout);
    rc = spawn_helper_run(args, &cause);
    if (rc < 0) {
        fprintf(stderr, "kiosk %s: %s\n", c->name, cause);
        free(cause);
        rc = EXIT_FAULT;
    }
    for (size_t i = 0; i < n; i++)
        free(ids[i]);
    free(ids);
    free(args);
    return rc;
}

/* What kind of document, and how it is built, for produce(). */
struct doc_req {
    enum job_kind kind;
    bool review;                      /* JOB_REPORT: the catalog review sheet */
    const struct print_request *slip; /* JOB_SLIP */
    const int *services;              /* JOB_HANDOUT (n == 0: all) */
    size_t nservices;
    const char *month; /* JOB_REPORT */
};

static int
queue_doc(struct ctx *c, const struct doc_req *d, const struct doc_target *t, struct doc_queued *q,
          char **cause)
{
    switch (d->kind) {
    case JOB_SLIP: return docs_queue_slip(c->db, c->cat, &c->cfg, d->slip, t, now_s(), q, cause);
    case JOB_HANDOUT:
        return docs_queue_handouts(c->db, c->cat, &c->cfg, d->services, d->nservices, t, now_s(), q,
                                   cause);
    case JOB_POSTER: return docs_queue_poster(c->db, c->cat, &c->cfg, t, now_s(), q, cause);
    case JOB_TEST: return docs_queue_test(c->db, c->cat, &c->cfg, t, now_s(), q, cause);
    case JOB_REPORT:
        if (d->review)
            return docs_queue_review(c->db, c->cat, &c->cfg, t, now_s(), q, cause);
        return docs_queue_report(c->db, c->cat, &c->cfg, d->month, t, now_s(), q, cause);
    }
    return -1;
}

/* --text: the document's plain text, nothing queued. */
static int
write_text(struct ctx *c, const struct doc_req *d, const struct output *o)
{
    struct receipt r;
    char *cause = NULL, *text;
    int rc = 0;

    memset(&r, 0, sizeof r);
    switch (d->kind) {
    case JOB_SLIP:
        rc = docs_build_slip(d->slip, c->cat, &c->cfg, "00000000-0000", now_s(), &r, &cause);
        break;
    case JOB_HANDOUT:
        for (size_t i = 0; i < d->nservices && rc == 0; i++) {
            const struct service *svc = catalog_service(c->cat, d->services[i]);

            rc = svc == NULL
                     ? -1
                     : receipt_build_handout(c->cat, svc, &c->cfg, out_lang(c, o), &r, &cause);
            if (svc == NULL)
                xasprintf(&cause, "no service %d in the catalog", d->services[i]);
            if (rc == 0 && i + 1 < d->nservices) {
                text = receipt_to_text(&r);
                fputs(text, stdout);
                free(text);
                receipt_done(&r);
            }
        }
        break;
    case JOB_REPORT:
        if (d->review) {
            char today[11];

            period_day_of(now_s(), today);
            rc = receipt_build_review(c->cat, &c->cfg, today, c->cfg.review_after_days,
                                      out_lang(c, o), &r, &cause);
            break;
        }
        /* fall through */
    default:
        fprintf(stderr, "kiosk %s: --text is for slips, handouts and the review sheet\n", c->name);
        return EXIT_USAGE;
    }
    if (rc != 0) {
        fprintf(stderr, "kiosk %s: %s\n", c->name, cause);
        free(cause);
        receipt_done(&r);
        return EXIT_USAGE;
    }
    text = receipt_to_text(&r);
    fputs(text, stdout);
    free(text);
    receipt_done(&r);
    return EXIT_OK;
}

/* "x.pdf" -> "x-09.pdf" (--split: one file per service). */
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
 * Build, queue and hand over what a command asked for. Bad input (a service, answers or
 * ticks that do not fit; an output file that cannot be one) is reported before anything is
 * queued: a document is built inside the enqueue transaction and a failure rolls it back.
 */
static int
produce(struct ctx *c, const struct doc_req *d, const struct output *o)
{
    const char *dest = output_printer(c, o);
    struct doc_target t = { .printer = dest != NULL ? dest : "",
                            .paper = out_paper(c, o),
                            .lang = out_lang(c, o),
                            .not_before = o->queue ? 0 : now_s() + COMMAND_HOLD };
    struct handoff *h = NULL;
    size_t nh = 0;
    char *cause = NULL;
    int rc = EXIT_OK;

    if (o->file == NULL && dest == NULL && !o->text) {
        fprintf(stderr,
                "kiosk %s: say where it goes: -o FILE.pdf, --print, --printer NAME or "
                "--text\n",
                c->name);
        return EXIT_USAGE;
    }
    if (o->text) {
        rc = write_text(c, d, o);
        if (rc != EXIT_OK || (o->file == NULL && dest == NULL))
            return rc;
    }
    if (!o->queue && check_printer(c, dest) != 0)
        return EXIT_FAULT;
    if (open_db(c) != 0)
        return EXIT_FAULT;
    if (d->kind == JOB_HANDOUT && o->split && o->file != NULL) {
        /* One job and one file per service; sending (if asked) goes with the first. */
        h = xcalloc(d->nservices + 1, sizeof(*h));
        for (size_t i = 0; i < d->nservices; i++) {
            struct doc_req one = *d;
            struct doc_queued q;

            one.services = &d->services[i];
            one.nservices = 1;
            if (queue_doc(c, &one, &t, &q, &cause) != 0) {
                fprintf(stderr, "kiosk %s: %s\n", c->name, cause);
                free(cause);
                rc = nh == 0 ? EXIT_USAGE : EXIT_FAULT;
                break;
            }
            h[nh].id = q.id;
            h[nh].file = numbered_path(o->file, d->services[i]);
            h[nh].send = dest != NULL;
            nh++;
            doc_queued_done(&q);
        }
    } else {
        struct doc_queued q;

        if (queue_doc(c, d, &t, &q, &cause) != 0) {
            fprintf(stderr, "kiosk %s: %s\n", c->name, cause);
            free(cause);
            return EXIT_USAGE;
        }
        if (o->queue) {
            /* What the kiosk's screens do: the row is the request; a runner prints it. */
            printf("queued %s %s as job %lld for %s\n", job_kind_name(d->kind), q.number,
                   (long long)q.id, *t.printer != '\0' ? t.printer : "the PDF folder");
            doc_queued_done(&q);
            return EXIT_OK;
        }
        h = xcalloc(1, sizeof(*h));
        h[0].id = q.id;
        h[0].file = o->file != NULL ? xstrdup(o->file) : NULL;
        h[0].send = dest != NULL;
        nh = 1;
        doc_queued_done(&q);
    }
    if (nh > 0) {
        int hr;

        /* The database is the helper's now (and a lock held here would only get in the way). */
        db_close(c->db);
        c->db = NULL;
        hr = hand_over(c, h, nh);
        if (hr != EXIT_OK)
            rc = hr;
    }
    for (size_t i = 0; i < nh; i++)
        free(h[i].file);
    free(h);
    return rc;
}

static int
cmd_slip(struct ctx *c, int argc, char **argv)
{
    struct output o = { 0 };
    const char *service = NULL, *answers = "", *have = "";
    int *av = NULL, *hv = NULL;
    size_t na = 0, nh = 0;
    int bad = 0, number, rc;
    struct print_request req;

    for (int i = 1; i < argc && !bad; i++) {
        if (output_option(c, argc, argv, &i, &o, &bad))
            continue;
        if ((strcmp(argv[i], "--service") == 0 || strcmp(argv[i], "--answers") == 0 ||
             strcmp(argv[i], "--have") == 0) &&
            i + 1 < argc) {
            const char **slot = argv[i][2] == 's' ? &service : argv[i][2] == 'a' ? &answers : &have;

            *slot = argv[++i];
            continue;
        }
        fail_usage(c, "unexpected \"%s\"", argv[i]);
        bad = 1;
    }
    if (bad)
        return EXIT_USAGE;
    if (service == NULL)
        return fail_usage(c, "%s", "--service N is required");
    number = text_parse_int(service, 1, 999);
    if (number < 0)
        return fail_usage(c, "--service: \"%s\" is not a service number", service);
    if (flow_parse_numbers(answers, &av, &na) != 0)
        return fail_usage(c, "--answers: \"%s\" is not a list like 1,2", answers);
    if (flow_parse_numbers(have, &hv, &nh) != 0) {
        free(av);
        return fail_usage(c, "--have: \"%s\" is not a list like 1,3", have);
    }
    if (load_config(c) != 0 || check_output(c, &o, false) != 0 || load_catalog(c) != 0) {
        free(av);
        free(hv);
        return EXIT_USAGE;
    }
    if (catalog_service(c->cat, number) == NULL) {
        free(av);
        free(hv);
        fprintf(stderr, "kiosk slip: --service: no service %d in the catalog\n", number);
        return EXIT_USAGE;
    }
    memset(&req, 0, sizeof req);
    req.service = number;
    req.answers = av;
    req.nanswers = na;
    req.have = hv;
    req.nhave = nh;
    req.lang = out_lang(c, &o);
    rc = produce(c, &(struct doc_req){ .kind = JOB_SLIP, .slip = &req }, &o);
    free(av);
    free(hv);
    return rc;
}

static int
cmd_handout(struct ctx *c, int argc, char **argv)
{
    struct output o = { 0 };
    bool all = false, poster = false;
    int bad = 0, rc;
    int *numbers = xcalloc((size_t)argc + 1, sizeof *numbers);
    size_t n = 0;

    for (int i = 1; i < argc && !bad; i++) {
        int v;

        if (output_option(c, argc, argv, &i, &o, &bad))
            continue;
        if (strcmp(argv[i], "--all") == 0) {
            all = true;
        } else if (strcmp(argv[i], "--poster") == 0) {
            poster = true;
        } else if (strcmp(argv[i], "--split") == 0) {
            o.split = true;
        } else if ((v = text_parse_int(argv[i], 1, 999)) > 0) {
            numbers[n++] = v;
        } else {
            fail_usage(c,
                       argv[i][0] == '-' ? "unexpected \"%s\"" : "\"%s\" is not a service number",
                       argv[i]);
            bad = 1;
        }
    }
    if (!bad && (int)all + (int)poster + (int)(n > 0) != 1) {
        fail_usage(c, "%s", "name the services (3 9), or --all, or --poster");
        bad = 1;
    }
    if (!bad && o.split && (poster || o.file == NULL)) {
        fail_usage(c, "%s", "--split goes with -o FILE.pdf and several services");
        bad = 1;
    }
    if (bad || load_config(c) != 0 || check_output(c, &o, true) != 0 || load_catalog(c) != 0) {
        free(numbers);
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < n; i++)
        if (catalog_service(c->cat, numbers[i]) == NULL) {
            fprintf(stderr, "kiosk handout: no service %d in the catalog\n", numbers[i]);
            free(numbers);
            return EXIT_USAGE;
        }
    if (all && (o.split || o.text)) {
        /* Every active service, named one by one. */
        char today[11];

        period_day_of(now_s(), today);
        for (size_t i = 0; i < c->cat->nservices; i++)
            if (catalog_service_active(&c->cat->services[i], today)) {
                numbers = xreallocarray(numbers, n + 1, sizeof *numbers);
                numbers[n++] = c->cat->services[i].number;
            }
    }
    if (poster && o.text) {
        free(numbers);
        return fail_usage(c, "%s", "--text is for slips and handouts");
    }
    if (o.paper == NULL)
        o.paper = "A4";
    rc = produce(c,
                 &(struct doc_req){ .kind = poster ? JOB_POSTER : JOB_HANDOUT,
                                    .services = numbers,
                                    .nservices = n },
                 &o);
    free(numbers);
    return rc;
}

static int
cmd_print_test(struct ctx *c, int argc, char **argv)
{
    struct output o = { 0 };
    int bad = 0;

    for (int i = 1; i < argc && !bad; i++) {
        if (output_option(c, argc, argv, &i, &o, &bad))
            continue;
        if (o.printer == NULL && argv[i][0] != '-') {
            o.printer = argv[i];
            continue;
        }
        fail_usage(c, "unexpected \"%s\"", argv[i]);
        bad = 1;
    }
    if (bad || load_config(c) != 0 || check_output(c, &o, false) != 0)
        return EXIT_USAGE;
    if (o.text)
        return fail_usage(c, "%s", "--text is for slips and handouts");
    if (o.file == NULL && o.printer == NULL && !o.queue)
        o.print = true;
    /* The test page's QR code needs the catalog; a broken one still gets a test page. */
    {
        struct strlist problems = { 0 };

        if (catalog_load(c->cfg.catalog, &c->cat, &problems) != 0 ||
            catalog_apply_overrides(c->cat, c->cfg.national_url, c->cfg.provincial_url,
                                    &problems) != 0) {
            catalog_free(c->cat);
            c->cat = NULL;
        }
        strlist_free(&problems);
    }
    return produce(c, &(struct doc_req){ .kind = JOB_TEST }, &o);
}

static int
cmd_report(struct ctx *c, int argc, char **argv)
{
    struct output o = { 0 };
    const char *month = NULL;
    struct period p = { 0 };
    char *cause = NULL, today[11];
    int bad = 0;

    for (int i = 1; i < argc && !bad; i++) {
        if (output_option(c, argc, argv, &i, &o, &bad))
            continue;
        if (strcmp(argv[i], "--month") == 0 && i + 1 < argc) {
            month = argv[++i];
            continue;
        }
        if (strncmp(argv[i], "--month=", 8) == 0) {
            month = argv[i] + 8;
            continue;
        }
        fail_usage(c, "unexpected \"%s\"", argv[i]);
        bad = 1;
    }
    if (bad)
        return EXIT_USAGE;
    if (month == NULL || (o.file == NULL && !o.print && o.printer == NULL && !o.queue)) {
        fprintf(stderr, "kiosk report: give --month YYYY-MM and one of -o FILE.pdf or --print\n");
        return EXIT_USAGE;
    }
    if (o.text)
        return fail_usage(c, "%s", "--text is for slips and handouts");
    if (period_month(month, &p, &cause) != 0) {
        fprintf(stderr, "kiosk report: %s\n", cause);
        free(cause);
        return EXIT_USAGE;
    }
    if (load_config(c) != 0 || check_output(c, &o, true) != 0)
        return EXIT_USAGE;
    /* After the time zone is set: "today" is a local day. */
    period_day_of(now_s(), today);
    if (strcmp(p.from, today) > 0) {
        fprintf(stderr, "kiosk report: %s has not begun yet (today is %s)\n", month, today);
        return EXIT_USAGE;
    }
    if (access(c->cfg.database, F_OK) != 0) {
        fprintf(stderr,
                "kiosk report: there is no database at %s yet (the kiosk has not run "
                "there)\n",
                c->cfg.database);
        return EXIT_FAULT;
    }
    /* Service names come from the catalog; a broken catalog gives numbers only. */
    {
        struct strlist problems = { 0 };

        if (catalog_load(c->cfg.catalog, &c->cat, &problems) != 0) {
            fprintf(stderr,
                    "kiosk report: warning: the catalog %s does not load; services are "
                    "shown by number\n",
                    c->cfg.catalog);
            c->cat = NULL;
        }
        strlist_free(&problems);
    }
    if (o.paper == NULL)
        o.paper = "A4";
    return produce(c, &(struct doc_req){ .kind = JOB_REPORT, .month = month }, &o);
}

/* kiosk catalog review [FILE] OUTPUT: the sheet staff check every fact and link with. */
static int
cmd_review(struct ctx *c, int argc, char **argv)
{
    struct output o = { 0 };
    const char *file = NULL;
    int bad = 0;

    for (int i = 1; i < argc && !bad; i++) {
        if (output_option(c, argc, argv, &i, &o, &bad))
            continue;
        if (file == NULL && argv[i][0] != '-') {
            file = argv[i];
            continue;
        }
        fail_usage(c, "unexpected \"%s\"", argv[i]);
        bad = 1;
    }
    if (bad)
        return EXIT_USAGE;
    if (o.file == NULL && !o.print && o.printer == NULL && !o.queue && !o.text) {
        fprintf(stderr, "kiosk catalog review: give -o FILE.pdf, --print or --text\n");
        return EXIT_USAGE;
    }
    if (load_config(c) != 0 || check_output(c, &o, true) != 0)
        return EXIT_USAGE;
    if (file != NULL) {
        /* A draft catalog, checked before it replaces the configured one. */
        free(c->cfg.catalog);
        c->cfg.catalog = xstrdup(file);
    }
    if (load_catalog(c) != 0)
        return EXIT_USAGE;
    if (o.paper == NULL)
        o.paper = "A4";
    return produce(c, &(struct doc_req){ .kind = JOB_REPORT, .review = true }, &o);
}

static int
cmd_reprint(struct ctx *c, int argc, char **argv)
{
    struct output o = { 0 };
    const char *typed = NULL;
    char slip[64], today[11], *cause = NULL, *no = NULL;
    int bad = 0, rc;
    int64_t id = 0;
    struct handoff h = { 0 };

    for (int i = 1; i < argc && !bad; i++) {
        if (output_option(c, argc, argv, &i, &o, &bad))
            continue;
        if (typed == NULL && argv[i][0] != '-') {
            typed = argv[i];
            continue;
        }
        fail_usage(c, "unexpected \"%s\"", argv[i]);
        bad = 1;
    }
    if (bad)
        return EXIT_USAGE;
    if (typed == NULL)
        return fail_usage(c, "%s", "which slip? (e.g. 20261128-0042, or 42 for today's)");
    if (o.text || o.queue)
        return fail_usage(c, "%s", "a reprint goes to -o FILE.pdf or a printer");
    if (load_config(c) != 0 || check_output(c, &o, false) != 0)
        return EXIT_USAGE;
    period_day_of(now_s(), today);
    docs_slip_number(today, typed, slip, sizeof slip);
    if (open_db(c) != 0)
        return EXIT_FAULT;
    {
        struct print_job *old = db_jobs_get_slip(c->db, slip);

        if (old == NULL) {
            fprintf(stderr, "kiosk reprint: no slip numbered %s\n", slip);
            return EXIT_USAGE;
        }
        print_job_free(old);
    }
    /* No output named: the original's printer (or the PDF folder). */
    h.send = o.file == NULL || o.print || o.printer != NULL;
    if (h.send && check_printer(c, o.printer != NULL ? o.printer : output_printer(c, &o)) != 0)
        return EXIT_FAULT;
    if (db_jobs_reprint(c->db, slip, o.printer != NULL || o.print ? output_printer(c, &o) : NULL,
                        now_s(), &id, &no, &cause) != 0) {
        fprintf(stderr, "kiosk reprint: %s\n", cause);
        free(cause);
        return EXIT_FAULT;
    }
    free(no);
    db_close(c->db);
    c->db = NULL;
    h.id = id;
    h.file = (char *)(uintptr_t)o.file;
    rc = hand_over(c, &h, 1);
    return rc;
}

bool
print_cmd_is(const char *cmd)
{
    static const char *const cmds[] = { "slip", "handout", "print-test", "report", "reprint" };

    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        if (strcmp(cmd, cmds[i]) == 0)
            return true;
    return false;
}

int
print_cmd_review(const char *config_path, int argc, char **argv)
{
    struct ctx c = { .name = "catalog review", .conf_path = config_path };
    int rc = cmd_review(&c, argc, argv);

    ctx_done(&c);
    return rc;
}

int
print_cmd_run(const char *config_path, int argc, char **argv)
{
    struct ctx c = { .name = argv[0], .conf_path = config_path };
    int rc = EXIT_USAGE;

    if (strcmp(argv[0], "slip") == 0)
        rc = cmd_slip(&c, argc, argv);
    else if (strcmp(argv[0], "handout") == 0)
        rc = cmd_handout(&c, argc, argv);
    else if (strcmp(argv[0], "print-test") == 0)
        rc = cmd_print_test(&c, argc, argv);
    else if (strcmp(argv[0], "report") == 0)
        rc = cmd_report(&c, argc, argv);
    else if (strcmp(argv[0], "reprint") == 0)
        rc = cmd_reprint(&c, argc, argv);
    ctx_done(&c);
    return rc;
}
