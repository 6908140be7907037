/*
 * The catalog loader and validator. The JSON text (assets/CATALOG.md) is parsed with jansson
 * into the plain structs of catalog.h while every rule is checked; every problem found is
 * reported, each with the path of the JSON value it concerns, so that whoever edits the
 * catalog can fix everything in one pass. A catalog with any problem is refused whole: bad
 * content never reaches a resident.
 *
 * Validation runs in this order: top level, portals, groups, prerequisites, then each service
 * (its items, outcomes, questions and answers, then its flow), then the references between
 * services (covers, suggest), which need every service number.
 */
#include "catalog.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats_period.h"
#include "text.h"

/* The validation state: where we are in the JSON and what went wrong so far. */
struct ctx {
    const char *name;         /* file name used in messages */
    struct strlist *problems; /* borrowed; may be NULL (problems are then only counted) */
    size_t nproblems;
    struct strbuf path; /* "services[4].questions[1]" */
    bool *bad_base;     /* per portal: its base_url was refused (already reported) */
};

#define ID_CHARS   "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-"
#define CODE_CHARS "abcdefghijklmnopqrstuvwxyz0123456789_"

/* ---- messages and paths ---- */

static void problem(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Report a problem at the current path. */
static void
problem(struct ctx *c, const char *fmt, ...)
{
    va_list ap;
    char *msg;

    va_start(ap, fmt);
    xvasprintf(&msg, fmt, ap);
    va_end(ap);
    c->nproblems++;
    if (c->problems != NULL) {
        if (c->path.len > 0)
            strlist_addf(c->problems, "%s: %s: %s", c->name, c->path.s, msg);
        else
            strlist_addf(c->problems, "%s: %s", c->name, msg);
    }
    free(msg);
}

/* Append ".key" (or "key" at the top) to the path; returns the mark for path_pop. */
static size_t
path_key(struct ctx *c, const char *key)
{
    size_t mark = c->path.len;

    if (c->path.len > 0)
        strbuf_puts(&c->path, ".");
    strbuf_puts(&c->path, key);
    return mark;
}

/* Append "[i]" to the path. */
static size_t
path_index(struct ctx *c, size_t i)
{
    size_t mark = c->path.len;

    strbuf_printf(&c->path, "[%zu]", i);
    return mark;
}

static void
path_pop(struct ctx *c, size_t mark)
{
    c->path.len = mark;
    if (c->path.s != NULL)
        c->path.s[mark] = '\0';
}

static const char *
type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a number with a fraction";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    case JSON_NULL: return "null";
    }
    return "?";
}

/* ---- plain value checks ---- */

/* Is s a real calendar date written "YYYY-MM-DD"? */
static bool
date_valid(const char *s)
{
    static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int y, m, d, max;

    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    m = (s[5] - '0') * 10 + (s[6] - '0');
    d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1900 || m < 1 || m > 12 || d < 1)
        return false;
    max = mdays[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        max = 29;
    return d <= max;
}

/* The first C0/C1 control character in UTF-8 text s (they could drive the terminal), or 0. */
static unsigned
control_char(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p < 0x20 || *p == 0x7f)
            return *p;
        if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
            return p[1];
    }
    return 0;
}

static bool
only_chars(const char *s, const char *set)
{
    return s[0] != '\0' && strspn(s, set) == strlen(s);
}

/* Is s blank (empty or only ASCII spaces)? */
static bool
blank(const char *s)
{
    return s[strspn(s, " \t")] == '\0';
}

/* Check a URL: https, a host, printable ASCII, no trailing slash. Reports at the path. */
static bool
check_base_url(struct ctx *c, const char *url)
{
    const char *host;

    if (strncmp(url, "https://", 8) != 0) {
        problem(c, "URL must start with \"https://\": \"%s\"", url);
        return false;
    }
    host = url + 8;
    if (host[0] == '\0' || host[0] == '/') {
        problem(c, "URL has no host name: \"%s\"", url);
        return false;
    }
    for (const char *p = url; *p != '\0'; p++) {
        if (*p <= ' ' || *p >= 0x7f) {
            problem(c, "URL must be printable ASCII without spaces: \"%s\"", url);
            return false;
        }
    }
    if (url[strlen(url) - 1] == '/') {
        problem(c, "base URL must not end with \"/\": \"%s\"", url);
        return false;
    }
    return true;
}

/* A URL path part (home_path, a route path): "" or "/…", printable ASCII, no spaces. */
static bool
check_url_path(struct ctx *c, const char *s)
{
    if (s[0] != '\0' && s[0] != '/') {
        problem(c, "must be empty or start with \"/\": \"%s\"", s);
        return false;
    }
    for (const char *p = s; *p != '\0'; p++) {
        if (*p <= ' ' || *p >= 0x7f) {
            problem(c, "must be printable ASCII without spaces: \"%s\"", s);
            return false;
        }
    }
    return true;
}

/* ---- typed fields ---- */

enum req { OPTIONAL = 0, REQUIRED = 1 };

/* Refuse keys not in allowed (NULL-terminated); keys starting with "_" are comments. */
static void
check_keys(struct ctx *c, json_t *obj, const char *const *allowed)
{
    const char *key;
    json_t *v;

    json_object_foreach(obj, key, v)
    {
        bool ok = key[0] == '_';

        for (size_t i = 0; !ok && allowed[i] != NULL; i++)
            ok = strcmp(key, allowed[i]) == 0;
        if (!ok)
            problem(c, "unknown field \"%s\"", key);
    }
}

/* The member key of obj; reports a missing required one. NULL when absent. */
static json_t *
member(struct ctx *c, json_t *obj, const char *key, enum req req)
{
    json_t *v = json_object_get(obj, key);

    if (v == NULL && req == REQUIRED)
        problem(c, "missing field \"%s\"", key);
    return v;
}

/* Check that a JSON string v is usable text: NFC, no control characters. Reports at the path. */
static bool
string_ok(struct ctx *c, json_t *v)
{
    const char *s = json_string_value(v);
    unsigned cc = control_char(s);
    char *nfc;
    bool ok;

    if (cc != 0) {
        problem(c, "text contains a control character (U+%04X)", cc);
        return false;
    }
    /* Decomposed accents (pasted from some editors) would break widths and search. */
    nfc = text_nfc(s);
    ok = strcmp(nfc, s) == 0;
    if (!ok)
        problem(c, "text is not in NFC form (accents as separate marks); write it as \"%s\"", nfc);
    free(nfc);
    return ok;
}

/*
 * A string field: *out is a copy (caller owns) or NULL when absent, null or wrong. An
 * optional field may be null. Returns false when a problem was reported.
 */
static bool
string_field(struct ctx *c, json_t *obj, const char *key, enum req req, char **out)
{
    json_t *v = member(c, obj, key, req);
    size_t mark;
    bool ok = true;

    *out = NULL;
    if (v == NULL)
        return req == OPTIONAL;
    if (json_is_null(v) && req == OPTIONAL)
        return true;
    mark = path_key(c, key);
    if (!json_is_string(v)) {
        problem(c, "must be a string, not %s", type_name(v));
        ok = false;
    } else if (string_ok(c, v)) {
        *out = xstrdup(json_string_value(v));
    } else {
        ok = false;
    }
    path_pop(c, mark);
    return ok;
}

/* An id field: a non-empty string of ID_CHARS. */
static char *
id_field(struct ctx *c, json_t *obj, const char *key)
{
    char *s;

    if (!string_field(c, obj, key, REQUIRED, &s) || s == NULL)
        return NULL;
    if (!only_chars(s, ID_CHARS)) {
        size_t mark = path_key(c, key);

        problem(c, "an id may only use letters, digits, \"_\", \".\" and \"-\": \"%s\"", s);
        path_pop(c, mark);
    }
    return s;
}

static void
bool_field(struct ctx *c, json_t *obj, const char *key, enum req req, bool *out)
{
    json_t *v = member(c, obj, key, req);

    *out = false;
    if (v == NULL)
        return;
    if (!json_is_boolean(v)) {
        size_t mark = path_key(c, key);

        problem(c, "must be true or false, not %s", type_name(v));
        path_pop(c, mark);
        return;
    }
    *out = json_is_true(v);
}

/* An integer value v at the current path, 1..INT_MAX. Returns 0 after reporting a problem. */
static int
positive_int(struct ctx *c, json_t *v)
{
    json_int_t n;

    if (!json_is_integer(v)) {
        problem(c, "must be an integer, not %s", type_name(v));
        return 0;
    }
    n = json_integer_value(v);
    if (n < 1 || n > INT_MAX) {
        problem(c, "must be a positive integer, not %lld", (long long)n);
        return 0;
    }
    return (int)n;
}

/* A date field "YYYY-MM-DD"; an optional one may be null. */
static char *
date_field(struct ctx *c, json_t *obj, const char *key, enum req req)
{
    char *s;

    if (!string_field(c, obj, key, req, &s) || s == NULL)
        return NULL;
    if (!date_valid(s)) {
        size_t mark = path_key(c, key);

        problem(c, "not a valid date (YYYY-MM-DD): \"%s\"", s);
        path_pop(c, mark);
        free(s);
        return NULL;
    }
    return s;
}

/* valid_from / valid_until of obj into *from, *until; checks their order. */
static void
validity_fields(struct ctx *c, json_t *obj, char **from, char **until)
{
    *from = date_field(c, obj, "valid_from", REQUIRED);
    *until = date_field(c, obj, "valid_until", OPTIONAL);
    if (*from != NULL && *until != NULL && strcmp(*until, *from) < 0) {
        size_t mark = path_key(c, "valid_until");

        problem(c, "%s is before valid_from %s", *until, *from);
        path_pop(c, mark);
    }
}

static void
text_init(struct i18n_text *t)
{
    t->vi = xstrdup("");
    t->en = xstrdup("");
}

static void
text_free(struct i18n_text *t)
{
    free(t->vi);
    free(t->en);
    t->vi = t->en = NULL;
}

/* One language of a text object at the current path into *out (replacing ""). */
static void
text_lang(struct ctx *c, json_t *obj, const char *key, const char *lang, bool allow_empty,
          char **out)
{
    json_t *v = json_object_get(obj, key);
    size_t mark;

    if (v == NULL) {
        problem(c, "missing %s text (\"%s\")", lang, key);
        return;
    }
    mark = path_key(c, key);
    if (!json_is_string(v)) {
        problem(c, "must be a string, not %s", type_name(v));
    } else if (string_ok(c, v)) {
        if (!allow_empty && blank(json_string_value(v)))
            problem(c, "empty %s text", lang);
        free(*out);
        *out = xstrdup(json_string_value(v));
    }
    path_pop(c, mark);
}

static const char *const text_keys[] = { "vi", "en", NULL };
static const char *const fact_keys[] = { "vi",      "en",          "verified",   "checked",
                                         "sources", "editor_note", "valid_from", "valid_until",
                                         "exempt",  NULL };

/* A text object value at the current path: both languages, neither empty. */
static void
text_value(struct ctx *c, json_t *v, struct i18n_text *out)
{
    if (!json_is_object(v)) {
        problem(c, "must be a text object {\"vi\": …, \"en\": …}, not %s", type_name(v));
        return;
    }
    check_keys(c, v, text_keys);
    text_lang(c, v, "vi", "Vietnamese", false, &out->vi);
    text_lang(c, v, "en", "English", false, &out->en);
}

/* A text field; *out is always set (to "" when absent or wrong). */
static void
text_field(struct ctx *c, json_t *obj, const char *key, enum req req, struct i18n_text *out)
{
    json_t *v = member(c, obj, key, req);
    size_t mark;

    text_init(out);
    if (v == NULL || (json_is_null(v) && req == OPTIONAL))
        return;
    mark = path_key(c, key);
    text_value(c, v, out);
    path_pop(c, mark);
}

/* An array field; reports a wrong type. NULL when absent (or null and optional) or wrong. */
static json_t *
array_field(struct ctx *c, json_t *obj, const char *key, enum req req)
{
    json_t *v = member(c, obj, key, req);

    if (v == NULL || (json_is_null(v) && req == OPTIONAL))
        return NULL;
    if (!json_is_array(v)) {
        size_t mark = path_key(c, key);

        problem(c, "must be an array, not %s", type_name(v));
        path_pop(c, mark);
        return NULL;
    }
    return v;
}

/* An array of non-empty strings into *out. */
static void
strings_field(struct ctx *c, json_t *obj, const char *key, struct strlist *out)
{
    json_t *arr = array_field(c, obj, key, OPTIONAL);
    size_t mark, i;
    json_t *v;

    if (arr == NULL)
        return;
    mark = path_key(c, key);
    json_array_foreach(arr, i, v)
    {
        size_t m = path_index(c, i);

        if (!json_is_string(v))
            problem(c, "must be a string, not %s", type_name(v));
        else if (blank(json_string_value(v)))
            problem(c, "must not be empty");
        else if (string_ok(c, v))
            strlist_add(out, json_string_value(v));
        path_pop(c, m);
    }
    path_pop(c, mark);
}

/* An array of text objects into *out / *n. */
static void
texts_field(struct ctx *c, json_t *obj, const char *key, struct i18n_text **out, size_t *n)
{
    json_t *arr = array_field(c, obj, key, OPTIONAL);
    size_t mark, i;
    json_t *v;

    *out = NULL;
    *n = 0;
    if (arr == NULL || json_array_size(arr) == 0)
        return;
    *out = xcalloc(json_array_size(arr), sizeof **out);
    mark = path_key(c, key);
    json_array_foreach(arr, i, v)
    {
        size_t m = path_index(c, i);

        text_init(&(*out)[i]);
        (*n)++;
        text_value(c, v, &(*out)[i]);
        path_pop(c, m);
    }
    path_pop(c, mark);
}

static int find_exgroup_v(const void *w, const char *id);
static int reference(struct ctx *c, json_t *v, const char *what,
                     int (*find)(const void *, const char *), const void *where);

/* An optional note for editors: a string (never shown to residents); NULL when absent. */
static char *
note_field(struct ctx *c, json_t *obj)
{
    char *s;

    string_field(c, obj, "editor_note", OPTIONAL, &s);
    if (s != NULL && blank(s)) {
        free(s);
        s = NULL;
    }
    return s;
}

/*
 * One version of a fact: an object at the current path. An unknown fact has both texts
 * empty and cannot be verified. Only a fee (fee == true) may name exemption groups.
 */
static void
fact_version(struct ctx *c, json_t *v, const struct catalog *cat, bool fee, struct fact *out)
{
    json_t *arr;

    text_init(&out->text);
    out->verified = false;
    if (!json_is_object(v)) {
        problem(c, "must be a fact {\"vi\": …, \"en\": …, \"verified\": …, \"checked\": …}, not %s",
                type_name(v));
        return;
    }
    check_keys(c, v, fact_keys);
    text_lang(c, v, "vi", "Vietnamese", true, &out->text.vi);
    text_lang(c, v, "en", "English", true, &out->text.en);
    bool_field(c, v, "verified", REQUIRED, &out->verified);
    out->checked = date_field(c, v, "checked", REQUIRED);
    strings_field(c, v, "sources", &out->sources);
    out->editor_note = note_field(c, v);
    out->valid_from = date_field(c, v, "valid_from", OPTIONAL);
    out->valid_until = date_field(c, v, "valid_until", OPTIONAL);
    if (out->valid_from != NULL && out->valid_until != NULL &&
        strcmp(out->valid_until, out->valid_from) < 0) {
        size_t mark = path_key(c, "valid_until");

        problem(c, "%s is before valid_from %s", out->valid_until, out->valid_from);
        path_pop(c, mark);
    }
    arr = array_field(c, v, "exempt", OPTIONAL);
    if (arr != NULL && json_array_size(arr) > 0) {
        size_t mark = path_key(c, "exempt"), i;
        json_t *e;

        if (!fee)
            problem(c, "only a fee can have exemption groups");
        out->exempt = xcalloc(json_array_size(arr), sizeof *out->exempt);
        json_array_foreach(arr, i, e)
        {
            size_t m = path_index(c, i);
            int g = reference(c, e, "exemption group", find_exgroup_v, cat);

            for (size_t j = 0; g >= 0 && j < out->nexempt; j++) {
                if (out->exempt[j] == (size_t)g) {
                    problem(c, "exemption group \"%s\" is listed twice", cat->exgroups[g].id);
                    g = -1;
                }
            }
            if (g >= 0)
                out->exempt[out->nexempt++] = (size_t)g;
            path_pop(c, m);
        }
        path_pop(c, mark);
    }
    {
        bool vi_empty = blank(out->text.vi), en_empty = blank(out->text.en);

        if (vi_empty && !en_empty)
            problem(c, "empty Vietnamese text (an unknown fact leaves both texts empty)");
        else if (!vi_empty && en_empty)
            problem(c, "empty English text (an unknown fact leaves both texts empty)");
        else if (vi_empty && out->verified)
            problem(c, "an unknown fact (empty text) cannot be verified");
    }
}

/* Does [from, until] (NULL = open on that side) overlap [from2, until2]? */
static bool
periods_overlap(const char *from, const char *until, const char *from2, const char *until2)
{
    bool starts_before_end2 = from == NULL || until2 == NULL || strcmp(from, until2) <= 0;
    bool starts2_before_end = from2 == NULL || until == NULL || strcmp(from2, until) <= 0;

    return starts_before_end2 && starts2_before_end;
}

static int
cmp_version(const void *a, const void *b)
{
    const struct fact *x = *(struct fact *const *)a, *y = *(struct fact *const *)b;

    if (x->valid_from == NULL || y->valid_from == NULL)
        return (y->valid_from == NULL) - (x->valid_from == NULL);
    return strcmp(x->valid_from, y->valid_from);
}

/*
 * A fact value at the current path: one version (an object) or dated versions (an array of
 * objects that must not overlap), linked in date order into *out.
 */
static void
fact_value(struct ctx *c, json_t *v, const struct catalog *cat, bool fee, struct fact *out)
{
    struct fact **vers;
    size_t n, i;
    json_t *e;

    if (!json_is_array(v)) {
        fact_version(c, v, cat, fee, out);
        out->version = -1;
        return;
    }
    n = json_array_size(v);
    if (n == 0) {
        text_init(&out->text);
        problem(c, "a fact with dated versions needs at least one version");
        return;
    }
    vers = xcalloc(n, sizeof *vers);
    json_array_foreach(v, i, e)
    {
        size_t m = path_index(c, i);

        vers[i] = xcalloc(1, sizeof *vers[i]);
        fact_version(c, e, cat, fee, vers[i]);
        vers[i]->version = (int)i;
        for (size_t j = 0; j < i; j++) {
            if (periods_overlap(vers[j]->valid_from, vers[j]->valid_until, vers[i]->valid_from,
                                vers[i]->valid_until)) {
                problem(c, "its dates (%s to %s) overlap those of version [%zu] (%s to %s)",
                        vers[i]->valid_from ? vers[i]->valid_from : "always",
                        vers[i]->valid_until ? vers[i]->valid_until : "open-ended", j,
                        vers[j]->valid_from ? vers[j]->valid_from : "always",
                        vers[j]->valid_until ? vers[j]->valid_until : "open-ended");
                break;
            }
        }
        path_pop(c, m);
    }
    qsort(vers, n, sizeof *vers, cmp_version);
    *out = *vers[0];
    free(vers[0]);
    {
        struct fact *tail = out;

        for (i = 1; i < n; i++) {
            tail->next = vers[i];
            tail = vers[i];
        }
    }
    free(vers);
}

/* A fact field: *out is always initialised (to an unknown fact when absent or wrong). */
static void
fact_field(struct ctx *c, json_t *obj, const char *key, const struct catalog *cat, bool fee,
           struct fact *out)
{
    json_t *v = member(c, obj, key, REQUIRED);
    size_t mark;

    if (v == NULL) {
        text_init(&out->text);
        return;
    }
    mark = path_key(c, key);
    fact_value(c, v, cat, fee, out);
    path_pop(c, mark);
}

/* An optional fact field: NULL when absent or null, else an owned fact. */
static struct fact *
optional_fact(struct ctx *c, json_t *obj, const char *key, const struct catalog *cat, bool fee)
{
    json_t *v = member(c, obj, key, OPTIONAL);
    struct fact *f;
    size_t mark;

    if (v == NULL || json_is_null(v))
        return NULL;
    f = xcalloc(1, sizeof *f);
    mark = path_key(c, key);
    fact_value(c, v, cat, fee, f);
    path_pop(c, mark);
    return f;
}

/* An array element at the current path that must be an object. */
static bool
is_object(struct ctx *c, json_t *v)
{
    if (!json_is_object(v)) {
        problem(c, "must be an object, not %s", type_name(v));
        return false;
    }
    return true;
}

/* ---- freeing ---- */

/* Free what f holds and its later versions (f itself belongs to its owner). */
static void
fact_free(struct fact *f)
{
    struct fact *next;

    if (f == NULL)
        return;
    next = f->next;
    text_free(&f->text);
    strlist_free(&f->sources);
    free(f->checked);
    free(f->editor_note);
    free(f->valid_from);
    free(f->valid_until);
    free(f->exempt);
    while (next != NULL) {
        struct fact *n = next->next;

        next->next = NULL;
        fact_free(next);
        free(next);
        next = n;
    }
}

static void
texts_free(struct i18n_text *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        text_free(&v[i]);
    free(v);
}

static void
service_free(struct service *s)
{
    free(s->code);
    text_free(&s->official_name);
    text_free(&s->plain_name);
    fact_free(&s->agency);
    fact_free(&s->audience);
    fact_free(&s->fee);
    fact_free(&s->time);
    fact_free(&s->tthc);
    for (size_t i = 0; i < s->nhotlines; i++)
        fact_free(&s->hotlines[i]);
    free(s->hotlines);
    strlist_free(&s->channels);
    free(s->prereqs);
    for (size_t i = 0; i < s->nquestions; i++) {
        struct question *q = &s->questions[i];

        free(q->id);
        text_free(&q->text);
        text_free(&q->hint);
        for (size_t j = 0; j < q->nanswers; j++)
            text_free(&q->answers[j].text);
        free(q->answers);
    }
    free(s->questions);
    for (size_t i = 0; i < s->noutcomes; i++) {
        struct outcome *o = &s->outcomes[i];

        free(o->id);
        text_free(&o->title);
        text_free(&o->note);
        free(o->items);
        free(o->skip);
        fact_free(o->fee);
        free(o->fee);
        fact_free(o->time);
        free(o->time);
    }
    free(s->outcomes);
    for (size_t i = 0; i < s->nitems; i++) {
        free(s->items[i].id);
        text_free(&s->items[i].text);
        text_free(&s->items[i].note);
        free(s->items[i].editor_note);
    }
    free(s->items);
    texts_free(s->steps, s->nsteps);
    texts_free(s->reasons, s->nreasons);
    texts_free(s->vneid_steps, s->nvneid_steps);
    free(s->editor_note);
    free(s->covers);
    strlist_free(&s->synonyms);
    strlist_free(&s->sources);
    free(s->valid_from);
    free(s->valid_until);
    free(s->qr_param);
    free(s->qr_checked);
    strlist_free(&s->qr_sources);
    text_free(&s->qr_home_reason);
    free(s->qr_url);
}

void
catalog_free(struct catalog *cat)
{
    if (cat == NULL)
        return;
    free(cat->path);
    free(cat->hash);
    free(cat->version);
    for (size_t i = 0; i < cat->nexgroups; i++) {
        free(cat->exgroups[i].id);
        text_free(&cat->exgroups[i].text);
        text_free(&cat->exgroups[i].question);
        strlist_free(&cat->exgroups[i].sources);
    }
    free(cat->exgroups);
    for (size_t i = 0; i < cat->ngroups; i++) {
        free(cat->groups[i].id);
        text_free(&cat->groups[i].name);
    }
    free(cat->groups);
    for (size_t i = 0; i < cat->nportals; i++) {
        struct portal *p = &cat->portals[i];

        free(p->id);
        text_free(&p->name);
        text_free(&p->note);
        free(p->base_url);
        free(p->home_path);
        text_free(&p->opens_home);
        for (size_t j = 0; j < p->nroutes; j++) {
            free(p->routes[j].id);
            free(p->routes[j].path);
            text_free(&p->routes[j].opens);
            free(p->routes[j].valid_from);
            free(p->routes[j].valid_until);
        }
        free(p->routes);
        free(p->valid_from);
        free(p->valid_until);
    }
    free(cat->portals);
    for (size_t i = 0; i < cat->nprereqs; i++) {
        struct prereq *p = &cat->prereqs[i];

        free(p->id);
        text_free(&p->question);
        text_free(&p->hint);
        text_free(&p->if_no);
    }
    free(cat->prereqs);
    for (size_t i = 0; i < cat->nservices; i++)
        service_free(&cat->services[i]);
    free(cat->services);
    free(cat);
}

/* ---- QR URLs ---- */

/* Append path to b with every "{param}" replaced by param ("" when NULL). */
static void
expand_route(struct strbuf *b, const char *path, const char *param)
{
    const char *t = path != NULL ? path : "", *at;

    while ((at = strstr(t, "{param}")) != NULL) {
        strbuf_add(b, t, (size_t)(at - t));
        strbuf_puts(b, param != NULL ? param : "");
        t = at + 7;
    }
    strbuf_puts(b, t);
}

/* The QR URL of svc with its portal's base replaced by base (NULL = the portal's own). */
static char *
build_qr_url(const struct service *svc, const struct portal *p, const char *base, bool *is_proc)
{
    struct strbuf b;

    if (base == NULL)
        base = p->base_url;
    if (base == NULL)
        return NULL;
    strbuf_init(&b);
    strbuf_puts(&b, base);
    *is_proc = svc->qr_route >= 0 && (size_t)svc->qr_route < p->nroutes;
    if (*is_proc)
        expand_route(&b, p->routes[svc->qr_route].path, svc->qr_param);
    else
        strbuf_puts(&b, p->home_path != NULL ? p->home_path : "");
    return strbuf_take(&b);
}

char *
catalog_portal_home_url(const struct portal *p)
{
    char *s;

    if (p == NULL || p->base_url == NULL)
        return NULL;
    xasprintf(&s, "%s%s", p->base_url, p->home_path != NULL ? p->home_path : "");
    return s;
}

/* ---- top-level parts ---- */

static const char *const portal_keys[] = { "id",          "name",       "note",   "base_url",
                                           "home_path",   "opens_home", "routes", "valid_from",
                                           "valid_until", "provincial", NULL };
static const char *const route_keys[] = {
    "id", "path", "opens", "valid_from", "valid_until", NULL
};

/* A portal's "routes": the page forms it serves (or served, until valid_until). */
static void
parse_routes(struct ctx *c, json_t *v, struct portal *p)
{
    json_t *arr = array_field(c, v, "routes", OPTIONAL), *e;
    size_t mark, i;

    if (arr == NULL || json_array_size(arr) == 0)
        return;
    mark = path_key(c, "routes");
    p->routes = xcalloc(json_array_size(arr), sizeof *p->routes);
    json_array_foreach(arr, i, e)
    {
        struct route *r = &p->routes[i];
        size_t m = path_index(c, i);

        p->nroutes++;
        text_init(&r->opens);
        if (is_object(c, e)) {
            check_keys(c, e, route_keys);
            r->id = id_field(c, e, "id");
            for (size_t j = 0; r->id != NULL && j < i; j++) {
                if (p->routes[j].id != NULL && strcmp(p->routes[j].id, r->id) == 0) {
                    size_t m2 = path_key(c, "id");

                    problem(c, "duplicate route id \"%s\" (also routes[%zu])", r->id, j);
                    path_pop(c, m2);
                    break;
                }
            }
            string_field(c, e, "path", REQUIRED, &r->path);
            if (r->path != NULL) {
                size_t m2 = path_key(c, "path");

                if (r->path[0] == '\0')
                    problem(c, "a route needs a path (the home page is home_path)");
                else
                    check_url_path(c, r->path);
                path_pop(c, m2);
            }
            text_free(&r->opens);
            text_field(c, e, "opens", REQUIRED, &r->opens);
            validity_fields(c, e, &r->valid_from, &r->valid_until);
        }
        path_pop(c, m);
    }
    path_pop(c, mark);
}

static void
parse_portal(struct ctx *c, json_t *v, struct catalog *cat, size_t idx)
{
    struct portal *p = &cat->portals[idx];
    json_t *base;

    text_init(&p->name);
    text_init(&p->note);
    text_init(&p->opens_home);
    if (!is_object(c, v)) {
        p->home_path = xstrdup("");
        return;
    }
    check_keys(c, v, portal_keys);
    p->id = id_field(c, v, "id");
    for (size_t j = 0; p->id != NULL && j < idx; j++) {
        if (cat->portals[j].id != NULL && strcmp(cat->portals[j].id, p->id) == 0) {
            size_t m = path_key(c, "id");

            problem(c, "duplicate portal id \"%s\" (also portals[%zu])", p->id, j);
            path_pop(c, m);
            break;
        }
    }
    text_free(&p->name);
    text_free(&p->note);
    text_field(c, v, "name", REQUIRED, &p->name);
    text_field(c, v, "note", OPTIONAL, &p->note);
    base = member(c, v, "base_url", REQUIRED);
    if (base != NULL && !json_is_null(base)) {
        size_t m;

        string_field(c, v, "base_url", REQUIRED, &p->base_url);
        m = path_key(c, "base_url");
        if (p->base_url != NULL && !check_base_url(c, p->base_url)) {
            free(p->base_url);
            p->base_url = NULL;
            c->bad_base[idx] = true;
        } else if (p->base_url == NULL) {
            c->bad_base[idx] = true; /* wrongly typed */
        }
        path_pop(c, m);
    }
    string_field(c, v, "home_path", OPTIONAL, &p->home_path);
    if (p->home_path == NULL) {
        p->home_path = xstrdup("");
    } else {
        size_t m = path_key(c, "home_path");

        check_url_path(c, p->home_path);
        path_pop(c, m);
    }
    /* What a QR code on the home page opens, said on the QR screen. */
    text_free(&p->opens_home);
    text_field(c, v, "opens_home", base != NULL && !json_is_null(base) ? REQUIRED : OPTIONAL,
               &p->opens_home);
    parse_routes(c, v, p);
    validity_fields(c, v, &p->valid_from, &p->valid_until);
    bool_field(c, v, "provincial", OPTIONAL, &p->provincial);
    if (p->provincial) {
        for (size_t j = 0; j < idx; j++) {
            if (cat->portals[j].provincial) {
                size_t m = path_key(c, "provincial");

                problem(c, "only one portal may be provincial (also portals[%zu])", j);
                path_pop(c, m);
                break;
            }
        }
    }
}

static const char *const group_keys[] = { "id", "name", NULL };

static void
parse_group(struct ctx *c, json_t *v, struct catalog *cat, size_t idx)
{
    struct group *g = &cat->groups[idx];

    if (!is_object(c, v)) {
        text_init(&g->name);
        return;
    }
    check_keys(c, v, group_keys);
    g->id = id_field(c, v, "id");
    for (size_t j = 0; g->id != NULL && j < idx; j++) {
        if (cat->groups[j].id != NULL && strcmp(cat->groups[j].id, g->id) == 0) {
            size_t m = path_key(c, "id");

            problem(c, "duplicate group id \"%s\" (also groups[%zu])", g->id, j);
            path_pop(c, m);
            break;
        }
    }
    text_field(c, v, "name", REQUIRED, &g->name);
}

static const char *const prereq_keys[] = { "id", "question", "hint", "if_no", "requires", NULL };

static void
parse_prereq(struct ctx *c, json_t *v, struct catalog *cat, size_t idx)
{
    struct prereq *p = &cat->prereqs[idx];

    if (!is_object(c, v)) {
        text_init(&p->question);
        text_init(&p->hint);
        text_init(&p->if_no);
        return;
    }
    check_keys(c, v, prereq_keys);
    p->id = id_field(c, v, "id");
    for (size_t j = 0; p->id != NULL && j < idx; j++) {
        if (cat->prereqs[j].id != NULL && strcmp(cat->prereqs[j].id, p->id) == 0) {
            size_t m = path_key(c, "id");

            problem(c, "duplicate prerequisite id \"%s\" (also prerequisites[%zu])", p->id, j);
            path_pop(c, m);
            break;
        }
    }
    text_field(c, v, "question", REQUIRED, &p->question);
    text_field(c, v, "hint", REQUIRED, &p->hint);
    text_field(c, v, "if_no", REQUIRED, &p->if_no);
    p->requires = -1;
    {
        char *req = NULL;

        if (string_field(c, v, "requires", OPTIONAL, &req) && req != NULL) {
            size_t m = path_key(c, "requires");

            for (size_t j = 0; j < idx; j++)
                if (cat->prereqs[j].id != NULL && strcmp(cat->prereqs[j].id, req) == 0)
            p->requires = (int)j;
            if (p->requires < 0)
                problem(c, "\"%s\" is not a prerequisite listed before this one", req);
            path_pop(c, m);
        }
        free(req);
    }
}

static const char *const exgroup_keys[] = { "id", "text", "question", "sources", NULL };

static void
parse_exgroup(struct ctx *c, json_t *v, struct catalog *cat, size_t idx)
{
    struct exgroup *g = &cat->exgroups[idx];

    text_init(&g->text);
    text_init(&g->question);
    if (!is_object(c, v))
        return;
    check_keys(c, v, exgroup_keys);
    g->id = id_field(c, v, "id");
    for (size_t j = 0; g->id != NULL && j < idx; j++) {
        if (cat->exgroups[j].id != NULL && strcmp(cat->exgroups[j].id, g->id) == 0) {
            size_t m = path_key(c, "id");

            problem(c, "duplicate exemption group id \"%s\" (also exemption_groups[%zu])", g->id,
                    j);
            path_pop(c, m);
            break;
        }
    }
    text_free(&g->text);
    text_free(&g->question);
    text_field(c, v, "text", REQUIRED, &g->text);
    text_field(c, v, "question", OPTIONAL, &g->question);
    strings_field(c, v, "sources", &g->sources);
}

/* ---- lookups by id while loading ---- */

static int
find_exgroup(const struct catalog *cat, const char *id)
{
    for (size_t i = 0; i < cat->nexgroups; i++)
        if (cat->exgroups[i].id != NULL && strcmp(cat->exgroups[i].id, id) == 0)
            return (int)i;
    return -1;
}

static int
find_portal(const struct catalog *cat, const char *id)
{
    for (size_t i = 0; i < cat->nportals; i++)
        if (cat->portals[i].id != NULL && strcmp(cat->portals[i].id, id) == 0)
            return (int)i;
    return -1;
}

static int
find_group(const struct catalog *cat, const char *id)
{
    for (size_t i = 0; i < cat->ngroups; i++)
        if (cat->groups[i].id != NULL && strcmp(cat->groups[i].id, id) == 0)
            return (int)i;
    return -1;
}

static int
find_prereq(const struct catalog *cat, const char *id)
{
    for (size_t i = 0; i < cat->nprereqs; i++)
        if (cat->prereqs[i].id != NULL && strcmp(cat->prereqs[i].id, id) == 0)
            return (int)i;
    return -1;
}

static int
find_item(const struct service *s, const char *id)
{
    for (size_t i = 0; i < s->nitems; i++)
        if (s->items[i].id != NULL && strcmp(s->items[i].id, id) == 0)
            return (int)i;
    return -1;
}

static int
find_outcome(const struct service *s, const char *id)
{
    for (size_t i = 0; i < s->noutcomes; i++)
        if (s->outcomes[i].id != NULL && strcmp(s->outcomes[i].id, id) == 0)
            return (int)i;
    return -1;
}

static int
find_question(const struct service *s, const char *id)
{
    for (size_t i = 0; i < s->nquestions; i++)
        if (s->questions[i].id != NULL && strcmp(s->questions[i].id, id) == 0)
            return (int)i;
    return -1;
}

/*
 * A reference to an id (a JSON string at the current path): its index, or -1 after
 * reporting `unknown <what> "id"`.
 */
static int
reference(struct ctx *c, json_t *v, const char *what, int (*find)(const void *, const char *),
          const void *where)
{
    int i;

    if (!json_is_string(v)) {
        problem(c, "must be a string, not %s", type_name(v));
        return -1;
    }
    i = find(where, json_string_value(v));
    if (i < 0)
        problem(c, "unknown %s \"%s\"", what, json_string_value(v));
    return i;
}

/* Adapters so that reference() can take any of the finders. */
static int
find_exgroup_v(const void *w, const char *id)
{
    return find_exgroup(w, id);
}

static int
find_portal_v(const void *w, const char *id)
{
    return find_portal(w, id);
}

static int
find_group_v(const void *w, const char *id)
{
    return find_group(w, id);
}

static int
find_prereq_v(const void *w, const char *id)
{
    return find_prereq(w, id);
}

static int
find_item_v(const void *w, const char *id)
{
    return find_item(w, id);
}

static int
find_outcome_v(const void *w, const char *id)
{
    return find_outcome(w, id);
}

static int
find_question_v(const void *w, const char *id)
{
    return find_question(w, id);
}

/* ---- a service's checklist and flow ---- */

static const char *const item_keys[] = { "id", "text", "note", "verified", "editor_note", NULL };

static void
parse_items(struct ctx *c, json_t *svc, struct service *s)
{
    json_t *arr = array_field(c, svc, "items", REQUIRED), *v;
    size_t mark, i;

    if (arr == NULL)
        return;
    mark = path_key(c, "items");
    if (json_array_size(arr) == 0)
        problem(c, "a service needs at least one checklist item");
    s->items = xcalloc(json_array_size(arr) + 1, sizeof *s->items);
    json_array_foreach(arr, i, v)
    {
        struct checklist_item *it = &s->items[i];
        size_t m = path_index(c, i);

        s->nitems++;
        text_init(&it->text);
        text_init(&it->note);
        if (is_object(c, v)) {
            check_keys(c, v, item_keys);
            it->id = id_field(c, v, "id");
            for (size_t j = 0; it->id != NULL && j < i; j++) {
                if (s->items[j].id != NULL && strcmp(s->items[j].id, it->id) == 0) {
                    size_t m2 = path_key(c, "id");

                    problem(c, "duplicate item id \"%s\" (also items[%zu])", it->id, j);
                    path_pop(c, m2);
                    break;
                }
            }
            text_free(&it->text);
            text_free(&it->note);
            text_field(c, v, "text", REQUIRED, &it->text);
            text_field(c, v, "note", REQUIRED, &it->note); /* original or scan, who signs… */
            bool_field(c, v, "verified", OPTIONAL, &it->verified);
            it->editor_note = note_field(c, v);
        }
        path_pop(c, m);
    }
    path_pop(c, mark);
}

static const char *const outcome_keys[] = { "id",  "title", "note",    "items",
                                            "fee", "time",  "suggest", "skip_prerequisites",
                                            NULL };

static void
parse_outcomes(struct ctx *c, json_t *svc, const struct catalog *cat, struct service *s)
{
    json_t *arr = array_field(c, svc, "outcomes", REQUIRED), *v;
    size_t mark, i;

    if (arr == NULL)
        return;
    mark = path_key(c, "outcomes");
    if (json_array_size(arr) == 0)
        problem(c, "a service needs at least one outcome");
    s->outcomes = xcalloc(json_array_size(arr) + 1, sizeof *s->outcomes);
    json_array_foreach(arr, i, v)
    {
        struct outcome *o = &s->outcomes[i];
        size_t m = path_index(c, i);
        json_t *items, *sug, *iv;
        size_t k;

        s->noutcomes++;
        text_init(&o->title);
        text_init(&o->note);
        if (!is_object(c, v)) {
            path_pop(c, m);
            continue;
        }
        check_keys(c, v, outcome_keys);
        o->id = id_field(c, v, "id");
        for (size_t j = 0; o->id != NULL && j < i; j++) {
            if (s->outcomes[j].id != NULL && strcmp(s->outcomes[j].id, o->id) == 0) {
                size_t m2 = path_key(c, "id");

                problem(c, "duplicate outcome id \"%s\" (also outcomes[%zu])", o->id, j);
                path_pop(c, m2);
                break;
            }
        }
        text_free(&o->title);
        text_free(&o->note);
        text_field(c, v, "title", REQUIRED, &o->title);
        text_field(c, v, "note", OPTIONAL, &o->note);
        items = array_field(c, v, "items", REQUIRED);
        if (items != NULL) {
            size_t m2 = path_key(c, "items");

            if (json_array_size(items) == 0)
                problem(c, "outcome \"%s\" has no checklist items", o->id ? o->id : "?");
            o->items = xcalloc(json_array_size(items) + 1, sizeof *o->items);
            json_array_foreach(items, k, iv)
            {
                size_t m3 = path_index(c, k);
                int it = reference(c, iv, "item", find_item_v, s);

                for (size_t j = 0; it >= 0 && j < o->nitems; j++) {
                    if (o->items[j] == (size_t)it) {
                        problem(c, "item \"%s\" is listed twice", s->items[it].id);
                        it = -1;
                    }
                }
                if (it >= 0)
                    o->items[o->nitems++] = (size_t)it;
                path_pop(c, m3);
            }
            path_pop(c, m2);
        }
        sug = member(c, v, "suggest", OPTIONAL);
        if (sug != NULL && !json_is_null(sug)) {
            size_t m2 = path_key(c, "suggest");

            o->suggest = positive_int(c, sug); /* checked against the numbers later */
            path_pop(c, m2);
        }
        /* The fee and time that apply in this case, when a question settled them. */
        o->fee = optional_fact(c, v, "fee", cat, true);
        o->time = optional_fact(c, v, "time", cat, false);
        /* The service is not needed in this case, or it is done in person: no pre-flight
         * for online filing (true); or only some pre-flight questions do not apply (ids). */
        sug = member(c, v, "skip_prerequisites", OPTIONAL);
        if (sug != NULL && json_is_array(sug)) {
            size_t m2 = path_key(c, "skip_prerequisites");

            o->skip = xcalloc(json_array_size(sug) + 1, sizeof *o->skip);
            json_array_foreach(sug, k, iv)
            {
                size_t m3 = path_index(c, k);
                int pq = reference(c, iv, "prerequisite", find_prereq_v, cat);

                if (pq >= 0)
                    o->skip[o->nskip++] = (size_t)pq;
                path_pop(c, m3);
            }
            path_pop(c, m2);
        } else if (sug != NULL && !json_is_boolean(sug)) {
            size_t m2 = path_key(c, "skip_prerequisites");

            problem(c, "must be true, false or a list of prerequisite ids, not %s", type_name(sug));
            path_pop(c, m2);
        } else {
            bool_field(c, v, "skip_prerequisites", OPTIONAL, &o->skip_prereqs);
        }
        path_pop(c, m);
    }
    path_pop(c, mark);
}

static const char *const question_keys[] = { "id", "text", "hint", "answers", NULL };
static const char *const answer_keys[] = { "text", "next", "outcome", NULL };

static void
parse_answers(struct ctx *c, json_t *qv, struct service *s, struct question *q)
{
    json_t *arr = array_field(c, qv, "answers", REQUIRED), *v;
    size_t mark, i;

    if (arr == NULL)
        return;
    mark = path_key(c, "answers");
    if (json_array_size(arr) == 0)
        problem(c, "question \"%s\" has no answers, so a path would end without an outcome",
                q->id ? q->id : "?");
    q->answers = xcalloc(json_array_size(arr) + 1, sizeof *q->answers);
    json_array_foreach(arr, i, v)
    {
        struct answer *a = &q->answers[i];
        size_t m = path_index(c, i);
        json_t *next, *out;

        q->nanswers++;
        a->next = a->outcome = -1;
        text_init(&a->text);
        if (is_object(c, v)) {
            check_keys(c, v, answer_keys);
            text_free(&a->text);
            text_field(c, v, "text", REQUIRED, &a->text);
            next = json_object_get(v, "next");
            out = json_object_get(v, "outcome");
            if (next != NULL && json_is_null(next))
                next = NULL;
            if (out != NULL && json_is_null(out))
                out = NULL;
            if ((next == NULL) == (out == NULL))
                problem(c, "an answer needs exactly one of \"next\" or \"outcome\"%s",
                        next == NULL ? " (it has neither, so it leads nowhere)" : " (it has both)");
            /* Both are resolved even when both are given, so that no follow-on problem
             * (an unreachable question, an unused outcome) hides the real one. */
            if (next != NULL) {
                size_t m2 = path_key(c, "next");

                a->next = reference(c, next, "question", find_question_v, s);
                path_pop(c, m2);
            }
            if (out != NULL) {
                size_t m2 = path_key(c, "outcome");

                a->outcome = reference(c, out, "outcome", find_outcome_v, s);
                path_pop(c, m2);
            }
        }
        path_pop(c, m);
    }
    path_pop(c, mark);
}

static void
parse_questions(struct ctx *c, json_t *svc, struct service *s)
{
    json_t *arr = array_field(c, svc, "questions", REQUIRED), *v;
    size_t mark, i;

    if (arr == NULL)
        return;
    mark = path_key(c, "questions");
    if (json_array_size(arr) == 0)
        problem(c, "a service needs at least one question");
    s->questions = xcalloc(json_array_size(arr) + 1, sizeof *s->questions);
    /* Ids first, so that answers may point at later questions. */
    json_array_foreach(arr, i, v)
    {
        struct question *q = &s->questions[i];
        size_t m = path_index(c, i);

        s->nquestions++;
        text_init(&q->text);
        text_init(&q->hint);
        if (is_object(c, v)) {
            check_keys(c, v, question_keys);
            q->id = id_field(c, v, "id");
            for (size_t j = 0; q->id != NULL && j < i; j++) {
                if (s->questions[j].id != NULL && strcmp(s->questions[j].id, q->id) == 0) {
                    size_t m2 = path_key(c, "id");

                    problem(c, "duplicate question id \"%s\" (also questions[%zu])", q->id, j);
                    path_pop(c, m2);
                    break;
                }
            }
            text_free(&q->text);
            text_free(&q->hint);
            text_field(c, v, "text", REQUIRED, &q->text);
            text_field(c, v, "hint", REQUIRED, &q->hint); /* shown on F1 / ? */
        }
        path_pop(c, m);
    }
    json_array_foreach(arr, i, v)
    {
        size_t m = path_index(c, i);

        if (json_is_object(v))
            parse_answers(c, v, s, &s->questions[i]);
        path_pop(c, m);
    }
    path_pop(c, mark);
}

/*
 * The flow checks of one service: every question reachable from questions[0] without a
 * cycle, every outcome used by an answer, every item used by an outcome. Dangling answers
 * were reported while parsing and are skipped here.
 */
static void
check_flow(struct ctx *c, struct service *s)
{
    size_t nq = s->nquestions;
    unsigned char *state; /* 0 unseen, 1 on the current path, 2 done */
    size_t *stack, *next_answer, depth = 0;
    bool *used;

    if (nq == 0)
        return;
    state = xcalloc(nq, 1);
    stack = xcalloc(nq, sizeof *stack);
    next_answer = xcalloc(nq, sizeof *next_answer);
    /* Depth-first from questions[0], without recursion: the catalog may be large. */
    stack[depth++] = 0;
    state[0] = 1;
    while (depth > 0) {
        size_t q = stack[depth - 1];
        struct question *qq = &s->questions[q];

        if (next_answer[q] >= qq->nanswers) {
            state[q] = 2;
            depth--;
            continue;
        }
        size_t a = next_answer[q]++;
        int to = qq->answers[a].next;

        if (to < 0)
            continue;
        if (state[to] == 1) {
            size_t m = path_key(c, "questions");

            path_index(c, q);
            path_key(c, "answers");
            path_index(c, a);
            path_key(c, "next");
            problem(c, "cycle between questions: \"%s\" leads back to \"%s\"",
                    qq->id ? qq->id : "?", s->questions[to].id ? s->questions[to].id : "?");
            path_pop(c, m);
        } else if (state[to] == 0) {
            state[to] = 1;
            stack[depth++] = (size_t)to;
        }
    }
    for (size_t q = 1; q < nq; q++) {
        if (state[q] == 0 && s->questions[q].id != NULL &&
            find_question(s, s->questions[q].id) == (int)q) { /* duplicates: reported */
            size_t m = path_key(c, "questions");

            path_index(c, q);
            problem(c, "question \"%s\" is never reached from the first question \"%s\"",
                    s->questions[q].id, s->questions[0].id ? s->questions[0].id : "?");
            path_pop(c, m);
        }
    }
    free(state);
    free(stack);
    free(next_answer);

    used = xcalloc(s->noutcomes + 1, sizeof *used);
    for (size_t q = 0; q < nq; q++)
        for (size_t a = 0; a < s->questions[q].nanswers; a++)
            if (s->questions[q].answers[a].outcome >= 0)
                used[s->questions[q].answers[a].outcome] = true;
    for (size_t o = 0; o < s->noutcomes; o++) {
        if (!used[o] && s->outcomes[o].id != NULL && find_outcome(s, s->outcomes[o].id) == (int)o) {
            size_t m = path_key(c, "outcomes");

            path_index(c, o);
            problem(c, "outcome \"%s\" is never used by any answer", s->outcomes[o].id);
            path_pop(c, m);
        }
    }
    free(used);

    used = xcalloc(s->nitems + 1, sizeof *used);
    for (size_t o = 0; o < s->noutcomes; o++)
        for (size_t k = 0; k < s->outcomes[o].nitems; k++)
            used[s->outcomes[o].items[k]] = true;
    for (size_t i = 0; i < s->nitems; i++) {
        if (!used[i] && s->items[i].id != NULL && find_item(s, s->items[i].id) == (int)i) {
            size_t m = path_key(c, "items");

            path_index(c, i);
            problem(c, "item \"%s\" is never used by any outcome", s->items[i].id);
            path_pop(c, m);
        }
    }
    free(used);
}

/* ---- a service ---- */

static const char *const service_keys[] = { "number",
                                            "code",
                                            "official_name",
                                            "plain_name",
                                            "group",
                                            "agency",
                                            "audience",
                                            "for_organisations",
                                            "tthc_code",
                                            "hotlines",
                                            "channels",
                                            "prerequisites",
                                            "fee",
                                            "time",
                                            "steps",
                                            "vneid_steps",
                                            "return_reasons",
                                            "covers",
                                            "synonyms",
                                            "sources",
                                            "editor_note",
                                            "valid_from",
                                            "valid_until",
                                            "qr",
                                            "items",
                                            "questions",
                                            "outcomes",
                                            NULL };
static const char *const qr_keys[] = { "portal",  "route",   "param",       "verified",
                                       "checked", "sources", "home_reason", NULL };

#define PARAM_CHARS "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._-"

/*
 * The service's QR target: a portal and one of its routes with a param, or the portal's home
 * page (route null) with a home_reason saying why.
 */
static void
parse_qr(struct ctx *c, json_t *svc, struct catalog *cat, struct service *s)
{
    json_t *qr = member(c, svc, "qr", REQUIRED), *pv, *rv;
    const struct portal *p = NULL;
    size_t mark;
    int pi = -1;

    s->qr_route = -1;
    text_init(&s->qr_home_reason);
    if (qr == NULL)
        return;
    mark = path_key(c, "qr");
    if (!is_object(c, qr)) {
        path_pop(c, mark);
        return;
    }
    check_keys(c, qr, qr_keys);
    pv = member(c, qr, "portal", REQUIRED);
    if (pv != NULL) {
        size_t m = path_key(c, "portal");

        pi = reference(c, pv, "portal", find_portal_v, cat);
        if (pi >= 0 && c->bad_base[pi]) {
            pi = -1; /* its base_url was reported already */
        } else if (pi >= 0 && cat->portals[pi].base_url == NULL) {
            problem(c,
                    "portal \"%s\" has no web address (base_url is null) and cannot be a "
                    "QR target",
                    cat->portals[pi].id);
            pi = -1;
        }
        path_pop(c, m);
    }
    p = pi >= 0 ? &cat->portals[pi] : NULL;
    rv = member(c, qr, "route", OPTIONAL);
    if (rv != NULL && !json_is_null(rv)) {
        size_t m = path_key(c, "route");

        if (!json_is_string(rv)) {
            problem(c, "must be a route id or null, not %s", type_name(rv));
        } else if (p != NULL) {
            for (size_t j = 0; j < p->nroutes; j++)
                if (p->routes[j].id != NULL && strcmp(p->routes[j].id, json_string_value(rv)) == 0)
                    s->qr_route = (int)j;
            if (s->qr_route < 0)
                problem(c, "unknown route \"%s\" of portal \"%s\"", json_string_value(rv), p->id);
        }
        path_pop(c, m);
    }
    string_field(c, qr, "param", OPTIONAL, &s->qr_param);
    if (s->qr_param != NULL) {
        size_t m = path_key(c, "param");

        if (!only_chars(s->qr_param, PARAM_CHARS))
            problem(c, "a param may only use letters, digits, \".\", \"_\" and \"-\": \"%s\"",
                    s->qr_param);
        else if (rv == NULL || json_is_null(rv))
            problem(c, "a param needs a route (the home page takes none)");
        else if (s->qr_route >= 0 && p->routes[s->qr_route].path != NULL &&
                 strstr(p->routes[s->qr_route].path, "{param}") == NULL)
            problem(c, "route \"%s\" has no \"{param}\" in its path, so it takes no param",
                    p->routes[s->qr_route].id);
        path_pop(c, m);
    } else if (s->qr_route >= 0 && p->routes[s->qr_route].path != NULL &&
               strstr(p->routes[s->qr_route].path, "{param}") != NULL) {
        problem(c, "route \"%s\" needs a param (its path has \"{param}\")",
                p->routes[s->qr_route].id);
    }
    bool_field(c, qr, "verified", REQUIRED, &s->qr_verified);
    s->qr_checked = date_field(c, qr, "checked", REQUIRED);
    strings_field(c, qr, "sources", &s->qr_sources);
    text_free(&s->qr_home_reason);
    if (rv == NULL || json_is_null(rv)) {
        /* A code that opens only a home page says why. */
        json_t *hr = json_object_get(qr, "home_reason");

        if (hr == NULL || json_is_null(hr))
            problem(c, "a QR code on the portal's home page (route null) needs a home_reason "
                       "saying why");
        else
            text_field(c, qr, "home_reason", REQUIRED, &s->qr_home_reason);
    } else {
        text_field(c, qr, "home_reason", OPTIONAL, &s->qr_home_reason);
        if (s->qr_home_reason.vi[0] != '\0') {
            size_t m = path_key(c, "home_reason");

            problem(c, "only a QR code on the home page (route null) has a home_reason");
            path_pop(c, m);
        }
    }
    if (p != NULL) {
        s->qr_portal = (size_t)pi;
        s->qr_url = build_qr_url(s, p, NULL, &s->qr_is_procedure);
        if (strlen(s->qr_url) > CATALOG_QR_URL_MAX)
            problem(c, "QR URL is %zu bytes, over the limit of %d: \"%s\"", strlen(s->qr_url),
                    CATALOG_QR_URL_MAX, s->qr_url);
    }
    path_pop(c, mark);
}

static void
parse_service(struct ctx *c, json_t *v, struct catalog *cat, size_t idx)
{
    struct service *s = &cat->services[idx];
    json_t *num, *arr, *e;
    size_t i, m;

    s->file_index = idx;
    text_init(&s->official_name);
    text_init(&s->plain_name);
    text_init(&s->agency.text);
    text_init(&s->audience.text);
    text_init(&s->fee.text);
    text_init(&s->time.text);
    text_init(&s->tthc.text);
    if (!is_object(c, v))
        return;
    text_free(&s->official_name);
    text_free(&s->plain_name);
    text_free(&s->agency.text);
    text_free(&s->audience.text);
    text_free(&s->fee.text);
    text_free(&s->time.text);
    text_free(&s->tthc.text);
    check_keys(c, v, service_keys);

    num = member(c, v, "number", REQUIRED);
    if (num != NULL) {
        m = path_key(c, "number");
        s->number = positive_int(c, num);
        for (size_t j = 0; s->number > 0 && j < idx; j++) {
            if (cat->services[j].number == s->number) {
                problem(c, "duplicate service number %d (also services[%zu])", s->number, j);
                break;
            }
        }
        path_pop(c, m);
    }
    if (string_field(c, v, "code", REQUIRED, &s->code) && s->code != NULL) {
        m = path_key(c, "code");
        if (!only_chars(s->code, CODE_CHARS))
            problem(c, "a code may only use a-z, 0-9 and \"_\": \"%s\"", s->code);
        for (size_t j = 0; j < idx; j++) {
            if (cat->services[j].code != NULL && strcmp(cat->services[j].code, s->code) == 0) {
                problem(c, "duplicate service code \"%s\" (also services[%zu])", s->code, j);
                break;
            }
        }
        path_pop(c, m);
    }
    text_field(c, v, "official_name", REQUIRED, &s->official_name);
    text_field(c, v, "plain_name", REQUIRED, &s->plain_name);
    e = member(c, v, "group", REQUIRED);
    if (e != NULL) {
        int g;

        m = path_key(c, "group");
        g = reference(c, e, "group", find_group_v, cat);
        s->group = g >= 0 ? (size_t)g : 0;
        path_pop(c, m);
    }
    fact_field(c, v, "agency", cat, false, &s->agency);
    fact_field(c, v, "audience", cat, false, &s->audience);
    bool_field(c, v, "for_organisations", OPTIONAL, &s->for_organisations);
    fact_field(c, v, "tthc_code", cat, false, &s->tthc);
    fact_field(c, v, "fee", cat, true, &s->fee);
    fact_field(c, v, "time", cat, false, &s->time);
    arr = array_field(c, v, "hotlines", OPTIONAL);
    if (arr != NULL && json_array_size(arr) > 0) {
        m = path_key(c, "hotlines");
        s->hotlines = xcalloc(json_array_size(arr), sizeof *s->hotlines);
        json_array_foreach(arr, i, e)
        {
            size_t m2 = path_index(c, i);

            fact_value(c, e, cat, false, &s->hotlines[s->nhotlines++]);
            path_pop(c, m2);
        }
        path_pop(c, m);
    }

    arr = array_field(c, v, "channels", OPTIONAL);
    if (arr != NULL) {
        m = path_key(c, "channels");
        json_array_foreach(arr, i, e)
        {
            size_t m2 = path_index(c, i);

            if (reference(c, e, "portal", find_portal_v, cat) >= 0)
                strlist_add(&s->channels, json_string_value(e));
            path_pop(c, m2);
        }
        path_pop(c, m);
    }
    arr = array_field(c, v, "prerequisites", OPTIONAL);
    if (arr != NULL) {
        m = path_key(c, "prerequisites");
        s->prereqs = xcalloc(json_array_size(arr) + 1, sizeof *s->prereqs);
        json_array_foreach(arr, i, e)
        {
            size_t m2 = path_index(c, i);
            int p = reference(c, e, "prerequisite", find_prereq_v, cat);

            if (p >= 0)
                s->prereqs[s->nprereqs++] = (size_t)p;
            path_pop(c, m2);
        }
        path_pop(c, m);
    }
    texts_field(c, v, "steps", &s->steps, &s->nsteps);
    texts_field(c, v, "return_reasons", &s->reasons, &s->nreasons);
    texts_field(c, v, "vneid_steps", &s->vneid_steps, &s->nvneid_steps);
    s->editor_note = note_field(c, v);
    arr = array_field(c, v, "covers", OPTIONAL);
    if (arr != NULL) {
        m = path_key(c, "covers");
        s->covers = xcalloc(json_array_size(arr) + 1, sizeof *s->covers);
        json_array_foreach(arr, i, e)
        {
            size_t m2 = path_index(c, i);
            int n = positive_int(c, e); /* checked against the numbers later */

            if (n > 0)
                s->covers[s->ncovers++] = n;
            path_pop(c, m2);
        }
        path_pop(c, m);
    }
    strings_field(c, v, "synonyms", &s->synonyms);
    strings_field(c, v, "sources", &s->sources);
    validity_fields(c, v, &s->valid_from, &s->valid_until);
    parse_qr(c, v, cat, s);
    parse_items(c, v, s);
    parse_outcomes(c, v, cat, s);
    parse_questions(c, v, s);
    check_flow(c, s);
}

static const struct service *
find_number(const struct catalog *cat, int number)
{
    for (size_t i = 0; i < cat->nservices; i++)
        if (cat->services[i].number == number)
            return &cat->services[i];
    return NULL;
}

/* covers and suggest name other services: check them once every number is known. */
static void
check_service_numbers(struct ctx *c, json_t *services, const struct catalog *cat)
{
    size_t i, k, o;
    json_t *v, *e, *arr, *ov;

    json_array_foreach(services, i, v)
    {
        const struct service *s = &cat->services[i];
        size_t m = path_key(c, "services");

        path_index(c, i);
        arr = json_is_object(v) ? json_object_get(v, "covers") : NULL;
        if (json_is_array(arr)) {
            json_array_foreach(arr, k, e)
            {
                json_int_t n = json_is_integer(e) ? json_integer_value(e) : 0;
                size_t m2;

                if (n < 1 || n > INT_MAX)
                    continue;
                m2 = path_key(c, "covers");
                path_index(c, k);
                if (n == s->number)
                    problem(c, "a bundle cannot cover itself (%lld)", (long long)n);
                else if (find_number(cat, (int)n) == NULL)
                    problem(c, "unknown service number %lld", (long long)n);
                path_pop(c, m2);
            }
        }
        arr = json_is_object(v) ? json_object_get(v, "outcomes") : NULL;
        if (json_is_array(arr)) {
            json_array_foreach(arr, o, ov)
            {
                json_t *sug = json_is_object(ov) ? json_object_get(ov, "suggest") : NULL;
                json_int_t n = json_is_integer(sug) ? json_integer_value(sug) : 0;
                size_t m2;

                if (n < 1 || n > INT_MAX)
                    continue;
                m2 = path_key(c, "outcomes");
                path_index(c, o);
                path_key(c, "suggest");
                if (n == s->number)
                    problem(c, "an outcome cannot suggest its own service (%lld)", (long long)n);
                else if (find_number(cat, (int)n) == NULL)
                    problem(c, "unknown service number %lld", (long long)n);
                path_pop(c, m2);
            }
        }
        path_pop(c, m);
    }
}

static int
cmp_service(const void *a, const void *b)
{
    const struct service *x = a, *y = b;

    return (x->number > y->number) - (x->number < y->number);
}

/* Parse one top-level array with fn(element) into an array of count elements of size sz. */
static json_t *
top_array(struct ctx *c, json_t *root, const char *key, enum req req, void **out, size_t *n,
          size_t sz)
{
    json_t *arr = array_field(c, root, key, req);

    *out = NULL;
    *n = 0;
    if (arr == NULL)
        return NULL;
    *out = xcalloc(json_array_size(arr) + 1, sz);
    *n = json_array_size(arr);
    return arr;
}

static const char *const top_keys[] = { "schema",        "version",          "portals",  "groups",
                                        "prerequisites", "exemption_groups", "services", NULL };

/* The file's "schema" must be CATALOG_SCHEMA; false (after one message) otherwise. */
static bool
check_schema(struct ctx *c, json_t *root)
{
    json_t *v = json_object_get(root, "schema");

    if (v == NULL || (json_is_integer(v) && json_integer_value(v) == 1)) {
        problem(c,
                "this catalog is in format 1 (it has no \"schema\": %d); this kiosk reads "
                "format %d only. Convert it as assets/CATALOG.md says under \"Converting a "
                "format-1 catalog\"",
                CATALOG_SCHEMA, CATALOG_SCHEMA);
        return false;
    }
    if (!json_is_integer(v) || json_integer_value(v) != CATALOG_SCHEMA) {
        size_t mark = path_key(c, "schema");

        problem(c, "unknown catalog format (this kiosk reads \"schema\": %d)", CATALOG_SCHEMA);
        path_pop(c, mark);
        return false;
    }
    return true;
}

/* Validate root into cat (already allocated and zeroed). */
static void
parse_catalog(struct ctx *c, json_t *root, struct catalog *cat)
{
    json_t *arr, *v;
    size_t i, m;
    void *p;

    if (!json_is_object(root)) {
        problem(c, "the catalog must be a JSON object, not %s", type_name(root));
        return;
    }
    if (!check_schema(c, root))
        return;
    check_keys(c, root, top_keys);
    string_field(c, root, "version", REQUIRED, &cat->version);

    arr = top_array(c, root, "portals", REQUIRED, &p, &cat->nportals, sizeof *cat->portals);
    cat->portals = p;
    c->bad_base = xcalloc(cat->nportals + 1, sizeof *c->bad_base);
    if (arr != NULL) {
        m = path_key(c, "portals");
        if (json_array_size(arr) == 0)
            problem(c, "the catalog has no portals");
        json_array_foreach(arr, i, v)
        {
            size_t m2 = path_index(c, i);

            parse_portal(c, v, cat, i);
            path_pop(c, m2);
        }
        path_pop(c, m);
    }
    arr = top_array(c, root, "groups", REQUIRED, &p, &cat->ngroups, sizeof *cat->groups);
    cat->groups = p;
    if (arr != NULL) {
        m = path_key(c, "groups");
        json_array_foreach(arr, i, v)
        {
            size_t m2 = path_index(c, i);

            parse_group(c, v, cat, i);
            path_pop(c, m2);
        }
        path_pop(c, m);
    }
    arr = top_array(c, root, "prerequisites", OPTIONAL, &p, &cat->nprereqs, sizeof *cat->prereqs);
    cat->prereqs = p;
    if (arr != NULL) {
        m = path_key(c, "prerequisites");
        json_array_foreach(arr, i, v)
        {
            size_t m2 = path_index(c, i);

            parse_prereq(c, v, cat, i);
            path_pop(c, m2);
        }
        path_pop(c, m);
    }
    arr = top_array(c, root, "exemption_groups", OPTIONAL, &p, &cat->nexgroups,
                    sizeof *cat->exgroups);
    cat->exgroups = p;
    if (arr != NULL) {
        m = path_key(c, "exemption_groups");
        json_array_foreach(arr, i, v)
        {
            size_t m2 = path_index(c, i);

            parse_exgroup(c, v, cat, i);
            path_pop(c, m2);
        }
        path_pop(c, m);
    }
    arr = top_array(c, root, "services", REQUIRED, &p, &cat->nservices, sizeof *cat->services);
    cat->services = p;
    if (arr != NULL) {
        m = path_key(c, "services");
        if (json_array_size(arr) == 0)
            problem(c, "the catalog has no services");
        json_array_foreach(arr, i, v)
        {
            size_t m2 = path_index(c, i);

            parse_service(c, v, cat, i);
            path_pop(c, m2);
        }
        path_pop(c, m);
        check_service_numbers(c, arr, cat);
    }
}

static char *
hash_hex(const char *buf, size_t len)
{
    /* BLAKE2b-256: as strong a content version as SHA-256, at a quarter of the start-up
     * instructions for a quarter-megabyte catalog. */
    unsigned char h[crypto_generichash_BYTES];
    char hex[crypto_generichash_BYTES * 2 + 1];

    if (sodium_init() < 0)
        die("libsodium cannot be initialised");
    crypto_generichash(h, sizeof h, (const unsigned char *)buf, len, NULL, 0);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    return xstrdup(hex);
}

int
catalog_load_buffer(const char *name, const char *buf, size_t len, struct catalog **out,
                    struct strlist *problems)
{
    struct ctx c = { .name = name, .problems = problems };
    struct catalog *cat;
    json_error_t err;
    json_t *root;

    *out = NULL;
    /* A byte order mark, as Windows Notepad saves UTF-8, is not part of the JSON. */
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
        buf += 3;
        len -= 3;
    }
    root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);
    if (root == NULL) {
        if (problems != NULL) {
            if (err.line > 0)
                strlist_addf(problems, "%s:%d:%d: %s", name, err.line, err.column, err.text);
            else
                strlist_addf(problems, "%s: %s", name, err.text);
        }
        return -1;
    }
    cat = xcalloc(1, sizeof *cat);
    strbuf_init(&c.path);
    parse_catalog(&c, root, cat);
    strbuf_done(&c.path);
    free(c.bad_base);
    json_decref(root);
    if (c.nproblems > 0) {
        catalog_free(cat);
        return -1;
    }
    qsort(cat->services, cat->nservices, sizeof *cat->services, cmp_service);
    cat->path = xstrdup(name);
    cat->hash = hash_hex(buf, len);
    *out = cat;
    return 0;
}

int
catalog_load(const char *path, struct catalog **out, struct strlist *problems)
{
    struct strbuf b;
    char chunk[8192];
    size_t n;
    FILE *f;
    int rc;

    *out = NULL;
    f = fopen(path, "rb");
    if (f == NULL) {
        if (problems != NULL)
            strlist_addf(problems, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    strbuf_init(&b);
    strbuf_add(&b, "", 0);
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        strbuf_add(&b, chunk, n);
    if (ferror(f)) {
        if (problems != NULL)
            strlist_addf(problems, "%s: cannot read: %s", path, strerror(errno));
        fclose(f);
        strbuf_done(&b);
        return -1;
    }
    fclose(f);
    rc = catalog_load_buffer(path, b.s, b.len, out, problems);
    strbuf_done(&b);
    return rc;
}

/* ---- after loading ---- */

int
catalog_set_portal_base(struct catalog *cat, const char *portal_id, const char *base_url,
                        struct strlist *problems)
{
    struct ctx c = { .name = "kiosk.conf", .problems = problems };
    int pi = find_portal(cat, portal_id);
    char *base, **urls;
    bool *procs;
    size_t len;
    int rc = 0;

    if (pi < 0) {
        if (problems != NULL)
            strlist_addf(problems, "kiosk.conf: unknown portal \"%s\"", portal_id);
        return -1;
    }
    if (base_url == NULL)
        base_url = "";
    base = xstrdup(base_url);
    len = strlen(base);
    while (len > 9 && base[len - 1] == '/') /* "https://x/" → "https://x" */
        base[--len] = '\0';
    strbuf_init(&c.path);
    strbuf_printf(&c.path, "portal \"%s\"", portal_id);
    if (!check_base_url(&c, base)) {
        strbuf_done(&c.path);
        free(base);
        return -1;
    }
    /* Build every affected URL first: the catalog changes only when all of them fit. */
    urls = xcalloc(cat->nservices + 1, sizeof *urls);
    procs = xcalloc(cat->nservices + 1, sizeof *procs);
    for (size_t i = 0; i < cat->nservices; i++) {
        struct service *s = &cat->services[i];

        if (s->qr_portal != (size_t)pi || s->qr_url == NULL)
            continue;
        urls[i] = build_qr_url(s, &cat->portals[pi], base, &procs[i]);
        if (strlen(urls[i]) > CATALOG_QR_URL_MAX) {
            problem(&c, "service %d (%s): QR URL would be %zu bytes, over the limit of %d: \"%s\"",
                    s->number, s->code, strlen(urls[i]), CATALOG_QR_URL_MAX, urls[i]);
            rc = -1;
        }
    }
    for (size_t i = 0; i < cat->nservices; i++) {
        if (urls[i] == NULL)
            continue;
        if (rc == 0) {
            free(cat->services[i].qr_url);
            cat->services[i].qr_url = urls[i];
            cat->services[i].qr_is_procedure = procs[i];
        } else {
            free(urls[i]);
        }
    }
    if (rc == 0) {
        free(cat->portals[pi].base_url);
        cat->portals[pi].base_url = base;
    } else {
        free(base);
    }
    free(urls);
    free(procs);
    strbuf_done(&c.path);
    return rc;
}

const struct service *
catalog_service(const struct catalog *cat, int number)
{
    return cat != NULL ? find_number(cat, number) : NULL;
}

const struct service *
catalog_service_by_code(const struct catalog *cat, const char *code)
{
    if (cat == NULL || code == NULL)
        return NULL;
    for (size_t i = 0; i < cat->nservices; i++)
        if (strcmp(cat->services[i].code, code) == 0)
            return &cat->services[i];
    return NULL;
}

const struct portal *
catalog_portal(const struct catalog *cat, const char *id)
{
    int i;

    if (cat == NULL || id == NULL)
        return NULL;
    i = find_portal(cat, id);
    return i >= 0 ? &cat->portals[i] : NULL;
}

/* Valid on date when from <= date <= until (inclusive; NULL until = open-ended). */
static bool
dates_cover(const char *from, const char *until, const char *date)
{
    if (date == NULL)
        return true;
    if (from != NULL && strcmp(date, from) < 0)
        return false;
    return until == NULL || strcmp(date, until) <= 0;
}

bool
catalog_service_active(const struct service *svc, const char *date)
{
    return svc != NULL && dates_cover(svc->valid_from, svc->valid_until, date);
}

bool
catalog_portal_active(const struct portal *p, const char *date)
{
    return p != NULL && dates_cover(p->valid_from, p->valid_until, date);
}

bool
catalog_route_active(const struct route *r, const char *date)
{
    return r != NULL && dates_cover(r->valid_from, r->valid_until, date);
}

const struct fact *
catalog_fact_at(const struct fact *f, const char *date)
{
    for (; f != NULL; f = f->next)
        if (dates_cover(f->valid_from, f->valid_until, date))
            return f;
    return NULL;
}

bool
catalog_fact_shown(const struct fact *f, const char *date)
{
    const struct fact *v = catalog_fact_at(f, date);

    return v != NULL && v->verified && !blank(v->text.vi) && !blank(v->text.en);
}

const char *
catalog_fact_text(const struct fact *f, const char *date, enum lang lang)
{
    if (catalog_fact_shown(f, date))
        return tx_in(lang, &catalog_fact_at(f, date)->text);
    return tr_in(lang, MSG_ASK_OFFICER);
}

char *
catalog_fee_exemptions(const struct catalog *cat, const struct fact *fee, const char *date,
                       enum lang lang)
{
    const struct fact *v = catalog_fact_at(fee, date);
    struct strbuf b;
    char *s;

    /* The groups carry their own sources: they are shown even when the amount is not
     * verified ("Lệ phí: hỏi cán bộ tại quầy", then who pays nothing). */
    if (cat == NULL || v == NULL || v->nexempt == 0)
        return NULL;
    strbuf_init(&b);
    for (size_t i = 0; i < v->nexempt; i++) {
        if (v->exempt[i] >= cat->nexgroups)
            continue;
        if (b.len > 0)
            strbuf_puts(&b, "; ");
        strbuf_puts(&b, tx_in(lang, &cat->exgroups[v->exempt[i]].text));
    }
    if (b.len == 0) {
        strbuf_done(&b);
        return NULL;
    }
    xasprintf(&s, "%s: %s", tr_in(lang, MSG_FEE_EXEMPT), b.s);
    strbuf_done(&b);
    return s;
}

const struct fact *
catalog_outcome_fee(const struct service *svc, const struct outcome *oc)
{
    return oc != NULL && oc->fee != NULL ? oc->fee : &svc->fee;
}

const struct fact *
catalog_outcome_time(const struct service *svc, const struct outcome *oc)
{
    return oc != NULL && oc->time != NULL ? oc->time : &svc->time;
}

const struct portal *
catalog_portal_on(const struct catalog *cat, const char *id, const char *date)
{
    const struct portal *p = catalog_portal(cat, id);

    return catalog_portal_active(p, date) ? p : NULL;
}

/* The portal and route (NULL = home page) of the service's QR code. */
static const struct portal *
qr_target(const struct catalog *cat, const struct service *svc, const struct route **route)
{
    const struct portal *p;

    *route = NULL;
    if (cat == NULL || svc == NULL || svc->qr_url == NULL || svc->qr_portal >= cat->nportals)
        return NULL;
    p = &cat->portals[svc->qr_portal];
    if (svc->qr_route >= 0 && (size_t)svc->qr_route < p->nroutes)
        *route = &p->routes[svc->qr_route];
    return p;
}

const char *
catalog_service_qr(const struct catalog *cat, const struct service *svc, const char *date)
{
    const struct route *r;
    const struct portal *p = qr_target(cat, svc, &r);

    if (p == NULL || !catalog_portal_active(p, date) ||
        (r != NULL && !catalog_route_active(r, date)))
        return NULL;
    return svc->qr_url;
}

const struct i18n_text *
catalog_qr_opens(const struct catalog *cat, const struct service *svc)
{
    const struct route *r;
    const struct portal *p = qr_target(cat, svc, &r);

    if (p == NULL)
        return NULL;
    return r != NULL ? &r->opens : &p->opens_home;
}

/* Does url match base + path, where "{param}" in path stands for one or more characters? */
static bool
url_matches(const char *url, const char *base, const char *path)
{
    size_t bl = strlen(base);
    const char *at;

    if (strncmp(url, base, bl) != 0)
        return false;
    url += bl;
    while ((at = strstr(path, "{param}")) != NULL) {
        size_t pl = (size_t)(at - path);
        const char *next = at + 7, *end;
        size_t nl;

        if (strncmp(url, path, pl) != 0)
            return false;
        url += pl;
        /* The param runs up to the next literal part (or to the end). */
        end = strchr(next, '{');
        nl = end != NULL ? (size_t)(end - next) : strlen(next);
        if (nl == 0) {
            if (end != NULL)
                return false; /* two params in a row: not a form we use */
            return url[0] != '\0';
        }
        {
            const char *hit = NULL;

            for (const char *q = url + 1; *q != '\0' && hit == NULL; q++)
                if (strncmp(q, next, nl) == 0)
                    hit = q;
            if (hit == NULL || hit == url)
                return false;
            url = hit;
        }
        path = next;
    }
    return strcmp(url, path) == 0;
}

/* Each version of f (a field of the service at path) to fn. */
static void
each_version(const struct fact *f, const char *path, const char *field,
             void (*fn)(void *, const char *, const char *, const struct fact *), void *ctx)
{
    for (; f != NULL; f = f->next) {
        char *p;

        if (f->version >= 0)
            xasprintf(&p, "%s[%d]", path, f->version);
        else
            p = xstrdup(path);
        fn(ctx, p, field, f);
        free(p);
    }
}

void
catalog_each_fact(const struct service *svc,
                  void (*fn)(void *ctx, const char *path, const char *field,
                             const struct fact *version),
                  void *ctx)
{
    static const char *const names[] = { "agency", "audience", "tthc_code", "fee", "time" };
    const struct fact *facts[] = { &svc->agency, &svc->audience, &svc->tthc, &svc->fee,
                                   &svc->time };
    char *path;

    for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++) {
        xasprintf(&path, "services[%zu].%s", svc->file_index, names[i]);
        each_version(facts[i], path, names[i], fn, ctx);
        free(path);
    }
    for (size_t i = 0; i < svc->nhotlines; i++) {
        xasprintf(&path, "services[%zu].hotlines[%zu]", svc->file_index, i);
        each_version(&svc->hotlines[i], path, "hotlines", fn, ctx);
        free(path);
    }
    for (size_t i = 0; i < svc->noutcomes; i++) {
        const struct outcome *o = &svc->outcomes[i];

        if (o->fee != NULL) {
            xasprintf(&path, "services[%zu].outcomes[%zu].fee", svc->file_index, i);
            each_version(o->fee, path, "fee", fn, ctx);
            free(path);
        }
        if (o->time != NULL) {
            xasprintf(&path, "services[%zu].outcomes[%zu].time", svc->file_index, i);
            each_version(o->time, path, "time", fn, ctx);
            free(path);
        }
    }
}

long
catalog_days_between(const char *a, const char *b)
{
    if (a == NULL || b == NULL || !date_valid(a) || !date_valid(b))
        return 0;
    return (long)(period_day_number(b) - period_day_number(a));
}

size_t
catalog_check_dated(const struct catalog *cat, const char *date, struct strlist *problems)
{
    size_t n = 0;

    for (size_t i = 0; i < cat->nservices; i++) {
        const struct service *s = &cat->services[i];
        const struct route *r;
        const struct portal *p = qr_target(cat, s, &r);

        if (p == NULL || !catalog_service_active(s, date))
            continue;
        if (!catalog_portal_active(p, date)) {
            strlist_addf(problems,
                         "%s: services[%zu].qr: service %d (%s): the portal \"%s\" is not valid "
                         "on %s (valid %s to %s)",
                         cat->path, i, s->number, s->code, p->id, date, p->valid_from,
                         p->valid_until != NULL ? p->valid_until : "open-ended");
            n++;
            continue;
        }
        if (r != NULL && !catalog_route_active(r, date)) {
            strlist_addf(problems,
                         "%s: services[%zu].qr.route: service %d (%s): the route \"%s\" of "
                         "portal \"%s\" is not valid on %s (valid %s to %s)",
                         cat->path, i, s->number, s->code, r->id, p->id, date, r->valid_from,
                         r->valid_until != NULL ? r->valid_until : "open-ended");
            n++;
            continue;
        }
        /* The same page through another portal entry or a hand-made path. */
        for (size_t j = 0; j < cat->nportals; j++) {
            const struct portal *o = &cat->portals[j];

            for (size_t k = 0; o->base_url != NULL && k < o->nroutes; k++) {
                const struct route *old = &o->routes[k];

                if (old->valid_until == NULL || strcmp(old->valid_until, date) >= 0)
                    continue;
                if (url_matches(s->qr_url, o->base_url, old->path)) {
                    strlist_addf(problems,
                                 "%s: services[%zu].qr: service %d (%s): \"%s\" is a page of "
                                 "the route \"%s\" of portal \"%s\", retired on %s",
                                 cat->path, i, s->number, s->code, s->qr_url, old->id, o->id,
                                 old->valid_until);
                    n++;
                }
            }
        }
    }
    return n;
}

const struct portal *
catalog_provincial(const struct catalog *cat, const char *date)
{
    if (cat == NULL)
        return NULL;
    for (size_t i = 0; i < cat->nportals; i++) {
        const struct portal *p = &cat->portals[i];

        if (p->provincial)
            return p->base_url != NULL && catalog_portal_active(p, date) ? p : NULL;
    }
    return NULL;
}

int
catalog_apply_overrides(struct catalog *cat, const char *national_url, const char *provincial_url,
                        struct strlist *problems)
{
    int rc = 0;

    if (national_url != NULL && national_url[0] != '\0') {
        const struct portal *dvcqg = catalog_portal(cat, "dvcqg");
        char *site = dvcqg != NULL && dvcqg->base_url != NULL ? xstrdup(dvcqg->base_url) : NULL;

        /* Every portal on the national site moves with it (the procedure pages come in two
         * URL patterns, kept as two portals). */
        for (size_t i = 0; site != NULL && i < cat->nportals; i++) {
            const struct portal *p = &cat->portals[i];

            if (p->base_url != NULL && strcmp(p->base_url, site) == 0 &&
                catalog_set_portal_base(cat, p->id, national_url, problems) != 0)
                rc = -1;
        }
        free(site);
    }
    if (provincial_url != NULL && provincial_url[0] != '\0') {
        for (size_t i = 0; i < cat->nportals; i++)
            if (cat->portals[i].provincial &&
                catalog_set_portal_base(cat, cat->portals[i].id, provincial_url, problems) != 0)
                rc = -1;
    }
    return rc;
}
