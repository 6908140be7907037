/*
 * Every user-visible string of the kiosk lives in the msg_*.def tables (id, Vietnamese,
 * English), expanded once into enum msg_id and one array per language. A missing or empty
 * translation is a compile error (see i18n.c). Look strings up with tr(id).
 */
#ifndef KIOSK_I18N_H
#define KIOSK_I18N_H

#include <stddef.h>

enum lang { LANG_VI = 0, LANG_EN = 1, LANG_COUNT };

enum msg_id {
#define MSG(id, vi, en) id,
#include "msg.def"
#undef MSG
    MSG_COUNT
};

/* A Vietnamese/English pair from the catalog or config (owned by whoever holds it). */
struct i18n_text {
    char *vi;
    char *en;
};

void i18n_set_lang(enum lang lang);
enum lang i18n_lang(void);
/* The string for id in the current language; static storage, never NULL. */
const char *tr(enum msg_id id);
/* The string for id in the given language. */
const char *tr_in(enum lang lang, enum msg_id id);
/* Format message id (which holds printf conversions) into buf, like snprintf. The message
 * tables are the only non-literal formats in the kiosk; this is the one place that uses them. */
int trf(char *buf, size_t size, enum msg_id id, ...);
/* The same into an allocated string (caller frees). */
char *trf_dup(enum msg_id id, ...);

/* Pick the current language's side of t (falls back to Vietnamese, then ""). Borrowed. */
const char *tx(const struct i18n_text *t);
const char *tx_in(enum lang lang, const struct i18n_text *t);
/* "vi" / "en" and back; -1 when unknown. */
const char *lang_code(enum lang lang);
int lang_parse(const char *s);

#endif
