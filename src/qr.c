/* libqrencode behind a bitmap. */
#include "qr.h"

#include <errno.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

static int
qr_encode_level(const char *text, QRecLevel level, struct qr_matrix *out, char **cause)
{
    QRcode *code = QRcode_encodeString8bit(text, 0, level);

    out->size = 0;
    out->modules = NULL;
    if (code == NULL) {
        xasprintf(cause, "cannot encode QR code: %s", strerror(errno));
        return -1;
    }
    out->size = code->width;
    out->modules = xmalloc((size_t)code->width * (size_t)code->width);
    for (int i = 0; i < code->width * code->width; i++)
        out->modules[i] = code->data[i] & 1;
    QRcode_free(code);
    return 0;
}

int
qr_encode(const char *text, struct qr_matrix *out, char **cause)
{
    return qr_encode_level(text, QR_ECLEVEL_L, out, cause);
}

int
qr_encode_m(const char *text, struct qr_matrix *out, char **cause)
{
    return qr_encode_level(text, QR_ECLEVEL_M, out, cause);
}

bool
qr_dark(const struct qr_matrix *m, int row, int col)
{
    if (row < 0 || col < 0 || row >= m->size || col >= m->size)
        return false;
    return m->modules[row * m->size + col] != 0;
}

void
qr_done(struct qr_matrix *m)
{
    free(m->modules);
    m->modules = NULL;
    m->size = 0;
}
