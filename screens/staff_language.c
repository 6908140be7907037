/*
 * Staff: the default language of the home screen — the one the kiosk shows when nobody is
 * using it and returns to after `*`, "Xong" or the idle reset. kiosk.conf's `language` is the
 * default; a choice made here is kept in the database and overrides it on every kiosk of
 * that database until it is chosen back here (`kiosk check-config` reports it).
 */
#include <stddef.h>
#include <stdlib.h>

#include "app.h"
#include "config.h"
#include "db_staff.h"
#include "i18n.h"
#include "log.h"
#include "screens.h"
#include "staff.h"

enum { LANG_ITEM_VI, LANG_ITEM_EN, LANG_ITEM_CONF, LANG_NITEMS };

struct staff_language_state {
    struct staff_page page;
};

static const char *
staff_language_label(const void *ctx, int i, enum role *role, char *buf, size_t size)
{
    const struct app *app = ctx;
    enum msg_id m;

    switch (i) {
    case LANG_ITEM_VI: m = MSG_STAFF_LANG_VI; break;
    case LANG_ITEM_EN: m = MSG_STAFF_LANG_EN; break;
    case LANG_ITEM_CONF:
        trf(buf, size, MSG_STAFF_LANG_CONF,
            tr(app->cfg->default_lang == LANG_EN ? MSG_STAFF_LANG_EN : MSG_STAFF_LANG_VI));
        return buf;
    default: return NULL;
    }
    if (app->default_lang == (i == LANG_ITEM_EN ? LANG_EN : LANG_VI))
        *role = ROLE_HEADING;
    return tr(m);
}

static void
staff_language_info(struct staff_language_state *st, const struct app *app)
{
    staff_page_reset(&st->page, LANG_NITEMS);
    strlist_add(&st->page.info,
                tr(app->default_lang == LANG_EN ? MSG_STAFF_M_LANG_EN : MSG_STAFF_M_LANG_VI));
    strlist_add(&st->page.info, tr(MSG_STAFF_LANG_HOW));
}

static void
staff_language_set(struct app *app, int item)
{
    /* -1: no choice of staff's, kiosk.conf's language again. */
    int lang = item == LANG_ITEM_VI ? LANG_VI : item == LANG_ITEM_EN ? LANG_EN : -1;
    char *cause = NULL;

    if (app->db == NULL || db_staff_set_default_lang(app->db, lang, &cause) != 0) {
        log_msg(LOG_ERROR, "default language: %s", cause != NULL ? cause : "no database");
        free(cause);
        app_status(app, ROLE_ERROR, "%s", tr(MSG_STAFF_ERROR));
        return;
    }
    staff_audit(app, "default_lang", lang >= 0 ? lang_code((enum lang)lang) : "kiosk.conf");
    app_set_default_lang(app, (enum lang)(lang >= 0 ? lang : app->cfg->default_lang));
    app_status(app, ROLE_OK, "%s", tr(MSG_STAFF_LANG_SET));
}

static int
staff_language_enter(struct screen *s, struct app *app, const void *arg, char **cause)
{
    struct staff_language_state *st = s->state;

    (void)arg;
    (void)cause;
    staff_language_info(st, app);
    st->page.list.sel = app->default_lang == LANG_EN ? LANG_ITEM_EN : LANG_ITEM_VI;
    return 0;
}

static void
staff_language_leave(struct screen *s, struct app *app)
{
    struct staff_language_state *st = s->state;

    (void)app;
    staff_page_free(&st->page);
}

static void
staff_language_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    const struct staff_language_state *st = s->state;

    staff_page_draw(&st->page, app, ui, tr(MSG_STAFF_LANG_TITLE), staff_language_label, app);
}

static struct action
staff_language_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    struct staff_language_state *st = s->state;
    int chosen;
    struct action a = staff_page_key(&st->page, app, ev, &chosen);

    if (chosen >= 0) {
        staff_language_set(app, chosen);
        staff_language_info(st, app);
        st->page.list.sel = chosen;
    }
    return a;
}

static int
staff_language_items(const struct screen *s)
{
    const struct staff_language_state *st = s->state;

    return st->page.list.n;
}

const struct screen_ops staff_language_screen = {
    .name = "staff_language",
    .state_size = sizeof(struct staff_language_state),
    .flags = SCREEN_STAFF | SCREEN_NO_GLOBAL,
    .enter = staff_language_enter,
    .leave = staff_language_leave,
    .draw = staff_language_draw,
    .key = staff_language_key,
    .help = MSG_HELP_STAFF,
    .items = staff_language_items,
};
