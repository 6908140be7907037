/* Helpers shared by the unit tests: see testutil.h. */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "xmalloc.h"

char *
test_read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    struct strbuf b;
    char buf[4096];
    size_t n;

    if (f == NULL)
        return NULL;
    strbuf_init(&b);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        strbuf_add(&b, buf, n);
    fclose(f);
    return strbuf_take(&b);
}

int
test_remove_tree(const char *path)
{
    struct stat st;
    int rc = 0;

    if (lstat(path, &st) != 0)
        return 0;
    if (!S_ISDIR(st.st_mode))
        return unlink(path) == 0 ? 0 : -1;
    {
        DIR *d = opendir(path);
        struct dirent *e;

        if (d == NULL)
            return -1;
        while ((e = readdir(d)) != NULL) {
            char *sub;

            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            xasprintf(&sub, "%s/%s", path, e->d_name);
            if (test_remove_tree(sub) != 0)
                rc = -1;
            free(sub);
        }
        closedir(d);
    }
    return rmdir(path) == 0 ? rc : -1;
}

struct db *
test_db_in_tmp(char dir[64], const char *tag)
{
    struct db *db = NULL;
    char *path, *cause = NULL;

    setenv("TZ", "Asia/Ho_Chi_Minh", 1);
    tzset();
    snprintf(dir, 64, "/tmp/kiosk-%s-XXXXXX", tag);
    if (mkdtemp(dir) == NULL)
        die("mkdtemp %s", dir);
    xasprintf(&path, "%s/kiosk.db", dir);
    if (db_open(path, &db, &cause) != 0)
        die("test database %s: %s", path, cause);
    free(path);
    return db;
}

bool
test_file_exists(const char *path)
{
    FILE *f = fopen(path, "rb");

    if (f == NULL)
        return false;
    fclose(f);
    return true;
}

void
test_go_to_root(void)
{
    static const char *const ups[] = { "..", "../.." };

    for (size_t i = 0; i < 2 && !test_file_exists("tests/fixtures/catalog_small.json"); i++)
        if (chdir(ups[i]) != 0)
            break;
}
