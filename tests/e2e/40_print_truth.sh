#!/bin/sh
# One source of truth for what a slip says. With a portal override in kiosk.conf, for every
# service the QR code on screen (decoded from the pane), `kiosk catalog list` and the printed
# slip (decoded from the PDF) give the same URL. After staff's reload of a broken catalog
# file is refused (the kiosk keeps showing the old catalog), a slip from the screen still
# prints. A reprint after the catalog and the overrides changed is
# the very same slip. Runnable by hand: BUILD=build sh tests/e2e/40_print_truth.sh
. "$(dirname "$0")/../lib/e2e.sh"
export LC_ALL=C.UTF-8
e2e_init print_truth
cp "$ROOT/assets/catalog.json" "$T/catalog.json"
e2e_conf catalog "$T/catalog.json"
# Reserved example domains (RFC 2606): an override, never a real address.
cat >>"$T/kiosk.conf" <<CONF
[portals]
national_url = https://dvc.example.org
CONF
KC="$KIOSK -c $T/kiosk.conf"

cc -std=c11 -O2 -o "$T/qrcap" "$ROOT/tests/tools/qrcap.c"
check "the QR capture tool builds" test -x "$T/qrcap"

# The URLs a PDF's QR codes decode to, one a line.
pdf_urls() {
    rm -f "$T"/page*.png
    pdftoppm -r 200 -png "$1" "$T/page" 2>/dev/null
    zbarimg -q --raw "$T"/page*.png 2>/dev/null
}

# Open a service by its poster number: '/', the number, Enter.
open_service() {
    e2e_keys /
    e2e_wait "Tìm:" >/dev/null || return 1
    e2e_keys "$1"
    e2e_wait "Tìm: $1" >/dev/null || return 1
    e2e_keys Enter
    e2e_wait "Bắt đầu" >/dev/null
}

$KC catalog list >"$T/list.tsv"
check "catalog list gives every service the overridden national portal" \
    sh -c 'test "$(wc -l <"$1")" -ge 20 && ! cut -f4 "$1" | grep -q "^https://dichvucong.gov.vn"' \
    _ "$T/list.tsv"

e2e_start
e2e_wait "Xin chào" >/dev/null
bad=0
while IFS="$(printf '\t')" read -r num code name url; do
    n=$(echo "$num" | sed 's/^0*//')
    # The slip of the checklist without answers (every item), written to a file.
    $KC slip --service "$n" -o "$T/slip-$n.pdf" >/dev/null 2>"$T/err"
    slip_ok=0
    pdf_urls "$T/slip-$n.pdf" | grep -qxF -- "$url" && slip_ok=1
    # The screen: the service page's QR action.
    screen_ok=0
    if open_service "$n" && e2e_keys 3 && e2e_wait "Quét mã" >/dev/null; then
        e2e_screen >"$T/qr.txt"
        "$T/qrcap" <"$T/qr.txt" >"$T/qr.pbm"
        [ "$(zbarimg --raw -q "$T/qr.pbm" 2>/dev/null)" = "$url" ] && screen_ok=1
    fi
    if [ $slip_ok = 0 ] || [ $screen_ok = 0 ]; then
        echo "# service $n ($code): catalog list $url; slip ok=$slip_ok; screen ok=$screen_ok"
        bad=$((bad + 1))
    fi
    e2e_keys '*'
    e2e_wait "Xin chào" >/dev/null
done <"$T/list.tsv"
check "screen, catalog list and slip give the same URL for every service" test "$bad" = 0

# From the home screen to a printed slip of service 3: its number is on screen.
print_from_screen() {
    open_service 3 || return 1
    e2e_keys 1
    e2e_wait "Câu 1/" >/dev/null || return 1
    # An Enter within the digit timeout after the digit that acted is swallowed: move first.
    e2e_keys Down Up
    e2e_walk_to_checklist || return 1
    # "In phiếu" on the checklist, then on each screen that asks first: printing always
    # takes an explicit choice.
    k=0
    while ! e2e_screen | grep -qF "Số phiếu của bạn:" && [ $k -lt 4 ]; do
        item=$(e2e_screen | grep -o '[0-9][0-9]*\. In phiếu' | head -1 | cut -d. -f1)
        [ -n "$item" ] || return 1
        e2e_step "$item" || return 1
        k=$((k + 1))
    done
    e2e_wait "Số phiếu của bạn:" >/dev/null
}

# The catalog file breaks on disk while the kiosk shows the one it loaded; staff try to
# reload it, the reload is refused and the old catalog stays on screen.
echo 582914 | $KC set-pin >/dev/null
printf '{ broken' >>"$T/catalog.json"
e2e_keys F10
e2e_wait "nhập mã PIN" >/dev/null
e2e_keys 5 8 2 9 1 4 Enter
check "staff mode opens" e2e_wait "Chế độ cán bộ"
e2e_keys 7
check "the broken catalog's reload is refused, the old one stays" e2e_wait "KHÔNG được dùng"
e2e_keys Escape
e2e_wait "Chế độ cán bộ" >/dev/null
e2e_keys Escape
check "back home after staff mode" e2e_wait "Xin chào"
check "after the refused reload, a slip is queued from the screen" print_from_screen
slip=$(e2e_screen | sed -n 's/.*Số phiếu của bạn: \([0-9SR-]*\).*/\1/p' | head -1)
check "… and saved as a PDF all the same" e2e_wait "đã được lưu" 20
check "… with its number in it" sh -c 'pdftotext "$1" - 2>/dev/null | grep -qF "$2"' \
    _ "$T/var/slips/$slip.pdf" "$slip"
check "the kiosk is still running" e2e_alive
cp "$ROOT/assets/catalog.json" "$T/catalog.json"

# A reprint is the same slip, whatever changed in between.
$KC slip --service 3 --answers 2 --have 1 -o "$T/first.pdf" >"$T/out" 2>&1
first=$(sed -n 's/^slip \([0-9SR-]*\)$/\1/p' "$T/out")
check "a slip is written with its number" test -n "$first"
sed -i 's/"Đăng ký thường trú"/"Đăng ký thường trú (đã sửa)"/' "$T/catalog.json"
sed -i 's|^national_url = .*|national_url = https://dvc2.example.org|' "$T/kiosk.conf"
check "the edited catalog is still valid" sh -c '$1 catalog check "$2" >/dev/null' _ "$KC" "$T/catalog.json"
$KC slip --service 3 --answers 2 --have 1 -o "$T/new.pdf" >/dev/null 2>&1
check "a new slip shows the new override" sh -c 'pdftoppm -r 200 -png "$1" "$2/n" && zbarimg -q --raw "$2"/n*.png 2>/dev/null | grep -q dvc2.example.org' \
    _ "$T/new.pdf" "$T"
check "reprint -o exits 0" sh -c '$1 reprint "$2" -o "$3" >/dev/null' _ "$KC" "$first" "$T/again.pdf"
pdftotext "$T/first.pdf" "$T/first.txt"
pdftotext "$T/again.pdf" "$T/again.txt"
check "the reprint says exactly what the original said" cmp "$T/first.txt" "$T/again.txt"
check "… with the same QR codes" test "$(pdf_urls "$T/first.pdf" | sort)" = "$(pdf_urls "$T/again.pdf" | sort)"
short=$(echo "$first" | sed 's/^[0-9]*-0*//')
check "reprint accepts today's short number ($short)" sh -c '$1 reprint "$2" -o "$3" >/dev/null' _ "$KC" "$short" "$T/short.pdf"
pdftotext "$T/short.pdf" "$T/short.txt"
check "… and prints the same slip" cmp "$T/first.txt" "$T/short.txt"

e2e_done
