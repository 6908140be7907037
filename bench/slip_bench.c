/*
 * Slip PDF generation inside one process, as the print helper does it: build the slip's
 * model (receipt_build_slip) and render it with cairo + pango (pdf_render). The first slip
 * pays for fontconfig, pango and cairo start-up; later ones show the steady cost.
 *
 *   slip_bench CATALOG SERVICE OUTDIR [LATER]
 *   prints "slip service=N answers=1,1 first_ms= later_median_ms= later_min_ms= later_max_ms=
 * later=N"
 *
 * The answers are the first answer at every question, walked to an outcome; the resident
 * has ticked the first checklist item. Built by bench/run.sh against $(BUILD)/libprint.a
 * and $(BUILD)/libcore.a.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog.h"
#include "config.h"
#include "flow.h"
#include "i18n.h"
#include "pdf.h"
#include "receipt.h"
#include "xmalloc.h"
#include "bench_time.h"

/* Build and render one slip; returns its time in ms, or -1. */
static double
one_slip(const struct slip_input *in, const char *path)
{
    struct receipt r = { 0 };
    char *cause = NULL;
    double t0 = bench_now_ms();

    if (receipt_build_slip(in, &r, &cause) != 0 ||
        pdf_render(&r, PAPER_80MM, path, NULL, NULL, &cause) != 0) {
        fprintf(stderr, "slip_bench: %s\n", cause != NULL ? cause : "?");
        free(cause);
        receipt_done(&r);
        return -1;
    }
    receipt_done(&r);
    return bench_now_ms() - t0;
}

int
main(int argc, char **argv)
{
    struct strlist problems = { 0 };
    struct catalog *cat = NULL;
    struct config cfg;
    struct slip_input in = { 0 };
    int answers[64], have[1] = { 1 }, number, later, pos = 0;
    size_t n = 0;
    double first, *t;
    char path[4096];

    if (argc < 4 || catalog_load(argv[1], &cat, &problems) != 0) {
        for (size_t i = 0; i < problems.n; i++)
            fprintf(stderr, "%s\n", problems.v[i]);
        fprintf(stderr, "usage: slip_bench CATALOG SERVICE OUTDIR [LATER]\n");
        return 2;
    }
    number = atoi(argv[2]);
    later = argc > 4 ? atoi(argv[4]) : 30;
    config_defaults(&cfg);
    for (size_t i = 0; i < cat->nservices; i++)
        if (cat->services[i].number == number)
            in.svc = &cat->services[i];
    if (in.svc == NULL) {
        fprintf(stderr, "slip_bench: no service %d\n", number);
        return 2;
    }
    while (n < 64 && flow_walk(in.svc, answers, n, &pos) == FLOW_QUESTION)
        answers[n++] = 1;
    in.cat = cat;
    in.cfg = &cfg;
    in.answers = answers;
    in.nanswers = n;
    in.have = have;
    in.nhave = in.svc->outcomes[pos].nitems > 0 ? 1 : 0;
    in.slip_no = "20260101-0001";
    in.when = time(NULL);
    in.lang = LANG_VI;

    snprintf(path, sizeof path, "%s/slip-first.pdf", argv[3]);
    first = one_slip(&in, path);
    if (first < 0)
        return 1;
    t = xcalloc((size_t)later, sizeof *t);
    for (int i = 0; i < later; i++) {
        snprintf(path, sizeof path, "%s/slip-%d.pdf", argv[3], i);
        t[i] = one_slip(&in, path);
        if (t[i] < 0)
            return 1;
    }
    qsort(t, (size_t)later, sizeof *t, bench_cmp_double);
    {
        char *list = flow_format_numbers(answers, n);

        printf("slip service=%d answers=%s first_ms=%.3f later_median_ms=%.3f "
               "later_min_ms=%.3f later_max_ms=%.3f later=%d\n",
               number, list, first, t[later / 2], t[0], t[later - 1], later);
        free(list);
    }
    free(t);
    config_done(&cfg);
    catalog_free(cat);
    strlist_free(&problems);
    return 0;
}
