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
 * The first %s: the day a row counts in, as an SQL expression of started_at (DAY_LOCAL, the
 * local date). The second %s: the skill outcomes as an SQL list ('a', 'b'). The sessions of the
 * range are read once (s), counted once by how they ended (e) and once joined with their services
 * (j); every figure is a sum over those.
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

/*
 * The slips made in [?1, ?2) per service, as metrics: "slip" (originals), "reprint" and
 * "saved" (originals saved in the PDF folder), for the days not cached. Slips are counted from
 * the print queue, not from the sessions: they are cached per day with the rest (COUNT_SLIPS;
 * a day's print jobs forget it, as its sessions do) but never folded into daily_counts, since
 * retention keeps print jobs.
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
 * changes. A day's counts are the figures the metrics SQL gives for that day, counted in one
 * pass over all the days being filled (below), so the sum over cached days plus the detailed
 * rows of the rest is the sum the SQL gives for the period (test_stats_cache.c).
 */

/* The longest local day the cache holds (its CHECK); a longer one is counted from rows. */
#define CACHE_MAX_DAY 172800

/* The settings key holding how the cache was counted: a kiosk that counts otherwise (another
 * skill outcome, say) forgets the counts made by another version. */
#define CACHE_SETTING "stats_cache_sql"

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
 * Counting the days to cache in one pass. Every figure of METRICS_SQL and SLIPS_SQL, for a
 * day, is a count of rows that started (or were created) in it: here each kind of row is read
 * once for all the days being filled, in start order, and counted into a hash table keyed by
 * (day, metric, subject, key) — no GROUP BY, no local date per row (a day is found by its
 * start among the days' starts). test_stats_cache.c holds the two to the same figures.
 */
struct day_fig {
    int day; /* index into the days being filled; -1 = an empty slot */
    const char *metric;
    int subject;
    const char *key; /* interned */
    int n;
};

struct day_counter {
    const int64_t *t0, *t1; /* the days: [t0[i], t1[i]), ascending */
    const unsigned char *need;
    int ndays;
    struct day_fig *slot;
    size_t nslots, nused;
    char **keys; /* interned keys */
    size_t nkeys;
};

static const char M_STARTED[] = "started", M_ENDED[] = "ended", M_VIEWED[] = "viewed",
                  M_FINISHED[] = "finished", M_STOPPED[] = "stopped", M_ASSISTED[] = "assisted",
                  M_RECORDED[] = "recorded", M_SKILLS[] = "skills", M_OUTCOME[] = "outcome",
                  M_MISSING[] = "missing", M_SLIP[] = "slip", M_REPRINT[] = "reprint",
                  M_SAVED[] = "saved";

static const char *
counter_key(struct day_counter *c, const char *k)
{
    if (k == NULL)
        k = "";
    for (size_t i = c->nkeys; i-- > 0;)
        if (strcmp(c->keys[i], k) == 0)
            return c->keys[i];
    c->keys = xreallocarray(c->keys, c->nkeys + 1, sizeof(*c->keys));
    c->keys[c->nkeys] = xstrdup(k);
    return c->keys[c->nkeys++];
}

/* The day (index) time t falls in, or -1 when it is in none being filled. */
static int
counter_day(const struct day_counter *c, int64_t t)
{
    int lo = 0, hi = c->ndays - 1;

    while (lo <= hi) {
        int mid = (lo + hi) / 2;

        if (t < c->t0[mid])
            hi = mid - 1;
        else if (t >= c->t1[mid])
            lo = mid + 1;
        else
            return c->need[mid] ? mid : -1;
    }
    return -1;
}

static size_t
fig_hash(int day, const char *metric, int subject, const char *key)
{
    uint64_t h = (uint64_t)(uintptr_t)metric * 0x9e3779b97f4a7c15ULL;

    h ^= (uint64_t)(uintptr_t)key * 0xc2b2ae3d27d4eb4fULL;
    h ^= ((uint64_t)(unsigned)day << 32) ^ (uint64_t)(unsigned)subject * 0x165667b1ULL;
    h ^= h >> 29;
    return (size_t)h;
}

static void counter_add(struct day_counter *c, int day, const char *metric, int subject,
                        const char *key, int n);

static void
counter_grow(struct day_counter *c)
{
    struct day_fig *old = c->slot;
    size_t n = c->nslots;

    c->nslots = n == 0 ? 4096 : n * 2;
    c->slot = xcalloc(c->nslots, sizeof(*c->slot));
    for (size_t i = 0; i < c->nslots; i++)
        c->slot[i].day = -1;
    c->nused = 0;
    for (size_t i = 0; i < n; i++)
        if (old[i].day >= 0)
            counter_add(c, old[i].day, old[i].metric, old[i].subject, old[i].key, old[i].n);
    free(old);
}

/* Count n for (day, metric, subject, key); key interned, metric one of the M_ names. */
static void
counter_add(struct day_counter *c, int day, const char *metric, int subject, const char *key, int n)
{
    size_t i;

    if (day < 0 || n == 0)
        return;
    if ((c->nused + 1) * 2 > c->nslots)
        counter_grow(c);
    for (i = fig_hash(day, metric, subject, key) & (c->nslots - 1);;
         i = (i + 1) & (c->nslots - 1)) {
        struct day_fig *f = &c->slot[i];

        if (f->day < 0) {
            *f = (struct day_fig){ day, metric, subject, key, n };
            c->nused++;
            return;
        }
        if (f->day == day && f->metric == metric && f->subject == subject && f->key == key) {
            f->n += n;
            return;
        }
    }
}

static void
counter_done(struct day_counter *c)
{
    for (size_t i = 0; i < c->nkeys; i++)
        free(c->keys[i]);
    free(c->keys);
    free(c->slot);
}

/* Read every row of sql (bound to the range [r0, r1)) and count it with fn. */
static int
counter_read(struct db *db, struct day_counter *c, const char *sql, int64_t r0, int64_t r1,
             void (*fn)(struct day_counter *, sqlite3_stmt *), char **cause)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    int rc;

    sqlite3_bind_int64(st, 1, r0);
    sqlite3_bind_int64(st, 2, r1);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        fn(c, st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return db_fail(db, cause, "count the days to cache");
    return 0;
}

static const char *
col_key(struct day_counter *c, sqlite3_stmt *st, int col)
{
    return counter_key(c, (const char *)sqlite3_column_text(st, col));
}

static void
count_session(struct day_counter *c, sqlite3_stmt *st)
{
    int day = counter_day(c, sqlite3_column_int64(st, 0));

    if (day < 0)
        return;
    counter_add(c, day, M_STARTED, 0, counter_key(c, ""), 1);
    counter_add(c, day, M_ENDED, 0, col_key(c, st, 1), 1);
}

static void
count_service(struct day_counter *c, sqlite3_stmt *st)
{
    int day = counter_day(c, sqlite3_column_int64(st, 0));
    int svc = sqlite3_column_int(st, 1), fin = sqlite3_column_int(st, 2);
    const char *none = counter_key(c, "");

    if (day < 0)
        return;
    counter_add(c, day, M_VIEWED, svc, none, 1);
    if (sqlite3_column_type(st, 2) == SQLITE_NULL)
        return;
    if (fin == 1)
        counter_add(c, day, M_FINISHED, svc, none, 1);
    else if (fin == 0)
        counter_add(c, day, M_STOPPED, svc, col_key(c, st, 3), 1);
}

static void
count_stop(struct day_counter *c, sqlite3_stmt *st)
{
    counter_add(c, counter_day(c, sqlite3_column_int64(st, 0)), M_STOPPED, 0, col_key(c, st, 1), 1);
}

static void
count_assisted(struct day_counter *c, sqlite3_stmt *st)
{
    int day = counter_day(c, sqlite3_column_int64(st, 0)), vol = sqlite3_column_int(st, 1);
    const char *none = counter_key(c, "");

    counter_add(c, day, M_ASSISTED, vol, none, 1);
    if (sqlite3_column_type(st, 2) != SQLITE_NULL && sqlite3_column_int(st, 2) == 1)
        counter_add(c, day, M_RECORDED, vol, none, 1);
    if (sqlite3_column_int(st, 3))
        counter_add(c, day, M_SKILLS, vol, none, 1);
}

static void
count_outcome(struct day_counter *c, sqlite3_stmt *st)
{
    counter_add(c, counter_day(c, sqlite3_column_int64(st, 0)), M_OUTCOME,
                sqlite3_column_int(st, 1), col_key(c, st, 2), 1);
}

static void
count_missing(struct day_counter *c, sqlite3_stmt *st)
{
    counter_add(c, counter_day(c, sqlite3_column_int64(st, 0)), M_MISSING,
                sqlite3_column_int(st, 1), col_key(c, st, 2), 1);
}

static void
count_slip(struct day_counter *c, sqlite3_stmt *st)
{
    int day = counter_day(c, sqlite3_column_int64(st, 0)), svc = sqlite3_column_int(st, 1);
    const char *none = counter_key(c, "");

    counter_add(c, day, sqlite3_column_int(st, 2) ? M_SLIP : M_REPRINT, svc, none, 1);
    if (sqlite3_column_int(st, 3))
        counter_add(c, day, M_SAVED, svc, none, 1);
}

/* The rows each figure counts (?1, ?2: the range of the days being filled); %s: the skill
 * outcomes. The same conditions as METRICS_SQL and SLIPS_SQL. */
#define COUNT_SESSIONS                                                                             \
    "SELECT started_at, ended_how FROM sessions WHERE started_at >= ?1 "                           \
    "AND started_at < ?2"
#define COUNT_SERVICES                                                                             \
    "SELECT s.started_at, ss.service, ss.finished, ss.last_step FROM sessions s "                  \
    "JOIN session_services ss ON ss.session_id = s.id WHERE s.started_at >= ?1 "                   \
    "AND s.started_at < ?2"
#define COUNT_STOPS                                                                                \
    "SELECT s.started_at, coalesce((SELECT step FROM session_steps st WHERE st.session_id = s.id " \
    "ORDER BY st.rowid DESC LIMIT 1), '') FROM sessions s WHERE s.started_at >= ?1 "               \
    "AND s.started_at < ?2 AND NOT EXISTS (SELECT 1 FROM session_services ss "                     \
    "WHERE ss.session_id = s.id)"
#define COUNT_ASSISTED                                                                             \
    "SELECT a.started_at, a.volunteer_id, a.recorded, EXISTS (SELECT 1 FROM assisted_outcomes o "  \
    "WHERE o.assisted_id = a.id AND o.outcome IN (%s)) FROM assisted a WHERE a.started_at >= ?1 "  \
    "AND a.started_at < ?2"
#define COUNT_OUTCOMES                                                                             \
    "SELECT a.started_at, a.volunteer_id, o.outcome FROM assisted a JOIN assisted_outcomes o "     \
    "ON o.assisted_id = a.id WHERE a.started_at >= ?1 AND a.started_at < ?2"
#define COUNT_MISSING                                                                              \
    "SELECT a.started_at, i.service, i.item FROM assisted a JOIN assisted_items i "                \
    "ON i.assisted_id = a.id WHERE a.started_at >= ?1 AND a.started_at < ?2"
#define COUNT_SLIPS                                                                                \
    "SELECT created_at, service, reprint_of IS NULL, reprint_of IS NULL AND printer = '' "         \
    "AND state = 'done' FROM print_jobs WHERE +kind = 'slip' AND +state IN ('sent', 'done') "      \
    "AND created_at >= ?1 AND created_at < ?2"

static char *
count_assisted_sql(void)
{
    struct strbuf skills;
    char *sql;

    strbuf_init(&skills);
    for (int o = 0; o < AO_COUNT; o++)
        if (assist_outcome_is_skill((enum assist_outcome)o))
            strbuf_printf(&skills, "%s'%s'", skills.len > 0 ? ", " : "",
                          assist_outcome_code((enum assist_outcome)o));
    xasprintf(&sql, COUNT_ASSISTED, skills.s != NULL ? skills.s : "''");
    strbuf_done(&skills);
    return sql;
}

/* Beyond this many seconds of days to fill, the sessions and their services are read
 * front to back (two table scans) instead of through the start-time index. */
#define SCAN_SECONDS (14 * 86400)

/*
 * Many days at once: one scan of the sessions of the range (their day by id, in an array),
 * one scan of every session's services (each found by its session's id in that array, no
 * B-tree look-up), and the last step of the few sessions that opened no service. The same
 * figures as COUNT_SESSIONS, COUNT_SERVICES and COUNT_STOPS.
 */
static int
counter_scan_sessions(struct db *db, struct day_counter *c, int64_t r0, int64_t r1, char **cause)
{
    sqlite3_stmt *st, *last = NULL;
    int64_t lo = 0, hi = -1;
    int *day = NULL;
    unsigned char *has = NULL;
    const char *none = counter_key(c, "");
    int rc, ret = -1;

    st = db_prepare(db, "SELECT min(id), max(id) FROM sessions WHERE started_at >= ?1 "
                        "AND started_at < ?2");
    sqlite3_bind_int64(st, 1, r0);
    sqlite3_bind_int64(st, 2, r1);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
        lo = sqlite3_column_int64(st, 0);
        hi = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    if (hi < lo)
        return 0;
    day = xcalloc((size_t)(hi - lo + 1), sizeof(*day));
    has = xcalloc((size_t)(hi - lo + 1), 1);
    for (int64_t i = 0; i <= hi - lo; i++)
        day[i] = -1;
    /* The sessions: their day, how they ended. */
    st = db_prepare(db, "SELECT id, started_at, ended_how FROM sessions WHERE id >= ?1 "
                        "AND id <= ?2 AND +started_at >= ?3 AND +started_at < ?4");
    sqlite3_bind_int64(st, 1, lo);
    sqlite3_bind_int64(st, 2, hi);
    sqlite3_bind_int64(st, 3, r0);
    sqlite3_bind_int64(st, 4, r1);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int d = counter_day(c, sqlite3_column_int64(st, 1));

        day[sqlite3_column_int64(st, 0) - lo] = d;
        counter_add(c, d, M_STARTED, 0, none, 1);
        counter_add(c, d, M_ENDED, 0, col_key(c, st, 2), 1);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        goto fail;
    /* Their services. */
    st = db_prepare(db, "SELECT session_id, service, finished, last_step FROM session_services "
                        "WHERE +session_id >= ?1 AND +session_id <= ?2");
    sqlite3_bind_int64(st, 1, lo);
    sqlite3_bind_int64(st, 2, hi);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t k = sqlite3_column_int64(st, 0) - lo;
        int d = day[k], svc = sqlite3_column_int(st, 1);

        has[k] = 1;
        if (d < 0)
            continue;
        counter_add(c, d, M_VIEWED, svc, none, 1);
        if (sqlite3_column_type(st, 2) == SQLITE_NULL)
            continue;
        if (sqlite3_column_int(st, 2) == 1)
            counter_add(c, d, M_FINISHED, svc, none, 1);
        else if (sqlite3_column_int(st, 2) == 0)
            counter_add(c, d, M_STOPPED, svc, col_key(c, st, 3), 1);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        goto fail;
    /* The sessions that opened no service: where they stopped. */
    last = db_prepare(db, "SELECT step FROM session_steps WHERE session_id = ?1 "
                          "ORDER BY rowid DESC LIMIT 1");
    for (int64_t k = 0; k <= hi - lo; k++) {
        if (day[k] < 0 || has[k])
            continue;
        sqlite3_reset(last);
        sqlite3_bind_int64(last, 1, lo + k);
        rc = sqlite3_step(last);
        if (rc == SQLITE_ROW)
            counter_add(c, day[k], M_STOPPED, 0, col_key(c, last, 0), 1);
        else if (rc == SQLITE_DONE)
            counter_add(c, day[k], M_STOPPED, 0, none, 1);
        else
            goto fail;
    }
    ret = 0;
    goto done;
fail:
    db_fail(db, cause, "count the days to cache");
done:
    sqlite3_finalize(last);
    free(day);
    free(has);
    return ret;
}

/* Count the days c->need marks and store them in stats_cache. */
static int
counter_fill(struct db *db, struct day_counter *c, char **cause)
{
    int64_t r0 = 0, r1 = 0;
    char *assisted = count_assisted_sql();
    sqlite3_stmt *ins;
    int first = -1, rc = -1;

    for (int i = 0; i < c->ndays; i++)
        if (c->need[i]) {
            if (first < 0)
                r0 = c->t0[i];
            first = i;
            r1 = c->t1[i];
        }
    if (first < 0) {
        free(assisted);
        return 0;
    }
    if ((r1 - r0 > SCAN_SECONDS
             ? counter_scan_sessions(db, c, r0, r1, cause)
             : counter_read(db, c, COUNT_SESSIONS, r0, r1, count_session, cause) != 0 ||
                   counter_read(db, c, COUNT_SERVICES, r0, r1, count_service, cause) != 0 ||
                   counter_read(db, c, COUNT_STOPS, r0, r1, count_stop, cause) != 0) != 0 ||
        counter_read(db, c, assisted, r0, r1, count_assisted, cause) != 0 ||
        counter_read(db, c, COUNT_OUTCOMES, r0, r1, count_outcome, cause) != 0 ||
        counter_read(db, c, COUNT_MISSING, r0, r1, count_missing, cause) != 0 ||
        counter_read(db, c, COUNT_SLIPS, r0, r1, count_slip, cause) != 0)
        goto done;
    ins = db_prepare(db, "INSERT INTO stats_cache(t0, t1, metric, subject, key, n) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    for (size_t i = 0; i < c->nslots; i++) {
        const struct day_fig *f = &c->slot[i];

        if (f->day < 0)
            continue;
        sqlite3_reset(ins);
        sqlite3_bind_int64(ins, 1, c->t0[f->day]);
        sqlite3_bind_int64(ins, 2, c->t1[f->day]);
        sqlite3_bind_text(ins, 3, f->metric, -1, SQLITE_STATIC);
        sqlite3_bind_int(ins, 4, f->subject);
        sqlite3_bind_text(ins, 5, f->key, -1, SQLITE_STATIC);
        sqlite3_bind_int(ins, 6, f->n);
        if (sqlite3_step(ins) != SQLITE_DONE) {
            db_fail(db, cause, "fill the statistics cache");
            sqlite3_finalize(ins);
            goto done;
        }
    }
    sqlite3_finalize(ins);
    rc = 0;
done:
    free(assisted);
    return rc;
}

/*
 * Inside the caller's write transaction: make sure every day from day number first up to
 * (not including) end is cached, and list them in temp.stats_days. *uncached_from receives
 * the first day number not listed (end, or an earlier day too long to cache).
 */
static int
cache_fill(struct db *db, int64_t first, int64_t end, int64_t *uncached_from, char **cause)
{
    sqlite3_stmt *has = NULL, *mark = NULL, *list = NULL;
    struct day_counter c;
    int64_t *t0 = NULL, *t1 = NULL;
    unsigned char *need = NULL;
    char *version, *assisted = count_assisted_sql();
    int n = 0, ret = -1;

    memset(&c, 0, sizeof(c));
    *uncached_from = first;
    /* The cache keeps the counts of this way of counting only. */
    xasprintf(&version, "one pass 1: %s; %s; %s; %s; %s; %s; %s", COUNT_SESSIONS, COUNT_SERVICES,
              COUNT_STOPS, assisted, COUNT_OUTCOMES, COUNT_MISSING, COUNT_SLIPS);
    free(assisted);
    if (cache_check_version(db, version, cause) != 0) {
        free(version);
        return -1;
    }
    free(version);
    if (end > first) {
        t0 = xcalloc((size_t)(end - first), sizeof(*t0));
        t1 = xcalloc((size_t)(end - first), sizeof(*t1));
        need = xcalloc((size_t)(end - first), 1);
    }
    has = db_prepare(db, "SELECT 1 FROM stats_cache_days WHERE t0 = ?1 AND t1 = ?2");
    for (int64_t d = first; d < end; d++, n++) {
        char day[11], next[11];
        int rc;

        period_day_name(d, day);
        period_day_name(d + 1, next);
        t0[n] = period_day_start(day);
        t1[n] = period_day_start(next);
        if (t1[n] <= t0[n] || t1[n] - t0[n] > CACHE_MAX_DAY)
            break; /* counted from the detailed rows, with every later day */
        sqlite3_reset(has);
        sqlite3_bind_int64(has, 1, t0[n]);
        sqlite3_bind_int64(has, 2, t1[n]);
        rc = sqlite3_step(has);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            db_fail(db, cause, "read the statistics cache");
            goto done;
        }
        need[n] = rc == SQLITE_DONE;
    }
    c.t0 = t0;
    c.t1 = t1;
    c.need = need;
    c.ndays = n;
    if (counter_fill(db, &c, cause) != 0)
        goto done;
    mark = db_prepare(db, "INSERT INTO stats_cache_days(t0, t1) VALUES (?1, ?2)");
    list = db_prepare(db, "INSERT OR IGNORE INTO temp.stats_days(t0, t1) VALUES (?1, ?2)");
    for (int i = 0; i < n; i++) {
        if (need[i]) {
            sqlite3_reset(mark);
            sqlite3_bind_int64(mark, 1, t0[i]);
            sqlite3_bind_int64(mark, 2, t1[i]);
            if (sqlite3_step(mark) != SQLITE_DONE) {
                db_fail(db, cause, "fill the statistics cache");
                goto done;
            }
        }
        sqlite3_reset(list);
        sqlite3_bind_int64(list, 1, t0[i]);
        sqlite3_bind_int64(list, 2, t1[i]);
        if (sqlite3_step(list) != SQLITE_DONE) {
            db_fail(db, cause, "list the cached days");
            goto done;
        }
    }
    *uncached_from = first + n;
    ret = 0;

done:
    sqlite3_finalize(has);
    sqlite3_finalize(mark);
    sqlite3_finalize(list);
    counter_done(&c);
    free(t0);
    free(t1);
    free(need);
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
