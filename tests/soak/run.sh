#!/bin/sh
# make soak: the real kiosk in tmux under random but replayable keys (tests/soak/soak.sh),
# first under AddressSanitizer + UBSan (build-asan), then the same seed again on the normal
# build ($BUILD) to compare resident memory at the end with memory after the first 1000 keys.
#
#   SOAK_SEED=N     the seed (default: the time; always printed, with the replay command)
#   SOAK_KEYS=N     keys per pass (default 20000)
#   SOAK_ONLY=asan|replay   one pass only
#   SOAK_KEEP=1     keep the test folder (logs, database, PDFs)
# Ends with one line "N passed, N failed" like make test; exit status 0 only when all pass.
set -u
cd "$(dirname "$0")/../.." || exit 2
SEED=${SOAK_SEED:-$(date +%s)}
KEYS=${SOAK_KEYS:-20000}
ONLY=${SOAK_ONLY:-all}
NORMAL=${BUILD:-build}
ASAN_FLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"

if [ "$ONLY" != replay ]; then
    make --no-print-directory -s BUILD=build-asan TEST_HOOKS=1 CFLAGS="$ASAN_FLAGS" \
        LDFLAGS="-fsanitize=address,undefined" all || exit 2
fi
if [ "$ONLY" != asan ]; then
    make --no-print-directory -s BUILD="$NORMAL" all || exit 2
fi
echo "soak: seed $SEED, $KEYS keys per pass (replay: SOAK_SEED=$SEED SOAK_KEYS=$KEYS make soak)"

BUILD=build-asan
. tests/lib/e2e.sh
. tests/soak/soak.sh
soak_init soak
soak_cups_start || echo "# the private cupsd did not start: printing is not soaked"
soak_config
if [ "$ONLY" != replay ]; then
    KIOSK="$ROOT/build-asan/kiosk"
    soak_pass asan "$SEED" "$KEYS" 1 0
fi
if [ "$ONLY" != asan ]; then
    KIOSK="$ROOT/$NORMAL/kiosk"
    soak_pass replay "$SEED" "$KEYS" 0 1
fi
[ "$E2E_FAILS" -gt 0 ] && echo "soak: FAILED with seed $SEED (replay: SOAK_SEED=$SEED SOAK_KEYS=$KEYS make soak)"
echo "$SOAK_PASSED passed, $E2E_FAILS failed"
soak_done
