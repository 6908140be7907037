/*
 * Vietnamese typing without an input method: the Linux console has none, so the kiosk itself
 * composes Telex ("ddawng kys" -> "đăng ký") and VNI ("d9a8ng ky1" -> "đăng ký") as the
 * resident types, like Unikey's automatic mode. A composer holds the text typed so far,
 * always NFC.
 */
#ifndef KIOSK_COMPOSE_H
#define KIOSK_COMPOSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define COMPOSE_MAX 256 /* bytes of composed text kept */

struct compose {
    char text[COMPOSE_MAX]; /* composed UTF-8, NUL-terminated */
    char raw[COMPOSE_MAX];  /* the keys as typed (ASCII and UTF-8), NUL-terminated */
    /* Private: for the i-th character of text, the offset in raw of the first key that made
     * it (a key that only changes a letter, like a tone, belongs to the last character). */
    unsigned char key_at[COMPOSE_MAX];
    bool plain; /* keys are typed as they are, never composed (the kiosk in English) */
};

void compose_init(struct compose *c);
/* Type keys as they are from now on (plain) or compose them (the default). */
void compose_set_plain(struct compose *c, bool plain);
/* Feed one typed character (a letter, digit, space or punctuation). Keys that would overflow
 * are dropped. */
void compose_key(struct compose *c, uint32_t ch);
/* Delete the last composed character (and the keys that made it). */
void compose_backspace(struct compose *c);
/* Compose a whole typed string at once (caller frees). */
char *compose_string(const char *typed);

#endif
