#!/bin/sh
# The systemd unit for unattended commune PCs: verified by systemd itself.
. "$(dirname "$0")/../lib/e2e.sh"
e2e_init deploy
unit="$T/kiosk.service"
sed "s|/opt/kiosk|$ROOT|g" "$ROOT/assets/kiosk.service" >"$unit"
out=$(systemd-analyze verify "$unit" 2>&1)
rc=$?
check "systemd-analyze verify accepts the unit" test "$rc" = 0
check "systemd-analyze verify has no complaints" test -z "$out"
[ -n "$out" ] && echo "$out" | sed 's/^/# /'
check "the unit restarts the kiosk whenever it exits" grep -q '^Restart=always' "$unit"
check "the unit runs on tty1" grep -q '^TTYPath=/dev/tty1' "$unit"
check "the unit runs as the unprivileged kiosk user" grep -q '^User=kiosk' "$unit"
check "the unit sets a UTF-8 locale" grep -q 'LANG=C.UTF-8' "$unit"
check "the unit turns NumLock on" grep -q 'setleds -D +num' "$unit"
check "the unit turns screen blanking off" grep -q 'setterm --blank 0' "$unit"
e2e_done
