/*
 * Staff: reprint a slip by the number printed on it ("20261128-0042"), or by its last digits
 * for today's ("42"). The copy is a new job of the same slip; the field is cleared after
 * each try, so a wrong number is not typed onto.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "db_jobs.h"
#include "i18n.h"
#include "log.h"
#include "print_docs.h"
#include "screens.h"
#include "staff.h"
#include "text.h"
#include "xmalloc.h"

struct staff_reprint_state {
    char field[32]; /* the slip number typed */
    int flen;
};

/* "42" → today's "YYYYMMDD-0042"; "202611280042" → "20261128-0042"; else as typed. */
static void
staff_reprint_number(const struct app *app, const char *typed, char *out, size_t size)
{
    char today[11];

    app_today(app, today);
    docs_slip_number(today, typed, out, size);
}

static void
staff_reprint_submit(struct staff_reprint_state *st, struct app *app)
{
    char slip[48], *cause = NULL, *new_no = NULL, *detail, msg[200];
    int64_t id;

    staff_reprint_number(app, st->field, slip, sizeof slip);
    st->flen = 0;
    st->field[0] = '\0';
    if (app->db == NULL ||
        db_jobs_reprint(app->db, slip, NULL, app_wall(app), &id, &new_no, &cause) != 0) {
        log_msg(LOG_INFO, "reprint %s: %s", slip, cause != NULL ? cause : "no database");
        free(cause);
        trf(msg, sizeof msg, MSG_STAFF_REPRINT_NONE, slip);
        app_status(app, ROLE_ERROR, "%s", msg);
        return;
    }
    xasprintf(&detail, "%s as %s", slip, new_no);
    staff_audit(app, "reprint", detail);
    free(detail);
    staff_kick_queue(app, new_no);
    free(new_no);
}

static void
staff_reprint_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    const struct staff_reprint_state *st = s->state;
    struct area a = widgets_frame(app, ui, tr(MSG_STAFF_M_REPRINT));
    int y = a.y + 1;

    y += ui_wrap(ui, y, a.x, a.w, 3, ROLE_NORMAL, tr(MSG_STAFF_REPRINT_HOW)) + 1;
    widgets_field(ui, y, a.x, a.w, tr(MSG_STAFF_REPRINT_FIELD), st->field);
}

static struct action
staff_reprint_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    struct staff_reprint_state *st = s->state;

    switch (ev->key) {
    case K_STAFF: return action_handled();
    case K_BACK: return action_pop();
    case K_CHAR:
        if (((ev->ch >= '0' && ev->ch <= '9') || ev->ch == '-' || ev->ch == 'R' || ev->ch == 'r') &&
            st->flen + 1 < (int)sizeof st->field) {
            st->field[st->flen++] = ev->ch == 'r' ? 'R' : (char)ev->ch;
            st->field[st->flen] = '\0';
        }
        return action_handled();
    case K_BKSP:
        if (st->flen == 0)
            return action_pop();
        st->field[--st->flen] = '\0';
        return action_handled();
    case K_OK:
        if (st->flen > 0)
            staff_reprint_submit(st, app);
        return action_handled();
    default: return action_ignored();
    }
}

static bool
staff_reprint_text_focus(const struct screen *s)
{
    (void)s;
    return true;
}

const struct screen_ops staff_reprint_screen = {
    .name = "staff_reprint",
    .state_size = sizeof(struct staff_reprint_state),
    .flags = SCREEN_STAFF | SCREEN_NO_GLOBAL,
    .draw = staff_reprint_draw,
    .key = staff_reprint_key,
    .help = MSG_HELP_STAFF,
    .text_focus = staff_reprint_text_focus,
};
