/*
 * `kiosk stats` (stats_cmd.h), in the kiosk binary: no cairo, pango or CUPS is loaded to
 * print figures. Arguments are checked before anything is opened; the workbook is written
 * by the print helper (libxlsxwriter) from the rows built here.
 */
#define _POSIX_C_SOURCE 200809L
#include "stats_cmd.h"

#include <errno.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "catalog.h"
#include "config.h"
#include "db.h"
#include "db_stats.h"
#include "file_write.h"
#include "i18n.h"
#include "spawn.h"
#include "stats_period.h"
#include "stats_report.h"
#include "xmalloc.h"

/* Load kiosk.conf and take its time zone (days are local days there). */
static int
load_config(const char *path, struct config *cfg, const char *cmd, FILE *err)
{
    if (config_load_command(path, cfg, err) != 0) {
        fprintf(err, "kiosk %s: %s has problems\n", cmd, path);
        return -1;
    }
    i18n_set_lang((enum lang)cfg->default_lang);
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

/* The rows as the print helper's `xlsx` command reads them (print/xlsx.h). Caller frees. */
static char *
xlsx_rows_json(const struct stats *s, const struct catalog *cat, enum lang lang)
{
    struct stats_rows rows;
    json_t *doc = json_object(), *cols = json_array(), *list = json_array();
    char *out, *copy;

    for (int c = 0; c < STATS_CSV_COLUMNS; c++)
        json_array_append_new(cols, json_string(stats_csv_column(c, lang)));
    stats_rows_build(s, cat, lang, &rows);
    for (size_t i = 0; i < rows.n; i++) {
        const struct stats_row *r = &rows.v[i];

        json_array_append_new(
            list, json_pack("[sssss]", r->code, r->label, r->subject, r->detail, r->value));
    }
    stats_rows_free(&rows);
    json_object_set_new(doc, "sheet", json_string(tr_in(lang, MSG_STATS_TITLE)));
    json_object_set_new(doc, "from", json_string(s->from));
    json_object_set_new(doc, "to", json_string(s->to));
    json_object_set_new(doc, "columns", cols);
    json_object_set_new(doc, "rows", list);
    out = json_dumps(doc, JSON_COMPACT);
    json_decref(doc);
    copy = xstrdup(out != NULL ? out : "{}");
    free(out);
    return copy;
}

/* The workbook of s at path, written by the print helper. -1 with *cause. */
static int
write_xlsx(const char *config_path, const struct stats *s, const struct catalog *cat,
           const char *path, char **cause)
{
    char rows_path[] = "/tmp/kiosk-stats-XXXXXX";
    char *json = xlsx_rows_json(s, cat, i18n_lang());
    const char *args[] = { "-c", config_path, "xlsx", "--rows", rows_path, "-o", path, NULL };
    int fd = mkstemp(rows_path), rc = -1;
    size_t n = strlen(json);

    if (fd < 0 || write(fd, json, n) != (ssize_t)n) {
        xasprintf(cause, "cannot write a temporary file: %s", strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(rows_path);
        }
        free(json);
        return -1;
    }
    close(fd);
    free(json);
    fflush(NULL);
    rc = spawn_helper_run(args, cause);
    unlink(rows_path);
    if (rc > 0)
        xasprintf(cause, "the workbook %s was not written", path);
    return rc == 0 ? 0 : -1;
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
        else if (strcmp(sep_arg, "\"") == 0) {
            fprintf(err, "kiosk stats: '\"' cannot separate fields: it is how CSV quotes a "
                         "field that holds the separator (RFC 4180), so a reader could not "
                         "tell the two apart; use ';', ',' or tab\n");
            return 2;
        } else if (strlen(sep_arg) == 1 && strchr("\"\r\n", sep_arg[0]) == NULL)
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
    if (xlsx != NULL && file_write_check(xlsx, &cause) != 0) {
        fprintf(err, "kiosk stats: %s\n", cause);
        goto out;
    }
    rc = 1;
    if (open_db(&cfg, &db, &cause) != 0 || db_stats_get(db, p.from, p.to, &s, &cause) != 0) {
        fprintf(err, "kiosk stats: %s\n", cause);
        goto out;
    }
    cat = load_catalog(&cfg, "stats", err);
    if (xlsx != NULL && write_xlsx(config_path, &s, cat, xlsx, &cause) != 0) {
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
