-- Purpose: batch registration: many events registered in the same minute by one
--   organisation (a sign of back-filling; the times are registration, not event times).
-- Inputs: events. Grain: one row per event in such a batch.
-- Output columns: case_id (pseudonym), seq, detail (organisation and minute).
-- Parameters: $batch_min (events per organisation-minute that make a batch).
-- Speed: the batches are counted by a group-by and their events found by a semi-join
--   (7.9 s at 1 M cases, 22 M events with an organisation), not by a window count over
--   every event (10.1 s): the window sorted every event by organisation and minute.
--   The minute is the local one. Since 1972 every time zone's offset from UTC is a
--   whole number of minutes (the last with seconds, Africa/Monrovia's -0:44:30, ended
--   on 1972-01-07; tests/unit/test_quality_minutes.py checks the store's zone), so a
--   local minute is a UTC minute: its start is the instant's microseconds less their
--   remainder of 60,000,000 (positive from 1972), integer arithmetic instead of
--   date_trunc on TIMESTAMPTZ, which converts every event to local time (about 3 s per
--   pass at 1 M cases; the step 7.3 -> 5 s). Earlier events keep date_trunc; both give
--   the microseconds of the minute's first instant (no division: DuckDB's // rounds
--   towards zero, which before 1970 would join two minutes). Order: by minute,
--   pseudonym and seq (seq breaks the ties of a case).
WITH
    minutes AS (
        SELECT
            case_id,
            seq,
            org,
            ts,
            CASE
                WHEN ts >= TIMESTAMPTZ '1972-02-01 00:00:00+00'
                    THEN epoch_us(ts) - epoch_us(ts) % 60000000
                ELSE epoch_us(date_trunc('minute', ts))
            END AS minute
        FROM events
        WHERE org IS NOT NULL
    ),
    batches AS (
        SELECT org, minute
        FROM minutes
        GROUP BY org, minute
        HAVING count(*) >= $batch_min
    )
SELECT
    m.case_id,
    m.seq,
    m.org || ' ' || strftime(date_trunc('minute', m.ts), '%Y-%m-%d %H:%M') AS detail
FROM minutes AS m
SEMI JOIN batches AS b USING (org, minute)
ORDER BY m.minute, m.case_id, m.seq;
