/*
 * Starting the print helper (kiosk-print) from the kiosk. Rendering and CUPS live in that
 * separate program (two processes, by design): the kiosk writes a print_jobs row
 * and starts the queue runner in the background, or hands a printing subcommand over to the
 * helper the way git runs git-foo. The helper is found next to the running kiosk binary
 * (/proc/self/exe's folder), or at $KIOSK_PRINT when that is set (tests).
 */
#ifndef KIOSK_SPAWN_H
#define KIOSK_SPAWN_H

/* The helper's path (caller frees), or NULL with *cause when it cannot be found. */
char *spawn_helper_path(char **cause);

/*
 * Start "kiosk-print run-queue -c conf_path" fully detached (double fork, own session), with
 * stdin and stdout on /dev/null and stderr appended to log_path (NULL or "" = /dev/null).
 * Never blocks on the helper: the intermediate child exits at once and is reaped here.
 * Returns 0, or -1 with *cause (caller frees) when the helper is missing or fork fails.
 */
int spawn_print_queue(const char *conf_path, const char *log_path, char **cause);

/*
 * Start "kiosk-print ARGS…" detached the same way (args is NULL-terminated, without the
 * program name; e.g. { "report", "-c", conf, "--month", "2026-11", "-o", path, NULL }).
 * Returns 0 once it is started (not when it is done), or -1 with *cause.
 */
int spawn_helper_detached(const char *const args[], const char *log_path, char **cause);

/*
 * Run "kiosk-print ARGS…" (args as above) with this process's stdin, stdout and stderr and
 * wait for it. Returns its exit status (0-255; 128 + N when killed by signal N), or -1 with
 * *cause when it cannot be started.
 */
int spawn_helper_run(const char *const args[], char **cause);

/*
 * Replace this process with the helper: argv[0] is replaced by the helper's path and the
 * rest is passed as is (argv is NULL-terminated). Returns only on failure: -1 with *cause.
 */
int spawn_exec_helper(char *const argv[], char **cause);

#endif
