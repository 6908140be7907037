/*
 * The guided flow of one service, as pure functions over the catalog: walk the answers a
 * resident gave (1-based answer numbers, one per question on the path from questions[0]) to
 * the question reached or the outcome. Screens, the slip and tests all use this one walk.
 */
#ifndef KIOSK_FLOW_H
#define KIOSK_FLOW_H

#include <stddef.h>

struct service;

enum flow_result {
    FLOW_QUESTION = 0, /* the answers stop at a question: *pos = its index */
    FLOW_OUTCOME = 1,  /* the answers reach an outcome: *pos = its index */
    FLOW_INVALID = -1, /* an answer number is out of range, or answers go past an outcome */
};

/* Walk answers[0..n) from questions[0]. */
enum flow_result flow_walk(const struct service *svc, const int *answers, size_t n, int *pos);

/* Parse "1,2,1" into answers (caller frees *out); -1 on a malformed list. Also used for ticks. */
int flow_parse_numbers(const char *s, int **out, size_t *n);
/* Format numbers as "1,2,1" (caller frees). */
char *flow_format_numbers(const int *v, size_t n);

#endif
