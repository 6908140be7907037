/*
 * Starting the print helper (see spawn.h). The queue runner is started with a double fork:
 * the grandchild runs in its own session, owned by init, so the kiosk never waits for it,
 * never gets its SIGCHLD, and is never blocked by a printer; the short-lived middle child is
 * reaped at once. Everything the children do between fork and exec is async-signal-safe
 * (the paths and argv are built before forking).
 */
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "xmalloc.h"

#define HELPER_NAME "kiosk-print"

char *
spawn_helper_path(char **cause)
{
    const char *env = getenv("KIOSK_PRINT");
    char self[PATH_MAX];
    ssize_t n;
    char *slash, *path;

    if (env != NULL && *env != '\0')
        path = xstrdup(env);
    else {
        n = readlink("/proc/self/exe", self, sizeof self - 1);
        if (n < 0) {
            xasprintf(cause, "cannot find the kiosk's own folder: /proc/self/exe: %s",
                      strerror(errno));
            return NULL;
        }
        self[n] = '\0';
        slash = strrchr(self, '/');
        if (slash != NULL)
            *slash = '\0';
        xasprintf(&path, "%s/%s", slash != NULL ? self : ".", HELPER_NAME);
    }
    if (access(path, X_OK) != 0) {
        xasprintf(cause, "the print helper %s cannot be run: %s", path, strerror(errno));
        free(path);
        return NULL;
    }
    return path;
}

/* Close every descriptor from 3 up (the kiosk's database, terminal, log…). */
static void
close_from_3(void)
{
#ifdef SYS_close_range
    if (syscall(SYS_close_range, 3U, ~0U, 0U) == 0)
        return;
#endif
    for (long fd = 3, max = sysconf(_SC_OPEN_MAX); fd < (max > 0 ? max : 1024); fd++)
        close((int)fd);
}

/* The kiosk ignores SIGINT, SIGQUIT and SIGTSTP and may block others; ignored dispositions
 * and the mask survive exec, so give the helper the defaults back. */
static void
reset_signals(void)
{
    static const int sigs[] = { SIGINT, SIGQUIT, SIGTSTP, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD };
    struct sigaction sa;
    sigset_t none;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigaction(sigs[i], &sa, NULL);
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

/* The helper's path followed by args, as an execv() argument list: every string is owned;
 * free it with free_argv. NULL with *cause when the helper cannot be found. */
static char **
helper_argv(const char *const args[], char **cause)
{
    char *helper = spawn_helper_path(cause);
    char **argv;
    size_t n = 0;

    if (helper == NULL)
        return NULL;
    while (args[n] != NULL)
        n++;
    argv = xcalloc(n + 2, sizeof *argv);
    argv[0] = helper;
    for (size_t i = 0; i < n; i++)
        argv[i + 1] = xstrdup(args[i]);
    return argv;
}

static void
free_argv(char **argv)
{
    for (size_t i = 0; argv[i] != NULL; i++)
        free(argv[i]);
    free(argv);
}

int
spawn_helper_detached(const char *const args[], const char *log_path, char **cause)
{
    char **argv = helper_argv(args, cause);
    int devnull, logfd, status;
    pid_t pid, got;

    if (argv == NULL)
        return -1;
    devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (devnull < 0) {
        xasprintf(cause, "cannot open /dev/null: %s", strerror(errno));
        free_argv(argv);
        return -1;
    }
    logfd = -1;
    if (log_path != NULL && *log_path != '\0')
        logfd = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (logfd < 0)
        logfd = devnull; /* no log: better silent than blocking on a closed terminal */

    pid = fork();
    if (pid < 0) {
        xasprintf(cause, "cannot start the print helper: fork: %s", strerror(errno));
        goto out_fail;
    }
    if (pid == 0) {
        /* Middle child: a new session, then the real child, then leave at once. */
        setsid();
        pid = fork();
        if (pid != 0)
            _exit(pid < 0 ? 1 : 0);
        reset_signals();
        /* dup2 clears close-on-exec on the copies only. */
        if (dup2(devnull, 0) < 0 || dup2(devnull, 1) < 0 || dup2(logfd, 2) < 0)
            _exit(127);
        close_from_3();
        execv(argv[0], argv);
        _exit(127);
    }
    do
        got = waitpid(pid, &status, 0);
    while (got < 0 && errno == EINTR);
    if (got != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        xasprintf(cause, "cannot start the print helper: fork failed in the child");
        goto out_fail;
    }
    if (logfd != devnull)
        close(logfd);
    close(devnull);
    free_argv(argv);
    return 0;

out_fail:
    if (logfd != devnull)
        close(logfd);
    close(devnull);
    free_argv(argv);
    return -1;
}

int
spawn_print_queue(const char *conf_path, const char *log_path, char **cause)
{
    const char *args[] = { "run-queue", "-c", conf_path, NULL };

    return spawn_helper_detached(args, log_path, cause);
}

int
spawn_helper_run(const char *const args[], char **cause)
{
    char **argv = helper_argv(args, cause);
    pid_t pid;
    int status = 0;

    if (argv == NULL)
        return -1;
    pid = fork();
    if (pid == 0) {
        execv(argv[0], argv);
        _exit(127);
    }
    if (pid < 0) {
        xasprintf(cause, "cannot start the print helper %s: %s", argv[0], strerror(errno));
        free_argv(argv);
        return -1;
    }
    free_argv(argv);
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            xasprintf(cause, "waiting for the print helper: %s", strerror(errno));
            return -1;
        }
    }
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}

int
spawn_exec_helper(char *const argv[], char **cause)
{
    char *helper = spawn_helper_path(cause);
    size_t n = 0;
    char **args;

    if (helper == NULL)
        return -1;
    while (argv[n] != NULL)
        n++;
    args = xcalloc(n + 1 > 1 ? n + 1 : 2, sizeof *args);
    args[0] = helper;
    for (size_t i = 1; i < n; i++)
        args[i] = argv[i];
    reset_signals();
    execv(helper, args);
    xasprintf(cause, "cannot run the print helper %s: %s", helper, strerror(errno));
    free(args);
    free(helper);
    return -1;
}
