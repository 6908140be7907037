#!/bin/sh
# The guided flow end to end: the real kiosk and the shipped catalog in tmux at 80x24.
# Search "khai sinh" → pick the service → answer through to the checklist → the QR screen →
# capture the pane → turn the half blocks back into a bitmap (tests/tools/qrcap.c, built here)
# → zbarimg decodes exactly the URL `kiosk catalog list` gives for that service. Also: Telex
# and VNI typing find it; Back keeps the earlier answer; the idle reset wipes ticks and
# answers. Every step waits for text on screen, never for a fixed time.
#   E2E_CODE, E2E_QUERY, E2E_TELEX, E2E_VNI   another service and its queries (e.g. with
#                                             E2E_CATALOG=tests/fixtures/catalog_small.json)
. "$(dirname "$0")/../lib/e2e.sh"
export LC_ALL=C.UTF-8
e2e_init flow_qr
CODE=${E2E_CODE:-khai_sinh}
QUERY=${E2E_QUERY:-khai sinh}
TELEX=${E2E_TELEX:-ddawng kys khai sinh}
TELEX_SHOWN=${E2E_TELEX_SHOWN:-đăng ký khai sinh}
VNI=${E2E_VNI:-d9a8ng ky1 khai sinh}

# The screen without the title bar, whose clock may tick while we wait.
flow_body() {
    e2e_screen | sed 1d
}

# Wait until a search result numbered $1 (results carry the services' own numbers) is shown.
flow_wait_result() {
    i=0
    while [ $i -lt 200 ]; do
        e2e_screen | grep -qE "^ (▶| ) *$1\. " && return 0
        sleep 0.05
        i=$((i + 1))
    done
    echo "# no result numbered $1:"
    e2e_screen | sed 's/^/#   | /'
    return 1
}

# Open a service by its poster number: '/', the number, Enter.
flow_open_by_number() {
    e2e_keys /
    e2e_wait "Tìm:" || return 1
    e2e_keys "$1"
    e2e_wait "Tìm: $1" || return 1
    e2e_keys Enter
    e2e_wait "Bắt đầu"
}

cc -std=c11 -O2 -o "$T/qrcap" "$ROOT/tests/tools/qrcap.c"
check "the QR capture tool builds" test -x "$T/qrcap"

line=$("$KIOSK" -c "$T/kiosk.conf" catalog list | awk -F '\t' -v c="$CODE" '$2 == c')
NUM=$(printf '%s\n' "$line" | cut -f1 | sed 's/^0*//')
URL=$(printf '%s\n' "$line" | cut -f4)
check "catalog list gives the service's number and QR URL" test -n "$NUM" -a -n "$URL"

# Search by words, pick the service among the results.
e2e_start
e2e_wait "Xin chào" >/dev/null
e2e_keys /
e2e_wait "Tìm:" >/dev/null
e2e_keys -l "$QUERY"
check "search \"$QUERY\" lists the service" flow_wait_result "$NUM"
# Its position among the results (the results show service numbers, not positions).
pos=$(e2e_screen | sed -n '/kết quả/,$p' | grep -E '^ (▶| ) *[0-9]+\. ' |
    grep -nE "^ (▶| ) *$NUM\. " | head -1 | cut -d: -f1)
i=1
while [ "$i" -lt "${pos:-1}" ]; do
    e2e_keys Down
    i=$((i + 1))
done
e2e_keys Enter
check "the result opens the service page" e2e_wait "Bắt đầu"

# The questions: answer 2 to the first, go back, the answer is still selected.
e2e_keys 1
check "the questions start" e2e_wait "Câu 1/"
first=$(flow_body)
e2e_step 2
e2e_keys Escape
e2e_wait "Câu 1/" >/dev/null
check "Back keeps the earlier answer selected" e2e_wait "▶ 2."
check "Back returns to the same question" \
    test "$(flow_body | sed 's/▶/ /g')" = "$(printf '%s\n' "$first" | sed 's/▶/ /g')"
check "the answers lead to the checklist" e2e_walk_to_checklist
e2e_keys 1
check "a digit ticks an item" e2e_wait "1. [x]"

# The QR screen, decoded.
qrnum=$(e2e_screen | grep -o '[0-9][0-9]*\. Xem mã QR' | head -1 | cut -d. -f1)
e2e_keys "$qrnum"
check "the checklist's QR action opens the QR screen" e2e_wait "Quét mã"
e2e_screen >"$T/qr.txt"
"$T/qrcap" <"$T/qr.txt" >"$T/qr.pbm"
got=$(zbarimg --raw -q "$T/qr.pbm" 2>/dev/null)
check "zbarimg decodes exactly the catalog's QR URL" test "$got" = "$URL"
[ "$got" = "$URL" ] || echo "# decoded \"$got\", catalog list says \"$URL\""

# The largest code in the catalog (at 80x24 it takes the full height) decodes too.
long=$("$KIOSK" -c "$T/kiosk.conf" catalog list | awk -F '\t' '{ print length($4) "\t" $1 "\t" $4 }' |
    sort -n | tail -1)
LNUM=$(printf '%s\n' "$long" | cut -f2 | sed 's/^0*//')
LURL=$(printf '%s\n' "$long" | cut -f3)
e2e_keys Escape
e2e_wait "Gõ số để đánh dấu" >/dev/null
flow_open_by_number "$LNUM" >/dev/null
e2e_keys 3
check "the service page's QR action opens the QR screen" e2e_wait "Quét mã"
e2e_screen >"$T/qr2.txt"
"$T/qrcap" <"$T/qr2.txt" >"$T/qr2.pbm"
got=$(zbarimg --raw -q "$T/qr2.pbm" 2>/dev/null)
check "the longest URL (${#LURL} bytes) decodes exactly" test "$got" = "$LURL"

# Telex and VNI typed in the kiosk itself.
e2e_keys /
e2e_wait "Tìm:" >/dev/null
e2e_keys -l "$TELEX"
check "Telex is shown composed" e2e_wait "Tìm: $TELEX_SHOWN"
check "Telex \"$TELEX\" finds the service" flow_wait_result "$NUM"
e2e_keys Escape
e2e_wait "Quét mã bằng camera" >/dev/null
e2e_keys /
e2e_wait "Tìm:" >/dev/null
e2e_keys -l "$VNI"
check "VNI is shown composed" e2e_wait "Tìm: $TELEX_SHOWN"
check "VNI \"$VNI\" finds the service" flow_wait_result "$NUM"

# A keypad has no Backspace or Esc: in search its - deletes, and 0 on an empty field goes back.
e2e_keys Escape
e2e_wait "Quét mã bằng camera" >/dev/null
e2e_keys /
e2e_wait "Tìm:" >/dev/null
e2e_keys -l "kq"
e2e_wait "Tìm: kq" >/dev/null
e2e_keys KP- KP-
check "the keypad's - deletes in search" e2e_wait "Gõ tên dịch vụ"
e2e_keys KP0
check "the keypad's 0 on an empty search goes back" e2e_wait "Quét mã bằng camera"

# The idle reset wipes ticks and answers (the shortest timeouts the config allows).
e2e_conf idle_timeout 10
e2e_conf idle_countdown 5
e2e_start
e2e_wait "Xin chào" >/dev/null
flow_open_by_number "$NUM"
e2e_keys 1
e2e_wait "Câu 1/" >/dev/null
e2e_step 2
e2e_walk_to_checklist >/dev/null
e2e_keys 1
e2e_wait "1. [x]" >/dev/null
check "the idle countdown appears" e2e_wait "Còn dùng không?" 20
check "the idle reset returns home" e2e_wait "Xin chào" 15
flow_open_by_number "$NUM"
e2e_keys 1
e2e_wait "Câu 1/" >/dev/null
check "after the reset no earlier answer is selected" e2e_wait "▶ 1."
e2e_walk_to_checklist >/dev/null
check "after the reset the checklist has no ticks" sh -c '! printf "%s\n" "$1" | grep -qF "[x]"' _ "$(e2e_screen)"

e2e_done
