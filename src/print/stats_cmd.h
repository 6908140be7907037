/*
 * `kiosk stats` and `kiosk report` (run by the print helper, kiosk-print): the statistics
 * as a table, CSV or an Excel workbook, and the monthly report as an A4 PDF.
 *
 *   kiosk stats [--from DATE] [--to DATE] [--csv [--sep ';']] [--xlsx FILE]
 *   kiosk report --month YYYY-MM (-o FILE.pdf | --print)
 *
 * Dates are YYYY-MM-DD, local days in kiosk.conf's timezone; --to is included; with neither,
 * the current month; --from alone runs to today; --to alone starts on its month's first day.
 * Bad input (a date or month that does not exist, a period that ends before it starts, an
 * unwritable path) gets a clear message and exit 2 (1 for a database or printer fault), and
 * nothing is written.
 */
#ifndef KIOSK_PRINT_STATS_CMD_H
#define KIOSK_PRINT_STATS_CMD_H

#include <stdio.h>

struct catalog;
struct config;
struct stats;

/* argv[0] is the command name ("stats", "report"); config_path is kiosk.conf. */
int stats_cmd_stats(const char *config_path, int argc, char **argv, FILE *out, FILE *err);
int stats_cmd_report(const char *config_path, int argc, char **argv, FILE *out, FILE *err);

/* Write the workbook of s to path (through path.part and a rename). -1 with *cause. */
int stats_write_xlsx(const struct stats *s, const struct catalog *cat, const char *path,
                     char **cause);

/*
 * Render the monthly report of month ("YYYY-MM") from the configured database to an A4 PDF
 * at path. For a print-queue job of kind "report", the month is the job's services field.
 * -1 with *cause.
 */
int stats_report_pdf(const struct config *cfg, const char *month, const char *path, char **cause);

#endif
