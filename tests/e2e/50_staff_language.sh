#!/bin/sh
# The default language: kiosk.conf's `language` is the default, staff's choice in the staff
# menu overrides it (kept in the database, reported by check-config), and `*` always returns
# home in the language in force — also after a resident switched language.
. "$(dirname "$0")/../lib/e2e.sh"
e2e_init staff-language
DB="$T/var/kiosk.db"
echo 582914 | "$KIOSK" -c "$T/kiosk.conf" set-pin >/dev/null

out=$("$KIOSK" -c "$T/kiosk.conf" check-config 2>&1)
check "check-config with no staff choice reports no override" \
    sh -c '! echo "$1" | grep -q "overrides"' _ "$out"

e2e_start
e2e_wait "Xin chào" >/dev/null
e2e_keys F10
e2e_wait "nhập mã PIN" >/dev/null
e2e_keys 5 8 2 9 1 4 Enter
e2e_wait_title "Chế độ cán bộ" >/dev/null
check "the menu names the default language" e2e_wait "Ngôn ngữ mặc định: Tiếng Việt"
e2e_keys 9
check "9 opens the language screen" e2e_wait_title "Ngôn ngữ mặc định"
e2e_keys 2
check "choosing English says so" e2e_wait "Default language: English"
e2e_keys Escape
check "Esc goes back to the staff menu" e2e_wait_title "Staff mode"
e2e_keys Escape
check "Esc again: home, in English" e2e_wait "Welcome!"
check "the choice is kept in the database" \
    test "$(sqlite3 "$DB" "SELECT value FROM settings WHERE key = 'default_lang'")" = en

out=$("$KIOSK" -c "$T/kiosk.conf" check-config 2>&1)
rc=$?
check "check-config still accepts the file" test "$rc" = 0
check "and reports the staff's override of language = vi" \
    sh -c 'echo "$1" | grep -q "staff menu, en .*overrides \[kiosk\] language = vi"' _ "$out"

# A resident: a group, then * — home in English.
e2e_keys 1
check "a group opens" e2e_wait_title "Police"
e2e_keys '*'
check "* returns home in the default language (English)" e2e_wait "Welcome!"
# A resident who switched to Vietnamese: * returns to English all the same.
e2e_keys 1 2
check "the home screen's language item switches to Vietnamese" e2e_wait "Xin chào"
e2e_keys 1
check "a group opens in Vietnamese" e2e_wait_title "Công an"
e2e_keys '*'
check "* returns home in the default language, not the resident's" e2e_wait "Welcome!"

# Back to kiosk.conf's language: the override is gone.
e2e_keys F10
e2e_wait "enter the PIN" >/dev/null
e2e_keys 5 8 2 9 1 4 Enter
e2e_wait_title "Staff mode" >/dev/null
e2e_keys 9
e2e_wait_title "Default language" >/dev/null
e2e_keys 3
check "As in kiosk.conf: Vietnamese again" e2e_wait "Ngôn ngữ mặc định: Tiếng Việt"
e2e_keys Escape Escape
check "home in Vietnamese" e2e_wait "Xin chào"
out=$("$KIOSK" -c "$T/kiosk.conf" check-config 2>&1)
check "check-config reports no override any more" sh -c '! echo "$1" | grep -q "overrides"' _ "$out"
check "the kiosk is still running" e2e_alive
e2e_done
