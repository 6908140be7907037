/*
 * Statistics written out for people (stats_report.h): flat rows for CSV and the workbook,
 * text lines with block-character bars for the screen and the terminal, and the monthly
 * report's receipt. Widths are measured in terminal columns (text_width), never bytes.
 */
#include "stats_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "config.h"
#include "receipt.h"
#include "stats_period.h"
#include "text.h"
#include "xmalloc.h"

static const enum msg_id outcome_msgs[AO_COUNT] = {
    MSG_AO_FILED_ONLINE,      MSG_AO_NEEDS_DOCUMENTS, MSG_AO_SENT_TO_COUNTER,
    MSG_AO_VNEID_INSTALLED,   MSG_AO_VNEID_L2_POLICE, MSG_AO_VSSID_INSTALLED,
    MSG_AO_EHEALTH_INSTALLED, MSG_AO_MONEY_ACCOUNT,   MSG_AO_PORTAL_SHOWN,
    MSG_AO_SAFE_INTERNET,     MSG_AO_OTHER,
};

const char *
stats_outcome_label(enum assist_outcome o, enum lang lang)
{
    if ((size_t)o >= AO_COUNT)
        return "?";
    return tr_in(lang, outcome_msgs[o]);
}

/* --- Names -------------------------------------------------------------------------- */

char *
stats_service_name(const struct catalog *cat, int number, enum lang lang)
{
    const struct service *svc = cat != NULL ? catalog_service(cat, number) : NULL;
    char *s;

    if (number == 0)
        return xstrdup(tr_in(lang, MSG_STATS_NO_SERVICE));
    if (svc != NULL)
        xasprintf(&s, "%d. %s", number, tx_in(lang, &svc->plain_name));
    else
        xasprintf(&s, "%s %d", tr_in(lang, MSG_STATS_SERVICE_N), number);
    return s;
}

static const struct question *
find_question(const struct service *svc, const char *id)
{
    for (size_t i = 0; svc != NULL && i < svc->nquestions; i++)
        if (strcmp(svc->questions[i].id, id) == 0)
            return &svc->questions[i];
    return NULL;
}

static const struct prereq *
find_prereq(const struct catalog *cat, const char *id)
{
    for (size_t i = 0; cat != NULL && i < cat->nprereqs; i++)
        if (strcmp(cat->prereqs[i].id, id) == 0)
            return &cat->prereqs[i];
    return NULL;
}

char *
stats_step_name(const struct catalog *cat, int service, const char *step, enum lang lang)
{
    static const struct {
        const char *step;
        enum msg_id msg;
    } plain[] = {
        { "service", MSG_STEP_SERVICE },   { "checklist", MSG_STEP_CHECKLIST },
        { "info", MSG_STEP_INFO },         { "qr", MSG_STEP_QR },
        { "print", MSG_STEP_PRINT },       { "printing", MSG_STEP_PRINT },
        { "home", MSG_STEP_HOME },         { "", MSG_STEP_HOME },
        { "service_list", MSG_STEP_LIST }, { "search", MSG_STEP_SEARCH },
        { "help", MSG_STEP_HELP },         { "lang", MSG_STEP_LANG },
    };
    const struct service *svc = cat != NULL ? catalog_service(cat, service) : NULL;
    const char *colon = strchr(step, ':');
    char *s;

    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        if (strcmp(step, plain[i].step) == 0)
            return xstrdup(tr_in(lang, plain[i].msg));
    if (colon != NULL) {
        const char *id = colon + 1;
        size_t kind = (size_t)(colon - step);

        if (kind == 1 && step[0] == 'q') {
            const struct question *q = find_question(svc, id);

            xasprintf(&s, "%s: %s", tr_in(lang, MSG_STEP_QUESTION),
                      q != NULL ? tx_in(lang, &q->text) : id);
            return s;
        }
        if ((kind == 9 && strncmp(step, "preflight", 9) == 0) ||
            (kind == 6 && strncmp(step, "advice", 6) == 0)) {
            const struct prereq *p = find_prereq(cat, id);

            xasprintf(&s, "%s: %s",
                      tr_in(lang, step[0] == 'p' ? MSG_STEP_PREFLIGHT : MSG_STEP_ADVICE),
                      p != NULL ? tx_in(lang, &p->question) : id);
            return s;
        }
        if (kind == 7 && strncmp(step, "suggest", 7) == 0) {
            char *name = stats_service_name(cat, atoi(id), lang);

            xasprintf(&s, "%s %s", tr_in(lang, MSG_STEP_SUGGEST), name);
            free(name);
            return s;
        }
    }
    return xstrdup(step);
}

static char *
item_name(const struct catalog *cat, int service, const char *item, enum lang lang)
{
    const struct service *svc = cat != NULL ? catalog_service(cat, service) : NULL;

    for (size_t i = 0; svc != NULL && i < svc->nitems; i++)
        if (strcmp(svc->items[i].id, item) == 0)
            return xstrdup(tx_in(lang, &svc->items[i].text));
    return xstrdup(item);
}

static char *
volunteer_name(const struct stats_volunteer *v)
{
    char *s;

    xasprintf(&s, "%s (%s)", v->name, v->code);
    return s;
}

static int
share_tenths(int part, int whole)
{
    /* Rounded to a tenth of a per cent, in integers (no locale in the output). */
    return whole > 0 ? (int)(((long long)part * 2000 / whole + 1) / 2) : 0;
}

/* --- Rows --------------------------------------------------------------------------- */

/* Append a row; subject and detail are taken over (owned), NULL = "". */
static void
row_add(struct stats_rows *r, const char *code, const char *label, char *subject, char *detail,
        int value)
{
    struct stats_row *row;

    r->v = xreallocarray(r->v, r->n + 1, sizeof *r->v);
    row = &r->v[r->n++];
    row->code = code;
    row->label = xstrdup(label);
    row->subject = subject != NULL ? subject : xstrdup("");
    row->detail = detail != NULL ? detail : xstrdup("");
    snprintf(row->value, sizeof row->value, "%d", value);
}

void
stats_rows_free(struct stats_rows *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->n; i++) {
        free(r->v[i].label);
        free(r->v[i].subject);
        free(r->v[i].detail);
    }
    free(r->v);
    r->v = NULL;
    r->n = 0;
}

void
stats_rows_build(const struct stats *s, const struct catalog *cat, enum lang lang,
                 struct stats_rows *out)
{
    static const struct {
        const char *code;
        enum msg_id msg;
        int end;
    } ends[] = {
        { "sessions_finished", MSG_STATS_F_FINISHED, SESSION_FINISHED },
        { "sessions_idle", MSG_STATS_F_IDLE, SESSION_IDLE },
        { "sessions_restart", MSG_STATS_F_RESTART, SESSION_RESTART },
        { "sessions_exit", MSG_STATS_F_EXIT, SESSION_EXIT },
        { "sessions_open", MSG_STATS_F_OPEN, SESSION_OPEN },
    };
    int tenths;

    out->v = NULL;
    out->n = 0;
    row_add(out, "sessions_started", tr_in(lang, MSG_STATS_F_STARTED), NULL, NULL, s->started);
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++)
        row_add(out, ends[i].code, tr_in(lang, ends[i].msg), NULL, NULL, s->ended[ends[i].end]);

    for (size_t i = 0; i < s->nservices; i++) {
        const struct stats_service *sv = &s->services[i];

        row_add(out, "service_viewed", tr_in(lang, MSG_STATS_F_VIEWED),
                stats_service_name(cat, sv->service, lang), NULL, sv->viewed);
        row_add(out, "service_finished", tr_in(lang, MSG_STATS_F_SVC_FINISHED),
                stats_service_name(cat, sv->service, lang), NULL, sv->finished);
        row_add(out, "slips_printed", tr_in(lang, MSG_STATS_F_SLIPS),
                stats_service_name(cat, sv->service, lang), NULL, sv->slips - sv->saved);
        row_add(out, "slips_saved", tr_in(lang, MSG_STATS_F_SAVED),
                stats_service_name(cat, sv->service, lang), NULL, sv->saved);
        row_add(out, "slips_reprinted", tr_in(lang, MSG_STATS_F_REPRINTS),
                stats_service_name(cat, sv->service, lang), NULL, sv->reprints);
    }
    row_add(out, "slips_printed", tr_in(lang, MSG_STATS_F_SLIPS),
            xstrdup(tr_in(lang, MSG_STATS_ALL)), NULL, s->slips - s->saved);
    row_add(out, "slips_saved", tr_in(lang, MSG_STATS_F_SAVED), xstrdup(tr_in(lang, MSG_STATS_ALL)),
            NULL, s->saved);
    row_add(out, "slips_reprinted", tr_in(lang, MSG_STATS_F_REPRINTS),
            xstrdup(tr_in(lang, MSG_STATS_ALL)), NULL, s->reprints);

    for (size_t i = 0; i < s->nstops; i++)
        row_add(out, "stopped", tr_in(lang, MSG_STATS_F_STOPPED),
                stats_service_name(cat, s->stops[i].service, lang),
                stats_step_name(cat, s->stops[i].service, s->stops[i].step, lang),
                s->stops[i].count);

    for (size_t i = 0; i < s->nvolunteers; i++) {
        const struct stats_volunteer *v = &s->volunteers[i];

        row_add(out, "assisted_sessions", tr_in(lang, MSG_STATS_F_ASSISTED), volunteer_name(v),
                NULL, v->assisted);
        row_add(out, "assisted_recorded", tr_in(lang, MSG_STATS_F_RECORDED), volunteer_name(v),
                NULL, v->recorded);
        row_add(out, "assisted_skills", tr_in(lang, MSG_STATS_F_SKILLS), volunteer_name(v), NULL,
                v->skills);
        for (int o = 0; o < AO_COUNT; o++)
            if (v->outcomes[o] > 0)
                row_add(out, "outcome", tr_in(lang, MSG_STATS_F_OUTCOME), volunteer_name(v),
                        xstrdup(stats_outcome_label((enum assist_outcome)o, lang)), v->outcomes[o]);
    }

    row_add(out, "assisted_total", tr_in(lang, MSG_STATS_F_ASSISTED),
            xstrdup(tr_in(lang, MSG_STATS_ALL)), NULL, s->assisted);
    row_add(out, "assisted_recorded", tr_in(lang, MSG_STATS_F_RECORDED),
            xstrdup(tr_in(lang, MSG_STATS_ALL)), NULL, s->recorded);
    tenths = share_tenths(s->outcomes[AO_FILED_ONLINE], s->assisted);
    row_add(out, "filed_online_share", tr_in(lang, MSG_STATS_F_FILED_SHARE),
            xstrdup(tr_in(lang, MSG_STATS_ALL)), NULL, 0);
    snprintf(out->v[out->n - 1].value, sizeof out->v[0].value, "%d.%d", tenths / 10, tenths % 10);
    row_add(out, "vneid_activations", tr_in(lang, MSG_STATS_F_VNEID),
            xstrdup(tr_in(lang, MSG_STATS_ALL)), NULL, s->outcomes[AO_VNEID_INSTALLED]);
    row_add(out, "skills_taught", tr_in(lang, MSG_STATS_F_SKILLS),
            xstrdup(tr_in(lang, MSG_STATS_ALL)), NULL, s->skills);
    for (int o = 0; o < AO_COUNT; o++)
        row_add(out, "outcome_total", tr_in(lang, MSG_STATS_F_OUTCOME),
                xstrdup(tr_in(lang, MSG_STATS_ALL)),
                xstrdup(stats_outcome_label((enum assist_outcome)o, lang)), s->outcomes[o]);

    for (size_t i = 0; i < s->nmissing; i++)
        row_add(out, "needs_document", tr_in(lang, MSG_STATS_F_MISSING),
                stats_service_name(cat, s->missing[i].service, lang),
                item_name(cat, s->missing[i].service, s->missing[i].item, lang),
                s->missing[i].count);
}

/* --- CSV ---------------------------------------------------------------------------- */

const char *
stats_csv_column(int i, enum lang lang)
{
    static const enum msg_id cols[STATS_CSV_COLUMNS] = {
        MSG_CSV_FROM,    MSG_CSV_TO,     MSG_CSV_CODE,  MSG_CSV_FIGURE,
        MSG_CSV_SUBJECT, MSG_CSV_DETAIL, MSG_CSV_VALUE,
    };

    return i >= 0 && i < STATS_CSV_COLUMNS ? tr_in(lang, cols[i]) : "";
}

/* One field, quoted when it holds the separator, a quote, CR or LF (RFC 4180). */
static void
csv_field(struct strbuf *b, const char *f, char sep, bool last)
{
    if (strchr(f, sep) != NULL || strpbrk(f, "\"\r\n") != NULL) {
        strbuf_puts(b, "\"");
        for (const char *p = f; *p != '\0'; p++) {
            if (*p == '"')
                strbuf_puts(b, "\"");
            strbuf_add(b, p, 1);
        }
        strbuf_puts(b, "\"");
    } else {
        strbuf_puts(b, f);
    }
    if (last)
        strbuf_puts(b, "\r\n");
    else
        strbuf_add(b, &sep, 1);
}

char *
stats_csv(const struct stats *s, const struct stats_rows *rows, char sep, enum lang lang)
{
    struct strbuf b;

    strbuf_init(&b);
    strbuf_puts(&b, "\xEF\xBB\xBF");
    for (int i = 0; i < STATS_CSV_COLUMNS; i++)
        csv_field(&b, stats_csv_column(i, lang), sep, i == STATS_CSV_COLUMNS - 1);
    for (size_t i = 0; i < rows->n; i++) {
        const struct stats_row *r = &rows->v[i];

        csv_field(&b, s->from, sep, false);
        csv_field(&b, s->to, sep, false);
        csv_field(&b, r->code, sep, false);
        csv_field(&b, r->label, sep, false);
        csv_field(&b, r->subject, sep, false);
        csv_field(&b, r->detail, sep, false);
        csv_field(&b, r->value, sep, true);
    }
    return strbuf_take(&b);
}

/* --- Bars and text lines ------------------------------------------------------------ */

void
stats_bar(char *buf, size_t size, int value, int max, int width)
{
    static const char *const eighths[] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
    long long e;
    size_t used = 0;

    if (size == 0)
        return;
    buf[0] = '\0';
    if (value <= 0 || max <= 0 || width <= 0)
        return;
    if (value > max)
        value = max;
    e = (long long)value * width * 8 / max;
    if (e == 0)
        e = 1; /* a count above zero always shows */
    for (long long i = 0; i < e / 8 && used + 4 < size; i++) {
        memcpy(buf + used, "█", 3);
        used += 3;
    }
    if (e % 8 != 0 && used + 4 < size) {
        size_t n = strlen(eighths[e % 8]);

        memcpy(buf + used, eighths[e % 8], n);
        used += n;
    }
    buf[used] = '\0';
}

static void
line_add(struct stats_lines *l, bool heading, char *text)
{
    l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
    l->v[l->n].text = text;
    l->v[l->n++].heading = heading;
}

void
stats_lines_free(struct stats_lines *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].text);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

/* s cut or padded to exactly w columns (left-aligned). */
static void
pad_left(struct strbuf *b, const char *s, int w)
{
    char *t = text_width(s) > w ? text_truncate(s, w) : xstrdup(s);
    int tw = text_width(t);

    strbuf_puts(b, t);
    for (int i = tw; i < w; i++)
        strbuf_puts(b, " ");
    free(t);
}

/* s right-aligned in w columns. */
static void
pad_right(struct strbuf *b, const char *s, int w)
{
    for (int i = text_width(s); i < w; i++)
        strbuf_puts(b, " ");
    strbuf_puts(b, s);
}

struct layout {
    int width;
    int barw;  /* bar columns */
    int numw;  /* a number column */
    int namew; /* the name column of a one-number row */
};

/* "  name ……  value bar" */
static void
line_row(struct stats_lines *l, const struct layout *lo, const char *name, const char *value, int n,
         int max)
{
    struct strbuf b;
    char bar[200];

    strbuf_init(&b);
    strbuf_puts(&b, "  ");
    pad_left(&b, name, lo->namew);
    pad_right(&b, value, lo->numw);
    stats_bar(bar, sizeof bar, n, max, lo->barw);
    if (bar[0] != '\0') {
        strbuf_puts(&b, " ");
        strbuf_puts(&b, bar);
    }
    line_add(l, false, strbuf_take(&b));
}

static void
line_int(struct stats_lines *l, const struct layout *lo, const char *name, int n, int max)
{
    char v[24];

    snprintf(v, sizeof v, "%d", n);
    line_row(l, lo, name, v, n, max);
}

/* "(no figures yet)" under a heading. */
static void
line_none(struct stats_lines *l, enum lang lang)
{
    char *t;

    xasprintf(&t, "  %s", tr_in(lang, MSG_STATS_NONE));
    line_add(l, false, t);
}

/* A heading, and a blank line before it unless it is the first line. */
static void
line_heading(struct stats_lines *l, const char *title)
{
    if (l->n > 0)
        line_add(l, false, xstrdup(""));
    line_add(l, true, xstrdup(title));
}

/* A table row: name, then columns of numbers, then a bar of the first. */
static void
line_table(struct stats_lines *l, const struct layout *lo, const char *name, const int *nums,
           const char *const *heads, int ncols, int max)
{
    struct strbuf b;
    int namew = lo->width - 2 - ncols * lo->numw - 1 - lo->barw;
    char v[24], bar[200];

    strbuf_init(&b);
    strbuf_puts(&b, "  ");
    pad_left(&b, name, namew);
    for (int i = 0; i < ncols; i++) {
        strbuf_puts(&b, " ");
        if (heads != NULL) {
            pad_right(&b, heads[i], lo->numw - 1);
        } else {
            snprintf(v, sizeof v, "%d", nums[i]);
            pad_right(&b, v, lo->numw - 1);
        }
    }
    if (heads == NULL) {
        stats_bar(bar, sizeof bar, nums[0], max, lo->barw);
        if (bar[0] != '\0') {
            strbuf_puts(&b, " ");
            strbuf_puts(&b, bar);
        }
    }
    line_add(l, false, strbuf_take(&b));
}

void
stats_lines_build(const struct stats *s, const struct catalog *cat, enum lang lang, int width,
                  struct stats_lines *out)
{
    struct layout lo;
    int max = 0;
    char *name, v[40];

    out->v = NULL;
    out->n = 0;
    if (width < 60)
        width = 60;
    lo.width = width;
    lo.barw = width >= 100 ? 30 : width / 5;
    lo.numw = 8;
    lo.namew = width - 2 - lo.numw - 1 - lo.barw;

    line_heading(out, tr_in(lang, MSG_STATS_SEC_SESSIONS));
    line_int(out, &lo, tr_in(lang, MSG_STATS_F_STARTED), s->started, s->started);
    line_int(out, &lo, tr_in(lang, MSG_STATS_F_FINISHED), s->ended[SESSION_FINISHED], s->started);
    line_int(out, &lo, tr_in(lang, MSG_STATS_F_IDLE), s->ended[SESSION_IDLE], s->started);
    line_int(out, &lo, tr_in(lang, MSG_STATS_F_RESTART), s->ended[SESSION_RESTART], s->started);
    if (s->ended[SESSION_EXIT] > 0)
        line_int(out, &lo, tr_in(lang, MSG_STATS_F_EXIT), s->ended[SESSION_EXIT], s->started);
    if (s->ended[SESSION_OPEN] > 0)
        line_int(out, &lo, tr_in(lang, MSG_STATS_F_OPEN), s->ended[SESSION_OPEN], s->started);

    line_heading(out, tr_in(lang, MSG_STATS_SEC_SERVICES));
    {
        const char *heads[] = { tr_in(lang, MSG_STATS_COL_VIEWED), tr_in(lang, MSG_STATS_COL_DONE),
                                tr_in(lang, MSG_STATS_COL_SLIPS) };

        for (size_t i = 0; i < s->nservices; i++)
            if (s->services[i].viewed > max)
                max = s->services[i].viewed;
        if (s->nservices == 0) {
            line_none(out, lang);
        } else {
            line_table(out, &lo, tr_in(lang, MSG_STATS_COL_SERVICE), NULL, heads, 3, 0);
            for (size_t i = 0; i < s->nservices; i++) {
                int nums[3] = { s->services[i].viewed, s->services[i].finished,
                                s->services[i].slips };

                name = stats_service_name(cat, s->services[i].service, lang);
                line_table(out, &lo, name, nums, NULL, 3, max);
                free(name);
            }
        }
        /* A slip saved as PDF (no printer) is never called printed. */
        if (s->slips - s->saved > 0 || s->saved == 0) {
            snprintf(v, sizeof v, "%d", s->slips - s->saved);
            line_row(out, &lo, tr_in(lang, MSG_STATS_F_SLIPS), v, 0, 0);
        }
        if (s->saved > 0) {
            snprintf(v, sizeof v, "%d", s->saved);
            line_row(out, &lo, tr_in(lang, MSG_STATS_F_SAVED), v, 0, 0);
        }
        if (s->reprints > 0)
            line_int(out, &lo, tr_in(lang, MSG_STATS_F_REPRINTS), s->reprints, 0);
    }

    line_heading(out, tr_in(lang, MSG_STATS_SEC_STOPS));
    max = s->nstops > 0 ? s->stops[0].count : 0;
    if (s->nstops == 0)
        line_none(out, lang);
    for (size_t i = 0; i < s->nstops; i++) {
        char *svc = s->stops[i].service != 0 ? stats_service_name(cat, s->stops[i].service, lang)
                                             : xstrdup(tr_in(lang, MSG_STATS_NO_SERVICE));
        char *step = stats_step_name(cat, s->stops[i].service, s->stops[i].step, lang);

        xasprintf(&name, "%s · %s", svc, step);
        line_int(out, &lo, name, s->stops[i].count, max);
        free(name);
        free(svc);
        free(step);
    }

    line_heading(out, tr_in(lang, MSG_STATS_SEC_PROGRAMME));
    line_int(out, &lo, tr_in(lang, MSG_STATS_F_ASSISTED), s->assisted, 0);
    line_int(out, &lo, tr_in(lang, MSG_STATS_F_RECORDED), s->recorded, 0);
    {
        int tenths = share_tenths(s->outcomes[AO_FILED_ONLINE], s->assisted);

        snprintf(v, sizeof v, "%d.%d", tenths / 10, tenths % 10);
        line_row(out, &lo, tr_in(lang, MSG_STATS_F_FILED_SHARE), v, tenths, 1000);
    }
    line_int(out, &lo, tr_in(lang, MSG_STATS_F_VNEID), s->outcomes[AO_VNEID_INSTALLED], 0);
    line_int(out, &lo, tr_in(lang, MSG_STATS_F_SKILLS), s->skills, 0);

    line_heading(out, tr_in(lang, MSG_STATS_SEC_OUTCOMES));
    for (int o = 0; o < AO_COUNT; o++)
        line_int(out, &lo, stats_outcome_label((enum assist_outcome)o, lang), s->outcomes[o],
                 s->assisted);

    line_heading(out, tr_in(lang, MSG_STATS_SEC_VOLUNTEERS));
    if (s->nvolunteers == 0) {
        line_none(out, lang);
    } else {
        const char *heads[] = { tr_in(lang, MSG_STATS_COL_ASSISTED),
                                tr_in(lang, MSG_STATS_COL_RECORDED),
                                tr_in(lang, MSG_STATS_COL_SKILLS) };

        max = 0;
        for (size_t i = 0; i < s->nvolunteers; i++)
            if (s->volunteers[i].assisted > max)
                max = s->volunteers[i].assisted;
        line_table(out, &lo, tr_in(lang, MSG_STATS_COL_VOLUNTEER), NULL, heads, 3, 0);
        for (size_t i = 0; i < s->nvolunteers; i++) {
            const struct stats_volunteer *vol = &s->volunteers[i];
            int nums[3] = { vol->assisted, vol->recorded, vol->skills };

            name = volunteer_name(vol);
            line_table(out, &lo, name, nums, NULL, 3, max);
            free(name);
            for (int o = 0; o < AO_COUNT; o++) {
                if (vol->outcomes[o] == 0)
                    continue;
                xasprintf(&name, "  · %s", stats_outcome_label((enum assist_outcome)o, lang));
                line_int(out, &lo, name, vol->outcomes[o], 0);
                free(name);
            }
        }
    }

    if (s->nmissing > 0) {
        line_heading(out, tr_in(lang, MSG_STATS_SEC_MISSING));
        max = s->missing[0].count;
        for (size_t i = 0; i < s->nmissing; i++) {
            char *svc = stats_service_name(cat, s->missing[i].service, lang);
            char *item = item_name(cat, s->missing[i].service, s->missing[i].item, lang);

            xasprintf(&name, "%s · %s", svc, item);
            line_int(out, &lo, name, s->missing[i].count, max);
            free(name);
            free(svc);
            free(item);
        }
    }
}

/* --- The monthly report ------------------------------------------------------------- */

/* Append a block; text and value are copied (value may be NULL). */
static struct receipt_block *
report_block(struct receipt *r, enum receipt_kind kind, const char *text, const char *value)
{
    struct receipt_block *b;

    r->blocks = xreallocarray(r->blocks, r->nblocks + 1, sizeof *r->blocks);
    b = &r->blocks[r->nblocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->text = xstrdup(text != NULL ? text : "");
    b->value = value != NULL ? xstrdup(value) : NULL;
    return b;
}

/* A bar chart row: label, the count, a bar of count/max. */
static void
report_bar(struct receipt *r, const char *label, int count, int max)
{
    char v[24];
    struct receipt_block *b;

    snprintf(v, sizeof v, "%d", count);
    b = report_block(r, RB_BAR, label, v);
    b->bar = count;
    b->bar_max = max;
}

/* "2026-11-01" → "01/11/2026". */
static void
report_dmy(const char *iso, char *out, size_t size)
{
    snprintf(out, size, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
}

int
stats_report_build(const struct stats *s, const struct catalog *cat, const struct config *cfg,
                   const char *made_on, enum lang lang, struct receipt *out, char **cause)
{
    char a[16], b[16], month[16], *t, *title;
    int max = 0, tenths;

    (void)cause;
    memset(out, 0, sizeof *out);
    out->type = RECEIPT_REPORT;
    out->lang = lang;
    if (cfg != NULL && cfg->centre_name != NULL && cfg->centre_name[0] != '\0')
        report_block(out, RB_CENTER, cfg->centre_name, NULL);
    if (cfg != NULL && cfg->centre_address != NULL && cfg->centre_address[0] != '\0')
        report_block(out, RB_CENTER, cfg->centre_address, NULL);
    snprintf(month, sizeof month, "%.2s/%.4s", s->from + 5, s->from);
    /* The format comes from the message table (the only non-literal formats). */
    title = xstrdup(tr_in(lang, MSG_REPORT_TITLE));
    t = strstr(title, "%s");
    if (t != NULL) {
        char *full;

        *t = '\0';
        xasprintf(&full, "%s%s%s", title, month, t + 2);
        free(title);
        title = full;
    }
    report_block(out, RB_TITLE, title, NULL);
    free(title);
    report_dmy(s->from, a, sizeof a);
    report_dmy(s->to, b, sizeof b);
    xasprintf(&t, "%s – %s", a, b);
    report_block(out, RB_FIELD, tr_in(lang, MSG_REPORT_PERIOD), t);
    free(t);
    if (made_on != NULL && period_date_valid(made_on)) {
        report_dmy(made_on, a, sizeof a);
        report_block(out, RB_FIELD, tr_in(lang, MSG_REPORT_MADE), a);
    }

    report_block(out, RB_HEADING, tr_in(lang, MSG_REPORT_S1), NULL);
    report_bar(out, tr_in(lang, MSG_STATS_F_STARTED), s->started, s->started);
    report_bar(out, tr_in(lang, MSG_STATS_F_FINISHED), s->ended[SESSION_FINISHED], s->started);
    report_bar(out, tr_in(lang, MSG_STATS_F_IDLE), s->ended[SESSION_IDLE], s->started);
    report_bar(out, tr_in(lang, MSG_STATS_F_RESTART), s->ended[SESSION_RESTART], s->started);
    if (s->slips - s->saved > 0 || s->saved == 0)
        report_bar(out, tr_in(lang, MSG_STATS_F_SLIPS), s->slips - s->saved, 0);
    if (s->saved > 0)
        report_bar(out, tr_in(lang, MSG_STATS_F_SAVED), s->saved, 0);

    report_block(out, RB_HEADING, tr_in(lang, MSG_REPORT_S2), NULL);
    for (size_t i = 0; i < s->nservices; i++)
        if (s->services[i].viewed > max)
            max = s->services[i].viewed;
    if (s->nservices == 0)
        report_block(out, RB_LINE, tr_in(lang, MSG_STATS_NONE), NULL);
    for (size_t i = 0; i < s->nservices; i++) {
        const struct stats_service *sv = &s->services[i];
        char *name = stats_service_name(cat, sv->service, lang);

        xasprintf(&t, "%s (%d %s · %d %s)", name, sv->finished, tr_in(lang, MSG_REPORT_DONE),
                  sv->slips, tr_in(lang, MSG_REPORT_SLIPS));
        report_bar(out, t, sv->viewed, max);
        free(t);
        free(name);
    }

    report_block(out, RB_HEADING, tr_in(lang, MSG_REPORT_S3), NULL);
    if (s->nstops == 0)
        report_block(out, RB_LINE, tr_in(lang, MSG_STATS_NONE), NULL);
    for (size_t i = 0; i < s->nstops && i < 8; i++) {
        char *svc = stats_service_name(cat, s->stops[i].service, lang);
        char *step = stats_step_name(cat, s->stops[i].service, s->stops[i].step, lang);

        xasprintf(&t, "%s · %s", svc, step);
        report_bar(out, t, s->stops[i].count, s->stops[0].count);
        free(t);
        free(svc);
        free(step);
    }

    report_block(out, RB_HEADING, tr_in(lang, MSG_REPORT_S4), NULL);
    xasprintf(&t, "%d", s->assisted);
    report_block(out, RB_FIELD, tr_in(lang, MSG_STATS_F_ASSISTED), t);
    free(t);
    xasprintf(&t, "%d", s->recorded);
    report_block(out, RB_FIELD, tr_in(lang, MSG_STATS_F_RECORDED), t);
    free(t);
    tenths = share_tenths(s->outcomes[AO_FILED_ONLINE], s->assisted);
    xasprintf(&t, "%d.%d (%d/%d)", tenths / 10, tenths % 10, s->outcomes[AO_FILED_ONLINE],
              s->assisted);
    report_block(out, RB_FIELD, tr_in(lang, MSG_STATS_F_FILED_SHARE), t);
    free(t);
    xasprintf(&t, "%d", s->outcomes[AO_VNEID_INSTALLED]);
    report_block(out, RB_FIELD, tr_in(lang, MSG_STATS_F_VNEID), t);
    free(t);
    xasprintf(&t, "%d", s->skills);
    report_block(out, RB_FIELD, tr_in(lang, MSG_STATS_F_SKILLS), t);
    free(t);

    report_block(out, RB_HEADING, tr_in(lang, MSG_REPORT_S5), NULL);
    for (int o = 0; o < AO_COUNT; o++)
        report_bar(out, stats_outcome_label((enum assist_outcome)o, lang), s->outcomes[o],
                   s->assisted);

    if (s->nvolunteers > 0) {
        report_block(out, RB_HEADING, tr_in(lang, MSG_REPORT_S6), NULL);
        max = 0;
        for (size_t i = 0; i < s->nvolunteers; i++)
            if (s->volunteers[i].assisted > max)
                max = s->volunteers[i].assisted;
        for (size_t i = 0; i < s->nvolunteers; i++) {
            const struct stats_volunteer *v = &s->volunteers[i];

            xasprintf(&t, "%s (%s) (%d %s · %d %s)", v->name, v->code, v->recorded,
                      tr_in(lang, MSG_REPORT_RECORDED), v->skills, tr_in(lang, MSG_REPORT_SKILLS));
            report_bar(out, t, v->assisted, max);
            free(t);
        }
    }

    if (s->nmissing > 0) {
        report_block(out, RB_HEADING, tr_in(lang, MSG_STATS_SEC_MISSING), NULL);
        for (size_t i = 0; i < s->nmissing && i < 8; i++) {
            char *svc = stats_service_name(cat, s->missing[i].service, lang);
            char *item = item_name(cat, s->missing[i].service, s->missing[i].item, lang);

            xasprintf(&t, "%s · %s", svc, item);
            report_bar(out, t, s->missing[i].count, s->missing[0].count);
            free(t);
            free(svc);
            free(item);
        }
    }

    report_block(out, RB_RULE, "", NULL);
    report_block(out, RB_NOTE, tr_in(lang, MSG_REPORT_PRIVACY), NULL);
    if (cat != NULL) {
        xasprintf(&t, "%s: %s", tr_in(lang, MSG_HANDOUT_VERSION),
                  cat->version != NULL ? cat->version : cat->hash);
        report_block(out, RB_NOTE, t, NULL);
        free(t);
    }
    report_block(out, RB_BLANK, tr_in(lang, MSG_REPORT_SIGN), NULL);
    return 0;
}
