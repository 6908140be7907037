/*
 * Statistics from a fixture database with known answers (tests/fixtures/staff_stats.sql),
 * periods, bars, the CSV byte for byte, and retention folding that keeps every total.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "catalog.h"
#include "config.h"
#include "db.h"
#include "db_internal.h"
#include "db_jobs.h"
#include "db_stats.h"
#include "print_docs.h"
#include "receipt.h"
#include "receipt_json.h"
#include "stats_cmd.h"
#include "stats_period.h"
#include "stats_report.h"
#include "testutil.h"
#include "text.h"
#include "xmalloc.h"

struct fx {
    char dir[64];
    struct db *db;
    struct catalog *cat;
};

static int
setup(void **state)
{
    struct fx *fx = xcalloc(1, sizeof *fx);
    struct strlist problems = { 0 };
    char *cause = NULL, *sql;

    fx->db = test_db_in_tmp(fx->dir, "stats");
    sql = test_read_file("tests/fixtures/staff_stats.sql");
    assert_non_null(sql);
    assert_int_equal(db_exec(fx->db, sql, &cause), 0);
    free(sql);
    assert_int_equal(catalog_load("tests/fixtures/catalog_small.json", &fx->cat, &problems), 0);
    *state = fx;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *fx = *state;

    db_close(fx->db);
    catalog_free(fx->cat);
    assert_int_equal(test_remove_tree(fx->dir), 0);
    free(fx);
    return 0;
}

static const struct stats_service *
svc(const struct stats *s, int number)
{
    for (size_t i = 0; i < s->nservices; i++)
        if (s->services[i].service == number)
            return &s->services[i];
    fail_msg("service %d not in the statistics", number);
    return NULL;
}

/* Every figure of November 2026, worked out by hand from the fixture. */
static void
test_november(void **state)
{
    struct fx *fx = *state;
    struct stats s;
    char *cause = NULL;

    assert_int_equal(db_stats_get(fx->db, "2026-11-01", "2026-11-30", &s, &cause), 0);
    assert_string_equal(s.from, "2026-11-01");
    assert_string_equal(s.to, "2026-11-30");
    assert_int_equal(s.started, 6);
    assert_int_equal(s.ended[SESSION_FINISHED], 3);
    assert_int_equal(s.ended[SESSION_IDLE], 2);
    assert_int_equal(s.ended[SESSION_RESTART], 1);
    assert_int_equal(s.ended[SESSION_EXIT], 0);
    assert_int_equal(s.ended[SESSION_OPEN], 0);

    assert_int_equal(s.nservices, 3);
    assert_int_equal(svc(&s, 1)->viewed, 3);
    assert_int_equal(svc(&s, 1)->finished, 1);
    assert_int_equal(svc(&s, 1)->slips, 1);
    assert_int_equal(svc(&s, 1)->reprints, 1);
    assert_int_equal(svc(&s, 2)->viewed, 2);
    assert_int_equal(svc(&s, 2)->finished, 1);
    assert_int_equal(svc(&s, 2)->slips, 0); /* its slip failed */
    assert_int_equal(svc(&s, 3)->viewed, 1);
    assert_int_equal(svc(&s, 3)->finished, 1);
    assert_int_equal(svc(&s, 3)->slips, 1); /* sent counts as printed */
    assert_int_equal(s.slips, 2);
    assert_int_equal(s.reprints, 1);

    /* Where residents stopped: four places, once each, sorted by service then step. */
    assert_int_equal(s.nstops, 4);
    assert_int_equal(s.stops[0].service, 0);
    assert_string_equal(s.stops[0].step, "search");
    assert_int_equal(s.stops[1].service, 1);
    assert_string_equal(s.stops[1].step, "preflight:p_test");
    assert_string_equal(s.stops[2].step, "q:q2");
    assert_int_equal(s.stops[3].service, 2);
    assert_string_equal(s.stops[3].step, "q:chon");

    /* Volunteers, by name. */
    assert_int_equal(s.nvolunteers, 2);
    assert_string_equal(s.volunteers[0].code, "TV01");
    assert_int_equal(s.volunteers[0].assisted, 2);
    assert_int_equal(s.volunteers[0].recorded, 1);
    assert_int_equal(s.volunteers[0].skills, 1);
    assert_int_equal(s.volunteers[0].outcomes[AO_FILED_ONLINE], 1);
    assert_int_equal(s.volunteers[0].outcomes[AO_VNEID_INSTALLED], 1);
    assert_int_equal(s.volunteers[0].outcomes[AO_SAFE_INTERNET], 1);
    assert_int_equal(s.volunteers[0].outcomes[AO_NEEDS_DOCUMENTS], 0);
    assert_string_equal(s.volunteers[1].code, "TV02");
    assert_string_equal(s.volunteers[1].name, "Trần Thị Bình");
    assert_int_equal(s.volunteers[1].assisted, 1);
    assert_int_equal(s.volunteers[1].recorded, 1);
    assert_int_equal(s.volunteers[1].skills, 0);
    assert_int_equal(s.volunteers[1].outcomes[AO_NEEDS_DOCUMENTS], 1);
    assert_int_equal(s.volunteers[1].outcomes[AO_VNEID_L2_POLICE], 1);
    assert_int_equal(s.volunteers[1].outcomes[AO_OTHER], 0); /* that one was in December */

    /* The programme's figures. */
    assert_int_equal(s.assisted, 3);
    assert_int_equal(s.recorded, 2);
    assert_int_equal(s.skills, 1);
    assert_int_equal(s.outcomes[AO_FILED_ONLINE], 1);
    assert_int_equal(s.outcomes[AO_VNEID_INSTALLED], 1);
    assert_int_equal(s.outcomes[AO_OTHER], 0);

    /* Documents still needed. */
    assert_int_equal(s.nmissing, 2);
    assert_int_equal(s.missing[0].service, 1);
    assert_string_equal(s.missing[0].item, "giay_a");
    assert_string_equal(s.missing[1].item, "giay_b");
    stats_done(&s);
}

/* Local days: 23:30 on 31 October (UTC+7) is October, 00:05 on 1 December is December. */
static void
test_day_boundaries(void **state)
{
    struct fx *fx = *state;
    struct stats s;
    char *cause = NULL;

    assert_int_equal(db_stats_get(fx->db, "2026-10-31", "2026-10-31", &s, &cause), 0);
    assert_int_equal(s.started, 1);
    assert_int_equal(s.slips, 1);
    stats_done(&s);
    assert_int_equal(db_stats_get(fx->db, "2026-12-01", "2026-12-01", &s, &cause), 0);
    assert_int_equal(s.started, 1);
    assert_int_equal(s.assisted, 1);
    assert_int_equal(s.outcomes[AO_OTHER], 1);
    stats_done(&s);
    /* --to is inclusive: one day, 30 November, holds session 7. */
    assert_int_equal(db_stats_get(fx->db, "2026-11-30", "2026-11-30", &s, &cause), 0);
    assert_int_equal(s.started, 1);
    assert_int_equal(s.assisted, 1);
    assert_int_equal(s.recorded, 0);
    stats_done(&s);
}

static void
test_bad_period(void **state)
{
    struct fx *fx = *state;
    struct stats s;
    char *cause = NULL;

    assert_int_equal(db_stats_get(fx->db, "2026-11-30", "2026-11-01", &s, &cause), -1);
    assert_non_null(strstr(cause, "before it starts"));
    free(cause);
    cause = NULL;
    assert_int_equal(db_stats_get(fx->db, "2026-02-29", "2026-03-01", &s, &cause), -1);
    assert_non_null(strstr(cause, "2026-02-29"));
    free(cause);
}

static void
test_periods(void **state)
{
    struct period p;
    char *cause = NULL;
    int64_t sat = 1795833000; /* Saturday 2026-11-28 09:30 +07 */

    (void)state;
    period_today(sat, &p);
    assert_string_equal(p.from, "2026-11-28");
    assert_string_equal(p.to, "2026-11-28");
    period_week(sat, &p);
    assert_string_equal(p.from, "2026-11-23"); /* Monday */
    assert_string_equal(p.to, "2026-11-29");
    period_week(1795366800, &p); /* Monday 2026-11-23 00:00 +07 itself */
    assert_string_equal(p.from, "2026-11-23");
    period_month_of(sat, &p);
    assert_string_equal(p.from, "2026-11-01");
    assert_string_equal(p.to, "2026-11-30");
    period_last_month(sat, &p);
    assert_string_equal(p.from, "2026-10-01");
    assert_string_equal(p.to, "2026-10-31");
    assert_int_equal(period_month("2028-02", &p, &cause), 0);
    assert_string_equal(p.to, "2028-02-29");
    assert_int_equal(period_month("2026-13", &p, &cause), -1);
    assert_non_null(strstr(cause, "does not exist"));
    free(cause);
    assert_int_equal(period_month("2026-1", &p, &cause), -1);
    free(cause);
    assert_false(period_date_valid("2026-02-29"));
    assert_true(period_date_valid("2024-02-29"));
    assert_false(period_date_valid("2026-04-31"));
    assert_false(period_date_valid("2026-4-01"));
    assert_int_equal(period_range("2026-11-02", "2026-11-01", &p, &cause), -1);
    free(cause);
    assert_int_equal(period_day_start("2026-11-01"), 1793466600 - 600);
}

static void
test_bars(void **state)
{
    char buf[128];

    (void)state;
    stats_bar(buf, sizeof buf, 0, 10, 10);
    assert_string_equal(buf, "");
    stats_bar(buf, sizeof buf, 10, 10, 4);
    assert_string_equal(buf, "████");
    stats_bar(buf, sizeof buf, 5, 10, 3); /* 1.5 columns */
    assert_string_equal(buf, "█▌");
    stats_bar(buf, sizeof buf, 1, 1000, 10); /* above zero always shows */
    assert_string_equal(buf, "▏");
    stats_bar(buf, sizeof buf, 50, 10, 2); /* never longer than the width */
    assert_string_equal(buf, "██");
}

/* The CSV escaping on a hand-made statistic: every byte is known. */
static void
test_csv_bytes(void **state)
{
    struct stats s;
    struct stats_volunteer v;
    struct stats_rows rows;
    char *csv;
    const char *want = "\xEF\xBB\xBF"
                       "Từ ngày,Đến ngày,Mã chỉ số,Chỉ số,Đối tượng,Chi tiết,Giá trị\r\n"
                       "2026-11-01,2026-11-30,assisted_sessions,Phiên có hỗ trợ viên,"
                       "\"Nguyễn Văn \"\"Ba\"\", Hạ Long (TV01)\",,2\r\n";

    (void)state;
    memset(&s, 0, sizeof s);
    memset(&v, 0, sizeof v);
    strcpy(s.from, "2026-11-01");
    strcpy(s.to, "2026-11-30");
    v.id = 1;
    v.code = xstrdup("TV01");
    v.name = xstrdup("Nguyễn Văn \"Ba\", Hạ Long");
    v.assisted = 2;
    s.volunteers = &v;
    s.nvolunteers = 1;
    stats_rows_build(&s, NULL, LANG_VI, &rows);
    /* Keep only the volunteer's first row to compare every byte. */
    for (size_t i = 0; i < rows.n; i++)
        if (strcmp(rows.v[i].code, "assisted_sessions") == 0) {
            struct stats_rows one = { &rows.v[i], 1 };

            csv = stats_csv(&s, &one, ',', LANG_VI);
            assert_string_equal(csv, want);
            free(csv);
            /* With ';' the comma needs no quotes, the quotes still do. */
            csv = stats_csv(&s, &one, ';', LANG_VI);
            assert_non_null(strstr(csv, ";\"Nguyễn Văn \"\"Ba\"\", Hạ Long (TV01)\";;2\r\n"));
            assert_non_null(strstr(csv, "Từ ngày;Đến ngày;"));
            free(csv);
        }
    stats_rows_free(&rows);
    free(v.code);
    free(v.name);
}

/* The whole of November as CSV, against tests/fixtures/staff_stats_nov.csv. */
static void
test_csv_golden(void **state)
{
    struct fx *fx = *state;
    struct stats s;
    struct stats_rows rows;
    char *cause = NULL, *csv, *want;

    assert_int_equal(db_stats_get(fx->db, "2026-11-01", "2026-11-30", &s, &cause), 0);
    stats_rows_build(&s, fx->cat, LANG_VI, &rows);
    csv = stats_csv(&s, &rows, ',', LANG_VI);
    if (getenv("UPDATE_GOLDEN") != NULL && strcmp(getenv("UPDATE_GOLDEN"), "1") == 0) {
        FILE *f = fopen("tests/fixtures/staff_stats_nov.csv", "wb");

        assert_non_null(f);
        fputs(csv, f);
        fclose(f);
    }
    want = test_read_file("tests/fixtures/staff_stats_nov.csv");
    assert_non_null(want);
    assert_string_equal(csv, want);
    /* A few rows spelled out, so the golden file cannot drift unnoticed. */
    assert_non_null(strstr(csv, "2026-11-01,2026-11-30,sessions_started,Phiên bắt đầu,,,6\r\n"));
    assert_non_null(strstr(csv, ",service_viewed,Phiên xem dịch vụ,1. Làm thử A,,3\r\n"));
    assert_non_null(
        strstr(csv, ",stopped,Dừng lại ở,1. Làm thử A,Câu hỏi: Chọn một trường hợp thử,1\r\n"));
    assert_non_null(strstr(csv, ",filed_online_share,"));
    assert_non_null(strstr(csv, ",Tất cả,,33.3\r\n"));
    assert_non_null(strstr(csv, ",needs_document,Còn thiếu giấy tờ,1. Làm thử A,Giấy thử B,1\r\n"));
    free(want);
    free(csv);
    stats_rows_free(&rows);
    stats_done(&s);
}

static char *
csv_of(struct db *db, const char *from, const char *to, const struct catalog *cat)
{
    struct stats s;
    struct stats_rows rows;
    char *cause = NULL, *csv;

    assert_int_equal(db_stats_get(db, from, to, &s, &cause), 0);
    stats_rows_build(&s, cat, LANG_VI, &rows);
    csv = stats_csv(&s, &rows, ',', LANG_VI);
    stats_rows_free(&rows);
    stats_done(&s);
    return csv;
}

static int
count_rows(struct db *db, const char *sql)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    int n;

    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* Folding detailed rows into daily counts changes no total, whatever the period. */
static void
test_retention_keeps_totals(void **state)
{
    struct fx *fx = *state;
    const char *periods[][2] = { { "2026-10-01", "2026-12-31" },
                                 { "2026-11-01", "2026-11-30" },
                                 { "2026-11-02", "2026-11-02" },
                                 { "2026-10-31", "2026-11-15" },
                                 { "2026-11-16", "2026-12-01" } };
    char *before[5], *cause = NULL;
    int folded;

    for (int i = 0; i < 5; i++)
        before[i] = csv_of(fx->db, periods[i][0], periods[i][1], fx->cat);
    assert_int_equal(db_stats_fold(fx->db, "2026-11-16", &folded, &cause), 0);
    assert_int_equal(folded, 6);
    assert_int_equal(count_rows(fx->db, "SELECT count(*) FROM sessions"), 2);
    assert_int_equal(count_rows(fx->db, "SELECT count(*) FROM session_services"), 2);
    assert_int_equal(count_rows(fx->db, "SELECT count(*) FROM assisted"), 2);
    assert_int_equal(count_rows(fx->db, "SELECT count(*) FROM assisted_outcomes"), 1);
    assert_int_equal(count_rows(fx->db, "SELECT count(*) FROM assisted_items"), 0);
    assert_true(count_rows(fx->db, "SELECT count(*) FROM daily_counts") > 0);
    for (int i = 0; i < 5; i++) {
        char *after = csv_of(fx->db, periods[i][0], periods[i][1], fx->cat);

        assert_string_equal(after, before[i]);
        free(after);
    }
    /* Folding again (nothing left before that day) and folding the rest change nothing. */
    assert_int_equal(db_stats_fold(fx->db, "2026-11-16", &folded, &cause), 0);
    assert_int_equal(folded, 0);
    assert_int_equal(db_stats_fold(fx->db, "2027-01-01", &folded, &cause), 0);
    assert_int_equal(folded, 2);
    assert_int_equal(count_rows(fx->db, "SELECT count(*) FROM sessions"), 0);
    for (int i = 0; i < 5; i++) {
        char *after = csv_of(fx->db, periods[i][0], periods[i][1], fx->cat);

        assert_string_equal(after, before[i]);
        free(after);
        free(before[i]);
    }
    assert_int_equal(db_stats_fold(fx->db, "2026-02-30", &folded, &cause), -1);
    free(cause);
}

/* Text lines fit the width and draw bars with block characters. */
static void
test_lines(void **state)
{
    struct fx *fx = *state;
    struct stats s;
    struct stats_lines l;
    char *cause = NULL;
    bool bar = false, heading = false;

    assert_int_equal(db_stats_get(fx->db, "2026-11-01", "2026-11-30", &s, &cause), 0);
    stats_lines_build(&s, fx->cat, LANG_VI, 78, &l);
    for (size_t i = 0; i < l.n; i++) {
        assert_true(text_width(l.v[i].text) <= 78);
        if (strstr(l.v[i].text, "█") != NULL)
            bar = true;
        if (l.v[i].heading && strcmp(l.v[i].text, "Theo dịch vụ") == 0)
            heading = true;
    }
    assert_true(bar);
    assert_true(heading);
    stats_lines_free(&l);
    stats_done(&s);
}

/* With no printer, slips are saved as PDF: the statistics say "saved", never "printed". */
static void
test_saved_not_printed(void **state)
{
    struct fx *fx = *state;
    struct stats s;
    struct stats_lines l;
    char *cause = NULL, *csv;
    bool saved_line = false;

    assert_int_equal(db_exec(fx->db, "UPDATE print_jobs SET printer = ''", &cause), 0);
    assert_int_equal(db_stats_get(fx->db, "2026-11-01", "2026-11-30", &s, &cause), 0);
    assert_int_equal(s.slips, 2);
    assert_int_equal(s.saved, 1); /* the done one; the sent one is at a printer */
    assert_int_equal(svc(&s, 1)->saved, 1);
    assert_int_equal(svc(&s, 3)->saved, 0);
    stats_lines_build(&s, fx->cat, LANG_VI, 78, &l);
    for (size_t i = 0; i < l.n; i++)
        if (strstr(l.v[i].text, "Phiếu đã lưu PDF") != NULL)
            saved_line = true;
    assert_true(saved_line);
    stats_lines_free(&l);
    stats_done(&s);
    csv = csv_of(fx->db, "2026-11-01", "2026-11-30", fx->cat);
    assert_non_null(strstr(csv, ",slips_printed,Phiếu đã in,1. Làm thử A,,0\r\n"));
    assert_non_null(
        strstr(csv, ",slips_saved,Phiếu đã lưu PDF (không có máy in),1. Làm thử A,,1\r\n"));
    assert_non_null(strstr(csv, ",slips_printed,Phiếu đã in,Tất cả,,1\r\n"));
    assert_non_null(strstr(csv, ",slips_saved,Phiếu đã lưu PDF (không có máy in),Tất cả,,1\r\n"));
    free(csv);

    /* Every slip saved: no line says printed. */
    assert_int_equal(db_exec(fx->db, "UPDATE print_jobs SET state = 'done'", &cause), 0);
    assert_int_equal(db_stats_get(fx->db, "2026-11-01", "2026-11-30", &s, &cause), 0);
    assert_int_equal(s.saved, s.slips);
    stats_lines_build(&s, fx->cat, LANG_VI, 78, &l);
    for (size_t i = 0; i < l.n; i++)
        assert_null(strstr(l.v[i].text, "đã in"));
    stats_lines_free(&l);
    stats_done(&s);
}

/* --- kiosk stats / kiosk report ----------------------------------------------------- */

struct cli {
    char conf[128];
    char out[128];
    char err[128];
    char *stdout_text;
    char *stderr_text;
};

/* A kiosk.conf in the fixture's folder naming its database and the small catalog. */
static void
cli_conf(struct fx *fx, struct cli *c)
{
    char cwd[512];
    FILE *f;

    assert_non_null(getcwd(cwd, sizeof cwd));
    snprintf(c->conf, sizeof c->conf, "%s/kiosk.conf", fx->dir);
    snprintf(c->out, sizeof c->out, "%s/out.txt", fx->dir);
    snprintf(c->err, sizeof c->err, "%s/err.txt", fx->dir);
    f = fopen(c->conf, "w");
    assert_non_null(f);
    fprintf(f,
            "[kiosk]\ncentre_name = UBND xã Thử Nghiệm\ntimezone = Asia/Ho_Chi_Minh\n"
            "[paths]\ndatabase = %s/kiosk.db\nlog = %s/kiosk.log\ncatalog = "
            "%s/tests/fixtures/catalog_small.json\npdf_dir = %s/pdf\n",
            fx->dir, fx->dir, cwd, fx->dir);
    fclose(f);
    c->stdout_text = c->stderr_text = NULL;
}

/* Run a command (argv NULL-terminated); stdout and stderr are kept in c. */
static int
cli_run(struct cli *c, int (*cmd)(const char *, int, char **, FILE *, FILE *), ...)
{
    char *argv[16];
    int argc = 0, rc;
    va_list ap;
    FILE *out = fopen(c->out, "w"), *err = fopen(c->err, "w");

    va_start(ap, cmd);
    while (argc < 15 && (argv[argc] = va_arg(ap, char *)) != NULL)
        argc++;
    va_end(ap);
    argv[argc] = NULL;
    rc = cmd(c->conf, argc, argv, out, err);
    fclose(out);
    fclose(err);
    free(c->stdout_text);
    free(c->stderr_text);
    c->stdout_text = test_read_file(c->out);
    c->stderr_text = test_read_file(c->err);
    return rc;
}

static void
cli_done(struct cli *c)
{
    free(c->stdout_text);
    free(c->stderr_text);
}

static void
test_cmd_stats(void **state)
{
    struct fx *fx = *state;
    struct cli c;
    char *want;

    cli_conf(fx, &c);
    /* CSV: the same bytes as the golden file. */
    assert_int_equal(cli_run(&c, stats_cmd_stats, "stats", "--from", "2026-11-01", "--to",
                             "2026-11-30", "--csv", NULL),
                     0);
    want = test_read_file("tests/fixtures/staff_stats_nov.csv");
    assert_string_equal(c.stdout_text, want);
    free(want);
    assert_int_equal(cli_run(&c, stats_cmd_stats, "stats", "--from=2026-11-01", "--to=2026-11-30",
                             "--csv", "--sep", ";", NULL),
                     0);
    assert_non_null(strstr(c.stdout_text, "\xEF\xBB\xBFTừ ngày;Đến ngày;Mã chỉ số;"));
    assert_non_null(strstr(c.stdout_text, ";\"Nguyễn Văn \"\"Ba\"\", Hạ Long (TV01)\";"));
    /* --to alone starts on its month's first day. */
    assert_int_equal(cli_run(&c, stats_cmd_stats, "stats", "--to", "2026-11-30", "--csv", NULL), 0);
    assert_non_null(strstr(c.stdout_text, "\r\n2026-11-01,2026-11-30,sessions_started,"));
    /* The table. */
    assert_int_equal(
        cli_run(&c, stats_cmd_stats, "stats", "--from", "2026-11-01", "--to", "2026-11-30", NULL),
        0);
    assert_non_null(strstr(c.stdout_text, "UBND xã Thử Nghiệm\nThống kê: 01/11/2026 – 30/11/2026"));
    assert_non_null(strstr(c.stdout_text, "Phiên bắt đầu"));
    assert_non_null(strstr(c.stdout_text, "█"));

    /* The workbook is written by the print helper: tests/e2e/50_staff_assisted.sh. */
    cli_done(&c);
}

static void
test_cmd_stats_bad_input(void **state)
{
    struct fx *fx = *state;
    struct cli c;

    cli_conf(fx, &c);
    assert_int_equal(
        cli_run(&c, stats_cmd_stats, "stats", "--from", "2026-11-30", "--to", "2026-11-01", NULL),
        2);
    assert_non_null(strstr(c.stderr_text, "ends (2026-11-01) before it starts (2026-11-30)"));
    assert_string_equal(c.stdout_text, "");
    assert_int_equal(cli_run(&c, stats_cmd_stats, "stats", "--from", "2026-02-30", NULL), 2);
    assert_non_null(strstr(c.stderr_text, "2026-02-30"));
    assert_int_equal(cli_run(&c, stats_cmd_stats, "stats", "--sep", ";", NULL), 2);
    assert_int_equal(cli_run(&c, stats_cmd_stats, "stats", "--csv", "--sep", ";;", NULL), 2);
    assert_int_equal(cli_run(&c, stats_cmd_stats, "stats", "--from", NULL), 2);
    assert_non_null(strstr(c.stderr_text, "needs a value"));
    assert_int_equal(cli_run(&c, stats_cmd_stats, "stats", "--bogus", NULL), 2);
    assert_int_equal(
        cli_run(&c, stats_cmd_stats, "stats", "--xlsx", "/nonexistent/dir/x.xlsx", NULL), 2);
    assert_non_null(strstr(c.stderr_text, "cannot write /nonexistent/dir/x.xlsx"));
    cli_done(&c);
}

/* The monthly report's content is built by core code (print_docs.h) and stored with its
 * print job; the print helper only renders it (tests/e2e/50_staff_assisted.sh). */
static void
test_cmd_report(void **state)
{
    struct fx *fx = *state;
    struct doc_target t = { .printer = "", .paper = "A4", .lang = LANG_VI };
    struct doc_queued q;
    struct config cfg;
    struct receipt *rs = NULL;
    size_t n = 0;
    char *cause = NULL, *json = NULL, *text;

    config_defaults(&cfg);
    free(cfg.centre_name);
    cfg.centre_name = xstrdup("UBND xã Thử Nghiệm");
    assert_int_equal(
        docs_queue_report(fx->db, NULL, &cfg, "2026-13", &t, (int64_t)1796860800, &q, &cause), -1);
    assert_non_null(strstr(cause, "2026-13 does not exist"));
    free(cause);
    cause = NULL;
    assert_int_equal(
        docs_queue_report(fx->db, NULL, &cfg, "2026-11", &t, (int64_t)1796860800, &q, &cause), 0);
    assert_int_equal(db_jobs_receipt(fx->db, q.id, &json, &cause), 0);
    assert_int_equal(receipt_json_decode(json, &rs, &n, &cause), 0);
    assert_int_equal(n, 1);
    assert_int_equal(rs[0].type, RECEIPT_REPORT);
    text = receipt_to_text(&rs[0]);
    assert_non_null(strstr(text, "UBND xã Thử Nghiệm"));
    assert_non_null(strstr(text, q.number)); /* the number staff are told is on the paper */
    free(text);
    receipt_done(&rs[0]);
    free(rs);
    free(json);
    doc_queued_done(&q);
    config_done(&cfg);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_november, setup, teardown),
        cmocka_unit_test_setup_teardown(test_day_boundaries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_period, setup, teardown),
        cmocka_unit_test(test_periods),
        cmocka_unit_test(test_bars),
        cmocka_unit_test(test_csv_bytes),
        cmocka_unit_test_setup_teardown(test_csv_golden, setup, teardown),
        cmocka_unit_test_setup_teardown(test_retention_keeps_totals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_saved_not_printed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cmd_stats, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cmd_stats_bad_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cmd_report, setup, teardown),
    };

    setenv("TZ", "Asia/Ho_Chi_Minh", 1);
    tzset();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
