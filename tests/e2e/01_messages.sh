#!/bin/sh
# Every user-visible string has Vietnamese and English: a missing translation fails the build.
. "$(dirname "$0")/../lib/e2e.sh"
e2e_init messages
cp "$ROOT/src/i18n.c" "$ROOT/src/i18n.h" "$ROOT/src/xmalloc.h" "$T/"
cflags="-std=c11 -D_DEFAULT_SOURCE -Wall -Werror -c"

printf 'MSG(MSG_OK_ONE, "Xin chào", "Hello")\n' >"$T/msg.def"
check "a complete table compiles" cc $cflags -I"$T" -o "$T/ok.o" "$T/i18n.c"

printf 'MSG(MSG_OK_ONE, "Xin chào", "Hello")\nMSG(MSG_NO_EN, "Quay lại", "")\n' >"$T/msg.def"
out=$(cc $cflags -I"$T" -o "$T/bad.o" "$T/i18n.c" 2>&1)
check "an empty English text fails the build" test $? != 0
check "the error names the message" sh -c 'echo "$1" | grep -q "missing English text for MSG_NO_EN"' _ "$out"

printf 'MSG(MSG_NO_VI, "", "Back")\n' >"$T/msg.def"
out=$(cc $cflags -I"$T" -o "$T/bad.o" "$T/i18n.c" 2>&1)
check "an empty Vietnamese text fails the build" sh -c 'echo "$1" | grep -q "missing Vietnamese text for MSG_NO_VI"' _ "$out"

printf 'MSG(MSG_HALF, "Chỉ tiếng Việt")\n' >"$T/msg.def"
check "a message without its English fails the build" sh -c '! cc '"$cflags"' -I"$1" -o "$1/bad.o" "$1/i18n.c" 2>/dev/null' _ "$T"

e2e_done
