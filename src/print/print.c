/*
 * CUPS through the destination API, and the PDF folder backend (see print.h). The only file
 * that includes cups/cups.h.
 *
 * Why the calls are shaped this way (measured on Debian 12, platform.md §2):
 *   - cupsGetNamedDest returns NULL with client-error-not-found both for a missing queue and
 *     for a scheduler that is not running, so each call first connects with httpConnect2 to
 *     cupsServer(): failing there means the print service is down;
 *   - a paused queue (cupsdisable -r "Hết giấy") accepts jobs and keeps them pending forever:
 *     printer-state 5 is checked before sending, and its printer-state-message is the reason
 *     shown to staff;
 *   - a rejecting queue fails cupsCreateDestJob with server-error-not-accepting-jobs;
 *   - cups-pdf does not keep the PDF's own page size: a roll's size is sent as
 *     PageSize=Custom.<W>x<H>mm (media=Custom… would round to whole points).
 * libcups never prompts for a password here: the helper runs unattended.
 *
 * Every call has a deadline. A scheduler that is stopped rather than dead (SIGSTOP, a hang)
 * still accepts connections — the kernel answers for it — and then never replies; libcups
 * would wait minutes (measured: 122 s for one listing) and end with a misleading error. Each
 * connection gets httpSetTimeout with a callback that gives up once the call's deadline
 * (print_set_deadline) has passed, and a call that ran out of time reports PRINT_NO_ANSWER,
 * "the print service does not answer", never a missing printer.
 */
#include "print/print.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <cups/cups.h>

#include "xmalloc.h"

#define DEADLINE_MAX_S 15 /* a call's deadline: at most this, at most print_timeout */

static int deadline_s = DEADLINE_MAX_S;
static double call_deadline; /* CLOCK_MONOTONIC seconds: the call in progress gives up then */
static bool timed_out;       /* the call in progress ran out of time (see no_answer) */

static double
mono_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
print_set_deadline(int seconds)
{
    deadline_s = seconds > 0 && seconds < DEADLINE_MAX_S ? seconds : DEADLINE_MAX_S;
}

/* libcups asks this each time a read or write has waited a while: keep waiting (1) until the
 * deadline, then give up (0). */
static int
on_timeout(http_t *http, void *data)
{
    (void)http;
    (void)data;
    if (mono_s() < call_deadline)
        return 1;
    timed_out = true;
    return 0;
}

/*
 * The watchdog for what the callback cannot reach: libcups opens connections of its own
 * inside some calls (cupsGetNamedDest asks for the default destination on one, and waits 60 s
 * a read there). A second after the deadline, a timer shuts down every socket this process
 * has — the helper's only sockets are CUPS connections — so each blocked read returns at
 * once. shutdown() and fstat() are async-signal-safe.
 */
static volatile sig_atomic_t watchdog_fired;

static void
on_watchdog(int sig)
{
    (void)sig;
    watchdog_fired = 1;
    for (int fd = 3; fd < 1024; fd++) {
        struct stat st;

        if (fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode))
            shutdown(fd, SHUT_RDWR);
    }
}

static void
watchdog_arm(void)
{
    static bool installed;
    struct itimerval it;

    if (!installed) {
        struct sigaction sa;

        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_watchdog;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGALRM, &sa, NULL);
        installed = true;
    }
    watchdog_fired = 0;
    memset(&it, 0, sizeof it);
    it.it_value.tv_sec = deadline_s + 1;
    setitimer(ITIMER_REAL, &it, NULL);
}

/* End of a call: the watchdog is off, the connection closed. */
static void
close_cups(http_t *http)
{
    struct itimerval it;

    memset(&it, 0, sizeof it);
    setitimer(ITIMER_REAL, &it, NULL);
    httpClose(http);
}

static bool
out_of_time(void)
{
    return timed_out || watchdog_fired;
}

/* Did the call on this connection run out of time? Sets *cause (replacing it) when it did. */
static bool
no_answer(char **cause)
{
    if (watchdog_fired)
        timed_out = true;
    if (!timed_out)
        return false;
    if (cause != NULL) {
        free(*cause);
        xasprintf(cause, "the print service (CUPS at %s) does not answer (waited %d s)",
                  cupsServer(), deadline_s);
    }
    return true;
}

void
print_dest_done(struct print_dest *d)
{
    if (d == NULL)
        return;
    free(d->name);
    free(d->reasons);
    free(d->message);
    free(d->info);
    free(d->media);
    memset(d, 0, sizeof *d);
}

const char *
print_dest_state_name(const struct print_dest *d)
{
    switch (d->state) {
    case IPP_PSTATE_PROCESSING: return "printing";
    case IPP_PSTATE_STOPPED: return "paused";
    default: return "idle";
    }
}

/* No password prompt, ever: a background helper must not wait on a terminal. */
static const char *
no_password(const char *prompt, http_t *http, const char *method, const char *resource, void *data)
{
    (void)prompt;
    (void)http;
    (void)method;
    (void)resource;
    (void)data;
    return NULL;
}

/* Connect to the scheduler; NULL and *cause when the print service is not running. */
static http_t *
connect_cups(char **cause)
{
    http_t *http;

    cupsSetPasswordCB2(no_password, NULL);
#ifdef KIOSK_TEST_HOOKS
    {
        const char *t = getenv("KIOSK_CUPS_DEADLINE");

        if (t != NULL && atoi(t) > 0)
            deadline_s = atoi(t);
    }
#endif
    timed_out = false;
    call_deadline = mono_s() + deadline_s;
    watchdog_arm();
    http = httpConnect2(cupsServer(), ippPort(), NULL, AF_UNSPEC, cupsEncryption(), 1,
                        deadline_s * 1000, NULL);
    if (http == NULL) {
        struct itimerval it;

        memset(&it, 0, sizeof it);
        setitimer(ITIMER_REAL, &it, NULL);
        xasprintf(cause, "the print service (CUPS) is not running (cannot connect to %s)",
                  cupsServer());
        return NULL;
    }
    httpSetTimeout(http, 0.5, on_timeout, NULL);
    return http;
}

/* Classify the last IPP error of a call that failed. */
static enum print_fault
fault_of_last_error(void)
{
    switch (cupsLastError()) {
    case IPP_STATUS_ERROR_NOT_FOUND: return PRINT_NO_PRINTER;
    case IPP_STATUS_ERROR_NOT_ACCEPTING_JOBS: return PRINT_REJECTING;
    case IPP_STATUS_ERROR_SERVICE_UNAVAILABLE: return PRINT_NO_SERVICE;
    default: return PRINT_FAILED;
    }
}

/* Look a destination up on a live connection. */
static cups_dest_t *
find_dest(http_t *http, const char *name, enum print_fault *fault, char **cause)
{
    cups_dest_t *dest;

    /* cupsGetNamedDest also asks for the default printer, on a connection of its own that
     * our deadline does not cover (a stopped cupsd held it 60 s and more): naming the
     * default in LPDEST answers that question without asking the server. */
    setenv("LPDEST", name, 1);
    dest = cupsGetNamedDest(http, name, NULL);

    if (dest != NULL)
        return dest;
    *fault = fault_of_last_error();
    if (out_of_time()) {
        *fault = PRINT_NO_ANSWER;
        *cause = NULL;
        no_answer(cause);
        return NULL;
    }
    if (*fault == PRINT_NO_PRINTER)
        xasprintf(cause, "no printer named \"%s\" in CUPS", name);
    else
        xasprintf(cause, "printer \"%s\": %s", name, cupsLastErrorString());
    return NULL;
}

static char *
join_values(ipp_attribute_t *a)
{
    struct strbuf b;

    strbuf_init(&b);
    for (int i = 0; a != NULL && i < ippGetCount(a); i++) {
        const char *v = ippGetString(a, i, NULL);

        if (v == NULL)
            continue;
        if (b.len > 0)
            strbuf_puts(&b, ",");
        strbuf_puts(&b, v);
    }
    return strbuf_take(&b);
}

/* Fill d's state from a Get-Printer-Attributes request (printer-state-message is not among
 * the options cupsGetNamedDest returns). */
static void
read_state(http_t *http, cups_dest_t *dest, struct print_dest *d)
{
    static const char *const wanted[] = { "printer-state", "printer-state-reasons",
                                          "printer-state-message", "printer-is-accepting-jobs",
                                          "printer-info" };
    const char *uri = cupsGetOption("printer-uri-supported", dest->num_options, dest->options);
    const char *opt;
    ipp_attribute_t *a;
    ipp_t *req, *resp = NULL;

    /* The options cupsGetNamedDest returned, in case the request fails. */
    opt = cupsGetOption("printer-state", dest->num_options, dest->options);
    d->state = opt != NULL ? atoi(opt) : IPP_PSTATE_IDLE;
    opt = cupsGetOption("printer-is-accepting-jobs", dest->num_options, dest->options);
    d->accepting = opt == NULL || strcmp(opt, "true") == 0;
    opt = cupsGetOption("printer-state-reasons", dest->num_options, dest->options);
    d->reasons = xstrdup(opt != NULL ? opt : "none");
    opt = cupsGetOption("printer-info", dest->num_options, dest->options);
    d->info = xstrdup(opt != NULL ? opt : "");
    d->message = xstrdup("");
    if (uri == NULL)
        return;

    req = ippNewRequest(IPP_OP_GET_PRINTER_ATTRIBUTES);
    ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, uri);
    ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                  (int)(sizeof wanted / sizeof wanted[0]), NULL, wanted);
    resp = cupsDoRequest(http, req, "/");
    if (resp == NULL || cupsLastError() > IPP_STATUS_OK_CONFLICTING) {
        ippDelete(resp);
        return;
    }
    if ((a = ippFindAttribute(resp, "printer-state", IPP_TAG_ENUM)) != NULL)
        d->state = ippGetInteger(a, 0);
    if ((a = ippFindAttribute(resp, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN)) != NULL)
        d->accepting = ippGetBoolean(a, 0);
    if ((a = ippFindAttribute(resp, "printer-state-reasons", IPP_TAG_KEYWORD)) != NULL) {
        free(d->reasons);
        d->reasons = join_values(a);
    }
    if ((a = ippFindAttribute(resp, "printer-state-message", IPP_TAG_TEXT)) != NULL) {
        free(d->message);
        d->message = xstrdup(ippGetString(a, 0, NULL) != NULL ? ippGetString(a, 0, NULL) : "");
    }
    ippDelete(resp);
}

static void
read_media(http_t *http, cups_dest_t *dest, struct print_dest *d)
{
    cups_dinfo_t *info = cupsCopyDestInfo(http, dest);
    cups_size_t size;

    d->media = xstrdup("");
    if (info == NULL)
        return;
    if (cupsGetDestMediaDefault(http, dest, info, 0, &size)) {
        free(d->media);
        d->media = xstrdup(size.media);
        d->media_w = size.width / 100.0;
        d->media_h = size.length / 100.0;
    }
    cupsFreeDestInfo(info);
}

static void
fill_dest(http_t *http, cups_dest_t *dest, struct print_dest *d, bool media)
{
    memset(d, 0, sizeof *d);
    d->name = xstrdup(dest->name);
    d->is_default = dest->is_default != 0;
    read_state(http, dest, d);
    if (media)
        read_media(http, dest, d);
    else
        d->media = xstrdup("");
}

enum print_fault
print_list(struct print_dest **out, size_t *n, char **cause)
{
    http_t *http = connect_cups(cause);
    cups_dest_t *dests = NULL;
    int count;

    *out = NULL;
    *n = 0;
    if (http == NULL)
        return PRINT_NO_SERVICE;
    count = cupsGetDests2(http, &dests);
    if (no_answer(cause)) {
        cupsFreeDests(count, dests);
        close_cups(http);
        return PRINT_NO_ANSWER;
    }
    if (count == 0 && cupsLastError() > IPP_STATUS_OK_CONFLICTING &&
        cupsLastError() != IPP_STATUS_ERROR_NOT_FOUND) {
        xasprintf(cause, "cannot list printers: %s", cupsLastErrorString());
        close_cups(http);
        return fault_of_last_error();
    }
    if (count > 0)
        *out = xcalloc((size_t)count, sizeof **out);
    for (int i = 0; i < count; i++) {
        /* lpoptions instances ("Q/draft") are the same queue: list queues once. */
        if (dests[i].instance != NULL)
            continue;
        fill_dest(http, &dests[i], &(*out)[*n], true);
        (*n)++;
    }
    cupsFreeDests(count, dests);
    close_cups(http);
    if (no_answer(cause)) {
        for (size_t i = 0; i < *n; i++)
            print_dest_done(&(*out)[i]);
        free(*out);
        *out = NULL;
        *n = 0;
        return PRINT_NO_ANSWER;
    }
    return PRINT_OK;
}

enum print_fault
print_get_dest(const char *name, struct print_dest *out, char **cause)
{
    enum print_fault fault = PRINT_OK;
    http_t *http = connect_cups(cause);
    cups_dest_t *dest;

    memset(out, 0, sizeof *out);
    if (http == NULL)
        return PRINT_NO_SERVICE;
    dest = find_dest(http, name, &fault, cause);
    if (dest != NULL) {
        fill_dest(http, dest, out, true);
        cupsFreeDests(1, dest);
        if (no_answer(cause)) {
            print_dest_done(out);
            fault = PRINT_NO_ANSWER;
        }
    }
    close_cups(http);
    return fault;
}

enum print_fault
print_dest_judge(const struct print_dest *d, char **cause)
{
    if (d->state == IPP_PSTATE_STOPPED) {
        *cause = xstrdup(d->message);
        return PRINT_PAUSED;
    }
    if (!d->accepting) {
        if (*d->message != '\0')
            xasprintf(cause, "printer \"%s\" is not accepting jobs: %s", d->name, d->message);
        else
            xasprintf(cause, "printer \"%s\" is not accepting jobs", d->name);
        return PRINT_REJECTING;
    }
    return PRINT_OK;
}

enum print_fault
print_check(const char *name, char **cause)
{
    enum print_fault fault = PRINT_OK;
    http_t *http = connect_cups(cause);
    cups_dest_t *dest;
    struct print_dest d;

    if (http == NULL)
        return PRINT_NO_SERVICE;
    dest = find_dest(http, name, &fault, cause);
    if (dest != NULL) {
        fill_dest(http, dest, &d, false);
        fault = no_answer(cause) ? PRINT_NO_ANSWER : print_dest_judge(&d, cause);
        print_dest_done(&d);
        cupsFreeDests(1, dest);
    }
    close_cups(http);
    return fault;
}

/* "80" or "123.4": a size in mm for PageSize=Custom.<W>x<H>mm. */
static void
format_mm(char *buf, size_t len, double mm)
{
    snprintf(buf, len, "%.1f", mm);
    if (strlen(buf) > 2 && strcmp(buf + strlen(buf) - 2, ".0") == 0)
        buf[strlen(buf) - 2] = '\0';
}

/* Send one file's bytes as a document of the job (last: the job is complete after it). */
static enum print_fault
send_document(http_t *http, cups_dest_t *dest, cups_dinfo_t *info, int job_id, const char *title,
              const char *path, bool last, char **cause)
{
    char buf[32768];
    FILE *f = fopen(path, "rb");
    size_t n;
    ipp_status_t st;

    if (f == NULL) {
        xasprintf(cause, "cannot read %s: %s", path, strerror(errno));
        return PRINT_IO;
    }
    if (cupsStartDestDocument(http, dest, info, job_id, title, CUPS_FORMAT_PDF, 0, NULL,
                              last ? 1 : 0) != HTTP_STATUS_CONTINUE) {
        xasprintf(cause, "cannot send the document: %s", cupsLastErrorString());
        fclose(f);
        return no_answer(cause) ? PRINT_NO_ANSWER : fault_of_last_error();
    }
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        if (cupsWriteRequestData(http, buf, n) != HTTP_STATUS_CONTINUE)
            break;
    }
    if (ferror(f)) {
        xasprintf(cause, "cannot read %s: %s", path, strerror(errno));
        fclose(f);
        cupsFinishDestDocument(http, dest, info);
        return PRINT_IO;
    }
    fclose(f);
    st = cupsFinishDestDocument(http, dest, info);
    if (st > IPP_STATUS_OK_CONFLICTING || out_of_time()) {
        xasprintf(cause, "CUPS did not take the document: %s", cupsLastErrorString());
        return no_answer(cause) ? PRINT_NO_ANSWER : fault_of_last_error();
    }
    return PRINT_OK;
}

enum print_fault
print_submit(const struct print_doc *doc, int *job_id, char **cause)
{
    struct print_doc one = *doc;
    enum print_fault fault = PRINT_OK;
    http_t *http = connect_cups(cause);
    cups_dest_t *dest = NULL;
    cups_dinfo_t *info = NULL;
    cups_option_t *opts = NULL;
    int nopts = 0, id = 0;
    struct print_dest d;
    char size[64], w[16], h[16];
    ipp_status_t st;

    *job_id = 0;
    if (http == NULL)
        return PRINT_NO_SERVICE;
    if (doc->paths == NULL && doc->path != NULL) {
        one.paths = &one.path;
        one.npaths = 1;
        doc = &one;
    }
    if (doc->npaths == 0) {
        xasprintf(cause, "nothing to print");
        close_cups(http);
        return PRINT_IO;
    }
    dest = find_dest(http, doc->printer, &fault, cause);
    if (dest == NULL)
        goto out;
    fill_dest(http, dest, &d, false);
    fault = no_answer(cause) ? PRINT_NO_ANSWER : print_dest_judge(&d, cause);
    print_dest_done(&d);
    if (fault != PRINT_OK)
        goto out;
    info = cupsCopyDestInfo(http, dest);
    if (info == NULL) {
        fault = fault_of_last_error();
        xasprintf(cause, "printer \"%s\": %s", doc->printer, cupsLastErrorString());
        if (no_answer(cause))
            fault = PRINT_NO_ANSWER;
        goto out;
    }
    if (doc->page != NULL) {
        snprintf(size, sizeof size, "%s", doc->page);
    } else {
        format_mm(w, sizeof w, doc->w_mm);
        format_mm(h, sizeof h, doc->h_mm);
        snprintf(size, sizeof size, "Custom.%sx%smm", w, h);
    }
    nopts = cupsAddOption("PageSize", size, nopts, &opts);
    st = cupsCreateDestJob(http, dest, info, &id, doc->title, nopts, opts);
    if (st > IPP_STATUS_OK_CONFLICTING || id <= 0 || out_of_time()) {
        fault = fault_of_last_error();
        if (no_answer(cause)) {
            /* CUPS may have made the job without telling us: the caller looks it up by name
             * before anything is sent again. */
            *job_id = id;
            fault = PRINT_NO_ANSWER;
        } else if (fault == PRINT_REJECTING)
            xasprintf(cause, "printer \"%s\" is not accepting jobs", doc->printer);
        else
            xasprintf(cause, "CUPS refused the job: %s", cupsLastErrorString());
        goto out;
    }
    for (size_t i = 0; i < doc->npaths && fault == PRINT_OK; i++)
        fault = send_document(http, dest, info, id, doc->title, doc->paths[i], i + 1 == doc->npaths,
                              cause);
    if (fault != PRINT_OK) {
        /* Never leave half a job behind: it would print nothing, or print later unseen. A
         * server that does not answer may hold the whole job: the caller looks it up. */
        if (fault == PRINT_NO_ANSWER)
            *job_id = id;
        else
            cupsCancelDestJob(http, dest, id);
        goto out;
    }
    *job_id = id;

out:
    cupsFreeOptions(nopts, opts);
    cupsFreeDestInfo(info);
    if (dest != NULL)
        cupsFreeDests(1, dest);
    close_cups(http);
    return fault;
}

/* The message explaining a job that is not moving: the job's copy of the printer's message,
 * else the printer's own. */
static char *
job_why(http_t *http, ipp_t *resp, const char *printer)
{
    ipp_attribute_t *a = ippFindAttribute(resp, "job-printer-state-message", IPP_TAG_TEXT);
    const char *s = a != NULL ? ippGetString(a, 0, NULL) : NULL;
    enum print_fault fault = PRINT_OK;
    char *ignored = NULL;
    cups_dest_t *dest;
    struct print_dest d;
    char *why;

    if (s != NULL && *s != '\0')
        return xstrdup(s);
    if (printer == NULL || *printer == '\0')
        return xstrdup("");
    dest = find_dest(http, printer, &fault, &ignored);
    free(ignored);
    if (dest == NULL)
        return xstrdup("");
    fill_dest(http, dest, &d, false);
    why = xstrdup(d.message);
    print_dest_done(&d);
    cupsFreeDests(1, dest);
    return why;
}

enum print_fault
print_job_state(const char *printer, int job_id, int *state, char **why)
{
    static const char *const wanted[] = { "job-state", "job-state-reasons",
                                          "job-printer-state-message" };
    http_t *http;
    ipp_t *req, *resp;
    ipp_attribute_t *a;
    char uri[256];
    char *cause = NULL;

    *state = 0;
    if (why != NULL)
        *why = NULL;
    http = connect_cups(&cause);
    if (http == NULL) {
        if (why != NULL)
            *why = cause;
        else
            free(cause);
        return PRINT_NO_SERVICE;
    }
    httpAssembleURIf(HTTP_URI_CODING_ALL, uri, sizeof uri, "ipp", NULL, "localhost", 0, "/jobs/%d",
                     job_id);
    req = ippNewRequest(IPP_OP_GET_JOB_ATTRIBUTES);
    ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "job-uri", NULL, uri);
    ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL, cupsUser());
    ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
                  (int)(sizeof wanted / sizeof wanted[0]), NULL, wanted);
    resp = cupsDoRequest(http, req, "/");
    if (resp == NULL || cupsLastError() > IPP_STATUS_OK_CONFLICTING ||
        (a = ippFindAttribute(resp, "job-state", IPP_TAG_ENUM)) == NULL) {
        enum print_fault f = out_of_time() ? PRINT_NO_ANSWER : PRINT_FAILED;

        if (why != NULL) {
            xasprintf(why, "CUPS has no job %d: %s", job_id, cupsLastErrorString());
            no_answer(why);
        }
        ippDelete(resp);
        close_cups(http);
        return f;
    }
    *state = ippGetInteger(a, 0);
    if (why != NULL) {
        if (*state == IPP_JSTATE_COMPLETED || *state == IPP_JSTATE_PROCESSING)
            *why = xstrdup("");
        else
            *why = job_why(http, resp, printer);
    }
    ippDelete(resp);
    close_cups(http);
    if (out_of_time()) {
        if (why != NULL)
            no_answer(why);
        return PRINT_NO_ANSWER;
    }
    return PRINT_OK;
}

enum print_fault
print_find_job(const char *printer, const char *title, int64_t since, int *job_id, int *state,
               char **cause)
{
    http_t *http = connect_cups(cause);
    cups_job_t *jobs = NULL;
    int n;

    *job_id = 0;
    *state = 0;
    if (http == NULL)
        return PRINT_NO_SERVICE;
    n = cupsGetJobs2(http, &jobs, printer, 0, CUPS_WHICHJOBS_ALL);
    if (n < 0 || out_of_time() ||
        (n == 0 && cupsLastError() > IPP_STATUS_OK_CONFLICTING &&
         cupsLastError() != IPP_STATUS_ERROR_NOT_FOUND)) {
        xasprintf(cause, "cannot read the jobs of \"%s\": %s", printer, cupsLastErrorString());
        if (n > 0)
            cupsFreeJobs(n, jobs);
        close_cups(http);
        return no_answer(cause) ? PRINT_NO_ANSWER : fault_of_last_error();
    }
    for (int i = 0; i < n; i++) {
        if (jobs[i].title == NULL || strcmp(jobs[i].title, title) != 0)
            continue;
        /* A job of the same name from before this row existed is not ours (a database that
         * was reset numbers its slips from 1 again). */
        if ((int64_t)jobs[i].creation_time < since)
            continue;
        if (jobs[i].id > *job_id) {
            *job_id = jobs[i].id;
            *state = (int)jobs[i].state;
        }
    }
    cupsFreeJobs(n, jobs);
    close_cups(http);
    return PRINT_OK;
}

enum print_fault
print_cancel(const char *printer, int job_id, char **cause)
{
    enum print_fault fault = PRINT_OK;
    http_t *http = connect_cups(cause);
    cups_dest_t *dest;

    if (http == NULL)
        return PRINT_NO_SERVICE;
    dest = find_dest(http, printer, &fault, cause);
    if (dest != NULL) {
        if (cupsCancelDestJob(http, dest, job_id) > IPP_STATUS_OK_CONFLICTING || out_of_time()) {
            fault = fault_of_last_error();
            xasprintf(cause, "cannot cancel job %d: %s", job_id, cupsLastErrorString());
            if (no_answer(cause))
                fault = PRINT_NO_ANSWER;
        }
        cupsFreeDests(1, dest);
    }
    close_cups(http);
    return fault;
}

char *
print_dir_path(const char *dir, const char *name)
{
    char *p;

    xasprintf(&p, "%s/%s.pdf", dir, name);
    return p;
}
