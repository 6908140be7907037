#!/bin/sh
# What cage runs (assets/kiosk-cage.service): foot, full screen, with the kiosk in it, in the
# font and size of kiosk.conf [display].
#   kiosk-session.sh [COMMAND…]   COMMAND instead of the kiosk (tests attach a tmux client)
# KIOSK_DIR (default /opt/kiosk) is the installed tree; KIOSK_CONFIG its kiosk.conf.
set -u
dir=${KIOSK_DIR:-/opt/kiosk}
conf=${KIOSK_CONFIG:-$dir/kiosk.conf}
value() {
    # [display] KEY of kiosk.conf ("" when unset; the kiosk validates the file itself).
    sed -n '/^\[display\]/,/^\[/p' "$conf" | sed -n "s/^$1[ 	]*=[ 	]*//p" | tail -n 1
}
font=$(value font)
fallback=$(value fallback_font)
size=$(value font_size)
font="${font:-Noto Sans Mono}:pixelsize=${size:-20}"
[ -n "$fallback" ] && font="$font,$fallback:pixelsize=${size:-20}"
[ $# -gt 0 ] || set -- "$dir/build/kiosk" -c "$conf"
exec foot --config="$dir/assets/foot.ini" --font="$font" "$@"
