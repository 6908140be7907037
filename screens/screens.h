/* Every screen of the kiosk. Each screens/<name>.c exports exactly one struct screen_ops. */
#ifndef KIOSK_SCREENS_H
#define KIOSK_SCREENS_H

#include <stdbool.h>
#include <stddef.h>

#include "screen.h"

struct app;

extern const struct screen_ops home_screen;         /* home.c */
extern const struct screen_ops help_screen;         /* help.c: arg = message id (intptr_t) */
extern const struct screen_ops notyet_screen;       /* notyet.c: arg = message id (intptr_t) */
extern const struct screen_ops service_list_screen; /* service_list.c: arg = group index+1, 0 = all */
extern const struct screen_ops service_screen;      /* service.c: arg = service number (intptr_t) */
extern const struct screen_ops questions_screen;    /* questions.c: arg = service number (intptr_t) */
extern const struct screen_ops checklist_screen;    /* checklist.c: arg = struct checklist_request */
extern const struct screen_ops show_qr_screen;      /* show_qr.c: arg = service number (intptr_t) */
extern const struct screen_ops search_screen;       /* search.c: arg unused */

/* checklist_screen's arg (borrowed; enter() copies it): what the guided flow found. */
struct checklist_request {
    int service;           /* the service number */
    bool all_items;        /* straight from the service page: every item, no answers */
    const int *answers;    /* 1-based answers along the flow (flow.h), reaching an outcome */
    size_t nanswers;
    const size_t *missing; /* pre-flight "no" answers: indexes into catalog->prereqs */
    size_t nmissing;
    bool prereqs_asked;    /* false: the pre-flight was skipped; list them as things to check */
};

/* Fill app->screens (search, help, staff, assist) with this build's screens. */
void screens_register(struct app *app);

#endif
