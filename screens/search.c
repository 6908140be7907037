/*
 * Search ('/' from any resident screen): a text field with the Telex/VNI composer (the typed
 * text is shown composed, "ddawng kys" as "đăng ký"; in English keys are not composed),
 * results updated on every key, best first, numbered (search.h ranks them).
 *
 * Keys, kept simple: the field always has focus, so letters and digits are typed into it;
 * Up/Down (PgUp/PgDn) move the selection in the results; Enter opens the selected result
 * (the first unless moved); a tap opens the result tapped. When only digits are typed, the
 * service with that number comes first, so "15" + Enter opens service 15 (the numbers on the
 * posters). The results are numbered with the services' own numbers, not their positions,
 * so a number seen here is the one to type next time. Backspace deletes, and on an empty
 * field goes back; Esc goes back.
 *
 * A numeric keypad has neither Backspace nor Esc, so two of its keys are not typed: `-`
 * deletes the last character (a query never needs it: folding makes it a space), and `0` on
 * an empty field goes back (a query never starts with 0: no service number does). An empty
 * field explains what to type; no results give a helpful message, never an empty screen.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "catalog.h"
#include "compose.h"
#include "i18n.h"
#include "screens.h"
#include "search.h"
#include "widgets.h"

#define SEARCH_MAX_HITS 40

struct search_state {
    struct compose text;
    struct search_hit hits[SEARCH_MAX_HITS]; /* services borrowed from app->cat */
    int nhits;
    int nums[SEARCH_MAX_HITS]; /* their numbers: the list's numbers */
    struct list list;
    int number; /* the digits typed, when the text is only digits and names an active
                   service; 0 otherwise */
    bool raw;   /* the results are the letters as typed: the composed text finds nothing */
};

static int
search_enter(struct screen *s, struct app *app, const void *arg, char **cause)
{
    struct search_state *st = s->state;

    (void)arg;
    (void)cause;
    compose_init(&st->text);
    /* In English the keys are words as typed: "tax" stays "tax", never Telex's "tã". */
    compose_set_plain(&st->text, i18n_lang() == LANG_EN);
    list_init(&st->list, 0);
    /* The index is built on the way in, not on the first key. */
    app_search(app);
    if (app->depth > 0) /* from home, the app logs the first step itself */
        app_session_step(app, app->sess.service, "search");
    return 0;
}

/* The service a digits-only text names, if it is active today; else 0. */
static int
search_number(const struct app *app, const char *text)
{
    char today[11];
    const struct service *svc;
    int n = 0;

    if (text[0] == '\0' || strlen(text) > 3 || strspn(text, "0123456789") != strlen(text))
        return 0;
    n = atoi(text);
    svc = app->cat != NULL ? catalog_service(app->cat, n) : NULL;
    app_today(app, today);
    return svc != NULL && catalog_service_active(svc, today) ? n : 0;
}

static void
search_update(struct search_state *st, struct app *app)
{
    struct search_index *idx = app_search(app);

    st->nhits = 0;
    if (idx != NULL && st->text.text[0] != '\0')
        st->nhits = (int)search_run(idx, st->text.text, st->text.raw, st->hits, SEARCH_MAX_HITS);
    /* "khaisinh" composes to "kháiinh", which finds nothing: say the results are for the
     * letters as typed, so the resident does not think they mistyped. */
    st->raw = false;
    if (st->nhits > 0 && strcmp(st->text.text, st->text.raw) != 0) {
        struct search_hit one;

        st->raw = search_run(idx, st->text.text, st->text.text, &one, 1) == 0;
    }
    st->number = search_number(app, st->text.text);
    if (st->number > 0) {
        /* The poster number first, whatever else the digits match. */
        int at = 0;

        while (at < st->nhits && st->hits[at].svc->number != st->number)
            at++;
        if (at == st->nhits && st->nhits < SEARCH_MAX_HITS)
            st->nhits++;
        else if (at == st->nhits)
            at = st->nhits - 1;
        memmove(&st->hits[1], &st->hits[0], (size_t)at * sizeof st->hits[0]);
        st->hits[0].svc = catalog_service(app->cat, st->number);
        st->hits[0].score = 0;
    }
    for (int i = 0; i < st->nhits; i++)
        st->nums[i] = st->hits[i].svc->number;
    list_init(&st->list, st->nhits);
    st->list.nums = st->nums;
}

static const char *
search_label(const void *ctx, int i, enum role *role, char *buf, size_t size)
{
    const struct search_state *st = ctx;

    (void)role;
    (void)buf;
    (void)size;
    return tx(&st->hits[i].svc->plain_name); /* its number is the list's number */
}

/* Rows above the results: the field, a blank, the count line. */
#define SEARCH_HEAD 3

static void
search_draw(const struct screen *s, const struct app *app, struct ui *ui)
{
    const struct search_state *st = s->state;
    struct area a = widgets_frame(app, ui, tr(MSG_FLOW_SEARCH_TITLE));
    char buf[512];
    int y = a.y + 2;

    if (st->text.text[0] == '\0') {
        ui_wrap(ui, y, a.x, a.w, 6, ROLE_NORMAL, tr(MSG_FLOW_SEARCH_INTRO));
    } else if (st->nhits == 0) {
        trf(buf, sizeof buf, MSG_FLOW_SEARCH_NONE, st->text.text);
        ui_wrap(ui, y, a.x, a.w, 6, ROLE_WARN, buf);
    } else {
        if (st->number > 0)
            trf(buf, sizeof buf, MSG_FLOW_SEARCH_NUMBER, st->number);
        else if (st->raw)
            trf(buf, sizeof buf, MSG_FLOW_SEARCH_RAW, st->nhits, st->text.raw);
        else
            trf(buf, sizeof buf, MSG_FLOW_SEARCH_COUNT, st->nhits);
        ui_text(ui, y, a.x, a.w, ROLE_DIM, buf);
        list_draw(ui, &st->list, (struct area){ a.y + SEARCH_HEAD, a.x, a.h - SEARCH_HEAD, a.w },
                  search_label, st);
    }
    /* Last, so the terminal cursor sits in the field (the typing position). */
    widgets_field(ui, a.y, a.x, a.w, tr(MSG_FLOW_SEARCH_LABEL), st->text.text);
}

static struct action
search_open(struct search_state *st, int i)
{
    if (i < 0 || i >= st->nhits)
        return action_handled();
    st->list.sel = i;
    return action_push(&service_screen, (const void *)(intptr_t)st->hits[i].svc->number);
}

static struct action
search_key(struct screen *s, struct app *app, const struct key_event *ev)
{
    struct search_state *st = s->state;

    if (list_key(&st->list, ev, widgets_area(app).h - SEARCH_HEAD))
        return action_handled();
    switch (ev->key) {
    case K_CHAR:
    case K_DIGIT:
        if (ev->ch == '0' && st->text.text[0] == '\0')
            return action_pop(); /* the keypad's back */
        if (ev->ch == '-') {     /* the keypad's delete */
            compose_backspace(&st->text);
            search_update(st, app);
            return action_handled();
        }
        compose_key(&st->text, ev->ch);
        search_update(st, app);
        return action_handled();
    case K_SPACE:
        compose_key(&st->text, ' ');
        search_update(st, app);
        return action_handled();
    case K_BKSP:
        if (st->text.text[0] == '\0')
            return action_ignored(); /* an empty field: back */
        compose_backspace(&st->text);
        search_update(st, app);
        return action_handled();
    case K_OK: return search_open(st, st->list.sel);
    case K_PICK: /* a tap: the service's number */
        if (list_find(&st->list, ev->num) < 0) {
            char msg[160];

            trf(msg, sizeof msg, MSG_NO_SUCH_ITEM, ev->num);
            app_status(app, ROLE_WARN, "%s", msg);
            return action_handled();
        }
        return search_open(st, list_find(&st->list, ev->num));
    default: return action_ignored();
    }
}

static int
search_items(const struct screen *s)
{
    const struct search_state *st = s->state;

    return list_max_num(&st->list); /* taps on results; typed digits go into the field */
}

static bool
search_text_focus(const struct screen *s)
{
    (void)s;
    return true;
}

const struct screen_ops search_screen = {
    .name = "search",
    .state_size = sizeof(struct search_state),
    .enter = search_enter,
    .draw = search_draw,
    .key = search_key,
    .items = search_items,
    .text_focus = search_text_focus,
    .help = MSG_FLOW_HELP_SEARCH,
};
