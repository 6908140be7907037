/* The service page (a first version; the guided flow replaces it). */
#include <stdint.h>
#include <stdio.h>

#include "app.h"
#include "catalog.h"
#include "i18n.h"
#include "screens.h"
#include "widgets.h"
#include "xmalloc.h"

struct service_state {
    const struct service *svc; /* borrowed from app->cat */
};

static int
service_enter(struct screen *s, struct app *app, const void *arg, char **cause)
{
    struct service_state *st = s->state;
    int number = (int)(intptr_t)arg;

    st->svc = app->cat != NULL ? catalog_service(app->cat, number) : NULL;
    if (st->svc == NULL) {
        xasprintf(cause, "no service %d", number);
        return -1;
    }
    app->sess.service = number;
    app_session_step(app, number, "service");
    return 0;
}

static void
service_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    const struct service_state *st = s->state;
    char title[200];
    struct area a;
    int y;

    snprintf(title, sizeof title, "%d. %s", st->svc->number, tx(&st->svc->plain_name));
    a = widgets_frame(app, ui, title);
    y = a.y;
    y += ui_wrap(ui, y, a.x, a.w, 3, ROLE_HEADING, tx(&st->svc->official_name));
    y += ui_wrap(ui, y + 1, a.x, a.w, 4, ROLE_NORMAL, tx(&st->svc->audience.text)) + 1;
    ui_wrap(ui, y + 1, a.x, a.w, 3, ROLE_NORMAL, tx(&st->svc->fee.text));
}

static struct action
service_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    (void)s;
    (void)app;
    (void)ev;
    return action_ignored();
}

const struct screen_ops service_screen = {
    .name = "service",
    .state_size = sizeof(struct service_state),
    .enter = service_enter,
    .draw = service_draw,
    .key = service_key,
};
