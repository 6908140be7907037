/*
 * A printed document as it crosses from the kiosk to the print helper: one or more receipts
 * (receipt.h), each rendered from page 1 of its own, serialized as JSON in the print_jobs
 * row's `receipt` column. The kiosk builds the receipts from the catalog it shows (with
 * kiosk.conf's portal overrides applied); the print helper only decodes and renders them, so
 * the screen, the paper and a reprint can never disagree. Core code (no cairo, pango, CUPS).
 *
 * Format, version 1 (RECEIPT_JSON_VERSION; a decoder refuses any other version):
 *
 *   { "format": "kiosk-receipt", "version": 1,
 *     "receipts": [
 *       { "type": "slip" | "handout" | "poster" | "test" | "report" | "review",
 *         "lang": "vi" | "en",
 *         "qrs": [ { "size": 29, "rows": [ "fe0b3f8", … ] }, … ],
 *         "blocks": [ { "kind": "title" | "heading" | "line" | "field" | "check" | "qr" |
 *                                "rule" | "blank" | "item" | "note" | "center" | "bar",
 *                       "text": "…", "value": "…",
 *                       "checked": true, "qr": 0, "bar": 3, "bar_max": 10 }, … ] }, … ] }
 *
 * Each QR code is stored as its module matrix, not its URL: `size` modules a side, one hex
 * string per row (the modules left to right, 4 per hex digit, most significant bit first,
 * 1 = dark, the last digit padded with 0 bits), so the helper draws exactly the code the
 * kiosk encoded whatever its libqrencode. A block's `value` is omitted when it has none;
 * `checked`, `qr`, `bar` and `bar_max` are omitted when 0/false. Text is UTF-8.
 */
#ifndef KIOSK_RECEIPT_JSON_H
#define KIOSK_RECEIPT_JSON_H

#include <stddef.h>

struct receipt;

#define RECEIPT_JSON_VERSION 1

/* rs[0..n) as a JSON document (caller frees). Never NULL. */
char *receipt_json_encode(const struct receipt *rs, size_t n);

/*
 * Decode a document into *rs (caller frees each with receipt_done, then the array) and *n.
 * Returns -1 with *cause (caller frees) on anything that is not a well-formed version-1
 * document: unknown type or kind, a QR index or a matrix out of range, a missing text.
 */
int receipt_json_decode(const char *json, struct receipt **rs, size_t *n, char **cause);

#endif
