#!/bin/sh
# Keys that do what the screen says, end to end: the real kiosk and the shipped catalog in tmux
# at 80x24, with a resident who presses Enter after every number (tmux sends the digit and the
# Enter in one write, as a quick hand does). Each check waits for the screen it expects (its
# title or its own text); which screen a key landed on is read from the help it opens, since
# keys are handled in order.
. "$(dirname "$0")/../lib/e2e.sh"
export LC_ALL=C.UTF-8
e2e_init resident_keys

# The name of group 2 and the plain name of service 9, as the catalog gives them.
GROUP2=$(sed -n '/"groups"/,/\]/p' "$ROOT/assets/catalog.json" | grep -m2 '"vi"' | tail -1 |
    sed 's/.*"vi": *"\([^"]*\)".*/\1/')

e2e_start
check "home is shown" e2e_wait "Xin chào"

# 2 Enter at home: the group list, and the Enter did not open its first service.
e2e_keys 2 Enter
check "2 Enter opens group 2's list" e2e_wait " $GROUP2"
e2e_keys .
check "the Enter after 2 was swallowed: help is the list's help" e2e_wait "Mỗi dịch vụ mang số riêng"
e2e_keys Escape
check "Esc closes help" e2e_wait_gone "Mỗi dịch vụ mang số riêng"

# A message stays with its screen: "no item 12" on the list (9, 10, 11, 15, 16) is gone once
# home is back.
e2e_keys 1 2
check "a number not on the list says so" e2e_wait "Không có mục số"
e2e_keys Escape
check "back home" e2e_wait "Xin chào"
check "the message did not follow to home" sh -c '! tmux -S "$1" capture-pane -p | grep -qF "Không có mục số"' _ "$SOCK"

# 1 Enter on a service page: question 1, not answered by the Enter.
e2e_keys /
check "search opens" e2e_wait "Tìm:"
e2e_keys 9 Enter
check "service 9's page" e2e_wait "Xem ngay danh sách giấy tờ"
e2e_keys 1 Enter
check "1 Enter starts the questions" e2e_wait "Câu 1/"
e2e_keys .
check "help on the question" e2e_wait "Trợ giúp"
e2e_keys Escape
check "help closes" e2e_wait_gone "Trợ giúp"
check "question 1 is still unanswered on screen" e2e_wait "Câu 1/"
e2e_keys Escape
check "back to the service page" e2e_wait "Xem ngay danh sách giấy tờ"

# 1 2 on a checklist of 11 entries (every paper of service 9, then 4 actions): ticks 1 and 2.
e2e_keys 2 Enter
check "straight to every paper" e2e_wait "Mọi giấy tờ có thể cần"
e2e_keys +
check "the list has 11 entries (its second page)" e2e_wait " 11. Xong"
e2e_keys 1 2
check "1 2 ticks item 2" e2e_wait " 2. [x]"
check "1 2 ticked item 1 too" e2e_wait " 1. [x]"
check "and did not say there is no item 12" sh -c '! tmux -S "$1" capture-pane -p | grep -qF "Không có mục số 12"' _ "$SOCK"

# 1 0 is item 10, "In phiếu": its preview asks first, and 0 there goes back without printing.
e2e_keys 1 0
check "1 0 shows the slip before printing" e2e_wait "Xem trước phiếu sẽ in"
check "… and asks" e2e_wait "In phiếu này"
e2e_keys 0
check "0 goes back to the papers" e2e_wait "Mọi giấy tờ có thể cần"
check "nothing was printed" sh -c '! tmux -S "$1" capture-pane -p | grep -qF "Số phiếu"' _ "$SOCK"
e2e_keys Home
check "the ticks are still there" e2e_wait " 2. [x]"

# Ticks survive going back to a question and forward again with the same answers.
e2e_keys Escape
check "back to the service page for the questions" e2e_wait "Xem ngay danh sách giấy tờ"
e2e_keys 1
check "the questions start" e2e_wait "Câu 1/"
n=0
while ! e2e_screen | grep -qF "Gõ số để đánh dấu" && [ $n -lt 20 ]; do
    before=$(e2e_screen | sed 1d)
    if e2e_screen | grep -qF "Mở dịch vụ số"; then e2e_keys 2; else e2e_keys 1; fi
    i=0
    while [ "$(e2e_screen | sed 1d)" = "$before" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
    n=$((n + 1))
done
check "the answers reach the checklist" e2e_wait "Gõ số để đánh dấu"
check "paper 2, ticked on every paper, is ticked here too" e2e_wait " 2. [x]"
check "paper 3 is not ticked yet" e2e_wait " 3. [ ]"
e2e_keys 3
check "tick 3" e2e_wait " 3. [x]"
e2e_keys Escape
check "back to the last question" e2e_wait "Trước khi nộp trực tuyến"
e2e_keys 1
check "the same answer: the checklist again" e2e_wait "Gõ số để đánh dấu"
check "with the tick kept" e2e_wait " 3. [x]"

# Help is the keypad's . in search too, and . or ? never go into the search text.
e2e_keys /
check "search opens again" e2e_wait "Tìm:"
e2e_keys k h a .
check ". opens help in search" e2e_wait "Gõ vài chữ trong tên dịch vụ"
e2e_keys Escape
check "help closes over search" e2e_wait_gone "Gõ vài chữ trong tên dịch vụ"
check "the search text has no ." sh -c 'tmux -S "$1" capture-pane -p | grep -q "Tìm: *kha *\$\|Tìm: kha[^.]"' _ "$SOCK"

# The PIN screen: . is help there too, never a PIN digit.
e2e_keys '*'
check "start again: home" e2e_wait "Xin chào"
e2e_keys F10
check "F10 asks for the PIN" e2e_wait "nhập mã PIN"
e2e_keys .
check ". opens the PIN screen's help" e2e_wait "Màn hình này dành cho cán bộ"
e2e_keys Escape
check "help closes over the PIN screen" e2e_wait_gone "Màn hình này dành cho cán bộ"
check "the PIN field is still empty" sh -c '! tmux -S "$1" capture-pane -p | grep -qF "●"' _ "$SOCK"
e2e_keys Escape

# The window too small: keys do nothing until it is large enough again.
e2e_keys '*'
check "start again: home" e2e_wait "Xin chào"
tmux -S "$SOCK" resize-window -x 60 -y 20
check "too small says so" e2e_wait "Cửa sổ quá nhỏ"
e2e_keys 1 / 2
tmux -S "$SOCK" resize-window -x 80 -y 24
check "large enough again: still home" e2e_wait "Xin chào"
check "the keys typed while too small did nothing" sh -c '! tmux -S "$1" capture-pane -p | grep -qF "Tìm:"' _ "$SOCK"

e2e_done
