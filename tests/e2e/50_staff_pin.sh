#!/bin/sh
# Staff mode end to end: kiosk set-pin, F10 → PIN → statistics of the sessions just made,
# five wrong PINs lock PIN entry (and the audit log has every attempt, never the PIN).
. "$(dirname "$0")/../lib/e2e.sh"
e2e_init staff-pin
DB="$T/var/kiosk.db"
screen_lacks() { ! e2e_screen | grep -qF -- "$1"; }
line_has() { e2e_screen | grep -F -- "$1" | grep -Eq -- "$2"; }
sql() { sqlite3 "$DB" "$1"; }

out=$(echo 12a4 | "$KIOSK" -c "$T/kiosk.conf" set-pin 2>&1)
check "set-pin refuses a PIN that is not digits" test $? = 2
check "set-pin says why" sh -c 'echo "$1" | grep -q "6 to 12 digits"' _ "$out"
out=$(echo 582914 | "$KIOSK" -c "$T/kiosk.conf" set-pin 2>&1)
check "set-pin reads the PIN from a pipe" test $? = 0
hash=$(sql "SELECT value FROM settings WHERE key = 'staff_pin_hash'")
check "the database holds an Argon2id hash, keyed" test "${hash#k1\$\$argon2id\$}" != "$hash"
check "the key is beside the database, not readable by others" test "$(stat -c %a "$T/var/staff-pin.key")" = 640 -o "$(stat -c %a "$T/var/staff-pin.key")" = 600
check "the PIN is not in the database" sh -c '! grep -q 582914 "$1"' _ "$DB"

e2e_start
e2e_wait "Xin chào" >/dev/null
# Two resident sessions: open a group, start again.
for i in 1 2; do
    e2e_keys 1 Enter
    e2e_wait_title "Công an" >/dev/null
    e2e_keys '*'
    e2e_wait "Xin chào" >/dev/null
done

e2e_keys F10
check "F10 opens the PIN screen" e2e_wait "nhập mã PIN"
e2e_keys 5 8 2 9 1 4
check "the PIN is masked" e2e_wait "Mã PIN: ●●●●"
check "the digits are not shown" screen_lacks "582914"
e2e_keys Enter
check "the right PIN opens the staff menu" e2e_wait "Chế độ cán bộ"
e2e_keys 5
check "statistics offers the periods" e2e_wait "Hôm nay"
e2e_keys 1
check "statistics of today" e2e_wait "Phiên bắt đầu"
check "the two sessions just made are counted" line_has "Phiên bắt đầu" " 2 +█"
check "the sessions started again are counted" line_has "Phiên làm lại từ đầu" " 2 +█"
e2e_keys Escape Escape Escape
check "Esc leaves staff mode" e2e_wait "Xin chào"
check "staff screens started no resident session" \
    test "$(sqlite3 "$DB" 'SELECT count(*) FROM sessions')" = 2

# Five wrong PINs lock PIN entry.
e2e_keys F10
e2e_wait "nhập mã PIN" >/dev/null
for i in 1 2 3 4; do
    e2e_keys 9 9 9 9 Enter
    e2e_wait "Sai mã PIN" >/dev/null
done
check "a wrong PIN says how many tries are left" e2e_wait "Còn 1 lần thử"
e2e_keys 9 9 9 9 Enter
check "the fifth wrong PIN locks PIN entry" e2e_wait "tạm khoá nhập mã PIN"
e2e_keys 5 8 2 9 1 4 Enter
check "the right PIN is refused while locked" e2e_wait "tạm khoá nhập mã PIN"
e2e_keys Escape
check "the resident screens still work" e2e_wait "Xin chào"
e2e_keys 1 Enter
check "a group opens while PIN entry is locked" e2e_wait_title "Công an"
e2e_keys '*'
e2e_wait "Xin chào" >/dev/null
check "every attempt is audited" \
    test "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'pin_wrong'")" = 5
check "the lock is audited" \
    test "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'pin_locked'")" = 1
check "the refused attempt is audited" \
    test "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'pin_refused'")" = 1
check "the audit log never holds a PIN" \
    test "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE detail LIKE '%582914%' OR detail LIKE '%9999%'")" = 0
check "the log never holds a PIN" sh -c '! grep -q "582914\|9999" "$1"' _ "$T/var/kiosk.log"
check "the kiosk is still running" e2e_alive

e2e_done
