/*
 * The staff PIN: 4 to 12 digits, stored only as a salted Argon2id hash (libsodium's
 * crypto_pwhash_str) in the database's settings ("staff_pin_hash") — never in kiosk.conf,
 * never in the log, never in clear anywhere. Five wrong PINs in a row lock PIN entry (not the
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

#define PIN_MIN_DIGITS   4
#define PIN_MAX_DIGITS   12
#define PIN_MAX_FAILURES 5
#define PIN_LOCK_SECONDS 300

enum pin_result {
    PIN_OK,      /* right: signed in */
    PIN_WRONG,   /* wrong; *left tries remain before the lock */
    PIN_LOCKED,  /* locked now or already; *left seconds remain */
    PIN_NOT_SET, /* no PIN yet: `kiosk set-pin` */
    PIN_ERROR,   /* the database or libsodium failed (logged) */
};

/* 4 to 12 ASCII digits? */
bool pin_valid(const char *pin);
/* Is a PIN set in this database? */
bool pin_is_set(struct db *db);
/* Hash and store a new PIN (and clear any lock). -1 with *cause (caller frees) when it is not
 * 4 to 12 digits or cannot be stored. */
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
