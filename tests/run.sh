#!/bin/sh
# Run every test and end with one line "N passed, N failed".
#   BUILD=dir        the build folder (default build)
#   ONLY=unit|e2e    run one level only
#   VALGRIND=1       unit tests under valgrind (make valgrind)
#   SANITIZE=1       a sanitizer build (make asan): the e2e tests use it too
#   UPDATE_GOLDEN=1  golden-screen tests rewrite tests/golden/
# Unit and golden-screen tests are the cmocka binaries build/tests/test_*; end-to-end tests
# are tests/e2e/*.sh, each printing "ok - …" / "not ok - …" lines.
set -u
cd "$(dirname "$0")/.." || exit 2
BUILD=${BUILD:-build}
ONLY=${ONLY:-all}
export BUILD LANG=C.UTF-8 LC_ALL=C.UTF-8
unset KIOSK_CONFIG
LOGDIR=$BUILD/test-logs
rm -rf "$LOGDIR"
# The reliability figures (scripts/reliability.sh) are those of this run only.
[ "$ONLY" != unit ] && rm -f "$BUILD/reliability.tsv"
mkdir -p "$LOGDIR"
pass=0
fail=0
failures=""

note_fail() {
    failures="$failures $1"
}

if [ "$ONLY" != e2e ]; then
    for t in "$BUILD"/tests/test_*; do
        [ -x "$t" ] || continue
        case "$t" in *.o | *.d) continue ;; esac
        name=$(basename "$t")
        log="$LOGDIR/$name.log"
        if [ "${VALGRIND:-0}" = 1 ]; then
            valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 \
                --suppressions=tests/valgrind.supp "$t" >"$log" 2>&1
        else
            "$t" >"$log" 2>&1
        fi
        rc=$?
        run=$(grep -c '^\[ RUN      \]' "$log")
        ok=$(grep -c '^\[       OK \]' "$log")
        bad=$((run - ok))
        if [ "$rc" != 0 ] && [ "$bad" -le 0 ]; then bad=1; fi
        pass=$((pass + ok))
        fail=$((fail + bad))
        if [ "$bad" -gt 0 ]; then
            note_fail "$name"
            echo "FAIL $name (exit $rc)"
            grep -E '^\[  (FAILED|ERROR) +\]|error|Error|ERROR|LeakSanitizer|runtime error|definitely' "$log" | head -20
        else
            echo "ok   $name ($ok)"
        fi
    done
fi

if [ "$ONLY" != unit ]; then
    for s in tests/e2e/*.sh; do
        [ -f "$s" ] || continue
        name=$(basename "$s" .sh)
        log="$LOGDIR/e2e-$name.log"
        sh "$s" >"$log" 2>&1
        rc=$?
        ok=$(grep -c '^ok ' "$log")
        bad=$(grep -c '^not ok ' "$log")
        if [ "$rc" != 0 ] && [ "$bad" = 0 ]; then bad=1; fi
        pass=$((pass + ok))
        fail=$((fail + bad))
        if [ "$bad" -gt 0 ]; then
            note_fail "$name"
            echo "FAIL e2e $name (exit $rc)"
            grep -E '^not ok|^#' "$log" | head -30
        else
            echo "ok   e2e $name ($ok)"
            grep '^# skipped:' "$log"
        fi
    done
fi

[ -s "$BUILD/reliability.tsv" ] &&
    echo "reliability figures: sh scripts/reliability.sh $BUILD/reliability.tsv"
[ -n "$failures" ] && echo "failed:$failures (logs in $LOGDIR)"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
