-- Purpose: status periods (detained, travelled, static) from the *_start/*_end pairs.
--   Each start is paired with the first end of the same status after it (by seq);
--   an unclosed start lasts until $as_of (end_at NULL, is_open true). Ends without a
--   start are ignored. Activity codes follow schema.STATUS_PERIODS.
-- Inputs: events.
-- Grain: one row per status start at or before $as_of.
-- Output columns: case_id, status (detained|travelled|static), start_at, end_at
--   (NULL when still open at $as_of), is_open.
-- Parameters: $as_of (TIMESTAMPTZ): events after it are ignored.
WITH status_events AS (
    SELECT
        case_id, seq, ts,
        CASE
            WHEN activity IN ('detentie_start', 'detentie_eind') THEN 'detained'
            WHEN activity IN ('uitgereisd_start', 'uitgereisd_eind') THEN 'travelled'
            ELSE 'static'
        END AS status,
        activity IN ('detentie_start', 'uitgereisd_start', 'statisch_start') AS is_start
    FROM events
    WHERE activity IN (
        'detentie_start', 'detentie_eind', 'uitgereisd_start', 'uitgereisd_eind',
        'statisch_start', 'statisch_eind'
    ) AND ts <= $as_of
),
status_starts AS (
    SELECT case_id, seq, ts, status FROM status_events WHERE is_start
),
status_ends AS (
    SELECT case_id, seq, ts, status FROM status_events WHERE NOT is_start
),
paired AS (
    SELECT s.case_id, s.status, s.seq, s.ts AS start_at, e.ts AS end_at
    FROM status_starts AS s
    ASOF LEFT JOIN status_ends AS e
        ON s.case_id = e.case_id AND s.status = e.status AND s.seq < e.seq
)
SELECT case_id, status, start_at, end_at, end_at IS NULL AS is_open
FROM paired
ORDER BY case_id, start_at, status;
