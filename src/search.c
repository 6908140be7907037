/*
 * Search over the active services, ranked by how much of what the resident typed a service
 * explains.
 *
 * The index: every name, English name, synonym and code of a service is folded once
 * (text_fold: lower case, no diacritics, punctuation as spaces) into a field, a list of
 * words. Each distinct word is kept once in a vocabulary with the number of services that
 * use it.
 *
 * A keystroke folds the query (the composed text and the raw keys) into words, and rates
 * every vocabulary word against every query word once:
 *  - the same word (100); the start of a word (80 for the word still being typed, 65 for
 *    an earlier word of three letters or more);
 *  - one typo (75): a letter wrong, missing, extra, or two letters swapped, in words of four
 *    letters or more typed (only two swapped letters in a three-letter word) that are no
 *    word of the catalog (Vietnamese words one letter apart are often both words: "tặng",
 *    "đăng");
 *  - the raw keys' word when it rates higher than the composed one ("tax" typed in
 *    Vietnamese composes to "tã", which only starts words; "tax" itself is a word);
 *  - words run together (95, or 75 while still being typed): "khaisinh" is "khai sinh",
 *    tried for a query word that is no word of the vocabulary.
 * A query word weighs by how telling it is: little words residents add ("cho", "làm",
 * "của", "người", "for", "my"…) and words no service has weigh 1, a word used by many
 * services 2, by few up to 6.
 * Words that are little in one language and telling in the other ("can": cần, căn cước;
 * "the": thẻ; "bao": báo, bảo; "ve": về, vé) are not little words.
 *
 * A service scores, out of about 1,200:
 *  - coverage (0–1000): the weighted share of the query's words it has, each at its best
 *    rate in any of its fields;
 *  - phrase (40 per word): the most query words found one after the other in one field;
 *  - explained (0–100): the largest share of one field's words that the query has (the
 *    query "báo tử" explains the synonym "báo tử" in full).
 * A query of digits only is a service number: that service alone, above any text. A number
 * among other words is also a word of that service's name ("15 khai sinh"). Services with
 * less than 30% coverage, or less than half the best service's, are left out. Ties go to the
 * lower number.
 */
#include "search.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "text.h"
#include "xmalloc.h"

enum field_kind { FIELD_CODE, FIELD_SYNONYM, FIELD_ENGLISH, FIELD_NAME };

#define NUMBER_SCORE 100000
#define QWORDS_MAX   16 /* query words looked at; more are ignored */
#define FIELD_WORDS  64 /* words of a field that count for "explained" */

/* Word rates (0–100). */
#define R_EXACT       100
#define R_JOINED      95
#define R_PREFIX_LAST 80
#define R_TYPO        75
#define R_JOINED_LAST 75
#define R_PREFIX      65
#define R_MIN         60  /* a rate that counts as a match */
#define MIN_COVERAGE  300 /* of 1000: less is not a result */

#define PHRASE_BONUS    40
#define EXPLAINED_BONUS 100

/* Little words residents add around what they need: they weigh 1. Folded. */
static const char *const stop_words[] = {
    /* Vietnamese */
    "cho",
    "lam",
    "cua",
    "nguoi",
    "toi",
    "minh",
    "em",
    "muon",
    "phai",
    "o",
    "va",
    "voi",
    "de",
    "thi",
    "la",
    "co",
    "khong",
    "gi",
    "nao",
    "sao",
    "nhu",
    "duoc",
    "mot",
    "cac",
    "nhung",
    "tai",
    "khi",
    "tuc",
    "xin",
    "bi",
    "hay",
    "hoac",
    "nay",
    "roi",
    "nhieu",
    "giup",
    "gium",
    /* English */
    "a",
    "my",
    "for",
    "of",
    "i",
    "need",
    "how",
    "is",
    "in",
    "on",
    "with",
    "get",
    "want",
    "please",
    "where",
    "what",
    "and",
    "or",
    "from",
    "at",
    "by",
    "am",
    "are",
    "me",
    "your",
    NULL,
};

struct vword {
    char *text; /* folded, owned */
    size_t len;
    int df; /* services that use it */
    bool stop;
    int last_service; /* while building: the last service counted in df */
};

struct field {
    int *words; /* vocabulary ids, owned */
    size_t nwords;
    int content; /* words that are not stop words */
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
    struct vword *vocab;
    size_t nvocab, capvocab;
    int *hash; /* open addressing over vocab ids, -1 empty; nhash a power of two */
    size_t nhash;
};

static bool
in_list(const char *w, size_t len, const char *const *list)
{
    for (; *list != NULL; list++)
        if (strlen(*list) == len && memcmp(*list, w, len) == 0)
            return true;
    return false;
}

static uint32_t
hash_word(const char *w, size_t len)
{
    uint32_t h = 2166136261u;

    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)w[i]) * 16777619u;
    return h;
}

/* The vocabulary id of w, or -1. */
static int
vocab_find(const struct search_index *idx, const char *w, size_t len)
{
    size_t h;
    int id;

    if (idx->nhash == 0)
        return -1;
    h = hash_word(w, len) & (idx->nhash - 1);
    while ((id = idx->hash[h]) >= 0) {
        if (idx->vocab[id].len == len && memcmp(idx->vocab[id].text, w, len) == 0)
            return id;
        h = (h + 1) & (idx->nhash - 1);
    }
    return -1;
}

static void
rehash(struct search_index *idx, size_t nhash)
{
    size_t h;

    free(idx->hash);
    idx->nhash = nhash;
    idx->hash = xreallocarray(NULL, nhash, sizeof *idx->hash);
    for (h = 0; h < nhash; h++)
        idx->hash[h] = -1;
    for (size_t id = 0; id < idx->nvocab; id++) {
        h = hash_word(idx->vocab[id].text, idx->vocab[id].len) & (nhash - 1);
        while (idx->hash[h] >= 0)
            h = (h + 1) & (nhash - 1);
        idx->hash[h] = (int)id;
    }
}

/* The id of w in the vocabulary, added when new; service counts it in df once. */
static int
vocab_add(struct search_index *idx, const char *w, size_t len, int service)
{
    int id = vocab_find(idx, w, len);
    struct vword *v;

    if (id < 0) {
        if (idx->nvocab == idx->capvocab) {
            idx->capvocab = idx->capvocab ? 2 * idx->capvocab : 256;
            idx->vocab = xreallocarray(idx->vocab, idx->capvocab, sizeof *idx->vocab);
        }
        id = (int)idx->nvocab++;
        v = &idx->vocab[id];
        v->text = xmalloc(len + 1);
        memcpy(v->text, w, len);
        v->text[len] = '\0';
        v->len = len;
        v->df = 0;
        v->last_service = -1;
        v->stop = in_list(w, len, stop_words);
        if (2 * idx->nvocab > idx->nhash)
            rehash(idx, idx->nhash ? 2 * idx->nhash : 1024);
        else {
            size_t h = hash_word(w, len) & (idx->nhash - 1);

            while (idx->hash[h] >= 0)
                h = (h + 1) & (idx->nhash - 1);
            idx->hash[h] = id;
        }
    }
    v = &idx->vocab[id];
    if (v->last_service != service) {
        v->last_service = service;
        v->df++;
    }
    return id;
}

static void
add_field(struct search_index *idx, struct entry *e, const char *s, enum field_kind kind)
{
    struct field *f;
    char *folded;
    const char *p;
    size_t len;

    if (s == NULL)
        return;
    folded = text_fold(s);
    if (*folded == '\0') {
        free(folded);
        return;
    }
    e->fields = xreallocarray(e->fields, e->nfields + 1, sizeof *e->fields);
    f = &e->fields[e->nfields++];
    memset(f, 0, sizeof *f);
    f->kind = kind;
    for (p = folded; *p != '\0';) {
        len = strcspn(p, " ");
        f->words = xreallocarray(f->words, f->nwords + 1, sizeof *f->words);
        f->words[f->nwords] = vocab_add(idx, p, len, e->svc->number);
        if (!idx->vocab[f->words[f->nwords]].stop)
            f->content++;
        f->nwords++;
        p += len;
        while (*p == ' ')
            p++;
    }
    free(folded);
}

struct search_index *
search_index_new(const struct catalog *cat, const char *date)
{
    struct search_index *idx = xcalloc(1, sizeof *idx);
    const struct service *svc;
    struct entry *e;
    size_t i, j;

    rehash(idx, 1024);
    if (cat == NULL)
        return idx;
    idx->entries = xcalloc(cat->nservices ? cat->nservices : 1, sizeof *idx->entries);
    for (i = 0; i < cat->nservices; i++) {
        svc = &cat->services[i];
        if (date != NULL && !catalog_service_active(svc, date))
            continue;
        e = &idx->entries[idx->n++];
        e->svc = svc;
        add_field(idx, e, svc->official_name.vi, FIELD_NAME);
        add_field(idx, e, svc->plain_name.vi, FIELD_NAME);
        add_field(idx, e, svc->official_name.en, FIELD_ENGLISH);
        add_field(idx, e, svc->plain_name.en, FIELD_ENGLISH);
        for (j = 0; j < svc->synonyms.n; j++)
            add_field(idx, e, svc->synonyms.v[j], FIELD_SYNONYM);
        add_field(idx, e, svc->code, FIELD_CODE);
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
            free(idx->entries[i].fields[j].words);
        free(idx->entries[i].fields);
    }
    for (i = 0; i < idx->nvocab; i++)
        free(idx->vocab[i].text);
    free(idx->vocab);
    free(idx->hash);
    free(idx->entries);
    free(idx);
}

/* --- Query ------------------------------------------------------------------------------ */

struct qword {
    const char *s, *alt; /* the composed word and the raw keys' word (NULL: the same) */
    size_t len, altlen;
    int weight;
    bool last;   /* the word being typed: a prefix rates higher */
    bool joined; /* no vocabulary word is this word: try words run together */
    int number;  /* the word's value when it is 1–3 digits, else -1 */
};

struct query {
    struct qword w[QWORDS_MAX];
    size_t n;
    int weight;          /* sum of the words' weights */
    unsigned char *rate; /* rate[i * nvocab + v]: word i against vocabulary word v */
};

/* Is a one edit (substitution, insertion, deletion, adjacent swap) away from b? */
static bool
one_edit(const char *a, size_t la, const char *b, size_t lb)
{
    size_t i = 0;

    if (la > lb + 1 || lb > la + 1)
        return false;
    while (i < la && i < lb && a[i] == b[i])
        i++;
    if (la == lb) {
        if (i == la)
            return false; /* equal: not a typo */
        if (memcmp(a + i + 1, b + i + 1, la - i - 1) == 0)
            return true; /* one letter wrong */
        return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] &&
               memcmp(a + i + 2, b + i + 2, la - i - 2) == 0; /* two swapped */
    }
    if (la > lb) /* a has one letter more */
        return memcmp(a + i + 1, b + i, lb - i) == 0;
    return memcmp(a + i, b + i + 1, la - i) == 0;
}

static bool
swapped(const char *a, const char *b, size_t len)
{
    size_t i = 0;

    while (i < len && a[i] == b[i])
        i++;
    return i + 1 < len && a[i] == b[i + 1] && a[i + 1] == b[i] &&
           memcmp(a + i + 2, b + i + 2, len - i - 2) == 0;
}

/* How query word q rates against vocabulary word w. */
static int
rate_word(const char *q, size_t ql, bool last, bool typos, const struct vword *w)
{
    if (ql == w->len && memcmp(q, w->text, ql) == 0)
        return R_EXACT;
    if (ql < w->len && memcmp(q, w->text, ql) == 0) {
        if (last)
            return R_PREFIX_LAST;
        if (ql >= 3)
            return R_PREFIX;
        return 0;
    }
    if (!typos)
        return 0;
    if (ql >= 4 && w->len >= 3 && one_edit(q, ql, w->text, w->len))
        return R_TYPO;
    if (ql == 3 && w->len == 3 && swapped(q, w->text, 3))
        return R_TYPO;
    return 0;
}

static int
word_weight(const struct search_index *idx, const struct qword *w)
{
    int id = vocab_find(idx, w->s, w->len);
    int df;

    if (w->number >= 0)
        return 4;
    if (id < 0 && w->alt != NULL)
        id = vocab_find(idx, w->alt, w->altlen);
    if (in_list(w->s, w->len, stop_words))
        return 1;
    if (id < 0)
        return 4;
    df = idx->vocab[id].df;
    return df <= 1 ? 6 : df <= 2 ? 5 : df <= 4 ? 4 : df <= 8 ? 3 : 2;
}

static int
digits_value(const char *w, size_t len)
{
    int n = 0;

    if (len == 0 || len > 3)
        return -1;
    for (size_t i = 0; i < len; i++) {
        if (w[i] < '0' || w[i] > '9')
            return -1;
        n = n * 10 + (w[i] - '0');
    }
    return n;
}

/* Split folded text into at most QWORDS_MAX words (pointers into it). */
static size_t
split_words(const char *s, const char **w, size_t *len)
{
    size_t n = 0;

    while (*s != '\0' && n < QWORDS_MAX) {
        len[n] = strcspn(s, " ");
        w[n++] = s;
        s += len[n - 1];
        while (*s == ' ')
            s++;
    }
    return n;
}

/* Fill q from the folded composed text fc and raw text fr (fr may equal fc). */
static void
query_build(const struct search_index *idx, struct query *q, const char *fc, const char *fr,
            bool typing_last)
{
    const char *cw[QWORDS_MAX], *rw[QWORDS_MAX];
    size_t cl[QWORDS_MAX], rl[QWORDS_MAX], nc, nr, i, v;
    struct qword *w;
    int best;

    nc = split_words(fc, cw, cl);
    nr = split_words(fr, rw, rl);
    q->n = nc;
    q->weight = 0;
    for (i = 0; i < nc; i++) {
        w = &q->w[i];
        w->s = cw[i];
        w->len = cl[i];
        w->alt = NULL;
        w->altlen = 0;
        /* The raw keys word by word, when both have the same words (Telex and VNI never
         * add or remove a space). */
        if (nr == nc && (rl[i] != cl[i] || memcmp(rw[i], cw[i], cl[i]) != 0)) {
            w->alt = rw[i];
            w->altlen = rl[i];
        }
        w->last = typing_last && i + 1 == nc;
        w->number = digits_value(w->s, w->len);
        w->weight = word_weight(idx, w);
        q->weight += w->weight;
    }
    q->rate = xcalloc(nc * idx->nvocab + 1, 1);
    for (i = 0; i < nc; i++) {
        bool typos;

        w = &q->w[i];
        best = 0;
        /* A word the catalog has is no typo: "tặng" is not "đăng" mistyped. */
        typos = vocab_find(idx, w->s, w->len) < 0 &&
                (w->alt == NULL || vocab_find(idx, w->alt, w->altlen) < 0);
        for (v = 0; v < idx->nvocab; v++) {
            int r = rate_word(w->s, w->len, w->last, typos, &idx->vocab[v]);

            if (w->alt != NULL) {
                int ra = rate_word(w->alt, w->altlen, w->last, typos, &idx->vocab[v]);

                if (ra > r)
                    r = ra;
            }
            q->rate[i * idx->nvocab + v] = (unsigned char)r;
            if (r > best)
                best = r;
        }
        w->joined = best < R_EXACT && w->len >= 4 && w->number < 0;
    }
}

/*
 * Does query word q (len) spell field words p, p+1, … run together? Returns the rate and
 * sets *span to the number of field words it covers (at least two).
 */
static int
joined_at(const struct search_index *idx, const struct field *f, size_t p, const char *q,
          size_t len, bool last, size_t *span)
{
    size_t off = 0, k = p;

    while (k < f->nwords) {
        const struct vword *w = &idx->vocab[f->words[k]];
        size_t rem = len - off;

        if (w->len <= rem && memcmp(q + off, w->text, w->len) == 0) {
            off += w->len;
            k++;
            if (off == len) {
                *span = k - p;
                return k - p >= 2 ? R_JOINED : 0;
            }
            continue;
        }
        if (last && k > p && rem < w->len && memcmp(q + off, w->text, rem) == 0) {
            *span = k + 1 - p;
            return R_JOINED_LAST;
        }
        return 0;
    }
    return 0;
}

struct field_match {
    int rate[QWORDS_MAX];
    size_t pos[QWORDS_MAX], span[QWORDS_MAX];
};

/* How query q matches field f: per word rate and place; returns the field's explained
 * share (0–100) and sets *phrase to the longest run of query words in order. */
static int
match_field(const struct search_index *idx, const struct query *q, const struct field *f,
            struct field_match *m, int *phrase)
{
    uint64_t covered = 0;
    size_t i, p, span;
    int r, run = 1, best_run = 0, hits = 0;
    const char *alt;

    for (i = 0; i < q->n; i++) {
        m->rate[i] = 0;
        m->pos[i] = 0;
        m->span[i] = 1;
        for (p = 0; p < f->nwords; p++) {
            r = q->rate[i * idx->nvocab + (size_t)f->words[p]];
            if (r > m->rate[i]) {
                m->rate[i] = r;
                m->pos[i] = p;
                m->span[i] = 1;
            }
        }
        if (q->w[i].joined && m->rate[i] < R_JOINED)
            for (p = 0; p + 1 < f->nwords; p++) {
                r = joined_at(idx, f, p, q->w[i].s, q->w[i].len, q->w[i].last, &span);
                alt = q->w[i].alt;
                if (r == 0 && alt != NULL)
                    r = joined_at(idx, f, p, alt, q->w[i].altlen, q->w[i].last, &span);
                if (r > m->rate[i]) {
                    m->rate[i] = r;
                    m->pos[i] = p;
                    m->span[i] = span;
                }
            }
        if (m->rate[i] >= R_MIN)
            for (p = m->pos[i]; p < m->pos[i] + m->span[i] && p < FIELD_WORDS; p++)
                covered |= (uint64_t)1 << p;
    }
    /* The longest run of query words found one after the other. */
    for (i = 0; i < q->n; i++) {
        if (m->rate[i] < R_MIN) {
            run = 0;
            continue;
        }
        if (i > 0 && run > 0 && m->rate[i - 1] >= R_MIN &&
            m->pos[i] == m->pos[i - 1] + m->span[i - 1])
            run++;
        else
            run = 1;
        if (run > best_run)
            best_run = run;
    }
    *phrase = best_run;
    if (f->content == 0)
        return 0;
    for (p = 0; p < f->nwords && p < FIELD_WORDS; p++)
        if ((covered >> p & 1) && !idx->vocab[f->words[p]].stop)
            hits++;
    return hits * 100 / f->content;
}

/* What one service has of the query. */
struct scored {
    int best[QWORDS_MAX]; /* each query word's best rate in the service's fields */
    int phrase, explained;
    int score, coverage;
};

static void
match_entry(const struct search_index *idx, const struct query *q, const struct entry *e,
            struct scored *out)
{
    struct field_match m;
    int ph, ex, factor;
    size_t i, j;

    memset(out, 0, sizeof *out);
    for (j = 0; j < e->nfields; j++) {
        const struct field *f = &e->fields[j];

        ex = match_field(idx, q, f, &m, &ph);
        factor = f->kind == FIELD_CODE ? 90 : 100;
        for (i = 0; i < q->n; i++)
            if (m.rate[i] * factor / 100 > out->best[i])
                out->best[i] = m.rate[i] * factor / 100;
        if (ph > out->phrase)
            out->phrase = ph;
        if (ex > out->explained)
            out->explained = ex;
    }
    /* "15 khai sinh": a number among words names the service like a word of its name */
    for (i = 0; i < q->n; i++)
        if (q->w[i].number == e->svc->number)
            out->best[i] = R_EXACT;
}

static void
score_entry(const struct query *q, const int *weight, int total, struct scored *sc)
{
    long cov = 0;
    bool content = false;

    for (size_t i = 0; i < q->n; i++) {
        if (sc->best[i] < R_MIN)
            continue;
        cov += (long)weight[i] * sc->best[i];
        if (weight[i] > 1)
            content = true;
    }
    if (!content || total == 0)
        return;
    sc->coverage = (int)(cov * 10 / total);
    sc->score = sc->coverage + PHRASE_BONUS * (sc->phrase > 1 ? sc->phrase - 1 : 0) +
                EXPLAINED_BONUS * sc->explained / 100;
}

/* The service number a digits-only query names, -1 when q is not one. */
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

/* Does the folded text end with a word still being typed (no space after it)? */
static bool
typing_last_word(const char *typed)
{
    size_t len = typed != NULL ? strlen(typed) : 0;

    return len > 0 && typed[len - 1] != ' ';
}

size_t
search_run(const struct search_index *idx, const char *composed, const char *raw,
           struct search_hit *out, size_t max)
{
    char *fc = text_fold(composed != NULL ? composed : raw != NULL ? raw : "");
    char *fr = text_fold(raw != NULL ? raw : composed != NULL ? composed : "");
    struct scored *sc = NULL;
    struct query q;
    size_t i, k, n = 0;
    int num, top = 0, weight[QWORDS_MAX], total = 0;

    memset(&q, 0, sizeof q);
    if (idx == NULL || max == 0 || *fc == '\0')
        goto done;
    num = query_number(fc);
    if (num >= 0) {
        for (i = 0; i < idx->n; i++)
            if (idx->entries[i].svc->number == num)
                n = insert_hit(out, n, max, idx->entries[i].svc, NUMBER_SCORE);
        goto done;
    }
    query_build(idx, &q, fc, fr, typing_last_word(composed != NULL ? composed : raw));
    sc = xcalloc(idx->n + 1, sizeof *sc);
    for (i = 0; i < idx->n; i++)
        match_entry(idx, &q, &idx->entries[i], &sc[i]);
    /* A word no service has tells nothing about which service is meant ("căn cước bị sai
     * thông tin": no service says "sai"): it weighs 1, like a little word. */
    for (k = 0; k < q.n; k++) {
        weight[k] = q.w[k].weight;
        for (i = 0; i < idx->n && sc[i].best[k] < R_MIN; i++)
            ;
        if (i == idx->n)
            weight[k] = 1;
        total += weight[k];
    }
    for (i = 0; i < idx->n; i++) {
        score_entry(&q, weight, total, &sc[i]);
        if (sc[i].coverage > top)
            top = sc[i].coverage;
    }
    for (i = 0; i < idx->n; i++)
        if (sc[i].score > 0 && sc[i].coverage >= MIN_COVERAGE && 2 * sc[i].coverage >= top)
            n = insert_hit(out, n, max, idx->entries[i].svc, sc[i].score);
done:
    free(sc);
    free(q.rate);
    free(fc);
    free(fr);
    return n;
}
