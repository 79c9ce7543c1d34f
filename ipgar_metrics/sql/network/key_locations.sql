-- Purpose: per key location and month end, the persons linked to it: those in the
--   approach at that moment and the others (reported, refused, exited).
-- Inputs: key_locations, events (known persons; the approach_window macro,
--   sql/store/macros.sql).
-- Grain: one row per (location_id, month) for every location with a known person in
--   any of the months (zero rows included).
-- Output columns: location_id (pseudonym), month, persons, in_approach, others.
-- Definitions: a person is linked to a location at point t when a period of theirs
--   there has start_date <= the local date of t and end_date NULL or after it (the
--   link rule of network/links.sql); in the approach at t: an episode with
--   instroom_at <= t and no uitstroom at or before t. Known persons have an event at
--   or before $as_of.
-- Parameters: $as_of (TIMESTAMPTZ), $tz (VARCHAR), $months (VARCHAR[], YYYY-MM),
--   $points (TIMESTAMPTZ[], the moment of each month's state, same order).
WITH
    months AS (
        SELECT unnest($months) AS month, unnest(CAST($points AS TIMESTAMPTZ[])) AS t
    ),
    points AS (
        SELECT month, t, CAST(timezone($tz, t) AS DATE) AS day FROM months
    ),
    known AS (
        SELECT DISTINCT case_id FROM events WHERE ts <= $as_of
    ),
    present AS (
        SELECT DISTINCT p.month, p.t, k.location_id, k.case_id
        FROM points AS p
        JOIN key_locations AS k
            ON k.start_date <= p.day AND (k.end_date IS NULL OR k.end_date > p.day)
        JOIN known AS n ON n.case_id = k.case_id
    ),
    flagged AS (
        SELECT
            s.month, s.location_id, s.case_id,
            bool_or(
                w.case_id IS NOT NULL
                AND w.instroom_at <= s.t
                AND (w.uitstroom_at IS NULL OR w.uitstroom_at > s.t)
            ) AS in_approach
        FROM present AS s
        LEFT JOIN approach_window($as_of) AS w ON w.case_id = s.case_id
        GROUP BY s.month, s.location_id, s.case_id
    ),
    counts AS (
        SELECT
            month, location_id,
            count(*) AS persons,
            count(*) FILTER (WHERE in_approach) AS in_approach
        FROM flagged
        GROUP BY month, location_id
    ),
    grid AS (
        SELECT l.location_id, m.month
        FROM (SELECT DISTINCT location_id FROM present) AS l
        CROSS JOIN months AS m
    )
SELECT
    g.location_id,
    g.month,
    coalesce(c.persons, 0) AS persons,
    coalesce(c.in_approach, 0) AS in_approach,
    coalesce(c.persons, 0) - coalesce(c.in_approach, 0) AS others
FROM grid AS g
LEFT JOIN counts AS c USING (location_id, month)
ORDER BY g.location_id, g.month;
