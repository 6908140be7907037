/*
 * Keys: raw terminal keys (from ui.c) become semantic key events here, the same on every
 * screen. input_map() is pure so the mapping can be tested without a terminal.
 *
 *   arrows, PgUp/PgDn, + / -     move, next/previous page
 *   Enter                        choose / confirm
 *   digits                       choose numbered items (the app gathers them into K_PICK)
 *   0, Esc, Backspace            back (0 and Backspace only when no field or digits are pending)
 *   *                            start again: wipe the session, go home
 *   /                            search          F1, ?, keypad .   help
 *   F9                           assisted session F10     staff
 */
#ifndef KIOSK_INPUT_H
#define KIOSK_INPUT_H

#include <stdbool.h>
#include <stdint.h>

enum key {
    K_NONE,
    K_CHAR,  /* a printable character in .ch (text fields; also space) */
    K_DIGIT, /* '0'..'9' in .ch, outside text fields (the app turns them into K_PICK) */
    K_PICK,  /* numbered item .num chosen (digits + Enter, single digit, or a tap) */
    K_UP,
    K_DOWN,
    K_LEFT,
    K_RIGHT,
    K_PGUP,
    K_PGDN,
    K_FIRST,   /* Home */
    K_LAST,    /* End */
    K_OK,      /* Enter */
    K_BACK,    /* Esc: always back */
    K_BKSP,    /* Backspace: delete in a field, else back */
    K_SPACE,   /* Space outside text fields: toggle */
    K_RESTART, /* '*' */
    K_SEARCH,  /* '/' */
    K_HELP,    /* F1, '?', keypad '.' (also in text fields) */
    K_ASSIST,  /* F9 */
    K_STAFF,   /* F10 */
    K_MOUSE,   /* a tap at .y/.x that hit no numbered item */
    K_RESIZE,
};

/* What the terminal delivered, before mapping (filled by ui_read). */
enum raw_kind { RAW_CHAR, RAW_KEY, RAW_MOUSE, RAW_RESIZE };
enum raw_code {
    RC_UP = 1,
    RC_DOWN,
    RC_LEFT,
    RC_RIGHT,
    RC_PGUP,
    RC_PGDN,
    RC_HOME,
    RC_END,
    RC_ENTER,
    RC_BACKSPACE,
    RC_DELETE,
    RC_F1,
    RC_F9,
    RC_F10,
    RC_OTHER
};
struct raw_key {
    enum raw_kind kind;
    uint32_t ch;        /* RAW_CHAR: the wide character */
    enum raw_code code; /* RAW_KEY */
    int y, x;           /* RAW_MOUSE */
};

struct key_event {
    enum key key;
    uint32_t ch; /* K_CHAR, K_DIGIT: the character */
    int num;     /* K_PICK: 1-based item number */
    int y, x;    /* K_MOUSE */
};

/*
 * Map a raw key. text_focus: a text or PIN field has focus, so every printable character
 * other than '*' (start again), '?' and '.' (help) is input (K_CHAR) and Backspace is K_BKSP
 * for the field.
 */
struct key_event input_map(const struct raw_key *raw, bool text_focus);
/* A short name for logs and test scripts ("UP", "PICK 15", "CHAR a"). */
const char *input_key_name(enum key k);

#endif
