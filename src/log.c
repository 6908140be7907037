/* File logger: one line per message with local time and level. The lowest layer: it uses
 * only libc (xmalloc.c's die() logs through it, so it must not use xmalloc.c). */
#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static FILE *log_file;

int
log_open(const char *path, char **cause)
{
    FILE *f = fopen(path, "a");

    if (f == NULL) {
        const char *why = strerror(errno);
        int n = snprintf(NULL, 0, "%s: cannot open log file: %s", path, why);

        *cause = malloc((size_t)n + 1);
        if (*cause == NULL)
            abort(); /* out of memory before the kiosk has started */
        snprintf(*cause, (size_t)n + 1, "%s: cannot open log file: %s", path, why);
        return -1;
    }
    setvbuf(f, NULL, _IOLBF, 0);
    if (log_file != NULL)
        fclose(log_file);
    log_file = f;
    return 0;
}

void
log_capture_stderr(void)
{
    if (log_file != NULL) {
        fflush(stderr);
        dup2(fileno(log_file), STDERR_FILENO);
    }
}

void
log_close(void)
{
    if (log_file != NULL)
        fclose(log_file);
    log_file = NULL;
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
    static const char *const names[] = { "debug", "info", "warn", "error" };
    FILE *f = log_file != NULL ? log_file : stderr;
    char stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    va_list ap;

    if (log_file == NULL && level < LOG_WARN)
        return; /* command-line mode: only problems go to stderr */
    localtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
    fprintf(f, "%s [%d] %s: ", stamp, (int)getpid(), names[level]);
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fputc('\n', f);
}
