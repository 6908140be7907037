#!/bin/sh
# kiosk catalog review and check, as staff run them: the review sheet is an A4 PDF (made by
# the print helper from what the kiosk built) where every URL of `catalog list` decodes with
# zbarimg; check --strict turns facts due for checking into an error.
. "$(dirname "$0")/../lib/e2e.sh"
e2e_init review

out=$("$KIOSK" -c "$T/kiosk.conf" catalog review -o "$T/review.pdf" 2>&1)
rc=$?
check "catalog review -o FILE.pdf succeeds" test "$rc" = 0
[ "$rc" = 0 ] || echo "$out" | sed 's/^/# /'
check "the sheet is an A4 PDF" sh -c 'pdfinfo "$1" | grep -q "Page size:.*(A4)"' _ "$T/review.pdf"
pdftotext -layout -enc UTF-8 "$T/review.pdf" "$T/review.txt" 2>/dev/null
check "it has its title" grep -q "Phiếu kiểm tra danh mục dịch vụ" "$T/review.txt"
hash=$("$KIOSK" -c "$T/kiosk.conf" catalog check 2>/dev/null | sed -n 's/.*(hash \([0-9a-f]*\)).*/\1/p')
check "it ends with the catalog's hash" sh -c 'tr -d " \n" <"$1" | grep -q "$2"' _ "$T/review.txt" "$hash"

"$KIOSK" -c "$T/kiosk.conf" catalog list | cut -f4 | grep -v '^$' | sort -u >"$T/list.txt"
mkdir -p "$T/png"
pdftoppm -r 300 -png "$T/review.pdf" "$T/png/p"
for f in "$T"/png/p*.png; do
    zbarimg --raw -q "$f" 2>/dev/null
done | sort -u >"$T/codes.txt"
check "catalog list has URLs" test -s "$T/list.txt"
check "every URL of catalog list decodes from the sheet" \
    sh -c 'comm -23 "$1" "$2" | (! grep .)' _ "$T/list.txt" "$T/codes.txt"

check "catalog review without an output is refused (exit 2)" \
    sh -c '"$1" -c "$2" catalog review >/dev/null 2>&1; test $? = 2' _ "$KIOSK" "$T/kiosk.conf"
check "catalog review --text names the sheet" \
    sh -c '"$1" -c "$2" catalog review --text | grep -q "^# Phiếu kiểm tra danh mục dịch vụ$"' \
    _ "$KIOSK" "$T/kiosk.conf"

# A catalog whose facts were checked long ago: a warning per fact, and an error with --strict.
sed 's/"checked": "2026-11-28"/"checked": "2020-01-02"/' "$ROOT/tests/fixtures/catalog_v2.json" \
    >"$T/old.json"
"$KIOSK" -c "$T/kiosk.conf" catalog check "$T/old.json" >"$T/check.out" 2>"$T/check.err"
rc=$?
check "catalog check warns but succeeds (exit 0)" test "$rc" = 0
check "one warning line per fact, with its age" \
    grep -q "old.json: services\[0\].fee: checked 2020-01-02, [0-9]* days ago (review_after_days 180)" \
    "$T/check.err"
"$KIOSK" -c "$T/kiosk.conf" catalog check --strict "$T/old.json" >/dev/null 2>&1
check "catalog check --strict makes them an error (exit 2)" test "$?" = 2
sed "s/\"checked\": \"2026-11-28\"/\"checked\": \"$(date +%Y-%m-%d)\"/" \
    "$ROOT/tests/fixtures/catalog_v2.json" >"$T/fresh.json"
"$KIOSK" -c "$T/kiosk.conf" catalog check --strict "$T/fresh.json" >/dev/null 2>&1
check "catalog check --strict passes a catalog checked today" test "$?" = 0

e2e_done
