/*
 * Staff: a yes/no question before an action that cannot be undone (leaving the kiosk,
 * cancelling a print job). 1 does it and closes; 2, Esc or 0 closes without doing it.
 */
#include <stdlib.h>

#include "app.h"
#include "i18n.h"
#include "screens.h"
#include "staff.h"
#include "xmalloc.h"

struct staff_confirm_state {
    struct staff_page page;
    struct staff_confirm_request req; /* req.question is not kept: see question */
    char *question;                   /* owned: a copy of the request's */
};

static const char *
staff_confirm_label(const void *ctx, int i, enum role *role, char *buf, size_t size)
{
    const struct staff_confirm_state *st = ctx;

    (void)role;
    (void)buf;
    (void)size;
    return i == 0 ? tr((enum msg_id)st->req.yes) : i == 1 ? tr((enum msg_id)st->req.no) : NULL;
}

/* arg: struct staff_confirm_request (borrowed; the question is copied). */
static int
staff_confirm_enter(struct screen *s, struct app *app, const void *arg, char **cause)
{
    struct staff_confirm_state *st = s->state;

    (void)app;
    (void)cause;
    st->req = *(const struct staff_confirm_request *)arg;
    st->question = xstrdup(st->req.question != NULL ? st->req.question : "");
    st->req.question = NULL;
    staff_page_reset(&st->page, 2);
    strlist_add(&st->page.info, st->question);
    return 0;
}

static void
staff_confirm_leave(struct screen *s, struct app *app)
{
    struct staff_confirm_state *st = s->state;

    (void)app;
    staff_page_free(&st->page);
    free(st->question);
}

static void
staff_confirm_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    const struct staff_confirm_state *st = s->state;

    staff_page_draw(&st->page, app, ui, tr((enum msg_id)st->req.title), staff_confirm_label, st);
}

static struct action
staff_confirm_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    struct staff_confirm_state *st = s->state;
    int chosen;
    struct action a = staff_page_key(&st->page, app, ev, &chosen);

    if (chosen == 0 && st->req.on_yes != NULL)
        st->req.on_yes(app, st->req.ctx);
    return chosen >= 0 ? action_pop() : a;
}

static int
staff_confirm_items(const struct screen *s)
{
    const struct staff_confirm_state *st = s->state;

    return st->page.list.n;
}

const struct screen_ops staff_confirm_screen = {
    .name = "staff_confirm",
    .state_size = sizeof(struct staff_confirm_state),
    .flags = SCREEN_STAFF | SCREEN_NO_GLOBAL,
    .enter = staff_confirm_enter,
    .leave = staff_confirm_leave,
    .draw = staff_confirm_draw,
    .key = staff_confirm_key,
    .help = MSG_HELP_STAFF,
    .items = staff_confirm_items,
};
