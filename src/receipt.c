/*
 * The content of every printed page (see receipt.h): the preparation slip,
 * handouts, the poster, the test page and the catalog review sheet, as a flat list of blocks plus
 * the QR codes they show. Content only: which facts appear, in which language, and which version of
 * a dated fact (the one in force on the page's date). Residents read a fact only when it is
 * verified; otherwise one plain "hỏi cán bộ tại quầy" line. Editors' notes and sources never reach
 * paper. How it looks is up to the renderers (pdf.c, the on-screen preview, receipt_to_text).
 */
#include "receipt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "config.h"
#include "flow.h"
#include "xmalloc.h"

/* Slips list the top reasons a dossier is returned, no more: a slip must stay
 * short. */
#define SLIP_MAX_REASONS 3

static struct receipt_block *
add_block(struct receipt *r, enum receipt_kind kind, const char *text, const char *value)
{
    struct receipt_block *b;

    r->blocks = xreallocarray(r->blocks, r->nblocks + 1, sizeof(*r->blocks));
    b = &r->blocks[r->nblocks++];
    memset(b, 0, sizeof(*b));
    b->kind = kind;
    b->text = xstrdup(text != NULL ? text : "");
    b->value = value != NULL ? xstrdup(value) : NULL;
    return b;
}

/* Like add_block, but takes ownership of text and value (both heap strings or
 * NULL). */
static struct receipt_block *
add_block_take(struct receipt *r, enum receipt_kind kind, char *text, char *value)
{
    struct receipt_block *b = add_block(r, kind, NULL, NULL);

    if (text != NULL) {
        free(b->text);
        b->text = text;
    }
    b->value = value;
    return b;
}

static int
add_qr(struct receipt *r, const char *url, const char *caption, int level_m, char **cause)
{
    struct qr_matrix m;
    struct receipt_block *b;
    char *qcause = NULL;
    int rc = level_m ? qr_encode_m(url, &m, &qcause) : qr_encode(url, &m, &qcause);

    if (rc != 0) {
        xasprintf(cause, "QR code for %s: %s", url, qcause);
        free(qcause);
        return -1;
    }
    r->qrs = xreallocarray(r->qrs, r->nqrs + 1, sizeof(*r->qrs));
    r->qrs[r->nqrs] = m;
    b = add_block(r, RB_QR, url, caption);
    b->qr = (int)r->nqrs++;
    return 0;
}

static int
is_empty(const char *s)
{
    return s == NULL || s[0] == '\0';
}

static void
add_fact(struct receipt *r, enum msg_id label, const struct fact *f, const char *date)
{
    add_block(r, RB_FIELD, tr_in(r->lang, label), catalog_fact_text(f, date, r->lang));
}

/* The fee on date, then "Miễn phí nếu bạn là: …" when it has exemption groups. */
static void
add_fee(struct receipt *r, const struct catalog *cat, const struct fact *fee, const char *date)
{
    char *ex = catalog_fee_exemptions(cat, fee, date, r->lang);

    add_fact(r, MSG_SLIP_FEE, fee, date);
    if (ex != NULL)
        add_block_take(r, RB_LINE, ex, NULL);
}

/* The procedure code line, only when the catalog knows the code for sure. */
static void
add_tthc(struct receipt *r, const struct service *svc, const char *date)
{
    if (catalog_fact_shown(&svc->tthc, date))
        add_fact(r, MSG_SLIP_TTHC, &svc->tthc, date);
}

/* "Dịch vụ số 9: Đăng ký khai sinh" (caller frees). */
static char *
service_heading(enum lang lang, const struct service *svc)
{
    char *s;

    xasprintf(&s, "%s %d: %s", tr_in(lang, MSG_SLIP_SERVICE), svc->number,
              tx_in(lang, &svc->official_name));
    return s;
}

/* The names of the service's channels valid on date, "; "-separated (caller frees): a closed
 * portal is never offered. */
static char *
channel_names(const struct catalog *cat, const struct service *svc, const char *date,
              enum lang lang)
{
    struct strbuf b;

    strbuf_init(&b);
    for (size_t i = 0; i < svc->channels.n; i++) {
        const struct portal *p = catalog_portal_on(cat, svc->channels.v[i], date);

        if (p == NULL)
            continue;
        if (b.len > 0)
            strbuf_puts(&b, "; ");
        strbuf_puts(&b, tx_in(lang, &p->name));
    }
    if (b.len == 0)
        strbuf_puts(&b, tr_in(lang, MSG_ASK_OFFICER));
    return strbuf_take(&b);
}

static void
add_where(struct receipt *r, const struct catalog *cat, const struct service *svc, const char *date)
{
    add_block_take(r, RB_FIELD, xstrdup(tr_in(r->lang, MSG_SLIP_WHERE)),
                   channel_names(cat, svc, date, r->lang));
}

static void
add_reasons(struct receipt *r, const struct service *svc, size_t max)
{
    size_t n = svc->nreasons < max ? svc->nreasons : max;

    if (n == 0)
        return;
    add_block(r, RB_HEADING, tr_in(r->lang, MSG_SLIP_REASONS), NULL);
    for (size_t i = 0; i < n; i++) {
        char *marker;

        xasprintf(&marker, "%zu.", i + 1);
        add_block_take(r, RB_ITEM, xstrdup(tx_in(r->lang, &svc->reasons[i])), marker);
    }
}

/* A checklist item's text, marked when unverified (caller frees). */
static char *
item_text(enum lang lang, const struct checklist_item *it)
{
    char *s;

    if (it->verified)
        return xstrdup(tx_in(lang, &it->text));
    xasprintf(&s, "%s %s", tx_in(lang, &it->text), tr_in(lang, MSG_SLIP_UNVERIFIED));
    return s;
}

/* The caption under the service's own QR code: what it opens, in one line (caller frees). */
static char *
service_qr_caption(const struct catalog *cat, const struct service *svc, enum lang lang)
{
    const struct i18n_text *opens = catalog_qr_opens(cat, svc);

    return xstrdup(opens != NULL ? tx_in(lang, opens) : "");
}

/* The service's QR code valid on date, if any, with what it opens. */
static int
add_service_qr(struct receipt *r, const struct catalog *cat, const struct service *svc,
               const char *date, int level_m, char **cause)
{
    const char *url = catalog_service_qr(cat, svc, date);
    char *caption;
    int rc;

    if (is_empty(url))
        return 0;
    caption = service_qr_caption(cat, svc, r->lang);
    rc = add_qr(r, url, caption, level_m, cause);
    free(caption);
    return rc;
}

/* For a service filed in the VNeID app: the path through its menus, numbered. */
static void
add_vneid_steps(struct receipt *r, const struct service *svc)
{
    if (svc->nvneid_steps == 0)
        return;
    add_block(r, RB_HEADING, tr_in(r->lang, MSG_SLIP_VNEID), NULL);
    for (size_t i = 0; i < svc->nvneid_steps; i++) {
        char *marker;

        xasprintf(&marker, "%zu.", i + 1);
        add_block_take(r, RB_ITEM, xstrdup(tx_in(r->lang, &svc->vneid_steps[i])), marker);
    }
}

/* The agency's own numbers (those residents may read on date), then kiosk.conf's general
 * ones. svc may be NULL (the poster). */
static void
add_hotlines(struct receipt *r, const struct service *svc, const struct config *cfg,
             const char *date)
{
    for (size_t i = 0; svc != NULL && i < svc->nhotlines; i++)
        if (catalog_fact_shown(&svc->hotlines[i], date))
            add_block(r, RB_FIELD, tr_in(r->lang, MSG_SLIP_HOTLINES),
                      catalog_fact_text(&svc->hotlines[i], date, r->lang));
    if (cfg != NULL && !is_empty(cfg->hotlines))
        add_block(r, RB_FIELD, tr_in(r->lang, MSG_SLIP_HOTLINES_GENERAL), cfg->hotlines);
}

static void
add_centre(struct receipt *r, const struct config *cfg)
{
    if (cfg == NULL)
        return;
    if (!is_empty(cfg->centre_name))
        add_block(r, RB_CENTER, cfg->centre_name, NULL);
    if (!is_empty(cfg->centre_address))
        add_block(r, RB_CENTER, cfg->centre_address, NULL);
}

/* "Phiên bản danh mục: 2026-11-28": which catalog a staff page was printed
 * from. */
static void
add_version(struct receipt *r, const struct catalog *cat, const char *fallback)
{
    const char *v = !is_empty(cat->version) ? cat->version : fallback;
    char *s;

    if (is_empty(v))
        return;
    xasprintf(&s, "%s: %s", tr_in(r->lang, MSG_HANDOUT_VERSION), v);
    add_block_take(r, RB_NOTE, s, NULL);
}

static void
local_tm(time_t when, struct tm *tm)
{
    if (localtime_r(&when, tm) == NULL)
        memset(tm, 0, sizeof(*tm));
}

/* "28/11/2026 14:05" (caller frees). */
static char *
format_when(time_t when)
{
    struct tm tm;
    char buf[64];

    local_tm(when, &tm);
    if (strftime(buf, sizeof(buf), "%d/%m/%Y %H:%M", &tm) == 0)
        buf[0] = '\0';
    return xstrdup(buf);
}

static void
format_date_iso(time_t when, char buf[static 16])
{
    struct tm tm;

    local_tm(when, &tm);
    if (strftime(buf, 16, "%Y-%m-%d", &tm) == 0)
        buf[0] = '\0';
}

/* The QR code of the provincial portal's home page, when the catalog has one
 * valid on date. */
static int
add_provincial_qr(struct receipt *r, const struct catalog *cat, const char *date, int level_m,
                  char **cause)
{
    const struct portal *p = catalog_provincial(cat, date);
    char *url, *caption;
    int rc;

    if (p == NULL)
        return 0;
    url = catalog_portal_home_url(p);
    if (is_empty(url) || strncmp(url, "https://", 8) != 0) {
        free(url);
        return 0;
    }
    if (!is_empty(tx_in(r->lang, &p->opens_home)))
        caption = xstrdup(tx_in(r->lang, &p->opens_home));
    else
        xasprintf(&caption, "%s %s", tr_in(r->lang, MSG_SLIP_QR_HOME), tx_in(r->lang, &p->name));
    rc = add_qr(r, url, caption, level_m, cause);
    free(caption);
    free(url);
    return rc;
}

static void
receipt_start(struct receipt *r, enum receipt_type type, enum lang lang)
{
    memset(r, 0, sizeof(*r));
    r->type = type;
    r->lang = lang == LANG_EN ? LANG_EN : LANG_VI;
}

/* Find the outcome the answers lead to; -1 and *cause otherwise. */
static int
slip_outcome(const struct slip_input *in, const struct outcome **out, char **cause)
{
    int pos = -1;
    enum flow_result fr = flow_walk(in->svc, in->answers, in->nanswers, &pos);
    char *list;

    if (fr == FLOW_OUTCOME && pos >= 0 && (size_t)pos < in->svc->noutcomes) {
        *out = &in->svc->outcomes[pos];
        return 0;
    }
    list = flow_format_numbers(in->answers, in->nanswers);
    if (fr == FLOW_QUESTION)
        xasprintf(cause, "service %d: answers \"%s\" stop at a question, not at an outcome",
                  in->svc->number, list);
    else
        xasprintf(cause, "service %d: answers \"%s\" do not fit its questions", in->svc->number,
                  list);
    free(list);
    return -1;
}

/* Items on the slip's checklist: the outcome's, or every item of the service when the
 * resident went straight to the checklist without answering (oc == NULL). */
static size_t
slip_nitems(const struct slip_input *in, const struct outcome *oc)
{
    return oc != NULL ? oc->nitems : in->svc->nitems;
}

static const struct checklist_item *
slip_item(const struct slip_input *in, const struct outcome *oc, size_t i)
{
    return &in->svc->items[oc != NULL ? oc->items[i] : i];
}

static int
slip_check_input(const struct slip_input *in, const struct outcome *oc, char **cause)
{
    size_t n = slip_nitems(in, oc);

    for (size_t i = 0; i < in->nhave; i++) {
        if (in->have[i] < 1 || (size_t)in->have[i] > n) {
            xasprintf(cause, "service %d: item %d is not on the checklist (1-%zu)", in->svc->number,
                      in->have[i], n);
            return -1;
        }
    }
    return 0;
}

static int
slip_has(const struct slip_input *in, size_t number)
{
    for (size_t i = 0; i < in->nhave; i++)
        if (in->have[i] >= 1 && (size_t)in->have[i] == number)
            return 1;
    return 0;
}

static void
slip_checklist(struct receipt *r, const struct slip_input *in, const struct outcome *oc)
{
    size_t have = 0;
    char *count;

    add_block(r, RB_HEADING, tr_in(r->lang, MSG_SLIP_CHECKLIST), NULL);
    add_block(r, RB_NOTE, tr_in(r->lang, MSG_SLIP_LEGEND), NULL);
    for (size_t i = 0; i < slip_nitems(in, oc); i++) {
        const struct checklist_item *it = slip_item(in, oc, i);
        struct receipt_block *b = add_block_take(r, RB_CHECK, item_text(r->lang, it), NULL);

        b->checked = slip_has(in, i + 1);
        have += (size_t)b->checked;
    }
    xasprintf(&count, "%zu/%zu", have, slip_nitems(in, oc));
    add_block_take(r, RB_FIELD, xstrdup(tr_in(r->lang, MSG_SLIP_HAVE_COUNT)), count);
}

static void
slip_case(struct receipt *r, const struct slip_input *in, const struct outcome *oc)
{
    const char *title;

    if (oc == NULL) {
        add_block(r, RB_LINE, tr_in(r->lang, MSG_SLIP_ALL_ITEMS), NULL);
        return;
    }
    title = tx_in(r->lang, &oc->title);
    {
        const char *note = tx_in(r->lang, &oc->note);

        if (!is_empty(title))
            add_block(r, RB_FIELD, tr_in(r->lang, MSG_SLIP_CASE), title);
        if (!is_empty(note))
            add_block(r, RB_LINE, note, NULL);
        if (oc->suggest > 0 && oc->suggest != in->svc->number) {
            const struct service *s = catalog_service(in->cat, oc->suggest);

            if (s != NULL)
                add_block_take(r, RB_FIELD, xstrdup(tr_in(r->lang, MSG_SLIP_SUGGEST)),
                               service_heading(r->lang, s));
        }
    }
}

/* "Cần làm trước": what the pre-flight answers "no" promised would be on the list. */
static int
slip_todos(struct receipt *r, const struct slip_input *in, char **cause)
{
    if (in->ntodos == 0)
        return 0;
    for (size_t i = 0; i < in->ntodos; i++) {
        if (in->todos == NULL || in->todos[i] >= in->cat->nprereqs) {
            xasprintf(cause, "slip: to-do %zu is not a pre-flight question", i + 1);
            return -1;
        }
    }
    add_block(r, RB_HEADING, tr_in(r->lang, MSG_SLIP_TODO), NULL);
    for (size_t i = 0; i < in->ntodos; i++)
        add_block(r, RB_ITEM, tx_in(r->lang, &in->cat->prereqs[in->todos[i]].if_no), "•");
    return 0;
}

int
receipt_build_slip(const struct slip_input *in, struct receipt *out, char **cause)
{
    const struct outcome *oc = NULL;
    struct receipt *r = out;
    char date[16];

    receipt_start(out, RECEIPT_SLIP, in->lang);
    if (in->cat == NULL || in->svc == NULL) {
        xasprintf(cause, "slip: no service");
        return -1;
    }
    if (is_empty(in->slip_no)) {
        xasprintf(cause, "slip: no slip number");
        return -1;
    }
    /* No answers at all: straight from the service page to the checklist, every item. */
    if ((in->nanswers > 0 && slip_outcome(in, &oc, cause) != 0) ||
        slip_check_input(in, oc, cause) != 0)
        return -1;
    format_date_iso(in->when, date);

    add_centre(r, in->cfg);
    add_block(r, RB_TITLE, tr_in(r->lang, MSG_SLIP_TITLE), NULL);
    add_block(r, RB_FIELD, tr_in(r->lang, MSG_SLIP_NUMBER), in->slip_no);
    add_block_take(r, RB_FIELD, xstrdup(tr_in(r->lang, MSG_SLIP_DATE)), format_when(in->when));
    add_block(r, RB_RULE, NULL, NULL);

    add_block_take(r, RB_HEADING, service_heading(r->lang, in->svc), NULL);
    add_tthc(r, in->svc, date);
    slip_case(r, in, oc);
    if (slip_todos(r, in, cause) != 0)
        goto fail;
    slip_checklist(r, in, oc);
    add_block(r, RB_RULE, NULL, NULL);

    /* The fee and time of the resident's case when the answers settle them. */
    add_fee(r, in->cat, catalog_outcome_fee(in->svc, oc), date);
    add_fact(r, MSG_SLIP_TIME, catalog_outcome_time(in->svc, oc), date);
    add_where(r, in->cat, in->svc, date);
    add_reasons(r, in->svc, SLIP_MAX_REASONS);
    add_block(r, RB_RULE, NULL, NULL);

    add_vneid_steps(r, in->svc);
    if (add_service_qr(r, in->cat, in->svc, date, 0, cause) != 0 ||
        add_provincial_qr(r, in->cat, date, 0, cause) != 0)
        goto fail;
    add_hotlines(r, in->svc, in->cfg, date);
    add_block(r, RB_BLANK, tr_in(r->lang, MSG_SLIP_OFFICER_NOTE), NULL);
    add_block(r, RB_NOTE, tr_in(r->lang, MSG_SLIP_PRIVACY), NULL);
    return 0;

fail:
    receipt_done(out);
    return -1;
}

/* Every checklist item of the service, or of its only outcome, unticked. */
static void
handout_checklist(struct receipt *r, const struct service *svc)
{
    add_block(r, RB_HEADING, tr_in(r->lang, MSG_SLIP_CHECKLIST), NULL);
    if (svc->noutcomes == 1) {
        const struct outcome *oc = &svc->outcomes[0];

        for (size_t i = 0; i < oc->nitems; i++)
            add_block_take(r, RB_CHECK, item_text(r->lang, &svc->items[oc->items[i]]), NULL);
        return;
    }
    if (svc->noutcomes > 1)
        add_block(r, RB_NOTE, tr_in(r->lang, MSG_HANDOUT_DEPENDS), NULL);
    for (size_t i = 0; i < svc->nitems; i++)
        add_block_take(r, RB_CHECK, item_text(r->lang, &svc->items[i]), NULL);
}

static void
handout_steps(struct receipt *r, const struct service *svc)
{
    if (svc->nsteps == 0)
        return;
    add_block(r, RB_HEADING, tr_in(r->lang, MSG_HANDOUT_STEPS), NULL);
    for (size_t i = 0; i < svc->nsteps; i++) {
        char *marker;

        xasprintf(&marker, "%zu.", i + 1);
        add_block_take(r, RB_ITEM, xstrdup(tx_in(r->lang, &svc->steps[i])), marker);
    }
}

int
receipt_build_handout(const struct catalog *cat, const struct service *svc,
                      const struct config *cfg, enum lang lang, struct receipt *out, char **cause)
{
    struct receipt *r = out;
    const char *plain;
    char date[16];

    receipt_start(out, RECEIPT_HANDOUT, lang);
    if (cat == NULL || svc == NULL) {
        xasprintf(cause, "handout: no service");
        return -1;
    }
    add_centre(r, cfg);
    add_block_take(r, RB_TITLE, service_heading(r->lang, svc), NULL);
    format_date_iso(time(NULL), date); /* handouts show the facts in force today */
    plain = tx_in(r->lang, &svc->plain_name);
    if (!is_empty(plain) && strcmp(plain, tx_in(r->lang, &svc->official_name)) != 0)
        add_block(r, RB_CENTER, plain, NULL);
    if (!is_empty(catalog_service_qr(cat, svc, date))) {
        add_block(r, RB_LINE, tr_in(r->lang, MSG_HANDOUT_SCAN), NULL);
        if (add_service_qr(r, cat, svc, date, 1, cause) != 0)
            goto fail;
    }
    add_tthc(r, svc, date);
    add_fact(r, MSG_HANDOUT_AUDIENCE, &svc->audience, date);
    add_fee(r, cat, &svc->fee, date);
    add_fact(r, MSG_SLIP_TIME, &svc->time, date);
    add_where(r, cat, svc, date);
    handout_checklist(r, svc);
    handout_steps(r, svc);
    add_vneid_steps(r, svc);
    add_reasons(r, svc, SLIP_MAX_REASONS);
    add_hotlines(r, svc, cfg, date);
    add_version(r, cat, NULL);
    return 0;

fail:
    receipt_done(out);
    return -1;
}

int
receipt_build_poster(const struct catalog *cat, const struct config *cfg, const char *date,
                     enum lang lang, struct receipt *out, char **cause)
{
    struct receipt *r = out;
    size_t nqr = 0;

    receipt_start(out, RECEIPT_POSTER, lang);
    if (cat == NULL || is_empty(date)) {
        xasprintf(cause, "poster: no catalog or date");
        return -1;
    }
    add_centre(r, cfg);
    add_block(r, RB_TITLE, tr_in(r->lang, MSG_POSTER_TITLE), NULL);
    add_block(r, RB_LINE, tr_in(r->lang, MSG_POSTER_SCAN), NULL);
    for (size_t i = 0; i < cat->nservices; i++) {
        const struct service *svc = &cat->services[i];
        char *caption;
        int rc;

        const char *url = catalog_service_qr(cat, svc, date);

        if (!catalog_service_active(svc, date) || is_empty(url))
            continue;
        xasprintf(&caption, "%d. %s", svc->number, tx_in(r->lang, &svc->plain_name));
        rc = add_qr(r, url, caption, 1, cause);
        free(caption);
        if (rc != 0)
            goto fail;
        nqr++;
    }
    if (nqr == 0) {
        xasprintf(cause, "poster: no service is active on %s", date);
        goto fail;
    }
    add_hotlines(r, NULL, cfg, date);
    add_version(r, cat, date);
    return 0;

fail:
    receipt_done(out);
    return -1;
}

int
receipt_build_test(const struct catalog *cat, const struct config *cfg, const char *printer,
                   time_t when, enum lang lang, struct receipt *out, char **cause)
{
    struct receipt *r = out;
    const struct portal *p = cat != NULL ? catalog_portal(cat, "dvcqg") : NULL;
    char *url = p != NULL ? catalog_portal_home_url(p) : NULL;
    struct receipt_block *b;
    int rc;

    receipt_start(out, RECEIPT_TEST, lang);
    add_centre(r, cfg);
    add_block(r, RB_TITLE, tr_in(r->lang, MSG_SLIP_TEST_TITLE), NULL);
    if (!is_empty(printer))
        add_block(r, RB_FIELD, tr_in(r->lang, MSG_SLIP_TEST_PRINTER), printer);
    add_block_take(r, RB_FIELD, xstrdup(tr_in(r->lang, MSG_SLIP_DATE)), format_when(when));
    add_block(r, RB_RULE, NULL, NULL);
    add_block(r, RB_LINE, tr_in(r->lang, MSG_SLIP_TEST_SENTENCE), NULL);
    add_block(r, RB_LINE, tr_in(r->lang, MSG_SLIP_TEST_UPPER), NULL);
    add_block(r, RB_LINE, tr_in(r->lang, MSG_SLIP_TEST_LOWER), NULL);
    b = add_block(r, RB_CHECK, tr_in(r->lang, MSG_SLIP_TEST_HAVE), NULL);
    b->checked = 1;
    add_block(r, RB_CHECK, tr_in(r->lang, MSG_SLIP_TEST_MISSING), NULL);
    add_block(r, RB_RULE, NULL, NULL);
    if (is_empty(url)) {
        free(url);
        url = xstrdup(tr_in(r->lang, MSG_SLIP_TEST_TITLE));
    }
    rc = add_qr(r, url, tr_in(r->lang, MSG_SLIP_TEST_QR), 0, cause);
    free(url);
    if (rc != 0) {
        receipt_done(out);
        return -1;
    }
    add_block(r, RB_NOTE, tr_in(r->lang, MSG_SLIP_PRIVACY), NULL);
    return 0;
}

/* --- the catalog review sheet ---------------------------------------------------------- */

struct review {
    struct receipt *r;
    const char *date;
    int after_days;
    size_t lines; /* facts and items listed for the current service */
};

/* The label of a fact's field ("fee" -> "Lệ phí"). */
static const char *
review_label(enum lang lang, const char *field)
{
    static const struct {
        const char *field;
        enum msg_id label;
    } labels[] = {
        { "fee", MSG_SLIP_FEE },           { "time", MSG_SLIP_TIME },
        { "agency", MSG_FLOW_LBL_AGENCY }, { "audience", MSG_HANDOUT_AUDIENCE },
        { "tthc_code", MSG_SLIP_TTHC },    { "hotlines", MSG_SLIP_HOTLINES },
    };

    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(field, labels[i].field) == 0)
            return tr_in(lang, labels[i].label);
    return field;
}

/* " · Ghi chú: …" and " · Nguồn: S1, S2" when there are any. */
static void
review_notes(struct strbuf *b, enum lang lang, const char *note, const struct strlist *sources)
{
    if (note != NULL && note[0] != '\0')
        strbuf_printf(b, " · %s: %s", tr_in(lang, MSG_REVIEW_NOTE), note);
    if (sources != NULL && sources->n > 0) {
        strbuf_printf(b, " · %s: ", tr_in(lang, MSG_REVIEW_SOURCES));
        for (size_t i = 0; i < sources->n; i++)
            strbuf_printf(b, "%s%s", i > 0 ? ", " : "", sources->v[i]);
    }
}

/* "kiểm tra lần cuối 2026-01-02, 338 ngày trước" when checked is due again, else false. */
static bool
review_stale(struct strbuf *b, enum lang lang, const char *checked, const struct review *rv)
{
    long days = catalog_days_between(checked, rv->date);

    if (rv->after_days <= 0 || checked == NULL || days <= rv->after_days)
        return false;
    strbuf_printf(b, "%s %s, %ld %s", tr_in(lang, MSG_REVIEW_CHECKED), checked, days,
                  tr_in(lang, MSG_REVIEW_DAYS_AGO));
    return true;
}

/* One fact version to look at: not verified, or checked too long ago (catalog_each_fact). */
static void
review_fact(void *ctx, const char *path, const char *field, const struct fact *f)
{
    struct review *rv = ctx;
    enum lang lang = rv->r->lang;
    const char *text = tx_in(lang, &f->text);
    struct strbuf b;
    bool stale;

    if (f->valid_until != NULL && strcmp(f->valid_until, rv->date) < 0)
        return; /* history: no longer shown */
    strbuf_init(&b);
    strbuf_printf(&b, "%s [%s]: %s — ", review_label(lang, field), path,
                  is_empty(text) ? tr_in(lang, MSG_REVIEW_EMPTY) : text);
    if (!f->verified)
        strbuf_puts(&b, tr_in(lang, MSG_REVIEW_UNVERIFIED));
    {
        struct strbuf st;

        strbuf_init(&st);
        stale = review_stale(&st, lang, f->checked, rv);
        if (stale)
            strbuf_printf(&b, "%s%s", f->verified ? "" : "; ", st.s);
        strbuf_done(&st);
    }
    if (f->verified && !stale) {
        strbuf_done(&b);
        return;
    }
    if (f->valid_from != NULL || f->valid_until != NULL)
        strbuf_printf(&b, " (%s → %s)", f->valid_from != NULL ? f->valid_from : "…",
                      f->valid_until != NULL ? f->valid_until : "…");
    review_notes(&b, lang, f->editor_note, &f->sources);
    add_block_take(rv->r, RB_CHECK, strbuf_take(&b), NULL);
    rv->lines++;
}

static int
review_service(struct review *rv, const struct catalog *cat, const struct service *svc,
               char **cause)
{
    struct receipt *r = rv->r;
    enum lang lang = r->lang;
    const char *url = catalog_service_qr(cat, svc, rv->date);

    add_block_take(r, RB_HEADING, service_heading(lang, svc), NULL);
    rv->lines = 0;
    catalog_each_fact(svc, review_fact, rv);
    for (size_t i = 0; i < svc->nitems; i++) {
        const struct checklist_item *it = &svc->items[i];
        struct strbuf b;

        if (it->verified)
            continue;
        strbuf_init(&b);
        strbuf_printf(&b, "%s [services[%zu].items[%zu]]: %s — %s", tr_in(lang, MSG_REVIEW_ITEM),
                      svc->file_index, i, tx_in(lang, &it->text),
                      tr_in(lang, MSG_REVIEW_UNVERIFIED));
        review_notes(&b, lang, it->editor_note, NULL);
        add_block_take(r, RB_CHECK, strbuf_take(&b), NULL);
        rv->lines++;
    }
    if (svc->editor_note != NULL) {
        char *note;

        xasprintf(&note, "%s: %s", tr_in(lang, MSG_REVIEW_NOTE), svc->editor_note);
        add_block_take(r, RB_NOTE, note, NULL);
    }
    if (rv->lines == 0)
        add_block(r, RB_NOTE, tr_in(lang, MSG_REVIEW_NOTHING), NULL);
    if (!is_empty(url)) {
        struct strbuf b;
        char *caption = service_qr_caption(cat, svc, lang);

        if (add_qr(r, url, caption, 1, cause) != 0) {
            free(caption);
            return -1;
        }
        free(caption);
        strbuf_init(&b);
        strbuf_printf(&b, "%s [services[%zu].qr]", tr_in(lang, MSG_REVIEW_QR_CHECK),
                      svc->file_index);
        if (!svc->qr_verified)
            strbuf_printf(&b, " — %s", tr_in(lang, MSG_REVIEW_UNVERIFIED));
        {
            struct strbuf st;

            strbuf_init(&st);
            if (review_stale(&st, lang, svc->qr_checked, rv))
                strbuf_printf(&b, " — %s", st.s);
            strbuf_done(&st);
        }
        if (!svc->qr_is_procedure && !is_empty(tx_in(lang, &svc->qr_home_reason)))
            strbuf_printf(&b, " · %s", tx_in(lang, &svc->qr_home_reason));
        review_notes(&b, lang, NULL, &svc->qr_sources);
        add_block_take(r, RB_CHECK, strbuf_take(&b), NULL);
    }
    return 0;
}

/* A code the kiosk shows or prints that is not a service's own, with its box. */
static int
review_other_qr(struct receipt *r, const char *url, const char *what, char **cause)
{
    if (is_empty(url) || strncmp(url, "https://", 8) != 0)
        return 0;
    if (add_qr(r, url, what, 1, cause) != 0)
        return -1;
    add_block(r, RB_CHECK, tr_in(r->lang, MSG_REVIEW_QR_CHECK), NULL);
    return 0;
}

int
receipt_build_review(const struct catalog *cat, const struct config *cfg, const char *date,
                     int review_after_days, enum lang lang, struct receipt *out, char **cause)
{
    struct receipt *r = out;
    struct review rv = { .r = out, .date = date, .after_days = review_after_days };
    const struct portal *prov, *national;
    char *url, *s;
    int rc;

    receipt_start(out, RECEIPT_REVIEW, lang);
    if (cat == NULL || is_empty(date)) {
        xasprintf(cause, "review: no catalog or date");
        return -1;
    }
    add_centre(r, cfg);
    add_block(r, RB_TITLE, tr_in(r->lang, MSG_REVIEW_TITLE), NULL);
    add_block(r, RB_FIELD, tr_in(r->lang, MSG_REVIEW_DATE), date);
    if (review_after_days > 0) {
        xasprintf(&s, "%d", review_after_days);
        add_block_take(r, RB_FIELD, xstrdup(tr_in(r->lang, MSG_REVIEW_AFTER)), s);
    }
    add_block(r, RB_LINE, tr_in(r->lang, MSG_REVIEW_INTRO), NULL);
    add_block(r, RB_RULE, NULL, NULL);
    for (size_t i = 0; i < cat->nservices; i++) {
        if (!catalog_service_active(&cat->services[i], date))
            continue;
        if (review_service(&rv, cat, &cat->services[i], cause) != 0)
            goto fail;
        add_block(r, RB_RULE, NULL, NULL);
    }
    add_block(r, RB_HEADING, tr_in(r->lang, MSG_REVIEW_OTHER), NULL);
    prov = catalog_provincial(cat, date);
    if (prov != NULL) {
        url = catalog_portal_home_url(prov);
        rc = review_other_qr(r, url, tx_in(r->lang, &prov->opens_home), cause);
        free(url);
        if (rc != 0)
            goto fail;
    }
    national = catalog_portal(cat, "dvcqg");
    url = national != NULL ? catalog_portal_home_url(national) : NULL;
    xasprintf(&s, "%s: %s", tr_in(r->lang, MSG_REVIEW_TEST_PAGE),
              national != NULL ? tx_in(r->lang, &national->opens_home) : "");
    rc = review_other_qr(r, url, s, cause);
    free(s);
    free(url);
    if (rc != 0)
        goto fail;
    add_block(r, RB_RULE, NULL, NULL);
    add_version(r, cat, NULL);
    xasprintf(&s, "%s: %s", tr_in(r->lang, MSG_REVIEW_HASH), cat->hash != NULL ? cat->hash : "");
    add_block_take(r, RB_NOTE, s, NULL);
    return 0;

fail:
    receipt_done(out);
    return -1;
}

/* A fixed-width separator for plain text. */
#define TEXT_RULE "----------------------------------------"

char *
receipt_to_text(const struct receipt *r)
{
    struct strbuf b;

    strbuf_init(&b);
    for (size_t i = 0; i < r->nblocks; i++) {
        const struct receipt_block *blk = &r->blocks[i];

        switch (blk->kind) {
        case RB_TITLE: strbuf_printf(&b, "# %s\n", blk->text); break;
        case RB_HEADING: strbuf_printf(&b, "## %s\n", blk->text); break;
        case RB_CENTER:
        case RB_LINE:
        case RB_NOTE: strbuf_printf(&b, "%s\n", blk->text); break;
        case RB_FIELD:
            strbuf_printf(&b, "%s: %s\n", blk->text, blk->value != NULL ? blk->value : "");
            break;
        case RB_CHECK: strbuf_printf(&b, "%s %s\n", blk->checked ? "☑" : "☐", blk->text); break;
        case RB_ITEM:
            strbuf_printf(&b, "%s %s\n", blk->value != NULL ? blk->value : "•", blk->text);
            break;
        case RB_QR:
            strbuf_printf(&b, "[QR %dx%d] %s\n%s\n",
                          blk->qr >= 0 && (size_t)blk->qr < r->nqrs ? r->qrs[blk->qr].size : 0,
                          blk->qr >= 0 && (size_t)blk->qr < r->nqrs ? r->qrs[blk->qr].size : 0,
                          blk->value != NULL ? blk->value : "", blk->text);
            break;
        case RB_RULE: strbuf_puts(&b, TEXT_RULE "\n"); break;
        case RB_BLANK: strbuf_printf(&b, "%s: ______________________________\n", blk->text); break;
        case RB_BAR:
            strbuf_printf(&b, "%s: %s\n", blk->text, blk->value != NULL ? blk->value : "");
            break;
        }
    }
    return strbuf_take(&b);
}

void
receipt_done(struct receipt *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->nblocks; i++) {
        free(r->blocks[i].text);
        free(r->blocks[i].value);
    }
    free(r->blocks);
    for (size_t i = 0; i < r->nqrs; i++)
        qr_done(&r->qrs[i]);
    free(r->qrs);
    r->blocks = NULL;
    r->nblocks = 0;
    r->qrs = NULL;
    r->nqrs = 0;
}
