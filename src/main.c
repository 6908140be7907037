/*
 * kiosk: arguments → locale → config → log → catalog → database → terminal → the loop.
 * Every start-up problem is printed plainly and ends the program before curses starts.
 * Printing subcommands are handed to the print helper (kiosk-print), the way git runs
 * git-foo, so the interactive kiosk never links cairo, pango or CUPS.
 */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "catalog.h"
#include "catalog_cmd.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "pin.h"
#include "print_cmd.h"
#include "screens.h"
#include "spawn.h"
#include "staff_cmd.h"
#include "stats_cmd.h"
#include "text_check.h"
#include "ui.h"
#include "xmalloc.h"

#define KIOSK_VERSION "0.1.0"
/* Milliseconds a key may wait for another process's write lock: under one frame. */
#define KEY_PATH_BUSY_MS 10

static void
usage(FILE *f)
{
    fputs("usage: kiosk [-c FILE] [COMMAND [ARGS]]\n"
          "\n"
          "With no command, runs the kiosk full-screen on this terminal.\n"
          "\n"
          "Options (before or after the command):\n"
          "  -c, --config FILE        use FILE instead of $KIOSK_CONFIG or ./kiosk.conf\n"
          "  --exit-after-first-frame draw the home screen once and exit (benchmarks)\n"
          "  -h, --help               this help\n"
          "  -V, --version            print the version\n"
          "\n"
          "Commands:\n"
          "  check-config             validate the configuration file\n"
          "  catalog check [--strict] [FILE]\n"
          "                           validate a service catalog (default: the configured one);\n"
          "                           --strict: facts due for checking again are errors\n"
          "  catalog list [FILE]      one line per active service: number, code, name, QR URL\n"
          "  catalog review [FILE] (-o FILE.pdf | --print | --text)\n"
          "                           the sheet staff check every unverified or old fact and\n"
          "                           every QR code with (A4)\n"
          "  slip --service N [--answers 1,2] [--have 1,3] (-o FILE.pdf | --print)\n"
          "                           the preparation slip for those answers and ticks\n"
          "  handout (--all | --poster | N...) [--paper A4|A5] (-o FILE.pdf | --print)\n"
          "  printers                 the CUPS printers with their state\n"
          "  print-test [PRINTER]     print a test page\n"
          "  jobs                     queued, failed and recent print jobs\n"
          "  reprint SLIP_NUMBER      print a slip again\n"
          "  set-pin                  set the staff PIN (asks twice; reads a line from a pipe)\n"
          "  stats [--from DATE] [--to DATE] [--csv [--sep ';'] | --xlsx FILE]\n"
          "                           the statistics for a period (days in kiosk.conf's zone)\n"
          "  report --month YYYY-MM (-o FILE.pdf | --print)\n"
          "                           the monthly report for the province\n"
          "\n"
          "Keys in the kiosk: digits choose, Enter confirms, 0/Esc/Backspace go back,\n"
          "* starts again, / searches, F1 or ? helps, F9 volunteer, F10 staff.\n",
          f);
}

/* Commands the print helper runs on its own (the printing commands that make a document,
 * and stats, run here: print_cmd.h, stats_cmd.h). */
static bool
is_helper_command(const char *cmd)
{
    static const char *const cmds[] = { "printers", "jobs", "cancel", "retry", "run-queue", NULL };

    for (size_t i = 0; cmds[i] != NULL; i++)
        if (strcmp(cmd, cmds[i]) == 0)
            return true;
    return false;
}

/* Run the print helper in this process's place (spawn.h finds it, beside this program or
 * in KIOSK_PRINT): kiosk-print -c CONFIG ARGS… */
static int
exec_helper(const char *config_path, int argc, char **argv)
{
    char **args = xcalloc((size_t)argc + 4, sizeof *args);
    char *cause = NULL;
    int k = 0;

    args[k++] = xstrdup("kiosk-print"); /* replaced by the helper's path */
    args[k++] = xstrdup("-c");
    args[k++] = xstrdup(config_path);
    for (int i = 0; i < argc; i++)
        args[k++] = argv[i];
    args[k] = NULL;
    spawn_exec_helper(args, &cause); /* returns only on failure */
    fprintf(stderr, "kiosk: %s\n", cause);
    free(cause);
    for (int i = 0; i < 3; i++)
        free(args[i]);
    free(args);
    return 1;
}

static bool
locale_is_utf8(void)
{
    const char *cs;

    setlocale(LC_ALL, "");
    cs = nl_langinfo(CODESET);
    return cs != NULL && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

static void
crash_handler(int sig)
{
    /* Restore the terminal first, then die the way the signal meant. */
    ui_emergency_restore();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* A signal that would end the process (SIGUSR1, SIGALRM, a real-time signal…) ends it the
 * orderly way SIGTERM does: the loop stops, the session is closed, the terminal restored. */
static void
stop_handler(int sig)
{
    (void)sig;
    raise(SIGTERM); /* the loop's own SIGTERM handler (app.c) records the stop */
}

static void
install_signals(void)
{
    struct sigaction sa;
    /* Default action: core dump. */
    const int crash[] = { SIGSEGV, SIGABRT, SIGBUS,  SIGFPE, SIGILL,
                          SIGSYS,  SIGTRAP, SIGXCPU, SIGXFSZ };
    /* Default action: terminate (SIGTERM and SIGHUP are the loop's own; SIGKILL cannot be
     * caught; SIGINT, SIGQUIT, SIGPIPE are ignored below). */
    const int stop[] = {
        SIGUSR1,   SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGIO,
#ifdef SIGPWR
        SIGPWR,
#endif
#ifdef SIGSTKFLT
        SIGSTKFLT,
#endif
    };

    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGQUIT, &sa, NULL);
    sigaction(SIGTSTP, &sa, NULL);
    sigaction(SIGPIPE, &sa, NULL);
    /* Before the loop installs its own: a SIGTERM or SIGHUP in between still restores. */
    sa.sa_handler = crash_handler;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sa.sa_handler = stop_handler;
    for (size_t i = 0; i < sizeof stop / sizeof stop[0]; i++)
        sigaction(stop[i], &sa, NULL);
    for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
        sigaction(sig, &sa, NULL);
    sa.sa_handler = crash_handler;
    sa.sa_flags = SA_RESETHAND;
    for (size_t i = 0; i < sizeof crash / sizeof crash[0]; i++)
        sigaction(crash[i], &sa, NULL);
}

/* The terminal's stderr, kept before the log takes it over: start-up errors after that point
 * and the reason for an emergency stop go to both. */
static int term_err = -1;

static void
say(const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    log_msg(LOG_ERROR, "%s", msg);
    if (term_err >= 0) {
        dprintf(term_err, "kiosk: %s\n", msg);
    }
}

static void
print_problems(const struct strlist *problems)
{
    for (size_t i = 0; i < problems->n; i++)
        fprintf(stderr, "%s\n", problems->v[i]);
}

/* Load config, apply the time zone. Returns 0 or prints the problems and returns 2. */
static int
load_config(const char *path, struct config *cfg)
{
    if (config_load_command(path, cfg, stderr) != 0) {
        fprintf(stderr, "kiosk: %s has problems; the kiosk does not start half-configured\n", path);
        return 2;
    }
    return 0;
}

static int
cmd_catalog(const char *config_path, int argc, char **argv)
{
    struct config cfg;
    const char *file = NULL;
    bool strict = false;
    char today[11];
    time_t now = time(NULL);
    struct tm tm;
    int rc;

    if (argc >= 1 && strcmp(argv[0], "review") == 0)
        return print_cmd_review(config_path, argc, argv);
    if (argc < 1 || (strcmp(argv[0], "check") != 0 && strcmp(argv[0], "list") != 0)) {
        fprintf(stderr, "usage: kiosk catalog (check [--strict] | list) [FILE]\n"
                        "       kiosk catalog review [FILE] (-o FILE.pdf | --print | --text)\n");
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[0], "check") == 0 && strcmp(argv[i], "--strict") == 0) {
            strict = true;
        } else if (file == NULL && argv[i][0] != '-') {
            file = argv[i];
        } else {
            fprintf(stderr, "usage: kiosk catalog (check [--strict] | list) [FILE]\n");
            return 2;
        }
    }
    /* The config is optional when a file is named: a clerk may check a draft anywhere. */
    if (file != NULL) {
        config_defaults(&cfg);
    } else if (load_config(config_path, &cfg) != 0) {
        return 2;
    }
    if (file == NULL)
        file = cfg.catalog;
    localtime_r(&now, &tm);
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    if (strcmp(argv[0], "check") == 0)
        rc = catalog_cmd_check(file, cfg.review_after_days, strict, today, stdout, stderr);
    else
        rc = catalog_cmd_list(file, cfg.national_url, cfg.provincial_url, today, stdout, stderr);
    config_done(&cfg);
    return rc;
}

struct run_opts {
    bool first_frame_only;
};

static int
run_kiosk(const char *config_path, const struct run_opts *opts)
{
    struct config cfg;
    struct strlist problems = { 0 };
    struct catalog *cat = NULL;
    struct db *db = NULL;
    struct ui *ui = NULL;
    struct ui_opts uopts = { 0 };
    struct app app;
    char *cause = NULL;
    int rc = 2;

    if (load_config(config_path, &cfg) != 0)
        return 2;
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        fprintf(stderr, "kiosk: the kiosk needs a terminal (run it on a console or in a "
                        "terminal window)\n");
        goto out;
    }
    if (config_make_dirs(&cfg, &cause) != 0 || log_open(cfg.log, &cause) != 0) {
        fprintf(stderr, "kiosk: %s\n", cause);
        goto out;
    }
    if (ui_check_term(&cause) != 0) {
        fprintf(stderr, "kiosk: %s\n", cause);
        log_msg(LOG_ERROR, "%s", cause);
        goto out;
    }
    if (catalog_load(cfg.catalog, &cat, &problems) != 0 ||
        catalog_apply_overrides(cat, cfg.national_url, cfg.provincial_url, &problems) != 0) {
        print_problems(&problems);
        fprintf(stderr, "kiosk: the catalog %s has problems; fix them (kiosk catalog check)\n",
                cfg.catalog);
        goto out;
    }
    if (db_open(cfg.database, &db, &cause) != 0) {
        fprintf(stderr, "kiosk: %s\n", cause);
        goto out;
    }
    pin_set_key_file(cfg.pin_key_file);
    if (db_session_close_stale(db, (int64_t)time(NULL), cfg.kiosk_id, &cause) != 0) {
        log_msg(LOG_WARN, "closing stale sessions: %s", cause);
        free(cause);
        cause = NULL;
    }

    /* No key may wait on another process's lock: session records wait in memory instead. */
    db_set_busy_ms(db, KEY_PATH_BUSY_MS);

    install_signals();
    xmalloc_set_die_hook(ui_emergency_restore);
    uopts.high_contrast = cfg.theme == THEME_HIGH_CONTRAST;
    uopts.esc_delay_ms = 25;
    fflush(stderr);
    term_err = dup(STDERR_FILENO);
    log_capture_stderr(); /* nothing reaches the screen behind curses' back */
    if (ui_open(&ui, &uopts, &cause) != 0) {
        say("%s", cause);
        goto out;
    }
    log_msg(LOG_INFO, "kiosk %s started (catalog %s)", KIOSK_VERSION, cat->hash);
    app_init(&app, &cfg, db, cat, ui, &home_screen);
    cat = NULL; /* the app's now */
    screens_register(&app);
    if (opts->first_frame_only)
        app_draw(&app);
    else
        app_run(&app);
    app_done(&app);
    ui_close(ui);
    ui = NULL;
    if (db_lost(db) != NULL) {
        say("%s; stopped. Nothing more could be recorded. Restore the database from its "
            "backup (or start the kiosk again for a new, empty one).",
            db_lost(db));
        rc = 3;
    } else {
        log_msg(LOG_INFO, "kiosk stopped");
        rc = 0;
    }
out:
    if (cause != NULL) {
        free(cause);
    }
    ui_close(ui);
    db_close(db);
    catalog_free(cat);
    strlist_free(&problems);
    config_done(&cfg);
    log_close();
    if (term_err >= 0)
        close(term_err);
    term_err = -1;
    return rc;
}

int
main(int argc, char **argv)
{
    const char *config_path = NULL;
    char **rest = xcalloc((size_t)argc + 1, sizeof *rest);
    struct run_opts opts = { 0 };
    int nrest = 0, rc;

    /* Global options may come before or after the command. */
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-c") == 0 || strcmp(argv[i], "--config") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "kiosk: %s needs a file name\n", argv[i]);
                free(rest);
                return 2;
            }
            config_path = argv[++i];
        } else if (strncmp(argv[i], "--config=", 9) == 0) {
            config_path = argv[i] + 9;
        } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            free(rest);
            return 0;
        } else if (strcmp(argv[i], "-V") == 0 || strcmp(argv[i], "--version") == 0) {
            printf("kiosk %s\n", KIOSK_VERSION);
            free(rest);
            return 0;
        } else if (strcmp(argv[i], "--exit-after-first-frame") == 0) {
            opts.first_frame_only = true;
        } else {
            rest[nrest++] = argv[i];
        }
    }
    if (config_path == NULL)
        config_path = config_default_path();

    if (!locale_is_utf8()) {
        fprintf(stderr, "kiosk: the terminal's locale is not UTF-8, so Vietnamese cannot be "
                        "shown.\n"
                        "kiosk: start it with a UTF-8 locale, for example: LANG=C.UTF-8 kiosk\n");
        free(rest);
        return 2;
    }

    /* Commands print names from kiosk.conf, the catalog and CUPS: nothing in them may
     * reprogram the staff's terminal (escape sequences, bidi overrides). */
    if (nrest > 0) {
        stdout = text_terminal_filter(stdout);
        stderr = text_terminal_filter(stderr);
        setvbuf(stderr, NULL, _IONBF, 0);
    }
    /* Extra arguments are an error, never silently ignored (cmd_catalog checks its own). */
    if (nrest > 1 && (strcmp(rest[0], "check-config") == 0 || strcmp(rest[0], "set-pin") == 0)) {
        fprintf(stderr, "kiosk %s: unexpected \"%s\" (kiosk --help lists the arguments)\n", rest[0],
                rest[1]);
        rc = 2;
    } else if (nrest == 0) {
        rc = run_kiosk(config_path, &opts);
    } else if (strcmp(rest[0], "check-config") == 0) {
        rc = config_cmd_check(config_path, stdout, stderr);
        if (rc == 0)
            staff_cmd_report_overrides(config_path, stdout);
    } else if (strcmp(rest[0], "set-pin") == 0) {
        rc = staff_cmd_set_pin(config_path, stdin, stdout, stderr);
    } else if (strcmp(rest[0], "catalog") == 0) {
        rc = cmd_catalog(config_path, nrest - 1, rest + 1);
    } else if (print_cmd_is(rest[0])) {
        rc = print_cmd_run(config_path, nrest, rest);
    } else if (strcmp(rest[0], "stats") == 0) {
        rc = stats_cmd_stats(config_path, nrest, rest, stdout, stderr);
    } else if (is_helper_command(rest[0])) {
        rc = exec_helper(config_path, nrest, rest);
    } else {
        fprintf(stderr, "kiosk: unknown command \"%s\" (kiosk --help lists them)\n", rest[0]);
        rc = 2;
    }
    free(rest);
    return rc;
}
