/*
 * What every benchmark program here needs to time its runs: a monotonic clock and the
 * comparison qsort uses to find medians and percentiles. Header-only, so each program stays
 * one file built with one cc line (bench/run.sh).
 */
#ifndef KIOSK_BENCH_TIME_H
#define KIOSK_BENCH_TIME_H

#include <time.h>

/* Monotonic microseconds. */
static inline double
bench_now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* Monotonic milliseconds. */
static inline double
bench_now_ms(void)
{
    return bench_now_us() / 1e3;
}

/* qsort order of doubles, smallest first. */
static inline int
bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

#endif
