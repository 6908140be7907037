/*
 * The catalog subcommands of the kiosk binary (`kiosk catalog check|list [FILE]`), run before
 * curses with plain stdio. main.c parses the arguments and calls these.
 */
#ifndef KIOSK_CATALOG_CMD_H
#define KIOSK_CATALOG_CMD_H

#include <stdbool.h>
#include <stdio.h>

/*
 * Validate the catalog at path, and on today ("YYYY-MM-DD"; NULL = today in Vietnam) refuse
 * a QR code on a portal or page route no longer valid. Prints "FILE: OK, N services (hash
 * HEX)" to out and returns 0, or prints every problem, one per line, to err and returns 2.
 * Each fact last checked more than review_after_days ago (0 = no such warning) is a warning
 * on err, one line per fact ("FILE: services[1].fee: checked 2026-01-02, 338 days ago
 * (review_after_days 180)"), which does not change the result unless strict: then they are
 * problems and the result is 2.
 */
int catalog_cmd_check(const char *path, int review_after_days, bool strict, const char *today,
                      FILE *out, FILE *err);

/*
 * Print one line per service active on today ("YYYY-MM-DD"; NULL = today in
 * Asia/Ho_Chi_Minh) as "NN<TAB>code<TAB>official name<TAB>QR URL", in number order, after
 * applying the kiosk.conf base-URL overrides (NULL or "" = none) of the national portal
 * ("dvcqg") and of the provincial portal (ignored when the catalog has none), as the kiosk
 * does at start-up. Returns 0, or prints every problem to err and returns 2.
 */
int catalog_cmd_list(const char *path, const char *national_url_override,
                     const char *provincial_url_override, const char *today, FILE *out, FILE *err);

/*
 * One line per fact (and QR target) of cat last checked more than review_after_days before
 * today, appended to lines as `catalog check` prints them. Nothing when review_after_days <= 0.
 */
struct strlist;
struct catalog;
void catalog_cmd_stale(const struct catalog *cat, int review_after_days, const char *today,
                       struct strlist *lines);

/* Today's date in Asia/Ho_Chi_Minh (UTC+7, no daylight saving) into buf[11]. */
void catalog_cmd_today(char buf[11]);

#endif
