/*
 * Staff: add a volunteer — a short code and a display name (Telex/VNI typing), nothing
 * else. Enter moves from the code to the name, and saves from the name; ↑/↓ switch fields.
 * Saved, the screen closes and the list shows the new volunteer.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "compose.h"
#include "db_staff.h"
#include "i18n.h"
#include "log.h"
#include "screens.h"
#include "staff.h"
#include "text.h"

struct staff_volunteer_add_state {
    char code[VOLUNTEER_CODE_MAX + 1];
    int clen;
    int field;           /* 0 = the code, 1 = the name */
    struct compose name; /* the name, Telex/VNI composed */
};

/* Is this code taken already (by an active or a disabled volunteer)? */
static bool
staff_volunteer_add_taken(struct app *app, const char *code)
{
    struct volunteer_list l = { 0 };
    char *cause = NULL;
    bool taken = false;

    if (db_volunteer_list(app->db, false, &l, &cause) != 0) {
        log_msg(LOG_ERROR, "volunteers: %s", cause);
        free(cause);
        return false; /* db_volunteer_add refuses a duplicate all the same */
    }
    for (size_t i = 0; i < l.n && !taken; i++)
        taken = strcmp(l.v[i].code, code) == 0;
    volunteer_list_free(&l);
    return taken;
}

static struct action
staff_volunteer_add_save(struct staff_volunteer_add_state *st, struct app *app)
{
    char *cause = NULL, msg[200], *name = text_nfc(st->name.text), *trimmed;
    size_t n = strlen(name);

    /* Trim the spaces typed around the name. */
    while (n > 0 && name[n - 1] == ' ')
        name[--n] = '\0';
    trimmed = name + strspn(name, " ");
    if (volunteer_check(st->code, trimmed, &cause) != 0) {
        free(cause);
        app_status(app, ROLE_ERROR, "%s", tr(MSG_STAFF_VOL_BAD));
        free(name);
        return action_handled();
    }
    if (app->db == NULL || staff_volunteer_add_taken(app, st->code)) {
        app_status(app, ROLE_ERROR, "%s", tr(MSG_STAFF_VOL_DUP));
        st->field = 0;
        free(name);
        return action_handled();
    }
    if (db_volunteer_add(app->db, st->code, trimmed, app_wall(app), NULL, &cause) != 0) {
        log_msg(LOG_ERROR, "volunteer: %s", cause);
        free(cause);
        app_status(app, ROLE_ERROR, "%s", tr(MSG_STAFF_ERROR));
        free(name);
        return action_handled();
    }
    staff_audit(app, "volunteer_add", st->code);
    trf(msg, sizeof msg, MSG_STAFF_VOL_ADDED, trimmed);
    free(name);
    app_status(app, ROLE_OK, "%s", msg);
    return action_pop();
}

static int
staff_volunteer_add_enter(struct screen *s, struct app *app, const void *arg, char **cause)
{
    struct staff_volunteer_add_state *st = s->state;

    (void)app;
    (void)arg;
    (void)cause;
    compose_init(&st->name);
    return 0;
}

static void
staff_volunteer_add_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    const struct staff_volunteer_add_state *st = s->state;
    struct area a = widgets_frame(app, ui, tr(MSG_STAFF_M_VOLUNTEERS));
    int y = a.y + 1, cx;

    y += ui_wrap(ui, y, a.x, a.w, 3, ROLE_NORMAL, tr(MSG_STAFF_VOL_HOW)) + 1;
    widgets_field(ui, y, a.x, a.w, tr(MSG_STAFF_VOL_CODE), st->code);
    cx = a.x + text_width(tr(MSG_STAFF_VOL_CODE)) + 1 + text_width(st->code);
    widgets_field(ui, y + 2, a.x, a.w, tr(MSG_STAFF_VOL_NAME), st->name.text);
    if (st->field == 0)
        ui_cursor(ui, y, cx);
}

static struct action
staff_volunteer_add_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    struct staff_volunteer_add_state *st = s->state;

    switch (ev->key) {
    case K_STAFF: return action_handled();
    case K_BACK: return action_pop();
    case K_CHAR:
        if (st->field == 0) {
            if (ev->ch < 0x80 && ev->ch > ' ' && st->clen < VOLUNTEER_CODE_MAX) {
                st->code[st->clen++] = (char)ev->ch;
                st->code[st->clen] = '\0';
            }
        } else {
            compose_key(&st->name, ev->ch);
        }
        return action_handled();
    case K_BKSP:
        if (st->field == 1) {
            if (st->name.text[0] == '\0')
                st->field = 0;
            else
                compose_backspace(&st->name);
        } else if (st->clen > 0) {
            st->code[--st->clen] = '\0';
        } else {
            return action_pop();
        }
        return action_handled();
    case K_DOWN:
    case K_UP: st->field = !st->field; return action_handled();
    case K_OK:
        if (st->field == 1)
            return staff_volunteer_add_save(st, app);
        if (st->clen > 0)
            st->field = 1;
        return action_handled();
    default: return action_ignored();
    }
}

static bool
staff_volunteer_add_text_focus(const struct screen *s)
{
    (void)s;
    return true;
}

const struct screen_ops staff_volunteer_add_screen = {
    .name = "staff_volunteer_add",
    .state_size = sizeof(struct staff_volunteer_add_state),
    .flags = SCREEN_STAFF | SCREEN_NO_GLOBAL,
    .enter = staff_volunteer_add_enter,
    .draw = staff_volunteer_add_draw,
    .key = staff_volunteer_add_key,
    .help = MSG_HELP_STAFF,
    .text_focus = staff_volunteer_add_text_focus,
};
