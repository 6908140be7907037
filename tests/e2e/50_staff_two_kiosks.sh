#!/bin/sh
# Two kiosk processes on one database (two terminals at one counter), driven at once: every
# session of each is recorded, none lost or doubled.
. "$(dirname "$0")/../lib/e2e.sh"
e2e_init staff-two
DB="$T/var/kiosk.db"
N=12
sed 's/^\[kiosk\]$/[kiosk]\nkiosk_id = k2/' "$T/kiosk.conf" >"$T/kiosk2.conf"
sed -i 's/^\[kiosk\]$/[kiosk]\nkiosk_id = k1/' "$T/kiosk.conf"

SOCK2="$T/tmux-second.sock"
tmux -u -S "$SOCK2" -f /dev/null new-session -d -x 80 -y 24 \
    "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=tmux-256color $KIOSK -c $T/kiosk2.conf; echo KIOSK-EXITED-\$?; sleep 60"
tmux -S "$SOCK2" set-option -g escape-time 0 >/dev/null
e2e_start
screen2() { tmux -S "$SOCK2" capture-pane -p 2>/dev/null; }
# wait2 TITLE: wait until the second kiosk's title bar starts with TITLE.
wait2() {
    w=0
    while [ $w -lt 200 ]; do
        case $(screen2 | head -1) in " $1"*) return 0 ;; esac
        sleep 0.05
        w=$((w + 1))
    done
    echo "# second kiosk timed out waiting for the screen titled $1"
    return 1
}
e2e_wait_title "UBND xã Thử Nghiệm" >/dev/null
wait2 "UBND xã Thử Nghiệm"

fails=0
round=0 # not i: the e2e helpers use i
while [ $round -lt $N ]; do
    # Both at once: open a group on each, then start again on each.
    # "1" then Enter: with more than nine groups a lone "1" waits for a second digit.
    e2e_keys 1 Enter
    tmux -S "$SOCK2" send-keys 1 Enter
    e2e_wait_title "Công an" >/dev/null || fails=$((fails + 1))
    wait2 "Công an" || fails=$((fails + 1))
    e2e_keys '*'
    tmux -S "$SOCK2" send-keys '*'
    e2e_wait_title "UBND xã Thử Nghiệm" >/dev/null || fails=$((fails + 1))
    wait2 "UBND xã Thử Nghiệm" || fails=$((fails + 1))
    round=$((round + 1))
done
check "both kiosks followed every key" test "$fails" = 0
check "the first kiosk recorded every session" \
    test "$(sqlite3 "$DB" "SELECT count(*) FROM sessions WHERE kiosk_id = 'k1'")" = $N
check "the second kiosk recorded every session" \
    test "$(sqlite3 "$DB" "SELECT count(*) FROM sessions WHERE kiosk_id = 'k2'")" = $N
check "every session ended once, by start again" \
    test "$(sqlite3 "$DB" "SELECT count(*) FROM sessions WHERE ended_how = 'restart'")" = $((2 * N))
csv=$("$KIOSK" -c "$T/kiosk.conf" stats --csv)
check "kiosk stats counts both kiosks' sessions" \
    sh -c 'printf "%s" "$1" | grep -q ",sessions_started,Phiên bắt đầu,,,$2"' _ "$csv" $((2 * N))
check "the database is intact" test "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok
tmux -S "$SOCK2" kill-server 2>/dev/null
e2e_done
