/*
 * kiosk.conf: an INI file read with inih into one struct config, from a table of keys with
 * defaults and ranges (config.c). Unknown sections or keys, bad numbers, values out of range,
 * an unreadable file or an unwritable database folder are all reported, each as
 * "FILE:LINE: [section] key: message", and the kiosk does not start half-configured.
 */
#ifndef KIOSK_CONFIG_H
#define KIOSK_CONFIG_H

#include <stdbool.h>
#include <stdio.h>

#include "xmalloc.h"

enum theme { THEME_DEFAULT, THEME_HIGH_CONTRAST };

struct printer_conf {
    char *name;  /* CUPS queue; "" or NULL = no printer: slips go to pdf_dir */
    char *paper; /* "58mm", "80mm", "A5", "A4", or "" = the destination's default media */
};

struct config {
    char *path; /* the file read */

    /* [kiosk] */
    char *centre_name; /* commune/centre name on the home screen and slips */
    char *centre_address;
    char *province;
    char *hotlines;            /* free text, e.g. "Công an xã: 0203 …; VNeID: …" */
    int default_lang;          /* enum lang */
    int idle_timeout;          /* seconds without a key before the countdown */
    int idle_countdown;        /* seconds of "Còn dùng không?" */
    int assisted_idle_timeout; /* seconds, in an assisted session */
    int digit_timeout_ms;      /* wait for a second digit */
    enum theme theme;
    char *timezone; /* "Asia/Ho_Chi_Minh" */
    char *kiosk_id; /* names this terminal in the database ("" = hostname) */

    /* [paths] (relative paths are relative to the config file's folder) */
    char *database;
    char *log;
    char *catalog;
    char *pdf_dir; /* where slips go when no printer is configured */

    /* [portals] (empty = the catalog's own base URL) */
    char *national_url;
    char *provincial_url;

    /* [printer] */
    struct printer_conf printer;
    int slip_retry_minutes;
    int print_timeout; /* seconds a job may stay pending before it is reported */

    /* [staff] */
    int retention_days;
    int slip_keep_days; /* a slip's answers, ticks, stored receipt and PDF are kept this long */
    char *pin_key_file; /* the secret that keys the PIN hash; default beside the database */

    /* [display] the terminal (foot in cage) the kiosk runs in on a commune PC */
    char *font;          /* the font family: every letter comes from it */
    char *fallback_font; /* for the symbols the font lacks ("" = none) */
    int font_size;       /* pixels */
    int big_font_size;   /* pixels, when staff turn on big text */

    /* [catalog] */
    int review_after_days; /* `catalog check` warns about facts checked longer ago */
};

/*
 * Read and validate path. Returns 0 and fills *cfg (free it with config_done; an empty kiosk_id
 * becomes the host name), or -1 with every problem appended to *problems as
 * "FILE:LINE: [section] key: message" (file-level problems as "FILE: message") and *cfg
 * left empty (nothing to free). Creates nothing: folders that do not exist yet are checked
 * through the nearest folder that does.
 */
int config_load(const char *path, struct config *cfg, struct strlist *problems);
/*
 * config_load for a command: every problem is printed to err, one a line (the caller then
 * says in its own words that it stops), and on success the process's TZ is set from the
 * configured time zone, so local days and times follow kiosk.conf. Returns 0 or -1.
 */
int config_load_command(const char *path, struct config *cfg, FILE *err);
/* Defaults only (tests). */
void config_defaults(struct config *cfg);
void config_done(struct config *cfg);

/* The config path when there is no -c (main handles -c): $KIOSK_CONFIG, else "kiosk.conf".
 * Borrowed. */
const char *config_default_path(void);

/* `kiosk check-config`: prints "FILE: OK" to out and returns 0, or every problem (one a line)
 * to err and returns 2. */
int config_cmd_check(const char *path, FILE *out, FILE *err);

/* Create the folders of the database and the log, and pdf_dir when there is no printer
 * (mode 0755, like mkdir -p). Returns 0, or -1 and *cause (caller frees). */
int config_make_dirs(const struct config *cfg, char **cause);
/* mkdir -p dir (mode 0755). Returns 0, or -1 and *cause (caller frees). */
int config_mkdir_p(const char *dir, char **cause);

#endif
