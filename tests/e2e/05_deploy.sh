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

# The full-screen unit for PCs with a graphics driver: cage runs foot with the kiosk.
cunit="$T/kiosk-cage.service"
sed "s|/opt/kiosk|$ROOT|g" "$ROOT/assets/kiosk-cage.service" >"$cunit"
out=$(systemd-analyze verify "$cunit" 2>&1)
rc=$?
check "systemd-analyze verify accepts the cage unit" test "$rc" = 0
check "systemd-analyze verify has no complaints about it" test -z "$out"
[ -n "$out" ] && echo "$out" | sed 's/^/# /'
check "the cage unit runs cage with the kiosk session" \
    grep -q "^ExecStart=/usr/bin/cage -d -- /bin/sh $ROOT/assets/kiosk-session.sh" "$cunit"
check "the cage unit runs as the unprivileged kiosk user" grep -q '^User=kiosk' "$cunit"
check "the cage unit restarts whenever it exits" grep -q '^Restart=always' "$cunit"
check "the cage unit takes tty1 instead of a login prompt" \
    sh -c 'grep -q "^TTYPath=/dev/tty1" "$1" && grep -q "^Conflicts=getty@tty1.service" "$1"' _ "$cunit"
check "the cage unit makes the keypad type digits (NumLock)" grep -q 'XKB_DEFAULT_OPTIONS=numpad:mac' "$cunit"
check "the cage unit turns screen blanking off" grep -q 'setterm --blank 0' "$cunit"
check "the two units exclude each other" \
    sh -c 'grep -q "^Conflicts=.*kiosk-cage.service" "$1" && grep -q "^Conflicts=.*kiosk.service" "$2"' _ "$unit" "$cunit"
check "foot's cursor is an underline (the selection marker stays visible)" \
    grep -q '^style=underline' "$ROOT/assets/foot.ini"

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

# The make below is a user's, not a sub-make of make test (no inherited flags or levels).
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

# make deps as a normal user: nothing is installed, and the exact apt-get line is printed —
# because a package is missing and the user is not root, not because something else failed:
# the same user with nothing missing gets no line and success.
as_user() {
    if [ "$(id -u)" = 0 ]; then
        su nobody -s /bin/sh -c "$1"
    else
        sh -c "$1"
    fi
}
if [ "$(id -u)" != 0 ] || id nobody >/dev/null 2>&1; then
    out=$(as_user "cd '$ROOT' && KIOSK_EXTRA_PKGS=kiosk-no-such-package make -s deps" 2>&1)
    rc=$?
    check "make deps as a normal user with a package missing fails" test "$rc" != 0
    check "and prints the exact apt-get line to run as root" sh -c 'echo "$1" | grep -q "^  apt-get update && apt-get install -y --no-install-recommends kiosk-no-such-package$"' _ "$out"
    check "and names only the missing package" sh -c 'echo "$1" | grep -q "missing: kiosk-no-such-package$"' _ "$out"
    check "and nothing else went wrong" sh -c '! echo "$1" | grep -qi "denied\|not found\|no such file\|cannot"' _ "$out"
    out=$(as_user "cd '$ROOT' && make -s deps" 2>&1)
    rc=$?
    check "the same user with nothing missing: success" test "$rc" = 0
    check "and no line at all" test -z "$out"
else
    check "a normal user (nobody) exists to run make deps as" false
fi
out=$(sh "$ROOT/scripts/deps.sh" run test 2>&1)
check "deps with everything installed does nothing and says nothing" test -z "$out"
out=$(sh "$ROOT/scripts/deps.sh" deploy 2>&1)
check "the deploy group installs nothing more here" test -z "$out"
out=$(sh "$ROOT/scripts/deps.sh" tools 2>&1)
check "an unknown package group is refused" test -n "$out"
run_pkgs=$(sh "$ROOT/scripts/deps.sh" --list run)
test_pkgs=$(sh "$ROOT/scripts/deps.sh" --list test)
for tool in libcmocka-dev valgrind clang tmux zbar-tools printer-driver-cups-pdf poppler-utils; do
    check "make run does not install the test tool $tool" \
        sh -c '! echo "$1" | grep -qx "$2"' _ "$run_pkgs" "$tool"
    check "make test does" sh -c 'echo "$1" | grep -qx "$2"' _ "$test_pkgs" "$tool"
done
for lib in libncurses-dev libcairo2-dev libcups2-dev fonts-dejavu-core gcc make; do
    check "make run installs $lib" sh -c 'echo "$1" | grep -qx "$2"' _ "$run_pkgs" "$lib"
done

# A machine without the packages: a plain make stops at once with one line that names what
# is missing and the command that installs it, and compiles nothing.
mkdir -p "$T/no-pkgs"
out=$(cd "$ROOT" && PKG_CONFIG_LIBDIR="$T/no-pkgs" make BUILD="$T/no-build" 2>&1)
rc=$?
check "make without the packages fails" test "$rc" != 0
check "with one line" test "$(printf '%s\n' "$out" | wc -l)" = 1
check "that names the missing packages" sh -c 'echo "$1" | grep -q "libncurses-dev.*libsqlite3-dev"' _ "$out"
check "and says make deps" sh -c 'echo "$1" | grep -q "make deps"' _ "$out"
check "nothing was compiled" test ! -e "$T/no-build/src"

# The boundaries: the core compiles with the kiosk's packages only, so a core file that
# includes cairo does not compile; the print helper's may. Feature-test macros come from the
# Makefile alone (ncursesw's .pc defines _XOPEN_SOURCE=600).
mkdir -p "$T/probe/src/print" "$T/probe/screens"
printf '#include <cairo.h>\nint probe(void);\nint probe(void) { return CAIRO_VERSION_MAJOR; }\n' \
    >"$T/probe/src/probe.c"
cp "$T/probe/src/probe.c" "$T/probe/src/print/probe.c"
cp "$T/probe/src/probe.c" "$T/probe/screens/probe.c"
out=$(make -f "$ROOT/Makefile" -C "$T/probe" BUILD=build build/src/probe.o 2>&1)
check "a core file that includes cairo does not compile" test $? != 0
check "because cairo.h is not on the core's include path" \
    sh -c 'echo "$1" | grep -q "cairo.h: No such file"' _ "$out"
out=$(make -f "$ROOT/Makefile" -C "$T/probe" BUILD=build build/screens/probe.o 2>&1)
check "nor does a screen that includes cairo" sh -c 'echo "$1" | grep -q "cairo.h: No such file"' _ "$out"
out=$(make -f "$ROOT/Makefile" -C "$T/probe" BUILD=build Q= build/src/print/probe.o 2>&1)
check "the print helper's file that includes cairo compiles" test $? = 0
check "one feature-test macro set, by the Makefile" sh -c \
    'echo "$1" | grep -- " -c " | grep -q -- "-D_XOPEN_SOURCE=700" &&
     ! echo "$1" | grep -q -- "-D_XOPEN_SOURCE=600"' _ "$out"
check "no core or screen source includes cairo, pango, CUPS or xlsxwriter" sh -c \
    '! grep -l "#include <\(cairo\|pango\|cups\|xlsxwriter\)" "$1"/src/*.[ch] "$1"/screens/*.[ch]' _ "$ROOT"
check "the logger is the lowest layer (no cycle with xmalloc.c)" sh -c \
    'test "$(grep "^#include \"" "$1/src/log.c")" = "#include \"log.h\"" &&
     ! grep -q "^#include \"" "$1/src/log.h"' _ "$ROOT"
e2e_done
