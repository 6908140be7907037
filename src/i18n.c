/* The message tables. A translation left empty or missing stops the build. */
#include "i18n.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "xmalloc.h"

#define MSG(id, vi, en)                                                                            \
    _Static_assert(sizeof(vi) > 1, "missing Vietnamese text for " #id);                            \
    _Static_assert(sizeof(en) > 1, "missing English text for " #id);
#include "msg.def"
#undef MSG

static const char *const msgs_vi[MSG_COUNT] = {
#define MSG(id, vi, en) [id] = vi,
#include "msg.def"
#undef MSG
};

static const char *const msgs_en[MSG_COUNT] = {
#define MSG(id, vi, en) [id] = en,
#include "msg.def"
#undef MSG
};

static enum lang cur_lang = LANG_VI;

void
i18n_set_lang(enum lang lang)
{
    cur_lang = lang == LANG_EN ? LANG_EN : LANG_VI;
}

enum lang
i18n_lang(void)
{
    return cur_lang;
}

const char *
tr_in(enum lang lang, enum msg_id id)
{
    if ((unsigned)id >= MSG_COUNT)
        return "";
    return lang == LANG_EN ? msgs_en[id] : msgs_vi[id];
}

const char *
tr(enum msg_id id)
{
    return tr_in(cur_lang, id);
}

const char *
tx_in(enum lang lang, const struct i18n_text *t)
{
    if (t == NULL)
        return "";
    if (lang == LANG_EN && t->en != NULL && t->en[0] != '\0')
        return t->en;
    return t->vi != NULL ? t->vi : "";
}

const char *
tx(const struct i18n_text *t)
{
    return tx_in(cur_lang, t);
}

const char *
lang_code(enum lang lang)
{
    return lang == LANG_EN ? "en" : "vi";
}

int
lang_parse(const char *s)
{
    if (strcmp(s, "vi") == 0)
        return LANG_VI;
    if (strcmp(s, "en") == 0)
        return LANG_EN;
    return -1;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
int
trf(char *buf, size_t size, enum msg_id id, ...)
{
    va_list ap;
    int n;

    va_start(ap, id);
    n = vsnprintf(buf, size, tr(id), ap);
    va_end(ap);
    return n;
}

char *
trf_dup(enum msg_id id, ...)
{
    va_list ap;
    char *s;

    va_start(ap, id);
    xvasprintf(&s, tr(id), ap);
    va_end(ap);
    return s;
}
#pragma GCC diagnostic pop
