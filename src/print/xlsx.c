/* The statistics workbook from the kiosk's rows (xlsx.h). */
#include "print/xlsx.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "file_write.h"
#include "xmalloc.h"

#define COLUMNS 7

static void
set_date(lxw_datetime *d, const char *iso)
{
    memset(d, 0, sizeof(*d));
    if (iso != NULL && strlen(iso) == 10) {
        d->year = atoi(iso);
        d->month = atoi(iso + 5);
        d->day = atoi(iso + 8);
    }
}

static const char *
str_at(json_t *a, size_t i)
{
    const char *s = json_string_value(json_array_get(a, i));

    return s != NULL ? s : "";
}

int
xlsx_write_rows(const char *rows_path, const char *path, char **cause)
{
    static const double widths[COLUMNS] = { 11, 11, 20, 48, 40, 48, 10 };
    json_error_t err;
    json_t *doc = json_load_file(rows_path, 0, &err), *cols, *rows;
    struct file_write w;
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *bold, *date;
    lxw_datetime from, to;
    lxw_error e;
    const char *sheet;

    if (doc == NULL) {
        xasprintf(cause, "%s: %s", rows_path, err.text);
        return -1;
    }
    cols = json_object_get(doc, "columns");
    rows = json_object_get(doc, "rows");
    sheet = json_string_value(json_object_get(doc, "sheet"));
    if (json_array_size(cols) != COLUMNS || !json_is_array(rows) || sheet == NULL) {
        xasprintf(cause, "%s: not the statistics rows", rows_path);
        json_decref(doc);
        return -1;
    }
    /* libxlsxwriter writes the file by name: our fresh temporary file, renamed at the end. */
    if (file_write_open(&w, path, cause) != 0) {
        json_decref(doc);
        return -1;
    }
    wb = workbook_new(w.tmp);
    if (wb == NULL) {
        xasprintf(cause, "cannot write %s", path);
        file_write_abort(&w);
        json_decref(doc);
        return -1;
    }
    ws = workbook_add_worksheet(wb, sheet);
    bold = workbook_add_format(wb);
    format_set_bold(bold);
    date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    set_date(&from, json_string_value(json_object_get(doc, "from")));
    set_date(&to, json_string_value(json_object_get(doc, "to")));
    for (int c = 0; c < COLUMNS; c++) {
        worksheet_write_string(ws, 0, (lxw_col_t)c, str_at(cols, (size_t)c), bold);
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
    }
    for (size_t i = 0; i < json_array_size(rows); i++) {
        json_t *r = json_array_get(rows, i);
        lxw_row_t row = (lxw_row_t)(i + 1);

        worksheet_write_datetime(ws, row, 0, &from, date);
        worksheet_write_datetime(ws, row, 1, &to, date);
        for (size_t k = 0; k < 4; k++)
            worksheet_write_string(ws, row, (lxw_col_t)(2 + k), str_at(r, k), NULL);
        worksheet_write_number(ws, row, 6, strtod(str_at(r, 4), NULL), NULL);
    }
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)json_array_size(rows), COLUMNS - 1);
    e = workbook_close(wb);
    json_decref(doc);
    if (e != LXW_NO_ERROR) {
        xasprintf(cause, "cannot write %s: %s", path, lxw_strerror(e));
        file_write_abort(&w);
        return -1;
    }
    return file_write_commit(&w, cause);
}
