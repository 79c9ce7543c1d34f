-- Purpose: batch registration: many events registered in the same minute by one
--   organisation (a sign of back-filling; the times are registration, not event times).
-- Inputs: events. Grain: one row per event in such a batch.
-- Output columns: case_id (pseudonym), seq, detail (organisation and minute).
-- Parameters: $batch_min (events per organisation-minute that make a batch).
WITH
    minutes AS (
        SELECT case_id, seq, org, date_trunc('minute', ts) AS minute
        FROM events
        WHERE org IS NOT NULL
    )
SELECT case_id, seq, org || ' ' || strftime(minute, '%Y-%m-%d %H:%M') AS detail
FROM minutes
QUALIFY count(*) OVER (PARTITION BY org, minute) >= $batch_min
ORDER BY minute, case_id;
