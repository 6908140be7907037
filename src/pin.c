/*
 * The staff PIN (pin.h). The hash is libsodium's crypto_pwhash_str string (Argon2id with its
 * own salt and cost) of HMAC-SHA-256(key, PIN) in hex, the key read from the key file, and
 * verified with crypto_pwhash_str_verify; at the interactive cost it
 * takes ~0.2 s on the kiosk PC (measured on this machine), slow enough to make guessing
 * costly and quick enough for a clerk. Buffers that held a PIN are wiped with sodium_memzero.
 */
#include "pin.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "db_staff.h"
#include "log.h"
#include "xmalloc.h"

#define KEY_HASH     "staff_pin_hash"
#define KEY_FAILURES "staff_pin_failures"
#define KEY_LOCKED   "staff_pin_locked_until"
#define KEYED_PREFIX "k1$"
#define KEY_BYTES    32

static char *key_file; /* owned; NULL = unkeyed (tests) */

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

void
pin_set_key_file(const char *path)
{
    free(key_file);
    key_file = path != NULL && path[0] != '\0' ? xstrdup(path) : NULL;
}

bool
pin_acceptable(const char *pin, const char **why)
{
    size_t n = pin != NULL ? strlen(pin) : 0;
    bool up = true, down = true;

    if (!pin_valid(pin) || n < PIN_NEW_MIN_DIGITS) {
        *why = "a new PIN must be 6 to 12 digits (0-9)";
        return false;
    }
    for (size_t i = 1; i < n; i++) {
        up = up && (pin[i] - '0') == (pin[i - 1] - '0' + 1) % 10;
        down = down && (pin[i - 1] - '0') == (pin[i] - '0' + 1) % 10;
    }
    if (up || down) {
        *why = "the PIN is a run of digits (like 123456 or 987654), the first thing anyone "
               "tries";
        return false;
    }
    /* One digit repeated (period 1), or a pattern of 2 or 3 digits repeated. */
    for (size_t period = 1; period <= 3; period++) {
        bool repeats = true;

        for (size_t i = period; i < n && repeats; i++)
            repeats = pin[i] == pin[i - period];
        if (repeats) {
            *why = period == 1 ? "the PIN is one digit repeated (like 111111)"
                               : "the PIN repeats a short pattern (like 121212 or 123123)";
            return false;
        }
    }
    *why = NULL;
    return true;
}

/* Read the key (exactly KEY_BYTES). 0, 1 when no key file is configured, or -1 with *cause. */
static int
read_key(unsigned char key[KEY_BYTES], char **cause)
{
    int fd;
    ssize_t n;
    unsigned char extra;
    struct stat st;

    if (key_file == NULL)
        return 1;
    fd = open(key_file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        xasprintf(cause, "PIN key file %s: %s (kiosk set-pin creates it)", key_file,
                  strerror(errno));
        return -1;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        xasprintf(cause, "PIN key file %s is not a regular file", key_file);
        close(fd);
        return -1;
    }
    if (st.st_mode & 0007)
        log_msg(LOG_WARN, "PIN key file %s can be read by every user: chmod 0640 it", key_file);
    n = read(fd, key, KEY_BYTES);
    if (n != KEY_BYTES || read(fd, &extra, 1) != 0) {
        xasprintf(cause,
                  "PIN key file %s: not a key of %d bytes (delete it and run kiosk "
                  "set-pin again)",
                  key_file, KEY_BYTES);
        close(fd);
        sodium_memzero(key, KEY_BYTES);
        return -1;
    }
    close(fd);
    return 0;
}

int
pin_make_key_file(const char *group_of, char **cause)
{
    unsigned char key[KEY_BYTES];
    struct stat st;
    mode_t old;
    int fd;

    if (key_file == NULL)
        return 0;
    if (pin_init(cause) != 0)
        return -1;
    old = umask(077);
    fd = open(key_file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    umask(old);
    if (fd < 0) {
        if (errno == EEXIST)
            return 0; /* kept: a new key would orphan nothing, but keep what works */
        xasprintf(cause, "cannot create the PIN key file %s: %s", key_file, strerror(errno));
        return -1;
    }
    randombytes_buf(key, sizeof key);
    if (write(fd, key, sizeof key) != (ssize_t)sizeof key || fsync(fd) != 0) {
        xasprintf(cause, "cannot write the PIN key file %s: %s", key_file, strerror(errno));
        sodium_memzero(key, sizeof key);
        close(fd);
        unlink(key_file);
        return -1;
    }
    sodium_memzero(key, sizeof key);
    /* Root keeps it; the kiosk's user (the database's group) may read it. */
    if (geteuid() == 0 && group_of != NULL && stat(group_of, &st) == 0) {
        if (fchown(fd, 0, st.st_gid) != 0 || fchmod(fd, 0640) != 0)
            log_msg(LOG_WARN, "PIN key file %s: cannot give it to group %d: %s", key_file,
                    (int)st.st_gid, strerror(errno));
    }
    close(fd);
    return 0;
}

/* What Argon2id hashes: the PIN keyed with the secret, in hex (NUL-terminated), or the PIN
 * itself for an unkeyed (older) hash. 0, or -1 with *cause. */
static int
pin_input(const char *pin, bool keyed, char out[crypto_auth_hmacsha256_BYTES * 2 + 1], char **cause)
{
    unsigned char key[KEY_BYTES], mac[crypto_auth_hmacsha256_BYTES];
    int rc;

    if (!keyed) {
        snprintf(out, crypto_auth_hmacsha256_BYTES * 2 + 1, "%s", pin);
        return 0;
    }
    rc = read_key(key, cause);
    if (rc != 0) {
        if (rc > 0)
            xasprintf(cause, "the PIN hash is keyed, but no key file is configured");
        return -1;
    }
    crypto_auth_hmacsha256(mac, (const unsigned char *)pin, strlen(pin), key);
    sodium_bin2hex(out, crypto_auth_hmacsha256_BYTES * 2 + 1, mac, sizeof mac);
    sodium_memzero(key, sizeof key);
    sodium_memzero(mac, sizeof mac);
    return 0;
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

/* The stored string for pin: "k1$" + Argon2id(HMAC(key, pin)) with a key file, else the
 * plain Argon2id string (tests without a key). Caller frees. NULL and *cause on failure. */
static char *
pin_hash(const char *pin, char **cause)
{
    char hash[crypto_pwhash_STRBYTES], in[crypto_auth_hmacsha256_BYTES * 2 + 1], *out;
    unsigned long long ops = pin_ops != 0 ? pin_ops : crypto_pwhash_OPSLIMIT_INTERACTIVE;
    size_t mem = pin_mem != 0 ? pin_mem : crypto_pwhash_MEMLIMIT_INTERACTIVE;
    bool keyed = key_file != NULL;

    if (pin_init(cause) != 0 || pin_input(pin, keyed, in, cause) != 0)
        return NULL;
    if (crypto_pwhash_str(hash, in, strlen(in), ops, mem) != 0) {
        sodium_memzero(in, sizeof in);
        xasprintf(cause, "cannot hash the PIN (out of memory)");
        return NULL;
    }
    sodium_memzero(in, sizeof in);
    xasprintf(&out, "%s%s", keyed ? KEYED_PREFIX : "", hash);
    sodium_memzero(hash, sizeof hash);
    return out;
}

int
pin_set(struct db *db, const char *pin, char **cause)
{
    char *hash;

    if (!pin_valid(pin)) {
        xasprintf(cause, "the PIN must be %d to %d digits", PIN_MIN_DIGITS, PIN_MAX_DIGITS);
        return -1;
    }
    hash = pin_hash(pin, cause);
    if (hash == NULL)
        return -1;
    if (db_begin(db, cause) != 0) {
        free(hash);
        return -1;
    }
    if (db_setting_set(db, KEY_HASH, hash, cause) != 0 ||
        setting_set_int(db, KEY_FAILURES, 0, cause) != 0 ||
        setting_set_int(db, KEY_LOCKED, 0, cause) != 0 || db_commit(db, cause) != 0) {
        db_rollback(db);
        sodium_memzero(hash, strlen(hash));
        free(hash);
        return -1;
    }
    sodium_memzero(hash, strlen(hash));
    free(hash);
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

/* Count an attempt before it is checked, in one transaction (two kiosks share the count).
 * Returns the attempts so far including this one, or -1 when it cannot be written. */
static int
pin_count_attempt(struct db *db)
{
    char *cause = NULL;
    int64_t n;

    if (db_begin(db, &cause) != 0)
        goto fail;
    n = setting_int(db, KEY_FAILURES) + 1;
    if (setting_set_int(db, KEY_FAILURES, n, &cause) != 0 || db_commit(db, &cause) != 0)
        goto fail;
    return (int)n;

fail:
    db_rollback(db);
    log_msg(LOG_ERROR, "PIN: cannot count the attempt, so it is refused unchecked: %s",
            cause != NULL ? cause : "?");
    free(cause);
    return -1;
}

/* The attempt was wrong and the count reached the limit: lock. Best effort: the count
 * itself is already written. */
static void
pin_lock(struct db *db, int64_t now)
{
    char *cause = NULL;

    if (db_begin(db, &cause) != 0 || setting_set_int(db, KEY_FAILURES, 0, &cause) != 0 ||
        setting_set_int(db, KEY_LOCKED, now + PIN_LOCK_SECONDS, &cause) != 0 ||
        db_commit(db, &cause) != 0) {
        db_rollback(db);
        log_msg(LOG_ERROR, "PIN lock: %s", cause != NULL ? cause : "?");
        free(cause);
    }
}

/* A right PIN under an older, unkeyed hash: store it keyed now that a key exists. */
static void
pin_upgrade(struct db *db, const char *pin)
{
    char *hash, *cause = NULL;

    if (key_file == NULL || access(key_file, R_OK) != 0)
        return;
    hash = pin_hash(pin, &cause);
    if (hash == NULL || db_setting_set(db, KEY_HASH, hash, &cause) != 0) {
        log_msg(LOG_WARN, "PIN: cannot store the keyed hash: %s", cause != NULL ? cause : "?");
        free(cause);
    } else {
        log_msg(LOG_INFO, "PIN: the hash is now keyed with %s", key_file);
    }
    if (hash != NULL) {
        sodium_memzero(hash, strlen(hash));
        free(hash);
    }
}

enum pin_result
pin_check(struct db *db, const char *pin, int64_t now, const char *kiosk_id, int *left)
{
    char *hash, *cause = NULL, detail[64], in[crypto_auth_hmacsha256_BYTES * 2 + 1];
    int locked = pin_locked_for(db, now), n;
    bool right, keyed;
    const char *h;

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
    /* Fail closed: an attempt that cannot be counted is not checked at all. */
    n = pin_count_attempt(db);
    if (n < 0) {
        free(hash);
        audit(db, now, kiosk_id, "pin_refused", "the attempt could not be counted");
        return PIN_UNAVAILABLE;
    }
    keyed = strncmp(hash, KEYED_PREFIX, strlen(KEYED_PREFIX)) == 0;
    h = keyed ? hash + strlen(KEYED_PREFIX) : hash;
    /* A PIN that is not 4 to 12 digits is simply wrong (and never hashed). */
    right = false;
    if (pin_valid(pin)) {
        if (pin_input(pin, keyed, in, &cause) != 0) {
            log_msg(LOG_ERROR, "PIN: %s", cause);
            free(cause);
            free(hash);
            return PIN_ERROR;
        }
        right = crypto_pwhash_str_verify(h, in, strlen(in)) == 0;
        sodium_memzero(in, sizeof in);
    }
    free(hash);
    if (right) {
        if (setting_set_int(db, KEY_FAILURES, 0, &cause) != 0) {
            log_msg(LOG_ERROR, "PIN failures: %s", cause);
            free(cause);
        }
        if (!keyed)
            pin_upgrade(db, pin);
        audit(db, now, kiosk_id, "sign_in", "");
        return PIN_OK;
    }
    snprintf(detail, sizeof detail, "wrong PIN, %d of %d",
             n < PIN_MAX_FAILURES ? n : PIN_MAX_FAILURES, PIN_MAX_FAILURES);
    audit(db, now, kiosk_id, "pin_wrong", detail);
    if (n >= PIN_MAX_FAILURES) {
        pin_lock(db, now);
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
