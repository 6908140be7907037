/* Every screen of the kiosk. Each screens/<name>.c exports exactly one struct screen_ops. */
#ifndef KIOSK_SCREENS_H
#define KIOSK_SCREENS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "screen.h"

struct app;

extern const struct screen_ops home_screen;   /* home.c */
extern const struct screen_ops help_screen;   /* help.c: arg = message id (intptr_t) */
extern const struct screen_ops notyet_screen; /* notyet.c: arg = message id (intptr_t) */
extern const struct screen_ops
    service_list_screen;                         /* service_list.c: arg = group index+1, 0 = all */
extern const struct screen_ops service_screen;   /* service.c: arg = service number (intptr_t) */
extern const struct screen_ops questions_screen; /* questions.c: arg = service number (intptr_t) */
extern const struct screen_ops checklist_screen; /* checklist.c: arg = struct checklist_request */
extern const struct screen_ops show_qr_screen;   /* show_qr.c: arg = service number (intptr_t) */
extern const struct screen_ops search_screen;    /* search.c: arg unused */
extern const struct screen_ops printing_screen;  /* printing.c: arg = struct print_request */

/* checklist_screen's arg (borrowed; enter() copies it): what the guided flow found. */
struct checklist_request {
    int service;        /* the service number */
    bool all_items;     /* straight from the service page: every item, no answers */
    const int *answers; /* 1-based answers along the flow (flow.h), reaching an outcome */
    size_t nanswers;
    const size_t *missing; /* pre-flight "no" answers: indexes into catalog->prereqs */
    size_t nmissing;
    bool prereqs_asked; /* false: the pre-flight was skipped; list them as things to check */
};

/* Staff and volunteers. */
extern const struct screen_ops pin_screen;       /* pin.c: F10; arg unused */
extern const struct screen_ops staff_screen;     /* staff_menu.c: the staff menu; arg unused */
extern const struct screen_ops stats_screen;     /* stats.c: statistics; arg unused */
extern const struct screen_ops volunteer_screen; /* volunteer.c: F9; arg unused */
extern const struct screen_ops outcome_screen;   /* outcome.c: arg = struct outcome_request */

/* The staff area (screens/staff_*.c, shared parts in staff.h): each opened from the menu or
 * the screen named, arg unused unless said. */
extern const struct screen_ops staff_handouts_screen;   /* staff_handouts.c */
extern const struct screen_ops staff_services_screen;   /* staff_services.c: from handouts */
extern const struct screen_ops staff_reprint_screen;    /* staff_reprint.c */
extern const struct screen_ops staff_jobs_screen;       /* staff_jobs.c */
extern const struct screen_ops staff_job_screen;        /* staff_job.c: arg = const int64_t *id */
extern const struct screen_ops staff_printer_screen;    /* staff_printer.c */
extern const struct screen_ops staff_export_screen;     /* staff_export.c */
extern const struct screen_ops staff_volunteers_screen; /* staff_volunteers.c */
extern const struct screen_ops staff_volunteer_add_screen; /* staff_volunteer_add.c */
extern const struct screen_ops staff_language_screen;      /* staff_language.c */
/* staff_confirm.c: arg = struct staff_confirm_request (staff.h) */
extern const struct screen_ops staff_confirm_screen;
/* staff_notice.c: arg = struct staff_notice_request (staff.h) */
extern const struct screen_ops staff_notice_screen;

/* outcome_screen's arg (borrowed; enter() copies it): the assisted session that ended. */
struct outcome_request {
    int64_t assisted_id; /* the assisted row (db_staff.h) */
    int volunteer_id;
    const char *volunteer; /* display name */
    int how;               /* enum session_end: after SESSION_IDLE no checklist is shown */
    int service;           /* the service the session looked at last (0 = none) */
};

/* staff_common.c: wire the staff part into the app (the outcome screen after an assisted
 * session, the default language chosen by staff, retention at start-up). */
void staff_attach(struct app *app);
/* staff_common.c: retention, at most once per local day (db_stats_retention). */
void staff_retention(struct app *app);

/* Fill app->screens (search, help, staff, assist) with this build's screens. */
void screens_register(struct app *app);

#endif
