/*
 * What a printed page says, not how it looks (style guide §3.7): one model, several
 * renderers — the on-screen preview (screens/printing.c via ui_*), the PDF
 * (src/print/pdf.c, cairo + pango, print helper only) and plain text (tests and logs).
 * Renderers take a const struct receipt and never decide content; layout (fonts, widths,
 * the poster's grid) is theirs.
 *
 * Four documents are built here: the preparation slip a resident takes home, a handout per
 * service and a poster of every service for staff, and a printer test page. None of them
 * holds personal data: the kiosk never asks for any.
 *
 * This module is core (linked into the kiosk and the print helper): no cairo, pango or CUPS.
 */
#ifndef KIOSK_RECEIPT_H
#define KIOSK_RECEIPT_H

#include <stddef.h>
#include <time.h>

#include "i18n.h"
#include "qr.h"

struct catalog;
struct service;
struct config;

/* Which document: renderers choose a layout by it (the poster is a grid of QR codes). */
enum receipt_type {
    RECEIPT_SLIP,    /* "Phiếu hướng dẫn chuẩn bị hồ sơ", roll or page */
    RECEIPT_HANDOUT, /* one service per page, large QR */
    RECEIPT_POSTER,  /* every active service: number, short name, QR (grid) */
    RECEIPT_TEST,    /* a printer test page */
    RECEIPT_REPORT,  /* the monthly statistics report (A4): tables and bar charts */
    RECEIPT_REVIEW,  /* the catalog review sheet for staff (A4): facts to check, every QR */
};

enum receipt_kind {
    RB_TITLE,   /* big centred heading */
    RB_HEADING, /* section heading */
    RB_LINE,    /* a paragraph */
    RB_FIELD,   /* label (.text): value (.value) */
    RB_CHECK,   /* a checklist line: .checked = have (☑) / missing (☐) */
    RB_QR,      /* a QR code: .qr index, URL in .text (printed under it), caption in .value */
    RB_RULE,    /* a separator */
    RB_BLANK,   /* a labelled line to write on (the counter officer's note); label in .text */
    RB_ITEM,    /* a list entry: marker in .value ("1.", "•"), text in .text (hanging indent) */
    RB_NOTE,    /* small print (privacy note, legend, catalog version) */
    RB_CENTER,  /* a centred line (the centre's name and address at the top) */
    RB_BAR,     /* a bar chart row: label in .text, the count as written in .value, and a bar
                   .bar / .bar_max of the chart's width (no bar when either is 0) */
};

struct receipt_block {
    enum receipt_kind kind;
    char *text;  /* owned, UTF-8 NFC; never NULL ("" for RB_RULE) */
    char *value; /* owned, RB_FIELD value / RB_QR caption / RB_ITEM marker; NULL otherwise */
    int checked; /* RB_CHECK: 1 = the resident has it */
    int qr;      /* RB_QR: index into receipt->qrs */
    int bar;     /* RB_BAR: the count the bar shows */
    int bar_max; /* RB_BAR: the count a full-width bar stands for */
};

struct receipt {
    enum receipt_type type;
    enum lang lang;
    struct receipt_block *blocks; /* owned */
    size_t nblocks;
    struct qr_matrix *qrs; /* owned; the slip's at level L, handouts and posters at M */
    size_t nqrs;
};

/* What a slip is built from: the same inputs the print-jobs row stores. All borrowed. */
struct slip_input {
    const struct catalog *cat;
    const struct service *svc;
    const struct config *cfg; /* centre name/address, hotlines; may be NULL */
    const int *answers;       /* 1-based answer numbers along the flow (flow.h) */
    size_t nanswers;
    const int *have; /* 1-based numbers of the outcome's checklist items the resident has */
    size_t nhave;
    const char *slip_no; /* "20261128-0042" */
    time_t when;         /* printed in the process's local time zone (main sets TZ) */
    enum lang lang;
    /* The pre-flight questions answered "no" (indexes into cat->prereqs): a "Cần làm trước"
     * section with each one's if_no (what to do and where). NULL/0 = none. */
    const size_t *todos;
    size_t ntodos;
};

/*
 * Build the preparation slip into *out (overwritten; free with receipt_done). The outcome
 * is found with flow_walk. Returns -1 and *cause (caller frees) on bad input: answers that
 * do not reach an outcome, a "have" number outside the outcome's checklist, a to-do that is
 * not a pre-flight question of the catalog, no slip number.
 * Residents read a fact only when it is verified; otherwise "hỏi cán bộ tại quầy". The fee
 * and time are the outcome's own when it has them.
 */
int receipt_build_slip(const struct slip_input *in, struct receipt *out, char **cause);

/*
 * A staff handout for one service: a large QR code to the service's page, its number and
 * names, fee, time, where to file, the checklist of all its items (unticked), the online
 * steps and the common return reasons. cfg may be NULL. Returns -1 and *cause on failure.
 */
int receipt_build_handout(const struct catalog *cat, const struct service *svc,
                          const struct config *cfg, enum lang lang, struct receipt *out,
                          char **cause);

/*
 * The notice-board poster: every service active on date ("YYYY-MM-DD"), each as an RB_QR
 * block (caption "9. Khai sinh", URL in .text), in catalog order, between a header and a
 * footer of other blocks. cfg may be NULL. Returns -1 and *cause on failure (no service).
 */
int receipt_build_poster(const struct catalog *cat, const struct config *cfg, const char *date,
                         enum lang lang, struct receipt *out, char **cause);

/*
 * A printer test page: Vietnamese text with every accented letter, ☑/☐, and a QR code to
 * the national portal's home page (or a fixed text when cat is NULL). printer may be NULL.
 */
int receipt_build_test(const struct catalog *cat, const struct config *cfg, const char *printer,
                       time_t when, enum lang lang, struct receipt *out, char **cause);

/*
 * The catalog review sheet staff check on a phone (A4): for every service active on date
 * ("YYYY-MM-DD"), each fact version not verified, each one last checked more than
 * review_after_days before date (0 = none), each unverified checklist item (with the
 * editors' notes and sources), and every URL the kiosk shows or prints as a QR code, each
 * with the URL under it and a box to tick; then the other codes (the provincial portal
 * while valid, the test page's); it ends with the catalog's version and hash. cfg may be
 * NULL. Returns -1 and *cause on failure.
 */
int receipt_build_review(const struct catalog *cat, const struct config *cfg, const char *date,
                         int review_after_days, enum lang lang, struct receipt *out, char **cause);

/* Plain-text rendering, one block per line (caller frees). Never NULL. */
char *receipt_to_text(const struct receipt *r);
/* Free what a receipt owns and zero it; safe on a zeroed or already freed receipt. */
void receipt_done(struct receipt *r);

#endif
