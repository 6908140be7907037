/*
 * The staff PIN: Argon2id hashes stored only in the database, the lockout after five wrong
 * PINs on a frozen clock, the audit of every attempt, and `kiosk set-pin` from a pipe.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "db_staff.h"
#include "log.h"
#include "pin.h"
#include "staff_cmd.h"
#include "testutil.h"
#include "xmalloc.h"

#define PIN "73915286"

struct fx {
    char dir[64];
    char *dbpath;
    char *conf;
    struct db *db;
};

static char *
read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    struct strbuf b;
    char buf[4096];
    size_t n;

    if (f == NULL)
        return NULL;
    strbuf_init(&b);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        strbuf_add(&b, buf, n);
    fclose(f);
    if (len != NULL)
        *len = b.len;
    return strbuf_take(&b);
}

/* Does the file hold these bytes anywhere (binary-safe)? */
static bool
file_has(const char *path, const char *needle)
{
    size_t len, n = strlen(needle);
    char *data = read_all(path, &len);
    bool found = false;

    if (data == NULL)
        return false;
    for (size_t i = 0; !found && i + n <= len; i++)
        found = memcmp(data + i, needle, n) == 0;
    free(data);
    return found;
}

static int
setup(void **state)
{
    struct fx *fx = xcalloc(1, sizeof *fx);
    char *cause = NULL, *logpath;
    FILE *f;

    snprintf(fx->dir, sizeof fx->dir, "/tmp/kiosk-pin-XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    xasprintf(&fx->dbpath, "%s/kiosk.db", fx->dir);
    xasprintf(&fx->conf, "%s/kiosk.conf", fx->dir);
    xasprintf(&logpath, "%s/kiosk.log", fx->dir);
    f = fopen(fx->conf, "w");
    assert_non_null(f);
    fprintf(f, "[kiosk]\nkiosk_id = test1\n[paths]\ndatabase = %s\nlog = %s\ncatalog = %s\n",
            fx->dbpath, logpath, "tests/fixtures/catalog_small.json");
    fclose(f);
    assert_int_equal(log_open(logpath, &cause), 0);
    free(logpath);
    assert_int_equal(db_open(fx->dbpath, &fx->db, &cause), 0);
    pin_set_cost_for_tests(crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN);
    *state = fx;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *fx = *state;

    log_close();
    db_close(fx->db);
    pin_set_key_file(NULL);
    assert_int_equal(test_remove_tree(fx->dir), 0);
    free(fx->dbpath);
    free(fx->conf);
    free(fx);
    return 0;
}

static void
test_valid(void **state)
{
    (void)state;
    assert_true(pin_valid("1234"));
    assert_true(pin_valid("123456789012"));
    assert_false(pin_valid("123"));
    assert_false(pin_valid("1234567890123"));
    assert_false(pin_valid("12a4"));
    assert_false(pin_valid(" 1234"));
    assert_false(pin_valid(""));
    assert_false(pin_valid(NULL));
}

/* The hash is Argon2id, salted (two hashes of one PIN differ), and the PIN is nowhere. */
static void
test_hash_only(void **state)
{
    struct fx *fx = *state;
    char *cause = NULL, *h1, *h2, *wal;
    int left;

    assert_false(pin_is_set(fx->db));
    assert_int_equal(pin_check(fx->db, PIN, 1000, "k", &left), PIN_NOT_SET);
    assert_int_equal(pin_set(fx->db, "12x4", &cause), -1);
    free(cause);
    cause = NULL;
    assert_false(pin_is_set(fx->db));
    assert_int_equal(pin_set(fx->db, PIN, &cause), 0);
    assert_true(pin_is_set(fx->db));
    h1 = db_setting_get(fx->db, "staff_pin_hash");
    assert_non_null(h1);
    assert_int_equal(strncmp(h1, "$argon2id$", 10), 0);
    assert_null(strstr(h1, PIN));
    assert_int_equal(pin_set(fx->db, PIN, &cause), 0);
    h2 = db_setting_get(fx->db, "staff_pin_hash");
    assert_string_not_equal(h1, h2);
    assert_int_equal(pin_check(fx->db, PIN, 1000, "k", &left), PIN_OK);
    assert_int_equal(pin_check(fx->db, "73915287", 1000, "k", &left), PIN_WRONG);
    assert_int_equal(left, 4);
    /* Neither the database (and its WAL) nor the log holds the PIN. */
    xasprintf(&wal, "%s-wal", fx->dbpath);
    assert_false(file_has(fx->dbpath, PIN));
    assert_false(file_has(wal, PIN));
    {
        char *logpath;

        xasprintf(&logpath, "%s/kiosk.log", fx->dir);
        assert_false(file_has(logpath, PIN));
        free(logpath);
    }
    free(wal);
    free(h1);
    free(h2);
}

/* Five wrong PINs lock PIN entry for five minutes, on the frozen clock; every attempt is
 * audited; a right PIN during the lock is refused; after it a right PIN signs in. */
static void
test_lockout(void **state)
{
    struct fx *fx = *state;
    char *cause = NULL;
    int64_t now = 1795833000;
    int left;
    struct audit_list al;

    assert_int_equal(pin_set(fx->db, PIN, &cause), 0);
    for (int i = 1; i <= 4; i++) {
        assert_int_equal(pin_check(fx->db, "0000", now, "k", &left), PIN_WRONG);
        assert_int_equal(left, 5 - i);
        assert_int_equal(pin_locked_for(fx->db, now), 0);
    }
    assert_int_equal(pin_check(fx->db, "0000", now, "k", &left), PIN_LOCKED);
    assert_int_equal(left, 300);
    assert_int_equal(pin_locked_for(fx->db, now), 300);
    /* The right PIN does not help while locked. */
    assert_int_equal(pin_check(fx->db, PIN, now + 299, "k", &left), PIN_LOCKED);
    assert_int_equal(left, 1);
    assert_int_equal(pin_locked_for(fx->db, now + 299), 1);
    /* Five minutes later the right PIN signs in. */
    assert_int_equal(pin_locked_for(fx->db, now + 300), 0);
    assert_int_equal(pin_check(fx->db, PIN, now + 300, "k", &left), PIN_OK);
    /* The count starts again from zero after a sign-in. */
    assert_int_equal(pin_check(fx->db, "0000", now + 301, "k", &left), PIN_WRONG);
    assert_int_equal(left, 4);

    assert_int_equal(db_audit_count(fx->db, "pin_wrong"), 6);
    assert_int_equal(db_audit_count(fx->db, "pin_locked"), 1);
    assert_int_equal(db_audit_count(fx->db, "pin_refused"), 1);
    assert_int_equal(db_audit_count(fx->db, "sign_in"), 1);
    assert_int_equal(db_audit_list(fx->db, 0, &al, &cause), 0);
    assert_int_equal(al.n, 9);
    assert_string_equal(al.v[0].action, "pin_wrong"); /* newest first */
    assert_string_equal(al.v[0].kiosk_id, "k");
    assert_int_equal(al.v[0].at, now + 301);
    for (size_t i = 0; i < al.n; i++) {
        assert_null(strstr(al.v[i].detail, PIN));
        assert_null(strstr(al.v[i].detail, "0000"));
    }
    audit_list_free(&al);
}

/* A new PIN clears a lock (staff who forgot it reset it at the console). */
static void
test_set_clears_lock(void **state)
{
    struct fx *fx = *state;
    char *cause = NULL;
    int left;

    assert_int_equal(pin_set(fx->db, PIN, &cause), 0);
    for (int i = 0; i < 5; i++)
        pin_check(fx->db, "1111", 5000, "k", &left);
    assert_true(pin_locked_for(fx->db, 5000) > 0);
    assert_int_equal(pin_set(fx->db, "2468", &cause), 0);
    assert_int_equal(pin_locked_for(fx->db, 5000), 0);
    assert_int_equal(pin_check(fx->db, "2468", 5000, "k", &left), PIN_OK);
}

static int
set_pin_from(struct fx *fx, const char *input, char **out_text, char **err_text)
{
    char inpath[128], outpath[128], errpath[128];
    FILE *in, *out, *err;
    int rc;

    snprintf(inpath, sizeof inpath, "%s/in.txt", fx->dir);
    snprintf(outpath, sizeof outpath, "%s/out.txt", fx->dir);
    snprintf(errpath, sizeof errpath, "%s/err.txt", fx->dir);
    in = fopen(inpath, "w");
    fputs(input, in);
    fclose(in);
    in = fopen(inpath, "r");
    out = fopen(outpath, "w");
    err = fopen(errpath, "w");
    rc = staff_cmd_set_pin(fx->conf, in, out, err);
    fclose(in);
    fclose(out);
    fclose(err);
    *out_text = read_all(outpath, NULL);
    *err_text = read_all(errpath, NULL);
    unlink(inpath);
    return rc;
}

/* `kiosk set-pin` with standard input not a terminal reads the first line. */
static void
test_set_pin_command(void **state)
{
    struct fx *fx = *state;
    char *out, *err;
    int left;

    assert_int_equal(set_pin_from(fx, "12a4\n", &out, &err), 2);
    assert_non_null(strstr(err, "6 to 12 digits"));
    assert_null(strstr(err, "12a4"));
    assert_false(pin_is_set(fx->db));
    free(out);
    free(err);

    assert_int_equal(set_pin_from(fx, "", &out, &err), 2);
    assert_non_null(strstr(err, "no PIN"));
    free(out);
    free(err);

    /* A new PIN has at least 6 digits and is not trivially guessable. */
    {
        static const struct {
            const char *pin, *why;
        } bad[] = {
            { "4821", "6 to 12 digits" },  { "48213", "6 to 12 digits" },
            { "111111", "one digit" },     { "000000000", "one digit" },
            { "123456", "run of digits" }, { "987654", "run of digits" },
            { "890123", "run of digits" }, { "121212", "short pattern" },
            { "123123", "short pattern" },
        };

        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            char line[32];

            snprintf(line, sizeof line, "%s\n", bad[i].pin);
            assert_int_equal(set_pin_from(fx, line, &out, &err), 2);
            if (strstr(err, bad[i].why) == NULL)
                print_message("%s: %s\n", bad[i].pin, err);
            assert_non_null(strstr(err, bad[i].why));
            assert_non_null(strstr(err, "nothing changed"));
            free(out);
            free(err);
        }
        assert_false(pin_is_set(fx->db));
    }

    assert_int_equal(set_pin_from(fx, "582914\nignored\n", &out, &err), 0);
    assert_non_null(strstr(out, "PIN is set"));
    assert_null(strstr(out, "582914"));
    free(out);
    free(err);
    assert_true(pin_is_set(fx->db));
    assert_int_equal(pin_check(fx->db, "582914", 1000, "k", &left), PIN_OK);
    assert_int_equal(db_audit_count(fx->db, "pin_set"), 1);

    /* CRLF from a Windows-made provisioning file works too. */
    assert_int_equal(set_pin_from(fx, "975318\r\n", &out, &err), 0);
    free(out);
    free(err);
    assert_int_equal(pin_check(fx->db, "975318", 1000, "k", &left), PIN_OK);
}

/* set-pin keys the hash with a secret kept outside the database: a copy of the database
 * without the key file cannot be checked (nor searched); the key file is not readable by
 * others. */
static void
test_keyed_hash(void **state)
{
    struct fx *fx = *state;
    char *out, *err, *keypath, *h, *cause = NULL;
    struct stat st;
    int left;

    assert_int_equal(set_pin_from(fx, "582914\n", &out, &err), 0);
    free(out);
    free(err);
    xasprintf(&keypath, "%s/staff-pin.key", fx->dir);
    assert_int_equal(stat(keypath, &st), 0);
    assert_int_equal((int)st.st_size, 32);
    assert_int_equal(st.st_mode & 0137, 0); /* 0640 or 0600: never others, never exec */
    assert_true(S_ISREG(st.st_mode));
    h = db_setting_get(fx->db, "staff_pin_hash");
    assert_int_equal(strncmp(h, "k1$$argon2id$", 13), 0);
    free(h);
    assert_int_equal(pin_check(fx->db, "582914", 1000, "k", &left), PIN_OK);

    /* The database alone (no key): the right PIN cannot be verified. */
    pin_set_key_file(NULL);
    assert_int_equal(pin_check(fx->db, "582914", 1000, "k", &left), PIN_ERROR);
    /* A different key: the right PIN is wrong. */
    pin_set_key_file(keypath);
    assert_int_equal(unlink(keypath), 0);
    assert_int_equal(pin_check(fx->db, "582914", 1000, "k", &left), PIN_ERROR);
    assert_int_equal(pin_make_key_file(fx->dbpath, &cause), 0);
    assert_int_equal(pin_check(fx->db, "582914", 1000, "k", &left), PIN_WRONG);
    free(keypath);
}

/* A 4-digit PIN set before keying keeps working and is re-stored keyed at its next use. */
static void
test_old_pin_upgraded(void **state)
{
    struct fx *fx = *state;
    char *keypath, *h, *cause = NULL;
    int left;

    pin_set_key_file(NULL);
    assert_int_equal(pin_set(fx->db, "4821", &cause), 0);
    h = db_setting_get(fx->db, "staff_pin_hash");
    assert_int_equal(strncmp(h, "$argon2id$", 10), 0);
    free(h);
    xasprintf(&keypath, "%s/staff-pin.key", fx->dir);
    pin_set_key_file(keypath);
    assert_int_equal(pin_make_key_file(fx->dbpath, &cause), 0);
    assert_int_equal(pin_check(fx->db, "4821", 1000, "k", &left), PIN_OK);
    h = db_setting_get(fx->db, "staff_pin_hash");
    assert_int_equal(strncmp(h, "k1$", 3), 0);
    free(h);
    assert_int_equal(pin_check(fx->db, "4821", 1000, "k", &left), PIN_OK);
    assert_int_equal(pin_check(fx->db, "4822", 1000, "k", &left), PIN_WRONG);
    free(keypath);
}

/* Fail closed: when the attempt cannot be counted (here another process holds the write
 * lock; a full disk does the same), even the right PIN is refused unchecked, and nothing is
 * counted; when the count can be written again, PIN entry works. */
static void
test_fail_closed(void **state)
{
    struct fx *fx = *state;
    char *cause = NULL;
    sqlite3 *other = NULL;
    int left;

    assert_int_equal(pin_set(fx->db, PIN, &cause), 0);
    db_set_busy_ms(fx->db, 5);
    assert_int_equal(sqlite3_open(fx->dbpath, &other), SQLITE_OK);
    assert_int_equal(sqlite3_exec(other,
                                  "BEGIN EXCLUSIVE; INSERT INTO settings(key, value) "
                                  "VALUES ('x', 'y')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    for (int i = 0; i < 20; i++) {
        assert_int_equal(pin_check(fx->db, "0000", 1000, "k", &left), PIN_UNAVAILABLE);
        assert_int_equal(pin_locked_for(fx->db, 1000), 0);
    }
    assert_int_equal(pin_check(fx->db, PIN, 1000, "k", &left), PIN_UNAVAILABLE);
    assert_int_equal(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(other);
    assert_int_equal(pin_check(fx->db, "0000", 1000, "k", &left), PIN_WRONG);
    assert_int_equal(left, 4);
    assert_int_equal(pin_check(fx->db, PIN, 1000, "k", &left), PIN_OK);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test_setup_teardown(test_hash_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lockout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_clears_lock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_pin_command, setup, teardown),
        cmocka_unit_test_setup_teardown(test_keyed_hash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_old_pin_upgraded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fail_closed, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
