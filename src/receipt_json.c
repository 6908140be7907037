/*
 * The print document's serialization (format and version in receipt_json.h).
 */
#include "receipt_json.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "receipt.h"
#include "xmalloc.h"

#define FORMAT_NAME "kiosk-receipt"
/* A QR code of version 40 has 177 modules a side; nothing larger exists. */
#define QR_MAX_SIZE 177

static const char *const type_names[] = { "slip", "handout", "poster", "test", "report", "review" };
static const char *const kind_names[] = { "title", "heading", "line", "field", "check",  "qr",
                                          "rule",  "blank",   "item", "note",  "center", "bar" };

#define NNAMES(a) (sizeof(a) / sizeof((a)[0]))

static int
name_index(const char *const *names, size_t n, const char *s)
{
    for (size_t i = 0; s != NULL && i < n; i++)
        if (strcmp(names[i], s) == 0)
            return (int)i;
    return -1;
}

static const char *
name_at(const char *const *names, size_t n, int i)
{
    return i >= 0 && (size_t)i < n ? names[i] : "?";
}

static json_t *
qr_encode_json(const struct qr_matrix *m)
{
    static const char hex[] = "0123456789abcdef";
    json_t *rows = json_array();
    size_t ndigits = ((size_t)m->size + 3) / 4;
    char *row = xmalloc(ndigits + 1);

    for (int y = 0; y < m->size; y++) {
        for (size_t d = 0; d < ndigits; d++) {
            int v = 0;

            for (int bit = 0; bit < 4; bit++) {
                int x = (int)d * 4 + bit;

                v = (v << 1) |
                    (x < m->size && m->modules[(size_t)y * (size_t)m->size + (size_t)x] != 0);
            }
            row[d] = hex[v];
        }
        row[ndigits] = '\0';
        json_array_append_new(rows, json_string(row));
    }
    free(row);
    return json_pack("{s:i, s:o}", "size", m->size, "rows", rows);
}

static json_t *
block_encode(const struct receipt_block *b)
{
    json_t *o = json_object();

    json_object_set_new(o, "kind", json_string(name_at(kind_names, NNAMES(kind_names), b->kind)));
    json_object_set_new(o, "text", json_string(b->text != NULL ? b->text : ""));
    if (b->value != NULL)
        json_object_set_new(o, "value", json_string(b->value));
    if (b->checked)
        json_object_set_new(o, "checked", json_true());
    if (b->kind == RB_QR)
        json_object_set_new(o, "qr", json_integer(b->qr));
    if (b->bar != 0)
        json_object_set_new(o, "bar", json_integer(b->bar));
    if (b->bar_max != 0)
        json_object_set_new(o, "bar_max", json_integer(b->bar_max));
    return o;
}

char *
receipt_json_encode(const struct receipt *rs, size_t n)
{
    json_t *doc = json_object(), *list = json_array();
    char *out, *copy;

    json_object_set_new(doc, "format", json_string(FORMAT_NAME));
    json_object_set_new(doc, "version", json_integer(RECEIPT_JSON_VERSION));
    for (size_t i = 0; i < n; i++) {
        const struct receipt *r = &rs[i];
        json_t *qrs = json_array(), *blocks = json_array();

        for (size_t q = 0; q < r->nqrs; q++)
            json_array_append_new(qrs, qr_encode_json(&r->qrs[q]));
        for (size_t b = 0; b < r->nblocks; b++)
            json_array_append_new(blocks, block_encode(&r->blocks[b]));
        json_array_append_new(list,
                              json_pack("{s:s, s:s, s:o, s:o}", "type",
                                        name_at(type_names, NNAMES(type_names), r->type), "lang",
                                        lang_code(r->lang), "qrs", qrs, "blocks", blocks));
    }
    json_object_set_new(doc, "receipts", list);
    out = json_dumps(doc, JSON_COMPACT);
    json_decref(doc);
    /* json_dumps fails only when memory runs out ("{}" then decodes as an error). */
    copy = xstrdup(out != NULL ? out : "{}");
    free(out);
    return copy;
}

static int
hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

static int
qr_decode_json(json_t *o, struct qr_matrix *m, char **cause)
{
    json_t *rows = json_object_get(o, "rows");
    json_t *size = json_object_get(o, "size");
    size_t ndigits;
    int n;

    memset(m, 0, sizeof(*m));
    if (!json_is_integer(size) || json_integer_value(size) < 1 ||
        json_integer_value(size) > QR_MAX_SIZE || !json_is_array(rows)) {
        xasprintf(cause, "a QR code needs a size (1-%d) and rows", QR_MAX_SIZE);
        return -1;
    }
    n = (int)json_integer_value(size);
    if (json_array_size(rows) != (size_t)n) {
        xasprintf(cause, "a QR code of size %d has %zu rows", n, json_array_size(rows));
        return -1;
    }
    ndigits = ((size_t)n + 3) / 4;
    m->size = n;
    m->modules = xcalloc((size_t)n * (size_t)n, 1);
    for (int y = 0; y < n; y++) {
        const char *row = json_string_value(json_array_get(rows, (size_t)y));

        if (row == NULL || strlen(row) != ndigits) {
            xasprintf(cause, "QR row %d is not %zu hex digits", y, ndigits);
            goto fail;
        }
        for (int x = 0; x < n; x++) {
            int v = hex_value(row[x / 4]);

            if (v < 0) {
                xasprintf(cause, "QR row %d is not hex", y);
                goto fail;
            }
            m->modules[(size_t)y * (size_t)n + (size_t)x] = (unsigned char)((v >> (3 - x % 4)) & 1);
        }
    }
    return 0;
fail:
    qr_done(m);
    return -1;
}

static int
int_field(json_t *o, const char *key, int lo, int hi, int *out, char **cause)
{
    json_t *v = json_object_get(o, key);

    *out = 0;
    if (v == NULL)
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
        xasprintf(cause, "\"%s\" is not a number from %d to %d", key, lo, hi);
        return -1;
    }
    *out = (int)json_integer_value(v);
    return 0;
}

static int
block_decode(json_t *o, const struct receipt *r, struct receipt_block *b, char **cause)
{
    json_t *value = json_object_get(o, "value");
    json_t *checked = json_object_get(o, "checked");
    const char *text = json_string_value(json_object_get(o, "text"));
    int kind =
        name_index(kind_names, NNAMES(kind_names), json_string_value(json_object_get(o, "kind")));

    if (!json_is_object(o) || kind < 0) {
        xasprintf(cause, "a block has no known \"kind\"");
        return -1;
    }
    if (text == NULL || (value != NULL && !json_is_string(value)) ||
        (checked != NULL && !json_is_boolean(checked))) {
        xasprintf(cause, "a %s block needs a \"text\" (and a string \"value\")", kind_names[kind]);
        return -1;
    }
    b->kind = (enum receipt_kind)kind;
    b->checked = json_is_true(checked);
    if (int_field(o, "qr", 0, (int)r->nqrs - 1, &b->qr, cause) != 0 ||
        int_field(o, "bar", 0, 1 << 30, &b->bar, cause) != 0 ||
        int_field(o, "bar_max", 0, 1 << 30, &b->bar_max, cause) != 0)
        return -1;
    if (b->kind == RB_QR && json_object_get(o, "qr") == NULL) {
        xasprintf(cause, "a qr block has no \"qr\"");
        return -1;
    }
    b->text = xstrdup(text);
    b->value = value != NULL ? xstrdup(json_string_value(value)) : NULL;
    return 0;
}

static int
one_decode(json_t *o, struct receipt *r, char **cause)
{
    json_t *qrs = json_object_get(o, "qrs"), *blocks = json_object_get(o, "blocks");
    int type =
        name_index(type_names, NNAMES(type_names), json_string_value(json_object_get(o, "type")));
    int lang = lang_parse(json_string_value(json_object_get(o, "lang")) != NULL
                              ? json_string_value(json_object_get(o, "lang"))
                              : "");

    memset(r, 0, sizeof(*r));
    if (type < 0 || lang < 0 || !json_is_array(qrs) || !json_is_array(blocks)) {
        xasprintf(cause, "a receipt needs a known \"type\", \"lang\", \"qrs\" and \"blocks\"");
        return -1;
    }
    r->type = (enum receipt_type)type;
    r->lang = (enum lang)lang;
    r->qrs = xcalloc(json_array_size(qrs) + 1, sizeof(*r->qrs));
    for (size_t i = 0; i < json_array_size(qrs); i++) {
        if (qr_decode_json(json_array_get(qrs, i), &r->qrs[i], cause) != 0)
            return -1;
        r->nqrs++;
    }
    r->blocks = xcalloc(json_array_size(blocks) + 1, sizeof(*r->blocks));
    for (size_t i = 0; i < json_array_size(blocks); i++) {
        if (block_decode(json_array_get(blocks, i), r, &r->blocks[i], cause) != 0)
            return -1;
        r->nblocks++;
    }
    return 0;
}

int
receipt_json_decode(const char *json, struct receipt **rs, size_t *n, char **cause)
{
    json_error_t err;
    json_t *doc, *list, *version;
    char *why = NULL;

    *rs = NULL;
    *n = 0;
    if (json == NULL || *json == '\0') {
        xasprintf(cause, "no stored receipt");
        return -1;
    }
    doc = json_loads(json, JSON_REJECT_DUPLICATES, &err);
    if (doc == NULL) {
        xasprintf(cause, "stored receipt: not JSON (%s at %d:%d)", err.text, err.line, err.column);
        return -1;
    }
    version = json_object_get(doc, "version");
    list = json_object_get(doc, "receipts");
    if (!json_is_object(doc) ||
        strcmp(json_string_value(json_object_get(doc, "format")) != NULL
                   ? json_string_value(json_object_get(doc, "format"))
                   : "",
               FORMAT_NAME) != 0 ||
        !json_is_integer(version)) {
        xasprintf(cause, "stored receipt: not a \"%s\" document", FORMAT_NAME);
        json_decref(doc);
        return -1;
    }
    if (json_integer_value(version) != RECEIPT_JSON_VERSION) {
        xasprintf(cause, "stored receipt: version %lld, this program reads version %d",
                  (long long)json_integer_value(version), RECEIPT_JSON_VERSION);
        json_decref(doc);
        return -1;
    }
    if (!json_is_array(list) || json_array_size(list) == 0) {
        xasprintf(cause, "stored receipt: no receipts");
        json_decref(doc);
        return -1;
    }
    *rs = xcalloc(json_array_size(list), sizeof(**rs));
    for (size_t i = 0; i < json_array_size(list); i++) {
        if (one_decode(json_array_get(list, i), &(*rs)[i], &why) != 0) {
            xasprintf(cause, "stored receipt %zu: %s", i + 1, why);
            free(why);
            for (size_t k = 0; k <= i; k++)
                receipt_done(&(*rs)[k]);
            free(*rs);
            *rs = NULL;
            *n = 0;
            json_decref(doc);
            return -1;
        }
        (*n)++;
    }
    json_decref(doc);
    return 0;
}
