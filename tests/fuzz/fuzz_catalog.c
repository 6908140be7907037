/*
 * libFuzzer harness for the catalog loader: arbitrary bytes into catalog_load_buffer, then
 * everything freed (leaks are caught by ASan). A valid catalog is also driven through the
 * lookups and the base-URL override, which rebuild every QR URL.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -std=c11 -Isrc -D_DEFAULT_SOURCE \
 *       tests/fuzz/fuzz_catalog.c src/catalog.c src/flow.c src/xmalloc.c src/log.c \
 *       src/i18n.c src/text.c $(pkg-config --cflags --libs jansson libsodium)
 *   ./a.out -max_total_time=60 corpus/ tests/fixtures/   (seed: the catalog fixtures)
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "catalog.h"
#include "flow.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct strlist problems = { 0 };
    struct catalog *cat = NULL;

    if (catalog_load_buffer("fuzz", (const char *)data, size, &cat, &problems) == 0) {
        int answers[8] = { 1, 1, 1, 1, 1, 1, 1, 1 };
        int pos;

        for (size_t i = 0; i < cat->nservices; i++) {
            const struct service *s = &cat->services[i];

            (void)catalog_service(cat, s->number);
            (void)catalog_service_by_code(cat, s->code);
            (void)catalog_service_active(s, "2025-10-01");
            for (size_t n = 0; n <= 8; n++)
                (void)flow_walk(s, answers, n, &pos);
        }
        free(catalog_portal_home_url(catalog_provincial(cat, "2025-10-01")));
        (void)catalog_set_portal_base(cat, "dvcqg", "https://example.test/", &problems);
        catalog_free(cat);
    }
    strlist_free(&problems);
    return 0;
}
