#!/bin/sh
# Volunteers end to end: staff add a volunteer (Telex typing), F9 starts an assisted session,
# start again shows the outcome screen, and the outcome is in `kiosk stats --csv`.
. "$(dirname "$0")/../lib/e2e.sh"
e2e_init staff-assisted
DB="$T/var/kiosk.db"
echo 582914 | "$KIOSK" -c "$T/kiosk.conf" set-pin >/dev/null

e2e_start
e2e_wait "Xin chào" >/dev/null
e2e_keys F9
check "F9 with no volunteer says how to add one" e2e_wait "Chưa có hỗ trợ viên nào"
e2e_keys Escape
e2e_wait "Xin chào" >/dev/null

# Staff add a volunteer.
e2e_keys F10 5 8 2 9 1 4 Enter
e2e_wait "Chế độ cán bộ" >/dev/null
e2e_keys 8
e2e_wait "Thêm hỗ trợ viên" >/dev/null
e2e_keys 1
e2e_wait "Mã (chữ không dấu, số):" >/dev/null
e2e_keys T V 0 1 Enter
e2e_keys -l "Traanf Thij Bifnh"
e2e_keys Enter
check "the volunteer is added with a Vietnamese name" e2e_wait "Trần Thị Bình (TV01)"
e2e_keys Escape Escape
e2e_wait "Xin chào" >/dev/null

# An assisted session.
e2e_keys F9
check "F9 lists the volunteers" e2e_wait "Trần Thị Bình (TV01)"
e2e_keys 1
check "the title bar says a volunteer helps" e2e_wait "Có hỗ trợ viên"
e2e_keys 1 Enter
e2e_wait_title "Công an" >/dev/null
e2e_keys '*'
check "start again shows the volunteer's outcome screen" e2e_wait "Kết quả phiên hỗ trợ"
check "the outcome screen names the volunteer" e2e_wait "Trần Thị Bình"
e2e_keys 1
check "a digit ticks an outcome" e2e_wait "☑ Đã nộp hồ sơ trực tuyến thành công"
e2e_keys 4
e2e_wait "☑ Đã cài đặt, kích hoạt VNeID" >/dev/null
e2e_keys 1 2
check "12 saves the outcome" e2e_wait "Đã ghi kết quả"
check "then home again" e2e_wait_title "UBND xã Thử Nghiệm"
check "… without the volunteer" sh -c '! printf "%s\n" "$1" | grep -qF "Có hỗ trợ viên"' _ "$(e2e_screen)"

csv=$("$KIOSK" -c "$T/kiosk.conf" stats --csv)
check "kiosk stats --csv exits 0" test $? = 0
check "the CSV starts with a BOM and the header" \
    sh -c 'printf "%s" "$1" | head -1 | grep -q "^﻿Từ ngày,Đến ngày,"' _ "$csv"
check "the outcome is in kiosk stats --csv" sh -c 'printf "%s" "$1" | grep -q \
    ",outcome,Kết quả,Trần Thị Bình (TV01),Đã nộp hồ sơ trực tuyến thành công,1"' _ "$csv"
check "the assisted session is counted" sh -c 'printf "%s" "$1" | grep -q \
    ",assisted_total,Phiên có hỗ trợ viên,Tất cả,,1"' _ "$csv"
check "VNeID activations are counted" sh -c 'printf "%s" "$1" | grep -q ",vneid_activations,.*,1"' _ "$csv"
check "the share filed online is 100%" sh -c 'printf "%s" "$1" | grep -q ",filed_online_share,.*,100.0"' _ "$csv"
"$KIOSK" -c "$T/kiosk.conf" stats --xlsx "$T/thong-ke.xlsx" >/dev/null
check "kiosk stats --xlsx writes a workbook" sh -c 'head -c 2 "$1" | grep -q PK' _ "$T/thong-ke.xlsx"
out=$("$KIOSK" -c "$T/kiosk.conf" stats --from 2026-12-31 --to 2026-12-01 2>&1)
check "a period that ends before it starts exits 2" test $? = 2
check "and says so" sh -c 'echo "$1" | grep -q "before it starts"' _ "$out"
month=$(TZ=Asia/Ho_Chi_Minh date +%Y-%m) # the kiosk's local month
"$KIOSK" -c "$T/kiosk.conf" report --month "$month" -o "$T/bao-cao.pdf" >/dev/null
check "kiosk report writes the monthly PDF" \
    sh -c 'pdftotext -layout "$1" - | grep -q "UBND xã Thử Nghiệm"' _ "$T/bao-cao.pdf"
check "the report has the volunteer" \
    sh -c 'pdftotext -layout "$1" - | grep -q "Trần Thị Bình (TV01)"' _ "$T/bao-cao.pdf"
# Staff export the month and print the poster: both go through the print helper.
e2e_keys F10 5 8 2 9 1 4 Enter
e2e_wait "Chế độ cán bộ" >/dev/null
e2e_keys 6
e2e_wait "Báo cáo tháng này" >/dev/null
e2e_keys 1
check "the export says where the files are" e2e_wait "Đã lưu bảng số liệu"
check "the CSV is in pdf_dir/reports" test -s "$T/var/slips/reports/thong-ke-$month.csv"
waited=0
while [ ! -s "$T/var/slips/reports/bao-cao-$month.pdf" ] && [ $waited -lt 200 ]; do
    sleep 0.1
    waited=$((waited + 1))
done
check "the PDF report appears beside it" \
    sh -c 'pdftotext -layout "$1" - | grep -q "Báo cáo tháng"' _ "$T/var/slips/reports/bao-cao-$month.pdf"
e2e_keys Escape Escape 1
e2e_wait "Áp phích" >/dev/null
e2e_keys 3
check "the poster is queued" e2e_wait "Đã gửi lệnh in số"
waited=0
while ! ls "$T/var/slips/"*.pdf >/dev/null 2>&1 && [ $waited -lt 300 ]; do
    sleep 0.1
    waited=$((waited + 1))
done
check "the queue runner writes the poster to the PDF folder" sh -c 'ls "$1"/*.pdf >/dev/null' _ "$T/var/slips"
check "the export is audited" \
    test "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'export'")" = 2
check "the poster is audited" \
    test "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'print_poster'")" = 1
check "the volunteer's add is audited" \
    test "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'volunteer_add'")" = 1

e2e_done
