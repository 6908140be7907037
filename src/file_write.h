/*
 * The one way the kiosk and its print helper write a file a person will open: slips and
 * handouts (-o, the PDF folder), reports, statistics exports. A file is never written in
 * place and nothing that is not ours is ever destroyed:
 *
 *   - the content goes into a fresh temporary file beside the target, created with
 *     O_CREAT|O_EXCL under a unique name (".NAME.XXXXXXXX.kiosk-tmp") and mode 0640 (the
 *     owner and a staff group; the umask may only take more away), locked with flock while
 *     it is written;
 *   - then fsync, and a rename over the target only when the target is a regular file or
 *     does not exist: a device, a FIFO, a socket or a folder is refused with a clear message
 *     (file_write_check says so before any work is done), and the temporary file goes;
 *   - a temporary file left by a killed writer (unlocked, matching the pattern) is removed by
 *     file_write_sweep, which the print queue runs over the PDF folder.
 *
 * A neighbour such as "FILE.pdf.tmp" is never touched. Core code: no curses, no cairo.
 */
#ifndef KIOSK_FILE_WRITE_H
#define KIOSK_FILE_WRITE_H

#include <stddef.h>
#include <sys/types.h>

#define FILE_WRITE_MODE 0640

/*
 * Can path be written this way? Its folder must exist and be writable, and path must be a
 * regular file or nothing. Returns 0, or -1 with *cause (caller frees), e.g. "cannot write
 * /dev/full: it is a device, not a file".
 */
int file_write_check(const char *path, char **cause);

struct file_write {
    int fd;     /* the temporary file, open for writing; -1 when none */
    char *tmp;  /* owned: its path */
    char *path; /* owned: the target */
};

/* Create the temporary file for path (after file_write_check's checks). -1 with *cause. */
int file_write_open(struct file_write *w, const char *path, char **cause);
/* Flush it to disk and rename it over the target (checked again); the folder is synced.
 * Closes w either way; on failure the temporary file is removed. -1 with *cause. */
int file_write_commit(struct file_write *w, char **cause);
/* Give up: close and remove the temporary file. Safe on a zeroed or closed w. */
void file_write_abort(struct file_write *w);

/* The whole file at once: open, write data[0..n), commit. -1 with *cause. */
int file_write_all(const char *path, const void *data, size_t n, char **cause);

/* Remove temporary files in dir left behind by writers that were killed (not locked).
 * Returns how many were removed. */
int file_write_sweep(const char *dir);

#endif
