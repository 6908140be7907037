/* QR codes as plain bitmaps. Only qr.c includes qrencode.h. */
#ifndef KIOSK_QR_H
#define KIOSK_QR_H

#include <stdbool.h>
#include <stddef.h>

struct qr_matrix {
    int size;               /* modules per side, without quiet zone; 0 = none */
    unsigned char *modules; /* owned: size*size bytes, 1 = dark */
};

/* Encode text at error-correction level L (8-bit mode). Returns -1 and *cause on failure. */
int qr_encode(const char *text, struct qr_matrix *out, char **cause);
/* Level M for print, where there is room. */
int qr_encode_m(const char *text, struct qr_matrix *out, char **cause);
bool qr_dark(const struct qr_matrix *m, int row, int col);
void qr_done(struct qr_matrix *m);

#endif
