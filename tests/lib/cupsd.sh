# A private CUPS scheduler for end-to-end print tests (sourced by tests/e2e/40_print_*.sh).
#
# Everything lives under one 0755 test folder: its own cupsd.conf and cups-files.conf, spool,
# cache, logs and a Unix socket, no TCP port. Clients (libcups, lp, lpadmin, lpstat) follow
# CUPS_SERVER=<dir>/cups.sock, so the program under test needs no special code.
# The traps this avoids:
#   - the folder must be 0755: filters run as user lp and a 0700 mktemp folder makes every
#     job fail with "Filter failed";
#   - lpstat -r exits 0 even when the scheduler is down: test its text;
#   - a second cupsd started blindly hijacks the first one's socket: each test gets its own;
#   - cups-pdf only reads /etc/cups/cups-pdf-<INST>.conf, where INST is the device URI path;
#     those files are removed again by cupsd_cleanup;
#   - cups-pdf re-renders through Ghostscript: only pdftops-renderer-default=pdftocairo keeps
#     the text (and its diacritics) intact.
#
# Use (after tests/lib/e2e.sh):
#   . tests/lib/e2e.sh
#   . tests/lib/cupsd.sh
#   cupsd_init            # makes $CUPSD_DIR, installs the EXIT trap
#   cupsd_start           # starts the scheduler, exports CUPS_SERVER
#   cupsd_add_pdf_queue Q # a cups-pdf queue Q writing into $(cupsd_pdf_dir Q)
#   cupsd_stop            # stops it and waits for the PID to exit (cupsd_start again is fine)
# cupsd_cleanup runs on exit (even when a test fails): stops cupsd, removes the cups-pdf
# configs this shell wrote and the test folder.

CUPSD_DIR=
CUPSD_PID=
CUPSD_INSTS=

# Make the test folder (0755, under $CUPSD_BASE or /tmp) and install the cleanup trap.
cupsd_init() {
    base=${CUPSD_BASE:-/tmp}
    CUPSD_DIR=$(mktemp -d "$base/kiosk-cupsd.XXXXXX") || return 1
    chmod 0755 "$CUPSD_DIR"
    mkdir -p "$CUPSD_DIR/etc/ppd" "$CUPSD_DIR/spool/tmp" "$CUPSD_DIR/cache" \
        "$CUPSD_DIR/state/certs" "$CUPSD_DIR/log" "$CUPSD_DIR/pdf"
    chmod 0755 "$CUPSD_DIR/pdf"
    trap cupsd_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    export CUPS_SERVER="$CUPSD_DIR/cups.sock"
    # No lpoptions or client.conf from the machine or the user may leak in.
    export CUPS_USER=root
    unset PRINTER LPDEST
    HOME_SAVED=${HOME:-}
    cat >"$CUPSD_DIR/etc/cupsd.conf" <<EOF
Listen $CUPSD_DIR/cups.sock
LogLevel warn
MaxLogSize 0
PreserveJobHistory Yes
PreserveJobFiles No
MaxJobs 0
JobRetryLimit 0
Browsing No
WebInterface No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  JobPrivateAccess all
  JobPrivateValues none
  SubscriptionPrivateAccess all
  SubscriptionPrivateValues none
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
EOF
    cat >"$CUPSD_DIR/etc/cups-files.conf" <<EOF
ServerRoot $CUPSD_DIR/etc
RequestRoot $CUPSD_DIR/spool
TempDir $CUPSD_DIR/spool/tmp
CacheDir $CUPSD_DIR/cache
StateDir $CUPSD_DIR/state
ErrorLog $CUPSD_DIR/log/error_log
AccessLog $CUPSD_DIR/log/access_log
PageLog $CUPSD_DIR/log/page_log
User lp
Group lp
SystemGroup root
Sandboxing Relaxed
EOF
}

# Is our scheduler answering? (lpstat -r exits 0 either way: read its text.)
cupsd_running() {
    case $(lpstat -r 2>&1) in
    "scheduler is running") return 0 ;;
    *) return 1 ;;
    esac
}

# Start the private scheduler in the foreground (so $! is its PID) and wait until it answers.
cupsd_start() {
    if [ -n "$CUPSD_PID" ] && kill -0 "$CUPSD_PID" 2>/dev/null; then
        echo "cupsd_start: already running ($CUPSD_PID)" >&2
        return 1
    fi
    rm -f "$CUPSD_DIR/cups.sock"
    /usr/sbin/cupsd -f -c "$CUPSD_DIR/etc/cupsd.conf" -s "$CUPSD_DIR/etc/cups-files.conf" \
        </dev/null >>"$CUPSD_DIR/log/stdout" 2>&1 &
    CUPSD_PID=$!
    i=0
    while ! cupsd_running; do
        i=$((i + 1))
        if [ $i -gt 500 ] || ! kill -0 "$CUPSD_PID" 2>/dev/null; then
            echo "cupsd_start: the scheduler did not start; its log:" >&2
            cat "$CUPSD_DIR/log/error_log" "$CUPSD_DIR/log/stdout" >&2 2>/dev/null
            CUPSD_PID=
            return 1
        fi
        sleep 0.01
    done
}

# Stop the scheduler and wait for its PID to exit (it takes ~2 s after SIGTERM).
cupsd_stop() {
    [ -n "$CUPSD_PID" ] || return 0
    kill -TERM "$CUPSD_PID" 2>/dev/null
    wait "$CUPSD_PID" 2>/dev/null
    CUPSD_PID=
}

# The folder cups-pdf writes queue Q's jobs into.
cupsd_pdf_dir() {
    echo "$CUPSD_DIR/pdf/$1"
}

# Add a cups-pdf queue named $1, enabled and accepting, writing into $(cupsd_pdf_dir $1).
# Extra arguments go to lpadmin (e.g. -o job-hold-until-default=indefinite).
cupsd_add_pdf_queue() {
    q=$1
    shift
    inst="kiosktest$$-$q"
    out=$(cupsd_pdf_dir "$q")
    mkdir -p "$out"
    chmod 0777 "$out"
    cat >"/etc/cups/cups-pdf-$inst.conf" <<EOF
Out $out
AnonDirName $out
AnonUser root
Label 1
TitlePref 1
Grp root
UserUMask 0022
AnonUMask 0022
EOF
    CUPSD_INSTS="$CUPSD_INSTS $inst"
    # (lpadmin warns that printer drivers are deprecated: keep that out of the test output.)
    lpadmin -p "$q" -E -v "cups-pdf:/$inst" -P /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd \
        -o pdftops-renderer-default=pdftocairo -o Label=1 -o TitlePref=1 "$@" \
        2>>"$CUPSD_DIR/log/lpadmin" || { cat "$CUPSD_DIR/log/lpadmin" >&2; return 1; }
    # -E on lpadmin enables the queue only together with -p; make sure it accepts jobs too.
    cupsaccept "$q" && cupsenable "$q"
}

# The number of PDFs cups-pdf finished in queue $1's folder.
cupsd_pdf_count() {
    find "$(cupsd_pdf_dir "$1")" -maxdepth 1 -name '*.pdf' -type f | wc -l
}

# The jobs CUPS remembers on queue $1 (all of them, finished ones too), one "state,name" a
# line (e.g. "completed,20261128-0001"), through ipptool on our socket.
cupsd_jobs() {
    cat >"$CUPSD_DIR/get-jobs.test" <<'EOF2'
{
  OPERATION Get-Jobs
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri printer-uri $uri
  ATTR keyword which-jobs all
  ATTR keyword requested-attributes job-id,job-name,job-state
  STATUS successful-ok
  DISPLAY job-state
  DISPLAY job-name
}
EOF2
    sock=$(printf '%s' "$CUPS_SERVER" | sed 's|/|%2F|g')
    ipptool -c "ipp://$sock/printers/$1" "$CUPSD_DIR/get-jobs.test" 2>/dev/null | sed 1d
}

# The number of jobs CUPS completed (printed: not cancelled, not aborted) on queue $1, only
# those named $2 when given.
cupsd_completed_count() {
    cupsd_jobs "$1" | awk -F, -v t="${2:-}" '$1 == "completed" && (t == "" || $2 == t) { n++ }
        END { print n + 0 }'
}

# Wait (bounded) until queue $1 has no job left that is not completed or cancelled.
cupsd_wait_idle() {
    i=0
    while [ -n "$(lpstat -W not-completed -o "$1" 2>/dev/null)" ]; do
        i=$((i + 1))
        [ $i -gt 3000 ] && return 1
        sleep 0.01
    done
}

cupsd_cleanup() {
    rc=$?
    cupsd_stop
    for inst in $CUPSD_INSTS; do
        rm -f "/etc/cups/cups-pdf-$inst.conf"
    done
    CUPSD_INSTS=
    if [ -n "$CUPSD_DIR" ] && [ -z "${KEEP_CUPSD:-}" ]; then
        rm -rf "$CUPSD_DIR"
    fi
    exit $rc
}

# --- helpers for the print end-to-end tests (tests/e2e/40_print_*.sh) ---------------------
# check() and the failure count are tests/lib/e2e.sh's, sourced first. KP is the helper; KC
# the kiosk, which makes every document and hands it to the helper.
case $BUILD in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
KP="$BUILD/kiosk-print"
KC="$BUILD/kiosk"

# contains TEXT STRING: does STRING contain TEXT?
contains() {
    case $2 in *"$1"*) return 0 ;; esac
    echo "expected \"$1\" in: $2"
    return 1
}

# A test kiosk.conf at $CONF for printer $1 ("" = the PDF folder) and paper $2.
pt_conf() {
    CONF="$CUPSD_DIR/kiosk.conf"
    mkdir -p "$CUPSD_DIR/var"
    cat >"$CONF" <<CONF
[kiosk]
centre_name = UBND xã Thử Nghiệm
centre_address = Số 1 đường Thử, Quảng Ninh
province = Quảng Ninh
hotlines = Tổng đài thử: 0000
[paths]
database = $CUPSD_DIR/var/kiosk.db
log = $CUPSD_DIR/var/kiosk.log
catalog = $ROOT/assets/catalog.json
pdf_dir = $CUPSD_DIR/var/slips
[printer]
name = $1
paper = ${2:-}
[portals]
national_url = https://dichvucong.gov.vn
provincial_url = https://dichvucong.quangninh.gov.vn
CONF
}

# The job id a "queued slip NO as job ID …" line names.
pt_job_id() {
    sed -n 's/.* as job \([0-9][0-9]*\) .*/\1/p'
}

# The slip number in a "queued slip NO as job …" line.
pt_slip_no() {
    sed -n 's/^queued [a-z]* \([0-9SR-]*\) as job.*/\1/p'
}

# The state of print job $1 as `kiosk-print jobs` lists it.
pt_state() {
    "$KP" -c "$CONF" jobs | awk -v id="$1" '$1 == id { print $4; exit }'
}

# The number of PDFs cups-pdf wrote for slip $2 on queue $1 (job_<id>-<slip>.pdf).
pt_files_for() {
    find "$(cupsd_pdf_dir "$1")" -maxdepth 1 -name "job_*-$2.pdf" -type f | wc -l
}

# End: the cleanup trap stops cupsd; the exit status is the number of failures (capped).
pt_done() {
    e2e_sanitizer_check
    [ "$E2E_FAILS" -gt 100 ] && E2E_FAILS=100
    exit "$E2E_FAILS"
}
