#!/bin/sh
# The reliability table from the last test run: every fault the end-to-end tests tried (and
# whether the kiosk survived it), every bad input they tried (and whether it was rejected
# cleanly), and the print jobs they sent with what became of them. The tests append to
# build/reliability.tsv (tests/lib/e2e.sh: record, record_jobs); `make test` starts it afresh.
#   sh scripts/reliability.sh [FILE]   prints Markdown for the README's "Reliability" section
set -u
f=${1:-build/reliability.tsv}
if [ ! -s "$f" ]; then
    echo "no figures in $f: run make test first" >&2
    exit 1
fi
awk -F '\t' '
$1 == "fault" { nf++; if ($4 == "ok") okf++; else badf = badf "\n| fault | " $3 " | " $2 " | **not survived** |"; faults = faults "\n| fault | " $3 " | " $2 " | " ($4 == "ok" ? "survived" : "**not survived**") " |" }
$1 == "input" { ni++; if ($4 == "ok") oki++; inputs = inputs "\n| bad input | " $3 " | " $2 " | " ($4 == "ok" ? "rejected cleanly" : "**not rejected**") " |" }
$1 == "jobs" { split($3, a, " "); sent += a[1]; printed += a[2]; lost += a[3]; dup += a[4] }
END {
    printf "| measured by the last `make test` | count |\n| --- | --- |\n"
    printf "| faults tried | %d |\n| faults survived | %d |\n", nf, okf
    printf "| bad inputs tried | %d |\n| bad inputs rejected cleanly | %d |\n", ni, oki
    printf "| print jobs sent | %d |\n| printed | %d |\n| lost | %d |\n| duplicated | %d |\n", sent, printed, lost, dup
    printf "\n| kind | what was tried | test | result |\n| --- | --- | --- | --- |"
    printf "%s%s\n", faults, inputs
}' "$f"
