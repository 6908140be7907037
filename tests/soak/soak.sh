# The soak driver: the real kiosk in tmux, hammered with random but replayable keys. Sourced
# by tests/soak/run.sh (make soak) and tests/e2e/95_soak_short.sh (make test), after
# tests/lib/e2e.sh. One call, soak_pass, is one run of one seed:
#
#   soak_pass LABEL SEED KEYS SANITIZE RSS
#     SANITIZE=1  the kiosk is a sanitizer build: ASan/UBSan/LSan reports go to files in the
#                 test folder (log_path), which must stay empty
#     RSS=1       check resident memory: after the run within 10% of after the first
#                 SOAK_RSS_AT keys (default 1000) of the same kiosk process
#
# The keys come from tests/soak/keys.awk (seeded). They are sent in batches (SOAK_BATCH,
# default 12, per tmux send-keys), and after each batch the driver waits until the kiosk has
# used no CPU for 30 ms, so it keeps up and a resize or an idle wait lands where the seed
# says. When a sequence leaves the kiosk (the staff "leave" item, the operator's Ctrl-\ ×3)
# the driver starts it again; any other exit is a crash. Printing goes to a private cupsd's
# cups-pdf queue (tests/lib/cupsd.sh) when one can be started.
#
# Passes when: no crash or hang, no sanitizer report (leaks included: the kiosk ends with
# SIGTERM and LSan checks it at exit), every slip the jobs table says was printed is a PDF in
# the queue's folder and every PDF there is a job, no job left half-sent, and
# PRAGMA integrity_check says ok. Output: "ok - …" / "not ok - …" lines; a failure prints the
# seed and the replay command.

SOAK_PIN=${SOAK_PIN:-2468}
SOAK_BATCH=${SOAK_BATCH:-12}
SOAK_RSS_AT=${SOAK_RSS_AT:-1000}
SOAK_QUEUE=soak
SOAK_PRINTING=0
SOAK_FAIL=""
KPID=""

soak_note() { echo "# $*"; }

# Start private cupsd with a cups-pdf queue (once per script). Printing is skipped, with a
# note, when the scheduler cannot start here.
soak_cups_start() {
    [ "${SOAK_NO_PRINT:-0}" = 1 ] && return 0
    if [ ! -x /usr/sbin/cupsd ] || [ ! -f /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd ]; then
        soak_note "no cupsd or cups-pdf: printing is not soaked"
        return 0
    fi
    # cupsd.sh also sets ROOT, BUILD and helpers for the print tests: keep ours.
    _root=$ROOT _build=$BUILD
    . "$ROOT/tests/lib/cupsd.sh"
    ROOT=$_root BUILD=$_build
    CUPSD_BASE=$T
    cupsd_init || return 1
    # cupsd.sh's traps replace ours: clean both, tmux first.
    trap soak_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    cupsd_start || return 1
    cupsd_add_pdf_queue "$SOAK_QUEUE" || return 1
    SOAK_PRINTING=1
}

# The test folder, config and cleanup (tmux, then cupsd, then the folder unless SOAK_KEEP).
soak_init() {
    e2e_init "$1"
    trap soak_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

soak_cleanup() {
    rc=$?
    soak_stop_helpers
    [ -n "$SOCK" ] && tmux -S "$SOCK" kill-server 2>/dev/null
    if [ -n "${CUPSD_DIR:-}" ]; then
        # cupsd_cleanup removes the cupsd folder (inside $T) and exits with our status.
        cupsd_stop
        for inst in $CUPSD_INSTS; do rm -f "/etc/cups/cups-pdf-$inst.conf"; done
        CUPSD_INSTS=
    fi
    if [ -n "$T" ] && [ -n "${SOAK_KEEP:-}" ]; then
        echo "# kept $T"
    elif [ -n "$T" ]; then
        rm -rf "$T"
    fi
    exit $rc
}

# The kiosk process of the current tmux server ("" while it is not running).
soak_kiosk_pid() {
    pgrep -f "^$KIOSK -c $T/kiosk.conf\$" | head -1
}

soak_start_kiosk() {
    e2e_start "$SOAK_COLS" "$SOAK_ROWS"
    i=0
    KPID=""
    while [ $i -lt 200 ] && [ -z "$KPID" ]; do
        KPID=$(soak_kiosk_pid)
        [ -n "$KPID" ] || sleep 0.05
        i=$((i + 1))
    done
    [ -n "$KPID" ] || return 1
    SOAK_PROC_KEYS=0
    SOAK_RSS_BASE=""
    e2e_wait "?: " 20 >/dev/null
}

# Wait until the kiosk has used no CPU for 30 ms: it has read and drawn what it was sent.
soak_settle() {
    f=/proc/$KPID/schedstat
    prev=$(cut -d' ' -f1 "$f" 2>/dev/null) || return 0
    i=0
    while [ $i -lt 300 ]; do
        sleep 0.03
        cur=$(cut -d' ' -f1 "$f" 2>/dev/null) || return 0
        [ "$cur" = "$prev" ] && return 0
        prev=$cur
        i=$((i + 1))
    done
    return 1 # busy for 9 s: a hang
}

SOAK_IDLE_RE='Còn dùng không\?|Still there\?'

# soak_wait_re REGEX SECS [gone]: wait until the screen matches (or no longer matches).
soak_wait_re() {
    limit=$(($2 * 20))
    i=0
    while [ $i -lt $limit ]; do
        if e2e_screen | grep -qE -- "$1"; then
            [ "${3:-}" = gone ] || return 0
        else
            [ "${3:-}" = gone ] && return 0
        fi
        # Gone with the kiosk itself is not what we wait for.
        kill -0 "$KPID" 2>/dev/null || return 1
        sleep 0.05
        i=$((i + 1))
    done
    e2e_screen | sed 's/^/#   | /' | tail -8
    return 1
}

soak_rss() {
    sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$KPID/status" 2>/dev/null
}

# The kiosk is gone: was it a proper exit (status 0)? Sets SOAK_EXIT.
soak_exit_status() {
    i=0
    SOAK_EXIT=""
    while [ $i -lt 100 ]; do
        SOAK_EXIT=$(e2e_screen | sed -n 's/.*KIOSK-EXITED-\([0-9]*\).*/\1/p' | tail -1)
        [ -n "$SOAK_EXIT" ] && return 0
        sleep 0.05
        i=$((i + 1))
    done
    SOAK_EXIT=unknown
}

soak_fail() {
    SOAK_FAIL="$SOAK_FAIL
$1"
}

# Memory of one kiosk process: its last RSS against the RSS after its first SOAK_RSS_AT keys.
soak_rss_check_proc() {
    [ "$SOAK_RSS" = 1 ] || return 0
    [ -n "$SOAK_RSS_BASE" ] && [ -n "$SOAK_RSS_LAST" ] || return 0
    SOAK_RSS_CHECKS="$SOAK_RSS_CHECKS $SOAK_RSS_BASE:$SOAK_RSS_LAST:$SOAK_PROC_KEYS"
}

soak_flush() {
    [ -n "$SOAK_BATCH_KEYS" ] || return 0
    # shellcheck disable=SC2086 # the batch is a list of key names
    tmux -S "$SOCK" send-keys -- $SOAK_BATCH_KEYS
    SOAK_BATCH_KEYS=""
    SOAK_BATCH_N=0
}

soak_type() {
    # Type a string one key at a time (digits of a PIN).
    s=$1
    while [ -n "$s" ]; do
        rest=${s#?}
        SOAK_BATCH_KEYS="$SOAK_BATCH_KEYS ${s%"$rest"}"
        s=$rest
    done
}

# After a batch: still running? keep up; memory.
soak_after_batch() {
    if ! soak_settle; then
        soak_fail "the kiosk was busy for 9 s after key $SOAK_I (a hang?)"
        return 1
    fi
    if ! kill -0 "$KPID" 2>/dev/null; then
        soak_exit_status
        if [ "$SOAK_EXIT" = 0 ]; then
            soak_rss_check_proc
            SOAK_RESTARTS=$((SOAK_RESTARTS + 1))
            soak_start_kiosk || { soak_fail "the kiosk did not start again"; return 1; }
            return 0
        fi
        soak_fail "the kiosk ended with status $SOAK_EXIT after key $SOAK_I"
        e2e_screen | sed 's/^/#   | /' | tail -12
        return 1
    fi
    if [ "$SOAK_RSS" = 1 ]; then
        SOAK_RSS_LAST=$(soak_rss)
        if [ -z "$SOAK_RSS_BASE" ] && [ "$SOAK_PROC_KEYS" -ge "$SOAK_RSS_AT" ]; then
            SOAK_RSS_BASE=$SOAK_RSS_LAST
        fi
    fi
    return 0
}

soak_action() {
    case $1 in
    @pin) soak_type "$SOAK_PIN"; SOAK_BATCH_KEYS="$SOAK_BATCH_KEYS Enter" ;;
    @badpin) soak_type "0000"; SOAK_BATCH_KEYS="$SOAK_BATCH_KEYS Enter" ;;
    @quit)
        # Leaving is a staff action or SIGTERM; the random keys reach the staff menu's exit,
        # and this stops it the other allowed way, then the kiosk is started again.
        soak_flush
        soak_settle
        kill -TERM "$KPID" 2>/dev/null
        ;;
    @print)
        # Home, service 9 answered to its checklist, its "print" action (the one before
        # "done"). (The random keys reach the other checklists and their print action too.)
        SOAK_BATCH_KEYS="$SOAK_BATCH_KEYS Escape *"
        soak_flush
        soak_settle
        SOAK_BATCH_KEYS="9 9 1 2 Enter Enter Enter End Up Enter"
        SOAK_PRINTS=$((SOAK_PRINTS + 1))
        ;;
    @resize)
        soak_flush
        soak_settle
        tmux -S "$SOCK" resize-window -x "$2" -y "$3"
        SOAK_RESIZES=$((SOAK_RESIZES + 1))
        ;;
    @idle | @still)
        soak_flush
        soak_settle
        # The countdown needs a screen large enough to draw and a resident's session, not an
        # assisted one (its timeout is assisted_idle_timeout): start again, then leave home.
        tmux -S "$SOCK" resize-window -x 80 -y 24
        tmux -S "$SOCK" send-keys '*'
        soak_settle
        # Wait for home itself (an assisted session ends on the volunteer's outcome screen:
        # leave it with Esc), then open a list so that a session has begun.
        tries=0
        while ! soak_wait_re "Xin chào|Welcome!" 3 && [ $tries -lt 3 ]; do
            tmux -S "$SOCK" send-keys Escape '*'
            soak_settle
            tries=$((tries + 1))
        done
        tmux -S "$SOCK" send-keys 9
        soak_settle
        soak_wait_re "$SOAK_IDLE_RE" $((SOAK_IDLE + 10)) ||
            soak_fail "no idle countdown after key $SOAK_I"
        if [ "$1" = @idle ]; then
            soak_wait_re "$SOAK_IDLE_RE" $((SOAK_COUNTDOWN + 10)) gone ||
                soak_fail "the idle countdown did not end after key $SOAK_I"
        else
            tmux -S "$SOCK" send-keys Down
        fi
        SOAK_IDLES=$((SOAK_IDLES + 1))
        ;;
    esac
}

# The PDFs in the queue's folder and the jobs table agree; nothing is left half-way.
soak_check_jobs() {
    db=$T/var/kiosk.db
    [ -f "$db" ] || return 0
    if [ "$SOAK_PRINTING" = 1 ] && [ -x "$(dirname "$KIOSK")/kiosk-print" ]; then
        # Let the helper finish what is queued, then CUPS, for at most SOAK_DRAIN seconds
        # (a wedged queue must fail the check, not stall the test).
        end=$(($(date +%s) + ${SOAK_DRAIN:-20}))
        timeout 10 "$KIOSK" -c "$T/kiosk.conf" run-queue >/dev/null 2>&1
        # Slips must all be done; staff's "print every handout" may leave handouts still
        # queued at the end (25 pages at a time), which is slowness, not loss.
        while [ "$(date +%s)" -lt "$end" ]; do
            left=$(sqlite3 "$db" "SELECT count(*) FROM print_jobs WHERE kind = 'slip' AND state IN ('queued', 'sending', 'sent')" 2>/dev/null)
            [ "${left:-0}" = 0 ] && break
            sleep 0.5
        done
        timeout 10 "$KIOSK" -c "$T/kiosk.conf" run-queue >/dev/null 2>&1
    fi
    SOAK_JOBS=$(sqlite3 "$db" "SELECT count(*) || ' (' || sum(kind = 'slip') || ' slips)' FROM print_jobs" 2>/dev/null || echo 0)
    SOAK_DONE=$(sqlite3 "$db" "SELECT count(*) FROM print_jobs WHERE state = 'done'" 2>/dev/null || echo 0)
    stuck=$(sqlite3 "$db" "SELECT slip_no || ' ' || kind || ' ' || state || ' ' || error_kind || ' ' || reason FROM print_jobs WHERE state NOT IN ('done', 'cancelled') AND (kind = 'slip' OR state = 'failed')" 2>/dev/null)
    soak_check "$1: no slip left unfinished, no print job failed" test -z "$stuck"
    [ -n "$stuck" ] && echo "$stuck" | head -5 | sed 's/^/#   /'
    if [ "$SOAK_PRINTING" = 1 ]; then
        dir=$(cupsd_pdf_dir "$SOAK_QUEUE")
        missing=""
        # A handout of several services is done once split into one job per service: it has
        # no CUPS job (and no PDF) of its own.
        for no in $(sqlite3 "$db" "SELECT slip_no FROM print_jobs WHERE state = 'done' AND printer = '$SOAK_QUEUE' AND cups_job_id != 0"); do
            ls "$dir" | grep -qF -- "$no" || missing="$missing $no"
        done
        soak_check "$1: every printed slip is a PDF from the queue" test -z "$missing"
        [ -n "$missing" ] && soak_note "no PDF for:$missing"
        extra=""
        for f in $(ls "$dir" 2>/dev/null); do
            no=$(echo "$f" | grep -oE '[0-9]{8}-[0-9]{4}(-R[0-9]+)?' | head -1)
            if [ -z "$no" ] || [ -z "$(sqlite3 "$db" "SELECT 1 FROM print_jobs WHERE slip_no = '$no'")" ]; then
                extra="$extra $f"
            fi
        done
        soak_check "$1: every PDF in the queue is a job in the table" test -z "$extra"
        [ -n "$extra" ] && soak_note "PDFs with no job:$extra"
    fi
}

# Print helpers the kiosk started in the background for this test folder (queue runners that
# back off and retry) end with the test: found by their config path, ended by their id.
soak_stop_helpers() {
    for pid in $(pgrep -f "kiosk-print .*-c $T/kiosk.conf" 2>/dev/null); do
        kill "$pid" 2>/dev/null
    done
}

soak_done() {
    exit "$E2E_FAILS" # the EXIT trap stops tmux and cupsd and removes the test folder
}

soak_pass() {
    label=$1 seed=$2 nkeys=$3 SOAK_SANITIZE=$4 SOAK_RSS=$5
    SOAK_FAIL="" SOAK_I=0 SOAK_JOBS=0 SOAK_DONE=0 SOAK_RESTARTS=0 SOAK_RESIZES=0 SOAK_IDLES=0 SOAK_PRINTS=0
    SOAK_RSS_CHECKS="" SOAK_RSS_LAST="" SOAK_BATCH_KEYS="" SOAK_BATCH_N=0
    SOAK_COLS=80 SOAK_ROWS=24
    rm -rf "$T/var" "$T/san"
    mkdir -p "$T/var" "$T/san"
    soak_stop_helpers
    if [ "$SOAK_PRINTING" = 1 ]; then
        # A fresh scheduler for every pass: nothing of the last pass may be printing still.
        cancel -a "$SOAK_QUEUE" 2>/dev/null
        cupsd_stop
        cupsd_start || soak_fail "the private cupsd did not start again"
        rm -f "$(cupsd_pdf_dir "$SOAK_QUEUE")"/*.pdf
    fi
    if [ "$SOAK_SANITIZE" = 1 ]; then
        export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:log_path=$T/san/asan"
        export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$T/san/ubsan"
        export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp:print_suppressions=0"
        export G_SLICE=always-malloc
    else
        unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
    fi
    if ! printf '%s\n%s\n' "$SOAK_PIN" "$SOAK_PIN" | "$KIOSK" -c "$T/kiosk.conf" set-pin >"$T/set-pin.out" 2>&1; then
        soak_note "kiosk set-pin failed ($(head -1 "$T/set-pin.out")): staff screens stay behind the PIN"
    fi
    soak_note "$label: seed $seed, $nkeys keys, $(basename "$(dirname "$KIOSK")")"
    soak_start_kiosk || { soak_check "$label: the kiosk starts" false; return; }
    started=$(date +%s)
    awk -v seed="$seed" -v n="$nkeys" -f "$ROOT/tests/soak/keys.awk" >"$T/keys"
    while read -r k a1 a2; do
        SOAK_I=$((SOAK_I + 1))
        SOAK_PROC_KEYS=$((SOAK_PROC_KEYS + 1))
        case $k in
        @*) soak_action "$k" "${a1:-}" "${a2:-}" ;;
        *)
            SOAK_BATCH_KEYS="$SOAK_BATCH_KEYS $k"
            SOAK_BATCH_N=$((SOAK_BATCH_N + 1))
            [ "$SOAK_BATCH_N" -lt "$SOAK_BATCH" ] && continue
            ;;
        esac
        soak_flush
        soak_after_batch || break
        [ -n "$SOAK_FAIL" ] && break
    done <"$T/keys"
    if [ -z "$SOAK_FAIL" ]; then
        soak_flush
        soak_after_batch
    fi
    secs=$(($(date +%s) - started))
    # The end: SIGTERM, a clean exit (LSan checks for leaks now).
    if [ -z "$SOAK_FAIL" ]; then
        [ "$SOAK_RSS" = 1 ] && SOAK_RSS_LAST=$(soak_rss)
        soak_rss_check_proc
        kill -TERM "$KPID" 2>/dev/null
        soak_exit_status
        [ "$SOAK_EXIT" = 0 ] || soak_fail "the kiosk ended with status $SOAK_EXIT on SIGTERM"
    fi
    soak_note "$label: $SOAK_I keys in ${secs}s, $SOAK_RESTARTS restarts, $SOAK_RESIZES resizes, $SOAK_IDLES idle waits, $SOAK_PRINTS print requests"
    soak_check "$label: no crash or hang" test -z "$SOAK_FAIL"
    [ -n "$SOAK_FAIL" ] && echo "$SOAK_FAIL" | sed '/^$/d; s/^/#   /'
    if [ "$SOAK_SANITIZE" = 1 ]; then
        # ASan and LSan write to log_path; UBSan (GCC's) writes to stderr, which the kiosk
        # keeps in its log file.
        reports=$(ls "$T/san" 2>/dev/null)
        ublog=$(grep -lE 'runtime error:|Sanitizer' "$T/var/"*.log 2>/dev/null)
        soak_check "$label: no sanitizer report (ASan, UBSan, LSan leaks)" test -z "$reports$ublog"
        for f in $reports; do
            soak_note "$f:"
            head -40 "$T/san/$f" | sed 's/^/#   | /'
        done
        for f in $ublog; do
            soak_note "$(basename "$f"):"
            grep -A14 -E 'runtime error:|Sanitizer' "$f" | head -40 | sed 's/^/#   | /'
        done
    fi
    soak_check_jobs "$label"
    soak_note "$label: print jobs: $SOAK_JOBS queued, $SOAK_DONE printed"
    ic=$(sqlite3 "$T/var/kiosk.db" "PRAGMA integrity_check" 2>&1)
    soak_check "$label: the database passes PRAGMA integrity_check" test "$ic" = ok
    steps=$(sqlite3 "$T/var/kiosk.db" "SELECT group_concat(step, ' ') FROM (SELECT DISTINCT CASE WHEN step LIKE 'q:%' THEN 'q' ELSE step END AS step FROM session_steps ORDER BY 1)" 2>/dev/null)
    soak_note "$label: steps reached: $steps"
    staff=$(sqlite3 "$T/var/kiosk.db" "SELECT group_concat(action || ' ' || n, ', ') FROM (SELECT action, count(*) AS n FROM audit GROUP BY action ORDER BY action)" 2>/dev/null)
    soak_note "$label: staff actions: ${staff:-none}"
    if [ "$SOAK_RSS" = 1 ]; then
        if [ -z "$SOAK_RSS_CHECKS" ]; then
            soak_note "$label: no kiosk process lived past $SOAK_RSS_AT keys: memory not compared"
        fi
        bad=""
        [ -n "$SOAK_RSS_CHECKS" ] && for c in $SOAK_RSS_CHECKS; do
            base=${c%%:*} rest=${c#*:}
            last=${rest%%:*} keys=${rest#*:}
            soak_note "$label: RSS ${base} kB after $SOAK_RSS_AT keys, ${last} kB after $keys keys"
            awk -v b="$base" -v l="$last" 'BEGIN { exit !(l <= b * 1.10) }' || bad="$bad $base->$last"
        done
        [ -n "$SOAK_RSS_CHECKS" ] &&
            soak_check "$label: resident memory at the end within 10% of after $SOAK_RSS_AT keys" test -z "$bad"
    fi
    if [ -n "$SOAK_FAIL" ] || [ "$E2E_FAILS" -gt 0 ]; then
        soak_note "replay: SOAK_SEED=$seed SOAK_KEYS=$nkeys make soak"
    fi
}

# The test config: short idle timeouts, printing to the soak queue.
soak_config() {
    SOAK_IDLE=10
    SOAK_COUNTDOWN=5
    e2e_conf idle_timeout $SOAK_IDLE
    e2e_conf idle_countdown $SOAK_COUNTDOWN
    if [ "$SOAK_PRINTING" = 1 ]; then
        printf '[printer]\nname = %s\n' "$SOAK_QUEUE" >>"$T/kiosk.conf"
    fi
}

# soak_check NAME CMD…: "ok - NAME" or "not ok - NAME" (our own: cupsd.sh brings another
# check() for the print tests).
SOAK_PASSED=0
soak_check() {
    _sc_name=$1
    shift
    if "$@"; then
        echo "ok - $_sc_name"
        SOAK_PASSED=$((SOAK_PASSED + 1))
    else
        echo "not ok - $_sc_name"
        E2E_FAILS=$((E2E_FAILS + 1))
    fi
    return 0
}
