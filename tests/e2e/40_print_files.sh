#!/bin/sh
# Files: -o never destroys what is not ours. A folder, a FIFO and (as root) a fresh character
# device given to -o are refused with exit 2, before any job is queued, and are still what
# they were; a neighbouring FILE.pdf.tmp survives; slips are created 0640; temporary files a
# killed helper left in the PDF folder go at the next queue run, and nothing else does. And
# the command line says no to what it cannot do: extra arguments, a month that has not begun.
# Runnable by hand: BUILD=build sh tests/e2e/40_print_files.sh
. "$(dirname "$0")/../lib/e2e.sh"
export LC_ALL=C.UTF-8
e2e_init print_files
KC="$KIOSK -c $T/kiosk.conf"
KP="$(dirname "$KIOSK")/kiosk-print"
umask 022
mkdir -p "$T/var/slips" "$T/out"

# How many print jobs the database holds.
njobs() {
    "$KP" -c "$T/kiosk.conf" jobs | sed -n 's/^Recent (24 hours): //p' | grep . || echo 0
}

# refuse NAME PATH TEST: -o PATH exits 2 with a message naming it, queues nothing, and
# PATH still passes `test TEST`.
refuse() {
    before=$(njobs)
    out=$($KC slip --service 3 --answers 2 -o "$2" 2>&1)
    rc=$?
    check "-o $1: exit 2" test "$rc" = 2
    check "-o $1: the message names it" sh -c 'echo "$1" | grep -qF "cannot write $2: it is"' \
        _ "$out" "$2"
    check "-o $1: no job was queued" test "$(njobs)" = "$before"
    check "-o $1: it is still $1" test "$3" "$2"
}

$KC slip --service 3 --answers 2 -o "$T/out/first.pdf" >/dev/null
check "a slip is written with -o" test -s "$T/out/first.pdf"
check "… created 0640" test "$(stat -c %a "$T/out/first.pdf")" = 640

refuse "a folder" "$T/out" -d
mkfifo "$T/out/pipe.pdf"
refuse "a FIFO" "$T/out/pipe.pdf" -p
if [ "$(id -u)" = 0 ]; then
    # A fresh character device like /dev/full (1, 7), in the test's own folder.
    mknod "$T/out/full" c 1 7
    refuse "a character device" "$T/out/full" -c
else
    echo "ok - -o a character device # skipped: mknod needs root"
fi
out=$($KC handout 3 -o "$T/out/" 2>&1)
check "-o a name ending in / is refused with exit 2" test $? = 2

# A file the user keeps beside the target is never touched.
printf 'mine\n' >"$T/out/slip.pdf.tmp"
$KC slip --service 3 --answers 2 -o "$T/out/slip.pdf" >/dev/null
check "the slip is written beside a FILE.pdf.tmp" test -s "$T/out/slip.pdf"
check "… which survives, unchanged" test "$(cat "$T/out/slip.pdf.tmp")" = mine
check "… and no temporary file of ours is left" \
    test -z "$(find "$T/out" -name '*.kiosk-tmp')"

# A helper killed while writing leaves its temporary file; the next queue run removes it
# (only ours: a user's file that merely looks temporary stays).
printf 'half a PDF' >"$T/var/slips/.20261206-0007.pdf.k3xq9a0b.kiosk-tmp"
printf 'mine\n' >"$T/var/slips/notes.tmp"
"$KP" -c "$T/kiosk.conf" run-queue --once
check "the next queue run removes a killed helper's temporary PDF" \
    test ! -e "$T/var/slips/.20261206-0007.pdf.k3xq9a0b.kiosk-tmp"
check "… and leaves the user's own files" test -s "$T/var/slips/notes.tmp"

# The command line: extra arguments are errors; a month that has not begun is refused.
for cmd in "check-config extra" "handout 3 extra -o $T/out/x.pdf" "reprint 1 2 -o $T/out/x.pdf" \
    "print-test A B" "stats extra" "jobs extra" "catalog list a b" "set-pin extra"; do
    # shellcheck disable=SC2086
    $KC $cmd </dev/null >/dev/null 2>"$T/err"
    rc=$?
    check "kiosk $cmd: exit 2 with a message" sh -c 'test "$1" = 2 && test -s "$2"' _ "$rc" "$T/err"
done
next=$(date -d "$(date +%Y-%m-01) +2 months" +%Y-%m)
out=$($KC report --month "$next" -o "$T/out/r.pdf" 2>&1)
check "report --month $next (not begun) exits 2" test $? = 2
check "… saying it has not begun" sh -c 'echo "$1" | grep -q "has not begun"' _ "$out"
check "… and writes nothing" test ! -e "$T/out/r.pdf"

e2e_done
