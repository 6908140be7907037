-- Schema version 6: the slips of past days are cached with the other per-day counts
-- (src/db_stats.c): a print job that is queued, changes state or goes forgets the cached
-- days that hold its creation time, as a session's rows do.
CREATE TRIGGER stats_jobs_i AFTER INSERT ON print_jobs WHEN NEW.kind = 'slip' BEGIN
    INSERT INTO stats_forget VALUES (NEW.created_at);
END;
CREATE TRIGGER stats_jobs_u AFTER UPDATE OF state, kind, service, printer, reprint_of, created_at
    ON print_jobs WHEN OLD.kind = 'slip' OR NEW.kind = 'slip' BEGIN
    INSERT INTO stats_forget VALUES (OLD.created_at), (NEW.created_at);
END;
CREATE TRIGGER stats_jobs_d AFTER DELETE ON print_jobs WHEN OLD.kind = 'slip' BEGIN
    INSERT INTO stats_forget VALUES (OLD.created_at);
END;
