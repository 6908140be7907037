-- Schema version 3: staff mode, volunteers, assisted sessions and statistics. Times are Unix
-- seconds (UTC); days are local days "YYYY-MM-DD" in kiosk.conf's time zone. No personal data
-- of residents, ever: an assisted session links an anonymous session row to the volunteer and
-- to outcome codes. The staff PIN is a salted Argon2id hash in settings ("staff_pin_hash").

-- Every staff action with its time: sign_in, pin_wrong, pin_locked, pin_set, reprint, cancel,
-- retry, catalog_reload, export, exit… Never a PIN in clear.
CREATE TABLE audit (
    id       INTEGER PRIMARY KEY,
    at       INTEGER NOT NULL,
    kiosk_id TEXT    NOT NULL DEFAULT '',
    action   TEXT    NOT NULL,
    detail   TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit(at);

-- Volunteers of the community digital technology team: a short code and a display name,
-- nothing else. Never deleted (statistics name them); disabled instead.
CREATE TABLE volunteers (
    id         INTEGER PRIMARY KEY,
    code       TEXT    NOT NULL UNIQUE,
    name       TEXT    NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at INTEGER NOT NULL
);

-- An assisted session (F9): which volunteer sat with the resident of a session, and whether
-- the volunteer recorded the outcome afterwards (recorded = 0: skipped or never shown).
CREATE TABLE assisted (
    id           INTEGER PRIMARY KEY,
    session_id   INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
    volunteer_id INTEGER NOT NULL REFERENCES volunteers(id),
    kiosk_id     TEXT    NOT NULL DEFAULT '',
    started_at   INTEGER NOT NULL,
    ended_how    TEXT    NOT NULL DEFAULT 'open'
                 CHECK (ended_how IN ('open', 'finished', 'idle', 'restart', 'exit')),
    recorded     INTEGER NOT NULL DEFAULT 0 CHECK (recorded IN (0, 1)),
    recorded_at  INTEGER
);
CREATE INDEX assisted_started ON assisted(started_at);

-- The outcomes the volunteer ticked (a multi-select), as codes.
CREATE TABLE assisted_outcomes (
    assisted_id INTEGER NOT NULL REFERENCES assisted(id) ON DELETE CASCADE,
    outcome     TEXT    NOT NULL CHECK (outcome IN ('filed_online', 'needs_documents',
                'sent_to_counter', 'vneid_installed', 'vneid_l2_police', 'vssid_installed',
                'ehealth_installed', 'money_account', 'portal_shown', 'safe_internet', 'other')),
    PRIMARY KEY (assisted_id, outcome)
);

-- "Needs more documents": which checklist items (catalog item ids) of which service.
CREATE TABLE assisted_items (
    assisted_id INTEGER NOT NULL REFERENCES assisted(id) ON DELETE CASCADE,
    service     INTEGER NOT NULL,
    item        TEXT    NOT NULL,
    PRIMARY KEY (assisted_id, service, item)
);

-- Retention: detailed rows older than retention_days are folded into these counts (the same
-- figures statistics compute from detailed rows) and deleted, in one transaction.
--   metric: started | ended (key = how) | viewed, finished (subject = service) |
--           stopped (subject = service or 0, key = step) | assisted, recorded, skills
--           (subject = volunteer) | outcome (subject = volunteer, key = outcome) |
--           missing (subject = service, key = item)
CREATE TABLE daily_counts (
    day     TEXT    NOT NULL,
    metric  TEXT    NOT NULL,
    subject INTEGER NOT NULL DEFAULT 0,
    key     TEXT    NOT NULL DEFAULT '',
    n       INTEGER NOT NULL,
    PRIMARY KEY (day, metric, subject, key)
);
