/*
 * Search over the active services. Every name, synonym and code is folded once when the
 * index is built (text_fold: lower case, no diacritics, punctuation as spaces); a keystroke
 * folds the query (composed and raw) and compares words, with no other allocation.
 *
 * Scoring: every word of the query must match the start of a word of the service (its names,
 * English names, synonyms or code). A word scores by where it matched (Vietnamese names
 * above English names above synonyms and the code) and how (a whole word above a prefix);
 * the best place counts. The query found as a phrase adds a little, a whole field equal to
 * the query more. A query of digits only is a service number: that service alone, scored
 * above any text match; a number among other words counts as a word of that service's name.
 * Ties go to the lower service number.
 */
#include "search.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "text.h"
#include "xmalloc.h"

enum field_kind { FIELD_CODE, FIELD_SYNONYM, FIELD_ENGLISH, FIELD_NAME };

/* Per-word scores: kind first, then whole word (2) above prefix (1). */
#define KIND_WEIGHT  10
#define NUMBER_SCORE 1000

struct field {
    char *text; /* folded, owned */
    enum field_kind kind;
};

struct entry {
    const struct service *svc;
    struct field *fields;
    size_t nfields;
};

struct search_index {
    struct entry *entries;
    size_t n;
};

static void
add_field(struct entry *e, const char *s, enum field_kind kind)
{
    char *f;

    if (s == NULL)
        return;
    f = text_fold(s);
    if (*f == '\0') {
        free(f);
        return;
    }
    e->fields = xreallocarray(e->fields, e->nfields + 1, sizeof *e->fields);
    e->fields[e->nfields].text = f;
    e->fields[e->nfields].kind = kind;
    e->nfields++;
}

struct search_index *
search_index_new(const struct catalog *cat, const char *date)
{
    struct search_index *idx = xcalloc(1, sizeof *idx);
    const struct service *svc;
    struct entry *e;
    size_t i, j;

    if (cat == NULL)
        return idx;
    idx->entries = xcalloc(cat->nservices, sizeof *idx->entries);
    for (i = 0; i < cat->nservices; i++) {
        svc = &cat->services[i];
        if (date != NULL && !catalog_service_active(svc, date))
            continue;
        e = &idx->entries[idx->n++];
        e->svc = svc;
        add_field(e, svc->official_name.vi, FIELD_NAME);
        add_field(e, svc->plain_name.vi, FIELD_NAME);
        add_field(e, svc->official_name.en, FIELD_ENGLISH);
        add_field(e, svc->plain_name.en, FIELD_ENGLISH);
        for (j = 0; j < svc->synonyms.n; j++)
            add_field(e, svc->synonyms.v[j], FIELD_SYNONYM);
        add_field(e, svc->code, FIELD_CODE);
    }
    return idx;
}

void
search_index_free(struct search_index *idx)
{
    size_t i, j;

    if (idx == NULL)
        return;
    for (i = 0; i < idx->n; i++) {
        for (j = 0; j < idx->entries[i].nfields; j++)
            free(idx->entries[i].fields[j].text);
        free(idx->entries[i].fields);
    }
    free(idx->entries);
    free(idx);
}

/* How word w (len bytes) matches a word of folded text f: 2 whole, 1 prefix, 0 not. */
static int
match_word(const char *f, const char *w, size_t len)
{
    const char *p = f;
    size_t flen;
    int best = 0;

    while (*p != '\0') {
        flen = strcspn(p, " ");
        if (flen >= len && memcmp(p, w, len) == 0) {
            if (flen == len)
                return 2;
            best = 1;
        }
        p += flen;
        while (*p == ' ')
            p++;
    }
    return best;
}

/* Does the whole query q start a word somewhere in f? */
static bool
has_phrase(const char *f, const char *q)
{
    size_t len = strlen(q);
    const char *p = f;

    for (;;) {
        if (strncmp(p, q, len) == 0)
            return true;
        p = strchr(p, ' ');
        if (p == NULL)
            return false;
        p++;
    }
}

/* The value of the digits w[0, len). */
static int
word_number(const char *w, size_t len)
{
    int n = 0;
    size_t i;

    for (i = 0; i < len; i++)
        n = n * 10 + (w[i] - '0');
    return n;
}

static int
score_text(const struct entry *e, const char *q)
{
    const char *w = q;
    size_t len, i;
    int total = 0, best, m, s, bonus = 0;
    bool several = strchr(q, ' ') != NULL;

    while (*w != '\0') {
        len = strcspn(w, " ");
        best = 0;
        for (i = 0; i < e->nfields; i++) {
            m = match_word(e->fields[i].text, w, len);
            s = m == 0 ? 0 : (int)e->fields[i].kind * KIND_WEIGHT + 10 + m;
            if (s > best)
                best = s;
        }
        /* "15 khai sinh": a number among words names the service like a word of its name */
        if (len < 6 && strspn(w, "0123456789") >= len && word_number(w, len) == e->svc->number)
            best = (int)FIELD_NAME * KIND_WEIGHT + 12;
        if (best == 0)
            return 0;
        total += best;
        w += len;
        if (*w == ' ')
            w++;
    }
    for (i = 0; i < e->nfields; i++) {
        s = (int)e->fields[i].kind + 1;
        if (strcmp(e->fields[i].text, q) == 0)
            s *= 4;
        else if (several && has_phrase(e->fields[i].text, q))
            s *= 2;
        else
            s = 0;
        if (s > bonus)
            bonus = s;
    }
    return total + bonus;
}

/* The service number a digits-only query names, 0 when q is not one. */
static int
query_number(const char *q)
{
    int n = 0;
    size_t i;

    for (i = 0; q[i] != '\0'; i++) {
        if (q[i] < '0' || q[i] > '9' || i >= 6)
            return -1;
        n = n * 10 + (q[i] - '0');
    }
    return i == 0 ? -1 : n;
}

static int
score(const struct entry *e, const char *q)
{
    int num;

    if (q == NULL || *q == '\0')
        return 0;
    num = query_number(q);
    if (num >= 0)
        return num == e->svc->number ? NUMBER_SCORE : 0;
    return score_text(e, q);
}

/* Insert a hit into out (n used of max), best first, ties by service number. */
static size_t
insert_hit(struct search_hit *out, size_t n, size_t max, const struct service *svc, int sc)
{
    size_t k = n < max ? n : max - 1;

    if (n == max &&
        (sc < out[k].score || (sc == out[k].score && svc->number >= out[k].svc->number)))
        return n;
    while (k > 0 && (out[k - 1].score < sc ||
                     (out[k - 1].score == sc && out[k - 1].svc->number > svc->number))) {
        out[k] = out[k - 1];
        k--;
    }
    out[k].svc = svc;
    out[k].score = sc;
    return n < max ? n + 1 : n;
}

size_t
search_run(const struct search_index *idx, const char *composed, const char *raw,
           struct search_hit *out, size_t max)
{
    char *fc = text_fold(composed != NULL ? composed : "");
    char *fr = text_fold(raw != NULL ? raw : "");
    size_t i, n = 0;
    int sc, sr;

    if (idx == NULL || max == 0)
        goto done;
    if (strcmp(fc, fr) == 0)
        fr[0] = '\0';
    for (i = 0; i < idx->n; i++) {
        sc = score(&idx->entries[i], fc);
        sr = score(&idx->entries[i], fr);
        if (sr > sc)
            sc = sr;
        if (sc > 0)
            n = insert_hit(out, n, max, idx->entries[i].svc, sc);
    }
done:
    free(fc);
    free(fr);
    return n;
}
