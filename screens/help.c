/* Help for the screen below (F1 or ?): a modal box with plain instructions. */
#include <stdint.h>

#include "app.h"
#include "i18n.h"
#include "screens.h"
#include "widgets.h"

struct help_state {
    int msg; /* enum msg_id */
};

static int
help_enter(struct screen *s, struct app *app, const void *arg, char **cause)
{
    struct help_state *st = s->state;
    intptr_t id = (intptr_t)arg;

    (void)app;
    (void)cause;
    st->msg = id > 0 && id < MSG_COUNT ? (int)id : MSG_HELP_GENERIC;
    return 0;
}

static void
help_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    const struct help_state *st = s->state;
    struct area a = widgets_area(app);
    int w = a.w - 4, x = a.x + 2, y = a.y, h = a.h;
    int used;

    for (int r = 0; r < h; r++)
        ui_fill(ui, y + r, a.x, a.w, ROLE_NORMAL);
    ui_box(ui, y, a.x, h, a.w, ROLE_BOX);
    ui_text(ui, y, x, w, ROLE_HEADING, tr(MSG_HELP_TITLE));
    /* Help is pushed on top of the screen it explains (s - 1), which may add text from data
     * (e.g. the catalog's hint for the question on screen) above its message. */
    if (s > app->stack && s[-1].ops->help_text != NULL) {
        const char *extra = s[-1].ops->help_text(&s[-1]);

        if (extra != NULL && extra[0] != '\0') {
            int n = ui_wrap(ui, y + 1, x, w, (h - 3) / 2, ROLE_HEADING, extra);

            y += n + 1;
            h -= n + 1;
        }
    }
    used = ui_wrap(ui, y + 1, x, w, h - 3, ROLE_NORMAL, tr((enum msg_id)st->msg));
    if (st->msg != MSG_HELP_GENERIC && used + 3 < h - 3)
        ui_wrap(ui, y + 2 + used, x, w, h - 4 - used, ROLE_DIM, tr(MSG_HELP_GENERIC));
    ui_text(ui, y + h - 2, x, w, ROLE_HEADING, tr(MSG_HELP_BACK));
    ui_cursor(ui, y, x);
}

static struct action
help_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    (void)s;
    (void)app;
    switch (ev->key) {
    case K_OK:
    case K_HELP: return action_pop();
    default: return action_ignored();
    }
}

const struct screen_ops help_screen = {
    .name = "help",
    .state_size = sizeof(struct help_state),
    .flags = SCREEN_MODAL,
    .enter = help_enter,
    .draw = help_draw,
    .key = help_key,
};
