#!/bin/sh
# Turn assets/schema/NNN_name.sql files into a C array: migration N is element N-1.
# The file name's number is the schema version it brings the database to.
set -eu
echo '/* Generated from assets/schema by scripts/embed-schema.sh. Do not edit. */'
echo '#include <stddef.h>'
echo 'const char *const db_migrations[] = {'
n=0
for f in "$@"; do
    n=$((n + 1))
    num=$(basename "$f" | sed 's/^0*\([0-9][0-9]*\)_.*/\1/')
    if [ "$num" != "$n" ]; then
        echo "embed-schema: $f: expected migration number $n" >&2
        exit 1
    fi
    printf '    /* %s */\n' "$(basename "$f")"
    sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/    "/' -e 's/$/\\n"/' "$f"
    echo '    ,'
done
echo '};'
echo "const size_t db_nmigrations = $n;"
