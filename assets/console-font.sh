#!/bin/sh
# Load the kiosk's console font on a virtual terminal (the kiosk.service unit runs this as
# root before the kiosk starts). The font is 8x16; it is doubled to 16x32 (setfont -d) when
# the screen still holds the kiosk's 80x24 cells that way, e.g. 85x24 on 1366x768, 120x33 on
# 1920x1080; a smaller screen keeps 8x16.
#   console-font.sh [TTY [FONT]]
# The screen size comes from the framebuffer (/sys/class/graphics/fb0/virtual_size,
# "1366,768"; KIOSK_FB_SIZE_FILE overrides it for tests).
set -u
tty=${1:-/dev/tty1}
font=${2:-/opt/kiosk/build/console/kiosk-8x16.psf}
sizefile=${KIOSK_FB_SIZE_FILE:-/sys/class/graphics/fb0/virtual_size}
size=$(cat "$sizefile" 2>/dev/null || true)
w=${size%,*}
h=${size#*,}
double=""
case "$w$h" in
'' | *[!0-9]*) ;; # unknown size: the font as it is
*)
    if [ $((w / 16)) -ge 80 ] && [ $((h / 32)) -ge 24 ]; then
        double=-d
    fi
    ;;
esac
# shellcheck disable=SC2086
exec setfont $double -C "$tty" "$font"
