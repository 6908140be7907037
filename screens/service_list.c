/*
 * A numbered list of services: those of one group, or all active services in number order.
 * Each is numbered with its own service number (the number on the posters), not its
 * position, so "15" opens service 15 from any list; a number not in the list says so.
 * Choosing one opens its service page.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "app.h"
#include "catalog.h"
#include "i18n.h"
#include "screens.h"
#include "widgets.h"
#include "xmalloc.h"

struct service_list_state {
    int group;                   /* group index, -1 = all */
    const struct service **svcs; /* owned array of borrowed services */
    int *nums;                   /* owned: their numbers, the list's numbers */
    struct list list;
};

static int
service_list_enter(struct screen *s, struct app *app, const void *arg, char **cause)
{
    struct service_list_state *st = s->state;
    intptr_t g = (intptr_t)arg;
    char today[11];
    int n = 0;

    if (app->cat == NULL) {
        xasprintf(cause, "no catalog");
        return -1;
    }
    if (g < 0 || g > (intptr_t)app->cat->ngroups) {
        xasprintf(cause, "no group %ld", (long)g);
        return -1;
    }
    st->group = (int)g - 1;
    st->svcs = xcalloc(app->cat->nservices + 1, sizeof *st->svcs);
    st->nums = xcalloc(app->cat->nservices + 1, sizeof *st->nums);
    app_today(app, today);
    for (size_t i = 0; i < app->cat->nservices; i++) {
        const struct service *svc = &app->cat->services[i];

        if (catalog_service_active(svc, today) &&
            (st->group < 0 || svc->group == (size_t)st->group)) {
            st->nums[n] = svc->number;
            st->svcs[n++] = svc;
        }
    }
    list_init(&st->list, n);
    st->list.nums = st->nums;
    st->list.wrap = true; /* a long plain name goes on onto a second line, never cut */
    return 0;
}

static void
service_list_leave(struct screen *s, struct app *app)
{
    struct service_list_state *st = s->state;

    (void)app;
    free(st->svcs);
    free(st->nums);
}

static const char *
service_list_label(const void *ctx, int i, enum role *role, char *buf, size_t size)
{
    const struct service_list_state *st = ctx;

    (void)role;
    (void)buf;
    (void)size;
    return tx(&st->svcs[i]->plain_name); /* its number is the list's number */
}

static void
service_list_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    const struct service_list_state *st = s->state;
    char title[160];
    struct area a;

    if (st->group < 0)
        trf(title, sizeof title, MSG_HOME_ALL, st->list.n);
    else
        snprintf(title, sizeof title, "%s", tx(&app->cat->groups[st->group].name));
    a = widgets_frame(app, ui, title);
    list_draw(ui, &st->list, a, service_list_label, st);
}

static struct action
service_list_open(struct service_list_state *st, int i)
{
    if (i < 0 || i >= st->list.n)
        return action_handled();
    st->list.sel = i;
    return action_push(&service_screen, (const void *)(intptr_t)st->svcs[i]->number);
}

static struct action
service_list_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    struct service_list_state *st = s->state;

    if (list_key_wrap(&st->list, ev, widgets_area(app), service_list_label, st))
        return action_handled();
    switch (ev->key) {
    case K_OK: return service_list_open(st, st->list.sel);
    case K_PICK:
        if (list_find(&st->list, ev->num) < 0) {
            char msg[160];

            trf(msg, sizeof msg, MSG_NO_SUCH_ITEM, ev->num);
            app_status(app, ROLE_WARN, "%s", msg);
            return action_handled();
        }
        return service_list_open(st, list_find(&st->list, ev->num));
    default: return action_ignored();
    }
}

static int
service_list_items(const struct screen *s)
{
    const struct service_list_state *st = s->state;

    return list_max_num(&st->list); /* the numbers are the services' own */
}

const struct screen_ops service_list_screen = {
    .name = "service_list",
    .state_size = sizeof(struct service_list_state),
    .enter = service_list_enter,
    .leave = service_list_leave,
    .draw = service_list_draw,
    .key = service_list_key,
    .items = service_list_items,
    .help = MSG_HELP_SERVICE_LIST,
};
