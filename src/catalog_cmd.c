/* `kiosk catalog check` and `kiosk catalog list`: the catalog on the command line. */
#include "catalog_cmd.h"

#include <stdio.h>
#include <time.h>

#include "catalog.h"
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

int
catalog_cmd_check(const char *path, FILE *out, FILE *err)
{
    struct strlist problems = { 0 };
    struct catalog *cat;

    if (catalog_load(path, &cat, &problems) != 0)
        return report(&problems, err);
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

        if (catalog_service_active(s, today))
            fprintf(out, "%02d\t%s\t%s\t%s\n", s->number, s->code, s->official_name.vi, s->qr_url);
    }
    catalog_free(cat);
    return 0;
}
