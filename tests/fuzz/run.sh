#!/bin/sh
# Build and run the libFuzzer targets: the catalog loader and the Telex/VNI composer (with the
# text functions). FUZZ_SECONDS per target (default 60; make test runs a short pass).
# Fails on any crash, sanitizer report or leak; the crashing input is kept in build-fuzz/.
set -eu
cd "$(dirname "$0")/../.."
SECS=${FUZZ_SECONDS:-60}
OUT=build-fuzz
mkdir -p "$OUT"
CC=${FUZZ_CC:-clang}
FLAGS="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -std=c11 -Isrc -D_DEFAULT_SOURCE"
JANSSON=$(pkg-config --cflags --libs jansson libsodium)

build() {
    name=$1
    shift
    if [ ! -x "$OUT/$name" ] || [ -n "$(find "$@" -newer "$OUT/$name" 2>/dev/null)" ]; then
        # shellcheck disable=SC2086
        $CC $FLAGS -o "$OUT/$name" "$@" $JANSSON
    fi
}

build fuzz_compose tests/fuzz/fuzz_compose.c src/compose.c src/text.c src/xmalloc.c src/log.c
build fuzz_catalog tests/fuzz/fuzz_catalog.c src/catalog.c src/flow.c src/text.c src/xmalloc.c \
    src/stats_period.c \
    src/log.c src/i18n.c

# Seeds: real catalogs and Vietnamese phrases typed in Telex and VNI.
mkdir -p "$OUT/corpus_catalog" "$OUT/corpus_compose"
for f in assets/catalog.json tests/fixtures/catalog_*.json; do
    [ -f "$f" ] && cp "$f" "$OUT/corpus_catalog/" 2>/dev/null
done
for w in "ddawng kys khai sinh" "d9a8ng ky1 khai sinh" "nguoiwf" "Quangr Ninh" "15" "hooj chieeus"; do
    printf '\001%s' "$w" >"$OUT/corpus_compose/$(echo "$w" | tr -c 'a-zA-Z0-9' _)"
done

fails=0
for t in fuzz_catalog fuzz_compose; do
    corpus="$OUT/corpus_${t#fuzz_}"
    if ASAN_OPTIONS=detect_leaks=1 "$OUT/$t" -max_total_time="$SECS" -max_len=65536 \
        -artifact_prefix="$OUT/$t-" "$corpus" >"$OUT/$t.log" 2>&1; then
        echo "ok - $t: $(grep -o 'Done [0-9]* runs.*' "$OUT/$t.log" | tail -1)"
    else
        echo "not ok - $t (see $OUT/$t.log)"
        tail -30 "$OUT/$t.log" | sed 's/^/# /'
        fails=$((fails + 1))
    fi
done
exit "$fails"
