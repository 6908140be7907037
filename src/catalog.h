/*
 * The service catalog: the 25 services of Project 06 as dated data, read from one JSON file
 * (assets/catalog.json; the format is described in assets/CATALOG.md). Only catalog.c
 * includes jansson. A loaded catalog is immutable and outlives every screen; everything in
 * it is owned by the catalog and borrowed by its users until catalog_free().
 */
#ifndef KIOSK_CATALOG_H
#define KIOSK_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "i18n.h"
#include "xmalloc.h"

/* QR URLs must fit QR version 5 at level L, the largest code that fits 80x24 in half blocks. */
#define CATALOG_QR_URL_MAX 106

/* A fact a resident acts on; unverified facts are shown as "cần xác minh tại quầy". */
struct fact {
    struct i18n_text text; /* empty (vi == "") when unknown */
    bool verified;
    struct strlist sources; /* source keys such as "S43" */
};

struct portal {
    char *id; /* "dvcqg", "bca", "quangninh", "vneid", … */
    struct i18n_text name;
    struct i18n_text note;
    char *base_url;       /* "https://dichvucong.gov.vn"; NULL for an app without a site */
    char *home_path;      /* appended to base_url for the home page; "" when none */
    char *procedure_path; /* template with "{code}", NULL when unknown */
    char *valid_from;     /* "YYYY-MM-DD" */
    char *valid_until;    /* NULL = open-ended */
    bool provincial;      /* the Quảng Ninh portal: shown as QR key 2 */
};

/* Something a resident must have before filing online (VNeID level 2, own SIM…). */
struct prereq {
    char *id;
    struct i18n_text question; /* asked as a yes/no question */
    struct i18n_text hint;
    struct i18n_text if_no; /* what to do when the answer is no: never a dead end */
};

struct group {
    char *id;
    struct i18n_text name;
};

struct checklist_item {
    char *id;
    struct i18n_text text;
    struct i18n_text note; /* original or scan, who signs, what happens if missing */
    bool verified;
};

struct answer {
    struct i18n_text text;
    int next;    /* index into service->questions, or -1 */
    int outcome; /* index into service->outcomes, or -1 (exactly one is set) */
};

struct question {
    char *id;
    struct i18n_text text;
    struct i18n_text hint; /* shown on F1 / ? */
    struct answer *answers;
    size_t nanswers;
};

struct outcome {
    char *id;
    struct i18n_text title;
    struct i18n_text note;
    size_t *items; /* indexes into service->items */
    size_t nitems;
    int suggest;       /* a service number better suited (e.g. the bundle), 0 = none */
    bool skip_prereqs; /* "skip_prerequisites": the case needs no filing (e.g. "you
                          usually do not need this service"), so no pre-flight */
};

struct service {
    int number;                     /* 1..25, printed on posters, typed on the keypad */
    char *code;                     /* stable code, e.g. "khai_sinh" */
    struct i18n_text official_name; /* .en is the English name */
    struct i18n_text plain_name;
    size_t group; /* index into catalog->groups */
    struct fact agency;
    struct fact audience; /* who it is for */
    struct fact fee;
    struct fact time;
    struct fact tthc;        /* national procedure code in text.vi, "" when not known */
    struct strlist channels; /* portal ids where it is done */
    size_t *prereqs;         /* indexes into catalog->prereqs */
    size_t nprereqs;
    struct question *questions; /* questions[0] is where the guided flow starts */
    size_t nquestions;
    struct outcome *outcomes;
    size_t noutcomes;
    struct checklist_item *items;
    size_t nitems;
    struct i18n_text *steps; /* the online steps */
    size_t nsteps;
    struct i18n_text *reasons; /* common reasons a dossier is returned */
    size_t nreasons;
    int *covers; /* a linked bundle: the service numbers it covers */
    size_t ncovers;
    struct strlist synonyms; /* words residents use, any spelling */
    struct strlist sources;
    char *valid_from;
    char *valid_until; /* NULL = open-ended */
    bool for_organisations;
    size_t qr_portal;     /* index into catalog->portals */
    char *qr_code;        /* procedure code for the portal's procedure page, NULL = home */
    bool qr_verified;     /* the procedure page itself was checked */
    char *qr_url;         /* built: base + procedure page or home page */
    bool qr_is_procedure; /* qr_url is the procedure's own page (else the home page) */
};

struct catalog {
    char *path;
    char *hash;    /* hex BLAKE2b-256 of the file's bytes: the content version */
    char *version; /* the file's own "version" label */
    struct group *groups;
    size_t ngroups;
    struct portal *portals;
    size_t nportals;
    struct prereq *prereqs;
    size_t nprereqs;
    struct service *services; /* sorted by number */
    size_t nservices;
    /* NULL, or how catalog_free() frees a catalog loaded from a snapshot (catalog_snap.h),
       which is one allocation rather than one per string. */
    void (*snapshot_free)(struct catalog *cat);
};

/*
 * Load and validate a catalog. On success returns 0 and *out (caller frees with
 * catalog_free). On failure returns -1 and appends every problem to *problems, each as
 * "FILE:LINE:COL: message" for JSON syntax or "FILE: path: message" for content, e.g.
 * "assets/catalog.json: services[4].questions[1].answers[0].next: unknown question \"q9\"".
 */
int catalog_load(const char *path, struct catalog **out, struct strlist *problems);
/* The same checks on a JSON text in memory (fuzzing, tests); name is used in messages. */
int catalog_load_buffer(const char *name, const char *buf, size_t len, struct catalog **out,
                        struct strlist *problems);
/* Free a catalog from catalog_load*() or catalog_load_cached() (catalog_snap.h); NULL is fine. */
void catalog_free(struct catalog *cat);

/*
 * Replace a portal's base URL (kiosk.conf overrides) and rebuild every QR URL. Returns -1
 * and appends problems when the URL is not https or a QR URL would exceed the limit.
 */
int catalog_set_portal_base(struct catalog *cat, const char *portal_id, const char *base_url,
                            struct strlist *problems);

/*
 * Apply kiosk.conf's overrides (NULL or "" = none): national_url replaces the base URL of the
 * national portal "dvcqg" and of every other portal on the same site (its second page
 * pattern); provincial_url replaces the provincial portal's. Returns -1 with problems when an
 * override is refused (the catalog is then unchanged for that portal).
 */
int catalog_apply_overrides(struct catalog *cat, const char *national_url,
                            const char *provincial_url, struct strlist *problems);

/* Lookups; NULL when not found. Borrowed from cat. */
const struct service *catalog_service(const struct catalog *cat, int number);
const struct service *catalog_service_by_code(const struct catalog *cat, const char *code);
const struct portal *catalog_portal(const struct catalog *cat, const char *id);
/* The provincial portal if present and valid on date ("YYYY-MM-DD"), else NULL. */
const struct portal *catalog_provincial(const struct catalog *cat, const char *date);
/* The provincial portal's home URL (owned by the caller), or NULL. */
char *catalog_portal_home_url(const struct portal *p);

/* Is the service (or portal) valid on date "YYYY-MM-DD"? */
bool catalog_service_active(const struct service *svc, const char *date);
bool catalog_portal_active(const struct portal *p, const char *date);

#endif
