#!/bin/sh
# Nothing promised is lost, end to end: the real kiosk and the shipped catalog in tmux at
# 80x24, no printer (slips are saved as PDFs). A resident answers "Chưa" to VNeID level 2 —
# the screen says it goes on the list of things to do — and the printed slip holds that to-do
# (pdftotext). No password question follows "no level-2 account".
. "$(dirname "$0")/../lib/e2e.sh"
export LC_ALL=C.UTF-8
e2e_init slip_todo

# The first words of VNeID level 2's "what to do", as the catalog gives them.
TODO=$(grep -A4 '"id": "vneid_l2"' "$ROOT/assets/catalog.json" | grep '"if_no"' |
    sed 's/.*"if_no": *{ *"vi": *"\([^".]*\).*/\1/')

check "the catalog has the to-do's text" test -n "$TODO"
e2e_start
check "home" e2e_wait "Xin chào"
e2e_keys /
check "search" e2e_wait "Tìm:"
e2e_keys 9 Enter
check "service 9's page" e2e_wait "Xem ngay danh sách giấy tờ"
e2e_keys 1
check "the questions start" e2e_wait "Câu 1/"
check "the answers reach the pre-flight" e2e_answer_until "Trước khi nộp trực tuyến" 1
check "the first pre-flight question is VNeID level 2" e2e_wait "VNeID mức độ 2"
e2e_keys 2
check "\"Chưa\" says what to do" e2e_wait "Bạn trả lời “Chưa”"
check "… and that it goes on the list of things to do" e2e_wait "$TODO"
e2e_keys 1
check "continue: the checklist, no password question" e2e_wait "Gõ số để đánh dấu"
check "the checklist lists the to-do" e2e_wait "Cần làm trước"
n=$(e2e_screen | grep -o '[0-9][0-9]*\. In phiếu' | head -1 | cut -d. -f1)
check "the checklist offers to print" test -n "$n"
e2e_keys "$n"
check "printing shows the slip first" e2e_wait "Xem trước phiếu sẽ in"
check "… with the to-do on it" e2e_wait "Cần làm trước khi nộp trực tuyến"
e2e_keys 1
check "the slip has a number" e2e_wait "Số phiếu của bạn:"
slip=$(e2e_screen | sed -n 's/.*Số phiếu của bạn: \([0-9-]*\).*/\1/p' | head -1)
check "the slip is saved as a PDF" e2e_wait "lưu thành tệp PDF" 30
pdf="$T/var/slips/$slip.pdf"
check "the PDF is there" test -s "$pdf"
text=$(pdftotext "$pdf" - 2>/dev/null | tr -s ' \n' '  ')
check "the slip has the \"Cần làm trước\" section" sh -c 'echo "$1" | grep -qF "Cần làm trước khi nộp trực tuyến"' _ "$text"
check "the slip has the to-do's what to do and where" sh -c 'echo "$1" | grep -qF "$2"' _ "$text" "$TODO"
check "the kiosk is still running" e2e_alive

e2e_done
