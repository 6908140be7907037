-- Schema version 1: anonymous sessions and settings. No personal data, ever.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per resident session (from the first key on the home screen to finish, start
-- again, idle reset or exit). Times are Unix seconds (UTC).
CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    kiosk_id     TEXT    NOT NULL,
    started_at   INTEGER NOT NULL,
    ended_at     INTEGER,
    lang         TEXT    NOT NULL,
    catalog_hash TEXT    NOT NULL,
    ended_how    TEXT    NOT NULL DEFAULT 'open'
                 CHECK (ended_how IN ('open', 'finished', 'idle', 'restart', 'exit'))
);
CREATE INDEX sessions_started ON sessions(started_at);

-- Services a session looked at, how far it went, and whether the checklist was reached.
CREATE TABLE session_services (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    service    INTEGER NOT NULL,
    last_step  TEXT    NOT NULL,                -- where the resident stopped
    finished   INTEGER NOT NULL DEFAULT 0       -- 1 once the checklist was reached
               CHECK (finished IN (0, 1)),
    PRIMARY KEY (session_id, service)
);

-- Every step reached, in order: where residents stop.
CREATE TABLE session_steps (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    at         INTEGER NOT NULL,
    service    INTEGER NOT NULL,
    step       TEXT    NOT NULL
);
CREATE INDEX session_steps_session ON session_steps(session_id);
