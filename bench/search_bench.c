/*
 * A search keystroke over the catalog's active services, as the search screen does it:
 * compose_key() for the typed character, then search_run() with the composed and the raw
 * text. Each query below is typed one key at a time, ROUNDS times over (a first pass warms
 * the caches and is not counted); every keystroke is timed on its own.
 *
 *   search_bench CATALOG [ROUNDS]   prints "search keystrokes=N median_us= p95_us= max_us="
 *
 * Built by bench/run.sh against $(BUILD)/libcore.a.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog.h"
#include "compose.h"
#include "search.h"
#include "xmalloc.h"
#include "bench_time.h"

/* What residents type: Telex, VNI, plain ASCII, a number, English. */
static const char *const queries[] = {
    "khai sinh",
    "ddawng kys thuwowngf trus",
    "d9a8ng ky1 ke6t ho6n",
    "can cuoc",
    "ho chieu",
    "ly lich tu phap",
    "15",
    "bao hiem y te",
    "that nghiep",
    "birth",
    "giay phep lai xe",
    "tam tru",
};

int
main(int argc, char **argv)
{
    struct strlist problems = { 0 };
    struct catalog *cat = NULL;
    struct search_index *idx;
    struct search_hit hits[32];
    size_t nq = sizeof queries / sizeof queries[0], nkeys = 0, hits_total = 0;
    int rounds = argc > 2 ? atoi(argv[2]) : 200;
    double *per;
    size_t k = 0;

    if (argc < 2 || catalog_load(argv[1], &cat, &problems) != 0) {
        for (size_t i = 0; i < problems.n; i++)
            fprintf(stderr, "%s\n", problems.v[i]);
        fprintf(stderr, "usage: search_bench CATALOG [ROUNDS]\n");
        return 2;
    }
    idx = search_index_new(cat, "2026-01-01");
    for (size_t q = 0; q < nq; q++)
        nkeys += strlen(queries[q]);
    per = xcalloc((size_t)rounds * nkeys, sizeof *per);
    for (int r = -1; r < rounds; r++) {
        for (size_t q = 0; q < nq; q++) {
            struct compose c;

            compose_init(&c);
            for (const char *p = queries[q]; *p != '\0'; p++) {
                double t0 = bench_now_us();

                compose_key(&c, (unsigned char)*p);
                hits_total += search_run(idx, c.text, c.raw, hits, 32);
                if (r >= 0)
                    per[k++] = bench_now_us() - t0;
            }
        }
    }
    qsort(per, k, sizeof *per, bench_cmp_double);
    printf("search services=%zu keystrokes=%zu median_us=%.3f p95_us=%.3f max_us=%.3f "
           "hits=%zu\n",
           cat->nservices, k, per[k / 2], per[k * 95 / 100], per[k - 1], hits_total);
    free(per);
    search_index_free(idx);
    catalog_free(cat);
    strlist_free(&problems);
    return 0;
}
