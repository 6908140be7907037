/* The guided flow as pure functions: walk answers over a service's questions. */
#include "flow.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "xmalloc.h"

enum flow_result
flow_walk(const struct service *svc, const int *answers, size_t n, int *pos)
{
    size_t q = 0;
    int outcome = -1;

    if (svc == NULL || svc->nquestions == 0 || (n > 0 && answers == NULL))
        return FLOW_INVALID;
    for (size_t i = 0; i < n; i++) {
        const struct question *qq = &svc->questions[q];
        const struct answer *a;

        if (outcome >= 0) /* answers go past the outcome */
            return FLOW_INVALID;
        if (answers[i] < 1 || (size_t)answers[i] > qq->nanswers)
            return FLOW_INVALID;
        a = &qq->answers[answers[i] - 1];
        if (a->outcome >= 0 && (size_t)a->outcome < svc->noutcomes)
            outcome = a->outcome;
        else if (a->next >= 0 && (size_t)a->next < svc->nquestions)
            q = (size_t)a->next;
        else /* a validated catalog never gets here */
            return FLOW_INVALID;
    }
    if (outcome >= 0) {
        if (pos != NULL)
            *pos = outcome;
        return FLOW_OUTCOME;
    }
    if (pos != NULL)
        *pos = (int)q;
    return FLOW_QUESTION;
}

int
flow_parse_numbers(const char *s, int **out, size_t *n)
{
    size_t cap, count = 0;
    int *v;

    *out = NULL;
    *n = 0;
    if (s == NULL)
        return -1;
    if (*s == '\0')
        return 0;
    cap = 1;
    for (const char *p = s; *p != '\0'; p++)
        if (*p == ',')
            cap++;
    v = xcalloc(cap, sizeof *v);
    for (const char *p = s;;) {
        long long x = 0;
        const char *start = p;

        while (*p >= '0' && *p <= '9') {
            x = x * 10 + (*p - '0');
            if (x > INT_MAX) {
                free(v);
                return -1;
            }
            p++;
        }
        if (p == start || (*p != ',' && *p != '\0')) {
            free(v);
            return -1;
        }
        v[count++] = (int)x;
        if (*p == '\0')
            break;
        p++; /* the comma; "1," is malformed: the next number must follow */
    }
    *out = v;
    *n = count;
    return 0;
}

char *
flow_format_numbers(const int *v, size_t n)
{
    struct strbuf b;

    strbuf_init(&b);
    for (size_t i = 0; i < n; i++)
        strbuf_printf(&b, i == 0 ? "%d" : ",%d", v[i]);
    return strbuf_take(&b);
}
