/*
 * The staff PIN: 6 to 12 digits for a new PIN (a PIN of 4 or 5 digits set before keeps
 * working until it is changed; the staff menu asks for a change), never a trivial one
 * (111111, 123456, 121212…). It is stored only as a salted Argon2id hash (libsodium's
 * crypto_pwhash_str) of an HMAC-SHA-256 of the PIN under a secret key that lives outside the
 * database (kiosk.conf [staff] pin_key_file, created 0640 by `kiosk set-pin`): a copied
 * database alone cannot be searched for the PIN. The hash is in the database's settings
 * ("staff_pin_hash", "k1$" + the Argon2id string) — never in kiosk.conf, never in the log,
 * never in clear anywhere. A hash from before the key (no "k1$") is checked as it was and
 * re-stored keyed at the next right PIN.
 *
 * Each attempt is counted BEFORE the PIN is checked: when the count cannot be written (a
 * full disk, a locked database) the attempt is refused unchecked (PIN_UNAVAILABLE), so the
 * lock-out cannot be bypassed. Five wrong PINs in a row lock PIN entry (not the
 * resident screens) for five minutes; the lock and the count of failures are kept in the
 * database, so they hold for every kiosk on it and across a restart. Every attempt is in the
 * audit log (sign_in, pin_wrong, pin_locked, pin_refused) without the PIN.
 *
 * Only pin.c includes sodium.h.
 */
#ifndef KIOSK_PIN_H
#define KIOSK_PIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

#define PIN_MIN_DIGITS     4 /* accepted at the keypad (older PINs) */
#define PIN_NEW_MIN_DIGITS 6 /* required of a new PIN */
#define PIN_MAX_DIGITS     12
#define PIN_MAX_FAILURES   5
#define PIN_LOCK_SECONDS   300

enum pin_result {
    PIN_OK,          /* right: signed in */
    PIN_WRONG,       /* wrong; *left tries remain before the lock */
    PIN_LOCKED,      /* locked now or already; *left seconds remain */
    PIN_NOT_SET,     /* no PIN yet: `kiosk set-pin` */
    PIN_ERROR,       /* the database, the key file or libsodium failed (logged) */
    PIN_UNAVAILABLE, /* the attempt could not be counted (disk full, database locked):
                        refused without checking, until it can be */
};

/* 4 to 12 ASCII digits? */
bool pin_valid(const char *pin);
/* May pin be set as a new PIN: 6 to 12 digits and not trivially guessable (one digit
 * repeated, a run up or down like 123456 or 987654, a short pattern repeated like 121212)?
 * false with *why (a static English sentence) when not. */
bool pin_acceptable(const char *pin, const char **why);
/* The secret key file (kiosk.conf [staff] pin_key_file); NULL = none (tests: unkeyed). The
 * path is copied. */
void pin_set_key_file(const char *path);
/* Create the key file if it does not exist: 32 random bytes, mode 0640, owned by root with
 * the group of group_of (the database: the kiosk's user's group) when run as root. 0, or -1
 * with *cause. */
int pin_make_key_file(const char *group_of, char **cause);
/* Is a PIN set in this database? */
bool pin_is_set(struct db *db);
/* Hash and store a PIN (and clear any lock); the caller checks pin_acceptable() for a new
 * one. -1 with *cause (caller frees) when it is not 4 to 12 digits, the key file is
 * configured but unreadable, or it cannot be stored. */
int pin_set(struct db *db, const char *pin, char **cause);
/*
 * Check an attempt at Unix time now (the app's wall clock: tests freeze it) and audit it.
 * *left: PIN_WRONG → tries left before the lock; PIN_LOCKED → seconds left (may be NULL).
 * Slow on purpose (Argon2id, ~0.2 s here): the PIN screen calls it once per Enter.
 */
enum pin_result pin_check(struct db *db, const char *pin, int64_t now, const char *kiosk_id,
                          int *left);
/* Seconds of lock left at now (0 = not locked). */
int pin_locked_for(struct db *db, int64_t now);

/* Tests only: a cheaper Argon2id cost (ops, mem bytes); 0, 0 restores the interactive cost. */
void pin_set_cost_for_tests(unsigned long long ops, size_t mem);

#endif
