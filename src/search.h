/*
 * Search over the catalog's active services for what a resident types, the way they would
 * say it: diacritic- and case-insensitive, Telex/VNI typed text (via compose.h) or the keys
 * as typed, names and synonyms in Vietnamese and English, words run together, one typo per
 * word, and the short number ("15" finds service 15). Best first: the services that explain
 * most of the query (search.c says how). The index folds every name and synonym once, so a
 * keystroke only compares folded words.
 */
#ifndef KIOSK_SEARCH_H
#define KIOSK_SEARCH_H

#include <stddef.h>

struct catalog;
struct service;
struct search_index;

struct search_hit {
    const struct service *svc; /* borrowed from the catalog */
    int score;                 /* higher is better */
};

/* Build the index of services active on date ("YYYY-MM-DD"). */
struct search_index *search_index_new(const struct catalog *cat, const char *date);
void search_index_free(struct search_index *idx);
/*
 * Find services for what the resident typed: composed is the composed text, raw the keys as
 * typed (either may be NULL). Fills at most max hits, best first; returns how many.
 */
size_t search_run(const struct search_index *idx, const char *composed, const char *raw,
                  struct search_hit *out, size_t max);

#endif
