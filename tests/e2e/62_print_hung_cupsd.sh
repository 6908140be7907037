#!/bin/sh
# A print service that hangs (cupsd stopped with SIGSTOP: it still accepts connections and
# never answers). Every CUPS call has a deadline: the printing screen says "Dịch vụ in không
# trả lời" instead of "Đang in…" for minutes, the next slip is not blocked behind the first,
# no printer is blamed, and once cupsd runs again each slip prints exactly once.
. "$(dirname "$0")/../lib/e2e.sh"
. "$(dirname "$0")/../lib/cupsd.sh"
export LC_ALL=C.UTF-8
e2e_init print_hung
cupsd_init
cont_cleanup() {
    rc=$?
    [ -n "$CUPSD_PID" ] && kill -CONT "$CUPSD_PID" 2>/dev/null
    e2e_cleanup
    (exit $rc)
    cupsd_cleanup
}
trap cont_cleanup EXIT
cupsd_start || exit 1
cupsd_add_pdf_queue Kiosk || exit 1
cat >>"$T/kiosk.conf" <<CONF
[printer]
name = Kiosk
paper = 80mm
print_timeout = 30
CONF
# Each CUPS call gives up after 2 s here (15 s by default), so the test is quick.
export KIOSK_CUPS_DEADLINE=2

slip_on_screen() {
    e2e_screen | sed -n 's/.*Số phiếu của bạn: \([0-9-]*\).*/\1/p' | head -1
}

kill -STOP "$CUPSD_PID"
out=$("$KIOSK" -c "$T/kiosk.conf" printers 2>&1)
check "printers: a hung print service is an error" test $? != 0
check "printers: reported as not answering" contains "does not answer" "$out"

e2e_start
e2e_wait "Xin chào" >/dev/null
check "a slip reaches the printing screen" e2e_print_from_screen 3
slip1=$(slip_on_screen)
check "the screen says the print service does not answer" e2e_wait "Dịch vụ in không trả lời" 20
e2e_keys 1
e2e_wait "Xin chào" >/dev/null
check "a second slip reaches the printing screen" e2e_print_from_screen 3
slip2=$(slip_on_screen)
record fault "print service hung (cupsd stopped)" "the second is not stuck behind the first: it says so too" e2e_wait "Dịch vụ in không trả lời" 20
check "no printer was blamed" sh -c '! grep -q "no printer named" "$1"' _ "$T/var/kiosk.log"
check "the log names the hung service" grep -q "does not answer" "$T/var/kiosk.log"

kill -CONT "$CUPSD_PID"
check "cupsd runs again: the screen says it printed" e2e_wait "Đã in xong" 60
check "the first slip printed exactly once" test "$(pt_files_for Kiosk "$slip1")" = 1
check "the second slip printed exactly once" test "$(pt_files_for Kiosk "$slip2")" = 1
check "CUPS completed two jobs in all" test "$(cupsd_completed_count Kiosk)" = 2
check "the kiosk is still running" e2e_alive

# Text from CUPS reaches the staff's terminal without escape sequences: a printer message
# that would retitle the window and clear the screen is shown as plain text.
cupsdisable -r "$(printf 'Hết\033]0;pwned\007 giấy\033[2J')" Kiosk
out=$("$KIOSK" -c "$T/kiosk.conf" printers 2>&1)
record input "escape sequences in a CUPS printer message (printers)" \
    "printers shows CUPS's message without control characters" \
    sh -c 'case $1 in *"$(printf "\033")"* | *"$(printf "\007")"*) false ;; *"Hết]0;pwned giấy[2J"*) true ;; *) echo "# $1"; false ;; esac' _ "$out"
out=$("$KIOSK" -c "$T/kiosk.conf" jobs 2>&1)
check "jobs output has no control characters" \
    sh -c 'case $1 in *"$(printf "\033")"*) false ;; *) true ;; esac' _ "$out"
cupsenable Kiosk
n1=$(pt_files_for Kiosk "$slip1")
n2=$(pt_files_for Kiosk "$slip2")
lost=0
dup=0
for n in $n1 $n2; do
    [ "$n" = 0 ] && lost=$((lost + 1))
    [ "$n" -gt 1 ] && dup=$((dup + n - 1))
done
record_jobs 2 $((n1 + n2 - dup)) "$lost" "$dup"

pt_done
