#!/bin/sh
# "In phiếu" from the real kiosk in tmux: a guided flow ends on the printing screen, the kiosk
# queues the slip and starts kiosk-print in the background, and the slip PDF appears in the
# cups-pdf folder of a private cupsd, with the number the screen showed. Then a paused
# printer: the screen says so with CUPS's reason, and the slip prints once when it resumes.
# Runnable by hand: BUILD=build-cups sh tests/e2e/40_print_kiosk.sh
. "$(dirname "$0")/../lib/e2e.sh"
. "$(dirname "$0")/../lib/cupsd.sh"
export LC_ALL=C.UTF-8
e2e_init print_kiosk
cupsd_init
trap 'e2e_cleanup; cupsd_cleanup' EXIT
cupsd_start || exit 1
cupsd_add_pdf_queue Kiosk || exit 1
cat >>"$T/kiosk.conf" <<CONF
[printer]
name = Kiosk
paper = 80mm
print_timeout = 10
CONF
Q=$(cupsd_pdf_dir Kiosk)
name=$("$KIOSK" -c "$T/kiosk.conf" catalog list | awk -F '\t' '$1 + 0 == 3 { print $3 }')

e2e_start
e2e_wait "Xin chào" >/dev/null
day=$(kiosk_today)
# Service 3 by its poster number, the first answers, tick the first paper, print.
check "the flow reaches the printing screen with a slip number" e2e_print_from_screen 3
slip=$(e2e_screen | sed -n 's/.*Số phiếu của bạn: \([0-9SR-]*\).*/\1/p' | head -1)
check "the slip number is today's first" is_days_first "$slip" "$day"
check "the screen says it printed" e2e_wait "Đã in xong" 20
check "the slip PDF is in the cups-pdf folder" test "$(pt_files_for Kiosk "$slip")" = 1
pdf=$(find "$Q" -name "job_*-$slip.pdf" | head -1)
check "it has the service name with its diacritics" \
    contains "$name" "$(pdftotext "$pdf" - 2>/dev/null | tr -s ' \n' '  ')"
check "it shows the slip number" contains "$slip" "$(pdftotext "$pdf" - 2>/dev/null)"
e2e_keys 1
check "1 finishes and goes home" e2e_wait "Xin chào"

# Out of paper: the screen says so with CUPS's reason; the slip waits and prints once.
cupsdisable -r "Hết giấy" Kiosk
check "a second slip reaches the printing screen" e2e_print_from_screen 3
slip2=$(e2e_screen | sed -n 's/.*Số phiếu của bạn: \([0-9SR-]*\).*/\1/p' | head -1)
check "the screen says the printer is paused" e2e_wait "Máy in đang tạm dừng" 20
check "… with CUPS's reason" e2e_wait "Lý do: Hết giấy"
check "… and that the slip is kept" e2e_wait "sẽ tự in khi máy in sẵn sàng"
check "nothing was printed meanwhile" test "$(pt_files_for Kiosk "$slip2")" = 0
cupsenable Kiosk
# The runner the kiosk started retries on its own while the printer is paused.
check "after cupsenable the screen says it printed" e2e_wait "Đã in xong" 30
check "the second slip printed exactly once" test "$(pt_files_for Kiosk "$slip2")" = 1
check "CUPS completed two jobs in all" test "$(cupsd_completed_count Kiosk)" = 2
check "the kiosk is still running" e2e_alive

pt_done
