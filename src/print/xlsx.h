/*
 * The statistics workbook (print helper only: the one file that includes xlsxwriter.h). The
 * kiosk builds the figures (`kiosk stats --xlsx`) and hands them over as a JSON file:
 *
 *   { "sheet": "Thống kê", "from": "2026-11-01", "to": "2026-11-30",
 *     "columns": [7 column names], "rows": [ [code, figure, subject, detail, value], … ] }
 *
 * The workbook has one sheet: a bold header row, then one row per figure with the period's
 * dates as dates and the value as a number; frozen header, an autofilter.
 */
#ifndef KIOSK_PRINT_XLSX_H
#define KIOSK_PRINT_XLSX_H

/* Write the workbook of the rows in rows_path to path (through file_write.h). -1, *cause. */
int xlsx_write_rows(const char *rows_path, const char *path, char **cause);

#endif
