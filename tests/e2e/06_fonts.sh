#!/bin/sh
# Every character the kiosk can put on screen (build/charset: its message tables, its UI
# symbols, the catalog's resident-facing texts, the Vietnamese alphabet) is in the console
# font it ships (the PSF's Unicode table) and in the terminal fonts kiosk.conf names
# (fontconfig); a resident-facing text with a letter no font has is reported.
. "$(dirname "$0")/../lib/e2e.sh"
e2e_init fonts
cd "$ROOT" || exit 2
CHARSET="$BUILD/charset"
PSF="$BUILD/console/kiosk-8x16.psf"
SRCS="src/msg_*.def src/*.c src/*.h screens/*.c screens/*.h assets/catalog.json"
FIXTURE=tests/fixtures/charset_missing_letter.json

check "the character-set tool is built (make test builds it)" test -x "$CHARSET"
check "the console font is built (make console-font)" test -s "$PSF"

# shellcheck disable=SC2086
"$CHARSET" where $SRCS >"$T/set.txt" 2>"$T/err.txt"
check "the character set is computed from the sources" test -s "$T/set.txt"
for c in ơ Ư ạ Ỹ đ ▀ ▄ █ ▶ ● ─ ┌ ₫; do
    check "the character set holds $c" grep -q "	$c	" "$T/set.txt"
done

# The console font: PSF, 8x16, 512 glyphs, with a Unicode table holding the whole set.
head -c 4 "$PSF" | od -An -tx1 | tr -d ' \n' >"$T/psfhead"
check "the console font is a 512-glyph 8x16 PSF with a Unicode table" \
    test "$(cat "$T/psfhead")" = 36040310
# kbd's own reader (the package of setfont) agrees: the table maps ạ and ▀ to glyphs.
psfxtable -i "$PSF" -ot "$T/psftable.txt" 2>"$T/psfx.err"
check "kbd's psfxtable reads the console font's Unicode table" test -s "$T/psftable.txt"
check "and finds ạ and ▀ in it" sh -c 'grep -q "U+1ea1" "$1" && grep -q "U+2580" "$1"' _ "$T/psftable.txt"
# shellcheck disable=SC2086
"$CHARSET" check-psf "$PSF" $SRCS >"$T/psf.txt" 2>&1
rc=$?
check "the console font draws every character the kiosk can put on screen" test "$rc" = 0
sed 's/^/# /' "$T/psf.txt" | head -20
# shellcheck disable=SC2086
"$CHARSET" check-psf "$PSF" $SRCS "$FIXTURE" >"$T/psf-bad.txt" 2>&1
rc=$?
check "a text with a letter the console font lacks fails the check" test "$rc" = 1
check "and the report names the file, the text and the letter" \
    grep -q "^$FIXTURE: services\[0\].name.vi: U+A7C1 " "$T/psf-bad.txt"
check "a decomposed (NFD) letter is reported too: the console draws precomposed letters only" \
    grep -q "U+0323 " "$T/psf-bad.txt"

# The terminal fonts named in kiosk.conf [display], as fontconfig finds them.
conf_value() {
    sed -n '/^\[display\]/,/^\[/p' kiosk.conf | sed -n "s/^$1 = //p"
}
font=$(conf_value font)
fallback=$(conf_value fallback_font)
check "kiosk.conf names a terminal font" test -n "$font"
file_of() {
    # fc-match answers with a substitute for a missing family: accept only the family asked.
    fam=$(fc-match -f '%{family}' "$1")
    case ",$fam," in *",$1,"*) fc-match -f '%{file}' "$1" ;; esac
}
ffile=$(file_of "$font")
check "the terminal font \"$font\" is installed" test -n "$ffile"
franges=$(fc-query -f '%{charset}' "$ffile" 2>/dev/null)
# The letters come from the main font alone (no word drawn in two typefaces).
"$CHARSET" check-ranges "$font" "$franges" >"$T/letters.txt" 2>&1
rc=$?
check "\"$font\" draws every Vietnamese letter and the đồng sign by itself" test "$rc" = 0
sed 's/^/# /' "$T/letters.txt" | head -20
ranges=$franges
name=$font
if [ -n "$fallback" ]; then
    bfile=$(file_of "$fallback")
    check "the fallback font \"$fallback\" is installed" test -n "$bfile"
    ranges="$ranges $(fc-query -f '%{charset}' "$bfile" 2>/dev/null)"
    name="$font + $fallback"
fi
# shellcheck disable=SC2086
"$CHARSET" check-ranges "$name" "$ranges" $SRCS >"$T/term.txt" 2>&1
rc=$?
check "$name draw every character the kiosk can put on screen" test "$rc" = 0
sed 's/^/# /' "$T/term.txt" | head -20
# shellcheck disable=SC2086
"$CHARSET" check-ranges "$name" "$ranges" $SRCS "$FIXTURE" >"$T/term-bad.txt" 2>&1
rc=$?
check "a text with a letter the terminal fonts lack fails the check" test "$rc" = 1
check "and the report names the file, the text and the letter" \
    grep -q "^$FIXTURE: services\[0\].name.vi: U+A7C1 " "$T/term-bad.txt"
# DejaVu Sans Mono alone is not enough: it lacks ả, ấ, ể, ở … (measured: 46 letters).
djv=$(file_of "DejaVu Sans Mono")
if [ -n "$djv" ]; then
    "$CHARSET" check-ranges "DejaVu Sans Mono" "$(fc-query -f '%{charset}' "$djv")" >"$T/djv.txt" 2>&1
    check "the check notices a font without every Vietnamese letter (DejaVu Sans Mono lacks ả)" \
        grep -q "U+1EA3 " "$T/djv.txt"
fi
e2e_done
