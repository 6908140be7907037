/*
 * The home screen: the centre's name, a welcome, and a large numbered menu — the services by
 * group, all services by number, search, help and the other language. It sits at the bottom
 * of the stack and is never popped.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "catalog.h"
#include "config.h"
#include "i18n.h"
#include "screens.h"
#include "widgets.h"

enum home_extra { HOME_ALL, HOME_SEARCH, HOME_HELP, HOME_LANG, HOME_NEXTRA };

#define HOME_MAX_GROUPS 32

struct home_state {
    struct list list;
    const struct app *app; /* borrowed: for labels */
    /* Active services per group and in all, counted when the screen syncs (not per frame):
     * each count needs today's date and a pass over the catalog. */
    int group_count[HOME_MAX_GROUPS];
    int active_count;
    const struct catalog *counted; /* borrowed: the catalog the counts are of */
};

static int
home_ngroups(const struct app *app)
{
    int n = app->cat != NULL ? (int)app->cat->ngroups : 0;

    return n < HOME_MAX_GROUPS ? n : HOME_MAX_GROUPS;
}

static void
home_count(struct home_state *st, const struct app *app)
{
    char today[11];

    memset(st->group_count, 0, sizeof st->group_count);
    st->active_count = 0;
    if (app->cat == NULL)
        return;
    app_today(app, today);
    for (size_t i = 0; i < app->cat->nservices; i++) {
        const struct service *svc = &app->cat->services[i];

        if (!catalog_service_active(svc, today))
            continue;
        st->active_count++;
        if (svc->group < HOME_MAX_GROUPS)
            st->group_count[svc->group]++;
    }
}

/* Follow the app's catalog; count its services when entering or coming back to home (a
 * staff reload of the catalog always returns home first). */
static void
home_sync(struct screen *s, struct app *app, bool count)
{
    struct home_state *st = s->state;
    int n = home_ngroups(app) + HOME_NEXTRA;

    st->app = app;
    if (count || st->counted != app->cat) {
        home_count(st, app);
        st->counted = app->cat;
    }
    if (st->list.n != n) {
        list_init(&st->list, n);
        st->list.wrap = true;
    }
}

static int
home_enter(struct screen *s, struct app *app, const void *arg, char **cause)
{
    (void)arg;
    (void)cause;
    home_sync(s, app, true);
    return 0;
}

static void
home_resume(struct screen *s, struct app *app)
{
    struct home_state *st = s->state;

    home_sync(s, app, true);
    if (app->sess.id == 0)
        st->list.sel = 0; /* a new resident starts at the top */
}

static const char *
home_label(const void *ctx, int i, enum role *role, char *buf, size_t size)
{
    const struct home_state *st = ctx;
    const struct app *app = st->app;
    int ng = home_ngroups(app);

    (void)role;
    if (i < ng) {
        snprintf(buf, size, "%s (%d)", tx(&app->cat->groups[i].name), st->group_count[i]);
        return buf;
    }
    switch (i - ng) {
    case HOME_ALL: trf(buf, size, MSG_HOME_ALL, st->active_count); return buf;
    case HOME_SEARCH: return tr(MSG_HOME_SEARCH);
    case HOME_HELP: return tr(MSG_HOME_HELP);
    case HOME_LANG: return tr(MSG_HOME_LANG);
    default: return NULL;
    }
}

/* The rows above the menu: address (if any), welcome (2), a catalog warning (if any),
 * "choose" (1) and a blank line. draw and key share it so pages agree. */
static int
home_header_rows(const struct app *app)
{
    bool addr = app->cfg->centre_address != NULL && app->cfg->centre_address[0] != '\0';

    return (addr ? 1 : 0) + 2 + (app->cat == NULL ? 1 : 0) + 2;
}

static void
home_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    const struct home_state *st = s->state;
    const char *name = app->cfg->centre_name != NULL && app->cfg->centre_name[0] != '\0'
                           ? app->cfg->centre_name
                           : tr(MSG_APP_TITLE);
    struct area a = widgets_frame(app, ui, name);
    int y = a.y, top = a.y + home_header_rows(app);

    if (app->cfg->centre_address != NULL && app->cfg->centre_address[0] != '\0')
        ui_text(ui, y++, a.x, a.w, ROLE_DIM, app->cfg->centre_address);
    ui_wrap(ui, y, a.x, a.w, 2, ROLE_HEADING, tr(MSG_HOME_WELCOME));
    y += 2;
    if (app->cat == NULL)
        ui_text(ui, y++, a.x, a.w, ROLE_WARN, tr(MSG_HOME_NO_CATALOG));
    ui_text(ui, y, a.x, a.w, ROLE_NORMAL, tr(MSG_HOME_CHOOSE));
    list_draw(ui, &st->list, (struct area){ top, a.x, a.y + a.h - top, a.w }, home_label, st);
}

static struct action
home_choose(struct screen *s, struct app *app, int i)
{
    struct home_state *st = s->state;
    int ng = home_ngroups(app);

    st->list.sel = i;
    if (i < ng)
        return action_push(&service_list_screen, (const void *)(intptr_t)(i + 1));
    switch (i - ng) {
    case HOME_ALL: return action_push(&service_list_screen, (const void *)(intptr_t)0);
    case HOME_SEARCH:
        if (app->screens.search != NULL)
            return action_push(app->screens.search, app->screens.search_arg);
        return action_handled();
    case HOME_HELP: return action_push(&help_screen, (const void *)(intptr_t)MSG_HELP_GENERIC);
    case HOME_LANG:
        app_set_lang(app, i18n_lang() == LANG_VI ? LANG_EN : LANG_VI);
        app_session_step(app, 0, "lang");
        return action_handled();
    default: return action_ignored();
    }
}

static struct action
home_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    struct home_state *st = s->state;

    home_sync(s, app, false);
    {
        struct area a = widgets_area(app);
        int top = a.y + home_header_rows(app);

        if (list_key_wrap(&st->list, ev, (struct area){ top, a.x, a.y + a.h - top, a.w },
                          home_label, st))
            return action_handled();
    }
    switch (ev->key) {
    case K_OK: return home_choose(s, app, st->list.sel);
    case K_PICK: return home_choose(s, app, ev->num - 1);
    default: return action_ignored();
    }
}

static int
home_items(const struct screen *s)
{
    const struct home_state *st = s->state;

    return st->list.n;
}

const struct screen_ops home_screen = {
    .name = "home",
    .state_size = sizeof(struct home_state),
    .enter = home_enter,
    .resume = home_resume,
    .draw = home_draw,
    .key = home_key,
    .items = home_items,
    .help = MSG_HELP_HOME,
};
