/*
 * What the staff screens (screens/staff_*.c) share: a page of text lines above a numbered
 * list, the names of job kinds and states, and queueing a staff print job. Each staff screen
 * is its own file with its own ops table on the app's one stack: Esc or 0 closes it and
 * uncovers the one it came from; the idle reset closes them all (SCREEN_STAFF).
 */
#ifndef KIOSK_STAFF_H
#define KIOSK_STAFF_H

#include <stdbool.h>
#include <stddef.h>

#include "db_jobs.h"
#include "screen.h"
#include "widgets.h"
#include "xmalloc.h"

struct app;

/* A staff page: text lines above a numbered list. */
struct staff_page {
    struct list list;
    struct strlist info; /* owned: the lines above the list; the first is a heading */
};

/* Forget the text lines and number items 1..items. */
void staff_page_reset(struct staff_page *pg, int items);
void staff_page_free(struct staff_page *pg);
/* Draw the title bar, the text lines and the list (label gives each item's text). */
void staff_page_draw(const struct staff_page *pg, const struct app *app, struct ui *ui,
                     const char *title, list_label_fn label, const void *ctx);
/*
 * The keys of a staff page: moves, a number or Enter choose (*chosen = the 0-based item, and
 * the caller acts on it), Esc / 0 / Backspace close the page (Enter too when the list is
 * empty). F10 does nothing here. *chosen is -1 unless an item was chosen.
 */
struct action staff_page_key(struct staff_page *pg, const struct app *app,
                             const struct key_event *ev, int *chosen);

/* "phiếu", "tờ hướng dẫn"…; "đang chờ", "đã in xong", and "đã lưu PDF" for a job done into
 * the PDF folder (no printer): never "printed" for a file. */
const char *staff_job_kind_text(enum job_kind k);
const char *staff_job_state_text(const struct print_job *j);

/* Queue a handout, the poster or a test page (services: "" or "9"), audit it as action and
 * start the print helper; the status line says what happened. */
void staff_enqueue(struct app *app, enum job_kind kind, const char *services, const char *action);
/* Start the print helper for a job just queued; the status line says so (slip_no). */
void staff_kick_queue(struct app *app, const char *slip_no);
/* Write an audit row for a staff action (errors are logged). */
void staff_audit(struct app *app, const char *action, const char *detail);

/* staff_confirm_screen's arg (borrowed; enter() copies the texts): a yes/no question. */
struct staff_confirm_request {
    int title;            /* message ids */
    const char *question; /* the question, already formatted */
    int yes, no;
    /* Called on "yes", before the confirm screen closes; ctx is the screen below's, which
     * stays open under the confirm screen. */
    void (*on_yes)(struct app *app, void *ctx);
    void *ctx;
};

/* staff_notice_screen's arg (borrowed; enter() copies the lines): text, no choices. */
struct staff_notice_request {
    int title;                   /* message id */
    const struct strlist *lines; /* the first is a heading */
};

#endif
