/*
 * The staff PIN (pin.h). The hash is libsodium's crypto_pwhash_str string (Argon2id with its
 * own salt and cost), verified with crypto_pwhash_str_verify; at the interactive cost it
 * takes ~0.2 s on the kiosk PC (measured on this machine), slow enough to make guessing
 * costly and quick enough for a clerk. Buffers that held a PIN are wiped with sodium_memzero.
 */
#define _POSIX_C_SOURCE 200809L
#include "pin.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_staff.h"
#include "log.h"
#include "xmalloc.h"

#define KEY_HASH     "staff_pin_hash"
#define KEY_FAILURES "staff_pin_failures"
#define KEY_LOCKED   "staff_pin_locked_until"

static unsigned long long pin_ops;
static size_t pin_mem;

void
pin_set_cost_for_tests(unsigned long long ops, size_t mem)
{
    pin_ops = ops;
    pin_mem = mem;
}

static int
pin_init(char **cause)
{
    if (sodium_init() < 0) {
        if (cause != NULL)
            *cause = xstrdup("libsodium cannot start");
        return -1;
    }
    return 0;
}

bool
pin_valid(const char *pin)
{
    size_t n = pin != NULL ? strlen(pin) : 0;

    if (n < PIN_MIN_DIGITS || n > PIN_MAX_DIGITS)
        return false;
    for (size_t i = 0; i < n; i++)
        if (pin[i] < '0' || pin[i] > '9')
            return false;
    return true;
}

bool
pin_is_set(struct db *db)
{
    char *h = db_setting_get(db, KEY_HASH);
    bool set = h != NULL && h[0] != '\0';

    free(h);
    return set;
}

static int64_t
setting_int(struct db *db, const char *key)
{
    char *v = db_setting_get(db, key);
    int64_t n = v != NULL ? strtoll(v, NULL, 10) : 0;

    free(v);
    return n;
}

static int
setting_set_int(struct db *db, const char *key, int64_t n, char **cause)
{
    char buf[32];

    snprintf(buf, sizeof buf, "%lld", (long long)n);
    return db_setting_set(db, key, buf, cause);
}

int
pin_set(struct db *db, const char *pin, char **cause)
{
    char hash[crypto_pwhash_STRBYTES];
    unsigned long long ops = pin_ops != 0 ? pin_ops : crypto_pwhash_OPSLIMIT_INTERACTIVE;
    size_t mem = pin_mem != 0 ? pin_mem : crypto_pwhash_MEMLIMIT_INTERACTIVE;

    if (!pin_valid(pin)) {
        xasprintf(cause, "the PIN must be %d to %d digits", PIN_MIN_DIGITS, PIN_MAX_DIGITS);
        return -1;
    }
    if (pin_init(cause) != 0)
        return -1;
    if (crypto_pwhash_str(hash, pin, strlen(pin), ops, mem) != 0) {
        xasprintf(cause, "cannot hash the PIN (out of memory)");
        return -1;
    }
    if (db_begin(db, cause) != 0)
        return -1;
    if (db_setting_set(db, KEY_HASH, hash, cause) != 0 ||
        setting_set_int(db, KEY_FAILURES, 0, cause) != 0 ||
        setting_set_int(db, KEY_LOCKED, 0, cause) != 0 || db_commit(db, cause) != 0) {
        db_rollback(db);
        sodium_memzero(hash, sizeof hash);
        return -1;
    }
    sodium_memzero(hash, sizeof hash);
    return 0;
}

int
pin_locked_for(struct db *db, int64_t now)
{
    int64_t until = setting_int(db, KEY_LOCKED);

    return until > now ? (int)(until - now) : 0;
}

static void
audit(struct db *db, int64_t now, const char *kiosk_id, const char *action, const char *detail)
{
    char *cause = NULL;

    if (db_audit_add(db, now, kiosk_id, action, detail, &cause) != 0) {
        log_msg(LOG_ERROR, "audit %s: %s", action, cause);
        free(cause);
    }
}

/* A wrong attempt, counted in one transaction (two kiosks share the count). Returns the
 * failures so far, PIN_MAX_FAILURES when this one locked, or -1. */
static int
pin_count_failure(struct db *db, int64_t now)
{
    char *cause = NULL;
    int64_t n;

    if (db_begin(db, &cause) != 0)
        goto fail;
    n = setting_int(db, KEY_FAILURES) + 1;
    if (n >= PIN_MAX_FAILURES) {
        if (setting_set_int(db, KEY_FAILURES, 0, &cause) != 0 ||
            setting_set_int(db, KEY_LOCKED, now + PIN_LOCK_SECONDS, &cause) != 0)
            goto fail;
        n = PIN_MAX_FAILURES;
    } else if (setting_set_int(db, KEY_FAILURES, n, &cause) != 0) {
        goto fail;
    }
    if (db_commit(db, &cause) != 0)
        goto fail;
    return (int)n;

fail:
    db_rollback(db);
    log_msg(LOG_ERROR, "PIN failures: %s", cause != NULL ? cause : "?");
    free(cause);
    return -1;
}

enum pin_result
pin_check(struct db *db, const char *pin, int64_t now, const char *kiosk_id, int *left)
{
    char *hash, *cause = NULL, detail[64];
    int locked = pin_locked_for(db, now), n;
    bool right;

    if (left != NULL)
        *left = 0;
    if (locked > 0) {
        snprintf(detail, sizeof detail, "locked for %d more seconds", locked);
        audit(db, now, kiosk_id, "pin_refused", detail);
        if (left != NULL)
            *left = locked;
        return PIN_LOCKED;
    }
    hash = db_setting_get(db, KEY_HASH);
    if (hash == NULL || hash[0] == '\0') {
        free(hash);
        audit(db, now, kiosk_id, "pin_refused", "no PIN set");
        return PIN_NOT_SET;
    }
    if (pin_init(&cause) != 0) {
        log_msg(LOG_ERROR, "PIN: %s", cause);
        free(cause);
        free(hash);
        return PIN_ERROR;
    }
    /* A PIN that is not 4 to 12 digits is simply wrong (and never hashed). */
    right = pin_valid(pin) && crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0;
    free(hash);
    if (right) {
        if (setting_set_int(db, KEY_FAILURES, 0, &cause) != 0) {
            log_msg(LOG_ERROR, "PIN failures: %s", cause);
            free(cause);
        }
        audit(db, now, kiosk_id, "sign_in", "");
        return PIN_OK;
    }
    n = pin_count_failure(db, now);
    if (n < 0)
        return PIN_ERROR;
    snprintf(detail, sizeof detail, "wrong PIN, %d of %d", n, PIN_MAX_FAILURES);
    audit(db, now, kiosk_id, "pin_wrong", detail);
    if (n >= PIN_MAX_FAILURES) {
        snprintf(detail, sizeof detail, "PIN entry locked for %d seconds", PIN_LOCK_SECONDS);
        audit(db, now, kiosk_id, "pin_locked", detail);
        log_msg(LOG_WARN, "staff PIN: %d wrong attempts, PIN entry locked for %d s",
                PIN_MAX_FAILURES, PIN_LOCK_SECONDS);
        if (left != NULL)
            *left = PIN_LOCK_SECONDS;
        return PIN_LOCKED;
    }
    if (left != NULL)
        *left = PIN_MAX_FAILURES - n;
    return PIN_WRONG;
}
