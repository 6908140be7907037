/* Unit tests for config.c: defaults, paths, and every kind of problem with its exact message.
 * Run from the top of the tree (fixtures are under tests/fixtures). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "i18n.h"
#include "testutil.h"

#define FX "tests/fixtures/"

/* Load path and check that it fails with exactly the problems in want
 * (NULL-terminated). */
static void
expect_problems(const char *path, const char *const *want)
{
    struct config cfg;
    struct strlist problems = { NULL, 0 };
    size_t n = 0;

    assert_int_equal(config_load(path, &cfg, &problems), -1);
    assert_null(cfg.path); /* nothing half-configured is left behind */
    assert_null(cfg.database);
    while (want[n] != NULL)
        n++;
    for (size_t i = 0; i < problems.n; i++) {
        if (i >= n || strcmp(problems.v[i], want[i]) != 0)
            print_message("  got: %s\n", problems.v[i]);
    }
    assert_int_equal(problems.n, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(problems.v[i], want[i]);
    strlist_free(&problems);
}

/* Load path, which must have no problems. */
static void
load_ok(const char *path, struct config *cfg)
{
    struct strlist problems = { NULL, 0 };
    int rc = config_load(path, cfg, &problems);

    for (size_t i = 0; i < problems.n; i++)
        print_message("  unexpected: %s\n", problems.v[i]);
    assert_int_equal(rc, 0);
    assert_int_equal(problems.n, 0);
    strlist_free(&problems);
}

static void
test_defaults(void **state)
{
    struct config cfg;

    (void)state;
    config_defaults(&cfg);
    assert_int_equal(cfg.default_lang, LANG_VI);
    assert_int_equal(cfg.idle_timeout, 120);
    assert_int_equal(cfg.idle_countdown, 20);
    assert_int_equal(cfg.assisted_idle_timeout, 600);
    assert_int_equal(cfg.digit_timeout_ms, 1500);
    assert_int_equal(cfg.theme, THEME_DEFAULT);
    assert_string_equal(cfg.timezone, "Asia/Ho_Chi_Minh");
    assert_string_equal(cfg.database, "var/kiosk.db");
    assert_string_equal(cfg.log, "var/kiosk.log");
    assert_string_equal(cfg.catalog, "assets/catalog.json");
    assert_string_equal(cfg.pdf_dir, "var/slips");
    assert_string_equal(cfg.national_url, "");
    assert_string_equal(cfg.provincial_url, "");
    assert_string_equal(cfg.printer.name, "");
    assert_string_equal(cfg.printer.paper, "");
    assert_int_equal(cfg.slip_retry_minutes, 15);
    assert_int_equal(cfg.print_timeout, 120);
    assert_int_equal(cfg.retention_days, 365);
    assert_string_equal(cfg.kiosk_id, "");
    assert_string_equal(cfg.font, "Noto Sans Mono");
    assert_string_equal(cfg.fallback_font, "DejaVu Sans Mono");
    assert_int_equal(cfg.font_size, 20);
    assert_int_equal(cfg.big_font_size, 23);
    config_done(&cfg);
    assert_null(cfg.database);
}

static void
test_shipped_conf_loads(void **state)
{
    struct config cfg;
    char host[256];

    (void)state;
    load_ok("kiosk.conf", &cfg);
    assert_string_equal(cfg.path, "kiosk.conf");
    assert_true(strstr(cfg.centre_name, "Trung tâm") != NULL);
    assert_string_equal(cfg.province, "Quảng Ninh");
    /* Only numbers that fit every service; a service's own are in the catalog. */
    assert_null(strstr(cfg.hotlines, "19006769"));
    assert_null(strstr(cfg.hotlines, "1800")); /* unconfirmed numbers stay out */
    assert_int_equal(cfg.review_after_days, 180);
    assert_int_equal(cfg.default_lang, LANG_VI);
    /* No slash in the config path: paths stay relative to the current folder. */
    assert_string_equal(cfg.database, "var/kiosk.db");
    assert_string_equal(cfg.log, "var/kiosk.log");
    assert_string_equal(cfg.pdf_dir, "var/slips");
    assert_string_equal(cfg.printer.name, ""); /* no printer: slips go to pdf_dir */
    /* An empty kiosk_id becomes the host name. */
    assert_int_equal(gethostname(host, sizeof host), 0);
    host[sizeof host - 1] = '\0';
    assert_string_equal(cfg.kiosk_id, host);
    config_done(&cfg);
}

static void
test_shipped_conf_documents_every_key(void **state)
{
    static const char *const names[] = {
        "centre_name",
        "centre_address",
        "province",
        "hotlines",
        "language",
        "idle_timeout",
        "idle_countdown",
        "assisted_idle_timeout",
        "digit_timeout_ms",
        "theme",
        "timezone",
        "kiosk_id",
        "database",
        "log",
        "catalog",
        "pdf_dir",
        "national_url",
        "provincial_url",
        "name",
        "paper",
        "slip_retry_minutes",
        "print_timeout",
        "retention_days",
        "font",
        "fallback_font",
        "font_size",
        "big_font_size",
        "review_after_days",
    };
    FILE *f = fopen("kiosk.conf", "r");
    char line[512], prev[512] = "";
    bool found[sizeof names / sizeof names[0]] = { false };

    (void)state;
    assert_non_null(f);
    /* Every key is set in the file, right after a comment line. */
    while (fgets(line, sizeof line, f) != NULL) {
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
            size_t n = strlen(names[i]);

            if (strncmp(line, names[i], n) == 0 && strncmp(line + n, " =", 2) == 0) {
                assert_int_equal(prev[0], '#');
                found[i] = true;
            }
        }
        memcpy(prev, line, sizeof prev);
    }
    fclose(f);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (!found[i])
            print_message("  not in kiosk.conf: %s\n", names[i]);
        assert_true(found[i]);
    }
}

static void
test_minimal_relative_paths(void **state)
{
    struct config cfg;

    (void)state;
    load_ok(FX "conf_minimal.conf", &cfg);
    assert_string_equal(cfg.centre_name, "Trung tâm thử nghiệm");
    assert_int_equal(cfg.idle_timeout, 120);
    /* Relative paths resolve against the config file's folder. */
    assert_string_equal(cfg.database, FX "var/kiosk.db");
    assert_string_equal(cfg.log, FX "var/kiosk.log");
    assert_string_equal(cfg.catalog, FX "assets/catalog.json");
    assert_string_equal(cfg.pdf_dir, FX "var/slips");
    config_done(&cfg);
}

static void
test_layout(void **state)
{
    struct config cfg;

    (void)state;
    /* BOM, CRLF, indented lines, quotes, an inline comment, an absolute path. */
    load_ok(FX "conf_layout.conf", &cfg);
    assert_string_equal(cfg.centre_name, "Trung tâm Phục vụ hành chính công");
    assert_int_equal(cfg.idle_timeout, 30);
    assert_string_equal(cfg.database, "/tmp/kiosk-abs.db");
    config_done(&cfg);
}

static void
test_long_lines(void **state)
{
    struct config cfg;

    (void)state;
    /* Lines longer than inih's line buffer keep their whole value. */
    load_ok(FX "conf_long_line.conf", &cfg);
    assert_int_equal(strncmp(cfg.hotlines, "Số 1: 0203 0001; Số 2:", 23), 0);
    assert_non_null(strstr(cfg.hotlines, "; Số 24: 0203 0024"));
    assert_int_equal(strlen(cfg.hotlines), 469);
    assert_int_equal(strlen(cfg.centre_address), 60 * strlen("Đường ") - 1);
    assert_string_equal(cfg.province, "Quảng Ninh");
    config_done(&cfg);
}

static void
test_unknown_section(void **state)
{
    static const char *const want[] = {
        FX "conf_unknown_section.conf:4: [kisok]: unknown section (known: kiosk, "
           "paths, portals, "
           "printer, staff, display, catalog)",
        NULL,
    };

    (void)state;
    expect_problems(FX "conf_unknown_section.conf", want);
}

static void
test_unknown_key(void **state)
{
    static const char *const want[] = {
        FX "conf_unknown_key.conf:3: [kiosk] idle_timout: unknown key",
        FX "conf_unknown_key.conf:6: [paths] language: unknown key",
        NULL,
    };

    (void)state;
    expect_problems(FX "conf_unknown_key.conf", want);
}

/* A command's loader prints each problem on its own line and sets nothing; a good file sets
 * the process's time zone from kiosk.conf (defaults: Asia/Ho_Chi_Minh). */
static void
test_load_command(void **state)
{
    struct config cfg;
    char buf[4096] = "";
    FILE *err = fmemopen(buf, sizeof buf - 1, "w");

    (void)state;
    assert_non_null(err);
    setenv("TZ", "UTC", 1);
    assert_int_equal(config_load_command(FX "conf_bad_number.conf", &cfg, err), -1);
    fflush(err);
    assert_non_null(strstr(buf, "conf_bad_number.conf:2: [kiosk] idle_timeout:"));
    assert_non_null(strstr(buf, "conf_bad_number.conf:3: [kiosk] idle_countdown:"));
    assert_string_equal(getenv("TZ"), "UTC");
    fclose(err);
    assert_int_equal(config_load_command(FX "conf_minimal.conf", &cfg, stderr), 0);
    assert_string_equal(getenv("TZ"), cfg.timezone);
    assert_string_equal(cfg.timezone, "Asia/Ho_Chi_Minh");
    config_done(&cfg);
}

static void
test_bad_number(void **state)
{
    static const char *const want[] = {
        FX "conf_bad_number.conf:2: [kiosk] idle_timeout: \"abc\" is not a whole "
           "number",
        FX "conf_bad_number.conf:3: [kiosk] idle_countdown: \"12s\" is not a "
           "whole number",
        FX "conf_bad_number.conf:4: [kiosk] digit_timeout_ms: \"\" is not a "
           "whole number",
        NULL,
    };

    (void)state;
    expect_problems(FX "conf_bad_number.conf", want);
}

static void
test_out_of_range(void **state)
{
    static const char *const want[] = {
        FX "conf_out_of_range.conf:2: [kiosk] idle_timeout: 3 is out of range "
           "10–3600",
        FX "conf_out_of_range.conf:3: [kiosk] idle_countdown: 121 is out of "
           "range 5–120",
        FX "conf_out_of_range.conf:5: [staff] retention_days: "
           "99999999999999999999 is out of "
           "range 30–3650",
        FX "conf_out_of_range.conf:7: [printer] slip_retry_minutes: -5 is out of "
           "range 1–1440",
        NULL,
    };

    (void)state;
    expect_problems(FX "conf_out_of_range.conf", want);
}

static void
test_bad_enum(void **state)
{
    static const char *const want[] = {
        FX "conf_bad_enum.conf:2: [kiosk] language: \"fr\" is not one of vi, en",
        FX "conf_bad_enum.conf:3: [kiosk] theme: \"dark\" is not one of default, "
           "high-contrast",
        FX "conf_bad_enum.conf:5: [printer] paper: \"B5\" is not one of 58mm, "
           "80mm, A5, A4 (or "
           "empty)",
        NULL,
    };

    (void)state;
    expect_problems(FX "conf_bad_enum.conf", want);
}

static void
test_duplicate(void **state)
{
    static const char *const want[] = {
        FX "conf_duplicate.conf:4: [kiosk] idle_timeout: duplicate key (first "
           "set on line 2)",
        /* "printer" is another name for [printer] name. */
        FX "conf_duplicate.conf:7: [printer] printer: duplicate key (first set "
           "on line 6)",
        NULL,
    };

    (void)state;
    expect_problems(FX "conf_duplicate.conf", want);
}

static void
test_syntax(void **state)
{
    static const char *const want[] = {
        FX "conf_syntax.conf:3: syntax error: expected \"key = value\", "
           "\"[section]\" or a "
           "comment",
        FX "conf_syntax.conf:4: syntax error: \"[\" without \"]\"",
        /* line 5 is under the broken header: not reported again */
        FX "conf_syntax.conf:6: syntax error: missing key name before \"=\"",
        NULL,
    };

    (void)state;
    expect_problems(FX "conf_syntax.conf", want);
}

static void
test_outside_section(void **state)
{
    static const char *const want[] = {
        FX "conf_outside.conf:1: centre_name: key outside any [section]",
        NULL,
    };

    (void)state;
    expect_problems(FX "conf_outside.conf", want);
}

static void
test_url(void **state)
{
    static const char *const want[] = {
        FX "conf_url.conf:2: [portals] national_url: "
           "\"http://dichvucong.gov.vn\" must be an "
           "https:// address (or empty)",
        NULL,
    };

    (void)state;
    expect_problems(FX "conf_url.conf", want);
}

/* A font is one family name (foot reads "," and ":" as separators); big text is bigger. */
static void
test_display(void **state)
{
    static const char *const want[] = {
        FX "conf_display.conf:4: [display] font: \"Noto Sans Mono:bold\" must be one font family "
           "name, e.g. Noto Sans Mono",
        FX "conf_display.conf:5: [display] fallback_font: \"DejaVu Sans Mono, Unifont\" must be "
           "one font family name, e.g. Noto Sans Mono",
        FX "conf_display.conf:3: [display] big_font_size: 24 must be larger than font_size (30)",
        NULL,
    };

    (void)state;
    expect_problems(FX "conf_display.conf", want);
}

static void
test_timezone(void **state)
{
    static const char *const want[] = {
        FX "conf_timezone.conf:2: [kiosk] timezone: \"../../etc/passwd\" is not "
           "a time zone name",
        NULL,
    };

    (void)state;
    expect_problems(FX "conf_timezone.conf", want);
}

static void
test_folder_not_writable(void **state)
{
    static const char *const want[] = {
        FX "conf_notdir.conf:3: [paths] database: \"" FX "conf_notdir.conf\" is not a folder",
        FX "conf_notdir.conf:4: [paths] log: \"" FX "conf_notdir.conf\" is not a folder",
        NULL,
    };

    (void)state;
    expect_problems(FX "conf_notdir.conf", want);
}

static void
test_every_problem_reported(void **state)
{
    static const char *const want[] = {
        FX "conf_many.conf:2: [kiosk] idle_timeout: 5 is out of range 10–3600",
        FX "conf_many.conf:3: [kiosk] foo: unknown key",
        FX "conf_many.conf:4: syntax error: expected \"key = value\", "
           "\"[section]\" or a comment",
        FX "conf_many.conf:5: [kiosk] language: \"de\" is not one of vi, en",
        FX "conf_many.conf:6: [nope]: unknown section (known: kiosk, paths, "
           "portals, printer, "
           "staff, display, catalog)",
        FX "conf_many.conf:9: [kiosk] idle_timeout: duplicate key (first set on "
           "line 2)",
        FX "conf_many.conf:11: [paths] database: \"" FX "conf_many.conf\" is not a folder",
        NULL,
    };

    (void)state;
    expect_problems(FX "conf_many.conf", want);
}

static void
test_unreadable(void **state)
{
    static const char *const missing[] = {
        FX "no-such.conf: cannot read: No such file or directory",
        NULL,
    };
    static const char *const folder[] = {
        "tests/fixtures: cannot read: Is a directory",
        NULL,
    };

    (void)state;
    expect_problems(FX "no-such.conf", missing);
    expect_problems("tests/fixtures", folder);
}

/* Run config_cmd_check and return its status; out and err receive what it
 * printed. */
static int
run_check(const char *path, char **out, char **err)
{
    size_t on, en;
    FILE *fo = open_memstream(out, &on);
    FILE *fe = open_memstream(err, &en);
    int rc;

    assert_non_null(fo);
    assert_non_null(fe);
    rc = config_cmd_check(path, fo, fe);
    fclose(fo);
    fclose(fe);
    return rc;
}

static void
test_cmd_check(void **state)
{
    char *out, *err;

    (void)state;
    assert_int_equal(run_check("kiosk.conf", &out, &err), 0);
    assert_string_equal(out, "kiosk.conf: OK\n");
    assert_string_equal(err, "");
    free(out);
    free(err);

    assert_int_equal(run_check(FX "conf_unknown_key.conf", &out, &err), 2);
    assert_string_equal(out, "");
    assert_string_equal(err, FX "conf_unknown_key.conf:3: [kiosk] idle_timout: unknown key\n" FX
                                "conf_unknown_key.conf:6: [paths] language: unknown key\n");
    free(out);
    free(err);
}

static void
test_default_path(void **state)
{
    (void)state;
    assert_int_equal(unsetenv("KIOSK_CONFIG"), 0);
    assert_string_equal(config_default_path(), "kiosk.conf");
    assert_int_equal(setenv("KIOSK_CONFIG", "/etc/kiosk/kiosk.conf", 1), 0);
    assert_string_equal(config_default_path(), "/etc/kiosk/kiosk.conf");
    assert_int_equal(setenv("KIOSK_CONFIG", "", 1), 0);
    assert_string_equal(config_default_path(), "kiosk.conf");
    assert_int_equal(unsetenv("KIOSK_CONFIG"), 0);
}

static bool
is_dir(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void
test_missing_folders_checked_not_created(void **state)
{
    char tmpl[] = "/tmp/kiosk-test-config-XXXXXX";
    char *dir = mkdtemp(tmpl);
    char *conf, *want, *cause = NULL;
    struct config cfg;
    FILE *f;

    (void)state;
    assert_non_null(dir);
    xasprintf(&conf, "%s/kiosk.conf", dir);
    f = fopen(conf, "w");
    assert_non_null(f);
    fputs("[paths]\ndatabase = data/db/kiosk.db\nlog = logs/kiosk.log\npdf_dir = "
          "out/pdf\n",
          f);
    fclose(f);

    load_ok(conf, &cfg);
    xasprintf(&want, "%s/data/db/kiosk.db", dir);
    assert_string_equal(cfg.database, want);
    free(want);
    xasprintf(&want, "%s/data", dir);
    assert_false(is_dir(want)); /* config_load creates nothing */

    assert_int_equal(config_make_dirs(&cfg, &cause), 0);
    assert_null(cause);
    free(want);
    xasprintf(&want, "%s/data/db", dir);
    assert_true(is_dir(want));
    free(want);
    xasprintf(&want, "%s/logs", dir);
    assert_true(is_dir(want));
    free(want);
    xasprintf(&want, "%s/out/pdf", dir);
    assert_true(is_dir(want));
    free(want);
    /* Idempotent. */
    assert_int_equal(config_make_dirs(&cfg, &cause), 0);
    config_done(&cfg);

    /* mkdir -p under a file fails with a cause. */
    xasprintf(&want, "%s/x", conf);
    assert_int_equal(config_mkdir_p(want, &cause), -1);
    assert_non_null(cause);
    assert_non_null(strstr(cause, "cannot create folder"));
    free(cause);
    free(want);

    assert_int_equal(test_remove_tree(dir), 0);
    free(conf);
}

static int
setup(void **state)
{
    (void)state;
    if (access(FX "conf_minimal.conf", R_OK) != 0) {
        fprintf(stderr, "test_config: run from the top of the source tree\n");
        return -1;
    }
    return 0;
}

/* check-config with one config text; returns its exit code and what it wrote to err. */
static int
check_text(const char *dir, const char *text, char **err_text)
{
    char *conf, *errpath;
    FILE *f, *out, *err;
    int rc;

    xasprintf(&conf, "%s/kiosk.conf", dir);
    xasprintf(&errpath, "%s/err.txt", dir);
    f = fopen(conf, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    out = fopen("/dev/null", "w");
    err = fopen(errpath, "w");
    assert_non_null(out);
    assert_non_null(err);
    rc = config_cmd_check(conf, out, err);
    fclose(out);
    fclose(err);
    *err_text = test_read_file(errpath);
    free(conf);
    free(errpath);
    return rc;
}

/* The database is a regular file outside /proc, /sys and /dev; check-config reads the
 * catalog the kiosk would need to start. */
static void
test_check_database_and_catalog(void **state)
{
    char tmpl[] = "/tmp/kiosk-test-config-XXXXXX";
    char *dir = mkdtemp(tmpl), *err, *text, *fifo;

    (void)state;
    assert_non_null(dir);
    xasprintf(&text, "[paths]\ndatabase = /dev/null\ncatalog = %s/../../nope.json\n", dir);
    assert_int_equal(check_text(dir, text, &err), 2);
    assert_non_null(strstr(err, "[paths] database: \"/dev/null\" is in a kernel file system"));
    free(err);
    free(text);
    xasprintf(&text, "[paths]\ndatabase = /proc/self/kiosk.db\n");
    assert_int_equal(check_text(dir, text, &err), 2);
    assert_non_null(strstr(err, "kernel file system"));
    free(err);
    free(text);
    xasprintf(&fifo, "%s/fifo.db", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    xasprintf(&text, "[paths]\ndatabase = %s\n", fifo);
    assert_int_equal(check_text(dir, text, &err), 2);
    assert_non_null(strstr(err, "is not a regular file"));
    free(err);
    free(text);
    free(fifo);
    /* A database path that is fine, and a catalog that does not exist. */
    xasprintf(&text, "[paths]\ndatabase = %s/kiosk.db\ncatalog = %s/none.json\n", dir, dir);
    assert_int_equal(check_text(dir, text, &err), 2);
    assert_non_null(strstr(err, "[paths] catalog: cannot read"));
    assert_non_null(strstr(err, "none.json"));
    free(err);
    free(text);
    /* A catalog that is a folder. */
    xasprintf(&text, "[paths]\ndatabase = %s/kiosk.db\ncatalog = %s\n", dir, dir);
    assert_int_equal(check_text(dir, text, &err), 2);
    assert_non_null(strstr(err, "it is a folder"));
    free(err);
    free(text);
    assert_int_equal(test_remove_tree(dir), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_shipped_conf_loads),
        cmocka_unit_test(test_shipped_conf_documents_every_key),
        cmocka_unit_test(test_minimal_relative_paths),
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_long_lines),
        cmocka_unit_test(test_unknown_section),
        cmocka_unit_test(test_unknown_key),
        cmocka_unit_test(test_bad_number),
        cmocka_unit_test(test_out_of_range),
        cmocka_unit_test(test_bad_enum),
        cmocka_unit_test(test_duplicate),
        cmocka_unit_test(test_syntax),
        cmocka_unit_test(test_outside_section),
        cmocka_unit_test(test_display),
        cmocka_unit_test(test_url),
        cmocka_unit_test(test_timezone),
        cmocka_unit_test(test_folder_not_writable),
        cmocka_unit_test(test_every_problem_reported),
        cmocka_unit_test(test_unreadable),
        cmocka_unit_test(test_cmd_check),
        cmocka_unit_test(test_default_path),
        cmocka_unit_test(test_missing_folders_checked_not_created),
        cmocka_unit_test(test_check_database_and_catalog),
        cmocka_unit_test(test_load_command),
    };

    return cmocka_run_group_tests(tests, setup, NULL);
}
