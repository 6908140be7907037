/*
 * Starting the print helper (spawn.c) with a stand-in helper script ($KIOSK_PRINT): the queue
 * runner starts detached, with the right arguments and descriptors, while spawn_print_queue
 * has already returned; a printing subcommand is handed over with execv. The script reports
 * through a FIFO, so the test waits on the event itself, never on a clock.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "spawn.h"

struct fixture {
    char dir[64];
    char script[128];
    char report[128];
    char release[128];
    char log[128];
};

/* The stand-in: report arguments, descriptors and session, then wait to be released. */
static const char script_text[] =
    "#!/bin/sh\n"
    "d=$(dirname \"$0\")\n"
    "in=$(readlink /proc/$$/fd/0)\n"
    "out=$(readlink /proc/$$/fd/1)\n"
    "err=$(readlink /proc/$$/fd/2)\n"
    "fds=$(for f in /proc/$$/fd/*; do readlink \"$f\"; done | tr '\\n' ' ')\n"
    "sid=$(ps -o sid= -p $$ | tr -d ' ')\n"
    "printf 'args=%s\\nin=%s\\nout=%s\\nerr=%s\\nfds=%s\\nsid=%s\\n' \"$*\" \"$in\" \"$out\" "
    "\"$err\" \"$fds\" \"$sid\" >\"$d/report\"\n"
    "echo 'helper wrote to stderr' >&2\n"
    "read x <\"$d/release\"\n";

static int
setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    FILE *fp;

    assert_non_null(f);
    strcpy(f->dir, "/tmp/test_spawn.XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->script, sizeof f->script, "%s/kiosk-print", f->dir);
    snprintf(f->report, sizeof f->report, "%s/report", f->dir);
    snprintf(f->release, sizeof f->release, "%s/release", f->dir);
    snprintf(f->log, sizeof f->log, "%s/kiosk.log", f->dir);
    fp = fopen(f->script, "w");
    assert_non_null(fp);
    fputs(script_text, fp);
    fclose(fp);
    assert_int_equal(chmod(f->script, 0755), 0);
    assert_int_equal(mkfifo(f->report, 0600), 0);
    assert_int_equal(mkfifo(f->release, 0600), 0);
    setenv("KIOSK_PRINT", f->script, 1);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;

    unlink(f->script);
    unlink(f->report);
    unlink(f->release);
    unlink(f->log);
    rmdir(f->dir);
    unsetenv("KIOSK_PRINT");
    free(f);
    return 0;
}

/* Read the whole report (blocks until the helper has written it). */
static char *
read_report(const struct fixture *f)
{
    static char buf[4096];
    int fd = open(f->report, O_RDONLY);
    size_t len = 0;
    ssize_t n;

    assert_true(fd >= 0);
    while ((n = read(fd, buf + len, sizeof buf - 1 - len)) > 0)
        len += (size_t)n;
    close(fd);
    buf[len] = '\0';
    return buf;
}

static void
release_helper(const struct fixture *f)
{
    int fd = open(f->release, O_WRONLY);

    assert_true(fd >= 0);
    assert_int_equal(write(fd, "x\n", 2), 2);
    close(fd);
}

static void
assert_line(const char *report, const char *line)
{
    const char *p = strstr(report, line);

    if (p == NULL || (p != report && p[-1] != '\n') || p[strlen(line)] != '\n')
        fail_msg("no line \"%s\" in:\n%s", line, report);
}

static void
test_queue_runner_starts_detached(void **state)
{
    struct fixture *f = *state;
    char *cause = NULL;
    char *report, line[256];
    char marker_path[160];
    int marker;
    FILE *log;
    char logtext[256] = "";

    /* A descriptor of the kiosk's (its database, say) that the helper must not inherit. */
    snprintf(marker_path, sizeof marker_path, "%s/marker", f->dir);
    marker = open(marker_path, O_RDWR | O_CREAT, 0600);
    assert_true(marker >= 0);
    if (spawn_print_queue("/etc/kiosk/kiosk.conf", f->log, &cause) != 0)
        fail_msg("spawn: %s", cause);
    /* spawn returned while the helper is still running: it waits on the release FIFO. */
    report = read_report(f);
    /* Let the helper go before anything can fail, so no stand-in is left waiting. */
    release_helper(f);
    assert_line(report, "args=run-queue -c /etc/kiosk/kiosk.conf");
    assert_line(report, "in=/dev/null");
    assert_line(report, "out=/dev/null");
    snprintf(line, sizeof line, "err=%s", f->log);
    assert_line(report, line);
    if (strstr(strstr(report, "fds="), marker_path) != NULL)
        fail_msg("the helper inherited the kiosk's descriptor:\n%s", report);
    /* Its own session: a terminal hang-up or Ctrl-C in the kiosk's never reaches it. */
    snprintf(line, sizeof line, "sid=%d", (int)getsid(0));
    assert_null(strstr(report, line));
    close(marker);
    unlink(marker_path);
    /* Its middle child was reaped by spawn: no zombie is left for the kiosk. */
    assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
    assert_int_equal(errno, ECHILD);
    log = fopen(f->log, "r");
    assert_non_null(log);
    if (fgets(logtext, sizeof logtext, log) == NULL)
        logtext[0] = '\0';
    fclose(log);
    assert_string_equal(logtext, "helper wrote to stderr\n");
}

static void
test_exec_helper_passes_arguments(void **state)
{
    struct fixture *f = *state;
    pid_t pid = fork();
    int status;
    char *report;

    assert_true(pid >= 0);
    if (pid == 0) {
        char a0[] = "kiosk", a1[] = "jobs", a2[] = "-c", a3[] = "x.conf";
        char *argv[] = { a0, a1, a2, a3, NULL };
        char *cause = NULL;

        spawn_exec_helper(argv, &cause);
        _exit(99);
    }
    report = read_report(f);
    release_helper(f);
    assert_line(report, "args=jobs -c x.conf");
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

static void
test_missing_helper_is_a_clear_error(void **state)
{
    struct fixture *f = *state;
    char *cause = NULL;
    char a0[] = "kiosk", a1[] = "jobs";
    char *argv[] = { a0, a1, NULL };
    char missing[160];

    snprintf(missing, sizeof missing, "%s/nope", f->dir);
    setenv("KIOSK_PRINT", missing, 1);
    assert_int_equal(spawn_print_queue("k.conf", NULL, &cause), -1);
    assert_non_null(cause);
    assert_non_null(strstr(cause, missing));
    free(cause);
    cause = NULL;
    assert_int_equal(spawn_exec_helper(argv, &cause), -1);
    assert_non_null(strstr(cause, "cannot be run"));
    free(cause);
}

static void
test_helper_found_next_to_the_program(void **state)
{
    char *cause = NULL;
    char *path;

    (void)state;
    unsetenv("KIOSK_PRINT");
    path = spawn_helper_path(&cause);
    /* The test binary lives in $BUILD/tests: there is no helper beside it. */
    assert_null(path);
    assert_non_null(strstr(cause, "/tests/kiosk-print"));
    free(cause);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_queue_runner_starts_detached, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exec_helper_passes_arguments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_helper_is_a_clear_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_helper_found_next_to_the_program, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
