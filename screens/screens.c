/* Which screen answers the global keys in this build. */
#include <stdint.h>

#include "app.h"
#include "i18n.h"
#include "screens.h"

void
screens_register(struct app *app)
{
    app->screens.help = &help_screen;
    app->screens.search = &search_screen;
    app->screens.search_arg = NULL;
    app->screens.staff = &pin_screen;
    app->screens.staff_arg = NULL;
    app->screens.assist = &volunteer_screen;
    app->screens.assist_arg = NULL;
    app->screens.print = &printing_screen;
    staff_attach(app);
}
