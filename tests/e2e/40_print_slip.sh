#!/bin/sh
# Printing, end to end, through a real private cupsd and a cups-pdf queue: a roll slip and an
# A4 handout are checked in the PDFs cups-pdf wrote (text with diacritics, page size, QR codes
# decoded back to the exact URL `kiosk catalog list` gives); the PDF folder without a printer;
# a reprint keeps the slip number. Runnable by hand: BUILD=build-cups sh tests/e2e/40_print_slip.sh
. "$(dirname "$0")/../lib/e2e.sh"
. "$(dirname "$0")/../lib/cupsd.sh"
cupsd_init
cupsd_start || exit 1
cupsd_add_pdf_queue Roll || exit 1
pt_conf Roll 80mm
Q=$(cupsd_pdf_dir Roll)

# Service 3 (Đăng ký thường trú), answer 2: the case "living in a relative's home".
line=$("$KIOSK" -c "$CONF" catalog list | awk -F '\t' '$1 + 0 == 3')
name=$(printf '%s' "$line" | cut -f3)
url=$(printf '%s' "$line" | cut -f4)
check "catalog list gives service 3 with a URL" test -n "$name" -a -n "$url"

day=$(kiosk_today)
out=$("$KC" -c "$CONF" slip --service 3 --answers 2 --have 1 --print 2>&1)
check "slip --print exits 0" test $? = 0
check "slip --print says where it printed" contains "printed on Roll" "$out"
slip=$(printf '%s' "$out" | sed -n 's/^slip \([0-9SR-]*\): printed.*/\1/p')
check "the slip number is today's first" is_days_first "$slip" "$day"
pdf=$(find "$Q" -name "job_*-$slip.pdf" | head -1)
check "cups-pdf wrote one PDF named after the slip" test "$(pt_files_for Roll "$slip")" = 1
check "CUPS completed exactly one job" test "$(cupsd_completed_count Roll)" = 1
text=$(pdftotext -layout "$pdf" - 2>/dev/null | tr -s ' \n' '  ')
check "the PDF has the service name with its diacritics" contains "$name" "$text"
check "the PDF has the slip number" contains "$slip" "$text"
check "the PDF has the commune name" contains "UBND xã Thử Nghiệm" "$text"
width=$(pdfinfo "$pdf" | sed -n 's/^Page size: *\([0-9.]*\) x.*/\1/p')
check "the page is 80 mm wide (226.8 pt)" awk -v w="$width" 'BEGIN { exit !(w > 226.3 && w < 227.3) }'
pdftoppm -r 300 -png "$pdf" "$CUPSD_DIR/slip" 2>/dev/null
qr=$(zbarimg -q --raw "$CUPSD_DIR"/slip*.png 2>/dev/null)
check "the QR code decodes to exactly the catalog URL" sh -c 'printf "%s\n" "$1" | grep -qxF -- "$2"' _ "$qr" "$url"
check "kiosk-print jobs lists it as done" test "$("$KP" -c "$CONF" jobs | awk -v s="$slip" '$2 == s { print $4; exit }')" = done

# A handout on A4 through the same queue.
out=$("$KC" -c "$CONF" handout 3 --printer Roll 2>&1)
check "handout --printer exits 0" test $? = 0
hslip=$(printf '%s' "$out" | sed -n 's/^handout \([0-9SR-]*\): printed.*/\1/p')
hpdf=$(find "$Q" -name "job_*-$hslip.pdf" | head -1)
check "the handout went through cups-pdf" test -n "$hslip" -a -f "$hpdf"
size=$(pdfinfo "$hpdf" | sed -n 's/^Page size: *\(.*\) pts.*/\1/p')
check "the handout is A4 (595 x 842 pt)" sh -c 'echo "$1" | grep -Eq "^595(\.[0-9]+)? x 841\.[89]|^595(\.[0-9]+)? x 842"' _ "$size"
check "the handout has the service name" contains "$name" "$(pdftotext "$hpdf" - | tr -s ' \n' '  ')"
pdftoppm -r 150 -png "$hpdf" "$CUPSD_DIR/handout" 2>/dev/null
qr=$(zbarimg -q --raw "$CUPSD_DIR"/handout*.png 2>/dev/null)
check "the handout's QR decodes to the catalog URL" sh -c 'printf "%s\n" "$1" | grep -qxF -- "$2"' _ "$qr" "$url"

# Two services: one job, one PDF, each service from a page of its own; staff printouts are
# numbered apart from the residents' slips ("-S001"), and that number is on the paper.
out=$("$KC" -c "$CONF" handout 3 9 --print --paper A5 2>&1)
check "handout 3 9 --print exits 0" test $? = 0
h=$(printf '%s\n' "$out" | sed -n 's/^handout \([0-9SR-]*\): printed.*/\1/p')
check "handout 3 9 printed one job with a staff number" \
    sh -c 'echo "$1" | grep -Eq "^[0-9]{8}-S[0-9]{3}$"' _ "$h"
hpdf=$(find "$Q" -name "job_*-$h.pdf" | head -1)
check "handout 3 9 is one CUPS job on A5 (about 420 x 595 pt), a service per page" \
    sh -c 'pdfinfo "$1" | grep -Eq "^Page size: *4(19|20|21)(\.[0-9]+)? x 595" && pdftotext -f 1 -l 1 "$1" - | grep -q "Dịch vụ số 3:" && test "$(pdftotext "$1" - | grep -c "Số lệnh in")" = 2' _ "$hpdf"
check "the handout's paper shows the number staff were told" contains "$h" "$(pdftotext "$hpdf" -)"
check "staff printouts took none of the residents' slip numbers" \
    test "$("$KC" -c "$CONF" slip --service 3 --answers 2 --queue | pt_slip_no)" = "${slip%-*}-0002"

# A reprint: a new job, the same number printed on the paper.
out=$("$KC" -c "$CONF" reprint "$slip" 2>&1)
check "reprint exits 0" test $? = 0
check "reprint says it printed the same slip number" contains "slip $slip: printed on Roll" "$out"
check "the reprint is its own CUPS job named <slip>-R1" test "$(pt_files_for Roll "$slip-R1")" = 1
rpdf=$(find "$Q" -name "job_*-$slip-R1.pdf" | head -1)
check "the reprint shows the original slip number" contains "$slip" "$(pdftotext "$rpdf" - 2>/dev/null)"

# A test page with Vietnamese text and a QR code.
out=$("$KC" -c "$CONF" print-test Roll 2>&1)
check "print-test Roll exits 0" test $? = 0
tslip=$(printf '%s' "$out" | sed -n 's/^test \([0-9SR-]*\): printed.*/\1/p')
tpdf=$(find "$Q" -name "job_*-$tslip.pdf" | head -1)
check "the test page went through cups-pdf" test -n "$tslip" -a -f "$tpdf"
check "the test page has every Vietnamese letter" \
    contains "ỲÝỶỸỴ" "$(pdftotext "$tpdf" - 2>/dev/null)"
out=$("$KP" -c "$CONF" printers 2>&1)
check "printers lists the queue as idle with its default media" \
    sh -c 'echo "$1" | grep "^Roll " | grep "idle" | grep -q "media="' _ "$out"

# Without a printer: the PDF folder, named by slip number, written whole.
pt_conf "" ""
out=$("$KC" -c "$CONF" slip --service 3 --answers 2 --print 2>&1)
check "slip --print without a printer exits 0" test $? = 0
fslip=$(printf '%s' "$out" | sed -n 's/^slip \([0-9SR-]*\): saved as .*/\1/p')
check "it says where the PDF is" contains "saved as $CUPSD_DIR/var/slips/$fslip.pdf" "$out"
check "the PDF folder has <slip>.pdf" test -s "$CUPSD_DIR/var/slips/$fslip.pdf"
check "no temporary file is left" test -z "$(find "$CUPSD_DIR/var/slips" -name '*.tmp')"
check "the PDF folder's slip has the service name" contains "$name" "$(pdftotext "$CUPSD_DIR/var/slips/$fslip.pdf" - | tr -s ' \n' '  ')"

# Every service's handout into the PDF folder: one file, a page per active service.
out=$("$KC" -c "$CONF" handout --all --print 2>&1)
check "handout --all --print exits 0" test $? = 0
nact=$("$KIOSK" -c "$CONF" catalog list | wc -l)
apdf=$(printf '%s\n' "$out" | sed -n 's/^handout [0-9SR-]*: saved as \(.*\)$/\1/p')
check "handout --all saved one PDF of at least $nact pages" \
    sh -c 'test "$(pdfinfo "$1" | sed -n "s/^Pages: *//p")" -ge "$2"' _ "$apdf" "$nact"
# -o with several services: one file, a page each; --split: a file per service.
check "handout 3 9 -o writes one PDF of both services" \
    sh -c '"$1" -c "$2" handout 3 9 -o "$3/two.pdf" >/dev/null && test "$(pdftotext "$3/two.pdf" - | grep -c "Số lệnh in")" = 2' \
    _ "$KC" "$CONF" "$CUPSD_DIR"
check "handout 3 9 -o --split writes a file per service" \
    sh -c '"$1" -c "$2" handout 3 9 --split -o "$3/one.pdf" >/dev/null && test -s "$3/one-03.pdf" -a -s "$3/one-09.pdf" -a ! -e "$3/one.pdf"' \
    _ "$KC" "$CONF" "$CUPSD_DIR"

# -o writes a file; bad input exits non-zero with a clear message.
check "slip -o writes the PDF" "$KC" -c "$CONF" slip --service 3 --answers 2 -o "$CUPSD_DIR/out.pdf"
check "the -o file is a PDF" sh -c 'pdfinfo "$1" | grep -q "^Pages:"' _ "$CUPSD_DIR/out.pdf"
out=$("$KC" -c "$CONF" slip --service abc --print 2>&1)
check "a bad service number exits 2" test $? = 2
check "… and says so" contains '"abc" is not a service number' "$out"
out=$("$KC" -c "$CONF" slip --service 99 --print 2>&1)
check "an unknown service exits 2 naming it" sh -c 'test "$1" = 2 && echo "$2" | grep -q "no service 99"' _ $? "$out"
out=$("$KC" -c "$CONF" handout 3 -o /nonexistent/dir/h.pdf 2>&1)
check "an unwritable output path exits non-zero" test $? != 0
check "… naming the path" contains "cannot write /nonexistent/dir/h.pdf" "$out"
out=$("$KC" -c "$CONF" slip --service 3 --answers 2 --printer NoSuchQueue 2>&1)
check "an unknown printer exits non-zero" test $? != 0
check "… naming it" contains 'no printer named "NoSuchQueue"' "$out"
out=$("$KC" -c "$CONF" handout 3 --paper 80mm -o "$CUPSD_DIR/h.pdf" 2>&1)
check "handout --paper 80mm is refused" sh -c 'test "$1" = 2 && echo "$2" | grep -q "not A4 or A5"' _ $? "$out"
check "-c works after the command too" "$KP" jobs -c "$CONF"

pt_done
