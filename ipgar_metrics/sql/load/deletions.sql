-- Purpose: the events of the store deleted in the source: inside the export window
--   this load declares (local dates of ts in $tz), and held by none of its rows. A
--   row counts as held by its event_key (valid rows) and, for a rejected or skipped
--   row, by its event id: the source still has that event, only this row of it is
--   wrong, so the stored version stays. An event whose stored version came from an
--   export with a later export date than this one is not deleted (the older export
--   was taken before it existed).
-- Inputs: events, loads, _valid, _timed. Grain: one row per deleted event.
-- Output: event_key, case_id (for the flag of a held deletion).
-- Parameters: $window ('full' or 'range'; a load without a window does not run this
--   step: nothing is deleted), $first, $last (DATE, for 'range'), $tz (time zone of the local dates), $export_date (DATE or NULL).
CREATE OR REPLACE TEMP TABLE _deletions AS
WITH
    held AS (
        SELECT event_key FROM _valid
        UNION
        SELECT event_id FROM _timed WHERE event_id IS NOT NULL
    ),
    in_window AS (
        SELECT e.event_key, e.case_id, e.load_id
        FROM events AS e
        WHERE $window = 'full'
            OR ($window = 'range'
                AND CAST(timezone($tz, e.ts) AS DATE)
                    BETWEEN CAST($first AS DATE) AND CAST($last AS DATE))
    )
SELECT w.event_key, w.case_id
FROM in_window AS w
LEFT JOIN loads AS l ON l.load_id = w.load_id
ANTI JOIN held AS h ON h.event_key = w.event_key
WHERE NOT coalesce(l.export_date > CAST($export_date AS DATE), false);
