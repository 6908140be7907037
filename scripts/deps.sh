#!/bin/sh
# Install the Debian 12 packages of the named groups, only those missing:
#   run     the build tools and what the kiosk and its print helper need (make run, make deps)
#   test    the test tools on top (make test); a commune PC never needs them
#   deploy  what an unattended commune PC adds (make deploy-deps)
# As root it runs apt-get; otherwise it prints the exact command and fails.
# deps.sh --list GROUP… prints the packages of the groups, one per line, and installs nothing.
# Idempotent: with everything present it does nothing and says nothing.
set -eu

# The build tools, the libraries the kiosk and the print helper are built with, and what
# they use at run time: the DejaVu font of the slips, the time zones, CUPS for printing.
RUN="gcc make libc6-dev pkg-config
libncurses-dev libsqlite3-dev libqrencode-dev libjansson-dev libinih-dev libsodium-dev
libcups2-dev libcairo2-dev libpango1.0-dev libxlsxwriter-dev
fonts-dejavu-core fontconfig tzdata cups cups-client"

# Unit tests, end-to-end tests (tmux, a private cupsd with a PDF printer, the QR decoder,
# the PDF tools, the sqlite3 shell), sanitizers, fuzzing and valgrind.
# The console font's build and the font coverage tests (make test builds the font).
TEST="libcmocka-dev tmux printer-driver-cups-pdf poppler-utils zbar-tools sqlite3
valgrind clang libclang-rt-14-dev
fontconfig fonts-noto-mono pcf2bdf bdf2psf xfonts-unifont kbd
cage foot grim xwayland"

# --- deploy: what an unattended commune PC adds (the display set-up owns this group) -----
# The console font's build (make console-font) and the console tools the unit uses; cage,
# foot (cage needs xwayland installed) and the terminal fonts of kiosk.conf [display].
DEPLOY="pcf2bdf bdf2psf xfonts-unifont kbd
cage foot xwayland fonts-noto-mono fonts-dejavu-core"

list=0
if [ "${1:-}" = --list ]; then
    list=1
    shift
fi
[ $# -gt 0 ] || set -- run
PKGS=""
for group in "$@"; do
    case "$group" in
    run | install) PKGS="$PKGS $RUN" ;;
    test) PKGS="$PKGS $TEST" ;;
    deploy) PKGS="$PKGS $DEPLOY" ;;
    *)
        echo "kiosk: unknown package group \"$group\" (run, test or deploy)" >&2
        exit 2
        ;;
    esac
done
if [ $list = 1 ]; then
    for p in $PKGS; do echo "$p"; done
    exit 0
fi
# KIOSK_EXTRA_PKGS adds packages (tests use it to check the message for a missing one).
PKGS="$PKGS ${KIOSK_EXTRA_PKGS:-}"
missing=""
for p in $PKGS; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$st" in *"install ok installed"*) continue ;; esac
    case " $missing " in *" $p "*) ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0
cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" != 0 ]; then
    echo "kiosk: these Debian packages are missing:$missing" >&2
    echo "kiosk: install them as root with:" >&2
    echo "  apt-get update && $cmd" >&2
    exit 1
fi
echo "kiosk: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
