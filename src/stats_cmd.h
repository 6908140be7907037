/*
 * `kiosk stats`, run by the kiosk binary itself (never loading cairo, pango or CUPS): the
 * statistics as a table, CSV, or an Excel workbook (written by the print helper from the rows
 * built here).
 *
 *   kiosk stats [--from DATE] [--to DATE] [--csv [--sep ';']] [--xlsx FILE]
 *
 * Dates are YYYY-MM-DD, local days in kiosk.conf's timezone; --to is included; with neither,
 * the current month; --from alone runs to today; --to alone starts on its month's first day.
 * Bad input (a date that does not exist, a period that ends before it starts, an unwritable
 * path) gets a clear message and exit 2 (1 for a database fault), and nothing is written.
 */
#ifndef KIOSK_STATS_CMD_H
#define KIOSK_STATS_CMD_H

#include <stdio.h>

/* argv[0] is the command name ("stats"); config_path is kiosk.conf. */
int stats_cmd_stats(const char *config_path, int argc, char **argv, FILE *out, FILE *err);

#endif
