/* `kiosk set-pin` (staff_cmd.h). */
#include "staff_cmd.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "db.h"
#include "db_staff.h"
#include "i18n.h"
#include "pin.h"
#include "xmalloc.h"

#define LINE_MAX_PIN 64

/* Wipe a buffer in a way the compiler does not drop. */
static void
wipe(char *buf, size_t n)
{
    volatile char *p = buf;

    while (n-- > 0)
        *p++ = '\0';
}

/* Read one line into buf without its newline. Returns 0, or -1 at end of input. */
static int
read_line(FILE *in, char *buf, size_t size)
{
    size_t n;

    if (fgets(buf, (int)size, in) == NULL)
        return -1;
    n = strlen(buf);
    if (n > 0 && buf[n - 1] == '\n')
        buf[--n] = '\0';
    else if (!feof(in)) {
        int c;

        /* A line longer than the buffer is not a PIN: drop the rest, keep it invalid. */
        while ((c = fgetc(in)) != EOF && c != '\n')
            ;
        buf[0] = 'x';
    }
    if (n > 0 && buf[n - 1] == '\r')
        buf[--n] = '\0';
    return 0;
}

/* Ask on the terminal without echo. */
static int
ask(FILE *in, FILE *out, const char *prompt, char *buf, size_t size)
{
    struct termios old, quiet;
    int fd = fileno(in), rc;

    fputs(prompt, out);
    fflush(out);
    if (tcgetattr(fd, &old) != 0)
        return read_line(in, buf, size);
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    quiet.c_lflag |= ECHONL;
    tcsetattr(fd, TCSAFLUSH, &quiet);
    rc = read_line(in, buf, size);
    tcsetattr(fd, TCSAFLUSH, &old);
    return rc;
}

int
staff_cmd_set_pin(const char *config_path, FILE *in, FILE *out, FILE *err)
{
    struct config cfg;
    struct strlist problems = { 0 };
    struct db *db = NULL;
    char pin[LINE_MAX_PIN], again[LINE_MAX_PIN], *cause = NULL;
    bool tty = isatty(fileno(in)) != 0;
    const char *why = NULL;
    int rc = 2;

    if (config_load(config_path, &cfg, &problems) != 0) {
        for (size_t i = 0; i < problems.n; i++)
            fprintf(err, "%s\n", problems.v[i]);
        strlist_free(&problems);
        fprintf(err, "kiosk set-pin: %s has problems; nothing changed\n", config_path);
        return 2;
    }
    strlist_free(&problems);
    pin[0] = again[0] = '\0';
    if (tty) {
        if (ask(in, out, "New staff PIN (6-12 digits) / Mã PIN mới (6-12 chữ số): ", pin,
                sizeof pin) != 0 ||
            ask(in, out, "Again / Nhập lại: ", again, sizeof again) != 0) {
            fprintf(err, "kiosk set-pin: no PIN given; nothing changed\n");
            goto out;
        }
        if (strcmp(pin, again) != 0) {
            fprintf(err, "kiosk set-pin: the two PINs differ; nothing changed\n");
            goto out;
        }
    } else if (read_line(in, pin, sizeof pin) != 0) {
        fprintf(err, "kiosk set-pin: no PIN on standard input; nothing changed\n");
        goto out;
    }
    if (!pin_acceptable(pin, &why)) {
        fprintf(err, "kiosk set-pin: %s; nothing changed\n", why);
        goto out;
    }
    pin_set_key_file(cfg.pin_key_file);
    if (db_open(cfg.database, &db, &cause) != 0 || pin_make_key_file(cfg.database, &cause) != 0 ||
        pin_set(db, pin, &cause) != 0) {
        fprintf(err, "kiosk set-pin: %s; nothing changed\n", cause);
        goto out;
    }
    if (db_audit_add(db, (int64_t)time(NULL), cfg.kiosk_id, "pin_set", "kiosk set-pin", &cause) !=
        0) {
        fprintf(err, "kiosk set-pin: the PIN is set, but the audit log failed: %s\n", cause);
        goto out;
    }
    fprintf(out,
            "kiosk set-pin: the staff PIN is set (stored as an Argon2id hash in %s, keyed with "
            "%s)\n",
            cfg.database, cfg.pin_key_file);
    rc = 0;
out:
    wipe(pin, sizeof pin);
    wipe(again, sizeof again);
    free(cause);
    db_close(db);
    config_done(&cfg);
    return rc;
}

void
staff_cmd_report_overrides(const char *config_path, FILE *out)
{
    struct config cfg;
    struct strlist problems = { 0 };
    struct db *db = NULL;
    char *cause = NULL;
    int lang;

    if (config_load(config_path, &cfg, &problems) != 0) {
        strlist_free(&problems);
        return;
    }
    strlist_free(&problems);
    /* Never create a database here: only the kiosk does. */
    if (access(cfg.database, F_OK) != 0 || db_open_existing(cfg.database, &db, &cause) != 0) {
        free(cause);
        config_done(&cfg);
        return;
    }
    lang = db_staff_default_lang(db);
    if (lang >= 0)
        fprintf(out,
                "%s: note: the default language chosen in the staff menu, %s (kept in %s), "
                "overrides [kiosk] language = %s; choose \"As in kiosk.conf\" there to follow "
                "this file again\n",
                config_path, lang_code((enum lang)lang), cfg.database,
                lang_code((enum lang)cfg.default_lang));
    db_close(db);
    config_done(&cfg);
}
