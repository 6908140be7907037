/*
 * struct receipt -> PDF with cairo and pango (see pdf.h). The only file that includes them.
 *
 * Two passes: every block becomes a group of positioned pieces (pango layouts, QR codes,
 * rules) measured against the paper's printable width; groups are then placed down the
 * page, on one page exactly as long as the content for roll paper
 * (cairo_pdf_surface_set_size before anything is drawn) or page by page for A5/A4, and
 * finally drawn. Units are PDF points throughout; QR codes snap to the 203 dpi dot grid.
 */
#include "print/pdf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "file_write.h"
#include "qr.h"
#include "receipt.h"
#include "xmalloc.h"

#define PT_PER_MM   (72.0 / 25.4)
#define DOTS_PER_MM 8.0 /* 203 dpi thermal printers */
/* The smallest module: 0.8 mm, rounded up to whole dots (7 dots = 0.875 mm). */
#define QR_MIN_DOTS 7
#define QR_QUIET    4 /* modules of light border around every code */
#define FONT_FAMILY "DejaVu Sans"
/* A handout that runs over a page is shrunk by 10 % at a time, at most this often. */
#define HANDOUT_SHRINK_STEPS 3

/* Every Vietnamese letter plus the marks the receipts use: what DejaVu must cover. */
static const char font_probe[] =
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
    "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
    "☐☑—–•…“”‘’";

/* floor, ceil and round without libm (the print helper links no -lm); |x| < 2^53. */
static double
floor_(double x)
{
    double t = (double)(long long)x;

    return t > x ? t - 1 : t;
}

static double
ceil_(double x)
{
    return -floor_(-x);
}

static double
round_(double x)
{
    return floor_(x + 0.5);
}

struct paper_spec {
    const char *name;
    double width_mm;
    double height_mm; /* 0 = roll: as long as the content */
    double printable_mm;
    double poster_mm; /* printable width for the poster's grid: narrower margins */
    double top_mm, bottom_mm;
    double body, small, heading, title; /* font sizes, pt */
    double qr_slip_mm, qr_big_mm;       /* widest QR code, quiet zone included */
    int qr_slip_dots, qr_big_dots;      /* largest module, in dots */
    int blank_lines;                    /* lines to write on for RB_BLANK */
};

static const struct paper_spec specs[] = {
    [PAPER_58MM] = { "58mm", 58, 0, 48, 48, 3, 12, 8, 6.5, 9, 11, 46, 48, 10, 12, 2 },
    [PAPER_80MM] = { "80mm", 80, 0, 72, 72, 3, 12, 9, 7, 10, 11.5, 48, 66, 10, 14, 2 },
    [PAPER_A5] = { "A5", 148, 210, 124, 136, 12, 12, 10, 8, 12, 15, 45, 70, 10, 16, 3 },
    [PAPER_A4] = { "A4", 210, 297, 180, 194, 15, 15, 11, 8.5, 13, 18, 50, 100, 12, 18, 3 },
};

int
paper_parse(const char *s, enum paper *out)
{
    for (size_t i = 0; s != NULL && i < sizeof(specs) / sizeof(specs[0]); i++) {
        if (strcasecmp(s, specs[i].name) == 0) {
            *out = (enum paper)i;
            return 0;
        }
    }
    return -1;
}

const char *
paper_name(enum paper paper)
{
    return specs[paper].name;
}

double
paper_width_mm(enum paper paper)
{
    return specs[paper].width_mm;
}

double
paper_printable_mm(enum paper paper)
{
    return specs[paper].printable_mm;
}

/* ---- fonts ---- */

static PangoFontDescription *
font_desc(double size_pt, int bold)
{
    PangoFontDescription *d = pango_font_description_new();

    pango_font_description_set_family(d, FONT_FAMILY);
    pango_font_description_set_weight(d, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    /* Absolute size: device units are points on a PDF surface, whatever the resolution. */
    pango_font_description_set_absolute_size(d, size_pt * PANGO_SCALE);
    return d;
}

/* A pango context for PDF output: no hinting, so layout does not depend on a screen. */
static PangoContext *
pdf_context(void)
{
    PangoFontMap *fm = pango_cairo_font_map_get_default();
    PangoContext *ctx = pango_font_map_create_context(fm);
    cairo_font_options_t *fo = cairo_font_options_create();

    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(ctx, fo);
    cairo_font_options_destroy(fo);
    return ctx;
}

/* The font file behind a loaded pango font, from its FreeType face; NULL when unknown. */
static char *
font_file(PangoFont *font, char **ft_family)
{
    cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
    FT_Face face;
    char *path = NULL;

    *ft_family = NULL;
    if (sf == NULL || cairo_scaled_font_status(sf) != CAIRO_STATUS_SUCCESS)
        return NULL;
    face = cairo_ft_scaled_font_lock_face(sf);
    if (face == NULL)
        return NULL;
    if (face->family_name != NULL)
        *ft_family = xstrdup(face->family_name);
    if (face->stream != NULL && face->stream->pathname.pointer != NULL)
        path = xstrdup(face->stream->pathname.pointer);
    cairo_ft_scaled_font_unlock_face(sf);
    return path;
}

static int
check_one_font(PangoContext *ctx, int bold, char **cause)
{
    PangoFontDescription *want = font_desc(10, bold);
    PangoFont *font = pango_font_map_load_font(pango_context_get_font_map(ctx), ctx, want);
    PangoFontDescription *got;
    const char *family;
    char *path = NULL, *ft_family = NULL;
    struct stat st;
    int rc = -1;

    pango_font_description_free(want);
    if (font == NULL) {
        xasprintf(cause, "font \"%s\" not found: install fonts-dejavu-core", FONT_FAMILY);
        return -1;
    }
    got = pango_font_describe(font);
    family = pango_font_description_get_family(got);
    path = font_file(font, &ft_family);
    if (family == NULL || strcasecmp(family, FONT_FAMILY) != 0 || ft_family == NULL ||
        strcasecmp(ft_family, FONT_FAMILY) != 0) {
        xasprintf(cause, "font \"%s\"%s resolves to \"%s\" (%s): install fonts-dejavu-core",
                  FONT_FAMILY, bold ? " Bold" : "", family != NULL ? family : "?",
                  path != NULL ? path : "no file");
        goto done;
    }
    if (path == NULL || stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
        strstr(path, "DejaVuSans") == NULL) {
        xasprintf(cause, "font \"%s\"%s is not a DejaVu font file (%s)", FONT_FAMILY,
                  bold ? " Bold" : "", path != NULL ? path : "no file");
        goto done;
    }
    for (const char *p = font_probe; *p != '\0';) {
        gunichar wc = g_utf8_get_char(p);
        const char *next = p + g_utf8_skip[(unsigned char)*p];

        if (!pango_font_has_char(font, wc)) {
            xasprintf(cause, "font %s has no glyph for \"%.*s\" (U+%04X)", path, (int)(next - p), p,
                      (unsigned)wc);
            goto done;
        }
        p = next;
    }
    rc = 0;
done:
    free(path);
    free(ft_family);
    pango_font_description_free(got);
    g_object_unref(font);
    return rc;
}

int
pdf_check_fonts(char **cause)
{
    static int checked; /* 1 = fonts are fine; checking again would find the same */
    PangoContext *ctx;
    int rc;

    if (checked)
        return 0;
    ctx = pdf_context();
    rc = check_one_font(ctx, 0, cause);
    if (rc == 0)
        rc = check_one_font(ctx, 1, cause);
    g_object_unref(ctx);
    if (rc == 0)
        checked = 1;
    return rc;
}

/* Every run of the layout is set in DejaVu Sans and no glyph is missing. */
static int
check_layout(PangoLayout *layout, char **cause)
{
    PangoLayoutIter *it;
    const char *text = pango_layout_get_text(layout);
    int rc = 0, unknown = pango_layout_get_unknown_glyphs_count(layout);

    if (unknown > 0) {
        xasprintf(cause, "text \"%s\": %d character(s) missing from %s", text, unknown,
                  FONT_FAMILY);
        return -1;
    }
    it = pango_layout_get_iter(layout);
    do {
        PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
        PangoFontDescription *d;
        const char *family;

        if (run == NULL) /* end of a line */
            continue;
        d = pango_font_describe(run->item->analysis.font);
        family = pango_font_description_get_family(d);
        if (family == NULL || strcasecmp(family, FONT_FAMILY) != 0) {
            xasprintf(cause, "text \"%.*s\" is set in \"%s\", not %s", run->item->length,
                      text + run->item->offset, family != NULL ? family : "?", FONT_FAMILY);
            rc = -1;
        }
        pango_font_description_free(d);
    } while (rc == 0 && pango_layout_iter_next_run(it));
    pango_layout_iter_free(it);
    return rc;
}

int
pdf_check_text(const char *text, char **cause)
{
    PangoContext *ctx = pdf_context();
    int rc = 0;

    for (int bold = 0; bold <= 1 && rc == 0; bold++) {
        PangoLayout *layout = pango_layout_new(ctx);
        PangoFontDescription *d = font_desc(10, bold);

        pango_layout_set_font_description(layout, d);
        pango_font_description_free(d);
        pango_layout_set_text(layout, text, -1);
        rc = check_layout(layout, cause);
        g_object_unref(layout);
    }
    g_object_unref(ctx);
    return rc;
}

/* ---- layout ---- */

enum piece_kind { P_TEXT, P_QR, P_RULE, P_WRITE };

/* One thing drawn at a position relative to its group's top-left corner. */
struct piece {
    enum piece_kind kind;
    PangoLayout *layout;        /* P_TEXT: owned reference */
    const struct qr_matrix *qr; /* P_QR: borrowed from the receipt or from qr_own */
    double module;              /* P_QR: module size, pt */
    double x, y, w, h;          /* pt; P_QR: the code without quiet zone */
};

/* Consecutive pieces that stay together on a page. */
struct group {
    size_t first, n;     /* into pieces */
    double space_before; /* pt, dropped at the top of a page */
    double h;
    int keep_next; /* a heading: never last on a page */
    int page;
    double y; /* page position of the group's top, pt */
};

struct layout {
    const struct paper_spec *spec;
    const struct receipt *r;
    PangoContext *ctx;
    double printable_mm; /* printable width, mm */
    double width, left;  /* printable width and left margin, pt */
    struct piece *pieces;
    size_t npieces;
    struct group *groups;
    size_t ngroups;
    struct qr_matrix **qr_own; /* codes re-encoded at level L to fit; owned */
    size_t nqr_own;
    int npages;
    double page_h;  /* pt */
    double page_mm; /* the same in mm: whole mm on a roll */
    char *error;    /* the first problem found while laying out; owned */
};

static void
fail(struct layout *L, char *cause)
{
    if (L->error == NULL)
        L->error = cause;
    else
        free(cause);
}

static struct group *
group_begin(struct layout *L, double space_before)
{
    struct group *g;

    L->groups = xreallocarray(L->groups, L->ngroups + 1, sizeof(*L->groups));
    g = &L->groups[L->ngroups++];
    memset(g, 0, sizeof(*g));
    g->first = L->npieces;
    g->space_before = space_before;
    return g;
}

/* The group being built. */
static struct group *
group_cur(struct layout *L)
{
    return &L->groups[L->ngroups - 1];
}

static struct piece *
piece_add(struct layout *L, enum piece_kind kind, double x, double y, double w, double h)
{
    struct piece *p;
    struct group *g = group_cur(L);

    L->pieces = xreallocarray(L->pieces, L->npieces + 1, sizeof(*L->pieces));
    p = &L->pieces[L->npieces++];
    memset(p, 0, sizeof(*p));
    p->kind = kind;
    p->x = x;
    p->y = y;
    p->w = w;
    p->h = h;
    g->n++;
    if (y + h > g->h)
        g->h = y + h;
    return p;
}

struct text_style {
    double size;
    int bold;
    PangoAlignment align;
    int bold_prefix; /* bytes at the start set in bold (a field's label) */
    int max_lines;   /* 0 = no limit; else ellipsize */
};

/* Lay out text at width (pt); checks its fonts. Returns the layout (caller unrefs). */
static PangoLayout *
text_layout(struct layout *L, const char *text, double width, const struct text_style *st)
{
    PangoLayout *layout = pango_layout_new(L->ctx);
    PangoFontDescription *d = font_desc(st->size, st->bold);
    char *cause = NULL;

    pango_layout_set_font_description(layout, d);
    pango_font_description_free(d);
    pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout, st->align);
    if (st->max_lines > 0) {
        pango_layout_set_height(layout, -st->max_lines);
        pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
    }
    pango_layout_set_text(layout, text, -1);
    if (st->bold_prefix > 0) {
        PangoAttrList *attrs = pango_attr_list_new();
        PangoAttribute *a = pango_attr_weight_new(PANGO_WEIGHT_BOLD);

        a->start_index = 0;
        a->end_index = (guint)st->bold_prefix;
        pango_attr_list_insert(attrs, a);
        pango_layout_set_attributes(layout, attrs);
        pango_attr_list_unref(attrs);
    }
    if (check_layout(layout, &cause) != 0)
        fail(L, cause);
    return layout;
}

static double
layout_height(PangoLayout *layout)
{
    PangoRectangle logical;

    pango_layout_get_extents(layout, NULL, &logical);
    return (double)logical.height / PANGO_SCALE;
}

static double
layout_width(PangoLayout *layout)
{
    PangoRectangle logical;

    pango_layout_get_extents(layout, NULL, &logical);
    return (double)logical.width / PANGO_SCALE;
}

/* Add a text piece at (x, y) in the current group; returns its height. */
static double
add_text(struct layout *L, const char *text, double x, double y, double width,
         const struct text_style *st)
{
    PangoLayout *layout = text_layout(L, text, width, st);
    double h = layout_height(layout);
    struct piece *p = piece_add(L, P_TEXT, x, y, width, h);

    p->layout = layout;
    return h;
}

/* A marker ("☑", "1.") with the text beside it, wrapped with a hanging indent. */
static void
add_marked(struct layout *L, const char *marker, const char *text, double size, double gap)
{
    struct text_style st = { size, 0, PANGO_ALIGN_LEFT, 0, 0 };
    PangoLayout *m = text_layout(L, marker, L->width, &st);
    double indent = layout_width(m) + gap;
    struct piece *p;

    p = piece_add(L, P_TEXT, 0, 0, indent, layout_height(m));
    p->layout = m;
    add_text(L, text, indent, 0, L->width - indent, &st);
}

/* Module size in dots for a code of size modules (quiet zone included) in width_mm, or 0
 * when even the smallest module does not fit. */
static int
qr_dots(int size, double width_mm, int max_dots)
{
    int dots = (int)floor_(width_mm * DOTS_PER_MM / (double)(size + 2 * QR_QUIET));

    if (dots > max_dots)
        dots = max_dots;
    return dots >= QR_MIN_DOTS ? dots : 0;
}

/* The receipt's own code for block b; NULL (and L->error) when the block has none. */
static const struct qr_matrix *
qr_code_of(struct layout *L, const struct receipt_block *b)
{
    char *cause;

    if (b->qr < 0 || (size_t)b->qr >= L->r->nqrs || L->r->qrs[b->qr].size == 0) {
        xasprintf(&cause, "QR block \"%s\" has no code", b->text);
        fail(L, cause);
        return NULL;
    }
    return &L->r->qrs[b->qr];
}

/* Block b's URL at level L, the smallest code (owned by L); NULL and L->error on failure. */
static const struct qr_matrix *
qr_low(struct layout *L, const struct receipt_block *b)
{
    struct qr_matrix *m = xmalloc(sizeof(*m));
    char *cause = NULL;

    if (qr_encode(b->text, m, &cause) != 0) {
        free(m);
        fail(L, cause);
        return NULL;
    }
    L->qr_own = xreallocarray(L->qr_own, L->nqr_own + 1, sizeof(*L->qr_own));
    L->qr_own[L->nqr_own++] = m;
    return m;
}

/* The code for block b that fits width_mm with its quiet zone: the receipt's own, or the
 * URL at level L when the receipt's level-M code is too big. Sets *dots; NULL (and
 * L->error) when none fits. */
static const struct qr_matrix *
qr_fit(struct layout *L, const struct receipt_block *b, double width_mm, int max_dots, int *dots)
{
    const struct qr_matrix *m = qr_code_of(L, b), *low;
    char *cause;

    if (m == NULL)
        return NULL;
    *dots = qr_dots(m->size, width_mm, max_dots);
    if (*dots > 0)
        return m;
    low = qr_low(L, b);
    if (low == NULL)
        return NULL;
    *dots = qr_dots(low->size, width_mm, max_dots);
    if (*dots > 0)
        return low;
    xasprintf(&cause, "QR code for %s (%d modules) does not fit %.0f mm at 0.8 mm a module",
              b->text, low->size, width_mm);
    fail(L, cause);
    return NULL;
}

/* Add a QR piece centred in [x, x + width), quiet zone above and below; returns height. */
static double
add_qr_piece(struct layout *L, const struct qr_matrix *m, int dots, double x, double y,
             double width)
{
    double module = dots / DOTS_PER_MM * PT_PER_MM;
    double side = m->size * module;
    struct piece *p = piece_add(L, P_QR, x + (width - side) / 2, y + QR_QUIET * module, side, side);

    p->qr = m;
    p->module = module;
    /* The quiet zone below belongs to the group too. */
    if (y + side + 2 * QR_QUIET * module > group_cur(L)->h)
        group_cur(L)->h = y + side + 2 * QR_QUIET * module;
    return side + 2 * QR_QUIET * module;
}

/* A QR block in the flow: caption above, code, URL under it. */
static void
flow_qr(struct layout *L, const struct receipt_block *b)
{
    const struct paper_spec *s = L->spec;
    int big = L->r->type == RECEIPT_HANDOUT;
    double want_mm = big ? s->qr_big_mm : s->qr_slip_mm;
    double width_mm = want_mm < L->printable_mm ? want_mm : L->printable_mm;
    struct text_style cap = { s->small, 1, PANGO_ALIGN_CENTER, 0, 0 };
    struct text_style url = { s->small, 0, PANGO_ALIGN_CENTER, 0, 0 };
    const struct qr_matrix *m;
    double y = 0;
    int dots;

    group_begin(L, 8);
    if (b->value != NULL && b->value[0] != '\0')
        y += add_text(L, b->value, 0, y, L->width, &cap);
    m = qr_fit(L, b, width_mm, big ? s->qr_big_dots : s->qr_slip_dots, &dots);
    if (m == NULL)
        return;
    y += add_qr_piece(L, m, dots, 0, y, L->width);
    add_text(L, b->text, 0, y, L->width, &url);
}

/* Module size in dots for a code in a grid cell of cell_mm: neighbours share the quiet
 * zone, so a cell holds the code and 4 modules; 0 when under the minimum. */
static int
cell_dots(int size, double cell_mm)
{
    int d = (int)floor_(cell_mm * DOTS_PER_MM / (double)(size + QR_QUIET));

    return d >= QR_MIN_DOTS ? d : 0;
}

/* Choose the grid: the most columns (from a square grid down) at which every code fits its
 * cell, at level M where there is room and L otherwise, with one module size for all.
 * Fills codes[] and returns the column count, 0 (and L->error) when nothing fits. */
static size_t
grid_choose(struct layout *L, const struct receipt_block *const *cells, size_t n,
            const struct qr_matrix **codes, int *dots)
{
    const struct paper_spec *s = L->spec;
    const struct qr_matrix **lows = xcalloc(n, sizeof(*lows));
    size_t cols = 1;
    char *cause;

    while (cols * cols < n) /* start from a square grid */
        cols++;
    for (; cols >= 1 && L->error == NULL; cols--) {
        double cell_mm = L->printable_mm / (double)cols;
        size_t i;

        *dots = s->qr_big_dots;
        for (i = 0; i < n; i++) {
            int d;

            codes[i] = qr_code_of(L, cells[i]);
            if (codes[i] == NULL)
                break;
            d = cell_dots(codes[i]->size, cell_mm);
            if (d == 0) {
                if (lows[i] == NULL && (lows[i] = qr_low(L, cells[i])) == NULL)
                    break;
                codes[i] = lows[i];
                d = cell_dots(codes[i]->size, cell_mm);
            }
            if (d == 0)
                break;
            if (d < *dots)
                *dots = d;
        }
        if (i == n)
            break;
    }
    free(lows);
    if (cols == 0 && L->error == NULL) {
        xasprintf(&cause, "the poster's QR codes do not fit %s paper", s->name);
        fail(L, cause);
    }
    return L->error == NULL ? cols : 0;
}

/* The poster's grid of cells (RB_QR blocks), row by row: code, then its caption. */
static void
flow_grid(struct layout *L, const struct receipt_block *const *cells, size_t n)
{
    const struct paper_spec *s = L->spec;
    /* Most services now have a code for their own page (up to version 5), so every row is as
     * tall as the largest code: captions get two lines, a little smaller, to keep 25 services
     * on one A4 page. */
    struct text_style cap = { s->small * 0.9, 1, PANGO_ALIGN_CENTER, 0, 2 };
    const struct qr_matrix **codes = xcalloc(n, sizeof(*codes));
    int dots = 0;
    size_t cols = grid_choose(L, cells, n, codes, &dots);
    double cell = L->width / (double)(cols > 0 ? cols : 1);
    double module = dots / DOTS_PER_MM * PT_PER_MM;

    for (size_t row = 0; cols > 0 && row * cols < n; row++) {
        double code_h = 0;

        group_begin(L, 0); /* the codes' quiet zone is the gap under the title */
        for (size_t c = 0; c < cols && row * cols + c < n; c++) {
            double h = add_qr_piece(L, codes[row * cols + c], dots, cell * (double)c, 0, cell);

            if (h > code_h)
                code_h = h;
        }
        /* Captions start below the quiet zone. */
        for (size_t c = 0; c < cols && row * cols + c < n; c++) {
            const struct receipt_block *b = cells[row * cols + c];

            add_text(L, b->value != NULL ? b->value : "", cell * (double)c + module, code_h,
                     cell - 2 * module, &cap);
        }
    }
    free(codes);
}

static void
flow_block(struct layout *L, const struct receipt_block *b)
{
    const struct paper_spec *s = L->spec;
    struct text_style st = { s->body, 0, PANGO_ALIGN_LEFT, 0, 0 };
    char *t;

    switch (b->kind) {
    case RB_TITLE:
        group_begin(L, 3);
        st.size = s->title;
        st.bold = 1;
        st.align = PANGO_ALIGN_CENTER;
        add_text(L, b->text, 0, 0, L->width, &st);
        break;
    case RB_CENTER:
        group_begin(L, 0.5);
        st.align = PANGO_ALIGN_CENTER;
        add_text(L, b->text, 0, 0, L->width, &st);
        break;
    case RB_HEADING:
        group_begin(L, 6)->keep_next = 1;
        st.size = s->heading;
        st.bold = 1;
        add_text(L, b->text, 0, 0, L->width, &st);
        break;
    case RB_LINE:
        group_begin(L, 2);
        add_text(L, b->text, 0, 0, L->width, &st);
        break;
    case RB_NOTE:
        group_begin(L, 2);
        st.size = s->small;
        add_text(L, b->text, 0, 0, L->width, &st);
        break;
    case RB_FIELD:
        group_begin(L, 2);
        xasprintf(&t, "%s: %s", b->text, b->value != NULL ? b->value : "");
        st.bold_prefix = (int)strlen(b->text) + 1;
        add_text(L, t, 0, 0, L->width, &st);
        free(t);
        break;
    case RB_CHECK:
        group_begin(L, 2);
        add_marked(L, b->checked ? "☑" : "☐", b->text, s->body, s->body * 0.5);
        break;
    case RB_ITEM:
        group_begin(L, 1.5);
        add_marked(L, b->value != NULL ? b->value : "•", b->text, s->body, s->body * 0.4);
        break;
    case RB_QR: flow_qr(L, b); break;
    case RB_RULE:
        group_begin(L, 3);
        piece_add(L, P_RULE, 0, 3, L->width, 0.6);
        group_cur(L)->h = 6;
        break;
    case RB_BLANK: {
        double line = 7 * PT_PER_MM, y;

        group_begin(L, 6);
        xasprintf(&t, "%s:", b->text);
        st.bold_prefix = (int)strlen(t);
        y = add_text(L, t, 0, 0, L->width, &st);
        free(t);
        for (int i = 0; i < s->blank_lines; i++)
            piece_add(L, P_WRITE, 0, y + line * (i + 1), L->width, 0.5);
        break;
    }
    case RB_BAR: {
        /* Label | count | bar (a thick rule), the columns of a report's table. */
        double frac = b->bar_max > 0 ? (double)b->bar / b->bar_max : 0;

        group_begin(L, 1.5);
        add_text(L, b->text, 0, 0, L->width * 0.52, &st);
        st.align = PANGO_ALIGN_RIGHT;
        add_text(L, b->value != NULL ? b->value : "", L->width * 0.52, 0, L->width * 0.1, &st);
        if (b->bar > 0 && frac > 0)
            piece_add(L, P_RULE, L->width * 0.64, s->body * 0.6,
                      L->width * 0.36 * (frac < 1 ? (frac > 0.005 ? frac : 0.005) : 1),
                      s->body * 0.7);
        break;
    }
    }
}

static void
flow_receipt(struct layout *L)
{
    const struct receipt *r = L->r;
    const struct receipt_block **cells = xcalloc(r->nblocks + 1, sizeof(*cells));
    size_t ncells = 0;

    for (size_t i = 0; i < r->nblocks; i++) {
        const struct receipt_block *b = &r->blocks[i];

        if (r->type == RECEIPT_POSTER && b->kind == RB_QR) {
            cells[ncells++] = b;
            continue;
        }
        if (ncells > 0) {
            flow_grid(L, cells, ncells);
            ncells = 0;
        }
        flow_block(L, b);
    }
    if (ncells > 0)
        flow_grid(L, cells, ncells);
    free(cells);
}

/* Place the groups: one long page on a roll, else page by page. */
static void
paginate(struct layout *L)
{
    const struct paper_spec *s = L->spec;
    double top = s->top_mm * PT_PER_MM, bottom = s->bottom_mm * PT_PER_MM;
    double y = top, limit;
    int page = 0;

    if (s->height_mm == 0) {
        for (size_t i = 0; i < L->ngroups; i++) {
            struct group *g = &L->groups[i];

            y += i > 0 ? g->space_before : 0;
            g->y = y;
            g->page = 0;
            y += g->h;
        }
        L->npages = 1;
        /* Whole millimetres, so that CUPS's PageSize=Custom.<W>x<H>mm is exact. */
        L->page_mm = ceil_((y + bottom) / PT_PER_MM);
        L->page_h = L->page_mm * PT_PER_MM;
        return;
    }
    L->page_mm = s->height_mm;
    L->page_h = s->height_mm * PT_PER_MM;
    /* Room for "Trang 1/2" at the bottom. */
    limit = L->page_h - bottom - s->small * 2;
    for (size_t i = 0; i < L->ngroups; i++) {
        struct group *g = &L->groups[i];
        double need = g->h;
        double gy = y > top ? y + g->space_before : y;

        /* A heading moves with the group after it. */
        if (g->keep_next && i + 1 < L->ngroups)
            need += L->groups[i + 1].space_before + L->groups[i + 1].h;
        if (gy + need > limit && y > top) {
            page++;
            gy = top;
        }
        g->y = gy;
        g->page = page;
        y = gy + g->h;
    }
    L->npages = page + 1;
}

/* Snap a position (pt) to the printer's dot grid, so that modules are whole dots. */
static double
snap(double pt)
{
    double grid = PT_PER_MM / DOTS_PER_MM;

    return round_(pt / grid) * grid;
}

static void
draw_qr(cairo_t *cr, const struct piece *p, double x0, double y0)
{
    const struct qr_matrix *m = p->qr;

    x0 = snap(x0);
    y0 = snap(y0);
    for (int row = 0; row < m->size; row++) {
        for (int col = 0; col < m->size;) {
            int run = 0;

            while (col + run < m->size && qr_dark(m, row, col + run))
                run++;
            if (run > 0) {
                cairo_rectangle(cr, x0 + col * p->module, y0 + row * p->module, run * p->module,
                                p->module);
                col += run;
            } else {
                col++;
            }
        }
    }
    cairo_fill(cr);
}

static void
draw_page(struct layout *L, cairo_t *cr, int page)
{
    for (size_t gi = 0; gi < L->ngroups; gi++) {
        const struct group *g = &L->groups[gi];

        if (g->page != page)
            continue;
        for (size_t i = g->first; i < g->first + g->n; i++) {
            const struct piece *p = &L->pieces[i];
            double x = L->left + p->x, y = g->y + p->y;

            cairo_set_source_rgb(cr, 0, 0, 0);
            switch (p->kind) {
            case P_TEXT:
                cairo_move_to(cr, x, y);
                pango_cairo_show_layout(cr, p->layout);
                break;
            case P_QR: draw_qr(cr, p, x, y); break;
            case P_RULE:
            case P_WRITE:
                cairo_set_line_width(cr, p->h);
                if (p->kind == P_WRITE) {
                    static const double dash[] = { 1.5, 1.5 };

                    cairo_set_dash(cr, dash, 2, 0);
                }
                cairo_move_to(cr, x, y);
                cairo_line_to(cr, x + p->w, y);
                cairo_stroke(cr);
                cairo_set_dash(cr, NULL, 0, 0);
                break;
            }
        }
    }
}

static void
draw_page_number(struct layout *L, cairo_t *cr, int page)
{
    const struct paper_spec *s = L->spec;
    struct text_style st = { s->small, 0, PANGO_ALIGN_CENTER, 0, 0 };
    PangoLayout *layout;
    char *t;

    xasprintf(&t, "%s %d/%d", tr_in(L->r->lang, MSG_SLIP_PAGE), page + 1, L->npages);
    layout = text_layout(L, t, L->width, &st);
    cairo_move_to(cr, L->left, L->page_h - s->bottom_mm * PT_PER_MM - s->small * 1.2);
    pango_cairo_show_layout(cr, layout);
    g_object_unref(layout);
    free(t);
}

static const char *
receipt_title(const struct receipt *r)
{
    for (size_t i = 0; i < r->nblocks; i++)
        if (r->blocks[i].kind == RB_TITLE)
            return r->blocks[i].text;
    return "kiosk";
}

static void
layout_done(struct layout *L)
{
    for (size_t i = 0; i < L->npieces; i++)
        if (L->pieces[i].layout != NULL)
            g_object_unref(L->pieces[i].layout);
    free(L->pieces);
    free(L->groups);
    for (size_t i = 0; i < L->nqr_own; i++) {
        qr_done(L->qr_own[i]);
        free(L->qr_own[i]);
    }
    free(L->qr_own);
    if (L->ctx != NULL)
        g_object_unref(L->ctx);
    free(L->error);
}

/* cairo's stream writer: everything goes into the file writer's temporary file. */
static cairo_status_t
write_fd(void *closure, const unsigned char *data, unsigned int length)
{
    int fd = *(const int *)closure;

    while (length > 0) {
        ssize_t k = write(fd, data, length);

        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return CAIRO_STATUS_WRITE_ERROR;
        data += k;
        length -= (unsigned int)k;
    }
    return CAIRO_STATUS_SUCCESS;
}

/* Draw every page of every layout, in order, onto one PDF written to fd; -1 and *cause on a
 * cairo error. A page's size is set before anything is drawn on it: a roll page is exactly
 * as long as its content. */
static int
write_pdf(struct layout *Ls, size_t n, int fd, const char *path, double width_pt, char **cause)
{
    cairo_surface_t *surface =
        cairo_pdf_surface_create_for_stream(write_fd, &fd, width_pt, Ls[0].page_h);
    cairo_status_t status = cairo_surface_status(surface);
    cairo_t *cr;

    if (status != CAIRO_STATUS_SUCCESS) {
        xasprintf(cause, "cannot write %s: %s", path, cairo_status_to_string(status));
        cairo_surface_destroy(surface);
        return -1;
    }
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, receipt_title(Ls[0].r));
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "kiosk");
    cr = cairo_create(surface);
    /* Crisp module edges when a driver rasterises the page. */
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
    for (size_t k = 0; k < n; k++) {
        struct layout *L = &Ls[k];

        for (int page = 0; page < L->npages; page++) {
            cairo_pdf_surface_set_size(surface, width_pt, L->page_h);
            draw_page(L, cr, page);
            if (L->npages > 1)
                draw_page_number(L, cr, page);
            cairo_show_page(cr);
        }
    }
    status = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS) {
        xasprintf(cause, "cannot write %s: %s", path,
                  status == CAIRO_STATUS_WRITE_ERROR ? strerror(errno)
                                                     : cairo_status_to_string(status));
        return -1;
    }
    return 0;
}

static void
layout_init(struct layout *L, const struct paper_spec *spec, const struct receipt *r)
{
    memset(L, 0, sizeof(*L));
    L->spec = spec;
    L->r = r;
    L->ctx = pdf_context();
    L->printable_mm = r->type == RECEIPT_POSTER ? spec->poster_mm : spec->printable_mm;
    L->width = L->printable_mm * PT_PER_MM;
    L->left = (spec->width_mm - L->printable_mm) / 2 * PT_PER_MM;
}

/* Smaller type and a smaller large code, by factor k. */
static void
spec_scale(struct paper_spec *s, double k)
{
    s->body *= k;
    s->small *= k;
    s->heading *= k;
    s->title *= k;
    s->qr_big_mm *= k;
}

/* Where every QR code landed, for the caller (tests crop and decode each one). */
static void
collect_qrs(const struct layout *L, int first_page, struct pdf_result *res)
{
    for (size_t gi = 0; gi < L->ngroups; gi++) {
        const struct group *g = &L->groups[gi];

        for (size_t i = g->first; i < g->first + g->n; i++) {
            const struct piece *p = &L->pieces[i];
            struct pdf_qr_place *q;

            if (p->kind != P_QR)
                continue;
            res->qrs = xreallocarray(res->qrs, res->nqrs + 1, sizeof(*res->qrs));
            q = &res->qrs[res->nqrs++];
            q->page = first_page + g->page;
            q->x_mm = snap(L->left + p->x) / PT_PER_MM;
            q->y_mm = snap(g->y + p->y) / PT_PER_MM;
            q->modules = p->qr->size;
            q->module_mm = p->module / PT_PER_MM;
            q->side_mm = q->modules * q->module_mm;
        }
    }
}

int
pdf_render(const struct receipt *r, enum paper paper, const char *path, double *width_mm,
           double *height_mm, char **cause)
{
    struct pdf_result res;
    int rc = pdf_render_ex(r, paper, path, &res, cause);

    if (rc == 0) {
        if (width_mm != NULL)
            *width_mm = res.width_mm;
        if (height_mm != NULL)
            *height_mm = res.height_mm;
    }
    pdf_result_done(&res);
    return rc;
}

void
pdf_result_done(struct pdf_result *res)
{
    free(res->qrs);
    memset(res, 0, sizeof(*res));
}

/* Lay r out on paper into *L (a handout that runs over a page is shrunk a little); *spec
 * receives the paper's scaled spec, which L points to. -1 and *cause. */
static int
lay_out(const struct receipt *r, enum paper paper, struct paper_spec *spec, struct layout *L,
        char **cause)
{
    for (int step = 0;; step++) {
        *spec = specs[paper];
        spec_scale(spec, 1.0 - 0.1 * step);
        layout_init(L, spec, r);
        flow_receipt(L);
        if (L->error != NULL) {
            *cause = L->error;
            L->error = NULL;
            return -1;
        }
        paginate(L);
        if (r->type != RECEIPT_HANDOUT || L->npages == 1 || step == HANDOUT_SHRINK_STEPS)
            return 0;
        layout_done(L);
    }
}

int
pdf_render_ex(const struct receipt *r, enum paper paper, const char *path, struct pdf_result *res,
              char **cause)
{
    return pdf_render_doc(r, 1, paper, path, res, cause);
}

int
pdf_render_doc(const struct receipt *rs, size_t n, enum paper paper, const char *path,
               struct pdf_result *res, char **cause)
{
    struct paper_spec *spec = NULL;
    struct layout *Ls = NULL;
    struct file_write w = { .fd = -1 };
    size_t laid = 0;
    int rc = -1, pages = 0;

    memset(res, 0, sizeof(*res));
    if ((unsigned)paper >= sizeof(specs) / sizeof(specs[0])) {
        xasprintf(cause, "unknown paper %d", (int)paper);
        return -1;
    }
    if (n == 0) {
        xasprintf(cause, "nothing to print");
        return -1;
    }
    if (pdf_check_fonts(cause) != 0)
        return -1;
    spec = xcalloc(n, sizeof(*spec));
    Ls = xcalloc(n, sizeof(*Ls));
    for (; laid < n; laid++)
        if (lay_out(&rs[laid], paper, &spec[laid], &Ls[laid], cause) != 0) {
            layout_done(&Ls[laid]);
            goto done;
        }
    if (file_write_open(&w, path, cause) != 0)
        goto done;
    if (write_pdf(Ls, n, w.fd, path, spec[0].width_mm * PT_PER_MM, cause) != 0) {
        file_write_abort(&w);
        goto done;
    }
    for (size_t k = 0; k < n; k++)
        if (Ls[k].error != NULL) { /* a page number that failed the font check */
            *cause = Ls[k].error;
            Ls[k].error = NULL;
            file_write_abort(&w);
            goto done;
        }
    if (file_write_commit(&w, cause) != 0)
        goto done;
    res->width_mm = spec[0].width_mm;
    res->height_mm = Ls[0].page_mm;
    for (size_t k = 0; k < n; k++) {
        collect_qrs(&Ls[k], pages, res);
        pages += Ls[k].npages;
    }
    res->pages = pages;
    rc = 0;
done:
    for (size_t k = 0; k < laid; k++)
        layout_done(&Ls[k]);
    free(Ls);
    free(spec);
    return rc;
}
