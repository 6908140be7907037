/*
 * Writing a file whole or not at all, never over something that is not a regular file
 * (file_write.h).
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* flock, dirfd */
#endif
#include "file_write.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "xmalloc.h"

#define TMP_SUFFIX ".kiosk-tmp"

/* The folder part of path ("." when it has none); caller frees. */
static char *
folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');

    if (slash == NULL)
        return xstrdup(".");
    if (slash == path)
        return xstrdup("/");
    return xstrndup(path, (size_t)(slash - path));
}

static const char *
base_of(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash != NULL ? slash + 1 : path;
}

/* What a non-regular file is, for the message. */
static const char *
kind_of(mode_t m)
{
    if (S_ISDIR(m))
        return "a folder";
    if (S_ISCHR(m) || S_ISBLK(m))
        return "a device";
    if (S_ISFIFO(m))
        return "a FIFO (named pipe)";
    if (S_ISSOCK(m))
        return "a socket";
    return "not a regular file";
}

/* Is the target a regular file or nothing? A symbolic link is judged by what it points to
 * (rename replaces the link itself, never what it points to). */
static int
target_ok(const char *path, char **cause)
{
    struct stat st;

    if (lstat(path, &st) != 0) {
        if (errno == ENOENT)
            return 0;
        xasprintf(cause, "cannot write %s: %s", path, strerror(errno));
        return -1;
    }
    if (S_ISLNK(st.st_mode) && stat(path, &st) != 0)
        return 0; /* a dangling link */
    if (S_ISREG(st.st_mode))
        return 0;
    xasprintf(cause, "cannot write %s: it is %s, not a file; name a file such as slip.pdf", path,
              kind_of(st.st_mode));
    return -1;
}

int
file_write_check(const char *path, char **cause)
{
    char *dir;
    struct stat st;
    int rc = 0;

    if (path == NULL || *path == '\0') {
        xasprintf(cause, "no file name given");
        return -1;
    }
    if (path[strlen(path) - 1] == '/') {
        xasprintf(cause,
                  "cannot write %s: it is a folder, not a file; name a file such as "
                  "slip.pdf",
                  path);
        return -1;
    }
    if (target_ok(path, cause) != 0)
        return -1;
    dir = folder_of(path);
    if (stat(dir, &st) != 0) {
        xasprintf(cause, "cannot write %s: %s", path, strerror(errno));
        rc = -1;
    } else if (!S_ISDIR(st.st_mode)) {
        xasprintf(cause, "cannot write %s: %s is not a folder", path, dir);
        rc = -1;
    } else if (access(dir, W_OK | X_OK) != 0) {
        xasprintf(cause, "cannot write %s: %s", path, strerror(errno));
        rc = -1;
    }
    free(dir);
    return rc;
}

/* 8 characters of a name nobody else chose. */
static void
random_tag(char out[9])
{
    static const char digits[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    static unsigned counter;
    struct timespec ts;
    uint64_t x;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

    clock_gettime(CLOCK_REALTIME, &ts);
    x = ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^ ((uint64_t)getpid() << 40) ^
        (uint64_t)++counter * 0x9e3779b97f4a7c15ULL;
    if (fd >= 0) {
        uint64_t r = 0;

        if (read(fd, &r, sizeof r) == (ssize_t)sizeof r)
            x ^= r;
        close(fd);
    }
    for (int i = 0; i < 8; i++) {
        out[i] = digits[x % 36];
        x /= 36;
    }
    out[8] = '\0';
}

int
file_write_open(struct file_write *w, const char *path, char **cause)
{
    char *dir;

    memset(w, 0, sizeof(*w));
    w->fd = -1;
    if (file_write_check(path, cause) != 0)
        return -1;
    dir = folder_of(path);
    for (int tries = 0; tries < 100; tries++) {
        char tag[9];

        random_tag(tag);
        free(w->tmp);
        xasprintf(&w->tmp, "%s/.%s.%s" TMP_SUFFIX, dir, base_of(path), tag);
        w->fd = open(w->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, FILE_WRITE_MODE);
        if (w->fd >= 0 || errno != EEXIST)
            break;
    }
    free(dir);
    if (w->fd < 0) {
        xasprintf(cause, "cannot write %s: %s", path, strerror(errno));
        free(w->tmp);
        w->tmp = NULL;
        return -1;
    }
    /* Held until the file is renamed or removed: a sweep never takes a live one. */
    (void)flock(w->fd, LOCK_EX | LOCK_NB);
    w->path = xstrdup(path);
    return 0;
}

void
file_write_abort(struct file_write *w)
{
    if (w->tmp != NULL)
        unlink(w->tmp);
    if (w->fd >= 0)
        close(w->fd);
    free(w->tmp);
    free(w->path);
    memset(w, 0, sizeof(*w));
    w->fd = -1;
}

int
file_write_commit(struct file_write *w, char **cause)
{
    char *dir;
    int dfd;

    if (w->fd < 0 || w->tmp == NULL) {
        xasprintf(cause, "cannot write %s: nothing was written", w->path ? w->path : "?");
        file_write_abort(w);
        return -1;
    }
    if (fsync(w->fd) != 0) {
        xasprintf(cause, "cannot write %s: %s", w->path, strerror(errno));
        file_write_abort(w);
        return -1;
    }
    /* Checked again: something may have appeared at the target meanwhile. */
    if (target_ok(w->path, cause) != 0) {
        file_write_abort(w);
        return -1;
    }
    if (rename(w->tmp, w->path) != 0) {
        xasprintf(cause, "cannot write %s: %s", w->path, strerror(errno));
        file_write_abort(w);
        return -1;
    }
    dir = folder_of(w->path);
    dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        (void)fsync(dfd);
        close(dfd);
    }
    free(dir);
    close(w->fd);
    free(w->tmp);
    free(w->path);
    memset(w, 0, sizeof(*w));
    w->fd = -1;
    return 0;
}

int
file_write_all(const char *path, const void *data, size_t n, char **cause)
{
    struct file_write w;
    const char *p = data;

    if (file_write_open(&w, path, cause) != 0)
        return -1;
    while (n > 0) {
        ssize_t k = write(w.fd, p, n);

        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            xasprintf(cause, "cannot write %s: %s", path, k < 0 ? strerror(errno) : "no space");
            file_write_abort(&w);
            return -1;
        }
        p += k;
        n -= (size_t)k;
    }
    return file_write_commit(&w, cause);
}

int
file_write_sweep(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int removed = 0;
    size_t suffix = strlen(TMP_SUFFIX);

    if (d == NULL)
        return 0;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        int fd;

        if (e->d_name[0] != '.' || len <= suffix + 1 ||
            strcmp(e->d_name + len - suffix, TMP_SUFFIX) != 0)
            continue;
        fd = openat(dirfd(d), e->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            continue;
        {
            struct stat st;

            /* Only our own kind of file, and only when no writer holds it. */
            if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && flock(fd, LOCK_EX | LOCK_NB) == 0 &&
                unlinkat(dirfd(d), e->d_name, 0) == 0)
                removed++;
        }
        close(fd);
    }
    closedir(d);
    return removed;
}
