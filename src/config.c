/*
 * kiosk.conf: read with inih into one struct config, driven by a table of keys
 * (section, name, type, default, range, field, help). Every problem is
 * collected, never only the first: inih reports just the first syntax error, so
 * the reader callback below feeds inih one line at a time, counts lines, and
 * notices every line inih rejected (the handler was not called for it).
 * Messages are technical English, printed before curses starts.
 */
#include "config.h"

#include <errno.h>
#include <ini.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "text.h"
#include "text_check.h"

enum key_type { KT_STRING, KT_INT, KT_LANG, KT_THEME, KT_PAPER };

/* Key flags. */
#define KF_NONEMPTY 0x01u  /* a string that must not be empty */
#define KF_PATH     0x02u  /* relative to the config file's folder */
#define KF_FILE_W   0x04u  /* a file the kiosk writes: its folder must be writable */
#define KF_DIR_W    0x08u  /* a folder the kiosk writes into (only without a printer) */
#define KF_URL      0x10u  /* https:// or empty */
#define KF_TIMEZONE 0x20u  /* a tz database name */
#define KF_REGULAR  0x40u  /* a file that must be a regular file (the database) */
#define KF_PRINTED  0x100u /* text printed on slips: text_check_printable() */
#define KF_FONT     0x80u  /* a font family name (foot separates fonts with "," and ":") */

struct key_def {
    const char *section;
    const char *name;
    enum key_type type;
    const char *def_str; /* KT_STRING and the enums (as text) */
    int def_int;         /* KT_INT */
    int min, max;        /* KT_INT */
    size_t offset;       /* of the field in struct config */
    unsigned flags;
    const char *help;
};

#define F(field) offsetof(struct config, field)

static const struct key_def keys[] = {
    { "kiosk", "centre_name", KT_STRING, "Trung tâm Phục vụ hành chính công", 0, 0, 0,
      F(centre_name), KF_PRINTED, "commune/centre name on the home screen and slips" },
    { "kiosk", "centre_address", KT_STRING, "", 0, 0, 0, F(centre_address), KF_PRINTED,
      "centre address on slips" },
    { "kiosk", "province", KT_STRING, "Quảng Ninh", 0, 0, 0, F(province), KF_PRINTED,
      "province name" },
    { "kiosk", "hotlines", KT_STRING, "", 0, 0, 0, F(hotlines), KF_PRINTED,
      "hotline numbers shown to residents (free text)" },
    { "kiosk", "language", KT_LANG, "vi", 0, 0, 0, F(default_lang), 0,
      "default language: vi or en" },
    { "kiosk", "idle_timeout", KT_INT, NULL, 120, 10, 3600, F(idle_timeout), 0,
      "seconds without a key before the countdown" },
    { "kiosk", "idle_countdown", KT_INT, NULL, 20, 5, 120, F(idle_countdown), 0,
      "seconds of the countdown before the session is wiped" },
    { "kiosk", "assisted_idle_timeout", KT_INT, NULL, 600, 60, 7200, F(assisted_idle_timeout), 0,
      "idle seconds in an assisted session" },
    { "kiosk", "digit_timeout_ms", KT_INT, NULL, 1500, 300, 5000, F(digit_timeout_ms), 0,
      "milliseconds to wait for a second digit" },
    { "kiosk", "theme", KT_THEME, "default", 0, 0, 0, F(theme), 0,
      "colour theme: default or high-contrast" },
    { "kiosk", "timezone", KT_STRING, "Asia/Ho_Chi_Minh", 0, 0, 0, F(timezone),
      KF_NONEMPTY | KF_TIMEZONE, "time zone for dates on screen and slips" },
    { "kiosk", "kiosk_id", KT_STRING, "", 0, 0, 0, F(kiosk_id), 0,
      "names this terminal in the database (empty = host name)" },
    { "paths", "database", KT_STRING, "var/kiosk.db", 0, 0, 0, F(database),
      KF_NONEMPTY | KF_PATH | KF_FILE_W | KF_REGULAR, "SQLite database" },
    { "paths", "log", KT_STRING, "var/kiosk.log", 0, 0, 0, F(log),
      KF_NONEMPTY | KF_PATH | KF_FILE_W, "log file" },
    { "paths", "catalog", KT_STRING, "assets/catalog.json", 0, 0, 0, F(catalog),
      KF_NONEMPTY | KF_PATH, "service catalog (JSON)" },
    { "paths", "pdf_dir", KT_STRING, "var/slips", 0, 0, 0, F(pdf_dir),
      KF_NONEMPTY | KF_PATH | KF_DIR_W, "folder for slips when no printer is set" },
    { "portals", "national_url", KT_STRING, "", 0, 0, 0, F(national_url), KF_URL,
      "national portal base URL (empty = the catalog's)" },
    { "portals", "provincial_url", KT_STRING, "", 0, 0, 0, F(provincial_url), KF_URL,
      "provincial portal base URL (empty = the catalog's)" },
    { "printer", "name", KT_STRING, "", 0, 0, 0, F(printer.name), 0,
      "CUPS queue (empty = PDFs to pdf_dir)" },
    /* The same field under the name used in the first drafts of the design. */
    { "printer", "printer", KT_STRING, "", 0, 0, 0, F(printer.name), 0, "alias of [printer] name" },
    { "printer", "paper", KT_PAPER, "", 0, 0, 0, F(printer.paper), 0,
      "58mm, 80mm, A5, A4, or empty for the printer's default" },
    { "printer", "slip_retry_minutes", KT_INT, NULL, 15, 1, 1440, F(slip_retry_minutes), 0,
      "minutes a failed slip is retried" },
    { "printer", "print_timeout", KT_INT, NULL, 120, 10, 3600, F(print_timeout), 0,
      "seconds a job may stay pending before it is reported" },
    { "staff", "retention_days", KT_INT, NULL, 365, 30, 3650, F(retention_days), 0,
      "days session statistics are kept" },
    { "staff", "slip_keep_days", KT_INT, NULL, 30, 1, 3650, F(slip_keep_days), 0,
      "days a slip's answers, ticks and PDF are kept" },
    { "staff", "pin_key_file", KT_STRING, "", 0, 0, 0, F(pin_key_file), KF_PATH,
      "secret key for the staff PIN hash (empty = staff-pin.key beside the database)" },
    { "display", "font", KT_STRING, "Noto Sans Mono", 0, 0, 0, F(font), KF_NONEMPTY | KF_FONT,
      "terminal font family (every Vietnamese letter must come from it)" },
    { "display", "fallback_font", KT_STRING, "DejaVu Sans Mono", 0, 0, 0, F(fallback_font), KF_FONT,
      "font for the symbols the main font lacks (empty = none)" },
    { "display", "font_size", KT_INT, NULL, 20, 8, 96, F(font_size), 0, "font size in pixels" },
    { "display", "big_font_size", KT_INT, NULL, 23, 8, 128, F(big_font_size), 0,
      "font size in pixels when staff turn on big text" },
    { "catalog", "review_after_days", KT_INT, NULL, 180, 1, 3650, F(review_after_days), 0,
      "days after which a catalog fact is due for checking again" },
};

#undef F

#define NKEYS (sizeof keys / sizeof keys[0])

static const char *const sections[] = { "kiosk", "paths",   "portals", "printer",
                                        "staff", "display", "catalog" };
static const char *const lang_names[] = { "vi", "en" };
static const char *const theme_names[] = { "default", "high-contrast" };
static const char *const paper_names[] = { "58mm", "80mm", "A5", "A4", "" };

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The state of one parse, shared by the reader and the handler. */
struct parse {
    const char *path;
    struct config *cfg;
    struct strlist *problems;

    const char *text; /* the whole file, borrowed */
    size_t len, pos;
    int line; /* the line last handed to inih */

    char section[64]; /* current section ("" before the first header) */
    bool have_section;
    bool section_known;

    bool line_is_pair;     /* the last line should have produced a handler call */
    int handled_line;      /* the last line the handler was called for */
    int long_line;         /* a line too long for inih: its value is long_value */
    char *long_value;      /* owned */
    int syntax_error_line; /* the last line we reported a syntax error for */
    int nsyntax_errors;

    int set_line[NKEYS]; /* line each key was set on, 0 = default */
};

static char **
str_field(struct config *cfg, const struct key_def *k)
{
    return (char **)(void *)((char *)cfg + k->offset);
}

static int *
int_field(struct config *cfg, const struct key_def *k)
{
    return (int *)(void *)((char *)cfg + k->offset);
}

static enum theme *
theme_field(struct config *cfg, const struct key_def *k)
{
    return (enum theme *)(void *)((char *)cfg + k->offset);
}

static int
find_name(const char *const *names, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return (int)i;
    return -1;
}

/* "vi, en" for messages (caller frees). */
static char *
join_names(const char *const *names, size_t n)
{
    struct strbuf b;

    strbuf_init(&b);
    for (size_t i = 0; i < n; i++) {
        if (names[i][0] == '\0')
            continue;
        if (b.len > 0)
            strbuf_puts(&b, ", ");
        strbuf_puts(&b, names[i]);
    }
    return strbuf_take(&b);
}

static bool
utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    while (*p != '\0') {
        uint32_t cp;
        int n;

        if (*p < 0x80) {
            p++;
            continue;
        } else if ((*p & 0xe0) == 0xc0) {
            cp = *p & 0x1fu;
            n = 1;
        } else if ((*p & 0xf0) == 0xe0) {
            cp = *p & 0x0fu;
            n = 2;
        } else if ((*p & 0xf8) == 0xf0) {
            cp = *p & 0x07u;
            n = 3;
        } else {
            return false;
        }
        for (int i = 1; i <= n; i++) {
            if ((p[i] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i] & 0x3fu);
        }
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
            cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        p += n + 1;
    }
    return true;
}

/* Set one key from its text; problems are appended with the key's line. */
static void
set_value(struct parse *p, const struct key_def *k, const char *value)
{
    const char *f = p->path;
    int ln = p->line;
    char *names;
    int i;

    switch (k->type) {
    case KT_STRING: {
        size_t len = strlen(value);
        char **dst = str_field(p->cfg, k);

        if (!utf8_valid(value)) {
            strlist_addf(p->problems, "%s:%d: [%s] %s: value is not valid UTF-8", f, ln, k->section,
                         k->name);
            return;
        }
        /* Surrounding double quotes are optional. */
        if (len >= 2 && value[0] == '"' && value[len - 1] == '"') {
            value++;
            len -= 2;
        }
        free(*dst);
        *dst = xstrndup(value, len);
        return;
    }
    case KT_INT: {
        char *end;
        long v;

        errno = 0;
        v = strtol(value, &end, 10);
        if (value[0] == '\0' || end == value || *end != '\0' || value[0] == ' ') {
            strlist_addf(p->problems, "%s:%d: [%s] %s: \"%s\" is not a whole number", f, ln,
                         k->section, k->name, value);
            return;
        }
        if (errno == ERANGE || v < k->min || v > k->max) {
            strlist_addf(p->problems, "%s:%d: [%s] %s: %s is out of range %d–%d", f, ln, k->section,
                         k->name, value, k->min, k->max);
            return;
        }
        *int_field(p->cfg, k) = (int)v;
        return;
    }
    case KT_LANG:
        i = find_name(lang_names, NELEM(lang_names), value);
        if (i >= 0 && lang_parse(value) >= 0) {
            *int_field(p->cfg, k) = lang_parse(value);
            return;
        }
        names = join_names(lang_names, NELEM(lang_names));
        break;
    case KT_THEME:
        i = find_name(theme_names, NELEM(theme_names), value);
        if (i >= 0) {
            *theme_field(p->cfg, k) = i == 0 ? THEME_DEFAULT : THEME_HIGH_CONTRAST;
            return;
        }
        names = join_names(theme_names, NELEM(theme_names));
        break;
    case KT_PAPER:
        i = find_name(paper_names, NELEM(paper_names), value);
        if (i >= 0) {
            char **dst = str_field(p->cfg, k);

            free(*dst);
            *dst = xstrdup(paper_names[i]);
            return;
        }
        names = join_names(paper_names, NELEM(paper_names));
        strlist_addf(p->problems, "%s:%d: [%s] %s: \"%s\" is not one of %s (or empty)", f, ln,
                     k->section, k->name, value, names);
        free(names);
        return;
    default: return;
    }
    strlist_addf(p->problems, "%s:%d: [%s] %s: \"%s\" is not one of %s", f, ln, k->section, k->name,
                 value, names);
    free(names);
}

static void
syntax_error(struct parse *p, const char *what)
{
    strlist_addf(p->problems, "%s:%d: syntax error: %s", p->path, p->line, what);
    p->syntax_error_line = p->line;
    p->nsyntax_errors++;
}

/* inih's handler: called for every "name = value" line inih accepted. */
static int
config_handler(void *user, const char *section, const char *name, const char *value)
{
    struct parse *p = user;
    const struct key_def *k = NULL;
    size_t ki;

    (void)section; /* the reader tracks sections itself, with their line numbers */
    p->handled_line = p->line;
    if (p->long_line == p->line && p->long_value != NULL)
        value = p->long_value;
    if (name[0] == '\0') {
        syntax_error(p, "missing key name before \"=\"");
        return 1;
    }
    if (!p->have_section) {
        strlist_addf(p->problems, "%s:%d: %s: key outside any [section]", p->path, p->line, name);
        return 1;
    }
    if (!p->section_known)
        return 1; /* reported once, on the section line */
    for (ki = 0; ki < NKEYS; ki++) {
        if (strcmp(keys[ki].section, p->section) == 0 && strcmp(keys[ki].name, name) == 0) {
            k = &keys[ki];
            break;
        }
    }
    if (k == NULL) {
        strlist_addf(p->problems, "%s:%d: [%s] %s: unknown key", p->path, p->line, p->section,
                     name);
        return 1;
    }
    for (size_t j = 0; j < NKEYS; j++) {
        if (keys[j].offset == k->offset && p->set_line[j] != 0) {
            strlist_addf(p->problems, "%s:%d: [%s] %s: duplicate key (first set on line %d)",
                         p->path, p->line, p->section, name, p->set_line[j]);
            return 1;
        }
    }
    p->set_line[ki] = p->line;
    set_value(p, k, value);
    return 1;
}

/* inih's inline comment rule: ';' at the start or after whitespace. */
static bool
is_inline_comment(const char *line, const char *c)
{
    return *c == ';' && (c == line || c[-1] == ' ' || c[-1] == '\t');
}

/* After inih has processed a line: a pair line it did not hand to us was a syntax error. */
static void
finish_line(struct parse *p)
{
    if (p->line_is_pair && p->handled_line != p->line && p->syntax_error_line != p->line)
        syntax_error(p, "expected \"key = value\", \"[section]\" or a comment");
    p->line_is_pair = false;
}

/* A section header: track it, and report unknown ones once. Returns false on a syntax error. */
static bool
section_line(struct parse *p, const char *s, size_t n)
{
    size_t i;

    for (i = 1; i < n; i++) {
        if (s[i] == ']' || is_inline_comment(s, s + i))
            break;
    }
    if (i >= n || s[i] != ']') {
        syntax_error(p, "\"[\" without \"]\"");
        /* The keys below belong to a section we cannot name: skip them quietly. */
        p->section[0] = '\0';
        p->have_section = true;
        p->section_known = false;
        return false;
    }
    snprintf(p->section, sizeof p->section, "%.*s", (int)(i - 1), s + 1);
    p->have_section = true;
    p->section_known = find_name(sections, NELEM(sections), p->section) >= 0;
    if (!p->section_known) {
        char *names = join_names(sections, NELEM(sections));

        strlist_addf(p->problems, "%s:%d: [%s]: unknown section (known: %s)", p->path, p->line,
                     p->section, names);
        free(names);
    }
    return true;
}

/*
 * inih's reader: hands inih the next line of the file, leading blanks removed
 * (so inih never treats an indented line as a continuation), and with the line
 * counted. A line too long for inih's buffer is handed over as "name =" and its
 * value kept aside in p->long_value.
 */
static char *
config_reader(char *str, int num, void *stream)
{
    struct parse *p = stream;
    const char *s, *eol;
    size_t n;

    finish_line(p);
    if (p->pos >= p->len)
        return NULL;
    s = p->text + p->pos;
    eol = memchr(s, '\n', p->len - p->pos);
    n = eol != NULL ? (size_t)(eol - s) : p->len - p->pos;
    p->pos += n + (eol != NULL);
    p->line++;
    if (p->line == 1 && n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
        s += 3;
        n -= 3;
    }
    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    str[0] = '\0';
    if (memchr(s, '\0', n) != NULL) {
        syntax_error(p, "the line contains a NUL byte");
        return str;
    }
    if (n == 0 || *s == ';' || *s == '#')
        return str;
    if (*s == '[') {
        if (section_line(p, s, n))
            snprintf(str, (size_t)num, "[%s]", p->section);
        return str;
    }
    p->line_is_pair = true;
    if (n + 2 <= (size_t)num) {
        memcpy(str, s, n);
        str[n] = '\n';
        str[n + 1] = '\0';
        return str;
    }
    /* Too long for inih: split it here with inih's rules, hand over the name
     * only. */
    {
        size_t sep, vs, ve, ne = 0;

        for (sep = 0; sep < n; sep++) {
            if (s[sep] == '=' || s[sep] == ':' || is_inline_comment(s, s + sep))
                break;
        }
        if (sep >= n || s[sep] == ';')
            return str; /* no separator: inih rejects it, finish_line reports it */
        ne = sep;
        while (ne > 0 && (s[ne - 1] == ' ' || s[ne - 1] == '\t'))
            ne--;
        if (ne + 3 > (size_t)num) {
            syntax_error(p, "the key name is too long");
            p->line_is_pair = false;
            return str;
        }
        vs = sep + 1;
        for (ve = vs; ve < n; ve++) {
            if (is_inline_comment(s, s + ve))
                break;
        }
        while (vs < ve && (s[vs] == ' ' || s[vs] == '\t'))
            vs++;
        while (ve > vs && (s[ve - 1] == ' ' || s[ve - 1] == '\t'))
            ve--;
        free(p->long_value);
        p->long_value = xstrndup(s + vs, ve - vs);
        p->long_line = p->line;
        snprintf(str, (size_t)num, "%.*s=\n", (int)ne, s);
        return str;
    }
}

/* The folder part of path ("." when there is none). Caller frees. */
static char *
parent_dir(const char *path)
{
    const char *slash = strrchr(path, '/');

    if (slash == NULL)
        return xstrdup(".");
    while (slash > path && slash[-1] == '/')
        slash--;
    if (slash == path)
        return xstrdup("/");
    return xstrndup(path, (size_t)(slash - path));
}

/*
 * Can the kiosk create files in dir (creating the missing folders on the way)?
 * Checks the nearest folder that exists; creates nothing. Returns NULL or a
 * message (caller frees).
 */
static char *
check_dir_writable(const char *dir)
{
    char *d = xstrdup(dir);
    char *msg = NULL;
    struct stat st;

    for (;;) {
        if (stat(d, &st) == 0)
            break;
        if (errno != ENOENT || strcmp(d, ".") == 0 || strcmp(d, "/") == 0) {
            xasprintf(&msg, "cannot use folder \"%s\": %s", d, strerror(errno));
            free(d);
            return msg;
        }
        char *up = parent_dir(d);
        free(d);
        d = up;
    }
    if (!S_ISDIR(st.st_mode))
        xasprintf(&msg, "\"%s\" is not a folder", d);
    else if (access(d, W_OK | X_OK) != 0)
        xasprintf(&msg, "folder \"%s\" is not writable: %s", d, strerror(errno));
    free(d);
    return msg;
}

/* Is path in a kernel file system (/proc, /sys, /dev), where no database can live? */
static bool
in_kernel_fs(const char *path)
{
    static const char *const roots[] = { "/proc", "/sys", "/dev" };
    char *dir = parent_dir(path), *real = NULL;
    bool inside = false;

    /* The nearest existing folder, resolved (a symlink into /proc counts). */
    while ((real = realpath(dir, NULL)) == NULL && strcmp(dir, ".") != 0 && strcmp(dir, "/") != 0) {
        char *up = parent_dir(dir);

        free(dir);
        dir = up;
    }
    for (size_t i = 0; real != NULL && i < NELEM(roots); i++) {
        size_t n = strlen(roots[i]);

        inside = inside || (strncmp(real, roots[i], n) == 0 && (real[n] == '/' || real[n] == '\0'));
    }
    free(real);
    free(dir);
    return inside;
}

/* A file the kiosk creates or appends to. Returns NULL or a message (caller frees). With
 * regular, it must be (or become) a plain file: the database is never a device, a FIFO or a
 * file under /proc. */
static char *
check_file_writable(const char *path, bool regular)
{
    struct stat st;
    char *dir, *msg;

    if (regular && in_kernel_fs(path)) {
        xasprintf(&msg,
                  "\"%s\" is in a kernel file system (/proc, /sys or /dev), not a "
                  "place for a database",
                  path);
        return msg;
    }
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            xasprintf(&msg, "\"%s\" is a folder, not a file", path);
            return msg;
        }
        if (regular && !S_ISREG(st.st_mode)) {
            xasprintf(&msg,
                      "\"%s\" is not a regular file (a device, FIFO or socket cannot "
                      "hold a database)",
                      path);
            return msg;
        }
        if (access(path, R_OK | W_OK) != 0) {
            xasprintf(&msg, "\"%s\" is not writable: %s", path, strerror(errno));
            return msg;
        }
    }
    dir = parent_dir(path);
    msg = check_dir_writable(dir);
    free(dir);
    return msg;
}

/* "FILE:LINE: [section] key: msg", or "FILE: [section] key: msg" for a default value. */
static void
key_problem(struct parse *p, size_t ki, const char *msg)
{
    int line = p->set_line[ki];

    for (size_t j = 0; j < NKEYS && line == 0; j++)
        if (keys[j].offset == keys[ki].offset)
            line = p->set_line[j];
    if (line > 0)
        strlist_addf(p->problems, "%s:%d: [%s] %s: %s", p->path, line, keys[ki].section,
                     keys[ki].name, msg);
    else
        strlist_addf(p->problems, "%s: [%s] %s: %s", p->path, keys[ki].section, keys[ki].name, msg);
}

/* Whole-value checks, relative path resolution and the file-system checks. */
static void
validate(struct parse *p)
{
    struct config *cfg = p->cfg;
    char *dir = strchr(p->path, '/') != NULL ? parent_dir(p->path) : NULL;
    bool no_printer = cfg->printer.name == NULL || cfg->printer.name[0] == '\0';

    for (size_t ki = 0; ki < NKEYS; ki++) {
        const struct key_def *k = &keys[ki];
        char **v, *msg = NULL;

        if (k->type != KT_STRING || strcmp(k->name, "printer") == 0)
            continue;
        v = str_field(cfg, k);
        if ((k->flags & KF_NONEMPTY) && (*v)[0] == '\0') {
            key_problem(p, ki, "must not be empty");
            continue;
        }
        if ((k->flags & KF_FONT) && strpbrk(*v, ",:\"=") != NULL) {
            xasprintf(&msg, "\"%s\" must be one font family name, e.g. Noto Sans Mono", *v);
        } else if ((k->flags & KF_URL) && (*v)[0] != '\0' &&
                   (strncmp(*v, "https://", 8) != 0 || (*v)[8] == '\0' ||
                    strpbrk(*v, " \t") != NULL)) {
            xasprintf(&msg, "\"%s\" must be an https:// address (or empty)", *v);
        } else if (k->flags & KF_TIMEZONE) {
            struct stat st;

            if (strstr(*v, "..") != NULL || (*v)[0] == '/' || strpbrk(*v, " \t") != NULL)
                xasprintf(&msg, "\"%s\" is not a time zone name", *v);
            else if (stat("/usr/share/zoneinfo", &st) == 0 && S_ISDIR(st.st_mode)) {
                char *zf;

                xasprintf(&zf, "/usr/share/zoneinfo/%s", *v);
                if (stat(zf, &st) != 0 || !S_ISREG(st.st_mode))
                    xasprintf(&msg, "unknown time zone \"%s\" (not in /usr/share/zoneinfo)", *v);
                free(zf);
            }
        }
        if (msg == NULL && (k->flags & KF_PATH) && dir != NULL && (*v)[0] != '/' &&
            (*v)[0] != '\0') {
            char *abs;

            xasprintf(&abs, "%s/%s", dir, *v);
            free(*v);
            *v = abs;
        }
        if (msg == NULL && strcmp(k->section, "printer") == 0 && strcmp(k->name, "name") == 0 &&
            strpbrk(*v, " \t/#\\\"'") != NULL)
            xasprintf(&msg, "\"%s\" is not a CUPS queue name (no spaces, quotes, / # or \\)", *v);
        for (const unsigned char *c = (const unsigned char *)*v;
             msg == NULL && strcmp(k->section, "printer") == 0 && *c != '\0'; c++)
            if (*c < 0x20 || *c == 0x7f)
                xasprintf(&msg, "a CUPS queue name has no control characters");
        if (msg == NULL && (k->flags & KF_PRINTED)) {
            /* What passes here prints: the slip font has every character, nothing hides or
             * reorders the line, and it fits the paper. */
            size_t max = strcmp(k->name, "hotlines") == 0         ? 600
                         : strcmp(k->name, "centre_address") == 0 ? 400
                                                                  : 120;

            msg = text_check_printable(*v, max, 0);
        }
        if (msg == NULL && (k->flags & KF_FILE_W))
            msg = check_file_writable(*v, (k->flags & KF_REGULAR) != 0);
        if (msg == NULL && (k->flags & KF_DIR_W) && no_printer)
            msg = check_dir_writable(*v);
        if (msg != NULL) {
            key_problem(p, ki, msg);
            free(msg);
        }
    }
    if (cfg->big_font_size <= cfg->font_size) {
        for (size_t ki = 0; ki < NKEYS; ki++) {
            if (keys[ki].offset == offsetof(struct config, big_font_size)) {
                char *msg;

                xasprintf(&msg, "%d must be larger than font_size (%d)", cfg->big_font_size,
                          cfg->font_size);
                key_problem(p, ki, msg);
                free(msg);
            }
        }
    }
    free(dir);
}

/* Read the whole file (caller frees *text). Returns -1 with errno set. */
static int
read_file(const char *path, char **text, size_t *len)
{
    FILE *f = fopen(path, "r");
    struct strbuf b;
    char buf[4096];
    size_t n;
    int err;

    if (f == NULL)
        return -1;
    strbuf_init(&b);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        strbuf_add(&b, buf, n);
        if (b.len > 1024 * 1024) {
            strbuf_done(&b);
            fclose(f);
            errno = EFBIG;
            return -1;
        }
    }
    if (ferror(f)) {
        err = errno != 0 ? errno : EIO;
        strbuf_done(&b);
        fclose(f);
        errno = err;
        return -1;
    }
    fclose(f);
    *len = b.len;
    *text = strbuf_take(&b);
    return 0;
}

void
config_defaults(struct config *cfg)
{
    struct parse p;
    struct strlist unused = { NULL, 0 };

    memset(cfg, 0, sizeof *cfg);
    memset(&p, 0, sizeof p);
    p.path = "(defaults)";
    p.cfg = cfg;
    p.problems = &unused;
    for (size_t ki = 0; ki < NKEYS; ki++) {
        const struct key_def *k = &keys[ki];

        if (k->type == KT_INT)
            *int_field(cfg, k) = k->def_int;
        else if (k->type == KT_STRING && *str_field(cfg, k) != NULL)
            continue; /* an alias of a field already set */
        else
            set_value(&p, k, k->def_str);
    }
    strlist_free(&unused);
}

void
config_done(struct config *cfg)
{
    free(cfg->path);
    for (size_t ki = 0; ki < NKEYS; ki++) {
        if (keys[ki].type == KT_STRING || keys[ki].type == KT_PAPER) {
            char **v = str_field(cfg, &keys[ki]);

            free(*v);
            *v = NULL; /* aliases share the field */
        }
    }
    memset(cfg, 0, sizeof *cfg);
}

int
config_load(const char *path, struct config *cfg, struct strlist *problems)
{
    struct parse p;
    char *text;
    size_t len;
    size_t before = problems->n;
    int rc;

    config_defaults(cfg);
    cfg->path = xstrdup(path);
    if (read_file(path, &text, &len) != 0) {
        strlist_addf(problems, "%s: cannot read: %s", path, strerror(errno));
        config_done(cfg);
        return -1;
    }
    memset(&p, 0, sizeof p);
    p.path = path;
    p.cfg = cfg;
    p.problems = problems;
    p.text = text;
    p.len = len;
    rc = ini_parse_stream(config_reader, &p, config_handler, &p);
    finish_line(&p);
    if (rc == -2)
        strlist_addf(problems, "%s: out of memory while parsing", path);
    else if (rc > 0 && p.nsyntax_errors == 0) /* never expected: the reader sees them all */
        strlist_addf(problems, "%s:%d: syntax error", path, rc);
    free(p.long_value);
    free(text);
    validate(&p);
    if (problems->n != before) {
        config_done(cfg);
        return -1;
    }
    if (cfg->pin_key_file[0] == '\0') {
        char *dbdir = parent_dir(cfg->database);

        free(cfg->pin_key_file);
        xasprintf(&cfg->pin_key_file, "%s/staff-pin.key", dbdir);
        free(dbdir);
    }
    if (cfg->kiosk_id[0] == '\0') {
        char host[256];

        if (gethostname(host, sizeof host) != 0 || host[0] == '\0')
            snprintf(host, sizeof host, "kiosk");
        host[sizeof host - 1] = '\0';
        free(cfg->kiosk_id);
        cfg->kiosk_id = xstrdup(host);
    }
    /* Text shown to residents and printed is NFC, whatever editor wrote the file (a
     * decomposed "ử" would display but never compare equal, nor print in one glyph). */
    {
        char **texts[] = { &cfg->centre_name, &cfg->centre_address, &cfg->province,
                           &cfg->hotlines };

        for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
            char *nfc = text_nfc(*texts[i]);

            free(*texts[i]);
            *texts[i] = nfc;
        }
    }
    return 0;
}

const char *
config_default_path(void)
{
    const char *env = getenv("KIOSK_CONFIG");

    return env != NULL && env[0] != '\0' ? env : "kiosk.conf";
}

int
config_cmd_check(const char *path, FILE *out, FILE *err)
{
    struct config cfg;
    struct strlist problems = { NULL, 0 };

    if (config_load(path, &cfg, &problems) != 0) {
        for (size_t i = 0; i < problems.n; i++)
            fprintf(err, "%s\n", problems.v[i]);
        strlist_free(&problems);
        return 2;
    }
    /* The kiosk refuses to start without its catalog: say so here, not at the next boot. */
    {
        struct stat st;
        const char *why = NULL;
        FILE *f;

        if (stat(cfg.catalog, &st) != 0)
            why = strerror(errno);
        else if (S_ISDIR(st.st_mode))
            why = "it is a folder, not a file";
        else if ((f = fopen(cfg.catalog, "r")) == NULL)
            why = strerror(errno);
        else
            fclose(f);
        if (why != NULL) {
            fprintf(err, "%s: [paths] catalog: cannot read \"%s\": %s\n", path, cfg.catalog, why);
            config_done(&cfg);
            strlist_free(&problems);
            return 2;
        }
    }
    fprintf(out, "%s: OK\n", path);
    config_done(&cfg);
    strlist_free(&problems);
    return 0;
}

/* Create the folders of the database, the log and (without a printer) pdf_dir. */
int
config_make_dirs(const struct config *cfg, char **cause)
{
    char *dirs[3];
    int rc = 0;

    dirs[0] = parent_dir(cfg->database);
    dirs[1] = parent_dir(cfg->log);
    dirs[2] =
        cfg->printer.name == NULL || cfg->printer.name[0] == '\0' ? xstrdup(cfg->pdf_dir) : NULL;
    for (size_t i = 0; i < 3 && rc == 0; i++) {
        if (dirs[i] != NULL && config_mkdir_p(dirs[i], cause) != 0)
            rc = -1;
    }
    for (size_t i = 0; i < 3; i++)
        free(dirs[i]);
    return rc;
}

int
config_mkdir_p(const char *dir, char **cause)
{
    char *d = xstrdup(dir);
    struct stat st;

    for (char *s = d + 1;; s++) {
        if (*s == '/' || *s == '\0') {
            char c = *s;

            *s = '\0';
            if (mkdir(d, 0755) != 0 && errno != EEXIST) {
                xasprintf(cause, "cannot create folder \"%s\": %s", d, strerror(errno));
                free(d);
                return -1;
            }
            *s = c;
            if (c == '\0')
                break;
        }
    }
    if (stat(d, &st) != 0 || !S_ISDIR(st.st_mode)) {
        xasprintf(cause, "\"%s\" is not a folder", d);
        free(d);
        return -1;
    }
    free(d);
    return 0;
}

int
config_load_command(const char *path, struct config *cfg, FILE *err)
{
    struct strlist problems = { 0 };

    if (config_load(path, cfg, &problems) != 0) {
        for (size_t i = 0; i < problems.n; i++)
            fprintf(err, "%s\n", problems.v[i]);
        strlist_free(&problems);
        return -1;
    }
    strlist_free(&problems);
    if (cfg->timezone != NULL && cfg->timezone[0] != '\0') {
        setenv("TZ", cfg->timezone, 1);
        tzset();
    }
    return 0;
}
