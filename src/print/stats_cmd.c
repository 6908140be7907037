/*
 * `kiosk stats` and `kiosk report` in the print helper (stats_cmd.h). Arguments are checked
 * before anything is opened, and files are written beside their target and renamed into
 * place, so bad input or a failure leaves nothing behind.
 */
#define _POSIX_C_SOURCE 200809L
#include "print/stats_cmd.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "catalog.h"
#include "config.h"
#include "db.h"
#include "db_stats.h"
#include "i18n.h"
#include "print/pdf.h"
#include "print/print.h"
#include "receipt.h"
#include "stats_period.h"
#include "stats_report.h"
#include "xmalloc.h"

/* Load kiosk.conf and take its time zone (days are local days there). */
static int
load_config(const char *path, struct config *cfg, const char *cmd, FILE *err)
{
    struct strlist problems = { 0 };

    if (config_load(path, cfg, &problems) != 0) {
        for (size_t i = 0; i < problems.n; i++)
            fprintf(err, "%s\n", problems.v[i]);
        strlist_free(&problems);
        fprintf(err, "kiosk %s: %s has problems\n", cmd, path);
        return -1;
    }
    strlist_free(&problems);
    if (cfg->timezone != NULL && cfg->timezone[0] != '\0') {
        setenv("TZ", cfg->timezone, 1);
        tzset();
    }
    i18n_set_lang((enum lang)cfg->default_lang);
    return 0;
}

/* Can a file be created at path? Probes with path.part, removed at once. */
static int
probe_writable(const char *path, char **cause)
{
    char *tmp;
    FILE *f;

    xasprintf(&tmp, "%s.part", path);
    f = fopen(tmp, "wb");
    if (f == NULL) {
        xasprintf(cause, "cannot write %s: %s", path, strerror(errno));
        free(tmp);
        return -1;
    }
    fclose(f);
    unlink(tmp);
    free(tmp);
    return 0;
}

/* Open the configured database; it must exist (a report never creates one). */
static int
open_db(const struct config *cfg, struct db **db, char **cause)
{
    if (access(cfg->database, F_OK) != 0) {
        xasprintf(cause, "there is no database at %s yet (the kiosk has not run there)",
                  cfg->database);
        return -1;
    }
    return db_open(cfg->database, db, cause);
}

/* The catalog for names; NULL (numbers only) when it does not load. */
static struct catalog *
load_catalog(const struct config *cfg, const char *cmd, FILE *err)
{
    struct strlist problems = { 0 };
    struct catalog *cat = NULL;

    if (catalog_load(cfg->catalog, &cat, &problems) != 0) {
        fprintf(err,
                "kiosk %s: warning: the catalog %s does not load; services are shown by "
                "number\n",
                cmd, cfg->catalog);
        cat = NULL;
    }
    strlist_free(&problems);
    return cat;
}

static void
today_iso(char buf[11])
{
    period_day_of((int64_t)time(NULL), buf);
}

/* --- The workbook ------------------------------------------------------------------- */

int
stats_write_xlsx(const struct stats *s, const struct catalog *cat, const char *path, char **cause)
{
    struct stats_rows rows;
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *bold, *date;
    lxw_datetime from, to;
    lxw_error e;
    static const double widths[STATS_CSV_COLUMNS] = { 11, 11, 20, 48, 40, 48, 10 };
    char *tmp;
    enum lang lang = i18n_lang();

    xasprintf(&tmp, "%s.part", path);
    wb = workbook_new(tmp);
    if (wb == NULL) {
        xasprintf(cause, "cannot write %s", path);
        free(tmp);
        return -1;
    }
    ws = workbook_add_worksheet(wb, tr_in(lang, MSG_STATS_TITLE));
    bold = workbook_add_format(wb);
    format_set_bold(bold);
    date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    memset(&from, 0, sizeof from);
    memset(&to, 0, sizeof to);
    from.year = atoi(s->from);
    from.month = atoi(s->from + 5);
    from.day = atoi(s->from + 8);
    to.year = atoi(s->to);
    to.month = atoi(s->to + 5);
    to.day = atoi(s->to + 8);
    for (int c = 0; c < STATS_CSV_COLUMNS; c++) {
        worksheet_write_string(ws, 0, (lxw_col_t)c, stats_csv_column(c, lang), bold);
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
    }
    stats_rows_build(s, cat, lang, &rows);
    for (size_t i = 0; i < rows.n; i++) {
        const struct stats_row *r = &rows.v[i];
        lxw_row_t row = (lxw_row_t)(i + 1);

        worksheet_write_datetime(ws, row, 0, &from, date);
        worksheet_write_datetime(ws, row, 1, &to, date);
        worksheet_write_string(ws, row, 2, r->code, NULL);
        worksheet_write_string(ws, row, 3, r->label, NULL);
        worksheet_write_string(ws, row, 4, r->subject, NULL);
        worksheet_write_string(ws, row, 5, r->detail, NULL);
        worksheet_write_number(ws, row, 6, strtod(r->value, NULL), NULL);
    }
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)rows.n, STATS_CSV_COLUMNS - 1);
    stats_rows_free(&rows);
    e = workbook_close(wb);
    if (e != LXW_NO_ERROR) {
        xasprintf(cause, "cannot write %s: %s", path, lxw_strerror(e));
        unlink(tmp);
        free(tmp);
        return -1;
    }
    if (rename(tmp, path) != 0) {
        xasprintf(cause, "cannot write %s: %s", path, strerror(errno));
        unlink(tmp);
        free(tmp);
        return -1;
    }
    free(tmp);
    return 0;
}

/* --- kiosk stats -------------------------------------------------------------------- */

static void
stats_usage(FILE *f)
{
    fputs("usage: kiosk stats [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--csv [--sep ';']] "
          "[--xlsx FILE]\n"
          "  The figures of a period (default: this month; --to is included) as a table,\n"
          "  as CSV (UTF-8 with a BOM, for Excel) or as an Excel workbook.\n",
          f);
}

/* The value of an option given as "--opt VALUE" or "--opt=VALUE"; NULL when argv[*i] is
 * not opt. Sets *missing when the value is absent. */
static const char *
opt_value(int argc, char **argv, int *i, const char *opt, bool *missing)
{
    size_t n = strlen(opt);

    if (strncmp(argv[*i], opt, n) != 0)
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

int
stats_cmd_stats(const char *config_path, int argc, char **argv, FILE *out, FILE *err)
{
    const char *from = NULL, *to = NULL, *xlsx = NULL, *sep_arg = NULL;
    bool csv = false, missing = false;
    char sep = ',', today[11], first[11], *cause = NULL;
    struct config cfg;
    struct period p = { 0 };
    struct db *db = NULL;
    struct catalog *cat = NULL;
    struct stats s;
    int rc = 2;

    for (int i = 1; i < argc; i++) {
        const char *v;

        if ((v = opt_value(argc, argv, &i, "--from", &missing)) != NULL)
            from = v;
        else if ((v = opt_value(argc, argv, &i, "--to", &missing)) != NULL)
            to = v;
        else if ((v = opt_value(argc, argv, &i, "--sep", &missing)) != NULL)
            sep_arg = v;
        else if ((v = opt_value(argc, argv, &i, "--xlsx", &missing)) != NULL)
            xlsx = v;
        else if (!missing && strcmp(argv[i], "--csv") == 0)
            csv = true;
        else if (!missing && (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)) {
            stats_usage(out);
            return 0;
        } else {
            if (missing)
                fprintf(err, "kiosk stats: %s needs a value\n", argv[i]);
            else
                fprintf(err, "kiosk stats: unknown argument \"%s\"\n", argv[i]);
            stats_usage(err);
            return 2;
        }
    }
    if (sep_arg != NULL) {
        if (!csv) {
            fprintf(err, "kiosk stats: --sep goes with --csv\n");
            return 2;
        }
        if (strcmp(sep_arg, "\\t") == 0 || strcmp(sep_arg, "tab") == 0)
            sep = '\t';
        else if (strlen(sep_arg) == 1 && strchr("\"\r\n", sep_arg[0]) == NULL)
            sep = sep_arg[0];
        else {
            fprintf(err,
                    "kiosk stats: the separator must be one character (e.g. ';'), not "
                    "\"%s\"\n",
                    sep_arg);
            return 2;
        }
    }
    if (xlsx != NULL && xlsx[0] == '\0') {
        fprintf(err, "kiosk stats: --xlsx needs a file name\n");
        return 2;
    }
    if (load_config(config_path, &cfg, "stats", err) != 0)
        return 2;
    /* The period (after the time zone is set: "today" is a local day). */
    today_iso(today);
    if (from == NULL && to == NULL) {
        period_month_of((int64_t)time(NULL), &p);
    } else {
        if (to != NULL && period_date_valid(to))
            snprintf(first, sizeof first, "%.8s01", to);
        else
            snprintf(first, sizeof first, "%s", today);
        if (period_range(from != NULL ? from : first, to != NULL ? to : today, &p, &cause) != 0) {
            fprintf(err, "kiosk stats: %s\n", cause);
            goto out;
        }
    }
    if (xlsx != NULL && probe_writable(xlsx, &cause) != 0) {
        fprintf(err, "kiosk stats: %s\n", cause);
        goto out;
    }
    rc = 1;
    if (open_db(&cfg, &db, &cause) != 0 || db_stats_get(db, p.from, p.to, &s, &cause) != 0) {
        fprintf(err, "kiosk stats: %s\n", cause);
        goto out;
    }
    cat = load_catalog(&cfg, "stats", err);
    if (xlsx != NULL && stats_write_xlsx(&s, cat, xlsx, &cause) != 0) {
        fprintf(err, "kiosk stats: %s\n", cause);
        stats_done(&s);
        goto out;
    }
    if (csv) {
        struct stats_rows rows;
        char *text;

        stats_rows_build(&s, cat, i18n_lang(), &rows);
        text = stats_csv(&s, &rows, sep, i18n_lang());
        fputs(text, out);
        free(text);
        stats_rows_free(&rows);
    } else if (xlsx == NULL) {
        struct stats_lines lines;
        char a[16], b[16];

        snprintf(a, sizeof a, "%.2s/%.2s/%.4s", p.from + 8, p.from + 5, p.from);
        snprintf(b, sizeof b, "%.2s/%.2s/%.4s", p.to + 8, p.to + 5, p.to);
        if (cfg.centre_name != NULL && cfg.centre_name[0] != '\0')
            fprintf(out, "%s\n", cfg.centre_name);
        fprintf(out, "%s: %s – %s\n\n", tr(MSG_STATS_TITLE), a, b);
        stats_lines_build(&s, cat, i18n_lang(), 80, &lines);
        for (size_t i = 0; i < lines.n; i++)
            fprintf(out, "%s\n", lines.v[i].text);
        stats_lines_free(&lines);
    }
    if (xlsx != NULL && !csv)
        fprintf(out, "kiosk stats: %s – %s written to %s\n", p.from, p.to, xlsx);
    stats_done(&s);
    rc = fflush(out) == 0 ? 0 : 1;
out:
    free(cause);
    catalog_free(cat);
    db_close(db);
    config_done(&cfg);
    return rc;
}

/* --- kiosk report ------------------------------------------------------------------- */

static void
report_usage(FILE *f)
{
    fputs("usage: kiosk report --month YYYY-MM (-o FILE.pdf | --print)\n"
          "  The monthly report for the province (A4, Vietnamese): written to FILE.pdf, or\n"
          "  printed on the configured printer (saved in pdf_dir when there is none).\n",
          f);
}

int
stats_report_pdf(const struct config *cfg, const char *month, const char *path, char **cause)
{
    struct period p = { 0 };
    struct db *db = NULL;
    struct catalog *cat = NULL;
    struct strlist problems = { 0 };
    struct stats s;
    struct receipt r;
    char today[11];
    int rc = -1;

    if (period_month(month, &p, cause) != 0)
        return -1;
    if (open_db(cfg, &db, cause) != 0)
        return -1;
    if (db_stats_get(db, p.from, p.to, &s, cause) != 0)
        goto out;
    if (catalog_load(cfg->catalog, &cat, &problems) != 0)
        cat = NULL; /* services by number */
    strlist_free(&problems);
    today_iso(today);
    stats_report_build(&s, cat, cfg, today, LANG_VI, &r, cause);
    rc = pdf_render(&r, PAPER_A4, path, NULL, NULL, cause);
    receipt_done(&r);
    stats_done(&s);
out:
    catalog_free(cat);
    db_close(db);
    return rc;
}

/* --print: to the configured printer, or into pdf_dir when there is none. */
static int
report_print(const struct config *cfg, const char *month, FILE *out, FILE *err)
{
    const char *printer = cfg->printer.name != NULL ? cfg->printer.name : "";
    char *path = NULL, *cause = NULL, *title, tmpdir[] = "/tmp/kiosk-report-XXXXXX";
    struct print_doc doc;
    enum print_fault f;
    int job = 0, rc = 1;

    xasprintf(&title, "bao-cao-%s", month);
    if (printer[0] == '\0') {
        if (config_mkdir_p(cfg->pdf_dir, &cause) != 0)
            goto fail;
        xasprintf(&path, "%s/%s.pdf", cfg->pdf_dir, title);
        if (stats_report_pdf(cfg, month, path, &cause) != 0)
            goto fail;
        fprintf(out, "kiosk report: no printer is configured; the report is saved as %s\n", path);
        rc = 0;
        goto done;
    }
    if (mkdtemp(tmpdir) == NULL) {
        xasprintf(&cause, "cannot make a temporary folder: %s", strerror(errno));
        goto fail;
    }
    xasprintf(&path, "%s/%s.pdf", tmpdir, title);
    if (stats_report_pdf(cfg, month, path, &cause) != 0) {
        rmdir(tmpdir);
        goto fail;
    }
    memset(&doc, 0, sizeof doc);
    doc.printer = printer;
    doc.title = title;
    doc.path = path;
    doc.page = "A4";
    f = print_submit(&doc, &job, &cause);
    unlink(path);
    rmdir(tmpdir);
    if (f != PRINT_OK) {
        fprintf(err, "kiosk report: the printer %s cannot print it (%s): %s\n", printer,
                print_fault_name(f), cause != NULL ? cause : "");
        goto done;
    }
    fprintf(out, "kiosk report: sent to %s (CUPS job %d)\n", printer, job);
    rc = 0;
    goto done;
fail:
    fprintf(err, "kiosk report: %s\n", cause != NULL ? cause : "failed");
done:
    free(cause);
    free(path);
    free(title);
    return rc;
}

int
stats_cmd_report(const char *config_path, int argc, char **argv, FILE *out, FILE *err)
{
    const char *month = NULL, *output = NULL;
    bool print = false, missing = false;
    struct config cfg;
    struct period p = { 0 };
    char *cause = NULL;
    int rc = 2;

    for (int i = 1; i < argc; i++) {
        const char *v;

        if ((v = opt_value(argc, argv, &i, "--month", &missing)) != NULL)
            month = v;
        else if ((v = opt_value(argc, argv, &i, "-o", &missing)) != NULL ||
                 (v = opt_value(argc, argv, &i, "--output", &missing)) != NULL)
            output = v;
        else if (!missing && strcmp(argv[i], "--print") == 0)
            print = true;
        else if (!missing && (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)) {
            report_usage(out);
            return 0;
        } else {
            if (missing)
                fprintf(err, "kiosk report: %s needs a value\n", argv[i]);
            else
                fprintf(err, "kiosk report: unknown argument \"%s\"\n", argv[i]);
            report_usage(err);
            return 2;
        }
    }
    if (month == NULL || (output == NULL) == !print) {
        fprintf(err, "kiosk report: give --month and one of -o FILE.pdf or --print\n");
        report_usage(err);
        return 2;
    }
    if (period_month(month, &p, &cause) != 0) {
        fprintf(err, "kiosk report: %s\n", cause);
        free(cause);
        return 2;
    }
    if (output != NULL && (output[0] == '\0' || probe_writable(output, &cause) != 0)) {
        fprintf(err, "kiosk report: %s\n", cause != NULL ? cause : "-o needs a file name");
        free(cause);
        return 2;
    }
    if (load_config(config_path, &cfg, "report", err) != 0)
        return 2;
    if (print) {
        rc = report_print(&cfg, month, out, err);
    } else if (stats_report_pdf(&cfg, month, output, &cause) != 0) {
        fprintf(err, "kiosk report: %s\n", cause);
        rc = 1;
    } else {
        fprintf(out, "kiosk report: %s written to %s\n", month, output);
        rc = 0;
    }
    free(cause);
    config_done(&cfg);
    return rc;
}
