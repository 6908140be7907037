#!/bin/sh
# make bench: the kiosk measured against the floor (bench/minimal.c, the least an ncursesw
# list can do) and the classic tool (dialog --checklist with the same 12 items), on this
# machine, in one interleaved run. Writes bench/results.md and prints it. No assertions: a
# missed target is reported as MISS with the reason in results.md, never a failure.
#
#   BUILD=dir          the kiosk's build folder (default build; make bench builds it first)
#   BENCH_ROUNDS=N     measured rounds of the terminal tests (default 11), after
#   BENCH_WARMUP=N     warm-up rounds (default 2)
#   BENCH_OUT=FILE     where the table goes (default bench/results.md)
#   BENCH_SKIP="rounds memory callgrind hyperfine"   parts to leave out while developing
#
# Method (also written into results.md):
# - bench/ptydrive runs each program under a real pseudo-terminal (forkpty) at 100x30
#   xterm-256color and at 80x25 linux. A frame is complete when its marker text has been
#   written (the kiosk's hint bar, dialog's button row, minimal's last line) and the output
#   then stays quiet for 40 ms; its time is that of the last byte. A key's latency is the time
#   to the last byte of its answer; its bytes are what the terminal received.
# - Rounds run A B C A B C… (kiosk, minimal, dialog), each at both sizes; medians, min-max.
# - Instructions: valgrind --tool=callgrind. First frame and exit: kiosk and minimal with
#   --exit-after-first-frame; dialog with an Esc right after its first frame. Per navigation
#   key: (I(frame + 24 keys) - I(frame + 4 keys)) / 20, the keys alternating Down and Up.
set -u
cd "$(dirname "$0")/.." || exit 2
ROOT=$(pwd)
BUILD=${BUILD:-build}
ROUNDS=${BENCH_ROUNDS:-11}
WARMUP=${BENCH_WARMUP:-2}
OUT=${BENCH_OUT:-bench/results.md}
SKIP=${BENCH_SKIP:-}
export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset KIOSK_CONFIG
KIOSK="$ROOT/$BUILD/kiosk"
BB="$ROOT/$BUILD/bench"
W=$(mktemp -d /tmp/kiosk-bench-XXXXXX)
chmod 0755 "$W"
trap 'rm -rf "$W"' EXIT INT TERM
RAW="$W/raw.txt"
: >"$RAW"

say() { echo "bench: $*" >&2; }
skipped() { case " $SKIP " in *" $1 "*) return 0 ;; esac; return 1; }

# --- Tools -----------------------------------------------------------------------------
missing=""
for p in dialog:dialog hyperfine:hyperfine valgrind:valgrind sqlite3:sqlite3 tmux:tmux; do
    command -v "${p%%:*}" >/dev/null 2>&1 || missing="$missing ${p#*:}"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ]; then
        say "installing$missing"
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing >&2 ||
            say "could not install$missing; those parts are skipped"
    else
        say "missing:$missing; as root run: apt-get install -y --no-install-recommends$missing"
    fi
fi
have() { command -v "$1" >/dev/null 2>&1; }

[ -x "$KIOSK" ] || { say "$KIOSK is missing: run make bench (it builds it)"; exit 2; }
mkdir -p "$BB"
NCW_CFLAGS=$(pkg-config --cflags ncursesw)
NCW_LIBS=$(pkg-config --libs ncursesw)
KIOSK_LIBS=$(pkg-config --libs ncursesw sqlite3 jansson libqrencode inih libsodium)
cc -O2 -o "$BB/ptydrive" bench/ptydrive.c -lutil $NCW_LIBS || exit 2
cc -O2 $NCW_CFLAGS -o "$BB/minimal" bench/minimal.c $NCW_LIBS || exit 2
make --no-print-directory -s BUILD="$BUILD" "$BUILD/libcore.a" >/dev/null || exit 2
cc -O2 -g -std=c11 -D_POSIX_C_SOURCE=200809L -Isrc -o "$BB/search_bench" bench/search_bench.c \
    "$BUILD/libcore.a" $KIOSK_LIBS || exit 2
SLIP_BENCH=""
if [ -f src/print/pdf.c ] && make --no-print-directory -s BUILD="$BUILD" "$BUILD/libprint.a" >/dev/null &&
    cc -O2 -g -std=c11 -D_POSIX_C_SOURCE=200809L -Isrc -Isrc/print -o "$BB/slip_bench" \
        bench/slip_bench.c "$BUILD/libprint.a" "$BUILD/libcore.a" \
        $(pkg-config --libs sqlite3 jansson libqrencode inih libsodium cairo cairo-pdf pangocairo) \
        $(cups-config --libs); then
    SLIP_BENCH="$BB/slip_bench"
fi
PTY="$BB/ptydrive"

# --- The kiosk's test set-up: a private config, database and PDF folder ---------------------
mkdir -p "$W/var"
cat >"$W/kiosk.conf" <<CONF
[kiosk]
centre_name = UBND xã Thử Nghiệm
centre_address = Số 1 đường Thử, Quảng Ninh
province = Quảng Ninh
language = vi
idle_timeout = 600
[paths]
database = $W/var/kiosk.db
log = $W/var/kiosk.log
catalog = $ROOT/assets/catalog.json
pdf_dir = $W/var/slips
CONF

# The 12 items, the same in minimal.c and for dialog.
set -- "Đăng ký khai sinh" "Đăng ký thường trú" "Đăng ký tạm trú" "Đăng ký kết hôn" \
    "Đăng ký khai tử" "Cấp đổi căn cước" "Cấp hộ chiếu phổ thông" \
    "Xác nhận tình trạng hôn nhân" "Cấp phiếu lý lịch tư pháp" "Đăng ký xe máy" \
    "Cấp thẻ bảo hiểm y tế" "Trợ cấp thất nghiệp"
i=0
for s in "$@"; do
    i=$((i + 1))
    set -- "$@" "$i" "$s" off
done
shift 12
DIALOG_ITEMS_FILE="$W/dialog-items"
for a in "$@"; do printf '%s\n' "$a"; done >"$DIALOG_ITEMS_FILE"

KIOSK_MARK='?: trợ giúp'
CHECKLIST_MARK='Gõ số để đánh dấu'
MIN_MARK='Esc: thoát'
DLG_MARK='Cancel'
# From home: all services (9), service 9 (giấy khai sinh), its whole checklist (2).
KIOSK_TO_CHECKLIST='9,9,2'
# A guided flow: service 9, "only the birth registration", the pre-flight questions, the
# checklist; two ticks, the QR code, the online steps, done. (Printing: "In phiếu", then 1 on
# the question and 1 on the preview.)
KIOSK_FLOW='9,9,1,2,Enter,Enter,Enter,Enter'
KIOSK_FLOW_AFTER='1,2,Down,5,Esc,6,Down,Down,Esc'

# Run one program under the pty driver: drive PROG SIZE TERM ROUND STEPS… -- ARGS…
drive() {
    prog=$1 size=$2 term=$3 round=$4
    shift 4
    "$PTY" -s "$size" -t "$term" "$@" 2>>"$W/ptydrive.err" |
        sed "s/^/prog=$prog size=$size round=$round /" >>"$RAW"
}
run_kiosk() {
    drive kiosk "$1" "$2" "$3" "frame=$KIOSK_MARK" key:down=Down "seq=$KIOSK_TO_CHECKLIST" \
        "wait=$CHECKLIST_MARK" key:toggle=Space key:esc=Esc -- "$KIOSK" -c "$W/kiosk.conf"
}
# A search keystroke through to the terminal: '/' opens search, then "khai sinh" typed key by
# key; each key's answer (search and redraw) is timed to its last byte.
run_kiosk_search() {
    drive kiosk-search "$1" "$2" "$3" "frame=$KIOSK_MARK" "seq=/" "wait=Tìm:" key:search=k \
        key:search=h key:search=a key:search=i key:search=Space key:search=s key:search=i \
        key:search=n key:search=h -- "$KIOSK" -c "$W/kiosk.conf"
}
run_minimal() {
    drive minimal "$1" "$2" "$3" "frame=$MIN_MARK" key:down=Down key:toggle=Space key:esc=Esc \
        -- "$BB/minimal"
}
run_dialog() {
    have dialog || return 0
    # The items come from a file: xargs appends them to dialog's command line.
    xargs -d '\n' -a "$DIALOG_ITEMS_FILE" "$PTY" -s "$1" -t "$2" "frame=$DLG_MARK" key:down=Down \
        key:toggle=Space key:esc=Esc -- dialog --checklist "Chọn dịch vụ:" 20 60 12 \
        2>>"$W/ptydrive.err" | sed "s/^/prog=dialog size=$1 round=$3 /" >>"$RAW"
}

# --- 1. Terminal rounds: A B C A B C… ------------------------------------------------------
say "terminal rounds: $WARMUP warm-up + $ROUNDS measured, at 100x30 xterm-256color and 80x25 linux"
# The first start creates and migrates the database: not a measurement.
"$PTY" -s 100x30 -t xterm-256color "frame=$KIOSK_MARK" -- "$KIOSK" -c "$W/kiosk.conf" >/dev/null
r=$((0 - WARMUP))
skipped rounds && r=$ROUNDS
while [ $r -lt "$ROUNDS" ]; do
    r=$((r + 1))
    for geo in 100x30:xterm-256color 80x25:linux; do
        size=${geo%%:*} term=${geo#*:}
        run_kiosk "$size" "$term" "$r"
        [ "$size" = 100x30 ] && run_kiosk_search "$size" "$term" "$r"
        run_minimal "$size" "$term" "$r"
        run_dialog "$size" "$term" "$r"
    done
done

# --- 2. Peak memory: a guided flow, and printing ---------------------------------------------
say "memory: guided flow"
MEM_RUNS="1 2 3"
skipped memory && MEM_RUNS=""
for r in $MEM_RUNS; do
    drive kiosk-flow 100x30 xterm-256color "$r" "frame=$KIOSK_MARK" "seq=$KIOSK_FLOW" \
        "wait=$CHECKLIST_MARK" "seq=$KIOSK_FLOW_AFTER" rss=flow -- "$KIOSK" -c "$W/kiosk.conf"
done
say "memory: printing a slip"
for r in $MEM_RUNS; do
    drive kiosk-print 100x30 xterm-256color "$r" "frame=$KIOSK_MARK" "seq=$KIOSK_FLOW" \
        "wait=$CHECKLIST_MARK" "seq=${KIOSK_PRINT_KEYS:-End,Up,Enter,1,1}" sleep=1500 rss=print \
        -- "$KIOSK" -c "$W/kiosk.conf"
done
PRINTED=$(sqlite3 "$W/var/kiosk.db" "SELECT count(*) FROM print_jobs" 2>/dev/null || echo 0)
# The other process of printing: the print helper rendering and saving one slip (peak RSS of
# `kiosk-print run-queue --once` with one queued slip), three times.
say "memory: the print helper"
HELPER_RSS=""
if [ -x "$ROOT/$BUILD/kiosk-print" ] && ! skipped memory; then
    "$ROOT/$BUILD/kiosk-print" -c "$W/kiosk.conf" run-queue --once >/dev/null 2>&1
    for r in 1 2 3; do
        "$KIOSK" -c "$W/kiosk.conf" slip --service 9 --queue >/dev/null 2>&1
        /usr/bin/time -f "%M" -o "$W/helper.rss" \
            "$ROOT/$BUILD/kiosk-print" -c "$W/kiosk.conf" run-queue --once >/dev/null 2>&1
        cat "$W/helper.rss" >>"$W/helper.rss.all"
    done
    HELPER_RSS=$(sort -n "$W/helper.rss.all" | sed -n 2p)
fi

# --- 3. Instructions (callgrind) ------------------------------------------------------------
cg_total() {
    # The instruction count of a callgrind output file.
    sed -n 's/^summary: *//p' "$1" | head -1
}
cg_run() {
    # cg_run NAME STEPS… -- PROG ARGS…  (under callgrind; prints the instruction count)
    name=$1
    shift
    out="$W/cg.$name"
    rm -f "$out"
    : >"$W/args"
    while [ "$1" != "--" ]; do
        printf '%s\n' "$1" >>"$W/args"
        shift
    done
    shift
    printf '%s\n' -- valgrind --tool=callgrind "--callgrind-out-file=$out" "$@" >>"$W/args"
    xargs -d '\n' -a "$W/args" "$PTY" -s 100x30 -t xterm-256color -q 300 -n 5000 -T 120000 \
        >/dev/null 2>>"$W/cg.err"
    cg_total "$out"
}
cg_where() {
    # cg_where FILE DIVISOR REGEX: inclusive instructions of those functions, divided
    callgrind_annotate --auto=no --inclusive=yes --threshold=100 "$1" 2>/dev/null |
        awk -v d="$2" -v re="^($3)\$" '
        /^ *[0-9,]+ +\( *[0-9.]+%\) +[^ ]+:[^ ]+/ {
            fn = $0; sub(/ \[.*$/, "", fn); sub(/^.* /, "", fn); sub(/^.*:/, "", fn)
            if (fn !~ re || seen[fn]++) next
            n = $1; gsub(/,/, "", n)
            printf "%12.0f  %s\n", n / d, fn
        }'
}
cg_keys() {
    # The alternating Down/Up sequence of $1 keys.
    n=0 s=""
    while [ $n -lt "$1" ]; do
        if [ $((n % 2)) = 0 ]; then k=Down; else k=Up; fi
        s="$s${s:+,}$k"
        n=$((n + 1))
    done
    echo "$s"
}
cg_min() {
    # The smaller count of two identical runs (a clock-minute redraw may land in one).
    a=$("$@")
    b=$("$@")
    if [ -n "$a" ] && [ -n "$b" ] && [ "$b" -lt "$a" ]; then a=$b; fi
    echo "$a"
}
dialog_cg() {
    # dialog_cg NAME STEPS…: dialog with the 12 items under callgrind
    name=$1
    shift
    set -- "$name" "$@" -- dialog --checklist "Chọn dịch vụ:" 20 60 12
    while read -r item; do set -- "$@" "$item"; done <"$DIALOG_ITEMS_FILE"
    cg_run "$@"
}
CG_K_FIRST="" CG_M_FIRST="" CG_D_FIRST="" CG_K_KEY="" CG_M_KEY="" CG_D_KEY=""
if have valgrind && ! skipped callgrind; then
    say "callgrind: first frame and exit"
    CG_K_FIRST=$(cg_min cg_run kfirst "frame=$KIOSK_MARK" -- "$KIOSK" --exit-after-first-frame \
        -c "$W/kiosk.conf")
    CG_M_FIRST=$(cg_run mfirst "frame=$MIN_MARK" -- "$BB/minimal" --exit-after-first-frame)
    if have dialog; then
        CG_D_FIRST=$(dialog_cg dfirst "frame=$DLG_MARK" key:esc=Esc)
    fi
    say "callgrind: per navigation key (4 and 24 keys)"
    k4=$(cg_keys 4)
    k24=$(cg_keys 24)
    a=$(cg_min cg_run k4 "frame=$KIOSK_MARK" "seq=$k4" -- "$KIOSK" -c "$W/kiosk.conf")
    b=$(cg_min cg_run k24 "frame=$KIOSK_MARK" "seq=$k24" -- "$KIOSK" -c "$W/kiosk.conf")
    [ -n "$a" ] && [ -n "$b" ] && CG_K_KEY=$(( (b - a) / 20 ))
    a=$(cg_run m4 "frame=$MIN_MARK" "seq=$k4" key:esc=Esc -- "$BB/minimal")
    b=$(cg_run m24 "frame=$MIN_MARK" "seq=$k24" key:esc=Esc -- "$BB/minimal")
    [ -n "$a" ] && [ -n "$b" ] && CG_M_KEY=$(( (b - a) / 20 ))
    if have dialog; then
        a=$(dialog_cg d4 "frame=$DLG_MARK" "seq=$k4" key:esc=Esc)
        b=$(dialog_cg d24 "frame=$DLG_MARK" "seq=$k24" key:esc=Esc)
        [ -n "$a" ] && [ -n "$b" ] && CG_D_KEY=$(( (b - a) / 20 ))
    fi
    # Where the kiosk's instructions go (inclusive, per call), for the notes.
    cg_where "$W/cg.kfirst" 1 'catalog_load|json_loadb|text_nfc|text_vn_split|crypto_hash_sha256|db_open|search_index_new|ui_open|newterm|app_draw|_dl_start' >"$W/cg.kfirst.top"
    frames=$(callgrind_annotate --tree=caller "$W/cg.k24" 2>/dev/null |
        sed -n 's/.*=> .*app\.c:app_draw (\([0-9]*\)x).*/\1/p' | head -1)
    cg_where "$W/cg.k24" "${frames:-25}" 'app_draw|ui_begin|ui_end|home_draw|list_draw|widgets_frame|ui_text|ui_fill|wnoutrefresh|doupdate|werase' >"$W/cg.k24.top"
    echo "${frames:-25}" >"$W/cg.k24.frames"
fi

# --- 4. Slips, search, stats -----------------------------------------------------------------
SLIP_LINE=""
if [ -n "$SLIP_BENCH" ]; then
    say "slip PDF in one process"
    mkdir -p "$W/slips"
    SLIP_LINE=$("$SLIP_BENCH" assets/catalog.json 9 "$W/slips" 30 2>>"$W/slip.err")
fi
hf() {
    # hf NAME COMMAND: hyperfine, median/min/max in ms into $W/hf.NAME
    hyperfine -N --style none --warmup 3 --min-runs 20 --export-csv "$W/hf.$1.csv" "$2" \
        >"$W/hf.$1.log" 2>&1 || { say "hyperfine $1 failed: $(tail -3 "$W/hf.$1.log")"; return 1; }
    awk -F, 'NR == 2 { printf "%.2f %.2f %.2f\n", $4 * 1000, $7 * 1000, $8 * 1000 }' \
        "$W/hf.$1.csv" >"$W/hf.$1"
}
HF_SLIP=""
if have hyperfine && ! skipped hyperfine && [ -x "$ROOT/$BUILD/kiosk-print" ]; then
    say "slip as a whole command (hyperfine)"
    answers=$(echo "$SLIP_LINE" | sed -n 's/.* answers=\([0-9,]*\) .*/\1/p')
    HF_SLIP_CMD="$KIOSK -c $W/kiosk.conf slip --service 9 ${answers:+--answers $answers} -o $W/slip.pdf"
    hf slip "$HF_SLIP_CMD" && HF_SLIP=$(cat "$W/hf.slip")
fi
say "search keystrokes"
SEARCH_LINE=$("$BB/search_bench" assets/catalog.json 200)
HF_STATS=""
HF_STATS_COLD=""
STATS_LIBS=""
STATS_N=${BENCH_SESSIONS:-200000}
# A year: the 365 days up to today (the generated sessions span the same days).
STATS_ARGS=${BENCH_STATS_ARGS:-"--from $(date -d '364 days ago' +%F) --to $(date +%F)"}
if have hyperfine && ! skipped hyperfine && [ -x "$ROOT/$BUILD/kiosk-print" ]; then
    say "kiosk stats over a year of $STATS_N sessions"
    sh bench/gen_sessions.sh "$W/stats.db" "$STATS_N"
    # A pristine copy for the cold runs: the runs below fill stats.db's cache.
    cp "$W/stats.db" "$W/stats-fresh.db"
    sed "s|^database = .*|database = $W/stats.db|" "$W/kiosk.conf" >"$W/stats.conf"
    sed "s|^database = .*|database = $W/stats-cold.db|" "$W/kiosk.conf" >"$W/stats-cold.conf"
    # Cold: a fresh copy of the generated database before every run, so no day is cached
    # (the file itself is in the page cache: this is the first `kiosk stats` ever run on it).
    HF_PREP="sh -c 'cp $W/stats-fresh.db $W/stats-cold.db; rm -f $W/stats-cold.db-wal $W/stats-cold.db-shm'"
    if "$KIOSK" -c "$W/stats.conf" stats $STATS_ARGS >"$W/stats.out" 2>&1; then
        hyperfine -N --style none --runs 10 --prepare "$HF_PREP" --export-csv "$W/hf.cold.csv" \
            "$KIOSK -c $W/stats-cold.conf stats $STATS_ARGS" >"$W/hf.cold.log" 2>&1 &&
            HF_STATS_COLD=$(awk -F, 'NR == 2 { printf "%.2f %.2f %.2f\n", $4 * 1000, $7 * 1000, $8 * 1000 }' "$W/hf.cold.csv")
        hf stats "$KIOSK -c $W/stats.conf stats $STATS_ARGS" && HF_STATS=$(cat "$W/hf.stats")
        # Which libraries a `kiosk stats` maps: none of cairo, pango, CUPS.
        STATS_LIBS=$(ldd "$KIOSK" | grep -cE 'cairo|pango|cups' || true)
    else
        say "kiosk stats failed: $(head -3 "$W/stats.out")"
    fi
fi

# --- 5. The table ----------------------------------------------------------------------------
# med PROG SIZE RECORD FIELD [LABEL]: "median min max" of a field over the measured rounds.
med() {
    awk -v prog="$1" -v size="$2" -v rec="$3" -v field="$4" -v label="${5:-}" '
        {
            ok = 0; r = 0; lab = ""; v = ""
            for (i = 1; i <= NF; i++) {
                split($i, kv, "=")
                if (kv[1] == "prog" && kv[2] != prog) next
                if (kv[1] == "size" && kv[2] != size) next
                if (kv[1] == "round") r = kv[2] + 0
                if (kv[1] == "label") lab = kv[2]
                if (kv[1] == field) v = kv[2]
                if ($i == rec) ok = 1
            }
            if (!ok || r < 1 || (label != "" && lab != label) || v == "" || v == "NA") next
            x[n++] = v + 0
        }
        END {
            if (n == 0) { print "NA NA NA"; exit }
            for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (x[j] < x[i]) { t = x[i]; x[i] = x[j]; x[j] = t }
            m = n % 2 ? x[int(n / 2)] : (x[n / 2 - 1] + x[n / 2]) / 2
            print m, x[0], x[n - 1]
        }' "$RAW"
}
# fmt "median min max" DECIMALS -> "12.3 (11.9–13.0)"
fmt() {
    echo "$1" | awk -v d="$2" '{ if ($1 == "NA") { print "n/a"; exit }
        f = "%." d "f"; printf f " (" f "–" f ")\n", $1, $2, $3 }'
}
first() { echo "$1" | awk '{ print $1 }'; }
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || a == "NA" || b == "NA" || b + 0 == 0) print "n/a"; else printf "%.2f×\n", a / b }'
}
verdict() {
    # verdict VALUE OP LIMIT -> PASS / MISS / n/a
    awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN { if (v == "" || v == "NA" || l == "" || l == "NA") { print "n/a"; exit }
        if ((op == "<=" && v + 0 <= l + 0) || (op == "<" && v + 0 < l + 0)) print "PASS"; else print "MISS" }'
}
kmib() { awk -v k="$1" 'BEGIN { if (k == "" || k == "NA") print "n/a"; else printf "%.2f\n", k / 1024 }'; }
mi() { awk -v n="$1" 'BEGIN { if (n == "") print "n/a"; else if (n >= 1e6) printf "%.2f M\n", n / 1e6; else printf "%.1f k\n", n / 1e3 }'; }

for size in 100x30 80x25; do
    for p in kiosk minimal dialog; do
        eval "F_${p}_${size%%x*}=\"\$(med $p $size frame ms)\""
        eval "FB_${p}_${size%%x*}=\"\$(med $p $size frame bytes)\""
    done
done
for p in kiosk minimal dialog; do
    for k in down toggle esc; do
        eval "L_${p}_${k}=\"\$(med $p 100x30 key ms $k)\""
        eval "B_${p}_${k}=\"\$(med $p 100x30 key bytes $k)\""
        eval "B80_${p}_${k}=\"\$(med $p 80x25 key bytes $k)\""
    done
    eval "RSS_${p}=\"\$(med $p 100x30 exit maxrss_kb)\""
done
RSS_flow=$(med kiosk-flow 100x30 exit maxrss_kb)
RSS_print=$(med kiosk-print 100x30 exit maxrss_kb)

CPU=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
CORES=$(nproc)
KVER=$(uname -r)
OS=$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")
NCV=$(dpkg-query -W -f '${Version}' libncursesw6 2>/dev/null)
DLGV=$(dpkg-query -W -f '${Version}' dialog 2>/dev/null)
VGV=$(valgrind --version 2>/dev/null)
HFV=$(hyperfine --version 2>/dev/null)
CCV=$(cc --version | head -1)
COMMIT=$(git rev-parse --short HEAD 2>/dev/null)
DIRTY=$(git status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo " + uncommitted changes")
NOW=$(date -u '+%Y-%m-%d %H:%M UTC')
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)

# Targets: first frame ≤ 2× minimal and < dialog (both sizes).
fk=$(first "$F_kiosk_100") fm=$(first "$F_minimal_100") fd=$(first "$F_dialog_100")
fk80=$(first "$F_kiosk_80") fm80=$(first "$F_minimal_80") fd80=$(first "$F_dialog_80")
two_min=$(awk -v m="$fm" 'BEGIN { print m * 2 }')
two_min80=$(awk -v m="$fm80" 'BEGIN { print m * 2 }')
v_frame=$(verdict "$fk" "<=" "$two_min")
v_frame_d=$(verdict "$fk" "<" "$fd")
v_frame80=$(verdict "$fk80" "<=" "$two_min80")
v_frame80_d=$(verdict "$fk80" "<" "$fd80")
bkd=$(first "$B_kiosk_down")
v_bytes=$(verdict "$bkd" "<=" 128)
v_esc=$(verdict "$(first "$L_kiosk_esc")" "<=" 50)
v_cgfirst=$(verdict "$CG_K_FIRST" "<=" 8000000)
v_cgkey=$(verdict "$CG_K_KEY" "<=" 150000)
v_rss=$(verdict "$(first "$RSS_flow")" "<=" 6144)
v_rssp=$(verdict "$(first "$RSS_print")" "<=" "$(awk -v f="$(first "$RSS_flow")" 'BEGIN { print f * 1.05 }')")
slip_first=$(echo "$SLIP_LINE" | sed -n 's/.*first_ms=\([0-9.]*\).*/\1/p')
slip_warm=$(echo "$SLIP_LINE" | sed -n 's/.*later_median_ms=\([0-9.]*\).*/\1/p')
slip_wmin=$(echo "$SLIP_LINE" | sed -n 's/.*later_min_ms=\([0-9.]*\).*/\1/p')
slip_wmax=$(echo "$SLIP_LINE" | sed -n 's/.*later_max_ms=\([0-9.]*\).*/\1/p')
v_slip=$(verdict "$slip_warm" "<=" 15)
v_slipcmd=$(verdict "$(first "$HF_SLIP")" "<=" 60)
s_med=$(echo "$SEARCH_LINE" | sed -n 's/.*median_us=\([0-9.]*\).*/\1/p')
s_p95=$(echo "$SEARCH_LINE" | sed -n 's/.*p95_us=\([0-9.]*\).*/\1/p')
s_max=$(echo "$SEARCH_LINE" | sed -n 's/.*max_us=\([0-9.]*\).*/\1/p')
v_search=$(verdict "$s_med" "<=" 1000)
v_stats=$(verdict "$(first "$HF_STATS")" "<=" 200)
v_stats_cold=$(verdict "$(first "$HF_STATS_COLD")" "<=" 200)
SK=$(med kiosk-search 100x30 key ms search)
v_searchkey=$(verdict "$(first "$SK")" "<=" 50)
both_rss=$(awk -v a="$(first "$RSS_print")" -v b="$HELPER_RSS" 'BEGIN { if (a == "" || a == "NA" || b == "") print ""; else print a + b }')
hfmt() { [ -n "$1" ] && echo "$1" | awk '{ printf "%.1f (%.1f–%.1f)\n", $1, $2, $3 }' || echo "n/a"; }

{
    echo "# Benchmark results"
    echo
    echo "Measured $NOW by \`make bench\` (bench/run.sh) at commit $COMMIT$DIRTY."
    echo
    echo "Machine: $CPU, $CORES cores, Linux $KVER, $OS; load average $LOAD at the end"
    echo "of the run (other work shares the machine; the interleaving spreads it over all three"
    echo "programs). Versions: ncursesw $NCV, dialog $DLGV, $VGV, $HFV, $CCV. The kiosk is built"
    echo "with the default flags (\`-O2 -g\`)."
    echo
    echo "Every figure is the median of $ROUNDS interleaved rounds (kiosk, minimal, dialog, at both"
    echo "sizes, in turn, after $WARMUP warm-up rounds), with min–max in brackets, unless it says"
    echo "otherwise. **minimal** is bench/minimal.c, the least an ncursesw list can do (12 Vietnamese"
    echo "lines in a box, reverse-video selection, 25 ms Esc delay); **dialog** is Debian's"
    echo "\`dialog --checklist\` with the same 12 items, as installed (its Esc delay is ncurses'"
    echo "default, 1 s). Terminal figures come from bench/ptydrive.c through a real pseudo-terminal:"
    echo "a frame is complete when its last text (the kiosk's hint bar, dialog's button row, minimal's"
    echo "last line) has been written and the output stays quiet for 40 ms; a time is that of the"
    echo "last byte. The kiosk's Down is on its home screen, its toggle ticks the first paper of"
    echo "service 9's checklist, its Esc goes from that checklist back to the service page."
    echo
    echo "| Measure | kiosk | minimal | dialog | kiosk ÷ minimal | kiosk ÷ dialog | target | result |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |"
    echo "| First frame, 100×30 xterm-256color (ms) | $(fmt "$F_kiosk_100" 1) | $(fmt "$F_minimal_100" 1) | $(fmt "$F_dialog_100" 1) | $(ratio "$fk" "$fm") | $(ratio "$fk" "$fd") | ≤ 2× minimal, < dialog | $v_frame, $v_frame_d |"
    echo "| First frame, 80×25 linux (ms) | $(fmt "$F_kiosk_80" 1) | $(fmt "$F_minimal_80" 1) | $(fmt "$F_dialog_80" 1) | $(ratio "$fk80" "$fm80") | $(ratio "$fk80" "$fd80") | ≤ 2× minimal, < dialog | $v_frame80, $v_frame80_d |"
    echo "| First frame, bytes (100×30) | $(first "$FB_kiosk_100") | $(first "$FB_minimal_100") | $(first "$FB_dialog_100") | $(ratio "$(first "$FB_kiosk_100")" "$(first "$FB_minimal_100")") | $(ratio "$(first "$FB_kiosk_100")" "$(first "$FB_dialog_100")") | | |"
    echo "| First frame, bytes (80×25) | $(first "$FB_kiosk_80") | $(first "$FB_minimal_80") | $(first "$FB_dialog_80") | $(ratio "$(first "$FB_kiosk_80")" "$(first "$FB_minimal_80")") | $(ratio "$(first "$FB_kiosk_80")" "$(first "$FB_dialog_80")") | | |"
    echo "| Down: latency (ms) | $(fmt "$L_kiosk_down" 2) | $(fmt "$L_minimal_down" 2) | $(fmt "$L_dialog_down" 2) | $(ratio "$(first "$L_kiosk_down")" "$(first "$L_minimal_down")") | $(ratio "$(first "$L_kiosk_down")" "$(first "$L_dialog_down")") | | |"
    echo "| Down: bytes, 100×30 / 80×25 | $bkd / $(first "$B80_kiosk_down") | $(first "$B_minimal_down") / $(first "$B80_minimal_down") | $(first "$B_dialog_down") / $(first "$B80_dialog_down") | $(ratio "$bkd" "$(first "$B_minimal_down")") | $(ratio "$bkd" "$(first "$B_dialog_down")") | ≤ 128 B | $v_bytes |"
    echo "| Toggle (Space): latency (ms) | $(fmt "$L_kiosk_toggle" 2) | $(fmt "$L_minimal_toggle" 2) | $(fmt "$L_dialog_toggle" 2) | $(ratio "$(first "$L_kiosk_toggle")" "$(first "$L_minimal_toggle")") | $(ratio "$(first "$L_kiosk_toggle")" "$(first "$L_dialog_toggle")") | | |"
    echo "| Toggle: bytes, 100×30 / 80×25 | $(first "$B_kiosk_toggle") / $(first "$B80_kiosk_toggle") | $(first "$B_minimal_toggle") / $(first "$B80_minimal_toggle") | $(first "$B_dialog_toggle") / $(first "$B80_dialog_toggle") | $(ratio "$(first "$B_kiosk_toggle")" "$(first "$B_minimal_toggle")") | $(ratio "$(first "$B_kiosk_toggle")" "$(first "$B_dialog_toggle")") | | |"
    echo "| Back (Esc): latency (ms) | $(fmt "$L_kiosk_esc" 1) | $(fmt "$L_minimal_esc" 1) | $(fmt "$L_dialog_esc" 1) | $(ratio "$(first "$L_kiosk_esc")" "$(first "$L_minimal_esc")") | $(ratio "$(first "$L_kiosk_esc")" "$(first "$L_dialog_esc")") | ≤ 50 ms | $v_esc |"
    echo "| Peak RSS, these runs (MiB) | $(kmib "$(first "$RSS_kiosk")") | $(kmib "$(first "$RSS_minimal")") | $(kmib "$(first "$RSS_dialog")") | $(ratio "$(first "$RSS_kiosk")" "$(first "$RSS_minimal")") | $(ratio "$(first "$RSS_kiosk")" "$(first "$RSS_dialog")") | | |"
    echo "| Peak RSS, guided flow (MiB) | $(kmib "$(first "$RSS_flow")") | | | | $(ratio "$(first "$RSS_flow")" "$(first "$RSS_dialog")") | ≤ 6 MiB | $v_rss |"
    echo "| Peak RSS, flow + printing a slip (MiB) | $(kmib "$(first "$RSS_print")") | | | | | unchanged by printing (≤ +5%) | $v_rssp |"
    echo "| Instructions, first frame and exit | $(mi "$CG_K_FIRST") | $(mi "$CG_M_FIRST") | $(mi "$CG_D_FIRST") | $(ratio "$CG_K_FIRST" "$CG_M_FIRST") | $(ratio "$CG_K_FIRST" "$CG_D_FIRST") | ≤ 8 M | $v_cgfirst |"
    echo "| Instructions per navigation key | $(mi "$CG_K_KEY") | $(mi "$CG_M_KEY") | $(mi "$CG_D_KEY") | $(ratio "$CG_K_KEY" "$CG_M_KEY") | $(ratio "$CG_K_KEY" "$CG_D_KEY") | ≤ 150 k | $v_cgkey |"
    echo "| Slip PDF, first in a process (ms, once) | ${slip_first:-n/a} | | | | | | |"
    echo "| Slip PDF, warm (ms, median of 30) | $(hfmt "${slip_warm:+$slip_warm $slip_wmin $slip_wmax}") | | | | | ≤ 15 ms | $v_slip |"
    echo "| Slip PDF, whole \`kiosk slip … -o\` (ms, hyperfine) | $(hfmt "$HF_SLIP") | | | | | ≤ 60 ms | $v_slipcmd |"
    echo "| Search keystroke, 25 services (µs; median, p95, max) | ${s_med:-n/a}, ${s_p95:-n/a}, ${s_max:-n/a} | | | | | ≤ 1 ms | $v_search |"
    echo "| Print helper while printing a slip, peak RSS (MiB) | $(kmib "$HELPER_RSS") | | | | | | |"
    echo "| Both processes while printing, kiosk + helper (MiB) | $(kmib "$both_rss") | | | | | | |"
    echo "| Search keystroke through to the terminal, 100×30 (ms) | $(fmt "$SK" 2) | | | | | ≤ 50 ms | $v_searchkey |"
    echo "| \`kiosk stats\`, a year of $STATS_N sessions, cold: no day cached (ms, 10 runs) | $(hfmt "$HF_STATS_COLD") | | | | | ≤ 200 ms | $v_stats_cold |"
    echo "| \`kiosk stats\`, the same, warm: every past day cached (ms, hyperfine) | $(hfmt "$HF_STATS") | | | | | ≤ 200 ms | $v_stats |"
    echo
    echo "Instructions are valgrind --tool=callgrind counts (deterministic): first frame and exit"
    echo "runs the kiosk and minimal with \`--exit-after-first-frame\` and dialog with an Esc right"
    echo "after its first frame; per navigation key is (I(24 keys) − I(4 keys)) / 20 with Down and Up"
    echo "alternating on the first list (the kiosk's home screen), the kiosk figures the smaller of"
    echo "two runs. Memory is wait4's ru_maxrss of each program: the kiosk's while it guides and"
    echo "queues a slip, and the print helper's (\`kiosk-print run-queue --once\` rendering and saving"
    echo "one queued slip, median of 3) — printing takes both. The search keystroke is typed into the"
    echo "kiosk's search screen through the pseudo-terminal (\"khai sinh\", key by key: compose,"
    echo "search, redraw, to the last byte on the terminal), all keys of all rounds. Start-up (the"
    echo "first frame) includes parsing and checking the JSON catalog: there is no snapshot."
    echo "\`kiosk stats\` maps $STATS_LIBS of cairo, pango and CUPS (ldd). Slips: bench/slip_bench.c builds and renders service 9's slip to an 80 mm PDF"
    echo "in one process; the whole command is \`kiosk slip --service 9 … -o FILE\` under hyperfine."
    echo "Search: bench/search_bench.c types 12 queries (Telex, VNI, plain, a number, English) key by"
    echo "key, compose_key + search_run per key. Stats: bench/gen_sessions.sh makes a database with"
    echo "the kiosk's own migrations and $STATS_N sessions over 365 days."
    if [ -s "$W/cg.kfirst.top" ]; then
        echo
        echo "Where the kiosk's first-frame instructions go (callgrind, inclusive):"
        echo
        echo '```'
        cat "$W/cg.kfirst.top"
        echo '```'
    fi
    if [ -s "$W/cg.k24.top" ]; then
        echo
        echo "Per frame (inclusive, averaged over the $(cat "$W/cg.k24.frames") frames of the run with 24 navigation keys):"
        echo
        echo '```'
        cat "$W/cg.k24.top"
        echo '```'
    fi
    if [ -f bench/notes.md ]; then
        echo
        cat bench/notes.md
    fi
} >"$OUT"
[ -s "$W/ptydrive.err" ] && { say "ptydrive said:"; sort -u "$W/ptydrive.err" | head -10 >&2; }
grep -q 'timeout=1' "$RAW" && { say "some waits timed out:"; grep 'timeout=1' "$RAW" | head -5 >&2; }

# --- Search quality: the phrasing table (bench/search_phrasings.c) --------------------------
say "search phrasings"
if cc -O2 -g -std=c11 -D_POSIX_C_SOURCE=200809L -Isrc -o "$BB/search_phrasings" \
    bench/search_phrasings.c "$BUILD/libcore.a" $KIOSK_LIBS; then
    PH=$("$BB/search_phrasings" assets/catalog.json tests/fixtures/search_phrasings.tsv \
        "$(TZ=Asia/Ho_Chi_Minh date +%F)" 2>"$W/phrasings.miss")
    ph() { echo "$PH" | sed -n "s/.*kind=all.* $1=\([0-9.]*\).*/\1/p"; }
    {
        echo
        echo "## Search: what residents type"
        echo
        echo "tests/fixtures/search_phrasings.tsv: $(ph rows) phrasings, each typed key by key as on the"
        echo "kiosk (Telex/VNI composed in Vietnamese, plain in English), with the service it must put"
        echo "first. Goal: every one among the first three, at least 95% first. \`make test\` asserts"
        echo "the first three."
        echo
        echo "| Kind | phrasings | first | among the first three |"
        echo "| --- | ---: | ---: | ---: |"
        echo "$PH" | sed -n 's/^phrasings kind=\([a-z]*\) rows=\([0-9]*\) top1=\([0-9]*\) top3=\([0-9]*\)$/| \1 | \2 | \3 | \4 |/p'
        echo "| **all** | $(ph rows) | $(ph top1) ($(ph top1_pct)%) | $(ph top3) ($(ph top3_pct)%) |"
        echo
        echo "Goal: $(awk -v a="$(ph top1_pct)" -v b="$(ph top3_pct)" 'BEGIN { print (a >= 95 && b >= 100) ? "MET" : "MISS" }')."
        echo "A keystroke over these phrasings (compose_key + search_run): median $(ph key_median_us) µs,"
        echo "99th percentile $(ph key_p99_us) µs, max $(ph key_max_us) µs over $(ph keystrokes) keys."
        if [ -s "$W/phrasings.miss" ]; then
            echo
            echo "Not first:"
            echo
            sed 's/^/    /' "$W/phrasings.miss"
        fi
    } >>"$OUT"
fi
cat "$OUT"
