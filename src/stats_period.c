/* Periods of local days for statistics (stats_period.h). */
#include "stats_period.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "xmalloc.h"

/* Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian calendar). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
    int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
    int64_t era, doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int
month_days(int y, int m)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return m == 2 && leap ? 29 : days[m - 1];
}

static bool
digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static int
num(const char *s, int n)
{
    int v = 0;

    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

bool
period_date_valid(const char *s)
{
    int y, m, d;

    if (s == NULL || strlen(s) != 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) ||
        s[7] != '-' || !digits(s + 8, 2))
        return false;
    y = num(s, 4);
    m = num(s + 5, 2);
    d = num(s + 8, 2);
    return y >= 1970 && m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m);
}

int64_t
period_day_number(const char *day)
{
    return days_from_civil(num(day, 4), num(day + 5, 2), num(day + 8, 2));
}

void
period_day_name(int64_t n, char buf[11])
{
    int y, m, d;

    civil_from_days(n, &y, &m, &d);
    snprintf(buf, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u);
}

void
period_day_of(int64_t t, char buf[11])
{
    time_t tt = (time_t)t;
    struct tm tm;

    localtime_r(&tt, &tm);
    strftime(buf, 11, "%Y-%m-%d", &tm);
}

int64_t
period_day_start(const char *day)
{
    struct tm tm;

    memset(&tm, 0, sizeof tm);
    tm.tm_year = num(day, 4) - 1900;
    tm.tm_mon = num(day + 5, 2) - 1;
    tm.tm_mday = num(day + 8, 2);
    tm.tm_isdst = -1;
    return (int64_t)mktime(&tm);
}

void
period_today(int64_t now, struct period *p)
{
    period_day_of(now, p->from);
    memcpy(p->to, p->from, sizeof p->to);
}

void
period_week(int64_t now, struct period *p)
{
    char today[11];
    int64_t n;
    int weekday; /* 0 = Monday */

    period_day_of(now, today);
    n = period_day_number(today);
    weekday = (int)(((n + 3) % 7 + 7) % 7); /* 1970-01-01 was a Thursday */
    period_day_name(n - weekday, p->from);
    period_day_name(n - weekday + 6, p->to);
}

static void
month_period(int y, int m, struct period *p)
{
    snprintf(p->from, sizeof p->from, "%04u-%02u-01", (unsigned)y % 10000u, (unsigned)m % 100u);
    snprintf(p->to, sizeof p->to, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)month_days(y, m) % 100u);
}

void
period_month_of(int64_t now, struct period *p)
{
    char today[11];

    period_day_of(now, today);
    month_period(num(today, 4), num(today + 5, 2), p);
}

void
period_last_month(int64_t now, struct period *p)
{
    char today[11];
    int y, m;

    period_day_of(now, today);
    y = num(today, 4);
    m = num(today + 5, 2) - 1;
    if (m == 0) {
        m = 12;
        y--;
    }
    month_period(y, m, p);
}

int
period_month(const char *s, struct period *p, char **cause)
{
    int y, m;

    if (s == NULL || strlen(s) != 7 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2)) {
        xasprintf(cause, "\"%s\" is not a month: write it as YYYY-MM, e.g. 2026-11",
                  s != NULL ? s : "");
        return -1;
    }
    y = num(s, 4);
    m = num(s + 5, 2);
    if (y < 1970 || m < 1 || m > 12) {
        xasprintf(cause, "the month %s does not exist", s);
        return -1;
    }
    month_period(y, m, p);
    return 0;
}

int
period_range(const char *from, const char *to, struct period *p, char **cause)
{
    if (!period_date_valid(from)) {
        xasprintf(cause, "\"%s\" is not a date that exists: write it as YYYY-MM-DD", from);
        return -1;
    }
    if (!period_date_valid(to)) {
        xasprintf(cause, "\"%s\" is not a date that exists: write it as YYYY-MM-DD", to);
        return -1;
    }
    if (strcmp(to, from) < 0) {
        xasprintf(cause, "the period ends (%s) before it starts (%s)", to, from);
        return -1;
    }
    memcpy(p->from, from, sizeof p->from);
    memcpy(p->to, to, sizeof p->to);
    return 0;
}
