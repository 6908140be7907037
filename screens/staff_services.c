/* Staff: choose the service whose QR handout to print (the services active today). */
#include <stdio.h>
#include <stdlib.h>

#include "app.h"
#include "catalog.h"
#include "i18n.h"
#include "screens.h"
#include "staff.h"
#include "xmalloc.h"

struct staff_services_state {
    struct staff_page page;
    const struct catalog *cat; /* borrowed from the app: the one the numbers came from */
    int *services;             /* owned: the active services' numbers */
    size_t nservices;
};

static const char *
staff_services_label(const void *ctx, int i, enum role *role, char *buf, size_t size)
{
    const struct staff_services_state *st = ctx;
    const struct service *svc =
        i >= 0 && (size_t)i < st->nservices ? catalog_service(st->cat, st->services[i]) : NULL;

    (void)role;
    if (svc == NULL)
        return NULL;
    trf(buf, size, MSG_SERVICE_NUMBER_SUFFIX, tx(&svc->plain_name), svc->number);
    return buf;
}

static int
staff_services_enter(struct screen *s, struct app *app, const void *arg, char **cause)
{
    struct staff_services_state *st = s->state;
    char today[11];

    (void)arg;
    (void)cause;
    app_today(app, today);
    st->cat = app->cat;
    for (size_t i = 0; app->cat != NULL && i < app->cat->nservices; i++)
        if (catalog_service_active(&app->cat->services[i], today)) {
            st->services = xreallocarray(st->services, st->nservices + 1, sizeof *st->services);
            st->services[st->nservices++] = app->cat->services[i].number;
        }
    staff_page_reset(&st->page, (int)st->nservices);
    strlist_add(&st->page.info, tr(MSG_STAFF_HANDOUT_PICK));
    return 0;
}

static void
staff_services_leave(struct screen *s, struct app *app)
{
    struct staff_services_state *st = s->state;

    (void)app;
    staff_page_free(&st->page);
    free(st->services);
}

static void
staff_services_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    const struct staff_services_state *st = s->state;

    staff_page_draw(&st->page, app, ui, tr(MSG_STAFF_M_HANDOUTS), staff_services_label, st);
}

static struct action
staff_services_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    struct staff_services_state *st = s->state;
    int chosen;
    struct action a = staff_page_key(&st->page, app, ev, &chosen);

    if (chosen >= 0) {
        char num[16];

        snprintf(num, sizeof num, "%d", st->services[chosen]);
        staff_enqueue(app, JOB_HANDOUT, num, "print_handout");
    }
    return a;
}

static int
staff_services_items(const struct screen *s)
{
    const struct staff_services_state *st = s->state;

    return st->page.list.n;
}

const struct screen_ops staff_services_screen = {
    .name = "staff_services",
    .state_size = sizeof(struct staff_services_state),
    .flags = SCREEN_STAFF | SCREEN_NO_GLOBAL,
    .enter = staff_services_enter,
    .leave = staff_services_leave,
    .draw = staff_services_draw,
    .key = staff_services_key,
    .help = MSG_HELP_STAFF,
    .items = staff_services_items,
};
