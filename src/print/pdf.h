/*
 * The PDF renderer of struct receipt (receipt.h), print helper only: the one file that
 * includes cairo and pango. Every text is set in DejaVu Sans, the only installed family
 * that covers all Vietnamese letters; a layout that would fall back to another font, or
 * show a missing glyph, is an error rather than silent tofu. QR codes are vector squares
 * with a 4-module quiet zone, sized in whole 203 dpi printer dots (8 per mm), never under
 * 0.8 mm per module.
 *
 * Roll papers (58 mm, 80 mm) get one page exactly as long as the content; A5 and A4 are
 * paginated. The poster is a grid of QR codes (25 fit on one A4 page).
 */
#ifndef KIOSK_PRINT_PDF_H
#define KIOSK_PRINT_PDF_H

#include <stddef.h>

struct receipt;

enum paper { PAPER_58MM, PAPER_80MM, PAPER_A5, PAPER_A4 };

/* "58mm", "80mm", "A5", "A4" (case-insensitive) -> *out; -1 on anything else. */
int paper_parse(const char *s, enum paper *out);
/* The canonical name ("58mm", …, "A4"); static. */
const char *paper_name(enum paper paper);
/* Paper width in mm; printable width in mm (a 58 mm roll prints about 48 mm). */
double paper_width_mm(enum paper paper);
double paper_printable_mm(enum paper paper);

/*
 * Check that "DejaVu Sans" (regular and bold) resolves, through fontconfig and pango, to a
 * real DejaVu font file that has every Vietnamese letter and the check boxes. The result is
 * cached. Returns -1 and *cause (caller frees) naming what was found instead.
 */
int pdf_check_fonts(char **cause);

/*
 * Lay out text as the renderer would (regular and bold) and check that every run used the
 * DejaVu Sans family with no unknown glyph. Returns -1 and *cause naming the first run that
 * did not. Used by pdf_render on every text it sets, and by tests.
 */
int pdf_check_text(const char *text, char **cause);

/*
 * Render r to a PDF file at path (through file_write.h: a fresh temporary file beside it,
 * renamed over path only when path is a regular file or nothing, so a reader never sees half
 * a file and nothing else is ever replaced). *width_mm and *height_mm (either may be NULL) receive
 * the page size, for CUPS's PageSize=Custom.<W>x<H>mm on roll paper (a roll page is a whole number
 * of mm). Returns -1 and *cause on failure: fonts missing, a QR code that cannot fit the paper at
 * 0.8 mm per module, an unwritable path.
 */
int pdf_render(const struct receipt *r, enum paper paper, const char *path, double *width_mm,
               double *height_mm, char **cause);

/* Where a QR code was drawn: its top-left corner (without quiet zone) from the page's
 * top-left corner, in mm. */
struct pdf_qr_place {
    int page; /* 0-based */
    double x_mm, y_mm;
    double side_mm;   /* modules * module_mm */
    double module_mm; /* whole 203 dpi dots, at least 0.875 mm */
    int modules;      /* per side */
};

/* What pdf_render_ex made. */
struct pdf_result {
    double width_mm, height_mm; /* the page size */
    int pages;
    struct pdf_qr_place *qrs; /* owned, in block order */
    size_t nqrs;
};

/* pdf_render, also telling the page count and where each QR code is (free *res with
 * pdf_result_done, also after a failure). */
int pdf_render_ex(const struct receipt *r, enum paper paper, const char *path,
                  struct pdf_result *res, char **cause);
void pdf_result_done(struct pdf_result *res);

/* Several receipts into one PDF, each starting on a page of its own (a handout of several
 * services: one page each). res->width_mm/height_mm are the first page's; res->pages counts
 * them all and each QR place names its page. */
int pdf_render_doc(const struct receipt *rs, size_t n, enum paper paper, const char *path,
                   struct pdf_result *res, char **cause);

#endif
