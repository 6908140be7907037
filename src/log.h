/*
 * A file logger. Nothing reaches stderr while curses is up: log_open() points the log (and,
 * once curses starts, stderr itself) at the file named in kiosk.conf. Before log_open() and
 * in command-line mode, messages go to stderr.
 */
#ifndef KIOSK_LOG_H
#define KIOSK_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Open (append) the log file; returns -1 and sets *cause on failure. */
int log_open(const char *path, char **cause);
/* Send stderr into the log file too (called just before curses starts). */
void log_capture_stderr(void);
void log_close(void);
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
