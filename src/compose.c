/*
 * Telex and VNI at once, composed as the resident types (there is no input method on the
 * console). The rules follow Unikey's automatic mode with its spelling check on:
 *
 *  - Only the word being typed (the letters before the cursor) is ever changed, and only
 *    when the result is still a Vietnamese syllable (initial consonants, a vowel group from
 *    a fixed list, a final among c ch m n ng nh p t). Anything else is typed as it is, so
 *    English words, codes and numbers come through unchanged: "15", "số 15", "B15".
 *  - Telex: aa ee oo give â ê ô; aw ă; ow ơ; uw ư; "uo" + w gives "ươ"; w with no vowel
 *    yet gives ư ("w" -> "ư", "tw" -> "tư"); dd (or a d later in a word that starts with d)
 *    gives đ. Tones: s sắc, f huyền, r hỏi, x ngã, j nặng; z removes the tone. Shape keys
 *    may come after the rest of the word ("tieng" + "e" -> "tiêng").
 *  - VNI: 1 sắc, 2 huyền, 3 hỏi, 4 ngã, 5 nặng, 0 removes the tone; 6 â ê ô, 7 ơ ư (and
 *    "uo" -> "ươ"), 8 ă, 9 đ. A digit that cannot be such a key stays a digit.
 *  - Pressing the same key again undoes it and types the key: "kyss" -> "kys", "aaa" -> "aa",
 *    "ddd" -> "dd", "ww" -> "w", "a11" -> "a1".
 *  - Tone placement is the traditional ("old") style used by most government texts and by
 *    Unikey's default: "hòa", "thủy", "hòe"; with a final consonant the tone moves to the
 *    last vowel ("hoàn", "huỳnh"); ă â ê ô ơ ư take the tone first ("người"). "uo" + w is
 *    always "ươ" (so "thuở" comes out "thưở"). Search folds diacritics, so text in either
 *    style matches.
 *  - Upper case is kept from the letter, not from the key: "DDAWNG" and "Ddawng" give
 *    "ĐĂNG" and "Đăng".
 *  - A plain composer (compose_set_plain: the kiosk in English) types every key as it is.
 */
#include "compose.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "text.h"
#include "xmalloc.h"

#define WORD_MAX 12 /* a longer run of letters is not a syllable: never transformed */

struct letter {
    uint32_t cp;
    bool vn; /* v is set: a Vietnamese vowel letter, d or đ */
    struct vn_letter v;
};

struct word {
    struct letter l[WORD_MAX + 1];
    size_t n;
};

/* Where the parts of a syllable are: l[0, ns) initial, l[ns, ne) vowels, l[ne, n) final. */
struct parse {
    size_t ns, ne;
    bool ok;
};

static const char *const initials[] = {
    "",   "b",   "c",  "ch", "d",  "D", "g",  "gh", "gi", "h", "k",  "kh", "l", "m", "n",
    "ng", "ngh", "nh", "p",  "ph", "q", "qu", "r",  "s",  "t", "th", "tr", "v", "x", NULL,
};
static const char *const finals[] = { "", "c", "ch", "m", "n", "ng", "nh", "p", "t", NULL };
/* Vowel groups by base letter: what a tone may be put on while the word is being typed. */
static const char *const groups_base[] = {
    "a",   "e",   "i",   "o",   "u",   "y",   "ai",  "ao",  "au",  "ay",  "eo",  "eu",  "ia",
    "ie",  "iu",  "oa",  "oe",  "oi",  "oo",  "ua",  "ue",  "ui",  "uo",  "uu",  "uy",  "ye",
    "ieu", "yeu", "oai", "oao", "oay", "oeo", "uay", "uoi", "uou", "uya", "uye", "uyu", NULL,
};
/* Vowel groups with their shapes: what an â ê ô ă ơ ư key may produce. */
static const char *const groups[] = {
    "a",   "ă",   "â",   "e",   "ê",   "i",   "o",   "ô",   "ơ",   "u",   "ư",   "y",   "ai",  "ao",
    "au",  "âu",  "ay",  "ây",  "eo",  "êu",  "ia",  "iê",  "iu",  "oa",  "oă",  "oe",  "oi",  "ôi",
    "ơi",  "oo",  "ua",  "uâ",  "uê",  "ui",  "uô",  "uơ",  "uy",  "ưa",  "ưi",  "ươ",  "ưu",  "yê",
    "iêu", "yêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyê", "uyu", NULL,
};

static bool
in_list(const char *s, const char *const *list)
{
    for (; *list != NULL; list++)
        if (strcmp(s, *list) == 0)
            return true;
    return false;
}

static bool
is_ascii_letter(uint32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

/* A character that belongs to a word: letters, Vietnamese or not, and combining marks. */
static bool
is_word_char(uint32_t cp)
{
    struct vn_letter v;

    if (cp < 0x80)
        return is_ascii_letter(cp);
    if (cp >= 0x0300 && cp <= 0x036F)
        return true;
    return text_vn_split(cp, &v) || iswalpha((wint_t)cp);
}

static void
letter_set(struct letter *l, uint32_t cp)
{
    l->cp = cp;
    l->vn = text_vn_split(cp, &l->v);
}

static bool
is_vowel(const struct letter *l)
{
    return l->vn && l->v.base != 'd';
}

/* The consonant as one ASCII character (đ is 'D'), 0 when it is no Vietnamese consonant. */
static char
consonant(const struct letter *l)
{
    if (l->vn)
        return l->v.base != 'd' ? 0 : l->v.shape == VN_STROKE ? 'D' : 'd';
    if (l->cp >= 'A' && l->cp <= 'Z')
        return (char)(l->cp - 'A' + 'a');
    if (l->cp >= 'a' && l->cp <= 'z')
        return (char)l->cp;
    return 0;
}

static void
parse_word(const struct word *w, struct parse *p)
{
    char init[WORD_MAX + 1], fin[WORD_MAX + 1], base[WORD_MAX + 1];
    size_t i = 0, k;

    p->ok = false;
    while (i < w->n && !is_vowel(&w->l[i]))
        i++;
    p->ns = i;
    while (i < w->n && is_vowel(&w->l[i]))
        i++;
    p->ne = i;
    /* In "qua" and "gia" the u and the i belong to the initial. */
    if (p->ns == 1 && p->ne - p->ns >= 2 && w->l[p->ns].v.shape == VN_PLAIN &&
        ((consonant(&w->l[0]) == 'q' && w->l[1].v.base == 'u') ||
         (consonant(&w->l[0]) == 'g' && w->l[1].v.base == 'i')))
        p->ns++;
    for (k = 0; k < p->ns; k++) {
        init[k] = is_vowel(&w->l[k]) ? w->l[k].v.base : consonant(&w->l[k]);
        if (init[k] == 0)
            return;
    }
    init[p->ns] = '\0';
    for (k = p->ns; k < p->ne; k++)
        base[k - p->ns] = w->l[k].v.base;
    base[p->ne - p->ns] = '\0';
    for (k = p->ne; k < w->n; k++) {
        if (is_vowel(&w->l[k]) || (fin[k - p->ne] = consonant(&w->l[k])) == 0)
            return;
    }
    fin[w->n - p->ne] = '\0';
    if (!in_list(init, initials) || !in_list(fin, finals))
        return;
    if (p->ne > p->ns && !in_list(base, groups_base))
        return;
    p->ok = true;
}

/* Are the shaped vowels of the word one of the Vietnamese vowel groups? */
static bool
shapes_ok(const struct word *w, const struct parse *p)
{
    char buf[4 * WORD_MAX + 1];
    struct vn_letter v;
    size_t k, len = 0;

    for (k = p->ns; k < p->ne; k++) {
        v = w->l[k].v;
        v.tone = VN_TONE_NONE;
        v.upper = false;
        len += text_encode(text_vn_join(&v), buf + len);
    }
    buf[len] = '\0';
    return in_list(buf, groups);
}

static enum vn_tone
word_tone(const struct word *w)
{
    size_t k;

    for (k = 0; k < w->n; k++)
        if (is_vowel(&w->l[k]) && w->l[k].v.tone != VN_TONE_NONE)
            return w->l[k].v.tone;
    return VN_TONE_NONE;
}

/* Which vowel carries the tone (traditional placement, see the top of the file). */
static size_t
tone_pos(const struct word *w, const struct parse *p)
{
    size_t k = p->ne;

    while (k-- > p->ns)
        if (w->l[k].v.shape != VN_PLAIN)
            return k;
    if (p->ne < w->n)
        return p->ne - 1;
    return p->ne - p->ns == 3 ? p->ns + 1 : p->ns;
}

static void
letter_update(struct letter *l)
{
    l->cp = text_vn_join(&l->v);
}

/* Put tone t (or none) on the right vowel of a parsed word with vowels. */
static void
set_tone(struct word *w, const struct parse *p, enum vn_tone t)
{
    size_t k, pos = tone_pos(w, p);

    for (k = 0; k < w->n; k++)
        if (is_vowel(&w->l[k]) && w->l[k].v.tone != VN_TONE_NONE) {
            w->l[k].v.tone = VN_TONE_NONE;
            letter_update(&w->l[k]);
        }
    if (t != VN_TONE_NONE) {
        w->l[pos].v.tone = t;
        letter_update(&w->l[pos]);
    }
}

/* After a letter is added or removed, move the tone where it now belongs. */
static void
replace_tone(struct word *w)
{
    struct parse p;
    enum vn_tone t = word_tone(w);

    if (t == VN_TONE_NONE)
        return;
    parse_word(w, &p);
    if (p.ok && p.ne > p.ns)
        set_tone(w, &p, t);
}

/* A final c ch p t takes only sắc or nặng ("tốt", "học", "sách"). */
static bool
tone_fits(const struct word *w, const struct parse *p, enum vn_tone t)
{
    char last, prev;

    if (p->ne == w->n || t == VN_TONE_NONE || t == VN_ACUTE || t == VN_DOT)
        return true;
    last = consonant(&w->l[w->n - 1]);
    prev = w->n - p->ne >= 2 ? consonant(&w->l[w->n - 2]) : 0;
    return !(last == 'c' || last == 'p' || last == 't' || (last == 'h' && prev == 'c'));
}

static bool
key_tone(struct word *w, enum vn_tone t, bool remove, bool *literal)
{
    struct parse p;
    enum vn_tone cur = word_tone(w);

    parse_word(w, &p);
    if (!p.ok || p.ne == p.ns)
        return false;
    if (remove) {
        if (cur == VN_TONE_NONE)
            return false;
        set_tone(w, &p, VN_TONE_NONE);
        return true;
    }
    if (cur == t) { /* the same tone again: undo it and type the key */
        set_tone(w, &p, VN_TONE_NONE);
        *literal = true;
        return true;
    }
    if (!tone_fits(w, &p, t))
        return false;
    set_tone(w, &p, t);
    return true;
}

/* Give vowel k the shape s if the word stays Vietnamese; the tone moves if it must. */
static bool
try_shape(struct word *w, const struct parse *p, size_t k, enum vn_shape s)
{
    struct word t = *w;

    t.l[k].v.shape = s;
    if (text_vn_join(&t.l[k].v) == 0)
        return false;
    letter_update(&t.l[k]);
    if (!shapes_ok(&t, p))
        return false;
    replace_tone(&t);
    *w = t;
    return true;
}

/* Telex a e o (bases is that letter) and VNI 6 (bases "aeo"): â ê ô. */
static bool
key_circumflex(struct word *w, const char *bases, bool *literal)
{
    struct parse p;
    size_t k;

    parse_word(w, &p);
    if (!p.ok || p.ne == p.ns)
        return false;
    for (k = p.ne; k-- > p.ns;)
        if (strchr(bases, w->l[k].v.base) != NULL && w->l[k].v.shape != VN_CIRCUMFLEX &&
            try_shape(w, &p, k, VN_CIRCUMFLEX))
            return true;
    for (k = p.ne; k-- > p.ns;)
        if (strchr(bases, w->l[k].v.base) != NULL && w->l[k].v.shape == VN_CIRCUMFLEX) {
            w->l[k].v.shape = VN_PLAIN;
            letter_update(&w->l[k]);
            replace_tone(w);
            *literal = true;
            return true;
        }
    return false;
}

enum horn_key {
    HORN_TELEX_W, /* ă ơ ư, "uo" -> "ươ", ư on its own */
    HORN_VNI_7,   /* ơ ư, "uo" -> "ươ" */
    HORN_VNI_8,   /* ă */
};

static enum vn_shape
horn_shape(char base)
{
    return base == 'a' ? VN_BREVE : VN_HORN;
}

static bool
horn_applies(enum horn_key key, char base)
{
    if (key == HORN_VNI_8)
        return base == 'a';
    if (key == HORN_VNI_7)
        return base == 'o' || base == 'u';
    return base == 'a' || base == 'o' || base == 'u';
}

/* bare[k]: letter k is an ư typed as a lone w (undone back to "w", not "uw"). */
static bool
key_horn(struct word *w, enum horn_key key, bool upper, const bool *bare, bool *literal)
{
    struct parse p;
    struct word t;
    size_t k;
    bool undone = false, lone = false;

    parse_word(w, &p);
    if (!p.ok)
        return false;
    if (p.ne == p.ns) {
        if (key != HORN_TELEX_W || p.ne != w->n || w->n >= WORD_MAX)
            return false;
        t = *w;
        letter_set(&t.l[t.n++], upper ? 0x01AF : 0x01B0); /* Ư ư */
        parse_word(&t, &p);
        if (!p.ok)
            return false;
        *w = t;
        return true;
    }
    if (key != HORN_VNI_8)
        for (k = p.ns; k + 1 < p.ne; k++) {
            const struct vn_letter *u = &w->l[k].v, *o = &w->l[k + 1].v;

            if (u->base == 'u' && o->base == 'o' && (u->shape == VN_PLAIN || u->shape == VN_HORN) &&
                (o->shape == VN_PLAIN || o->shape == VN_HORN) &&
                !(u->shape == VN_HORN && o->shape == VN_HORN)) {
                t = *w;
                t.l[k].v.shape = VN_HORN;
                t.l[k + 1].v.shape = VN_HORN;
                letter_update(&t.l[k]);
                letter_update(&t.l[k + 1]);
                if (shapes_ok(&t, &p)) {
                    replace_tone(&t);
                    *w = t;
                    return true;
                }
            }
        }
    for (k = p.ne; k-- > p.ns;)
        if (horn_applies(key, w->l[k].v.base) && w->l[k].v.shape != horn_shape(w->l[k].v.base) &&
            try_shape(w, &p, k, horn_shape(w->l[k].v.base)))
            return true;
    /* Nothing to do: the key undoes what it made before and is typed itself. */
    for (k = p.ns; k < p.ne; k++)
        if (horn_applies(key, w->l[k].v.base) && w->l[k].v.shape == horn_shape(w->l[k].v.base)) {
            if (key == HORN_TELEX_W && bare[k]) {
                letter_set(&w->l[k], w->l[k].v.upper ? 'W' : 'w');
                lone = true;
            } else {
                w->l[k].v.shape = VN_PLAIN;
                letter_update(&w->l[k]);
            }
            undone = true;
        }
    if (!undone)
        return false;
    replace_tone(w);
    *literal = !lone;
    return true;
}

/* Telex d and VNI 9: the word's initial d becomes đ. */
static bool
key_stroke(struct word *w, bool *literal)
{
    struct parse p;
    struct word t;

    if (w->n == 0 || !w->l[0].vn || w->l[0].v.base != 'd')
        return false;
    t = *w;
    if (t.l[0].v.shape == VN_STROKE) {
        t.l[0].v.shape = VN_PLAIN;
        letter_update(&t.l[0]);
        *w = t;
        *literal = true;
        return true;
    }
    t.l[0].v.shape = VN_STROKE;
    letter_update(&t.l[0]);
    parse_word(&t, &p);
    if (!p.ok)
        return false;
    *w = t;
    return true;
}

/*
 * Apply key ch to the word if it is a Telex or VNI key there. Returns false when the key is
 * to be typed as it is; *literal is set when the key undid something and is typed too.
 */
static bool
apply_key(struct word *w, uint32_t ch, const bool *bare, bool *literal)
{
    bool upper = ch >= 'A' && ch <= 'Z';
    char k = (char)(upper ? ch - 'A' + 'a' : ch);

    *literal = false;
    if (ch >= 0x80)
        return false;
    switch (k) {
    case 's':
    case '1': return key_tone(w, VN_ACUTE, false, literal);
    case 'f':
    case '2': return key_tone(w, VN_GRAVE, false, literal);
    case 'r':
    case '3': return key_tone(w, VN_HOOK, false, literal);
    case 'x':
    case '4': return key_tone(w, VN_TILDE, false, literal);
    case 'j':
    case '5': return key_tone(w, VN_DOT, false, literal);
    case 'z':
    case '0': return key_tone(w, VN_TONE_NONE, true, literal);
    case 'a': return key_circumflex(w, "a", literal);
    case 'e': return key_circumflex(w, "e", literal);
    case 'o': return key_circumflex(w, "o", literal);
    case '6': return key_circumflex(w, "aeo", literal);
    case 'w': return key_horn(w, HORN_TELEX_W, upper, bare, literal);
    case '7': return key_horn(w, HORN_VNI_7, upper, bare, literal);
    case '8': return key_horn(w, HORN_VNI_8, upper, bare, literal);
    case 'd':
    case '9': return key_stroke(w, literal);
    default: return false;
    }
}

/* The code points of s with the byte offset of each (off has room for n + 1). */
static size_t
split_chars(const char *s, uint32_t *cp, size_t *off, size_t max)
{
    size_t len = strlen(s), i = 0, n = 0;

    while (i < len && n < max) {
        off[n] = i;
        i += text_decode(s + i, len - i, &cp[n]);
        n++;
    }
    off[n] = i;
    return n;
}

static size_t
count_chars(const char *s)
{
    size_t len = strlen(s), i = 0, n = 0;
    uint32_t cp;

    while (i < len) {
        i += text_decode(s + i, len - i, &cp);
        n++;
    }
    return n;
}

void
compose_init(struct compose *c)
{
    memset(c, 0, sizeof *c);
}

void
compose_set_plain(struct compose *c, bool plain)
{
    c->plain = plain;
}

/* Replace c->text with s (when it fits) and record the key that made it. */
static void
commit(struct compose *c, const char *s, size_t slen, const char *key, size_t klen)
{
    size_t rawlen = strlen(c->raw), before = count_chars(c->text), after, k;

    if (slen >= COMPOSE_MAX || rawlen + klen >= COMPOSE_MAX)
        return;
    memcpy(c->text, s, slen);
    c->text[slen] = '\0';
    memcpy(c->raw + rawlen, key, klen);
    c->raw[rawlen + klen] = '\0';
    after = count_chars(c->text);
    for (k = before; k < after; k++)
        c->key_at[k] = (unsigned char)rawlen;
}

void
compose_key(struct compose *c, uint32_t ch)
{
    uint32_t cp[COMPOSE_MAX];
    size_t off[COMPOSE_MAX + 1], n, ws, k, len;
    bool bare[WORD_MAX + 1], literal = false, applied = false;
    char key[4], out[2 * COMPOSE_MAX];
    struct word w;
    size_t klen;
    char *nfc;

    if (ch < 0x20 || (ch >= 0x7F && ch < 0xA0) || ch > 0x10FFFF || (ch >= 0xD800 && ch <= 0xDFFF))
        return;
    klen = text_encode(ch, key);
    if (strlen(c->raw) + klen >= COMPOSE_MAX || strlen(c->text) + 1 >= COMPOSE_MAX)
        return; /* full: dropped before any work */
    n = split_chars(c->text, cp, off, COMPOSE_MAX);
    ws = n;
    while (ws > 0 && is_word_char(cp[ws - 1]))
        ws--;
    len = off[ws];
    memcpy(out, c->text, len);

    if (ch >= 0x0300 && ch <= 0x036F) { /* a combining mark: compose it into the letter */
        memcpy(out, c->text, off[n]);
        memcpy(out + off[n], key, klen);
        out[off[n] + klen] = '\0';
        nfc = text_nfc(out);
        commit(c, nfc, strlen(nfc), key, klen);
        free(nfc);
        return;
    }
    if (c->plain || n - ws > WORD_MAX || (!is_word_char(ch) && !(ch >= '0' && ch <= '9'))) {
        memcpy(out + off[ws], c->text + off[ws], off[n] - off[ws]);
        memcpy(out + off[n], key, klen);
        commit(c, out, off[n] + klen, key, klen);
        return;
    }
    w.n = n - ws;
    for (k = 0; k < w.n; k++) {
        letter_set(&w.l[k], cp[ws + k]);
        bare[k] = (c->raw[c->key_at[ws + k]] | 0x20) == 'w' && w.l[k].vn && w.l[k].v.base == 'u' &&
                  w.l[k].v.shape == VN_HORN;
    }
    applied = apply_key(&w, ch, bare, &literal);
    if (!applied || literal) {
        if (is_word_char(ch) && w.n < WORD_MAX) {
            letter_set(&w.l[w.n++], ch);
            replace_tone(&w);
        } else {
            for (k = 0; k < w.n; k++)
                len += text_encode(w.l[k].cp, out + len);
            memcpy(out + len, key, klen);
            commit(c, out, len + klen, key, klen);
            return;
        }
    }
    for (k = 0; k < w.n; k++)
        len += text_encode(w.l[k].cp, out + len);
    commit(c, out, len, key, klen);
}

void
compose_backspace(struct compose *c)
{
    uint32_t cp[COMPOSE_MAX];
    size_t off[COMPOSE_MAX + 1], n, ws, k, len;
    char out[2 * COMPOSE_MAX];
    struct word w;

    n = split_chars(c->text, cp, off, COMPOSE_MAX);
    if (n == 0) {
        c->raw[0] = '\0';
        return;
    }
    c->raw[c->key_at[n - 1]] = '\0';
    n--;
    c->text[off[n]] = '\0';
    if (c->plain)
        return;
    /* The tone may move back: "hoàn" less "n" is "hòa", as if typed that way. */
    ws = n;
    while (ws > 0 && is_word_char(cp[ws - 1]))
        ws--;
    if (n - ws == 0 || n - ws > WORD_MAX)
        return;
    w.n = n - ws;
    for (k = 0; k < w.n; k++)
        letter_set(&w.l[k], cp[ws + k]);
    replace_tone(&w);
    len = off[ws];
    memcpy(out, c->text, len);
    for (k = 0; k < w.n; k++)
        len += text_encode(w.l[k].cp, out + len);
    if (len < COMPOSE_MAX) {
        memcpy(c->text, out, len);
        c->text[len] = '\0';
    }
}

char *
compose_string(const char *typed)
{
    struct compose c;
    struct strbuf b;
    size_t len = strlen(typed), i = 0;
    uint32_t cp;

    strbuf_init(&b);
    compose_init(&c);
    while (i < len) {
        i += text_decode(typed + i, len - i, &cp);
        compose_key(&c, cp);
        /* Words are composed one at a time, so a long text never fills the composer. */
        if ((!is_word_char(cp) && !(cp >= '0' && cp <= '9')) || strlen(c.text) > COMPOSE_MAX - 32) {
            strbuf_puts(&b, c.text);
            compose_init(&c);
        }
    }
    strbuf_puts(&b, c.text);
    return strbuf_take(&b);
}
