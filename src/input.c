/* Raw terminal keys to the kiosk's semantic keys: the same keys on every screen. */
#include "input.h"

struct key_event
input_map(const struct raw_key *raw, bool text_focus)
{
    struct key_event ev = { .key = K_NONE };

    switch (raw->kind) {
    case RAW_RESIZE: ev.key = K_RESIZE; return ev;
    case RAW_MOUSE:
        ev.key = K_MOUSE;
        ev.y = raw->y;
        ev.x = raw->x;
        return ev;
    case RAW_KEY:
        switch (raw->code) {
        case RC_UP: ev.key = K_UP; break;
        case RC_DOWN: ev.key = K_DOWN; break;
        case RC_LEFT: ev.key = K_LEFT; break;
        case RC_RIGHT: ev.key = K_RIGHT; break;
        case RC_PGUP: ev.key = K_PGUP; break;
        case RC_PGDN: ev.key = K_PGDN; break;
        case RC_HOME: ev.key = K_FIRST; break;
        case RC_END: ev.key = K_LAST; break;
        case RC_ENTER: ev.key = K_OK; break;
        case RC_BACKSPACE:
        case RC_DELETE: ev.key = K_BKSP; break;
        case RC_F1: ev.key = K_HELP; break;
        case RC_F9: ev.key = K_ASSIST; break;
        case RC_F10: ev.key = K_STAFF; break;
        case RC_OTHER: ev.key = K_NONE; break;
        }
        return ev;
    case RAW_CHAR: break;
    }

    ev.ch = raw->ch;
    switch (raw->ch) {
    case 27: ev.key = K_BACK; return ev;     /* Esc: always back, at once */
    case '*': ev.key = K_RESTART; return ev; /* keypad '*': start again */
    case '?':
    case '.':
        ev.key = K_HELP;
        return ev; /* keypad '.' (NumLock on): a keypad has no '?';
                       help is one key everywhere, text fields too */
    case '\t': ev.key = K_NONE; return ev;
    default: break;
    }
    if (raw->ch < 0x20 || raw->ch == 0x7f) {
        ev.key = K_NONE; /* Ctrl-C, Ctrl-Z and friends do nothing */
        return ev;
    }
    if (text_focus) {
        ev.key = K_CHAR;
        return ev;
    }
    switch (raw->ch) {
    case '/': ev.key = K_SEARCH; break;
    case '+': ev.key = K_PGDN; break;
    case '-': ev.key = K_PGUP; break;
    case ' ': ev.key = K_SPACE; break;
    default: ev.key = raw->ch >= '0' && raw->ch <= '9' ? K_DIGIT : K_CHAR; break;
    }
    return ev;
}

const char *
input_key_name(enum key k)
{
    static const char *const names[] = {
        [K_NONE] = "NONE",   [K_CHAR] = "CHAR",       [K_DIGIT] = "DIGIT",
        [K_PICK] = "PICK",   [K_UP] = "UP",           [K_DOWN] = "DOWN",
        [K_LEFT] = "LEFT",   [K_RIGHT] = "RIGHT",     [K_PGUP] = "PGUP",
        [K_PGDN] = "PGDN",   [K_FIRST] = "FIRST",     [K_LAST] = "LAST",
        [K_OK] = "OK",       [K_BACK] = "BACK",       [K_BKSP] = "BKSP",
        [K_SPACE] = "SPACE", [K_RESTART] = "RESTART", [K_SEARCH] = "SEARCH",
        [K_HELP] = "HELP",   [K_ASSIST] = "ASSIST",   [K_STAFF] = "STAFF",
        [K_MOUSE] = "MOUSE", [K_RESIZE] = "RESIZE",
    };

    return (unsigned)k < sizeof names / sizeof names[0] && names[k] ? names[k] : "?";
}
