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

/* The catalog format this kiosk reads (the file's "schema"). */
#define CATALOG_SCHEMA 2

/*
 * A fact a resident acts on (fee, time, agency, audience, procedure code, a hotline). A fact
 * may have dated versions: this struct is the first (earliest) one and `next` the later ones,
 * in date order and never overlapping. Residents see a version's text only when it is in
 * force on the day, verified and not empty (catalog_fact_text); `sources` and `editor_note`
 * are for editors (`kiosk catalog review`) and never reach a screen or paper.
 */
struct fact {
    struct i18n_text text; /* the resident's text; empty (vi == "") when unknown */
    bool verified;
    char *checked;          /* "YYYY-MM-DD": last checked against its sources */
    struct strlist sources; /* source keys such as "S43" */
    char *editor_note;      /* NULL, or a note for editors only */
    char *valid_from;       /* NULL = since always */
    char *valid_until;      /* NULL = open-ended */
    size_t *exempt;         /* fee only: indexes into catalog->exgroups */
    size_t nexempt;
    int version;       /* its index in the file's array of versions, -1 for a single object */
    struct fact *next; /* the next dated version (owned), or NULL */
};

/* A group of people exempt from a fee ("người từ 60 tuổi trở lên"). */
struct exgroup {
    char *id;
    struct i18n_text text;     /* who they are, to follow "Miễn phí nếu bạn là: " */
    struct i18n_text question; /* a yes/no question that settles it; "" when none */
    struct strlist sources;
};

/* A page form of a portal: base_url + path, where "{param}" stands for the service's param. */
struct route {
    char *id;
    char *path;
    struct i18n_text opens; /* what the page is, said in one line */
    char *valid_from;
    char *valid_until; /* NULL = open-ended; in the past = retired, kept for history */
};

struct portal {
    char *id; /* "dvcqg", "bca", "quangninh", "vneid", … */
    struct i18n_text name;
    struct i18n_text note;
    char *base_url;              /* "https://dichvucong.gov.vn"; NULL for an app without a site */
    char *home_path;             /* appended to base_url for the home page; "" when none */
    struct i18n_text opens_home; /* what its home page is; "" when it has no site */
    struct route *routes;
    size_t nroutes;
    char *valid_from;  /* "YYYY-MM-DD" */
    char *valid_until; /* NULL = open-ended */
    bool provincial;   /* the Quảng Ninh portal: shown as QR key 2 */
};

/* Something a resident must have before filing online (VNeID level 2, own SIM…). */
struct prereq {
    char *id;
    struct i18n_text question; /* asked as a yes/no question */
    struct i18n_text hint;
    struct i18n_text if_no; /* what to do when the answer is no: never a dead end */
    /* "requires": an earlier pre-flight question (index into catalog->prereqs) that must not
     * have been answered "no" for this one to be asked (no password question after "no
     * account"); -1 = none. */
    int requires;
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
    char *editor_note; /* NULL, or a note for editors only */
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
    struct fact *fee;  /* NULL, or the fee that applies in this case (owned) */
    struct fact *time; /* NULL, or the time that applies in this case (owned) */
    int suggest;       /* a service number better suited (e.g. the bundle), 0 = none */
    bool skip_prereqs; /* "skip_prerequisites": true: the case needs no filing (e.g. "you
                          usually do not need this service") or is done in person, so no
                          pre-flight */
    /* "skip_prerequisites" as a list of ids: the pre-flight questions not asked in this case
     * (e.g. the online payment when the case is free); indexes into catalog->prereqs. */
    size_t *skip;
    size_t nskip;
};

struct service {
    size_t file_index;              /* its place in the file's "services" (for messages) */
    int number;                     /* 1..25, printed on posters, typed on the keypad */
    char *code;                     /* stable code, e.g. "khai_sinh" */
    struct i18n_text official_name; /* .en is the English name */
    struct i18n_text plain_name;
    size_t group; /* index into catalog->groups */
    struct fact agency;
    struct fact audience; /* who it is for */
    struct fact fee;
    struct fact time;
    struct fact tthc;      /* national procedure code in text.vi, "" when not known */
    struct fact *hotlines; /* the agency's own numbers */
    size_t nhotlines;
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
    struct i18n_text *vneid_steps; /* the path in the VNeID app, menu by menu; may be none */
    size_t nvneid_steps;
    char *editor_note; /* NULL, or a note for editors only */
    int *covers;       /* a linked bundle: the service numbers it covers */
    size_t ncovers;
    struct strlist synonyms; /* words residents use, any spelling */
    struct strlist sources;
    char *valid_from;
    char *valid_until; /* NULL = open-ended */
    bool for_organisations;
    size_t qr_portal; /* index into catalog->portals */
    int qr_route;     /* index into that portal's routes, -1 = its home page */
    char *qr_param;   /* replaces "{param}" in the route's path; NULL when none */
    bool qr_verified; /* the target page itself was checked */
    char *qr_checked; /* "YYYY-MM-DD" */
    struct strlist qr_sources;
    struct i18n_text qr_home_reason; /* why the home page ("" when a route is used) */
    char *qr_url;                    /* built: base + route (or home page) */
    bool qr_is_procedure;            /* qr_url is a route's page (else the home page) */
};

struct catalog {
    char *path;
    char *hash;               /* hex BLAKE2b-256 of the file's bytes: the content version */
    char *version;            /* the file's own "version" label */
    struct exgroup *exgroups; /* "exemption_groups" */
    size_t nexgroups;
    struct group *groups;
    size_t ngroups;
    struct portal *portals;
    size_t nportals;
    struct prereq *prereqs;
    size_t nprereqs;
    struct service *services; /* sorted by number */
    size_t nservices;
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
/* Free a catalog from catalog_load*(); NULL is fine. */
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

/* Is the service (or portal, or route) valid on date "YYYY-MM-DD"? */
bool catalog_service_active(const struct service *svc, const char *date);
bool catalog_portal_active(const struct portal *p, const char *date);
bool catalog_route_active(const struct route *r, const char *date);

/*
 * What residents see of facts. The version of f in force on date ("YYYY-MM-DD"; NULL = the
 * first), or NULL when none is. A fact is shown when a version is in force, verified and has
 * text; catalog_fact_text then gives its text, and otherwise the one message "hỏi cán bộ tại
 * quầy" / "ask the officer at the counter" (MSG_ASK_OFFICER). Borrowed strings.
 */
const struct fact *catalog_fact_at(const struct fact *f, const char *date);
bool catalog_fact_shown(const struct fact *f, const char *date);
const char *catalog_fact_text(const struct fact *f, const char *date, enum lang lang);

/*
 * "Miễn phí nếu bạn là: người từ 60 tuổi trở lên; …" when the fee's version in force on
 * date has exemption groups (caller frees), or NULL. The groups have their own sources, so
 * the line is shown also when the amount is not verified.
 */
char *catalog_fee_exemptions(const struct catalog *cat, const struct fact *fee, const char *date,
                             enum lang lang);

/* The fee and time that apply to an outcome: its own when it has them, else the service's.
 * oc may be NULL (no outcome reached). */
const struct fact *catalog_outcome_fee(const struct service *svc, const struct outcome *oc);
const struct fact *catalog_outcome_time(const struct service *svc, const struct outcome *oc);

/* The portal with id if it is in the catalog and valid on date, else NULL. */
const struct portal *catalog_portal_on(const struct catalog *cat, const char *id, const char *date);

/*
 * The service's QR URL on date, or NULL when it has none or its portal or route is not valid
 * on date (a closed portal or a retired page is never shown). Borrowed from svc.
 */
const char *catalog_service_qr(const struct catalog *cat, const struct service *svc,
                               const char *date);

/* What the service's QR code opens, in one line: its route's `opens`, or its portal's
 * `opens_home` (then svc->qr_home_reason says why). Borrowed; NULL when no QR. */
const struct i18n_text *catalog_qr_opens(const struct catalog *cat, const struct service *svc);

/*
 * Every fact version of svc, in file order: fn gets its JSON path as in messages
 * ("services[3].fee", "services[3].time[1]", "services[3].hotlines[0]",
 * "services[3].outcomes[2].fee"), the field's name ("fee", "hotlines"…) and the version.
 */
void catalog_each_fact(const struct service *svc,
                       void (*fn)(void *ctx, const char *path, const char *field,
                                  const struct fact *version),
                       void *ctx);

/* Days from date a to date b ("YYYY-MM-DD"; b - a), or 0 when either does not parse. */
long catalog_days_between(const char *a, const char *b);

/*
 * The date-dependent checks of `kiosk catalog check` on date: a service's QR on a portal or
 * route no longer valid, or a built URL matching a retired route's pattern. Appends
 * "FILE: services[i].qr: …" problems; returns how many.
 */
size_t catalog_check_dated(const struct catalog *cat, const char *date, struct strlist *problems);

#endif
