/*
 * The catalog subcommands of the kiosk binary (`kiosk catalog check|list [FILE]`), run before
 * curses with plain stdio. main.c parses the arguments and calls these.
 */
#ifndef KIOSK_CATALOG_CMD_H
#define KIOSK_CATALOG_CMD_H

#include <stdio.h>

/*
 * Validate the catalog at path. Prints "FILE: OK, N services (hash HEX)" to out and returns
 * 0, or prints every problem, one per line, to err and returns 2.
 */
int catalog_cmd_check(const char *path, FILE *out, FILE *err);

/*
 * Print one line per service active on today ("YYYY-MM-DD"; NULL = today in
 * Asia/Ho_Chi_Minh) as "NN<TAB>code<TAB>official name<TAB>QR URL", in number order, after
 * applying the kiosk.conf base-URL overrides (NULL or "" = none) of the national portal
 * ("dvcqg") and of the provincial portal (ignored when the catalog has none), as the kiosk
 * does at start-up. Returns 0, or prints every problem to err and returns 2.
 */
int catalog_cmd_list(const char *path, const char *national_url_override,
                     const char *provincial_url_override, const char *today, FILE *out, FILE *err);

/* Today's date in Asia/Ho_Chi_Minh (UTC+7, no daylight saving) into buf[11]. */
void catalog_cmd_today(char buf[11]);

#endif
