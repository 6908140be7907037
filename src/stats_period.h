/*
 * Periods for statistics: local days "YYYY-MM-DD" in the process's time zone (main and the
 * print helper set TZ from kiosk.conf's timezone). Weeks start on Monday; a period's last day
 * is included. Date arithmetic works on the calendar (no time zone involved); only turning a
 * day into Unix seconds asks the time zone.
 */
#ifndef KIOSK_STATS_PERIOD_H
#define KIOSK_STATS_PERIOD_H

#include <stdbool.h>
#include <stdint.h>

/* A period of whole local days, both ends included. */
struct period {
    char from[11];
    char to[11];
};

/* Is s a date "YYYY-MM-DD" that exists (1970..9999)? */
bool period_date_valid(const char *s);
/* Days since 1970-01-01 of a valid date (no time zone). */
int64_t period_day_number(const char *day);
/* The date of a day number into buf. */
void period_day_name(int64_t n, char buf[11]);
/* The local day of Unix time t. */
void period_day_of(int64_t t, char buf[11]);
/* Unix seconds of the local midnight that starts day (a valid date). */
int64_t period_day_start(const char *day);

/* Today, the week (Monday..Sunday) and the month that hold Unix time now. */
void period_today(int64_t now, struct period *p);
void period_week(int64_t now, struct period *p);
void period_month_of(int64_t now, struct period *p);
/* The month before the one holding now. */
void period_last_month(int64_t now, struct period *p);
/* "YYYY-MM" → its first and last day. -1 with *cause when it is not a month that exists. */
int period_month(const char *yyyy_mm, struct period *p, char **cause);
/* from and to given as dates: -1 with *cause (caller frees) when one is not a date that
 * exists or the period ends before it starts. */
int period_range(const char *from, const char *to, struct period *p, char **cause);

#endif
