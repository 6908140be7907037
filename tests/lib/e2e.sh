# End-to-end helpers: the real kiosk in a detached tmux with a private socket. Source it.
#   e2e_init NAME          a 0755 test folder $T with a test kiosk.conf ($T/kiosk.conf)
#   e2e_conf KEY VALUE     change a key in the test config
#   e2e_start [COLS ROWS] [ARGS…]   start build/kiosk in tmux (default 80x24)
#   e2e_wait TEXT [SECS]   wait until TEXT is on screen (never a fixed sleep)
#   e2e_wait_title TITLE [SECS]  wait until the title bar starts with TITLE (the screen's name)
#   e2e_wait_gone TEXT [SECS]   wait until TEXT is gone and the kiosk still runs
#   e2e_keys KEY…          tmux send-keys (Escape, Enter, Down, F10, C-c, '1' …)
#   e2e_screen             the screen as text
#   e2e_screen_colours     the screen with its colours (SGR escape sequences)
#   e2e_alive              is the kiosk still running?
#   kiosk_today            today's date (YYYYMMDD) where the kiosk is: Asia/Ho_Chi_Minh
#   is_days_first SLIP DAY is SLIP the first slip of DAY (kiosk_today taken before printing)
#                          or, if midnight passed meanwhile, of the kiosk's today?
#   check NAME CMD…        run CMD; print "ok - NAME", or "not ok - NAME" and what CMD said
#   e2e_done               print the result, stop tmux, remove $T; exit status = failures
# The print tests source this file, then tests/lib/cupsd.sh.
set -u
export LANG=C.UTF-8 LC_ALL=C.UTF-8
BUILD=${BUILD:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
case $BUILD in /*) KIOSK="$BUILD/kiosk" ;; *) KIOSK="$ROOT/$BUILD/kiosk" ;; esac
E2E_FAILS=0
E2E_STARTS=0
T=""
SOCK=""

e2e_init() {
    T=$(mktemp -d "/tmp/kiosk-e2e-$1-XXXXXX")
    chmod 0755 "$T"
    mkdir -p "$T/var"
    cat >"$T/kiosk.conf" <<CONF
[kiosk]
centre_name = UBND xã Thử Nghiệm
centre_address = Số 1 đường Thử, Quảng Ninh
province = Quảng Ninh
hotlines = Tổng đài thử: 0000
language = vi
idle_timeout = 120
idle_countdown = 20
[paths]
database = $T/var/kiosk.db
log = $T/var/kiosk.log
catalog = ${E2E_CATALOG:-$ROOT/assets/catalog.json}
pdf_dir = $T/var/slips
CONF
    trap 'e2e_cleanup' EXIT INT TERM
}

e2e_conf() {
    # Replace "key = …" (first occurrence) in the test config.
    sed -i "s|^$1 = .*|$1 = $2|" "$T/kiosk.conf"
}

e2e_start() {
    cols=80
    rows=24
    case "${1:-}" in [0-9]*) cols=$1 rows=$2; shift 2 ;; esac
    # A fresh server per start: reusing a socket races with the old server's exit.
    [ -n "$SOCK" ] && tmux -S "$SOCK" kill-server 2>/dev/null
    E2E_STARTS=$((E2E_STARTS + 1))
    SOCK="$T/tmux$E2E_STARTS.sock"
    tmux -u -S "$SOCK" -f /dev/null new-session -d -x "$cols" -y "$rows" \
        "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=tmux-256color $KIOSK -c $T/kiosk.conf $*; echo KIOSK-EXITED-\$?; sleep 60"
    tmux -S "$SOCK" set-option -g status off >/dev/null
    tmux -S "$SOCK" set-option -g escape-time 0 >/dev/null
}

e2e_screen() {
    tmux -S "$SOCK" capture-pane -p 2>/dev/null
}

e2e_wait() {
    limit=$(( ${2:-10} * 20 ))
    i=0
    while [ $i -lt $limit ]; do
        if e2e_screen | grep -qF -- "$1"; then
            return 0
        fi
        sleep 0.05
        i=$((i + 1))
    done
    echo "# timed out waiting for: $1"
    e2e_screen | sed 's/^/#   | /'
    return 1
}

e2e_wait_title() {
    # The title bar is the first line: " TITLE", then the clock.
    limit=$(( ${2:-10} * 20 ))
    i=0
    while [ $i -lt $limit ]; do
        case $(e2e_screen | head -1) in " $1"*) return 0 ;; esac
        sleep 0.05
        i=$((i + 1))
    done
    echo "# timed out waiting for the screen titled: $1"
    e2e_screen | sed 's/^/#   | /'
    return 1
}

e2e_wait_gone() {
    # Gone from a kiosk that still runs: a crash also takes the text away.
    limit=$(( ${2:-10} * 20 ))
    i=0
    while [ $i -lt $limit ]; do
        if ! e2e_screen | grep -qF -- "$1"; then
            e2e_alive && return 0
            echo "# \"$1\" is gone because the kiosk is no longer running:"
            e2e_screen | sed 's/^/#   | /'
            return 1
        fi
        sleep 0.05
        i=$((i + 1))
    done
    echo "# still on screen: $1"
    e2e_screen | sed 's/^/#   | /'
    return 1
}

e2e_keys() {
    tmux -S "$SOCK" send-keys "$@"
}

# Send keys and wait until the screen, less its title bar (whose clock ticks), changes.
# Says which keys changed nothing, and returns 1, after 10 s.
e2e_step() {
    _before=$(e2e_screen | sed 1d)
    e2e_keys "$@"
    _i=0
    while [ $_i -lt 200 ]; do
        [ "$(e2e_screen | sed 1d)" != "$_before" ] && return 0
        sleep 0.05
        _i=$((_i + 1))
    done
    echo "# the screen did not change after: $*"
    return 1
}

# Answer each question with KEY (default Enter: the answer already selected) until TEXT is on
# screen, declining a suggested other service ("Mở dịch vụ số …": 2) so the walk stays on
# this one.
e2e_answer_until() {
    _text=$1
    _key=${2:-Enter}
    _n=0
    while ! e2e_screen | grep -qF -- "$_text" && [ $_n -lt 25 ]; do
        if e2e_screen | grep -qF "Mở dịch vụ số"; then
            e2e_step 2 || return 1
        else
            e2e_step "$_key" || return 1
        fi
        _n=$((_n + 1))
    done
    e2e_wait "$_text"
}

# The same, until the checklist.
e2e_walk_to_checklist() {
    e2e_answer_until "Gõ số để đánh dấu" "${1:-Enter}"
}

# From the home screen, a slip of service N printed as a resident does it: search its number,
# answer the first answers, tick the first paper, "In phiếu", then print from the preview
# (printing is always an explicit choice). Ends on the printing screen with the slip number.
e2e_print_from_screen() {
    e2e_keys /
    e2e_wait "Tìm:" >/dev/null || return 1
    e2e_keys "$1"
    e2e_wait "Tìm: $1" >/dev/null || return 1
    e2e_keys Enter
    e2e_wait "Bắt đầu" >/dev/null || return 1
    e2e_keys 1
    e2e_wait "Câu 1/" >/dev/null || return 1
    e2e_walk_to_checklist 1 || return 1
    e2e_keys 1
    e2e_wait "1. [x]" >/dev/null || return 1
    _item=$(e2e_screen | grep -o '[0-9][0-9]*\. In phiếu' | head -1 | cut -d. -f1)
    [ -n "$_item" ] || return 1
    e2e_keys "$_item"
    e2e_wait "Xem trước phiếu sẽ in" >/dev/null || return 1
    e2e_wait "1. In phiếu này" >/dev/null || return 1
    e2e_keys 1
    e2e_wait "Số phiếu của bạn:"
}

e2e_screen_colours() {
    tmux -S "$SOCK" capture-pane -e -p 2>/dev/null
}

kiosk_today() {
    # The kiosk's day (kiosk.conf's timezone), not the test machine's: from 17:00 UTC it is
    # already tomorrow in Vietnam.
    TZ=Asia/Ho_Chi_Minh date +%Y%m%d
}

is_days_first() {
    [ "$1" = "$2-0001" ] || [ "$1" = "$(kiosk_today)-0001" ] && return 0
    echo "slip \"$1\" is not the first of $2 (Asia/Ho_Chi_Minh)"
    return 1
}

e2e_alive() {
    ! e2e_screen | grep -q 'KIOSK-EXITED'
}

check() {
    _check_name=$1
    shift
    _check_out=$(mktemp "${TMPDIR:-/tmp}/kiosk-check-XXXXXX")
    if "$@" >"$_check_out" 2>&1; then
        echo "ok - $_check_name"
    else
        echo "not ok - $_check_name"
        sed 's/^/#   /' "$_check_out" | head -40
        E2E_FAILS=$((E2E_FAILS + 1))
    fi
    rm -f "$_check_out"
}

# The reliability table (scripts/reliability.sh renders it; README "Reliability"):
#   record KIND WHAT NAME CMD…   a check (as check) that is also counted: KIND is "fault"
#                                (tried and survived) or "input" (tried and rejected cleanly)
#   record_jobs SENT PRINTED LOST DUPLICATED   print jobs a test sent and what became of them
case $BUILD in /*) RELIABILITY=${RELIABILITY:-$BUILD/reliability.tsv} ;;
*) RELIABILITY=${RELIABILITY:-$ROOT/$BUILD/reliability.tsv} ;; esac
record() {
    r_kind=$1
    r_what=$2
    shift 2
    r_before=$E2E_FAILS
    check "$@"
    r_res=ok
    [ "$E2E_FAILS" = "$r_before" ] || r_res=failed
    printf '%s\t%s\t%s\t%s\n' "$r_kind" "$(basename "$0" .sh)" "$r_what" "$r_res" \
        >>"$RELIABILITY" 2>/dev/null
}
record_jobs() {
    printf 'jobs\t%s\t%s %s %s %s\tok\n' "$(basename "$0" .sh)" "$1" "$2" "$3" "$4" \
        >>"$RELIABILITY" 2>/dev/null
}

e2e_cleanup() {
    # Every tmux server a test started in its folder (a test may run several kiosks).
    if [ -n "$T" ]; then
        for s in "$T"/*.sock; do
            [ -S "$s" ] && tmux -S "$s" kill-server 2>/dev/null
        done
        rm -rf "$T"
    fi
    T=""
}

e2e_sanitizer_check() {
    # Under make asan the kiosk's stderr (and so any sanitizer report) is in its log files.
    if [ "${SANITIZE:-0}" = 1 ] && [ -n "$T" ]; then
        reports=$(grep -rlE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$T" 2>/dev/null | head -3)
        check "no sanitizer report in the kiosk's logs" test -z "$reports"
        [ -n "$reports" ] && grep -hE -A8 'Sanitizer|runtime error:' $reports | head -30 | sed 's/^/# /'
    fi
}

e2e_done() {
    e2e_sanitizer_check
    e2e_cleanup
    trap - EXIT INT TERM
    exit "$E2E_FAILS"
}

e2e_resize() {
    tmux -S "$SOCK" resize-window -x "$1" -y "$2"
}
