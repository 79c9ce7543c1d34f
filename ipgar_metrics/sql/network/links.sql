-- Purpose: the links active at $as_of between two known persons of whom at least one
--   is in the approach: the stated relations, and a shared key location
--   (sleutellocatie) when both persons' periods at one location contain the day.
-- Inputs: relations, key_locations, events (known persons; the approach_window macro,
--   sql/store/macros.sql).
-- Grain: one row per (case_a, case_b, relation) with case_a < case_b.
-- Output columns: case_a, case_b (pseudonyms), relation (familie, vriend, online,
--   sleutellocatie, overig), since (DATE: the earliest start of the active rows; for
--   a shared location the day the later of the two arrived), a_in_approach,
--   b_in_approach (BOOLEAN).
-- Definitions: a relation is active when start_date <= $day and end_date is NULL or
--   after $day, $day being the local date of $as_of (a date's relation starts at the
--   beginning of that day and ends at the beginning of its end date). A known person
--   has an event at or before $as_of (in the view the connection shows, so a log
--   filter keeps its own persons); links to anyone else are left out.
-- Parameters: $as_of (TIMESTAMPTZ), $day (DATE).
WITH known AS (
    SELECT DISTINCT case_id FROM events WHERE ts <= $as_of
),
in_approach AS (
    SELECT DISTINCT case_id FROM approach_window($as_of) WHERE uitstroom_at IS NULL
),
stated AS (
    SELECT case_a, case_b, relation, start_date AS since
    FROM relations
    WHERE start_date <= $day AND (end_date IS NULL OR end_date > $day)
),
present AS (
    SELECT case_id, location_id, start_date
    FROM key_locations
    WHERE start_date <= $day AND (end_date IS NULL OR end_date > $day)
),
shared AS (
    SELECT
        p.case_id AS case_a,
        q.case_id AS case_b,
        'sleutellocatie' AS relation,
        greatest(p.start_date, q.start_date) AS since
    FROM present AS p
    JOIN present AS q ON q.location_id = p.location_id AND p.case_id < q.case_id
),
links AS (
    SELECT case_a, case_b, relation, min(since) AS since
    FROM (SELECT * FROM stated UNION ALL SELECT * FROM shared)
    GROUP BY case_a, case_b, relation
)
SELECT
    l.case_a, l.case_b, l.relation, l.since,
    a.case_id IS NOT NULL AS a_in_approach,
    b.case_id IS NOT NULL AS b_in_approach
FROM links AS l
JOIN known AS ka ON ka.case_id = l.case_a
JOIN known AS kb ON kb.case_id = l.case_b
LEFT JOIN in_approach AS a ON a.case_id = l.case_a
LEFT JOIN in_approach AS b ON b.case_id = l.case_b
WHERE a.case_id IS NOT NULL OR b.case_id IS NOT NULL
ORDER BY l.case_a, l.case_b, l.relation;
