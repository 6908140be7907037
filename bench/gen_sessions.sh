#!/bin/sh
# Generate a kiosk database holding one year of anonymous sessions, for timing `kiosk stats`.
#
#   sh bench/gen_sessions.sh DB [SESSIONS]     (default 200000)
#
# The schema is the kiosk's own: assets/schema/NNN_*.sql applied in order, one transaction
# each, and PRAGMA user_version set to the last one, exactly as db.c migrates, so the kiosk
# opens it without change. Sessions are spread over the 365 days up to today, in office
# hours (07:30-17:00 in Vietnam, UTC+7), deterministic (no randomness: the same DB every run):
# 1-2 services each, 1-5 steps, most finished, some idle, restarted or left; one in five
# sessions printed a slip.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DB=$1
N=${2:-200000}
rm -f "$DB" "$DB-wal" "$DB-shm"
v=0
{
    echo "PRAGMA journal_mode = WAL;"
    for f in $(ls "$ROOT"/assets/schema/[0-9]*.sql | sort); do
        v=$((v + 1))
        echo "BEGIN;"
        cat "$f"
        echo "PRAGMA user_version = $v;"
        echo "COMMIT;"
    done
} | sqlite3 "$DB" >/dev/null

now=$(date +%s)
t0=$(( (now / 86400 - 364) * 86400 ))
hash=$(sha256sum "$ROOT/assets/catalog.json" | cut -c1-64)
sqlite3 "$DB" <<SQL
PRAGMA foreign_keys = ON;
BEGIN;
CREATE TEMP TABLE seq(n INTEGER PRIMARY KEY);
WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < $N)
INSERT INTO seq SELECT n FROM s;

-- Office hours in Vietnam: 07:30 to 17:00 local = 00:30 to 10:00 UTC.
INSERT INTO sessions(id, kiosk_id, started_at, ended_at, lang, catalog_hash, ended_how)
SELECT n, 'bench',
       $t0 + ((n - 1) * 365 / $N) * 86400 + 1800 + (n * 7919) % 34200,
       $t0 + ((n - 1) * 365 / $N) * 86400 + 1800 + (n * 7919) % 34200 + 45 + (n * 31) % 900,
       CASE WHEN n % 20 = 0 THEN 'en' ELSE 'vi' END,
       '$hash',
       CASE n % 10 WHEN 0 THEN 'idle' WHEN 1 THEN 'restart' WHEN 2 THEN 'idle'
                   WHEN 3 THEN 'exit' ELSE 'finished' END
FROM seq;

INSERT INTO session_services(session_id, service, last_step, finished)
SELECT n, 1 + (n * 13) % 25,
       CASE n % 5 WHEN 0 THEN 'service' WHEN 1 THEN 'q:q1' WHEN 2 THEN 'checklist'
                  WHEN 3 THEN 'qr' ELSE 'print' END,
       CASE WHEN n % 5 >= 2 THEN 1 ELSE 0 END
FROM seq;
INSERT INTO session_services(session_id, service, last_step, finished)
SELECT n, 1 + (n * 13 + 1 + n % 7) % 25, 'service', 0 FROM seq WHERE n % 4 = 0;

INSERT INTO session_steps(session_id, at, service, step)
SELECT seq.n, s.started_at + k.k * 20, 1 + (seq.n * 13) % 25, k.step
FROM seq JOIN sessions s ON s.id = seq.n
JOIN (SELECT 0 AS k, 'service' AS step UNION ALL SELECT 1, 'q:q1' UNION ALL
      SELECT 2, 'checklist' UNION ALL SELECT 3, 'qr' UNION ALL SELECT 4, 'print') k
  ON k.k <= seq.n % 5;
COMMIT;
SQL
# Slips: one in five sessions printed one, numbered per local day like the queue does.
if sqlite3 "$DB" "SELECT 1 FROM sqlite_master WHERE name = 'print_jobs'" | grep -q 1; then
    sqlite3 "$DB" <<SQL
BEGIN;
INSERT INTO print_jobs(kind, slip_no, shown_no, service, catalog_hash, answers, have, state,
                       created_at, queued_at, updated_at)
SELECT 'slip',
       strftime('%Y%m%d', started_at + 25200, 'unixepoch') || '-' ||
           printf('%04d', row_number() OVER (PARTITION BY (started_at + 25200) / 86400 ORDER BY id)),
       strftime('%Y%m%d', started_at + 25200, 'unixepoch') || '-' ||
           printf('%04d', row_number() OVER (PARTITION BY (started_at + 25200) / 86400 ORDER BY id)),
       1 + (id * 13) % 25, catalog_hash, '1', '1', 'done',
       ended_at, ended_at, ended_at
FROM sessions WHERE id % 5 = 4;
COMMIT;
SQL
fi
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
