#!/bin/sh
# Bad inputs an administrator or an editor can give, each refused with the file, key and
# reason before anything runs with it: database paths that are no files, a missing catalog,
# text a slip could not print (emoji, CJK, control, bidi and zero-width characters, a name
# too long for the paper), trivially guessable staff PINs. What passes the checks prints.
. "$(dirname "$0")/../lib/e2e.sh"
e2e_init badinput
CONF=$T/kiosk.conf
cp "$CONF" "$T/good.conf"

# check-config with one key changed; prints its output, returns its exit status.
conf_with() {
    cp "$T/good.conf" "$CONF"
    e2e_conf "$1" "$2"
    "$KIOSK" -c "$CONF" check-config 2>&1
}
refused() { # NAME KEY VALUE TEXT: exit 2 and TEXT in the message
    out=$(conf_with "$2" "$3")
    rc=$?
    [ $rc = 2 ] && case $out in *"$4"*) return 0 ;; esac
    echo "# rc=$rc: $out"
    return 1
}

check "the test configuration passes" sh -c '"$1" -c "$2" check-config' _ "$KIOSK" "$T/good.conf"
record input "database = /dev/null" "check-config refuses database = /dev/null" \
    refused x database /dev/null "[paths] database: \"/dev/null\" is in a kernel file system"
record input "database under /proc" "check-config refuses a database under /proc" \
    refused x database /proc/self/kiosk.db "kernel file system"
mkfifo "$T/fifo.db"
record input "database = a FIFO" "check-config refuses a FIFO as the database" \
    refused x database "$T/fifo.db" "is not a regular file"
record input "catalog that does not exist" "check-config refuses a missing catalog" \
    refused x catalog "$T/none.json" "[paths] catalog: cannot read"
record input "emoji in centre_name" "check-config refuses an emoji in centre_name" \
    refused x centre_name "UBND xã 😀" "[kiosk] centre_name: U+1F600"
record input "CJK in hotlines" "check-config refuses CJK in hotlines" \
    refused x hotlines "登记 0203" "not in the slip font"
record input "bell (control character) in hotlines" "check-config refuses a control character" \
    refused x hotlines "$(printf 'Tổng đài\a 0203')" "control character"
record input "right-to-left override in centre_name" "check-config refuses a bidi override" \
    refused x centre_name "$(printf 'UBND \342\200\256xã')" "bidirectional"
record input "zero-width space in centre_name" "check-config refuses a zero-width space" \
    refused x centre_name "$(printf 'UBND\342\200\213xã')" "zero-width"
long=$(printf 'Ủy ban %.0s' $(seq 1 40))
record input "a 280-character centre_name" "check-config refuses a name too long for a slip" \
    refused x centre_name "$long" "at most 120 fit on a slip"
record input "escape sequence in the printer name" "check-config refuses control characters in [printer] name" \
    sh -c 'cp "$1/good.conf" "$1/kiosk.conf"; printf "[printer]\nname = Q\033[2J\n" >>"$1/kiosk.conf"
        out=$("$2" -c "$1/kiosk.conf" check-config 2>&1); test $? = 2 && case $out in *"[printer] name"*) true ;; *) false ;; esac' _ "$T" "$KIOSK"
cp "$T/good.conf" "$CONF"
out=$("$KIOSK" -c "$CONF" stats --csv --sep '"' 2>&1)
record input "--sep '\"' (the CSV quote as separator)" "stats refuses --sep '\"' and says why" \
    sh -c 'test "$1" = 2 && case $2 in *"RFC 4180"*) true ;; *) false ;; esac' _ $? "$out"

# The catalog: a service name a slip cannot print is refused; a BOM is not a problem.
python3 - "$ROOT/assets/catalog.json" "$T" <<'PY'
import json, sys
src, out = sys.argv[1], sys.argv[2]
d = json.load(open(src, encoding="utf-8"))
d["services"][0]["plain_name"]["vi"] += " 😀"
json.dump(d, open(out + "/emoji.json", "w", encoding="utf-8"), ensure_ascii=False)
d = json.load(open(src, encoding="utf-8"))
d["services"][1]["official_name"]["en"] = "登记 " + d["services"][1]["official_name"]["en"]
json.dump(d, open(out + "/cjk.json", "w", encoding="utf-8"), ensure_ascii=False)
PY
out=$("$KIOSK" catalog check "$T/emoji.json" 2>&1)
record input "emoji in a service name (catalog)" "catalog check refuses an emoji in a service name" \
    sh -c 'test "$1" = 2 && case $2 in *"plain_name.vi: U+1F600"*) true ;; *) false ;; esac' _ $? "$out"
out=$("$KIOSK" catalog check "$T/cjk.json" 2>&1)
record input "CJK in a service name (catalog)" "catalog check refuses CJK in a service name" \
    sh -c 'test "$1" = 2 && case $2 in *"official_name.en: U+767B"*) true ;; *) false ;; esac' _ $? "$out"
{ printf '\357\273\277'; cat "$ROOT/assets/catalog.json"; } >"$T/bom.json"
check "a catalog saved with a byte order mark passes" "$KIOSK" catalog check "$T/bom.json"

# Staff PINs anyone would try first.
for pin in 4821 111111 123456 987654 121212; do
    out=$(echo "$pin" | "$KIOSK" -c "$CONF" set-pin 2>&1)
    record input "staff PIN $pin" "set-pin refuses $pin" \
        sh -c 'test "$1" = 2 && case $2 in *"nothing changed"*) true ;; *) false ;; esac' _ $? "$out"
done
check "no PIN was set by any of them" test ! -e "$T/var/staff-pin.key"
check "a good PIN is accepted" sh -c 'echo 582914 | "$1" -c "$2" set-pin >/dev/null' _ "$KIOSK" "$CONF"

e2e_done
