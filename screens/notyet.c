/* An honest "not available yet" screen for features that later work fills in. */
#include <stdint.h>

#include "app.h"
#include "i18n.h"
#include "screens.h"
#include "widgets.h"

struct notyet_state {
    int msg;
};

static int
notyet_enter(struct screen *s, struct app *app, const void *arg, char **cause)
{
    struct notyet_state *st = s->state;
    intptr_t id = (intptr_t)arg;

    (void)app;
    (void)cause;
    st->msg = id > 0 && id < MSG_COUNT ? (int)id : MSG_ERR_TRY_AGAIN;
    return 0;
}

static void
notyet_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    const struct notyet_state *st = s->state;
    struct area a = widgets_frame(app, ui, tr(MSG_NOT_YET_TITLE));

    ui_wrap(ui, a.y + 1, a.x + 2, a.w - 4, a.h - 2, ROLE_NORMAL, tr((enum msg_id)st->msg));
    ui_cursor(ui, a.y + 1, a.x + 2);
}

static struct action
notyet_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    (void)s;
    (void)app;
    return ev->key == K_OK ? action_pop() : action_ignored();
}

const struct screen_ops notyet_screen = {
    .name = "notyet",
    .state_size = sizeof(struct notyet_state),
    .enter = notyet_enter,
    .draw = notyet_draw,
    .key = notyet_key,
};
