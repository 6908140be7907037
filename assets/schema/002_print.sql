-- Schema version 2: the print queue between the kiosk and the print helper (kiosk-print).
-- The kiosk only writes a row; the helper renders and prints it. A row exists before anything
-- is sent, so nothing is lost, and a job is claimed in one transaction (queued -> sending), so
-- two processes never both send it. Times are Unix seconds (UTC). No personal data: a slip is
-- rebuilt from the service, the catalog version, the answers given and the items ticked.
CREATE TABLE print_jobs (
    id           INTEGER PRIMARY KEY,
    kind         TEXT    NOT NULL
                 CHECK (kind IN ('slip', 'handout', 'poster', 'test', 'report')),
    -- The job's own number, per local day: "YYYYMMDD-NNNN". It is the CUPS job name (looked
    -- up after a crash) and the PDF's file name. A reprint gets "<original>-R<k>".
    slip_no      TEXT    NOT NULL UNIQUE,
    -- The number printed on the paper: slip_no, or the original's for a reprint.
    shown_no     TEXT    NOT NULL,
    reprint_of   INTEGER REFERENCES print_jobs(id),
    service      INTEGER NOT NULL DEFAULT 0,   -- slip: the service number; 0 otherwise
    services     TEXT    NOT NULL DEFAULT '',  -- handout: "1,5,7" ('' = all 25)
    catalog_hash TEXT    NOT NULL DEFAULT '',
    answers      TEXT    NOT NULL DEFAULT '',  -- "1,2": 1-based answers along the flow
    have         TEXT    NOT NULL DEFAULT '',  -- "1,3": checklist items the resident has
    paper        TEXT    NOT NULL DEFAULT '',  -- "58mm", "80mm", "A5", "A4"; '' = default
    printer      TEXT    NOT NULL DEFAULT '',  -- CUPS queue; '' = the PDF folder
    lang         TEXT    NOT NULL DEFAULT 'vi',
    state        TEXT    NOT NULL DEFAULT 'queued'
                 CHECK (state IN ('queued', 'sending', 'sent', 'done', 'failed', 'cancelled')),
    owner        TEXT    NOT NULL DEFAULT '',  -- the process sending it: "pid:starttime"
    cups_job_id  INTEGER NOT NULL DEFAULT 0,
    attempts     INTEGER NOT NULL DEFAULT 0,
    -- Why it is not printed (yet): no_service, no_printer, paused, rejecting, failed, timeout,
    -- render, io… ('' = none) and CUPS's own text (e.g. the printer-state-message "Hết giấy").
    error_kind   TEXT    NOT NULL DEFAULT '',
    reason       TEXT    NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    queued_at    INTEGER NOT NULL,             -- the retry window counts from here
    next_try_at  INTEGER NOT NULL DEFAULT 0,   -- not claimed before this time
    updated_at   INTEGER NOT NULL,
    pdf_path     TEXT    NOT NULL DEFAULT ''   -- where the PDF folder backend wrote it
);
CREATE INDEX print_jobs_state ON print_jobs(state, next_try_at);
CREATE INDEX print_jobs_created ON print_jobs(created_at);

-- The last slip number given out on each local day ("YYYYMMDD"), bumped in the same
-- transaction that inserts the job.
CREATE TABLE slip_counters (
    day  TEXT    PRIMARY KEY,
    last INTEGER NOT NULL
);
