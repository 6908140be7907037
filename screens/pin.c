/*
 * The PIN screen (F10): digits only, masked, keypad-friendly. A right PIN opens the staff
 * menu in its place; five wrong ones lock PIN entry for five minutes (pin.h). With no PIN
 * set yet it explains how to set one. The digits are wiped as soon as they are checked.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "pin.h"
#include "screens.h"
#include "text.h"
#include "widgets.h"

struct pin_state {
    char digits[PIN_MAX_DIGITS + 1];
    int n;
    bool not_set;
    int64_t locked_until; /* wall seconds; 0 = not locked */
};

static void
pin_wipe(struct pin_state *st)
{
    volatile char *p = st->digits;

    for (size_t i = 0; i < sizeof st->digits; i++)
        p[i] = '\0';
    st->n = 0;
}

static int
pin_enter(struct screen *s, struct app *app, const void *arg, char **cause)
{
    struct pin_state *st = s->state;
    int locked;

    (void)arg;
    (void)cause;
    st->not_set = app->db == NULL || !pin_is_set(app->db);
    locked = app->db != NULL ? pin_locked_for(app->db, app_wall(app)) : 0;
    st->locked_until = locked > 0 ? app_wall(app) + locked : 0;
    return 0;
}

static void
pin_leave(struct screen *s, struct app *app)
{
    (void)app;
    pin_wipe(s->state);
}

static bool
pin_locked(const struct pin_state *st, const struct app *app)
{
    return st->locked_until > app_wall(app);
}

static void
pin_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    const struct pin_state *st = s->state;
    struct area a = widgets_frame(app, ui, tr(MSG_PIN_TITLE));
    char mask[4 * PIN_MAX_DIGITS + 1] = "", msg[200];
    int y = a.y + 1;

    if (st->not_set) {
        ui_wrap(ui, y, a.x + 2, a.w - 4, a.h - 2, ROLE_NORMAL, tr(MSG_PIN_NOT_SET));
        ui_cursor(ui, y, a.x + 2);
        return;
    }
    y += ui_wrap(ui, y, a.x + 2, a.w - 4, 3, ROLE_NORMAL, tr(MSG_PIN_INTRO)) + 1;
    if (pin_locked(st, app)) {
        /* Attempts are still taken (and audited as refused), never checked. */
        int left = (int)(st->locked_until - app_wall(app));

        trf(msg, sizeof msg, MSG_PIN_LOCKED, left / 60, left % 60);
        y += ui_wrap(ui, y, a.x + 2, a.w - 4, 3, ROLE_ERROR, msg) + 1;
    }
    for (int i = 0; i < st->n; i++)
        strcat(mask, "●");
    widgets_field(ui, y, a.x + 2, 40, tr(MSG_PIN_FIELD), mask);
    ui_wrap(ui, y + 2, a.x + 2, a.w - 4, 2, ROLE_DIM, tr(MSG_PIN_HOW));
    ui_cursor(ui, y, a.x + 2 + 1 + text_width(tr(MSG_PIN_FIELD)) + st->n);
}

static struct action
pin_submit(struct screen *s, struct app *app)
{
    struct pin_state *st = s->state;
    char msg[200];
    int left = 0;
    enum pin_result r;
    bool short_pin;

    if (st->n < PIN_MIN_DIGITS) {
        app_status(app, ROLE_WARN, "%s", tr(MSG_PIN_TOO_SHORT));
        return action_handled();
    }
    short_pin = st->n < PIN_NEW_MIN_DIGITS;
    /* Argon2id takes ~0.2 s: short enough to wait for once per sign-in. */
    r = pin_check(app->db, st->digits, app_wall(app), app->kiosk_id, &left);
    pin_wipe(st);
    switch (r) {
    case PIN_OK:
        app->staff = true;
        app->status[0] = '\0';
        staff_retention(app);
        if (short_pin) /* an older PIN: it works, and the menu says to change it */
            app_status(app, ROLE_WARN, "%s", tr(MSG_PIN_CHANGE_SHORT));
        return action_replace(&staff_screen, NULL);
    case PIN_WRONG:
        trf(msg, sizeof msg, MSG_PIN_WRONG, left);
        app_status(app, ROLE_ERROR, "%s", msg);
        return action_handled();
    case PIN_LOCKED: st->locked_until = app_wall(app) + left; return action_handled();
    case PIN_NOT_SET: st->not_set = true; return action_handled();
    case PIN_UNAVAILABLE:
        app_status(app, ROLE_ERROR, "%s", tr(MSG_PIN_UNAVAILABLE));
        return action_handled();
    case PIN_ERROR:
    default: app_status(app, ROLE_ERROR, "%s", tr(MSG_PIN_ERROR)); return action_handled();
    }
}

static struct action
pin_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    struct pin_state *st = s->state;

    if (st->not_set)
        return ev->key == K_OK ? action_pop() : action_ignored();
    switch (ev->key) {
    case K_CHAR:
        if (ev->ch < '0' || ev->ch > '9') {
            app_status(app, ROLE_WARN, "%s", tr(MSG_PIN_DIGITS_ONLY));
            return action_handled();
        }
        if (st->n < PIN_MAX_DIGITS) {
            st->digits[st->n++] = (char)ev->ch;
            st->digits[st->n] = '\0';
        }
        return action_handled();
    case K_BKSP:
        if (st->n == 0)
            return action_ignored(); /* back */
        st->digits[--st->n] = '\0';
        return action_handled();
    case K_OK: return pin_submit(s, app);
    default: return action_ignored();
    }
}

static bool
pin_text_focus(const struct screen *s)
{
    const struct pin_state *st = s->state;

    return !st->not_set;
}

const struct screen_ops pin_screen = {
    .name = "pin",
    .state_size = sizeof(struct pin_state),
    .flags = SCREEN_STAFF | SCREEN_NO_GLOBAL,
    .enter = pin_enter,
    .leave = pin_leave,
    .draw = pin_draw,
    .key = pin_key,
    .help = MSG_HELP_PIN,
    .text_focus = pin_text_focus,
};
