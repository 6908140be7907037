/*
 * Staff: lines of text and no choices — the problems of a refused catalog reload, the files
 * an export wrote. Esc, 0, Backspace or Enter closes it.
 */
#include <stddef.h>

#include "app.h"
#include "i18n.h"
#include "screens.h"
#include "staff.h"

struct staff_notice_state {
    struct staff_page page;
    int title;
};

/* arg: struct staff_notice_request (borrowed; the lines are copied). */
static int
staff_notice_enter(struct screen *s, struct app *app, const void *arg, char **cause)
{
    struct staff_notice_state *st = s->state;
    const struct staff_notice_request *req = arg;

    (void)app;
    (void)cause;
    st->title = req->title;
    staff_page_reset(&st->page, 0);
    for (size_t i = 0; req->lines != NULL && i < req->lines->n; i++)
        strlist_add(&st->page.info, req->lines->v[i]);
    return 0;
}

static void
staff_notice_leave(struct screen *s, struct app *app)
{
    struct staff_notice_state *st = s->state;

    (void)app;
    staff_page_free(&st->page);
}

static void
staff_notice_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    const struct staff_notice_state *st = s->state;

    staff_page_draw(&st->page, app, ui, tr((enum msg_id)st->title), NULL, NULL);
}

static struct action
staff_notice_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    struct staff_notice_state *st = s->state;
    int chosen;

    return staff_page_key(&st->page, app, ev, &chosen);
}

const struct screen_ops staff_notice_screen = {
    .name = "staff_notice",
    .state_size = sizeof(struct staff_notice_state),
    .flags = SCREEN_STAFF | SCREEN_NO_GLOBAL,
    .enter = staff_notice_enter,
    .leave = staff_notice_leave,
    .draw = staff_notice_draw,
    .key = staff_notice_key,
    .help = MSG_HELP_STAFF,
};
