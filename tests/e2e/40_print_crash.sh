#!/bin/sh
# Nothing lost, nothing printed twice: the print helper is killed with SIGKILL at each step
# between "queued" and "done" (KIOSK_CRASH_AT, test builds only), restarted, and each slip is
# printed exactly once — counted both in cups-pdf's folder and in CUPS's completed jobs. Then
# two queue runners work the same queue at once (without the lock that normally keeps the
# second away): each job is printed once.
# Any slip printed twice, or not at all, fails the test (each "check" prints "not ok").
# Runnable by hand: make BUILD=build-cups TEST_HOOKS=1 all && BUILD=build-cups sh tests/e2e/40_print_crash.sh
. "$(dirname "$0")/../lib/e2e.sh"
. "$(dirname "$0")/../lib/cupsd.sh"
cupsd_init
cupsd_start || exit 1
cupsd_add_pdf_queue Q || exit 1
pt_conf Q 80mm

queue_slip() {
    out=$("$KC" -c "$CONF" slip --service 3 --answers 2 --queue)
    echo "$(echo "$out" | pt_job_id) $(echo "$out" | pt_slip_no)"
}

for step in claimed submitted sent polled; do
    set -- $(queue_slip)
    id=$1 slip=$2
    KIOSK_CRASH_AT=$step "$KP" -c "$CONF" run-queue --once 2>/dev/null
    rc=$?
    check "crash at $step: the helper was killed (SIGKILL)" test "$rc" = 137
    state=$(pt_state "$id")
    case $step in
    claimed | submitted) want=sending ;;
    *) want=sent ;;
    esac
    check "crash at $step: the job was left $want" test "$state" = "$want"
    # CUPS carries on without the helper; then the helper comes back.
    cupsd_wait_idle Q
    "$KP" -c "$CONF" run-queue --once
    check "crash at $step: after a restart the job is done" test "$(pt_state "$id")" = done
    check "crash at $step: printed exactly once (cups-pdf)" test "$(pt_files_for Q "$slip")" = 1
    check "crash at $step: printed exactly once (CUPS)" \
        test "$(cupsd_completed_count Q "$slip")" = 1
done
"$KP" -c "$CONF" run-queue --once
check "another run after all that prints nothing again" test "$(cupsd_completed_count Q)" = 4

# A crash while the print service is down: the job cannot be looked up, so it is not sent
# again until CUPS answers.
set -- $(queue_slip)
id=$1 slip=$2
KIOSK_CRASH_AT=submitted "$KP" -c "$CONF" run-queue --once 2>/dev/null
cupsd_wait_idle Q
cupsd_stop
"$KP" -c "$CONF" run-queue --once
check "CUPS down after a crash: the job stays sending, not sent twice" test "$(pt_state "$id")" = sending
check "CUPS down after a crash: jobs shows why" \
    contains "the print service (CUPS) is not running" "$("$KP" -c "$CONF" jobs)"
cupsd_start || exit 1
"$KP" -c "$CONF" run-queue --once
check "CUPS back: the job is done" test "$(pt_state "$id")" = done
check "CUPS back: printed exactly once" test "$(cupsd_completed_count Q "$slip")" = 1

# Two runners at once, without the lock: claiming alone keeps every job single.
ids=""
for i in 1 2 3 4 5 6 7 8; do
    set -- $(queue_slip)
    ids="$ids $1"
done
"$KP" -c "$CONF" run-queue --no-lock &
a=$!
"$KP" -c "$CONF" run-queue --no-lock &
b=$!
wait $a
ra=$?
wait $b
rb=$?
check "two runners: both finish" test "$ra$rb" = 00
for id in $ids; do
    slip=$("$KP" -c "$CONF" jobs | awk -v id="$id" '$1 == id { print $2; exit }')
    check "two runners: job $id is done" test "$(pt_state "$id")" = done
    check "two runners: job $id printed exactly once" \
        test "$(cupsd_completed_count Q "$slip")$(pt_files_for Q "$slip")" = 11
done
check "two runners: CUPS completed 13 jobs in all" test "$(cupsd_completed_count Q)" = 13

# With the lock (the kiosk's way): a second runner leaves at once, the first prints all.
set -- $(queue_slip)
id=$1 slip=$2
exec 9>"$CUPSD_DIR/var/kiosk.db.print-lock"
flock -n 9
"$KP" -c "$CONF" run-queue
check "a runner finding the lock taken leaves the job to the holder" test "$(pt_state "$id")" = queued
exec 9>&-
"$KP" -c "$CONF" run-queue
check "once the lock is free the next runner prints it" test "$(pt_state "$id")" = done

# The reliability table: every slip this test queued through the crashes, and what CUPS
# printed of each.
sent=0 printed=0 lost=0 dup=0
for slip in $(sqlite3 "$CUPSD_DIR/var/kiosk.db" "SELECT slip_no FROM print_jobs"); do
    n=$(cupsd_completed_count Q "$slip")
    sent=$((sent + 1))
    if [ "$n" -ge 1 ]; then printed=$((printed + 1)); else lost=$((lost + 1)); fi
    [ "$n" -gt 1 ] && dup=$((dup + n - 1))
done
record_jobs "$sent" "$printed" "$lost" "$dup"
record fault "print helper killed (SIGKILL) at each step of a job, then restarted" \
    "every job through the crashes printed, none twice" test "$lost$dup" = 00

pt_done
