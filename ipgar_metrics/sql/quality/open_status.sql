-- Purpose: statuses opened and never closed: the last start of a status period
--   (detentie, uitgereisd, statisch) has no later end in the case.
--   Often legitimate (still detained at the export); listed for checking. Profile ipgar.
-- Inputs: events. Grain: one row per open status of a case.
-- Output columns: case_id (pseudonym), seq (the start), detail (the start activity).
-- Parameters: none.
WITH
    periods(start_activity, end_activity) AS (
        VALUES
            ('detentie_start', 'detentie_eind'),
            ('uitgereisd_start', 'uitgereisd_eind'),
            ('statisch_start', 'statisch_eind')
    ),
    last_start AS (
        SELECT e.case_id, p.start_activity, p.end_activity, max(e.seq) AS seq
        FROM events AS e JOIN periods AS p ON e.activity = p.start_activity
        GROUP BY e.case_id, p.start_activity, p.end_activity
    )
SELECT s.case_id, s.seq, s.start_activity AS detail
FROM last_start AS s
WHERE NOT EXISTS (
    SELECT 1 FROM events AS e
    WHERE e.case_id = s.case_id AND e.activity = s.end_activity AND e.seq > s.seq
)
ORDER BY s.case_id;
