/* `kiosk catalog check` and `kiosk catalog list`: the catalog on the command line. */
#include "catalog_cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "catalog.h"
#include "text_check.h"
#include "xmalloc.h"

/* Print every problem, one per line, and free them. */
static int
report(struct strlist *problems, FILE *err)
{
    for (size_t i = 0; i < problems->n; i++)
        fprintf(err, "%s\n", problems->v[i]);
    strlist_free(problems);
    return 2;
}

/* Collects the facts not checked for too long (catalog_each_fact). */
struct stale {
    const char *file;
    const char *today;
    int max_days;
    struct strlist *lines;
};

static void
stale_fact(void *ctx, const char *path, const char *field, const struct fact *f)
{
    struct stale *st = ctx;
    long days = catalog_days_between(f->checked, st->today);

    (void)field;
    if (f->checked != NULL && days > st->max_days)
        strlist_addf(st->lines, "%s: %s: checked %s, %ld days ago (review_after_days %d)", st->file,
                     path, f->checked, days, st->max_days);
}

void
catalog_cmd_stale(const struct catalog *cat, int review_after_days, const char *today,
                  struct strlist *lines)
{
    struct stale st = { cat->path, today, review_after_days, lines };

    if (review_after_days <= 0)
        return;
    for (size_t i = 0; i < cat->nservices; i++) {
        const struct service *s = &cat->services[i];
        long days = catalog_days_between(s->qr_checked, today);

        catalog_each_fact(s, stale_fact, &st);
        if (s->qr_checked != NULL && days > review_after_days)
            strlist_addf(lines,
                         "%s: services[%zu].qr: checked %s, %ld days ago "
                         "(review_after_days %d)",
                         cat->path, s->file_index, s->qr_checked, days, review_after_days);
    }
}

/* One text that goes on a slip: the same font and character checks as the slip itself. */
static void
check_printed(const char *path, const struct service *sv, const char *field,
              const struct i18n_text *t, size_t max, struct strlist *problems)
{
    const char *langs[2] = { "vi", "en" };
    const char *texts[2] = { t->vi, t->en };

    for (int i = 0; i < 2; i++) {
        char *msg = texts[i] != NULL ? text_check_printable(texts[i], max, 1) : NULL;

        if (msg != NULL) {
            strlist_addf(problems, "%s: service %d (%s) %s.%s: %s", path, sv->number, sv->code,
                         field, langs[i], msg);
            free(msg);
        }
    }
}

/* Names, facts and hotlines of every service print on slips and handouts. */
static void
check_printable(const char *path, const struct catalog *cat, struct strlist *problems)
{
    for (size_t i = 0; i < cat->nservices; i++) {
        const struct service *sv = &cat->services[i];
        const struct fact *facts[] = { &sv->agency, &sv->audience, &sv->fee, &sv->time };
        const char *names[] = { "agency", "audience", "fee", "time" };

        check_printed(path, sv, "official_name", &sv->official_name, 200, problems);
        check_printed(path, sv, "plain_name", &sv->plain_name, 200, problems);
        for (size_t k = 0; k < sizeof facts / sizeof facts[0]; k++)
            for (const struct fact *f = facts[k]; f != NULL; f = f->next)
                check_printed(path, sv, names[k], &f->text, 1000, problems);
        for (size_t k = 0; k < sv->nhotlines; k++)
            for (const struct fact *f = &sv->hotlines[k]; f != NULL; f = f->next)
                check_printed(path, sv, "hotlines", &f->text, 300, problems);
    }
}

int
catalog_cmd_check(const char *path, int review_after_days, bool strict, const char *today,
                  FILE *out, FILE *err)
{
    struct strlist problems = { 0 }, stale = { 0 };
    struct catalog *cat;
    char date[11];

    if (catalog_load(path, &cat, &problems) != 0)
        return report(&problems, err);
    if (today == NULL) {
        catalog_cmd_today(date);
        today = date;
    }
    catalog_check_dated(cat, today, &problems);
    check_printable(path, cat, &problems);
    catalog_cmd_stale(cat, review_after_days, today, &stale);
    if (strict)
        for (size_t i = 0; i < stale.n; i++)
            strlist_add(&problems, stale.v[i]);
    else
        for (size_t i = 0; i < stale.n; i++)
            fprintf(err, "%s\n", stale.v[i]);
    strlist_free(&stale);
    if (problems.n > 0) {
        catalog_free(cat);
        return report(&problems, err);
    }
    fprintf(out, "%s: OK, %zu services (hash %s)\n", path, cat->nservices, cat->hash);
    catalog_free(cat);
    return 0;
}

void
catalog_cmd_today(char buf[11])
{
    /* Vietnam keeps UTC+7 all year, so no time zone database is needed. */
    time_t t = time(NULL) + 7 * 3600;
    struct tm *tm = gmtime(&t);

    if (tm == NULL || strftime(buf, 11, "%Y-%m-%d", tm) != 10)
        snprintf(buf, 11, "1970-01-01");
}

int
catalog_cmd_list(const char *path, const char *national_url_override,
                 const char *provincial_url_override, const char *today, FILE *out, FILE *err)
{
    struct strlist problems = { 0 };
    struct catalog *cat;
    char date[11];

    if (catalog_load(path, &cat, &problems) != 0)
        return report(&problems, err);
    /* As at kiosk start-up: an empty override is none, and a provincial override with no
     * provincial portal in the catalog changes nothing. */
    catalog_apply_overrides(cat, national_url_override, provincial_url_override, &problems);
    if (problems.n > 0) {
        catalog_free(cat);
        return report(&problems, err);
    }
    if (today == NULL) {
        catalog_cmd_today(date);
        today = date;
    }
    for (size_t i = 0; i < cat->nservices; i++) {
        const struct service *s = &cat->services[i];

        const char *url = catalog_service_qr(cat, s, today);

        if (catalog_service_active(s, today))
            fprintf(out, "%02d\t%s\t%s\t%s\n", s->number, s->code, s->official_name.vi,
                    url != NULL ? url : "");
    }
    catalog_free(cat);
    return 0;
}
