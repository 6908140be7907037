-- Schema version 4: the statistics of past days, cached (src/db_stats.c). A day is the range
-- [t0, t1) between two local midnights of the asking time zone; its counts are the statistics
-- SQL's for the rows started in it. Triggers forget the days of any detailed row that changes.
CREATE TABLE stats_cache_days (
    t0 INTEGER NOT NULL,
    t1 INTEGER NOT NULL,
    PRIMARY KEY (t0, t1),
    CHECK (t1 > t0 AND t1 - t0 <= 172800) -- a time x is in days t0 in (x - 172800, x]
) WITHOUT ROWID;
-- A cached day's counts, as daily_counts without the day.
CREATE TABLE stats_cache (
    t0      INTEGER NOT NULL,
    t1      INTEGER NOT NULL,
    metric  TEXT    NOT NULL,
    subject INTEGER NOT NULL,
    key     TEXT    NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (t0, t1, metric, subject, key)
) WITHOUT ROWID;
CREATE TRIGGER stats_cache_days_d AFTER DELETE ON stats_cache_days BEGIN
    DELETE FROM stats_cache WHERE t0 = OLD.t0 AND t1 = OLD.t1;
END;
-- INSERT INTO stats_forget VALUES (x) forgets the days that hold time x.
CREATE VIEW stats_forget(x) AS SELECT NULL;
CREATE TRIGGER stats_forget_i INSTEAD OF INSERT ON stats_forget BEGIN
    DELETE FROM stats_cache_days WHERE t0 <= NEW.x AND t0 > NEW.x - 172800 AND t1 > NEW.x;
END;
CREATE TRIGGER stats_sessions_i AFTER INSERT ON sessions BEGIN
    INSERT INTO stats_forget VALUES (NEW.started_at);
END;
CREATE TRIGGER stats_sessions_u AFTER UPDATE ON sessions BEGIN
    INSERT INTO stats_forget VALUES (OLD.started_at), (NEW.started_at);
END;
CREATE TRIGGER stats_sessions_d AFTER DELETE ON sessions BEGIN
    INSERT INTO stats_forget VALUES (OLD.started_at);
END;
CREATE TRIGGER stats_assisted_i AFTER INSERT ON assisted BEGIN
    INSERT INTO stats_forget VALUES (NEW.started_at);
END;
CREATE TRIGGER stats_assisted_u AFTER UPDATE ON assisted BEGIN
    INSERT INTO stats_forget VALUES (OLD.started_at), (NEW.started_at);
END;
CREATE TRIGGER stats_assisted_d AFTER DELETE ON assisted BEGIN
    INSERT INTO stats_forget VALUES (OLD.started_at);
END;
CREATE TRIGGER stats_services_i AFTER INSERT ON session_services BEGIN
    INSERT INTO stats_forget SELECT started_at FROM sessions WHERE id = NEW.session_id;
END;
CREATE TRIGGER stats_services_u AFTER UPDATE ON session_services BEGIN
    INSERT INTO stats_forget SELECT started_at FROM sessions WHERE id IN (OLD.session_id, NEW.session_id);
END;
CREATE TRIGGER stats_services_d AFTER DELETE ON session_services BEGIN
    INSERT INTO stats_forget SELECT started_at FROM sessions WHERE id = OLD.session_id;
END;
CREATE TRIGGER stats_steps_i AFTER INSERT ON session_steps BEGIN
    INSERT INTO stats_forget SELECT started_at FROM sessions WHERE id = NEW.session_id;
END;
CREATE TRIGGER stats_steps_u AFTER UPDATE ON session_steps BEGIN
    INSERT INTO stats_forget SELECT started_at FROM sessions WHERE id IN (OLD.session_id, NEW.session_id);
END;
CREATE TRIGGER stats_steps_d AFTER DELETE ON session_steps BEGIN
    INSERT INTO stats_forget SELECT started_at FROM sessions WHERE id = OLD.session_id;
END;
CREATE TRIGGER stats_outcomes_i AFTER INSERT ON assisted_outcomes BEGIN
    INSERT INTO stats_forget SELECT started_at FROM assisted WHERE id = NEW.assisted_id;
END;
CREATE TRIGGER stats_outcomes_u AFTER UPDATE ON assisted_outcomes BEGIN
    INSERT INTO stats_forget SELECT started_at FROM assisted WHERE id IN (OLD.assisted_id, NEW.assisted_id);
END;
CREATE TRIGGER stats_outcomes_d AFTER DELETE ON assisted_outcomes BEGIN
    INSERT INTO stats_forget SELECT started_at FROM assisted WHERE id = OLD.assisted_id;
END;
CREATE TRIGGER stats_items_i AFTER INSERT ON assisted_items BEGIN
    INSERT INTO stats_forget SELECT started_at FROM assisted WHERE id = NEW.assisted_id;
END;
CREATE TRIGGER stats_items_u AFTER UPDATE ON assisted_items BEGIN
    INSERT INTO stats_forget SELECT started_at FROM assisted WHERE id IN (OLD.assisted_id, NEW.assisted_id);
END;
CREATE TRIGGER stats_items_d AFTER DELETE ON assisted_items BEGIN
    INSERT INTO stats_forget SELECT started_at FROM assisted WHERE id = OLD.assisted_id;
END;
