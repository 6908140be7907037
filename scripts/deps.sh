#!/bin/sh
# Install the Debian 12 packages the kiosk and its tests need, only those missing.
# As root it runs apt-get; otherwise it prints the exact command and fails.
# Idempotent: with everything present it does nothing and says nothing.
set -eu
PKGS="gcc make libc6-dev pkg-config
libncurses-dev libsqlite3-dev libqrencode-dev libjansson-dev libinih-dev libsodium-dev
libcups2-dev libcairo2-dev libpango1.0-dev libxlsxwriter-dev fonts-dejavu-core
libcmocka-dev tmux cups cups-client printer-driver-cups-pdf poppler-utils zbar-tools
sqlite3 tzdata valgrind clang libclang-rt-14-dev
fontconfig fonts-noto-mono pcf2bdf bdf2psf xfonts-unifont kbd"
# KIOSK_EXTRA_PKGS adds packages (tests use it to check the message for a missing one).
PKGS="$PKGS ${KIOSK_EXTRA_PKGS:-}"
missing=""
for p in $PKGS; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$st" in *"install ok installed"*) ;; *) missing="$missing $p" ;; esac
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
