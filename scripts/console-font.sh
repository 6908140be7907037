#!/bin/sh
# Build the kiosk's Linux console font: 8x16 (loaded with "setfont -d" it becomes 16x32),
# 512 glyphs, a Unicode table holding every character the kiosk can draw.
#   sh scripts/console-font.sh OUT.psf SYMBOLS
# SYMBOLS is the kiosk's character set as "U+XXXX" lines (build/charset list …). The glyphs
# come from GNU Unifont as Debian ships it (xfonts-unifont, an X11 PCF font: every Vietnamese
# letter, the half and full blocks, box drawing, ☐ ☑ ▶ ●); pcf2bdf turns it into BDF and
# bdf2psf (console-setup's converter) into PSF. Only Unifont's single-width (8x16) glyphs are
# kept, so the console font has one cell size.
set -eu
out=$1
symbols=$2
pcf=${UNIFONT_PCF:-/usr/share/fonts/X11/misc/unifont.pcf.gz}
sets=/usr/share/bdf2psf
for f in "$pcf" "$sets/standard.equivalents" "$sets/ascii.set"; do
    if [ ! -r "$f" ]; then
        echo "console-font: $f is missing (install xfonts-unifont and bdf2psf: make deploy-deps)" >&2
        exit 1
    fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pcf2bdf -o "$tmp/unifont.bdf" "$pcf"
# The single-width glyphs alone, under an 8x16 bounding box.
awk -v glyphs="$tmp/glyphs.bdf" '
    /^STARTCHAR/ { inchar = 1; buf = ""; narrow = 0 }
    inchar { buf = buf $0 "\n"; if ($0 == "BBX 8 16 0 -2") narrow = 1 }
    inchar && /^ENDCHAR/ { if (narrow) { printf "%s", buf > glyphs; n++ } inchar = 0; next }
    !inchar && !started && /^CHARS / { started = 1; next }
    !inchar && !started && /^FONTBOUNDINGBOX/ { print "FONTBOUNDINGBOX 8 16 0 -2"; next }
    !inchar && !started { print }
    END { print "CHARS " n > (glyphs ".count") }
' "$tmp/unifont.bdf" >"$tmp/head.bdf"
{
    cat "$tmp/head.bdf" "$tmp/glyphs.bdf.count" "$tmp/glyphs.bdf"
    echo ENDFONT
} >"$tmp/kiosk.bdf"
# The kiosk's characters first (they must all fit), then the console's line-drawing set and
# as many other useful symbols as the 512 places allow.
bdf2psf --fb --log "$tmp/bdf2psf.log" "$tmp/kiosk.bdf" "$sets/standard.equivalents" \
    "$sets/ascii.set+$symbols+$sets/linux.set+:$sets/useful.set" 512 "$out.tmp"
mv "$out.tmp" "$out"
