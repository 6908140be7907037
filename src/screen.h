/*
 * The screen contract. Screens read state and return actions; the app applies them after
 * key() returns, so a screen is never freed inside its own handler. Screens never call curses
 * (they draw through ui_* and widgets) and never block: anything slow runs from tick().
 */
#ifndef KIOSK_SCREEN_H
#define KIOSK_SCREEN_H

#include <stdbool.h>
#include <stddef.h>

#include "input.h"

struct app;
struct ui;
struct screen;

enum action_kind {
    ACT_IGNORED, /* not mine: the app tries its global keys (back, start again, search…) */
    ACT_HANDLED, /* my state changed: redraw */
    ACT_PUSH,    /* open .next on top of me, with .arg */
    ACT_POP,     /* close me */
    ACT_HOME,    /* close everything above home (not a wipe; see ACT_RESTART) */
    ACT_REPLACE, /* close me and open .next in my place */
    ACT_RESTART, /* end the session, wipe it, go home in the default language */
    ACT_FINISH,  /* the resident is done ("Xong"): end the session as finished, go home */
};

struct action {
    enum action_kind kind;
    const struct screen_ops *next; /* ACT_PUSH, ACT_REPLACE */
    const void *arg;               /* borrowed: next->enter() copies what it keeps */
};

enum screen_flags {
    SCREEN_MODAL = 1 << 0,     /* draw the screen below first */
    SCREEN_STAFF = 1 << 1,     /* staff only; idle reset closes it; opening it from home
                                  starts no resident session */
    SCREEN_NO_GLOBAL = 1 << 2, /* the app's global keys (/, F9, F10, *) are not offered */
    SCREEN_TICKS = 1 << 3,     /* a numbered item is ticked in place (the checklist): a number
                                  that names no item is taken as the digits it is made of */
};

struct screen_ops {
    const char *name;  /* "service", "questions": logs, tests, golden file names */
    size_t state_size; /* the app calloc()s this for s->state and frees it after leave() */
    unsigned flags;

    /* Required. draw() must not change state. */
    void (*draw)(const struct screen *s, const struct app *app, struct ui *ui);
    struct action (*key)(struct screen *s, struct app *app, const struct key_event *ev);

    /* Optional (NULL = nothing). */
    int (*enter)(struct screen *s, struct app *app, const void *arg, char **cause);
    void (*resume)(struct screen *s, struct app *app); /* uncovered by a pop */
    void (*tick)(struct screen *s, struct app *app);   /* ~10 times a second while on top */
    void (*leave)(struct screen *s, struct app *app);  /* free what enter() allocated */
    /* How many numbered items the screen shows now (digits 1..N choose them); NULL = 0. */
    int (*items)(const struct screen *s);
    /* True while a text or PIN field has focus (digits and letters are typed into it). */
    bool (*text_focus)(const struct screen *s);
    /* This screen's help (F1, ?, the keypad's .): a message id that says what the screen's
     * numbers do; 0 = the generic help only. */
    int help;
    /* Help from data shown above that message, e.g. the catalog's hint for the question on
     * screen (borrowed from the catalog or the state; NULL = none). */
    const char *(*help_text)(const struct screen *s);
};

struct screen {
    const struct screen_ops *ops;
    void *state;      /* owned by the app */
    unsigned long id; /* set by the app when opened: tells this screen from a later one */
};

static inline struct action
action_ignored(void)
{
    return (struct action){ .kind = ACT_IGNORED };
}

static inline struct action
action_handled(void)
{
    return (struct action){ .kind = ACT_HANDLED };
}

static inline struct action
action_push(const struct screen_ops *next, const void *arg)
{
    return (struct action){ .kind = ACT_PUSH, .next = next, .arg = arg };
}

static inline struct action
action_replace(const struct screen_ops *next, const void *arg)
{
    return (struct action){ .kind = ACT_REPLACE, .next = next, .arg = arg };
}

static inline struct action
action_pop(void)
{
    return (struct action){ .kind = ACT_POP };
}

static inline struct action
action_home(void)
{
    return (struct action){ .kind = ACT_HOME };
}

static inline struct action
action_restart(void)
{
    return (struct action){ .kind = ACT_RESTART };
}

static inline struct action
action_finish(void)
{
    return (struct action){ .kind = ACT_FINISH };
}

#endif
