#!/bin/sh
# Faults of an unattended PC, each with the real kiosk in tmux: signals that would end it,
# terminals it cannot drive, the database deleted under it, and the database locked by
# another process (a backup, sqlite3 at a shell) while a resident types.
. "$(dirname "$0")/../lib/e2e.sh"
e2e_init faults
DB=$T/var/kiosk.db
PRINT="$ROOT/$BUILD/kiosk-print"

q() { sqlite3 "$DB" "$1"; }
pane() { tmux -S "$SOCK" display -p "$1"; }
kiosk_pid() { pgrep -f "^$KIOSK -c $T/kiosk.conf" | head -1; }
# Wait (up to $2 s) until the SQL query prints $3.
wait_sql() {
    i=0
    while [ $i -lt $(( ${2:-10} * 20 )) ]; do
        [ "$(q "$1" 2>/dev/null)" = "$3" ] && return 0
        sleep 0.05
        i=$((i + 1))
    done
    echo "# waited for \"$1\" = $3, got $(q "$1" 2>&1)"
    return 1
}

# --- Signals whose default action ends a process: the terminal is restored and the session
# closed, as for SIGTERM.
for sig in USR1 USR2 ALRM VTALRM RTMIN+3; do
    e2e_start
    e2e_wait "Xin chào" >/dev/null
    e2e_keys 2
    e2e_wait "Hộ tịch" >/dev/null
    pid=$(kiosk_pid)
    kill -s "$sig" "$pid" 2>/dev/null || kill "-$sig" "$pid"
    record fault "SIG$sig during a session" "SIG$sig ends the kiosk the orderly way (exit 0)" e2e_wait "KIOSK-EXITED-0"
    check "SIG$sig: the alternate screen is off again" test "$(pane '#{alternate_on}')" = 0
    check "SIG$sig: mouse reporting is off again" test "$(pane '#{mouse_any_flag}')" = 0
    check "SIG$sig: keypad mode is off again" test "$(pane '#{keypad_flag}')" = 0
    check "SIG$sig: no session is left open" test "$(q "SELECT count(*) FROM sessions WHERE ended_how = 'open'")" = 0
done
check "every signalled session was recorded and closed" \
    test "$(q "SELECT count(*) FROM sessions WHERE ended_how = 'exit'")" -ge 5

# --- Terminals: unknown and dumb types are refused on the terminal itself (not only the log).
run_term() {
    E2E_STARTS=$((E2E_STARTS + 1))
    SOCK="$T/tmux$E2E_STARTS.sock"
    tmux -u -S "$SOCK" -f /dev/null new-session -d -x 100 -y 24 \
        "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=$1 $KIOSK -c $T/kiosk.conf; echo KIOSK-EXITED-\$?; sleep 60"
}
run_term unknownterm
check "TERM=unknownterm: exit 2" e2e_wait "KIOSK-EXITED-2"
record input "TERM=unknownterm" "TERM=unknownterm: the reason is on the terminal" e2e_wait 'unknown terminal type "unknownterm"'
run_term dumb
check "TERM=dumb: exit 2" e2e_wait "KIOSK-EXITED-2"
record input "TERM=dumb (no cursor addressing)" "TERM=dumb: refused with the reason" e2e_wait 'cannot place the cursor'
check "the log has the reason too" grep -q 'cannot place the cursor' "$T/var/kiosk.log"

# --- The database held locked by another process: keys stay responsive, the session is
# written once the lock is gone. sqlite3 holds BEGIN EXCLUSIVE until we say COMMIT.
e2e_start
e2e_wait "Xin chào" >/dev/null
before=$(q "SELECT count(*) FROM sessions")
mkfifo "$T/lock.fifo"
sqlite3 "$DB" <"$T/lock.fifo" >"$T/lock.out" 2>&1 &
lockpid=$!
exec 3>"$T/lock.fifo"
echo "BEGIN EXCLUSIVE; INSERT INTO settings(key, value) VALUES ('lock_test', 'x'); SELECT 'LOCKED';" >&3
i=0
while ! grep -q LOCKED "$T/lock.out" && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
check "another process holds the write lock" grep -q LOCKED "$T/lock.out"
# Screens in a row: with a 5 s wait per key this would take half a minute; each comes at once.
e2e_keys 2
check "locked database: a key still opens the group" e2e_wait "Hộ tịch" 4
e2e_keys Down Up Enter
check "locked database: Enter opens the service" e2e_wait "Dành cho:" 4
e2e_keys 0
check "locked database: back to the group" e2e_wait "Làm giấy khai tử" 4
e2e_keys Enter
check "locked database: the service again" e2e_wait "Dành cho:" 4
e2e_keys '*'
check "locked database: start again" e2e_wait "Xin chào" 4
check "nothing was written while locked" test "$(q "SELECT count(*) FROM sessions")" = "$before"
echo "COMMIT;" >&3
exec 3>&-
wait "$lockpid"
record fault "database write-locked by another process while a resident types" "after the lock: the kept sessions are written" \
    wait_sql "SELECT count(*) > $before FROM sessions" 10 1
check "after the lock: with their steps" \
    wait_sql "SELECT count(*) > 0 FROM session_steps s JOIN sessions x ON x.id = s.session_id WHERE x.id > $before" 10 1
check "after the lock: the first session is closed as restarted" \
    wait_sql "SELECT count(*) FROM sessions WHERE id > $before AND ended_how = 'restart'" 10 1
check "the log says the database was busy" grep -q "busy (locked by another process)" "$T/var/kiosk.log"
pid=$(kiosk_pid)
kill -TERM "$pid"
e2e_wait "KIOSK-EXITED-0" >/dev/null

# --- The database deleted while the kiosk runs: it stops with a message, and the print
# helper does not create a fresh, empty one.
e2e_start
e2e_wait "Xin chào" >/dev/null
e2e_keys 2
e2e_wait "Hộ tịch" >/dev/null
rm -f "$DB" "$DB-wal" "$DB-shm"
record fault "database deleted while the kiosk runs" "a deleted database stops the kiosk (exit 3)" e2e_wait "KIOSK-EXITED-3" 10
check "with the reason on the terminal" e2e_wait "was deleted while"
check "and in the log" grep -q 'was deleted while the kiosk was running' "$T/var/kiosk.log"
"$PRINT" -c "$T/kiosk.conf" run-queue --once >"$T/rq.out" 2>&1
check "the queue runner refuses a missing database" test $? != 0
check "and says so" grep -q 'no database at' "$T/rq.out"
record fault "queue runner started on a deleted database" "and creates none" test ! -e "$DB"

e2e_done
