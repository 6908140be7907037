/*
 * What the checklist hands to the printing screen when the resident chooses "In phiếu": the
 * same inputs a slip is built from (receipt.h struct slip_input) and a print-jobs row stores
 * (db_jobs.h). Everything is borrowed from the checklist screen for the duration of the
 * printing screen's enter(), which copies what it keeps. No personal data: the kiosk never
 * asks for any.
 */
#ifndef KIOSK_PRINT_REQUEST_H
#define KIOSK_PRINT_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "i18n.h"

struct print_request {
    int service; /* the service number (catalog_service) */
    /*
     * all_items false: answers[0..nanswers) are the 1-based answer numbers along the flow
     * (flow.h), reaching an outcome; have[] numbers that outcome's checklist items.
     * all_items true: the resident went straight to the checklist from the service page of a
     * service with several outcomes, so there are no answers (nanswers == 0) and have[]
     * numbers every item of the service (service->items, 1-based): a handout-like slip.
     */
    bool all_items;
    const int *answers;
    size_t nanswers;
    const int *have; /* 1-based item numbers the resident has ticked, ascending */
    size_t nhave;
    /* The pre-flight questions answered "no" (indexes into catalog->prereqs, in the order
     * asked): the slip's "Cần làm trước" section, each with what to do and where. */
    const size_t *todos;
    size_t ntodos;
    enum lang lang; /* the language the resident is using */
};

#endif
