/* Allocation wrappers, die(), and a small string builder. */
#include "xmalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

static void (*die_hook)(void);

void
xmalloc_set_die_hook(void (*hook)(void))
{
    die_hook = hook;
}

_Noreturn void
die(const char *fmt, ...)
{
    va_list ap;
    char buf[512];

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (die_hook != NULL)
        die_hook();
    log_msg(LOG_ERROR, "fatal: %s", buf);
    fprintf(stderr, "kiosk: fatal: %s\n", buf);
    exit(3);
}

void *
xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);

    if (p == NULL)
        die("out of memory (%zu bytes)", n);
    return p;
}

void *
xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);

    if (p == NULL)
        die("out of memory (%zu x %zu bytes)", n, size);
    return p;
}

void *
xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);

    if (q == NULL)
        die("out of memory (%zu bytes)", n);
    return q;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        die("allocation overflow (%zu x %zu)", n, size);
    return xrealloc(p, n * size);
}

char *
xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *p = xmalloc(len + 1);

    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

int
xvasprintf(char **out, const char *fmt, va_list ap)
{
    va_list ap2;
    int n;

    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        die("bad format string");
    *out = xmalloc((size_t)n + 1);
    vsnprintf(*out, (size_t)n + 1, fmt, ap);
    return n;
}

int
xasprintf(char **out, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = xvasprintf(out, fmt, ap);
    va_end(ap);
    return n;
}

void
strbuf_init(struct strbuf *b)
{
    b->s = NULL;
    b->len = 0;
    b->cap = 0;
}

static void
strbuf_grow(struct strbuf *b, size_t extra)
{
    size_t need = b->len + extra + 1;

    if (need <= b->cap)
        return;
    if (b->cap == 0)
        b->cap = 64;
    while (b->cap < need)
        b->cap *= 2;
    b->s = xrealloc(b->s, b->cap);
}

void
strbuf_add(struct strbuf *b, const char *s, size_t n)
{
    strbuf_grow(b, n);
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void
strbuf_puts(struct strbuf *b, const char *s)
{
    strbuf_add(b, s, strlen(s));
}

void
strbuf_printf(struct strbuf *b, const char *fmt, ...)
{
    va_list ap;
    char *s;
    int n;

    va_start(ap, fmt);
    n = xvasprintf(&s, fmt, ap);
    va_end(ap);
    strbuf_add(b, s, (size_t)n);
    free(s);
}

char *
strbuf_take(struct strbuf *b)
{
    char *s = b->s != NULL ? b->s : xstrdup("");

    strbuf_init(b);
    return s;
}

void
strbuf_done(struct strbuf *b)
{
    free(b->s);
    strbuf_init(b);
}

void
strlist_add(struct strlist *l, const char *s)
{
    l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
    l->v[l->n++] = xstrdup(s);
}

void
strlist_addf(struct strlist *l, const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    xvasprintf(&s, fmt, ap);
    va_end(ap);
    l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
    l->v[l->n++] = s;
}

void
strlist_free(struct strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}
