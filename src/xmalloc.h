/*
 * Allocation that cannot fail: on out-of-memory die() restores the terminal, logs and exits
 * (systemd restarts the kiosk). Expected failures never use die(); they return -1 and a cause.
 */
#ifndef KIOSK_XMALLOC_H
#define KIOSK_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Allocate a formatted string into *out (caller frees); returns its length. */
int xasprintf(char **out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int xvasprintf(char **out, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Called by die() before it exits; ui.c registers its terminal restore here. */
void xmalloc_set_die_hook(void (*hook)(void));
/* Restore the terminal (hook), log and print the message, exit(3). */
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable byte buffer: used for building text; buf.s is always NUL-terminated. */
struct strbuf {
    char *s; /* owned */
    size_t len;
    size_t cap;
};
void strbuf_init(struct strbuf *b);
void strbuf_add(struct strbuf *b, const char *s, size_t n);
void strbuf_puts(struct strbuf *b, const char *s);
void strbuf_printf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hand the string to the caller (never NULL) and reset the buffer. */
char *strbuf_take(struct strbuf *b);
void strbuf_done(struct strbuf *b);

/* A list of owned strings: problems found by a validator, lines of output. */
struct strlist {
    char **v; /* owned, each owned */
    size_t n;
};
void strlist_add(struct strlist *l, const char *s);
void strlist_addf(struct strlist *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strlist_free(struct strlist *l);
#endif
