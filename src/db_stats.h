/*
 * Statistics for staff, `kiosk stats` and the monthly report, and retention.
 *
 * Every figure is a sum of per-day counts: the same SQL turns detailed rows (sessions, their
 * services and steps, assisted sessions and outcomes) into (day, metric, subject, key, n)
 * counts for a statistic, and into the daily_counts rows that retention keeps when it deletes
 * detailed rows older than retention_days. So folding never changes a total. Slips printed
 * come from the print queue (print_jobs), which retention does not touch.
 *
 * Days are local days in the process's time zone (TZ set from kiosk.conf's timezone).
 */
#ifndef KIOSK_DB_STATS_H
#define KIOSK_DB_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "db_staff.h"

struct stats_service {
    int service;  /* the service number */
    int viewed;   /* sessions that opened the service */
    int finished; /* of them, sessions that reached its checklist */
    int slips;    /* slips made (printed, or saved as PDF), reprints not counted */
    int saved;    /* of them, saved as PDF in the folder (no printer): made, not printed */
    int reprints;
};

/* Where residents stopped: the last step of a service they did not finish, or (service 0)
 * the last step of a session that never chose a service ("home", "search"…). */
struct stats_stop {
    int service;
    char *step; /* "q:q2", "preflight:vneid_l2", "service"… (owned) */
    int count;
};

struct stats_volunteer {
    int id;
    char *code; /* owned */
    char *name; /* owned */
    int assisted;
    int recorded; /* the outcome screen was answered (not skipped) */
    int skills;   /* assisted sessions with at least one skill taught */
    int outcomes[AO_COUNT];
};

/* "Needs more documents": which checklist items, how often. */
struct stats_missing {
    int service;
    char *item; /* catalog item id (owned) */
    int count;
};

struct stats {
    char from[11], to[11];      /* the period, both days included */
    int started;                /* sessions started */
    int ended[5];               /* by enum session_end (SESSION_OPEN: not ended yet) */
    int slips, saved, reprints; /* totals over every service */

    struct stats_service *services; /* by service number; only services with a count */
    size_t nservices;
    struct stats_stop *stops; /* by count, largest first */
    size_t nstops;
    struct stats_volunteer *volunteers; /* every volunteer with an assisted session, by name */
    size_t nvolunteers;
    struct stats_missing *missing; /* by count, largest first */
    size_t nmissing;

    /* The programme's figures (totals over volunteers). */
    int assisted, recorded, skills;
    int outcomes[AO_COUNT];
};

/* The figures for the local days from..to (valid "YYYY-MM-DD", from <= to) into *out (free
 * with stats_done). -1 with *cause on a database error or a bad period. */
int db_stats_get(struct db *db, const char *from, const char *to, struct stats *out, char **cause);
/* As db_stats_get, with today taken from Unix time now instead of the clock (for tests). Days
 * before today are read from (and on first use written to) the cache of past days
 * (assets/schema/004_stats_cache.sql); the cache never changes a figure. */
int db_stats_get_at(struct db *db, const char *from, const char *to, int64_t now, struct stats *out,
                    char **cause);
void stats_done(struct stats *s);

/*
 * Retention: fold every detailed row of sessions (and assisted sessions) that started before
 * the local day before_day into daily_counts and delete them, in one transaction. *folded
 * (may be NULL) receives the number of sessions deleted.
 */
int db_stats_fold(struct db *db, const char *before_day, int *folded, char **cause);
/*
 * Retention, at most once per local day per database (whichever kiosk on it comes first):
 * fold the rows older than retention_days before today ("YYYY-MM-DD"). retention_days <= 0
 * keeps everything.
 */
int db_stats_retention(struct db *db, const char *today, int retention_days, char **cause);

#endif
