#!/bin/sh
# The foundation, end to end: the real kiosk in tmux at 80x24.
. "$(dirname "$0")/../lib/e2e.sh"
e2e_init foundation

# Before curses: a non-UTF-8 locale and a broken config are refused with a clear message.
out=$(env -u LC_ALL LANG=C LC_ALL=C "$KIOSK" -c "$T/kiosk.conf" 2>&1 </dev/null)
rc=$?
check "LANG=C refuses to start with exit 2" test "$rc" = 2
check "LANG=C says how to fix it" sh -c 'echo "$1" | grep -q "LANG=C.UTF-8"' _ "$out"

cp "$T/kiosk.conf" "$T/bad.conf"
printf '[kiosk]\nidle_timeout = soon\n' >>"$T/bad.conf"
line=$(grep -n 'idle_timeout = soon' "$T/bad.conf" | cut -d: -f1)
out=$("$KIOSK" -c "$T/bad.conf" 2>&1 </dev/null)
rc=$?
check "a bad config line exits 2" test "$rc" = 2
check "the error names the file and line" sh -c 'echo "$1" | grep -q "bad.conf:$2:"' _ "$out" "$line"
out=$("$KIOSK" check-config -c "$T/bad.conf" 2>&1)
check "check-config -c after the command also finds it" sh -c 'echo "$1" | grep -q "bad.conf:$2:.*idle_timeout"' _ "$out" "$line"
check "check-config accepts the good config" "$KIOSK" -c "$T/kiosk.conf" check-config
check "--version prints the version" sh -c '"$1" --version | grep -q "^kiosk [0-9]"' _ "$KIOSK"

# The home screen at 80x24.
e2e_start
check "home shows the commune name" e2e_wait "UBND xã Thử Nghiệm"
check "home shows the welcome in Vietnamese" e2e_wait "Xin chào"
check "the hint bar lists the keys" e2e_wait "?: trợ giúp"

# Digits and arrows navigate; Esc goes back.
e2e_keys 1
check "digit 1 opens the first group" e2e_wait_title "Công an"
e2e_keys Escape
check "Esc goes back home" e2e_wait "Xin chào"
e2e_keys Down Enter
check "Down + Enter opens the second item" e2e_wait_title "Hộ tịch – Tư pháp"
e2e_keys 0
check "0 goes back" e2e_wait "Xin chào"

# The numeric keypad itself (tmux sends keypad keys as a terminal would).
e2e_keys KP2
check "keypad 2 opens the second group" e2e_wait "Hộ tịch"
e2e_keys KP0
check "keypad 0 goes back" e2e_wait "Xin chào"
e2e_keys KP.
check "the keypad's . opens help" e2e_wait "Trợ giúp"
e2e_keys KPEnter
check "keypad Enter closes it" e2e_wait "Xin chào"

# Ctrl-C, Ctrl-Z and Ctrl-\ once do not end or suspend it.
e2e_keys C-c C-z C-c
e2e_keys '?'
check "Ctrl-C and Ctrl-Z do not end the kiosk" e2e_wait "Trợ giúp"
check "the kiosk is still running" e2e_alive
e2e_keys Escape
e2e_wait "Xin chào" >/dev/null

# Resize: too small says so, larger recovers.
e2e_resize 60 20
check "60x20 shows the size message" e2e_wait "Cửa sổ quá nhỏ"
e2e_resize 100 30
check "100x30 recovers the home screen" e2e_wait "Xin chào"
e2e_resize 80 24
e2e_wait "Xin chào" >/dev/null

# SIGTERM ends it cleanly (exit 0).
pid=$(pgrep -f "^$KIOSK -c $T/kiosk.conf" | head -1)
kill -TERM "$pid"
check "SIGTERM ends it cleanly" e2e_wait "KIOSK-EXITED-0"

# A crash restores the terminal first and ends the kiosk (systemd starts it again).
e2e_start
e2e_wait "Xin chào" >/dev/null
pid=$(pgrep -f "^$KIOSK -c $T/kiosk.conf" | head -1)
kill -SEGV "$pid"
check "a crash ends the kiosk with the signal's status" e2e_wait "KIOSK-EXITED-139"
check "and the terminal is back to normal (no curses screen left)" \
    sh -c '! tmux -S "$1" capture-pane -p | grep -qF "Xin chào"' _ "$SOCK"
check "… and out of the alternate screen" \
    test "$(tmux -S "$SOCK" display-message -p '#{alternate_on}')" = 0

# The high-contrast theme is selectable in kiosk.conf: black on yellow in the title bar,
# bright white on black below (the normal theme: white on blue, the terminal's colours).
# colour_of TEXT: "fg bg bold" in effect where TEXT starts on screen (SGR codes: 30–37 and
# 39, 40–47 and 49, 1 or 0), following the escape sequences from the top of the screen.
colour_of() {
    e2e_screen_colours | tr '\033\n' 'E ' | awk -v text="$1" '{
        at = index($0, text)
        if (at == 0) { print "absent"; exit }
        s = substr($0, 1, at - 1); fg = 39; bg = 49; bold = 0
        while (match(s, /E\[[0-9;]*m/)) {
            n = split(substr(s, RSTART + 2, RLENGTH - 3), c, ";")
            if (n == 0) { n = 1; c[1] = 0 }
            for (k = 1; k <= n; k++) {
                v = c[k] + 0
                if (v == 0) { fg = 39; bg = 49; bold = 0 }
                else if (v == 1) bold = 1
                else if (v == 22) bold = 0
                else if ((v >= 30 && v <= 37) || v == 39) fg = v
                else if ((v >= 40 && v <= 47) || v == 49) bg = v
            }
            s = substr(s, RSTART + RLENGTH)
        }
        print fg, bg, bold
    }'
}
# has_colour TEXT "FG BG BOLD": is TEXT drawn in these colours?
has_colour() {
    got=$(colour_of "$1")
    [ "$got" = "$2" ] && return 0
    echo "\"$1\" is drawn as \"$got\", expected \"$2\" (fg bg bold)"
    return 1
}
e2e_start
e2e_wait "Xin chào" >/dev/null
check "the normal theme: the title bar is white on blue" has_colour "UBND xã Thử Nghiệm" "37 44 1"
sed -i 's/^language = vi$/language = vi\ntheme = high-contrast/' "$T/kiosk.conf"
e2e_start
check "the high-contrast theme starts and shows home" e2e_wait "Xin chào"
check "high contrast: the title bar is bold black on yellow" has_colour "UBND xã Thử Nghiệm" "30 43 1"
check "high contrast: headings are bold yellow on black" has_colour "Xin chào" "33 40 1"
hint=$(e2e_screen | tail -1 | sed 's/^ *//; s/ *$//') # the whole hint bar
check "high contrast: the hint bar is bold black on white" has_colour "$hint" "30 47 1"
no_blue() { ! e2e_screen_colours | grep -q "$(printf '\033')\[44m"; }
check "high contrast: no blue anywhere" no_blue
sed -i '/^theme = high-contrast$/d' "$T/kiosk.conf"

# The idle countdown appears and resets to home (short timeouts in this config).
e2e_conf idle_timeout 10
e2e_conf idle_countdown 5
e2e_start
e2e_wait "Xin chào" >/dev/null
e2e_keys 1
e2e_wait_title "Công an" >/dev/null
check "the idle countdown appears" e2e_wait "Còn dùng không?" 20
check "then the home screen returns" e2e_wait "Xin chào" 15

e2e_done
