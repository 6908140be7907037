/*
 * Statistics as people read them: one struct stats (db_stats.h) written out as flat rows (CSV,
 * the Excel workbook), as text lines with bar charts (the staff screen and `kiosk stats`),
 * and as the monthly report's receipt (receipt.h, rendered to PDF by the print helper).
 * Names come from the catalog when it is given (NULL: "Dịch vụ 9"). No database, no curses.
 */
#ifndef KIOSK_STATS_REPORT_H
#define KIOSK_STATS_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "db_stats.h"
#include "i18n.h"

struct catalog;
struct config;
struct receipt;

/* One figure: what the CSV and the workbook hold, one row each. */
struct stats_row {
    const char *code; /* stable figure code, e.g. "service_viewed" (static) */
    char *label;      /* the figure's name in the language asked for (owned) */
    char *subject;    /* a service ("9. Đăng ký khai sinh") or a volunteer ("Tên (MÃ)"); "" */
    char *detail;     /* a step, an outcome or a document; "" */
    char value[24];   /* as written: "12", or "37.5" for a share */
};
struct stats_rows {
    struct stats_row *v; /* owned */
    size_t n;
};
void stats_rows_build(const struct stats *s, const struct catalog *cat, enum lang lang,
                      struct stats_rows *out);
void stats_rows_free(struct stats_rows *r);

/*
 * The CSV: UTF-8 with a byte order mark (so Excel reads Vietnamese), one header row, then one
 * row per figure: from, to (ISO dates), code, figure, subject, detail, value. Fields holding the
 * separator, a quote, CR or LF are quoted as RFC 4180 says; lines end with CRLF. Caller frees.
 */
char *stats_csv(const struct stats *s, const struct stats_rows *rows, char sep, enum lang lang);
/* The header's column names (7). */
const char *stats_csv_column(int i, enum lang lang);
#define STATS_CSV_COLUMNS 7

/* A bar of value/max at most width columns, in eighths: "█████▍" (never longer than width;
 * "" for 0). buf needs 3 * width + 4 bytes. */
void stats_bar(char *buf, size_t size, int value, int max, int width);

/* Text lines for a screen or a terminal of width columns (at least 60). */
struct stats_line {
    char *text;   /* owned */
    bool heading; /* a section title */
};
struct stats_lines {
    struct stats_line *v; /* owned */
    size_t n;
};
void stats_lines_build(const struct stats *s, const struct catalog *cat, enum lang lang, int width,
                       struct stats_lines *out);
void stats_lines_free(struct stats_lines *l);

/* The name of a service ("9. Đăng ký khai sinh", or "Dịch vụ 9") and of a step a resident
 * stopped at ("Câu hỏi: …"). Caller frees. */
char *stats_service_name(const struct catalog *cat, int number, enum lang lang);
char *stats_step_name(const struct catalog *cat, int service, const char *step, enum lang lang);
/* An outcome's label. */
const char *stats_outcome_label(enum assist_outcome o, enum lang lang);

/*
 * The monthly report for the province, as a receipt (RECEIPT_REPORT, A4): the centre's name
 * and address, the period, the tables and bar charts (RB_BAR), a privacy note and a line to
 * sign. cfg may be NULL; made_on ("YYYY-MM-DD") may be NULL. Returns 0 (free *out with
 * receipt_done).
 */
int stats_report_build(const struct stats *s, const struct catalog *cat, const struct config *cfg,
                       const char *made_on, enum lang lang, struct receipt *out, char **cause);

#endif
