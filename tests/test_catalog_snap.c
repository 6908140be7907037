/*
 * The catalog snapshot (src/catalog_snap.c): a catalog read back from its snapshot is the
 * same, field by field, as the JSON load (assets/catalog.json and the small fixture); a
 * changed JSON is validated again and the snapshot rewritten; a broken JSON is refused even
 * with a valid snapshot beside it; a corrupted, truncated, foreign or forged snapshot falls
 * back to the JSON without a crash (run it under valgrind too: make valgrind). Start-up's
 * other saving is here too: the search index is built on first use, not by app_init.
 *
 * The comparison walks the snapshot's field tables (catalog_snap_root) and also compares
 * every byte of every struct except its pointers, so a field missing from the tables shows
 * here. The sizes below break the build of this test when catalog.h changes: describe the
 * new field in src/catalog_snap.c, then update the size.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "catalog.h"
#include "catalog_snap.h"
#include "testapp.h"

#if defined(__x86_64__) || defined(__aarch64__)
#define SIZE_IS(st, n)                                                                             \
    _Static_assert(sizeof(struct st) == (n),                                                       \
                   "struct " #st " changed: add the new field to the "                             \
                   "tables in src/catalog_snap.c, then update this size")
SIZE_IS(i18n_text, 16);
SIZE_IS(strlist, 16);
SIZE_IS(fact, 40);
SIZE_IS(portal, 88);
SIZE_IS(prereq, 56);
SIZE_IS(group, 24);
SIZE_IS(checklist_item, 48);
SIZE_IS(answer, 24);
SIZE_IS(question, 56);
SIZE_IS(outcome, 64);
SIZE_IS(service, 480);
SIZE_IS(catalog, 96);
#endif

#define SMALL   "tests/fixtures/catalog_small.json"
#define SHIPPED "assets/catalog.json"
#define BAD     "tests/fixtures/catalog_bad_syntax.json"

/* The snapshot file's header (src/catalog_snap.c): 176 bytes, the checksum in the last 32. */
#define HDR_LEN 176
#define SUM_OFF 144

static char tmpdir[64];

static bool
file_exists(const char *path)
{
    return access(path, R_OK) == 0;
}

/* Run from the repository root, also when started from tests/ or the build folder. */
static void
go_to_root(void)
{
    static const char *const ups[] = { "..", "../.." };

    for (size_t i = 0; i < 2 && !file_exists(SMALL); i++)
        if (chdir(ups[i]) != 0)
            break;
}

static char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    buf = xmalloc((size_t)n + 1);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* Write len bytes to path in place (same inode when it exists). */
static void
spew(const char *path, const void *buf, size_t len)
{
    FILE *f = fopen(path, "wb");

    assert_non_null(f);
    assert_int_equal(fwrite(buf, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* Set path's mtime to `ago` seconds in the past (a catalog edited just now gets no snapshot). */
static void
age(const char *path, int ago)
{
    struct timespec t[2];

    clock_gettime(CLOCK_REALTIME, &t[0]);
    t[0].tv_sec -= ago;
    t[1] = t[0];
    assert_int_equal(utimensat(AT_FDCWD, path, t, 0), 0);
}

static char *
tmp_path(const char *name)
{
    char *p;

    xasprintf(&p, "%s/%s", tmpdir, name);
    return p;
}

/* A copy of src in the temporary folder, modified a minute ago (caller frees the path). */
static char *
copy_json(const char *src, const char *name)
{
    size_t len;
    char *buf = slurp(src, &len), *dst = tmp_path(name);

    spew(dst, buf, len);
    free(buf);
    age(dst, 60);
    return dst;
}

static int
setup(void **state)
{
    (void)state;
    strcpy(tmpdir, "/tmp/test_catalog_snap.XXXXXX");
    return mkdtemp(tmpdir) != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
    char *cmd;
    int rc;

    (void)state;
    xasprintf(&cmd, "rm -rf '%s'", tmpdir);
    rc = system(cmd);
    free(cmd);
    return rc == 0 ? 0 : -1;
}

/* ---- the comparison, once for every field of catalog.h ---- */

/* Zero every pointer of the struct of type ty at p (a copy), through embedded structs. */
static void
mask_pointers(const struct snap_type *ty, unsigned char *p)
{
    for (size_t i = 0; i < ty->nfields; i++) {
        const struct snap_field *f = &ty->fields[i];

        if (f->kind == SNAP_EMBED)
            mask_pointers(f->elem, p + f->off);
        else if (f->kind != SNAP_SCALAR)
            memset(p + f->off, 0, f->size);
    }
}

static bool compare(const struct snap_type *ty, const unsigned char *a, const unsigned char *b,
                    struct strbuf *path);

/* Compare field f of the structs a and b (of the type that holds f). */
static bool
compare_field(const struct snap_field *f, const unsigned char *a, const unsigned char *b,
              struct strbuf *path)
{
    size_t mark = path->len;
    bool ok = true;

    strbuf_printf(path, ".%s", f->name);
    switch (f->kind) {
    case SNAP_SCALAR: break; /* compared with every other byte in compare() */
    case SNAP_OPAQUE: break; /* not catalog data */
    case SNAP_STR: {
        const char *x, *y;

        memcpy(&x, a + f->off, sizeof x);
        memcpy(&y, b + f->off, sizeof y);
        ok = (x == NULL) == (y == NULL) && (x == NULL || strcmp(x, y) == 0);
        if (!ok)
            print_error("%s: \"%s\" != \"%s\"\n", path->s, x ? x : "(null)", y ? y : "(null)");
        break;
    }
    case SNAP_EMBED: ok = compare(f->elem, a + f->off, b + f->off, path); break;
    case SNAP_ARRAY: {
        const unsigned char *x, *y;
        size_t n;

        memcpy(&x, a + f->off, sizeof x);
        memcpy(&y, b + f->off, sizeof y);
        memcpy(&n, a + f->count_off, sizeof n); /* the counts are equal: compared as bytes */
        if ((x == NULL) != (y == NULL)) {
            print_error("%s: NULL on one side only\n", path->s);
            ok = false;
        } else if (x != NULL && f->elem->fields == NULL) {
            ok = n == 0 || memcmp(x, y, n * f->elem->size) == 0;
            if (!ok)
                print_error("%s: elements differ\n", path->s);
        }
        for (size_t k = 0; ok && x != NULL && f->elem->fields != NULL && k < n; k++) {
            size_t m = path->len;

            strbuf_printf(path, "[%zu]", k);
            ok = compare(f->elem, x + k * f->elem->size, y + k * f->elem->size, path);
            path->len = m;
            path->s[m] = '\0';
        }
        break;
    }
    }
    path->len = mark;
    path->s[mark] = '\0';
    return ok;
}

/* Every field of two structs of type ty, recursively; prints the first difference. */
static bool
compare(const struct snap_type *ty, const unsigned char *a, const unsigned char *b,
        struct strbuf *path)
{
    unsigned char *x = xmalloc(ty->size), *y = xmalloc(ty->size);
    bool ok;

    /* Scalars, padding and anything the tables do not describe: every byte but pointers. */
    memcpy(x, a, ty->size);
    memcpy(y, b, ty->size);
    mask_pointers(ty, x);
    mask_pointers(ty, y);
    ok = memcmp(x, y, ty->size) == 0;
    if (!ok) {
        for (size_t i = 0; i < ty->size; i++) {
            if (x[i] != y[i]) {
                print_error("%s: byte %zu of struct %s differs\n", path->s, i, ty->name);
                break;
            }
        }
    }
    free(x);
    free(y);
    for (size_t i = 0; ok && i < ty->nfields; i++)
        ok = compare_field(&ty->fields[i], a, b, path);
    return ok;
}

static bool
same_catalog(const struct catalog *a, const struct catalog *b)
{
    struct strbuf path;
    bool ok;

    strbuf_init(&path);
    strbuf_puts(&path, "catalog");
    ok = compare(catalog_snap_root(), (const unsigned char *)a, (const unsigned char *)b, &path);
    strbuf_done(&path);
    return ok;
}

/* ---- helpers ---- */

/* Load json through snap; asserts success; *from_snap says which way it went. */
static struct catalog *
load_cached(const char *json, const char *snap, bool *from_snap)
{
    struct strlist problems = { 0 };
    struct catalog *cat = NULL;

    assert_int_equal(catalog_load_cached(json, snap, &cat, &problems), 0);
    assert_int_equal(problems.n, 0);
    assert_non_null(cat);
    *from_snap = cat->snapshot_free != NULL;
    return cat;
}

static struct catalog *
load_json(const char *json)
{
    struct strlist problems = { 0 };
    struct catalog *cat = NULL;

    assert_int_equal(catalog_load(json, &cat, &problems), 0);
    strlist_free(&problems);
    return cat;
}

/* Is snap a valid snapshot of json right now? */
static bool
snap_valid(const char *json, const char *snap)
{
    struct catalog *cat = NULL;
    char *cause = NULL;
    int rc = catalog_snap_read(json, snap, &cat, &cause);

    catalog_free(cat);
    free(cause);
    return rc == 0;
}

/* Recompute the checksum of a snapshot file in memory (a forged but well-sealed snapshot). */
static void
reseal(unsigned char *buf, size_t len)
{
    crypto_generichash_state st;

    assert_true(sodium_init() >= 0);
    crypto_generichash_init(&st, NULL, 0, 32);
    crypto_generichash_update(&st, buf, SUM_OFF);
    crypto_generichash_update(&st, buf + HDR_LEN, len - HDR_LEN);
    crypto_generichash_final(&st, buf + SUM_OFF, 32);
}

/* ---- tests ---- */

static void
test_layout(void **state)
{
    char *cause = NULL;

    (void)state;
    assert_int_equal(catalog_snap_layout_check(&cause), 0);
    assert_null(cause);
}

/* The JSON load, the first cached load (JSON, writes) and the second (snapshot) agree. */
static void
check_same(const char *src)
{
    char *json = copy_json(src, "same.json"), *snap = tmp_path("same.snap");
    struct catalog *a = load_json(json), *b, *c;
    struct strlist problems = { 0 };
    bool from_snap;

    unlink(snap);
    b = load_cached(json, snap, &from_snap);
    assert_false(from_snap);
    assert_true(file_exists(snap));
    c = load_cached(json, snap, &from_snap);
    assert_true(from_snap);
    assert_true(same_catalog(a, b));
    assert_true(same_catalog(a, c));
    assert_string_equal(a->hash, c->hash);
    assert_string_equal(c->path, json);
    /* The overrides replace the strings a snapshot catalog owns on its own. */
    assert_int_equal(
        catalog_apply_overrides(a, "https://dvc.example.vn", "https://qn.example.vn", &problems),
        0);
    assert_int_equal(
        catalog_apply_overrides(c, "https://dvc.example.vn", "https://qn.example.vn", &problems),
        0);
    assert_true(same_catalog(a, c));
    catalog_free(a);
    catalog_free(b);
    catalog_free(c);
    strlist_free(&problems);
    free(json);
    free(snap);
}

static void
test_same_small(void **state)
{
    (void)state;
    check_same(SMALL);
}

static void
test_same_shipped(void **state)
{
    (void)state;
    check_same(SHIPPED);
}

/* The comparison itself sees a changed scalar, string and array. */
static void
test_compare_sees_changes(void **state)
{
    char *json = copy_json(SMALL, "cmp.json");
    struct catalog *a = load_json(json), *b = load_json(json);
    char *old;

    (void)state;
    assert_true(same_catalog(a, b));
    b->services[0].qr_verified = !b->services[0].qr_verified;
    assert_false(same_catalog(a, b));
    b->services[0].qr_verified = a->services[0].qr_verified;
    old = b->services[0].questions[0].answers[0].text.en;
    b->services[0].questions[0].answers[0].text.en = xstrdup("changed");
    assert_false(same_catalog(a, b));
    free(b->services[0].questions[0].answers[0].text.en);
    b->services[0].questions[0].answers[0].text.en = old;
    b->services[0].outcomes[0].items[0]++;
    assert_false(same_catalog(a, b));
    b->services[0].outcomes[0].items[0]--;
    assert_true(same_catalog(a, b));
    catalog_free(a);
    catalog_free(b);
    free(json);
}

/* A touched or edited JSON is validated again and the snapshot rewritten. */
static void
test_changed_json(void **state)
{
    char *json = copy_json(SMALL, "changed.json"), *snap = tmp_path("changed.snap");
    struct catalog *cat;
    struct stat st1, st2;
    bool from_snap;
    size_t len;
    char *buf, *v;

    (void)state;
    catalog_free(load_cached(json, snap, &from_snap));
    assert_false(from_snap);
    assert_true(snap_valid(json, snap));
    assert_int_equal(stat(snap, &st1), 0);

    /* touch: the same bytes, another mtime */
    age(json, 30);
    assert_false(snap_valid(json, snap));
    cat = load_cached(json, snap, &from_snap);
    assert_false(from_snap);
    catalog_free(cat);
    assert_true(snap_valid(json, snap));
    assert_int_equal(stat(snap, &st2), 0);
    assert_true(st1.st_ino != st2.st_ino); /* a new file renamed into place */
    catalog_free(load_cached(json, snap, &from_snap));
    assert_true(from_snap);

    /* one byte changed in the version label, same size, written in place */
    buf = slurp(json, &len);
    v = strstr(buf, "\"version\"");
    assert_non_null(v);
    v = strchr(v + 9, '"');
    assert_non_null(v);
    v[1] = v[1] == '9' ? '8' : '9';
    spew(json, buf, len);
    age(json, 20);
    cat = load_cached(json, snap, &from_snap);
    assert_false(from_snap);
    assert_int_equal(cat->version[0], v[1]);
    catalog_free(cat);
    cat = load_cached(json, snap, &from_snap);
    assert_true(from_snap);
    assert_int_equal(cat->version[0], v[1]);
    catalog_free(cat);
    free(buf);
    free(json);
    free(snap);
}

/* A catalog modified just now is loaded but gets no snapshot yet. */
static void
test_fresh_json_no_snapshot(void **state)
{
    char *json = copy_json(SMALL, "fresh.json"), *snap = tmp_path("fresh.snap");
    struct timespec t[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
    bool from_snap;

    (void)state;
    assert_int_equal(utimensat(AT_FDCWD, json, t, 0), 0);
    catalog_free(load_cached(json, snap, &from_snap));
    assert_false(from_snap);
    assert_false(file_exists(snap));
    free(json);
    free(snap);
}

/* A broken JSON is refused even with a valid snapshot beside it, whatever its times. */
static void
test_invalid_json_refused(void **state)
{
    char *json = copy_json(SMALL, "refused.json"), *snap = tmp_path("refused.snap");
    struct strlist problems = { 0 };
    struct catalog *cat = NULL;
    struct stat st, st2;
    bool from_snap;
    size_t len;
    char *buf;

    (void)state;
    catalog_free(load_cached(json, snap, &from_snap));
    assert_true(snap_valid(json, snap));
    /* One byte changed in place: the same size, the same inode. */
    assert_int_equal(stat(json, &st), 0);
    buf = slurp(json, &len);
    buf[0] = '[';
    spew(json, buf, len);
    age(json, 10);
    assert_int_equal(stat(json, &st2), 0);
    assert_true(st.st_ino == st2.st_ino && st.st_size == st2.st_size);
    assert_int_equal(catalog_load_cached(json, snap, &cat, &problems), -1);
    assert_null(cat);
    assert_true(problems.n > 0);
    strlist_free(&problems);
    /* Another file altogether. */
    free(buf);
    buf = slurp(BAD, &len);
    spew(json, buf, len);
    age(json, 10);
    assert_int_equal(catalog_load_cached(json, snap, &cat, &problems), -1);
    assert_null(cat);
    assert_true(problems.n > 0);
    strlist_free(&problems);
    free(buf);
    free(json);
    free(snap);
}

/* snap, damaged by damage(), is not used: the JSON is, and the snapshot is rewritten. */
static void
check_fallback(const char *json, const char *snap, const struct catalog *want, const char *what)
{
    struct catalog *cat;
    bool from_snap;

    assert_false(snap_valid(json, snap));
    cat = load_cached(json, snap, &from_snap);
    if (from_snap)
        print_error("damaged snapshot used: %s\n", what);
    assert_false(from_snap);
    assert_true(same_catalog(want, cat));
    catalog_free(cat);
    assert_true(snap_valid(json, snap));
}

static void
test_corrupted_snapshot(void **state)
{
    char *json = copy_json(SHIPPED, "corrupt.json"), *snap = tmp_path("corrupt.snap");
    struct catalog *want = load_json(json);
    unsigned char *good, *bad;
    size_t len;
    bool from_snap;

    (void)state;
    catalog_free(load_cached(json, snap, &from_snap));
    good = (unsigned char *)slurp(snap, &len);
    assert_true(len > 4096);
    bad = xmalloc(len + 64);

    /* A flipped byte in the magic, version, layout, lengths, the JSON's and the program's
     * keys, the checksum and the payload. */
    const size_t offsets[] = { 0,      7,   8,       12,          16,           24,      40,
                               48,     72,  96,      104,         127,          136,     SUM_OFF,
                               160,    175, HDR_LEN, HDR_LEN + 8, HDR_LEN + 99, len / 2, len - 2,
                               len - 1 };
    for (size_t i = 0; i < sizeof offsets / sizeof offsets[0]; i++) {
        char what[64];

        memcpy(bad, good, len);
        bad[offsets[i]] ^= 0x41;
        spew(snap, bad, len);
        snprintf(what, sizeof what, "byte %zu flipped", offsets[i]);
        check_fallback(json, snap, want, what);
    }
    /* Truncated. */
    const size_t cuts[] = { 0, 1, 10, HDR_LEN - 1, HDR_LEN, HDR_LEN + 100, len / 2, len - 1 };
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        char what[64];

        spew(snap, good, cuts[i]);
        snprintf(what, sizeof what, "cut at %zu", cuts[i]);
        check_fallback(json, snap, want, what);
    }
    /* Longer than it says, garbage of the same length, garbage with a valid magic. */
    memcpy(bad, good, len);
    memset(bad + len, 'x', 64);
    spew(snap, bad, len + 64);
    check_fallback(json, snap, want, "64 bytes appended");
    srand(6);
    for (size_t i = 0; i < len; i++)
        bad[i] = (unsigned char)rand();
    spew(snap, bad, len);
    check_fallback(json, snap, want, "garbage");
    memcpy(bad, good, HDR_LEN);
    spew(snap, bad, len);
    check_fallback(json, snap, want, "good header, garbage payload");
    /* Not a regular file. */
    assert_int_equal(unlink(snap), 0);
    assert_int_equal(mkdir(snap, 0700), 0);
    catalog_free(load_cached(json, snap, &from_snap));
    assert_false(from_snap);
    assert_int_equal(rmdir(snap), 0);

    free(good);
    free(bad);
    catalog_free(want);
    free(json);
    free(snap);
}

/* Forged snapshots with a correct checksum: every offset and index is checked anyway. */
static void
test_forged_snapshot(void **state)
{
    char *json = copy_json(SMALL, "forged.json"), *snap = tmp_path("forged.snap");
    struct catalog *want = load_json(json);
    unsigned char *good, *bad, *p;
    uintptr_t v, services;
    size_t len, n;
    bool from_snap;

    (void)state;
    catalog_free(load_cached(json, snap, &from_snap));
    good = (unsigned char *)slurp(snap, &len);
    bad = xmalloc(len);
    p = bad + HDR_LEN; /* the payload: struct catalog first */
    memcpy(&services, good + HDR_LEN + offsetof(struct catalog, services), sizeof services);
    assert_true(services > 0);

    /* Resealed unchanged: used (the forging itself is right). */
    memcpy(bad, good, len);
    reseal(bad, len);
    spew(snap, bad, len);
    assert_true(snap_valid(json, snap));

#define FORGE(what, off, type, value)                                                              \
    do {                                                                                           \
        type val_ = (value);                                                                       \
        memcpy(bad, good, len);                                                                    \
        memcpy(p + (off), &val_, sizeof val_);                                                     \
        reseal(bad, len);                                                                          \
        spew(snap, bad, len);                                                                      \
        check_fallback(json, snap, want, what);                                                    \
    } while (0)
    {
        /* Another build of the program (its identity differs), correctly sealed. */
        memcpy(bad, good, len);
        bad[104] ^= 1; /* exe_ino */
        reseal(bad, len);
        spew(snap, bad, len);
        check_fallback(json, snap, want, "another build");
    }
    FORGE("services beyond the end", offsetof(struct catalog, services), uintptr_t, len * 4);
    FORGE("services into the strings", offsetof(struct catalog, services), uintptr_t, len - 200);
    FORGE("services misaligned", offsetof(struct catalog, services), uintptr_t, services + 1);
    FORGE("services over the catalog", offsetof(struct catalog, services), uintptr_t, 1);
    FORGE("too many services", offsetof(struct catalog, nservices), size_t, 1000000);
    FORGE("huge count", offsetof(struct catalog, nservices), size_t, SIZE_MAX / 2);
    FORGE("version NULL", offsetof(struct catalog, version), uintptr_t, 0);
    FORGE("hash into the structs", offsetof(struct catalog, hash), uintptr_t, 1);
    FORGE("hash beyond the end", offsetof(struct catalog, hash), uintptr_t, len);
    FORGE("groups NULL with a count", offsetof(struct catalog, groups), uintptr_t, 0);
    /* Inside the first service (its array starts at services - 1). */
    n = (size_t)services - 1;
    FORGE("group index", n + offsetof(struct service, group), size_t, 99);
    FORGE("qr portal index", n + offsetof(struct service, qr_portal), size_t, 99);
    FORGE("code NULL", n + offsetof(struct service, code), uintptr_t, 0);
    FORGE("questions aliasing services", n + offsetof(struct service, questions), uintptr_t,
          services);
    memcpy(&v, good + HDR_LEN + n + offsetof(struct service, questions), sizeof v);
    memcpy(&v, good + HDR_LEN + v - 1 + offsetof(struct question, answers), sizeof v);
    FORGE("answer next", v - 1 + offsetof(struct answer, next), int, 99);
    FORGE("answer outcome", v - 1 + offsetof(struct answer, outcome), int, -2);
    memcpy(&v, good + HDR_LEN + n + offsetof(struct service, outcomes), sizeof v);
    memcpy(&v, good + HDR_LEN + v - 1 + offsetof(struct outcome, items), sizeof v);
    FORGE("outcome item", v - 1, size_t, 99);
#undef FORGE
    free(good);
    free(bad);
    catalog_free(want);
    free(json);
    free(snap);
}

/* Only the JSON decides: a missing JSON is an error even with a snapshot present. */
static void
test_missing_json(void **state)
{
    char *json = copy_json(SMALL, "missing.json"), *snap = tmp_path("missing.snap");
    struct strlist problems = { 0 };
    struct catalog *cat = NULL;
    bool from_snap;

    (void)state;
    catalog_free(load_cached(json, snap, &from_snap));
    assert_int_equal(unlink(json), 0);
    assert_int_equal(catalog_load_cached(json, snap, &cat, &problems), -1);
    assert_null(cat);
    assert_true(problems.n > 0);
    strlist_free(&problems);
    free(json);
    free(snap);
}

/* A snapshot that cannot be written is no error; no snapshot path is plain catalog_load. */
static void
test_unwritable(void **state)
{
    char *json = copy_json(SMALL, "unwritable.json");
    bool from_snap;

    (void)state;
    catalog_free(load_cached(json, "/nonexistent/folder/catalog.snap", &from_snap));
    assert_false(from_snap);
    catalog_free(load_cached(json, NULL, &from_snap));
    assert_false(from_snap);
    free(json);
}

static void
test_snap_path(void **state)
{
    char *p;

    (void)state;
    /* One snapshot per program (this one is test_catalog_snap). */
    p = catalog_snap_path("/var/lib/kiosk/kiosk.db");
    assert_string_equal(p, "/var/lib/kiosk/catalog-test_catalog_snap.snap");
    free(p);
    p = catalog_snap_path("kiosk.db");
    assert_string_equal(p, "./catalog-test_catalog_snap.snap");
    free(p);
}

/* The search index costs nothing at start-up: built when first needed, once, and again after
 * a catalog change. */
static void
test_search_index_lazy(void **state)
{
    struct test_app *t = test_app_new(NULL, 30, 100);
    struct search_index *idx;

    (void)state;
    assert_non_null(t->app.cat);
    assert_null(t->app.search);
    assert_true(test_screen_has(t, "?"));
    assert_null(t->app.search);
    idx = app_search(&t->app);
    assert_non_null(idx);
    assert_ptr_equal(app_search(&t->app), idx);
    app_set_catalog(&t->app, t->app.cat);
    assert_null(t->app.search);
    assert_non_null(app_search(&t->app));
    test_app_free(t);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_same_small),
        cmocka_unit_test(test_same_shipped),
        cmocka_unit_test(test_compare_sees_changes),
        cmocka_unit_test(test_changed_json),
        cmocka_unit_test(test_fresh_json_no_snapshot),
        cmocka_unit_test(test_invalid_json_refused),
        cmocka_unit_test(test_corrupted_snapshot),
        cmocka_unit_test(test_forged_snapshot),
        cmocka_unit_test(test_missing_json),
        cmocka_unit_test(test_unwritable),
        cmocka_unit_test(test_snap_path),
        cmocka_unit_test(test_search_index_lazy),
    };

    go_to_root();
    return cmocka_run_group_tests(tests, setup, teardown);
}
