/*
 * Staff: print QR handouts — one service (chosen on the next screen), every service (one
 * page each), or the poster of every service. Printing goes through the print queue like a
 * resident's slip (staff_enqueue).
 */
#include <stddef.h>

#include "app.h"
#include "i18n.h"
#include "screens.h"
#include "staff.h"

struct staff_handouts_state {
    struct staff_page page;
};

static const char *
staff_handouts_label(const void *ctx, int i, enum role *role, char *buf, size_t size)
{
    static const enum msg_id h[] = { MSG_STAFF_HANDOUT_ONE, MSG_STAFF_HANDOUT_ALL,
                                     MSG_STAFF_HANDOUT_POSTER };

    (void)ctx;
    (void)role;
    (void)buf;
    (void)size;
    return i >= 0 && i < 3 ? tr(h[i]) : NULL;
}

static int
staff_handouts_enter(struct screen *s, struct app *app, const void *arg, char **cause)
{
    struct staff_handouts_state *st = s->state;

    (void)app;
    (void)arg;
    (void)cause;
    staff_page_reset(&st->page, 3);
    return 0;
}

static void
staff_handouts_leave(struct screen *s, struct app *app)
{
    struct staff_handouts_state *st = s->state;

    (void)app;
    staff_page_free(&st->page);
}

static void
staff_handouts_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    const struct staff_handouts_state *st = s->state;

    staff_page_draw(&st->page, app, ui, tr(MSG_STAFF_M_HANDOUTS), staff_handouts_label, NULL);
}

static struct action
staff_handouts_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    struct staff_handouts_state *st = s->state;
    int chosen;
    struct action a = staff_page_key(&st->page, app, ev, &chosen);

    switch (chosen) {
    case 0: return action_push(&staff_services_screen, NULL);
    case 1: staff_enqueue(app, JOB_HANDOUT, "", "print_handouts"); break;
    case 2: staff_enqueue(app, JOB_POSTER, "", "print_poster"); break;
    default: break;
    }
    return a;
}

static int
staff_handouts_items(const struct screen *s)
{
    const struct staff_handouts_state *st = s->state;

    return st->page.list.n;
}

const struct screen_ops staff_handouts_screen = {
    .name = "staff_handouts",
    .state_size = sizeof(struct staff_handouts_state),
    .flags = SCREEN_STAFF | SCREEN_NO_GLOBAL,
    .enter = staff_handouts_enter,
    .leave = staff_handouts_leave,
    .draw = staff_handouts_draw,
    .key = staff_handouts_key,
    .help = MSG_HELP_STAFF,
    .items = staff_handouts_items,
};
