/*
 * Search quality: the phrasing table (tests/fixtures/search_phrasings.tsv: what residents
 * type, the kiosk's language, the service that must come first) run against a catalog as
 * the search screen runs it: each row typed key by key into the composer (plain in English),
 * search_run() after every key. Prints one line per kind of phrasing and one in all:
 *
 *   phrasings kind=telex rows=25 top1=25 top3=25
 *   phrasings kind=all rows=251 top1=249 top1_pct=99.2 top3=251 top3_pct=100.0
 *             keystrokes=3120 key_median_us=14.1 key_p99_us=40.3 key_max_us=60.2
 *
 * and each row that misses the first place ("miss …") on stderr.
 *
 *   search_phrasings CATALOG TABLE DATE
 *
 * Built by bench/run.sh against $(BUILD)/libcore.a; `make test` asserts the same table
 * (tests/test_search.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog.h"
#include "compose.h"
#include "search.h"
#include "text.h"
#include "xmalloc.h"
#include "bench_time.h"

#define KINDS_MAX 16
#define KEYS_MAX  200000

struct tally {
    char kind[32];
    size_t rows, top1, top3;
};

static struct tally *
tally_for(struct tally *t, size_t *n, const char *kind)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(t[i].kind, kind) == 0)
            return &t[i];
    if (*n == KINDS_MAX)
        return &t[KINDS_MAX - 1];
    snprintf(t[*n].kind, sizeof t[*n].kind, "%s", kind);
    return &t[(*n)++];
}

int
main(int argc, char **argv)
{
    struct strlist problems = { 0 };
    struct catalog *cat = NULL;
    struct search_index *idx;
    struct search_hit hits[8];
    struct tally kinds[KINDS_MAX] = { 0 }, all = { "all", 0, 0, 0 };
    size_t nkinds = 0, nkeys = 0;
    double *keys = xcalloc(KEYS_MAX, sizeof *keys);
    char line[1024];
    FILE *f;

    if (argc < 4 || catalog_load(argv[1], &cat, &problems) != 0) {
        for (size_t i = 0; i < problems.n; i++)
            fprintf(stderr, "%s\n", problems.v[i]);
        fprintf(stderr, "usage: search_phrasings CATALOG TABLE DATE\n");
        return 2;
    }
    if ((f = fopen(argv[2], "r")) == NULL) {
        perror(argv[2]);
        return 2;
    }
    idx = search_index_new(cat, argv[3]);
    while (fgets(line, sizeof line, f) != NULL) {
        char *field[4], *p = line;
        struct compose c;
        struct tally *t;
        size_t k, n = 0, len, i = 0;
        uint32_t cp;
        int want;

        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        for (k = 0; k < 4 && p != NULL; k++) {
            field[k] = p;
            p = strchr(p, '\t');
            if (p != NULL)
                *p++ = '\0';
        }
        if (k < 4)
            continue;
        want = atoi(field[0]);
        compose_init(&c);
        compose_set_plain(&c, strcmp(field[1], "en") == 0);
        len = strlen(field[2]);
        while (i < len) {
            double t0;

            i += text_decode(field[2] + i, len - i, &cp);
            t0 = bench_now_us();
            compose_key(&c, cp);
            n = search_run(idx, c.text, c.raw, hits, 8);
            if (nkeys < KEYS_MAX)
                keys[nkeys++] = bench_now_us() - t0;
        }
        t = tally_for(kinds, &nkinds, field[3]);
        t->rows++;
        all.rows++;
        for (k = 0; k < n && k < 3 && hits[k].svc->number != want; k++)
            ;
        if (k < n && k < 3) {
            t->top3++;
            all.top3++;
        }
        if (k == 0 && n > 0) {
            t->top1++;
            all.top1++;
        } else {
            fprintf(stderr, "miss %s \"%s\" (%s): want %d, first %d\n", field[3], field[2],
                    field[1], want, n > 0 ? hits[0].svc->number : 0);
        }
    }
    fclose(f);
    for (size_t i = 0; i < nkinds; i++)
        printf("phrasings kind=%s rows=%zu top1=%zu top3=%zu\n", kinds[i].kind, kinds[i].rows,
               kinds[i].top1, kinds[i].top3);
    qsort(keys, nkeys, sizeof *keys, bench_cmp_double);
    printf("phrasings kind=all rows=%zu top1=%zu top1_pct=%.1f top3=%zu top3_pct=%.1f "
           "keystrokes=%zu key_median_us=%.1f key_p99_us=%.1f key_max_us=%.1f\n",
           all.rows, all.top1, all.rows ? 100.0 * (double)all.top1 / (double)all.rows : 0.0,
           all.top3, all.rows ? 100.0 * (double)all.top3 / (double)all.rows : 0.0, nkeys,
           nkeys ? keys[nkeys / 2] : 0.0, nkeys ? keys[nkeys * 99 / 100] : 0.0,
           nkeys ? keys[nkeys - 1] : 0.0);
    search_index_free(idx);
    catalog_free(cat);
    free(keys);
    return all.rows > 0 ? 0 : 1;
}
