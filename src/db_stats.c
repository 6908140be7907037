/*
 * Statistics and retention (db_stats.h). METRICS_SQL is the one definition of every figure:
 * it turns the detailed rows that started in [?1, ?2) into per-day counts. A statistic adds
 * them to the daily_counts of its days; retention inserts them into daily_counts and deletes
 * the rows, in one transaction. The same SQL on both sides keeps totals identical.
 */
#include "db_stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db_internal.h"
#include "log.h"
#include "stats_period.h"
#include "xmalloc.h"

/*
 * The first %s: the day a row counts in, as an SQL expression of started_at — the local date
 * (DAY_LOCAL) for retention and the detailed rows, or a constant (DAY_NONE) when the caller
 * counts one day it already knows (the cache). The second %s: the skill outcomes as an SQL
 * list ('a', 'b'). The sessions of the range are read once (s), counted once by how they ended
 * (e) and once joined with their services (j); every figure is a sum over those.
 */
#define METRICS_SQL                                                                                \
    "WITH s AS MATERIALIZED (SELECT id, ended_how, %s AS day "                                     \
    "  FROM sessions WHERE started_at >= ?1 AND started_at < ?2), "                                \
    "e AS MATERIALIZED (SELECT day, ended_how, count(*) AS n FROM s GROUP BY day, ended_how), "    \
    "j AS MATERIALIZED (SELECT s.day AS day, ss.service AS service, ss.finished AS finished, "     \
    "  ss.last_step AS last_step, count(*) AS n FROM s JOIN session_services ss "                  \
    "  ON ss.session_id = s.id GROUP BY s.day, ss.service, ss.finished, ss.last_step), "           \
    "a AS (SELECT id, volunteer_id, recorded, date(started_at, 'unixepoch', 'localtime') AS day "  \
    "  FROM assisted WHERE started_at >= ?1 AND started_at < ?2), "                                \
    "m(day, metric, subject, key, n) AS ("                                                         \
    "  SELECT day, 'started', 0, '', sum(n) FROM e GROUP BY day "                                  \
    "  UNION ALL SELECT day, 'ended', 0, ended_how, n FROM e "                                     \
    "  UNION ALL SELECT day, 'viewed', service, '', sum(n) FROM j GROUP BY day, service "          \
    "  UNION ALL SELECT day, 'finished', service, '', sum(n) FROM j WHERE finished = 1 "           \
    "    GROUP BY day, service "                                                                   \
    "  UNION ALL SELECT day, 'stopped', service, last_step, sum(n) FROM j WHERE finished = 0 "     \
    "    GROUP BY day, service, last_step "                                                        \
    "  UNION ALL SELECT day, 'stopped', 0, last, count(*) FROM (SELECT s.day AS day, "             \
    "    coalesce((SELECT step FROM session_steps st WHERE st.session_id = s.id "                  \
    "      ORDER BY st.rowid DESC LIMIT 1), '') AS last FROM s WHERE NOT EXISTS "                  \
    "      (SELECT 1 FROM session_services ss WHERE ss.session_id = s.id)) GROUP BY day, last "    \
    "  UNION ALL SELECT day, 'assisted', volunteer_id, '', count(*) FROM a "                       \
    "    GROUP BY day, volunteer_id "                                                              \
    "  UNION ALL SELECT day, 'recorded', volunteer_id, '', count(*) FROM a WHERE recorded = 1 "    \
    "    GROUP BY day, volunteer_id "                                                              \
    "  UNION ALL SELECT day, 'skills', volunteer_id, '', count(*) FROM a WHERE EXISTS "            \
    "    (SELECT 1 FROM assisted_outcomes o WHERE o.assisted_id = a.id AND o.outcome IN (%s)) "    \
    "    GROUP BY day, volunteer_id "                                                              \
    "  UNION ALL SELECT a.day, 'outcome', a.volunteer_id, o.outcome, count(*) FROM a "             \
    "    JOIN assisted_outcomes o ON o.assisted_id = a.id "                                        \
    "    GROUP BY a.day, a.volunteer_id, o.outcome "                                               \
    "  UNION ALL SELECT a.day, 'missing', i.service, i.item, count(*) FROM a "                     \
    "    JOIN assisted_items i ON i.assisted_id = a.id GROUP BY a.day, i.service, i.item) "
#define DAY_LOCAL "date(started_at, 'unixepoch', 'localtime')"
#define DAY_NONE  "''"

/*
 * The slips made in [?1, ?2) per service, as metrics: "slip" (originals), "reprint" and
 * "saved" (originals saved in the PDF folder). Slips are counted from the print queue, not
 * from the sessions: they are cached per day with the rest (a day's print jobs forget it, as
 * its sessions do) but never folded into daily_counts, since retention keeps print jobs.
 */
#define SLIPS_SQL                                                                                  \
    "WITH p AS (SELECT service, sum(reprint_of IS NULL) AS slips, "                                \
    "  sum(reprint_of IS NOT NULL) AS reprints, "                                                  \
    "  sum(reprint_of IS NULL AND printer = '' AND state = 'done') AS saved FROM print_jobs "      \
    "  WHERE +kind = 'slip' AND +state IN ('sent', 'done') AND created_at >= ?1 "                  \
    "  AND created_at < ?2 GROUP BY service), "                                                    \
    "m(metric, subject, key, n) AS (SELECT 'slip', service, '', slips FROM p WHERE slips > 0 "     \
    "  UNION ALL SELECT 'reprint', service, '', reprints FROM p WHERE reprints > 0 "               \
    "  UNION ALL SELECT 'saved', service, '', saved FROM p WHERE saved > 0) "

/* The metrics SQL, days counted by day_expr, followed by tail (caller frees). */
static char *
metrics_sql_day(const char *day_expr, const char *tail)
{
    struct strbuf skills;
    char *sql;

    strbuf_init(&skills);
    for (int o = 0; o < AO_COUNT; o++)
        if (assist_outcome_is_skill((enum assist_outcome)o))
            strbuf_printf(&skills, "%s'%s'", skills.len > 0 ? ", " : "",
                          assist_outcome_code((enum assist_outcome)o));
    xasprintf(&sql, METRICS_SQL "%s", day_expr, skills.s, tail);
    strbuf_done(&skills);
    return sql;
}

static char *
metrics_sql(const char *tail)
{
    return metrics_sql_day(DAY_LOCAL, tail);
}

void
stats_done(struct stats *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->nstops; i++)
        free(s->stops[i].step);
    for (size_t i = 0; i < s->nvolunteers; i++) {
        free(s->volunteers[i].code);
        free(s->volunteers[i].name);
    }
    for (size_t i = 0; i < s->nmissing; i++)
        free(s->missing[i].item);
    free(s->services);
    free(s->stops);
    free(s->volunteers);
    free(s->missing);
    memset(s, 0, sizeof *s);
}

static struct stats_service *
stats_service(struct stats *s, int number)
{
    for (size_t i = 0; i < s->nservices; i++)
        if (s->services[i].service == number)
            return &s->services[i];
    s->services = xreallocarray(s->services, s->nservices + 1, sizeof *s->services);
    memset(&s->services[s->nservices], 0, sizeof *s->services);
    s->services[s->nservices].service = number;
    return &s->services[s->nservices++];
}

static struct stats_volunteer *
stats_volunteer(struct stats *s, int id)
{
    for (size_t i = 0; i < s->nvolunteers; i++)
        if (s->volunteers[i].id == id)
            return &s->volunteers[i];
    s->volunteers = xreallocarray(s->volunteers, s->nvolunteers + 1, sizeof *s->volunteers);
    memset(&s->volunteers[s->nvolunteers], 0, sizeof *s->volunteers);
    s->volunteers[s->nvolunteers].id = id;
    return &s->volunteers[s->nvolunteers++];
}

static int
ended_index(const char *how)
{
    static const char *const names[] = { "open", "finished", "idle", "restart", "exit" };

    for (int i = 0; i < 5; i++)
        if (strcmp(how, names[i]) == 0)
            return i;
    return -1;
}

/* One aggregated row into the struct. */
static void
stats_add(struct stats *s, const char *metric, int subject, const char *key, int n)
{
    if (strcmp(metric, "started") == 0) {
        s->started += n;
    } else if (strcmp(metric, "ended") == 0) {
        int e = ended_index(key);

        if (e >= 0)
            s->ended[e] += n;
    } else if (strcmp(metric, "viewed") == 0) {
        stats_service(s, subject)->viewed += n;
    } else if (strcmp(metric, "finished") == 0) {
        stats_service(s, subject)->finished += n;
    } else if (strcmp(metric, "stopped") == 0) {
        s->stops = xreallocarray(s->stops, s->nstops + 1, sizeof *s->stops);
        s->stops[s->nstops].service = subject;
        s->stops[s->nstops].step = xstrdup(key);
        s->stops[s->nstops++].count = n;
    } else if (strcmp(metric, "assisted") == 0) {
        stats_volunteer(s, subject)->assisted += n;
        s->assisted += n;
    } else if (strcmp(metric, "recorded") == 0) {
        stats_volunteer(s, subject)->recorded += n;
        s->recorded += n;
    } else if (strcmp(metric, "skills") == 0) {
        stats_volunteer(s, subject)->skills += n;
        s->skills += n;
    } else if (strcmp(metric, "outcome") == 0) {
        int o = assist_outcome_parse(key);

        if (o >= 0) {
            stats_volunteer(s, subject)->outcomes[o] += n;
            s->outcomes[o] += n;
        }
    } else if (strcmp(metric, "slip") == 0) {
        stats_service(s, subject)->slips += n;
        s->slips += n;
    } else if (strcmp(metric, "reprint") == 0) {
        stats_service(s, subject)->reprints += n;
        s->reprints += n;
    } else if (strcmp(metric, "saved") == 0) {
        stats_service(s, subject)->saved += n;
        s->saved += n;
    } else if (strcmp(metric, "missing") == 0) {
        s->missing = xreallocarray(s->missing, s->nmissing + 1, sizeof *s->missing);
        s->missing[s->nmissing].service = subject;
        s->missing[s->nmissing].item = xstrdup(key);
        s->missing[s->nmissing++].count = n;
    } else {
        log_msg(LOG_WARN, "statistics: unknown metric \"%s\"", metric);
    }
}

static int
cmp_service(const void *a, const void *b)
{
    const struct stats_service *x = a, *y = b;

    return (x->service > y->service) - (x->service < y->service);
}

static int
cmp_stop(const void *a, const void *b)
{
    const struct stats_stop *x = a, *y = b;

    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    if (x->service != y->service)
        return x->service < y->service ? -1 : 1;
    return strcmp(x->step, y->step);
}

static int
cmp_missing(const void *a, const void *b)
{
    const struct stats_missing *x = a, *y = b;

    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    if (x->service != y->service)
        return x->service < y->service ? -1 : 1;
    return strcmp(x->item, y->item);
}

static int
cmp_volunteer(const void *a, const void *b)
{
    const struct stats_volunteer *x = a, *y = b;
    int c = strcmp(x->name, y->name);

    return c != 0 ? c : strcmp(x->code, y->code);
}

/* Names of the volunteers counted, then sort them. */
static int
stats_name_volunteers(struct db *db, struct stats *s, char **cause)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT code, name FROM volunteers WHERE id = ?1");

    for (size_t i = 0; i < s->nvolunteers; i++) {
        struct stats_volunteer *v = &s->volunteers[i];
        int rc;

        sqlite3_reset(st);
        sqlite3_bind_int(st, 1, v->id);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            v->code = db_col_text(st, 0);
            v->name = db_col_text(st, 1);
        } else if (rc == SQLITE_DONE) {
            xasprintf(&v->code, "#%d", v->id);
            v->name = xstrdup(v->code);
        } else {
            db_fail(db, cause, "read volunteers");
            sqlite3_finalize(st);
            return -1;
        }
    }
    sqlite3_finalize(st);
    if (s->nvolunteers > 0) /* qsort(NULL, 0) is undefined behaviour */
        qsort(s->volunteers, s->nvolunteers, sizeof *s->volunteers, cmp_volunteer);
    return 0;
}

/* The slips of [t0, t1) from the print queue (the days not cached). */
static int
stats_slips(struct db *db, struct stats *s, int64_t t0, int64_t t1, char **cause)
{
    sqlite3_stmt *st;
    int rc;

    if (t1 <= t0)
        return 0;
    st = db_prepare(db, SLIPS_SQL "SELECT metric, subject, n FROM m");
    sqlite3_bind_int64(st, 1, t0);
    sqlite3_bind_int64(st, 2, t1);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *metric = (const char *)sqlite3_column_text(st, 0);

        stats_add(s, metric != NULL ? metric : "", sqlite3_column_int(st, 1), "",
                  sqlite3_column_int(st, 2));
    }
    if (rc != SQLITE_DONE) {
        db_fail(db, cause, "count slips");
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_finalize(st);
    return 0;
}

/*
 * The cache of past days (assets/schema/004_stats_cache.sql). A day before today is counted
 * once from its detailed rows into stats_cache, keyed by its range [t0, t1) of Unix seconds,
 * and read from there afterwards; triggers forget a day when any of its detailed rows
 * changes. The counts of a range are the metrics SQL run over that range, so the sum over
 * cached days plus the detailed rows of the rest is the sum the SQL gives for the period.
 */

/* The longest local day the cache holds (its CHECK); a longer one is counted from rows. */
#define CACHE_MAX_DAY 172800

/* The fill SQL; the settings key below holds the text it was filled with, so a kiosk whose
 * metrics changed (another skill outcome, say) forgets the counts made by another version. */
#define CACHE_FILL_TAIL                                                                            \
    "INSERT INTO stats_cache(t0, t1, metric, subject, key, n) "                                    \
    "SELECT ?1, ?2, metric, subject, key, n FROM m WHERE true "                                    \
    "ON CONFLICT(t0, t1, metric, subject, key) DO UPDATE SET n = n + excluded.n"
#define CACHE_SETTING "stats_cache_sql"
#define CACHE_SLIPS_FILL                                                                           \
    SLIPS_SQL "INSERT INTO stats_cache(t0, t1, metric, subject, key, n) "                          \
              "SELECT ?1, ?2, metric, subject, key, n FROM m WHERE true "                          \
              "ON CONFLICT(t0, t1, metric, subject, key) DO UPDATE SET n = n + excluded.n"

/* Forget every cached day when the fill SQL differs from the one the cache was made with. */
static int
cache_check_version(struct db *db, const char *fill_sql, char **cause)
{
    char *made = db_setting_get(db, CACHE_SETTING);
    int same = made != NULL && strcmp(made, fill_sql) == 0;

    free(made);
    if (same)
        return 0;
    if (db_exec(db, "DELETE FROM stats_cache_days; DELETE FROM stats_cache", cause) != 0)
        return -1;
    return db_setting_set(db, CACHE_SETTING, fill_sql, cause);
}

/*
 * Inside the caller's write transaction: make sure every day from day number first up to
 * (not including) end is cached, and list them in temp.stats_days. *uncached_from receives
 * the first day number not listed (end, or an earlier day too long to cache).
 */
static int
cache_fill(struct db *db, int64_t first, int64_t end, int64_t *uncached_from, char **cause)
{
    sqlite3_stmt *has = NULL, *fill = NULL, *slips = NULL, *mark = NULL, *list = NULL;
    /* A cached day is one day: no need to work out each row's. */
    char *sql = metrics_sql_day(DAY_NONE, CACHE_FILL_TAIL), *version;
    int64_t d;
    int ret = -1;

    *uncached_from = first;
    xasprintf(&version, "%s; %s", sql, CACHE_SLIPS_FILL);
    if (cache_check_version(db, version, cause) != 0) {
        free(version);
        goto done;
    }
    free(version);
    has = db_prepare(db, "SELECT 1 FROM stats_cache_days WHERE t0 = ?1 AND t1 = ?2");
    fill = db_prepare(db, sql);
    slips = db_prepare(db, CACHE_SLIPS_FILL);
    mark = db_prepare(db, "INSERT INTO stats_cache_days(t0, t1) VALUES (?1, ?2)");
    list = db_prepare(db, "INSERT OR IGNORE INTO temp.stats_days(t0, t1) VALUES (?1, ?2)");
    for (d = first; d < end; d++) {
        char day[11], next[11];
        int64_t t0, t1;
        int rc;

        period_day_name(d, day);
        period_day_name(d + 1, next);
        t0 = period_day_start(day);
        t1 = period_day_start(next);
        if (t1 <= t0 || t1 - t0 > CACHE_MAX_DAY)
            break; /* counted from the detailed rows, with every later day */
        sqlite3_reset(has);
        sqlite3_bind_int64(has, 1, t0);
        sqlite3_bind_int64(has, 2, t1);
        rc = sqlite3_step(has);
        if (rc == SQLITE_DONE) {
            sqlite3_reset(fill);
            sqlite3_bind_int64(fill, 1, t0);
            sqlite3_bind_int64(fill, 2, t1);
            sqlite3_reset(slips);
            sqlite3_bind_int64(slips, 1, t0);
            sqlite3_bind_int64(slips, 2, t1);
            sqlite3_reset(mark);
            sqlite3_bind_int64(mark, 1, t0);
            sqlite3_bind_int64(mark, 2, t1);
            if (sqlite3_step(fill) != SQLITE_DONE || sqlite3_step(slips) != SQLITE_DONE ||
                sqlite3_step(mark) != SQLITE_DONE) {
                db_fail(db, cause, "fill the statistics cache");
                goto done;
            }
        } else if (rc != SQLITE_ROW) {
            db_fail(db, cause, "read the statistics cache");
            goto done;
        }
        sqlite3_reset(list);
        sqlite3_bind_int64(list, 1, t0);
        sqlite3_bind_int64(list, 2, t1);
        if (sqlite3_step(list) != SQLITE_DONE) {
            db_fail(db, cause, "list the cached days");
            goto done;
        }
    }
    *uncached_from = d;
    ret = 0;

done:
    sqlite3_finalize(has);
    sqlite3_finalize(fill);
    sqlite3_finalize(slips);
    sqlite3_finalize(mark);
    sqlite3_finalize(list);
    free(sql);
    return ret;
}

int
db_stats_get(struct db *db, const char *from, const char *to, struct stats *out, char **cause)
{
    return db_stats_get_at(db, from, to, (int64_t)time(NULL), out, cause);
}

int
db_stats_get_at(struct db *db, const char *from, const char *to, int64_t now, struct stats *out,
                char **cause)
{
    struct period p = { 0 };
    sqlite3_stmt *st;
    char *sql, *err = NULL, today[11], day[11];
    int64_t t1, tu, first, last, closed_end, uncached_from;
    int rc, writing = 0;

    memset(out, 0, sizeof *out);
    if (period_range(from, to, &p, cause) != 0)
        return -1;
    memcpy(out->from, p.from, sizeof out->from);
    memcpy(out->to, p.to, sizeof out->to);
    first = period_day_number(p.from);
    last = period_day_number(p.to);
    period_day_name(last + 1, day);
    t1 = period_day_start(day);
    /* Days before today are closed: cached. Today and later: counted from detailed rows. */
    period_day_of(now, today);
    closed_end = period_day_number(today);
    if (closed_end > last + 1)
        closed_end = last + 1;
    uncached_from = first;

    if (db_exec(db,
                "CREATE TEMP TABLE IF NOT EXISTS stats_days(t0 INTEGER NOT NULL, "
                "t1 INTEGER NOT NULL, PRIMARY KEY (t0, t1)) WITHOUT ROWID",
                cause) != 0)
        return -1;
    /* Filling the cache writes: take the write lock up front, so the days counted and the
     * rows read are seen at one moment. A database that cannot be written (or stays locked)
     * still answers, from the detailed rows only, in a read transaction. */
    if (closed_end > first) {
        if (db_begin(db, &err) == 0) {
            writing = 1;
            if (db_exec(db, "DELETE FROM temp.stats_days", &err) != 0 ||
                cache_fill(db, first, closed_end, &uncached_from, &err) != 0) {
                db_rollback(db);
                writing = 0;
                uncached_from = first;
            }
        }
        if (!writing) {
            log_msg(LOG_WARN, "statistics: counting without the cache: %s",
                    err != NULL ? err : "?");
            free(err);
            err = NULL;
        }
    }
    if (!writing) {
        /* A read transaction: the detailed rows and the folded counts are seen at one
         * moment, even while another kiosk folds. */
        if (db_exec(db, "BEGIN", cause) != 0)
            return -1;
        if (db_exec(db, "DELETE FROM temp.stats_days", cause) != 0)
            goto fail;
    }
    period_day_name(uncached_from, day);
    tu = uncached_from > last ? t1 : period_day_start(day);

    sql = metrics_sql(", t(metric, subject, key, n) AS (SELECT metric, subject, key, n FROM m "
                      "UNION ALL SELECT c.metric, c.subject, c.key, c.n FROM temp.stats_days d "
                      "JOIN stats_cache c ON c.t0 = d.t0 AND c.t1 = d.t1 "
                      "UNION ALL SELECT metric, subject, key, n FROM daily_counts "
                      "WHERE day >= ?3 AND day <= ?4) "
                      "SELECT metric, subject, key, sum(n) FROM t "
                      "GROUP BY metric, subject, key ORDER BY metric, subject, key");
    st = db_prepare(db, sql);
    free(sql);
    sqlite3_bind_int64(st, 1, tu); /* the detailed rows of the days not cached */
    sqlite3_bind_int64(st, 2, t1);
    sqlite3_bind_text(st, 3, p.from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, p.to, -1, SQLITE_TRANSIENT);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *metric = (const char *)sqlite3_column_text(st, 0);
        const char *key = (const char *)sqlite3_column_text(st, 2);

        stats_add(out, metric != NULL ? metric : "", sqlite3_column_int(st, 1),
                  key != NULL ? key : "", sqlite3_column_int(st, 3));
    }
    if (rc != SQLITE_DONE) {
        db_fail(db, cause, "compute statistics");
        sqlite3_finalize(st);
        goto fail;
    }
    sqlite3_finalize(st);
    /* The cached days' slips came with the cache; the rest from the print queue. */
    if (stats_slips(db, out, tu, t1, cause) != 0 || stats_name_volunteers(db, out, cause) != 0)
        goto fail;
    if (writing) {
        /* The figures are complete; a cache that cannot be kept only costs time. */
        if (db_commit(db, &err) != 0) {
            log_msg(LOG_WARN, "statistics: cannot keep the cache: %s", err);
            free(err);
            db_rollback(db);
        }
    } else {
        db_rollback(db); /* read only: nothing to keep */
    }
    if (out->nservices > 0)
        qsort(out->services, out->nservices, sizeof *out->services, cmp_service);
    if (out->nstops > 0)
        qsort(out->stops, out->nstops, sizeof *out->stops, cmp_stop);
    if (out->nmissing > 0)
        qsort(out->missing, out->nmissing, sizeof *out->missing, cmp_missing);
    return 0;

fail:
    db_rollback(db);
    stats_done(out);
    return -1;
}

int
db_stats_fold(struct db *db, const char *before_day, int *folded, char **cause)
{
    sqlite3_stmt *st;
    char *sql;
    int64_t cutoff;
    int n;

    if (folded != NULL)
        *folded = 0;
    if (!period_date_valid(before_day)) {
        xasprintf(cause, "retention: \"%s\" is not a date", before_day);
        return -1;
    }
    cutoff = period_day_start(before_day);
    if (db_begin(db, cause) != 0)
        return -1;
    sql = metrics_sql("INSERT INTO daily_counts(day, metric, subject, key, n) "
                      "SELECT day, metric, subject, key, n FROM m WHERE true "
                      "ON CONFLICT(day, metric, subject, key) DO UPDATE SET n = n + excluded.n");
    st = db_prepare(db, sql);
    free(sql);
    sqlite3_bind_int64(st, 1, INT64_MIN);
    sqlite3_bind_int64(st, 2, cutoff);
    if (sqlite3_step(st) != SQLITE_DONE) {
        db_fail(db, cause, "retention: fold into daily counts");
        sqlite3_finalize(st);
        goto fail;
    }
    sqlite3_finalize(st);

    st = db_prepare(db, "DELETE FROM assisted WHERE started_at < ?1");
    sqlite3_bind_int64(st, 1, cutoff);
    if (sqlite3_step(st) != SQLITE_DONE) {
        db_fail(db, cause, "retention: delete assisted sessions");
        sqlite3_finalize(st);
        goto fail;
    }
    sqlite3_finalize(st);
    st = db_prepare(db, "DELETE FROM sessions WHERE started_at < ?1");
    sqlite3_bind_int64(st, 1, cutoff);
    if (sqlite3_step(st) != SQLITE_DONE) {
        db_fail(db, cause, "retention: delete sessions");
        sqlite3_finalize(st);
        goto fail;
    }
    n = sqlite3_changes(db->conn);
    sqlite3_finalize(st);
    if (db_commit(db, cause) != 0)
        goto fail;
    if (folded != NULL)
        *folded = n;
    if (n > 0)
        log_msg(LOG_INFO, "retention: folded %d session(s) before %s into daily counts", n,
                before_day);
    return 0;

fail:
    db_rollback(db);
    return -1;
}

int
db_stats_retention(struct db *db, const char *today, int retention_days, char **cause)
{
    char before[11], *done;
    int folded = 0;

    if (retention_days <= 0)
        return 0;
    done = db_setting_get(db, "retention_day");
    if (done != NULL && strcmp(done, today) == 0) {
        free(done);
        return 0;
    }
    free(done);
    period_day_name(period_day_number(today) - retention_days, before);
    if (db_stats_fold(db, before, &folded, cause) != 0 ||
        db_setting_set(db, "retention_day", today, cause) != 0)
        return -1;
    if (folded > 0)
        log_msg(LOG_INFO, "retention: %d session(s) before %s folded into daily counts", folded,
                before);
    return 0;
}
