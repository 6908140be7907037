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
check "the unit loads the kiosk's own console font" \
    grep -q "^ExecStartPre=.*console-font.sh /dev/tty1 $ROOT/build/console/kiosk-8x16.psf" "$unit"
check "no Vietnamese-Terminus font (it lacks ơ, ư, ạ …)" sh -c '! grep -q Terminus "$1"' _ "$unit"

# The console font is doubled to 16x32 only where the screen still holds 80x24 cells.
mkdir -p "$T/bin"
printf '#!/bin/sh\necho "$*" >"%s/setfont.args"\n' "$T" >"$T/bin/setfont"
chmod 0755 "$T/bin/setfont"
for c in "1366,768:-d " "1920,1080:-d " "1280,1024:-d " "1280,720:" "1024,768:" "garbage:"; do
    size=${c%%:*}
    want="${c#*:}-C /dev/tty1 $ROOT/build/console/kiosk-8x16.psf"
    echo "$size" >"$T/fbsize"
    rm -f "$T/setfont.args"
    PATH="$T/bin:$PATH" KIOSK_FB_SIZE_FILE="$T/fbsize" \
        sh "$ROOT/assets/console-font.sh" /dev/tty1 "$ROOT/build/console/kiosk-8x16.psf"
    check "console font on a $size screen: setfont $want" \
        test "$(cat "$T/setfont.args" 2>/dev/null)" = "$want"
done

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
