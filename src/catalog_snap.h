/*
 * A validated binary snapshot of struct catalog, kept next to the database, so that start-up
 * skips parsing and validating assets/catalog.json while the file has not changed.
 *
 * The snapshot is written from a catalog that catalog_load() accepted, and is keyed by the
 * JSON file's device, inode, size, mtime and ctime: any edit (even one that keeps the size)
 * makes the key differ, and the JSON is then validated again in full; a broken JSON is
 * refused even when an older snapshot is present. The key also holds the program file's own
 * identity (/proc/self/exe: device, inode, size, mtime), so a rebuilt or upgraded kiosk, whose
 * rules or QR URLs may differ, validates once again. A snapshot is used only when its magic,
 * format version, this binary's struct layout, its length and its BLAKE2b checksum all
 * match; anything else (missing, truncated, corrupted, foreign) falls back to the JSON. The
 * checksum detects corruption, not forgery: the snapshot is trusted as far as the database
 * folder it lives in (even so, every offset in it is bounds-checked before use).
 *
 * A catalog loaded from a snapshot is one allocation (the file as read, with struct catalog
 * right after the header) holding the structs and the strings, except cat->path,
 * portals[].base_url and services[].qr_url, which are allocated on their own
 * (catalog_set_portal_base() replaces the last two); its cat->snapshot_free is
 * catalog_snap_free, which catalog_free() calls. To every other user the two are the same.
 */
#ifndef KIOSK_CATALOG_SNAP_H
#define KIOSK_CATALOG_SNAP_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog.h"

/*
 * Load the catalog at json_path through the snapshot at snap_path (NULL = no snapshot: just
 * catalog_load()). When the snapshot matches the JSON file, it is loaded; otherwise the JSON
 * is loaded and validated by catalog_load() and, on success, a new snapshot is written
 * atomically (snap_path.tmp.PID, fsync, rename). A snapshot that cannot be written is only
 * logged (LOG_WARN). Same contract as catalog_load(): 0 and *out (caller frees with
 * catalog_free), or -1 with every problem of the JSON appended to *problems.
 */
int catalog_load_cached(const char *json_path, const char *snap_path, struct catalog **out,
                        struct strlist *problems);

/* catalog_load_cached() with the snapshot next to the database: catalog_snap_path(db). */
int catalog_load_beside(const char *json_path, const char *database_path, struct catalog **out,
                        struct strlist *problems);

/*
 * The snapshot path for a database file: its folder + "/catalog-PROGRAM.snap", e.g.
 * var/catalog-kiosk.snap and var/catalog-kiosk-print.snap (caller frees). Each program keeps
 * its own, because a snapshot is only used by the very program file that validated it.
 */
char *catalog_snap_path(const char *database_path);

/*
 * The two halves, for tests. catalog_snap_read: 0 and *out when snap_path holds a valid
 * snapshot of json_path as it is now; else -1 and *cause (caller frees) says why.
 * catalog_snap_write: write cat (loaded from json_path) atomically to snap_path, keyed by
 * json_path's current stat; -1 and *cause on failure.
 */
int catalog_snap_read(const char *json_path, const char *snap_path, struct catalog **out,
                      char **cause);
int catalog_snap_write(const struct catalog *cat, const char *json_path, const char *snap_path,
                       char **cause);

/* Free a catalog loaded from a snapshot (catalog_free() calls it as cat->snapshot_free). */
void catalog_snap_free(struct catalog *cat);

/*
 * The tables that describe every field of catalog.h to the snapshot (and to the tests that
 * compare two catalogs field by field). A struct is a list of fields in declaration order;
 * a field missing from the tables shows as a gap in its struct (catalog_snap_layout_check),
 * and the snapshot is then never used.
 */
enum snap_kind {
    SNAP_SCALAR, /* bytes copied as they are: int, bool, size_t counts and indexes */
    SNAP_STR,    /* char * */
    SNAP_ARRAY,  /* a pointer to `count` elements of type elem; count is the size_t field at
                    count_off in the same struct; NULL only when count is 0 */
    SNAP_EMBED,  /* an embedded struct of type elem */
    SNAP_OPAQUE, /* a pointer that is not catalog data (catalog.snapshot_free): neither stored
                    nor compared */
};

#define SNAP_NULLABLE 1u /* SNAP_STR: may be NULL */
#define SNAP_OWNED    2u /* SNAP_STR: allocated on its own also in a snapshot catalog */
#define SNAP_LOCAL    4u /* SNAP_STR: not stored; set when loading (catalog.path) */

struct snap_type;

struct snap_field {
    const char *name;
    size_t off, size, align;
    enum snap_kind kind;
    unsigned flags;
    const struct snap_type *elem; /* SNAP_ARRAY, SNAP_EMBED */
    size_t count_off;             /* SNAP_ARRAY */
};

struct snap_type {
    const char *name;
    size_t size, align;
    const struct snap_field *fields; /* NULL for a plain scalar element (size_t, int) */
    size_t nfields;
};

/* The description of struct catalog, the root of everything. */
const struct snap_type *catalog_snap_root(void);

/* 0 when every described struct is exactly covered by its fields; else -1 and *cause. */
int catalog_snap_layout_check(char **cause);

#endif
