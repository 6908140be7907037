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

# make deps / make run as a normal user: nothing installed, the exact apt-get line printed.
if id nobody >/dev/null 2>&1; then
    cp "$ROOT/scripts/deps.sh" "$T/deps.sh" # readable by nobody wherever the clone is
    chmod 0644 "$T/deps.sh"
    out=$(su nobody -s /bin/sh -c "KIOSK_EXTRA_PKGS=kiosk-no-such-package sh '$T/deps.sh'" 2>&1)
    rc=$?
    check "deps as a normal user with a package missing fails" test "$rc" = 1
    check "and prints the exact apt-get line to run as root" sh -c 'echo "$1" | grep -q "apt-get install -y --no-install-recommends kiosk-no-such-package"' _ "$out"
fi
out=$(sh "$ROOT/scripts/deps.sh" 2>&1)
check "deps with everything installed does nothing and says nothing" test -z "$out"
e2e_done
