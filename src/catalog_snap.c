/*
 * The catalog snapshot (catalog_snap.h). The file is a fixed header followed by the payload:
 * first every struct of the catalog (struct catalog at offset 0, then each array in the
 * order a depth-first walk of the tables below meets it), then every distinct string once.
 * In the payload a pointer holds 1 + the offset of what it points to (0 = NULL); loading
 * reads the whole file into one allocation, checks the header and the checksum, then turns
 * each offset into a pointer after checking that it lies inside the payload, in the right
 * region, in walk order and without overlap. Nothing in this file knows jansson.
 *
 * The tables describe every field of catalog.h; write, load, free and the tests' comparison
 * all walk them. When catalog.h gains a field, add it to its table here.
 */
#define _POSIX_C_SOURCE 200809L
#include "catalog_snap.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

/* ---- the tables ---- */

/* clang-format off */
#define FIELD(st, m, t, kind, flags, elem, cnt) \
    { #m, offsetof(struct st, m), sizeof(t), _Alignof(t), kind, flags, elem, cnt }
#define SCALAR(st, m, t)       FIELD(st, m, t, SNAP_SCALAR, 0, NULL, 0)
#define STR(st, m, fl)         FIELD(st, m, char *, SNAP_STR, fl, NULL, 0)
#define EMBED(st, m, t, et)    FIELD(st, m, t, SNAP_EMBED, 0, &et, 0)
#define ARRAY(st, m, t, et, n) FIELD(st, m, t, SNAP_ARRAY, 0, &et, offsetof(struct st, n))
#define TYPE(st, f)            { #st, sizeof(struct st), _Alignof(struct st), f, sizeof f / sizeof f[0] }
/* clang-format on */

static const struct snap_type t_size = { "size_t", sizeof(size_t), _Alignof(size_t), NULL, 0 };
static const struct snap_type t_int = { "int", sizeof(int), _Alignof(int), NULL, 0 };

static const struct snap_field f_str[] = {
    { "", 0, sizeof(char *), _Alignof(char *), SNAP_STR, 0, NULL, 0 },
};
static const struct snap_type t_str = { "char *", sizeof(char *), _Alignof(char *), f_str, 1 };

static const struct snap_field f_text[] = {
    STR(i18n_text, vi, 0),
    STR(i18n_text, en, 0),
};
static const struct snap_type t_text = TYPE(i18n_text, f_text);

static const struct snap_field f_strlist[] = {
    ARRAY(strlist, v, char **, t_str, n),
    SCALAR(strlist, n, size_t),
};
static const struct snap_type t_strlist = TYPE(strlist, f_strlist);

static const struct snap_field f_fact[] = {
    EMBED(fact, text, struct i18n_text, t_text),
    SCALAR(fact, verified, bool),
    EMBED(fact, sources, struct strlist, t_strlist),
};
static const struct snap_type t_fact = TYPE(fact, f_fact);

static const struct snap_field f_portal[] = {
    STR(portal, id, 0),
    EMBED(portal, name, struct i18n_text, t_text),
    EMBED(portal, note, struct i18n_text, t_text),
    STR(portal, base_url, SNAP_NULLABLE | SNAP_OWNED),
    STR(portal, home_path, 0),
    STR(portal, procedure_path, SNAP_NULLABLE),
    STR(portal, valid_from, 0),
    STR(portal, valid_until, SNAP_NULLABLE),
    SCALAR(portal, provincial, bool),
};
static const struct snap_type t_portal = TYPE(portal, f_portal);

static const struct snap_field f_prereq[] = {
    STR(prereq, id, 0),
    EMBED(prereq, question, struct i18n_text, t_text),
    EMBED(prereq, hint, struct i18n_text, t_text),
    EMBED(prereq, if_no, struct i18n_text, t_text),
};
static const struct snap_type t_prereq = TYPE(prereq, f_prereq);

static const struct snap_field f_group[] = {
    STR(group, id, 0),
    EMBED(group, name, struct i18n_text, t_text),
};
static const struct snap_type t_group = TYPE(group, f_group);

static const struct snap_field f_item[] = {
    STR(checklist_item, id, 0),
    EMBED(checklist_item, text, struct i18n_text, t_text),
    EMBED(checklist_item, note, struct i18n_text, t_text),
    SCALAR(checklist_item, verified, bool),
};
static const struct snap_type t_item = TYPE(checklist_item, f_item);

static const struct snap_field f_answer[] = {
    EMBED(answer, text, struct i18n_text, t_text),
    SCALAR(answer, next, int),
    SCALAR(answer, outcome, int),
};
static const struct snap_type t_answer = TYPE(answer, f_answer);

static const struct snap_field f_question[] = {
    STR(question, id, 0),
    EMBED(question, text, struct i18n_text, t_text),
    EMBED(question, hint, struct i18n_text, t_text),
    ARRAY(question, answers, struct answer *, t_answer, nanswers),
    SCALAR(question, nanswers, size_t),
};
static const struct snap_type t_question = TYPE(question, f_question);

static const struct snap_field f_outcome[] = {
    STR(outcome, id, 0),
    EMBED(outcome, title, struct i18n_text, t_text),
    EMBED(outcome, note, struct i18n_text, t_text),
    ARRAY(outcome, items, size_t *, t_size, nitems),
    SCALAR(outcome, nitems, size_t),
    SCALAR(outcome, suggest, int),
    SCALAR(outcome, skip_prereqs, bool),
};
static const struct snap_type t_outcome = TYPE(outcome, f_outcome);

static const struct snap_field f_service[] = {
    SCALAR(service, number, int),
    STR(service, code, 0),
    EMBED(service, official_name, struct i18n_text, t_text),
    EMBED(service, plain_name, struct i18n_text, t_text),
    SCALAR(service, group, size_t),
    EMBED(service, agency, struct fact, t_fact),
    EMBED(service, audience, struct fact, t_fact),
    EMBED(service, fee, struct fact, t_fact),
    EMBED(service, time, struct fact, t_fact),
    EMBED(service, tthc, struct fact, t_fact),
    EMBED(service, channels, struct strlist, t_strlist),
    ARRAY(service, prereqs, size_t *, t_size, nprereqs),
    SCALAR(service, nprereqs, size_t),
    ARRAY(service, questions, struct question *, t_question, nquestions),
    SCALAR(service, nquestions, size_t),
    ARRAY(service, outcomes, struct outcome *, t_outcome, noutcomes),
    SCALAR(service, noutcomes, size_t),
    ARRAY(service, items, struct checklist_item *, t_item, nitems),
    SCALAR(service, nitems, size_t),
    ARRAY(service, steps, struct i18n_text *, t_text, nsteps),
    SCALAR(service, nsteps, size_t),
    ARRAY(service, reasons, struct i18n_text *, t_text, nreasons),
    SCALAR(service, nreasons, size_t),
    ARRAY(service, covers, int *, t_int, ncovers),
    SCALAR(service, ncovers, size_t),
    EMBED(service, synonyms, struct strlist, t_strlist),
    EMBED(service, sources, struct strlist, t_strlist),
    STR(service, valid_from, 0),
    STR(service, valid_until, SNAP_NULLABLE),
    SCALAR(service, for_organisations, bool),
    SCALAR(service, qr_portal, size_t),
    STR(service, qr_code, SNAP_NULLABLE),
    SCALAR(service, qr_verified, bool),
    STR(service, qr_url, SNAP_NULLABLE | SNAP_OWNED),
    SCALAR(service, qr_is_procedure, bool),
};
static const struct snap_type t_service = TYPE(service, f_service);

static const struct snap_field f_catalog[] = {
    STR(catalog, path, SNAP_OWNED | SNAP_LOCAL),
    STR(catalog, hash, 0),
    STR(catalog, version, 0),
    ARRAY(catalog, groups, struct group *, t_group, ngroups),
    SCALAR(catalog, ngroups, size_t),
    ARRAY(catalog, portals, struct portal *, t_portal, nportals),
    SCALAR(catalog, nportals, size_t),
    ARRAY(catalog, prereqs, struct prereq *, t_prereq, nprereqs),
    SCALAR(catalog, nprereqs, size_t),
    ARRAY(catalog, services, struct service *, t_service, nservices),
    SCALAR(catalog, nservices, size_t),
    FIELD(catalog, snapshot_free, void (*)(struct catalog *), SNAP_OPAQUE, 0, NULL, 0),
};
static const struct snap_type t_catalog = TYPE(catalog, f_catalog);

/* Every described struct, for the layout check and the layout fingerprint. */
static const struct snap_type *const all_types[] = {
    &t_size,  &t_int,  &t_str,    &t_text,     &t_strlist, &t_fact,    &t_portal,  &t_prereq,
    &t_group, &t_item, &t_answer, &t_question, &t_outcome, &t_service, &t_catalog,
};

const struct snap_type *
catalog_snap_root(void)
{
    return &t_catalog;
}

static size_t
round_up(size_t n, size_t align)
{
    return (n + align - 1) / align * align;
}

int
catalog_snap_layout_check(char **cause)
{
    for (size_t t = 0; t < sizeof all_types / sizeof all_types[0]; t++) {
        const struct snap_type *ty = all_types[t];
        size_t pos = 0;

        if (ty->align == 0 || ty->align > 16 || 16 % ty->align != 0) {
            xasprintf(cause, "struct %s: alignment %zu", ty->name, ty->align);
            return -1;
        }
        if (ty->fields == NULL)
            continue;
        for (size_t i = 0; i < ty->nfields; i++) {
            const struct snap_field *f = &ty->fields[i];

            if (f->off != round_up(pos, f->align)) {
                xasprintf(cause,
                          "struct %s: field %s at offset %zu, expected %zu: a field of catalog.h "
                          "is missing from the snapshot tables (src/catalog_snap.c)",
                          ty->name, f->name, f->off, round_up(pos, f->align));
                return -1;
            }
            pos = f->off + f->size;
        }
        if (round_up(pos, ty->align) != ty->size) {
            xasprintf(cause,
                      "struct %s: fields end at %zu of %zu bytes: a field of catalog.h is "
                      "missing from the snapshot tables (src/catalog_snap.c)",
                      ty->name, pos, ty->size);
            return -1;
        }
    }
    return 0;
}

/* FNV-1a over the tables, the pointer size and the byte order: this binary's layout. */
static uint32_t
layout_id(void)
{
    static uint32_t id;
    uint32_t h = 2166136261u;
    const uint32_t probe = 0x01020304u;

#define MIX(p, n)                                                                                  \
    do {                                                                                           \
        const unsigned char *m_ = (const unsigned char *)(p);                                      \
        for (size_t k_ = 0; k_ < (n); k_++)                                                        \
            h = (h ^ m_[k_]) * 16777619u;                                                          \
    } while (0)
    if (id != 0)
        return id;
    MIX(&probe, sizeof probe);
    for (size_t t = 0; t < sizeof all_types / sizeof all_types[0]; t++) {
        const struct snap_type *ty = all_types[t];

        MIX(ty->name, strlen(ty->name) + 1);
        MIX(&ty->size, sizeof ty->size);
        MIX(&ty->align, sizeof ty->align);
        for (size_t i = 0; i < ty->nfields; i++) {
            const struct snap_field *f = &ty->fields[i];
            uint32_t kind = (uint32_t)f->kind, flags = f->flags;

            MIX(f->name, strlen(f->name) + 1);
            MIX(&f->off, sizeof f->off);
            MIX(&f->size, sizeof f->size);
            MIX(&kind, sizeof kind);
            MIX(&flags, sizeof flags);
            MIX(&f->count_off, sizeof f->count_off);
            MIX(f->elem != NULL ? f->elem->name : "", f->elem != NULL ? strlen(f->elem->name) : 0);
        }
    }
#undef MIX
    id = h != 0 ? h : 1;
    return id;
}

/* ---- the file ---- */

#define SNAP_MAGIC          "KIOSKCS\n"
#define SNAP_FORMAT         1u
#define SNAP_MAX            (64u << 20) /* a snapshot larger than this is not ours */
#define SNAP_SETTLE_SECONDS 2           /* a catalog modified more recently gets no snapshot yet */

/* The header, written as this binary lays it out (the layout id covers the byte order). */
struct snap_header {
    char magic[8];
    uint32_t format;    /* SNAP_FORMAT */
    uint32_t layout;    /* layout_id() of the binary that wrote it */
    uint64_t total_len; /* header + payload: the file's size */
    uint64_t payload_len;
    uint64_t struct_len;     /* the structs end and the strings start here */
    uint64_t dev, ino, size; /* the JSON file's stat when it was validated */
    int64_t mtime_sec, mtime_nsec, ctime_sec, ctime_nsec;
    /* The program that validated it (/proc/self/exe): another build may validate or build
     * the derived fields (QR URLs) differently, so it validates again. */
    uint64_t exe_dev, exe_ino, exe_size;
    int64_t exe_mtime_sec, exe_mtime_nsec;
    uint64_t reserved;     /* 0 */
    unsigned char sum[32]; /* BLAKE2b-256 of the header before sum, then the payload */
};

_Static_assert(sizeof(struct snap_header) % 16 == 0, "the payload must start 16-aligned");
_Static_assert(sizeof(uintptr_t) == sizeof(void *), "pointers are stored as uintptr_t");

/* This program's identity into h (zeros when /proc is not there). */
static void
exe_key(struct snap_header *h)
{
    static struct stat st;
    static int state; /* 0 not looked at, 1 known, -1 unknown */

    if (state == 0)
        state = stat("/proc/self/exe", &st) == 0 ? 1 : -1;
    if (state < 0)
        return;
    h->exe_dev = (uint64_t)st.st_dev;
    h->exe_ino = (uint64_t)st.st_ino;
    h->exe_size = (uint64_t)st.st_size;
    h->exe_mtime_sec = (int64_t)st.st_mtim.tv_sec;
    h->exe_mtime_nsec = (int64_t)st.st_mtim.tv_nsec;
}

static bool
exe_matches(const struct snap_header *h)
{
    struct snap_header k = { 0 };

    exe_key(&k);
    return h->exe_dev == k.exe_dev && h->exe_ino == k.exe_ino && h->exe_size == k.exe_size &&
           h->exe_mtime_sec == k.exe_mtime_sec && h->exe_mtime_nsec == k.exe_mtime_nsec;
}

static void
key_from_stat(struct snap_header *h, const struct stat *st)
{
    h->dev = (uint64_t)st->st_dev;
    h->ino = (uint64_t)st->st_ino;
    h->size = (uint64_t)st->st_size;
    h->mtime_sec = (int64_t)st->st_mtim.tv_sec;
    h->mtime_nsec = (int64_t)st->st_mtim.tv_nsec;
    h->ctime_sec = (int64_t)st->st_ctim.tv_sec;
    h->ctime_nsec = (int64_t)st->st_ctim.tv_nsec;
}

static bool
key_matches(const struct snap_header *h, const struct stat *st)
{
    struct snap_header k;

    key_from_stat(&k, st);
    return h->dev == k.dev && h->ino == k.ino && h->size == k.size && h->mtime_sec == k.mtime_sec &&
           h->mtime_nsec == k.mtime_nsec && h->ctime_sec == k.ctime_sec &&
           h->ctime_nsec == k.ctime_nsec;
}

static void
checksum(const struct snap_header *h, const unsigned char *a, size_t alen, const unsigned char *b,
         size_t blen, unsigned char out[32])
{
    crypto_generichash_state st;

    if (sodium_init() < 0)
        die("libsodium cannot be initialised");
    crypto_generichash_init(&st, NULL, 0, 32);
    crypto_generichash_update(&st, (const unsigned char *)h, offsetof(struct snap_header, sum));
    crypto_generichash_update(&st, a, alen);
    if (blen > 0)
        crypto_generichash_update(&st, b, blen);
    crypto_generichash_final(&st, out, 32);
}

static void
get_ptr(const unsigned char *at, uintptr_t *v)
{
    memcpy(v, at, sizeof *v);
}

static void
put_ptr(unsigned char *at, uintptr_t v)
{
    memcpy(at, &v, sizeof v);
}

/* ---- writing ---- */

struct image {
    unsigned char *b; /* the structs */
    size_t len, cap;
    struct strbuf strs; /* the strings, each with its NUL */
    size_t *table;      /* interned strings: 1 + offset in strs, 0 = empty slot */
    size_t tcap, tn;
    size_t *fix; /* offsets in b of string references, relocated after the structs */
    size_t nfix, capfix;
};

/* Room for n bytes aligned to align at the end of the structs; returns its offset. */
static size_t
image_reserve(struct image *img, size_t n, size_t align)
{
    size_t at = round_up(img->len, align);

    if (at + n > img->cap) {
        size_t cap = img->cap > 0 ? img->cap : 4096;

        while (cap < at + n)
            cap *= 2;
        img->b = xrealloc(img->b, cap);
        memset(img->b + img->cap, 0, cap - img->cap);
        img->cap = cap;
    }
    img->len = at + n;
    return at;
}

static uint32_t
str_hash(const char *s)
{
    uint32_t h = 2166136261u;

    for (; *s != '\0'; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* The offset of s in the string region, stored once. */
static size_t
intern(struct image *img, const char *s)
{
    size_t i, off;

    if (img->tn * 2 >= img->tcap) {
        size_t ncap = img->tcap > 0 ? img->tcap * 2 : 1024, *nt = xcalloc(ncap, sizeof *nt);

        for (size_t k = 0; k < img->tcap; k++) {
            if (img->table[k] == 0)
                continue;
            i = str_hash(img->strs.s + img->table[k] - 1) & (ncap - 1);
            while (nt[i] != 0)
                i = (i + 1) & (ncap - 1);
            nt[i] = img->table[k];
        }
        free(img->table);
        img->table = nt;
        img->tcap = ncap;
    }
    i = str_hash(s) & (img->tcap - 1);
    while (img->table[i] != 0) {
        if (strcmp(img->strs.s + img->table[i] - 1, s) == 0)
            return img->table[i] - 1;
        i = (i + 1) & (img->tcap - 1);
    }
    off = img->strs.len;
    strbuf_add(&img->strs, s, strlen(s) + 1);
    img->table[i] = off + 1;
    img->tn++;
    return off;
}

/* Rewrite the pointers of the struct of type ty copied to b + at (from src) as offsets. */
static void
write_walk(struct image *img, const struct snap_type *ty, size_t at, const unsigned char *src)
{
    for (size_t i = 0; i < ty->nfields; i++) {
        const struct snap_field *f = &ty->fields[i];
        const unsigned char *from = src + f->off;
        size_t slot = at + f->off;

        switch (f->kind) {
        case SNAP_SCALAR: break;
        case SNAP_OPAQUE: put_ptr(img->b + slot, 0); break;
        case SNAP_STR: {
            const char *s;

            memcpy(&s, from, sizeof s);
            if (s == NULL || (f->flags & SNAP_LOCAL) != 0) {
                put_ptr(img->b + slot, 0);
                break;
            }
            put_ptr(img->b + slot, (uintptr_t)intern(img, s) + 1);
            if (img->nfix == img->capfix) {
                img->capfix = img->capfix > 0 ? img->capfix * 2 : 1024;
                img->fix = xreallocarray(img->fix, img->capfix, sizeof *img->fix);
            }
            img->fix[img->nfix++] = slot;
            break;
        }
        case SNAP_EMBED: write_walk(img, f->elem, slot, from); break;
        case SNAP_ARRAY: {
            const struct snap_type *et = f->elem;
            const unsigned char *p;
            size_t n, a;

            memcpy(&p, from, sizeof p);
            memcpy(&n, src + f->count_off, sizeof n);
            if (p == NULL) {
                put_ptr(img->b + slot, 0);
                break;
            }
            a = image_reserve(img, n * et->size, et->align);
            if (n > 0)
                memcpy(img->b + a, p, n * et->size);
            put_ptr(img->b + slot, (uintptr_t)a + 1);
            for (size_t k = 0; et->fields != NULL && k < n; k++)
                write_walk(img, et, a + k * et->size, p + k * et->size);
            break;
        }
        }
    }
}

/* Write all of buf to fd; -1 with errno on failure. */
static int
write_all(int fd, const void *buf, size_t len)
{
    const unsigned char *p = buf;

    while (len > 0) {
        ssize_t n = write(fd, p, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static int
write_file(const char *snap_path, const struct snap_header *h, const struct image *img,
           char **cause)
{
    char *tmp;
    int fd, rc = -1;

    xasprintf(&tmp, "%s.tmp.%ld", snap_path, (long)getpid());
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        xasprintf(cause, "%s: %s", tmp, strerror(errno));
        free(tmp);
        return -1;
    }
    if (write_all(fd, h, sizeof *h) != 0 || write_all(fd, img->b, img->len) != 0 ||
        write_all(fd, img->strs.s, img->strs.len) != 0)
        xasprintf(cause, "%s: cannot write: %s", tmp, strerror(errno));
    else if (fsync(fd) != 0)
        xasprintf(cause, "%s: cannot sync: %s", tmp, strerror(errno));
    else
        rc = 0;
    if (close(fd) != 0 && rc == 0) {
        xasprintf(cause, "%s: cannot close: %s", tmp, strerror(errno));
        rc = -1;
    }
    if (rc == 0 && rename(tmp, snap_path) != 0) {
        xasprintf(cause, "%s: cannot rename to %s: %s", tmp, snap_path, strerror(errno));
        rc = -1;
    }
    if (rc != 0)
        unlink(tmp);
    free(tmp);
    return rc;
}

/* Write cat keyed by st (the JSON file's stat before it was read). */
static int
snap_write(const struct catalog *cat, const struct stat *st, const char *snap_path, char **cause)
{
    struct image img = { 0 };
    struct snap_header h = { 0 };
    size_t root;
    int rc;

    if (catalog_snap_layout_check(cause) != 0)
        return -1;
    strbuf_init(&img.strs);
    root = image_reserve(&img, sizeof *cat, _Alignof(struct catalog));
    memcpy(img.b + root, cat, sizeof *cat);
    write_walk(&img, &t_catalog, root, (const unsigned char *)cat);
    for (size_t i = 0; i < img.nfix; i++) {
        uintptr_t v;

        get_ptr(img.b + img.fix[i], &v);
        put_ptr(img.b + img.fix[i], v + img.len);
    }
    memcpy(h.magic, SNAP_MAGIC, sizeof h.magic);
    h.format = SNAP_FORMAT;
    h.layout = layout_id();
    h.payload_len = img.len + img.strs.len;
    h.total_len = sizeof h + h.payload_len;
    h.struct_len = img.len;
    key_from_stat(&h, st);
    exe_key(&h);
    checksum(&h, img.b, img.len, (const unsigned char *)img.strs.s, img.strs.len, h.sum);
    rc = write_file(snap_path, &h, &img, cause);
    free(img.b);
    free(img.table);
    free(img.fix);
    strbuf_done(&img.strs);
    return rc;
}

int
catalog_snap_write(const struct catalog *cat, const char *json_path, const char *snap_path,
                   char **cause)
{
    struct stat st;

    if (stat(json_path, &st) != 0) {
        xasprintf(cause, "%s: %s", json_path, strerror(errno));
        return -1;
    }
    return snap_write(cat, &st, snap_path, cause);
}

/* ---- loading ---- */

struct fixer {
    unsigned char *base; /* the payload */
    size_t struct_len, len;
    size_t next; /* arrays come in walk order without overlapping: the next may start here */
    const char *bad;
};

/* Turn the offsets of the struct of type ty at base + at into pointers, checking each. */
static bool
fix_walk(struct fixer *fx, const struct snap_type *ty, size_t at)
{
    for (size_t i = 0; i < ty->nfields; i++) {
        const struct snap_field *f = &ty->fields[i];
        unsigned char *slot = fx->base + at + f->off;
        uintptr_t v;

        switch (f->kind) {
        case SNAP_SCALAR: break;
        case SNAP_OPAQUE: put_ptr(slot, 0); break;
        case SNAP_STR:
            get_ptr(slot, &v);
            if ((f->flags & SNAP_LOCAL) != 0) {
                v = 0;
            } else if (v == 0 && (f->flags & SNAP_NULLABLE) == 0) {
                fx->bad = f->name;
                return false;
            } else if (v != 0 && (v - 1 < fx->struct_len || v - 1 >= fx->len)) {
                fx->bad = f->name;
                return false;
            }
            put_ptr(slot, v == 0 ? 0 : (uintptr_t)(fx->base + (v - 1)));
            break;
        case SNAP_EMBED:
            if (!fix_walk(fx, f->elem, at + f->off))
                return false;
            break;
        case SNAP_ARRAY: {
            const struct snap_type *et = f->elem;
            size_t n, o;

            get_ptr(slot, &v);
            memcpy(&n, fx->base + at + f->count_off, sizeof n);
            if (v == 0) {
                if (n != 0) {
                    fx->bad = f->name;
                    return false;
                }
                break;
            }
            o = (size_t)(v - 1);
            if (v - 1 > fx->struct_len || o < fx->next || o % et->align != 0 ||
                n > (fx->struct_len - o) / et->size) {
                fx->bad = f->name;
                return false;
            }
            fx->next = o + n * et->size;
            put_ptr(slot, (uintptr_t)(fx->base + o));
            for (size_t k = 0; et->fields != NULL && k < n; k++)
                if (!fix_walk(fx, et, o + k * et->size))
                    return false;
            break;
        }
        }
    }
    return true;
}

/* Does a struct of type ty hold a SNAP_OWNED string, itself or inside? (Memoised.) */
static bool
owns(const struct snap_type *ty)
{
    static signed char memo[sizeof all_types / sizeof all_types[0]];
    size_t t = 0;
    bool yes = false;

    while (t < sizeof all_types / sizeof all_types[0] && all_types[t] != ty)
        t++;
    if (t < sizeof memo && memo[t] != 0)
        return memo[t] > 0;
    for (size_t i = 0; i < ty->nfields && !yes; i++) {
        const struct snap_field *f = &ty->fields[i];

        if (f->kind == SNAP_STR)
            yes = (f->flags & (SNAP_OWNED | SNAP_LOCAL)) == SNAP_OWNED;
        else if (f->kind == SNAP_EMBED || f->kind == SNAP_ARRAY)
            yes = owns(f->elem);
    }
    if (t < sizeof memo)
        memo[t] = yes ? 1 : -1;
    return yes;
}

/* Copy (or, with dup false, free) every SNAP_OWNED string of the struct of type ty at p. */
static void
owned_walk(const struct snap_type *ty, unsigned char *p, bool dup)
{
    for (size_t i = 0; i < ty->nfields; i++) {
        const struct snap_field *f = &ty->fields[i];
        unsigned char *slot = p + f->off;

        if (f->kind == SNAP_STR && (f->flags & (SNAP_OWNED | SNAP_LOCAL)) == SNAP_OWNED) {
            char *s;

            memcpy(&s, slot, sizeof s);
            if (dup && s != NULL)
                s = xstrdup(s);
            else if (!dup) {
                free(s);
                s = NULL;
            }
            memcpy(slot, &s, sizeof s);
        } else if (f->kind == SNAP_EMBED && owns(f->elem)) {
            owned_walk(f->elem, slot, dup);
        } else if (f->kind == SNAP_ARRAY && owns(f->elem)) {
            unsigned char *a;
            size_t n;

            memcpy(&a, slot, sizeof a);
            memcpy(&n, p + f->count_off, sizeof n);
            for (size_t k = 0; a != NULL && k < n; k++)
                owned_walk(f->elem, a + k * f->elem->size, dup);
        }
    }
}

/* The indexes between the parts point inside them (a snapshot is never trusted blindly). */
static bool
indexes_ok(const struct catalog *cat)
{
    for (size_t i = 0; i < cat->nservices; i++) {
        const struct service *s = &cat->services[i];

        if ((cat->ngroups > 0 && s->group >= cat->ngroups) ||
            (cat->nportals > 0 && s->qr_portal >= cat->nportals) ||
            (s->qr_url != NULL && cat->nportals == 0))
            return false;
        for (size_t k = 0; k < s->nprereqs; k++)
            if (s->prereqs[k] >= cat->nprereqs)
                return false;
        for (size_t o = 0; o < s->noutcomes; o++)
            for (size_t k = 0; k < s->outcomes[o].nitems; k++)
                if (s->outcomes[o].items[k] >= s->nitems)
                    return false;
        for (size_t q = 0; q < s->nquestions; q++) {
            for (size_t a = 0; a < s->questions[q].nanswers; a++) {
                const struct answer *an = &s->questions[q].answers[a];

                if (an->next < -1 || (an->next >= 0 && (size_t)an->next >= s->nquestions) ||
                    an->outcome < -1 || (an->outcome >= 0 && (size_t)an->outcome >= s->noutcomes))
                    return false;
            }
        }
    }
    return true;
}

/* Read snap_path whole into one allocation (caller frees); NULL and *cause on failure. */
static unsigned char *
read_whole(const char *snap_path, size_t *len, char **cause)
{
    struct stat st;
    unsigned char *buf;
    size_t got = 0;
    int fd = open(snap_path, O_RDONLY | O_CLOEXEC);

    if (fd < 0) {
        xasprintf(cause, "%s: %s", snap_path, strerror(errno));
        return NULL;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0 ||
        (uint64_t)st.st_size < sizeof(struct snap_header) || (uint64_t)st.st_size > SNAP_MAX) {
        xasprintf(cause, "%s: not a snapshot (size)", snap_path);
        close(fd);
        return NULL;
    }
    *len = (size_t)st.st_size;
    buf = xmalloc(*len);
    while (got < *len) {
        ssize_t n = read(fd, buf + got, *len - got);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    if (got != *len) {
        xasprintf(cause, "%s: short read", snap_path);
        free(buf);
        return NULL;
    }
    return buf;
}

/* Why the header h of a len-byte file cannot be used for the JSON whose stat is st, or NULL. */
static const char *
header_problem(const struct snap_header *h, size_t len, const struct stat *st)
{
    if (memcmp(h->magic, SNAP_MAGIC, sizeof h->magic) != 0)
        return "not a catalog snapshot";
    if (h->format != SNAP_FORMAT || h->layout != layout_id() || h->reserved != 0)
        return "written by another version of the kiosk";
    if (!exe_matches(h))
        return "written by another build or program";
    if (h->total_len != len || h->payload_len != len - sizeof *h ||
        h->struct_len > h->payload_len || h->struct_len < sizeof(struct catalog))
        return "wrong length";
    if (!key_matches(h, st))
        return "the catalog file has changed since the snapshot was written";
    return NULL;
}

/* Load snap_path if it is a valid snapshot of the JSON whose stat is st. */
static int
snap_read(const char *json_path, const struct stat *st, const char *snap_path, struct catalog **out,
          char **cause)
{
    struct snap_header h;
    unsigned char sum[32];
    struct fixer fx = { 0 };
    struct catalog *cat;
    const char *bad;
    unsigned char *buf;
    size_t len;

    *out = NULL;
    if (catalog_snap_layout_check(cause) != 0)
        return -1;
    buf = read_whole(snap_path, &len, cause);
    if (buf == NULL)
        return -1;
    memcpy(&h, buf, sizeof h);
    bad = header_problem(&h, len, st);
    if (bad != NULL) {
        xasprintf(cause, "%s: %s", snap_path, bad);
        free(buf);
        return -1;
    }
    fx.base = buf + sizeof h;
    fx.struct_len = (size_t)h.struct_len;
    fx.len = (size_t)h.payload_len;
    fx.next = sizeof *cat;
    checksum(&h, fx.base, fx.len, NULL, 0, sum);
    if (memcmp(sum, h.sum, sizeof sum) != 0) {
        xasprintf(cause, "%s: checksum mismatch", snap_path);
    } else if (fx.struct_len < fx.len && fx.base[fx.len - 1] != '\0') {
        xasprintf(cause, "%s: strings not terminated", snap_path);
    } else if (!fix_walk(&fx, &t_catalog, 0)) {
        xasprintf(cause, "%s: bad reference in field %s", snap_path, fx.bad);
    } else {
        cat = (struct catalog *)(void *)fx.base;
        if (indexes_ok(cat)) {
            owned_walk(&t_catalog, fx.base, true);
            cat->path = xstrdup(json_path);
            cat->snapshot_free = catalog_snap_free;
            *out = cat;
            return 0;
        }
        xasprintf(cause, "%s: bad index", snap_path);
    }
    free(buf);
    return -1;
}

int
catalog_snap_read(const char *json_path, const char *snap_path, struct catalog **out, char **cause)
{
    struct stat st;

    *out = NULL;
    if (stat(json_path, &st) != 0) {
        xasprintf(cause, "%s: %s", json_path, strerror(errno));
        return -1;
    }
    return snap_read(json_path, &st, snap_path, out, cause);
}

void
catalog_snap_free(struct catalog *cat)
{
    if (cat == NULL)
        return;
    owned_walk(&t_catalog, (unsigned char *)cat, false);
    free(cat->path);
    free((unsigned char *)cat - sizeof(struct snap_header)); /* the file as read: cat is in it */
}

static bool
same_stat(const struct stat *a, const struct stat *b)
{
    struct snap_header h;

    key_from_stat(&h, a);
    return key_matches(&h, b);
}

int
catalog_load_cached(const char *json_path, const char *snap_path, struct catalog **out,
                    struct strlist *problems)
{
    struct stat before, after;
    char *cause = NULL;
    bool keyed;

    *out = NULL;
    keyed = snap_path != NULL && stat(json_path, &before) == 0;
    if (keyed) {
        if (snap_read(json_path, &before, snap_path, out, &cause) == 0)
            return 0;
        log_msg(LOG_INFO, "catalog snapshot not used: %s", cause);
        free(cause);
        cause = NULL;
    }
    if (catalog_load(json_path, out, problems) != 0)
        return -1;
    /* A file that changed while it was read gets no snapshot (the next start checks it),
     * nor one modified in the last seconds: a second edit within the file system's
     * timestamp granularity could keep the same size and times (git's "racy clean"). */
    if (keyed && stat(json_path, &after) == 0 && same_stat(&before, &after)) {
        struct timespec now;

        clock_gettime(CLOCK_REALTIME, &now);
        if (now.tv_sec - before.st_mtim.tv_sec < SNAP_SETTLE_SECONDS)
            log_msg(LOG_INFO, "catalog snapshot not written: %s was modified just now", json_path);
        else if (snap_write(*out, &before, snap_path, &cause) != 0) {
            log_msg(LOG_WARN, "catalog snapshot not written: %s", cause);
            free(cause);
        }
    }
    return 0;
}

/* This program's file name ("kiosk", "kiosk-print"), for its own snapshot. */
static void
prog_name(char *out, size_t size)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    const char *base;
    size_t k = 0;

    if (n <= 0) {
        snprintf(out, size, "kiosk");
        return;
    }
    exe[n] = '\0';
    base = strrchr(exe, '/') != NULL ? strrchr(exe, '/') + 1 : exe;
    for (; base[k] != '\0' && k + 1 < size; k++)
        out[k] = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-",
                        base[k]) != NULL
                     ? base[k]
                     : '_';
    out[k] = '\0';
}

char *
catalog_snap_path(const char *database_path)
{
    char *copy = xstrdup(database_path != NULL ? database_path : ""), *path, prog[64];

    prog_name(prog, sizeof prog);
    xasprintf(&path, "%s/catalog-%s.snap", dirname(copy), prog);
    free(copy);
    return path;
}

int
catalog_load_beside(const char *json_path, const char *database_path, struct catalog **out,
                    struct strlist *problems)
{
    char *snap = database_path != NULL ? catalog_snap_path(database_path) : NULL;
    int rc = catalog_load_cached(json_path, snap, out, problems);

    free(snap);
    return rc;
}
