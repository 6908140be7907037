/* Every screen of the kiosk. Each screens/<name>.c exports exactly one struct screen_ops. */
#ifndef KIOSK_SCREENS_H
#define KIOSK_SCREENS_H

#include "screen.h"

struct app;

extern const struct screen_ops home_screen;         /* home.c */
extern const struct screen_ops help_screen;         /* help.c: arg = message id (intptr_t) */
extern const struct screen_ops notyet_screen;       /* notyet.c: arg = message id (intptr_t) */
extern const struct screen_ops service_list_screen; /* service_list.c: arg = group index+1, 0 = all */
extern const struct screen_ops service_screen;      /* service.c: arg = service number (intptr_t) */

/* Fill app->screens (search, help, staff, assist) with this build's screens. */
void screens_register(struct app *app);

#endif
