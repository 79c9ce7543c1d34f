-- Purpose: the episodes reported in the window, each marked linked when, at its report,
--   the person had an active link to someone then in the approach (network inflow).
-- Inputs: events (via the approach_window macro, sql/store/macros.sql), relations,
--   key_locations.
-- Grain: one row per (case_id, episode) whose first melding lies in
--   [$window_start, $as_of].
-- Output columns: case_id, episode, melding_at, linked (BOOLEAN).
-- Definitions: the link rule of network/links.sql on the local date of the report
--   (a stated relation active that day, or both persons' periods at one key
--   location containing it); the other person is in the approach when an episode of
--   theirs has instroom_at <= melding_at and no uitstroom at or before it.
-- Parameters: $as_of (TIMESTAMPTZ), $window_start (TIMESTAMPTZ), $tz (VARCHAR).
WITH reports AS (
    SELECT case_id, episode, min(ts) AS melding_at
    FROM events
    WHERE activity = 'melding' AND ts <= $as_of
    GROUP BY case_id, episode
    HAVING min(ts) >= $window_start
),
report_days AS (
    SELECT *, CAST(timezone($tz, melding_at) AS DATE) AS day FROM reports
),
active_relations AS (
    SELECT r.case_id, r.episode, r.melding_at, x.case_b AS other
    FROM report_days AS r
    JOIN relations AS x ON x.case_a = r.case_id
    WHERE x.start_date <= r.day AND (x.end_date IS NULL OR x.end_date > r.day)
    UNION ALL
    SELECT r.case_id, r.episode, r.melding_at, x.case_a AS other
    FROM report_days AS r
    JOIN relations AS x ON x.case_b = r.case_id
    WHERE x.start_date <= r.day AND (x.end_date IS NULL OR x.end_date > r.day)
),
shared_locations AS (
    SELECT r.case_id, r.episode, r.melding_at, q.case_id AS other
    FROM report_days AS r
    JOIN key_locations AS p ON p.case_id = r.case_id
    JOIN key_locations AS q ON q.location_id = p.location_id AND q.case_id <> p.case_id
    WHERE p.start_date <= r.day AND (p.end_date IS NULL OR p.end_date > r.day)
        AND q.start_date <= r.day AND (q.end_date IS NULL OR q.end_date > r.day)
),
linked AS (
    SELECT DISTINCT o.case_id, o.episode
    FROM (SELECT * FROM active_relations UNION ALL SELECT * FROM shared_locations) AS o
    JOIN approach_window($as_of) AS w
        ON w.case_id = o.other
        AND w.instroom_at <= o.melding_at
        AND (w.uitstroom_at IS NULL OR w.uitstroom_at > o.melding_at)
)
SELECT r.case_id, r.episode, r.melding_at, l.case_id IS NOT NULL AS linked
FROM reports AS r
LEFT JOIN linked AS l USING (case_id, episode)
ORDER BY r.case_id, r.episode;
