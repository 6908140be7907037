#!/bin/sh
# Printer faults, end to end against a real private cupsd: each is told apart with its own
# message, and the job is kept and printed exactly once when the fault is fixed — the print
# service stopped, the queue missing, the queue paused ("Hết giấy"), the queue rejecting, a
# job held in CUPS past the timeout (reported, kept, then printed or cancelled by staff).
# Runnable by hand: BUILD=build-cups sh tests/e2e/40_print_faults.sh
. "$(dirname "$0")/../lib/e2e.sh"
. "$(dirname "$0")/../lib/cupsd.sh"
cupsd_init
cupsd_start || exit 1
cupsd_add_pdf_queue Q || exit 1
pt_conf Q 80mm

# Queue a slip the way the kiosk does (a row only); echo "ID SLIP".
queue_slip() {
    out=$("$KC" -c "$CONF" slip --service 3 --answers 2 --queue "$@")
    echo "$(echo "$out" | pt_job_id) $(echo "$out" | pt_slip_no)"
}

# --- the print service is not running -------------------------------------------------------
cupsd_stop
out=$("$KC" -c "$CONF" slip --service 3 --answers 2 --print 2>&1)
check "cupsd stopped: slip --print exits 1" test $? = 1
check "cupsd stopped: the message says the print service is not running" \
    contains "the print service (CUPS) is not running" "$out"
set -- $(queue_slip)
id=$1 slip=$2
"$KP" -c "$CONF" run-queue --once
check "cupsd stopped: the queued job stays queued" test "$(pt_state "$id")" = queued
check "cupsd stopped: kiosk-print jobs gives the reason" \
    contains "the print service (CUPS) is not running" "$("$KP" -c "$CONF" jobs)"
cupsd_start || exit 1
"$KP" -c "$CONF" run-queue --once
check "cupsd back: the job is done" test "$(pt_state "$id")" = done
check "cupsd back: it printed exactly once" test "$(pt_files_for Q "$slip")" = 1

# --- no such queue --------------------------------------------------------------------------
pt_conf Missing 80mm
out=$("$KC" -c "$CONF" slip --service 3 --answers 2 --print 2>&1)
check "queue missing: slip --print exits 1" test $? = 1
check "queue missing: the message names the printer" contains 'no printer named "Missing"' "$out"
set -- $(queue_slip)
id=$1 slip=$2
"$KP" -c "$CONF" run-queue --once
check "queue missing: the job stays queued" test "$(pt_state "$id")" = queued
check "queue missing: kiosk-print jobs gives the reason" \
    contains 'no printer named "Missing"' "$("$KP" -c "$CONF" jobs)"
out=$("$KP" -c "$CONF" printers 2>&1)
check "queue missing: printers says kiosk.conf names a printer CUPS does not have" \
    contains 'names printer "Missing", which CUPS does not have' "$out"
cupsd_add_pdf_queue Missing || exit 1
"$KP" -c "$CONF" run-queue --once
check "queue added: the job is done" test "$(pt_state "$id")" = done
check "queue added: it printed exactly once" test "$(pt_files_for Missing "$slip")" = 1
pt_conf Q 80mm

# --- paused: out of paper -------------------------------------------------------------------
cupsdisable -r "Hết giấy" Q
set -- $(queue_slip)
id=$1 slip=$2
"$KP" -c "$CONF" run-queue --once
check "paused: the job stays queued" test "$(pt_state "$id")" = queued
jobs=$("$KP" -c "$CONF" jobs)
check "paused: kiosk-print jobs shows CUPS's reason" contains "Hết giấy" "$jobs"
check "paused: … and that the printer is paused" contains "the printer is paused" "$jobs"
check "paused: nothing reached CUPS" test "$(cupsd_completed_count Q)$(lpstat -o Q)" = 1
out=$("$KP" -c "$CONF" printers 2>&1)
check "paused: printers shows the state and the reason" \
    sh -c 'echo "$1" | grep "^Q " | grep "paused" | grep -q "Hết giấy"' _ "$out"
out=$("$KC" -c "$CONF" slip --service 3 --answers 2 --print 2>&1)
check "paused: slip --print exits 1" test $? = 1
check "paused: … saying why and that the slip stays queued" \
    sh -c 'echo "$1" | grep -q "Hết giấy" && echo "$1" | grep -q "stays queued"' _ "$out"
pid=$(echo "$out" | sed -n 's/.*(job \([0-9]*\)).*/\1/p')
cupsenable Q
"$KP" -c "$CONF" run-queue --once
check "resumed: the queued job is done" test "$(pt_state "$id")" = done
check "resumed: the command's job is done too" test "$(pt_state "$pid")" = done
check "resumed: the queued slip printed exactly once" test "$(pt_files_for Q "$slip")" = 1
"$KP" -c "$CONF" run-queue --once
check "a second run prints nothing again" test "$(pt_files_for Q "$slip")" = 1
check "CUPS completed one job per slip" test "$(cupsd_completed_count Q)" = 3

# --- rejecting jobs -------------------------------------------------------------------------
cupsreject -r "Bảo trì máy in" Q
out=$("$KC" -c "$CONF" slip --service 3 --answers 2 --print 2>&1)
check "rejecting: slip --print exits 1" test $? = 1
check "rejecting: the message says it is not accepting jobs" \
    contains 'printer "Q" is not accepting jobs' "$out"
id=$(echo "$out" | sed -n 's/.*(job \([0-9]*\)).*/\1/p')
check "rejecting: the job stays queued" test "$(pt_state "$id")" = queued
cupsaccept Q
"$KP" -c "$CONF" run-queue --once
check "accepting again: the job is done" test "$(pt_state "$id")" = done
check "accepting again: CUPS completed one more job" test "$(cupsd_completed_count Q)" = 4

# --- pending too long: reported and kept; staff release or cancel it --------------------------
cupsd_add_pdf_queue Held -o job-hold-until-default=indefinite || exit 1
out=$(KIOSK_PRINT_TIMEOUT=1 "$KC" -c "$CONF" slip --service 3 --answers 2 --printer Held 2>&1)
check "held: slip --printer exits 1 after the timeout" test $? = 1
check "held: the message says it is still waiting in CUPS" contains "still waiting on Held" "$out"
id=$(echo "$out" | sed -n 's/.*kiosk-print cancel \([0-9]*\).*/\1/p')
check "held: the job is kept as sent" test "$(pt_state "$id")" = sent
check "held: kiosk-print jobs shows the timeout" \
    contains "the job is still waiting in CUPS" "$("$KP" -c "$CONF" jobs)"
cups=$(lpstat -o Held | awk '{ print $1; exit }')
lp -i "$cups" -H resume >/dev/null
cupsd_wait_idle Held
"$KP" -c "$CONF" run-queue --once
check "released: the next run marks it done" test "$(pt_state "$id")" = done
check "released: printed once" test "$(cupsd_completed_count Held)" = 1
out=$(KIOSK_PRINT_TIMEOUT=1 "$KC" -c "$CONF" slip --service 3 --answers 2 --printer Held 2>&1)
id=$(echo "$out" | sed -n 's/.*kiosk-print cancel \([0-9]*\).*/\1/p')
check "staff cancel a held job" "$KP" -c "$CONF" cancel "$id"
check "cancel: the job is cancelled" test "$(pt_state "$id")" = cancelled
check "cancel: CUPS cancelled it too" test -z "$(lpstat -o Held)"
check "cancel: nothing more printed" test "$(cupsd_completed_count Held)" = 1
out=$("$KP" -c "$CONF" cancel "$id" 2>&1)
check "cancelling twice is refused" sh -c 'test "$1" != 0 && echo "$2" | grep -q "is cancelled"' _ $? "$out"
check "retry sends a cancelled job again" sh -c 'KIOSK_PRINT_TIMEOUT=1 "$1" -c "$2" retry "$3"; test "$("$1" -c "$2" jobs | awk -v id="$3" "\$1 == id { print \$4; exit }")" = sent' _ "$KP" "$CONF" "$id"

pt_done
