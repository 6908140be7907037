/* Small helpers shared by the unit tests: files, temporary folders, a fresh database. */
#ifndef KIOSK_TESTUTIL_H
#define KIOSK_TESTUTIL_H

#include <stdbool.h>

struct db;

/* Does path exist and open for reading? */
bool test_file_exists(const char *path);
/* Run from the repository root, also when started from tests/ or the build folder (the
 * folder that holds tests/fixtures/). */
void test_go_to_root(void);

/* The whole file (caller frees), or NULL when it cannot be read. */
char *test_read_file(const char *path);
/* rm -rf path. Returns 0, or -1 when something could not be removed (a missing path is 0). */
int test_remove_tree(const char *path);
/* Set TZ to Asia/Ho_Chi_Minh, make a temporary folder /tmp/kiosk-<tag>-XXXXXX in dir and open
 * a fresh, migrated database dir/kiosk.db in it. Dies on failure (a broken test set-up). */
struct db *test_db_in_tmp(char dir[64], const char *tag);

#endif
